"""``mkdocs serve`` (what ``make serve`` runs) rebuilds when a file under seeds/ changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import make_project

DOSSIER_FILE = "seeds/kerman-2024/dossier.yml"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, wanted: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{wanted!r} did not appear at {url} within {seconds}s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    project = make_project(tmp_path / "project")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    try:
        yield project, f"http://127.0.0.1:{port}/dossiers/kerman-2024/", server
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.slow
def test_editing_a_seed_rebuilds_the_preview(
    served: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    project, url, server = served
    _wait_for(url, "Kerman bombings, 3 January 2024")
    dossier = project / DOSSIER_FILE
    text = dossier.read_text("utf-8")
    edited = text.replace('title: "Kerman bombings', 'title: "Edited bombings', 1)
    assert edited != text
    dossier.write_text(edited, "utf-8")
    _wait_for(url, "Edited bombings, 3 January 2024")
    dossier.write_text(text.replace("kind: number", "kind: numbr", 1), "utf-8")
    time.sleep(3)
    assert server.poll() is None, "an invalid edit must not stop the preview server"
    dossier.write_text(text, "utf-8")
    _wait_for(url, "Kerman bombings, 3 January 2024")
    server.terminate()
    output = server.communicate(timeout=20)[0]
    assert "dossier.yml:24:11: error: 'kind' must be one of" in output
