"""Find a quote in its source text, as the W3C TextQuoteSelector does.

A quote is its exact words plus optional words just before (``prefix``) and
just after (``suffix``) that pick one occurrence when the words recur.
Matching is exact, character for character: a snapshot is never edited, so
a quote that no longer matches means the annotation or the text is wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

from generator.domain.model import Quote, Span

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
"""Zero-width, bidirectional control and soft-hyphen characters: present, but not seen."""

_MAX_TEXT_FOR_NEAREST = 200_000
"""Looking for the nearest passage scans the text once per piece of the quote
(``_MAX_PIECES``); past this length (a long report, not an article) the error
message goes without it, so that a dossier of many wrong quotes stays quick."""

_PIECE = 8
"""Characters in a piece of a quote looked for in the text to find the nearest
passage: long enough to occur only a few times in an article, short enough that a
typo every few words still leaves whole pieces."""

_MAX_PIECES = 32
"""Pieces looked for, spread over the quote. With ``_MAX_OCCURRENCES`` and
``_MAX_CANDIDATES`` this caps the work of the nearest passage: at most 32 scans
of the text and 8 comparisons of 300 by 300 characters, whatever the quote's
length (a full comparison cost the text's length times the quote's: minutes)."""

_MAX_OCCURRENCES = 16
"""A piece found more often than this is too common to tell where the quote
belongs, and following it further would cost one search per occurrence."""

_MAX_CANDIDATES = 8
"""Starts, by most votes, whose passages are compared with the quote."""

_MAX_COMPARED = 300
"""Characters of the quote and of a passage compared: the comparison costs the
product of their lengths, and the start of a quote shows whether it was meant."""

_MAX_MATCHES = 100
"""Occurrences counted for an error message: past this, "more than 100" is
enough to say that a prefix or suffix is needed, and counting every one of a
character repeated over a megabyte would cost the text times the quote."""

_LISTED_LINES = 10
"""Lines of the first occurrences named in an error message."""

_MAX_SELECTOR_WORDS = 50
"""Words of prefix and suffix tried, one more at a time, for a selector that picks
one occurrence: each try searches the whole text, and a passage that an article
repeats word for word is shorter than this."""

_MIN_SIMILARITY = 0.6
"""Below this, a passage is too unlike the quote to be offered as what was meant."""


class AnchorError(ValueError):
    """The quote matches no place, or more than one, in the text."""


def anchor_quote(text: str, quote: Quote) -> Span:
    """Return the one span of ``text`` that ``quote`` selects, or raise ``AnchorError``."""
    if not quote.exact.strip():
        raise AnchorError("the quote's exact words are empty; copy the words from the text")
    matches = find_quote(text, quote, limit=_MAX_MATCHES + 1)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        bare = find_quote(text, Quote(quote.exact), limit=_MAX_MATCHES + 1)
        if bare:
            raise AnchorError(
                f"the words occur {_count(bare)} time(s) in the text, but never with this "
                "prefix and suffix; correct the prefix or suffix"
            )
        raise AnchorError(
            f"the words {_short(quote.exact)} are not in the text{_why_not(text, quote.exact)}; "
            "copy them character for character (the text is never edited to fit a quote)"
        )
    lines = ", ".join(str(line_of(text, span.start)) for span in matches[:_LISTED_LINES])
    more = ", …" if len(matches) > _LISTED_LINES else ""
    raise AnchorError(
        f"the words {_short(quote.exact)} occur {_count(matches)} times (lines {lines}{more}); "
        "add a prefix or suffix that picks one"
    )


def _count(matches: list[Span]) -> str:
    """How many matches ``find_quote`` found, up to the limit it was given."""
    return f"more than {_MAX_MATCHES}" if len(matches) > _MAX_MATCHES else str(len(matches))


def find_quote(text: str, quote: Quote, limit: int | None = None, start: int = 0) -> list[Span]:
    """Every span of ``text`` where the quote's words stand between its prefix and
    suffix, or the first ``limit`` of them; with ``start``, only those whose prefix
    begins there or later.

    The prefix, words and suffix are looked for as one string: ``str.find`` scans
    the text once for it, where checking the prefix and suffix around every
    occurrence of the words would cost the text times the quote when the words
    recur, overlapping (a run of one character, a repeated line).
    """
    whole = quote.prefix + quote.exact + quote.suffix
    spans: list[Span] = []
    at = text.find(whole, start)
    while at != -1 and (limit is None or len(spans) < limit):
        begins = at + len(quote.prefix)
        spans.append(Span(begins, begins + len(quote.exact)))
        at = text.find(whole, at + 1)
    return spans


def nearest_passage(text: str, words: str) -> tuple[Span, float] | None:
    """The passage of ``text`` most like ``words``, and how alike (0 to 1).

    This is how a quote whose source text changed, or that was copied with a
    typo, is re-anchored for the contributor to check: never silently.
    Pieces of the words vote for where the passage starts; only the few
    starts with most votes are compared with the words, so that the work is
    bounded whatever the lengths (see ``_MAX_PIECES``).
    """
    best: tuple[Span, float] | None = None
    for start in _likely_starts(text, words):
        span = _passage(text, start, len(words))
        compared = text[span.start : span.end][:_MAX_COMPARED]
        ratio = SequenceMatcher(None, compared, words[:_MAX_COMPARED], autojunk=False).ratio()
        if best is None or ratio > best[1]:
            best = span, ratio
    return best


def _likely_starts(text: str, words: str) -> list[int]:
    """Where in ``text`` a passage like ``words`` may start, most likely first.

    Each of up to ``_MAX_PIECES`` pieces spread over the words, wherever the text
    holds it, votes for the start that would align it with its place in the words.
    """
    size = max(1, min(_PIECE, len(words) // 3))
    last = len(words) - size
    step = max(1, -(-last // (_MAX_PIECES - 1)))
    votes: Counter[int] = Counter()
    for offset in range(0, last + 1, step):
        piece = words[offset : offset + size]
        found: list[int] = []
        at = text.find(piece)
        while at != -1 and len(found) <= _MAX_OCCURRENCES:
            found.append(at)
            at = text.find(piece, at + 1)
        if len(found) <= _MAX_OCCURRENCES:
            votes.update(max(0, at - offset) for at in found)
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    return [start for start, _ in ranked[:_MAX_CANDIDATES]]


def _passage(text: str, start: int, length: int) -> Span:
    """The passage of about ``length`` characters from ``start``, widened to whole
    words and without the spaces around it."""
    end = min(len(text), start + length)
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


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
    """The shortest quote selector, growing by whole words, that picks ``span`` alone.

    Past ``_MAX_SELECTOR_WORDS`` words on either side (a passage the text repeats
    at length), the selector is the whole text around the span, which always picks it.
    """
    exact = text[span.start : span.end]
    words_before = list(re.finditer(r"\S+\s*", text[: span.start]))
    words_after = list(re.finditer(r"\s*\S+", text[span.end :]))
    longest = min(max(len(words_before), len(words_after)), _MAX_SELECTOR_WORDS)
    for count in range(0, longest + 1):
        for before, after in ((count, 0), (0, count), (count, count)):
            if before > len(words_before) or after > len(words_after):
                continue
            prefix = text[words_before[-before].start() : span.start] if before else ""
            suffix = text[span.end : span.end + words_after[after - 1].end()] if after else ""
            quote = Quote(exact, prefix, suffix)
            if find_quote(text, quote, limit=2) == [span]:
                return quote
    return Quote(exact, text[: span.start], text[span.end :])


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def _short(words: str, limit: int = 60) -> str:
    return repr(words if len(words) <= limit else words[: limit - 1] + "…")
