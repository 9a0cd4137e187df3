"""The two sites a benchmark builds, and how to run and measure a step.

- ``make_project``: the dossier site as ``dossier build`` builds it, a copy of
  this project's ``mkdocs.yml`` and ``docs/`` beside a seeds folder, with the
  ``dossier`` plugin's ``only`` option read from ``DOSSIER_ONLY``;
- ``make_baseline``: plain MkDocs with Material and no plugin, for the same
  Markdown written to disk by ``dossier generate``.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from generator.read.git import GitFailed, find_repository

REPO = Path(__file__).resolve().parent.parent

ONLY_OPTION = 'only: !ENV [DOSSIER_ONLY, ""]'
"""How the benchmark site chooses its dossiers, as ``make serve DOSSIER=<id>`` does."""

BASELINE_CONFIG = """\
# Plain MkDocs with Material: the generated Markdown, no plugin, a one-page nav.
site_name: Baseline
docs_dir: docs
theme:
  name: material
  language: en
  font: false
plugins: []
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc
nav:
  - index.md
"""

_DOSSIER_PLUGIN = re.compile(r"^(?P<indent>[ \t]*)- dossier:?[ \t]*\n", re.M)


def with_only_option(config: str) -> str:
    """``mkdocs.yml`` with ``only: !ENV [DOSSIER_ONLY, ""]`` under the dossier plugin,
    unless it already sets ``only``."""
    match = _DOSSIER_PLUGIN.search(config)
    if match is None:
        raise ValueError("mkdocs.yml lists no `- dossier` plugin")
    rest = config[match.end() :]
    options = re.match(r"(?P<indent>[ \t]+)\S", rest)
    indent = match["indent"] + "    "
    if options is not None and len(options["indent"]) > len(match["indent"]):
        indent = options["indent"]
        block = re.match(rf"(?:{re.escape(indent)}.*\n|[ \t]*\n)*", rest)
        if block is not None and re.search(r"^[ \t]+only:", block.group(0), re.M):
            return config
    head = config[: match.start()] + f"{match['indent']}- dossier:\n"
    return head + f"{indent}{ONLY_OPTION}\n" + rest


def make_project(root: Path) -> Path:
    """Copy this project's ``mkdocs.yml`` (with the ``only`` option) and ``docs/`` into
    ``root``, whose ``seeds/`` holds the corpus; return the config file."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(with_only_option((REPO / "mkdocs.yml").read_text("utf-8")), "utf-8")
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    return config


def make_baseline(root: Path) -> Path:
    """Write the baseline's ``mkdocs.yml`` into ``root`` with the project's ``docs/``
    in ``root/docs``, where ``dossier generate`` then writes; return the config file."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(BASELINE_CONFIG, "utf-8")
    return config


def revision() -> dict[str, object]:
    """The commit measured, and whether the generator's files differ from it."""

    repository = find_repository(REPO)

    def git(*args: str) -> str:
        try:
            return repository.run(*args) if repository else ""
        except GitFailed:
            return ""

    changed = git("status", "--porcelain", "--", "generator", "mkdocs.yml")
    return {"commit": git("rev-parse", "HEAD") or None, "generator_changed": bool(changed)}


def child_environment(**extra: str) -> dict[str, str]:
    """The environment of every measured process: this repository importable,
    MkDocs' banner off, a fixed build date."""
    environment = dict(os.environ)
    path = environment.get("PYTHONPATH")
    environment["PYTHONPATH"] = str(REPO) + (os.pathsep + path if path else "")
    environment["NO_MKDOCS_2_WARNING"] = "1"
    environment["SOURCE_DATE_EPOCH"] = "0"
    environment.update(extra)
    return environment


@dataclass
class Step:
    """A measured step: wall time around its process, and what it reported."""

    wall: float
    report: dict[str, object]
    cpu: float
    """Processor time, user and system, of the step's process and of every process it
    started and waited for (Pagefind, git, the workers), start-up included: what the
    machine spent on the step, which other load on it does not inflate."""

    @property
    def seconds(self) -> float:
        value = self.report["seconds"]
        assert isinstance(value, float)
        return value

    @property
    def peak_rss(self) -> int:
        """The largest resident set of the step's process, of any it started, and of
        the sum of those running at once."""
        own, children = self.report["rss_self"], self.report["rss_children"]
        tree = self.report.get("rss_tree", 0)
        assert isinstance(own, int) and isinstance(children, int) and isinstance(tree, int)
        return max(own, children, tree)


