"""Read a seeds folder from disk: which dossiers and sources exist, and their bytes.

Nothing is interpreted here beyond YAML syntax; ``validate`` gives it meaning.
Files are refused when they could lead the build out of the seeds folder
(symbolic links, the seeds folder itself among them) or are not named as
ids, so that a file name can never become a path elsewhere in the site. A
dossier's folder holds only what the format names (``dossier.yml``,
``sources/`` and in it ``<id>.yml``, ``<id>.txt`` and ``<id>.html``): anything
else is an error, so that no file can ride along unseen in a pull request
(say, the files of a git repository, which git would obey). Names starting
with a dot, which editors and file managers leave behind, are never read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import DiagnosticSink, Location
from generator.patterns import ID_PATTERN, ID_RULE
from generator.read.yaml import load_yaml

MAX_TEXT_BYTES = 5_000_000
"""Source texts larger than this are refused; an article is rarely over 100 KB."""

DOSSIER_FILE = "dossier.yml"
SOURCES_DIR = "sources"
SOURCE_SUFFIXES = (".yml", ".txt", ".html")
"""What a sources folder may hold: annotations, verbatim texts and saved original pages."""


@dataclass
class RawSource:
    """A source's annotation (parsed YAML) and its text bytes, if we hold the text."""

    id: str
    annotation_path: str
    annotation: Any
    readable: bool
    """False when the annotation could not be read; its problems are already reported."""
    text_path: str
    has_text_file: bool
    text: bytes | None
    """``None`` for a citation-only source, or when the text file was refused."""


@dataclass
class RawDossier:
    id: str
    path: str
    document: Any
    readable: bool
    sources: list[RawSource] = field(default_factory=list)


