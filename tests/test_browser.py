"""The example site as a reader meets it, in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

DOSSIER = "dossiers/kerman-2024/"
SEED = "iswnews-32659"


def test_overview_shows_the_contested_death_toll(
    page: Any, site_url: str, screenshots: Path
) -> None:
    page.goto(site_url + DOSSIER)
    assert page.locator("h1").inner_text().startswith("Kerman bombings, 3 January 2024")
    row = page.locator("table tr", has_text="How many people were killed?")
    assert "contested" in row.locator(".dossier-status").inner_text()
    answers = row.locator("td").nth(1).inner_text()
    for toll in ("20", "53", "73", "103", "84", "96"):
        assert re.search(rf"(^|\D){toll}(\D|$)", answers), f"{toll} missing from {answers!r}"
    page.screenshot(path=screenshots / "overview.png", full_page=True)


def test_matrix_cell_leads_to_its_highlighted_quote(
    page: Any, site_url: str, screenshots: Path
) -> None:
    page.goto(site_url + DOSSIER + "matrix/")
    page.screenshot(path=screenshots / "matrix.png", full_page=True)
    cell = page.locator(f'td a[href$="sources/{SEED}/#quote-isw-killed-84"]')
    assert cell.inner_text() == "at least 84"
    cell.click()
    page.wait_for_url(re.compile(rf"/sources/{SEED}/#quote-isw-killed-84$"))
    # The text is folded behind its content warning: the link stops there until the
    # reader opens it (see test_first_minute).
    page.locator("details.dossier-sensitive > summary").first.click()
    quote = page.locator("#quote-isw-killed-84 + mark.dossier-quote")
    assert quote.inner_text() == "at least 84 people were martyred"
    assert quote.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == "quote-isw-killed-84"
    outline = quote.evaluate("mark => getComputedStyle(mark).outlineStyle")
    assert outline == "solid", "the quote a link points at must stand out"
    box = quote.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] < viewport["height"], "quote is not scrolled into view"
    page.screenshot(path=screenshots / "seed-source.png", full_page=True)


def _open_the_text(page: Any) -> None:
    """The seed is marked sensitive: its text is folded until the reader opens it."""
    text = page.locator("details.dossier-sensitive")
    assert not text.locator(".dossier-text").is_visible()
    text.locator("summary").first.click()
    assert text.locator(".dossier-text").is_visible()


def test_quote_links_back_to_its_claim(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + f"sources/{SEED}/")
    _open_the_text(page)
    page.locator('a.dossier-quote-ref[href="#claim-isw-second-blast-place"]').click()
    claim = page.locator("li", has=page.locator("#claim-isw-second-blast-place"))
    assert "Qoli Beig Mosque" in claim.inner_text()


def test_a_malformed_fragment_is_ignored_without_an_error(page: Any, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + DOSSIER + f"sources/{SEED}/#%")
    page.evaluate("window.location.hash = '%E0%A4%A'")  # and on a change of fragment
    page.wait_for_load_state("load")
    assert page.locator("h1").is_visible()
    assert errors == []


def test_boilerplate_is_folded_not_deleted(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + f"sources/{SEED}/")
    _open_the_text(page)
    folded = page.locator("details.dossier-boilerplate", has_text="Leave a Reply")
    assert folded.count() == 1
    assert not folded.locator("p", has_text="Leave a Reply").is_visible()
    folded.locator("summary").first.click()
    assert folded.locator("p", has_text="Leave a Reply").is_visible()


def test_search_box_finds_words_of_the_source_text(
    page: Any, site_url: str, screenshots: Path
) -> None:
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.click()
    page.keyboard.type("Qoli Beig", delay=30)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(f"sources/{SEED}/" in (href or "") for href in hrefs), hrefs
    page.screenshot(path=screenshots / "search.png")


def test_search_box_finds_words_of_the_annotations(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("Einollahi", delay=30)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 1


def test_death_toll_chart_matches_its_table(page: Any, site_url: str, screenshots: Path) -> None:
    page.goto(site_url + DOSSIER + "questions/killed/")
    status = page.locator(".dossier-status").first.inner_text()
    assert "contested" in status
    assert "independent origins" in page.locator(".dossier-origins").first.inner_text()
    chart = page.locator("svg.dossier-chart")
    assert chart.is_visible()
    width = chart.bounding_box()["width"]
    assert width > 500, f"the chart is squeezed to {width}px"
    points = {
        g.get_attribute("data-claim"): (g.get_attribute("data-value"), g.get_attribute("data-time"))
        for g in chart.locator("g.dossier-chart-point").all()
    }
    rows = page.locator("table", has_text="As of").last.locator("tbody tr").all()
    table = {}
    for row in rows:
        cells = row.locator("td").all()
        claim = cells[1].locator("[data-claim]").get_attribute("data-claim")
        value = cells[1].locator("[data-claim]").inner_text()
        table[claim] = (value, cells[0].inner_text())
    assert len(points) >= 10
    assert points == table
    for toll in ("20", "53", "73", "103", "95", "84", "96"):
        assert toll in {value for value, _ in points.values()}
    chart.screenshot(path=screenshots / "death-toll-chart.png")
    page.screenshot(path=screenshots / "death-toll-question.png", full_page=True)


def test_responsibility_keeps_speakers_apart(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "questions/israel-involvement/")
    table = page.locator("table", has_text="As of").last.inner_text()
    assert "Matthew Miller" in table and "John Kirby" in table
    assert "the source itself" in table
    page.goto(site_url + DOSSIER + "speakers/")
    headings = page.locator("h3").all_inner_texts()
    assert any(h.startswith("Islamic State") for h in headings), headings
    assert any(h.startswith("ISWNews") for h in headings), headings


def test_entity_page_is_reachable_from_a_mention(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "questions/killed/")
    page.locator("td a", has_text="Ahmad Vahidi").first.click()
    page.wait_for_url(re.compile(r"/entities/ahmad-vahidi/$"))
    assert page.locator("h1").inner_text().startswith("Ahmad Vahidi")
    assert "84" in page.locator("table").first.inner_text()
