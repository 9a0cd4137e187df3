"""Fuzz quote anchoring: ``anchor_quote`` must find the one span or raise ``AnchorError``.

``check_anchor(data)`` is the target. The input is split at NUL bytes into the
text, then the quote's exact words, prefix and suffix (missing parts are
empty); each part is decoded as UTF-8, undecodable bytes replaced. Whatever
the input, this must hold:

- ``anchor_quote`` returns a span or raises ``AnchorError``, nothing else;
- a returned span lies inside the text, holds exactly the quote's words, has
  the prefix just before it and the suffix just after it, and is the only
  such place (``find_quote`` returns exactly it);
- every span ``find_quote`` returns lies inside the text and holds the words.

Run with atheris (``python fuzz/run.py``, or directly
``python fuzz/fuzz_anchor.py CORPUS_DIR [libFuzzer flags]``); the target is
importable without atheris, for the replay test in tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import sys

from generator.domain.anchor import AnchorError, anchor_quote, find_quote
from generator.domain.model import Quote, Span


class FuzzFailure(AssertionError):
    """An invariant of the target was broken."""


def split_input(data: bytes) -> tuple[str, Quote]:
    """The text and the quote that ``data`` stands for: ``text NUL exact NUL prefix NUL suffix``."""
    parts = [part.decode("utf-8", errors="replace") for part in data.split(b"\0", 3)]
    text, exact, prefix, suffix = [*parts, "", "", ""][:4]
    return text, Quote(exact, prefix, suffix)


def check_anchor(data: bytes) -> None:
    """The fuzz target: see the module's docstring for what must hold."""
    text, quote = split_input(data)
    found = find_quote(text, quote)
    for span in found:
        _check_span(text, quote, span)
    try:
        span = anchor_quote(text, quote)
    except AnchorError as exc:
        if not str(exc):
            raise FuzzFailure("an AnchorError without a message") from exc
        if len(found) == 1 and quote.exact.strip():
            raise FuzzFailure(f"find_quote found one place, {found}, but anchoring failed") from exc
        return
    if not quote.exact.strip():
        raise FuzzFailure(f"a quote of blank words was anchored at {span}")
    _check_span(text, quote, span)
    if found != [span]:
        raise FuzzFailure(f"anchored at {span}, but find_quote found {found}")


def _check_span(text: str, quote: Quote, span: Span) -> None:
    if not 0 <= span.start <= span.end <= len(text):
        raise FuzzFailure(f"{span} lies outside the text of {len(text)} characters")
    if text[span.start : span.end] != quote.exact:
        raise FuzzFailure(f"{span} holds {text[span.start : span.end]!r}, not {quote.exact!r}")
    if not text.endswith(quote.prefix, 0, span.start):
        raise FuzzFailure(f"{span} is not preceded by the prefix {quote.prefix!r}")
    if not text.startswith(quote.suffix, span.end):
        raise FuzzFailure(f"{span} is not followed by the suffix {quote.suffix!r}")


def main() -> None:  # pragma: no cover - needs atheris
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    atheris.instrument_all()
    atheris.Setup(sys.argv, check_anchor)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
