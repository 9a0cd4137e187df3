"""The whole path from a seeds folder to the files of a site, free of any site builder.

``load_project`` reads and validates; ``generate_site_files`` renders every
page and export in memory. The MkDocs plugin hands these files to MkDocs as
virtual files; ``dossier generate`` writes them to a folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from generator import schema
from generator.diagnostics import DiagnosticSink
from generator.export import claim_review_jsonld, claims_csv, dossier_json, timeline_json
from generator.load import read_seeds
from generator.model import Claim, Dossier, Project
from generator.provenance import Revision, dossier_revision
from generator.render import DossierPaths, GeneratedFile, render_pages
from generator.validate import validate_dossier


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
    return {dossier.id: dossier_revision(seeds_dir, dossier) for dossier in project.dossiers}


def generate_site_files(
    project: Project,
    revisions: Mapping[str, Revision] | None = None,
    *,
    dossiers: frozenset[str] | None = None,
    shared: bool = True,
) -> list[GeneratedFile]:
    """Every generated page and export, in path order; or only the pages and
    exports of the dossiers whose ids are in ``dossiers``, with the pages every
    dossier shares (home page, tag index, schemas) unless not ``shared``."""
    files = [
        file
        for batch in site_file_batches(project, revisions, dossiers=dossiers, shared=shared)
        for file in batch
    ]
    return sorted(files, key=lambda file: file.path)


def site_file_batches(
    project: Project,
    revisions: Mapping[str, Revision] | None = None,
    *,
    dossiers: frozenset[str] | None = None,
    shared: bool = True,
) -> Iterator[list[GeneratedFile]]:
    """The files of ``generate_site_files``, a batch at a time: the files every
    dossier shares, then each dossier's pages and exports."""
    for dossier, pages in render_pages(project, revisions, dossiers=dossiers, shared=shared):
        if dossier is None:
            yield pages + [
                GeneratedFile(f"schemas/{record}.schema.json", schema.json_schema(record))
                for record in ("dossier", "source")
            ]
        else:
            yield pages + _exports(dossier)


def write_files(files: list[GeneratedFile], out: Path) -> None:
    """Write each file under ``out``, at its path, in UTF-8."""
    folders: set[Path] = set()
    for generated in files:
        target = out / generated.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_text(generated.content, encoding="utf-8")


def _exports(dossier: Dossier) -> list[GeneratedFile]:
    """The machine-readable files of one dossier, beside its pages."""
    paths = DossierPaths(dossier)

    def review_url(claim: Claim) -> str:
        # Relative to claimreview.json itself: the site has no fixed address to prefix.
        return f"sources/{claim.source_id}/#claim-{claim.id}"

    exports = [
        GeneratedFile(paths.page("dossier.json"), dossier_json(dossier)),
        GeneratedFile(paths.page("claims.csv"), claims_csv(dossier)),
        GeneratedFile(paths.page("timeline.json"), timeline_json(dossier)),
    ]
    reviews = claim_review_jsonld(dossier, review_url)
    if reviews is not None:
        exports.append(GeneratedFile(paths.page("claimreview.json"), reviews))
    return exports


__all__ = [
    "GeneratedFile",
    "generate_site_files",
    "load_project",
    "load_revisions",
    "site_file_batches",
    "write_files",
]
