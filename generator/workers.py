"""From a seeds folder to the generated files, in two processes at once for a large project.

A dossier's pages depend on that dossier alone, except the home page, the tag
index and the navigation, which need every dossier. With two processes, the
first reads and validates every dossier, so that it reports every problem in
file order, and renders those shared pages and the first dossiers' pages
(``FIRST_SHARE``); the second reads, validates and renders the rest. A
project of fewer than ``PARALLEL_FROM`` dossiers is generated in this
process, as is every project on a machine with one processor: starting a
process costs more than it saves there.

Each process is a fresh ``python -m generator.worker_process``, given its work
and returning its result as a pickle through its standard streams: unlike
``multiprocessing``, this does not run the calling program's main module again,
and it is safe beside the threads of ``mkdocs serve``. Each process writes
its files into the output folder; only their paths and the outline of each
dossier come back. The process that goes on to build the site thus never
holds the validated project nor the pages: MkDocs reads them from the folder
as it reads hand-written pages, and its memory stays that of plain MkDocs.
"""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build import load_project, load_revisions, site_file_batches, write_files
from generator.diagnostics import DossierError
from generator.load import dossier_folders
from generator.model import Dossier
from generator.provenance import with_repository

PARALLEL_FROM = 10
"""Projects with fewer dossiers are generated in this process: starting the
second process (about 0.15 s) pays from about nine dossiers of ten sources."""

FIRST_SHARE = 0.4
"""The part of the dossiers whose pages the first process renders: it also reads
every dossier and renders the shared pages, which takes it about as long as
the second process takes for the rest."""


@dataclass(frozen=True)
class DossierOutline:
    """What the site's navigation needs of a dossier: its title and the ids of its pages."""

    id: str
    title: str
    questions: tuple[str, ...]
    sources: tuple[str, ...]
    entities: tuple[str, ...]

    @classmethod
    def of(cls, dossier: Dossier) -> DossierOutline:
        return cls(
            dossier.id,
            dossier.title,
            tuple(question.id for question in dossier.questions),
            tuple(source.id for source in dossier.sources),
            tuple(entity.id for entity in dossier.entities),
        )


@dataclass(frozen=True)
class GeneratedSite:
    """The paths of the generated pages and exports, in order, and the outline of every dossier."""

    paths: list[str]
    outline: list[DossierOutline]


@dataclass(frozen=True)
class Repository:
    """Where the seeds are published: a GitHub-style repository and the seeds folder in it."""

    url: str
    seeds_folder: str


def generate_site(
    seeds_dir: Path,
    out: Path,
    only: frozenset[str] | None = None,
    *,
    repository: Repository | None = None,
    jobs: int | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> GeneratedSite:
    """Read, validate and render the dossiers under ``seeds_dir`` (or those named in
    ``only``) and write their pages and exports under ``out``; raise
    ``DossierError`` listing every problem.

    ``jobs`` is the number of processes, by default two when the machine has
    two processors; a project of fewer than ``parallel_from`` dossiers is
    generated in this process.
    """
    jobs = min(2, os.cpu_count() or 1) if jobs is None else jobs
    names = dossier_folders(seeds_dir, only)
    if jobs < 2 or len(names) < max(parallel_from, 2):
        return _generate(seeds_dir, out, only, None, repository)
    first = math.ceil(len(names) * FIRST_SHARE)
    rest = frozenset(names[first:])
    second = _start(seeds_dir, out, rest, rest, repository, shared=False)
    main = _start(seeds_dir, out, only, frozenset(names[:first]), repository)
    try:
        site = _result(main)  # it read every dossier: its error names every problem
        paths = site.paths + _result(second).paths
    finally:
        for process in (main, second):
            process.kill()  # when the other one failed
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
    return GeneratedSite(sorted(paths), site.outline)


def _start(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
    """A process running ``_generate(*args, **kwargs)``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.worker_process"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdin is not None
    with process.stdin:
        pickle.dump((args, kwargs), process.stdin)
    return process


def _result(process: subprocess.Popen[bytes]) -> GeneratedSite:
    """What the process returned; its ``DossierError`` is raised here."""
    assert process.stdout is not None
    try:
        # Read as it comes, without holding the whole pickle besides what it holds.
        # It comes from our own child process, never from the input.
        outcome = pickle.load(process.stdout)
    except (EOFError, pickle.UnpicklingError):
        outcome = None
    if process.wait() != 0 or outcome is None:
        raise RuntimeError(
            f"a generating process ended with status {process.returncode}; see its output above"
        )
    if isinstance(outcome, DossierError):
        raise outcome
    assert isinstance(outcome, GeneratedSite)
    return outcome


def run_in_child() -> None:
    """The child's side of ``_start``: read the work from stdin, write the result to stdout."""
    args, kwargs = pickle.load(sys.stdin.buffer)
    try:
        outcome: GeneratedSite | DossierError = _generate(*args, **kwargs)
    except DossierError as exc:
        outcome = exc
    pickle.dump(outcome, sys.stdout.buffer)
    sys.stdout.flush()


def _generate(
    seeds_dir: Path,
    out: Path,
    only: frozenset[str] | None,
    render: frozenset[str] | None,
    repository: Repository | None,
    *,
    shared: bool = True,
) -> GeneratedSite:
    """Read the dossiers named in ``only`` (all when None) and write the pages of
    those in ``render`` (all when None) under ``out``, with the shared pages when
    ``shared``."""
    project = load_project(seeds_dir, only)
    revisions = load_revisions(seeds_dir, project)
    if repository is not None:
        revisions = {
            ident: with_repository(revision, repository.url, f"{repository.seeds_folder}/{ident}")
            for ident, revision in revisions.items()
        }
    paths: list[str] = []
    for batch in site_file_batches(project, revisions, dossiers=render, shared=shared):
        write_files(batch, out)  # one dossier's pages at a time are held
        paths.extend(file.path for file in batch)
    outline = [DossierOutline.of(dossier) for dossier in project.dossiers] if shared else []
    return GeneratedSite(sorted(paths), outline)


__all__ = ["DossierOutline", "GeneratedSite", "Repository", "generate_site"]
