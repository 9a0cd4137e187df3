"""A newcomer's path, run as subprocesses: new dossier, add a source, quote, check, build."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.validate import schema

from conftest import FIXTURE_SEEDS, REPO, make_project, run_dossier

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Flood closes the river road | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
<meta property="og:url" content="https://gazette.example.org/2024/05/flood">
<meta name="date" content="2024-05-02">
</head><body>
<nav>Home | World | Sport | Subscribe</nav>
<article>
<h1>Flood closes the river road</h1>
<p>The river rose two metres overnight and closed the road to the old bridge,
the town council said on Thursday. Twelve families were moved to the school gym.</p>
<p>A council spokesperson said the water would fall within three days, while the
fire brigade said it could take a week. Both asked drivers to avoid the area.</p>
<p>This article is an example written for the project's tests; no such flood happened.</p>
</article>
<footer>Share it: Facebook Twitter | Leave a Reply</footer>
</body></html>
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    (root / "article.html").write_text(ARTICLE_HTML, "utf-8")
    return root


@pytest.mark.slow
def test_new_user_flow(project: Path) -> None:
    created = run_dossier("new", "river-flood", "--start", "2024-05-02", cwd=project)
    assert created.returncode == 0, created.stderr
    dossier_yml = project / "seeds/river-flood/dossier.yml"
    assert dossier_yml.read_text("utf-8").startswith("# yaml-language-server: $schema=")

    added = run_dossier(
        "add-source", "river-flood", "article.html", "--id", "gazette-flood", cwd=project
    )
    assert added.returncode == 0, added.stderr
    sources = project / "seeds/river-flood/sources"
    text = (sources / "gazette-flood.txt").read_text("utf-8")
    assert "Twelve families were moved" in text
    assert "Subscribe" not in text, "page furniture stays out of the extracted text"
    assert (sources / "gazette-flood.html").read_text("utf-8") == ARTICLE_HTML
    stub = yaml.safe_load((sources / "gazette-flood.yml").read_text("utf-8"))
    assert stub["outlet"] == "Example Gazette"
    assert stub["title"].startswith("Flood closes the river road")
    assert stub["url"] == "https://gazette.example.org/2024/05/flood"

    again = run_dossier(
        "add-source", "river-flood", "article.html", "--id", "gazette-flood", cwd=project
    )
    assert again.returncode == 1
    assert "never overwritten" in again.stderr

    quoted = run_dossier("quote", "river-flood", "gazette-flood", "Twelve families", cwd=project)
    assert quoted.returncode == 0, quoted.stderr
    assert "occur once" in quoted.stderr
    selector = yaml.safe_load(quoted.stdout)["quote"]
    assert selector == {"exact": "Twelve families"}

    annotation = sources / "gazette-flood.yml"
    claim = (
        "claims:\n"
        "  - id: gazette-moved\n"
        "    question: killed\n"
        "    value: 0\n"
        "    quote:\n"
        '      exact: "Twelve familys"\n'
    )
    annotation.write_text(annotation.read_text("utf-8").replace("claims: []\n", claim), "utf-8")
    wrong = run_dossier("check", cwd=project)
    assert wrong.returncode == 1
    line = next(line for line in wrong.stderr.splitlines() if "gazette-flood.yml" in line)
    assert ": error: claim 'gazette-moved': the words 'Twelve familys' are not in the text" in line
    assert "nearest passage" in line and "'Twelve families'" in line

    fixed = annotation.read_text("utf-8").replace("Twelve familys", "Twelve families")
    annotation.write_text(fixed, "utf-8")
    built = run_dossier("build", cwd=project)
    assert built.returncode == 0, built.stderr
    page = project / "site/dossiers/river-flood/sources/gazette-flood/index.html"
    assert 'id="quote-gazette-moved"' in page.read_text("utf-8")


def test_quote_with_repeated_words_prints_one_selector_each(project: Path) -> None:
    result = run_dossier("quote", "kerman-2024", "iswnews-32659", "the Israeli regime", cwd=project)
    assert result.returncode == 0
    assert "occur 4 times" in result.stderr
    blocks = result.stdout.split("# line")[1:]
    selectors = [yaml.safe_load(block.split("\n", 1)[1])["quote"] for block in blocks]
    text = (project / "seeds/kerman-2024/sources/iswnews-32659.txt").read_text("utf-8")
    assert len(selectors) == 4
    for selector in selectors:
        context = selector.get("prefix", "") + selector["exact"] + selector.get("suffix", "")
        assert text.count(context) == 1, selector


def test_check_formats_for_reviewers_and_tools(project: Path) -> None:
    dossier = project / "seeds/kerman-2024/dossier.yml"
    dossier.write_text(dossier.read_text("utf-8").replace("key: true", "key: yes", 1))
    github = run_dossier("check", "--format", "github", cwd=project)
    assert github.returncode == 1
    assert (
        "::error file=seeds/kerman-2024/dossier.yml,line=26,col=10::'key' must be true or false"
        in github.stderr
    )
    as_json = run_dossier("check", "--format", "json", cwd=project)
    assert as_json.returncode == 1
    errors = json.loads(as_json.stdout)["errors"]
    assert errors == [
        {
            "path": "seeds/kerman-2024/dossier.yml",
            "line": 26,
            "column": 10,
            "message": errors[0]["message"],
        }
    ]
    assert errors[0]["message"] == "'key' must be true or false"


def test_committed_schemas_are_generated_from_the_model(tmp_path: Path) -> None:
    result = run_dossier("schema", str(tmp_path))
    assert result.returncode == 0
    for record in ("dossier", "source"):
        generated = (tmp_path / f"{record}.schema.json").read_text("utf-8")
        committed = (REPO / "schemas" / f"{record}.schema.json").read_text("utf-8")
        assert generated == committed, f"run `dossier schema schemas` to refresh {record}"


def test_the_example_satisfies_the_schemas() -> None:
    dossier_schema = json.loads(schema.json_schema("dossier"))
    source_schema = json.loads(schema.json_schema("source"))
    folder = FIXTURE_SEEDS / "kerman-2024"
    jsonschema.validate(yaml.safe_load((folder / "dossier.yml").read_text("utf-8")), dossier_schema)
    for path in sorted((folder / "sources").glob("*.yml")):
        jsonschema.validate(yaml.safe_load(path.read_text("utf-8")), source_schema)


def test_the_schema_refuses_what_the_validator_refuses() -> None:
    source_schema = json.loads(schema.json_schema("source"))
    bad = {
        "outlet": "x",
        "title": "x",
        "url": "javascript:alert(1)",
        "language": "en",
        "published": "unknown",
        "retrieved": "2024-01-01",
        "colour": "red",
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, source_schema)


def test_schemas_are_published_in_the_site(built_site: Path) -> None:
    published = json.loads((built_site / "schemas" / "source.schema.json").read_text("utf-8"))
    assert published == json.loads(schema.json_schema("source"))


@pytest.mark.slow
def test_private_fields_never_reach_the_site_or_exports(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    # Working notes, as the format guide says: `private` is public in git, never for contacts.
    secret = "Note Zq7: recheck the toll against the wire before publishing"
    dossier = project / "seeds/kerman-2024/dossier.yml"
    dossier.write_text(dossier.read_text("utf-8") + f"private:\n  to-check: {secret!r}\n")
    source = project / "seeds/kerman-2024/sources/iswnews-32659.yml"
    text = source.read_text("utf-8")
    source.write_text(
        text.replace(
            "  - id: isw-killed-84\n",
            f"  - id: isw-killed-84\n    private: {secret + ' (claim)'!r}\n",
        )
        + f"private:\n  - {secret + ' (source)'!r}\n",
        "utf-8",
    )
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    leaks = [
        path
        for path in (project / "site").rglob("*")
        if path.is_file() and b"Zq7" in path.read_bytes()
    ]
    assert leaks == []
    assert (project / "site/dossiers/kerman-2024/claims.csv").exists()


def test_private_is_described_alike_as_public_working_notes() -> None:
    """The format guide, the schema and the contributing guide agree on `private`."""
    guide = (REPO / "docs/guide/format.md").read_text("utf-8")
    section = guide.split("### Working notes: `private`", 1)[1].split("\n#", 1)[0]
    assert "**not private**" in section and "git history" in section
    assert "Never put contacts" in section
    description = schema.PRIVATE["description"]
    assert "public in the repository and its git history" in description
    assert "Never contacts" in description
    contributing = " ".join((REPO / "CONTRIBUTING.md").read_text("utf-8").split())
    assert "`private` key holds working notes" in contributing
    assert "never contacts" in contributing
