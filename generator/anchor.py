"""Find a quote in its source text, as the W3C TextQuoteSelector does.

A quote is its exact words plus optional words just before (``prefix``) and
just after (``suffix``) that pick one occurrence when the words recur.
Matching is exact, character for character: a snapshot is never edited, so
a quote that no longer matches means the annotation or the text is wrong.
"""

from __future__ import annotations

from generator.model import Quote, Span


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
            f"the words {_short(quote.exact)} are not in the text; copy them character for "
            "character (the text is never edited to fit a quote)"
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


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def _short(words: str, limit: int = 60) -> str:
    return repr(words if len(words) <= limit else words[: limit - 1] + "…")
