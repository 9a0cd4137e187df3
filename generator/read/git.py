"""The one way the generator runs git: in the project's own repository, never in one
that the seeds could make up.

Git takes the first folder upwards from its working folder that looks like a
repository (``HEAD``, ``objects/``, ``refs/``) as the repository, and obeys
its ``config``, which can name commands to run (``core.fsmonitor``, for one).
A pull request can add such files to a dossier's folder, so git must never
look for its repository from inside the seeds. Here the repository is looked
for once, from a folder of the project outside the seeds (the folder holding
``mkdocs.yml``, or the seeds folder's parent), and every command then names
it explicitly (``GIT_DIR`` and ``GIT_WORK_TREE``) and the files it asks about
as paths relative to its top, so nothing below it is ever taken for a
repository.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

_SAFETY = ("-c", "core.fsmonitor=false", "-c", "safe.bareRepository=explicit")
"""Options of every git command. Git only reads here, so no helper it could start
(a file system monitor) is wanted; and a bare repository, which has no work tree
to hold a project, is never taken for the project's even if one lies above it."""


@dataclass(frozen=True)
class GitRepository:
    """A repository with a work tree, found by ``find_repository``."""

    git_dir: Path
    top: Path
    """The top of the work tree: paths given to ``run`` are relative to it."""

    def path_of(self, path: Path) -> str | None:
        """``path`` relative to the top, as git names it, or ``None`` if it lies outside."""
        try:
            return Path(os.path.realpath(path)).relative_to(self.top).as_posix()
        except ValueError:
            return None

    def run(self, *args: str) -> str:
        """The output of ``git <args>`` in this repository; raises ``GitFailed``.

        Pathspecs are taken literally, so a path is never read as a pattern.
        """
        environment = dict(
            os.environ,
            GIT_DIR=str(self.git_dir),
            GIT_WORK_TREE=str(self.top),
            GIT_LITERAL_PATHSPECS="1",
            GIT_OPTIONAL_LOCKS="0",  # `git status` would otherwise rewrite the index
        )
        return _git(self.top, environment, *args)


class GitFailed(Exception):
    """Git is missing, or a command ended in failure."""


def find_repository(folder: Path) -> GitRepository | None:
    """The repository whose work tree holds ``folder``, or ``None``.

    ``folder`` must be one of the project's own (see the module's docstring):
    git looks for the repository from there upwards.
    """
    try:
        output = _git(
            Path(os.path.realpath(folder)),
            dict(os.environ),
            "rev-parse",
            "--absolute-git-dir",
            "--show-toplevel",
        )
    except GitFailed:
        return None
    lines = output.splitlines()
    if len(lines) != 2:  # no work tree: --show-toplevel printed nothing
        return None
    git_dir, top = lines
    return GitRepository(Path(git_dir), Path(os.path.realpath(top)))


def _git(cwd: Path, environment: dict[str, str], *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", *_SAFETY, *args],
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise GitFailed(str(exc)) from None
    if result.returncode != 0:
        raise GitFailed(result.stderr.strip())
    return result.stdout.strip()


__all__ = ["GitFailed", "GitRepository", "find_repository"]
