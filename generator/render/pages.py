"""Render the validated project into Markdown pages, one Jinja2 template per page kind.

Templates never see raw strings as Markdown: the environment's ``finalize``
hook escapes every value printed with ``{{ }}`` through :func:`markup.inline`
(or, inside an HTML attribute, ``{{ value|attribute }}``)
unless it is already ``Markup`` that this module built on purpose (links,
status badges, the highlighted source text, the chart). Forgetting an escape
is therefore impossible; producing markup needs an explicit helper.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.domain.compare import (
    Agreement,
    Answer,
    ClaimState,
    QuestionSummary,
    holds_as_of,
    summarise,
)
from generator.domain.model import (
    CREDIBILITY_SCALE,
    RELIABILITY_SCALE,
    Claim,
    Dossier,
    Extent,
    NumberRange,
    Publication,
    Question,
    QuestionKind,
    Source,
)
from generator.domain.relations import (
    EntityLinks,
    ReportingEntry,
    claims_by_speaker,
    entity_links,
    reporting_timeline,
)
from generator.domain.times import (
    UTC_CLOCK,
    Clock,
    PointInTime,
    point_as_data,
    point_from_data,
    time_label,
)
from generator.domain.voices import ITSELF, Speaker, Voices
from generator.read.provenance import Revision, revision_from_data
from generator.render.chart import (
    ChartPoint,
    ChartSeries,
    StripRow,
    evolution_svg,
    interval_strip_svg,
)
from generator.render.highlight import text_html
from generator.render.markup import (
    anchor_id,
    attribute,
    external_link,
    inline,
    relative_url,
    text_direction,
)

READING = "reading.md"
"""The docs page that tells readers what the statuses, states and grades mean."""

GRADING_LEGEND = f"{READING}#grades"
"""Where the reliability and credibility grades are explained to readers."""

_ATTRIBUTE_LIST = re.compile(r"\s*\{[^{}]*\}\s*$")


@dataclass(frozen=True)
class GeneratedFile:
    """A file of the site, by its path relative to the docs folder."""

    path: str
    content: str


class DossierPaths:
    """Where each page of one dossier lives, relative to the docs folder."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.base = f"dossiers/{dossier.id}"

    def page(self, name: str) -> str:
        return f"{self.base}/{name}"

    def source(self, source_id: str) -> str:
        return f"{self.base}/sources/{source_id}.md"

    def question(self, question_id: str) -> str:
        return f"{self.base}/questions/{question_id}.md"

    def entity(self, entity_id: str) -> str:
        return f"{self.base}/entities/{entity_id}.md"

    def claim(self, claim: Claim) -> str:
        """Where a claim's evidence is: its highlighted quote, or its entry on the source page."""
        anchor = f"quote-{claim.id}" if claim.span is not None else f"claim-{claim.id}"
        return f"{self.source(claim.source_id)}#{anchor}"


def published_address(path: str) -> str:
    """Where MkDocs publishes a page of the docs folder, with directory URLs
    (``use_directory_urls``): ``dossiers/x/sources/a.md`` at ``dossiers/x/sources/a/``."""
    address = path.removesuffix(".md").removesuffix("index")
    return address if address.endswith("/") else address + "/"


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return inline(value)


