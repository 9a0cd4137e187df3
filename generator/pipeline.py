"""The whole path from a seeds folder to the files of a site, free of any site builder.

``read_dossiers`` reads and validates the dossiers and returns each ready to
render, with the version of its data it is built from (and, for a site that
names its ``Repository``, a link to that version). Once they are read, the
paths of every page and export are known; ``write_shared`` writes the files
every dossier shares, and ``write_dossiers`` renders and writes the dossiers
one at a time, holding one dossier's files at most. The MkDocs plugin and
``dossier generate`` both run these steps through ``parallel.workers``, which
shares the dossiers among processes; ``generate_site_files`` gives the same
files in memory, for tests and tools. ``DossierCache`` keeps each dossier's
outline and files in the build cache, so that a dossier whose folder did not
change is neither read nor rendered again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cache import BuildCache, cache_key
from generator.diagnostics import DiagnosticSink
from generator.domain.model import Claim, Dossier, Project
from generator.read.provenance import (
    Revision,
    dossier_revisions,
    folder_states,
    with_repository,
)
from generator.read.seeds import read_seeds
from generator.render.exports import (
    claim_review_jsonld,
    claims_csv,
    dossier_json,
    has_claim_reviews,
    timeline_json,
)
from generator.render.pages import (
    DossierOutline,
    DossierPages,
    GeneratedFile,
    published_address,
    render_shared_pages,
)
from generator.validate import schema
from generator.validate.annotations import validate_dossier


def load_project(seeds_dir: Path, only: frozenset[str] | None = None) -> Project:
    """Read and validate every dossier, or only those named in ``only``;
    raise ``DossierError`` listing all problems."""
    sink = DiagnosticSink()
    raw_dossiers = read_seeds(seeds_dir, sink, only)
    dossiers = [dossier for raw in raw_dossiers if (dossier := validate_dossier(raw, sink))]
    sink.raise_if_any()
    return Project(tuple(dossiers))


def load_revisions(seeds_dir: Path, project: Project) -> dict[str, Revision]:
    """Which version of its data each dossier is built from (see ``provenance``)."""
    return dossier_revisions(seeds_dir, project.dossiers)


@dataclass(frozen=True)
class Repository:
    """Where the seeds are published: a GitHub-style repository and the seeds folder in it."""

    url: str
    seeds_folder: str
    """The seeds folder's path from the repository's root, such as ``seeds``."""

    def linked(self, dossier_id: str, revision: Revision) -> Revision:
        """The dossier's revision with a link to its data at that commit."""
        return with_repository(revision, self.url, f"{self.seeds_folder}/{dossier_id}")


def read_dossiers(
    seeds_dir: Path,
    only: frozenset[str] | None = None,
    *,
    repository: Repository | None = None,
    site_url: str | None = None,
) -> list[DossierFiles]:
    """Read and validate the dossiers under ``seeds_dir`` (or those named in
    ``only``), each ready to be rendered; raise ``DossierError`` listing every problem.

    ``repository`` links each page's citation to its data; ``site_url``, the
    site's address, lets citations and exports give each page's full address.
    """
    project = load_project(seeds_dir, only)
    revisions = load_revisions(seeds_dir, project)
    if repository is not None:
        revisions = {ident: repository.linked(ident, rev) for ident, rev in revisions.items()}
    return [DossierFiles(dossier, revisions[dossier.id], site_url) for dossier in project.dossiers]


def generate_site_files(
    project: Project,
    revisions: Mapping[str, Revision] | None = None,
    site_url: str | None = None,
) -> list[GeneratedFile]:
    """Every generated page and export of an already validated project, in memory,
    in path order: what ``write_shared`` and ``write_dossiers`` write."""
    revisions = revisions or {}
    dossiers = [
        DossierFiles(dossier, revisions.get(dossier.id), site_url) for dossier in project.dossiers
    ]
    files = shared_files([dossier.outline for dossier in dossiers])
    files += [file for dossier in dossiers for file in dossier.render()]
    return sorted(files, key=lambda file: file.path)


def shared_files(outlines: list[DossierOutline]) -> list[GeneratedFile]:
    """The files every dossier shares: home page, tag index and the JSON schemas."""
    return render_shared_pages(outlines) + [
        GeneratedFile(f"schemas/{record}.schema.json", schema.json_schema(record))
        for record in ("dossier", "source")
    ]


