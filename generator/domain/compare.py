"""Whether the sources of a dossier agree on each question, and on whose word.

Rules, each documented with worked examples in ``docs/guide/format.md#agreement``:

- Two values agree when both can be true at once: number ranges overlap, an
  approximate number ("about 500") widened as ``NumberRange.comparison_range``
  says; time intervals overlap, each as wide as its precision or its vague
  interval and, when approximate, widened further (see ``times.times_agree``);
  words match regardless of case; two places also agree when the claims name
  a common place entity ("Kerman" and "near the Saheb al-Zaman Mosque, Kerman").
- "Later" means that the second claim's time begins once the first one's has
  ended, so a year-only "2024" is later than nothing in 2024, and two figures
  known only to the same day overtake nothing.
- A claim is *revised* when its own speaker later claims a value that does not
  agree with it (a death toll revised upward). On a question whose answer
  *evolves* (a toll, established over days), a claim is *outdated* when any
  voice later gives a figure that does not agree with it, unless an independent
  voice challenges that later figure. Revised and outdated
  claims are *superseded*: shown, marked, no longer current. On an evolving
  question, a later number that states an earlier one more precisely ("89"
  after "at least 84") outdates it too: the bound was the count of its day.
- Who speaks in a claim, whose voice that is and where the claim comes from
  (its *origin*) are ``generator.domain.voices``' to say; corroboration counts
  distinct origins, not copies or related speakers.
- A *relation* claim disputes, denies, doubts or supports another claim (or the
  current answer) without a value of its own. A challenge counts when its
  target is current and comes from another origin; a support adds its origin.
- The status of a question, from its current claims, is the first that holds:
  *unanswered* (no current claim), *contested* (two current claims cannot both
  be true), *disputed* (a current claim is challenged by an independent voice),
  *revised* (earlier claims were superseded), *single origin* (all current
  claims share one origin), *consistent*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations

from generator.domain.model import (
    Claim,
    Dossier,
    EntityKind,
    NumberRange,
    Question,
    QuestionKind,
    Value,
)
from generator.domain.times import PointInTime, is_later, times_agree
from generator.domain.voices import Voices, is_unnamed, same_speaker


class Agreement(StrEnum):
    UNANSWERED = "unanswered"
    SINGLE_ORIGIN = "single origin"
    CONSISTENT = "consistent"
    REVISED = "revised"
    DISPUTED = "disputed"
    CONTESTED = "contested"

    @property
    def slug(self) -> str:
        return self.value.replace(" ", "-")

    @property
    def explanation(self) -> str:
        """What the status means, in one line a reader can take in beside it."""
        return _EXPLANATIONS[self]


_EXPLANATIONS = {
    Agreement.CONTESTED: "current claims cannot all be true: the sources disagree now, "
    "not only over time",
    Agreement.DISPUTED: "the current answer is challenged by an independent voice that "
    "gives no answer of its own",
    Agreement.REVISED: "earlier claims were overtaken by later ones; the current claims agree",
    Agreement.SINGLE_ORIGIN: "the current claims agree but all come from one origin: "
    "nothing independent confirms them",
    Agreement.CONSISTENT: "the current claims agree, from several independent origins",
    Agreement.UNANSWERED: "no source answers this question yet",
}


class ClaimState(StrEnum):
    """Whether a claim still counts for its question, and if not, why."""

    CURRENT = "current"
    REVISED = "revised"
    """Its own speaker later said otherwise."""
    OUTDATED = "outdated"
    """On an evolving question, another voice later gave a figure it does not agree with."""

    @property
    def explanation(self) -> str:
        return _STATE_EXPLANATIONS[self]


_STATE_EXPLANATIONS = {
    ClaimState.CURRENT: "still counts",
    ClaimState.REVISED: "its own speaker later said otherwise",
    ClaimState.OUTDATED: "a later figure from another voice overtook it",
}


@dataclass(frozen=True)
class Overtaking:
    """Why a claim is no longer current: its new state and the later claim that did it."""

    state: ClaimState
    by: str


@dataclass(frozen=True)
class Answer:
    """One distinct current value of a question, who stands behind it and who not."""

    label: str
    claims: tuple[Claim, ...]
    origins: tuple[str, ...]
    challenged_by: tuple[Claim, ...] = ()
    """Relation claims that dispute, deny or doubt it, counted or not."""
    supported_by: tuple[Claim, ...] = ()

    @property
    def latest(self) -> Claim:
        """The claim of this answer that holds as of the latest time."""
        return self.claims[-1]


@dataclass(frozen=True)
class QuestionSummary:
    """A question with its claims in time order and what can be said of them."""

    question: Question
    claims: tuple[Claim, ...]
    """The claims with a value, in time order."""
    superseded: frozenset[str]
    """Ids of the claims no longer current: revised or outdated."""
    answers: tuple[Answer, ...]
    """The current answers, the latest first."""
    agreement: Agreement
    origins: tuple[str, ...]
    """The origins of the current claims and of the supports of them; unnamed ones too."""
    relations: tuple[Claim, ...] = ()
    """The claims that dispute, deny, doubt or support another, in time order."""
    overtaken: Mapping[str, Overtaking] = field(default_factory=dict)
    challenges: tuple[Claim, ...] = ()
    """The relation claims that make the question disputed: they challenge a current
    claim of another origin."""

    @property
    def current(self) -> tuple[Claim, ...]:
        return tuple(claim for claim in self.claims if claim.id not in self.superseded)

    @property
    def superseded_claims(self) -> tuple[Claim, ...]:
        return tuple(claim for claim in self.claims if claim.id in self.superseded)

    @property
    def named_origins(self) -> tuple[str, ...]:
        return tuple(origin for origin in self.origins if not is_unnamed(origin))

    @property
    def unnamed_origins(self) -> int:
        """How many current claims come from voices their source does not name."""
        return len(self.origins) - len(self.named_origins)

    def state(self, claim: Claim) -> ClaimState:
        overtaking = self.overtaken.get(claim.id)
        return ClaimState.CURRENT if overtaking is None else overtaking.state


def values_agree(a: Value | None, b: Value | None) -> bool:
    """True when both values can be true at the same time."""
    if isinstance(a, NumberRange) and isinstance(b, NumberRange):
        a, b = a.comparison_range(), b.comparison_range()
        return _below(a, b) and _below(b, a)
    if isinstance(a, PointInTime) and isinstance(b, PointInTime):
        return times_agree(a, b)
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold().strip() == b.casefold().strip()
    return False


def refines(later: Value | None, earlier: Value | None) -> bool:
    """True when a number states an earlier one more precisely: "89" refines "at least
    84" and "91-92" refines "more than 80"; an evolving answer is then overtaken."""
    if not isinstance(later, NumberRange) or not isinstance(earlier, NumberRange):
        return False
    inner, outer = later.comparison_range(), earlier.comparison_range()
    if outer.low is not None and (inner.low is None or inner.low < outer.low):
        return False
    if outer.high is not None and (inner.high is None or inner.high > outer.high):
        return False
    return (inner.low, inner.high) != (outer.low, outer.high)


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


