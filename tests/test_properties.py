"""Properties that hold for every input, checked with Hypothesis on generated inputs.

Quote anchoring, number and time comparison and the YAML reader are checked
against brute-force references written here, and on arbitrary input they
must fail only in the ways they document. The examples are derandomized, so a
run is repeatable; set ``HYPOTHESIS_EXPLORE=1`` to draw new, and more,
examples. Known defects are pinned at the end as strict xfails.
"""

from __future__ import annotations

import calendar
import html
import os
import posixpath
import re
import time as clock
from dataclasses import replace
from datetime import timedelta
from fractions import Fraction
from itertools import pairwise
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic, Location
from generator.domain.anchor import _MAX_TEXT_FOR_NEAREST, AnchorError, anchor_quote, find_quote
from generator.domain.compare import values_agree
from generator.domain.model import NumberRange, Quote, Span
from generator.domain.times import YEARS, PointInTime, Precision, is_later, parse_time, times_agree
from generator.read.yaml import MAX_DEPTH, YamlList, YamlMap, load_yaml
from generator.render.markup import inline, relative_path
from generator.site.mkdocs.search.arabic_script import _CopyPlanner, _scan

from html_reference import copies_by_html_parser

EXPLORE = os.environ.get("HYPOTHESIS_EXPLORE") == "1"
PROPERTY = settings(
    max_examples=2000 if EXPLORE else 200,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
)
PATH = "seeds/demo/sources/news-1.yml"


# Quote anchoring

# Few letters, so that words recur; and the characters anchoring must treat literally.
LETTERS = "ab \n\r\t\u00e9e\u0301\u200b\ufeff"
short_texts = st.text(st.sampled_from(LETTERS), max_size=40)
any_texts = st.text(st.sampled_from(LETTERS), max_size=30) | st.text(max_size=30)
UNIQUE = "\u00a7"
"""A character the generated texts never hold, to make words unique."""


def occurrences(text: str, quote: Quote) -> list[int]:
    """Brute force: every offset where the quote's words stand between prefix and suffix."""
    size = len(quote.exact)
    return [
        start
        for start in range(len(text) - size + 1)
        if text[start : start + size] == quote.exact
        and text[:start].endswith(quote.prefix)
        and text[start + size :].startswith(quote.suffix)
    ]


@PROPERTY
@given(before=short_texts, words=short_texts, more=short_texts, after=short_texts)
def test_words_that_occur_once_are_anchored_at_their_span(
    before: str, words: str, more: str, after: str
) -> None:
    exact = words + UNIQUE + more
    text = before + exact + after
    start = len(before)
    assert anchor_quote(text, Quote(exact)) == Span(start, start + len(exact))


@PROPERTY
@given(text=short_texts, data=st.data())
def test_any_substring_is_anchored_when_unique_and_refused_when_repeated(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, len(text)), label="end")
    quote = Quote(text[start:end])
    places = occurrences(text, quote)
    assert start in places
    if not quote.exact.strip():
        with pytest.raises(AnchorError, match="empty"):
            anchor_quote(text, quote)
    elif places == [start]:
        assert anchor_quote(text, quote) == Span(start, end)
    else:
        with pytest.raises(AnchorError, match=f"occur {len(places)} times"):
            anchor_quote(text, quote)


@PROPERTY
@given(
    exact=st.text(st.sampled_from("ab \n\u00e9"), min_size=1, max_size=4).filter(str.strip),
    gaps=st.lists(short_texts, min_size=3, max_size=6),
    data=st.data(),
)
def test_prefix_and_suffix_from_around_an_occurrence_pick_it(
    exact: str, gaps: list[str], data: st.DataObject
) -> None:
    text = exact.join(gaps)
    places = occurrences(text, Quote(exact))
    assert len(places) >= len(gaps) - 1 >= 2
    start = data.draw(st.sampled_from(places), label="occurrence")
    end = start + len(exact)
    whole = Quote(exact, text[:start], text[end:])
    assert anchor_quote(text, whole) == Span(start, end)
    before = data.draw(st.integers(0, start), label="prefix length")
    after = data.draw(st.integers(0, len(text) - end), label="suffix length")
    quote = Quote(exact, text[start - before : start], text[end : end + after])
    picked = occurrences(text, quote)
    assert start in picked
    if picked == [start]:
        assert anchor_quote(text, quote) == Span(start, end)
    else:
        with pytest.raises(AnchorError, match=f"occur {len(picked)} times"):
            anchor_quote(text, quote)


@PROPERTY
@given(text=any_texts, exact=any_texts, prefix=any_texts, suffix=any_texts)
@example(text="abc", exact="", prefix="", suffix="")
@example(text="", exact="", prefix="", suffix="")
def test_find_quote_returns_every_place_and_nothing_outside_the_text(
    text: str, exact: str, prefix: str, suffix: str
) -> None:
    quote = Quote(exact, prefix, suffix)
    spans = find_quote(text, quote)
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == exact
    assert [span.start for span in spans] == occurrences(text, quote)


