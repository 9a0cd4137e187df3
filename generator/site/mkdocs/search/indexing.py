"""Pagefind's index of the built site: in shards, built while MkDocs works on.

Pagefind holds everything it indexes in memory at once, about 180 KB a page,
so a site of 20,000 pages needs several gigabytes. The pages are split into
shards of at most ``shard_pages`` pages, whole dossiers at a time, in the
order MkDocs converts them. Pagefind reads only a page's article, which is
ready as soon as MkDocs has converted the page's Markdown, long before the
page is written: as soon as a shard's last article is there, its articles go
into stand-in pages in a scratch folder and Pagefind indexes that shard in a
process of its own, on another processor, while MkDocs goes on with the next
pages. One Pagefind process runs at a time, so memory stays that of one shard.
A shard whose pages are all as in an earlier build takes that build's index
from the build cache (``generator.cache``) instead, and is never written out.
The first shard's index is written into ``bundle_dir`` with Pagefind's script;
shard ``n`` into ``bundle_dir/n``, which the search worker merges (Pagefind's
``mergeIndex``).

Pagefind 1.5 writes the values of each filter, and the list of filters in its
metadata file, in the order of a Rust HashMap, which differs from run to run;
``canonicalise_filters`` sorts them so that the same pages give the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.cache import BuildCache, cache_key, pack_folder, packed_files, write_packed
from generator.parallel.priority import lower_priority
from generator.parallel.scratch import Removal, scratch_folder

log = logging.getLogger("mkdocs.plugins.dossier-search")

INDEX = "pagefind"
"""The build cache's namespace for the shards' indexes."""

DOSSIERS = "dossiers/"
"""Pages under ``dossiers/<id>/`` stay together in one shard."""

_UNUSED = (
    "pagefind-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-component-ui.*",
    "pagefind-highlight.js",
)
"""Pagefind's own search interfaces, which the site does not use: Material's is used."""


@dataclass
class Shard:
    """Pages indexed together by one Pagefind process, into ``subdir`` of the site."""

    subdir: str
    pages: list[str] = field(default_factory=list)
    """The pages' paths in the site, such as ``dossiers/x/index.html``."""
    dossiers: list[str] = field(default_factory=list)
    """The dossiers whose folders the shard holds whole."""
    others: list[str] = field(default_factory=list)
    """Its pages outside any dossier's folder."""

    @property
    def glob(self) -> str:
        """Pagefind's ``--glob`` for exactly these pages."""
        parts = [_glob_literal(page) for page in self.others]
        if self.dossiers:
            parts.append(DOSSIERS + "{" + ",".join(self.dossiers) + "}/**/*.html")
        return "{" + ",".join(parts) + "}"


