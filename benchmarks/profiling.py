"""``python -m benchmarks.profiling``: where validation, generation and the build spend time.

Writes a corpus (1000 sources by default), then runs two measured steps of
``benchmarks.steps`` under cProfile, each in its own process:

- ``generate``: ``load_project``, ``load_revisions`` and ``generate_site_files``;
- ``mkdocs``: the full ``mkdocs build`` of the dossier site.

It prints, for each, the functions with the largest cumulative time, and the
share of the step taken by known hot spots of the generator, its plugins and
MkDocs. The ``.prof`` files stay in ``--out`` for ``python -m pstats`` or snakeviz.
"""

from __future__ import annotations

import argparse
import io
import json
import pstats
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.sites import child_environment, make_project, revision

Key = tuple[str, int, str]

HOT_SPOTS: dict[str, list[tuple[str, str]]] = {
    "generate": [
        ("generator/pipeline.py", "load_project"),
        ("generator/read/seeds.py", "read_seeds"),
        ("generator/read/yaml.py", "load_yaml"),
        ("generator/validate/annotations.py", "validate_dossier"),
        ("generator/domain/anchor.py", "anchor_quote"),
        ("generator/pipeline.py", "load_revisions"),
        ("generator/pipeline.py", "generate_site_files"),
        ("generator/render/pages.py", "render_pages"),
        ("generator/domain/compare.py", "summarise"),
        ("generator/domain/model.py", "claims"),
        ("generator/domain/model.py", "source"),
        ("generator/render/highlight.py", "text_html"),
        ("generator/render/chart.py", "evolution_svg"),
        ("generator/render/pages.py", "cite"),
        ("generator/pipeline.py", "_exports"),
        ("jinja2/environment.py", "render"),
        ("generator/render/markup.py", "inline"),
    ],
    "mkdocs": [
        ("generator/site/mkdocs/dossier/plugin.py", "on_config"),
        ("generator/pipeline.py", "load_project"),
        ("generator/pipeline.py", "load_revisions"),
        ("generator/pipeline.py", "generate_site_files"),
        ("generator/site/mkdocs/search/plugin.py", "on_config"),
        ("generator/site/mkdocs/dossier/plugin.py", "on_files"),
        ("mkdocs/structure/files.py", "get_files"),
        ("mkdocs/structure/nav.py", "get_navigation"),
        ("mkdocs/structure/pages.py", "render"),
        ("markdown/core.py", "convert"),
        ("markdown/blockprocessors.py", "run"),
        ("markdown/treeprocessors.py", "run"),
        ("generator/site/mkdocs/search/plugin.py", "on_page_content"),
        ("generator/site/mkdocs/search/plugin.py", "add_normalised_copies"),
        ("generator/site/mkdocs/search/plugin.py", "_mark_page"),
        ("mkdocs/commands/build.py", "_build_page"),
        ("jinja2/environment.py", "render"),
        ("mkdocs/commands/build.py", "_populate_page"),
        ("mkdocs/structure/files.py", "copy_file"),
        ("generator/site/mkdocs/search/indexing.py", "finish"),
        ("generator/site/mkdocs/search/indexing.py", "page_ready"),
    ],
}
"""Functions whose cumulative time is worth a line, by step: (file path ending, name)."""

ROOTS = {"generate": "_generate", "mkdocs": "_mkdocs"}
"""The function of ``benchmarks/steps.py`` whose time is the whole step."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling", description=__doc__)
    parser.add_argument("--sources", type=int, default=1000, help="corpus size (1000)")
    parser.add_argument("--top", type=int, default=25, help="functions listed per step (25)")
    parser.add_argument(
        "--out", type=Path, default=Path("build/profile"), help="where .prof files go"
    )
    parser.add_argument("--seed", type=int, default=1)
    return parser


def profile_step(step: str, args: Sequence[str], output: Path, cwd: Path) -> pstats.Stats:
    """Run ``benchmarks.steps STEP ARGS`` under cProfile into ``output``."""
    command = [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "benchmarks.steps"]
    result = subprocess.run(
        [*command, step, *args],
        cwd=cwd,
        env=child_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"profiling {step} failed:\n{result.stderr[-4000:]}")
    return pstats.Stats(str(output))


def _entries(stats: pstats.Stats) -> dict[Key, tuple[int, int, float, float]]:
    raw = stats.stats  # type: ignore[attr-defined]
    return {key: (cc, nc, tt, ct) for key, (cc, nc, tt, ct, _callers) in raw.items()}


def step_total(stats: pstats.Stats, step: str) -> float:
    """The cumulative time of the step's own function in ``benchmarks/steps.py``."""
    for (path, _line, name), (_cc, _nc, _tt, ct) in _entries(stats).items():
        if path.endswith("benchmarks/steps.py") and name == ROOTS[step]:
            return ct
    raise LookupError(f"{ROOTS[step]} is not in the profile")


def hot_spots(stats: pstats.Stats, step: str) -> list[dict[str, object]]:
    """Each known hot spot's calls, cumulative seconds and share of the step."""
    total = step_total(stats, step)
    found = []
    for suffix, name in HOT_SPOTS[step]:
        calls, seconds = 0, 0.0
        for (path, _line, function), (_cc, nc, _tt, ct) in _entries(stats).items():
            if path.endswith(suffix) and function == name:
                calls += nc
                seconds += ct
        if calls:
            found.append(
                {
                    "function": f"{suffix}:{name}",
                    "calls": calls,
                    "seconds": round(seconds, 3),
                    "share": round(seconds / total, 3) if total else None,
                }
            )
    return found


def top_cumulative(profile: Path, count: int) -> str:
    """pstats' own listing of the ``count`` functions with the largest cumulative time."""
    stream = io.StringIO()
    listing = pstats.Stats(str(profile), stream=stream)
    listing.strip_dirs().sort_stats(pstats.SortKey.CUMULATIVE).print_stats(count)
    text = stream.getvalue()
    return text[text.find("   ncalls") :] if "   ncalls" in text else text


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    summary: dict[str, object] = {"sources": args.sources, "revision": revision()}
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as temporary:
        project = Path(temporary) / "project"
        write_corpus(project / "seeds", args.sources, seed=args.seed)
        config = make_project(project)
        runs = {
            "generate": [str(project / "seeds")],
            "mkdocs": [str(config), str(Path(temporary) / "site")],
        }
        for step, step_args in runs.items():
            print(f"[profile] {step} at {args.sources} sources ...", file=sys.stderr, flush=True)
            stats = profile_step(step, step_args, args.out / f"{step}.prof", project)
            total = step_total(stats, step)
            spots = hot_spots(stats, step)
            summary[step] = {"seconds": round(total, 3), "hot_spots": spots}
            print(f"\n== {step}: {total:.2f} s under cProfile ==")
            for spot in spots:
                print(
                    f"{spot['share']:>7.1%}  {spot['seconds']:>8.2f} s  "
                    f"{spot['calls']:>8} calls  {spot['function']}"
                )
            print()
            print(top_cumulative(args.out / f"{step}.prof", args.top))
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    print(f"profiles and summary.json in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
