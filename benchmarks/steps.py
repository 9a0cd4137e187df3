"""One measured step, run in a process of its own: ``python -m benchmarks.steps STEP ARGS``.

The step runs in this process, so that its peak memory is this process's own
(``getrusage(RUSAGE_SELF).ru_maxrss``); programs it starts, such as Pagefind,
are reported apart (``RUSAGE_CHILDREN``: the largest of them). The last line
printed on stdout is a JSON object with the step's own timings (wall and
processor time of the call measured), in seconds, and both peaks, in bytes.
The process that starts the step adds the largest sum of both sampled while
it ran (``rss_tree``; see ``sites.TreeMemory``) and the processor time of the
whole process and its children (``sites.Step.cpu``).

Steps:

- ``validate SEEDS``: ``load_project``;
- ``generate SEEDS``: ``load_project``, ``load_revisions``, ``generate_site_files``
  (every page and export rendered in memory), each timed;
- ``write SEEDS OUT``: ``dossier generate OUT``, the Markdown written to disk;
- ``mkdocs CONFIG SITE_DIR``: ``mkdocs build`` as its command line runs it,
  not strict; warnings are counted instead, and the time spent in the
  ``dossier`` plugin (validation and generation: ``on_config``, and waiting
  for pages still being written: ``on_pre_page``, and in ``on_env``
  ``Generation.finish``) and in Pagefind is reported apart (``parts``).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import logging
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

Result = dict[str, object]


class _Clock:
    """Wall time and this process's processor time since the last lap."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self, prefix: str = "") -> dict[str, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        lap = {f"{prefix}seconds": wall - self.wall, f"{prefix}cpu_seconds": cpu - self.cpu}
        self.wall, self.cpu = wall, cpu
        return lap


def _validate(args: argparse.Namespace) -> Result:
    from generator.pipeline import load_project

    clock = _Clock()
    project = load_project(args.seeds)
    return {
        **clock.lap(),
        "dossiers": len(project.dossiers),
        "sources": sum(len(d.sources) for d in project.dossiers),
        "claims": sum(len(d.claims) for d in project.dossiers),
    }


def _generate(args: argparse.Namespace) -> Result:
    from generator.pipeline import generate_site_files, load_project, load_revisions

    clock = _Clock()
    project = load_project(args.seeds)
    loaded = clock.lap("validate_")
    revisions = load_revisions(args.seeds, project)
    revised = clock.lap("revisions_")
    files = generate_site_files(project, revisions)
    return {
        **clock.lap(),
        **loaded,
        **revised,
        "files": len(files),
        "pages": sum(1 for f in files if f.path.endswith(".md")),
        "bytes": sum(len(f.content.encode("utf-8")) for f in files),
    }


def _write(args: argparse.Namespace) -> Result:
    from generator.cli import main

    clock = _Clock()
    status = main(["generate", "--seeds", str(args.seeds), str(args.out)])
    return {**clock.lap(), "status": status}


class _Counter(logging.Handler):
    """The messages logged at ``level`` or above whose text contains ``marker``."""

    def __init__(self, level: int = logging.WARNING, marker: str = "") -> None:
        super().__init__(level)
        self.marker = marker
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.marker in message:
            self.messages.append(message)


CACHE_MARKER = "pages from the cache"
"""In the line the dossier plugin logs at the end of a build:
``dossier: N of M pages from the cache; …`` (``benchmarks.paired`` reads it)."""


TIMED = (
    ("generator.site.mkdocs.dossier.plugin", "DossierPlugin", "on_config"),
    # MkDocs waiting for pages still being written, and for the last ones at the end.
    ("generator.site.mkdocs.dossier.plugin", "DossierPlugin", "on_pre_page"),
    ("generator.parallel.workers", "Generation", "finish"),
    ("generator.site.mkdocs.search.indexing", "ShardedIndexer", "finish"),
)
"""Parts of the build timed on their own: (module, class or None, function)."""


def _time_parts(spent: dict[str, float]) -> None:
    """Wrap each function of ``TIMED`` that exists so that its time adds up in ``spent``;
    behaviour is unchanged. A part the code no longer has is left out."""
    for module_name, class_name, name in TIMED:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        owner = getattr(module, class_name, None) if class_name else module
        original = getattr(owner, name, None)
        if owner is None or not callable(original):
            continue
        key = f"{class_name}.{name}" if class_name else name

        def timed(*args: Any, _original: Any = original, _key: str = key, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_key] = spent.get(_key, 0.0) + time.perf_counter() - start

        setattr(owner, name, functools.wraps(original)(timed))


def _mkdocs(args: argparse.Namespace) -> Result:
    from mkdocs import config
    from mkdocs.commands import build

    spent: dict[str, float] = {}
    _time_parts(spent)
    counter = _Counter()
    # The cache's line is logged at INFO, as MkDocs' command line shows it; the plugins'
    # loggers are under "mkdocs", whose level MkDocs' command line would set.
    cache_line = _Counter(logging.INFO, CACHE_MARKER)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(logging.INFO)
    mkdocs_log.addHandler(counter)
    mkdocs_log.addHandler(cache_line)
    clock = _Clock()
    # What `mkdocs build --no-strict` does, without its console logging.
    cfg = config.load_config(
        config_file=str(args.config), site_dir=str(args.site_dir), strict=False
    )
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build.build(cfg, dirty=False)
    finally:
        cfg.plugins.on_shutdown()
    return {
        **clock.lap(),
        "parts": spent,
        "warnings": len(counter.messages),
        "first_warnings": counter.messages[:5],
        "cache_line": cache_line.messages[-1] if cache_line.messages else None,
    }


STEPS: dict[str, Callable[[argparse.Namespace], Result]] = {
    "validate": _validate,
    "generate": _generate,
    "write": _write,
    "mkdocs": _mkdocs,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.steps", description=__doc__)
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("validate").add_argument("seeds", type=Path)
    steps.add_parser("generate").add_argument("seeds", type=Path)
    write = steps.add_parser("write")
    write.add_argument("seeds", type=Path)
    write.add_argument("out", type=Path)
    mkdocs = steps.add_parser("mkdocs")
    mkdocs.add_argument("config", type=Path)
    mkdocs.add_argument("site_dir", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    result = STEPS[args.step](args)
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in kilobytes on Linux. A child's figure includes what this
    # process held when it started the child (fork copies the page tables).
    result["rss_self"] = own.ru_maxrss * 1024
    result["rss_children"] = children.ru_maxrss * 1024
    sys.stdout.flush()
    print("\n" + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
