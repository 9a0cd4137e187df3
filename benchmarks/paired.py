"""Paired builds: our build beside the baseline, alternated, so that a slower
minute of the machine slows both builds of a pair and their ratio holds.

A single build of each, one after the other, compares two different minutes of a
machine that other work shares: its load moves the ratio by more than the
difference being looked for. So at each size the benchmark runs rounds, and
the first, a warm-up (cold disk cache, bytecode compiled), is left out. A round
is, in this order:

1. ``clean``: our build (A), with an empty cache folder;
2. ``baseline``: plain MkDocs with Material, no plugin (B), on the same Markdown
   written by ``dossier generate``;
3. with ``--rebuilds`` only, ``no_change``: our build again, the cache left from
   step 1, nothing changed; then ``edit``: our build after one claim's note in one
   dossier was edited (``edit_one_claim``).

So the clean builds alternate with the baseline (A B A B …), and each round gives
one ratio per build: its time over the round's baseline, and for a rebuild also
over the round's clean build. Reported are the median of those per-round ratios
with their range, for wall time and for processor time (``Step.cpu``), beside the
median times and the peak memory of each build. The baseline is a clean build in
every scenario: plain MkDocs has no correct incremental mode.

A rebuild counts as cached only when its build logged that it took pages from
the cache (``steps.CACHE_MARKER``); one that took none (a project whose
``mkdocs.yml`` turns the cache off, say) is a full build, and the report says so.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.sites import Step

CLEAN = "clean"
BASELINE = "baseline"
NO_CHANGE = "no_change"
EDIT = "edit"
REBUILDS = (NO_CHANGE, EDIT)
"""The rebuilds of issue 21, in the order a round runs them, after the baseline."""

LABELS = {
    CLEAN: "our build, clean",
    BASELINE: "baseline, plain MkDocs",
    NO_CHANGE: "rebuild, nothing changed",
    EDIT: "rebuild, one claim edited",
}

TARGETS = {"no_change_vs_clean": 0.1, "edit_vs_clean": 0.2}
"""What issue 21 aims for at ``TARGET_SIZE`` sources, as the median wall time ratio of a
rebuild to the clean build of its round; reported, never asserted."""

TARGET_SIZE = 1000

CACHE_FOLDER = ".cache"
"""The dossier plugin's ``cache_dir`` default, relative to ``mkdocs.yml``."""

NO_CACHE = "no page from the build cache, so a full build"
"""Beside a rebuild none of whose builds took pages from a cache."""

_CACHE_LINE = re.compile(r"(?P<hits>\d+) of (?P<pages>\d+) pages from the cache")
_NOTE = re.compile(r'^(?P<head>[ \t]+note: ")', re.M)
_EDITED = "Edited in round {}. "
_EARLIER_EDIT = re.compile(r"Edited in round \d+\. ")

Build = Callable[[str, int], Step]
"""Runs one build of a round: ``build(name, round_number)``, round 0 the warm-up."""

Progress = Callable[[str], None]


def builds(rebuilds: bool) -> tuple[str, ...]:
    """The builds of a round, in the order they run."""
    return (CLEAN, BASELINE, *REBUILDS) if rebuilds else (CLEAN, BASELINE)


def run_rounds(
    pairs: int, names: Sequence[str], build: Build, progress: Progress
) -> dict[str, list[Step]]:
    """A warm-up round and ``pairs`` measured rounds, each running every build of
    ``names`` in order; each build's steps, the warm-up's first."""
    if pairs < 1:
        raise ValueError("at least one measured pair is needed")
    samples: dict[str, list[Step]] = {name: [] for name in names}
    for number in range(pairs + 1):
        label = "warm-up round" if number == 0 else f"round {number} of {pairs}"
        progress(f"{label}: {', '.join(names)}")
        for name in names:
            samples[name].append(build(name, number))
    return samples


def summarise(values: Sequence[float]) -> dict[str, float | None]:
    """The median of ``values`` and their range; None throughout when there are none."""
    if not values:
        return {"median": None, "min": None, "max": None}
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def pair_ratios(a: Sequence[float], b: Sequence[float]) -> list[float]:
    """The ratio of each pair, ``a[i] / b[i]``; a pair whose ``b`` is zero is left out."""
    if len(a) != len(b):
        raise ValueError(f"{len(a)} samples against {len(b)}: pairs need as many of each")
    return [x / y for x, y in zip(a, b, strict=True) if y]


def cache_pages(step: Step) -> dict[str, int] | None:
    """How many pages the build took from the cache, from its log line; None without one."""
    line = step.report.get("cache_line")
    match = _CACHE_LINE.search(line) if isinstance(line, str) else None
    return None if match is None else {"hits": int(match["hits"]), "pages": int(match["pages"])}


def _took_pages(step: Step) -> bool:
    """Whether the build took any page from the cache."""
    pages = cache_pages(step)
    return pages is not None and pages["hits"] > 0


def summary(samples: dict[str, list[Step]]) -> dict[str, object]:
    """Every sample (the warm-up marked) and, of the measured rounds, each build's median
    times and peak memory, and the median and range of each per-round ratio."""
    measured = {name: steps[1:] for name, steps in samples.items()}
    figures: dict[str, object] = {}
    for name, steps in measured.items():
        figures[name] = {
            "wall_seconds": summarise([step.wall for step in steps]),
            "cpu_seconds": summarise([step.cpu for step in steps]),
            "peak_rss_bytes": max((step.peak_rss for step in steps), default=None),
            "cached": any(_took_pages(step) for step in steps),
        }
    ratios = {
        f"{a}_vs_{b}": {
            "wall": summarise(_ratios(measured, a, b, lambda step: step.wall)),
            "cpu": summarise(_ratios(measured, a, b, lambda step: step.cpu)),
        }
        for a, b in _comparisons(list(measured))
    }
    return {
        "pairs": len(samples[BASELINE]) - 1,
        "builds": figures,
        "ratios": ratios,
        "samples": {
            name: [_sample(step, warm_up=number == 0) for number, step in enumerate(steps)]
            for name, steps in samples.items()
        },
    }