class StepFailed(RuntimeError):
    pass


def run_step(*args: str, cwd: Path, timeout: float | None = None) -> Step:
    """Run ``python -m benchmarks.steps ARGS`` and return its measurements."""
    command = [sys.executable, "-m", "benchmarks.steps", *args]
    # Steps run one at a time, so the processor time of this process's children grows by
    # the step's whole process, exit included, and by every process that one waited for.
    before = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=child_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    memory = TreeMemory(process.pid)
    memory.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        peak = memory.stop()
    wall = time.perf_counter() - start
    lines = stdout.strip().splitlines()
    if process.returncode != 0 or not lines:
        raise StepFailed(
            f"step {' '.join(args)} failed (exit status {process.returncode}):\n{stderr[-4000:]}"
        )
    report = json.loads(lines[-1])
    assert isinstance(report, dict)
    report["rss_tree"] = peak
    return Step(wall, report, _children_cpu() - before)


def _children_cpu() -> float:
    """User and system time of this process's children that have ended, and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class TreeMemory(threading.Thread):
    """The largest sum of resident memory (PSS) of a process and every process under it,
    sampled every 50 ms from ``/proc`` (Linux; elsewhere it stays 0): Pagefind runs
    beside MkDocs, and the machine must hold both at once.

    It samples from the process that started the step, not from the step's own:
    a thread there would take turns with MkDocs' thread, and slow the build it
    measures.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            self.peak = max(self.peak, sum(map(_resident_bytes, _tree(self.pid))))

    def stop(self) -> int:
        self.stopped.set()
        self.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    """The process and every process under it; one that ends meanwhile is left out."""
    pids = [pid]
    try:
        tasks = list(Path(f"/proc/{pid}/task").glob("*/children"))
    except OSError:
        return pids
    for task in tasks:
        try:
            children = task.read_text().split()
        except OSError:
            continue
        for child in children:
            pids.extend(_tree(int(child)))
    return pids


def _resident_bytes(pid: int) -> int:
    """The process's proportional resident memory (PSS), or its RSS where the
    kernel gives no PSS. A process just forked to start a program (git,
    Pagefind) shares its parent's memory until it runs the program: its RSS
    would count that memory twice, its PSS counts it once."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        rollup = ""
    match = _PSS.search(rollup)
    if match is not None:
        return int(match.group(1)) * 1024
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * os.sysconf("SC_PAGE_SIZE")


_PSS = re.compile(r"^Pss:\s+(\d+) kB$", re.M)


@dataclass
class SiteSize:
    bytes: int
    files: int
    html_pages: int
    html_bytes: int
    search_index_bytes: int | None
    """``search/search_index.json`` (Material's lunr index, or the Pagefind stub)."""
    pagefind_bytes: int | None
    pagefind_files: int | None

    @property
    def average_html_bytes(self) -> float:
        return self.html_bytes / self.html_pages if self.html_pages else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "bytes": self.bytes,
            "files": self.files,
            "html_pages": self.html_pages,
            "average_html_bytes": round(self.average_html_bytes),
            "search_index_bytes": self.search_index_bytes,
            "pagefind_bytes": self.pagefind_bytes,
            "pagefind_files": self.pagefind_files,
        }


def measure_site(site: Path) -> SiteSize:
    total = files = pages = html = 0
    pagefind_bytes = pagefind_files = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        files += 1
        if path.suffix == ".html":
            pages += 1
            html += size
        if path.relative_to(site).parts[0] == "pagefind":
            pagefind_bytes += size
            pagefind_files += 1
    index = site / "search" / "search_index.json"
    has_pagefind = (site / "pagefind").is_dir()
    return SiteSize(
        bytes=total,
        files=files,
        html_pages=pages,
        html_bytes=html,
        search_index_bytes=index.stat().st_size if index.is_file() else None,
        pagefind_bytes=pagefind_bytes if has_pagefind else None,
        pagefind_files=pagefind_files if has_pagefind else None,
    )
