"""Living in the example site: filtering and sorting the tables, reading without
JavaScript, printing, a phone-sized screen, the dark palette, accessibility
(axe-core) and privacy (no request leaves the site), in headless Chromium.

axe-core comes from the npm registry (``package.json``; ``npm ci`` installs it)
and the PDF checks use poppler's ``pdftotext``, ``pdfinfo`` and ``pdftoppm``;
``make test`` sets both up.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import REPO, guarded_page, make_project, run_dossier, serve_folder

pytestmark = pytest.mark.browser

DOSSIER = "dossiers/kerman-2024/"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
KILLED = "How many people were killed?"

READER_PAGES = {
    "home": "",
    "overview": DOSSIER,
    "matrix": DOSSIER + "matrix/",
    "question": DOSSIER + "questions/killed/",
    "source": DOSSIER + "sources/iswnews-32659/",
    "reporting": DOSSIER + "reporting/",
    "entity": DOSSIER + "entities/ahmad-vahidi/",
    # Voices counted as one, relays, a republished copy, a quote in Portuguese.
    "voices": "dossiers/market-strike-2025/questions/killed/",
    "portuguese": "dossiers/market-strike-2025/sources/diario-vale/",
}


@pytest.fixture(scope="module")
def claims(built_site: Path) -> list[dict[str, str]]:
    """The example dossier's claims, from its CSV export: what the tables must show."""
    with (built_site / DOSSIER / "claims.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def speaker_label(claim: dict[str, str]) -> str:
    """A claim's speaker as the filters name it."""
    if claim["speaker_id"]:
        return claim["speaker_name"]
    return f"{claim['outlet']}, the source itself"


def page_errors(page: Any) -> list[str]:
    """Collects the page's uncaught script errors and console errors."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def select(page: Any, facet: str, value: str) -> None:
    page.locator(f"form.dossier-filters select[name={facet}]").select_option(value=value)


def count_text(page: Any) -> str:
    return page.locator("form.dossier-filters [role=status]").inner_text()


def visible_texts(locator: Any) -> list[str]:
    return [item.inner_text().strip() for item in locator.all() if item.is_visible()]


def matrix_rows(page: Any) -> list[str]:
    """The source of each visible row of the matrix, in order, without its date."""
    return [
        text.splitlines()[0]
        for text in visible_texts(page.locator("table[data-dossier-filters] tbody tr .dossier-row"))
    ]


def visible_headers(page: Any) -> list[str]:
    """The visible columns, each by its full wording (a question's short label left out)."""
    return [
        re.sub(r"\s*[↕▲▼]$", "", text).splitlines()[-1]
        for text in visible_texts(page.locator("table[data-dossier-filters] thead th"))
    ]


def snapshot(page: Any, path: Path, *, full_page: bool = True) -> None:
    """A screenshot from the top of the page, once the header has settled."""
    if full_page:
        page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    page.screenshot(path=path, full_page=full_page)


def claims_table(page: Any) -> Any:
    return page.locator("table[data-dossier-filters]")


def column_texts(page: Any, column: int) -> list[str]:
    rows = claims_table(page).locator("tbody tr").all()
    return [row.locator("td").nth(column).inner_text().strip() for row in rows if row.is_visible()]


# --- Filters and sorting ---------------------------------------------------------------


def test_matrix_filters_by_question_speaker_and_status(
    page: Any, site_url: str, claims: list[dict[str, str]], screenshots: Path
) -> None:
    errors = page_errors(page)
    page.goto(site_url + DOSSIER + "matrix/")
    form = page.locator("form.dossier-filters")
    names = form.locator("select").evaluate_all("selects => selects.map(s => s.name)")
    assert names == ["question", "agreement", "source", "speaker", "status", "language"]
    assert count_text(page) == f"All {len(claims)} claims"
    items = page.locator(".dossier-item")
    assert items.count() == len(claims)

    select(page, "question", KILLED)
    killed = [c for c in claims if c["question"] == KILLED]
    assert visible_headers(page) == ["Source", KILLED]
    assert count_text(page) == f"Showing {len(killed)} of {len(claims)} claims"
    assert len(visible_texts(items)) == len(killed)
    assert sorted(set(matrix_rows(page))) == sorted({c["outlet"] for c in killed})
    agreement = page.locator("tbody tr", has_text="Agreement")
    assert agreement.is_visible(), "the agreement row stays"
    assert visible_texts(agreement.locator(".dossier-status")) == ["✗ contested"]

    select(page, "speaker", "Iranian officials")
    officials = [c for c in killed if c["speaker_name"] == "Iranian officials"]
    assert len(officials) == 5
    assert matrix_rows(page) == ["Wikipedia"]
    shown = [
        item.get_attribute("data-claim")
        for item in items.locator("[data-claim]").all()
        if item.is_visible()
    ]
    assert sorted(shown) == sorted(c["claim_id"] for c in officials)

    select(page, "status", "revised")
    superseded = visible_texts(items)
    assert len(superseded) == 3
    assert all("revised" in text for text in superseded)
    assert count_text(page) == f"Showing 3 of {len(claims)} claims"
    snapshot(page, screenshots / "reading-matrix-filtered.png")

    form.get_by_role("button", name="Reset filters").click()
    assert count_text(page) == f"All {len(claims)} claims"
    assert len(visible_texts(items)) == len(claims)
    assert len(visible_headers(page)) == 1 + len({c["question_id"] for c in claims})
    assert not errors


def test_a_filtered_view_is_kept_in_the_address_and_can_be_shared(
    page: Any, browser: Any, site_url: str, claims: list[dict[str, str]]
) -> None:
    errors = page_errors(page)
    page.goto(site_url + DOSSIER + "matrix/")
    select(page, "question", KILLED)
    page.locator("form.dossier-filters input[name=contains]").fill("Tasnim")
    page.wait_for_function("location.hash.includes('contains=Tasnim')")
    shared = page.evaluate("location.href")
    assert "#filters&" in shared and "question=" in shared and "contains=Tasnim" in shared
    filtered = count_text(page)
    assert filtered.startswith("Showing ")

    other = browser.new_page()
    try:
        other.goto(shared)
        assert count_text(other) == filtered
        assert other.locator("form.dossier-filters input[name=contains]").input_value() == "Tasnim"
    finally:
        other.close()

    page.get_by_role("button", name="Reset filters").click()
    assert count_text(page) == f"All {len(claims)} claims"
    assert "#filters" not in page.evaluate("location.href")
    # An anchor in the address is not taken for filters, nor replaced until one is chosen.
    page.goto(site_url + DOSSIER + "matrix/#filters&question=no-such-question")
    assert count_text(page) == f"All {len(claims)} claims"
    assert not errors


def test_matrix_filters_by_source_language_and_typed_text(
    page: Any, site_url: str, claims: list[dict[str, str]]
) -> None:
    errors = page_errors(page)
    page.goto(site_url + DOSSIER + "matrix/")
    items = page.locator(".dossier-item")

    languages = page.locator("select[name=language] option").all_inner_texts()
    assert "German (de) (2)" in languages, languages
    select(page, "language", "de")
    assert matrix_rows(page) == ["IRNA"]
    assert len(visible_texts(items)) == 2

    page.get_by_role("button", name="Reset filters").click()
    select(page, "source", "Tasnim News Agency")
    assert matrix_rows(page) == ["Tasnim News Agency"]
    tasnim = [c for c in claims if c["outlet"] == "Tasnim News Agency"]
    assert len(visible_texts(items)) == len(tasnim)

    page.get_by_role("button", name="Reset filters").click()
    page.get_by_label("Contains").press_sequentially("suicide", delay=20)
    # A cell's note travels with its claim, so the typed text is looked for in it too.
    suicide = [c for c in claims if "suicide" in c["value"] or "suicide" in c["note"]]
    shown = visible_texts(items)
    assert len(shown) == len(suicide) >= 4
    found = [item.text_content() for item in items.all() if item.is_visible()]
    assert all("suicide" in text for text in found), "in the value, or in the folded note"
    assert count_text(page) == f"Showing {len(suicide)} of {len(claims)} claims"
    page.get_by_label("Contains").fill("")
    assert count_text(page) == f"All {len(claims)} claims"
    assert not errors


def test_matrix_sorts_by_mouse_and_keyboard(page: Any, site_url: str) -> None:
    errors = page_errors(page)
    page.goto(site_url + DOSSIER + "matrix/")
    table = claims_table(page)
    source = table.locator("thead th").first
    original = matrix_rows(page)

    source.get_by_role("button").click()
    assert source.get_attribute("aria-sort") == "ascending"
    assert matrix_rows(page) == sorted(original, key=str.casefold)
    source.get_by_role("button").click()
    assert source.get_attribute("aria-sort") == "descending"
    assert matrix_rows(page) == sorted(original, key=str.casefold, reverse=True)
    first_row = table.locator("tbody tr").first.inner_text()
    assert first_row.startswith("Agreement"), "the agreement row stays on top"

    # The question headers are links; a separate button sorts, by keyboard too.
    killed = table.locator("thead th", has_text=KILLED)
    button = killed.get_by_role("button", name=f"Sort by {KILLED}")
    button.focus()
    page.keyboard.press("Enter")
    assert killed.get_attribute("aria-sort") == "ascending"
    assert source.get_attribute("aria-sort") is None
    # Wikipedia's first figure is 53, ISWNews's 84; sources without one come last.
    assert matrix_rows(page)[:2] == ["Wikipedia", "ISWNews"]
    page.keyboard.press("Space")
    assert killed.get_attribute("aria-sort") == "descending"
    assert matrix_rows(page)[:2] == ["ISWNews", "Wikipedia"]
    assert not errors


def test_question_claims_filter_and_sort(
    page: Any, site_url: str, claims: list[dict[str, str]], screenshots: Path
) -> None:
    errors = page_errors(page)
    page.goto(site_url + DOSSIER + "questions/killed/")
    killed = [c for c in claims if c["question_id"] == "killed"]
    names = page.locator("form.dossier-filters select").evaluate_all("s => s.map(x => x.name)")
    # One question and one language here: no control for either.
    assert names == ["source", "speaker", "status"]
    assert count_text(page) == f"All {len(killed)} claims"

    select(page, "speaker", "Iranian officials")
    assert column_texts(page, 3) == ["Iranian officials"] * 5
    select(page, "status", "revised")
    values = column_texts(page, 1)
    assert [v.split()[0] for v in values] == ["89", "91–92", "93–94"]
    assert all(v.endswith("revised") for v in values)
    assert count_text(page) == f"Showing 3 of {len(killed)} claims"
    page.get_by_role("button", name="Reset filters").click()
    select(page, "speaker", speaker_label(next(c for c in killed if not c["speaker_id"])))
    assert set(column_texts(page, 3)) == {"the source itself"}
    page.get_by_role("button", name="Reset filters").click()

    time_order = column_texts(page, 0)
    value = claims_table(page).locator("thead th", has_text="Value")
    value.get_by_role("button").click()
    assert value.get_attribute("aria-sort") == "ascending"
    numbers = [int(re.findall(r"\d+", v)[0]) for v in column_texts(page, 1)]
    assert numbers == sorted(numbers) and numbers[0] == 20 and numbers[-1] == 103
    page.keyboard.press("Enter")  # the button keeps the focus
    assert value.get_attribute("aria-sort") == "descending"
    assert column_texts(page, 1)[0].startswith("103")
    as_of = claims_table(page).locator("thead th", has_text="As of")
    as_of.get_by_role("button").click()
    assert as_of.get_attribute("aria-sort") == "ascending"
    assert value.get_attribute("aria-sort") is None
    assert column_texts(page, 0) == time_order
    snapshot(page, screenshots / "reading-question.png")
    assert not errors


def test_reporting_timeline_filters(
    page: Any, site_url: str, claims: list[dict[str, str]], screenshots: Path
) -> None:
    errors = page_errors(page)
    page.goto(site_url + DOSSIER + "reporting/")
    names = page.locator("form.dossier-filters select").evaluate_all("s => s.map(x => x.name)")
    assert names == ["question", "agreement", "source", "speaker", "status", "language"]
    rows = claims_table(page).locator("tbody tr")
    total = rows.count()
    assert count_text(page) == f"All {total} entries"

    select(page, "question", KILLED)
    shown = visible_texts(rows)
    assert len(shown) == sum(c["question"] == KILLED for c in claims)
    assert not any("publishes" in row for row in shown), "publications answer no question"

    page.get_by_role("button", name="Reset filters").click()
    select(page, "source", "ISWNews")
    shown = visible_texts(rows)
    assert any("publishes" in row for row in shown), "a source's publications stay"
    assert len([r for r in shown if "publishes" not in r and "updates" not in r]) == sum(
        c["outlet"] == "ISWNews" for c in claims
    )
    select(page, "source", "Wikipedia")
    select(page, "status", "revised")
    shown = visible_texts(rows)
    assert len(shown) == sum(
        c["outlet"] == "Wikipedia" and c["superseded"] == "true" for c in claims
    )
    assert len(shown) == 3 and all("revised" in row for row in shown)

    page.get_by_role("button", name="Reset filters").click()
    select(page, "agreement", "consistent")
    columns = column_texts(page, 3)
    assert columns and set(columns) == {"Where did the bombings take place?"}
    snapshot(page, screenshots / "reading-reporting-filtered.png", full_page=False)
    assert not errors


@contextlib.contextmanager
def page_without_javascript(browser: Any, site_url: str) -> Iterator[Any]:
    """A page with JavaScript off that refuses requests to other hosts."""
    context = browser.new_context(java_script_enabled=False)
    outside: list[str] = []
    site_host = urlsplit(site_url).netloc

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == site_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not outside, outside


def test_tables_are_whole_without_javascript(
    browser: Any, site_url: str, claims: list[dict[str, str]], screenshots: Path
) -> None:
    with page_without_javascript(browser, site_url) as page:
        page.goto(site_url + DOSSIER + "matrix/")
        assert page.locator("form.dossier-filters, .dossier-sort").count() == 0
        items = page.locator(".dossier-item")
        assert len(visible_texts(items)) == len(claims)
        sources = {c["source_id"] for c in claims}
        assert len(visible_texts(page.locator("table tbody tr"))) == 1 + len(sources)
        snapshot(page, screenshots / "reading-matrix-no-js.png", full_page=False)

        page.goto(site_url + DOSSIER + "questions/killed/")
        assert page.locator("form.dossier-filters").count() == 0
        table = page.locator("table", has_text="As of").last
        killed = [c for c in claims if c["question_id"] == "killed"]
        assert len(visible_texts(table.locator("tbody tr"))) == len(killed)

        page.goto(site_url + DOSSIER + "reporting/")
        rows = visible_texts(page.locator("table tbody tr"))
        assert sum("publishes" not in r and "updates" not in r for r in rows) == len(claims)


# --- Print -------------------------------------------------------------------------------


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing; `make test` installs Debian's poppler-utils")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


_PRINTED_TABLES = """() => Array.from(document.querySelectorAll(".md-typeset table"), table => ({
  width: table.getBoundingClientRect().width,
  room: table.closest(".md-content").getBoundingClientRect().width,
  rows: getComputedStyle(table.querySelector("tbody tr")).breakInside,
}))"""


@pytest.mark.parametrize(
    ("name", "path", "expected"),
    [
        ("overview", DOSSIER, ["Key questions", "contested", "independent origins"]),
        ("matrix", DOSSIER + "matrix/", ["Was Israel", "not-involved", "revised"]),
        ("reporting", DOSSIER + "reporting/", ["publishes", "July 2024", "revised"]),
        ("exports", "guide/exports/", ["<https://schema.org/ClaimReview>"]),
    ],
)
def test_printed_page_is_legible(
    page: Any, site_url: str, screenshots: Path, name: str, path: str, expected: list[str]
) -> None:
    page.goto(site_url + path)
    pdf = screenshots / f"print-{name}.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    text = poppler("pdftotext", "-layout", str(pdf), "-")
    flat = " ".join(text.split())
    for words in expected:
        assert words in flat, f"{words!r} missing from the printed {name}"
    for chrome in ("Table of contents", "Made with", "Reset filters", "Contains"):
        assert chrome not in flat, f"{chrome!r} is printed on the {name}"
    for png in screenshots.glob(f"print-{name}-*.png"):
        png.unlink()
    poppler("pdftoppm", "-r", "60", "-png", str(pdf), str(screenshots / f"print-{name}"))
    sizes = re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", poppler("pdfinfo", "-l", "99", str(pdf)))
    assert sizes
    landscape = [float(width) > float(height) for width, height in sizes]
    if name == "matrix":
        assert all(landscape), "the matrix prints on landscape pages"
    else:
        assert not any(landscape)
    # Tables fit the paper's width and keep their rows whole.
    page.emulate_media(media="print")
    tables = page.evaluate(_PRINTED_TABLES)
    assert tables
    for table in tables:
        assert table["width"] <= table["room"] + 1, table
        assert table["rows"] == "avoid", table


def test_printed_matrix_says_what_filter_it_shows(
    page: Any, site_url: str, claims: list[dict[str, str]], screenshots: Path
) -> None:
    page.goto(site_url + DOSSIER + "matrix/")
    select(page, "question", KILLED)
    pdf = screenshots / "print-matrix-filtered.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    flat = " ".join(poppler("pdftotext", str(pdf), "-").split())
    killed = sum(c["question"] == KILLED for c in claims)
    assert f"Showing {killed} of {len(claims)} claims" in flat
    assert "How many people were injured?" not in flat


def test_printing_from_the_dark_palette_gives_dark_ink_on_white(
    page: Any, site_url: str, screenshots: Path
) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + DOSSIER + "questions/killed/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    pdf = screenshots / "print-question-dark.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    for png in screenshots.glob("print-question-dark-*.png"):
        png.unlink()
    poppler("pdftoppm", "-r", "60", "-png", str(pdf), str(screenshots / "print-question-dark"))
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => ({
          html: getComputedStyle(document.documentElement).backgroundColor,
          body: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.querySelector(".md-typeset p")).color,
          status: getComputedStyle(document.querySelector(".dossier-status--contested")).color,
        })"""
    )
    assert colours["html"] == colours["body"] == "rgb(255, 255, 255)", colours
    assert colours["status"] == "rgb(183, 28, 28)", colours
    assert colours["text"] == "rgba(0, 0, 0, 0.87)", colours


# --- Narrow screens and the dark palette -------------------------------------------------

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const outside = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let scrolls = false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(parent).overflowX)) {
        scrolls = true;
        break;
      }
    }
    if (!scrolls) outside.push(`${element.tagName}.${element.className}: ${box.right}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, outside};
}"""


@pytest.mark.parametrize("name", [*READER_PAGES, "timeline", "speakers", "guide"])
def test_layout_holds_at_375_px(page: Any, site_url: str, screenshots: Path, name: str) -> None:
    path = {"timeline": DOSSIER + "timeline/", "speakers": DOSSIER + "speakers/"}.get(
        name, READER_PAGES.get(name, "guide/format/")
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + path)
    layout = page.evaluate(_OVERFLOW)
    assert layout["scrollWidth"] <= 375, layout
    assert not layout["outside"], layout
    if name in ("matrix", "question"):
        filters = page.locator("form.dossier-filters").bounding_box()
        assert filters is not None and filters["x"] + filters["width"] <= 375
        snapshot(page, screenshots / f"reading-375-{name}.png")


def test_a_strip_wider_than_a_phone_shows_that_it_scrolls(page: Any, site_url: str) -> None:
    """A timeline strip keeps its labels legible at 375 px by scrolling sideways; a shadow
    at the edge where more of it lies tells the reader the visible part is not all."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site_url + DOSSIER + "timeline/")
    figures = page.evaluate(
        """() => [...document.querySelectorAll("figure.dossier-chart-figure")]
          .filter(figure => figure.querySelector(".dossier-strip"))
          .map(figure => {
            const style = getComputedStyle(figure);
            return {
              overflows: figure.scrollWidth > figure.clientWidth,
              overflowX: style.overflowX,
              shadows: (style.backgroundImage.match(/radial-gradient/g) || []).length,
              attachment: style.backgroundAttachment,
            };
          })"""
    )
    wide = [figure for figure in figures if figure["overflows"]]
    assert wide, figures
    for figure in wide:
        assert figure["overflowX"] == "auto", figure
        assert figure["shadows"] == 2, figure
        # The covers scroll with the content, the shadows stay at the figure's edges.
        assert figure["attachment"] == "local, local, scroll, scroll", figure


def _contrast(page: Any, selector: str) -> float:
    """The contrast ratio of an element's text on its own background."""
    return float(
        page.locator(selector).first.evaluate(
            """element => {
              const rgb = color => color.match(/[\\d.]+/g).slice(0, 3).map(Number);
              const luminance = ([r, g, b]) => {
                const [R, G, B] = [r, g, b].map(v => {
                  v /= 255;
                  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * R + 0.7152 * G + 0.0722 * B;
              };
              const style = getComputedStyle(element);
              const [a, b] = [luminance(rgb(style.color)), luminance(rgb(style.backgroundColor))];
              return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            }"""
        )
    )


def test_dark_palette_keeps_the_dossier_readable(
    page: Any, site_url: str, screenshots: Path
) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + DOSSIER + "questions/killed/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert _contrast(page, ".dossier-status--contested") >= 4.5
    chart = page.locator("svg.dossier-chart")
    text_colour = chart.evaluate("svg => getComputedStyle(svg).color")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert text_colour != background
    snapshot(page, screenshots / "reading-dark-question.png")

    page.goto(site_url + DOSSIER + "sources/iswnews-32659/")
    page.locator("details.dossier-sensitive summary").first.click()
    assert _contrast(page, "mark.dossier-quote") >= 4.5
    page.locator("mark.dossier-quote").first.scroll_into_view_if_needed()
    snapshot(page, screenshots / "reading-dark-source.png", full_page=False)

    page.goto(site_url + DOSSIER)
    for status in page.locator(".dossier-status").all():
        assert status.is_visible()
    assert _contrast(page, ".dossier-status") >= 4.5
    snapshot(page, screenshots / "reading-dark-overview.png")

    # The palette toggle switches back to light.
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"


# --- Accessibility ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing; `npm ci` (run by `make test`) installs axe-core")
    return AXE


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(READER_PAGES))
def test_page_passes_axe(
    page: Any, site_url: str, axe_script: Path, name: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + READER_PAGES[name])
    # Check what folded parts (source texts, boilerplate) hold too.
    page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    # Evaluated through the DevTools protocol: the site's Content Security Policy
    # rightly refuses an injected <script>.
    page.evaluate(axe_script.read_text("utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not serious, json.dumps(serious, indent=1)


# --- Privacy ------------------------------------------------------------------------------


def test_no_page_requests_another_host(page: Any, site_url: str, built_site: Path) -> None:
    """Every built page, loaded with its scripts, asks only the site for anything.

    The ``page`` fixture refuses and records such requests; this also says which
    page made them, and lets each page's requests settle before going on.
    """
    site_host = urlsplit(site_url).netloc
    outside: list[str] = []
    pending: set[Any] = set()

    def started(request: Any) -> None:
        if request.resource_type != "other":  # the favicon may never be answered
            pending.add(request)
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != site_host:
            outside.append(f"{page.url} -> {request.url}")

    def ended(request: Any) -> None:
        pending.discard(request)

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    pages = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        page.goto(site_url + path)
        for _ in range(60):  # let the page's scripts make their requests, up to 3 s
            if not pending:
                break
            page.wait_for_timeout(50)
        page.wait_for_timeout(50)
    assert not outside, outside


# --- Material's instant navigation ---------------------------------------------------------


@pytest.fixture(scope="module")
def instant_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site with Material's instant navigation on, served on the loopback
    interface (instant navigation needs the site's address, for its sitemap)."""
    project = make_project(tmp_path_factory.mktemp("instant") / "project")
    site = project / "site"
    with serve_folder(site) as url:
        config = project / "mkdocs.yml"
        text = config.read_text("utf-8")
        assert "  features:\n" in text
        text = text.replace("  features:\n", "  features:\n    - navigation.instant\n")
        config.write_text(f"site_url: {url}\n{text}", "utf-8")
        result = run_dossier("build", "--site-dir", str(site), cwd=project)
        assert result.returncode == 0, result.stderr
        yield url


@pytest.mark.slow
def test_filters_come_with_pages_that_instant_navigation_loads(
    browser: Any, instant_site_url: str
) -> None:
    url = instant_site_url
    with guarded_page(browser, url) as page:
        errors = page_errors(page)
        page.goto(url + DOSSIER)
        assert page.locator("form.dossier-filters").count() == 0
        page.evaluate("window.loadedOnce = true")
        page.locator("article a", has_text="Comparison matrix").first.click()
        page.wait_for_url(re.compile(r"/matrix/$"))
        page.locator("form.dossier-filters").wait_for()
        assert page.evaluate("window.loadedOnce === true"), "the page was loaded anew"
        select(page, "question", KILLED)
        assert visible_headers(page) == ["Source", KILLED]
        assert page.locator("form.dossier-filters").count() == 1

        page.go_back()
        page.wait_for_url(re.compile(r"/kerman-2024/$"))
        page.locator("article a", has_text="Reporting timeline").first.click()
        page.wait_for_url(re.compile(r"/reporting/$"))
        page.locator("form.dossier-filters").wait_for()
        assert page.locator("form.dossier-filters").count() == 1
        assert not errors
