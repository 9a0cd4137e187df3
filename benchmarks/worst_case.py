"""The largest inputs ``dossier check`` accepts, each timed beside an ordinary input
of the same shape: what one pull request can make CI spend.

Every case is one dossier with one source, written at three sizes: ``ordinary``
(an article of 8 KB, a short quote, a short title, ten claims), ``maximal`` (at
the limits: ``load.MAX_TEXT_BYTES``, ``validate.MAX_LINE_CHARACTERS``,
``generator.read.yaml.MAX_YAML_BYTES``) and ``beyond`` (one character, byte or claim
more, which ``dossier check`` must refuse; ``tests/test_benchmarks.py`` checks
both sides, so that these cases follow the limits when they change):

- ``text``: the largest text, in lines of the largest length, and one claim;
- ``quote``: one quote as long as the annotation file allows, on the largest text;
- ``wrong-quote``: the same quote with its last character changed, so that it is
  not in the text and ``dossier check`` must explain why; refused, so not built;
- ``wrong-quote-hinted``: as ``wrong-quote``, on the longest text for which the
  error message looks for the nearest passage (``HINTED_TEXT_BYTES``);
- ``title``: a dossier title and a source title each as long as their files allow;
- ``claims``: as many claims as the annotation file holds, on the largest text.

For each case and size, ``dossier check`` (its exit status and wall time, start-up
included) and, for the valid ones, the site build (``benchmarks.steps mkdocs``)
are measured; a step that takes longer than ``TIMEOUT_SECONDS`` is stopped and
reported as such. ``python -m benchmarks.worst_case`` runs this alone; ``python -m
benchmarks --worst-case`` adds it to the size benchmark's report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.sites import child_environment, make_project, run_step
from generator.read.seeds import MAX_TEXT_BYTES
from generator.read.yaml import MAX_YAML_BYTES
from generator.validate.annotations import MAX_CLAIMS_PER_SOURCE, MAX_LINE_CHARACTERS

SIZES = ("ordinary", "maximal", "beyond")

TIMEOUT_SECONDS = 600

HINTED_TEXT_BYTES = 200_000
"""The longest text for which the message about a quote not in it offers the
nearest passage (``_MAX_TEXT_FOR_NEAREST`` in ``generator/domain/anchor.py``)."""

ORDINARY_TEXT_BYTES = 8_000
ORDINARY_LINE_CHARACTERS = 100
ORDINARY_QUOTE_CHARACTERS = 40
ORDINARY_TITLE_CHARACTERS = 40
ORDINARY_CLAIMS = 10

DOSSIER_YML = """\
title: {title}
summary: A dossier at the limits of what dossier check accepts (benchmarks/worst_case.py).
start: "2024-01-03"
questions:
  - id: count
    wording: How many?
    kind: number
    unit: things
