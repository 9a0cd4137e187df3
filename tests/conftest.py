"""Fixtures that build the real site and open it in headless Chromium.

Every fixture is safe under pytest-xdist (``make test`` runs ``pytest -n auto``): folders
come from ``tmp_path_factory``, servers take a free port, and the one real build of the
fixture site is made once per run and shared by every worker (see :func:`made_once`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from filelock import FileLock

from generator.site.preview import serve_site as serve_folder

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FIXTURE_SEEDS = REPO / "tests" / "seeds"
"""Copies of the example dossiers that tests pin output on. The live ``seeds/`` is data
that contributors change: a pull request that only edits it must not break a test."""


def run_dossier(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the ``dossier`` command line as a user would, in a separate process."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def make_project(root: Path, seeds: Path | None = None) -> Path:
    """A copy of this project's site configuration and docs, with the given seeds
    (by default the fixture dossiers)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(seeds or FIXTURE_SEEDS, root / "seeds")
    return root


def configured_project(root: Path, options: str = "", dossiers: tuple[str, ...] = ()) -> Path:
    """:func:`make_project` with only the fixture ``dossiers`` named (all when none), and
    the extra ``options`` (YAML lines) for the ``dossier`` plugin in its ``mkdocs.yml``."""
    seeds = None
    if dossiers:
        seeds = root / "seeds"
        for dossier in dossiers:
            shutil.copytree(FIXTURE_SEEDS / dossier, seeds / dossier)
    project = make_project(root / "project", seeds)
    config = project / "mkdocs.yml"
    lines = "".join(f"\n      {line}" for line in options.splitlines())
    config.write_text(
        config.read_text("utf-8").replace("seeds_dir: seeds", "seeds_dir: seeds" + lines)
    )
    return project


def commit_all(folder: Path) -> str:
    """Make ``folder`` a git repository with everything in it committed; its commit hash."""
    for command in (("init", "-q"), ("add", "."), ("commit", "-q", "-m", "data")):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *command],
            cwd=folder,
            env=dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull),
            capture_output=True,
            check=True,
        )
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
    )
    return head.stdout.strip()


def file_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path from there, as bytes."""
    files = (path for path in folder.rglob("*") if path.is_file())
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}


def made_once(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    make: Callable[[Path], object],
) -> Path:
    """The folder ``name`` that ``make`` fills, made once per test run even when
    pytest-xdist runs the tests in several processes, as the pytest-xdist docs show:
    the first worker makes it under a file lock, the others wait and reuse it.
    What it holds is read-only to the tests."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Each worker has its own base folder; their parent belongs to this run only.
        root = root.parent
    folder, done = root / name, root / f"{name}.done"
    with FileLock(root / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's configuration and docs with the fixture dossiers, not to be changed."""
    return made_once(tmp_path_factory, "fixture-project", make_project)


@pytest.fixture(scope="session")
def built_site(fixture_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once by ``dossier build`` (a real ``mkdocs build --strict``)."""

    def build(site: Path) -> None:
        result = run_dossier("build", "--site-dir", str(site), cwd=fixture_project)
        assert result.returncode == 0, result.stderr

    return made_once(tmp_path_factory, "built-site", build)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the built fixture site runs a full build: it is ``slow``."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built example site, served on the loopback interface."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[object]:
    """A fresh page of the example site; see :func:`guarded_page`."""
    with guarded_page(browser, site_url) as new_page:
        yield new_page


@contextlib.contextmanager
def guarded_page(
    browser: object,
    site_url: str,
    viewport: dict[str, int] | None = None,
    scheme: str = "light",
) -> Iterator[Any]:
    """A fresh page, 1280 by 900 px unless ``viewport`` says otherwise, in the light or
    dark ``scheme``, that refuses, and records, every request leaving the site, and
    fails the test when any dialog (``alert``, ``confirm``) opens."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport=viewport or {"width": 1280, "height": 900}, color_scheme=scheme
    )
    outside: list[str] = []
    site_host = urlsplit(site_url).netloc

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.netloc == site_host:
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    dialogs: list[str] = []
    new_page = context.new_page()
    new_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield new_page
    finally:
        context.close()
    assert not outside, f"the site requested other hosts: {outside}"
    assert not dialogs, f"a dialog opened: {dialogs}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where browser tests save screenshots for a person to look at."""
    folder = Path(os.environ.get("SCREENSHOT_DIR", REPO / "build" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
