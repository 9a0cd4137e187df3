"""A build that is killed, that fails or that runs beside another never damages the last
good site.

``dossier build`` has MkDocs build into a temporary ``.site-build-*`` folder
beside ``site/`` and swaps it in only on success (``generator/site/publish.py``).
The first tests kill the whole build (the ``dossier`` process and its MkDocs
child, with SIGKILL, so that nothing can clean up) while that temporary
folder exists, and check that ``site/`` is still the previous one, and that
the next build removes what the killed one left behind. The others run
``build_site`` in this process with MkDocs replaced by a quick stand-in, to
stop a build exactly where a kill or a second build would hurt most.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.site import publish
from generator.site.publish import BuildFailed, build_site

from conftest import make_project, run_dossier
from factory import write_dossier

MARKER = "marker.html"
MARKER_TEXT = "the last good site"
LEFTOVER_PREFIXES = (".site-build-", ".site-old-")
PROJECT_FILES = ["docs", "mkdocs.yml", "seeds", "site"]
"""What a project holds after its builds, beside the build cache (``.cache``)."""
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


def _project_files(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name != ".cache")


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


def _start_build(project: Path, log: Path, **options: Any) -> subprocess.Popen[bytes]:
    """``dossier build`` in ``project``, started in the background, its output in ``log``."""
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=project,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=output,
            stderr=subprocess.STDOUT,
            **options,
        )


def _kill_build_when(project: Path, ready: Callable[[Path], bool], log: Path) -> None:
    """Start ``dossier build`` in ``project``, wait until ``ready``, then SIGKILL its group."""
    process = _start_build(project, log, start_new_session=True)
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


@pytest.mark.slow
def test_a_build_killed_as_its_temporary_folder_appears_leaves_the_site(tmp_path: Path) -> None:
    project = _project_with_a_site(tmp_path)
    _kill_build_when(project, _appeared, tmp_path / "build.log")
    _previous_site_is_intact(project)
    assert [name.startswith(".site-build-") for name in _leftovers(project)] == [True]


@pytest.mark.slow
def test_a_build_killed_while_mkdocs_writes_leaves_the_site_and_the_next_cleans_up(
    tmp_path: Path,
) -> None:
    project = _project_with_a_site(tmp_path)
    _kill_build_when(project, _written_into, tmp_path / "build.log")
    _previous_site_is_intact(project)
    (leftover,) = _temporary_folders(project)
    assert any(leftover.iterdir()), "MkDocs had written nothing yet"
    # An old site that a build of an earlier version failed to remove, with a site in its place.
    (project / ".site-old-crashed").mkdir()
    (project / ".site-old-crashed" / "index.html").write_text("old", "utf-8")

    result = run_dossier("build", cwd=project)

    assert result.returncode == 0, result.stderr
    assert _leftovers(project) == []
    assert _project_files(project) == PROJECT_FILES
    site = project / "site"
    assert not (site / MARKER).exists()
    assert (site / "index.html").is_file()
    assert (site / "dossiers" / "kerman-2024" / "index.html").is_file()


@pytest.mark.slow
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
    assert _project_files(project) == PROJECT_FILES


@pytest.mark.slow
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
    assert _project_files(project) == PROJECT_FILES


@pytest.mark.slow
def test_two_builds_at_once_run_one_after_the_other_and_leave_a_whole_site(
    tmp_path: Path,
) -> None:
    project = _project_with_a_site(tmp_path)
    first = _start_build(project, tmp_path / "first.log")
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not _written_into(project):
            assert first.poll() is None, "the first build ended before the second started"
            assert time.monotonic() < deadline, f"no build got there in {WAIT_SECONDS} s"
            time.sleep(0.005)
        second = run_dossier("build", cwd=project)
    finally:
        first.wait(timeout=WAIT_SECONDS)
    assert first.returncode == 0, (tmp_path / "first.log").read_text("utf-8", errors="replace")
    assert second.returncode == 0, second.stderr
    assert "another build into site/ is running; waiting for it to end" in second.stderr
    assert _project_files(project) == PROJECT_FILES
    site = project / "site"
    assert (site / "index.html").is_file()
    assert list((site / "assets" / "dossier").glob("*.css")), "the styles are missing"
    assert list((site / "assets" / "dossier").glob("*.js")), "the scripts are missing"


# --- in this process, with a stand-in for MkDocs ------------------------------------------------

STAND_IN_FILES = ["assets/site.css", "index.html"]


def _stand_in_mkdocs(config_file: Path, out: Path, strict: bool, cache: bool) -> int:
    """What MkDocs would do, in a moment: write a page and its stylesheet into ``out``."""
    (out / "index.html").write_text("new", "utf-8")
    (out / "assets").mkdir()
    (out / "assets" / "site.css").write_text("body {}", "utf-8")
    return 0


def _failing_mkdocs(config_file: Path, out: Path, strict: bool, cache: bool) -> int:
    (out / "index.html").write_text("half", "utf-8")
    return 1


def _files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file())


@pytest.fixture
def in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the working folder, with a site that holds only the marker."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(publish, "_run_mkdocs", _stand_in_mkdocs)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / MARKER).write_text(MARKER_TEXT, "utf-8")
    return tmp_path


def test_a_second_build_waits_for_the_first_and_leaves_its_folder(
    in_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    writing, finish = threading.Event(), threading.Event()

    def first_waits_half_way(config_file: Path, out: Path, strict: bool, cache: bool) -> int:
        if threading.current_thread().name == "first":
            (out / "partial.html").write_text("written before the second build started", "utf-8")
            writing.set()
            assert finish.wait(60)
            assert (out / "partial.html").is_file(), "another build removed this one's folder"
            (out / "partial.html").unlink()
        return _stand_in_mkdocs(config_file, out, strict, cache)

    monkeypatch.setattr(publish, "_run_mkdocs", first_waits_half_way)
    failures: list[BaseException] = []

    def build() -> None:
        try:
            build_site(in_project / "mkdocs.yml", Path("site"))
        except BaseException as exc:  # reported by the test itself
            failures.append(exc)

    first = threading.Thread(target=build, name="first")
    first.start()
    assert writing.wait(60)
    second = threading.Thread(target=build, name="second")
    second.start()
    said = ""
    deadline = time.monotonic() + 60
    while "another build into site/ is running; waiting for it to end" not in said:
        assert time.monotonic() < deadline, f"the second build did not wait: {said!r}"
        time.sleep(0.01)
        said += capsys.readouterr().err
    finish.set()
    first.join(60)
    second.join(60)
    assert not failures, failures
    assert _files(in_project / "site") == STAND_IN_FILES
    assert _leftovers(in_project) == []


class _Killed(BaseException):
    """Stands for SIGKILL: nothing in the build catches it."""


def test_a_build_killed_between_the_renames_then_a_failing_build_keep_the_last_good_site(
    in_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rename = Path.rename

    def killed_before_the_new_site_moves(self: Path, target: Path) -> Path:
        if self.name.startswith(".site-build-"):
            raise _Killed
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", killed_before_the_new_site_moves)
    with pytest.raises(_Killed):
        build_site(in_project / "mkdocs.yml", Path("site"))
    monkeypatch.setattr(Path, "rename", rename)
    assert not (in_project / "site").exists()
    assert _files(in_project / ".site-old") == [MARKER]

    monkeypatch.setattr(publish, "_run_mkdocs", _failing_mkdocs)
    with pytest.raises(BuildFailed, match="site was left as it was"):
        build_site(in_project / "mkdocs.yml", Path("site"))

    _previous_site_is_intact(in_project)
    assert _leftovers(in_project) == []
    assert "warning: put back site, which an interrupted build had left in .site-old" in (
        capsys.readouterr().err
    )


def test_a_new_site_that_cannot_be_moved_in_puts_the_old_one_back(
    in_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rename = Path.rename

    def refused(self: Path, target: Path) -> Path:
        if self.name.startswith(".site-build-"):
            raise OSError(18, "Invalid cross-device link")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    with pytest.raises(BuildFailed) as raised:
        build_site(in_project / "mkdocs.yml", Path("site"))
    assert str(raised.value).startswith(".site-build-")
    assert ":1:1: error: cannot rename this to site (Invalid cross-device link); " in str(
        raised.value
    )
    assert "site was left as it was" in str(raised.value)
    _previous_site_is_intact(in_project)


def test_a_leftover_that_cannot_be_removed_is_reported(
    in_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_project / ".site-build-stale").mkdir()
    rmtree = shutil.rmtree

    def refused(path: Path, *args: object, **kwargs: object) -> None:
        if Path(path).name == ".site-build-stale":
            raise PermissionError(13, "Permission denied", str(path))
        rmtree(path)

    monkeypatch.setattr(shutil, "rmtree", refused)
    build_site(in_project / "mkdocs.yml", Path("site"))

    assert _files(in_project / "site") == STAND_IN_FILES
    assert (
        "warning: cannot remove .site-build-stale (Permission denied); remove it by hand"
        in capsys.readouterr().err
    )


def _dossier_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    write_dossier(tmp_path)
    status = main(["build", "--config-file", "mkdocs.yml", "--site-dir", "site"])
    return status, capsys.readouterr().err


def test_a_site_that_is_a_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").write_text("not a site", "utf-8")
    status, said = _dossier_build(tmp_path, capsys)
    assert status == 1
    assert "site:1:1: error: this is not a folder; remove it or choose another --site-dir" in said
    assert (tmp_path / "site").read_text("utf-8") == "not a site"


def test_a_site_that_cannot_be_renamed_is_a_clear_error(
    in_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rename = Path.rename

    def busy(self: Path, target: Path) -> Path:
        if self.name == "site":
            raise OSError(16, "Device or resource busy")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", busy)
    status, said = _dossier_build(in_project, capsys)
    assert status == 1
    assert said.splitlines()[-1] == (
        "site:1:1: error: cannot rename this to .site-old (Device or resource busy); site was "
        "left as it was. Check that the folder is yours and not in use: a mount point cannot be "
        "replaced"
    )
    _previous_site_is_intact(in_project)
    assert _leftovers(in_project) == []
