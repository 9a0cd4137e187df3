"""When a dossier's data last changed, and at which version, for "cite this page".

The answer comes from git when the seeds are in a repository (the last commit
that touched the dossier's folder), else from the data itself (the latest
date it records). No wall clock is read, so a build is reproducible. Git runs
in the repository found from the seeds folder's parent (``generator.read.git``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.domain.model import Dossier
from generator.domain.times import PointInTime
from generator.read.git import GitFailed, GitRepository, find_repository


@dataclass(frozen=True)
class Revision:
    """The state of a dossier's data that a page was built from."""

    date: str
    """The day the data last changed, as YYYY-MM-DD."""
    commit: str | None = None
    """The full commit hash, when the data comes from git."""
    uncommitted: bool = False
    """True when the working tree holds changes to the dossier not yet committed."""
    data_url: str | None = None
    """Where that version of the dossier's data can be read, when the site names its repository."""

    @property
    def version(self) -> str:
        if self.commit is None:
            return f"data of {self.date}"
        suffix = " with uncommitted changes" if self.uncommitted else ""
        return f"{self.commit[:12]}{suffix}"


def revision_from_data(dossier: Dossier) -> Revision:
    """The latest day the dossier's data mentions: its end, sources' dates and updates."""
    times: list[PointInTime] = [dossier.start]
    times.extend(time for time in (dossier.end,) if time is not None)
    for source in dossier.sources:
        times.append(source.retrieved)
        times.extend(time for time in (source.published, *source.updated) if time is not None)
    latest = max(times, key=lambda time: time.bounds()[0])
    return Revision(latest.bounds()[0].date().isoformat())


def dossier_revisions(seeds_dir: Path, dossiers: Iterable[Dossier]) -> dict[str, Revision]:
    """Each dossier's revision by id: the last git commit touching ``seeds/<dossier>``,
    or else the data's own dates."""
    seeds, repository = _repository_of(seeds_dir)
    return {dossier.id: _revision(repository, seeds / dossier.id, dossier) for dossier in dossiers}


def _repository_of(seeds_dir: Path) -> tuple[Path, GitRepository | None]:
    """The seeds folder, links resolved, and the git repository that holds it."""
    seeds = Path(os.path.realpath(seeds_dir))
    return seeds, find_repository(seeds.parent)


def _revision(repository: GitRepository | None, folder: Path, dossier: Dossier) -> Revision:
    path = repository.path_of(folder) if repository is not None else None
    if repository is None or path is None:
        return revision_from_data(dossier)
    try:
        log = repository.run("log", "-1", "--format=%H %cs", "--", path)
        status = repository.run("status", "--porcelain", "--ignore-submodules", "--", path)
    except GitFailed:
        return revision_from_data(dossier)
    if not log:
        return revision_from_data(dossier)
    commit, date = log.split()
    return Revision(date, commit, uncommitted=bool(status))


def folder_states(seeds_dir: Path, names: Iterable[str]) -> dict[str, str]:
    """For each dossier folder, a text that changes whenever the revision that
    ``dossier_revisions`` gives it may change, read before the folder is: the
    commit checked out, and what ``git status`` says of the folder. Two git
    commands for every dossier at once, where a revision takes two for each;
    empty outside git, where the revision comes from the data."""
    seeds, repository = _repository_of(seeds_dir)
    path = repository.path_of(seeds) if repository is not None else None
    if repository is None or path is None:
        return dict.fromkeys(names, "")
    try:
        head = repository.run("rev-parse", "--verify", "--quiet", "HEAD")
    except GitFailed:
        head = ""  # no commit yet
    try:
        status = repository.run("status", "--porcelain", "-z", "--ignore-submodules", "--", path)
    except GitFailed as exc:
        status = f"git status failed: {exc}"  # the same failure gives the same state
    entries = status.split("\0")
    states = {}
    for name in names:
        folder = f"{path}/{name}/" if path != "." else f"{name}/"
        states[name] = "\0".join([head, *(entry for entry in entries if folder in entry)])
    return states


def with_repository(revision: Revision, repository_url: str, folder: str) -> Revision:
    """The revision with a link to its data in a GitHub-style repository browser."""
    if revision.commit is None:
        return revision
    url = f"{repository_url.rstrip('/')}/tree/{revision.commit}/{folder.strip('/')}"
    return replace(revision, data_url=url)
