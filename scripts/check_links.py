#!/usr/bin/env python3
"""Check every ``url`` and ``archive_url`` of the dossiers' sources; print a Markdown report.

    python scripts/check_links.py [SEEDS] [--output FILE] [--timeout S] [--concurrency N]
    python scripts/check_links.py --dry-run      # list the addresses, contact nothing

Sources move and disappear; this finds out which, so an editor can add an
``archive_url`` or note the loss. It reports and never fails: the exit status
is 0 whatever the links answer, and 2 only when the command itself is used
wrongly (an unknown option, a seeds folder that does not exist).

Each address is asked with HEAD first and, when that fails (many servers
refuse HEAD), with a GET that reads only the first bytes. Only http and https
addresses are contacted. The standard library is enough, so the script runs on
any Python 3.11 without the project's virtual environment.

The addresses are read from the top-level ``url:`` and ``archive_url:`` lines
of ``SEEDS/*/sources/*.yml``: those keys are single-line scalars at the top of
the mapping (see docs/guide/format.md), so no YAML library is needed.
"""

from __future__ import annotations

import argparse
import re
import ssl
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "dossier-link-check/0.1 (+research dossier source check; Python urllib)"
KEYS = ("url", "archive_url")
OK, DEAD, BY_HAND, SKIPPED = "ok", "dead", "check by hand", "skipped"
BLOCKING_STATUSES = frozenset({401, 403, 429})
"""Answers that say "not for robots" rather than "gone": a person should look."""
EXIT_OK, EXIT_USAGE = 0, 2

_KEY_LINE = re.compile(
    r"""^(?P<q>["']?)(?P<key>url|archive_url)(?P=q)[ \t]*:(?:[ \t]+|$)(?P<rest>.*)$"""
)
"""A top-level ``url:`` or ``archive_url:`` line (a key at column 0, maybe quoted)."""


@dataclass
class Link:
    """One address and every place a source file names it."""

    address: str
    places: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    link: Link
    verdict: str
    detail: str


def scalar(text: str) -> str | None:
    """The value of a one-line YAML scalar, without quotes or a trailing comment."""
    text = text.strip()
    if not text:
        return None
    if text[0] == "'":
        match = re.match(r"'((?:[^']|'')*)'", text)
        return match.group(1).replace("''", "'") if match else None
    if text[0] == '"':
        match = re.match(r'"((?:[^"\\]|\\.)*)"', text)
        if not match:
            return None
        return re.sub(r"\\(.)", r"\1", match.group(1))
    if text[0] in "|>[{&*!":
        return None  # a block scalar, flow collection, anchor, alias or tag
    return re.split(r"[ \t]#", text, maxsplit=1)[0].strip() or None


