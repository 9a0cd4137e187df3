"""Bring new material into a dossier: a new dossier folder, or a new source.

A source is stored verbatim: a plain-text file byte for byte, or the article
text that trafilatura extracts from a saved web page, with the page itself
kept beside it. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, DossierError, Location
from generator.load import DOSSIER_FILE, SOURCES_DIR, display_path
from generator.patterns import ID_PATTERN, ID_RULE

_HTML_LANGUAGE = re.compile(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", re.I)
"""The language a saved page declares on its <html> element."""

SCHEMA_LINE = "# yaml-language-server: $schema={path}\n"
"""Tells editors with the YAML language server which schema checks the file."""

DOSSIER_TEMPLATE = """\
{schema_line}# A dossier: what different sources said about one event.
# The format is documented in docs/guide/format.md; run `make check` after editing.

title: {title}            # required
summary: >-               # required: two to four neutral sentences
  What happened, in brief.
start: "{start}"          # required: the first day of the story, YYYY-MM-DD
# end: "YYYY-MM-DD"
tags: []                  # ids such as [iran, terrorism]
content_warnings: []      # e.g. [violence]: source texts are then folded

questions:                # what you ask of every source
  - id: killed
    wording: How many people were killed?
    kind: number          # number | time | place | choice | text
    unit: people          # numbers only
    key: true             # shown on the overview

events: []                # the event timeline: id, time, title, description, entities

entities: []              # people, organisations, places: id, name, kind, aliases
"""

SOURCE_TEMPLATE = """\
{schema_line}# A source. Its text, {text_name}, is kept verbatim: never edit it.
# Add claims below; `dossier quote {dossier} {source} "words"` prints a quote selector.

outlet: {outlet}
title: {title}
url: {url}
language: {language}
published: {published}            # a time such as "2024-01-03T15:04+03:30", or unknown
retrieved: "{retrieved}"
sha256: {sha256}
claims: []
# claims:
#   - id: {source}-killed
#     question: killed
#     value: 84
#     quote:
#       exact: "words copied from the text"
"""


@dataclass(frozen=True)
class SourceDetails:
    """What is known about a new source before it is annotated."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = None
    published: str | None = None


def _refuse(path: Path, message: str) -> DossierError:
    return DossierError([Diagnostic(Location(display_path(path)), message)])


def _yaml_text(value: str) -> str:
    """A YAML double-quoted string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + " ".join(escaped.split()) + '"'


def new_dossier(seeds_dir: Path, slug: str, start: str) -> Path:
    """Create ``seeds/<slug>/`` with a commented ``dossier.yml``; refuse an existing one."""
    folder = seeds_dir / slug
    if not ID_PATTERN.fullmatch(slug):
        raise _refuse(folder, f"{slug!r} is not an id ({ID_RULE})")
    if folder.exists():
        raise _refuse(folder, "this dossier already exists; choose another name")
    (folder / SOURCES_DIR).mkdir(parents=True)
    path = folder / DOSSIER_FILE
    path.write_text(
        DOSSIER_TEMPLATE.format(
            schema_line=SCHEMA_LINE.format(path="../../schemas/dossier.schema.json"),
            title=_yaml_text(slug.replace("-", " ").capitalize()),
            start=start,
        ),
        "utf-8",
    )
    return path


def add_source(
    dossier_dir: Path, original: Path, source_id: str | None, details: SourceDetails, retrieved: str
) -> Path:
    """Store a source's text verbatim and write an annotation stub; return the stub's path.

    A saved web page (``.html``/``.htm``) is kept as ``<id>.html`` and its article
    text, as trafilatura extracts it, becomes ``<id>.txt``; any other file is
    the text itself, copied byte for byte.
    """
    if not (dossier_dir / DOSSIER_FILE).is_file():
        raise _refuse(dossier_dir, "no dossier here; create it first with 'dossier new'")
    ident = source_id or _id_from_name(original.stem)
    sources = dossier_dir / SOURCES_DIR
    if not ID_PATTERN.fullmatch(ident):
        raise _refuse(original, f"{ident!r} is not an id ({ID_RULE}); give one with --id")
    existing = [
        p for p in (sources / f"{ident}.{ext}" for ext in ("yml", "txt", "html")) if p.exists()
    ]
    if existing:
        raise _refuse(existing[0], "this source already exists; it is never overwritten")
    data = original.read_bytes()
    html = original.suffix.lower() in (".html", ".htm")
    if html:
        text, found = _extract(data, original)
        details = SourceDetails(
            url=details.url or found.url,
            outlet=details.outlet or found.outlet,
            title=details.title or found.title,
            language=details.language or found.language,
            published=details.published or found.published,
        )
        data = text.encode("utf-8")
    sources.mkdir(exist_ok=True)
    if html:
        (sources / f"{ident}.html").write_bytes(original.read_bytes())
    (sources / f"{ident}.txt").write_bytes(data)
    stub = sources / f"{ident}.yml"
    stub.write_text(
        SOURCE_TEMPLATE.format(
            schema_line=SCHEMA_LINE.format(path="../../../schemas/source.schema.json"),
            text_name=f"{ident}.txt",
            dossier=dossier_dir.name,
            source=ident,
            outlet=_yaml_text(details.outlet or "OUTLET"),
            title=_yaml_text(details.title or "TITLE"),
            url=_yaml_text(details.url or "https://"),
            language=details.language or "en",
            published=_yaml_text(details.published) if details.published else "unknown",
            retrieved=retrieved,
            sha256=hashlib.sha256(data).hexdigest(),
        ),
        "utf-8",
    )
    return stub


def _id_from_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "source"


def _extract(data: bytes, original: Path) -> tuple[str, SourceDetails]:
    """The article text and metadata of a saved web page, by trafilatura."""
    import trafilatura  # imported here: only this command needs it, and it loads slowly

    page = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(page, include_comments=False, include_tables=False)
    if not text:
        raise _refuse(original, "no article text could be extracted; save the text as .txt")
    metadata = trafilatura.extract_metadata(page)
    declared = _HTML_LANGUAGE.search(page)
    found = SourceDetails(language=declared.group(1).lower() if declared else None)
    if metadata is not None:
        found = SourceDetails(
            url=metadata.url,
            outlet=metadata.sitename,
            title=metadata.title,
            language=found.language,
            published=metadata.date,
        )
    return text.rstrip("\n") + "\n", found
