"""Turn what ``generator.read`` read into the typed model, reporting every problem at once.

Each record type has one function that reads its keys through ``_Fields``,
which knows the allowed keys, reports unknown and missing ones, and checks
types; cross-references (a claim's question, speaker and entities) are
checked once every id is known. Problems are collected, never raised one
by one, so that a contributor sees all of them in a single run.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.diagnostics import DiagnosticSink, DossierError, Location
from generator.domain import passages
from generator.domain.anchor import AnchorError, anchor_quote, find_quote
from generator.domain.model import (
    CREDIBILITY_SCALE,
    EDITORS_LANGUAGE,
    RELIABILITY_SCALE,
    Approximation,
    Claim,
    Dossier,
    Entity,
    EntityKind,
    Event,
    Extent,
    Hedge,
    NumberRange,
    Publication,
    Question,
    QuestionKind,
    Quote,
    Relation,
    RelationKind,
    Review,
    Source,
    Span,
    Tie,
    TieKind,
    Value,
)
from generator.domain.times import DayPart, PointInTime, Precision, parse_time
from generator.domain.units import convert, find_unit, known_units
from generator.patterns import (
    ID_PATTERN,
    ID_RULE,
    LANGUAGE_PATTERN,
    SHA256_PATTERN,
    URL_PATTERN,
)
from generator.read.seeds import RawDossier, RawSource
from generator.read.yaml import YamlList, YamlMap, decode_utf8, refuse_characters
from generator.validate import schema

T = TypeVar("T")

MAX_LINE_CHARACTERS = 100_000
"""A longer line in a source text is page markup or data, not an article."""

MAX_CLAIMS_PER_SOURCE = 1_000
"""A source making more claims than this is a collection of sources. The limit bounds
``dossier check``: each quote is looked for in the whole text, so a source costs its
claims times its text."""

NUMBER_DIGITS = 15
"""A number answer lies within 10**NUMBER_DIGITS of 0, is 0 or no closer to 0 than
10**-NUMBER_DIGITS, and has at most NUMBER_DIGITS significant digits. A float holds
every such decimal exactly as written (15 is DBL_DIG), whole numbers in that range
are exact (10**15 < 2**53), and the sums, midpoints and axis steps the chart and the
comparisons compute from them stay finite, normal floats: 1e308 would overflow and
5e-324 vanish. No toll, sum or share is bigger or finer."""

_NUMBER_BOUNDS = {
    "at_least": (True, True),
    "more_than": (True, False),
    "at_most": (False, True),
    "less_than": (False, False),
}

_APPROXIMATIONS = frozenset(approximation.value for approximation in Approximation)


class _Fields:
    """Reads one YAML mapping's keys, reporting unknown, missing and mistyped ones."""

    def __init__(
        self, mapping: YamlMap, sink: DiagnosticSink, what: str, keys: Iterable[str]
    ) -> None:
        self.mapping = mapping
        self.sink = sink
        self.what = what
        allowed = tuple(keys)
        for key in mapping:
            if key not in allowed:
                sink.error(
                    mapping.key_locations[key],
                    f"unknown key {key!r} in {what}; expected one of: {', '.join(allowed)}",
                )

    def location(self, key: str) -> Location:
        return self.mapping.value_locations.get(key, self.mapping.location)

    def error(self, key: str, message: str) -> None:
        self.sink.error(self.location(key), message)

    def present(self, key: str) -> bool:
        return self.mapping.get(key) is not None

    def raw(self, key: str, *, required: bool = False) -> Any:
        value = self.mapping.get(key)
        if value is None and required:
            self.sink.error(self.mapping.location, f"{self.what} needs {key!r}; add it")
        return value

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(key, f"{key!r} must be non-empty text; quote it if YAML reads it otherwise")
            return None
        return value

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, f"{key!r} must be true or false")
            return False
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        return tuple(item for item, _ in self.items(key, str, "text"))

    def items(self, key: str, kind: type[T], described: str) -> list[tuple[T, Location]]:
        """The items of a list, each with its location; items of another type are reported."""
        value = self.raw(key)
        if value is None:
            return []
        if not isinstance(value, YamlList):
            self.error(key, f"{key!r} must be a list")
            return []
        result = []
        for item, location in zip(value, value.item_locations, strict=True):
            if isinstance(item, kind) and not isinstance(item, bool):
                result.append((item, location))
            else:
                self.sink.error(location, f"each item of {key!r} must be {described}")
        return result

    def identifier(self, key: str = "id") -> str | None:
        value = self.text(key, required=True)
        if value is not None and not ID_PATTERN.fullmatch(value):
            self.error(key, f"{value!r} is not an id ({ID_RULE})")
            return None
        return value

    def choice(self, key: str, options: type[T], *, required: bool = True) -> T | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            return options(value)  # type: ignore[call-arg]
        except ValueError:
            names = ", ".join(str(option) for option in options)  # type: ignore[attr-defined]
            self.error(key, f"{key!r} must be one of {names}, not {value!r}")
            return None

    def time(self, key: str, *, required: bool = False, unknown_allowed: bool = False) -> Any:
        """A point in time; ``"unknown"`` when allowed and written so; ``None`` when absent."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        if unknown_allowed and value == "unknown":
            return "unknown"
        return read_time(value, self.location(key), self.sink)

    def date(self, key: str, *, required: bool = False) -> PointInTime | None:
        value = self.time(key, required=required)
        if value is not None and value.precision is not Precision.DAY:
            self.error(key, f"{key!r} must be a date written YYYY-MM-DD")
            return None
        return value  # type: ignore[no-any-return]


def read_time(value: Any, location: Location, sink: DiagnosticSink) -> PointInTime | None:
    """A time written as an ISO 8601 string or as ``{at, precision, approximate, timezone}``."""
    if isinstance(value, str):
        try:
            return parse_time(value)
        except ValueError as exc:
            sink.error(location, str(exc))
            return None
    if not isinstance(value, YamlMap):
        sink.error(location, "a time must be text such as \"2024-01-03\" or a mapping with 'at'")
        return None
    fields = _Fields(value, sink, "a time", schema.keys("time"))
    at = fields.text("at", required=True)
    precision = fields.text("precision")
    zone = fields.text("timezone")
    if zone is not None and zone != "unknown":
        fields.error("timezone", "'timezone' can only be 'unknown'; put a known UTC offset in 'at'")
    part = fields.choice("part", DayPart, required=False)
    bounds = {key: _time_bound(fields, key) for key in ("until", "after", "before")}
    if at is None:
        return None
    try:
        time = parse_time(
            at,
            precision=precision,
            approximate=fields.flag("approximate"),
            timezone_unknown=zone == "unknown",
        )
    except ValueError as exc:
        sink.error(fields.location("at"), str(exc))
        return None
    return _vague_time(time, part, bounds, fields)


def _time_bound(fields: _Fields, key: str) -> PointInTime | None:
    """``until``, ``after`` or ``before`` of a vague time: a time written as text."""
    text = fields.text(key)
    if text is None:
        return None
    try:
        return parse_time(text)
    except ValueError as exc:
        fields.error(key, str(exc))
        return None


def _vague_time(
    time: PointInTime,
    part: DayPart | None,
    bounds: dict[str, PointInTime | None],
    fields: _Fields,
) -> PointInTime | None:
    """The time narrowed or widened as written, once its interval is known to make sense."""
    if part is not None and time.precision is not Precision.DAY:
        fields.error("part", "'part' of a day goes with a date written YYYY-MM-DD")
        return None
    for key, bound in bounds.items():
        offsets = (time.utc_offset, bound.utc_offset) if bound is not None else (None, None)
        if None not in offsets and offsets[0] != offsets[1]:
            fields.error(key, f"write {key!r} with the same UTC offset as 'at'")
            return None
    until = bounds["until"]
    if until is not None and until.bounds()[0] < time.bounds()[0]:
        fields.error("until", "'until' is the end of the interval; it cannot begin before 'at'")
        return None
    vague = replace(time, part=part, until=until, after=bounds["after"], before=bounds["before"])
    start, end = vague.bounds()
    if start >= end:
        key = "before" if bounds["before"] is not None else "after"
        fields.error(key, f"'after' and 'before' leave no time within {time.label()}; check them")
        return None
    return vague


def _mappings(
    value: Any, location: Location, sink: DiagnosticSink, what: str
) -> list[tuple[YamlMap, Location]]:
    """The mappings of a list of records; anything else is reported."""
    if value is None:
        return []
    if not isinstance(value, YamlList):
        sink.error(location, f"{what} must be a list")
        return []
    found = []
    for item, item_location in zip(value, value.item_locations, strict=True):
        if isinstance(item, YamlMap):
            found.append((item, item_location))
        else:
            sink.error(item_location, f"each item of {what} must be a mapping of keys")
    return found


def _unique(
    records: list[tuple[T, Location]], key: Callable[[T], str], what: str, sink: DiagnosticSink
) -> list[T]:
    """Keep the first record of each id; report the others."""
    seen: dict[str, Location] = {}
    kept = []
    for record, location in records:
        ident = key(record)
        if ident in seen:
            first = seen[ident]
            sink.error(
                location,
                f"duplicate {what} id {ident!r} (first at {first.path}:{first.line}); "
                "ids must be unique",
            )
            continue
        seen[ident] = location
        kept.append(record)
    return kept


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Identified)


def _records(fields: _Fields, key: str, what: str, read: Callable[[YamlMap], R | None]) -> list[R]:
    """Read a list of records under ``key``, keeping the first record of each id."""
    items = _mappings(fields.raw(key), fields.location(key), fields.sink, repr(key))
    read_records = [(record, location) for item, location in items if (record := read(item))]
    return _unique(read_records, lambda record: record.id, what, fields.sink)


def validate_dossier(raw: RawDossier, sink: DiagnosticSink) -> Dossier | None:
    """Check one dossier and build its model; ``None`` when its top level is unusable."""
    document = raw.document
    if not raw.readable:
        return None
    if not isinstance(document, YamlMap):
        sink.error(Location(raw.path), "dossier.yml must be a mapping of keys (title, ...)")
        return None
    fields = _Fields(document, sink, "dossier.yml", schema.keys("dossier"))
    ties: dict[str, Location] = {}
    entities = _records(fields, "entities", "entity", lambda item: _entity(item, ties, sink))
    entities = _checked_ties(entities, ties, sink)
    entity_ids = {entity.id for entity in entities}
    questions = _records(fields, "questions", "question", lambda item: _question(item, sink))
    context = _ClaimContext(
        {q.id: q for q in questions}, entity_ids, {source.id for source in raw.sources}
    )
    events = _records(
        fields, "events", "event", lambda item: _event(item, entity_ids, context, sink)
    )
    sources = [
        source for raw_source in raw.sources if (source := _source(raw_source, context, sink))
    ]
    _unique(context.claim_locations, lambda claim_id: claim_id, "claim", sink)
    claims = {claim.id: claim for source in sources for claim in source.claims}
    _check_targets(context, claims, sink)
    events = [_checked_evidence(event, context, claims, sources, sink) for event in events]
    title = fields.text("title", required=True)
    summary = fields.text("summary", required=True)
    start = fields.date("start", required=True)
    end = fields.date("end")
    zone = _timezone(fields)
    tags, warnings = _tags(fields, sink), fields.text_list("content_warnings")
    example = fields.flag("example")
    if title is None or summary is None or start is None:
        return None
    return Dossier(
        id=raw.id,
        title=title,
        summary=summary,
        start=start,
        end=end,
        tags=tags,
        content_warnings=warnings,
        questions=tuple(questions),
        events=tuple(sorted(events, key=lambda event: (event.time.sort_key(), event.id))),
        entities=tuple(sorted(entities, key=lambda entity: entity.id)),
        sources=tuple(sources),
        timezone=zone,
        example=example,
    )


def _timezone(fields: _Fields) -> str | None:
    name = fields.text("timezone")
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        fields.error(
            "timezone",
            f"{name!r} is not an IANA timezone name; write one such as Asia/Tehran or "
            "Europe/Paris (the place's zone, not an offset: offsets change with the season)",
        )
        return None
    return name


def _check_targets(context: _ClaimContext, claims: dict[str, Claim], sink: DiagnosticSink) -> None:
    """A relation's target is another claim with a value, on the same question."""
    for claim_id, question_id, target, location in context.targets:
        found = claims.get(target)
        if found is None:
            sink.error(location, f"unknown claim {target!r}; name the id of a claim it concerns")
        elif target == claim_id:
            sink.error(location, "a claim cannot concern itself; name another claim")
        elif found.question_id != question_id:
            sink.error(
                location,
                f"claim {target!r} answers {found.question_id!r}, not {question_id!r}; a "
                "relation concerns a claim on its own question",
            )
        elif found.value is None:
            sink.error(
                location, f"claim {target!r} is itself a relation; name the claim with the value"
            )