def collect(seeds: Path) -> tuple[list[Link], int]:
    """Every address under ``seeds``, in file order, and how many source files were read."""
    links: dict[str, Link] = {}
    files = sorted(seeds.glob("*/sources/*.yml"))
    for path in files:
        lines = path.read_text("utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, start=1):
            match = _KEY_LINE.match(line)
            if not match:
                continue
            place = f"{path.as_posix()}:{number} ({match['key']})"
            address = scalar(match["rest"])
            if address is None:
                address = f"(unreadable value: {match['rest'].strip()[:60]})"
            links.setdefault(address, Link(address)).places.append(place)
    return list(links.values()), len(files)


def _opener() -> urllib.request.OpenerDirector:
    """An opener that speaks only HTTP(S): no file:, ftp: or data: even after a redirect."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _ask(opener: urllib.request.OpenerDirector, address: str, method: str, timeout: float) -> str:
    """The answer to one request, as ``200 OK``; raises on an error status."""
    request = urllib.request.Request(address, method=method, headers={"User-Agent": USER_AGENT})
    with opener.open(request, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)
        answer = f"{response.status} {response.reason}".strip()
        final = response.geturl()
    if final != address:
        answer += f", redirected to {final}"
    return answer


def _failure(error: BaseException) -> tuple[str, str]:
    if isinstance(error, urllib.error.HTTPError):
        verdict = BY_HAND if error.code in BLOCKING_STATUSES else DEAD
        return verdict, f"{error.code} {error.reason}".strip()
    if isinstance(error, urllib.error.URLError):
        return DEAD, f"unreachable: {error.reason}"
    if isinstance(error, TimeoutError):
        return DEAD, "timed out"
    return DEAD, f"{type(error).__name__}: {error}"


def check(link: Link, timeout: float) -> Result:
    """HEAD, then GET if HEAD fails; never raises."""
    parts = urlsplit(link.address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Result(link, SKIPPED, "not an http(s) address")
    opener = _opener()
    error: BaseException | None = None
    for method in ("HEAD", "GET"):
        try:
            return Result(link, OK, _ask(opener, link.address, method, timeout))
        except Exception as exc:  # any failure is reported, never raised
            error = exc
    assert error is not None
    verdict, detail = _failure(error)
    return Result(link, verdict, detail)


def check_all(links: Sequence[Link], timeout: float, concurrency: int) -> list[Result]:
    """Check at most ``concurrency`` addresses at a time; results in the order of ``links``."""
    if not links:
        return []
    with ThreadPoolExecutor(max_workers=min(concurrency, len(links))) as pool:
        return list(pool.map(lambda link: check(link, timeout), links))


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def _address(address: str) -> str:
    if re.fullmatch(r"https?://[^\s<>|`\\]+", address):
        return f"<{address}>"
    return "`" + address.replace("`", "'").replace("|", "\\|") + "`"


def _places(link: Link) -> str:
    return "<br>".join(_cell(place) for place in link.places)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 'es' if word.endswith('ss') else 's'}"


def dry_run_report(links: Sequence[Link], files: int, seeds: Path) -> str:
    lines = [
        "# Link check (dry run)",
        "",
        f"{_plural(len(links), 'address')} in {_plural(files, 'source file')} under "
        f"`{seeds.as_posix()}`; none was contacted.",
        "",
    ]
    if links:
        lines += ["| Address | Named in |", "| --- | --- |"]
        lines += [f"| {_address(link.address)} | {_places(link)} |" for link in links]
        lines.append("")
    return "\n".join(lines)


SECTIONS = (
    (DEAD, "Dead", "Gone, failing or unreachable: find an archived copy or note the loss."),
    (BY_HAND, "Check by hand", "The server refused an automated check; open it in a browser."),
    (SKIPPED, "Skipped", "Not an http(s) address, so not contacted."),
    (OK, "OK", ""),
)


def report(results: Sequence[Result], files: int, seeds: Path) -> str:
    counts = {verdict: 0 for verdict, _, _ in SECTIONS}
    for result in results:
        counts[result.verdict] += 1
    summary = ", ".join(f"{counts[verdict]} {verdict}" for verdict, _, _ in SECTIONS)
    lines = [
        "# Link check",
        "",
        f"Checked {_plural(len(results), 'address')} in {_plural(files, 'source file')} "
        f"under `{seeds.as_posix()}`: {summary}.",
        "",
    ]
    for verdict, title, advice in SECTIONS:
        chosen = [result for result in results if result.verdict == verdict]
        if not chosen:
            continue
        lines += [f"## {title} ({len(chosen)})", ""]
        if advice:
            lines += [advice, ""]
        lines += ["| Address | Answer | Named in |", "| --- | --- | --- |"]
        lines += [
            f"| {_address(r.link.address)} | {_cell(r.detail)} | {_places(r.link)} |"
            for r in chosen
        ]
        lines.append("")
    return "\n".join(lines)


def _number(kind: Callable[[str], float]) -> Callable[[str], float]:
    """An argparse type: a number more than 0."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Report which source addresses (url, archive_url) still answer. "
        "Dead links never make it fail.",
        epilog="Exit status: 0 after any report, 2 wrong usage.",
    )
    parser.add_argument("seeds", nargs="?", type=Path, default=Path("seeds"), help="default: seeds")
    parser.add_argument(
        "--dry-run",
        "--offline",
        dest="dry_run",
        action="store_true",
        help="list the addresses without contacting them",
    )
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument(
        "--timeout", type=_number(float), default=15.0, help="seconds per request (default: 15)"
    )
    parser.add_argument(
        "--concurrency",
        type=_number(int),
        default=4,
        help="addresses checked at once (default: 4)",
    )
    return parser


def main(argv: Iterable[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(None if argv is None else list(argv))
    if not args.seeds.is_dir():
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {args.seeds} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    links, files = collect(args.seeds)
    if args.dry_run:
        text = dry_run_report(links, files, args.seeds)
    else:
        text = report(check_all(links, args.timeout, args.concurrency), files, args.seeds)
    print(text)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text + "\n", "utf-8")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
