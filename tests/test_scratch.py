"""Scratch folders left by a killed build are removed by the next one."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.parallel.scratch import Removal, scratch_folder


@pytest.mark.skipif(os.name == "nt", reason="no process probe on Windows")
def test_a_new_scratch_folder_removes_those_of_ended_processes() -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    base = Path(tempfile.gettempdir())
    stale = base / f"dossier-test-{ended.stdout.strip()}-abc"
    (stale / "dossiers").mkdir(parents=True)
    (stale / "dossiers" / "page.md").write_text("left by a killed build", "utf-8")
    mine = scratch_folder("test")
    try:
        assert mine.is_dir() and not any(mine.iterdir())
        assert mine.name.startswith(f"dossier-test-{os.getpid()}-")
        assert not stale.exists()
        again = scratch_folder("test")
        assert mine.is_dir(), "a running process keeps its folder"
        again.rmdir()
    finally:
        mine.rmdir()


def test_a_removal_removes_folders_and_files_but_no_link_target(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "data.txt").write_text("not scratch", "utf-8")
    folder = tmp_path / "scratch"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "page.md").write_text("# page", "utf-8")
    single = tmp_path / "page.html"
    single.write_text("<p>", "utf-8")
    link = tmp_path / "link"
    link.symlink_to(kept, target_is_directory=True)
    removal = Removal()
    removal.start([folder, single, link, tmp_path / "missing"])
    removal.wait()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept"]
    assert (kept / "data.txt").read_text("utf-8") == "not scratch"
    assert removal.processes == []
