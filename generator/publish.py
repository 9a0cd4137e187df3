"""Build the site with MkDocs into a temporary folder and swap it in whole.

MkDocs writes straight into its site folder and cleans it first, so a build
that fails half-way would leave a broken site. Here the build goes into a
sibling temporary folder; only when it succeeds is the old site replaced.
MkDocs runs as a separate process, which keeps the core free of MkDocs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.git import GitFailed, find_repository

_TEMP_PREFIX = ".site-build-"
_OLD_PREFIX = ".site-old-"


class BuildFailed(Exception):
    """MkDocs reported an error; the previous site was left as it was."""


def build_site(config_file: Path, site_dir: Path, *, strict: bool = True) -> None:
    """Run ``mkdocs build`` into a temporary folder, then replace ``site_dir`` with it."""
    parent = site_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(parent)
    temporary = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=parent))
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(temporary),
    ]
    if strict:
        command.append("--strict")
    try:
        result = subprocess.run(command, env=_build_environment(config_file), check=False)
        if result.returncode != 0:
            raise BuildFailed(
                f"mkdocs build failed (exit status {result.returncode}); "
                f"{site_dir} was left as it was"
            )
        _swap(temporary, site_dir)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _swap(new: Path, site_dir: Path) -> None:
    if not site_dir.exists():
        new.rename(site_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=_OLD_PREFIX, dir=site_dir.resolve().parent))
    old.rmdir()
    site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(parent: Path) -> None:
    """Remove temporary folders that an interrupted build left behind."""
    for entry in parent.iterdir():
        if entry.is_dir() and entry.name.startswith((_TEMP_PREFIX, _OLD_PREFIX)):
            shutil.rmtree(entry, ignore_errors=True)


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
