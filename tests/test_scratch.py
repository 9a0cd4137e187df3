"""Scratch folders left by a killed build are removed by the next one."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.scratch import scratch_folder


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
