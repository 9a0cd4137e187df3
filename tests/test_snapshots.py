"""What a snapshot is and what of it reaches the site.

Boilerplate never hides a quote; a text without blank lines folds line by line;
a partial copy, an excerpt and a mirror are said on the pages; a source published
as quotes only shows its quoted passages and nothing else of its text, on its
page, in the entity pages' mentions and in the exports.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.domain import passages
from generator.domain.anchor import find_quote
from generator.domain.model import Extent, Publication, Quote, Span
from generator.pipeline import generate_site_files, load_project
from generator.render.exports import claims_csv, dossier_json, timeline_json

from conftest import FIXTURE_SEEDS, run_dossier
from factory import NEWS_YML, WIRE_YML, diagnostics, write_dossier


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def news(text: str, *lines: str) -> dict[str, tuple[str, str | None]]:
    """The factory's news source with ``text`` and extra keys, and its wire source."""
    return {"news-1": (NEWS_YML + "".join(lines), text), "wire-2": (WIRE_YML, None)}


ONE_PARAGRAPH = """\
Blasts in Kerman

At least 84 people were killed in two blasts, the minister said.
Click to expand Image
"""


# -- Boilerplate never hides a quote ----------------------------------------------


def test_boilerplate_in_a_quoted_paragraph_is_an_error_naming_the_claim(tmp_path: Path) -> None:
    boilerplate = 'boilerplate:\n  - exact: "Click to expand Image"\n'  # lines 15-16
    found = diagnostics(write_dossier(tmp_path, sources=news(ONE_PARAGRAPH, boilerplate)))
    assert len(found) == 1, found
    assert found[0].startswith("seeds/demo/sources/news-1.yml:16:12: error: the boilerplate")
    assert "claim 'news-killed' (line 9)" in found[0]
    assert "Remove this entry" in found[0]