@PROPERTY
@given(text=any_texts, exact=any_texts, prefix=any_texts, suffix=any_texts)
@example(text="Kerman\u200b blast", exact="Kerman blast", prefix="", suffix="")
@example(text="cafe\u0301", exact="caf\u00e9", prefix="", suffix="")
@example(text="one\r\ntwo", exact="one\ntwo", prefix="", suffix="")
def test_anchoring_fails_only_with_an_anchor_error(
    text: str, exact: str, prefix: str, suffix: str
) -> None:
    quote = Quote(exact, prefix, suffix)
    try:
        span = anchor_quote(text, quote)
    except AnchorError as exc:
        assert str(exc)
        assert len(occurrences(text, quote)) != 1 or not exact.strip()
    else:
        assert occurrences(text, quote) == [span.start]
        assert text[span.start : span.end] == exact


MISSING = "At least 84 people were killed"
NOT_IN_THE_TEXT = (
    "the words 'At least 84 people were killed' are not in the text{hint}; copy them "
    "character for character (the text is never edited to fit a quote)"
)


@pytest.mark.parametrize(
    ("length", "hint"),
    [
        (
            _MAX_TEXT_FOR_NEAREST,
            "; the nearest passage, 97% alike, is 'At least 85 people were killed' at line 1",
        ),
        (_MAX_TEXT_FOR_NEAREST + 1, ""),
    ],
)
def test_the_nearest_passage_is_offered_up_to_the_length_limit_only(length: int, hint: str) -> None:
    passage = "At least 85 people were killed."
    text = "." * (length - len(passage)) + passage
    assert len(text) == length
    with pytest.raises(AnchorError) as caught:
        anchor_quote(text, Quote(MISSING))
    assert str(caught.value) == NOT_IN_THE_TEXT.format(hint=hint)


def test_missing_words_in_a_long_text_are_reported_quickly() -> None:
    # The nearest passage would take a minute here (its cost grows with the text
    # times the words): over the limit, it is not looked for.
    text = "a" * (5 * _MAX_TEXT_FOR_NEAREST)
    started = clock.perf_counter()
    with pytest.raises(AnchorError, match=r"^the words 'a+…' are not in the text; copy them"):
        anchor_quote(text, Quote("a" * 200 + "b"))
    assert clock.perf_counter() - started < 1.0


# Number ranges

halves = st.integers(-12, 12).map(lambda n: n / 2 if n % 2 else n // 2)
"""Whole numbers as int and halves as float, as YAML gives them."""


@st.composite
def number_ranges(draw: st.DrawFn) -> NumberRange:
    """A number as a claim states it: every form the validator makes, and any other
    non-empty range, with each bound inclusive or not."""
    form = draw(st.sampled_from(["exact", "min-max", "at least", "at most", "between", "any"]))
    low, high = sorted((draw(halves), draw(halves)))
    if form == "exact":
        return NumberRange(low, low)
    if form == "min-max":
        return NumberRange(low, high)
    if form == "at least":
        return NumberRange(low, None, low_inclusive=draw(st.booleans()))
    if form == "at most":
        return NumberRange(None, high, high_inclusive=draw(st.booleans()))
    if form == "between" and low < high:
        return NumberRange(low, high, draw(st.booleans()), draw(st.booleans()))
    return NumberRange(None, None)


def _holds(number_range: NumberRange, x: Fraction) -> bool:
    low, high = number_range.low, number_range.high
    if low is not None and (x < low or (x == low and not number_range.low_inclusive)):
        return False
    return high is None or x < high or (x == high and number_range.high_inclusive)


def overlap(a: NumberRange, b: NumberRange) -> bool:
    """Brute force: some rational number lies in both ranges. Between bounds the answer
    cannot change, so the bounds, the midpoints between them and one number beyond
    each end are enough to try."""
    bounds = sorted({Fraction(v) for r in (a, b) for v in (r.low, r.high) if v is not None})
    candidates = {Fraction(0), *bounds}
    if bounds:
        candidates |= {bounds[0] - 1, bounds[-1] + 1}
        candidates |= {(x + y) / 2 for x, y in pairwise(bounds)}
    return any(_holds(a, x) and _holds(b, x) for x in candidates)


@PROPERTY
@given(a=number_ranges(), b=number_ranges())
def test_number_ranges_agree_exactly_when_they_overlap(a: NumberRange, b: NumberRange) -> None:
    assert values_agree(a, b) == values_agree(b, a) == overlap(a, b)


@PROPERTY
@given(a=number_ranges(), x=halves)
def test_a_number_agrees_with_itself_and_with_each_range_that_holds_it(
    a: NumberRange, x: int | float
) -> None:
    exact = NumberRange(x, x)
    assert values_agree(exact, exact)
    assert values_agree(a, a)
    assert values_agree(exact, a) == _holds(a, Fraction(x))


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (NumberRange(84, None), NumberRange(84, 84), True),  # at least 84 / 84
        (NumberRange(84, None, low_inclusive=False), NumberRange(84, 84), False),  # more than
        (NumberRange(None, 84), NumberRange(84, 84), True),  # at most 84
        (NumberRange(None, 84, high_inclusive=False), NumberRange(84, 84), False),  # less than
        (NumberRange(None, 84, high_inclusive=False), NumberRange(84, None), False),
        (NumberRange(None, 84), NumberRange(84, None), True),
        (NumberRange(80, 84), NumberRange(84, 90), True),
        (NumberRange(80, 84, high_inclusive=False), NumberRange(84, 90), False),
        (NumberRange(84, 84), NumberRange(84.0, 84.0), True),
        (NumberRange(84, 84), NumberRange(84.5, 84.5), False),
        # Ranges are of real numbers: these overlap on (83, 84) though no count fits.
        (
            NumberRange(83, None, low_inclusive=False),
            NumberRange(None, 84, high_inclusive=False),
            True,
        ),
    ],
)
def test_inclusive_and_exclusive_bounds(a: NumberRange, b: NumberRange, agree: bool) -> None:
    assert values_agree(a, b) is agree
    assert values_agree(b, a) is agree
    assert overlap(a, b) is agree


