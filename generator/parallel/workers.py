"""The pipeline's steps, shared among processes, written while a site builder reads them.

Once every dossier is read and validated (``pipeline.read_dossiers``), the
paths of all its pages and exports are known (``DossierOutline.paths``)
before any of them is rendered. So ``start_generation`` returns then, with
the home page and the tag index written, and ``concurrency`` processes
render and write the dossiers' pages in the background: a site builder can
list every file, build its navigation and convert the pages written first
while the others are being written, and waits (``Generation.wait_for``) only
for a page not written yet. The builder then keeps a processor to itself
while the rendering takes the others, instead of idling until every page is
written.

The dossiers are cut into one share per process, each a run of dossiers in
file order with about as many sources as the others. Each process reads and
validates its share, and reports it before rendering anything: either the
outline of each dossier, or every problem found, which ``start_generation``
merges with the other shares' into one ``DossierError`` in file order. Only
once every share is valid does each process go on, so that invalid input
leaves nothing written, as in one process. Then it lowers its priority, so
that the builder it runs beside keeps its processor, and renders its
dossiers one at a time, saying when each one's files are written.

A project of fewer than ``PARALLEL_FROM`` dossiers is generated in this
process before ``start_generation`` returns, as is every project at a
concurrency of 1: starting a process costs more than it saves. Either way
the files written are the same, byte for byte.

Each process is a fresh ``python -m generator.parallel.worker_process``, given its work
and returning its messages as pickles through its standard streams: unlike
``multiprocessing``, this does not run the calling program's main module
again, and it is safe beside the threads of ``mkdocs serve``. The process
that builds the site thus never holds the validated project nor the pages:
it reads them from the folder as it reads hand-written pages, and its memory
stays that of plain MkDocs.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from generator.cache import BuildCache
from generator.diagnostics import Diagnostic, DossierError
from generator.parallel.priority import lower_priority
from generator.pipeline import (
    CachedDossier,
    DossierCache,
    Repository,
    read_dossiers,
    write_dossiers,
    write_shared,
)
from generator.read.seeds import SOURCES_DIR, dossier_folders
from generator.render.pages import DossierOutline

PARALLEL_FROM = 10
"""Projects with fewer dossiers are generated in this process: starting the
other processes (about 0.15 s) pays from about nine dossiers of ten sources."""


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
        pickle.dump((share, *work), self.process.stdin)
        self.process.stdin.flush()

    def start_writing(self) -> None:
        """Let the process write its dossiers, once every share is valid."""
        assert self.process.stdin is not None
        # If it ended, ``receive`` tells how.
        with contextlib.suppress(OSError), self.process.stdin:
            self.process.stdin.write(_WRITE)

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
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):  # the process is gone: nothing to flush to
                self.process.stdin.close()
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


_WRITE = b"write"
"""What a process waits for on its standard input, after its report, before it
writes anything; it ends without writing at the end of the stream instead."""


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
    found: dict[str, str] = field(default_factory=dict)
    """The content of each file taken from the build cache, by path: not written."""
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
    concurrency: int | None = None,
    parallel_from: int | None = None,
    store: BuildCache | None = None,
) -> Generation:
    """Read and validate the dossiers under ``seeds_dir`` (or those named in
    ``only``) and start writing their pages and exports under ``out``; raise
    ``DossierError`` listing every problem.

    ``repository`` and ``site_url`` are as in ``pipeline.read_dossiers``.
    ``concurrency`` is the number of processes that render the dossiers, by
    default one per processor (``os.cpu_count``); at 1, or for a project of
    fewer than ``parallel_from`` dossiers (``PARALLEL_FROM``), this process
    renders them, and they are written when this returns. With a ``store``, a
    dossier whose folder is as when a build last read it is neither read nor
    rendered (``pipeline.DossierCache``): its files come from the store, in
    ``Generation.found`` rather than under ``out``.
    """
    concurrency = (os.cpu_count() or 1) if concurrency is None else concurrency
    if concurrency < 1:
        raise ValueError(f"concurrency must be 1 or more, not {concurrency}")
    parallel_from = PARALLEL_FROM if parallel_from is None else parallel_from
    names = dossier_folders(seeds_dir, only)
    cache = DossierCache(store, seeds_dir, repository, site_url) if store is not None else None
    found = cache.found(names) if cache is not None else {}
    unread = [name for name in names if name not in found]
    # Only the dossiers not found are read; the seeds folder itself is checked all the same.
    reading = only if not found else frozenset(unread) | ((only or frozenset()) - set(names))
    if concurrency < 2 or len(unread) < max(parallel_from, 2):
        dossiers = read_dossiers(seeds_dir, reading, repository=repository, site_url=site_url)
        outline = _in_order(names, [dossier.outline for dossier in dossiers], found)
        shared = write_shared(outline, out)
        write_dossiers(dossiers, out, cache=cache)
        return Generation(outline, sorted(shared + _dossier_paths(outline)), _files(found))
    shares = [frozenset(share) for share in _shares(seeds_dir, unread, concurrency)]
    shares[0] |= (reading or frozenset()) - set(unread)  # the first process reports them missing
    workers = [_Worker(share, seeds_dir, out, repository, site_url, cache) for share in shares]
    try:
        outline = _in_order(names, _outline([worker.receive() for worker in workers]), found)
        for worker in workers:
            worker.start_writing()
        shared = write_shared(outline, out)
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
    paths = sorted(shared + _dossier_paths(outline))
    return Generation(outline, paths, _files(found), workers, writer_of)


def _in_order(
    names: list[str], read: list[DossierOutline], found: dict[str, CachedDossier]
) -> list[DossierOutline]:
    """The outlines of the dossiers read and of those found in the cache, in file order."""
    if not found:
        return read
    outlines = {outline.id: outline for outline in read}
    outlines |= {name: dossier.outline for name, dossier in found.items()}
    return [outlines[name] for name in names if name in outlines]


def _files(found: dict[str, CachedDossier]) -> dict[str, str]:
    return {file.path: file.content for dossier in found.values() for file in dossier.files}


def _shares(seeds_dir: Path, names: list[str], count: int) -> list[list[str]]:
    """``names`` cut into at most ``count`` runs, in order, of about as many sources each.

    Runs in file order keep the outline and the merged errors in file order
    without sorting them; a dossier's size is counted from its folder's
    entries, before anything is read.
    """
    sizes = [_size(seeds_dir / name) for name in names]
    total = sum(sizes)
    shares: list[list[str]] = [[]]
    done = 0
    for name, size in zip(names, sizes, strict=True):
        if shares[-1] and len(shares) < count and done * count >= total * len(shares):
            shares.append([])
        shares[-1].append(name)
        done += size
    return shares


def _size(folder: Path) -> int:
    """About how much work a dossier is: one, and one more for each file of its sources."""
    try:
        with os.scandir(folder / SOURCES_DIR) as entries:
            return 1 + sum(1 for _ in entries)
    except OSError:  # no sources folder, or not one: reading the dossier reports it
        return 1


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


def _dossier_paths(outline: list[DossierOutline]) -> list[str]:
    return [path for dossier in outline for path in dossier.paths]


def run_in_child() -> None:
    """The child's side of ``_Worker``: read the work from stdin, report on stdout."""
    share, seeds_dir, out, repository, site_url, cache = pickle.load(sys.stdin.buffer)
    stream = sys.stdout.buffer

    def send(kind: str, value: Any, stream: IO[bytes] = stream) -> None:
        pickle.dump((kind, value), stream)
        stream.flush()

    try:
        dossiers = read_dossiers(seeds_dir, share, repository=repository, site_url=site_url)
    except DossierError as exc:
        send("error", exc)
        return
    send("outline", [dossier.outline for dossier in dossiers])
    # Another share may be invalid: then nothing is written, as in one process.
    if sys.stdin.buffer.read() != _WRITE:
        return
    lower_priority()
    write_dossiers(dossiers, out, lambda ident: send("written", ident), cache)
    if cache is not None:
        cache.store.close()
    send("done", None)


__all__ = ["DossierOutline", "Generation", "start_generation"]
