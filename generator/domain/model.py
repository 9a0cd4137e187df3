"""The validated dossier, as typed, immutable records.

Everything downstream (comparison, rendering, export) reads only these types;
nothing here knows about files, YAML or MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property

from generator.domain.times import Clock, PointInTime


class QuestionKind(StrEnum):
    """The kind of answer a question expects; it decides how values compare."""

    NUMBER = "number"
    TIME = "time"
    PLACE = "place"
    CHOICE = "choice"
    TEXT = "text"


class Extent(StrEnum):
    """How much of the article a source's snapshot holds."""

    FULL = "full"
    PARTIAL = "partial"
    """A copy cut short by accident: it ends, or starts, where the article does not."""
    EXCERPT = "excerpt"
    """Only chosen parts of the article, such as its opening paragraph."""


class Publication(StrEnum):
    """How much of a source's text the site publishes."""

    TEXT = "text"
    QUOTES = "quotes"
    """Only the quoted passages, with some context: the rights to the rest are not ours."""


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"


EDITORS_LANGUAGE = "en"
"""The language of the editors' own words (paraphrases, translations, notes) and of
every page around them: the templates are written in English."""


@dataclass(frozen=True)
class Question:
    id: str
    wording: str
    kind: QuestionKind
    unit: str | None = None
    choices: tuple[str, ...] = ()
    key: bool = False
    evolves: bool = False
    """The answer is established over time (a death toll): a later figure from any
    voice overtakes an earlier one, instead of contradicting it."""
    labels: tuple[tuple[str, str], ...] = ()
    """The human label of each choice that has one, by its id: the id stays the key."""
    label: str | None = None
    """A few words for a column header, where the wording would not fit."""

    @property
    def short_label(self) -> str:
        """The column header's words: the label, or else the id in words ("first blast
        time"), which editors choose short and readable already."""
        return self.label or self.id.replace("-", " ").capitalize()

    def choice_label(self, choice: str) -> str:
        """A choice as a reader sees it: its label, or its id when it has none."""
        return dict(self.labels).get(choice, choice)

    @property
    def choice_labels(self) -> tuple[str, ...]:
        return tuple(self.choice_label(choice) for choice in self.choices)

    def value_label(self, claim: Claim) -> str:
        """A claim's value in words as this question shows it: a choice by its label,
        a number given in another unit as stated and converted ("12 in (30.5 cm)")."""
        if self.kind is QuestionKind.CHOICE and isinstance(claim.value, str):
            return self.choice_label(claim.value)
        if claim.stated is not None and isinstance(claim.value, NumberRange):
            converted = claim.value.rounded().label()
            return f"{claim.stated.label()} {claim.unit} ({converted} {self.unit})"
        return claim.value_label()


class TieKind(StrEnum):
    """How one entity's voice is another's."""

    SPEAKS_FOR = "speaks_for"
    """A person or body speaking for an organisation: a spokesman, a minister."""
    PART_OF = "part_of"
    """An organisation that is part of, or run by, another: a ministry, a state agency."""
    STANDS_FOR = "stands_for"
    """An unnamed group that stands for a known body ("Iranian officials")."""

    @property
    def words(self) -> str:
        """``speaking for``, as in "Ashraf al-Qidra, speaking for the Ministry of Health"."""
        return _TIE_WORDS[self]


_TIE_WORDS = {
    TieKind.SPEAKS_FOR: "speaking for",
    TieKind.PART_OF: "part of",
    TieKind.STANDS_FOR: "standing for",
}


@dataclass(frozen=True)
class Tie:
    """An entity's tie to the one whose voice it is: claims of both count as one voice."""

    kind: TieKind
    entity: str


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    description: str | None = None
    role: str | None = None
    """A few words shown with the name wherever the entity speaks ("Interior Minister")."""
    tie: Tie | None = None

    @property
    def label(self) -> str:
        """The name with the role: "Ahmad Vahidi, Interior Minister"."""
        return f"{self.name}, {self.role}" if self.role else self.name


@dataclass(frozen=True)
class Event:
    id: str
    time: PointInTime
    title: str
    description: str | None = None
    entities: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    """Ids of the claims and sources that establish the event, in the order given."""


class Approximation(StrEnum):
    """How a source hedges a number: "about 500", "nearly 500"."""

    ABOUT = "about"
    NEARLY = "nearly"


APPROXIMATE_SHARE = 0.1
"""How far an approximate number reaches when compared: "about 500" is 450 to 550,
"nearly 500" 450 to 500; a whole number reaches at least 1 ("about 7" is 6 to 8)."""


