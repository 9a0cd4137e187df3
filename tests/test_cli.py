"""The ``dossier`` command line, run as a separate process like a user runs it."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from conftest import FIXTURE_SEEDS, REPO, run_dossier


def test_check_passes_on_the_example(fixture_project: Path) -> None:
    result = run_dossier("check", cwd=fixture_project)
    assert result.returncode == 0
    assert "checked 5 dossiers, 23 sources" in result.stderr
    assert "no errors" in result.stderr


def test_check_reports_every_error_like_a_compiler(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    dossier = seeds / "kerman-2024" / "dossier.yml"
    dossier.write_text(
        dossier.read_text("utf-8").replace("kind: number", "kind: numbr", 1), "utf-8"
    )
    text = seeds / "kerman-2024" / "sources" / "iswnews-32659.txt"
    text.write_bytes(text.read_bytes().replace(b"Kerman", b"Kirman", 1))
    result = run_dossier("check", "--seeds", str(seeds))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert any(":24:11: error: 'kind' must be one of" in line for line in errors), errors
    assert any("iswnews-32659.yml" in line and "sha256" in line for line in errors), errors
    assert lines[-1].endswith("errors found.")


def test_generate_writes_pages_and_exports(fixture_project: Path, tmp_path: Path) -> None:
    result = run_dossier("generate", str(tmp_path / "out"), cwd=fixture_project)
    assert result.returncode == 0, result.stderr
    written = sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")
    )
    assert "dossiers/kerman-2024/matrix.md" in written
    assert "dossiers/kerman-2024/dossier.json" in written


def test_generate_refuses_options_it_cannot_honour(tmp_path: Path) -> None:
    result = run_dossier("generate", str(tmp_path / "out"), "--concurrency", "0")
    assert result.returncode == 2
    assert "'0' is not a number of processes, 1 or more" in result.stderr
    seeds = ("--seeds", str(FIXTURE_SEEDS), "--repo-url", "https://github.com/example/d")
    result = run_dossier("generate", str(tmp_path / "out"), *seeds)
    assert result.returncode == 2
    assert "give --seeds as the seeds folder's path from the repository's root" in result.stderr
    assert not (tmp_path / "out").exists()


def test_console_script_and_module_agree() -> None:
    script = Path(sys.executable).parent / "dossier"
    by_script = subprocess.run([script, "check"], cwd=REPO, capture_output=True, text=True)
    assert by_script.returncode == 0
    assert by_script.stderr == run_dossier("check").stderr


def test_wrong_usage_exits_2() -> None:
    result = run_dossier("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_preview_serves_the_built_site_with_its_search(built_site: Path) -> None:
    command = [sys.executable, "-m", "generator", "preview", "--site-dir", str(built_site)]
    with subprocess.Popen([*command, "--port=0"], stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        try:
            line = process.stderr.readline()
            address = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
            assert address, line
            url = address.group(1)
            # A folder's address opens its page, not a listing, and search finds its index.
            with urllib.request.urlopen(url + "dossiers/kerman-2024/") as page:
                assert "<html" in page.read().decode("utf-8")
            with urllib.request.urlopen(url + "pagefind/pagefind-entry.json") as entry:
                assert "languages" in json.loads(entry.read())
        finally:
            # Not SIGINT: a shell ignores it in the commands it starts in the background.
            process.terminate()
        assert process.wait(timeout=10) == -signal.SIGTERM


def test_preview_without_a_built_site_says_how_to_build_it(tmp_path: Path) -> None:
    result = run_dossier("preview", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "build it first with `make site`" in result.stderr
