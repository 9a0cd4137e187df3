"""Fuzz the strict YAML reader, and the validator and generator behind it.

``check_yaml(data)`` is the target: it feeds ``data`` to ``load_yaml`` and,
when the bytes parse into a mapping, uses that mapping twice through the real
validation path: once as the annotation of a source (next to a fixed, valid
dossier.yml and source text) and once as a dossier.yml (next to a fixed,
valid source). When a dossier validates without a single diagnostic, it goes
on through everything a build does with it: comparison, every page and every
export. Whatever the input, this must hold:

- ``load_yaml`` raises nothing; each diagnostic names the path and a line and
  column from 1; when there is a diagnostic the value is ``None``;
- validation raises nothing: every problem is a diagnostic;
- a valid dossier renders and exports without raising, and the JSON exports
  are strict JSON (no ``NaN`` or ``Infinity``, which JSON does not have).

A broken rule raises ``FuzzFailure`` (or the uncaught exception itself).

Run with atheris (``python fuzz/run.py``, or directly
``python fuzz/fuzz_loader.py CORPUS_DIR [libFuzzer flags]``); the target is
importable without atheris, for the replay test in tests/test_fuzz_regressions.py.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from typing import Any

from generator.diagnostics import DiagnosticSink
from generator.domain.model import Dossier, Project
from generator.pipeline import generate_site_files
from generator.read.seeds import RawDossier, RawSource
from generator.read.yaml import YamlMap, load_yaml
from generator.validate.annotations import validate_dossier


class FuzzFailure(AssertionError):
    """An invariant of the target was broken."""


DOSSIER_ID = "demo"
SOURCE_ID = "news-1"
DOSSIER_PATH = f"seeds/{DOSSIER_ID}/dossier.yml"
ANNOTATION_PATH = f"seeds/{DOSSIER_ID}/sources/{SOURCE_ID}.yml"
TEXT_PATH = f"seeds/{DOSSIER_ID}/sources/{SOURCE_ID}.txt"
FUZZED_PATH = "fuzzed.yml"

DOSSIER_YML = b"""\
title: Demo dossier
summary: A small dossier for the fuzzer.
start: "2024-01-03"
questions:
  - id: killed
    wording: How many people were killed?
    kind: number
    unit: people
    key: true
  - id: when
    wording: When did it happen?
    kind: time
  - id: where
    wording: Where did it happen?
    kind: place
  - id: method
    wording: How were the bombs delivered?
    kind: choice
    choices: [bags, bombers]
events:
  - id: blast
    time: {at: "2024-01-03T15:00+03:30", precision: hour, approximate: true}
    title: The blast
    entities: [kerman]
entities:
  - id: kerman
    name: Kerman
    kind: place
  - id: minister
    name: The Minister
    kind: person
"""

SOURCE_TEXT = (
    b"Blasts in Kerman\n"
    b"\n"
    b"At least 84 people were killed in two blasts, the minister said.\n"
    b"The bombs were left in bags.\n"
)

SOURCE_SHA256 = hashlib.sha256(SOURCE_TEXT).hexdigest()

SOURCE_YML = f"""\
outlet: News
title: Blasts in Kerman
url: https://news.example/1
language: en
published: "2024-01-03T18:00+03:30"
retrieved: "2024-02-01"
sha256: {SOURCE_SHA256}
claims:
  - id: news-killed
    question: killed
    value: {{at_least: 84}}
    speaker: minister
    quote: "At least 84 people were killed"
    entities: [kerman]
""".encode()


@functools.cache
def _fixed(data: bytes, path: str) -> YamlMap:
    """A fixed document, read once (validation does not change what it reads)."""
    value, problems = load_yaml(data, path)
    if problems or not isinstance(value, YamlMap):  # pragma: no cover - fixed data
        raise RuntimeError(f"the fixed {path} does not load: {problems}")
    return value


def check_yaml(data: bytes) -> None:
    """The fuzz target: see the module's docstring for what must hold."""
    value, problems = load_yaml(data, FUZZED_PATH)
    for problem in problems:
        where = problem.location
        if where.path != FUZZED_PATH or where.line < 1 or where.column < 1:
            raise FuzzFailure(f"a diagnostic without a proper location: {problem!r}")
        if not problem.message:
            raise FuzzFailure(f"a diagnostic without a message: {problem!r}")
    if problems and value is not None:
        raise FuzzFailure(f"a value came back with diagnostics: {value!r}")
    if not isinstance(value, YamlMap):
        return
    as_annotation = RawDossier(
        DOSSIER_ID,
        DOSSIER_PATH,
        _fixed(DOSSIER_YML, DOSSIER_PATH),
        True,
        [_raw_source(value)],
    )
    as_dossier = RawDossier(
        DOSSIER_ID, DOSSIER_PATH, value, True, [_raw_source(_fixed(SOURCE_YML, ANNOTATION_PATH))]
    )
    for raw in (as_annotation, as_dossier):
        sink = DiagnosticSink()
        dossier = validate_dossier(raw, sink)
        if not sink.diagnostics and dossier is not None:
            _generate(dossier)


def _raw_source(annotation: Any) -> RawSource:
    return RawSource(
        id=SOURCE_ID,
        annotation_path=ANNOTATION_PATH,
        annotation=annotation,
        readable=True,
        text_path=TEXT_PATH,
        has_text_file=True,
        text=SOURCE_TEXT,
    )


def _generate(dossier: Dossier) -> None:
    """Everything a build does with a valid dossier, short of MkDocs."""
    for generated in generate_site_files(Project((dossier,))):
        if generated.path.endswith(".json"):
            try:
                json.loads(generated.content, parse_constant=_not_json)
            except ValueError as exc:
                raise FuzzFailure(f"{generated.path} is not strict JSON: {exc}") from exc


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def main() -> None:  # pragma: no cover - needs atheris
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    atheris.instrument_all()
    atheris.Setup(sys.argv, check_yaml)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
