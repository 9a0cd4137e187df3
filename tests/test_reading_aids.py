"""What the generated pages tell a reader beside the data: where to learn what a status
means, content warnings once and on every page, columns only when they hold something,
unknown dates said so, examples told apart, and a citation with the page's address."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from generator import load_project
from generator.domain.compare import Agreement, ClaimState
from generator.domain.model import Dossier
from generator.pipeline import DossierFiles
from generator.render.pages import DossierOutline, reading_order, render_shared_pages

from conftest import FIXTURE_SEEDS, REPO

READING = (REPO / "docs" / "reading.md").read_text("utf-8")


@pytest.fixture(scope="module")
def dossiers() -> dict[str, Dossier]:
    return {dossier.id: dossier for dossier in load_project(FIXTURE_SEEDS).dossiers}


def pages(dossier: Dossier, site_url: str | None = None) -> dict[str, str]:
    return {file.path: file.content for file in DossierFiles(dossier, site_url=site_url).render()}


def test_every_status_and_state_is_explained_where_pages_link(dossiers: dict[str, Dossier]) -> None:
    anchors = set(re.findall(r"\{ #([a-z-]+) \}", READING))
    for agreement in Agreement:
        assert f"status-{agreement.slug}" in anchors, agreement
    for state in ClaimState:
        if state is not ClaimState.CURRENT:
            assert f"state-{state.value}" in anchors, state
    assert "grades" in anchors
    overview = pages(dossiers["kerman-2024"])["dossiers/kerman-2024/index.md"]
    assert "](../../reading.md#status-contested){ .dossier-status-link }" in overview


def test_every_page_of_a_warned_dossier_warns_once_under_its_heading(
    dossiers: dict[str, Dossier],
) -> None:
    for path, content in pages(dossiers["kerman-2024"]).items():
        if not path.endswith(".md"):
            continue
        heading = content.split("\n# ", 1)[-1] if content.startswith("---") else content
        lines = heading.split("\n")
        assert lines[2] == '!!! warning "Content warning"', path
        assert content.count("deals with: violence, mass&#45;casualty.") == 1, path
        assert "casualty, violence" not in content, path
    unwarned = pages(dossiers["example-river-flood"])
    assert not any("Content warning" in content for content in unwarned.values())


def test_columns_that_would_stay_empty_are_left_out(dossiers: dict[str, Dossier]) -> None:
    kerman = dossiers["kerman-2024"]
    ungraded = pages(kerman)
    assert "| Reliability |" not in ungraded["dossiers/kerman-2024/sources/index.md"]
    assert "| Grade |" not in ungraded["dossiers/kerman-2024/questions/killed.md"]
    first = kerman.sources[0]
    graded = replace(kerman, sources=(replace(first, reliability="B"), *kerman.sources[1:]))
    shown = pages(graded)
    assert "| Reliability |" in shown["dossiers/kerman-2024/sources/index.md"]
    questions = {claim.question_id for claim in first.claims}
    assert all("| Grade |" in shown[f"dossiers/kerman-2024/questions/{q}.md"] for q in questions)


def test_a_claim_of_a_source_of_unknown_date_does_not_read_as_published_then(
    dossiers: dict[str, Dossier],
) -> None:
    reporting = pages(dossiers["kerman-2024"])["dossiers/kerman-2024/reporting.md"]
    rows = [line for line in reporting.splitlines() if "wikipedia-2024-kerman-bombings.md" in line]
    assert rows
    assert all("the source's own date is unknown" in row for row in rows), rows[0]
    assert "Not drawn, since their date is unknown: Wikipedia." in reporting
    sources = pages(dossiers["kerman-2024"])["dossiers/kerman-2024/sources/index.md"]
    assert "| Wikipedia | date unknown |" in sources


def test_a_citation_gives_the_page_address_when_the_site_has_one(
    dossiers: dict[str, Dossier],
) -> None:
    path = "dossiers/kerman-2024/matrix.md"
    cited = pages(dossiers["kerman-2024"], "https://dossiers.example.org/")[path]
    address = "https://dossiers.example.org/dossiers/kerman-2024/matrix/"
    assert f'<a href="{address}" rel="nofollow noopener noreferrer">' in cited
    assert "<code>dossiers/kerman-2024/matrix/</code>" in pages(dossiers["kerman-2024"])[path]


def test_examples_come_after_the_real_dossiers_and_say_so(dossiers: dict[str, Dossier]) -> None:
    outlines = [DossierFiles(dossier).outline for dossier in dossiers.values()]
    assert [o.example for o in outlines] != sorted(o.example for o in outlines), (
        "the fixtures list an example before the real dossier"
    )
    ordered = reading_order(outlines)
    assert ordered[0].id == "kerman-2024"
    assert all(o.example for o in ordered[1:])
    home = render_shared_pages(outlines)[0].content
    rows = [line for line in home.splitlines() if line.startswith("| [")]
    assert "invented example" not in rows[0]
    assert all("invented example" in row for row in rows[1:])
    assert (
        home.index("## Dossiers")
        < home.index("## How to read")
        < home.index("## How to contribute")
    )


def test_a_short_label_heads_a_question_column(dossiers: dict[str, Dossier]) -> None:
    kerman = dossiers["kerman-2024"]
    matrix = pages(kerman)["dossiers/kerman-2024/matrix.md"]
    assert '<span class="dossier-col__short" aria-hidden="true">First blast time</span>' in matrix
    labelled = replace(kerman.questions[0], label="Dead")
    relabelled = replace(kerman, questions=(labelled, *kerman.questions[1:]))
    assert ">Dead</span>" in pages(relabelled)["dossiers/kerman-2024/matrix.md"]


def _outline(ident: str, example: bool) -> DossierOutline:
    return DossierOutline(ident, ident, *[None] * 2, (), (), (), (), 0, 0, (), example=example)  # type: ignore[arg-type]


def test_reading_order_keeps_the_given_order_within_each_kind() -> None:
    given = [_outline("a", True), _outline("b", False), _outline("c", True), _outline("d", False)]
    assert [o.id for o in reading_order(given)] == ["b", "d", "a", "c"]


def test_the_reading_page_is_in_the_navigation() -> None:
    assert "How to read a dossier: reading.md" in Path(REPO / "mkdocs.yml").read_text("utf-8")
