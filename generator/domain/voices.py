"""Who speaks in each claim, whose voice that is, and where the claim comes from.

These rules, documented with examples in ``docs/guide/format.md#who-speaks``, live
here only; comparison, pages and exports all ask a ``Voices``:

- A claim's *speaker* is the entity it is attributed to, or else the source
  itself; a claim the source attributes to someone it does not name has an
  unnamed speaker, never the same as another.
- An entity's *voice* is the entity its ties lead to: a spokesman who speaks for
  a ministry, the ministry that is part of a government, and officials who stand
  for that government are all the government's voice.
- A claim's *origin* is where it comes from: its named speaker's voice; else the
  voice of the first of its relays (who passed on the words of someone unnamed,
  or the source's own); else, for an unnamed speaker, a voice of its own; else
  what its source depends on, followed through republications, or the source
  itself. Sources with one address are copies of one article, so one origin.
  Corroboration counts distinct origins, not copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.domain.model import Claim, Dossier, Entity, SpeakerKind

_UNNAMED = f"{SpeakerKind.UNNAMED}:"

ITSELF = "the source itself"
"""How pages say that a claim's speaker is its source."""


def same_speaker(a: Claim, b: Claim) -> bool:
    """Whether two claims are known to be one speaker's: unnamed ones never are."""
    unnamed = SpeakerKind.UNNAMED in (a.speaker_kind, b.speaker_kind)
    return not unnamed and a.speaker_key == b.speaker_key


def is_unnamed(origin: str) -> bool:
    """Whether an origin is a voice no source names, counted apart from named ones."""
    return origin.startswith(_UNNAMED)


@dataclass(frozen=True)
class Speaker:
    """Who speaks in one claim, as pages, charts and exports show it, and the origin
    it counts as; made once per claim by ``Voices.speaker``."""

    kind: SpeakerKind
    key: str
    """``Claim.speaker_key``: claims with one key are grouped under one speaker."""
    label: str
    """The entity's name with its role, the source's outlet, or an unnamed voice."""
    entity: Entity | None
    relays: tuple[str, ...]
    """The names of those who passed the claim on, the nearest to the speaker first."""
    origin: str
    why: str | None
    """How the speaker comes to count as its origin, when that is not the speaker
    itself: "speaking for Iran", "by way of IRNA", "relying on IRNA"."""

    @property
    def entity_id(self) -> str | None:
        """The id of the entity that speaks; ``None`` for the source or an unnamed voice."""
        return self.entity.id if self.entity is not None else None

    @property
    def itself(self) -> bool:
        """Whether the speaker is the source itself."""
        return self.kind is SpeakerKind.SOURCE

    @property
    def unnamed(self) -> bool:
        """Whether the speaker is someone the source does not name."""
        return self.kind is SpeakerKind.UNNAMED

    @property
    def filter_label(self) -> str:
        """The speaker as a table's speaker filter lists it: a source speaking for
        itself is told apart from the same outlet relaying someone."""
        return f"{self.label}, {ITSELF}" if self.itself else self.label

    @property
    def account(self) -> str:
        """The speaker and why it counts as its origin: "Ahmad Vahidi, Interior
        Minister, speaking for Iran"."""
        return f"{self.label}, {self.why}" if self.why else self.label

    @property
    def relayed(self) -> str:
        """``relayed by IRINN, then Mehr``; ``taken from IRINN`` when the source speaks
        for itself; empty without relays."""
        if not self.relays:
            return ""
        chain = ", then ".join(self.relays)
        return f"taken from {chain}" if self.itself else f"relayed by {chain}"


@dataclass(frozen=True)
class MergedVoice:
    """Several speakers of a question counted as one origin, and why each is."""

    origin: str
    name: str
    entity: Entity | None
    speakers: tuple[Speaker, ...]