"""

SOURCE_YML = """\
outlet: Bench
title: {title}
url: https://bench.example/1
language: en
published: "2024-01-03"
retrieved: "2024-01-04"
sha256: {sha256}
claims:
"""

CLAIM = "  - {{id: c{number}, question: count, value: 1, quote: {quote}}}\n"


def source_text(size: int, line: int) -> str:
    """``size`` bytes of ASCII text in lines of ``line`` characters (the last one
    shorter), made of the numbered words ``[0] [1] [2] …``: each word, and so
    every passage holding one whole, occurs in it once."""
    lines: list[str] = []
    written = number = 0
    while written < size:
        words: list[str] = []
        length = 0
        while length + len(f"[{number}] ") <= line:
            words.append(f"[{number}]")
            length += len(words[-1]) + 1
            number += 1
        text = " ".join(words).ljust(line, ".")[: size - written]
        lines.append(text)
        written += len(text) + 1
    return "\n".join(lines)[:size]


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=True)


def _largest(build: Callable[[int], str], limit: int, extra: int) -> str:
    """``build(n)`` for the largest ``n`` that keeps it within ``limit`` bytes, or
    for ``extra`` more than that."""
    n = max(0, limit - len(build(0).encode("utf-8")))
    while len(build(n).encode("utf-8")) > limit:
        n -= len(build(n).encode("utf-8")) - limit
    return build(n + extra)


@dataclass(frozen=True)
class Inputs:
    """One case at one size: the files of its dossier."""

    dossier_yml: str
    source_yml: str
    text: str

    @property
    def bytes(self) -> int:
        return sum(len(part.encode("utf-8")) for part in (self.dossier_yml, self.source_yml))

    def write(self, seeds: Path, dossier: str) -> None:
        folder = seeds / dossier
        (folder / "sources").mkdir(parents=True)
        (folder / "dossier.yml").write_bytes(self.dossier_yml.encode("utf-8"))
        (folder / "sources" / "s.yml").write_bytes(self.source_yml.encode("utf-8"))
        (folder / "sources" / "s.txt").write_bytes(self.text.encode("utf-8"))


def dossier_inputs(
    text: str, quotes: Sequence[str], *, title: str = "Bench", source_title: str = "Bench"
) -> Inputs:
    """A dossier with one number question and one source holding ``text``, whose
    claims quote ``quotes``."""
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    claims = "".join(
        CLAIM.format(number=number, quote=_quoted(quote)) for number, quote in enumerate(quotes)
    )
    return Inputs(
        DOSSIER_YML.format(title=_quoted(title)),
        SOURCE_YML.format(title=_quoted(source_title), sha256=sha256) + claims,
        text,
    )


def _text(size: str, largest: int = MAX_TEXT_BYTES) -> str:
    if size == "ordinary":
        return source_text(ORDINARY_TEXT_BYTES, ORDINARY_LINE_CHARACTERS)
    return source_text(largest, MAX_LINE_CHARACTERS)


def _text_case(size: str) -> Inputs:
    text = _text(size)
    if size == "beyond":
        text += "."
    return dossier_inputs(text, ["[1]"])


def _quote_case(size: str, *, wrong: bool = False, text_bytes: int = MAX_TEXT_BYTES) -> Inputs:
    """One quote, as long as the annotation file or the text allows."""
    text = _text(size, text_bytes)
    start = len(text) // 10

    def quote(length: int) -> str:
        exact = text[start : start + length]
        return exact[:-1] + "#" if wrong and exact else exact

    if size == "ordinary":
        return dossier_inputs(text, [quote(ORDINARY_QUOTE_CHARACTERS)])
    source = _largest(
        lambda n: dossier_inputs(text, [quote(n)]).source_yml, MAX_YAML_BYTES, size == "beyond"
    )
    return Inputs(dossier_inputs(text, []).dossier_yml, source, text)


def _title_case(size: str) -> Inputs:
    text = _text("ordinary")
    quotes = ["[1]"]
    if size == "ordinary":
        title = "T" * ORDINARY_TITLE_CHARACTERS
        return dossier_inputs(text, quotes, title=title, source_title=title)
    extra = int(size == "beyond")
    dossier = _largest(
        lambda n: dossier_inputs(text, quotes, title="T" * n).dossier_yml, MAX_YAML_BYTES, extra
    )
    source = _largest(
        lambda n: dossier_inputs(text, quotes, source_title="T" * n).source_yml,
        MAX_YAML_BYTES,
        extra,
    )
    return Inputs(dossier, source, text)


def claims_case(size: str, *, text_bytes: int = MAX_TEXT_BYTES) -> Inputs:
    """As many claims as a source may make (``validate.MAX_CLAIMS_PER_SOURCE``), each
    quoting a word of the text."""
    text = _text(size, text_bytes)
    if size == "ordinary":
        return dossier_inputs(text, [f"[{number}]" for number in range(ORDINARY_CLAIMS)])
    count = MAX_CLAIMS_PER_SOURCE + (size == "beyond")
    return dossier_inputs(text, [f"[{number}]" for number in range(count)])


@dataclass(frozen=True)
class Case:
    name: str
    inputs: Callable[[str], Inputs]
    valid: bool
    """Whether ``dossier check`` accepts the case at the ordinary and maximal sizes."""


CASES = (
    Case("text", _text_case, True),
    Case("quote", _quote_case, True),
    Case("wrong-quote", lambda size: _quote_case(size, wrong=True), False),
    Case(
        "wrong-quote-hinted",
        lambda size: _quote_case(size, wrong=True, text_bytes=HINTED_TEXT_BYTES),
        False,
    ),
    Case("title", _title_case, True),
    Case("claims", claims_case, True),
)


def _check(seeds: Path, cwd: Path) -> dict[str, object]:
    start = time.perf_counter()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "check", "--seeds", str(seeds)],
            cwd=cwd,
            env=child_environment(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"wall_seconds": TIMEOUT_SECONDS, "status": "timed out"}
    return {
        "wall_seconds": round(time.perf_counter() - start, 3),
        "status": result.returncode,
        "last_line": (result.stderr.strip().splitlines() or [""])[-1][:300],
    }


def measure_case(case: Case, size: str, root: Path) -> dict[str, object]:
    """``dossier check`` and, for a valid case, the build of one case at one size."""
    _progress(f"{case.name}, {size}: writing")
    inputs = case.inputs(size)
    project = root / f"{case.name}-{size}"
    config = make_project(project)
    inputs.write(project / "seeds", case.name)
    text_bytes = len(inputs.text.encode("utf-8"))
    figures: dict[str, object] = {"annotation_bytes": inputs.bytes, "text_bytes": text_bytes}
    _progress(f"{case.name}, {size}: dossier check")
    figures["check"] = _check(project / "seeds", project)
    if case.valid:
        _progress(f"{case.name}, {size}: building")
        try:
            build = run_step(
                "mkdocs", str(config), str(project / "site"), cwd=project, timeout=TIMEOUT_SECONDS
            )
        except subprocess.TimeoutExpired:
            figures["build"] = {"wall_seconds": TIMEOUT_SECONDS, "status": "timed out"}
        else:
            figures["build"] = {
                "wall_seconds": round(build.wall, 3),
                "process_cpu_seconds": round(build.cpu, 3),
                "peak_rss_bytes": build.peak_rss,
            }
    return figures


def measure(root: Path) -> dict[str, object]:
    """Every case at the ordinary and the maximal size, in one run."""
    return {
        case.name: {size: measure_case(case, size, root) for size in ("ordinary", "maximal")}
        for case in CASES
    }


def table(report: dict[str, object]) -> str:
    """The worst-case section: one row per case, ordinary beside maximal."""
    header = ("case", "input (MB)", "check (s)", "check, maximal", "build (s)", "build, maximal")
    rows = [header]
    for name, sizes in report.items():
        assert isinstance(sizes, dict)
        ordinary, maximal = sizes["ordinary"], sizes["maximal"]

        def seconds(figures: dict[str, object], step: str) -> str:
            value = figures.get(step)
            if not isinstance(value, dict):
                return "–"
            shown = f"{value['wall_seconds']:,.2f}"
            status = value.get("status", 0)
            if status == "timed out":
                return f"> {shown} (stopped)"
            return shown if status == 0 else f"{shown} (exit {status})"

        size = (maximal["annotation_bytes"] + maximal["text_bytes"]) / 1024**2
        rows.append(
            (
                name,
                f"{size:,.2f}",
                seconds(ordinary, "check"),
                seconds(maximal, "check"),
                seconds(ordinary, "build"),
                seconds(maximal, "build"),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )


def _progress(message: str) -> None:
    print(f"[bench] worst case: {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worst_case",
        description="Time dossier check and the build on the largest accepted inputs.",
    )
    parser.add_argument("--out", type=Path, default=Path("bench-worst-case.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-worst-case-") as temporary:
        report = measure(Path(temporary))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(table(report))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