# The YAML reader

# safe_dump writes YAML 1.1 and quotes what YAML 1.1 would not read as text
# ("yes", "2024-01-03", "1:20"); these stay text with the reader too. YAML 1.2
# numbers that are not YAML 1.1 numbers ("08", "1.5e3") it leaves plain: see
# test_safe_dump_leaves_yaml_1_2_numbers_plain below.
YAML_12_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
TRICKY_WORDS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False", "null", "Null", "~", "",
    "2024-01-03", "2024-01-03T15:00+03:30", "2024-01-03 15:00:00", "1:20", "0x1F", "0o17",
    "1_000", "+1", "-0", ".5", "1.", ".inf", "-.Inf", ".nan", "=", "<<", "!", "&a", "*a",
    "- x", "a: b", "#", "'", '"', "{", "[", "%", "@", "`", " x", "x ", "\t", "\n", "a\nb",
    "\x85", "\u2028", "\u2029", "a\x85b", "\ufeff", "\u00e9", "\U0001f600",
]  # fmt: skip
any_words = st.text(max_size=12)
words = (st.sampled_from(TRICKY_WORDS) | any_words).filter(
    lambda word: not YAML_12_NUMBER.fullmatch(word)
)
plain_data = st.recursive(
    st.none() | st.booleans() | st.integers() | words,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(words, children, max_size=4),
    max_leaves=24,
)


def depth(value: Any) -> int:
    """How deeply ``value`` nests: 1 for a scalar, as the reader counts."""
    if isinstance(value, dict):
        return 1 + max((max(depth(k), depth(v)) for k, v in value.items()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(item) for item in value), default=0)
    return 1


def nested(levels: int) -> Any:
    """A scalar inside ``levels`` lists and mappings: ``levels + 1`` deep."""
    value: Any = "deep"
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


YAML_ONLY_LINE_BREAKS = {"\u2028": "\\L", "\u2029": "\\P"}
"""LINE SEPARATOR and PARAGRAPH SEPARATOR, which YAML reads as line breaks (and folds
into spaces), and the escapes that write them in a double-quoted string."""


