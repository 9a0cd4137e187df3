"""``dossier add-source`` checks everything before it writes anything, and takes what
it can from the page: outlet, title, author, date and language; a page's address is
fetched where the network allows, and refused with what to do where it does not."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.ingest import FETCH_EXTRA_MISSING, page_details

from conftest import run_dossier, serve_folder

VALLEY_COURIER = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Storm floods river towns | Valley Courier</title>
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-05-14T08:30:00+0200">
</head>
<body><header><nav>Home News Sport</nav></header>
<article><h1>Storm floods river towns</h1>
<p>Heavy rain flooded three river towns overnight, and twelve families were moved.</p>
<p>The council said the water had begun to fall by morning, but roads stayed closed.</p>
<p>Forecasters expect more rain on Thursday, with the river likely to rise again.</p>
</article><footer>Copyright Valley Courier</footer></body></html>
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    created = run_dossier("new", "flood-2024", "--start", "2024-05-14", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    (tmp_path / "storm.html").write_text(VALLEY_COURIER, "utf-8")
    (tmp_path / "storm.txt").write_text("Storm floods river towns\n", "utf-8")
    return tmp_path


def sources(project: Path) -> list[str]:
    return sorted(path.name for path in (project / "seeds/flood-2024/sources").iterdir())


def stub(project: Path, source_id: str) -> dict[str, object]:
    path = project / f"seeds/flood-2024/sources/{source_id}.yml"
    loaded: dict[str, object] = yaml.safe_load(path.read_text("utf-8"))
    return loaded


@pytest.mark.parametrize(
    ("option", "value", "phrase"),
    [
        ("--published", "Tuesday night", "'Tuesday night' is not a time"),
        ("--published", "2024-05-14T21:00", "'2024-05-14T21:00' gives a clock time without"),
        ("--url", "courier.example/storm", "'url' must be an http:// or https:// address"),
        ("--language", "English", "'English' is not a language tag"),
        ("--retrieved", "2024-05", "'retrieved' must be a date written YYYY-MM-DD"),
        ("--outlet", " ", "'outlet' must be non-empty text"),
        ("--id", "Storm 1", "'Storm 1' is not an id"),
    ],
)
def test_an_option_the_check_would_refuse_is_refused_at_once(
    project: Path, option: str, value: str, phrase: str
) -> None:
    result = run_dossier("add-source", "flood-2024", "storm.html", option, value, cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"argument {option}: {phrase}" in result.stderr
    assert sources(project) == []


def test_a_text_file_needs_every_detail_it_cannot_give(project: Path) -> None:
    result = run_dossier("add-source", "flood-2024", "storm.txt", cwd=project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 4, errors
    for option in ("--url", "--outlet", "--title", "--language"):
        assert any(
            line.startswith("storm.txt:1:1: error: the .txt file does not say")
            and line.endswith(f"give it with {option}")
            for line in errors
        ), (option, errors)
    assert sources(project) == []


def test_a_text_file_with_its_details_passes_the_check(project: Path) -> None:
    details = ["--url", "https://courier.example/storm", "--outlet", "Valley Courier"]
    details += ["--title", "Storm floods river towns", "--language", "en"]
    details += ["--published", "unknown", "--retrieved", "2024-05-15"]
    result = run_dossier("add-source", "flood-2024", "storm.txt", *details, cwd=project)
    assert result.returncode == 0, result.stderr
    assert stub(project, "storm")["published"] == "unknown"
    checked = run_dossier("check", cwd=project)
    assert checked.returncode == 0, checked.stderr


def test_the_page_gives_outlet_title_author_date_and_language(project: Path) -> None:
    url = ["--url", "https://courier.example/storm"]
    result = run_dossier("add-source", "flood-2024", "storm.html", *url, cwd=project)
    assert result.returncode == 0, result.stderr
    written = stub(project, "storm")
    assert written["outlet"] == "Valley Courier", "the outlet named in the page's title"
    assert written["title"] == "Storm floods river towns"
    assert written["author"] == "Jane Roe"
    assert written["published"] == "2024-05-14T08:30+02:00"
    assert written["language"] == "en-gb"
    assert sources(project) == ["storm.html", "storm.txt", "storm.yml"]
    checked = run_dossier("check", cwd=project)
    assert checked.returncode == 0, checked.stderr


def test_the_options_win_over_the_page(project: Path) -> None:
    options = ["--url", "https://courier.example/storm", "--outlet", "The Valley Courier"]
    options += ["--published", "2024-05-14"]
    result = run_dossier("add-source", "flood-2024", "storm.html", *options, cwd=project)
    assert result.returncode == 0, result.stderr
    written = stub(project, "storm")
    assert (written["outlet"], written["published"]) == ("The Valley Courier", "2024-05-14")


def test_a_page_address_is_fetched_and_the_page_kept(project: Path, tmp_path: Path) -> None:
    served = tmp_path / "served" / "news"
    served.mkdir(parents=True)
    (served / "storm-floods.html").write_text(VALLEY_COURIER, "utf-8")
    with serve_folder(tmp_path / "served") as base:
        url = f"{base}news/storm-floods.html"
        result = run_dossier("add-source", "flood-2024", url, cwd=project)
    assert result.returncode == 0, result.stderr
    assert sources(project) == ["storm-floods.html", "storm-floods.txt", "storm-floods.yml"]
    kept = project / "seeds/flood-2024/sources/storm-floods.html"
    assert kept.read_text("utf-8") == VALLEY_COURIER
    written = stub(project, "storm-floods")
    assert (written["url"], written["outlet"]) == (url, "Valley Courier")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_an_address_that_cannot_be_fetched_is_refused_with_what_to_do(project: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/news/storm"
    result = run_dossier("add-source", "flood-2024", url, cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot fetch {url} (")
    assert 'save the page in a browser ("Save page as", HTML only)' in result.stderr
    assert sources(project) == []


@pytest.mark.parametrize(
    ("head", "outlet", "title"),
    [
        ("<title>Storm floods river towns - Valley Courier</title>", "Valley Courier", None),
        ("<title>Storm floods river towns — Valley Courier</title>", "Valley Courier", None),
        (
            '<title>Storm | Courier</title><meta property="og:site_name" content="Courier Ltd">',
            "Courier Ltd",
            None,
        ),
        ("<title>Storm floods river towns</title>", None, "Storm floods river towns"),
    ],
)
def test_the_outlet_from_the_title_or_the_site_name(
    head: str, outlet: str | None, title: str | None
) -> None:
    found = page_details(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    assert found.outlet == outlet
    if title is not None:
        assert found.title == title


def test_metadata_the_check_would_refuse_is_left_out() -> None:
    found = page_details(
        '<html lang="English"><head><meta property="og:url" content="javascript:alert(1)">'
        '<meta property="article:published_time" content="yesterday"></head>'
        "<body><p>Text.</p></body></html>"
    )
    assert (found.language, found.url, found.published) == (None, None, None)


def test_a_time_without_offset_keeps_its_day() -> None:
    found = page_details(
        '<html><head><meta property="article:published_time" content="2024-05-14T08:30:00">'
        "</head><body><p>Text.</p></body></html>"
    )
    assert found.published == "2024-05-14"


@pytest.mark.parametrize("given", ["storm.html", "https://example.org/storm"])
def test_a_web_page_without_the_fetch_extra_says_what_to_install(
    project: Path, given: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` now fails
    assert main(["add-source", "flood-2024", given]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {FETCH_EXTRA_MISSING}\n"
    assert "pip install 'dossier-generator[fetch]'" in err
    assert sources(project) == []


def test_a_text_file_needs_no_fetch_extra(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    details = ["--outlet", "Valley Courier", "--title", "Storm", "--language", "en"]
    details += ["--url", "https://example.org/storm"]
    assert main(["add-source", "flood-2024", "storm.txt", *details, "--published", "unknown"]) == 0
    assert sources(project) == ["storm.txt", "storm.yml"]