def test_a_quoted_paragraph_of_the_kerman_seed_cannot_be_folded(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    annotation = seeds / "kerman-2024" / "sources" / "iswnews-32659.yml"
    written = annotation.read_text("utf-8")
    furniture = '  - exact: "Share it:"\n'
    assert furniture in written
    annotation.write_text(
        written.replace(furniture, furniture + '  - exact: "Wednesday afternoon"\n'), "utf-8"
    )
    result = run_dossier("check", "--seeds", str(seeds))
    assert result.returncode == 1
    assert "'Wednesday afternoon' folds a paragraph" in result.stderr
    for claim in ("isw-first-blast-time", "isw-location", "isw-first-blast-place"):
        assert f"'{claim}'" in result.stderr


def test_a_text_without_blank_lines_folds_line_by_line(tmp_path: Path) -> None:
    text = "Blasts in Kerman\nAt least 84 people were killed.\nClick to expand Image\n"
    boilerplate = 'boilerplate:\n  - exact: "Click to expand Image"\n'
    source = load_project(write_dossier(tmp_path, sources=news(text, boilerplate)))
    held = source.dossiers[0].source("news-1")
    assert held.text is not None
    assert [held.text[s.start : s.end] for s in held.folded] == ["Click to expand Image"]
    assert passages.paragraphs(text) == [Span(0, 16), Span(17, 48), Span(49, 70)]


def test_blank_lines_still_make_the_paragraphs() -> None:
    text = "Title\n\nOne line\nand the next\n\n\nLast\n"
    found = [text[s.start : s.end] for s in passages.paragraphs(text)]
    assert found == ["Title", "One line\nand the next", "Last"]


REPEATED = """\
Blasts in Kerman

Share it:

At least 84 people were killed in two blasts, the minister said.

Share it:

The bombs were left in bags.

Share it:
"""


def test_a_repeated_furniture_needs_every_or_a_prefix(tmp_path: Path) -> None:
    once = 'boilerplate:\n  - exact: "Share it:"\n'
    (found,) = diagnostics(write_dossier(tmp_path / "once", sources=news(REPEATED, once)))
    assert "occur 3 times" in found


def test_every_folds_each_occurrence(tmp_path: Path) -> None:
    every = 'boilerplate:\n  - exact: "Share it:"\n    every: true\n'
    project = load_project(write_dossier(tmp_path, sources=news(REPEATED, every)))
    source = project.dossiers[0].source("news-1")
    assert source.text is not None
    assert [source.text[s.start : s.end] for s in source.folded] == ["Share it:"] * 3
    page = _page(project, "sources/news-1.md")
    assert page.count('<details class="dossier-boilerplate"') == 3
    assert page.index("At least 84") < page.index("The bombs")


def test_every_still_needs_the_words_in_the_text(tmp_path: Path) -> None:
    every = 'boilerplate:\n  - exact: "Leave a Reply"\n    every: true\n'
    (found,) = diagnostics(write_dossier(tmp_path, sources=news(REPEATED, every)))
    assert "seeds/demo/sources/news-1.yml:16:12: error: the words 'Leave a Reply'" in found


def test_every_is_only_a_boilerplate_key(tmp_path: Path) -> None:
    claim = NEWS_YML.replace('    quote: "At least 84 people were killed"\n', "")
    claim += '    quote: {exact: "At least 84 people were killed", every: true}\n'
    found = diagnostics(
        write_dossier(
            tmp_path, sources={"news-1": (claim, ONE_PARAGRAPH), "wire-2": (WIRE_YML, None)}
        )
    )
    assert any("unknown key 'every' in a quote" in line for line in found), found


@given(
    st.lists(st.sampled_from(["ab", "b", "a", "\n", "\n\n", " "]), max_size=30),
    st.sampled_from(["a", "ab", "b\na", "a\n\na"]),
)
@example(["ab", "\n", "ab", "\n", "a"], "b\na")  # the second repeat reaches a further line
def test_occurrences_fold_what_every_occurrence_would(pieces: list[str], words: str) -> None:
    """Skipping repeats within a paragraph never changes which paragraphs are folded."""
    text = "".join(pieces)
    every = passages.paragraphs(text)
    quote = Quote(words)
    expected = {i for span in find_quote(text, quote) for i in passages.touched(every, span)}
    found = {
        i
        for span in passages.occurrences(text, quote, every)
        for i in passages.touched(every, span)
    }
    assert found == expected


def test_check_says_how_much_of_each_text_is_folded(tmp_path: Path) -> None:
    every = 'boilerplate:\n  - exact: "Share it:"\n    every: true\n'
    seeds = write_dossier(tmp_path, sources=news(REPEATED, every))
    result = run_dossier("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "seeds/demo/sources/news-1.txt: boilerplate folds 18% of the text "
        f"(27 of {len(REPEATED)} characters)"
    )
    assert lines[-1].endswith("no errors")
    as_json = run_dossier("check", "--format", "json", "--seeds", str(seeds))
    assert json.loads(as_json.stdout) == {"errors": []}
    assert "folds" not in as_json.stderr


# -- Partial copies, excerpts and mirrors ----------------------------------------


def _page(project: object, name: str) -> str:
    files = {file.path: file.content for file in generate_site_files(project)}  # type: ignore[arg-type]
    return files[f"dossiers/demo/{name}"]


def test_a_partial_copy_read_from_a_mirror_is_said(tmp_path: Path) -> None:
    lines = ("extent: partial\n", "mirror_url: https://mirror.example/news/1\n")
    project = load_project(write_dossier(tmp_path, sources=news(ONE_PARAGRAPH, *lines)))
    source = project.dossiers[0].source("news-1")
    assert source.extent is Extent.PARTIAL and not source.full_text
    assert source.mirror_url == "https://mirror.example/news/1"
    page = _page(project, "sources/news-1.md")
    assert '| Read from | <a href="https://mirror.example/news/1"' in page
    assert "the address above is the original" in page
    assert "but a partial copy" in page
    overview = _page(project, "index.md")
    assert "2 sources, 0 with their full text, 1 with only part of it" in overview
    assert "| partial copy |" in _page(project, "sources/index.md")
    exported = json.loads(dossier_json(project.dossiers[0]))["sources"][0]
    assert (exported["extent"], exported["mirror_url"]) == ("partial", source.mirror_url)


def test_an_excerpt_is_said(tmp_path: Path) -> None:
    project = load_project(
        write_dossier(tmp_path, sources=news(ONE_PARAGRAPH, "extent: excerpt\n"))
    )
    assert "only an excerpt of the article" in _page(project, "sources/news-1.md")
    assert "| excerpt |" in _page(project, "sources/index.md")


@pytest.mark.parametrize("key", ["extent: partial", "publish: quotes"])
def test_text_keys_on_a_citation_only_source(tmp_path: Path, key: str) -> None:
    sources = {"wire-2": (WIRE_YML.replace("claims:", f"{key}\nclaims:"), None)}
    (found,) = diagnostics(write_dossier(tmp_path, sources=sources))
    assert found.startswith("seeds/demo/sources/wire-2.yml:7:")
    assert "this source has none" in found


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ("extent: truncated\n", "'extent' must be one of full, partial, excerpt"),
        ("publish: excerpts\n", "'publish' must be one of text, quotes"),
        ("mirror_url: ftp://mirror.example/1\n", "'mirror_url' must be an http:// or https://"),
    ],
)
def test_text_keys_are_checked(tmp_path: Path, line: str, phrase: str) -> None:
    (found,) = diagnostics(write_dossier(tmp_path, sources=news(ONE_PARAGRAPH, line)))
    assert found.startswith("seeds/demo/sources/news-1.yml:15:"), found
    assert phrase in found


