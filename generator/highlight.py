"""A source text as HTML, with each claim's quote highlighted and boilerplate folded.

The text is split into paragraphs at blank lines. Inside each paragraph the
offsets where any quote starts or ends cut it into segments; a segment covered
by one or more quotes becomes a ``<mark>``, and after a quote's last segment a
small link leads to the claim it supports. Quotes may overlap. Paragraphs that
a boilerplate selector touches are folded into ``<details>``, never removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from markupsafe import Markup

from generator.markup import html_text, text_direction
from generator.model import Claim, Source, Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n\s*")


def paragraphs(text: str) -> Iterator[Span]:
    """The spans of the text's paragraphs, without the blank lines between them."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            yield Span(start, match.start())
        start = match.end()
    end = len(text.rstrip())
    if end > start:
        yield Span(start, end)


def text_html(source: Source, claim_label: dict[str, str]) -> Markup:
    """The whole text of a source as an HTML block; ``claim_label`` names each claim's link."""
    assert source.text is not None
    quoted = [claim for claim in source.claims if claim.span is not None]
    blocks: list[str] = []
    folded: list[str] = []
    for paragraph in paragraphs(source.text):
        html = f"<p>{_paragraph_html(source.text, paragraph, quoted, claim_label)}</p>"
        if any(_overlaps(paragraph, span) for span in source.boilerplate):
            folded.append(html)
            continue
        blocks.extend(_fold(folded))
        folded = []
        blocks.append(html)
    blocks.extend(_fold(folded))
    return Markup(
        f'<div class="dossier-text" lang="{html_text(source.language)}" '
        f'dir="{text_direction(source.language)}">\n' + "\n".join(blocks) + "\n</div>"
    )


def _fold(folded: list[str]) -> list[str]:
    if not folded:
        return []
    return [
        '<details class="dossier-boilerplate" data-pagefind-ignore><summary>Page furniture '
        "(marked as boilerplate, folded)</summary>",
        *folded,
        "</details>",
    ]


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _paragraph_html(
    text: str, paragraph: Span, claims: list[Claim], claim_label: dict[str, str]
) -> str:
    inside = [c for c in claims if c.span is not None and _overlaps(c.span, paragraph)]
    cuts = {paragraph.start, paragraph.end}
    for claim in inside:
        assert claim.span is not None
        cuts.update(
            offset
            for offset in (claim.span.start, claim.span.end)
            if paragraph.start < offset < paragraph.end
        )
    bounds = sorted(cuts)
    parts = []
    for start, end in pairwise(bounds):
        covering = [c for c in inside if c.span and c.span.start <= start and end <= c.span.end]
        segment = _with_line_breaks(text[start:end])
        if covering:
            starting = [c for c in covering if c.span and c.span.start == start]
            anchors = "".join(f'<span id="quote-{c.id}"></span>' for c in starting)
            names = " ".join(c.id for c in covering)
            segment = f'{anchors}<mark class="dossier-quote" data-claims="{names}">{segment}</mark>'
        ending = [c for c in covering if c.span and c.span.end == end]
        segment += "".join(
            f'<a class="dossier-quote-ref" href="#claim-{c.id}" title="Go to the claim">'
            f"{html_text(claim_label[c.id])}</a>"
            for c in ending
        )
        parts.append(segment)
    return "".join(parts)


def _with_line_breaks(segment: str) -> str:
    return "<br>\n".join(str(html_text(line)) for line in segment.split("\n"))