@functools.cache
def _environment() -> Environment:
    """The templates' environment, made once per process: it compiles each template once."""
    environment = Environment(
        loader=PackageLoader("generator.render", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["anchor"] = anchor_id
    environment.filters["attribute"] = attribute
    return environment


_HELD = {
    Extent.FULL: ("held in full", "held verbatim, the whole article"),
    Extent.PARTIAL: (
        "partial copy",
        "held verbatim, but a partial copy: it ends or starts where the article does not",
    ),
    Extent.EXCERPT: ("excerpt", "held verbatim, but only an excerpt of the article"),
}
"""What we hold of a source's text: a few words for a table, a sentence for its page."""


def text_held(source: Source, *, long: bool = False) -> Markup:
    """What we hold of a source's text, and whether the site publishes all of it:
    a few words, or with ``long`` a sentence. Only the generator's own words."""
    if source.citation_only:
        words = "citation only: we do not hold this source's text" if long else "citation only"
    else:
        short, sentence = _HELD[source.extent]
        words = sentence if long else short
        if source.publish is Publication.QUOTES:
            words += "; only its quoted passages are published" if long else ", quotes only"
    return Markup(words)


_STATUS_SYMBOLS = {
    Agreement.CONSISTENT: "✓",
    Agreement.REVISED: "↻",
    Agreement.DISPUTED: "⚑",
    Agreement.CONTESTED: "✗",
    Agreement.SINGLE_ORIGIN: "①",
    Agreement.UNANSWERED: "–",
}


def status_badge(summary: QuestionSummary, link: Callable[[object, str], Markup]) -> Markup:
    """The agreement as a word with a colour and a symbol, never colour alone, linking to
    what it means, followed by the number of independent origins behind the current claims."""
    agreement = summary.agreement
    named, unnamed = len(summary.named_origins), summary.unnamed_origins
    counts = []
    if named:
        counts.append(f"{named} independent origin{'s' if named != 1 else ''}")
    if unnamed:
        counts.append(f"{unnamed} unnamed voice{'s' if unnamed != 1 else ''}")
    count = f' <span class="dossier-origins">{" + ".join(counts)}</span>' if counts else ""
    badge = Markup(
        f'<span class="dossier-status dossier-status--{agreement.slug}">'
        f'<span aria-hidden="true">{_STATUS_SYMBOLS[agreement]}</span> {agreement.value}</span>'
    )
    return link(badge, f"{READING}#status-{agreement.slug}") + Markup(
        "{ .dossier-status-link }" + count
    )


def column_label(question: Question) -> Markup:
    """A question as a column header: its short label, with its full wording read out
    and shown on hover and focus (see dossier.css); the wording alone when as short."""
    if question.short_label == question.wording:
        return inline(question.wording)
    return Markup(
        '<span class="dossier-col__short" aria-hidden="true">{}</span>'
        '<span class="dossier-col__full">{}</span>'
    ).format(inline(question.short_label), inline(question.wording))


def unique_warnings(*lists: Iterable[str]) -> tuple[str, ...]:
    """Content warnings, each once, in the order first given."""
    return tuple(dict.fromkeys(warning for warnings in lists for warning in warnings))


def status_line(agreement: Agreement) -> Markup:
    """The one line that says what a status means, shown wherever the status is."""
    return Markup(
        f'<span class="dossier-status-line"><strong>{agreement.value.capitalize()}</strong>: '
        f"{agreement.explanation}.</span>"
    )


def status_legend(summaries: Iterable[QuestionSummary]) -> list[Markup]:
    """One line for each status the page shows, in the order statuses are decided."""
    shown = {summary.agreement for summary in summaries}
    return [status_line(agreement) for agreement in reversed(Agreement) if agreement in shown]


def join(items: Iterable[object], separator: str = " · ") -> Markup:
    """Join values, escaping each one that is not markup already."""
    return Markup(separator).join(inline(item) for item in items)


def _chart(dossier: Dossier, voices: Voices, summary: QuestionSummary) -> Markup:
    """The evolution of a number question's claims, one series per speaker; for a time
    question, the intervals its claims stand for on one axis."""
    if summary.question.kind is QuestionKind.TIME:
        return _strip(dossier, voices, summary)
    if summary.question.kind is not QuestionKind.NUMBER:
        return Markup("")
    series: dict[str, list[ChartPoint]] = defaultdict(list)
    speakers: dict[str, Speaker] = {}
    for claim in summary.claims:
        time = holds_as_of(dossier, claim)
        if time is None or not isinstance(claim.value, NumberRange):
            continue
        start, end = _on_clock(dossier, time).bounds()
        speaker = voices.speaker(claim)
        speakers[speaker.key] = speaker
        series[speaker.key].append(
            ChartPoint(
                claim_id=claim.id,
                start=start,
                end=end,
                low=claim.value.low,
                high=claim.value.high,
                value_label=summary.question.value_label(claim),
                time_label=time_label(time, dossier.clock),
                low_inclusive=claim.value.low_inclusive,
                high_inclusive=claim.value.high_inclusive,
                approximate=claim.value.approximation is not None,
                state=str(summary.state(claim)),
            )
        )
    svg = evolution_svg(
        summary.question.wording,
        summary.question.unit or "",
        [
            ChartSeries(speakers[key].label, tuple(points), connected=not speakers[key].unnamed)
            for key, points in series.items()
        ],
        clock=_chart_clock(dossier).time_name,
    )
    return Markup(f'<figure class="dossier-chart-figure">\n{svg}\n</figure>') if svg else Markup("")


def _chart_clock(dossier: Dossier) -> Clock:
    """The one clock every chart of a dossier is drawn on: the dossier's own, or UTC
    when it names none, so that one instant is drawn at one place on the time axis
    whatever offset its source wrote it in. A time with no known offset (a date, or
    a clock time whose timezone is unknown) cannot be moved and is drawn as written."""
    return dossier.clock or UTC_CLOCK


def _on_clock(dossier: Dossier, time: PointInTime) -> PointInTime:
    """The time on the clock the dossier's charts are drawn on."""
    return _chart_clock(dossier).moved(time)


def _strip(dossier: Dossier, voices: Voices, summary: QuestionSummary) -> Markup:
    rows = [
        _strip_row(
            dossier, claim.id, voices.speaker(claim).label, claim.value, str(summary.state(claim))
        )
        for claim in summary.claims
        if isinstance(claim.value, PointInTime)
    ]
    return _strip_figure(dossier, summary.question.wording, rows)


def _strip_row(
    dossier: Dossier,
    ident: str,
    name: str,
    time: PointInTime,
    state: str = "current",
    kind: str = "claim",
) -> StripRow:
    """A time as a bar of a strip, on the dossier's clock, as wide as its precision."""
    here = _on_clock(dossier, time)
    start, end = here.bounds()
    return StripRow(
        ident=ident,
        name=name,
        start=start,
        end=end,
        reach=here.comparison_bounds(),
        time_label=time_label(time, dossier.clock),
        state=state,
        kind=kind,
    )


def _strip_figure(dossier: Dossier, title: str, rows: list[StripRow]) -> Markup:
    svg = interval_strip_svg(title, _chart_clock(dossier).time_name, rows)
    if not svg:
        return Markup("")
    # On a phone the strip scrolls sideways in its figure (dossier.css): the keyboard
    # must reach it to scroll it.
    return Markup(f'<figure class="dossier-chart-figure" tabindex="0">\n{svg}\n</figure>')


def event_strip(dossier: Dossier) -> Markup:
    """The event timeline drawn: each event a bar at its time, as wide as its precision."""
    rows = [
        _strip_row(dossier, event.id, event.title, event.time, kind="event")
        for event in dossier.events
    ]
    return _strip_figure(dossier, f"Event timeline: {dossier.title}", rows)


def reporting_strip(dossier: Dossier, entries: list[ReportingEntry]) -> Markup:
    """The reporting timeline drawn: each publication or update of a source a bar at its
    time; sources whose date is unknown are not drawn (the page says which)."""
    rows = [
        _strip_row(
            dossier,
            entry.publication.source.id,
            entry.publication.source.outlet + (" (update)" if entry.publication.update else ""),
            entry.publication.time,
            kind="source",
        )
        for entry in entries
        if entry.publication is not None
    ]
    return _strip_figure(dossier, f"Reporting timeline: {dossier.title}", rows)


@dataclass(frozen=True)
class DossierOutline:
    """What the pages outside a dossier need of it: the home page, the tag index
    and the site's navigation; and the paths of its pages and exports."""

    id: str
    title: str
    start: PointInTime
    end: PointInTime | None
    tags: tuple[str, ...]
    questions: tuple[str, ...]
    sources: tuple[str, ...]
    entities: tuple[str, ...]
    claim_count: int
    contested_count: int
    """How many of its questions the sources contest."""
    paths: tuple[str, ...]
    """Every file the dossier's pages and exports are written to, in order."""
    example: bool = False

    def as_data(self) -> dict[str, Any]:
        """The outline as JSON data, which ``from_data`` makes it again from."""
        data = {name: getattr(self, name) for name in _OUTLINE_FIELDS}
        return data | {"start": point_as_data(self.start), "end": point_as_data(self.end)}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> DossierOutline:
        fields = {name: data[name] for name in _OUTLINE_FIELDS}
        for name in ("tags", "questions", "sources", "entities", "paths"):
            fields[name] = tuple(fields[name])
        start = point_from_data(data["start"])
        assert start is not None
        return cls(start=start, end=point_from_data(data["end"]), **fields)


_OUTLINE_FIELDS = (
    "id",
    "title",
    "tags",
    "questions",
    "sources",
    "entities",
    "claim_count",
    "contested_count",
    "paths",
    "example",
)
"""The fields of ``DossierOutline`` that are JSON as they are."""


def reading_order(outlines: Iterable[DossierOutline]) -> list[DossierOutline]:
    """The dossiers as the home page and the navigation list them: the real ones
    first, the invented examples after them, each in the order given."""
    return sorted(outlines, key=lambda outline: outline.example)


@dataclass(frozen=True)
class _PlannedPage:
    """A page to render: its template, its path, and what its template needs
    besides the dossier, computed only when the page is rendered."""

    template: str
    path: str
    context: Callable[[], dict[str, Any]] = field(default=dict)


class DossierPages:
    """Renders the pages of one dossier, each with links relative to itself.

    Their paths are known before any page is rendered (``paths``), so that a
    site builder can list them while they are still being written.
    """

    def __init__(
        self,
        dossier: Dossier,
        revision: Revision | None = None,
        summaries: list[QuestionSummary] | None = None,
        site_url: str | None = None,
    ) -> None:
        self.environment = _environment()
        self.dossier = dossier
        self.revision = revision or revision_from_data(dossier)
        self.site_url = site_url
        """The site's address (MkDocs' ``site_url``), for citations that give a page's own."""
        self.paths = DossierPaths(dossier)
        self.voices = Voices(dossier)
        self.summaries = summarise(dossier, self.voices) if summaries is None else summaries
        self.superseded = frozenset().union(*(s.superseded for s in self.summaries))
        self.summary_of = {summary.question.id: summary for summary in self.summaries}

    def outline(self, paths: tuple[str, ...]) -> DossierOutline:
        dossier = self.dossier
        return DossierOutline(
            id=dossier.id,
            title=dossier.title,
            start=dossier.start,
            end=dossier.end,
            tags=dossier.tags,
            questions=tuple(question.id for question in dossier.questions),
            sources=tuple(source.id for source in dossier.sources),
            entities=tuple(entity.id for entity in dossier.entities),
            claim_count=len(dossier.claims),
            contested_count=sum(s.agreement is Agreement.CONTESTED for s in self.summaries),
            paths=paths,
            example=dossier.example,
        )

    def state(self, claim: Claim) -> ClaimState | None:
        """Whether a claim with a value is current; ``None`` for a relation claim."""
        if claim.value is None:
            return None
        return self.summary_of[claim.question_id].state(claim)

    def value_words(self, claim: Claim) -> str:
        """A claim's value, or what a relation claim does to which claim."""
        relation = claim.relation
        question = self.dossier.question(claim.question_id)
        if isinstance(claim.value, PointInTime):
            return time_label(claim.value, self.dossier.clock)
        if relation is None:
            return question.value_label(claim)
        if relation.target is None:
            return f"{relation.kind.value} the current answer"
        target = self.dossier.claim(relation.target)
        return (
            f"{relation.kind.value} “{question.value_label(target)}” ({self.speaker_name(target)})"
        )

    def speaker_name(self, claim: Claim) -> str:
        return self.voices.speaker(claim).label

    def story(self, summary: QuestionSummary) -> str:
        """In one sentence, what the answer is now and how it got there."""
        if not summary.superseded or not summary.answers:
            return ""
        dossier = self.dossier
        now = "; ".join(self.answer_words(answer) for answer in summary.answers)
        earlier = summary.superseded_claims
        revised = sum(summary.state(claim) is ClaimState.REVISED for claim in earlier)
        voices = len({self.voices.origin(claim) for claim in earlier})
        numbers = sorted(
            bound
            for claim in earlier
            if isinstance(claim.value, NumberRange)
            for bound in (claim.value.low, claim.value.high)
            if bound is not None
        )
        spread = ""
        if numbers and numbers[0] != numbers[-1]:
            low, high = (NumberRange(n, n).label() for n in (numbers[0], numbers[-1]))
            spread = f", from {low} to {high}"
        first = holds_as_of(dossier, earlier[0])
        since = f" since {time_label(first, dossier.clock)}" if first is not None else ""
        why = [
            f"{count} {words}"
            for count, words in (
                (revised, "revised by their own speaker"),
                (len(earlier) - revised, "outdated by later figures"),
            )
            if count
        ]
        latest = "the latest answer" if len(summary.answers) == 1 else "the latest answers"
        ones = "one" if len(earlier) == 1 else "ones"
        return (
            f"{now} {'is' if len(summary.answers) == 1 else 'are'} {latest}; "
            f"{'it' if len(summary.answers) == 1 else 'they'} overtook {len(earlier)} earlier "
            f"{ones}{spread}, given by {voices} voice{'s' if voices != 1 else ''}{since}: "
            f"{' and '.join(why)}."
        )

    def answer_words(self, answer: Answer) -> str:
        """``96 (Iranian officials, as of July 2024)``: an answer, its speakers, its time."""
        dossier = self.dossier
        names = list(dict.fromkeys(self.speaker_name(claim) for claim in answer.claims))
        shown = "; ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        time = holds_as_of(dossier, answer.latest)
        when = f", as of {time_label(time, dossier.clock)}" if time is not None else ""
        return f"{self.value_words(answer.latest)} ({shown}{when})"

    def cite(self, path: str, content: str) -> str:
        """The "cite this page" block that ends every page of a dossier."""
        # The page's heading, less the attribute list the templates may end it with:
        # data cannot write a brace (``inline`` escapes it), so the last one is ours.
        heading = _ATTRIBUTE_LIST.sub("", content.split("\n", 1)[0])
        address = published_address(path)
        where = Markup("<code>{}</code>").format(address)
        if self.site_url:
            where = external_link(f"{self.site_url.rstrip('/')}/{address}")
        return self.environment.get_template("_cite.md.j2").render(
            title=Markup(heading.removeprefix("# ")),
            dossier=self.dossier,
            address=where,
            revision=self.revision,
            external_link=external_link,
        )

    def render(
        self,
        template: str,
        path: str,
        *,
        warnings: tuple[str, ...] | None = None,
        wide: bool = False,
        **context: Any,
    ) -> GeneratedFile:
        """A page, with the dossier's content warnings (or the ``warnings`` given) under
        its heading, before anything it quotes; ``wide`` gives it the whole window."""
        warnings = self.dossier.content_warnings if warnings is None else warnings

        def link(text: object, target: str) -> Markup:
            return Markup(f"[{inline(text)}]({relative_url(path, target)})")

        def entity_link(entity_id: str) -> Markup:
            return link(self.dossier.entity(entity_id).name, self.paths.entity(entity_id))

        def speaker(claim: Claim) -> Markup:
            """Who speaks, with the role of a named speaker and who relayed the words."""
            who = self.voices.speaker(claim)
            if who.entity is not None:
                shown = entity_link(who.entity.id)
                if who.entity.role:
                    shown += Markup(", {}").format(inline(who.entity.role))
            else:
                shown = Markup(ITSELF if who.itself else "someone the source does not name")
            if who.relays:
                shown += Markup(", {}").format(inline(who.relayed))
            return shown

        def tie(entity_id: str) -> Markup:
            """An entity's ties, each linked: "speaking for Iran"; empty without one."""
            entity = self.dossier.entity(entity_id)
            parts = []
            while entity.tie is not None:
                kind = entity.tie.kind
                entity = self.dossier.entity(entity.tie.entity)
                parts.append(Markup("{} ").format(kind.words) + entity_link(entity.id))
            return Markup(", ").join(parts)

        def words(claim: Claim, linked: bool = True) -> Markup:
            """The claim's quote linked to where it stands in the text, or its paraphrase
            (``linked`` to its entry on the source page), marked with its language and
            followed by its translation."""
            source = self.dossier.source(claim.source_id)
            language = claim.language(source)
            if claim.quote is not None:
                shown = link(f"“{claim.quote.exact}”", self.paths.claim(claim))
            else:
                shown = Markup("*{}*").format(inline(claim.paraphrase))
                if linked:
                    shown += Markup(" ({})").format(link("paraphrase", self.paths.claim(claim)))
            marked = Markup(
                f'<span lang="{attribute(language)}" dir="{text_direction(language)}">'
                f"{shown}</span>"
            )
            if claim.translation:
                marked += Markup(
                    ' <span class="dossier-translation">(translation: {})</span>'
                ).format(inline(claim.translation))
            return marked

        def claim_value(claim: Claim) -> Markup:
            """A claim's value linking to its evidence, with its hedges in words,
            marked when revised or outdated."""
            value = link(self.value_words(claim), self.paths.claim(claim))
            marked = Markup(f'<span class="dossier-claim" data-claim="{claim.id}">{value}</span>')
            if claim.hedges:
                marked += Markup(' <em class="dossier-hedge">({})</em>').format(
                    inline(claim.hedge_label)
                )
            state = self.state(claim)
            if state is not None and state is not ClaimState.CURRENT:
                mark = Markup(
                    f'<small class="dossier-superseded dossier-state--{state.value}">'
                    f"{state.value}</small>"
                )
                marked += Markup(" ") + link(mark, f"{READING}#state-{state.value}")
            return marked

        def note(claim: Claim, folded: bool = False) -> Markup:
            """A claim's note, in full; ``folded`` behind a "note" disclosure, which a
            keyboard opens as well as a mouse, where room is short (the matrix)."""
            if claim.note is None:
                return Markup("")
            if folded:
                return Markup(
                    '<details class="dossier-note"><summary>note</summary>{}</details>'
                ).format(inline(claim.note))
            return Markup('<br><small class="dossier-note">Note: {}</small>').format(
                inline(claim.note)
            )

        def overtaken(claim: Claim) -> Markup:
            """Why a claim is no longer current, and the claim that overtook it."""
            overtaking = self.summary_of[claim.question_id].overtaken.get(claim.id)
            if overtaking is None:
                return Markup("current")
            later = self.dossier.claim(overtaking.by)
            lead = (
                "its own speaker later said"
                if overtaking.state is ClaimState.REVISED
                else "overtaken by"
            )
            when = holds_as_of(self.dossier, later)
            return Markup("{}: {} ").format(overtaking.state.value, lead) + link(
                f"{self.value_words(later)} ({self.speaker_name(later)}, "
                f"{time_label(when, self.dossier.clock)})",
                self.paths.claim(later),
            )

        def grade(claim: Claim) -> Markup:
            """A claim's grade, its source's reliability and its credibility, as a code
            that spells itself out on hover; empty when it has neither."""
            source = self.dossier.source(claim.source_id)
            parts = []
            if source.reliability:
                parts.append(f"{source.reliability}: {RELIABILITY_SCALE[source.reliability]}")
            if claim.credibility:
                parts.append(f"{claim.credibility}: {CREDIBILITY_SCALE[claim.credibility]}")
            if not parts:
                return Markup("")
            code = f"{source.reliability or '–'}{claim.credibility or '–'}"
            return Markup(
                f'<abbr class="dossier-grade" title="{attribute("; ".join(parts))}">{code}</abbr> '
            ) + link("grading", GRADING_LEGEND)

        content = self.environment.get_template(template).render(
            dossier=self.dossier,
            summaries=self.summaries,
            paths=self.paths,
            link=link,
            entity_link=entity_link,
            speaker=speaker,
            speaker_of=self.voices.speaker,
            claim_value=claim_value,
            grade=grade,
            holds_as_of=lambda claim: holds_as_of(self.dossier, claim),
            time=lambda time: time_label(time, self.dossier.clock),
            text_held=text_held,
            status=lambda summary: status_badge(summary, link),
            column_label=column_label,
            graded=lambda claims: any(
                claim.credibility or self.dossier.source(claim.source_id).reliability
                for claim in claims
            ),
            warnings=warnings,
            status_line=status_line,
            status_legend=status_legend,
            note=note,
            overtaken=overtaken,
            speaker_name=self.speaker_name,
            speaker_names=lambda claims: "; ".join(
                dict.fromkeys(self.speaker_name(claim) for claim in claims)
            ),
            words=words,
            value_words=self.value_words,
            tie=tie,
            answer_words=self.answer_words,
            evidence_link=self.evidence_link(link),
            join=join,
            external_link=external_link,
            reliability_scale=RELIABILITY_SCALE,
            credibility_scale=CREDIBILITY_SCALE,
            grading_legend=GRADING_LEGEND,
            superseded=self.superseded,
            has_reviews=any(claim.review for claim in self.dossier.claims),
            **context,
        )
        heading, _, body = content.partition("\n")
        notice = self.environment.get_template("_warnings.md.j2").render(
            warnings=warnings, join=join
        )
        page = f"{heading}\n{notice}{body}{self.cite(path, content)}"
        # Material reads which sidebars to hide from the page's front matter.
        front = "---\nhide:\n  - navigation\n  - toc\n---\n\n" if wide else ""
        return GeneratedFile(path, front + page)

    def plan(self) -> list[_PlannedPage]:
        dossier, paths = self.dossier, self.paths
        return [
            _PlannedPage("overview.md.j2", paths.page("index.md")),
            _PlannedPage(
                "timeline.md.j2", paths.page("timeline.md"), lambda: {"chart": event_strip(dossier)}
            ),
            _PlannedPage("reporting.md.j2", paths.page("reporting.md"), self._reporting_context),
            _PlannedPage("matrix.md.j2", paths.page("matrix.md"), lambda: {"wide": True}),
            _PlannedPage(
                "speakers.md.j2",
                paths.page("speakers.md"),
                lambda: {"speakers": claims_by_speaker(dossier)},
            ),
            _PlannedPage(
                "entities.md.j2", paths.page("entities/index.md"), lambda: {"links": self.links}
            ),
            _PlannedPage("questions.md.j2", paths.page("questions/index.md")),
            _PlannedPage("sources.md.j2", paths.page("sources/index.md")),
            *(
                _PlannedPage(
                    "question.md.j2",
                    paths.question(summary.question.id),
                    functools.partial(self._question_context, summary),
                )
                for summary in self.summaries
            ),
            *(
                _PlannedPage(
                    "entity.md.j2",
                    paths.entity(entity.id),
                    functools.partial(self._entity_context, entity.id),
                )
                for entity in dossier.entities
            ),
            *(
                _PlannedPage(
                    "source.md.j2",
                    paths.source(source.id),
                    functools.partial(self._source_context, source),
                )
                for source in dossier.sources
            ),
        ]

    @functools.cached_property
    def links(self) -> dict[str, EntityLinks]:
        """What links to each entity, for the entity pages and their index."""
        return entity_links(self.dossier)

    def _reporting_context(self) -> dict[str, Any]:
        entries = reporting_timeline(self.dossier)
        return {"entries": entries, "chart": reporting_strip(self.dossier, entries)}

    def _entity_context(self, entity_id: str) -> dict[str, Any]:
        return {"links": self.links[entity_id]}

    def _source_context(self, source: Source) -> dict[str, Any]:
        return {
            "source": source,
            "text": self.source_text(source),
            "warnings": unique_warnings(self.dossier.content_warnings, source.content_warnings),
        }

    def _question_context(self, summary: QuestionSummary) -> dict[str, Any]:
        return {
            "summary": summary,
            "chart": _chart(self.dossier, self.voices, summary),
            "merged": self.voices.merged(summary.claims + summary.relations),
            "story": self.story(summary),
        }

    def evidence_link(self, link: Callable[[object, str], Markup]) -> Callable[[str], Markup]:
        """A link to one piece of an event's evidence: a claim's words, or a source."""

        def evidence(ref: str) -> Markup:
            if not self.dossier.has_claim(ref):
                return link(self.dossier.source(ref).outlet, self.paths.source(ref))
            claim = self.dossier.claim(ref)
            outlet = self.dossier.source(claim.source_id).outlet
            return link(f"{outlet}: {self.value_words(claim)}", self.paths.claim(claim))

        return evidence

    def page_paths(self) -> list[str]:
        return [page.path for page in self.plan()]

    def pages(self) -> list[GeneratedFile]:
        return [self.render(page.template, page.path, **page.context()) for page in self.plan()]

    def source_text(self, source: Source) -> Markup | None:
        """The text as the source page shows it; ``None`` when the page shows none of it."""
        if not source.shown:
            return None
        return text_html(source, {claim.id: claim.question_id for claim in source.claims})


def render_shared_pages(outlines: list[DossierOutline]) -> list[GeneratedFile]:
    """The pages every dossier shares: the home page and the tag index."""
    environment = _environment()
    tags: dict[str, list[DossierOutline]] = defaultdict(list)
    for outline in outlines:
        for tag in outline.tags:
            tags[tag].append(outline)

    def link(text: object, target: str) -> Markup:
        return Markup(f"[{inline(text)}]({target})")

    common = {"link": link, "time": time_label}
    home = environment.get_template("home.md.j2").render(dossiers=reading_order(outlines), **common)
    index = environment.get_template("tags.md.j2").render(tags=sorted(tags.items()), **common)
    return [GeneratedFile("index.md", home), GeneratedFile("tags.md", index)]
