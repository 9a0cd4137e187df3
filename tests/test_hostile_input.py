"""Source texts from the web: encodings, invisible characters, scripts and sizes.

Each case either anchors its quote and renders safely, or fails with a clear
``path:line:col`` error that says why.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from generator import cli, generate_site_files, load_project
from generator.cli import format_diagnostics
from generator.diagnostics import Diagnostic, DossierError, Location
from generator.patterns import ID_PATTERN, ID_RULE
from generator.read.seeds import MAX_TEXT_BYTES
from generator.validate.annotations import MAX_LINE_CHARACTERS

from factory import DOSSIER_YML, NEWS_TEXT, NEWS_YML, WIRE_YML, write_dossier

QUOTE = "At least 84 people were killed"


def _errors_for(tmp_path: Path, text: str | bytes, annotation: str = NEWS_YML) -> list[str]:
    seeds = write_dossier(tmp_path, sources={"wire-2": (WIRE_YML, None)})
    folder = seeds / "demo" / "sources"
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    (folder / "news-1.txt").write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    (folder / "news-1.yml").write_text(annotation.replace("{sha256}", digest), "utf-8")
    try:
        load_project(seeds)
    except DossierError as exc:
        return [str(d) for d in exc.diagnostics]
    return []


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_a_byte_order_mark_is_accepted_and_quotes_still_anchor(tmp_path: Path) -> None:
    assert _errors_for(tmp_path, b"\xef\xbb\xbf" + f"Title\n\n{QUOTE}, he said.\n".encode()) == []


def test_crlf_line_ends_anchor_within_a_line_and_explain_across_lines(tmp_path: Path) -> None:
    text = f"Title\r\n\r\n{QUOTE},\r\nthe minister said.\r\n"
    assert _errors_for(tmp_path, text) == []
    across = NEWS_YML.replace(f'quote: "{QUOTE}"', 'quote: "killed,\\nthe minister"')
    errors = _errors_for(tmp_path / "b", text, across)
    assert len(errors) == 1
    assert "news-1.yml:" in errors[0] and "CR LF" in errors[0]


def test_decomposed_accents_are_explained(tmp_path: Path) -> None:
    composed = "Le préfet a dit"
    text = f"Titre\n\n{unicodedata.normalize('NFD', composed)} que 84 personnes.\n"
    annotation = NEWS_YML.replace(f'quote: "{QUOTE}"', f'quote: "{composed}"').replace(
        "language: en", "language: fr"
    )
    errors = _errors_for(tmp_path, text, annotation)
    assert len(errors) == 1
    assert "Unicode normalisation" in errors[0]


def test_invisible_characters_are_explained(tmp_path: Path) -> None:
    hidden = QUOTE.replace("84", "8\u200b4")
    errors = _errors_for(tmp_path, f"Title\n\n{hidden}.\n")
    assert len(errors) == 1
    assert "invisible characters" in errors[0]


def test_a_changed_text_suggests_the_nearest_passage(tmp_path: Path) -> None:
    errors = _errors_for(tmp_path, "Title\n\nAt least 85 people were killed.\n")
    assert len(errors) == 1
    assert "nearest passage" in errors[0]
    assert "'At least 85 people were killed'" in errors[0]
    assert "line 3" in errors[0]


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    errors = _errors_for(tmp_path, b"Title\n\nAt least \xff84 people were killed.\n")
    assert errors == [
        "seeds/demo/sources/news-1.txt:3:10: error: the file is not valid UTF-8 (byte 0xff); "
        "save it as UTF-8"
    ]


def test_a_very_long_line_is_refused(tmp_path: Path) -> None:
    line = "x" * (MAX_LINE_CHARACTERS + 1)
    errors = _errors_for(tmp_path, f"Title\n\n{QUOTE}\n{line}\n")
    assert errors == [
        f"seeds/demo/sources/news-1.txt:4:1: error: the line is {MAX_LINE_CHARACTERS + 1:,} "
        f"characters long, over the limit of {MAX_LINE_CHARACTERS:,}; keep the article's text, "
        "not a page's markup"
    ]


def test_a_very_large_file_is_refused(tmp_path: Path) -> None:
    text = (QUOTE + "\n") * (MAX_TEXT_BYTES // len(QUOTE) + 10)
    errors = _errors_for(tmp_path, text)
    assert any(
        e.startswith("seeds/demo/sources/news-1.txt:1:1: error: the text is ")
        and "over the limit" in e
        for e in errors
    ), errors


def test_right_to_left_text_is_marked_with_its_language_and_direction(tmp_path: Path) -> None:
    persian = "در انفجار کرمان دست‌کم ۸۴ نفر کشته شدند"
    annotation = NEWS_YML.replace(f'quote: "{QUOTE}"', 'quote: "دست‌کم ۸۴ نفر کشته شدند"')
    annotation = annotation.replace("language: en", "language: fa")
    seeds = write_dossier(tmp_path, sources={"news-1": (annotation, f"عنوان\n\n{persian}\n")})
    files = {f.path: f.content for f in generate_site_files(load_project(seeds))}
    page = files["dossiers/demo/sources/news-1.md"]
    assert '<div class="dossier-text" lang="fa" dir="rtl">' in page
    assert (
        '<mark class="dossier-quote" data-claims="news-killed">دست‌کم ۸۴ نفر کشته شدند</mark>'
        in page
    )


# GitHub annotations: `dossier check --format github` in CI. A name in a stranger's
# pull request must not end the annotation and start a workflow command of its own.

HOSTILE_NAMES = [
    "evil\n::add-mask::secret",
    "evil\r\n::stop-commands::token",
    "evil\n::warning file=README.md,line=1::all good",
    "evil,line=999,col=7",
    "evil:colon::",
    "evil%0A::add-mask::percent%",
]

_ANNOTATION = re.compile(r"::error file=([^,:]*),line=([0-9]+),col=([0-9]+)::(.*)")


def _github_unescape(text: str) -> str:
    for escape, character in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r")):
        text = text.replace(escape, character)
    return text.replace("%25", "%")


def _parse_annotations(output: str) -> list[Diagnostic]:
    """The diagnostics GitHub reads back from ``output``, one per line, or a failure."""
    parsed = []
    for line in output.split("\n"):
        match = _ANNOTATION.fullmatch(line)
        assert match is not None, line
        path, row, column, message = match.groups()
        parsed.append(
            Diagnostic(
                Location(_github_unescape(path), int(row), int(column)),
                _github_unescape(message),
            )
        )
    return parsed


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_github_annotations_round_trip_hostile_paths_and_messages(name: str) -> None:
    diagnostics = [
        Diagnostic(Location(f"seeds/{name}/dossier.yml", 3, 4), f"the name {name} is wrong"),
        Diagnostic(Location(f"seeds/{name}", 1, 1), f"second\n{name}"),
    ]
    output = format_diagnostics(diagnostics, "github")
    assert output.count("\n") == len(diagnostics) - 1
    assert "\r" not in output
    # A path's line breaks are shown as escapes (see the test below); a message's are kept.
    shown = name.replace("\r", "\\r").replace("\n", "\\n")
    assert _parse_annotations(output) == [
        Diagnostic(replace(d.location, path=d.location.path.replace(name, shown)), d.message)
        for d in diagnostics
    ]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_hostile_folder_name_gives_one_annotation_per_problem(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / name).mkdir()
    (seeds / name / "dossier.yml").write_text("title: x\n", "utf-8")
    assert cli.main(["check", "--format", "github", "--seeds", str(seeds)]) == 1
    output = capsys.readouterr().err.removesuffix("\n")
    (annotation,) = _parse_annotations(output)
    shown = name.replace("\r", "\\r").replace("\n", "\\n")
    assert annotation.location == Location(f"seeds/{shown}")
    assert annotation.message.startswith(f"the name {name!r} is not an id")


# A final newline: ``$`` in a Python pattern matches before it, so "evil\n" once passed
# for an id and was published as dossiers/evil%0A/.


@pytest.mark.parametrize(
    ("file", "written", "hostile", "phrase"),
    [
        ("dossier.yml", "  - id: killed", '  - id: "killed\\n"', "'killed\\n' is not an id"),
        ("dossier.yml", "[bags, bombers]", '[bags, "bombers\\n"]', "'bombers\\n' is not an id"),
        ("dossier.yml", "  - id: kerman", '  - id: "kerman\\n"', "'kerman\\n' is not an id"),
        ("dossier.yml", "questions:", 'tags: ["iran\\n"]\nquestions:', "'iran\\n' is not an id"),
        ("news-1.yml", "language: en", 'language: "en\\n"', "is not a language tag"),
        ("news-1.yml", "url: https://news.example/1", 'url: "https://n.example/\\n"', "'url'"),
        ("news-1.yml", "sha256: {sha256}", 'sha256: "{sha256}\\n"', "64 lowercase hexadecimal"),
        ("news-1.yml", "  - id: news-killed", '  - id: "news-killed\\n"', "is not an id"),
        ("news-1.yml", "    question: killed", '    question: "killed\\n"', "is not an id"),
        ("news-1.yml", 'retrieved: "2024-02-01"', 'retrieved: "2024-02-01\\n"', "is not a time"),
    ],
)
def test_a_final_newline_does_not_pass_for_an_id_a_tag_a_language_an_address_a_hash_or_a_time(
    tmp_path: Path, file: str, written: str, hostile: str, phrase: str
) -> None:
    dossier_yml, news_yml = DOSSIER_YML, NEWS_YML
    if file == "dossier.yml":
        dossier_yml = dossier_yml.replace(written, hostile, 1)
    else:
        news_yml = news_yml.replace(written, hostile, 1)
    seeds = write_dossier(
        tmp_path, dossier_yml, {"news-1": (news_yml, NEWS_TEXT), "wire-2": (WIRE_YML, None)}
    )
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    problems = [str(d) for d in caught.value.diagnostics if d.location.path.endswith(file)]
    assert any(phrase in problem for problem in problems), problems


@pytest.mark.parametrize("name", ["evil\n", "news-3\n"])
def test_a_file_or_folder_name_ending_in_a_newline_is_not_an_id(tmp_path: Path, name: str) -> None:
    seeds = write_dossier(tmp_path)
    if name.startswith("evil"):
        (seeds / name).mkdir()
        (seeds / name / "dossier.yml").write_bytes(DOSSIER_YML.encode())
        refused = seeds / name
    else:
        refused = seeds / "demo" / "sources" / f"{name}.yml"
        refused.write_bytes(WIRE_YML.encode())
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    assert [d.message for d in caught.value.diagnostics] == [
        f"the name {name!r} is not an id ({ID_RULE})"
    ]
    assert caught.value.diagnostics[0].location.path == f"seeds/{refused.relative_to(seeds)}"


@pytest.mark.parametrize("ident", ["killed", "k" * 80])
def test_the_id_pattern_is_matched_whole(ident: str) -> None:
    assert ID_PATTERN.fullmatch(ident)
    assert not ID_PATTERN.fullmatch(ident + "\n")
    assert not ID_PATTERN.fullmatch(ident + "x" * 81)


# Control characters, surrogates and noncharacters: refused where they are read, in
# annotations (as they are, or written as escapes) and in source texts.

FORBIDDEN = {
    "\x00": "U+0000 (a control character)",
    "\x1b": "U+001B (a control character)",
    "\x0c": "U+000C (a control character)",
    "\x7f": "U+007F (a control character)",
    "\x85": "U+0085 (a control character)",
    "\x9b": "U+009B (a control character)",
    "\ufdd0": "U+FDD0 (a noncharacter)",
    "\uffff": "U+FFFF (a noncharacter)",
    "\U0010fffe": "U+10FFFE (a noncharacter)",
}


def _annotation_errors(tmp_path: Path, news_yml: str) -> list[str]:
    seeds = write_dossier(tmp_path, sources={"news-1": (news_yml, NEWS_TEXT)})
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    return [str(d) for d in caught.value.diagnostics]


@pytest.mark.parametrize("character", sorted(FORBIDDEN))
def test_a_forbidden_character_in_an_annotation_is_refused_where_it_stands(
    tmp_path: Path, character: str
) -> None:
    news_yml = NEWS_YML.replace("title: Blasts in", f"title: Blasts{character} in")
    assert _annotation_errors(tmp_path, news_yml) == [
        f"seeds/demo/sources/news-1.yml:2:14: error: {FORBIDDEN[character]} is not allowed; "
        "delete it, or write the character that was meant"
    ]


@pytest.mark.parametrize(
    ("escape", "described"),
    [
        ("\\0", "U+0000 (a control character)"),
        ("\\e", "U+001B (a control character)"),
        ("\\x1b", "U+001B (a control character)"),
        ("\\x7f", "U+007F (a control character)"),
        ("\\N", "U+0085 (a control character)"),
        ("\\x9b", "U+009B (a control character)"),
        ("\\ufdd0", "U+FDD0 (a noncharacter)"),
        ("\\U0001fffe", "U+1FFFE (a noncharacter)"),
        ("\\ud800", "U+D800 (a lone surrogate)"),
        ("\\ud83d\\ude00", "U+D83D (a lone surrogate)"),
    ],
)
@pytest.mark.parametrize(
    ("written", "hostile", "where"),
    [
        ("title: Blasts in Kerman", 'title: "Blasts<e> in Kerman"', "2:8"),
        ("    speaker: minister", '    "speaker<e>": minister', "12:5"),
    ],
)
def test_a_forbidden_character_written_as_an_escape_is_refused(
    tmp_path: Path, escape: str, described: str, written: str, hostile: str, where: str
) -> None:
    news_yml = NEWS_YML.replace(written, hostile.replace("<e>", escape))
    hint = ""
    if "surrogate" in described:
        hint = (
            "; write a character beyond U+FFFF as \\U0001F600 or as itself, not as two \\u escapes"
        )
    assert _annotation_errors(tmp_path, news_yml) == [
        f"seeds/demo/sources/news-1.yml:{where}: error: the text holds {described}, written as "
        f"an escape; remove it{hint}"
    ]


@pytest.mark.parametrize("character", sorted(FORBIDDEN))
def test_a_forbidden_character_in_a_source_text_is_refused_where_it_stands(
    tmp_path: Path, character: str
) -> None:
    errors = _errors_for(tmp_path, f"Title\n\nPolice{character}[31m said: {QUOTE}.\n")
    assert errors == [
        f"seeds/demo/sources/news-1.txt:3:7: error: {FORBIDDEN[character]} is not allowed; "
        "remove it, or replace it with the character that was meant (a page read with the "
        "wrong encoding is better read again); the text must then be re-hashed"
    ]


def test_tabs_carriage_returns_and_other_scripts_stay_allowed(tmp_path: Path) -> None:
    text = f"Title\r\n\r\n\t{QUOTE}, \u2028 \U0001f600 \ufeff \u200f \ufffd.\r\n"
    assert _errors_for(tmp_path, text) == []
    news_yml = NEWS_YML.replace("title: Blasts in", 'title: "\\tBlasts \\U0001F600 \\u00e9 in')
    news_yml = news_yml.replace("in Kerman\n", 'in Kerman"\n', 1)
    seeds = write_dossier(tmp_path / "yaml", sources={"news-1": (news_yml, NEWS_TEXT)})
    (dossier,) = load_project(seeds).dossiers
    assert dossier.sources[0].title == "\tBlasts \U0001f600 \u00e9 in Kerman"


@pytest.mark.parametrize("style", ["text", "github", "json"])
def test_a_file_name_that_cannot_be_shown_is_escaped_in_every_format(
    tmp_path: Path, style: str
) -> None:
    seeds = write_dossier(tmp_path)
    for name in (b"red\x1b[31m", b"not-utf8-\xff", b"bidi-\xe2\x80\xae"):
        os.mkdir(bytes(seeds) + b"/" + name)
    output = format_diagnostics(_diagnostics_of(seeds), style)
    output.encode("utf-8")  # no lone surrogate left to fail the printing
    assert "\x1b" not in output and "\u202e" not in output
    for shown in ("seeds/red\\x1b[31m", "seeds/not-utf8-\\udcff", "seeds/bidi-\\u202e"):
        assert (json.dumps(shown) if style == "json" else shown) in output


def _diagnostics_of(seeds: Path) -> list[Diagnostic]:
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    return caught.value.diagnostics
