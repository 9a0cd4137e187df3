"""Validation of a seeds folder: every error names its file, line and column, all at once.

Each test writes a small dossier with ``factory.write_dossier`` and loads it with
``load_project``. The YAML of the file under test is written out in the test, so
that the line and column of the expected error can be read off it. The tests run
in the temporary folder, so paths are shown as ``seeds/demo/...``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest

from generator.diagnostics import DiagnosticSink, DossierError
from generator.domain.compare import Agreement, summarise
from generator.domain.model import Approximation, NumberRange, Project, Review, Tie, TieKind
from generator.domain.times import Precision, parse_time
from generator.domain.voices import Voices
from generator.pipeline import load_project
from generator.read.seeds import read_seeds

from conftest import FIXTURE_SEEDS
from factory import DEFAULT_SOURCES, DOSSIER_YML, NEWS_TEXT, NEWS_YML, diagnostics, write_dossier

DOSSIER = "seeds/demo/dossier.yml"


def source_path(source_id: str) -> str:
    return f"seeds/demo/sources/{source_id}.yml"


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def the_error(seeds: Path) -> str:
    """The one error ``load_project`` reports; fails when there are none or several."""
    found = diagnostics(seeds)
    assert len(found) == 1, found
    return found[0]


def assert_error(message: str, location: str, phrase: str) -> None:
    assert message.startswith(f"{location}: error: "), message
    assert phrase in message, message


def loads(seeds: Path) -> Project:
    return load_project(seeds)


# The valid dossiers


def test_the_factory_dossier_is_valid(tmp_path: Path) -> None:
    project = loads(write_dossier(tmp_path))
    (dossier,) = project.dossiers
    assert dossier.id == "demo"
    assert [q.id for q in dossier.questions] == ["killed", "method"]
    assert [e.id for e in dossier.entities] == ["kerman", "minister"]
    assert dossier.events[0].time.precision is Precision.HOUR
    news = dossier.source("news-1")
    assert not news.citation_only
    assert news.sha256 == hashlib.sha256(NEWS_TEXT.encode()).hexdigest()
    (claim,) = news.claims
    assert claim.span is not None
    assert news.text is not None
    assert news.text[claim.span.start : claim.span.end] == "At least 84 people were killed"
    assert claim.speaker_id == "minister"
    assert claim.value == NumberRange(84, None)
    wire = dossier.source("wire-2")
    assert wire.citation_only
    assert wire.claims[0].paraphrase == "The wire put the toll at 103."


def test_the_example_dossier_loads() -> None:
    project = load_project(FIXTURE_SEEDS)
    ids = [d.id for d in project.dossiers]
    expected = [
        "example-agency-copy",
        "example-river-flood",
        "harbour-blast-2025",
        "kerman-2024",
        "market-strike-2025",
    ]
    assert ids == expected
    dossier = project.dossiers[ids.index("kerman-2024")]
    assert len(dossier.sources) > 1
    held = [source.id for source in dossier.sources if not source.citation_only]
    assert held == ["iswnews-32659"]
    assert len(dossier.claims) > len(dossier.sources)
    for claim in dossier.claims:
        source = dossier.source(claim.source_id)
        if claim.quote is not None:
            assert claim.span is not None and source.text is not None
            assert source.text[claim.span.start : claim.span.end] == claim.quote.exact
        else:
            assert claim.paraphrase
    agreement = {summary.question.id: summary.agreement for summary in summarise(dossier)}
    assert agreement["killed"] is Agreement.CONTESTED
    killed = next(s for s in summarise(dossier) if s.question.id == "killed")
    assert len({claim.source_id for claim in killed.claims}) > 1
    assert {"84", "103"} <= {claim.value_label() for claim in killed.claims}


def test_missing_seeds_folder(tmp_path: Path) -> None:
    assert_error(the_error(tmp_path / "nowhere"), "nowhere:1:1", "the seeds folder does not exist")


def test_report_lists_every_error_then_a_count(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path, "title: Demo\n", {})
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    assert caught.value.report() == (
        f"{DOSSIER}:1:1: error: dossier.yml needs 'start'; add it\n"
        f"{DOSSIER}:1:1: error: dossier.yml needs 'summary'; add it\n"
        "2 errors found."
    )
    assert str(caught.value) == caught.value.report()


# Unknown, missing and mistyped keys


def test_unknown_key_in_the_dossier(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "colour: red\n"  # line 4
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert_error(message, f"{DOSSIER}:4:1", "unknown key 'colour' in dossier.yml; expected one of")


WIRE_HEAD = (
    "outlet: Wire\n"  # line 1
    "title: Kerman toll\n"  # line 2
    "url: https://wire.example/2\n"  # line 3
    "language: en\n"  # line 4
    'published: "2024-01-04"\n'  # line 5
    'retrieved: "2024-02-01"\n'  # line 6
    "claims:\n"  # line 7
    "  - id: wire-killed\n"  # line 8
    "    question: killed\n"  # line 9
)
"""A source with one claim open for more keys, each line numbered for the errors."""


def test_unknown_key_in_a_claim(tmp_path: Path) -> None:
    wire = (
        WIRE_HEAD
        + "    value: 103\n"  # line 10
        + "    paraphrase: The wire put the toll at 103.\n"  # line 11
        + "    confidence: high\n"  # line 12
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(message, f"{source_path('wire-2')}:12:5", "unknown key 'confidence' in a claim")


def test_missing_required_key_in_the_dossier(tmp_path: Path) -> None:
    dossier_yml = (
        "# A dossier without a summary.\n"  # line 1
        "title: Demo\n"  # line 2: the mapping starts here
        'start: "2024-01-03"\n'  # line 3
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert message == f"{DOSSIER}:2:1: error: dossier.yml needs 'summary'; add it"


def test_missing_required_key_in_a_question(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "questions:\n"  # line 4
        "  - id: killed\n"  # line 5: the question starts at column 5
        "    kind: number\n"  # line 6
        "    unit: people\n"  # line 7
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert message == f"{DOSSIER}:5:5: error: a question needs 'wording'; add it"


def test_missing_required_key_in_a_source(tmp_path: Path) -> None:
    wire = (
        "# Citation-only; the url is missing.\n"  # line 1
        "outlet: Wire\n"  # line 2: the mapping starts here
        "title: Kerman toll\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert message == f"{source_path('wire-2')}:2:1: error: a source needs 'url'; add it"


def test_null_value_counts_as_missing(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary:\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert message == f"{DOSSIER}:1:1: error: dossier.yml needs 'summary'; add it"


@pytest.mark.parametrize(
    ("dossier_yml", "location", "phrase"),
    [
        (
            "title: [a, b]\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n',  # line 3
            "1:8",
            "'title' must be non-empty text",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: 2024\n"  # line 2
            'start: "2024-01-03"\n',  # line 3
            "2:10",
            "'summary' must be non-empty text; quote it if YAML reads it otherwise",
        ),
        (
            "title: Demo\n"  # line 1
            'summary: "  "\n'  # line 2
            'start: "2024-01-03"\n',  # line 3
            "2:10",
            "'summary' must be non-empty text",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "tags: iran\n",  # line 4
            "4:7",
            "'tags' must be a list",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "tags: [iran, 3]\n",  # line 4
            "4:14",
            "each item of 'tags' must be text",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "questions: {id: killed}\n",  # line 4
            "4:12",
            "'questions' must be a list",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "entities: [kerman]\n",  # line 4
            "4:12",
            "each item of 'entities' must be a mapping of keys",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "questions:\n"  # line 4
            "  - id: place\n"  # line 5
            "    wording: Where?\n"  # line 6
            "    kind: place\n"  # line 7
            '    key: "yes"\n',  # line 8
            "8:10",
            "'key' must be true or false",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "questions:\n"  # line 4
            "  - id: killed\n"  # line 5
            "    wording: How many?\n"  # line 6
            "    kind: count\n",  # line 7
            "7:11",
            "'kind' must be one of number, time, place, choice, text, not 'count'",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "entities:\n"  # line 4
            "  - id: kerman\n"  # line 5
            "    name: Kerman\n"  # line 6
            "    kind: city\n",  # line 7
            "7:11",
            "'kind' must be one of person, organisation, place, not 'city'",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "questions:\n"  # line 4
            "  - id: killed\n"  # line 5
            "    wording: How many?\n"  # line 6
            "    kind: number\n",  # line 7
            "7:11",
            "a number question needs a 'unit'",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "questions:\n"  # line 4
            "  - id: method\n"  # line 5
            "    wording: How?\n"  # line 6
            "    kind: choice\n"  # line 7
            "    choices: [bags, Gas canisters]\n",  # line 8
            "8:21",
            "the choice 'Gas canisters' is not an id",
        ),
        (
            "title: Demo\n"  # line 1
            "summary: A test.\n"  # line 2
            'start: "2024-01-03"\n'  # line 3
            "questions:\n"  # line 4
            "  - id: place\n"  # line 5
            "    wording: Where?\n"  # line 6
            "    kind: place\n"  # line 7
            "    choices: [here, there]\n",  # line 8
            "8:14",
            "only choice questions have 'choices'",
        ),
    ],
)
def test_wrong_type(tmp_path: Path, dossier_yml: str, location: str, phrase: str) -> None:
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert_error(message, f"{DOSSIER}:{location}", phrase)


def test_yaml_errors_reach_the_report(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        "title: Again\n"  # line 3
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert message == (
        f"{DOSSIER}:3:1: error: duplicate key 'title' (first at line 1); keep one of them"
    )


# Ids


@pytest.mark.parametrize("bad_id", ["../x", "Killed", "-killed", "a b", "a/b", "k" * 81, "é"])
def test_bad_question_id(tmp_path: Path, bad_id: str) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "questions:\n"  # line 4
        f'  - id: "{bad_id}"\n'  # line 5: the value starts at column 9
        "    wording: Who?\n"  # line 6
        "    kind: text\n"  # line 7
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert_error(message, f"{DOSSIER}:5:9", f"{bad_id!r} is not an id (lowercase letters")


def test_longest_id_is_accepted(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"
        "summary: A test.\n"
        'start: "2024-01-03"\n'
        "questions:\n"
        f"  - id: {'k' * 80}\n"
        "    wording: Who?\n"
        "    kind: text\n"
    )
    (dossier,) = loads(write_dossier(tmp_path, dossier_yml, {})).dossiers
    assert dossier.questions[0].id == "k" * 80


def test_source_file_name_must_be_an_id(tmp_path: Path) -> None:
    sources = {"News_1": DEFAULT_SOURCES["wire-2"]}
    message = the_error(write_dossier(tmp_path, sources=sources))
    assert message == (
        "seeds/demo/sources/News_1.yml:1:1: error: the name 'News_1' is not an id "
        "(lowercase letters, digits and hyphens, starting with a letter or digit, at most 80)"
    )


def test_dossier_folder_name_must_be_an_id(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / "demo").rename(seeds / "Demo_2024")
    assert_error(the_error(seeds), "seeds/Demo_2024:1:1", "the name 'Demo_2024' is not an id")


def test_duplicate_question_id(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "questions:\n"  # line 4
        "  - id: killed\n"  # line 5
        "    wording: How many were killed?\n"  # line 6
        "    kind: number\n"  # line 7
        "    unit: people\n"  # line 8
        "  - id: killed\n"  # line 9
        "    wording: How many died?\n"  # line 10
        "    kind: number\n"  # line 11
        "    unit: people\n"  # line 12
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert message == (
        f"{DOSSIER}:9:5: error: duplicate question id 'killed' (first at {DOSSIER}:5); "
        "ids must be unique"
    )


def test_duplicate_entity_id(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "entities:\n"  # line 4
        "  - id: kerman\n"  # line 5
        "    name: Kerman\n"  # line 6
        "    kind: place\n"  # line 7
        "  - id: kerman\n"  # line 8
        "    name: Kirman\n"  # line 9
        "    kind: place\n"  # line 10
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert_error(message, f"{DOSSIER}:8:5", f"duplicate entity id 'kerman' (first at {DOSSIER}:5)")


def test_duplicate_event_id(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "events:\n"  # line 4
        "  - id: blast\n"  # line 5
        '    time: "2024-01-03"\n'  # line 6
        "    title: First blast\n"  # line 7
        "  - id: blast\n"  # line 8
        '    time: "2024-01-03"\n'  # line 9
        "    title: Second blast\n"  # line 10
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert_error(message, f"{DOSSIER}:8:5", f"duplicate event id 'blast' (first at {DOSSIER}:5)")


def test_duplicate_claim_id_across_sources(tmp_path: Path) -> None:
    wire_1 = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8: the id's value starts at column 9
        "    question: killed\n"  # line 9
        "    value: 103\n"  # line 10
        "    paraphrase: The wire put the toll at 103.\n"  # line 11
    )
    wire_2 = wire_1.replace("wire.example/1", "wire.example/2").replace("103", "95")
    sources = {"wire-1": (wire_1, None), "wire-2": (wire_2, None)}
    message = the_error(write_dossier(tmp_path, sources=sources))
    assert message == (
        f"{source_path('wire-2')}:8:9: error: duplicate claim id 'wire-killed' "
        f"(first at {source_path('wire-1')}:8); ids must be unique"
    )


def test_duplicate_claim_id_in_one_source(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8
        "    question: killed\n"  # line 9
        "    value: 103\n"  # line 10
        "    paraphrase: The wire put the toll at 103.\n"  # line 11
        "  - id: wire-killed\n"  # line 12
        "    question: killed\n"  # line 13
        "    value: 95\n"  # line 14
        "    paraphrase: Later, 95.\n"  # line 15
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(
        message,
        f"{source_path('wire-2')}:12:9",
        f"duplicate claim id 'wire-killed' (first at {source_path('wire-2')}:8)",
    )


# What claims refer to


def test_claim_with_an_unknown_question(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8
        "    question: deaths\n"  # line 9
        "    value: 103\n"  # line 10
        "    paraphrase: The wire put the toll at 103.\n"  # line 11
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert message == (
        f"{source_path('wire-2')}:9:15: error: unknown question 'deaths'; "
        "add it under 'questions' in dossier.yml"
    )


def test_claim_with_an_unknown_speaker(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8
        "    question: killed\n"  # line 9
        "    value: 103\n"  # line 10
        "    speaker: nobody\n"  # line 11
        "    paraphrase: The wire put the toll at 103.\n"  # line 12
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert message == (
        f"{source_path('wire-2')}:11:14: error: unknown entity 'nobody'; "
        "add it under 'entities' in dossier.yml, or write 'unknown' when the source does "
        "not name who said it"
    )


def test_claim_with_unknown_entities(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8
        "    question: killed\n"  # line 9
        "    value: 103\n"  # line 10
        "    entities: [kerman, tehran]\n"  # line 11: tehran at column 24
        "    paraphrase: The wire put the toll at 103.\n"  # line 12
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(message, f"{source_path('wire-2')}:11:24", "unknown entity 'tehran'")


def test_event_with_unknown_entities(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "events:\n"  # line 4
        "  - id: blast\n"  # line 5
        '    time: "2024-01-03"\n'  # line 6
        "    title: The blast\n"  # line 7
        "    entities:\n"  # line 8
        "      - kerman\n"  # line 9
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert_error(message, f"{DOSSIER}:9:9", "unknown entity 'kerman'")


def test_choice_not_in_the_choices(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-method\n"  # line 8
        "    question: method\n"  # line 9
        "    value: trucks\n"  # line 10
        "    paraphrase: The bombs came in trucks.\n"  # line 11
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert message == (
        f"{source_path('wire-2')}:10:12: error: 'trucks' is not one of the choices of "
        "'method': bags, bombers"
    )


# Number values

WIRE_WITH_VALUE = (
    "outlet: Wire\n"  # line 1
    "title: Kerman toll\n"  # line 2
    "url: https://wire.example/2\n"  # line 3
    "language: en\n"  # line 4
    'published: "2024-01-04"\n'  # line 5
    'retrieved: "2024-02-01"\n'  # line 6
    "claims:\n"  # line 7
    "  - id: wire-killed\n"  # line 8
    "    question: killed\n"  # line 9
    "    value: VALUE\n"  # line 10: the value starts at column 12
    "    paraphrase: The wire gave a toll.\n"  # line 11
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("84", NumberRange(84, 84)),
        ("84.5", NumberRange(84.5, 84.5)),
        ("0", NumberRange(0, 0)),
        ("{at_least: 84}", NumberRange(84, None)),
        ("{more_than: 280}", NumberRange(280, None, low_inclusive=False)),
        ("{at_most: 10}", NumberRange(None, 10)),
        ("{less_than: 10}", NumberRange(None, 10, high_inclusive=False)),
        ("{min: 91, max: 92}", NumberRange(91, 92)),
        ("{min: 91, max: 91}", NumberRange(91, 91)),
        ("1000000000000000", NumberRange(10**15, 10**15)),
        ("{min: -1.0e15, max: 1.0e+15}", NumberRange(-1e15, 1e15)),
        ("{more_than: 1.0e-15}", NumberRange(1e-15, None, low_inclusive=False)),
        ("-123456789.012345", NumberRange(-123456789.012345, -123456789.012345)),
        ("0.0", NumberRange(0, 0)),
        ("{about: 170}", NumberRange(170, 170, approximation=Approximation.ABOUT)),
        ("{nearly: 500}", NumberRange(500, 500, approximation=Approximation.NEARLY)),
    ],
)
def test_number_value_forms(tmp_path: Path, value: str, expected: NumberRange) -> None:
    wire = WIRE_WITH_VALUE.replace("VALUE", value)
    (dossier,) = loads(write_dossier(tmp_path, sources={"wire-2": (wire, None)})).dossiers
    assert dossier.claims[0].value == expected


@pytest.mark.parametrize(
    ("value", "column", "phrase"),
    [
        ('"84"', 12, "a number answer must be a number or a mapping such as {at_least: 80}"),
        ("true", 12, "a number answer must be a number or a mapping"),
        ("[84, 90]", 12, "a number answer must be a number or a mapping"),
        ("{at_least: many}", 23, "'at_least' must be a number"),
        ("{at_least: 1.0e999}", 23, "'at_least' is too large: write a number between -1e15"),
        ("1.0e999", 12, "the number is too large: write a number between -1e15 and 1e15"),
        ("{at_least: false}", 23, "'at_least' must be a number"),
        ("{roughly: 84}", 13, "unknown key 'roughly' in a number"),
        (
            "{at_least: 80, at_most: 90}",
            12,
            "write one of at_least, more_than, at_most, less_than, about, nearly, "
            "or both min and max",
        ),
        ("{min: 91}", 12, "write one of at_least, more_than, at_most, less_than"),
        ("{}", 12, "write one of at_least, more_than, at_most, less_than"),
        ("{min: 92, max: 91}", 18, "'min' is larger than 'max'"),
        ("9" * 310, 12, "the number is too large: write a number between -1e15 and 1e15"),
        ("1000000000000001", 12, "the number is too large: write a number between -1e15"),
        ("{min: -1.7e308, max: 0}", 18, "'min' is too large: write a number between -1e15"),
        ("5.0e-324", 12, "the number is too close to 0: write 0, or a number of at least 1e-15"),
        ("{at_most: -1.0e-16}", 22, "'at_most' is too close to 0: write 0, or a number of at"),
        ("0.1234567890123456", 12, "the number has more than 15 significant digits; round it"),
    ],
)
def test_invalid_number_values(tmp_path: Path, value: str, column: int, phrase: str) -> None:
    wire = WIRE_WITH_VALUE.replace("VALUE", value)
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(message, f"{source_path('wire-2')}:10:{column}", phrase)


def test_missing_value(tmp_path: Path) -> None:
    wire = WIRE_WITH_VALUE.replace("    value: VALUE\n", "")
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    # The claim's mapping starts at line 8, column 5.
    assert message == (
        f"{source_path('wire-2')}:8:5: error: a claim needs 'value'; add it, or a 'relation' "
        "(disputes, denies, doubts, supports) when the claim gives no answer of its own"
    )


def test_time_value(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"
        "summary: A test.\n"
        'start: "2024-01-03"\n'
        "questions:\n"
        "  - id: when\n"
        "    wording: When?\n"
        "    kind: time\n"
    )
    wire = WIRE_WITH_VALUE.replace("question: killed", "question: when").replace(
        "VALUE", '{at: "2024-01-03T15:00+03:30", precision: hour, approximate: true}'
    )
    (dossier,) = loads(write_dossier(tmp_path, dossier_yml, {"wire-2": (wire, None)})).dossiers
    assert dossier.claims[0].value_label() == "around 3 January 2024, 15:00–15:59 (UTC+03:30)"


# Quotes

TWICE_TEXT = (
    "Blasts in Kerman\n"  # line 1
    "84 people were killed.\n"  # line 2
    "Later: 84 people were killed.\n"  # line 3
)


def test_quote_not_in_the_text(tmp_path: Path) -> None:
    news = (
        "outlet: News\n"  # line 1
        "title: Blasts in Kerman\n"  # line 2
        "url: https://news.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-03"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "sha256: {sha256}\n"  # line 7
        "claims:\n"  # line 8
        "  - id: news-killed\n"  # line 9
        "    question: killed\n"  # line 10
        "    value: 103\n"  # line 11
        '    quote: "103 people were killed"\n'  # line 12: the quote starts at column 12
    )
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    assert_error(
        message,
        f"{source_path('news-1')}:12:12",
        "the words '103 people were killed' are not in the text",
    )


def test_quote_matching_twice(tmp_path: Path) -> None:
    news = (
        "outlet: News\n"  # line 1
        "title: Blasts in Kerman\n"  # line 2
        "url: https://news.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-03"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "sha256: {sha256}\n"  # line 7
        "claims:\n"  # line 8
        "  - id: news-killed\n"  # line 9
        "    question: killed\n"  # line 10
        "    value: 84\n"  # line 11
        '    quote: "84 people were killed"\n'  # line 12
    )
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    assert message == (
        f"{source_path('news-1')}:12:12: error: claim 'news-killed': the words "
        "'84 people were killed' occur 2 times "
        "(lines 2, 3); add a prefix or suffix that picks one"
    )


def test_quote_with_a_prefix_picks_one(tmp_path: Path) -> None:
    news = (
        "outlet: News\n"  # line 1
        "title: Blasts in Kerman\n"  # line 2
        "url: https://news.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-03"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "sha256: {sha256}\n"  # line 7
        "claims:\n"  # line 8
        "  - id: news-killed\n"  # line 9
        "    question: killed\n"  # line 10
        "    value: 84\n"  # line 11
        "    quote:\n"  # line 12
        '      exact: "84 people were killed"\n'  # line 13
        '      prefix: "Later: "\n'  # line 14
    )
    (dossier,) = loads(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)})).dossiers
    span = dossier.claims[0].span
    assert span is not None
    assert span.start == TWICE_TEXT.index("Later: ") + len("Later: ")
    assert TWICE_TEXT[span.start : span.end] == "84 people were killed"


def test_quote_with_a_wrong_prefix(tmp_path: Path) -> None:
    news = (
        "outlet: News\n"  # line 1
        "title: Blasts in Kerman\n"  # line 2
        "url: https://news.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-03"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "sha256: {sha256}\n"  # line 7
        "claims:\n"  # line 8
        "  - id: news-killed\n"  # line 9
        "    question: killed\n"  # line 10
        "    value: 84\n"  # line 11
        "    quote:\n"  # line 12
        '      exact: "84 people were killed"\n'  # line 13: the words start at column 14
        '      prefix: "Earlier: "\n'  # line 14
    )
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    assert_error(
        message,
        f"{source_path('news-1')}:13:14",
        "the words occur 2 time(s) in the text, but never with this prefix and suffix",
    )


def test_quote_on_a_citation_only_source(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8
        "    question: killed\n"  # line 9
        "    value: 103\n"  # line 10
        '    quote: "a toll of 103"\n'  # line 11
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert message == (
        f"{source_path('wire-2')}:11:12: error: we hold no text for this source "
        "(seeds/demo/sources/wire-2.txt), so a claim cannot quote it; "
        "write a 'paraphrase' instead"
    )


def test_claim_with_neither_quote_nor_paraphrase(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8: the claim starts at column 5
        "    question: killed\n"  # line 9
        "    value: 103\n"  # line 10
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(
        message,
        f"{source_path('wire-2')}:8:5",
        "a claim needs the 'quote' that makes it, or a 'paraphrase'",
    )


def test_claim_with_both_quote_and_paraphrase(tmp_path: Path) -> None:
    news = (
        "outlet: News\n"  # line 1
        "title: Blasts in Kerman\n"  # line 2
        "url: https://news.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-03"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "sha256: {sha256}\n"  # line 7
        "claims:\n"  # line 8
        "  - id: news-killed\n"  # line 9
        "    question: killed\n"  # line 10
        "    value: 84\n"  # line 11
        '    quote: "Later: 84 people were killed"\n'  # line 12
        "    paraphrase: 84 were killed.\n"  # line 13: the paraphrase starts at column 17
    )
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    assert message == (
        f"{source_path('news-1')}:13:17: error: a claim has a 'quote' or a 'paraphrase', not both"
    )


@pytest.mark.parametrize("blank", ['""', '"   "'])
def test_blank_quote_is_refused(tmp_path: Path, blank: str) -> None:
    news = (
        "outlet: News\n"  # line 1
        "title: Blasts in Kerman\n"  # line 2
        "url: https://news.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-03"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "sha256: {sha256}\n"  # line 7
        "claims:\n"  # line 8
        "  - id: news-killed\n"  # line 9
        "    question: killed\n"  # line 10
        "    value: 84\n"  # line 11
        f"    quote: {blank}\n"  # line 12
    )
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    assert message == (
        f"{source_path('news-1')}:12:12: error: the quote is empty; "
        "copy the words that make the claim"
    )


def test_blank_exact_in_a_quote_mapping_is_refused(tmp_path: Path) -> None:
    news = (
        "outlet: News\n"  # line 1
        "title: Blasts in Kerman\n"  # line 2
        "url: https://news.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-03"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "sha256: {sha256}\n"  # line 7
        "claims:\n"  # line 8
        "  - id: news-killed\n"  # line 9
        "    question: killed\n"  # line 10
        "    value: 84\n"  # line 11
        "    quote:\n"  # line 12
        '      exact: ""\n'  # line 13
    )
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    assert_error(message, f"{source_path('news-1')}:13:14", "'exact' must be non-empty text")


def test_boilerplate_on_a_citation_only_source(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "boilerplate:\n"  # line 7
        '  - exact: "Share it:"\n'  # line 8: the list starts at column 3
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(message, f"{source_path('wire-2')}:8:3", "'boilerplate' marks parts of a text")


# The text and its sha256

NEWS = (
    "outlet: News\n"  # line 1
    "title: Blasts in Kerman\n"  # line 2
    "url: https://news.example/1\n"  # line 3
    "language: en\n"  # line 4
    'published: "2024-01-03"\n'  # line 5
    'retrieved: "2024-02-01"\n'  # line 6
    "sha256: {sha256}\n"  # line 7: the hash starts at column 9
    "claims:\n"  # line 8
    "  - id: news-killed\n"  # line 9
    "    question: killed\n"  # line 10
    "    value: 84\n"  # line 11
    '    quote: "Later: 84 people were killed"\n'  # line 12
)


def test_the_news_source_is_valid(tmp_path: Path) -> None:
    (dossier,) = loads(write_dossier(tmp_path, sources={"news-1": (NEWS, TWICE_TEXT)})).dossiers
    assert dossier.sources[0].text == TWICE_TEXT


def test_sha256_mismatch_after_one_byte_changed(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path, sources={"news-1": (NEWS, TWICE_TEXT)})
    text_file = seeds / "demo" / "sources" / "news-1.txt"
    recorded = hashlib.sha256(text_file.read_bytes()).hexdigest()
    changed = text_file.read_bytes().replace(b"Blasts", b"blasts")
    text_file.write_bytes(changed)
    actual = hashlib.sha256(changed).hexdigest()
    message = the_error(seeds)
    assert_error(
        message,
        f"{source_path('news-1')}:7:9",
        f"seeds/demo/sources/news-1.txt has sha256 {actual}, not the recorded {recorded}: "
        "the text was changed",
    )


def test_missing_sha256_suggests_the_real_hash(tmp_path: Path) -> None:
    news = NEWS.replace("sha256: {sha256}\n", "")
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    real = hashlib.sha256(TWICE_TEXT.encode()).hexdigest()
    # No sha256 value to point at: the error is at the start of the source's mapping.
    assert message == (
        f"{source_path('news-1')}:1:1: error: a source with a text needs 'sha256: {real}'"
    )


def test_malformed_sha256(tmp_path: Path) -> None:
    news = NEWS.replace("{sha256}", hashlib.sha256(TWICE_TEXT.encode()).hexdigest().upper())
    message = the_error(write_dossier(tmp_path, sources={"news-1": (news, TWICE_TEXT)}))
    assert_error(
        message, f"{source_path('news-1')}:7:9", "'sha256' must be 64 lowercase hexadecimal"
    )


def test_sha256_without_a_text_file(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        f"sha256: {'ab' * 32}\n"  # line 7: the hash starts at column 9
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(
        message,
        f"{source_path('wire-2')}:7:9",
        "a sha256 is recorded but seeds/demo/sources/wire-2.txt does not exist",
    )


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path, sources={"news-1": (NEWS, TWICE_TEXT)})
    text_file = seeds / "demo" / "sources" / "news-1.txt"
    data = b"Blasts in Kerman\nLater: 84 people were \xe9killed.\n"
    text_file.write_bytes(data)
    annotation = seeds / "demo" / "sources" / "news-1.yml"
    recorded = hashlib.sha256(TWICE_TEXT.encode()).hexdigest()
    annotation.write_text(
        annotation.read_text().replace(recorded, hashlib.sha256(data).hexdigest())
    )
    message = the_error(seeds)
    assert message == (
        "seeds/demo/sources/news-1.txt:2:23: error: the file is not valid UTF-8 (byte 0xe9); "
        "save it as UTF-8"
    )


# Times and addresses


@pytest.mark.parametrize(
    ("start", "phrase"),
    [
        ('"2024-13-01"', "'2024-13-01' is not a real date or time"),
        ('"2024-02-30"', "'2024-02-30' is not a real date or time"),
        ('"03/01/2024"', "'03/01/2024' is not a time; write YYYY, YYYY-MM, YYYY-MM-DD"),
        ('"2024-01"', "'start' must be a date written YYYY-MM-DD"),
        ("2024", 'a time must be text such as "2024-01-03"'),
    ],
)
def test_malformed_start_date(tmp_path: Path, start: str, phrase: str) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        f"start: {start}\n"  # line 3: the value starts at column 8
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert_error(message, f"{DOSSIER}:3:8", phrase)


def test_unquoted_date_is_read_as_a_date(tmp_path: Path) -> None:
    dossier_yml = "title: Demo\nsummary: A test.\nstart: 2024-01-03\n"
    (dossier,) = loads(write_dossier(tmp_path, dossier_yml, {})).dossiers
    assert dossier.start.iso() == "2024-01-03"


def test_clock_time_without_offset(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "events:\n"  # line 4
        "  - id: blast\n"  # line 5
        '    time: "2024-01-03T15:00"\n'  # line 6: the time starts at column 11
        "    title: The blast\n"  # line 7
        "  - id: second-blast\n"  # line 8
        '    time: {at: "2024-01-03T15:10", approximate: true}\n'  # line 9: 'at' at column 16
        "    title: The second blast\n"  # line 10
    )
    found = diagnostics(write_dossier(tmp_path, dossier_yml, {}))
    assert len(found) == 2, found
    assert_error(found[0], f"{DOSSIER}:6:11", "gives a clock time without a UTC offset")
    assert_error(found[1], f"{DOSSIER}:9:16", "gives a clock time without a UTC offset")


def test_clock_time_with_timezone_unknown_is_accepted(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"
        "title: Kerman toll\n"
        "url: https://wire.example/2\n"
        "language: en\n"
        'published: {at: "2024-01-04T15:53", timezone: unknown}\n'
        'retrieved: "2024-02-01"\n'
    )
    (dossier,) = loads(write_dossier(tmp_path, sources={"wire-2": (wire, None)})).dossiers
    published = dossier.sources[0].published
    assert published is not None
    assert published.utc_offset is None
    assert published.label() == "4 January 2024, 15:53 (timezone unknown)"


def test_timezone_other_than_unknown(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: en\n"  # line 4
        'published: {at: "2024-01-04T15:53", timezone: "+03:30"}\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
    )
    found = diagnostics(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(found[0], f"{source_path('wire-2')}:5:17", "gives a clock time without")
    assert_error(found[1], f"{source_path('wire-2')}:5:47", "'timezone' can only be 'unknown'")
    assert len(found) == 2


def test_published_unknown(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"
        "title: Kerman toll\n"
        "url: https://wire.example/2\n"
        "language: en\n"
        "published: unknown\n"
        'retrieved: "2024-02-01"\n'
    )
    (dossier,) = loads(write_dossier(tmp_path, sources={"wire-2": (wire, None)})).dossiers
    assert dossier.sources[0].published is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://wire.example/2",
        "//wire.example/2",
        "wire.example/2",
        '"https://wire.example/a b"',
        'https://wire.example/"onmouseover=alert(1)',
        '"https://wire.example/<script>"',
        '" https://wire.example/2"',
        "https:wire.example",
    ],
)
def test_url_must_be_http(tmp_path: Path, url: str) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        f"url: {url}\n"  # line 3: the address starts at column 6
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert message == (
        f"{source_path('wire-2')}:3:6: error: 'url' must be an http:// or https:// address"
    )


@pytest.mark.parametrize(
    "url",
    ["HTTPS://WIRE.EXAMPLE/2", "Http://wire.example/2", "https://wire.example/l'attentat?q='x'"],
)
def test_an_upper_case_scheme_and_an_apostrophe_are_accepted(tmp_path: Path, url: str) -> None:
    wire = DEFAULT_SOURCES["wire-2"][0].replace("url: https://wire.example/2", f'url: "{url}"')
    (dossier,) = loads(write_dossier(tmp_path, sources={"wire-2": (wire, None)})).dossiers
    assert [source.url for source in dossier.sources] == [url]


def test_archive_url_must_be_http(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "archive_url: data:text/html,hi\n"  # line 4: the address starts at column 14
        "language: en\n"  # line 5
        'published: "2024-01-04"\n'  # line 6
        'retrieved: "2024-02-01"\n'  # line 7
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(message, f"{source_path('wire-2')}:4:14", "'archive_url' must be an http://")


def test_bad_language_tag(tmp_path: Path) -> None:
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/2\n"  # line 3
        "language: English\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
    )
    message = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert_error(message, f"{source_path('wire-2')}:4:11", "'English' is not a language tag")


# Dependencies, grades, reviews and tags

WIRE_WITH_SOURCE_KEY = (
    "outlet: Wire\n"  # line 1
    "title: Kerman toll\n"  # line 2
    "url: https://wire.example/2\n"  # line 3
    "language: en\n"  # line 4
    'published: "2024-01-04"\n'  # line 5
    'retrieved: "2024-02-01"\n'  # line 6
    "KEY\n"  # line 7
    "claims:\n"  # line 8
    "  - id: wire-killed\n"  # line 9
    "    question: killed\n"  # line 10
    "    value: 103\n"  # line 11
    "    paraphrase: The wire put the toll at 103.\n"  # line 12
)


def wire_with(key: str) -> dict[str, tuple[str, str | None]]:
    """The default sources, with ``key`` written on line 7 of wire-2."""
    return {
        "news-1": DEFAULT_SOURCES["news-1"],
        "wire-2": (WIRE_WITH_SOURCE_KEY.replace("KEY", key), None),
    }


@pytest.mark.parametrize(
    ("depends_on", "origin"), [("minister", "entity:minister"), ("news-1", "source:news-1")]
)
def test_depends_on_an_entity_or_another_source(
    tmp_path: Path, depends_on: str, origin: str
) -> None:
    (dossier,) = loads(
        write_dossier(tmp_path, sources=wire_with(f"depends_on: {depends_on}"))
    ).dossiers
    wire = dossier.source("wire-2")
    assert wire.depends_on == depends_on
    assert dossier.source("news-1").depends_on is None
    # The wire speaks for itself: its claim comes from what it depends on.
    assert Voices(dossier).origin(wire.claims[0]) == origin


@pytest.mark.parametrize("depends_on", ["irna", "killed", "blast", "wire"])
def test_depends_on_must_name_an_entity_or_a_source(tmp_path: Path, depends_on: str) -> None:
    # A question or an event id is neither; nor is an outlet's name.
    message = the_error(write_dossier(tmp_path, sources=wire_with(f"depends_on: {depends_on}")))
    assert message == (
        f"{source_path('wire-2')}:7:13: error: unknown entity or source {depends_on!r}; "
        "name an entity of dossier.yml or another source of this dossier"
    )


@pytest.mark.parametrize("grade", ["A", "C", "F"])
def test_reliability_grade(tmp_path: Path, grade: str) -> None:
    seeds = write_dossier(tmp_path, sources=wire_with(f"reliability: {grade}"))
    (dossier,) = loads(seeds).dossiers
    assert dossier.source("wire-2").reliability == grade
    assert dossier.source("news-1").reliability is None


@pytest.mark.parametrize("grade", ["G", "b", "AB", '"A "'])
def test_reliability_must_be_a_grade_from_a_to_f(tmp_path: Path, grade: str) -> None:
    message = the_error(write_dossier(tmp_path, sources=wire_with(f"reliability: {grade}")))
    assert message == (
        f"{source_path('wire-2')}:7:14: error: 'reliability' is a grade from A to F "
        "(see the legend)"
    )


WIRE_WITH_CLAIM_KEYS = (
    "outlet: Wire\n"  # line 1
    "title: Kerman toll\n"  # line 2
    "url: https://wire.example/2\n"  # line 3
    "language: en\n"  # line 4
    'published: "2024-01-04"\n'  # line 5
    'retrieved: "2024-02-01"\n'  # line 6
    "claims:\n"  # line 7
    "  - id: wire-killed\n"  # line 8
    "    question: killed\n"  # line 9
    "    value: 103\n"  # line 10
    "    paraphrase: The wire put the toll at 103.\n"  # line 11
)
"""A citation-only source; a test adds claim keys from line 12, indented by 4."""


def claim_keys(*lines: str) -> dict[str, tuple[str, str | None]]:
    return {"wire-2": (WIRE_WITH_CLAIM_KEYS + "".join(f"    {line}\n" for line in lines), None)}


@pytest.mark.parametrize("grade", [1, 6])
def test_credibility_grade(tmp_path: Path, grade: int) -> None:
    (dossier,) = loads(
        write_dossier(tmp_path, sources=claim_keys(f"credibility: {grade}"))
    ).dossiers
    assert dossier.claims[0].credibility == grade


@pytest.mark.parametrize("grade", ["0", "7", '"2"', "true", "2.5", "B"])
def test_credibility_must_be_a_grade_from_1_to_6(tmp_path: Path, grade: str) -> None:
    message = the_error(write_dossier(tmp_path, sources=claim_keys(f"credibility: {grade}")))
    assert message == (
        f"{source_path('wire-2')}:12:18: error: 'credibility' is a grade from 1 to 6 "
        "(see the legend)"
    )


REVIEW_LINES = {
    "rating": "  rating: 1",  # line 13: the value at column 15
    "worst": "  worst: 1",  # line 14: column 14
    "best": "  best: 5",  # line 15: column 13
    "label": '  label: "False"',  # line 16: column 14
    "date": '  date: "2024-01-10"',  # line 17: column 13
}


def review(**changes: str | None) -> dict[str, tuple[str, str | None]]:
    """A claim with ``review:`` on line 12 and its keys from line 13; ``changes``
    replaces a key's line, or removes it when ``None``."""
    lines = {**REVIEW_LINES, **changes}
    return claim_keys("review:", *(line for line in lines.values() if line is not None))