def plan_shards(pages: list[str], bundle_dir: str, shard_pages: int) -> list[Shard]:
    """Split ``pages`` into shards of at most ``shard_pages`` pages (a dossier with
    more pages gets a shard of its own): dossiers in the order their first page
    comes, then the pages outside dossiers, which MkDocs converts in no one place
    (the hand-written pages first, the generated home page last)."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for page in pages:
        if page.startswith(DOSSIERS) and page.count("/") >= 2:
            groups.setdefault(page.split("/")[1], []).append(page)
        else:
            others.append(page)
    units: list[tuple[str | None, list[str]]] = list(groups.items())
    if others:
        units.append((None, others))
    shards: list[Shard] = []
    for dossier, unit in units:
        if not shards or (len(shards[-1].pages) + len(unit) > shard_pages and shards[-1].pages):
            number = len(shards)
            shards.append(Shard(bundle_dir if number == 0 else f"{bundle_dir}/{number}"))
        shard = shards[-1]
        shard.pages.extend(unit)
        if dossier is None:
            shard.others.extend(unit)
        else:
            shard.dossiers.append(dossier)
    return shards


_GLOB_SPECIAL = re.compile(r"([,(){}\[\]?*$<>:])")


def _glob_literal(path: str) -> str:
    """``path`` as a glob that matches it alone; a backslash, which Pagefind's glob
    cannot escape, matches any one character there."""
    return "?".join(_GLOB_SPECIAL.sub(r"\\\1", part) for part in path.split("\\"))


class ShardedIndexer:
    """Runs Pagefind on each shard once MkDocs has converted all its pages.

    ``page_ready`` is called with each page's article as MkDocs converts the
    page (from ``on_page_content``); once a shard's last page came, its index
    is taken from the build cache if it is there (under a key of every page in
    it), or else its articles are written as stand-in pages and it waits for
    Pagefind. ``advance`` starts the next shard while MkDocs writes the pages,
    and removes the stand-ins of a shard indexed. ``finish`` indexes what is
    left, waits, and removes the rest.
    """

    def __init__(
        self, site_dir: Path, shards: list[Shard], language: str, store: BuildCache | None = None
    ) -> None:
        self.site_dir = site_dir.absolute()
        self.store = store
        """Where each shard's index is kept, under a key of the stand-ins it was made from."""
        code = store.code if store is not None else ""
        self.keys = [hashlib.sha256(cache_key(code, shard.subdir).encode()) for shard in shards]
        """Each shard's key so far: the code and its folder, then each stand-in's path and
        content (Pagefind's version is in ``code_fingerprint``)."""
        self.language = language
        self.shards = shards
        self.remaining = [len(shard.pages) for shard in shards]
        """Pages of each shard not handed over yet."""
        self.shard_of = {
            page: number for number, shard in enumerate(shards) for page in shard.pages
        }
        self.articles: list[list[tuple[str, str]]] = [[] for _ in shards]
        """Each shard's stand-in pages handed over so far, by path, until it is complete."""
        self.complete: list[Shard] = []
        """Shards whose every page has been handed over, waiting for Pagefind."""
        self.running: tuple[Shard, subprocess.Popen[str]] | None = None
        self.executable = pagefind_executable()
        for shard in shards:
            # A build with --dirty keeps the site folder; an older index must not linger.
            shutil.rmtree(self.site_dir / shard.subdir, ignore_errors=True)
        self.stand_ins = scratch_folder("search")
        """The folder Pagefind reads: one stand-in page per page, at the page's path."""
        self.folders: set[Path] = set()
        """The folders made in ``stand_ins`` so far."""
        self.removal = Removal()
        """Removes each shard's stand-ins once Pagefind has indexed them."""
        self.unpacking: list[Future[None]] = []
        """The shards' indexes from the cache being written, in a thread of their own:
        writing files mostly waits on the disk, and MkDocs goes on meanwhile."""
        self.writer: ThreadPoolExecutor | None = None

    def page_ready(self, page: str, article: str) -> None:
        """Keep ``page``'s article (its HTML inside the ``<article>`` element) for Pagefind."""
        self.advance()
        number = self.shard_of.get(page)
        if number is None:
            return
        text = (
            f'<!DOCTYPE html>\n<html lang="{self.language}"><head><meta charset="utf-8"></head>'
            f"<body><article data-pagefind-body>\n{article}\n</article></body></html>\n"
        )
        self.articles[number].append((page, text))
        self.keys[number].update(cache_key(page, text).encode())
        self.remaining[number] -= 1
        if self.remaining[number] == 0:
            self._complete(number)

    def _complete(self, number: int) -> None:
        """Every page of shard ``number`` that will come has come: write its index from
        the cache, or its stand-ins, for Pagefind to index next."""
        shard, articles = self.shards[number], self.articles[number]
        self.articles[number] = []
        if self._from_cache(shard):
            return
        for page, text in articles:
            stand_in = self.stand_ins / page
            if stand_in.parent not in self.folders:
                stand_in.parent.mkdir(parents=True, exist_ok=True)
                self.folders.add(stand_in.parent)
            stand_in.write_text(text, "utf-8")
        self.complete.append(shard)

    def finish(self) -> None:
        """Index every shard not yet indexed, one after the other, and wait for all."""
        try:
            for number, left in enumerate(self.remaining):
                if left:
                    self._complete(number)
            while self.running is not None or self.complete:
                self._advance(wait=True)
            for unpacking in self.unpacking:
                unpacking.result()  # an error writing an index ends the build
        finally:
            self.abort()

    def abort(self) -> None:
        """Stop a Pagefind still running and remove the stand-ins."""
        if self.running is not None:
            self.running[1].kill()
            self.running[1].communicate()
            self.running = None
        self.complete.clear()
        if self.writer is not None:
            self.writer.shutdown(wait=True, cancel_futures=True)
            self.writer = None
        self.unpacking.clear()
        self.removal.wait()
        shutil.rmtree(self.stand_ins, ignore_errors=True)

    def advance(self) -> None:
        """Collect a Pagefind that ended and start the next, without waiting."""
        self._advance(wait=False)

    def _advance(self, *, wait: bool) -> None:
        """Collect a Pagefind that ended (waiting for it if ``wait``); start the next."""
        if self.running is not None:
            shard, process = self.running
            if not wait and process.poll() is None:
                return
            output, _ = process.communicate()
            self.running = None
            _check_bundle(self.site_dir / shard.subdir, process.returncode, output)
            if self.store is not None:
                self.store.put(INDEX, self._key(shard), self._pack(shard))
            self._remove_stand_ins(shard)
        if self.complete:
            shard = self.complete.pop(0)
            self.running = (shard, self._start(shard))

    def _key(self, shard: Shard) -> str:
        return self.keys[self.shards.index(shard)].hexdigest()

    def _pack(self, shard: Shard) -> bytes:
        """The shard's index, without the other shards' folders inside the first's."""
        inside = {other.subdir.rsplit("/", 1)[-1] for other in self.shards if other is not shard}
        first = shard is self.shards[0]
        return pack_folder(self.site_dir / shard.subdir, inside if first else ())

    def _from_cache(self, shard: Shard) -> bool:
        """Start writing the shard's index from the cache, if it is there."""
        value = self.store.get(INDEX, self._key(shard)) if self.store is not None else None
        files = packed_files(value) if value is not None else None
        if files is None:
            return False
        if self.writer is None:
            self.writer = ThreadPoolExecutor(1, thread_name_prefix="dossier-search")
        self.unpacking.append(self.writer.submit(write_packed, files, self.site_dir / shard.subdir))
        return True

    def _remove_stand_ins(self, shard: Shard) -> None:
        self.removal.start(
            [self.stand_ins / DOSSIERS / dossier for dossier in shard.dossiers]
            + [self.stand_ins / page for page in shard.others]
        )

    def _start(self, shard: Shard) -> subprocess.Popen[str]:
        return start_pagefind(
            self.executable, self.stand_ins, self.site_dir / shard.subdir, shard.glob, self.language
        )


