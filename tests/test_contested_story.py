"""A contested story as a reader meets it: the fixture dossier harbour-blast-2025 in Chromium.

The dossier (tests/seeds/harbour-blast-2025) has a toll revised overnight, a range
with a hedge, an approximate number, a figure and a cause disputed without a
counter-answer, two blast times an hour apart once their offsets are applied, vague
times, events citing their evidence and one citing none, and notes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

DOSSIER = "dossiers/harbour-blast-2025/"


def points(page: Any) -> dict[str, Any]:
    """The chart's point groups by claim id."""
    groups = page.locator("svg.dossier-chart g.dossier-chart-point")
    return {groups.nth(i).get_attribute("data-claim"): groups.nth(i) for i in range(groups.count())}


def test_the_overview_leads_with_the_latest_toll_and_explains_each_status(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + DOSSIER)
    row = page.locator("table tr", has_text="How many people were killed?")
    assert "revised" in row.locator(".dossier-status").inner_text()
    answers = row.locator("td").nth(1).inner_text()
    assert answers.startswith("23 (Health Ministry, as of 2025, after 20 March 2025"), answers
    assert "5 earlier answers revised or outdated" in answers
    assert "471" not in answers, "the disputed, outdated figure is not an answer now"
    cause = page.locator("table tr", has_text="What caused the explosion?")
    assert "disputed" in cause.locator(".dossier-status").inner_text()
    assert "denied by Army spokesman" in cause.inner_text()
    assert "doubted by Dana Reyes" in cause.inner_text()
    legend = page.locator(".dossier-status-line").all_inner_texts()
    assert any(line.startswith("Disputed: the current answer is challenged") for line in legend)
    assert any(line.startswith("Revised: earlier claims were overtaken") for line in legend)


def test_the_chart_draws_what_was_claimed_and_the_table_says_the_same(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + DOSSIER + "questions/killed/")
    story = page.locator(".md-content p", has_text="is the latest answer").inner_text()
    assert story.startswith("23 (Health Ministry"), story
    assert "from 12 to 471" in story and "revised by their own speaker" in story
    drawn = points(page)
    assert drawn["ministry-killed-23"].get_attribute("data-state") is None
    for claim, state in (
        ("gazette-killed-12", "revised"),
        ("gazette-killed-19", "revised"),
        ("wire-killed-about-20", "outdated"),
        ("front-killed-471", "outdated"),
    ):
        assert drawn[claim].get_attribute("data-state") == state
        assert float(drawn[claim].get_attribute("opacity")) < 1, f"{claim} is not faded"
    range_marker = drawn["intel-killed-range"].locator(".dossier-chart-marker")
    assert range_marker.get_attribute("fill") == "none", "nobody claimed the range's middle"
    assert drawn["intel-killed-range"].locator(".dossier-chart-range").count() == 1
    assert drawn["wire-killed-about-20"].locator(".dossier-chart-approximate").text_content() == "≈"
    assert drawn["ministry-killed-23"].locator(".dossier-chart-span").count() == 1
    # The table beside the chart carries the same facts, in words.
    table = page.locator("table", has_text="Evidence and note")
    for claim, words in (
        ("gazette-killed-19", "revised"),
        ("wire-killed-about-20", "outdated"),
        ("intel-killed-range", "probably, at the low end of its range"),
        ("wire-killed-about-20", "about 20"),
    ):
        row = table.locator("tr", has=page.locator(f'[data-claim="{claim}"]'))
        assert words in row.inner_text(), (claim, words)


def test_notes_travel_with_their_claim_and_open_from_the_keyboard(page: Any, site_url: str) -> None:
    note = "Bodies found overnight in the rubble, the ministry said."
    page.goto(site_url + DOSSIER + "questions/killed/")
    assert page.locator("small.dossier-note", has_text=note).first.is_visible()
    page.goto(site_url + DOSSIER + "matrix/")
    cell = page.locator("td", has=page.locator('[data-claim="gazette-killed-19"]'))
    disclosure = cell.locator("details.dossier-note")
    assert note in disclosure.text_content()
    assert disclosure.get_attribute("open") is None
    disclosure.locator("summary").focus()
    page.keyboard.press("Enter")
    assert disclosure.get_attribute("open") is not None
    box = disclosure.bounding_box()
    assert box is not None and box["height"] > 20, "the opened note takes room on the page"


def test_times_are_shown_on_the_dossiers_clock_beside_the_reported_time(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + DOSSIER + "questions/blast-time/")
    answers = page.locator("table", has_text="Who says it").inner_text()
    assert "around 14 March 2025, 20:00 Istanbul time (UTC+03:00)" in answers
    assert "17:00 (UTC+00:00) as reported" in answers
    assert "18:59 Istanbul time" in answers
    rows = page.locator("svg.dossier-strip g.dossier-strip-row")
    bars = {
        rows.nth(i).get_attribute("data-claim"): rows.nth(i).locator(".dossier-strip-bar")
        for i in range(rows.count())
    }
    gazette = float(bars["gazette-blast-time"].get_attribute("x"))
    wire = float(bars["wire-blast-time"].get_attribute("x"))
    assert wire > gazette, "17:00 GMT is an hour after 18:59 UTC+03:00"
    assert page.locator("svg.dossier-strip text", has_text="Istanbul time").count() == 1


def test_disputes_stand_beside_their_target_and_say_whether_they_count(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + DOSSIER + "questions/killed/")
    disputes = page.locator("table", has_text="Counted")
    row = disputes.locator("tr", has_text="Army spokesman")
    assert "disputes “471” (Alder Front)" in row.inner_text()
    assert "no: it concerns no current claim" in row.inner_text()
    page.goto(site_url + DOSSIER + "questions/cause/")
    answer = page.locator("table", has_text="Challenged or supported by").locator("tr").nth(1)
    assert "denies: Army spokesman" in answer.inner_text()
    assert "doubts: Dana Reyes (most likely)" in answer.inner_text()


def test_events_cite_their_evidence_or_say_they_cite_none(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "timeline/")
    explosion = page.locator("tr", has=page.locator("#event-explosion"))
    links = explosion.locator("td").nth(3).locator("a")
    assert links.count() == 2
    assert re.search(
        r"sources/gazette-blast/#quote-gazette-blast-time$", links.first.get_attribute("href")
    )
    inquiry = page.locator("tr", has=page.locator("#event-inquiry-opened"))
    assert inquiry.locator("td").nth(3).inner_text() == "no evidence cited"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_the_contested_story(
    browser: Any, site_url: str, screenshots: Path, scheme: str, width: int
) -> None:
    """Pages for a person to look at; they fail only when a page does not load."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        for name, address in (
            ("overview", ""),
            ("killed", "questions/killed/"),
            ("blast-time", "questions/blast-time/"),
            ("cause", "questions/cause/"),
            ("matrix", "matrix/"),
            ("timeline", "timeline/"),
        ):
            page.goto(site_url + DOSSIER + address)
            if scheme == "dark":
                # Material follows the palette the reader picked; pick slate as a reader would.
                page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            assert page.locator("h1").count() == 1
            page.screenshot(
                path=screenshots / f"contested-{name}-{width}-{scheme}.png", full_page=True
            )
    finally:
        context.close()