def display_path(path: Path) -> str:
    """A path as errors show it: relative to the working folder when it lies inside it.

    Symbolic links are not resolved, so an error names the file as the user sees it.
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(Path.cwd()))).as_posix()
    except ValueError:
        return absolute.as_posix()


def read_seeds(
    seeds_dir: Path, sink: DiagnosticSink, only: frozenset[str] | None = None
) -> list[RawDossier]:
    """Read every dossier folder under ``seeds_dir`` in id order, or only those named."""
    if seeds_dir.is_symlink():
        sink.error(
            Location(display_path(seeds_dir)),
            "the seeds folder is a symbolic link, which is not followed; "
            "point --seeds at the folder itself",
        )
        return []
    if not seeds_dir.is_dir():
        sink.error(
            Location(display_path(seeds_dir)),
            "the seeds folder does not exist; create it, or point --seeds at the right one",
        )
        return []
    dossiers = []
    for folder in _entries(seeds_dir, sink):
        if only is not None and folder.name not in only:
            continue
        if folder.is_dir() and _check_id(folder, folder.name, sink):
            dossier = _read_dossier(folder, sink)
            if dossier is not None:
                dossiers.append(dossier)
    missing = sorted((only or frozenset()) - {dossier.id for dossier in dossiers})
    for name in missing:
        sink.error(Location(display_path(seeds_dir / name)), f"there is no dossier {name!r}")
    return dossiers


def dossier_folders(seeds_dir: Path, only: frozenset[str] | None = None) -> list[str]:
    """The names of the folders ``read_seeds`` would read as dossiers, in its order,
    unchecked (``read_seeds`` reports what is wrong with them)."""
    if seeds_dir.is_symlink() or not seeds_dir.is_dir():
        return []
    return [
        folder.name
        for folder in _entries(seeds_dir, DiagnosticSink())
        if folder.is_dir() and (only is None or folder.name in only)
    ]


def _read_dossier(folder: Path, sink: DiagnosticSink) -> RawDossier | None:
    entries = _entries(folder, sink)
    path = sources_dir = None
    for entry in entries:
        if entry.name == DOSSIER_FILE and entry.is_file():
            path = entry
        elif entry.name == SOURCES_DIR and entry.is_dir():
            sources_dir = entry
        else:
            sink.error(
                Location(display_path(entry)),
                f"unexpected {_kind(entry)}: a dossier folder holds only the file "
                f"{DOSSIER_FILE} and the folder {SOURCES_DIR}/; move it out of the seeds "
                "folder or remove it",
            )
    if path is None:
        if DOSSIER_FILE not in (entry.name for entry in entries):  # else refused above
            sink.error(
                Location(display_path(folder)),
                f"the folder has no {DOSSIER_FILE}; add one or remove the folder",
            )
        return None
    document, readable = _read_yaml(path, sink)
    dossier = RawDossier(folder.name, display_path(path), document, readable)
    if sources_dir is None:
        return dossier
    files = []
    for entry in _entries(sources_dir, sink):
        if entry.is_file() and entry.suffix in SOURCE_SUFFIXES:
            files.append(entry)
        else:
            sink.error(
                Location(display_path(entry)),
                f"unexpected {_kind(entry)}: {SOURCES_DIR}/ holds <id>.yml annotations, "
                "<id>.txt texts and <id>.html saved pages; rename or remove it",
            )
    annotations = {entry.stem: entry for entry in files if entry.suffix == ".yml"}
    texts = {entry.stem: entry for entry in files if entry.suffix == ".txt"}
    for entry in files:
        if entry.suffix != ".yml" and entry.stem not in annotations:
            what = "text" if entry.suffix == ".txt" else "saved page"
            sink.error(
                Location(display_path(entry)),
                f"this {what} has no annotation; add {entry.stem}.yml beside it",
            )
    for stem, annotation_path in sorted(annotations.items()):
        if not _check_id(annotation_path, stem, sink):
            continue
        text_path = sources_dir / f"{stem}.txt"
        annotation, annotation_readable = _read_yaml(annotation_path, sink)
        dossier.sources.append(
            RawSource(
                id=stem,
                annotation_path=display_path(annotation_path),
                annotation=annotation,
                readable=annotation_readable,
                text_path=display_path(text_path),
                has_text_file=stem in texts,
                text=_read_text(texts[stem], sink) if stem in texts else None,
            )
        )
    return dossier


def _kind(entry: Path) -> str:
    """What an entry is, as an error names it; symbolic links never get this far."""
    if entry.is_dir():
        return "folder"
    if entry.is_file():
        return "file"
    return "special file (not a regular file or folder)"


def _entries(folder: Path, sink: DiagnosticSink) -> list[Path]:
    """The folder's entries in name order, refusing symbolic links and case clashes."""
    entries = []
    seen: dict[str, Path] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            sink.error(
                Location(display_path(entry)),
                "symbolic links are not followed; put the file itself in the seeds folder",
            )
            continue
        clash = seen.get(entry.name.casefold())
        if clash is not None:
            sink.error(
                Location(display_path(entry)),
                f"the name differs from {clash.name!r} only by case; rename one of them",
            )
            continue
        seen[entry.name.casefold()] = entry
        entries.append(entry)
    return entries


def _check_id(path: Path, name: str, sink: DiagnosticSink) -> bool:
    if ID_PATTERN.fullmatch(name):
        return True
    sink.error(Location(display_path(path)), f"the name {name!r} is not an id ({ID_RULE})")
    return False


def _read_yaml(path: Path, sink: DiagnosticSink) -> tuple[Any, bool]:
    """The parsed document, and whether it could be read at all."""
    value, problems = load_yaml(path.read_bytes(), display_path(path))
    sink.diagnostics.extend(problems)
    return value, not problems


def _read_text(path: Path, sink: DiagnosticSink) -> bytes | None:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        sink.error(
            Location(display_path(path)),
            f"the text is {size:,} bytes, over the limit of {MAX_TEXT_BYTES:,}; "
            "keep only the article itself",
        )
        return None
    return path.read_bytes()