def _checked_evidence(
    event: Event,
    context: _ClaimContext,
    claims: dict[str, Claim],
    sources: list[Source],
    sink: DiagnosticSink,
) -> Event:
    """The event with only the evidence that names a claim or a source of the dossier."""
    source_ids = {source.id for source in sources}
    kept = []
    for ref, location in context.evidence.get(event.id, ()):
        if ref in claims or ref in source_ids:
            kept.append(ref)
        else:
            sink.error(
                location,
                f"unknown claim or source {ref!r}; evidence names the id of a claim or a source",
            )
    return replace(event, evidence=tuple(kept))


def _tags(fields: _Fields, sink: DiagnosticSink) -> tuple[str, ...]:
    tags = []
    for tag, location in fields.items("tags", str, "text"):
        if ID_PATTERN.fullmatch(tag):
            tags.append(tag)
        else:
            sink.error(location, f"the tag {tag!r} is not an id ({ID_RULE})")
    return tuple(tags)


def _entity(item: YamlMap, ties: dict[str, Location], sink: DiagnosticSink) -> Entity | None:
    """An entity; where its tie is written goes into ``ties``, for ``_checked_ties``."""
    fields = _Fields(item, sink, "an entity", schema.keys("entity"))
    ident, name = fields.identifier(), fields.text("name", required=True)
    kind = fields.choice("kind", EntityKind)
    tie = None
    for tie_kind in TieKind:
        if not fields.present(tie_kind.value):
            continue
        target = fields.identifier(tie_kind.value)
        if tie is not None:
            fields.error(
                tie_kind.value,
                f"an entity has one tie, not both {tie.kind.value!r} and {tie_kind.value!r}; "
                "tie the organisation it names to the other instead",
            )
        elif target is not None:
            tie = Tie(tie_kind, target)
            if ident is not None:
                ties[ident] = fields.location(tie_kind.value)
    if tie is not None and kind is EntityKind.PLACE:
        fields.error(
            tie.kind.value,
            f"a place has no voice; {tie.kind.value!r} is for people and organisations",
        )
        tie = None
    if ident is None or name is None or kind is None:
        return None
    return Entity(
        ident,
        name,
        kind,
        fields.text_list("aliases"),
        fields.text("description"),
        role=fields.text("role"),
        tie=tie,
    )


