"""The annotation format as JSON Schema: one truth for the validator and for editors.

The validator takes the keys each record may have from here, so a key cannot
be accepted by one and unknown to the other; ``dossier schema`` writes these
schemas for editors with the YAML language server, and the site publishes
them. The validator still checks what JSON Schema cannot say: quotes against
the text, ids against each other, times against the calendar.
"""

from __future__ import annotations

import json
from typing import Any

from generator.domain.model import (
    CREDIBILITY_SCALE,
    RELIABILITY_SCALE,
    EntityKind,
    Extent,
    Hedge,
    Publication,
    QuestionKind,
    RelationKind,
)
from generator.domain.times import DayPart, Precision
from generator.patterns import (
    ID_PATTERN,
    LANGUAGE_PATTERN,
    SHA256_PATTERN,
    URL_PATTERN,
    json_schema_pattern,
)

ID = {"type": "string", "pattern": json_schema_pattern(ID_PATTERN)}
TEXT = {"type": "string", "minLength": 1}
TEXT_LIST = {"type": "array", "items": TEXT}
ID_LIST = {"type": "array", "items": ID}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
URL = {"type": "string", "pattern": json_schema_pattern(URL_PATTERN)}
PRIVATE = {
    "description": "Working notes for the editors: left out of the site and the exports, "
    "but public in the repository and its git history. Never contacts, personal data or "
    "anything secret.",
    "type": ["object", "string", "array"],
}
TIME_TEXT = {
    "type": "string",
    "pattern": r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?)?)?)?$",
    "description": "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM.",
}


def _record(description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description}