def test_a_review_is_read(tmp_path: Path) -> None:
    sources = review(explanation="  explanation: Later counts differ.")
    (dossier,) = loads(write_dossier(tmp_path, sources=sources)).dossiers
    assert dossier.claims[0].review == Review(
        rating=1,
        best=5,
        worst=1,
        label="False",
        date=parse_time("2024-01-10"),
        explanation="Later counts differ.",
    )
    assert dossier.claims[0].credibility is None


def test_best_must_be_greater_than_worst(tmp_path: Path) -> None:
    message = the_error(write_dossier(tmp_path, sources=review(best="  best: 1")))
    assert message == f"{source_path('wire-2')}:15:13: error: 'best' must be greater than 'worst'"


def test_best_below_worst_is_refused(tmp_path: Path) -> None:
    sources = review(worst="  worst: 5", best="  best: 1", rating="  rating: 3")
    message = the_error(write_dossier(tmp_path, sources=sources))
    assert message == f"{source_path('wire-2')}:15:13: error: 'best' must be greater than 'worst'"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"rating": "  rating: 6"}, "13:15: error: 'rating' must lie between 'worst' and 'best'"),
        ({"rating": "  rating: 0"}, "13:15: error: 'rating' must lie between 'worst' and 'best'"),
        ({"rating": "  rating: 1.5"}, "13:15: error: 'rating' must be a whole number"),
        (
            {"best": "  best: " + "9" * 310},
            "15:13: error: 'best' is too large: write a number between -1e15 and 1e15",
        ),
        ({"worst": "  worst: true"}, "14:14: error: 'worst' must be a whole number"),
        ({"best": '  best: "5"'}, "15:13: error: 'best' must be a whole number"),
        (
            {"date": "  date: January"},
            "17:13: error: 'January' is not a time; write YYYY, YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM+HH:MM (a clock time needs its UTC offset)",
        ),
        ({"date": '  date: "2024-01"'}, "17:13: error: 'date' must be a date written YYYY-MM-DD"),
        ({"date": None}, "13:7: error: a review needs 'date'; add it"),
        ({"rating": None}, "13:7: error: a review needs 'rating'; add it"),
        (
            {"score": "  score: 1"},
            "18:7: error: unknown key 'score' in a review; expected one of: rating, best, "
            "worst, label, date, explanation",
        ),
    ],
)
def test_invalid_review(tmp_path: Path, changes: dict[str, str | None], expected: str) -> None:
    message = the_error(write_dossier(tmp_path, sources=review(**changes)))
    assert message == f"{source_path('wire-2')}:{expected}"