@dataclass(frozen=True)
class NumberRange:
    """A number as sources state it: exact (low == high), a range, or open on one side;
    ``approximation`` marks an exact number given as "about" or "nearly" it."""

    low: int | float | None
    high: int | float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    approximation: Approximation | None = None

    def label(self) -> str:
        low, high = _number(self.low), _number(self.high)
        if self.approximation is not None:
            return f"{self.approximation.value} {low}"
        if self.low is not None and self.low == self.high:
            return low
        if self.high is None:
            return f"{'at least' if self.low_inclusive else 'more than'} {low}"
        if self.low is None:
            return f"{'at most' if self.high_inclusive else 'less than'} {high}"
        return f"{low}–{high}"

    def comparison_range(self) -> NumberRange:
        """The range used to compare numbers: an approximate number widened by
        ``APPROXIMATE_SHARE`` (below only for "nearly"), as is stated otherwise."""
        if self.approximation is None or self.low is None:
            return self
        number = self.low
        slack: int | float = abs(number) * APPROXIMATE_SHARE
        if isinstance(number, int):
            slack = max(1, slack)
        high = number if self.approximation is Approximation.NEARLY else number + slack
        return NumberRange(number - slack, high)

    def rounded(self) -> NumberRange:
        """The range with its bounds to ``SHOWN_DIGITS`` significant digits, for showing
        a converted number; comparisons use the exact one."""
        return replace(self, low=_significant(self.low), high=_significant(self.high))


SHOWN_DIGITS = 3
"""A converted number is shown to three significant digits: "12 in (30.5 cm)"."""


def _significant(value: int | float | None) -> int | float | None:
    if value is None or value == 0:
        return value
    return float(f"{value:.{SHOWN_DIGITS}g}")


def _number(value: int | float | None) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


Value = NumberRange | PointInTime | str
"""A claim's value: a number range for number questions, a time, or a word or phrase."""


class Hedge(StrEnum):
    """How sure a source says it is of a claim, from a small vocabulary."""

    PROBABLY = "probably"
    POSSIBLY = "possibly"
    MOST_LIKELY = "most-likely"
    LOW_END = "low-end"
    HIGH_END = "high-end"
    SO_FAR = "so-far"
    """A count as it stands, which the source says may rise."""

    @property
    def words(self) -> str:
        return _HEDGE_WORDS.get(self, self.value)


_HEDGE_WORDS = {
    Hedge.MOST_LIKELY: "most likely",
    Hedge.LOW_END: "at the low end of its range",
    Hedge.HIGH_END: "at the high end of its range",
    Hedge.SO_FAR: "so far; it may rise",
}


class RelationKind(StrEnum):
    """What a claim without a value of its own does to another claim."""

    DISPUTES = "disputes"
    DENIES = "denies"
    DOUBTS = "doubts"
    SUPPORTS = "supports"

    @property
    def challenges(self) -> bool:
        """Whether the relation speaks against its target (all but ``supports``)."""
        return self is not RelationKind.SUPPORTS

    @property
    def participle(self) -> str:
        """``disputed``, as in "disputed by John Kirby"."""
        return _PARTICIPLES[self]


_PARTICIPLES = {
    RelationKind.DISPUTES: "disputed",
    RelationKind.DENIES: "denied",
    RelationKind.DOUBTS: "doubted",
    RelationKind.SUPPORTS: "supported",
}


@dataclass(frozen=True)
class Relation:
    """A claim's stance on another claim, or on the question's current answer."""

    kind: RelationKind
    target: str | None = None
    """The id of a claim on the same question; ``None``: the question's current answer."""


@dataclass(frozen=True)
class Span:
    """Where a quote stands in its source text, as character offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """The W3C TextQuoteSelector that locates a claim in its source text."""

    exact: str
    prefix: str = ""
    suffix: str = ""


RELIABILITY_SCALE = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
"""The Admiralty (NATO) grading of a source's reliability."""

CREDIBILITY_SCALE = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
"""The Admiralty (NATO) grading of a claim's credibility."""


@dataclass(frozen=True)
class Review:
    """The dossier's own rating of a claim, published as ClaimReview."""

    rating: int
    best: int
    worst: int
    label: str
    date: PointInTime
    explanation: str | None = None


class SpeakerKind(StrEnum):
    """Who speaks in a claim, as its annotation says; ``docs/guide/format.md#who-speaks``."""

    ENTITY = "entity"
    """An entity of the dossier, the claim's ``speaker_id``."""
    SOURCE = "source"
    """The source itself: the claim names no speaker."""
    UNNAMED = "unnamed"
    """Someone the source does not name ("one report said")."""


