"""Golden files of the generated Markdown and exports of the example dossier.

After an intended change, regenerate them with
``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from generator import generate_site_files, load_project

from conftest import REPO

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    files = generate_site_files(load_project(REPO / "seeds"))
    return {file.path: file.content for file in files}


def test_generated_files_match_the_golden_files(generated: dict[str, str]) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        for path in GOLDEN.rglob("*"):
            if path.is_file():
                path.unlink()
        for path, content in generated.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, "utf-8")
    golden = {
        path.relative_to(GOLDEN).as_posix(): path.read_text("utf-8")
        for path in GOLDEN.rglob("*")
        if path.is_file()
    }
    assert sorted(generated) == sorted(golden)
    for path, content in generated.items():
        diff = "".join(
            difflib.unified_diff(
                golden[path].splitlines(keepends=True),
                content.splitlines(keepends=True),
                f"golden/{path}",
                f"generated/{path}",
            )
        )
        assert not diff, f"{path} differs from its golden file:\n{diff[:4000]}"


def test_generation_is_deterministic(generated: dict[str, str]) -> None:
    again = generate_site_files(load_project(REPO / "seeds"))
    assert {file.path: file.content for file in again} == generated
