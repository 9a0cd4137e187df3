"""The guide "Write your first dossier" is tested by running what it says."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURE_SEEDS, REPO, make_project, run_dossier

GUIDE = REPO / "docs" / "guide" / "first-dossier.md"


def test_the_guide_s_error_example_is_what_the_tool_prints(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    annotation = project / "seeds/example-river-flood/sources/gazette-flood.yml"
    text = annotation.read_text("utf-8")
    annotation.write_text(text.replace("Twelve families were", "Twelve familys were", 1))
    result = run_dossier("check", cwd=project)
    assert result.returncode == 1
    printed = result.stderr.splitlines()[0]
    assert printed in GUIDE.read_text("utf-8")


def test_the_guide_s_quote_command_prints_the_selector_it_shows(fixture_project: Path) -> None:
    guide = GUIDE.read_text("utf-8")
    words = re.search(r'dossier quote example-river-flood gazette-flood "([^"]+)"', guide)
    assert words is not None
    result = run_dossier(
        "quote", "example-river-flood", "gazette-flood", words.group(1), cwd=fixture_project
    )
    assert result.returncode == 0
    assert result.stdout.strip() in guide


def test_the_guide_s_claims_are_those_of_the_example() -> None:
    guide = GUIDE.read_text("utf-8")
    annotation = (FIXTURE_SEEDS / "example-river-flood/sources/gazette-flood.yml").read_text()
    block = guide[guide.index("claims:\n  - id: gazette-families") :]
    block = block[: block.index("```")]
    assert block in annotation


def test_the_example_shows_a_single_origin_and_a_contest(built_site: Path) -> None:
    page = (built_site / "dossiers/example-river-flood/index.html").read_text("utf-8")
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)
    families = next(row for row in rows if "How many families" in row)
    days = next(row for row in rows if "How many days" in row)
    assert "single origin" in families and "1 independent origin" in families
    assert "contested" in days and "2 independent origins" in days
