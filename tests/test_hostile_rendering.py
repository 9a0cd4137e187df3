"""Text from strangers renders as text: no HTML, script, link, image or Markdown
extension in the data may take effect on the built site."""

from __future__ import annotations

import hashlib
import html.parser
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURE_SEEDS, guarded_page, make_project, run_dossier, serve_folder

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=\"alert('img')\">",
    "[click](javascript:alert('link'))",
    "![image](https://example.org/x.png)",
    "{{ 7*7 }} {% raw %}",
    '!!! danger "admonition"',
    "**bold** _em_ `code` {: onclick=\"alert('attr')\" }",
    "<https://example.org/autolink>",
    "</div></details><b>escaped</b>",
    "</title><script>alert('title')</script>",
    "\u202eoverridden\u2067 right to left",
]
HOSTILE = " / ".join(PAYLOADS)
URL = "https://example.org/a?b=1|2&c=%3Cscript%3E`&d='onmouseover='alert(1)"
"""A source's address with what a Markdown table row would split or quote at, and an
apostrophe, which an address may hold and an attribute must not end at."""


def _yaml(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_hostile_seeds(seeds: Path) -> None:
    folder = seeds / "hostile"
    (folder / "sources").mkdir(parents=True)
    text = f"Headline\n\n{HOSTILE}\n\nThe quoted words are here.\n".encode()
    (folder / "sources" / "evil.txt").write_bytes(text)
    h = _yaml(HOSTILE)
    (folder / "dossier.yml").write_text(
        f"""title: {h}
summary: {h}
start: "2024-01-03"
tags: [hostile-tag]
content_warnings: [{h}]
questions:
  - id: words
    wording: {h}
    kind: text
    key: true
events:
  - id: happening
    time: "2024-01-03"
    title: {h}
    description: {h}
    entities: [someone]
entities:
  - id: someone
    name: {h}
    kind: person
    aliases: [{h}]
    description: {h}
""",
        "utf-8",
    )
    (folder / "sources" / "evil.yml").write_text(
        f"""outlet: {h}
title: {h}
author: {h}
url: "{URL}"
language: en
published: "2024-01-03"
retrieved: "2024-01-04"
sha256: {hashlib.sha256(text).hexdigest()}
affiliation: {h}
claims:
  - id: quoted
    question: words
    value: {h}
    speaker: someone
    quote: {_yaml(HOSTILE)}
    note: {h}
  - id: plain
    question: words
    value: plain words
    quote: "The quoted words are here."
""",
        "utf-8",
    )


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    seeds = root / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)  # the guide links to the example dossier
    _write_hostile_seeds(seeds)
    project = make_project(root / "project", seeds)
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _pages(site: Path) -> list[Path]:
    return sorted((site / "dossiers" / "hostile").rglob("*.html"))


@pytest.mark.slow
def test_no_markup_from_the_data_reaches_the_html(hostile_site: Path) -> None:
    pages = _pages(hostile_site)
    assert len(pages) >= 6
    for page in pages:
        parser = _Elements()
        parser.feed(page.read_text("utf-8"))
        for tag, attrs in parser.tags:
            assert tag not in {"img", "b", "iframe"}, (page, tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (page, tag, attrs)
                assert not (value or "").strip().lower().startswith("javascript:"), (page, attrs)
            if tag == "a":
                href = attrs.get("href") or ""
                assert "example.org/autolink" not in href, (page, attrs)
        assert not any("alert(" in script for script in parser.scripts), page
        assert "danger" not in {
            cls for _, a in parser.tags for cls in (a.get("class") or "").split()
        }


@pytest.mark.slow
def test_the_data_is_shown_as_text(hostile_site: Path) -> None:
    source_page = (hostile_site / "dossiers/hostile/sources/evil/index.html").read_text("utf-8")
    assert "{{ 7*7 }}" in source_page, "Jinja syntax in data must stay literal"
    assert "&lt;script&gt;alert(" in source_page
    assert "[click](javascript:alert(" in source_page
    assert "49" not in source_page


class _Shown(html.parser.HTMLParser):
    """The text of an article, each piece with whether a ``<bdi>`` isolates it,
    leaving out the source text (its own paragraphs, in its own direction); and
    the cells of its table rows, with the addresses of their links."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[tuple[str, bool]] = []
        self.rows: list[list[tuple[str, list[str]]]] = []
        self._article = self._bdi = self._source_text = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self._article += tag == "article"
        self._bdi += tag == "bdi"
        self._source_text += tag == "div" and bool(self._source_text or "dossier-text" in classes)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append(("", []))
        elif tag == "a" and self.rows and self.rows[-1]:
            self.rows[-1][-1][1].append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        self._article -= tag == "article"
        self._bdi -= tag == "bdi"
        self._source_text -= tag == "div" and self._source_text > 0

    def handle_data(self, data: str) -> None:
        if self._article and not self._source_text:
            self.pieces.append((data, self._bdi > 0))
        if self.rows and self.rows[-1]:
            text, links = self.rows[-1][-1]
            self.rows[-1][-1] = (text + data, links)


def _shown(page: Path) -> _Shown:
    parser = _Shown()
    parser.feed(page.read_text("utf-8"))
    return parser


@pytest.mark.slow
def test_a_direction_override_ends_with_the_string_it_is_in(hostile_site: Path) -> None:
    for page in _pages(hostile_site):
        pieces = _shown(page).pieces
        overridden = [(text, isolated) for text, isolated in pieces if "\u202e" in text]
        assert overridden, page
        # Drawings have no <bdi>: their text is isolated between FSI and PDI instead.
        drawn = re.compile("\u2068[^\u2068\u2069]*\u202e[^\u2068\u2069]*\u2069")
        assert all(isolated or drawn.search(text) for text, isolated in overridden), (
            page,
            overridden,
        )
        # The page's own words around the data stay outside any isolate.
        assert any(not isolated and text.strip() for text, isolated in pieces), page


@pytest.mark.slow
def test_an_address_with_a_bar_stays_one_table_cell_with_a_working_link(
    hostile_site: Path,
) -> None:
    rows = _shown(hostile_site / "dossiers/hostile/sources/evil/index.html").rows
    address = [row for row in rows if row and row[0][0].strip() == "Address"]
    assert len(address) == 1, rows
    assert len(address[0]) == 2, address
    text, links = address[0][1]
    assert text.strip() == URL
    assert links == [URL]


@pytest.mark.slow
@pytest.mark.browser
def test_no_script_runs_in_the_browser(browser: Any, hostile_site: Path) -> None:
    with serve_folder(hostile_site) as url, guarded_page(browser, url) as page:
        for path in _pages(hostile_site):
            relative = path.relative_to(hostile_site).parent.as_posix()
            page.goto(f"{url}{relative}/")
            assert "{{ 7*7 }}" in page.locator("article").inner_text()
