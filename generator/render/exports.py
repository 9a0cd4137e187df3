"""Machine-readable exports of a dossier.

Each function returns the text of one file published next to the dossier's
pages, at ``/dossiers/<dossier>/<file>`` (see ``docs/guide/exports.md``):

- :func:`dossier_json`: ``dossier.json``, the whole validated dossier;
- :func:`claims_csv`: ``claims.csv``, one row per claim, for spreadsheets;
- :func:`timeline_json`: ``timeline.json``, events and reporting in the TimelineJS3 format;
- :func:`claim_review_jsonld`: ``claimreview.json``, schema.org ClaimReview for rated claims.
"""

from __future__ import annotations

import csv
import html
import io
import json
import unicodedata
from collections.abc import Callable
from typing import Any

from generator.domain.compare import QuestionSummary, holds_as_of, summarise
from generator.domain.model import (
    Claim,
    Dossier,
    EntityKind,
    NumberRange,
    Publication,
    Question,
    Review,
    Source,
    TieKind,
)
from generator.domain.times import PointInTime, Precision, time_label
from generator.domain.voices import Voices


def dossier_json(dossier: Dossier) -> str:
    """``dossier.json``: the whole validated dossier, with ``sources``, ``claims``,
    ``questions`` and ``timeline`` at the top level."""
    voices = Voices(dossier)
    document = {
        "id": dossier.id,
        "title": dossier.title,
        "summary": dossier.summary,
        "start": dossier.start.iso(),
        "end": dossier.end.iso() if dossier.end else None,
        "timezone": dossier.timezone,
        "tags": list(dossier.tags),
        "example": dossier.example,
        "content_warnings": list(dossier.content_warnings),
        "questions": [
            {
                "id": q.id,
                "wording": q.wording,
                "label": q.short_label,
                "kind": str(q.kind),
                "unit": q.unit,
                "choices": list(q.choices),
                "choice_labels": {choice: q.choice_label(choice) for choice in q.choices},
                "key": q.key,
                "evolves": q.evolves,
            }
            for q in dossier.questions
        ],
        "timeline": [
            {
                "id": e.id,
                "time": e.time.to_json(),
                "title": e.title,
                "description": e.description,
                "entities": list(e.entities),
                "evidence": list(e.evidence),
            }
            for e in dossier.events
        ],
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "kind": str(e.kind),
                "aliases": list(e.aliases),
                "description": e.description,
                "role": e.role,
            }
            | {
                str(kind): e.tie.entity if e.tie is not None and e.tie.kind is kind else None
                for kind in TieKind
            }
            for e in dossier.entities
        ],
        "sources": [_source(s) for s in dossier.sources],
        "claims": [_claim(dossier, voices, c) for c in dossier.claims],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _time(time: PointInTime | None) -> dict[str, object] | None:
    return time.to_json() if time else None


def _text(word: object | None) -> str | None:
    return None if word is None else str(word)


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "outlet": source.outlet,
        "title": source.title,
        "author": source.author,
        "url": source.url,
        "archive_url": source.archive_url,
        "mirror_url": source.mirror_url,
        "mirror_outlet": source.mirror_outlet,
        "language": source.language,
        "published": _time(source.published),
        "updated": [t.to_json() for t in source.updated],
        "retrieved": source.retrieved.iso(),
        "sha256": source.sha256,
        "affiliation": source.affiliation,
        "depends_on": source.depends_on,
        "reliability": source.reliability,
        "content_warnings": list(source.content_warnings),
        "citation_only": source.citation_only,
        "extent": None if source.citation_only else str(source.extent),
        "publish": None if source.citation_only else str(source.publish),
        "text": source.text if source.publish is Publication.TEXT else None,
        "passages": [
            {"start": span.start, "end": span.end, "text": source.text[span.start : span.end]}
            for span in source.passages
            if source.text is not None
        ],
    }


