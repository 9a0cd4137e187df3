"""The validated dossier, as typed, immutable records.

Everything downstream (comparison, rendering, export) reads only these types;
nothing here knows about files, YAML or MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from generator.times import PointInTime


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


@dataclass(frozen=True)
class Question:
    id: str
    wording: str
    kind: QuestionKind
    unit: str | None = None
    choices: tuple[str, ...] = ()
    key: bool = False


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Event:
    id: str
    time: PointInTime
    title: str
    description: str | None = None
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class NumberRange:
    """A number as sources state it: exact (low == high), a range, or open on one side."""

    low: int | float | None
    high: int | float | None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def label(self) -> str:
        low, high = _number(self.low), _number(self.high)
        if self.low is not None and self.low == self.high:
            return low
        if self.high is None:
            return f"{'at least' if self.low_inclusive else 'more than'} {low}"
        if self.low is None:
            return f"{'at most' if self.high_inclusive else 'less than'} {high}"
        return f"{low}–{high}"


def _number(value: int | float | None) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


Value = NumberRange | PointInTime | str
"""A claim's value: a number range for number questions, a time, or a word or phrase."""


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


@dataclass(frozen=True)
class Claim:
    id: str
    source_id: str
    question_id: str
    value: Value
    as_of: PointInTime | None
    speaker_id: str | None
    quote: Quote | None
    span: Span | None
    paraphrase: str | None
    entities: tuple[str, ...] = ()
    note: str | None = None
    credibility: int | None = None
    review: Review | None = None

    def value_label(self) -> str:
        return self.value if isinstance(self.value, str) else self.value.label()


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

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(claim for source in self.sources for claim in source.claims)

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
    def _sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}


@dataclass(frozen=True)
class Project:
    """All dossiers under one seeds folder, in id order."""

    dossiers: tuple[Dossier, ...]