def holds_as_of(dossier: Dossier, claim: Claim) -> PointInTime | None:
    """When a claim holds as of: its own ``as_of`` field, or else when its source was
    published; ``None`` when neither is known."""
    return claim.as_of or dossier.source(claim.source_id).published


def claim_order(dossier: Dossier, claim: Claim) -> tuple[object, ...]:
    """Claims sort by the time they hold as of, then by source and id."""
    time = holds_as_of(dossier, claim)
    return (time is None, time.sort_key() if time else (), claim.source_id, claim.id)


def summarise(dossier: Dossier, voices: Voices | None = None) -> list[QuestionSummary]:
    """One summary per question, in the order the dossier lists them."""
    places = frozenset(e.id for e in dossier.entities if e.kind is EntityKind.PLACE)
    voices = voices or Voices(dossier)
    return [_summary(dossier, voices, question, places) for question in dossier.questions]


def _summary(
    dossier: Dossier, voices: Voices, question: Question, places: frozenset[str]
) -> QuestionSummary:
    compared = places if question.kind is QuestionKind.PLACE else frozenset()
    on_question = sorted(
        (claim for claim in dossier.claims if claim.question_id == question.id),
        key=lambda claim: claim_order(dossier, claim),
    )
    claims = [claim for claim in on_question if claim.value is not None]
    relations = tuple(claim for claim in on_question if claim.relation is not None)
    origin = voices.origin
    # Only a challenge naming its target: one of the current answer concerns what is
    # current, which overtaking decides.
    challenged = frozenset(
        target.id
        for relation in relations
        if relation.relation is not None
        and relation.relation.kind.challenges
        and relation.relation.target is not None
        for target in _targets(relation, claims)
        if origin(target) != origin(relation)
    )
    overtaken = _overtaken(dossier, question, claims, compared, challenged)
    current = [claim for claim in claims if claim.id not in overtaken]
    answers = _answers(dossier, voices, current, relations)
    challenges = tuple(
        relation
        for relation in relations
        if relation.relation is not None
        and relation.relation.kind.challenges
        and any(origin(target) != origin(relation) for target in _targets(relation, current))
    )
    supporters = {origin(relation) for answer in answers for relation in answer.supported_by}
    origins = tuple(sorted({origin(claim) for claim in current} | supporters))
    return QuestionSummary(
        question=question,
        claims=tuple(claims),
        superseded=frozenset(overtaken),
        answers=answers,
        agreement=_agreement(current, overtaken, origins, challenges, compared),
        origins=origins,
        relations=relations,
        overtaken=overtaken,
        challenges=challenges,
    )


