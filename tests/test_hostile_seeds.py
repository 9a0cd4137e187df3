"""What a dossier's folder may hold: only what the format names, everything else refused.

A pull request can add any file or folder to ``seeds/<dossier>/``; each one
the format does not name (``dossier.yml``, ``sources/`` and in it ``<id>.yml``,
``<id>.txt``, ``<id>.html``) is an error at ``path:1:1`` that says what is
allowed, rather than a file that rides along unseen (``generator/read/seeds.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import load_project
from generator.diagnostics import DossierError

from factory import DOSSIER_ID, write_dossier

DOSSIER_FOLDER_HOLDS = (
    "a dossier folder holds only the file dossier.yml and the folder sources/; "
    "move it out of the seeds folder or remove it"
)
SOURCES_HOLD = (
    "sources/ holds <id>.yml annotations, <id>.txt texts and <id>.html saved pages; "
    "rename or remove it"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _errors(seeds: Path) -> list[str]:
    try:
        load_project(seeds)
    except DossierError as exc:
        return [str(d) for d in exc.diagnostics]
    return []


@pytest.mark.parametrize("name", ["README.md", "config", "HEAD", "dossier.yaml", "notes.yml"])
def test_an_unknown_file_in_a_dossier_folder_is_an_error(tmp_path: Path, name: str) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / DOSSIER_ID / name).write_text("stray\n", "utf-8")
    assert _errors(seeds) == [
        f"seeds/{DOSSIER_ID}/{name}:1:1: error: unexpected file: {DOSSIER_FOLDER_HOLDS}"
    ]


@pytest.mark.parametrize("name", ["objects", "refs", "images", "more.yml"])
def test_an_unknown_folder_in_a_dossier_folder_is_an_error(tmp_path: Path, name: str) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / DOSSIER_ID / name).mkdir()
    (seeds / DOSSIER_ID / name / "news-1.yml").write_text("outlet: [\n", "utf-8")
    # The folder is refused whole: nothing in it is read, not even a broken file.
    assert _errors(seeds) == [
        f"seeds/{DOSSIER_ID}/{name}:1:1: error: unexpected folder: {DOSSIER_FOLDER_HOLDS}"
    ]


def test_a_file_named_sources_is_an_error(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path, sources={})
    (seeds / DOSSIER_ID / "sources").rmdir()
    (seeds / DOSSIER_ID / "sources").write_text("news-1\n", "utf-8")
    assert _errors(seeds) == [
        f"seeds/{DOSSIER_ID}/sources:1:1: error: unexpected file: {DOSSIER_FOLDER_HOLDS}"
    ]


@pytest.mark.parametrize("name", ["extra.yml", "images"])
def test_a_folder_in_sources_is_an_error_and_never_read(tmp_path: Path, name: str) -> None:
    seeds = write_dossier(tmp_path)
    folder = seeds / DOSSIER_ID / "sources" / name
    folder.mkdir()
    (folder / "news-3.yml").write_text("outlet: [\n", "utf-8")
    assert _errors(seeds) == [
        f"seeds/{DOSSIER_ID}/sources/{name}:1:1: error: unexpected folder: {SOURCES_HOLD}"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("where", ["dossier.yml", "sources/news-3.yml", "sources/news-1.txt"])
def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path, where: str) -> None:
    """Opening a pipe nobody writes to would wait forever."""
    seeds = write_dossier(tmp_path)
    pipe = seeds / DOSSIER_ID / where
    pipe.unlink(missing_ok=True)
    os.mkfifo(pipe)
    holds = SOURCES_HOLD if where.startswith("sources/") else DOSSIER_FOLDER_HOLDS
    expected = (
        f"seeds/{DOSSIER_ID}/{where}:1:1: error: "
        f"unexpected special file (not a regular file or folder): {holds}"
    )
    assert expected in _errors(seeds)


def test_a_saved_page_without_annotation_is_an_error(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / DOSSIER_ID / "sources" / "orphan.html").write_text("<p>words</p>\n", "utf-8")
    assert _errors(seeds) == [
        f"seeds/{DOSSIER_ID}/sources/orphan.html:1:1: error: this saved page has no "
        "annotation; add orphan.yml beside it"
    ]


def test_hidden_files_are_still_ignored(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / DOSSIER_ID / ".DS_Store").write_bytes(b"\x00")
    (seeds / DOSSIER_ID / ".notes").mkdir()
    assert _errors(seeds) == []


def test_a_symlinked_seeds_folder_is_refused(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = write_dossier(tmp_path_factory.mktemp("outside"))
    (tmp_path / "seeds").symlink_to(elsewhere, target_is_directory=True)
    assert _errors(Path("seeds")) == [
        "seeds:1:1: error: the seeds folder is a symbolic link, which is not followed; "
        "point --seeds at the folder itself"
    ]


def test_the_examples_hold_only_what_the_format_allows() -> None:
    examples = Path(__file__).resolve().parent.parent / "seeds"
    assert _errors(examples) == []
