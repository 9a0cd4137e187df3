"""Write a small, valid dossier into a temporary folder, for tests that break one part of it.

``write_dossier(tmp_path)`` writes::

    <tmp_path>/seeds/demo/dossier.yml
    <tmp_path>/seeds/demo/sources/news-1.yml    a source whose text we hold
    <tmp_path>/seeds/demo/sources/news-1.txt
    <tmp_path>/seeds/demo/sources/wire-2.yml    a citation-only source

and returns ``<tmp_path>/seeds``. Pass ``dossier_yml`` to replace dossier.yml and
``sources`` (``{source id: (annotation YAML, text or None)}``) to replace every
source. In an annotation, the placeholder ``{sha256}`` is replaced by the sha256
of its text, so that a test can change the text without computing hashes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator import load_project
from generator.diagnostics import DossierError

DOSSIER_ID = "demo"
SHA256_PLACEHOLDER = "{sha256}"

DOSSIER_YML = """\
title: Demo dossier
summary: A small dossier written by the tests.
start: "2024-01-03"
questions:
  - id: killed
    wording: How many people were killed?
    kind: number
    unit: people
    key: true
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

NEWS_TEXT = """\
Blasts in Kerman

At least 84 people were killed in two blasts, the minister said.
The bombs were left in bags.
"""

NEWS_YML = """\
outlet: News
title: Blasts in Kerman
url: https://news.example/1
language: en
published: "2024-01-03T18:00+03:30"
retrieved: "2024-02-01"
sha256: {sha256}
claims:
  - id: news-killed
    question: killed
    value: {at_least: 84}
    speaker: minister
    quote: "At least 84 people were killed"
    entities: [kerman]
"""

WIRE_YML = """\
outlet: Wire
title: Kerman toll
url: https://wire.example/2
language: en
published: "2024-01-04"
retrieved: "2024-02-01"
claims:
  - id: wire-killed
    question: killed
    value: 103
    paraphrase: The wire put the toll at 103.
"""

DEFAULT_SOURCES: dict[str, tuple[str, str | None]] = {
    "news-1": (NEWS_YML, NEWS_TEXT),
    "wire-2": (WIRE_YML, None),
}


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_dossier(
    tmp_path: Path,
    dossier_yml: str | None = None,
    sources: dict[str, tuple[str, str | None]] | None = None,
) -> Path:
    """Write a dossier folder under ``tmp_path/seeds`` and return that seeds folder."""
    seeds = tmp_path / "seeds"
    folder = seeds / DOSSIER_ID
    source_dir = folder / "sources"
    source_dir.mkdir(parents=True)
    document = DOSSIER_YML if dossier_yml is None else dossier_yml
    (folder / "dossier.yml").write_bytes(document.encode("utf-8"))
    for source_id, (annotation, text) in (DEFAULT_SOURCES if sources is None else sources).items():
        if text is not None:
            (source_dir / f"{source_id}.txt").write_bytes(text.encode("utf-8"))
            annotation = annotation.replace(SHA256_PLACEHOLDER, sha256_of(text))
        (source_dir / f"{source_id}.yml").write_bytes(annotation.encode("utf-8"))
    return seeds


def diagnostics(seeds: Path) -> list[str]:
    """Every error ``load_project`` reports, as ``path:line:col: error: message``."""
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    return [str(diagnostic) for diagnostic in caught.value.diagnostics]
