"""How big the search index of a large site is, and what a reader downloads to search it.

    .venv/bin/python -m benchmarks.search_size [--sources 1000] [--shard-pages N]
        [--lunr] [--keep DIR]

Writes the synthetic corpus of ``benchmarks.corpus`` (about 8 KB of text a
source, one source in ten in Persian) beside the project's own dossiers, builds
it with ``dossier build``, and
reports the size of Pagefind's index in the site, then opens the site in
headless Chromium (``CHROMIUM``, default /usr/bin/chromium), types queries
into Material's search box key by key, and sums the bytes of every response
from the first key press to the results. ``--lunr`` builds the same corpus
with Material's own search plugin too, to compare with its search_index.json,
which every reader downloads whole.

Sizes are of the files as served by a plain static server; the index and
excerpts are gzip files already, pagefind.js and the WebAssembly module are
not, so their gzip size, what a compressing server sends, is given too.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus
from benchmarks.sites import REPO, child_environment, make_project
from generator.site.preview import serve_site

QUERIES = (
    "hospital",  # an English word of most source texts
    "Belova",  # the city of the first dossier
    "بيمارستان",  # "hospital" typed with an Arabic yeh; the Persian texts have ی
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument(
        "--shard-pages", type=int, help="dossier-search's shard_pages (default: the plugin's)"
    )
    parser.add_argument("--lunr", action="store_true", help="also build with lunr search")
    parser.add_argument("--keep", type=Path, help="build here instead of a temporary folder")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="search-size-"))
    try:
        site = _build(root / "pagefind-site", args.sources, shard_pages=args.shard_pages)
        _report_index(site / "pagefind")
        _report_queries(site)
        if args.lunr:
            lunr = _build(root / "lunr-site", args.sources, lunr=True)
            index = (lunr / "search" / "search_index.json").read_bytes()
            print(f"\nlunr search_index.json: {len(index):,} bytes ({_gz(index):,} gzipped)")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def _build(
    project: Path, sources: int, *, lunr: bool = False, shard_pages: int | None = None
) -> Path:
    config = make_project(project)
    text = config.read_text("utf-8")
    if lunr:
        text = re.sub(r"^(\s*)- dossier-search\s*$", r"\1- search", text, flags=re.M)
    elif shard_pages is not None:
        option = rf"\1- dossier-search:\n\1    shard_pages: {shard_pages}"
        text = re.sub(r"^(\s*)- dossier-search\s*$", option, text, flags=re.M)
    config.write_text(text, "utf-8")
    # The project's own dossiers too: its guide links to them.
    shutil.copytree(REPO / "seeds", project / "seeds")
    write_corpus(project / "seeds", sources)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", "site"],
        cwd=project,
        env=child_environment(),
        check=True,
        capture_output=True,
    )
    kind = "lunr" if lunr else "Pagefind"
    print(f"built {sources} sources with {kind} search in {time.monotonic() - started:.1f} s")
    return project / "site"


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, mtime=0))


def _report_index(bundle: Path) -> None:
    """Every index the site holds: ``bundle`` and its shards in ``bundle/N``."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        relative = path.relative_to(bundle)
        group = relative.parts[0] + "/" if len(relative.parts) > 1 else relative.name
        groups.setdefault(re.sub(r"\.en_\w+\.", ".*.", group), []).append(path)
    total = sum(path.stat().st_size for paths in groups.values() for path in paths)
    print(f"\nPagefind bundle: {total:,} bytes in {sum(map(len, groups.values()))} files")
    for group, paths in groups.items():
        size = sum(path.stat().st_size for path in paths)
        gzipped = "" if group.endswith("/") else f" ({_gz(paths[0].read_bytes()):,} gzipped)"
        print(f"  {group:<28} {len(paths):>6} files {size:>12,} bytes{gzipped}")


def _type(page: Any, text: str) -> None:
    """Key presses as a keyboard sends them, Persian letters through Chromium's input."""
    session = None
    for character in text:
        if character.isascii():
            page.keyboard.press(character)
        else:
            session = session or page.context.new_cdp_session(page)
            down = {"type": "keyDown", "key": character, "text": character}
            session.send("Input.dispatchKeyEvent", down)
            session.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": character})
        page.wait_for_timeout(30)


def _settle(page: Any) -> str:
    snapshot = """() => document.querySelector(".md-search-result__meta").textContent
        + "|" + document.querySelectorAll(".md-search-result__item").length"""
    previous = None
    for _ in range(100):
        page.wait_for_timeout(300)
        current = page.evaluate(snapshot)
        if current == previous and re.search(r"matching document|No matching", current):
            return str(current.split("|")[0])
        previous = current
    raise RuntimeError(f"the results did not settle: {previous}")


def _report_queries(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with serve_site(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            responses: list[Any] = []
            page.on("response", lambda response, into=responses: into.append(response))
            page.goto(url)
            page.wait_for_load_state("networkidle")
            loaded = len(responses)
            page.locator("input.md-search__input").click()
            _type(page, query)
            shown = _settle(page)
            page.wait_for_load_state("networkidle")
            bodies = [(r.url.replace(url, ""), r.body()) for r in responses[loaded:]]
            context.close()
            total = sum(len(body) for _, body in bodies)
            compressed = sum(
                _gz(body) if name.endswith((".js", ".pagefind")) else len(body)
                for name, body in bodies
            )
            fragments = sum(1 for name, _ in bodies if "/fragment/" in name)
            print(
                f"\nfirst query {query!r}: {shown}; {total:,} bytes in {len(bodies)} responses "
                f"({compressed:,} with the scripts gzipped), {fragments} excerpts"
            )
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main())