DEFINITIONS: dict[str, dict[str, Any]] = {
    "time": {
        "description": "A time, only as precise as written; a clock time carries its UTC offset.",
        "anyOf": [
            TIME_TEXT,
            _record(
                "A time with more detail.",
                {
                    "at": TIME_TEXT,
                    "precision": {"enum": [p.value for p in Precision]},
                    "approximate": {"type": "boolean"},
                    "timezone": {"const": "unknown"},
                    "until": _described(TIME_TEXT, "The end of 'between at and until'."),
                    "after": _described(TIME_TEXT, "The time begins after this one ends."),
                    "before": _described(TIME_TEXT, "The time ends before this one begins."),
                    "part": {
                        "description": "The part of the day of a date ('Tuesday night').",
                        "enum": [part.value for part in DayPart],
                    },
                },
                ["at"],
            ),
        ],
    },
    "quote": _record(
        "The W3C TextQuoteSelector that finds a claim's words in the source text.",
        {
            "exact": _described(TEXT, "The exact words, character for character."),
            "prefix": {"type": "string", "description": "The text just before the words."},
            "suffix": {"type": "string", "description": "The text just after the words."},
        },
        ["exact"],
    ),
    "boilerplate": _record(
        "Page furniture in the text, folded on the page: a quote of it, or of every repeat.",
        {
            "exact": _described(TEXT, "The exact words, character for character."),
            "prefix": {"type": "string", "description": "The text just before the words."},
            "suffix": {"type": "string", "description": "The text just after the words."},
            "every": _described(
                {"type": "boolean"},
                "Fold every occurrence of the words, not only the one they pick.",
            ),
        },
        ["exact"],
    ),
    "number": _record(
        "A number with bounds: one of at_least, more_than, at_most, less_than, about, nearly, "
        "or min and max.",
        {
            key: {"type": "number"}
            for key in ("at_least", "more_than", "at_most", "less_than", "about", "nearly")
        }
        | {"min": {"type": "number"}, "max": {"type": "number"}},
        [],
    ),
    "review": _record(
        "The dossier's own rating of a claim, published as ClaimReview.",
        {
            "rating": {"type": "integer"},
            "best": {"type": "integer"},
            "worst": {"type": "integer"},
            "label": TEXT,
            "date": DATE,
            "explanation": TEXT,
        },
        ["rating", "best", "worst", "label", "date"],
    ),
    "question": _record(
        "Something the dossier asks of every source.",
        {
            "id": ID,
            "wording": TEXT,
            "label": _described(
                TEXT, "A few words for the matrix's column header (Killed), the wording on hover."
            ),
            "kind": {"enum": [k.value for k in QuestionKind]},
            "unit": _described(
                TEXT,
                "Number questions only: people, minutes, cm, ... (a unit of the table in the "
                "format guide, for claims given in another unit).",
            ),
            "choices": {
                "description": "Choice questions only: the possible answers, each an id or "
                "an id with the label readers see.",
                "type": "array",
                "items": {"anyOf": [ID, {"$ref": "#/$defs/choice"}]},
            },
            "key": _described({"type": "boolean"}, "Shown on the overview."),
            "evolves": _described(
                {"type": "boolean"},
                "The answer is established over time (a toll): later figures overtake "
                "earlier ones.",
            ),
        },
        ["id", "wording", "kind"],
    ),
    "choice": _record(
        "A choice with the label readers see; the id stays the key claims use.",
        {"id": ID, "label": TEXT},
        ["id", "label"],
    ),
    "event": _record(
        "A step of what happened, on the event timeline.",
        {
            "id": ID,
            "time": {"$ref": "#/$defs/time"},
            "title": TEXT,
            "description": TEXT,
            "entities": ID_LIST,
            "evidence": _described(ID_LIST, "The claims and sources that establish the event."),
        },
        ["id", "time", "title"],
    ),
    "entity": _record(
        "A person, organisation or place that claims and events name.",
        {
            "id": ID,
            "name": TEXT,
            "kind": {"enum": [k.value for k in EntityKind]},
            "aliases": TEXT_LIST,
            "description": TEXT,
            "role": _described(TEXT, "A few words shown with the name: 'Interior Minister'."),
            "speaks_for": _described(
                ID, "The organisation this person or body speaks for: one voice with it."
            ),
            "part_of": _described(
                ID, "The organisation this one is part of or run by: one voice with it."
            ),
            "stands_for": _described(
                ID, "The known body this unnamed group stands for: one voice with it."
            ),
        },
        ["id", "name", "kind"],
    ),
    "claim": _record(
        "What one source says in answer to one question.",
        {
            "id": _described(ID, "Unique in the whole dossier."),
            "question": ID,
            "value": {
                "description": "A number or {at_least: ...}, a time, a choice id, or text.",
                "anyOf": [
                    {"type": "number"},
                    {"$ref": "#/$defs/number"},
                    {"$ref": "#/$defs/time"},
                    TEXT,
                ],
            },
            "relation": _described(
                {"enum": [kind.value for kind in RelationKind]},
                "Instead of a value: what the claim does to its target.",
            ),
            "target": _described(
                ID, "With relation: the claim it concerns; absent, the current answer."
            ),
            "hedge": {
                "description": "How sure the source says it is.",
                "anyOf": [
                    {"enum": [hedge.value for hedge in Hedge]},
                    {"type": "array", "items": {"enum": [hedge.value for hedge in Hedge]}},
                ],
            },
            "as_of": _described({"$ref": "#/$defs/time"}, "When the claim holds."),
            "speaker": _described(
                ID, "The entity the source attributes the claim to; unknown when it names none."
            ),
            "relay": _described(
                ID_LIST,
                "The entities or sources that passed the claim on between its speaker and "
                "the source, the nearest to the speaker first.",
            ),
            "quote": {"anyOf": [TEXT, {"$ref": "#/$defs/quote"}]},
            "paraphrase": _described(TEXT, "Our wording, for a source whose text we lack."),
            "lang": {
                "description": "The language of the quote or paraphrase, when not the "
                "default: the source's for a quote, English for a paraphrase.",
                "type": "string",
                "pattern": json_schema_pattern(LANGUAGE_PATTERN),
            },
            "translation": _described(
                TEXT, "Our English translation of a quote or paraphrase in another language."
            ),
            "unit": _described(
                TEXT, "The unit the source gave the number in, when not the question's."
            ),
            "entities": ID_LIST,
            "note": TEXT,
            "credibility": {"enum": sorted(CREDIBILITY_SCALE)},
            "review": {"$ref": "#/$defs/review"},
            "private": PRIVATE,
        },
        ["id", "question"],
    )
    | {"oneOf": [{"required": ["value"]}, {"required": ["relation"]}]},
}