class Voices:
    """The speakers and origins of one dossier's claims, each worked out once."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self._source_ids = {source.id for source in dossier.sources}
        first_with_url: dict[str, str] = {}
        for source in sorted(dossier.sources, key=lambda source: source.id):
            first_with_url.setdefault(source.url, source.id)
        self._article = {source.id: first_with_url[source.url] for source in dossier.sources}
        """Each source's article: the first source, by id, with its address."""
        self._speakers: dict[str, Speaker] = {}

    def speaker(self, claim: Claim) -> Speaker:
        found = self._speakers.get(claim.id)
        if found is None:
            found = self._speakers[claim.id] = self._resolve(claim)
        return found

    def origin(self, claim: Claim) -> str:
        return self.speaker(claim).origin

    def voice(self, entity_id: str) -> Entity:
        """The entity whose voice this one is: the last of its ties (validated to end)."""
        entity = self.dossier.entity(entity_id)
        while entity.tie is not None:
            entity = self.dossier.entity(entity.tie.entity)
        return entity

    def ties(self, entity_id: str) -> str:
        """An entity's ties in words: "speaking for the Ministry of Health, part of
        Hamas"; empty when it has none."""
        entity = self.dossier.entity(entity_id)
        words = []
        while entity.tie is not None:
            kind = entity.tie.kind
            entity = self.dossier.entity(entity.tie.entity)
            words.append(f"{kind.words} {entity.name}")
        return ", ".join(words)

    def origin_name(self, origin: str) -> str:
        kind, _, ident = origin.partition(":")
        if kind == "entity":
            return self.dossier.entity(ident).name
        if kind == "source":
            return self.dossier.source(ident).outlet_label
        return "a voice the source does not name"

    def merged(self, claims: Iterable[Claim]) -> list[MergedVoice]:
        """The origins that several speakers of ``claims`` count as, in the order their
        first claim comes, each with its speakers in that order."""
        groups: dict[str, dict[str, Speaker]] = {}
        for claim in claims:
            speaker = self.speaker(claim)
            groups.setdefault(speaker.origin, {}).setdefault(speaker.key, speaker)
        merged = []
        for origin, speakers in groups.items():
            if len(speakers) < 2:
                continue
            kind, _, ident = origin.partition(":")
            entity = self.dossier.entity(ident) if kind == "entity" else None
            merged.append(
                MergedVoice(origin, self.origin_name(origin), entity, tuple(speakers.values()))
            )
        return merged

    def _resolve(self, claim: Claim) -> Speaker:
        source = self.dossier.source(claim.source_id)
        relays = tuple(self._name(ref) for ref in claim.relay)
        kind = claim.speaker_kind
        entity = None
        if claim.speaker_id is not None:
            entity = self.dossier.entity(claim.speaker_id)
            label = entity.label
            origin = f"{SpeakerKind.ENTITY}:{self.voice(entity.id).id}"
            why = self.ties(entity.id) or None
        else:
            unnamed = f"unnamed, relayed by {source.outlet}"
            label = unnamed if kind is SpeakerKind.UNNAMED else source.outlet_label
            origin, why = self._origin_without_speaker(claim)
        return Speaker(kind, claim.speaker_key, label, entity, relays, origin, why)

    def _origin_without_speaker(self, claim: Claim) -> tuple[str, str | None]:
        """The origin of a claim no named speaker makes, and how it comes to be it."""
        if claim.relay:
            first = claim.relay[0]
            return self._origin_of(first), f"by way of {self._name(first)}"
        if claim.speaker_kind is SpeakerKind.UNNAMED:
            return f"{_UNNAMED}{claim.id}", None
        source = self.dossier.source(claim.source_id)
        if source.depends_on is None:
            article = self._article[source.id]
            if article == source.id:
                return f"source:{source.id}", None
            copy = self.dossier.source(article).outlet_label
            return f"source:{article}", f"a copy of the same article as {copy}"
        return self._origin_of(source.id), f"relying on {self._name(source.depends_on)}"

    def _origin_of(self, ref: str) -> str:
        """Where an entity's or a source's own words come from: the entity's voice,
        or what the source depends on, followed through sources (a cycle ends at the
        last source before it comes round), or the source's article."""
        if ref not in self._source_ids:
            return f"entity:{self.voice(ref).id}"
        current = ref
        seen = {current}
        while True:
            dependency = self.dossier.source(current).depends_on
            if dependency is None or dependency in seen:
                return f"source:{self._article[current]}"
            if dependency not in self._source_ids:
                return f"entity:{self.voice(dependency).id}"
            seen.add(dependency)
            current = dependency

    def _name(self, ref: str) -> str:
        """An entity's or a source's name, as a relay or a dependency is shown: without
        a role, which in a list of names would read as one more name."""
        if ref in self._source_ids:
            return self.dossier.source(ref).outlet_label
        return self.dossier.entity(ref).name
