"""The whole path from a seeds folder to the files of a site, free of any site builder.

``load_project`` reads and validates; ``generate_site_files`` renders every
page and export in memory. The MkDocs plugin hands these files to MkDocs as
virtual files; ``dossier generate`` writes them to a folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from generator.diagnostics import DiagnosticSink
from generator.domain.model import Claim, Dossier, Project
from generator.read.provenance import Revision, dossier_revisions
from generator.read.seeds import read_seeds
from generator.render.exports import (
    claim_review_jsonld,
    claims_csv,
    dossier_json,
    has_claim_reviews,
    timeline_json,
)
from generator.render.pages import DossierOutline, DossierPages, GeneratedFile, render_shared_pages
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


def generate_site_files(
    project: Project,
    revisions: Mapping[str, Revision] | None = None,
    site_url: str | None = None,
) -> list[GeneratedFile]:
    """Every generated page and export, in path order."""
    files = [file for batch in site_file_batches(project, revisions, site_url) for file in batch]
    return sorted(files, key=lambda file: file.path)


def site_file_batches(
    project: Project,
    revisions: Mapping[str, Revision] | None = None,
    site_url: str | None = None,
) -> Iterator[list[GeneratedFile]]:
    """The files of ``generate_site_files``, a batch at a time: the files every
    dossier shares, then each dossier's pages and exports, so that a caller can
    write them as they come and hold one dossier's at most."""
    revisions = revisions or {}
    dossiers = [
        DossierFiles(dossier, revisions.get(dossier.id), site_url) for dossier in project.dossiers
    ]
    yield shared_files([dossier.outline for dossier in dossiers])
    for dossier in dossiers:
        yield dossier.render()


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
        dossier, paths = self.dossier, self.pages.paths

        def review_url(claim: Claim) -> str:
            # Relative to claimreview.json itself: the site has no fixed address to prefix.
            return f"sources/{claim.source_id}/#claim-{claim.id}"

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
    "DossierFiles",
    "GeneratedFile",
    "generate_site_files",
    "load_project",
    "load_revisions",
    "shared_files",
    "site_file_batches",
    "write_files",
]