def test_review_must_be_a_mapping(tmp_path: Path) -> None:
    message = the_error(write_dossier(tmp_path, sources=claim_keys("review: mostly false")))
    assert message == (
        f"{source_path('wire-2')}:12:13: error: 'review' must be a mapping with rating, best, "
        "worst, label, date"
    )


def test_tags_are_read_and_a_number_is_not_a_tag(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "tags: [iran, mass-casualties, 2024]\n"  # line 4
    )
    with pytest.raises(DossierError) as caught:
        load_project(write_dossier(tmp_path, dossier_yml, {}))
    # 2024 is a number to YAML: not text, so not a tag either.
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{DOSSIER}:4:31: error: each item of 'tags' must be text"
    ]
    dossier_yml = dossier_yml.replace(", 2024]", "]")
    (dossier,) = loads(write_dossier(tmp_path / "ok", dossier_yml, {})).dossiers
    assert dossier.tags == ("iran", "mass-casualties")


@pytest.mark.parametrize("tag", ["Iran", "mass casualties", "terror/attack", "-iran"])
def test_a_tag_that_is_not_an_id(tmp_path: Path, tag: str) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        f'tags: [iran, "{tag}"]\n'  # line 4: the second tag at column 14
    )
    message = the_error(write_dossier(tmp_path, dossier_yml, {}))
    assert message == (
        f"{DOSSIER}:4:14: error: the tag {tag!r} is not an id (lowercase letters, digits and "
        "hyphens, starting with a letter or digit, at most 80)"
    )


