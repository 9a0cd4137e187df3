"""Build the site with MkDocs into a temporary folder and swap it in whole.

MkDocs writes straight into its site folder and cleans it first, so a build
that fails half-way would leave a broken site. Here the build goes into a
sibling temporary folder; only when it succeeds is the old site replaced.
MkDocs runs as a separate process, which keeps the core free of MkDocs.

One build at a time: a build holds a lock on the folder that holds the site
for as long as it runs, and a second build waits for it, saying so; else
each would take the other's folders for an interrupted build's and remove
them. The swap is two renames, ``site`` to ``.site-old`` and the new build
to ``site``. A build killed between the two leaves no ``site`` but a whole
``.site-old``, which the next build puts back before anything else; an old
copy is removed only once a site stands in its place, so the last good site
is never lost. What cannot be removed is reported, never silently kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.cache import NO_CACHE_ENV
from generator.diagnostics import Diagnostic, Location
from generator.read.git import GitFailed, find_repository
from generator.read.seeds import display_path


class BuildFailed(Exception):
    """The site could not be built or put in place; the previous site is left as it was.

    Its text is the whole line to show, naming the folder at fault when there is one.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        at = None if path is None else Location(display_path(path))
        line = f"error: {message}" if at is None else str(Diagnostic(at, message))
        super().__init__(line)


def build_site(
    config_file: Path, site_dir: Path, *, strict: bool = True, cache: bool = True
) -> None:
    """Run ``mkdocs build`` into a temporary folder, then replace ``site_dir`` with it;
    without the build cache when ``cache`` is false."""
    site = site_dir.resolve()  # a link to the site: its target is replaced, the link stays
    shown = display_path(site_dir)
    with _build_lock(site, shown):
        _put_back_an_interrupted_swap(site, shown)
        _remove_leftovers(site)
        if site.exists() and not site.is_dir():
            raise BuildFailed("this is not a folder; remove it or choose another --site-dir", site)
        temporary = _make_folder(site)
        try:
            status = _run_mkdocs(config_file, temporary, strict, cache)
            if status != 0:
                raise BuildFailed(
                    f"mkdocs build failed (exit status {status}); {shown} was left as it was"
                )
            _swap(temporary, site, shown)
        finally:
            _remove(temporary)


def _run_mkdocs(config_file: Path, out: Path, strict: bool, cache: bool) -> int:
    """The exit status of ``mkdocs build`` into ``out``; MkDocs prints its own errors."""
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    command += ["--site-dir", str(out), *(["--strict"] if strict else [])]
    environment = _build_environment(config_file)
    if not cache:
        environment[NO_CACHE_ENV] = "1"
    return subprocess.run(command, env=environment, check=False).returncode


@contextlib.contextmanager
def _build_lock(site: Path, shown: str) -> Iterator[None]:
    """Hold the lock of builds into ``site``'s folder; wait, saying so, while another does.

    The lock is the folder's own (``flock``), not a file beside the site: nothing
    is left behind, and the kernel releases it when a build dies however it dies.
    """
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        folder = os.open(site.parent, os.O_RDONLY)
    except OSError as exc:
        message = f"cannot build the site in this folder ({exc.strerror}); check that it is yours"
        raise BuildFailed(message, site.parent) from None
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build into {shown}/ is running; waiting for it to end", file=sys.stderr)
            fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # releases the lock


def _old_copy(site: Path) -> Path:
    return site.with_name(f".{site.name}-old")


def _temporary_prefix(site: Path) -> str:
    return f".{site.name}-build-"


def _put_back_an_interrupted_swap(site: Path, shown: str) -> None:
    """Restore the old site when a build was killed between the two renames of its swap."""
    old = _old_copy(site)
    if os.path.lexists(site) or not old.is_dir():
        return
    try:
        old.rename(site)
    except OSError as exc:
        raise BuildFailed(
            f"an interrupted build left the last good site here, and it cannot be put back "
            f"({exc.strerror}); rename it to {shown} by hand",
            old,
        ) from None
    _warn(f"put back {shown}, which an interrupted build had left in {display_path(old)}")


def _remove_leftovers(site: Path) -> None:
    """Remove what interrupted builds left: with the lock held, no build is using it.

    Old copies (``.site-old``, and ``.site-old-*`` of earlier versions) go only
    while a site stands in their place, so that the last good one is kept.
    """
    old = _old_copy(site).name
    for entry in sorted(site.parent.iterdir()):
        if entry.name.startswith(_temporary_prefix(site)) or (
            site.is_dir() and (entry.name == old or entry.name.startswith(f"{old}-"))
        ):
            _remove(entry)


def _make_folder(site: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=_temporary_prefix(site), dir=site.parent))
    except OSError as exc:
        raise BuildFailed(
            f"cannot make a folder to build in here ({exc.strerror}); check the folder",
            site.parent,
        ) from None


def _swap(new: Path, site: Path, shown: str) -> None:
    if not site.exists():
        _rename(new, site, f"{shown} is still missing")
        return
    old = _old_copy(site)
    _rename(site, old, f"{shown} was left as it was")
    try:
        new.rename(site)
    except OSError as exc:
        outcome = f"{shown} was left as it was"
        try:
            old.rename(site)
        except OSError:
            outcome = f"the last good site is in {display_path(old)}; the next build puts it back"
        raise _cannot_rename(new, site, exc, outcome) from None
    _remove(old)


def _rename(source: Path, target: Path, outcome: str) -> None:
    try:
        source.rename(target)
    except OSError as exc:
        raise _cannot_rename(source, target, exc, outcome) from None


def _cannot_rename(source: Path, target: Path, error: OSError, outcome: str) -> BuildFailed:
    return BuildFailed(
        f"cannot rename this to {display_path(target)} ({error.strerror}); {outcome}. "
        "Check that the folder is yours and not in use: a mount point cannot be replaced",
        source,
    )


def _remove(path: Path) -> None:
    """Remove a folder, or say which one could not be: it would otherwise stay for ever."""
    if not os.path.lexists(path):
        return
    try:
        shutil.rmtree(path)
    except OSError as exc:
        _warn(f"cannot remove {display_path(path)} ({exc.strerror}); remove it by hand")


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _build_environment(config_file: Path) -> dict[str, str]:
    """The environment for MkDocs, with a build date taken from git, not the clock.

    MkDocs stamps the sitemap with the build date unless ``SOURCE_DATE_EPOCH``
    is set; the date of the last commit makes two builds of one commit equal.
    """
    environment = dict(os.environ)
    # Material prints an end-of-life banner on every build; the project pins its versions.
    environment.setdefault("NO_MKDOCS_2_WARNING", "1")
    if "SOURCE_DATE_EPOCH" not in environment:
        repository = find_repository(config_file.resolve().parent)
        try:
            stamp = repository.run("log", "-1", "--format=%ct") if repository else ""
        except GitFailed:
            stamp = ""
        environment["SOURCE_DATE_EPOCH"] = stamp or "0"
    return environment