def _value(question: Question, claim: Claim) -> dict[str, Any] | None:
    """A claim's value with its parts, a number in the question's unit and, when the
    source gave another, as it was ``stated``; ``None`` for a relation."""
    if claim.value is None:
        return None
    value: dict[str, Any] = {"label": question.value_label(claim)}
    if isinstance(claim.value, NumberRange):
        value |= {
            "min": claim.value.low,
            "max": claim.value.high,
            "min_inclusive": claim.value.low_inclusive,
            "max_inclusive": claim.value.high_inclusive,
            "approximation": _text(claim.value.approximation),
            "stated": None
            if claim.stated is None
            else {"unit": claim.unit, "min": claim.stated.low, "max": claim.stated.high},
        }
    elif isinstance(claim.value, PointInTime):
        value |= claim.value.to_json()
    else:
        value["text"] = claim.value
    return value


def _claim(dossier: Dossier, voices: Voices, claim: Claim) -> dict[str, Any]:
    quote = None
    if claim.quote is not None and claim.span is not None:
        quote = {
            "type": "TextQuoteSelector",
            "exact": claim.quote.exact,
            "prefix": claim.quote.prefix,
            "suffix": claim.quote.suffix,
            "start": claim.span.start,
            "end": claim.span.end,
        }
    speaker = voices.speaker(claim)
    return {
        "id": claim.id,
        "source": claim.source_id,
        "question": claim.question_id,
        "value": _value(dossier.question(claim.question_id), claim),
        "relation": None
        if claim.relation is None
        else {"kind": str(claim.relation.kind), "target": claim.relation.target},
        "hedges": [str(hedge) for hedge in claim.hedges],
        "as_of": _time(claim.as_of),
        "speaker": speaker.entity_id,
        "speaker_unnamed": speaker.unnamed,
        "relay": list(claim.relay),
        "origin": voices.origin(claim),
        "quote": quote,
        "paraphrase": claim.paraphrase,
        "lang": claim.language(dossier.source(claim.source_id)),
        "translation": claim.translation,
        "entities": list(claim.entities),
        "note": claim.note,
        "credibility": claim.credibility,
        "review": None
        if claim.review is None
        else {
            "rating": claim.review.rating,
            "best": claim.review.best,
            "worst": claim.review.worst,
            "label": claim.review.label,
            "date": claim.review.date.iso(),
            "explanation": claim.review.explanation,
        },
    }


CLAIMS_CSV_COLUMNS = (
    "claim_id",
    "source_id",
    "outlet",
    "speaker_id",
    "speaker_name",
    "origin",
    "question_id",
    "question",
    "value",
    "min",
    "max",
    "min_inclusive",
    "max_inclusive",
    "unit",
    "as_of",
    "as_of_precision",
    "quote",
    "paraphrase",
    "credibility",
    "source_reliability",
    "superseded",
    "state",
    "overtaken_by",
    "approximation",
    "hedge",
    "relation",
    "relation_target",
    "note",
    "as_of_label",
    "as_of_approximate",
    "as_of_from",
    "source_published",
    "agreement",
    "value_label",
    "stated_value",
    "stated_unit",
    "relay",
    "lang",
    "translation",
)
"""The columns of ``claims.csv``, in order; new ones are added at the end."""

