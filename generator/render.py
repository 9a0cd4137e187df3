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
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.chart import ChartPoint, ChartSeries, evolution_svg
from generator.compare import Agreement, QuestionSummary, as_of, speaker_key, summarise
from generator.highlight import text_html
from generator.markup import anchor_id, attribute, external_link, inline, relative_url
from generator.model import (
    CREDIBILITY_SCALE,
    RELIABILITY_SCALE,
    Claim,
    Dossier,
    NumberRange,
    QuestionKind,
    Source,
)
from generator.provenance import Revision, revision_from_data
from generator.relations import EntityLinks, claims_by_speaker, entity_links, reporting_timeline
from generator.times import PointInTime

GRADING_LEGEND = "guide/format.md#grading"
"""The docs page that explains the reliability and credibility grades."""


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


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return inline(value)


@functools.cache
def _environment() -> Environment:
    """The templates' environment, made once per process: it compiles each template once."""
    environment = Environment(
        loader=PackageLoader("generator", "templates"),
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


def time_label(time: PointInTime | None) -> str:
    return time.label() if time is not None else "unknown"


_STATUS_SYMBOLS = {
    Agreement.CONSISTENT: "✓",
    Agreement.REVISED: "↻",
    Agreement.DISPUTED: "⚑",
    Agreement.CONTESTED: "✗",
    Agreement.SINGLE_ORIGIN: "①",
    Agreement.UNANSWERED: "–",
}


def status_badge(summary: QuestionSummary) -> Markup:
    """The agreement as a word with a colour and a symbol, never colour alone,
    followed by the number of independent origins behind the current claims."""
    agreement = summary.agreement
    origins = len(summary.origins)
    count = (
        f' <span class="dossier-origins">{origins} independent '
        f"origin{'s' if origins != 1 else ''}</span>"
        if origins
        else ""
    )
    return Markup(
        f'<span class="dossier-status dossier-status--{agreement.slug}">'
        f'<span aria-hidden="true">{_STATUS_SYMBOLS[agreement]}</span> {agreement.value}</span>'
        f"{count}"
    )


def join(items: Iterable[object], separator: str = " · ") -> Markup:
    """Join values, escaping each one that is not markup already."""
    return Markup(separator).join(inline(item) for item in items)


def _chart(dossier: Dossier, summary: QuestionSummary, speaker_name: Any) -> Markup:
    """The evolution of a number question's claims, one series per speaker."""
    if summary.question.kind is not QuestionKind.NUMBER:
        return Markup("")
    series: dict[str, list[ChartPoint]] = defaultdict(list)
    names: dict[str, str] = {}
    for claim in summary.claims:
        time = as_of(dossier, claim)
        if time is None or not isinstance(claim.value, NumberRange):
            continue
        start, end = time.bounds()
        key = speaker_key(claim)
        names[key] = speaker_name(claim)
        series[key].append(
            ChartPoint(
                claim_id=claim.id,
                start=start,
                end=end,
                low=claim.value.low,
                high=claim.value.high,
                value_label=claim.value_label(),
                time_label=time.label(),
            )
        )
    svg = evolution_svg(
        summary.question.wording,
        summary.question.unit or "",
        [ChartSeries(names[key], tuple(points)) for key, points in series.items()],
    )
    return Markup(f'<figure class="dossier-chart-figure">\n{svg}\n</figure>') if svg else Markup("")


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
    ) -> None:
        self.environment = _environment()
        self.dossier = dossier
        self.revision = revision or revision_from_data(dossier)
        self.paths = DossierPaths(dossier)
        self.summaries = summarise(dossier) if summaries is None else summaries
        self.superseded = frozenset().union(*(s.superseded for s in self.summaries))

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
        )

    def speaker_name(self, claim: Claim) -> str:
        if claim.speaker_id is None:
            return self.dossier.source(claim.source_id).outlet
        return self.dossier.entity(claim.speaker_id).name

    def cite(self, path: str, content: str) -> str:
        """The "cite this page" block that ends every page of a dossier."""
        heading = content.split("\n", 1)[0]
        address = path.removesuffix(".md").removesuffix("index")
        if not address.endswith("/"):
            address += "/"
        return self.environment.get_template("_cite.md.j2").render(
            title=Markup(heading.removeprefix("# ")),
            dossier=self.dossier,
            address=address,
            revision=self.revision,
            external_link=external_link,
        )

    def render(self, template: str, path: str, **context: Any) -> GeneratedFile:
        def link(text: object, target: str) -> Markup:
            return Markup(f"[{inline(text)}]({relative_url(path, target)})")

        def entity_link(entity_id: str) -> Markup:
            return link(self.dossier.entity(entity_id).name, self.paths.entity(entity_id))

        def speaker(claim: Claim) -> Markup:
            if claim.speaker_id is None:
                return Markup("the source itself")
            return entity_link(claim.speaker_id)

        def claim_value(claim: Claim) -> Markup:
            """A claim's value linking to its evidence, marked when superseded."""
            value = link(claim.value_label(), self.paths.claim(claim))
            marked = Markup(f'<span class="dossier-claim" data-claim="{claim.id}">{value}</span>')
            if claim.id in self.superseded:
                marked += Markup(' <small class="dossier-superseded">superseded</small>')
            return marked

        def grade(claim: Claim) -> Markup:
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
            claim_value=claim_value,
            grade=grade,
            as_of=lambda claim: as_of(self.dossier, claim),
            time=time_label,
            status=status_badge,
            join=join,
            external_link=external_link,
            reliability_scale=RELIABILITY_SCALE,
            credibility_scale=CREDIBILITY_SCALE,
            grading_legend=GRADING_LEGEND,
            superseded=self.superseded,
            has_reviews=any(claim.review for claim in self.dossier.claims),
            **context,
        )
        return GeneratedFile(path, content + self.cite(path, content))

    def plan(self) -> list[_PlannedPage]:
        dossier, paths = self.dossier, self.paths
        return [
            _PlannedPage("overview.md.j2", paths.page("index.md")),
            _PlannedPage("timeline.md.j2", paths.page("timeline.md")),
            _PlannedPage(
                "reporting.md.j2",
                paths.page("reporting.md"),
                lambda: {"entries": reporting_timeline(dossier)},
            ),
            _PlannedPage("matrix.md.j2", paths.page("matrix.md")),
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

    def _entity_context(self, entity_id: str) -> dict[str, Any]:
        return {"links": self.links[entity_id]}

    def _source_context(self, source: Source) -> dict[str, Any]:
        return {"source": source, "text": self.source_text(source)}

    def _question_context(self, summary: QuestionSummary) -> dict[str, Any]:
        return {"summary": summary, "chart": _chart(self.dossier, summary, self.speaker_name)}

    def page_paths(self) -> list[str]:
        return [page.path for page in self.plan()]

    def pages(self) -> list[GeneratedFile]:
        return [self.render(page.template, page.path, **page.context()) for page in self.plan()]

    def source_text(self, source: Source) -> Markup | None:
        if source.text is None:
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
    home = environment.get_template("home.md.j2").render(dossiers=outlines, **common)
    index = environment.get_template("tags.md.j2").render(tags=sorted(tags.items()), **common)
    return [GeneratedFile("index.md", home), GeneratedFile("tags.md", index)]