def test_a_bad_tag_is_reported_with_a_missing_title(tmp_path: Path) -> None:
    dossier_yml = (
        "summary: A test.\n"  # line 1
        'start: "2024-01-03"\n'  # line 2
        "tags: [Iran]\n"  # line 3
    )
    assert [
        m.split(": error: ")[0] for m in diagnostics(write_dossier(tmp_path, dossier_yml, {}))
    ] == [
        f"{DOSSIER}:1:1",
        f"{DOSSIER}:3:8",
    ]


def test_grade_errors_are_reported_with_an_unknown_question(tmp_path: Path) -> None:
    sources = claim_keys("credibility: 9")
    sources["wire-2"] = (sources["wire-2"][0].replace("question: killed", "question: deaths"), None)
    assert [
        m.split(": error: ")[0] for m in diagnostics(write_dossier(tmp_path, sources=sources))
    ] == [
        f"{source_path('wire-2')}:9:15",
        f"{source_path('wire-2')}:12:18",
    ]


# Files and folders


def test_text_without_annotation(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / "demo" / "sources" / "orphan.txt").write_text("Some words.\n")
    message = the_error(seeds)
    assert message == (
        "seeds/demo/sources/orphan.txt:1:1: error: this text has no annotation; "
        "add orphan.yml beside it"
    )


