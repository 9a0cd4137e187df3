"""Whether the sources of a dossier agree on each question, and on whose word.

Rules, each documented in ``docs/guide/format.md#agreement``:

- Two values agree when both can be true at once: number ranges overlap;
  time intervals overlap, each as wide as its precision and, when
  approximate, widened further (see ``times.times_agree``);
  words match regardless of case; two places also agree when the claims name
  a common place entity ("Kerman" and "near the Saheb al-Zaman Mosque, Kerman").
- A claim is *superseded* when the same speaker later claims a value that
  does not agree with it (a death toll revised upward); "later" means that
  the second claim's time begins after the first one's has ended, so that
  two figures known only to the same day replace nothing. The speaker is the
  person or body a claim is attributed to, or else the source itself.
- A claim's *origin* is where it comes from: its speaker, or else the entity
  or source its source depends on (followed through republications), or
  else the source itself. Corroboration counts distinct origins, not copies.
- A question is *contested* when two current (not superseded) claims cannot
  both be true, even if they share one origin; otherwise *single source* when
  every current claim has one origin; *superseded* when the current claims
  agree but earlier ones were replaced; *consistent* when all claims agree;
  *unanswered* when no source answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from generator.model import (
    Claim,
    Dossier,
    EntityKind,
    NumberRange,
    Question,
    QuestionKind,
    Value,
)
from generator.times import PointInTime, is_later, times_agree


class Agreement(StrEnum):
    UNANSWERED = "unanswered"
    SINGLE_SOURCE = "single source"
    CONSISTENT = "consistent"
    SUPERSEDED = "superseded"
    CONTESTED = "contested"

    @property
    def slug(self) -> str:
        return self.value.replace(" ", "-")


@dataclass(frozen=True)
class Answer:
    """One distinct current value of a question, and who stands behind it."""

    label: str
    claims: tuple[Claim, ...]
    origins: tuple[str, ...]


@dataclass(frozen=True)
class QuestionSummary:
    """A question with its claims in time order and what can be said of them."""

    question: Question
    claims: tuple[Claim, ...]
    superseded: frozenset[str]
    """Ids of the claims a later claim of the same speaker replaced."""
    answers: tuple[Answer, ...]
    agreement: Agreement
    origins: tuple[str, ...]
    """The independent origins of the current claims."""

    @property
    def current(self) -> tuple[Claim, ...]:
        return tuple(claim for claim in self.claims if claim.id not in self.superseded)

    @property
    def superseded_claims(self) -> tuple[Claim, ...]:
        return tuple(claim for claim in self.claims if claim.id in self.superseded)


def values_agree(a: Value, b: Value) -> bool:
    """True when both values can be true at the same time."""
    if isinstance(a, NumberRange) and isinstance(b, NumberRange):
        return _below(a, b) and _below(b, a)
    if isinstance(a, PointInTime) and isinstance(b, PointInTime):
        return times_agree(a, b)
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold().strip() == b.casefold().strip()
    return False


def claims_agree(a: Claim, b: Claim, places: frozenset[str]) -> bool:
    """True when both claims can be true at once; ``places`` are the place entity ids."""
    if values_agree(a.value, b.value):
        return True
    return isinstance(a.value, str) and bool(set(a.entities) & set(b.entities) & places)


def _below(low_side: NumberRange, high_side: NumberRange) -> bool:
    """True when ``low_side`` starts no later than ``high_side`` ends."""
    if low_side.low is None or high_side.high is None:
        return True
    if low_side.low_inclusive and high_side.high_inclusive:
        return low_side.low <= high_side.high
    return low_side.low < high_side.high


def as_of(dossier: Dossier, claim: Claim) -> PointInTime | None:
    """When a claim holds: its own ``as_of``, or else when its source was published."""
    return claim.as_of or dossier.source(claim.source_id).published


def claim_order(dossier: Dossier, claim: Claim) -> tuple[object, ...]:
    """Claims sort by the time they hold as of, then by source and id."""
    time = as_of(dossier, claim)
    return (time is None, time.sort_key() if time else (), claim.source_id, claim.id)


def speaker_key(claim: Claim) -> str:
    """Who speaks: the entity a claim is attributed to, or the source itself."""
    return f"entity:{claim.speaker_id}" if claim.speaker_id else f"source:{claim.source_id}"


def origin_of(dossier: Dossier, claim: Claim) -> str:
    """Where a claim comes from, following what its source depends on."""
    if claim.speaker_id:
        return f"entity:{claim.speaker_id}"
    source_ids = {source.id for source in dossier.sources}
    current = claim.source_id
    seen = {current}
    while True:
        dependency = dossier.source(current).depends_on
        if dependency is None or dependency in seen:
            return f"source:{current}"
        if dependency not in source_ids:
            return f"entity:{dependency}"
        seen.add(dependency)
        current = dependency


def summarise(dossier: Dossier) -> list[QuestionSummary]:
    """One summary per question, in the order the dossier lists them."""
    summaries = []
    places = frozenset(e.id for e in dossier.entities if e.kind is EntityKind.PLACE)
    for question in dossier.questions:
        compared = places if question.kind is QuestionKind.PLACE else frozenset()
        claims = sorted(
            (claim for claim in dossier.claims if claim.question_id == question.id),
            key=lambda claim: claim_order(dossier, claim),
        )
        superseded = _superseded(dossier, claims, compared)
        current = [claim for claim in claims if claim.id not in superseded]
        origins = tuple(sorted({origin_of(dossier, claim) for claim in current}))
        summaries.append(
            QuestionSummary(
                question=question,
                claims=tuple(claims),
                superseded=superseded,
                answers=_answers(dossier, current),
                agreement=_agreement(current, superseded, origins, compared),
                origins=origins,
            )
        )
    return summaries


def _superseded(dossier: Dossier, claims: list[Claim], places: frozenset[str]) -> frozenset[str]:
    """Claims that a later claim of the same speaker contradicts; ``claims`` in time order."""
    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_speaker[speaker_key(claim)].append(claim)
    replaced = set()
    for spoken in by_speaker.values():
        for index, earlier in enumerate(spoken):
            earlier_time = as_of(dossier, earlier)
            for later in spoken[index + 1 :]:
                later_time = as_of(dossier, later)
                if (
                    earlier_time is not None
                    and later_time is not None
                    and is_later(later_time, earlier_time)
                    and not claims_agree(earlier, later, places)
                ):
                    replaced.add(earlier.id)
                    break
    return frozenset(replaced)


def _answers(dossier: Dossier, current: list[Claim]) -> tuple[Answer, ...]:
    grouped: dict[str, list[Claim]] = {}
    for claim in current:
        grouped.setdefault(claim.value_label(), []).append(claim)
    return tuple(
        Answer(
            label,
            tuple(claims),
            tuple(sorted({origin_of(dossier, claim) for claim in claims})),
        )
        for label, claims in grouped.items()
    )


def _agreement(
    current: list[Claim],
    superseded: frozenset[str],
    origins: tuple[str, ...],
    places: frozenset[str],
) -> Agreement:
    if not current:
        return Agreement.UNANSWERED
    if not all(claims_agree(a, b, places) for a, b in combinations(current, 2)):
        return Agreement.CONTESTED
    if len(origins) == 1:
        return Agreement.SINGLE_SOURCE
    return Agreement.SUPERSEDED if superseded else Agreement.CONSISTENT
