"""Run every fuzz target for a fixed time budget; exit non-zero when one crashes.

    .venv/bin/python fuzz/run.py                  # 20 s per target
    .venv/bin/python fuzz/run.py --seconds 60 --target loader

Each target (fuzz/fuzz_<target>.py) runs under atheris/libFuzzer, starting
from its seed corpus fuzz/corpus/<target>/ (read, never written: new inputs go
to a temporary folder that is thrown away), with the dictionary
fuzz/<target>.dict of tokens worth trying. When a target crashes, or runs
over --timeout seconds on one input, libFuzzer stops it and the input that
did it is saved as tests/fuzz_regressions/<target>/<kind>-<sha1>, which
tests/test_fuzz_regressions.py replays from then on. Exit status: 0 when
no target crashed, 1 when one did, 2 when atheris is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parent
TARGETS = ("loader", "anchor")
REGRESSIONS = REPO / "tests" / "fuzz_regressions"
ARTIFACT_KINDS = ("crash", "timeout", "oom", "leak", "slow-unit")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="budget per target (default 20)")
    parser.add_argument(
        "--target", action="append", choices=TARGETS, help="run only this target (repeatable)"
    )
    parser.add_argument(
        "--timeout", type=int, default=10, help="seconds one input may take (default 10)"
    )
    parser.add_argument(
        "--max-len", type=int, default=4096, help="longest input in bytes (default 4096)"
    )
    args = parser.parse_args(argv)
    try:
        import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        print("atheris is not installed: .venv/bin/pip install atheris", file=sys.stderr)
        return 2
    crashed = [
        target
        for target in args.target or TARGETS
        if not run_target(target, args.seconds, args.timeout, args.max_len)
    ]
    if crashed:
        print(f"fuzz: {', '.join(crashed)} crashed; see tests/fuzz_regressions/", file=sys.stderr)
        return 1
    print("fuzz: no crash", file=sys.stderr)
    return 0


def run_target(target: str, seconds: int, timeout: int, max_len: int) -> bool:
    """Fuzz one target for ``seconds``; False when it crashed (the input is saved)."""
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{target}-") as work:
        corpus = Path(work) / "corpus"
        artifacts = Path(work) / "artifacts"
        corpus.mkdir()
        artifacts.mkdir()
        command = [
            sys.executable,
            str(FUZZ / f"fuzz_{target}.py"),
            str(corpus),
            str(FUZZ / "corpus" / target),
            f"-max_total_time={seconds}",
            f"-timeout={timeout}",
            f"-max_len={max_len}",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={artifacts}/",
            "-print_final_stats=1",
        ]
        dictionary = FUZZ / f"{target}.dict"
        if dictionary.exists():
            command.append(f"-dict={dictionary}")
        print(f"fuzz: {target} for {seconds} s", file=sys.stderr, flush=True)
        result = subprocess.run(command, cwd=REPO, check=False)
        saved = [_save(target, artifact) for artifact in sorted(artifacts.iterdir())]
    for path in saved:
        print(f"fuzz: {target}: saved {path.relative_to(REPO)}", file=sys.stderr)
    if result.returncode != 0 and not saved:
        print(f"fuzz: {target} exited with status {result.returncode}", file=sys.stderr)
    return result.returncode == 0 and not saved


def _save(target: str, artifact: Path) -> Path:
    """Copy one libFuzzer artifact into tests/fuzz_regressions/<target>/."""
    data = artifact.read_bytes()
    kind = next((k for k in ARTIFACT_KINDS if artifact.name.startswith(k + "-")), "crash")
    folder = REGRESSIONS / target
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{hashlib.sha1(data).hexdigest()}"
    shutil.copyfile(artifact, path)
    return path


if __name__ == "__main__":
    sys.exit(main())
