"""A reader's first minute with a dossier, in headless Chromium: a matrix that fits the
window, orientation, content warnings that hold, drawn timelines, and the README's
screenshot of a dossier page kept current.

Screenshots of the pages these tests look at, at 1280 and 375 px, light and dark, are
saved to the screenshots folder for a person to look at.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, guarded_page

pytestmark = pytest.mark.browser

DOSSIER = "dossiers/kerman-2024/"
WARNED_TEXT = "outside the path of pilgrims and inspection gates"
"""A sentence of the ISWNews text, which the site folds behind its content warning."""

README_SCREENSHOT = REPO / "docs" / "images" / "dossier-matrix.png"
README_VIEWPORT = {"width": 1280, "height": 800}

LOOKED_AT = {
    "overview": DOSSIER,
    "matrix": DOSSIER + "matrix/",
    "question": DOSSIER + "questions/killed/",
    "timeline": DOSSIER + "timeline/",
    "reporting": DOSSIER + "reporting/",
}


def sized_page(browser: Any, site_url: str, width: int, scheme: str = "light") -> Any:
    """A guarded page (see conftest) of the given width and colour scheme."""
    return guarded_page(browser, site_url, viewport={"width": width, "height": 900}, scheme=scheme)


def test_the_matrix_fits_1280_px_without_sideways_scrolling(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "matrix/")
    wrapper = page.locator(".md-typeset__table", has=page.locator(".dossier-col"))
    width, client = wrapper.evaluate("node => [node.scrollWidth, node.clientWidth]")
    assert width <= client, f"the matrix scrolls sideways: {width} px in {client} px"
    assert not page.locator(".md-sidebar--primary").is_visible(), "the page has the whole width"
    headers = page.locator("thead th").all()
    assert len(headers) == 13, "a source column and twelve questions"
    for header in headers:
        box = header.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, header.inner_text()
    # Short labels; the full wording is read out, and shown on hover and on focus.
    column = page.locator("thead .dossier-col a").first
    assert column.inner_text().startswith("Killed")
    full = column.locator(".dossier-col__full")
    assert full.inner_text() == "How many people were killed?"
    assert full.bounding_box()["width"] <= 1
    column.hover()
    assert full.bounding_box()["width"] > 50, "the wording shows on hover"
    page.mouse.move(0, 0)
    column.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert full.bounding_box()["width"] > 50, "the wording shows on focus"


def test_every_source_row_of_the_matrix_shows_its_claims(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "matrix/")
    rows = page.locator("tbody tr", has=page.locator(".dossier-row")).all()
    assert len(rows) == 8
    for row in rows:
        items = row.locator(".dossier-item")
        assert items.count() >= 1
        assert any(item.is_visible() for item in items.all()), row.inner_text()
        assert "claim" in row.locator(".dossier-row").inner_text()


def test_a_larger_matrix_keeps_its_header_and_source_column(browser: Any, site_url: str) -> None:
    with sized_page(browser, site_url, 900) as narrow:
        # Twelve questions do not fit at 900 px: the matrix scrolls in its own box
        # only when it has more than 13 questions, so make it so.
        narrow.goto(site_url + DOSSIER + "matrix/")
        narrow.evaluate(
            """() => {
              for (const row of document.querySelectorAll('.md-typeset table tr'))
                for (let i = 0; i < 4; i++) row.append(row.lastElementChild.cloneNode(true));
            }"""
        )
        wrapper = narrow.locator(".md-typeset__table", has=narrow.locator(".dossier-col"))
        assert wrapper.evaluate("node => node.scrollWidth > node.clientWidth")
        wrapper.evaluate("node => { node.scrollLeft = 600; node.scrollTop = 300; }")
        first = narrow.locator("tbody tr > :first-child").nth(3)
        header = narrow.locator("thead th").nth(5)
        box, frame = first.bounding_box(), wrapper.bounding_box()
        assert abs(box["x"] - frame["x"]) < 2, "the source column stays in view"
        assert abs(header.bounding_box()["y"] - frame["y"]) < 2, "the header row stays in view"


@pytest.mark.parametrize("name", ["matrix", "overview", "question", "timeline", "reporting"])
def test_nothing_is_wider_than_a_375_px_screen(browser: Any, site_url: str, name: str) -> None:
    with sized_page(browser, site_url, 375) as phone:
        phone.goto(site_url + LOOKED_AT[name])
        wider = phone.evaluate(
            """() => [...document.querySelectorAll('article *')]
                .filter(node => {
                  const box = node.getBoundingClientRect();
                  if (!box.width) return false;
                  for (let up = node.parentElement; up; up = up.parentElement)
                    if (up.scrollWidth > up.clientWidth + 1 &&
                        getComputedStyle(up).overflowX !== 'visible') return false;
                  return box.right > innerWidth + 1;
                })
                .map(node => node.tagName + '.' + node.className)"""
        )
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        assert wider == [], wider
        if name == "matrix":
            wrapper = phone.locator(".md-typeset__table", has=phone.locator(".dossier-col"))
            assert wrapper.evaluate("node => node.scrollWidth <= node.clientWidth")
            card = phone.locator("tbody tr").nth(2)
            assert card.evaluate("row => getComputedStyle(row).display") == "block"
            assert card.locator(".dossier-cell-label").first.is_visible(), "each claim's question"


def _dossier_pages(built_site: Path) -> list[str]:
    folder = built_site / DOSSIER
    return sorted(
        path.parent.relative_to(built_site).as_posix() + "/" for path in folder.rglob("index.html")
    )


def test_every_page_of_a_warned_dossier_warns_before_its_first_quote(
    page: Any, site_url: str, built_site: Path
) -> None:
    pages = _dossier_pages(built_site)
    assert len(pages) > 30
    for path in pages:
        page.goto(site_url + path)
        order = page.evaluate(
            """() => {
              const article = document.querySelector('article');
              const warning = article.querySelector('.admonition.warning');
              const quote = article.querySelector(
                '.dossier-claim, mark.dossier-quote, .dossier-sensitive, .dossier-chart, td');
              return {
                warning: warning ? warning.innerText : null,
                before: !!warning && (!quote ||
                  !!(warning.compareDocumentPosition(quote) & Node.DOCUMENT_POSITION_FOLLOWING)),
                markup: article.innerText.includes('{ dir='),
              };
            }"""
        )
        assert order["warning"] is not None, f"{path} shows no content warning"
        assert order["warning"].count("violence") == 1, (path, order["warning"])
        assert order["before"], f"{path} quotes before its warning"
        assert not order["markup"], f"{path} shows markup as text"


def test_no_search_result_shows_warned_text(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("pilgrims inspection", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    shown = page.locator(".md-search-result").inner_text()
    hrefs = [link.get_attribute("href") for link in page.locator(".md-search-result a").all()]
    assert any("sources/iswnews-32659/" in (href or "") for href in hrefs), hrefs
    assert "pilgrims" not in shown.lower(), shown
    assert "Content warning: violence, mass-casualty" in shown


def test_an_evidence_link_lands_on_the_warning_and_opening_shows_the_quote(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + DOSSIER + "matrix/")
    page.locator('td a[href$="#quote-isw-killed-84"]').click()
    page.wait_for_url("**#quote-isw-killed-84")
    folded = page.locator("details.dossier-sensitive")
    assert folded.evaluate("details => details.open") is False, "the link opened the text"
    assert page.locator(".dossier-pending").is_visible()
    summary = folded.locator("summary").first
    assert "content warning" in summary.inner_text()
    assert summary.evaluate("node => node === document.activeElement")
    box = summary.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the warning is in view"
    page.keyboard.press("Enter")
    quote = page.locator("#quote-isw-killed-84 + mark.dossier-quote")
    assert quote.is_visible()
    box = quote.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "opening the text shows the quote"
    # The note goes on the details' toggle event, which the browser fires after opening.
    page.locator(".dossier-pending").wait_for(state="detached", timeout=5_000)


def test_statuses_and_grades_lead_to_how_to_read_a_dossier(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER)
    page.locator("a:has(.dossier-status--contested)").first.click()
    page.wait_for_url("**/reading/#status-contested")
    heading = page.locator("#status-contested")
    assert "contested" in heading.inner_text()
    assert heading.is_visible()
    page.goto(site_url + DOSSIER + "questions/killed/")
    page.locator("a:has(.dossier-superseded)").first.click()
    page.wait_for_url("**/reading/#state-*")


def test_the_home_page_lists_real_dossiers_first_then_how_to_read(page: Any, site_url: str) -> None:
    page.goto(site_url)
    rows = page.locator("article table tbody tr").all_inner_texts()
    assert rows[0].startswith("Kerman bombings")
    assert all("invented example" in row for row in rows[1:]), rows
    headings = page.locator("article h2").all_inner_texts()
    assert [h.strip("¶ ") for h in headings] == [
        "Dossiers",
        "How to read a dossier",
        "How to contribute",
    ]


@pytest.mark.parametrize("name", ["timeline", "reporting"])
def test_the_timelines_are_drawn_above_their_tables(page: Any, site_url: str, name: str) -> None:
    page.goto(site_url + LOOKED_AT[name])
    drawing = page.locator("svg.dossier-strip")
    assert drawing.is_visible()
    assert drawing.bounding_box()["width"] > 500
    kind = "event" if name == "timeline" else "source"
    rows = drawing.locator(f"g.dossier-strip-row[data-{kind}]")
    table = page.locator("article table").last
    if name == "timeline":
        assert rows.count() == table.locator("tbody tr").count()
        # The events run from January to July: the axis says it is logarithmic.
        assert drawing.locator("text", has_text="logarithmic").count() == 1
    else:
        published = [text for text in table.inner_text().splitlines() if "publishes" in text]
        assert rows.count() >= len(published) > 0
        assert "Not drawn, since their date is unknown: Wikipedia" in page.inner_text("article")
    below = "article table:last-of-type"
    assert drawing.evaluate(
        f"svg => !!(svg.compareDocumentPosition(document.querySelector('{below}'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    ), "the drawing comes first, its table below"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_the_pages_a_reader_meets(
    browser: Any, site_url: str, screenshots: Path, width: int, scheme: str
) -> None:
    with sized_page(browser, site_url, width, scheme) as reader:
        for name, path in LOOKED_AT.items():
            reader.goto(site_url + path)
            reader.screenshot(path=screenshots / f"{name}-{width}-{scheme}.png", full_page=True)
            assert reader.evaluate("document.documentElement.scrollWidth") <= width


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_readme_shows_a_current_screenshot_of_a_dossier_page(
    browser: Any, site_url: str, tmp_path: Path
) -> None:
    """``UPDATE_SCREENSHOT=1`` writes it anew; otherwise a fresh one must match it in
    dimensions, and the committed one stay small."""
    with sized_page(browser, site_url, README_VIEWPORT["width"]) as reader:
        reader.set_viewport_size(README_VIEWPORT)
        reader.goto(site_url + DOSSIER + "matrix/")
        reader.evaluate(
            "scrollTo(0, document.querySelector('form.dossier-filters').getBoundingClientRect()"
            ".top + scrollY - 72)"
        )
        reader.wait_for_timeout(500)  # Material's header swaps its title as the page scrolls
        fresh = tmp_path / "fresh.png"
        reader.screenshot(path=fresh)
    if os.environ.get("UPDATE_SCREENSHOT"):
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        README_SCREENSHOT.write_bytes(fresh.read_bytes())
    committed = README_SCREENSHOT.read_bytes()
    assert _png_size(committed) == _png_size(fresh.read_bytes())
    assert len(committed) < 400_000, "keep the README's screenshot small"
    assert f"]({README_SCREENSHOT.relative_to(REPO).as_posix()})" in (REPO / "README.md").read_text(
        "utf-8"
    )
