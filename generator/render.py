"""Render the validated project into Markdown pages, one Jinja2 template per page kind.

Templates never see raw strings as Markdown: the environment's ``finalize``
hook escapes every value printed with ``{{ }}`` through :func:`markup.inline`
unless it is already ``Markup`` that this module built on purpose (links,
status badges, the highlighted source text). Forgetting an escape is
therefore impossible; producing markup needs an explicit helper.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.compare import Agreement, summarise
from generator.highlight import text_html
from generator.markup import external_link, inline, relative_url
from generator.model import Claim, Dossier, Project, Source
from generator.times import PointInTime


@dataclass(frozen=True)
class GeneratedFile:
    """A file of the site, by its path relative to the docs folder."""

    path: str
    content: str


def dossier_path(dossier: Dossier, page: str) -> str:
    return f"dossiers/{dossier.id}/{page}"


def source_path(dossier: Dossier, source_id: str) -> str:
    return dossier_path(dossier, f"sources/{source_id}.md")


def question_path(dossier: Dossier, question_id: str) -> str:
    return dossier_path(dossier, f"questions/{question_id}.md")


def claim_target(dossier: Dossier, claim: Claim) -> str:
    """Where a claim's evidence is: its highlighted quote, or its entry on the source page."""
    anchor = f"quote-{claim.id}" if claim.span is not None else f"claim-{claim.id}"
    return f"{source_path(dossier, claim.source_id)}#{anchor}"


def _finalize(value: object) -> object:
    if value is None:
        return ""
    return inline(value)


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def time_label(time: PointInTime | None) -> str:
    return time.label() if time is not None else "unknown"


def status_badge(agreement: Agreement) -> Markup:
    """The agreement as a word with a colour and a symbol, never colour alone."""
    symbols = {
        Agreement.CONSISTENT: "✓",
        Agreement.CONTESTED: "✗",
        Agreement.SINGLE_SOURCE: "①",
        Agreement.UNANSWERED: "–",
    }
    return Markup(
        f'<span class="dossier-status dossier-status--{agreement.slug}">'
        f'<span aria-hidden="true">{symbols[agreement]}</span> {agreement.value}</span>'
    )


def join(items: Iterable[object], separator: str = " · ") -> Markup:
    """Join values, escaping each one that is not markup already."""
    return Markup(separator).join(inline(item) for item in items)


class _PageRenderer:
    """Renders the pages of one dossier, each with links relative to itself."""

    def __init__(self, environment: Environment, dossier: Dossier) -> None:
        self.environment = environment
        self.dossier = dossier
        self.summaries = summarise(dossier)
        self.entity_names = {entity.id: entity.name for entity in dossier.entities}

    def speaker(self, claim: Claim) -> str:
        if claim.speaker_id is None:
            return "the source itself"
        return self.entity_names[claim.speaker_id]

    def render(self, template: str, path: str, **context: Any) -> GeneratedFile:
        def link(text: object, target: str) -> Markup:
            return Markup(f"[{inline(text)}]({relative_url(path, target)})")

        content = self.environment.get_template(template).render(
            dossier=self.dossier,
            summaries=self.summaries,
            link=link,
            url=partial(relative_url, path),
            path=partial(dossier_path, self.dossier),
            source_path=partial(source_path, self.dossier),
            question_path=partial(question_path, self.dossier),
            claim_target=partial(claim_target, self.dossier),
            speaker=self.speaker,
            time=time_label,
            status=status_badge,
            join=join,
            external_link=external_link,
            **context,
        )
        return GeneratedFile(path, content)

    def pages(self) -> list[GeneratedFile]:
        dossier = self.dossier
        pages = [
            self.render("overview.md.j2", dossier_path(dossier, "index.md")),
            self.render("timeline.md.j2", dossier_path(dossier, "timeline.md")),
            self.render("matrix.md.j2", dossier_path(dossier, "matrix.md")),
            self.render("entities.md.j2", dossier_path(dossier, "entities.md")),
            self.render("questions.md.j2", dossier_path(dossier, "questions/index.md")),
            self.render("sources.md.j2", dossier_path(dossier, "sources/index.md")),
        ]
        pages.extend(
            self.render("question.md.j2", question_path(dossier, s.question.id), summary=s)
            for s in self.summaries
        )
        pages.extend(
            self.render(
                "source.md.j2",
                source_path(dossier, source.id),
                source=source,
                text=self.source_text(source),
            )
            for source in dossier.sources
        )
        return pages

    def source_text(self, source: Source) -> Markup | None:
        if source.text is None:
            return None
        questions = {q.id: q for q in self.dossier.questions}
        labels = {claim.id: questions[claim.question_id].id for claim in source.claims}
        return text_html(source, labels)


def render_pages(project: Project) -> list[GeneratedFile]:
    """The home page and every dossier's pages."""
    environment = _environment()
    home = environment.get_template("home.md.j2").render(
        dossiers=[(dossier, summarise(dossier)) for dossier in project.dossiers],
        link=lambda text, target: Markup(f"[{inline(text)}]({target})"),
        time=time_label,
        contested=Agreement.CONTESTED,
    )
    pages = [GeneratedFile("index.md", home)]
    for dossier in project.dossiers:
        pages.extend(_PageRenderer(environment, dossier).pages())
    return pages