def forbidden(character: str) -> bool:
    """Brute force: C0 controls but tab, LF and CR; DEL and C1 controls (NEL, the third
    YAML line break, among them); surrogates; noncharacters."""
    code = ord(character)
    return (
        (code < 0x20 and character not in "\t\n\r")
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


def reading_problem(text: str) -> Diagnostic | None:
    """Brute force: the diagnostic the reader gives before parsing ``text``: for its first
    forbidden character, else for its first LS or PS, at its line (lines
    end with LF) and column; None when there is neither."""
    lines = list(enumerate(text.split("\n"), 1))
    for line_number, line in lines:
        for column, character in enumerate(line, 1):
            if forbidden(character):
                kind = "a control character" if ord(character) < 0xA0 else "a noncharacter"
                return Diagnostic(
                    Location(PATH, line_number, column),
                    f"U+{ord(character):04X} ({kind}) is not allowed; delete it, or write the "
                    "character that was meant",
                )
    for line_number, line in lines:
        for column, character in enumerate(line, 1):
            if character in YAML_ONLY_LINE_BREAKS:
                return Diagnostic(
                    Location(PATH, line_number, column),
                    f"U+{ord(character):04X} is read by YAML as a line break; write it as "
                    f"{YAML_ONLY_LINE_BREAKS[character]} inside a double-quoted string",
                )
    return None


def strings(value: Any) -> list[str]:
    """Every string in ``value``: its keys and its texts."""
    if isinstance(value, dict):
        return [*value, *(text for item in value.values() for text in strings(item))]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [value] if isinstance(value, str) else []


def same(loaded: Any, original: Any) -> bool:
    """Equal, and of the same types: ``True`` is not ``1``, a YamlMap is a dict."""
    if isinstance(original, dict):
        return (
            isinstance(loaded, YamlMap)
            and list(loaded) == list(original)
            and all(same(loaded[key], value) for key, value in original.items())
        )
    if isinstance(original, list):
        return (
            isinstance(loaded, YamlList)
            and len(loaded) == len(original)
            and all(same(a, b) for a, b in zip(loaded, original, strict=True))
        )
    return type(loaded) is type(original) and loaded == original


@PROPERTY
@given(
    data=plain_data,
    flow=st.sampled_from([None, False, True]),
    unicode=st.booleans(),
    style=st.sampled_from([None, "'", '"']),
)
@example(data={"yes": "no", "on": ["2024-01-03", "1:20", "~"]}, flow=None, unicode=True, style=None)
@example(data=[[[[]]], [[[{}]]]], flow=True, unicode=False, style=None)
@example(data=nested(MAX_DEPTH - 1), flow=None, unicode=False, style=None)
@example(data=nested(MAX_DEPTH), flow=False, unicode=False, style=None)
@example(data={"k": ["a\x85b", "\u2028", "\u2029"]}, flow=None, unicode=False, style=None)
@example(data={"k": ["a\x85b"]}, flow=None, unicode=True, style=None)
@example(data=["x", {"k": "\u2029"}], flow=False, unicode=True, style="'")
@example(data=["\u2028", nested(MAX_DEPTH)], flow=True, unicode=True, style=None)
def test_plain_data_reads_back_as_dumped(
    data: Any, flow: bool | None, unicode: bool, style: str | None
) -> None:
    dumped = yaml.safe_dump(
        data,
        default_flow_style=flow,
        allow_unicode=unicode,
        default_style=style,
        sort_keys=False,
        width=40,
    )
    value, problems = load_yaml(dumped.encode("utf-8"), PATH)
    # With allow_unicode, safe_dump writes NEL, LS, PS and noncharacters as they are;
    # the reader refuses them wherever they stand, before it reads the structure.
    refused = reading_problem(dumped)
    if refused is not None:
        assert unicode
        assert value is None
        assert problems == [refused], dumped
        return
    # Other forbidden characters safe_dump writes as escapes, which the reader refuses.
    if any(forbidden(character) for text in strings(data) for character in text):
        assert value is None
        assert len(problems) == 1
        assert "written as an escape; remove it" in problems[0].message
        return
    if depth(data) > MAX_DEPTH:
        assert value is None
        assert [p.message for p in problems] == [
            f"nesting deeper than {MAX_DEPTH} levels is refused"
        ]
        return
    assert problems == []
    assert same(value, data), dumped


# What plain (unquoted) words mean: YAML 1.2 core types only, everything else is text.
PLAIN_WORDS: dict[str, Any] = {
    "yes": "yes", "no": "no", "on": "on", "off": "off", "y": "y", "Yes": "Yes",
    "2024-01-03": "2024-01-03", "2024-01-03T15:00+03:30": "2024-01-03T15:00+03:30",
    "1:20": "1:20", "0x1F": "0x1F", "0o17": "0o17", "1_000": "1_000", ".inf": ".inf",
    "-.inf": "-.inf", ".nan": ".nan", "<<": "<<", "=": "=", "Kerman": "Kerman",
    "true": True, "True": True, "TRUE": True, "false": False, "FALSE": False,
    "null": None, "Null": None, "~": None, "0": 0, "-3": -3, "+7": 7, "08": 8,
    "1.5": 1.5, "-0.25": -0.25, "1.5e3": 1500.0, ".5": 0.5, "2.": 2.0,
}  # fmt: skip


@PROPERTY
@given(
    entries=st.lists(st.sampled_from(sorted(PLAIN_WORDS)), min_size=1, max_size=8),
    flow=st.booleans(),
)
def test_plain_words_mean_yaml_1_2_core_values_and_otherwise_text(
    entries: list[str], flow: bool
) -> None:
    keys = [f"k{index}" for index in range(len(entries))]
    pairs = [f"{key}: {word}" for key, word in zip(keys, entries, strict=True)]
    if flow:
        document = "{" + ", ".join([*pairs, "list: [" + ", ".join(entries) + "]"]) + "}\n"
    else:
        document = "".join(pair + "\n" for pair in pairs)
        document += "list:\n" + "".join(f"  - {word}\n" for word in entries)
    value, problems = load_yaml(document.encode("utf-8"), PATH)
    assert problems == []
    expected = {k: PLAIN_WORDS[w] for k, w in zip(keys, entries, strict=True)}
    expected["list"] = [PLAIN_WORDS[w] for w in entries]
    assert same(value, expected), document


class QuotedDumper(yaml.SafeDumper):
    """Writes every string quoted, as a careful contributor does."""


QuotedDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


@PROPERTY
@given(
    text=(
        st.sampled_from(TRICKY_WORDS) | st.from_regex(YAML_12_NUMBER, fullmatch=True) | any_words
    ).filter(lambda text: not any(forbidden(character) for character in text))
)
@example(text="08")
@example(text="1.5e3")
@example(text="dead\u2028 84")
def test_every_quoted_string_stays_a_string(text: str) -> None:
    document = yaml.dump({text: [text]}, Dumper=QuotedDumper, allow_unicode=True)
    value, problems = load_yaml(document.encode("utf-8"), PATH)
    assert problems == []
    assert same(value, {text: [text]}), document


@pytest.mark.parametrize("character", sorted(YAML_ONLY_LINE_BREAKS))
@pytest.mark.parametrize(
    ("document", "line", "column"),
    [
        ('exact: "dead<c> 84"\n', 1, 13),
        ("exact: 'dead<c> 84'\n", 1, 13),
        ("exact: dead<c> 84\n", 1, 12),
        ("exact: |\n  dead<c> 84\n", 2, 7),
        ('\ufeffa: 1\r\nexact: "dead<c>"\r\n', 2, 13),
        ("a: 1 # no<c>te\nb: [x, y]\nexact: 'dead<c>'\n", 1, 10),
        ("<c>", 1, 1),
        ("a: [1,\n  2<c>]\n", 2, 4),
    ],
)
def test_a_raw_yaml_line_break_is_refused_where_it_stands(
    character: str, document: str, line: int, column: int
) -> None:
    data = document.replace("<c>", character).encode("utf-8")
    value, problems = load_yaml(data, PATH)
    assert value is None
    escape = YAML_ONLY_LINE_BREAKS[character]
    assert [str(problem) for problem in problems] == [
        f"{PATH}:{line}:{column}: error: U+{ord(character):04X} is read by YAML as a line "
        f"break; write it as {escape} inside a double-quoted string"
    ]


@pytest.mark.parametrize(("character", "escape"), sorted(YAML_ONLY_LINE_BREAKS.items()))
def test_an_escaped_yaml_line_break_is_kept_in_a_double_quoted_string(
    character: str, escape: str
) -> None:
    document = f'exact: "dead{escape} 84"\nlist: ["{escape}", "a{escape}{escape}b"]\n'
    value, problems = load_yaml(document.encode("utf-8"), PATH)
    assert problems == []
    expected = {"exact": f"dead{character} 84", "list": [character, f"a{character}{character}b"]}
    assert same(value, expected)


def yamlish() -> st.SearchStrategy[bytes]:
    """Bytes that look like YAML: its punctuation, some words, odd whitespace, bad UTF-8."""
    tokens = st.sampled_from(
        [
            "a", "b", "1", "-1", "1.5", "true", "~", ":", ": ", "- ", "? ", ",", "[", "]", "{",
            "}", "'", '"', "\\", "#", "&a ", "*a", "!!str ", "!!python/object:x ", "!x ",
            "|", ">-", "---", "...", "%YAML 1.2", "\n", "  ", "\t", "\r", "\ufeff", "\x00",
            "\x85", "\u2028", "\u2029", "\\N", "\\L", "\\P", "2024-01-03", "yes",
        ]
    )  # fmt: skip
    text = st.lists(tokens, max_size=40).map(lambda parts: "".join(parts).encode("utf-8"))
    broken = st.tuples(text, st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b""]), text)
    return text | broken.map(b"".join)