def _checked_ties(
    entities: list[Entity], ties: dict[str, Location], sink: DiagnosticSink
) -> list[Entity]:
    """The entities, each tie kept only when it names another person or organisation
    and leads, through the ties of the others, to one that has none."""
    by_id = {entity.id: entity for entity in entities}
    broken = set()
    for entity in entities:
        if entity.tie is None:
            continue
        location = ties[entity.id]
        target = by_id.get(entity.tie.entity)
        if target is None:
            sink.error(location, f"unknown entity {entity.tie.entity!r}; add it under 'entities'")
            broken.add(entity.id)
        elif target.id == entity.id:
            sink.error(location, "an entity cannot be tied to itself; name another entity")
            broken.add(entity.id)
        elif target.kind is EntityKind.PLACE:
            sink.error(
                location,
                f"{target.id!r} is a place, which has no voice; name a person or an organisation",
            )
            broken.add(entity.id)
    for entity in entities:
        chain = [entity.id]
        current = entity
        while current.tie is not None and current.id not in broken:
            current = by_id[current.tie.entity]
            if current.id in chain:
                if current.id == entity.id:
                    sink.error(
                        ties[entity.id],
                        f"the ties go round in a circle ({' → '.join([*chain, entity.id])}); "
                        "one of them must name the body at the top",
                    )
                    broken.add(entity.id)
                break
            chain.append(current.id)
    return [replace(entity, tie=None) if entity.id in broken else entity for entity in entities]