DOSSIER = _record(
    "A dossier: seeds/<dossier>/dossier.yml.",
    {
        "title": TEXT,
        "summary": TEXT,
        "start": DATE,
        "end": DATE,
        "timezone": _described(
            TEXT, "The IANA name of the event's own clock (Asia/Tehran): every time is shown on it."
        ),
        "tags": ID_LIST,
        "example": _described(
            {"type": "boolean"}, "An invented example: marked, and listed after the real dossiers."
        ),
        "content_warnings": TEXT_LIST,
        "questions": {"type": "array", "items": {"$ref": "#/$defs/question"}},
        "events": {"type": "array", "items": {"$ref": "#/$defs/event"}},
        "entities": {"type": "array", "items": {"$ref": "#/$defs/entity"}},
        "private": PRIVATE,
    },
    ["title", "summary", "start"],
)

SOURCE = _record(
    "A source: seeds/<dossier>/sources/<source>.yml.",
    {
        "outlet": TEXT,
        "title": TEXT,
        "author": TEXT,
        "url": URL,
        "archive_url": URL,
        "mirror_url": _described(
            URL, "Where the text was read, when not at 'url': a copy of the page elsewhere."
        ),
        "mirror_outlet": _described(
            TEXT, "Who published the copy at 'mirror_url'; 'outlet' is the original's."
        ),
        "language": {"type": "string", "pattern": json_schema_pattern(LANGUAGE_PATTERN)},
        "published": {"anyOf": [{"const": "unknown"}, {"$ref": "#/$defs/time"}]},
        "updated": {"type": "array", "items": {"$ref": "#/$defs/time"}},
        "retrieved": DATE,
        "sha256": {"type": "string", "pattern": json_schema_pattern(SHA256_PATTERN)},
        "extent": _described(
            {"enum": [extent.value for extent in Extent]},
            "How much of the article the text holds: full (the default), partial (a copy "
            "cut short) or excerpt (chosen parts only).",
        ),
        "publish": _described(
            {"enum": [publication.value for publication in Publication]},
            "How much of the text the site shows: text (all of it, the default) or quotes "
            "(the quoted passages with some context; the text is still checked and hashed).",
        ),
        "affiliation": TEXT,
        "depends_on": _described(ID, "An entity or source this source relies on."),
        "reliability": {"enum": sorted(RELIABILITY_SCALE)},
        "content_warnings": TEXT_LIST,
        "boilerplate": {"type": "array", "items": {"$ref": "#/$defs/boilerplate"}},
        "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
        "private": PRIVATE,
    },
    ["outlet", "title", "url", "language", "published", "retrieved"],
)

_RECORDS: dict[str, dict[str, Any]] = {"dossier": DOSSIER, "source": SOURCE, **DEFINITIONS}


def keys(record: str) -> tuple[str, ...]:
    """The keys a record may have, in the order the format documents them."""
    schema = _RECORDS[record]
    if "properties" not in schema:
        schema = next(option for option in schema["anyOf"] if "properties" in option)
    return tuple(schema["properties"])


def json_schema(record: str) -> str:
    """The JSON Schema of ``dossier.yml`` (``"dossier"``) or of a source (``"source"``)."""
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{record}.schema.json",
        "title": f"Research dossier {record} annotation",
        **_RECORDS[record],
        "$defs": DEFINITIONS,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