def _comparisons(names: Sequence[str]) -> list[tuple[str, str]]:
    """Each build against the baseline, and each rebuild also against the clean build."""
    pairs = [(name, BASELINE) for name in names if name != BASELINE]
    return pairs + [(name, CLEAN) for name in names if name in REBUILDS and CLEAN in names]


def _ratios(
    measured: dict[str, list[Step]], a: str, b: str, figure: Callable[[Step], float]
) -> list[float]:
    return pair_ratios([figure(step) for step in measured[a]], [figure(s) for s in measured[b]])


def _sample(step: Step, *, warm_up: bool) -> dict[str, object]:
    return {
        "warm_up": warm_up,
        "wall_seconds": round(step.wall, 3),
        "cpu_seconds": round(step.cpu, 3),
        "peak_rss_bytes": step.peak_rss,
        "cache": cache_pages(step),
    }


def edit_one_claim(seeds: Path, round_number: int) -> Path:
    """Change the text of the first claim note of the first annotation file that has
    one (files in sorted order), differently in each round, so that the dossier
    stays valid and a cache cannot have seen it; return the file edited."""
    for path in sorted(seeds.rglob("*.yml")):
        text = path.read_text("utf-8")
        match = _NOTE.search(text)
        if match is None:
            continue
        rest = text[match.end() :]
        # The previous round's words are taken out, so that the note does not grow.
        earlier = _EARLIER_EDIT.match(rest)
        if earlier is not None:
            rest = rest[earlier.end() :]
        path.write_text(text[: match.end()] + _EDITED.format(round_number) + rest, "utf-8")
        return path
    raise FileNotFoundError(f"no annotation file under {seeds} has a claim note to edit")


def targets(runs: Sequence[dict[str, object]]) -> dict[str, object]:
    """Each target of ``TARGETS`` against the median wall time ratio at ``TARGET_SIZE``
    sources; not met, with ``NO_CACHE`` beside it, while the rebuild took nothing
    from a cache."""
    at = next((run for run in runs if run["sources"] == TARGET_SIZE), None)
    paired = at.get("paired") if at is not None else None
    result: dict[str, object] = {}
    for name, limit in TARGETS.items():
        target: dict[str, object] = {"value": None, "limit": limit, "met": None}
        if isinstance(paired, dict) and name in paired["ratios"]:
            value = paired["ratios"][name]["wall"]["median"]
            cached = paired["builds"][name.split("_vs_")[0]]["cached"]
            target |= {"value": value, "met": bool(cached) and value <= limit}
            if not cached:
                target["note"] = NO_CACHE
        result[name] = target
    return result


RATIO = "{:.3f}x"


def _figure(figures: object, show: str) -> tuple[str, str]:
    """A median and its range, shown."""
    assert isinstance(figures, dict)
    if figures["median"] is None:
        return "–", "–"
    low, high = show.format(figures["min"]), show.format(figures["max"])
    return show.format(figures["median"]), f"{low}–{high}"


HEADER = (
    "sources",
    "build",
    "wall / baseline",
    "range",
    "CPU / baseline",
    "range",
    "wall s",
    "CPU s",
    "peak MB",
    "wall / clean (range)",
)


def table(runs: Sequence[dict[str, object]]) -> str:
    """A Markdown table, one row per size and build: the median of its per-round wall
    time ratios to the baseline and their range, the same for processor time, its
    median wall and processor seconds and its peak memory; and a rebuild's ratio to
    the clean build of its round."""
    rows = [HEADER]
    uncached = False
    pairs: set[object] = set()
    for run in runs:
        paired = run["paired"]
        assert isinstance(paired, dict)
        pairs.add(paired["pairs"])
        ratios = paired["ratios"]
        for name, figures in paired["builds"].items():
            baseline = ratios.get(f"{name}_vs_{BASELINE}")
            clean = ratios.get(f"{name}_vs_{CLEAN}")
            label = LABELS[name]
            if name in REBUILDS and not figures["cached"]:
                label += " ¹"
                uncached = True
            peak = figures["peak_rss_bytes"]
            rows.append(
                (
                    f"{run['sources']:,}",
                    label,
                    *(_figure(baseline["wall"], RATIO) if baseline else ("1", "")),
                    *(_figure(baseline["cpu"], RATIO) if baseline else ("1", "")),
                    _figure(figures["wall_seconds"], "{:.2f}")[0],
                    _figure(figures["cpu_seconds"], "{:.2f}")[0],
                    "–" if peak is None else f"{peak / 1024**2:,.0f}",
                    "{} ({})".format(*_figure(clean["wall"], RATIO)) if clean else "",
                )
            )
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER))]
    lines = [
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * width for width in widths) + " |")
    counts = " or ".join(str(count) for count in sorted(pairs))  # type: ignore[type-var]
    intro = (
        f"Paired builds, measured pairs after a warm-up pair: {counts}. Ratios: the median"
        " of the per-pair ratios and their range (min–max); seconds: medians; peak: the largest."
    )
    notes = [f"¹ {NO_CACHE}."] if uncached else []
    return "\n".join([intro, "", *lines, *([""] if notes else []), *notes])
