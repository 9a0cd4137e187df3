"""What links to what: the reporting timeline, claims by speaker, entity backlinks.

These are views over a validated dossier that several pages share; like
``compare`` they know nothing of pages or templates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.domain.compare import claim_order, holds_as_of
from generator.domain.model import Claim, Dossier, Entity, Event, Source, SpeakerKind
from generator.domain.times import PointInTime


@dataclass(frozen=True)
class Publication:
    """A source appearing or being updated, on the reporting timeline."""

    source: Source
    time: PointInTime
    update: bool


@dataclass(frozen=True)
class ReportingEntry:
    """One line of the reporting timeline: a publication, or a claim at its as-of time."""

    time: PointInTime | None
    publication: Publication | None = None
    claim: Claim | None = None


def reporting_timeline(dossier: Dossier) -> list[ReportingEntry]:
    """Publications and claims in time order; entries with no known time come last."""
    entries = [
        ReportingEntry(time, publication=Publication(source, time, update))
        for source in dossier.sources
        for time, update in [(source.published, False), *((t, True) for t in source.updated)]
        if time is not None
    ]
    entries.extend(
        ReportingEntry(holds_as_of(dossier, claim), claim=claim) for claim in dossier.claims
    )

    return sorted(entries, key=_entry_order)


def _entry_order(entry: ReportingEntry) -> tuple[object, ...]:
    """Time order; at one time, publications before the claims they carry."""
    if entry.claim is not None:
        kind, ident = 1, entry.claim.id
    else:
        assert entry.publication is not None
        kind, ident = 0, entry.publication.source.id
    return (entry.time is None, entry.time.sort_key() if entry.time else (), kind, ident)


@dataclass(frozen=True)
class SpeakerClaims:
    """Everything one speaker is reported to have claimed."""

    key: str
    """``Claim.speaker_key`` of every claim here."""
    entity: Entity | None
    source: Source | None
    claims: tuple[Claim, ...]

    @property
    def kind(self) -> SpeakerKind:
        """An entity, a source speaking for itself, or the unnamed voices a source relays."""
        return self.claims[0].speaker_kind

    @property
    def name(self) -> str:
        if self.entity is not None:
            return self.entity.label
        assert self.source is not None
        if self.kind is SpeakerKind.UNNAMED:
            return f"Voices {self.source.outlet} does not name"
        return self.source.outlet


def claims_by_speaker(dossier: Dossier) -> list[SpeakerClaims]:
    """Claims grouped by who speaks: entities by name, then sources speaking for themselves."""
    grouped: dict[str, list[Claim]] = defaultdict(list)
    for claim in sorted(dossier.claims, key=lambda c: claim_order(dossier, c)):
        grouped[claim.speaker_key].append(claim)
    speakers = []
    for key, claims in grouped.items():
        first = claims[0]
        entity = dossier.entity(first.speaker_id) if first.speaker_id is not None else None
        source = None if entity is not None else dossier.source(first.source_id)
        speakers.append(SpeakerClaims(key, entity, source, tuple(claims)))
    order = list(SpeakerKind)  # entities first, then sources, then unnamed voices
    return sorted(speakers, key=lambda s: (order.index(s.kind), s.name.casefold(), s.key))


@dataclass(frozen=True)
class EntityLinks:
    """Where an entity is named: as a speaker, in claims, in events and in sources."""

    entity: Entity
    spoken: tuple[Claim, ...]
    named_in_claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    sources: tuple[Source, ...]


def entity_links(dossier: Dossier) -> dict[str, EntityLinks]:
    """Backlinks of every entity, by id."""
    ordered = sorted(dossier.claims, key=lambda c: claim_order(dossier, c))
    # Only what the site shows of a text: a name in a passage it does not publish
    # would tell the reader something of that passage.
    folded_texts = {
        s.id: "\n".join(s.text[span.start : span.end] for span in s.shown).casefold()
        for s in dossier.sources
        if s.text is not None
    }
    links = {}
    for entity in dossier.entities:
        spoken = tuple(c for c in ordered if c.speaker_id == entity.id)
        named = tuple(c for c in ordered if entity.id in c.entities and c.speaker_id != entity.id)
        claim_sources = {c.source_id for c in (*spoken, *named)}
        names = [name.casefold() for name in (entity.name, *entity.aliases)]
        sources = tuple(
            source
            for source in dossier.sources
            if source.id in claim_sources
            or source.depends_on == entity.id
            or any(n in folded_texts.get(source.id, "") for n in names)
        )
        events = tuple(e for e in dossier.events if entity.id in e.entities)
        links[entity.id] = EntityLinks(entity, spoken, named, events, sources)
    return links
