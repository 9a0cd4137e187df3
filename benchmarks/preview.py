"""``python -m benchmarks.preview``: how soon ``mkdocs serve`` shows an edited claim.

On a synthetic corpus (1000 sources by default), ``mkdocs serve --livereload``
runs on a free port of the loopback interface, first with ``DOSSIER_ONLY`` set
to one dossier (as ``make serve DOSSIER=<id>`` does), then without it. Once the
server answers, one source's YAML is edited ``--edits`` times (a claim's value
changes) and the source's page is fetched every 50 ms until the new value
shows; the latency is the time from the write to that moment. The time until
the server logs "Reloading browsers" (when an open browser reloads) is
recorded as well. Every wait is bounded, and the server is always stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.sites import child_environment, make_project, revision

POLL_SECONDS = 0.05
RELOADED = "Reloading browsers"
_NUMBER_VALUE = re.compile(r"^(?P<indent> +)value: (?P<number>\d+)$", re.M)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float) -> str | None:
    """The page at ``url``, or None when the server does not serve it (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=max(timeout, 0.1)) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@dataclass
class Server:
    """``mkdocs serve`` in its own process group, with its output timestamped."""

    process: subprocess.Popen[str]
    lines: list[tuple[float, str]] = field(default_factory=list)
    reader: threading.Thread | None = None

    @classmethod
    def start(cls, project: Path, port: int, only: str) -> Server:
        command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--no-strict"]
        command += ["-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")]
        process = subprocess.Popen(
            command,
            cwd=project,
            env=child_environment(DOSSIER_ONLY=only),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        server = cls(process)
        server.reader = threading.Thread(target=server._read, daemon=True)
        server.reader.start()
        return server

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def reloads_since(self, moment: float) -> list[float]:
        return [at for at, line in list(self.lines) if at >= moment and RELOADED in line]

    def output(self, last: int = 30) -> str:
        return "\n".join(line for _, line in list(self.lines)[-last:])

    def stop(self) -> None:
        """Stop the server and whatever it started (Pagefind), by its process group."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)
        if self.reader is not None:
            self.reader.join(timeout=20)
        if self.process.stdout is not None:
            self.process.stdout.close()


def wait_for(url: str, wanted: str, deadline: float, server: Server) -> float | None:
    """Poll ``url`` every 50 ms until it holds ``wanted``; the time it did, or None."""
    while True:
        now = time.perf_counter()
        if now >= deadline or server.process.poll() is not None:
            return None
        page = fetch(url, deadline - now)
        if page is not None and wanted in page:
            return time.perf_counter()
        time.sleep(POLL_SECONDS)


@dataclass
class Target:
    """The source whose claim is edited, and where its page is served."""

    dossier: str
    source: str
    annotation: Path
    original: str
    match: re.Match[str]

    def edited(self, number: int) -> str:
        start, end = self.match.span()
        line = f"{self.match['indent']}value: {number}"
        return self.original[:start] + line + self.original[end:]

    def path(self) -> str:
        return f"dossiers/{self.dossier}/sources/{self.source}/"


def pick_target(seeds: Path) -> Target:
    """The first source of the first dossier that holds its text and a plain number claim."""
    for folder in sorted(p for p in seeds.iterdir() if p.is_dir()):
        for annotation in sorted((folder / "sources").glob("*.yml")):
            text = annotation.read_text("utf-8")
            match = _NUMBER_VALUE.search(text)
            if match is not None and annotation.with_suffix(".txt").exists():
                return Target(folder.name, annotation.stem, annotation, text, match)
    raise LookupError(f"no source in {seeds} has a plain number claim")


def measure_mode(
    project: Path,
    target: Target,
    only: str,
    edits: int,
    startup_timeout: float,
    edit_timeout: float,
    first_value: int,
) -> dict[str, object]:
    """Start a server, wait for it, edit ``edits`` times; always stop the server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{target.path()}"
    target.annotation.write_text(target.original, "utf-8")
    started = time.perf_counter()
    server = Server.start(project, port, only)
    result: dict[str, object] = {
        "dossier_only": only,
        "url_path": target.path(),
        "timed_out": None,
    }
    latencies: list[float] = []
    reloads: list[float | None] = []
    try:
        ready = wait_for(url, "<html", started + startup_timeout, server)
        result["startup_seconds"] = None if ready is None else round(ready - started, 3)
        if ready is None:
            result["error"] = f"not served within {startup_timeout:.0f} s:\n{server.output()}"
            return result
        for edit in range(edits):
            _settle(server)
            number = first_value + edit
            target.annotation.write_text(target.edited(number), "utf-8")
            written = time.perf_counter()
            # The claim's value, in bold on its source page, links to its quote.
            value = f">{number:,}</a></span></strong>"
            shown = wait_for(url, value, written + edit_timeout, server)
            if shown is None:
                if server.process.poll() is not None:
                    result["error"] = f"the server stopped:\n{server.output()}"
                else:
                    # Expected for a large site without DOSSIER_ONLY: reported, not an error.
                    result["timed_out"] = f"edit {edit + 1} not shown within {edit_timeout:.0f} s"
                break
            latencies.append(round(shown - written, 3))
            reload = _first_reload(server, written, shown + edit_timeout)
            reloads.append(None if reload is None else round(reload - written, 3))
    finally:
        server.stop()
        target.annotation.write_text(target.original, "utf-8")
    result["latencies"] = latencies
    result["reload_latencies"] = reloads
    result["median_seconds"] = round(statistics.median(latencies), 3) if latencies else None
    known = [r for r in reloads if r is not None]
    result["median_reload_seconds"] = round(statistics.median(known), 3) if known else None
    return result


def _settle(server: Server, quiet: float = 1.0, limit: float = 30.0) -> None:
    """Wait until the server has printed nothing for ``quiet`` seconds (at most ``limit``)."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline and server.process.poll() is None:
        last = server.lines[-1][0] if server.lines else 0.0
        if time.perf_counter() - last >= quiet:
            return
        time.sleep(0.1)


def _first_reload(server: Server, since: float, deadline: float) -> float | None:
    """When the server announced the rebuild that followed ``since``."""
    while True:
        reloads = server.reloads_since(since)
        if reloads:
            return reloads[0]
        if time.perf_counter() >= deadline or server.process.poll() is not None:
            return None
        time.sleep(POLL_SECONDS)


def run(
    sources: int,
    edits: int,
    startup_timeout: float,
    edit_timeout: float,
    root: Path,
    seed: int = 1,
) -> dict[str, object]:
    """Write a corpus under ``root``, then measure with and without ``DOSSIER_ONLY``."""
    project = root / "project"
    write_corpus(project / "seeds", sources, seed=seed)
    make_project(project)
    target = pick_target(project / "seeds")
    report: dict[str, object] = {
        "sources": sources,
        "revision": revision(),
        "edits": edits,
        "dossier": target.dossier,
        "source": target.source,
        "modes": {},
    }
    modes = report["modes"]
    assert isinstance(modes, dict)
    for name, only, first in (("only", target.dossier, 7001), ("all", "", 8001)):
        print(f"[preview] {sources} sources, DOSSIER_ONLY={only!r} ...", file=sys.stderr)
        modes[name] = measure_mode(
            project, target, only, edits, startup_timeout, edit_timeout, first
        )
    return report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.preview", description=__doc__)
    parser.add_argument("--sources", type=int, default=1000, help="corpus size (1000)")
    parser.add_argument("--edits", type=int, default=5, help="edits per mode (5)")
    parser.add_argument(
        "--startup-timeout", type=float, default=900, help="seconds to wait for the server (900)"
    )
    parser.add_argument(
        "--edit-timeout", type=float, default=120, help="seconds to wait for one edit (120)"
    )
    parser.add_argument("--out", type=Path, default=Path("preview.json"))
    parser.add_argument("--seed", type=int, default=1)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as temporary:
        report = run(
            args.sources, args.edits, args.startup_timeout, args.edit_timeout, Path(temporary)
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    modes = report["modes"]
    assert isinstance(modes, dict)
    for name, mode in modes.items():
        print(
            f"{name:>4}: first page after {mode.get('startup_seconds')} s; "
            f"edit shown after {mode.get('latencies')} s "
            f"(median {mode.get('median_seconds')} s, browser reload median "
            f"{mode.get('median_reload_seconds')} s)"
            + (f"; {mode['timed_out']}" if mode.get("timed_out") else "")
            + (f"; error: {str(mode['error']).splitlines()[0]}" if "error" in mode else "")
        )
    print(f"wrote {args.out}")
    failed = any("error" in mode for mode in modes.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
