"""The whole path from a seeds folder to the files of a site, free of any site builder.

``load_project`` reads and validates; ``generate_site_files`` renders every
page and export in memory. The MkDocs plugin hands these files to MkDocs as
virtual files; ``dossier generate`` writes them to a folder.
"""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import DiagnosticSink
from generator.export import dossier_json
from generator.load import read_seeds
from generator.model import Project
from generator.render import GeneratedFile, render_pages
from generator.validate import validate_dossier


def load_project(seeds_dir: Path) -> Project:
    """Read and validate every dossier; raise ``DossierError`` listing all problems."""
    sink = DiagnosticSink()
    raw_dossiers = read_seeds(seeds_dir, sink)
    dossiers = [dossier for raw in raw_dossiers if (dossier := validate_dossier(raw, sink))]
    sink.raise_if_any()
    return Project(tuple(dossiers))


def generate_site_files(project: Project) -> list[GeneratedFile]:
    """Every generated page and export, in path order."""
    files = render_pages(project)
    files.extend(
        GeneratedFile(f"dossiers/{dossier.id}/dossier.json", dossier_json(dossier))
        for dossier in project.dossiers
    )
    return sorted(files, key=lambda file: file.path)


__all__ = ["GeneratedFile", "generate_site_files", "load_project"]