class DossierFiles:
    """The pages and exports of one dossier, whose paths are known before they are rendered."""

    def __init__(
        self, dossier: Dossier, revision: Revision | None = None, site_url: str | None = None
    ) -> None:
        self.dossier = dossier
        self.pages = DossierPages(dossier, revision, site_url=site_url)

    @functools.cached_property
    def outline(self) -> DossierOutline:
        exports = [path for path, _ in self._exports()]
        return self.pages.outline(tuple(self.pages.page_paths() + exports))

    def render(self) -> list[GeneratedFile]:
        exports = [GeneratedFile(path, make()) for path, make in self._exports()]
        return self.pages.pages() + exports

    def _exports(self) -> list[tuple[str, Callable[[], str]]]:
        """The machine-readable files, beside the pages: each path with what writes it."""
        dossier, paths, site_url = self.dossier, self.pages.paths, self.pages.site_url

        def review_url(claim: Claim) -> str:
            address = f"{published_address(paths.source(claim.source_id))}#claim-{claim.id}"
            if site_url:
                return f"{site_url.rstrip('/')}/{address}"
            return address.removeprefix(paths.page(""))  # relative to claimreview.json's folder

        exports: list[tuple[str, Callable[[], str]]] = [
            (paths.page("dossier.json"), lambda: dossier_json(dossier)),
            (paths.page("claims.csv"), lambda: claims_csv(dossier)),
            (paths.page("timeline.json"), lambda: timeline_json(dossier)),
        ]
        if has_claim_reviews(dossier):
            exports.append(
                (paths.page("claimreview.json"), lambda: claim_review_jsonld(dossier, review_url))
            )
        return exports


def write_shared(outlines: list[DossierOutline], out: Path) -> list[str]:
    """Write the files every dossier shares under ``out``; return their paths."""
    files = shared_files(outlines)
    write_files(files, out)
    return [file.path for file in files]


def write_dossiers(
    dossiers: Iterable[DossierFiles],
    out: Path,
    written: Callable[[str], None] | None = None,
    cache: DossierCache | None = None,
) -> None:
    """Render and write each dossier's files under ``out``, holding one dossier's
    at a time, and call ``written`` with its id once they are written; with a
    ``cache``, each is also held for it, and kept once all are written."""
    for dossier in dossiers:
        files = dossier.render()
        write_files(files, out)
        if cache is not None:
            cache.put(dossier.outline, files)
        if written is not None:
            written(dossier.dossier.id)
    if cache is not None:
        cache.keep()


DOSSIER_NAMESPACE = "dossier"
"""The build cache's namespace for whole dossiers."""


@dataclass(frozen=True)
class CachedDossier:
    outline: DossierOutline
    files: list[GeneratedFile]


@dataclass
class DossierCache:
    """Each dossier's outline and files, under a key of everything they come from:
    every file in its folder, the state of git from which its revision is read
    (``provenance.folder_states``), the site's address and repository, and the
    generator's code (``BuildCache.code``).

    A dossier is found only if its folder is as it was when a build read it
    whole and valid; it is kept only if its folder did not change while it was
    read and rendered (``keep`` looks again), so a file edited during a build
    is read again next time.
    """

    store: BuildCache
    seeds_dir: Path
    repository: Repository | None = None
    site_url: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    """The key of each dossier looked up, as its folder was then."""
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The entries ``put`` and not yet kept, by dossier."""

    def found(self, names: list[str]) -> dict[str, CachedDossier]:
        """The dossiers of ``names`` that the cache holds, by name."""
        self.keys = self._keys(names)
        found = {}
        for name in names:
            dossier = _cached_dossier(self.store.get_json(DOSSIER_NAMESPACE, self.keys[name]))
            if dossier is not None:
                found[name] = dossier
        return found

    def put(self, outline: DossierOutline, files: list[GeneratedFile]) -> None:
        """Hold a dossier's outline and files until ``keep``."""
        if outline.id in self.keys:
            files_data = [[file.path, file.content] for file in files]
            self.pending[outline.id] = {"outline": outline.as_data(), "files": files_data}

    def keep(self) -> None:
        """Store the dossiers ``put``, but those whose folder changed since it was looked
        up (git is asked once for all of them)."""
        now = self._keys(list(self.pending))
        for name, value in self.pending.items():
            if now[name] == self.keys[name]:
                self.store.put_json(DOSSIER_NAMESPACE, self.keys[name], value)
        self.pending = {}

    def _keys(self, names: list[str]) -> dict[str, str]:
        options = [self.store.code, self.site_url or ""]
        if self.repository is not None:
            options += [self.repository.url, self.repository.seeds_folder]
        states = folder_states(self.seeds_dir, names)
        keys = {}
        for name in names:
            parts: list[str | bytes] = [*options, name, states[name]]
            folder = self.seeds_dir / name
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
            keys[name] = cache_key(*parts)
        return keys


def _cached_dossier(value: Any) -> CachedDossier | None:
    """The dossier an entry holds; None for none, or for one not as ``put`` writes it
    (a cache from elsewhere may hold anything)."""
    if value is None:
        return None
    try:
        outline = DossierOutline.from_data(value["outline"])
        files = [GeneratedFile(str(path), str(content)) for path, content in value["files"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if sorted(file.path for file in files) != sorted(outline.paths):
        return None
    return CachedDossier(outline, files)


def write_files(files: list[GeneratedFile], out: Path) -> None:
    """Write each file under ``out``, at its path, in UTF-8."""
    folders: set[Path] = set()
    for generated in files:
        target = out / generated.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_text(generated.content, encoding="utf-8")


__all__ = [
    "CachedDossier",
    "DossierCache",
    "DossierFiles",
    "GeneratedFile",
    "Repository",
    "generate_site_files",
    "load_project",
    "load_revisions",
    "read_dossiers",
    "shared_files",
    "write_dossiers",
    "write_files",
    "write_shared",
]
