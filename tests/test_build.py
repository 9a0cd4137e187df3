"""The real build: ``dossier build`` and plain ``mkdocs build --strict`` of the example."""

from __future__ import annotations

import html.parser
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.site.mkdocs.dossier import plugin as dossier_plugin

from conftest import FIXTURE_SEEDS, configured_project, make_project, run_dossier

DOSSIER = "dossiers/kerman-2024"


def test_every_page_is_built(built_site: Path) -> None:
    expected = [
        "index.html",
        f"{DOSSIER}/index.html",
        f"{DOSSIER}/timeline/index.html",
        f"{DOSSIER}/matrix/index.html",
        f"{DOSSIER}/reporting/index.html",
        f"{DOSSIER}/speakers/index.html",
        f"{DOSSIER}/entities/index.html",
        f"{DOSSIER}/entities/ahmad-vahidi/index.html",
        f"{DOSSIER}/claims.csv",
        f"{DOSSIER}/timeline.json",
        "tags/index.html",
        f"{DOSSIER}/questions/index.html",
        f"{DOSSIER}/questions/killed/index.html",
        f"{DOSSIER}/sources/index.html",
        f"{DOSSIER}/sources/iswnews-32659/index.html",
        "guide/index.html",
        "guide/format/index.html",
        "guide/cli/index.html",
        "guide/exports/index.html",
    ]
    missing = [path for path in expected if not (built_site / path).is_file()]
    assert not missing


def test_dossier_json_export(built_site: Path) -> None:
    document = json.loads((built_site / DOSSIER / "dossier.json").read_text("utf-8"))
    assert {"sources", "claims", "questions", "timeline"} <= document.keys()
    seed = next(s for s in document["sources"] if s["id"] == "iswnews-32659")
    text = (FIXTURE_SEEDS / "kerman-2024/sources/iswnews-32659.txt").read_text("utf-8")
    assert seed["text"] == text
    claim = next(c for c in document["claims"] if c["id"] == "isw-killed-84")
    quote = claim["quote"]
    assert quote["type"] == "TextQuoteSelector"
    assert text[quote["start"] : quote["end"]] == quote["exact"]
    assert claim["value"]["min"] == 84 and claim["value"]["max"] is None