@PROPERTY
@given(data=st.binary(max_size=200) | yamlish())
@example(data=b"a: \xff")
@example(data=b"\xef\xbb\xbf\xef\xbb\xbfa: 1")
@example(data=b"[" * (MAX_DEPTH + 1))
@example(data=b"\x00")
@example(data=b"a: 1\n\xc3")
@example(data=b"\r\r[")
@example(data=b"a: 1\r\nb: '\xc2\x85'")
@example(data=b"\xef\xbb\xbf[\xe2\x80\xa9\n\xe2\x80\xa8")
@example(data=b"a: \xff\xc2\x85")
@example(data=b"s: [a?]")
@example(data=b"e: {t: }")
@example(data=b"t: !")
@example(data=b"|#")
@example(data=b"a\t")
@example(data=b"[" * 1001 + b"]" * 1001)
@example(data=b"? a")
@example(data="\ufeff\ufeff\ufeff".encode())
@example(data='a: "\u00e9\\u00e9\U0001f600"\nb: \u00e9x\n'.encode())
@example(data=b"a: 1\r\nb: 2\r\n")
def test_any_bytes_give_a_value_or_located_diagnostics(data: bytes) -> None:
    value, problems = load_yaml(data, PATH)
    if problems:
        assert value is None
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        refused = reading_problem(text)
        if refused is not None:
            assert problems == [refused]
    # NEL, LS and PS are refused, so what YAML reads ends its lines with CR, LF or CR LF.
    breaks = re.findall(rb"\r\n|\r|\n", data)
    lines = len(breaks) + 1
    for problem in problems:
        assert problem.location.path == PATH
        assert 1 <= problem.location.line <= lines, problem
        assert problem.location.column >= 1, problem
        assert problem.message
    for location in locations(value):
        assert location.path == PATH
        assert 1 <= location.line <= lines, location
        assert location.column >= 1, location


