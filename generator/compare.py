"""Whether the sources of a dossier agree on each question.

Two values agree when both can be true at once: number ranges overlap,
time intervals overlap (each widened by its precision), and words match
regardless of case. A question is *contested* as soon as two of its claims
cannot both be true, *consistent* when every pair can, and *single source*
when only one source answers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from generator.model import Claim, Dossier, NumberRange, Question, Value
from generator.times import PointInTime


class Agreement(StrEnum):
    UNANSWERED = "unanswered"
    SINGLE_SOURCE = "single source"
    CONSISTENT = "consistent"
    CONTESTED = "contested"

    @property
    def slug(self) -> str:
        return self.value.replace(" ", "-")


@dataclass(frozen=True)
class QuestionSummary:
    """A question with its claims in time order, its distinct answers and their agreement."""

    question: Question
    claims: tuple[Claim, ...]
    answers: tuple[str, ...]
    agreement: Agreement


def values_agree(a: Value, b: Value) -> bool:
    """True when both values can be true at the same time."""
    if isinstance(a, NumberRange) and isinstance(b, NumberRange):
        return _ranges_overlap(a, b)
    if isinstance(a, PointInTime) and isinstance(b, PointInTime):
        a_start, a_end = a.bounds()
        b_start, b_end = b.bounds()
        return a_start < b_end and b_start < a_end
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold().strip() == b.casefold().strip()
    return False


def _ranges_overlap(a: NumberRange, b: NumberRange) -> bool:
    return _below(a, b) and _below(b, a)


def _below(low_side: NumberRange, high_side: NumberRange) -> bool:
    """True when ``low_side`` starts no later than ``high_side`` ends."""
    if low_side.low is None or high_side.high is None:
        return True
    if low_side.low_inclusive and high_side.high_inclusive:
        return low_side.low <= high_side.high
    return low_side.low < high_side.high


def claim_order(dossier: Dossier, claim: Claim) -> tuple[object, ...]:
    """Claims sort by the time they hold as of, then by source and id."""
    as_of = claim.as_of or dossier.source(claim.source_id).published
    return (as_of is None, as_of.sort_key() if as_of else (), claim.source_id, claim.id)


def summarise(dossier: Dossier) -> list[QuestionSummary]:
    """One summary per question, in the order the dossier lists them."""
    summaries = []
    for question in dossier.questions:
        claims = sorted(
            (claim for claim in dossier.claims if claim.question_id == question.id),
            key=lambda claim: claim_order(dossier, claim),
        )
        answers = tuple(dict.fromkeys(claim.value_label() for claim in claims))
        summaries.append(QuestionSummary(question, tuple(claims), answers, _agreement(claims)))
    return summaries


def _agreement(claims: list[Claim]) -> Agreement:
    if not claims:
        return Agreement.UNANSWERED
    if len({claim.source_id for claim in claims}) == 1:
        return Agreement.SINGLE_SOURCE
    if all(values_agree(a.value, b.value) for a, b in combinations(claims, 2)):
        return Agreement.CONSISTENT
    return Agreement.CONTESTED