@dataclass(frozen=True)
class Claim:
    id: str
    source_id: str
    question_id: str
    value: Value | None
    """``None`` exactly when the claim is a ``relation`` to another claim."""
    as_of: PointInTime | None
    speaker_id: str | None
    quote: Quote | None
    span: Span | None
    paraphrase: str | None
    entities: tuple[str, ...] = ()
    note: str | None = None
    credibility: int | None = None
    review: Review | None = None
    relation: Relation | None = None
    hedges: tuple[Hedge, ...] = ()
    unnamed_speaker: bool = False
    """The source attributes the claim to someone it does not name ("one report
    said"): its origin is unknown, so it is never counted as the source's own."""
    relay: tuple[str, ...] = ()
    """Ids of the entities or sources that passed the claim on between its speaker
    and its source, the nearest to the speaker first."""
    lang: str | None = None
    """The language of the quote or paraphrase: see ``language``."""
    translation: str | None = None
    """The editors' translation of a quote or paraphrase in another language."""
    unit: str | None = None
    """The unit the source gave a number in, when not the question's; ``value`` is
    then converted into the question's unit, and ``stated`` is the number as given."""
    stated: NumberRange | None = None

    @property
    def speaker_kind(self) -> SpeakerKind:
        """Who speaks, by kind: the one rule that voices, pages, charts and exports follow."""
        if self.unnamed_speaker:
            return SpeakerKind.UNNAMED
        return SpeakerKind.SOURCE if self.speaker_id is None else SpeakerKind.ENTITY

    @property
    def speaker_key(self) -> str:
        """The speaker as one key: ``entity:<entity id>``, ``source:<source id>``, or
        ``unnamed:<source id>`` grouping the unnamed voices one source relays, who are
        never taken for one speaker."""
        kind = self.speaker_kind
        return f"{kind}:{self.speaker_id if kind is SpeakerKind.ENTITY else self.source_id}"

    def value_label(self) -> str:
        """The value in words; for a relation, what it does and to which claim."""
        if self.value is None:
            assert self.relation is not None
            target = self.relation.target or "the current answer"
            return f"{self.relation.kind.value} {target}"
        return self.value if isinstance(self.value, str) else self.value.label()

    def language(self, source: Source) -> str:
        """The language of the claim's words: a quote's is its source's, a paraphrase
        is the editors' own, unless ``lang`` says otherwise."""
        if self.lang is not None:
            return self.lang
        return source.language if self.quote is not None else EDITORS_LANGUAGE

    @property
    def hedge_label(self) -> str:
        """The hedges in words, as a reader would say them ("probably, at the low end ...")."""
        return ", ".join(hedge.words for hedge in self.hedges)


@dataclass(frozen=True)
class Source:
    id: str
    outlet: str
    title: str
    url: str
    language: str
    published: PointInTime | None
    retrieved: PointInTime
    author: str | None = None
    archive_url: str | None = None
    mirror_url: str | None = None
    """Where the text was read when not at ``url``, the original address: a copy elsewhere."""
    mirror_outlet: str | None = None
    """Who published the copy at ``mirror_url``; ``outlet`` is the original's."""
    updated: tuple[PointInTime, ...] = ()
    sha256: str | None = None
    affiliation: str | None = None
    depends_on: str | None = None
    """An entity or source this source republishes or relies on for its claims."""
    reliability: str | None = None
    content_warnings: tuple[str, ...] = ()
    text: str | None = None
    extent: Extent = Extent.FULL
    publish: Publication = Publication.TEXT
    folded: tuple[Span, ...] = ()
    """The runs of whole paragraphs that boilerplate folds as page furniture, in text order."""
    passages: tuple[Span, ...] = ()
    """Published as quotes only: the passages of the text the site shows, in text order."""
    claims: tuple[Claim, ...] = ()

    @property
    def outlet_label(self) -> str:
        """The outlet, and who republished the copy read: "Reuters, republished by Zawya"."""
        if self.mirror_outlet is None:
            return self.outlet
        return f"{self.outlet}, republished by {self.mirror_outlet}"

    @property
    def citation_only(self) -> bool:
        """True when we do not hold the source's text, only what it said."""
        return self.text is None

    @property
    def full_text(self) -> bool:
        """True when we hold the whole article: not a partial copy nor an excerpt."""
        return self.text is not None and self.extent is Extent.FULL

    @property
    def shown(self) -> tuple[Span, ...]:
        """The parts of the text the site may show: all of it, or the quoted passages."""
        if self.text is None:
            return ()
        if self.publish is Publication.QUOTES:
            return self.passages
        return (Span(0, len(self.text)),)


@dataclass(frozen=True)
class Dossier:
    id: str
    title: str
    summary: str
    start: PointInTime
    end: PointInTime | None = None
    tags: tuple[str, ...] = ()
    content_warnings: tuple[str, ...] = ()
    questions: tuple[Question, ...] = ()
    events: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] = ()
    sources: tuple[Source, ...] = ()
    timezone: str | None = None
    """The IANA name of the event's own clock, on which every time is shown."""
    example: bool = False
    """An invented example, for the guide or the tests: never to be taken for reporting."""

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(claim for source in self.sources for claim in source.claims)

    @cached_property
    def clock(self) -> Clock | None:
        return Clock(self.timezone) if self.timezone else None

    def claim(self, claim_id: str) -> Claim:
        return self._claims[claim_id]

    def has_claim(self, claim_id: str) -> bool:
        return claim_id in self._claims

    def entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def source(self, source_id: str) -> Source:
        return self._sources[source_id]

    def question(self, question_id: str) -> Question:
        return self._questions[question_id]

    # Pages look these up hundreds of thousands of times in a large collection.
    @cached_property
    def _entities(self) -> dict[str, Entity]:
        return {entity.id: entity for entity in self.entities}

    @cached_property
    def _claims(self) -> dict[str, Claim]:
        return {claim.id: claim for claim in self.claims}

    @cached_property
    def _sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}


@dataclass(frozen=True)
class Project:
    """All dossiers under one seeds folder, in id order."""

    dossiers: tuple[Dossier, ...]
