"""Find a quote in its source text, as the W3C TextQuoteSelector does.

A quote is its exact words plus optional words just before (``prefix``) and
just after (``suffix``) that pick one occurrence when the words recur.
Matching is exact, character for character: a snapshot is never edited, so
a quote that no longer matches means the annotation or the text is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from generator.model import Quote, Span

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
"""Zero-width, bidirectional control and soft-hyphen characters: present, but not seen."""

_MAX_TEXT_FOR_NEAREST = 200_000
"""Looking for the nearest passage costs time with the square of the text; past this
length (a long report, not an article) the error message goes without it."""

_MIN_SIMILARITY = 0.6
"""Below this, a passage is too unlike the quote to be offered as what was meant."""


class AnchorError(ValueError):
    """The quote matches no place, or more than one, in the text."""


def anchor_quote(text: str, quote: Quote) -> Span:
    """Return the one span of ``text`` that ``quote`` selects, or raise ``AnchorError``."""
    if not quote.exact.strip():
        raise AnchorError("the quote's exact words are empty; copy the words from the text")
    matches = find_quote(text, quote)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        bare = find_quote(text, Quote(quote.exact))
        if bare:
            raise AnchorError(
                f"the words occur {len(bare)} time(s) in the text, but never with this "
                "prefix and suffix; correct the prefix or suffix"
            )
        raise AnchorError(
            f"the words {_short(quote.exact)} are not in the text{_why_not(text, quote.exact)}; "
            "copy them character for character (the text is never edited to fit a quote)"
        )
    lines = ", ".join(str(line_of(text, span.start)) for span in matches)
    raise AnchorError(
        f"the words {_short(quote.exact)} occur {len(matches)} times (lines {lines}); "
        "add a prefix or suffix that picks one"
    )


def find_quote(text: str, quote: Quote) -> list[Span]:
    """Every span of ``text`` where the quote's words stand between its prefix and suffix."""
    spans = []
    start = text.find(quote.exact)
    while start != -1:
        end = start + len(quote.exact)
        if text.endswith(quote.prefix, 0, start) and text.startswith(quote.suffix, end):
            spans.append(Span(start, end))
        start = text.find(quote.exact, start + 1)
    return spans


def nearest_passage(text: str, words: str) -> tuple[Span, float] | None:
    """The passage of ``text`` most like ``words``, and how alike (0 to 1).

    This is how a quote whose source text changed, or that was copied with a
    typo, is re-anchored for the contributor to check: never silently.
    """
    if not words or not text:
        return None
    matcher = SequenceMatcher(None, text, words, autojunk=False)
    longest = matcher.find_longest_match(0, len(text), 0, len(words))
    if longest.size == 0:
        return None
    start = max(0, longest.a - longest.b)
    end = min(len(text), start + len(words))
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    ratio = SequenceMatcher(None, text[start:end], words, autojunk=False).ratio()
    return Span(start, end), ratio


def _why_not(text: str, words: str) -> str:
    """A hint at why words are missing from a text: invisible characters, Unicode
    normalisation, line ends, or the nearest passage."""
    if _INVISIBLE.search(text) and words in _INVISIBLE.sub("", text):
        return (
            " as written: the text has invisible characters (zero-width or direction "
            "marks) inside them; copy the words from the text itself, marks included"
        )
    if unicodedata.normalize("NFC", words) in unicodedata.normalize("NFC", text):
        return (
            " as written: they differ only in Unicode normalisation (composed and "
            "decomposed accents); copy them from the text itself"
        )
    if "\r\n" in text and words.replace("\n", "\r\n") in text:
        return " as written: the text ends its lines with CR LF; quote within one line"
    if len(text) > _MAX_TEXT_FOR_NEAREST:
        return ""
    nearest = nearest_passage(text, words)
    if nearest is None or nearest[1] < _MIN_SIMILARITY:
        return ""
    span, ratio = nearest
    return (
        f"; the nearest passage, {ratio:.0%} alike, is {_short(text[span.start : span.end])} "
        f"at line {line_of(text, span.start)}"
    )


def unique_selector(text: str, span: Span) -> Quote:
    """The shortest quote selector, growing by whole words, that picks ``span`` alone."""
    exact = text[span.start : span.end]
    words_before = list(re.finditer(r"\S+\s*", text[: span.start]))
    words_after = list(re.finditer(r"\s*\S+", text[span.end :]))
    for count in range(0, max(len(words_before), len(words_after)) + 1):
        for before, after in ((count, 0), (0, count), (count, count)):
            if before > len(words_before) or after > len(words_after):
                continue
            prefix = text[words_before[-before].start() : span.start] if before else ""
            suffix = text[span.end : span.end + words_after[after - 1].end()] if after else ""
            quote = Quote(exact, prefix, suffix)
            if find_quote(text, quote) == [span]:
                return quote
    return Quote(exact, text[: span.start], text[span.end :])


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def _short(words: str, limit: int = 60) -> str:
    return repr(words if len(words) <= limit else words[: limit - 1] + "…")
