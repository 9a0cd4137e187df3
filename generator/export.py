"""Machine-readable exports of a dossier."""

from __future__ import annotations

import json
from typing import Any

from generator.model import Claim, Dossier, NumberRange, Source
from generator.times import PointInTime


def dossier_json(dossier: Dossier) -> str:
    """``dossier.json``: the whole validated dossier, with ``sources``, ``claims``,
    ``questions`` and ``timeline`` at the top level."""
    document = {
        "id": dossier.id,
        "title": dossier.title,
        "summary": dossier.summary,
        "start": dossier.start.iso(),
        "end": dossier.end.iso() if dossier.end else None,
        "tags": list(dossier.tags),
        "content_warnings": list(dossier.content_warnings),
        "questions": [
            {
                "id": q.id,
                "wording": q.wording,
                "kind": str(q.kind),
                "unit": q.unit,
                "choices": list(q.choices),
                "key": q.key,
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
            }
            for e in dossier.entities
        ],
        "sources": [_source(s) for s in dossier.sources],
        "claims": [_claim(c) for c in dossier.claims],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _time(time: PointInTime | None) -> dict[str, object] | None:
    return time.to_json() if time else None


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "outlet": source.outlet,
        "title": source.title,
        "author": source.author,
        "url": source.url,
        "archive_url": source.archive_url,
        "language": source.language,
        "published": _time(source.published),
        "updated": [t.to_json() for t in source.updated],
        "retrieved": source.retrieved.iso(),
        "sha256": source.sha256,
        "affiliation": source.affiliation,
        "content_warnings": list(source.content_warnings),
        "citation_only": source.citation_only,
        "text": source.text,
    }


def _claim(claim: Claim) -> dict[str, Any]:
    value: dict[str, Any] = {"label": claim.value_label()}
    if isinstance(claim.value, NumberRange):
        value |= {
            "min": claim.value.low,
            "max": claim.value.high,
            "min_inclusive": claim.value.low_inclusive,
            "max_inclusive": claim.value.high_inclusive,
        }
    elif isinstance(claim.value, PointInTime):
        value |= claim.value.to_json()
    else:
        value["text"] = claim.value
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
    return {
        "id": claim.id,
        "source": claim.source_id,
        "question": claim.question_id,
        "value": value,
        "as_of": _time(claim.as_of),
        "speaker": claim.speaker_id,
        "quote": quote,
        "paraphrase": claim.paraphrase,
        "entities": list(claim.entities),
        "note": claim.note,
    }
