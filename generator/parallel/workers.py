"""From a seeds folder to the generated files, written while a site builder reads them.

Once every dossier is read and validated, the paths of all its pages and
exports are known (``DossierOutline.paths``) before any of them is rendered.
So ``start_generation`` returns then, with the home page and the tag index
written, and two processes render and write the dossiers' pages in the
background: a site builder can list every file, build its navigation and
convert the pages written first while the others are being written, and
waits (``Generation.wait_for``) only for a page not written yet. On two
processors, the builder then keeps one to itself while the rendering takes
the other, instead of idling until every page is written.

Each process reads and validates its half of the dossiers, and reports it
before rendering anything: either the outline of each dossier, or every
problem found, which ``start_generation`` merges with the other half's into
one ``DossierError`` in file order. Then it lowers its priority, so that the
builder it runs beside keeps its processor, and renders its dossiers one at
a time, saying when each one's files are written.

A project of fewer than ``PARALLEL_FROM`` dossiers is generated in this
process before ``start_generation`` returns, as is every project on a
machine with one processor: starting a process costs more than it saves.

Each process is a fresh ``python -m generator.parallel.worker_process``, given its work
and returning its messages as pickles through its standard streams: unlike
``multiprocessing``, this does not run the calling program's main module
again, and it is safe beside the threads of ``mkdocs serve``. The process
that builds the site thus never holds the validated project nor the pages:
it reads them from the folder as it reads hand-written pages, and its memory
stays that of plain MkDocs.
"""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.diagnostics import Diagnostic, DossierError
from generator.parallel.priority import run_in_background
from generator.pipeline import DossierFiles, load_project, load_revisions, shared_files, write_files
from generator.read.provenance import with_repository
from generator.read.seeds import dossier_folders
from generator.render.pages import DossierOutline

PARALLEL_FROM = 10
"""Projects with fewer dossiers are generated in this process: starting the
other processes (about 0.15 s) pays from about nine dossiers of ten sources."""


@dataclass(frozen=True)
class Repository:
    """Where the seeds are published: a GitHub-style repository and the seeds folder in it."""

    url: str
    seeds_folder: str


class _Worker:
    """A process reading, validating and then writing some of the dossiers."""

    def __init__(self, share: frozenset[str], *work: Any) -> None:
        self.share = share
        self.written: set[str] = set()
        self.done = False
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.parallel.worker_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdin is not None
        with self.process.stdin:
            pickle.dump((share, *work), self.process.stdin)

    def receive(self) -> tuple[str, Any]:
        """The process's next message; an error when it ended without one."""
        assert self.process.stdout is not None
        try:
            # It comes from our own child process, never from the input.
            message: tuple[str, Any] = pickle.load(self.process.stdout)
        except (EOFError, pickle.UnpicklingError, OSError):
            raise _ended(self.process.wait()) from None
        return message

    def wait_until_written(self, dossier: str) -> None:
        while dossier not in self.written and not self.done:
            self._take(self.receive())
        if dossier not in self.written:
            raise RuntimeError(f"no process wrote the files of dossier {dossier!r}")

    def finish(self) -> None:
        while not self.done:
            self._take(self.receive())
        self.stop()
        if self.process.returncode != 0:
            raise _ended(self.process.returncode)

    def stop(self) -> None:
        """End the process, at once if it is still working, and reap it."""
        if not self.done:
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def _take(self, message: tuple[str, Any]) -> None:
        kind, value = message
        if kind == "written":
            self.written.add(value)
        elif kind == "done":
            self.done = True
        else:
            raise _unexpected(kind)


def _ended(status: int) -> RuntimeError:
    return RuntimeError(
        f"a process generating the dossiers ended with status {status}; see its output above"
    )


def _unexpected(kind: str) -> RuntimeError:
    return RuntimeError(f"unexpected message {kind!r} from a process generating the dossiers")


