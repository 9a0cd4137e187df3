"""Text from strangers renders as text: no HTML, script, link, image or Markdown
extension in the data may take effect on the built site."""

from __future__ import annotations

import hashlib
import html.parser
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, guarded_page, make_project, run_dossier, serve_folder

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
]
HOSTILE = " / ".join(PAYLOADS)


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
url: "https://example.org/a?b=1&c=%3Cscript%3E"
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
    shutil.copytree(REPO / "seeds", seeds)  # the guide links to the example dossier
    _write_hostile_seeds(seeds)
    project = make_project(root / "project", seeds)
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _pages(site: Path) -> list[Path]:
    return sorted((site / "dossiers" / "hostile").rglob("*.html"))


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


def test_the_data_is_shown_as_text(hostile_site: Path) -> None:
    source_page = (hostile_site / "dossiers/hostile/sources/evil/index.html").read_text("utf-8")
    assert "{{ 7*7 }}" in source_page, "Jinja syntax in data must stay literal"
    assert "&lt;script&gt;alert(" in source_page
    assert "[click](javascript:alert(" in source_page
    assert "49" not in source_page


def test_no_script_runs_in_the_browser(browser: Any, hostile_site: Path) -> None:
    with serve_folder(hostile_site) as url, guarded_page(browser, url) as page:
        for path in _pages(hostile_site):
            relative = path.relative_to(hostile_site).parent.as_posix()
            page.goto(f"{url}{relative}/")
            assert "{{ 7*7 }}" in page.locator("article").inner_text()