def locations(value: Any) -> list[Location]:
    """Every location a value read by ``load_yaml`` carries."""
    if isinstance(value, YamlMap):
        found = [value.location, *value.key_locations.values(), *value.value_locations.values()]
        return found + [place for item in value.values() for place in locations(item)]
    if isinstance(value, YamlList):
        found = [value.location, *value.item_locations]
        return found + [place for item in value for place in locations(item)]
    return []


ANNOTATION = """\
outlet: News
title: "Blasts in Kerman: 84 dead"
published: "2024-01-03T18:00+03:30"
tags: [iran, kerman]
claims:
  - id: news-killed
    value: {at_least: 84}
    quote: >-
      At least 84 people
      were killed
    note: |
      Said twice.
"""


@st.composite
def mutated_annotations(draw: st.DrawFn) -> bytes:
    """A realistic annotation with a few YAML tokens put in, taken out or swapped."""
    text = ANNOTATION
    tokens = st.sampled_from(
        [
            "[", "]", "{", "}", ", ", ": ", ":", "- ", "? ", "?", "!", "! ", "#", " #", "|",
            ">-", "|2", "'", '"', "\\", "\n", "\n  ", "\n- ", "  ", "\t", "\r\n", "---",
            "...", "%", "&a ", "*a", "\ufeff", "\u00e9", "\U0001f600", "a", "1",
        ]
    )  # fmt: skip
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        token = "" if edit == "delete" else draw(tokens)
        cut = 0 if edit == "insert" else draw(st.integers(1, 5))
        text = text[:at] + token + text[at + cut :]
    return text.encode("utf-8")


# Times

PRECISIONS = list(Precision)


@st.composite
def points_in_time(draw: st.DrawFn, years: st.SearchStrategy[int]) -> PointInTime:
    """A valid time, its fields below its precision left at their defaults, as parsed."""
    precision = draw(st.sampled_from(PRECISIONS))
    rank = precision.rank
    year = draw(years)
    month = draw(st.integers(1, 12)) if rank >= Precision.MONTH.rank else 1
    last_day = calendar.monthrange(year, month)[1]
    day = draw(st.integers(1, last_day)) if rank >= Precision.DAY.rank else 1
    hour = draw(st.integers(0, 23)) if rank >= Precision.HOUR.rank else 0
    minute = draw(st.integers(0, 59)) if precision is Precision.MINUTE else 0
    offset = None
    if rank >= Precision.HOUR.rank and draw(st.booleans()):
        offset = timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60)))
    approximate = draw(st.booleans())
    return PointInTime(year, month, day, hour, minute, precision, offset, approximate)


FIRST_YEAR, LAST_YEAR = YEARS[0], YEARS[-1]
# Every year parse_time accepts, its ends included; and a few years, so that times collide.
accepted_years = (
    st.sampled_from([FIRST_YEAR, LAST_YEAR])
    | st.integers(FIRST_YEAR, LAST_YEAR)
    | st.integers(2020, 2026)
)
times = points_in_time(accepted_years)


def reparsed(time: PointInTime) -> PointInTime:
    return parse_time(
        time.iso(),
        precision=time.precision.value,
        approximate=time.approximate,
        timezone_unknown=time.has_clock_time and time.utc_offset is None,
    )


ISO_ASCII = re.compile(
    r"[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-5][0-9])?)?)?)?"
)


def test_the_accepted_years_are_1000_to_8999() -> None:
    assert (FIRST_YEAR, LAST_YEAR) == (1000, 8999)
    assert parse_time("1000").year == 1000
    assert parse_time("8999").year == 8999


@PROPERTY
@given(time=times)
def test_a_time_reads_back_from_its_iso_form(time: PointInTime) -> None:
    assert ISO_ASCII.fullmatch(time.iso())
    assert reparsed(time) == time


@PROPERTY
@given(
    time=times,
    year=st.sampled_from([0, 1, FIRST_YEAR - 1, LAST_YEAR + 1, 9999])
    | st.integers(0, FIRST_YEAR - 1)
    | st.integers(LAST_YEAR + 1, 9999),
)
def test_a_time_outside_the_accepted_years_is_refused(time: PointInTime, year: int) -> None:
    text = f"{year:04d}{time.iso()[4:]}"
    refusal = f"^{re.escape(repr(text))}: years from 1000 to 8999 are accepted$"
    with pytest.raises(ValueError, match=refusal):
        parse_time(
            text,
            precision=time.precision.value,
            approximate=time.approximate,
            timezone_unknown=time.has_clock_time and time.utc_offset is None,
        )


ASCII_DIGITS = "0123456789"
NOT_A_TIME = "is not a time; write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM"


@PROPERTY
@given(
    time=times,
    digit=st.characters(categories=["Nd"], exclude_characters=ASCII_DIGITS),
    data=st.data(),
)
def test_a_digit_of_another_script_is_refused(
    time: PointInTime, digit: str, data: st.DataObject
) -> None:
    text = time.iso()
    places = [index for index, character in enumerate(text) if character in ASCII_DIGITS]
    place = data.draw(st.sampled_from(places), label="digit replaced")
    assert digit.isdecimal() and int(digit) in range(10)  # int() would read it as a digit
    changed = text[:place] + digit + text[place + 1 :]
    with pytest.raises(ValueError, match=re.escape(f"{changed!r} {NOT_A_TIME}")):
        parse_time(changed, timezone_unknown=time.has_clock_time and time.utc_offset is None)