def _overtaken(
    dossier: Dossier,
    question: Question,
    claims: list[Claim],
    places: frozenset[str],
    challenged: frozenset[str],
) -> dict[str, Overtaking]:
    """Claims that a later claim does not agree with: revised when it is their own
    speaker's, outdated when the question evolves; ``claims`` in time order. A claim
    that an independent voice challenges outdates nothing: a disputed figure does
    not make an undisputed one old."""
    found = {}
    for index, earlier in enumerate(claims):
        earlier_time = holds_as_of(dossier, earlier)
        if earlier_time is None:
            continue
        overtaking = None
        for later in claims[index + 1 :]:
            later_time = holds_as_of(dossier, later)
            if later_time is None or not is_later(later_time, earlier_time):
                continue
            if not claims_agree(earlier, later, places) and same_speaker(earlier, later):
                overtaking = Overtaking(ClaimState.REVISED, later.id)
                break
            outdates = not claims_agree(earlier, later, places) or refines(
                later.value, earlier.value
            )
            if question.evolves and overtaking is None and outdates and later.id not in challenged:
                overtaking = Overtaking(ClaimState.OUTDATED, later.id)
        if overtaking is not None:
            found[earlier.id] = overtaking
    return found


def _targets(relation: Claim, current: list[Claim]) -> list[Claim]:
    """The current claims a relation concerns: its target, or every current claim."""
    assert relation.relation is not None
    target = relation.relation.target
    return [claim for claim in current if target is None or claim.id == target]


def _answers(
    dossier: Dossier, voices: Voices, current: list[Claim], relations: tuple[Claim, ...]
) -> tuple[Answer, ...]:
    """The current values, each with its claims, the latest answer first."""
    grouped: dict[str, list[Claim]] = {}
    for claim in current:
        grouped.setdefault(claim.value_label(), []).append(claim)

    def concerning(claims: list[Claim], challenging: bool) -> tuple[Claim, ...]:
        ids = {claim.id for claim in claims}
        return tuple(
            relation
            for relation in relations
            if relation.relation is not None
            and relation.relation.kind.challenges is challenging
            and (relation.relation.target in ids or relation.relation.target is None)
        )

    answers = [
        Answer(
            label,
            tuple(claims),
            tuple(sorted({voices.origin(claim) for claim in claims})),
            challenged_by=concerning(claims, True),
            supported_by=concerning(claims, False),
        )
        for label, claims in grouped.items()
    ]

    def latest(answer: Answer) -> tuple[object, ...]:
        time = holds_as_of(dossier, answer.latest)
        return (time is not None, time.sort_key() if time else ())

    # Sorting is stable, also reversed: answers as of one time keep the claims' order.
    return tuple(sorted(answers, key=latest, reverse=True))


def _agreement(
    current: list[Claim],
    overtaken: Mapping[str, Overtaking],
    origins: tuple[str, ...],
    challenges: tuple[Claim, ...],
    places: frozenset[str],
) -> Agreement:
    if not current:
        return Agreement.UNANSWERED
    if not all(claims_agree(a, b, places) for a, b in combinations(current, 2)):
        return Agreement.CONTESTED
    if challenges:
        return Agreement.DISPUTED
    if overtaken:
        return Agreement.REVISED
    if len(origins) == 1:
        return Agreement.SINGLE_ORIGIN
    return Agreement.CONSISTENT
