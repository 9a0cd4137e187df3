"""A build that is killed, or that fails, never damages the last good site.

``dossier build`` has MkDocs build into a temporary ``.site-build-*`` folder
beside ``site/`` and swaps it in only on success (``generator/publish.py``).
These tests kill the whole build (the ``dossier`` process and its MkDocs
child, with SIGKILL, so that nothing can clean up) while that temporary
folder exists, and check that ``site/`` is still the previous one, and that
the next build removes what the killed one left behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import make_project, run_dossier

MARKER = "marker.html"
MARKER_TEXT = "the last good site"
LEFTOVER_PREFIXES = (".site-build-", ".site-old-")
PROJECT_FILES = ["docs", "mkdocs.yml", "seeds", "site"]
WAIT_SECONDS = 300
"""How long a build may take to reach the point where it is killed; a full build takes ~20 s."""


def _project_with_a_site(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    site = project / "site"
    site.mkdir()
    (site / MARKER).write_text(MARKER_TEXT, "utf-8")
    return project


def _previous_site_is_intact(project: Path) -> None:
    site = project / "site"
    assert sorted(p.name for p in site.iterdir()) == [MARKER]
    assert (site / MARKER).read_text("utf-8") == MARKER_TEXT


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(LEFTOVER_PREFIXES))


def _temporary_folders(project: Path) -> list[Path]:
    return [p for p in project.iterdir() if p.name.startswith(".site-build-")]


def _appeared(project: Path) -> bool:
    return bool(_temporary_folders(project))


def _written_into(project: Path) -> bool:
    """True once MkDocs has written anything into its temporary folder."""
    for folder in _temporary_folders(project):
        try:
            if any(folder.iterdir()):
                return True
        except FileNotFoundError:  # swapped in or removed meanwhile
            pass
    return False


def _kill_build_when(project: Path, ready: Callable[[Path], bool], log: Path) -> None:
    """Start ``dossier build`` in ``project``, wait until ``ready``, then SIGKILL its group."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=project,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not ready(project):
            if process.poll() is not None:
                pytest.fail(
                    f"the build ended (status {process.returncode}) before it could be "
                    f"interrupted:\n{log.read_text('utf-8', errors='replace')}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"the build did not get there in {WAIT_SECONDS} s")
            time.sleep(0.005)
        assert process.poll() is None, "the build ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # The MkDocs child was killed with the group; give the kernel a moment to reap it.
    time.sleep(0.2)


def test_a_build_killed_as_its_temporary_folder_appears_leaves_the_site(tmp_path: Path) -> None:
    project = _project_with_a_site(tmp_path)
    _kill_build_when(project, _appeared, tmp_path / "build.log")
    _previous_site_is_intact(project)
    assert [name.startswith(".site-build-") for name in _leftovers(project)] == [True]


def test_a_build_killed_while_mkdocs_writes_leaves_the_site_and_the_next_cleans_up(
    tmp_path: Path,
) -> None:
    project = _project_with_a_site(tmp_path)
    _kill_build_when(project, _written_into, tmp_path / "build.log")
    _previous_site_is_intact(project)
    (leftover,) = _temporary_folders(project)
    assert any(leftover.iterdir()), "MkDocs had written nothing yet"
    # A crash between the two renames of the swap would leave a .site-old-* folder.
    (project / ".site-old-crashed").mkdir()
    (project / ".site-old-crashed" / "index.html").write_text("old", "utf-8")

    result = run_dossier("build", cwd=project)

    assert result.returncode == 0, result.stderr
    assert _leftovers(project) == []
    assert sorted(p.name for p in project.iterdir()) == PROJECT_FILES
    site = project / "site"
    assert not (site / MARKER).exists()
    assert (site / "index.html").is_file()
    assert (site / "dossiers" / "kerman-2024" / "index.html").is_file()


def test_a_build_with_an_invalid_quote_fails_and_leaves_no_stray_folder(tmp_path: Path) -> None:
    project = _project_with_a_site(tmp_path)
    annotation = project / "seeds/kerman-2024/sources/iswnews-32659.yml"
    text = annotation.read_text("utf-8")
    assert "at least 84 people" in text
    annotation.write_text(text.replace("at least 84 people", "at least 85 people"), "utf-8")

    result = run_dossier("build", cwd=project)

    assert result.returncode == 1
    assert "iswnews-32659.yml" in result.stderr
    assert "error: claim " in result.stderr and "the words" in result.stderr
    _previous_site_is_intact(project)
    assert sorted(p.name for p in project.iterdir()) == PROJECT_FILES


def test_a_build_that_mkdocs_fails_leaves_the_site_and_no_stray_folder(tmp_path: Path) -> None:
    """The seeds are valid, so MkDocs runs and writes into its temporary folder, then
    fails (a broken link is an error under --strict): the folder must go."""
    project = _project_with_a_site(tmp_path)
    page = project / "docs" / "guide" / "index.md"
    page.write_text(page.read_text("utf-8") + "\n[A broken link](no-such-page.md)\n", "utf-8")

    result = run_dossier("build", cwd=project)

    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert "mkdocs build failed" in result.stderr
    _previous_site_is_intact(project)
    assert sorted(p.name for p in project.iterdir()) == PROJECT_FILES