_NUMERIC_COLUMNS = frozenset({"min", "max"})
"""Columns holding numbers this module writes itself; exempt from the formula guard."""

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read a cell as a formula (OWASP)."""

_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf"})
"""Controls and invisible format characters (zero-width space, byte order mark,
direction marks), which a spreadsheet may drop before it reads a cell, as it may
drop spaces."""


def claims_csv(dossier: Dossier) -> str:
    """claims.csv: one row per claim."""
    voices = Voices(dossier)
    summaries = {summary.question.id: summary for summary in summarise(dossier, voices)}
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    # Python 3.11's csv module quotes a field holding "\n" (the line terminator) but
    # not one holding a lone "\r", which readers take as the end of a row; such
    # rows are written with every field quoted.
    quote_all = csv.writer(output, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CLAIMS_CSV_COLUMNS)
    for claim in dossier.claims:
        row = _claim_row(dossier, voices, claim, summaries[claim.question_id])
        cells = [
            row[column] if column in _NUMERIC_COLUMNS else _neutralise_formula(row[column])
            for column in CLAIMS_CSV_COLUMNS
        ]
        (quote_all if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return output.getvalue()


def _claim_row(
    dossier: Dossier, voices: Voices, claim: Claim, summary: QuestionSummary
) -> dict[str, str]:
    source = dossier.source(claim.source_id)
    question = dossier.question(claim.question_id)
    value = claim.value
    low = high = low_inclusive = high_inclusive = ""
    if isinstance(value, NumberRange):
        low, high = _csv_number(value.low), _csv_number(value.high)
        # An open side has no bound, so "inclusive" says nothing about it: left empty.
        low_inclusive = _csv_bool(value.low_inclusive) if value.low is not None else ""
        high_inclusive = _csv_bool(value.high_inclusive) if value.high is not None else ""
    holds = holds_as_of(dossier, claim)
    overtaking = summary.overtaken.get(claim.id)
    relation = claim.relation
    speaker = voices.speaker(claim)
    return {
        "claim_id": claim.id,
        "source_id": source.id,
        "outlet": source.outlet,
        "speaker_id": speaker.entity_id or "",
        "speaker_name": speaker.label,
        "origin": voices.origin(claim),
        "question_id": question.id,
        "question": question.wording,
        "value": claim.value_label(),
        "min": low,
        "max": high,
        "min_inclusive": low_inclusive,
        "max_inclusive": high_inclusive,
        "unit": question.unit or "",
        "as_of": holds.iso() if holds is not None else "",
        "as_of_precision": str(holds.precision) if holds is not None else "",
        "quote": claim.quote.exact if claim.quote is not None else "",
        "paraphrase": claim.paraphrase or "",
        "credibility": str(claim.credibility) if claim.credibility is not None else "",
        "source_reliability": source.reliability or "",
        "superseded": _csv_bool(claim.id in summary.superseded),
        # A relation claim has no value, so it is neither current nor overtaken.
        "state": "" if relation is not None else str(summary.state(claim)),
        "overtaken_by": overtaking.by if overtaking is not None else "",
        "approximation": str(value.approximation or "") if isinstance(value, NumberRange) else "",
        "hedge": claim.hedge_label,
        "relation": str(relation.kind) if relation is not None else "",
        "relation_target": (relation.target or "") if relation is not None else "",
        "note": claim.note or "",
        # What the pages show beside the value: the time in words, on the dossier's
        # clock, whose time it is, when the source appeared, and the question's status.
        "as_of_label": time_label(holds, dossier.clock) if holds is not None else "",
        "as_of_approximate": _csv_bool(holds.approximate) if holds is not None else "",
        "as_of_from": "" if holds is None else ("claim" if claim.as_of else "source"),
        "source_published": source.published.iso() if source.published is not None else "",
        "agreement": str(summary.agreement),
        "value_label": question.value_label(claim) if relation is None else "",
        "stated_value": claim.stated.label() if claim.stated is not None else "",
        "stated_unit": claim.unit or "",
        "relay": " ".join(claim.relay),
        "lang": claim.language(source),
        "translation": claim.translation or "",
    }


def _csv_number(number: int | float | None) -> str:
    """A number as a spreadsheet reads it: ``84``, not ``84.0``; empty when absent."""
    if number is None:
        return ""
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return repr(number)


def _csv_bool(flag: bool) -> str:
    return "true" if flag else "false"


def _neutralise_formula(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet might run as a formula."""
    return "'" + cell if _reads_as_formula(cell) else cell


def _reads_as_formula(cell: str) -> bool:
    """Whether a trigger comes before the cell's first visible character, or is it.

    Spreadsheets differ in what they skip at the start of a cell, and some fold
    full-width and small forms (``＝``, ``﹢``) into the ASCII ones; so any space
    or invisible character may come before the trigger, which is looked for in
    the NFKC form of the characters up to the first visible one.
    """
    visible = next(
        (
            index
            for index, character in enumerate(cell)
            if not character.isspace()
            and unicodedata.category(character) not in _SKIPPED_CATEGORIES
        ),
        len(cell),
    )
    lead = unicodedata.normalize("NFKC", cell[: visible + 1])
    return any(trigger in lead for trigger in _FORMULA_TRIGGERS)


_TIMELINE_DATE_PARTS = (
    ("year", Precision.YEAR),
    ("month", Precision.MONTH),
    ("day", Precision.DAY),
    ("hour", Precision.HOUR),
    ("minute", Precision.MINUTE),
)
"""TimelineJS date fields, each written only when the time is that precise."""


