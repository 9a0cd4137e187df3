"""Quotes built to make anchoring slow: long, wrong, or repeated over a long text.

``dossier check`` runs on a stranger's pull request, so the work of anchoring a
quote, and of the hint when it fails, must not grow with the text times the
quote. The tests count the work (comparisons, searches, line counts) instead
of timing it; the benchmarks time ``anchor_quote`` on the same inputs.
"""

from __future__ import annotations

import random
import re
from difflib import SequenceMatcher
from typing import Any

import pytest

from generator.domain import anchor
from generator.domain.anchor import AnchorError, anchor_quote, find_quote, unique_selector
from generator.domain.model import Quote, Span


def _article(length: int) -> str:
    """Text of ordinary words, lines and sentences, the same on every run."""
    rng = random.Random(84)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        for _ in range(3000)
    ]
    lines, size = [], 0
    while size < length:
        line = " ".join(rng.choice(vocabulary) for _ in range(12)) + "."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)[:length]


class _BudgetedMatcher(SequenceMatcher):  # type: ignore[type-arg]
    """A SequenceMatcher that fails the test when asked to compare more than the
    nearest passage is allowed to, before it spends minutes doing so."""

    compared = 0

    def __init__(self, isjunk: Any, a: str, b: str, autojunk: bool = True) -> None:
        _BudgetedMatcher.compared += len(a) * len(b)
        budget = anchor._MAX_CANDIDATES * anchor._MAX_COMPARED**2
        assert _BudgetedMatcher.compared <= budget, "the nearest passage compares too much"
        super().__init__(isjunk, a, b, autojunk)


@pytest.fixture
def budgeted(monkeypatch: pytest.MonkeyPatch) -> None:
    _BudgetedMatcher.compared = 0
    monkeypatch.setattr(anchor, "SequenceMatcher", _BudgetedMatcher)


def _nearest(text: str, quote: Quote) -> tuple[int, str, int]:
    """How alike, where and at which line the error message puts the nearest passage."""
    with pytest.raises(AnchorError) as caught:
        anchor_quote(text, quote)
    found = re.search(
        r"the nearest passage, (\d+)% alike, is '(.*?)…?' at line (\d+);", str(caught.value)
    )
    assert found, caught.value
    return int(found[1]), found[2], int(found[3])


@pytest.mark.usefixtures("budgeted")
def test_a_long_wrong_quote_on_a_long_text_compares_a_bounded_window() -> None:
    text = _article(199_000)
    start = text.index("\n", 120_000) + 1
    passage = text[start : start + 5_000]
    typo = passage[:40] + passage[40:].replace(" ", "  ", 1)  # one doubled space
    alike, shown, line = _nearest(text, Quote(typo))
    assert alike >= 99
    assert shown == passage[:59]
    assert line == text.count("\n", 0, start) + 1


@pytest.mark.usefixtures("budgeted")
def test_a_quote_with_one_typo_is_still_offered_its_passage() -> None:
    text = _article(50_000)
    start = text.index("\n", 30_000) + 1
    passage = text[start : text.index("\n", start)]
    typo = passage[:20] + "#" + passage[21:]
    alike, shown, line = _nearest(text, Quote(typo))
    assert alike == round(100 * SequenceMatcher(None, passage, typo).ratio())
    assert shown == passage[:59]
    assert line == text.count("\n", 0, start) + 1


def test_words_repeated_all_over_a_long_text_are_counted_up_to_a_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Overlapping occurrences everywhere: counting and placing them all cost the
    # text times the quote, and one line count each.
    text = ("a" * 999 + "\n") * 200
    counted: list[int] = []
    line_of = anchor.line_of

    def counting_line_of(text: str, offset: int) -> int:
        counted.append(offset)
        assert len(counted) <= anchor._LISTED_LINES, "every occurrence's line is counted"
        return line_of(text, offset)

    monkeypatch.setattr(anchor, "line_of", counting_line_of)
    with pytest.raises(AnchorError) as caught:
        anchor_quote(text, Quote("a" * 500))
    assert str(caught.value) == (
        f"the words {'a' * 59 + '…'!r} occur more than {anchor._MAX_MATCHES} times "
        "(lines 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, …); add a prefix or suffix that picks one"
    )


def test_find_quote_stops_at_its_limit() -> None:
    assert find_quote("a" * 1000, Quote("aa"), limit=3) == [Span(0, 2), Span(1, 3), Span(2, 4)]


def test_a_selector_in_a_long_repeated_passage_tries_a_bounded_number_of_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "x y " * 50_000
    span = Span(100_000, 100_001)
    tries: list[Quote] = []
    find = anchor.find_quote

    def counting_find_quote(text: str, quote: Quote, limit: int | None = None) -> list[Span]:
        tries.append(quote)
        assert len(tries) <= 3 * (anchor._MAX_SELECTOR_WORDS + 1), "too many words tried"
        return find(text, quote, limit)

    monkeypatch.setattr(anchor, "find_quote", counting_find_quote)
    selector = unique_selector(text, span)
    assert find(text, selector) == [span]