@dataclass
class Generation:
    """The generated files of a site, some of which may still be being written.

    ``outline`` lists every dossier, with the paths of its files; ``paths``
    lists every file, in path order. ``wait_for`` returns once a file is
    written; ``finish`` once every file is. ``stop`` ends the writing at once,
    for a build that failed.
    """

    outline: list[DossierOutline]
    paths: list[str]
    _workers: list[_Worker] = field(default_factory=list)
    _writer_of: dict[str, tuple[_Worker, str]] = field(default_factory=dict)
    """For each file still being written, the worker writing it and its dossier."""

    def wait_for(self, path: str) -> None:
        writer = self._writer_of.get(path)
        if writer is not None:
            worker, dossier = writer
            worker.wait_until_written(dossier)

    def finish(self) -> None:
        try:
            for worker in self._workers:
                worker.finish()
        finally:
            self.stop()

    def stop(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers = []
        self._writer_of = {}


def start_generation(
    seeds_dir: Path,
    out: Path,
    only: frozenset[str] | None = None,
    *,
    repository: Repository | None = None,
    site_url: str | None = None,
    jobs: int | None = None,
    parallel_from: int | None = None,
) -> Generation:
    """Read and validate the dossiers under ``seeds_dir`` (or those named in
    ``only``) and start writing their pages and exports under ``out``; raise
    ``DossierError`` listing every problem.

    ``site_url``, the site's address, lets citations give each page's full address.
    ``jobs`` is the number of processes, by default two when the machine has
    two processors; a project of fewer than ``parallel_from`` dossiers
    (``PARALLEL_FROM``) is generated in this process, and is written when this
    returns.
    """
    jobs = min(2, os.cpu_count() or 1) if jobs is None else jobs
    parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
    names = dossier_folders(seeds_dir, only)
    if jobs < 2 or len(names) < max(parallel_from, 2):
        dossiers = _read(seeds_dir, only, repository, site_url)
        outline = [dossier.outline for dossier in dossiers]
        shared = _write_shared(outline, out)
        _write(dossiers, out, lambda _: None)
        return Generation(outline, sorted(shared + _dossier_paths(outline)))
    half = math.ceil(len(names) / 2)
    missing = (only or frozenset()) - set(names)  # the first process reports them
    shares = [frozenset(names[:half]) | missing, frozenset(names[half:])]
    workers = [_Worker(share, seeds_dir, out, repository, site_url) for share in shares]
    try:
        outline = _outline([worker.receive() for worker in workers])
        shared = _write_shared(outline, out)
    except BaseException:
        for worker in workers:
            worker.stop()
        raise
    writer_of = {
        path: (worker, dossier.id)
        for worker in workers
        for dossier in outline
        if dossier.id in worker.share
        for path in dossier.paths
    }
    return Generation(outline, sorted(shared + _dossier_paths(outline)), workers, writer_of)


def _outline(reports: list[tuple[str, Any]]) -> list[DossierOutline]:
    """The dossiers each process read, in order; or every problem either found."""
    errors = [value for kind, value in reports if kind == "error"]
    if errors:
        diagnostics: list[Diagnostic] = []
        for error in errors:  # problems of the seeds folder itself both processes see
            diagnostics.extend(d for d in error.diagnostics if d not in diagnostics)
        raise DossierError(diagnostics)
    outline: list[DossierOutline] = []
    for kind, value in reports:
        if kind != "outline":
            raise _unexpected(kind)
        outline.extend(value)
    return outline


def _write_shared(outline: list[DossierOutline], out: Path) -> list[str]:
    """Write the files every dossier shares; return their paths."""
    files = shared_files(outline)
    write_files(files, out)
    return [file.path for file in files]


def _dossier_paths(outline: list[DossierOutline]) -> list[str]:
    return [path for dossier in outline for path in dossier.paths]


def _read(
    seeds_dir: Path,
    only: frozenset[str] | None,
    repository: Repository | None,
    site_url: str | None = None,
) -> list[DossierFiles]:
    """Read and validate the dossiers, each ready to be rendered."""
    project = load_project(seeds_dir, only)
    revisions = load_revisions(seeds_dir, project)
    if repository is not None:
        revisions = {
            ident: with_repository(revision, repository.url, f"{repository.seeds_folder}/{ident}")
            for ident, revision in revisions.items()
        }
    return [DossierFiles(dossier, revisions[dossier.id], site_url) for dossier in project.dossiers]


def _write(dossiers: Iterable[DossierFiles], out: Path, written: Callable[[str], None]) -> None:
    """Render and write each dossier's files, one dossier's at a time held."""
    for dossier in dossiers:
        write_files(dossier.render(), out)
        written(dossier.dossier.id)


def run_in_child() -> None:
    """The child's side of ``_Worker``: read the work from stdin, report on stdout."""
    share, seeds_dir, out, repository, site_url = pickle.load(sys.stdin.buffer)
    stream = sys.stdout.buffer

    def send(kind: str, value: Any, stream: IO[bytes] = stream) -> None:
        pickle.dump((kind, value), stream)
        stream.flush()

    try:
        dossiers = _read(seeds_dir, share, repository, site_url)
    except DossierError as exc:
        send("error", exc)
        return
    send("outline", [dossier.outline for dossier in dossiers])
    run_in_background()
    _write(dossiers, out, lambda ident: send("written", ident))
    send("done", None)


__all__ = ["DossierOutline", "Generation", "Repository", "start_generation"]
