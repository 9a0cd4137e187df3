"""The site builds with ProperDocs, the maintained fork of MkDocs 1.x, as it builds with
MkDocs: the same pages, the dossiers' included, and the Pagefind search index.

ProperDocs installs as its own package beside MkDocs and serves ``mkdocs.*`` imports
from itself while it runs, so both builders share one virtual environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_project

PROPERDOCS = Path(sys.executable).parent / "properdocs"


def _files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


@pytest.mark.slow
def test_properdocs_builds_the_same_site_strictly(built_site: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "DOSSIER_NO_CACHE": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (site / "dossiers/kerman-2024/index.html").is_file()
    assert (site / "pagefind/pagefind-entry.json").is_file()
    assert _files(site) == _files(built_site)
    kerman = (site / "dossiers/kerman-2024/index.html").read_text("utf-8")
    assert "ProperDocs" in kerman  # the generator tag names the builder that made the page
