"""A source text as HTML, with each claim's quote highlighted and boilerplate folded.

The text comes in the paragraphs of ``passages.paragraphs``. Inside each paragraph
the offsets where any quote starts or ends cut it into segments; a segment covered
by one or more quotes becomes a ``<mark>``, and after a quote's last segment a
small link leads to the claim it supports. Quotes may overlap. The paragraphs that
boilerplate folds (``Source.folded``) go into ``<details>``, never removed. Of a
source published as quotes only, only its quoted passages are written, and
``[…]`` stands where text is left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

from markupsafe import Markup

from generator.domain.model import Claim, Publication, Source, Span
from generator.domain.passages import paragraphs
from generator.render.markup import html_text, text_direction

_OMITTED = '<p class="dossier-omitted" data-pagefind-ignore>[…]</p>'
"""Where a source published as quotes only leaves out whole paragraphs."""


def text_html(source: Source, claim_label: dict[str, str]) -> Markup:
    """The text of a source that the site shows, as an HTML block; ``claim_label``
    names each claim's link."""
    text = source.text
    assert text is not None
    quoted = [claim for claim in source.claims if claim.span is not None]
    every = paragraphs(text)
    cut = source.publish is Publication.QUOTES
    blocks: list[str] = []
    folded: list[str] = []
    last_shown = -1
    next_block = 0  # the first folded block that does not end before this paragraph
    for index, paragraph, pieces in _shown_pieces(every, source.shown):
        while next_block < len(source.folded) and source.folded[next_block].end <= paragraph.start:
            next_block += 1
        if cut and index > last_shown + 1:
            blocks.extend(_fold(folded))
            folded = []
            blocks.append(_OMITTED)
        last_shown = index
        html = [
            f"<p>{'… ' if piece.start > paragraph.start else ''}"
            f"{_paragraph_html(text, piece, quoted, claim_label)}"
            f"{' …' if piece.end < paragraph.end else ''}</p>"
            for piece in pieces
        ]
        if next_block < len(source.folded) and _overlaps(source.folded[next_block], paragraph):
            folded.extend(html)
            continue
        blocks.extend(_fold(folded))
        folded = []
        blocks.extend(html)
    blocks.extend(_fold(folded))
    if cut and last_shown < len(every) - 1:
        blocks.append(_OMITTED)
    return Markup(
        f'<div class="dossier-text" lang="{html_text(source.language)}" '
        f'dir="{text_direction(source.language)}">\n' + "\n".join(blocks) + "\n</div>"
    )


def _shown_pieces(
    every: Sequence[Span], shown: Sequence[Span]
) -> Iterator[tuple[int, Span, list[Span]]]:
    """Each paragraph with something shown: its index, itself, and the parts of it
    shown. Both lists are in text order, so one pass over each suffices."""
    at = 0
    for index, paragraph in enumerate(every):
        while at < len(shown) and shown[at].end <= paragraph.start:
            at += 1
        pieces = []
        look = at
        while look < len(shown) and shown[look].start < paragraph.end:
            span = shown[look]
            pieces.append(Span(max(span.start, paragraph.start), min(span.end, paragraph.end)))
            look += 1
        if pieces:
            yield index, paragraph, pieces


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
        # A space keeps the label a word apart from the quote's last one, and the
        # label, a question's id, stays out of the search index.
        segment += "".join(
            f' <a class="dossier-quote-ref" data-pagefind-ignore href="#claim-{c.id}" '
            f'title="Go to the claim">{html_text(claim_label[c.id])}</a>'
            for c in ending
        )
        parts.append(segment)
    return "".join(parts)


def _with_line_breaks(segment: str) -> str:
    return "<br>\n".join(str(html_text(line)) for line in segment.split("\n"))
