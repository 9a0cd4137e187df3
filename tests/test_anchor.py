"""Finding a quote in its source text, as the W3C TextQuoteSelector does."""

from __future__ import annotations

import pytest

from generator.domain.anchor import AnchorError, anchor_quote, find_quote, line_of
from generator.domain.model import Quote, Span

TEXT = (
    "Kerman, 3 January.\n"  # line 1
    "At least 84 people were killed.\n"  # line 2
    "Officials said 84 people were killed,\n"  # line 3
    "and later: 84 people were killed in all.\n"  # line 4
)


def span_text(span: Span) -> str:
    return TEXT[span.start : span.end]


def test_exact_match() -> None:
    span = anchor_quote(TEXT, Quote("At least 84"))
    assert span == Span(19, 30)
    assert span_text(span) == "At least 84"


def test_match_is_character_for_character() -> None:
    with pytest.raises(AnchorError, match="are not in the text"):
        anchor_quote(TEXT, Quote("at least 84"))  # case differs
    with pytest.raises(AnchorError, match="are not in the text"):
        anchor_quote(TEXT, Quote("At least  84"))  # spacing differs


def test_not_found_suggests_the_nearest_passage() -> None:
    with pytest.raises(AnchorError) as caught:
        anchor_quote(TEXT, Quote("103 people were killed"))
    assert str(caught.value) == (
        "the words '103 people were killed' are not in the text; the nearest passage, "
        "88% alike, is '84 people were killed' at line 2; copy them character for "
        "character (the text is never edited to fit a quote)"
    )


def test_not_found_without_a_near_passage() -> None:
    with pytest.raises(AnchorError) as caught:
        anchor_quote(TEXT, Quote("zebra crossing"))
    assert str(caught.value) == (
        "the words 'zebra crossing' are not in the text; copy them character for "
        "character (the text is never edited to fit a quote)"
    )


def test_long_words_are_shortened_in_the_message() -> None:
    words = "x" * 100
    with pytest.raises(AnchorError) as caught:
        anchor_quote(TEXT, Quote(words))
    assert repr("x" * 59 + "…") in str(caught.value)
    assert words not in str(caught.value)


def test_several_matches_name_their_lines() -> None:
    with pytest.raises(AnchorError) as caught:
        anchor_quote(TEXT, Quote("84 people were killed"))
    assert str(caught.value) == (
        "the words '84 people were killed' occur 3 times (lines 2, 3, 4); "
        "add a prefix or suffix that picks one"
    )


def test_prefix_picks_one() -> None:
    span = anchor_quote(TEXT, Quote("84 people were killed", prefix="later: "))
    assert span_text(span) == "84 people were killed"
    assert line_of(TEXT, span.start) == 4


def test_suffix_picks_one() -> None:
    span = anchor_quote(TEXT, Quote("84 people were killed", suffix=","))
    assert line_of(TEXT, span.start) == 3
    assert span == Span(TEXT.index("84 people were killed,"), TEXT.index(",\nand"))


def test_prefix_and_suffix_together() -> None:
    span = anchor_quote(TEXT, Quote("84 people", prefix="said ", suffix=" were"))
    assert line_of(TEXT, span.start) == 3


def test_prefix_that_picks_none_apart() -> None:
    # A space stands before the words on lines 2, 3 and 4 alike.
    with pytest.raises(AnchorError, match=r"occur 3 times \(lines 2, 3, 4\)"):
        anchor_quote(TEXT, Quote("84 people were killed", prefix=" "))
    # "d " (of "said ") stands before them only on line 3.
    span = anchor_quote(TEXT, Quote("84 people were killed", prefix="d "))
    assert line_of(TEXT, span.start) == 3


def test_wrong_prefix() -> None:
    with pytest.raises(AnchorError) as caught:
        anchor_quote(TEXT, Quote("84 people were killed", prefix="Reportedly "))
    assert str(caught.value) == (
        "the words occur 3 time(s) in the text, but never with this prefix and suffix; "
        "correct the prefix or suffix"
    )


def test_wrong_suffix() -> None:
    with pytest.raises(AnchorError, match="occur 1 time"):
        anchor_quote(TEXT, Quote("At least 84", suffix=" people died"))


@pytest.mark.parametrize("exact", ["", "   ", "\n\t"])
def test_empty_quote(exact: str) -> None:
    with pytest.raises(AnchorError, match="the quote's exact words are empty"):
        anchor_quote(TEXT, Quote(exact))


def test_overlapping_occurrences_are_all_found() -> None:
    assert find_quote("aaaa", Quote("aa")) == [Span(0, 2), Span(1, 3), Span(2, 4)]


def test_quote_at_the_very_start_and_end() -> None:
    assert anchor_quote(TEXT, Quote("Kerman,")) == Span(0, 7)
    assert anchor_quote(TEXT, Quote("in all.\n")) == Span(len(TEXT) - 8, len(TEXT))


def test_line_of() -> None:
    assert line_of(TEXT, 0) == 1
    assert line_of(TEXT, TEXT.index("\n")) == 1
    assert line_of(TEXT, TEXT.index("\n") + 1) == 2
    assert line_of(TEXT, TEXT.index("and later")) == 4


def test_anchor_error_is_a_value_error() -> None:
    assert issubclass(AnchorError, ValueError)