def _question(item: YamlMap, sink: DiagnosticSink) -> Question | None:
    fields = _Fields(item, sink, "a question", schema.keys("question"))
    ident, wording = fields.identifier(), fields.text("wording", required=True)
    kind = fields.choice("kind", QuestionKind)
    unit = fields.text("unit")
    choices, labels = _choices(fields, sink)
    if kind is QuestionKind.NUMBER and unit is None:
        fields.error("kind", "a number question needs a 'unit' (people, minutes, ...)")
    if kind not in (None, QuestionKind.NUMBER) and fields.present("unit"):
        fields.error("unit", "only number questions have a 'unit'")
    if kind is QuestionKind.CHOICE and not choices:
        fields.error("kind", "a choice question needs its 'choices' listed")
    if kind not in (None, QuestionKind.CHOICE) and fields.present("choices"):
        fields.error("choices", "only choice questions have 'choices'")
    if ident is None or wording is None or kind is None:
        return None
    return Question(
        ident,
        wording,
        kind,
        unit,
        choices,
        fields.flag("key"),
        evolves=fields.flag("evolves"),
        label=fields.text("label"),
        labels=labels,
    )


def _choices(
    fields: _Fields, sink: DiagnosticSink
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A question's choice ids in order, and the labels of those that have one: each
    choice is an id, or a mapping ``{id, label}``."""
    choices, labels = [], []
    for item, location in fields.items("choices", object, "an id, or a mapping with id and label"):
        label = None
        if isinstance(item, YamlMap):
            choice_fields = _Fields(item, sink, "a choice", schema.keys("choice"))
            item, label = choice_fields.raw("id", required=True), choice_fields.text("label")
            location = choice_fields.location("id")
            if item is None:
                continue
        if not isinstance(item, str) or not ID_PATTERN.fullmatch(item):
            sink.error(location, f"the choice {item!r} is not an id ({ID_RULE})")
            continue
        choices.append(item)
        if label is not None:
            labels.append((item, label))
    return tuple(choices), tuple(labels)


def _event(
    item: YamlMap, entity_ids: set[str], context: _ClaimContext, sink: DiagnosticSink
) -> Event | None:
    fields = _Fields(item, sink, "an event", schema.keys("event"))
    ident, title = fields.identifier(), fields.text("title", required=True)
    time = fields.time("time", required=True)
    entities = _entity_refs(fields, entity_ids, sink)
    # Claims are read after events; the evidence is checked once every claim is known.
    evidence = fields.items("evidence", str, "a claim or source id")
    if ident is None or title is None or time is None:
        return None
    context.evidence.setdefault(ident, evidence)
    return Event(ident, time, title, fields.text("description"), entities)


def _entity_refs(fields: _Fields, entity_ids: set[str], sink: DiagnosticSink) -> tuple[str, ...]:
    refs = []
    for ref, location in fields.items("entities", str, "an entity id"):
        if ref in entity_ids:
            refs.append(ref)
        else:
            sink.error(location, f"unknown entity {ref!r}; add it under 'entities' in dossier.yml")
    return tuple(refs)


class _ClaimContext:
    """What claims are checked against, and where each claim id was seen."""

    def __init__(
        self, questions: dict[str, Question], entity_ids: set[str], source_ids: set[str]
    ) -> None:
        self.questions = questions
        self.entity_ids = entity_ids
        self.origin_ids = entity_ids | source_ids
        self.claim_locations: list[tuple[str, Location]] = []
        self.targets: list[tuple[str, str, str, Location]] = []
        """Relations to check once every claim is read: claim, question, target, where."""
        self.evidence: dict[str, list[tuple[str, Location]]] = {}
        """Each event's evidence, to check once every claim is read."""


def _source(raw: RawSource, context: _ClaimContext, sink: DiagnosticSink) -> Source | None:
    document = raw.annotation
    if not raw.readable:
        return None
    if not isinstance(document, YamlMap):
        sink.error(Location(raw.annotation_path), "a source file must be a mapping of keys")
        return None
    fields = _Fields(document, sink, "a source", schema.keys("source"))
    sha256 = hashlib.sha256(raw.text).hexdigest() if raw.text is not None else None
    text = _source_text(raw, sha256, fields, sink)
    outlet, title = fields.text("outlet", required=True), fields.text("title", required=True)
    url, archive_url = _url(fields, "url", required=True), _url(fields, "archive_url")
    mirror_url = _url(fields, "mirror_url")
    mirror_outlet = fields.text("mirror_outlet")
    if mirror_outlet is not None and not fields.present("mirror_url"):
        fields.error(
            "mirror_outlet",
            "'mirror_outlet' names who published the copy at 'mirror_url'; add the copy's "
            "address as 'mirror_url'",
        )
    language = fields.text("language", required=True)
    if language is not None and (problem := source_text_problem("language", language)):
        fields.error("language", problem)
    published = fields.time("published", required=True, unknown_allowed=True)
    updated = tuple(
        time
        for value, location in fields.items("updated", object, "a time")
        if (time := read_time(value, location, sink)) is not None
    )
    retrieved = fields.date("retrieved", required=True)
    depends_on = fields.text("depends_on")
    if depends_on == raw.id:
        fields.error("depends_on", "a source cannot depend on itself")
        depends_on = None
    elif depends_on is not None and depends_on not in context.origin_ids:
        fields.error(
            "depends_on",
            f"unknown entity or source {depends_on!r}; name an entity of dossier.yml or "
            "another source of this dossier",
        )
        depends_on = None
    reliability = fields.text("reliability")
    if reliability is not None and reliability not in RELIABILITY_SCALE:
        fields.error("reliability", "'reliability' is a grade from A to F (see the legend)")
        reliability = None
    extent = fields.choice("extent", Extent, required=False) or Extent.FULL
    publish = fields.choice("publish", Publication, required=False) or Publication.TEXT
    for key, what in _TEXT_KEYS.items():
        if fields.present(key) and not raw.has_text_file:
            fields.error(key, f"{key!r} {what}; this source has none")
    paragraphs = passages.paragraphs(text) if text is not None else []
    furniture = _boilerplate(fields, text, paragraphs) if text is not None else []
    first_claim = len(context.claim_locations)
    listed = _mappings(document.get("claims"), fields.location("claims"), sink, "'claims'")
    if len(listed) > MAX_CLAIMS_PER_SOURCE:
        fields.error(
            "claims",
            f"the source makes {len(listed):,} claims, over the limit of "
            f"{MAX_CLAIMS_PER_SOURCE:,}; split a report this long into one source per "
            "chapter or section",
        )
        listed = []
    claims = tuple(
        claim
        for item, location in listed
        if (claim := _claim(item, location, raw, text, language, context, sink)) is not None
    )
    claim_lines = {ident: at.line for ident, at in context.claim_locations[first_claim:]}
    _check_nothing_quoted_is_folded(furniture, claims, claim_lines, paragraphs, sink)
    # A quote's prefix and suffix are published with it (in dossier.json), so its
    # passage holds them: they are the text around the words, and must be shown too.
    quoted = [
        Span(claim.span.start - len(claim.quote.prefix), claim.span.end + len(claim.quote.suffix))
        for claim in claims
        if claim.span is not None and claim.quote is not None
    ]
    author, affiliation = fields.text("author"), fields.text("affiliation")
    warnings = fields.text_list("content_warnings")
    if None in (outlet, title, url, language, published, retrieved):
        return None
    assert outlet and title and url and language and retrieved
    return Source(
        id=raw.id,
        outlet=outlet,
        title=title,
        url=url,
        language=language,
        published=None if published == "unknown" else published,
        retrieved=retrieved,
        author=author,
        archive_url=archive_url,
        mirror_url=mirror_url,
        mirror_outlet=mirror_outlet,
        updated=updated,
        sha256=sha256,
        affiliation=affiliation,
        depends_on=depends_on,
        reliability=reliability,
        content_warnings=warnings,
        text=text,
        extent=extent,
        publish=publish,
        folded=passages.blocks(paragraphs, (i for entry in furniture for i in entry.paragraphs)),
        passages=passages.quoted_passages(text, paragraphs, quoted)
        if text is not None and publish is Publication.QUOTES
        else (),
        claims=claims,
    )


_TEXT_KEYS = {
    "extent": "says how much of the article the text holds",
    "publish": "says how much of the text the site shows",
    "boilerplate": "marks parts of a text",
}
"""Keys that describe a source's text, with what each does: an error on a source without one."""


@dataclass(frozen=True)
class _Furniture:
    """A boilerplate entry, where it is written, and the paragraphs it folds."""

    quote: Quote
    location: Location
    paragraphs: frozenset[int]


def _boilerplate(fields: _Fields, text: str, paragraphs: list[Span]) -> list[_Furniture]:
    """The boilerplate entries that match the text, each with the paragraphs it folds."""
    found = []
    sink = fields.sink
    for item, location in _mappings(
        fields.raw("boilerplate"), fields.location("boilerplate"), sink, "'boilerplate'"
    ):
        entry = _Fields(item, sink, "a boilerplate entry", schema.keys("boilerplate"))
        quote = _selector(entry)
        if quote is None:
            continue
        at = item.value_locations.get("exact", location)
        if entry.flag("every") and find_quote(text, quote, limit=1):
            spans = list(passages.occurrences(text, quote, paragraphs))
        elif (span := _anchor(text, quote, at, sink)) is not None:
            spans = [span]
        else:
            continue
        touched = frozenset(i for span in spans for i in passages.touched(paragraphs, span))
        found.append(_Furniture(quote, at, touched))
    return found


def _check_nothing_quoted_is_folded(
    furniture: list[_Furniture],
    claims: Iterable[Claim],
    claim_lines: dict[str, int],
    paragraphs: list[Span],
    sink: DiagnosticSink,
) -> None:
    """Report each boilerplate entry that folds a paragraph holding a claim's quote,
    naming the claims: folded, their quotes would be hidden and left out of search."""
    quoted = [
        (claim.id, set(passages.touched(paragraphs, claim.span)))
        for claim in claims
        if claim.span is not None
    ]
    for entry in furniture:
        hidden = [ident for ident, indexes in quoted if indexes & entry.paragraphs]
        if not hidden:
            continue
        names = ", ".join(f"{ident!r} (line {claim_lines[ident]})" for ident in hidden)
        sink.error(
            entry.location,
            f"the boilerplate {entry.quote.exact[:60]!r} folds a paragraph holding the quote "
            f"of claim{'s' if len(hidden) > 1 else ''} {names}: folded, a quote is hidden "
            "and left out of search. Remove this entry, or make it pick only furniture in "
            "paragraphs without quotes (a prefix or suffix; no 'every')",
        )


def _source_text(
    raw: RawSource, actual: str | None, fields: _Fields, sink: DiagnosticSink
) -> str | None:
    """The source's text, once its recorded sha256 is checked; ``None`` when not held."""
    recorded = fields.text("sha256")
    if not raw.has_text_file:
        if recorded is not None:
            fields.error(
                "sha256",
                f"a sha256 is recorded but {raw.text_path} does not exist; restore the text, "
                "or remove 'sha256' to keep this source as citation-only",
            )
        return None
    if raw.text is None or actual is None:
        return None
    if recorded is None:
        fields.error("sha256", f"a source with a text needs 'sha256: {actual}'")
    elif not SHA256_PATTERN.fullmatch(recorded):
        fields.error("sha256", "'sha256' must be 64 lowercase hexadecimal digits")
    elif recorded != actual:
        fields.error(
            "sha256",
            f"{raw.text_path} has sha256 {actual}, not the recorded {recorded}: the text was "
            "changed; a snapshot is never edited, so restore it or add the new version as "
            "a new source",
        )
    try:
        text = decode_utf8(raw.text, raw.text_path)
        refuse_characters(
            text,
            raw.text_path,
            "remove it, or replace it with the character that was meant (a page read with "
            "the wrong encoding is better read again); the text must then be re-hashed",
        )
    except DossierError as exc:
        sink.diagnostics.extend(exc.diagnostics)
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARACTERS:
            sink.error(
                Location(raw.text_path, number),
                f"the line is {len(line):,} characters long, over the limit of "
                f"{MAX_LINE_CHARACTERS:,}; keep the article's text, not a page's markup",
            )
            return None
    return text


def _url(fields: _Fields, key: str, *, required: bool = False) -> str | None:
    url = fields.text(key, required=required)
    problem = None if url is None else source_text_problem(key, url)
    if problem is not None:
        fields.error(key, problem)
        return None
    return url


_URL_KEYS = frozenset({"url", "archive_url", "mirror_url"})


def source_text_problem(key: str, value: str) -> str | None:
    """What the check says of a source's ``key`` written as the text ``value``, or
    ``None`` when it accepts it; ``dossier add-source`` asks this of its options and
    of a page's metadata before it writes anything."""
    if not value.strip():
        return f"{key!r} must be non-empty text"
    if key in _URL_KEYS and not URL_PATTERN.fullmatch(value):
        return f"{key!r} must be an http:// or https:// address"
    if key == "language" and not LANGUAGE_PATTERN.fullmatch(value):
        return f"{value!r} is not a language tag such as en, fa or ar"
    if key in ("published", "retrieved") and not (key == "published" and value == "unknown"):
        try:
            time = parse_time(value)
        except ValueError as exc:
            return str(exc)
        if key == "retrieved" and time.precision is not Precision.DAY:
            return f"{key!r} must be a date written YYYY-MM-DD"
    return None


def _quote(value: Any, sink: DiagnosticSink) -> Quote | None:
    return _selector(_Fields(value, sink, "a quote", schema.keys("quote")))


def _selector(fields: _Fields) -> Quote | None:
    """The exact words, prefix and suffix of a quote or a boilerplate entry."""
    exact = fields.text("exact", required=True)
    if exact is None:
        return None
    prefix, suffix = fields.raw("prefix") or "", fields.raw("suffix") or ""
    for key, part in (("prefix", prefix), ("suffix", suffix)):
        if not isinstance(part, str):
            fields.error(key, f"{key!r} must be text")
            return None
    return Quote(exact, prefix, suffix)


def _anchor(
    text: str, quote: Quote, location: Location, sink: DiagnosticSink, what: str = ""
) -> Span | None:
    """The quote's span; else an error, naming ``what`` (such as the claim) it belongs to."""
    try:
        return anchor_quote(text, quote)
    except AnchorError as exc:
        sink.error(location, f"{what}{exc}")
        return None


def _claim(
    item: YamlMap,
    location: Location,
    raw: RawSource,
    text: str | None,
    language: str | None,
    context: _ClaimContext,
    sink: DiagnosticSink,
) -> Claim | None:
    fields = _Fields(item, sink, "a claim", schema.keys("claim"))
    ident = fields.identifier()
    if ident is not None:
        context.claim_locations.append((ident, fields.location("id")))
    question_id = fields.identifier("question")
    question = context.questions.get(question_id) if question_id else None
    if question_id is not None and question is None:
        fields.error(
            "question", f"unknown question {question_id!r}; add it under 'questions' in dossier.yml"
        )
    relation = _relation(fields, ident, question_id, context)
    value: Value | None = None
    if relation is not None and fields.present("value"):
        fields.error("value", "a claim has a 'value' or a 'relation' to another claim, not both")
    elif relation is None and question is not None and not fields.present("relation"):
        value = _value(fields, question, sink)
    unit, stated = None, None
    if fields.present("unit") and relation is not None:
        fields.error("unit", "a relation has no number; 'unit' goes with a number 'value'")
    elif fields.present("unit") and question is not None:
        unit = _claim_unit(fields, question)
        # A number given in the question's own unit, under another name, stays as it is.
        converts = unit is not None and find_unit(unit) != find_unit(question.unit or "")
        if unit is not None and converts and isinstance(value, NumberRange):
            value, stated = _converted(fields, value, unit, question), value
    as_of = fields.time("as_of")
    speaker = fields.text("speaker")
    # "unknown" names no one, unless a dossier (written before it did) has such an entity.
    unnamed = speaker == UNNAMED_SPEAKER and speaker not in context.entity_ids
    if speaker is not None and speaker not in context.entity_ids and not unnamed:
        fields.error(
            "speaker",
            f"unknown entity {speaker!r}; add it under 'entities' in dossier.yml, or write "
            "'unknown' when the source does not name who said it",
        )
    relay = _relay(fields, raw.id, speaker, context)
    entities = _entity_refs(fields, context.entity_ids, sink)
    paraphrase = fields.text("paraphrase")
    quote, span = None, None
    if fields.present("quote"):
        quote = _claim_quote(fields, sink)
        if not raw.has_text_file:
            fields.error(
                "quote",
                f"we hold no text for this source ({raw.text_path}), so a claim cannot quote "
                "it; write a 'paraphrase' instead",
            )
        elif quote is not None and text is not None:
            owner = f"claim {ident!r}: " if ident else ""
            span = _anchor(text, quote, _exact_location(fields), sink, owner)
        if paraphrase is not None:
            fields.error("paraphrase", "a claim has a 'quote' or a 'paraphrase', not both")
    elif paraphrase is None:
        sink.error(
            location,
            "a claim needs the 'quote' that makes it, or a 'paraphrase' when we do not hold "
            "the source's text",
        )
    note, credibility, review = fields.text("note"), _credibility(fields), _review(fields, sink)
    hedges = _hedges(fields)
    lang, translation = _claim_language(fields, language, quote is not None)
    if ident is None or question is None or (value is None and relation is None):
        return None
    return Claim(
        id=ident,
        source_id=raw.id,
        question_id=question.id,
        value=value,
        as_of=as_of,
        speaker_id=speaker if speaker in context.entity_ids else None,
        quote=quote,
        span=span,
        paraphrase=paraphrase,
        entities=entities,
        note=note,
        credibility=credibility,
        review=review,
        relation=relation,
        hedges=hedges,
        unnamed_speaker=unnamed,
        relay=relay,
        lang=lang,
        translation=translation,
        unit=unit if stated is not None else None,
        stated=stated,
    )


def _relay(
    fields: _Fields, source_id: str, speaker: str | None, context: _ClaimContext
) -> tuple[str, ...]:
    """The intermediaries a claim passed through: entities or other sources, each once."""
    relay: list[str] = []
    for ref, location in fields.items("relay", str, "an entity or source id"):
        if ref not in context.origin_ids:
            fields.sink.error(
                location,
                f"unknown entity or source {ref!r}; name an entity of dossier.yml or another "
                "source of this dossier",
            )
        elif ref == source_id:
            fields.sink.error(
                location, "the claim's own source is not a relay; list only who passed it on"
            )
        elif ref == speaker:
            fields.sink.error(
                location, f"{ref!r} is the speaker; the relay lists who passed its words on"
            )
        elif ref in relay:
            fields.sink.error(location, f"{ref!r} is listed twice in the relay; list it once")
        else:
            relay.append(ref)
    return tuple(relay)


def _claim_unit(fields: _Fields, question: Question) -> str | None:
    """The unit a claim's number is given in, once it is known to convert into the
    question's; ``None`` (and an error) otherwise."""
    written = fields.text("unit")
    if written is None:
        return None
    if question.kind is not QuestionKind.NUMBER:
        fields.error("unit", "only claims on number questions have a 'unit'")
        return None
    unit, wanted = find_unit(written), find_unit(question.unit or "")
    if unit is None:
        fields.error(
            "unit",
            f"{written!r} is not a unit the generator can convert; use one of {known_units()}",
        )
        return None
    if wanted is None:
        fields.error(
            "unit",
            f"the question {question.id!r} counts in {question.unit!r}, which nothing converts "
            f"into; give the number in {question.unit!r}, or give the question a unit such as "
            f"{unit.symbol}",
        )
        return None
    if wanted.dimension != unit.dimension:
        fields.error(
            "unit",
            f"{written!r} is a {unit.dimension} and {question.unit!r} a {wanted.dimension}: "
            "one cannot be converted into the other",
        )
        return None
    return written


def _converted(
    fields: _Fields, value: NumberRange, written: str, question: Question
) -> NumberRange | None:
    """The number in the question's unit, when that number is one the format admits."""
    stated, wanted = find_unit(written), find_unit(question.unit or "")
    assert stated is not None and wanted is not None
    converted = convert(value, stated, wanted)
    for number in (converted.low, converted.high):
        if number is not None and (problem := _out_of_range(number)) is not None:
            fields.error("value", f"in {question.unit!r}, the number {problem}")
            return None
    return converted


def _claim_language(
    fields: _Fields, source_language: str | None, quoted: bool
) -> tuple[str | None, str | None]:
    """The ``lang`` of a claim's words and their ``translation``, which only words in
    another language than the editors' can have."""
    lang = fields.text("lang")
    if lang is not None and (problem := source_text_problem("language", lang)):
        fields.error("lang", problem)
        lang = None
    translation = fields.text("translation")
    if translation is None:
        return lang, None
    language = lang or (source_language if quoted else EDITORS_LANGUAGE)
    if language is not None and _primary(language) == _primary(EDITORS_LANGUAGE):
        fields.error(
            "translation",
            f"the words are in {language!r}, the editors' own language; a translation is for "
            "words in another (give the quote's 'lang' if it differs from the source's)",
        )
        return lang, None
    return lang, translation


def _primary(language: str) -> str:
    """The language without its region or script: ``en`` of ``en-GB``."""
    return language.split("-")[0].lower()


UNNAMED_SPEAKER = "unknown"
"""The ``speaker`` of a claim the source attributes to someone it does not name."""


def _relation(
    fields: _Fields, ident: str | None, question_id: str | None, context: _ClaimContext
) -> Relation | None:
    """A claim's stance on another claim; its target is checked once every claim is read."""
    kind = fields.choice("relation", RelationKind, required=False)
    target = fields.identifier("target") if fields.present("target") else None
    if kind is None:
        if fields.present("target"):
            fields.error("target", "'target' goes with a 'relation' (disputes, denies, ...)")
        return None
    if target is not None and ident is not None and question_id is not None:
        context.targets.append((ident, question_id, target, fields.location("target")))
    return Relation(kind, target)


def _hedges(fields: _Fields) -> tuple[Hedge, ...]:
    value = fields.raw("hedge")
    if value is None:
        return ()
    words = [value] if isinstance(value, str) else value
    names = ", ".join(hedge.value for hedge in Hedge)
    if not isinstance(words, YamlList | list) or not all(isinstance(w, str) for w in words):
        fields.error("hedge", f"'hedge' is one of {names}, or a list of them")
        return ()
    hedges = []
    for word in words:
        try:
            hedges.append(Hedge(word))
        except ValueError:
            fields.error("hedge", f"{word!r} is not a hedge; write one of {names}")
    return tuple(dict.fromkeys(hedges))


def _credibility(fields: _Fields) -> int | None:
    value = fields.raw("credibility")
    if value is None:
        return None
    if isinstance(value, bool) or value not in CREDIBILITY_SCALE:
        fields.error("credibility", "'credibility' is a grade from 1 to 6 (see the legend)")
        return None
    return int(value)


def _review(fields: _Fields, sink: DiagnosticSink) -> Review | None:
    value = fields.raw("review")
    if value is None:
        return None
    if not isinstance(value, YamlMap):
        fields.error("review", "'review' must be a mapping with rating, best, worst, label, date")
        return None
    review = _Fields(value, sink, "a review", schema.keys("review"))
    numbers = {}
    for key in ("rating", "best", "worst"):
        number = review.raw(key, required=True)
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            review.error(key, f"{key!r} must be a whole number")
        elif number is not None and (problem := _out_of_range(number)) is not None:
            review.error(key, f"{key!r} {problem}")
        elif number is not None:
            numbers[key] = number
    label, date = review.text("label", required=True), review.date("date", required=True)
    if len(numbers) < 3 or label is None or date is None:
        return None
    low, high = numbers["worst"], numbers["best"]
    if low >= high:
        review.error("best", "'best' must be greater than 'worst'")
        return None
    if not low <= numbers["rating"] <= high:
        review.error("rating", "'rating' must lie between 'worst' and 'best'")
        return None
    return Review(
        numbers["rating"],
        numbers["best"],
        numbers["worst"],
        label,
        date,
        review.text("explanation"),
    )


def _exact_location(fields: _Fields) -> Location:
    """Where a claim's quoted words are written, for errors about them."""
    value = fields.raw("quote")
    if isinstance(value, YamlMap) and "exact" in value:
        return value.value_locations["exact"]
    return fields.location("quote")


def _claim_quote(fields: _Fields, sink: DiagnosticSink) -> Quote | None:
    value = fields.raw("quote")
    if isinstance(value, str):
        if not value.strip():
            fields.error("quote", "the quote is empty; copy the words that make the claim")
            return None
        return Quote(value)
    if isinstance(value, YamlMap):
        return _quote(value, sink)
    fields.error("quote", "'quote' must be the exact words, or a mapping with 'exact'")
    return None


def _value(fields: _Fields, question: Question, sink: DiagnosticSink) -> Value | None:
    value = fields.raw("value")
    if value is None:
        sink.error(
            fields.mapping.location,
            "a claim needs 'value'; add it, or a 'relation' (disputes, denies, doubts, "
            "supports) when the claim gives no answer of its own",
        )
        return None
    location = fields.location("value")
    if question.kind is QuestionKind.NUMBER:
        return _number(value, location, sink)
    if question.kind is QuestionKind.TIME:
        return read_time(value, location, sink)
    if not isinstance(value, str) or not value.strip():
        sink.error(location, f"the answer to {question.id!r} must be text")
        return None
    if question.kind is QuestionKind.CHOICE and value not in question.choices:
        sink.error(
            location,
            f"{value!r} is not one of the choices of {question.id!r}: "
            f"{', '.join(question.choices)}",
        )
        return None
    return value


def _out_of_range(number: float) -> str | None:
    """Why ``number`` lies outside the range of ``NUMBER_DIGITS``; ``None`` when inside."""
    if abs(number) > 10**NUMBER_DIGITS or not math.isfinite(number):
        return f"is too large: write a number between -1e{NUMBER_DIGITS} and 1e{NUMBER_DIGITS}"
    if isinstance(number, int) or number == 0:
        return None
    if abs(number) < 10.0**-NUMBER_DIGITS:
        return f"is too close to 0: write 0, or a number of at least 1e-{NUMBER_DIGITS}"
    if len(Decimal(repr(number)).normalize().as_tuple().digits) > NUMBER_DIGITS:
        return f"has more than {NUMBER_DIGITS} significant digits; round it"
    return None


def _number(value: Any, location: Location, sink: DiagnosticSink) -> NumberRange | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        problem = _out_of_range(value)
        if problem is not None:
            sink.error(location, f"the number {problem}")
            return None
        return NumberRange(value, value)
    if not isinstance(value, YamlMap):
        sink.error(location, "a number answer must be a number or a mapping such as {at_least: 80}")
        return None
    keys = schema.keys("number")
    fields = _Fields(value, sink, "a number", keys)
    numbers: dict[str, int | float] = {}
    for key in value:
        number = value[key]
        if key in keys and (isinstance(number, bool) or not isinstance(number, int | float)):
            fields.error(key, f"{key!r} must be a number")
        elif key in keys and (problem := _out_of_range(number)) is not None:
            fields.error(key, f"{key!r} {problem}")
        elif key in keys:
            numbers[key] = number
    if set(numbers) == {"min", "max"}:
        if numbers["min"] > numbers["max"]:
            fields.error("min", "'min' is larger than 'max'")
            return None
        return NumberRange(numbers["min"], numbers["max"])
    if len(numbers) == 1 and next(iter(numbers)) in _APPROXIMATIONS:
        ((key, number),) = numbers.items()
        return NumberRange(number, number, approximation=Approximation(key))
    if len(numbers) == 1 and next(iter(numbers)) in _NUMBER_BOUNDS:
        ((key, number),) = numbers.items()
        is_low, inclusive = _NUMBER_BOUNDS[key]
        if is_low:
            return NumberRange(number, None, low_inclusive=inclusive)
        return NumberRange(None, number, high_inclusive=inclusive)
    if len(numbers) == len(value):
        sink.error(
            location,
            "write one of at_least, more_than, at_most, less_than, about, nearly, "
            "or both min and max",
        )
    return None