@pytest.mark.parametrize(
    "text",
    [
        "\u06f2\u06f0\u06f2\u06f4-\u06f0\u06f1-\u06f0\u06f3",  # Persian digits
        "\u0662\u0660\u0662\u0664",  # Arabic-Indic digits
        "\uff12\uff10\uff12\uff14",  # full-width digits
        "202\u0664-01-03",
        "2024-01-03T15:00+0\uff13:30",
        "2024-01-03T15:00+03:60",
        "2024-01-03T15:00+03:75",
        "2024-01-03T15:00-00:99",
    ],
)
def test_parse_time_refuses_what_iso_8601_does_not_allow(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"{text!r} {NOT_A_TIME}")):
        parse_time(text)


@pytest.mark.parametrize("offset", ["+03:59", "-00:59", "+13:59", "+14:00", "-14:00"])
def test_offset_minutes_up_to_59_are_accepted(offset: str) -> None:
    time = parse_time(f"2024-01-03T15:00{offset}")
    assert time.iso() == f"2024-01-03T15:00{offset}"


@PROPERTY
@given(
    text=st.from_regex(
        r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?\Z"
    )
    | st.text(max_size=30),
    unknown=st.booleans(),
)
@example(text="2024-02-30", unknown=False)
@example(text="2024-01-03T24:00Z", unknown=False)
@example(text="2024-01-03T15:00+14:01", unknown=False)
@example(text="2024-01-03T15:00+03:60", unknown=False)
@example(text="0999-12-31", unknown=False)
@example(text="9000", unknown=False)
@example(text="\uff12\uff10\uff12\uff14", unknown=False)
def test_parse_time_accepts_a_time_or_raises_value_error(text: str, unknown: bool) -> None:
    try:
        time = parse_time(text, timezone_unknown=unknown)
    except ValueError as exc:
        assert str(exc)
        return
    assert reparsed(time) == time
    assert ISO_ASCII.fullmatch(time.iso())
    assert time.year in YEARS


@PROPERTY
@given(a=times, b=times)
def test_times_agree_is_symmetric_and_reflexive(a: PointInTime, b: PointInTime) -> None:
    assert times_agree(a, b) == times_agree(b, a)
    assert times_agree(a, a)
    assert not (is_later(a, b) and is_later(b, a))
    if is_later(a, b) and not a.approximate and not b.approximate:
        assert not times_agree(a, b)


@PROPERTY
@given(time=times, coarser=st.sampled_from(PRECISIONS))
def test_a_time_agrees_with_each_coarser_form_of_itself(
    time: PointInTime, coarser: Precision
) -> None:
    if coarser.rank > time.precision.rank:
        coarser = time.precision
    text = time.iso()
    timezone_unknown = time.has_clock_time and time.utc_offset is None
    cut = parse_time(text, precision=coarser.value, timezone_unknown=timezone_unknown)
    assert times_agree(time, cut)
    assert times_agree(cut, time)


def following(time: PointInTime) -> PointInTime:
    """The time of the same precision that begins just when ``time`` ends."""
    _, end = time.bounds()
    return PointInTime(
        end.year, end.month, end.day, end.hour, end.minute, time.precision, time.utc_offset
    )


@PROPERTY
@given(time=times)
def test_consecutive_times_do_not_agree_unless_approximate(time: PointInTime) -> None:
    time = replace(time, approximate=False)
    after = following(time)
    assert not times_agree(time, after)
    assert not times_agree(after, time)
    assert is_later(after, time)
    assert not is_later(time, after)
    # "around" reaches at least 15 minutes beyond its interval.
    assert times_agree(time, replace(after, approximate=True))
    assert times_agree(replace(time, approximate=True), after)


@PROPERTY
@given(time=times, minutes=st.integers(-40, 40))
def test_around_a_minute_reaches_fifteen_minutes_either_way(
    time: PointInTime, minutes: int
) -> None:
    around = replace(time, precision=Precision.MINUTE, approximate=True)
    start, _ = around.bounds()
    moment = start + timedelta(minutes=minutes)
    exact = PointInTime(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        Precision.MINUTE,
        around.utc_offset,
    )
    # "around 15:00" stands for 14:45 to 15:16, the minute 15:15 included.
    assert times_agree(around, exact) is (-15 <= minutes <= 15)
    assert times_agree(exact, around) is (-15 <= minutes <= 15)


EARLIEST = ["1000", "1000-01", "1000-01-01", "1000-01-01T00:00+14:00", "1000-01-01T00:00-14:00"]
LATEST = ["8999", "8999-12", "8999-12-31", "8999-12-31T23:59-14:00", "8999-12-31T23:59+14:00"]