DOSSIER_FOLDER_HOLDS = (
    "a dossier folder holds only the file dossier.yml and the folder sources/; "
    "move it out of the seeds folder or remove it"
)


def test_folder_without_dossier_yml(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / "notes").mkdir()
    (seeds / "notes" / "todo.txt").write_text("later\n")
    assert diagnostics(seeds) == [
        "seeds/notes:1:1: error: the folder has no dossier.yml; add one or remove the folder",
        f"seeds/notes/todo.txt:1:1: error: unexpected file: {DOSSIER_FOLDER_HOLDS}",
    ]


def test_a_folder_named_dossier_yml_is_not_a_dossier_file(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / "notes" / "dossier.yml").mkdir(parents=True)
    assert the_error(seeds) == (
        f"seeds/notes/dossier.yml:1:1: error: unexpected folder: {DOSSIER_FOLDER_HOLDS}"
    )


UNEXPECTED_FILE = (
    "unexpected file: sources/ holds <id>.yml annotations, <id>.txt texts and "
    "<id>.html saved pages; rename or remove it"
)


@pytest.mark.parametrize("name", ["news-1.yaml", "notes.md", "wire-2.TXT", "README"])
def test_unexpected_file_in_sources(tmp_path: Path, name: str) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / "demo" / "sources" / name).write_text("stray\n")
    assert the_error(seeds) == f"seeds/demo/sources/{name}:1:1: error: {UNEXPECTED_FILE}"