def timeline_json(dossier: Dossier) -> str:
    """timeline.json in the TimelineJS3 JSON format."""
    slides = [
        _slide(f"event-{event.id}", event.time, event.title, event.description or "", "Events")
        for event in dossier.events
    ]
    for source in dossier.sources:
        if source.published is not None:
            headline = f"{source.outlet} publishes “{source.title}”"
            slides.append(
                _slide(f"published-{source.id}", source.published, headline, "", "Reporting")
            )
        for number, updated in enumerate(source.updated, start=1):
            headline = f"{source.outlet} updates “{source.title}”"
            slides.append(
                _slide(f"updated-{source.id}-{number}", updated, headline, "", "Reporting")
            )
    slides.sort(key=lambda slide: (slide[0].sort_key(), slide[1]["unique_id"]))
    document = {
        "title": {
            "text": {"headline": html.escape(dossier.title), "text": html.escape(dossier.summary)}
        },
        "events": [slide for _, slide in slides],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _slide(
    unique_id: str, time: PointInTime, headline: str, text: str, group: str
) -> tuple[PointInTime, dict[str, Any]]:
    """A TimelineJS slide, with its time for sorting; ``headline`` and ``text`` are
    plain text and escaped here, since TimelineJS shows them as HTML."""
    start_date: dict[str, Any] = {
        name: getattr(time, name)
        for name, precision in _TIMELINE_DATE_PARTS
        if time.precision.rank >= precision.rank
    }
    # TimelineJS has no timezones: the clock time is local as written, and the
    # label names the UTC offset (or says the timezone is unknown).
    start_date["display_date"] = html.escape(time.label())
    slide = {
        "unique_id": unique_id,
        "start_date": start_date,
        "text": {"headline": html.escape(headline), "text": html.escape(text)},
        "group": group,
    }
    return time, slide


CLAIM_REVIEW_AUTHOR = "Research dossiers"
"""The organisation named as the author of every ClaimReview."""


def has_claim_reviews(dossier: Dossier) -> bool:
    """Whether the dossier rates a claim, and so has a ClaimReview export."""
    return any(claim.review is not None for claim in dossier.claims)


def claim_review_jsonld(dossier: Dossier, page_url: Callable[[Claim], str]) -> str:
    """ClaimReview JSON-LD for the claims the dossier rates (claim.review is set);
    see ``has_claim_reviews``.

    ``page_url`` gives the address of the page that shows a claim's rating. Google
    requires an absolute one (``https://...``), which the pipeline gives when the
    site's address (``site_url``) is known; without it, the address is relative,
    and is read against the address of the JSON-LD file itself, in the same folder
    as the dossier's pages.
    """
    reviews = [
        _claim_review(dossier, claim, claim.review, page_url(claim))
        for claim in dossier.claims
        if claim.review is not None
    ]
    text = json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    # "<", ">" and "&" occur only inside JSON strings; written as \u escapes they
    # keep the same value, and the text can be put in a <script> element as it is.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _claim_review(dossier: Dossier, claim: Claim, review: Review, url: str) -> dict[str, Any]:
    source = dossier.source(claim.source_id)
    if claim.speaker_id is not None:
        speaker = dossier.entity(claim.speaker_id)
        kind = "Person" if speaker.kind is EntityKind.PERSON else "Organization"
        claim_author = {"@type": kind, "name": speaker.name}
    else:
        claim_author = {"@type": "Organization", "name": source.outlet}
    item: dict[str, Any] = {"@type": "Claim", "author": claim_author}
    holds = holds_as_of(dossier, claim)
    if holds is not None:
        item["datePublished"] = holds.iso()
    item["appearance"] = {
        "@type": "CreativeWork",
        "url": source.url,
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.outlet},
    }
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": _claim_words(claim),
        "datePublished": review.date.iso(),
        "author": {"@type": "Organization", "name": CLAIM_REVIEW_AUTHOR},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": review.rating,
            "bestRating": review.best,
            "worstRating": review.worst,
            "alternateName": review.label,
        },
        "itemReviewed": item,
    }
    if review.explanation:
        document["reviewBody"] = review.explanation
    return document


def _claim_words(claim: Claim) -> str:
    """The claim as its source put it: the quote, else our paraphrase, else its value."""
    if claim.quote is not None:
        return claim.quote.exact
    return claim.paraphrase or claim.value_label()