# -- Quotes only ------------------------------------------------------------------

AGENCY = FIXTURE_SEEDS / "example-agency-copy"
UNQUOTED = "The mayor's office has not yet counted the damage to the promenade."


@pytest.fixture(scope="module")
def agency() -> object:
    return load_project(AGENCY.parent).dossiers[0]


def test_the_fixture_has_an_unquoted_paragraph() -> None:
    text = (AGENCY / "sources" / "agency-storm.txt").read_text("utf-8")
    assert UNQUOTED in text
    assert "coastguard" in text


def test_quotes_only_publishes_the_quoted_passages_and_nothing_else(agency: object) -> None:
    source = agency.source("agency-storm")  # type: ignore[attr-defined]
    assert source.publish is Publication.QUOTES
    shown = [source.text[s.start : s.end] for s in source.shown]
    assert shown[0].startswith("PORT ELLEN, 14 May")
    assert all(len(passage) <= 2 * passages.CONTEXT_CHARACTERS + 45 for passage in shown)
    assert not any(UNQUOTED in passage or "coastguard" in passage for passage in shown)
    files = {f.path: f.content for f in generate_site_files(load_project(AGENCY.parent))}
    for path, content in files.items():
        if path.startswith("dossiers/example-agency-copy/"):
            assert "promenade" not in content, path
            assert "forty boats" not in content, path
    page = files["dossiers/example-agency-copy/sources/agency-storm.md"]
    assert "## Quoted passages" in page and "## Text" not in page
    assert page.count("dossier-omitted") == 2
    assert "sank two fishing boats</mark>" in page
    exported = json.loads(dossier_json(agency))["sources"][0]  # type: ignore[arg-type]
    assert exported["text"] is None and exported["publish"] == "quotes"
    assert [p["text"] for p in exported["passages"]] == shown
    for export in (claims_csv(agency), timeline_json(agency)):  # type: ignore[arg-type]
        assert "promenade" not in export


def test_names_only_in_unpublished_text_are_no_mention(agency: object) -> None:
    files = {f.path: f.content for f in generate_site_files(load_project(AGENCY.parent))}
    coastguard = files["dossiers/example-agency-copy/entities/coastguard.md"]
    assert "agency-storm" not in coastguard
    port = files["dossiers/example-agency-copy/entities/port-ellen.md"]
    assert "agency-storm" in port


def test_context_stays_in_the_paragraph_and_cuts_at_a_space() -> None:
    words = " ".join(f"w{i}" for i in range(200))
    text = f"Before.\n\n{words} QUOTE {words}\n\nAfter.\n"
    start = text.index("QUOTE")
    (span,) = passages.quoted_passages(text, passages.paragraphs(text), [Span(start, start + 5)])
    passage = text[span.start : span.end]
    assert "Before" not in passage and "After" not in passage
    assert passage.startswith("w") and passage.endswith(tuple("0123456789"))
    assert start - span.start <= passages.CONTEXT_CHARACTERS
    assert span.end - (start + 5) <= passages.CONTEXT_CHARACTERS


def test_passages_that_overlap_are_merged() -> None:
    text = "One two three four five six seven.\n"
    quotes = [Span(0, 3), Span(8, 13)]
    assert passages.quoted_passages(text, passages.paragraphs(text), quotes) == (Span(0, 34),)


def test_quotes_only_without_a_quote_shows_no_text(tmp_path: Path) -> None:
    annotation = NEWS_YML.replace(
        '    quote: "At least 84 people were killed"\n', "    paraphrase: The toll was 84.\n"
    )
    sources = {"news-1": (annotation + "publish: quotes\n", ONE_PARAGRAPH)}
    project = load_project(write_dossier(tmp_path, sources=sources))
    page = _page(project, "sources/news-1.md")
    assert "No claim quotes it yet, so none of the text is shown." in page
    assert "At least 84 people were killed in two blasts" not in page


def test_a_passage_holds_the_prefix_and_suffix_its_export_publishes(tmp_path: Path) -> None:
    words = " ".join(f"w{i}" for i in range(120))
    text = f"{words} At least 84 {words}.\n"
    annotation = NEWS_YML.replace(
        '    quote: "At least 84 people were killed"\n',
        f"    quote: {{exact: 'At least 84', prefix: '{words} ', suffix: ' {words}.'}}\n",
    )
    sources = {"news-1": (annotation + "publish: quotes\n", text)}
    source = load_project(write_dossier(tmp_path, sources=sources)).dossiers[0].source("news-1")
    assert source.passages == (Span(0, len(text) - 1),)
