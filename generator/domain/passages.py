"""How a source text divides for its page: paragraphs, folded page furniture, and,
for a source published as quotes only, the passages around its quotes.

The validator works these out once and records them in the model, so that what
``dossier check`` reports (what is folded, a quote that furniture would hide) is
what the page does; the page, its search index and the exports read them from
the model and never divide a text themselves.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence

from generator.domain.anchor import find_quote
from generator.domain.model import Quote, Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")
_LINE_BREAK = re.compile(r"\r?\n\s*")

CONTEXT_CHARACTERS = 200
"""At most this much of a quote's paragraph is shown on each side of it when a source
is published as quotes only: enough to read the sentence a quote stands in, short of
republishing the article."""


def paragraphs(text: str) -> list[Span]:
    """The spans of the text's paragraphs, without the breaks between them.

    Paragraphs are split at blank lines. A text without any blank line (as text
    extracted from a web page often is) is split at every line end instead:
    taken as one paragraph, a single line of furniture would fold all of it.
    """
    breaks = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else _LINE_BREAK
    found = []
    start = 0
    for match in breaks.finditer(text):
        if match.start() > start:
            found.append(Span(start, match.start()))
        start = match.end()
    end = len(text.rstrip())
    if end > start:
        found.append(Span(start, end))
    return found


def touched(paragraphs: Sequence[Span], span: Span) -> range:
    """The indexes of the paragraphs that ``span`` overlaps (none when it lies in a break)."""
    first = bisect.bisect_right(paragraphs, span.start, key=lambda paragraph: paragraph.end)
    last = bisect.bisect_left(paragraphs, span.end, key=lambda paragraph: paragraph.start)
    return range(first, max(first, last))


def occurrences(text: str, quote: Quote, paragraphs: Sequence[Span]) -> Iterator[Span]:
    """Enough occurrences of ``quote`` to know every paragraph its words touch.

    After an occurrence, the search skips those that end within the last paragraph
    it touches: they would fold nothing more, and a short phrase repeated all over a
    long text would otherwise be found once per repeat.
    """
    at = 0
    while found := find_quote(text, quote, limit=1, start=at):
        (span,) = found
        yield span
        indexes = touched(paragraphs, span)
        # Words that start here or later may reach past the paragraph.
        reach = paragraphs[indexes[-1]].end - len(quote.exact) + 1 if indexes else 0
        at = max(reach, span.start + 1) - len(quote.prefix)


def blocks(paragraphs: Sequence[Span], indexes: Iterable[int]) -> tuple[Span, ...]:
    """The runs of consecutive paragraphs among ``indexes``, each as one span."""
    runs: list[list[int]] = []
    for index in sorted(set(indexes)):
        if runs and runs[-1][1] == index - 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return tuple(Span(paragraphs[first].start, paragraphs[last].end) for first, last in runs)


def quoted_passages(
    text: str, paragraphs: Sequence[Span], quotes: Iterable[Span]
) -> tuple[Span, ...]:
    """The passages a source published as quotes only shows: each quote with up to
    ``CONTEXT_CHARACTERS`` of its own paragraphs on either side, cut after or before
    a space where there is one, overlapping and adjacent passages merged."""
    widened = []
    for quote in quotes:
        indexes = touched(paragraphs, quote)
        if not indexes:
            continue
        first, last = paragraphs[indexes[0]], paragraphs[indexes[-1]]
        start = max(first.start, min(quote.start, quote.start - CONTEXT_CHARACTERS))
        if start > first.start:
            space = _first_space(text, start, quote.start)
            start = space + 1 if space is not None else start
        end = min(last.end, quote.end + CONTEXT_CHARACTERS)
        if end < last.end:
            space = _last_space(text, quote.end, end)
            end = space if space is not None else end
        widened.append(Span(min(start, quote.start), max(end, quote.end)))
    merged: list[Span] = []
    for span in sorted(widened, key=lambda span: span.start):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


def _first_space(text: str, start: int, end: int) -> int | None:
    for index in range(start, end):
        if text[index].isspace():
            return index
    return None


def _last_space(text: str, start: int, end: int) -> int | None:
    for index in range(end - 1, start - 1, -1):
        if text[index].isspace():
            return index
    return None