def test_site_reaches_no_other_host(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "fonts.googleapis" not in html, page
        assert '<script src="http' not in html, page


_NOT_SHOWN = ("script", "style", "template", "code", "pre")
"""Elements whose text is not prose: code is shown as written, on purpose."""


class _VisibleText(html.parser.HTMLParser):
    """The prose a reader sees: the text outside tags, scripts, styles and code."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in _NOT_SHOWN

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in _NOT_SHOWN

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


def test_no_page_shows_markup_as_text(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        parser = _VisibleText()
        parser.feed(page.read_text("utf-8"))
        shown = "".join(parser.text)
        for leak in ('dir="', "{ dir", "{:", "**", "](", "&#"):
            assert leak not in shown, (page.relative_to(built_site), leak)


@pytest.mark.slow
def test_nothing_is_written_into_docs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")

    def snapshot() -> dict[str, bytes]:
        docs = project / "docs"
        return {
            p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()
        }

    before = snapshot()
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert snapshot() == before


def _break_a_quote(project: Path) -> None:
    annotation = project / "seeds/kerman-2024/sources/iswnews-32659.yml"
    text = annotation.read_text("utf-8")
    annotation.write_text(text.replace("at least 84 people", "at least 85 people"), "utf-8")


@pytest.mark.slow
def test_invalid_input_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", "utf-8")
    _break_a_quote(project)
    result = run_dossier("build", cwd=project)
    assert result.returncode == 1
    assert (
        "seeds/kerman-2024/sources/iswnews-32659.yml:41:14: error: claim 'isw-killed-84': the words"
        in result.stderr
    )
    assert (site / "index.html").read_text("utf-8") == "the last good site"
    assert sorted(p.name for p in project.iterdir()) == ["docs", "mkdocs.yml", "seeds", "site"]


@pytest.mark.slow
def test_plain_mkdocs_refuses_invalid_input_before_touching_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "keep.txt").write_text("previous build", "utf-8")
    _break_a_quote(project)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        check=False,
    )
    assert result.returncode != 0
    assert "iswnews-32659.yml:41:14: error:" in result.stderr
    assert (site / "keep.txt").exists()


@pytest.mark.slow
def test_a_successful_build_replaces_the_site_whole(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / "stale.html").write_text("from an older build", "utf-8")
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists()
    assert (site / DOSSIER / "matrix" / "index.html").exists()
    # Beside the site, only the build cache is new (``cache_dir``).
    assert sorted(p.name for p in project.iterdir()) == [
        ".cache",
        "docs",
        "mkdocs.yml",
        "seeds",
        "site",
    ]


@pytest.mark.slow
def test_two_builds_are_byte_identical(
    fixture_project: Path, built_site: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    result = run_dossier("build", "--site-dir", str(again), cwd=fixture_project)
    assert result.returncode == 0, result.stderr

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    first, second = tree(built_site), tree(again)
    assert first.keys() == second.keys()
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def _primary_nav(page: Path) -> str:
    html = page.read_text("utf-8")
    start = html.index('class="md-sidebar md-sidebar--primary"')
    return html[start : html.index('class="md-sidebar md-sidebar--secondary"', start)]


@pytest.mark.slow
def test_navigation_lists_a_small_dossier_in_full(tmp_path: Path) -> None:
    # How nav_max_pages prunes the navigation is tested in-process in test_plugin_hooks.py;
    # this build checks that Material's sidebar shows what the plugin lists.
    # The default limit of 25 (100 entries in all) leaves these two their sections;
    # all the fixtures together hold more, and are listed as one entry each.
    site = _build_with_nav_limit(tmp_path, 25, "example-river-flood", "kerman-2024")
    # navigation.prune: a page carries the entries of the sections it is in.
    assert "iswnews-32659/" in _primary_nav(site / DOSSIER / "sources" / "index.html")
    assert "killed/" in _primary_nav(site / DOSSIER / "questions" / "index.html")
    matrix = _primary_nav(site / DOSSIER / "matrix" / "index.html")
    assert "sources/" in matrix and "questions/" in matrix
    assert "iswnews-32659/" not in matrix, "a section the page is not in stays folded"


def _build_with_nav_limit(tmp_path: Path, limit: int, *dossiers: str) -> Path:
    """The fixture site (or only the fixture ``dossiers`` named) with a navigation limit."""
    project = configured_project(tmp_path, f"nav_max_pages: {limit}", dossiers)
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.slow
def test_pages_cite_the_commit_and_link_to_that_version_of_the_data(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        "repo_url: https://github.com/example/dossiers\n" + config.read_text("utf-8"), "utf-8"
    )

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "data")
    commit = git("rev-parse", "HEAD")
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / DOSSIER / "matrix" / "index.html").read_text("utf-8")
    assert f"(commit <code>{commit[:12]}</code>)" in page
    link = f'href="https://github.com/example/dossiers/tree/{commit}/seeds/kerman-2024"'
    assert link in page


_LINK = re.compile(r'(href|src)="([^"#:]*)')


def _resolved(html: str, page: str) -> str:
    """The page with every relative link made absolute, however it climbs."""

    def absolute(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), match[2]))
        return f'{match[1]}="/{target.lstrip("./")}'

    return _LINK.sub(absolute, html)


@pytest.mark.slow
def test_partials_rendered_once_are_materials_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search box, the colour toggle and, for pages it does not list, the
    navigation are rendered once: each page gets Material's own, but for how its
    links climb to the same targets."""
    # Two dossiers keep their sections under a limit of 10, so that links into them
    # climb differently from the pages left out of the navigation (Kerman's questions).
    seeds = tmp_path / "seeds"
    for dossier in ("example-river-flood", "kerman-2024"):
        shutil.copytree(FIXTURE_SEEDS / dossier, seeds / dossier)
    project = make_project(tmp_path / "project", seeds)
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    # Without the shared partials no script is recorded for the policy (see csp.py),
    # so the policy, tested in test_csp.py, is left out of both sites.
    options = "seeds_dir: seeds\n      nav_max_pages: 10\n      content_security_policy: false"
    config.write_text(text.replace("seeds_dir: seeds", options))
    monkeypatch.chdir(project)
    sites = {}
    for name in ("shared", "material"):
        if name == "material":
            monkeypatch.setattr(dossier_plugin, "_use_shared_partials", lambda config: None)
        sites[name] = tmp_path / name
        build(load_config(str(config), site_dir=str(sites[name]), strict=True))
    unlisted = sites["shared"] / DOSSIER / "questions" / "killed" / "index.html"
    assert 'href="../../../.."' in unlisted.read_text("utf-8"), "the shared rendering is used"
    pages = sorted(path.relative_to(sites["shared"]) for path in sites["shared"].rglob("*.html"))
    assert pages == sorted(
        p.relative_to(sites["material"]) for p in sites["material"].rglob("*.html")
    )
    differ = 0
    for page in pages:
        shared = (sites["shared"] / page).read_text("utf-8")
        material = (sites["material"] / page).read_text("utf-8")
        differ += shared != material
        assert _resolved(shared, page.as_posix()) == _resolved(material, page.as_posix()), page
    assert differ > 0
