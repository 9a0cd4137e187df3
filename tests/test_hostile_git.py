"""Files in a dossier's folder that make it look like a git repository of its own.

A pull request can add ``HEAD``, ``config``, ``objects/`` and ``refs/`` to a
dossier's folder; git run from there would take the folder for a repository
and run the command its ``config`` names as ``core.fsmonitor``. Nothing the
generator does with git may ever run it (``generator/read/git.py``), and
``dossier check`` refuses such files (``generator/read/seeds.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import load_project
from generator.diagnostics import DossierError
from generator.domain.model import Project
from generator.pipeline import load_revisions
from generator.read.provenance import revision_from_data

from factory import DOSSIER_ID, write_dossier


def _fake_repository(folder: Path, marker: Path) -> None:
    """Make ``folder`` a git directory, with a commit so that ``git log`` succeeds, whose
    config runs a command touching ``marker``: the files a pull request could add."""
    made = folder.parent / "made"
    made.mkdir()
    (made / "file").write_text("", "utf-8")
    _git(made, "init", "--quiet")
    _git(made, "add", "file")
    _git(made, "commit", "--quiet", "--message", "Fake")
    shutil.move(made / ".git" / "HEAD", folder / "HEAD")
    for name in ("objects", "refs"):
        shutil.move(made / ".git" / name, folder / name)
    shutil.rmtree(made)
    (folder / "config").write_text(
        "[core]\n"
        "\trepositoryformatversion = 0\n"
        "\tbare = false\n"
        f"\tworktree = {folder}\n"
        f'\tfsmonitor = "touch {marker}; false"\n',
        "utf-8",
    )


def _git(folder: Path, *args: str) -> str:
    identity = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org"}
    identity |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    environment = dict(os.environ, **identity, GIT_CONFIG_GLOBAL=os.devnull)
    result = subprocess.run(
        ["git", *args], cwd=folder, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def _hostile_seeds(tmp_path: Path) -> tuple[Path, Path]:
    """A valid dossier whose folder also holds a fake repository; the seeds and the marker."""
    seeds = write_dossier(tmp_path)
    marker = tmp_path / "command-ran"
    _fake_repository(seeds / DOSSIER_ID, marker)
    return seeds, marker


def _project(seeds: Path) -> Project:
    """The dossiers as read before ``generator.read.seeds`` refuses the unknown files."""
    entries = ("HEAD", "config", "objects", "refs")
    hidden = {name: seeds / DOSSIER_ID / name for name in entries}
    moved = {name: path.with_name(f".{name}") for name, path in hidden.items()}
    for name, path in hidden.items():
        path.rename(moved[name])
    try:
        return load_project(seeds)
    finally:
        for name, path in hidden.items():
            moved[name].rename(path)


def test_the_fake_repository_would_run_its_command_if_git_ran_in_the_folder(
    tmp_path: Path,
) -> None:
    """The attack is real: this is what ``git status`` in the dossier's folder did."""
    seeds, marker = _hostile_seeds(tmp_path)
    subprocess.run(["git", "status"], cwd=seeds / DOSSIER_ID, capture_output=True, check=False)
    assert marker.exists()


def test_revisions_come_from_the_project_repository_and_run_nothing(tmp_path: Path) -> None:
    seeds, marker = _hostile_seeds(tmp_path)
    _git(tmp_path, "init", "--quiet")
    _git(tmp_path, "add", "seeds")
    _git(tmp_path, "commit", "--quiet", "--message", "A dossier")
    project = _project(seeds)

    (revision,) = load_revisions(seeds, project).values()

    assert not marker.exists(), "git ran the command of a config file in the seeds"
    assert revision.commit == _git(tmp_path, "rev-parse", "HEAD")
    assert not revision.uncommitted


def test_revisions_outside_any_repository_come_from_the_data_and_run_nothing(
    tmp_path: Path,
) -> None:
    seeds, marker = _hostile_seeds(tmp_path)
    project = _project(seeds)

    revisions = load_revisions(seeds, project)

    assert not marker.exists(), "git ran the command of a config file in the seeds"
    assert revisions == {DOSSIER_ID: revision_from_data(project.dossiers[0])}


def test_check_refuses_the_files_of_a_fake_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds, marker = _hostile_seeds(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DossierError) as raised:
        load_project(seeds)
    errors = [str(d) for d in raised.value.diagnostics]
    for name in ("HEAD", "config", "objects", "refs"):
        assert any(error.startswith(f"seeds/{DOSSIER_ID}/{name}:1:1: error:") for error in errors)
    assert not marker.exists()