@pytest.mark.parametrize("approximate", [False, True])
def test_times_at_the_ends_of_the_accepted_years_compare(approximate: bool) -> None:
    earliest = [parse_time(text, approximate=approximate) for text in EARLIEST]
    latest = [parse_time(text, approximate=approximate) for text in LATEST]
    for time in earliest + latest:
        assert times_agree(time, time)
        assert not is_later(time, time)
    for first in earliest:
        for last in latest:
            assert not times_agree(first, last)
            assert not times_agree(last, first)
            assert is_later(last, first)
            assert not is_later(first, last)
    ordered = sorted(latest + earliest, key=PointInTime.sort_key)
    assert set(ordered[: len(earliest)]) == set(earliest)


@pytest.mark.parametrize(
    "text",
    [
        "0001",
        "0001-01-01T00:00+05:00",
        "0999-12-31T23:59+14:00",
        "9000",
        "9999",
        "9999-12",
        "9999-12-31",
        "9999-12-31T23:00-05:00",
    ],
)
@pytest.mark.parametrize("approximate", [False, True])
def test_times_beyond_the_accepted_years_are_refused(text: str, approximate: bool) -> None:
    # Year 9999's end, or year 1 made approximate or moved to UTC, lie beyond what
    # datetime can hold: such times are refused where they are read.
    with pytest.raises(ValueError, match=f"^{re.escape(repr(text))}: years from 1000 to 8999"):
        parse_time(text, approximate=approximate)


# Links between pages

site_paths = st.lists(
    st.sampled_from(["a", "b", "c.md", "index.md", ".", "..", ""]), max_size=5
).map("/".join)


@PROPERTY
@given(path=site_paths.filter(bool), start=site_paths)
@example(path="a/b.md", start="a")
@example(path="a", start="a")
@example(path="a", start="a/b/c")
@example(path="b/../a.md", start="a/./b")
def test_relative_path_is_posix_relpath(path: str, start: str) -> None:
    assert relative_path(path, start) == posixpath.relpath(path, start or ".")


@PROPERTY
@given(text=st.text())
def test_inline_writes_every_markdown_character_as_a_reference(text: str) -> None:
    written = str(inline(text))
    if written.startswith("<bdi>"):  # the one markup inline writes: a direction isolate
        written = written.removeprefix("<bdi>").removesuffix("</bdi>")
    assert "\n" not in written
    assert not set(written) & set("\\`*_{}[]()+-.!|<>\"':~^=$%@")
    assert html.unescape(written) == " ".join(text.split())


# Known defects, pinned so that a fix shows up (strict: an unexpected pass fails).


@pytest.mark.xfail(
    strict=True,
    reason="PyYAML's safe_dump writes YAML 1.1 and leaves '08', '1.5e3', '-.5' and '+.5' "
    "plain; the reader resolves YAML 1.2 core numbers, so they come back as numbers",
)
@pytest.mark.parametrize("text", ["08", "1.5e3", "1.5E3", "-.5", "+.5", "-1.5E3"])
def test_safe_dump_leaves_yaml_1_2_numbers_plain(text: str) -> None:
    value, problems = load_yaml(yaml.safe_dump({"id": text}).encode("utf-8"), PATH)
    assert problems == []
    assert value == {"id": text}


# -- Reading HTML for the normalised copies -------------------------------------

_HTML_PIECES = [
    *("<p>", "</p>", '<h2 id="x">', "</h2>", "<ul>", "<li>", "</li>", "</ul>", "<td>", "</td>"),
    *("<br>", "<br/>", "<br />", "<mark>", "</mark>", "<P>", "</P >", "<div>", "</div>"),
    *("<span data-pagefind-ignore>", "</span>", "<svg>", '<path d="M0 0"/>', "</svg>"),
    *('<a class="headerlink" href="#x">', "</a>", "<div data-dossier-search-copy>", "<x-y>"),
    *("</x-y>", "<p title='a>b'>", "<a b=c>", "<a b=c/d>", '<a b="1"c="2">', "<p hidden>"),
    *("<!-- c -->", "<script>ي</script>", "<", ">", "&", "&amp;", "&lt;b&gt;", "&#1610;"),
    *("الشيخ", "كتاب", "ي", "۱۴", "ok", " ", "\n", "مَزار"),
    *("<style>p > ي {}</style>", "<script>'</p>ي'</script>", "<SCRIPT>", "</script >"),
    *("<!DOCTYPE html>", "<?xml version='1.0'?>", "-->", "<a b=c/>", "</ x>", "</>"),
]
"""Pieces of HTML, written or not as Python-Markdown writes them. None opens a comment
or a tag it does not close: browsers read the rest as a comment, ``html.parser`` before
Python 3.13 as text."""


@PROPERTY
@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=40))
@example(["<p>", "قال ", "<mark>", "الشيخ", "</mark>", "<br>", "كتاب", "</p>"])
def test_the_scanner_reads_html_as_html_parser_does(pieces: list[str]) -> None:
    fragment = "".join(pieces)
    planner = _CopyPlanner(fragment)
    _scan(fragment, planner)
    assert planner.close() == copies_by_html_parser(fragment)