def test_saved_html_pages_and_hidden_files_are_allowed_in_sources(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / "demo" / "sources" / "news-1.html").write_text("<p>Blasts in Kerman</p>\n")
    (seeds / "demo" / "sources" / ".DS_Store").write_bytes(b"\x00")
    (dossier,) = loads(seeds).dossiers
    assert [source.id for source in dossier.sources] == ["news-1", "wire-2"]


def test_empty_source_file(tmp_path: Path) -> None:
    message = the_error(write_dossier(tmp_path, sources={"wire-2": ("# nothing yet\n", None)}))
    assert message == f"{source_path('wire-2')}:1:1: error: a source file must be a mapping of keys"


def test_dossier_yml_that_is_a_list(tmp_path: Path) -> None:
    message = the_error(write_dossier(tmp_path, "- title: Demo\n", {}))
    assert_error(message, f"{DOSSIER}:1:1", "dossier.yml must be a mapping of keys")


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the working folder, for symbolic links to point at."""
    return tmp_path_factory.mktemp("outside")


def test_symlinked_source_file_is_refused(tmp_path: Path, outside: Path) -> None:
    seeds = write_dossier(tmp_path)
    target = outside / "extra.yml"
    target.write_text(DEFAULT_SOURCES["wire-2"][0].replace("wire-killed", "extra-killed"))
    (seeds / "demo" / "sources" / "extra.yml").symlink_to(target)
    # Loaded through a relative path: see test_symlink_error_names_the_link for why.
    message = the_error(Path("seeds"))
    assert message == (
        "seeds/demo/sources/extra.yml:1:1: error: symbolic links are not followed; "
        "put the file itself in the seeds folder"
    )


def test_symlinked_dossier_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    seeds = write_dossier(tmp_path)
    other = write_dossier(outside) / "demo"
    (seeds / "other").symlink_to(other, target_is_directory=True)
    assert_error(the_error(Path("seeds")), "seeds/other:1:1", "symbolic links are not followed")


def test_symlinked_dossier_yml_is_refused(tmp_path: Path, outside: Path) -> None:
    seeds = write_dossier(tmp_path)
    linked = seeds / "demo" / "dossier.yml"
    target = outside / "dossier.yml"
    target.write_bytes(linked.read_bytes())
    linked.unlink()
    linked.symlink_to(target)
    # The link is refused, and without it the folder has no dossier.yml.
    assert diagnostics(Path("seeds")) == [
        "seeds/demo:1:1: error: the folder has no dossier.yml; add one or remove the folder",
        f"{DOSSIER}:1:1: error: symbolic links are not followed; "
        "put the file itself in the seeds folder",
    ]


def test_symlinked_sources_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    seeds = write_dossier(tmp_path)
    sources = seeds / "demo" / "sources"
    sources.rename(outside / "sources")
    sources.symlink_to(outside / "sources", target_is_directory=True)
    # Nothing in the linked folder is read, not even a broken file: the only error is the link.
    (outside / "sources" / "wire-2.yml").write_text("outlet: [\n")
    assert the_error(Path("seeds")) == (
        "seeds/demo/sources:1:1: error: symbolic links are not followed; "
        "put the file itself in the seeds folder"
    )


@pytest.mark.parametrize("absolute", [False, True])
def test_symlink_error_names_the_link(tmp_path: Path, outside: Path, absolute: bool) -> None:
    seeds = write_dossier(tmp_path)
    text = seeds / "demo" / "sources" / "news-1.txt"
    kept = (outside if absolute else tmp_path) / "kept.txt"
    text.rename(kept)
    text.symlink_to(kept)
    found = diagnostics(seeds if absolute else Path("seeds"))
    # The link, not its target, and relative to the working folder however the seeds
    # folder was given; the source is then read as one whose text is missing.
    assert found[0] == (
        "seeds/demo/sources/news-1.txt:1:1: error: symbolic links are not followed; "
        "put the file itself in the seeds folder"
    )
    assert [message.split(": error: ")[0] for message in found] == [
        "seeds/demo/sources/news-1.txt:1:1",
        f"{source_path('news-1')}:7:9",
        f"{source_path('news-1')}:13:12",
    ]
    assert "kept.txt" not in "\n".join(found)


def test_names_differing_only_by_case(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    sources = seeds / "demo" / "sources"
    (sources / "News-1.yml").write_bytes((sources / "news-1.yml").read_bytes())
    found = diagnostics(seeds)
    # "News-1.yml" sorts first; the lowercase file is the one reported as the clash.
    assert (
        "seeds/demo/sources/news-1.yml:1:1: error: the name differs from 'News-1.yml' only by "
        "case; rename one of them"
    ) in found
    assert any(m.startswith("seeds/demo/sources/News-1.yml:1:1: error: the name") for m in found)


def test_dossier_folders_differing_only_by_case(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path)
    (seeds / "demo").rename(seeds / "Demo")
    (write_dossier(tmp_path / "again") / "demo").rename(seeds / "demo")
    found = diagnostics(seeds)
    assert (
        "seeds/demo:1:1: error: the name differs from 'Demo' only by case; rename one of them"
        in found
    )


# All at once


def test_all_errors_are_reported_at_once_and_sorted(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1
        "summary: A test.\n"  # line 2
        'start: "2024-01-03"\n'  # line 3
        "questions:\n"  # line 4
        "  - id: killed\n"  # line 5
        "    wording: How many were killed?\n"  # line 6
        "    kind: number\n"  # line 7
        "    unit: people\n"  # line 8
        "colour: red\n"  # line 9
    )
    wire = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: javascript:alert(1)\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "claims:\n"  # line 7
        "  - id: wire-killed\n"  # line 8
        "    question: killed\n"  # line 9
        "    value: 103\n"  # line 10
        "    paraphrase: The wire put the toll at 103.\n"  # line 11
    )
    seeds = write_dossier(tmp_path, dossier_yml, {"wire-2": (wire, None)})
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    found = [str(d) for d in caught.value.diagnostics]
    assert [message.split(": error: ")[0] for message in found] == [
        f"{DOSSIER}:9:1",
        f"{source_path('wire-2')}:3:6",
    ]
    assert "unknown key 'colour'" in found[0]
    assert "'url' must be an http:// or https:// address" in found[1]
    assert caught.value.report().endswith("\n2 errors found.")


def test_errors_in_one_file_are_in_line_order(tmp_path: Path) -> None:
    dossier_yml = (
        "title: Demo\n"  # line 1: the missing 'summary' is reported here, last found
        'start: "2024-01-03"\n'  # line 2
        "entities:\n"  # line 3
        "  - id: Kerman\n"  # line 4: found first
        "    name: Kerman\n"  # line 5
        "    kind: place\n"  # line 6
    )
    found = diagnostics(write_dossier(tmp_path, dossier_yml, {}))
    assert [message.split(": error: ")[0] for message in found] == [
        f"{DOSSIER}:1:1",
        f"{DOSSIER}:4:9",
    ]


def test_empty_source_file_is_reported_with_other_errors(tmp_path: Path) -> None:
    broken = (
        "outlet: Wire\n"  # line 1
        "title: Kerman toll\n"  # line 2
        "url: https://wire.example/1\n"  # line 3
        "language: en\n"  # line 4
        'published: "2024-01-04"\n'  # line 5
        'retrieved: "2024-02-01"\n'  # line 6
        "colour: red\n"  # line 7
    )
    sources = {"aaa": (broken, None), "bbb": ("", None)}
    found = diagnostics(write_dossier(tmp_path, sources=sources))
    assert [message.split(": error: ")[0] for message in found] == [
        f"{source_path('aaa')}:7:1",
        f"{source_path('bbb')}:1:1",
    ]
    assert found[1] == f"{source_path('bbb')}:1:1: error: a source file must be a mapping of keys"


def test_empty_dossier_yml_is_reported_with_other_errors(tmp_path: Path) -> None:
    sources = {"wire-2": ("outlet: [\n", None)}
    found = diagnostics(write_dossier(tmp_path, "", sources))
    assert [message.split(": error: ")[0] for message in found] == [
        f"{DOSSIER}:1:1",
        f"{source_path('wire-2')}:2:1",
    ]
    assert found[0] == f"{DOSSIER}:1:1: error: dossier.yml must be a mapping of keys (title, ...)"
    assert found[1].startswith(f"{source_path('wire-2')}:2:1: error: invalid YAML: ")


def test_a_file_that_is_not_yaml_is_not_also_called_empty(tmp_path: Path) -> None:
    # An unreadable file has its YAML error, and no second "must be a mapping" error.
    message = the_error(write_dossier(tmp_path, sources={"wire-2": ("outlet: [\n", None)}))
    assert message.startswith(f"{source_path('wire-2')}:2:1: error: invalid YAML: "), message


def test_an_unreadable_dossier_yml_is_not_also_called_empty(tmp_path: Path) -> None:
    sources = {"wire-2": ("outlet: [\n", None)}
    found = diagnostics(write_dossier(tmp_path, "title: [\n", sources))
    assert [message.split(": error: ")[0] for message in found] == [
        f"{DOSSIER}:2:1",
        f"{source_path('wire-2')}:2:1",
    ]
    assert all(": error: invalid YAML: " in message for message in found), found


def test_readable_records_whether_a_file_could_be_read(tmp_path: Path) -> None:
    sources = {
        "broken": ("outlet: [\n", None),
        "empty": ("# nothing yet\n", None),
        "wire-2": DEFAULT_SOURCES["wire-2"],
    }
    seeds = write_dossier(tmp_path, "", sources)
    sink = DiagnosticSink()
    (raw,) = read_seeds(seeds, sink)
    # An empty dossier.yml is read (as nothing); its problem is for validation to report.
    assert (raw.readable, raw.document) == (True, None)
    assert [(s.id, s.readable, s.annotation is None) for s in raw.sources] == [
        ("broken", False, True),
        ("empty", True, True),
        ("wire-2", True, False),
    ]
    assert [str(d).split(": error: ")[0] for d in sink.diagnostics] == [
        f"{source_path('broken')}:2:1"
    ]


# Contested stories: approximate numbers, vague times, relations, hedges, evidence, clock

WIRE_CLAIM = (
    WIRE_HEAD
    + "    paraphrase: The wire gave a toll.\n"  # line 10
    + "    EXTRA\n"  # line 11: the key starts at column 5
)


def claim_with(tmp_path: Path, extra: str) -> Path:
    return write_dossier(tmp_path, sources={"wire-2": (WIRE_CLAIM.replace("EXTRA", extra), None)})


@pytest.mark.parametrize(
    ("as_of", "start", "end"),
    [
        ('{at: "2024-01-05", until: "2024-01-06"}', (2024, 1, 5, 0), (2024, 1, 7, 0)),
        ('{at: "2024", after: "2024-01-10"}', (2024, 1, 11, 0), (2025, 1, 1, 0)),
        ('{at: "2024", after: "2024-01-10", before: "2024-07"}', (2024, 1, 11, 0), (2024, 7, 1, 0)),
        ('{at: "2024-01-09", part: late}', (2024, 1, 9, 16), (2024, 1, 10, 0)),
        ('{at: "2024-01-09", part: night}', (2024, 1, 9, 20), (2024, 1, 10, 6)),
    ],
)
def test_vague_times_stand_for_their_interval(
    tmp_path: Path, as_of: str, start: tuple[int, ...], end: tuple[int, ...]
) -> None:
    seeds = claim_with(tmp_path, f"as_of: {as_of}\n    value: 84")
    (dossier,) = loads(seeds).dossiers
    time = dossier.claims[0].as_of
    assert time is not None and time.vague
    assert time.bounds() == (datetime(*start), datetime(*end))


@pytest.mark.parametrize(
    ("extra", "where", "message"),
    [
        (
            'as_of: {at: "2024", part: night}\n    value: 84',
            "11:31",
            "'part' of a day goes with a date",
        ),
        (
            'as_of: {at: "2024-01-05T10:00+03:30", until: "2024-01-05T12:00Z"}\n    value: 84',
            "11:50",
            "write 'until' with the same UTC offset as 'at'",
        ),
        (
            'as_of: {at: "2024-01-05", until: "2024-01-04"}\n    value: 84',
            "11:38",
            "'until' is the end of the interval; it cannot begin before 'at'",
        ),
        (
            'as_of: {at: "2024-01", after: "2024-02"}\n    value: 84',
            "11:35",
            "'after' and 'before' leave no time within January 2024; check them",
        ),
        ("relation: disputes\n    value: 84", "12:12", "a claim has a 'value' or a 'relation'"),
        ("target: news-killed\n    value: 84", "11:13", "'target' goes with a 'relation'"),
        (
            "relation: rebuts",
            "11:15",
            "'relation' must be one of disputes, denies, doubts, supports",
        ),
        ("relation: disputes\n    target: nothing", "12:13", "unknown claim 'nothing'"),
        ("relation: disputes\n    target: wire-killed", "12:13", "a claim cannot concern itself"),
        ("hedge: surely\n    value: 84", "11:12", "'surely' is not a hedge; write one of probably"),
    ],
)
def test_contested_story_fields_report_where_and_what_to_do(
    tmp_path: Path, extra: str, where: str, message: str
) -> None:
    error = the_error(claim_with(tmp_path, extra))
    assert error.startswith(f"{source_path('wire-2')}:{where}: error: "), error
    assert message in error, error


def test_a_relation_concerns_a_claim_on_its_own_question(tmp_path: Path) -> None:
    dossier_yml = DOSSIER_YML_WITH_EVIDENCE.replace("EVIDENCE", "[news-killed]")
    news = DEFAULT_SOURCES["news-1"]
    wire = WIRE_CLAIM.replace("question: killed", "question: method").replace(
        "EXTRA", "relation: denies\n    target: news-killed"
    )
    error = the_error(
        write_dossier(tmp_path, dossier_yml, {"news-1": news, "wire-2": (wire, None)})
    )
    assert "claim 'news-killed' answers 'killed', not 'method'" in error


DOSSIER_YML_WITH_EVIDENCE = DOSSIER_YML.replace(
    "    title: The blast\n", "    title: The blast\n    evidence: EVIDENCE\n"
)


def test_events_cite_claims_and_sources(tmp_path: Path) -> None:
    seeds = write_dossier(
        tmp_path, DOSSIER_YML_WITH_EVIDENCE.replace("EVIDENCE", "[news-killed, wire-2]")
    )
    (dossier,) = loads(seeds).dossiers
    assert dossier.events[0].evidence == ("news-killed", "wire-2")


def test_unknown_evidence_is_reported(tmp_path: Path) -> None:
    seeds = write_dossier(tmp_path, DOSSIER_YML_WITH_EVIDENCE.replace("EVIDENCE", "[nowhere]"))
    error = the_error(seeds)
    assert error.startswith("seeds/demo/dossier.yml:"), error
    assert (
        "unknown claim or source 'nowhere'; evidence names the id of a claim or a source" in error
    )


def test_the_timezone_is_an_iana_name(tmp_path: Path) -> None:
    good = write_dossier(tmp_path / "good", DOSSIER_YML + "timezone: Asia/Tehran\n")
    (dossier,) = loads(good).dossiers
    assert dossier.timezone == "Asia/Tehran"
    error = the_error(write_dossier(tmp_path / "bad", DOSSIER_YML + "timezone: +03:30\n"))
    assert "'+03:30' is not an IANA timezone name; write one such as Asia/Tehran" in error


def test_an_unnamed_speaker_and_hedges(tmp_path: Path) -> None:
    seeds = claim_with(tmp_path, "speaker: unknown\n    hedge: [probably, low-end]\n    value: 84")
    (dossier,) = loads(seeds).dossiers
    (claim,) = dossier.claims
    assert claim.unnamed_speaker and claim.speaker_id is None
    assert claim.hedge_label == "probably, at the low end of its range"


# Who is really speaking: roles, ties and relays; labels, languages and units.

ENTITIES_WITH = DOSSIER_YML + "  - {id: front, name: Vale Front, kind: organisation}\n"


def test_roles_ties_and_labels_are_read(tmp_path: Path) -> None:
    dossier_yml = ENTITIES_WITH.replace(
        "    name: The Minister\n    kind: person\n",
        "    name: The Minister\n    kind: person\n    role: Health Minister\n"
        "    speaks_for: front\n",
    ).replace("choices: [bags, bombers]", "choices: [{id: bags, label: Bags left}, bombers]")
    (dossier,) = loads(write_dossier(tmp_path, dossier_yml)).dossiers
    minister = dossier.entity("minister")
    assert minister.label == "The Minister, Health Minister"
    assert minister.tie == Tie(TieKind.SPEAKS_FOR, "front")
    method = dossier.question("method")
    assert method.choices == ("bags", "bombers")
    assert method.choice_labels == ("Bags left", "bombers")


@pytest.mark.parametrize(
    ("entity", "phrase"),
    [
        ("speaks_for: nobody", "unknown entity 'nobody'; add it under 'entities'"),
        ("speaks_for: minister", "an entity cannot be tied to itself"),
        ("speaks_for: kerman", "'kerman' is a place, which has no voice"),
        ("speaks_for: front\n    part_of: front", "an entity has one tie, not both"),
    ],
)
def test_a_bad_tie_is_reported_where_it_is_written(
    tmp_path: Path, entity: str, phrase: str
) -> None:
    dossier_yml = ENTITIES_WITH.replace(
        "    name: The Minister\n    kind: person\n",
        f"    name: The Minister\n    kind: person\n    {entity}\n",
    )
    error = the_error(write_dossier(tmp_path, dossier_yml))
    written = entity.splitlines()[-1].strip()
    line = dossier_yml.splitlines().index(f"    {written}") + 1
    column = len("    ") + len(written.split(":")[0]) + len(": ") + 1
    assert_error(error, f"{DOSSIER}:{line}:{column}", phrase)


def test_a_place_has_no_tie_and_ties_go_round_in_no_circle(tmp_path: Path) -> None:
    place = DOSSIER_YML.replace("    kind: place\n", "    kind: place\n    part_of: minister\n", 1)
    assert "a place has no voice" in the_error(write_dossier(tmp_path / "place", place))
    circle = ENTITIES_WITH.replace(
        "    name: The Minister\n    kind: person\n",
        "    name: The Minister\n    kind: person\n    speaks_for: front\n",
    ).replace(
        "{id: front, name: Vale Front, kind: organisation}",
        "{id: front, name: Vale Front, kind: organisation, part_of: minister}",
    )
    error = the_error(write_dossier(tmp_path / "circle", circle))
    assert "the ties go round in a circle (minister → front → minister)" in error


@pytest.mark.parametrize(
    ("extra", "phrase"),
    [
        ("value: 84\n    relay: [nobody]", "unknown entity or source 'nobody'"),
        ("value: 84\n    relay: [wire-2]", "the claim's own source is not a relay"),
        ("value: 84\n    speaker: minister\n    relay: [minister]", "'minister' is the speaker"),
        ("value: 84\n    relay: [kerman, kerman]", "'kerman' is listed twice in the relay"),
    ],
)
def test_a_bad_relay_is_reported(tmp_path: Path, extra: str, phrase: str) -> None:
    assert phrase in the_error(claim_with(tmp_path, extra))


def test_a_relay_is_read(tmp_path: Path) -> None:
    wire = WIRE_CLAIM.replace("EXTRA", "value: 84\n    speaker: unknown\n    relay: [news-1]")
    seeds = write_dossier(tmp_path, sources={**DEFAULT_SOURCES, "wire-2": (wire, None)})
    (dossier,) = loads(seeds).dossiers
    claim = dossier.source("wire-2").claims[0]
    assert claim.relay == ("news-1",)
    assert Voices(dossier).origin(claim) == "source:news-1"


UNIT_DOSSIER = DOSSIER_YML.replace(
    "questions:\n",
    "questions:\n  - id: crater\n    wording: How wide was the crater?\n    kind: number\n"
    "    unit: cm\n",
)


def unit_claim(tmp_path: Path, extra: str, dossier_yml: str = UNIT_DOSSIER) -> Path:
    wire = WIRE_CLAIM.replace("question: killed", "question: crater").replace("EXTRA", extra)
    return write_dossier(tmp_path, dossier_yml, {"wire-2": (wire, None)})


def test_a_number_in_another_unit_is_converted_exactly(tmp_path: Path) -> None:
    (dossier,) = loads(unit_claim(tmp_path, "value: {about: 12}\n    unit: inches")).dossiers
    (claim,) = dossier.claims
    assert claim.value == NumberRange(30.48, 30.48, approximation=Approximation.ABOUT)
    assert claim.stated == NumberRange(12, 12, approximation=Approximation.ABOUT)
    assert dossier.question("crater").value_label(claim) == "about 12 inches (about 30.5 cm)"
    (same,) = loads(unit_claim(tmp_path / "same", "value: 30\n    unit: centimetres")).dossiers
    assert (same.claims[0].value, same.claims[0].stated) == (NumberRange(30, 30), None)


@pytest.mark.parametrize(
    ("extra", "dossier_yml", "phrase"),
    [
        ("value: 12\n    unit: cubits", UNIT_DOSSIER, "'cubits' is not a unit the generator"),
        ("value: 12\n    unit: kg", UNIT_DOSSIER, "'kg' is a mass and 'cm' a length"),
        (
            "value: 12\n    unit: in",
            UNIT_DOSSIER.replace("unit: cm", "unit: people"),
            "counts in 'people', which nothing converts into",
        ),
        (
            "value: 1000000000000\n    unit: mi",
            UNIT_DOSSIER.replace("unit: cm", "unit: mm"),
            "too large",
        ),
    ],
)
def test_a_unit_that_cannot_be_converted_is_reported_at_it(
    tmp_path: Path, extra: str, dossier_yml: str, phrase: str
) -> None:
    error = the_error(unit_claim(tmp_path, extra, dossier_yml))
    assert phrase in error
    # WIRE_CLAIM's EXTRA puts the value on line 11 and the unit on line 12.
    where = "11:12" if "too large" in phrase else "12:11"
    assert error.startswith(f"{source_path('wire-2')}:{where}:"), error


def test_a_unit_goes_with_a_number(tmp_path: Path) -> None:
    wire = WIRE_CLAIM.replace("question: killed", "question: method").replace(
        "EXTRA", "value: bags\n    unit: cm"
    )
    error = the_error(write_dossier(tmp_path, sources={"wire-2": (wire, None)}))
    assert "only claims on number questions have a 'unit'" in error


def test_a_translation_is_for_words_in_another_language(tmp_path: Path) -> None:
    seeds = claim_with(tmp_path, "value: 84\n    lang: pt\n    translation: The wire gave a toll.")
    (dossier,) = loads(seeds).dossiers
    (claim,) = dossier.claims
    assert (claim.language(dossier.source("wire-2")), claim.translation) == (
        "pt",
        claim.translation,
    )
    english = the_error(claim_with(tmp_path / "en", "value: 84\n    translation: A toll."))
    assert "the words are in 'en', the editors' own language" in english
    bad = the_error(claim_with(tmp_path / "bad", "value: 84\n    lang: Portuguese"))
    assert "'Portuguese' is not a language tag" in bad


def test_a_quote_is_in_its_sources_language_and_a_paraphrase_in_ours(tmp_path: Path) -> None:
    news = NEWS_YML.replace("language: en", "language: pt")
    seeds = write_dossier(
        tmp_path, sources={"news-1": (news, NEWS_TEXT), "wire-2": DEFAULT_SOURCES["wire-2"]}
    )
    (dossier,) = loads(seeds).dossiers
    news_claim, wire_claim = dossier.claims
    assert news_claim.language(dossier.source("news-1")) == "pt"
    assert wire_claim.language(dossier.source("wire-2")) == "en"


def test_a_mirror_outlet_goes_with_its_address(tmp_path: Path) -> None:
    lone = NEWS_YML.replace("language: en\n", "language: en\nmirror_outlet: Zawya\n")
    error = the_error(
        write_dossier(
            tmp_path, sources={"news-1": (lone, NEWS_TEXT), "wire-2": DEFAULT_SOURCES["wire-2"]}
        )
    )
    assert "'mirror_outlet' names who published the copy at 'mirror_url'" in error
    both = lone.replace("mirror_outlet:", "mirror_url: https://zawya.example/1\nmirror_outlet:")
    seeds = write_dossier(tmp_path / "both", sources={"news-1": (both, NEWS_TEXT)})
    (dossier,) = loads(seeds).dossiers
    assert dossier.source("news-1").outlet_label == "News, republished by Zawya"