def start_pagefind(
    executable: Path, pages: Path, bundle: Path, glob: str, language: str
) -> subprocess.Popen[str]:
    """Start Pagefind on the pages under ``pages`` that ``glob`` matches, writing
    its index into ``bundle``; its output (stdout and stderr) is piped."""
    command = [
        str(executable),
        "--site",
        str(pages),
        "--output-path",
        str(bundle),
        "--force-language",
        language,
        "--glob",
        glob,
    ]
    # MkDocs converts and writes pages on one processor; Pagefind, in one thread
    # of its own, keeps off it and still indexes faster than MkDocs converts.
    environment = dict(os.environ, RAYON_NUM_THREADS="1", TOKIO_WORKER_THREADS="1")
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment
        )
    except OSError as exc:
        raise PluginError(f"could not run Pagefind ({executable}): {exc}") from None
    lower_priority(process.pid)
    return process


def run_pagefind(site_dir: Path, bundle_dir: str, language: str) -> None:
    """Index every page of the built ``site_dir`` into ``site_dir/bundle_dir``, in one
    go; raise ``PluginError`` on failure."""
    executable = pagefind_executable()
    bundle = site_dir / bundle_dir
    process = start_pagefind(executable, site_dir, bundle, "**/*.html", language)
    output, _ = process.communicate()
    _check_bundle(bundle, process.returncode, output)


