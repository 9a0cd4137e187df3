"""Golden files of the generated Markdown and exports of the fixture dossiers.

The fixture dossiers under ``tests/seeds/`` are copies of the examples, so that a
pull request that only edits ``seeds/`` changes no golden file. Each golden file
is a test of its own: a change shows every file it touches, not the first.
After an intended change, regenerate them with
``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from generator import generate_site_files, load_project

from conftest import FIXTURE_SEEDS

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_FILES = sorted(
    path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*") if path.is_file()
)


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    files = {file.path: file.content for file in generate_site_files(load_project(FIXTURE_SEEDS))}
    if os.environ.get("UPDATE_GOLDEN"):
        for path in GOLDEN.rglob("*"):
            if path.is_file():
                path.unlink()
        for path, content in files.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, "utf-8")
    return files


def test_every_generated_file_has_a_golden_file(generated: dict[str, str]) -> None:
    assert sorted(generated) == GOLDEN_FILES


@pytest.mark.parametrize("path", GOLDEN_FILES)
def test_the_generated_file_matches_its_golden_file(generated: dict[str, str], path: str) -> None:
    assert path in generated, f"{path} is no longer generated"
    golden = (GOLDEN / path).read_text("utf-8")
    diff = "".join(
        difflib.unified_diff(
            golden.splitlines(keepends=True),
            generated[path].splitlines(keepends=True),
            f"golden/{path}",
            f"generated/{path}",
        )
    )
    assert not diff, f"{path} differs from its golden file:\n{diff[:4000]}"


def test_generation_is_deterministic(generated: dict[str, str]) -> None:
    again = generate_site_files(load_project(FIXTURE_SEEDS))
    assert {file.path: file.content for file in again} == generated
