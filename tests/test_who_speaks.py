"""Who is really speaking, as a reader meets it: the fixture dossier market-strike-2025.

The dossier (tests/seeds/market-strike-2025) has a spokeswoman, the ministry she
speaks for and the movement that runs it, officials standing for that movement, a
toll passed on by a broadcaster, an agency story read where another site
republished it, labelled choices and roles, a quote in Portuguese with its
translation, and numbers given in inches and hours. Screenshots at 1280 and 375
pixels, light and dark, are saved for a person to look at.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

DOSSIER = "dossiers/market-strike-2025/"


def test_the_question_page_says_which_speakers_count_as_one_voice(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "questions/killed/")
    assert "2 independent origins" in page.locator(".dossier-origins").first.inner_text()
    table = page.locator("table", has_text="Speakers counted as it")
    front = table.locator("tr", has_text="Vale Front").inner_text()
    assert "Hana Qasim, spokeswoman, speaking for Vale Health Ministry, part of Vale Front" in front
    channel = table.locator("tr", has_text="Channel 9").inner_text()
    assert "by way of Channel 9" in channel, "the unnamed medic's words came through Channel 9"
    answers = page.locator("table", has_text="Who says it").inner_text()
    assert "Vale Health Ministry, relayed by Channel 9)" in answers


def test_choices_show_their_labels_and_never_their_ids(page: Any, site_url: str) -> None:
    for path in ("", "questions/cause/", "matrix/", "reporting/", "entities/northern-army/"):
        page.goto(site_url + DOSSIER + path)
        text = page.locator("article").inner_text()
        assert "army-strike" not in text and "misfired-rocket" not in text, path
    assert "A misfired rocket" in text


def test_a_republished_copy_names_both_outlets(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "sources/wire-vale/")
    outlet = page.locator("table tr", has_text="Outlet").inner_text()
    assert "Harbour Wire, republished by Coast Daily" in outlet
    page.goto(site_url + DOSSIER + "questions/ambulance-delay/")
    assert "single origin" in page.locator(".dossier-status").first.inner_text()
    voices = page.locator("table", has_text="Speakers counted as it").inner_text()
    assert "a copy of the same article as Harbour Wire, republished by Coast Daily" in voices


def test_numbers_are_shown_as_stated_and_converted(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "questions/crater/")
    assert "12 in (30.5 cm)" in page.locator("table", has_text="Evidence and note").inner_text()
    assert "consistent" in page.locator(".dossier-status").first.inner_text()
    page.goto(site_url + DOSSIER + "questions/ambulance-delay/")
    assert "1.5 hours (90 minutes)" in page.locator("article").inner_text()


def test_quotes_carry_their_language_and_translation(page: Any, site_url: str) -> None:
    page.goto(site_url + DOSSIER + "questions/crater/")
    quote = page.locator('span[lang="pt"]', has_text="cerca de 30 centímetros")
    assert quote.count() == 1
    assert "(translation: about 30 centimetres)" in page.locator("article").inner_text()
    page.goto(site_url + DOSSIER + "questions/ambulance-delay/")
    assert page.locator('span[lang="en"]', has_text="The first ambulances").count() == 1


def test_a_quote_marker_label_stays_a_word_apart_in_the_search_index(built_site: Path) -> None:
    fragments = "".join(
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        for path in (built_site / "pagefind" / "fragment").iterdir()
    )
    assert "na terça-feira" in fragments
    assert not re.search(r"terça-feira\s*strike-time", fragments), "the label is indexed"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_the_voices(
    page: Any, site_url: str, screenshots: Path, width: int, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in (
        ("killed", "questions/killed/"),
        ("crater", "questions/crater/"),
        ("diario", "sources/diario-vale/"),
        ("entities", "entities/"),
    ):
        page.goto(site_url + DOSSIER + path)
        page.wait_for_timeout(300)  # the header settles
        page.screenshot(path=screenshots / f"voices-{name}-{width}-{scheme}.png", full_page=True)