def _check_bundle(bundle: Path, status: int, output: str) -> None:
    """Check what Pagefind wrote into ``bundle``, drop what the site does not use,
    and make the filter index byte-identical from run to run."""
    output = output.strip()
    if status != 0:
        raise PluginError(f"Pagefind failed (exit status {status}):\n{output}")
    log.debug("Pagefind:\n%s", output)
    if not (bundle / "pagefind.js").is_file() or not any(bundle.glob("*.pf_meta")):
        raise PluginError(f"Pagefind wrote no index into {bundle}:\n{output}")
    for pattern in _UNUSED:
        for unused in bundle.glob(pattern):
            unused.unlink()
    try:
        canonicalise_filters(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise PluginError(
            f"Pagefind's index in {bundle} is not laid out as Pagefind 1.5 lays it out "
            f"({exc!r}); pin pagefind[bin] to 1.5 or update canonicalise_filters"
        ) from None


# -- Byte-identical indexes --------------------------------------------------
#
# Two runs on the same pages differ in filter/*.pf_filter, pagefind.*.pf_meta
# (whose names are hashes of their content) and pagefind-entry.json. Everything
# else (fragments, word index, scripts) is already the same. These files are
# gzip-compressed CBOR after the signature "pagefind_dcd"; sorting the lists and
# renaming the files after their new content makes the index byte-identical.

_SIGNATURE = b"pagefind_dcd"


def canonicalise_filters(bundle: Path) -> None:
    """Sort Pagefind's filter index in ``bundle`` and rename its files after their content."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language in entry["languages"].values():
        old_meta = bundle / f"pagefind.{language['hash']}.pf_meta"
        prefix = str(language["hash"]).split("_")[0]
        meta = _read_chunk(old_meta)
        filters = []
        for name, chunk in meta[3]:
            old_chunk = bundle / "filter" / f"{chunk}.pf_filter"
            filter_name, values = _read_chunk(old_chunk)
            data = _chunk_bytes([filter_name, sorted(values, key=lambda value: value[0])])
            new_chunk = f"{prefix}_{hashlib.sha256(data).hexdigest()[:7]}"
            old_chunk.unlink()
            (bundle / "filter" / f"{new_chunk}.pf_filter").write_bytes(data)
            filters.append([name, new_chunk])
        meta[3] = sorted(filters)
        data = _chunk_bytes(meta)
        language["hash"] = f"{prefix}_{hashlib.sha256(data).hexdigest()[:10]}"
        old_meta.unlink()
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _read_chunk(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path.name} lacks Pagefind's signature")
    value, end = _cbor_decode(data, len(_SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name} has bytes after its content")
    return value


def _chunk_bytes(value: Any) -> bytes:
    return gzip.compress(_SIGNATURE + _cbor_encode(value), mtime=0)


def _cbor_decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item of the kinds Pagefind writes: integers, strings, arrays, maps."""
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR item {data[at - 1]:#x}")
    if major == 0:
        return length, at
    if major == 1:
        return -1 - length, at
    if major in (2, 3):
        raw = data[at : at + length]
        return (raw if major == 2 else raw.decode("utf-8")), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(length):
            key, at = _cbor_decode(data, at)
            mapping[key], at = _cbor_decode(data, at)
        return mapping, at
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise ValueError(f"{length} is too large for CBOR")


def _cbor_encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unexpected {value!r} in Pagefind's index")
    if isinstance(value, int):
        return _cbor_head(0, value) if value >= 0 else _cbor_head(1, -1 - value)
    if isinstance(value, bytes):
        return _cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _cbor_head(3, len(raw)) + raw
    if isinstance(value, list):
        return _cbor_head(4, len(value)) + b"".join(_cbor_encode(item) for item in value)
    if isinstance(value, dict):
        return _cbor_head(5, len(value)) + b"".join(
            _cbor_encode(key) + _cbor_encode(item) for key, item in value.items()
        )
    raise ValueError(f"unexpected {type(value).__name__} in Pagefind's index")


def pagefind_executable() -> Path:
    """The Pagefind binary that ``pagefind[bin]`` installs (or ``PAGEFIND_BINARY_PATH``);
    ``PluginError`` saying how to install it when there is none."""
    try:
        from pagefind.service import get_executable

        executable = get_executable()
    except (ImportError, FileNotFoundError):
        executable = None
    if executable is None:
        raise PluginError(
            "Pagefind is not installed: pip install 'pagefind[bin]' (see requirements.lock)"
        )
    return executable
