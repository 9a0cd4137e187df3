"""A content-addressed store of build results, kept in a folder between builds.

Every entry is found by a key that hashes everything its value depends on:
the inputs, the options, the theme, and the generator's own code
(``code_fingerprint``). A changed input makes a new key, so a stale entry is
never looked up again; it stays until ``evict`` removes the least recently
used entries beyond the size bound.

An entry is written, compressed, to a temporary file beside its place and
renamed into it, so a reader sees a whole entry or none; each entry starts
with a checksum of what follows, so one that is damaged anyway (a disk filling
up, a copy cut short) reads as a miss and is removed. Two builds sharing a folder write the
same value under the same key, and ``os.replace`` lets the last one win.

Values are bytes: the folder may come back from a CI cache service, so nothing
read from it is ever unpickled or run.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NO_CACHE_ENV = "DOSSIER_NO_CACHE"
"""Set to anything but "" or "0" to build without the cache (``dossier build --no-cache``)."""

LAYOUT = "dossier-v2"
"""The folder under the cache folder: a new entry format gets a new name."""

_MAGIC = b"dossier-cache 2\n"
_DIGEST = hashlib.sha256().digest_size
_TEMP_PREFIX = ".tmp-"
_STALE_TEMP_SECONDS = 3600
"""A temporary file this old was left by a build that was killed while writing it."""


def cache_key(*parts: str | bytes) -> str:
    """The hex SHA-256 of ``parts``, each prefixed by its length so that no two
    different lists of parts give the same key."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A key part that changes whenever the generator's code or templates change,
    or the version of Python or of any installed package.

    Every package counts, not a list of those known to shape the output: a theme,
    a Markdown extension or a plugin named in ``mkdocs.yml`` may come from any of
    them, and a list would miss the one added next.
    """
    return folder_fingerprint(Path(__file__).parent)


def folder_fingerprint(package: Path) -> str:
    """``code_fingerprint`` of the code in ``package``."""
    parts: list[str | bytes] = [sys.version]
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    installed = {
        (dist.metadata["Name"] or "", dist.version) for dist in importlib.metadata.distributions()
    }
    for name, version in sorted(installed):
        parts += [name, version]
    return cache_key(*parts)


@dataclass
class BuildCache:
    """The entries under ``folder``, at most about ``max_bytes`` of them after ``evict``."""

    folder: Path
    max_bytes: int
    code: str = ""
    """``code_fingerprint``, which every key holds: the build that opens the cache sets it."""
    hits: Counter[str] = field(default_factory=Counter)
    """Entries found, by namespace, since this cache was opened."""
    misses: Counter[str] = field(default_factory=Counter)
    """Entries looked up and not found (or found damaged), by namespace."""
    _writer: ThreadPoolExecutor | None = field(default=None, repr=False, compare=False)
    _folders: set[Path] = field(default_factory=set, repr=False, compare=False)
    """The folders the writer made or found, so as not to make them again."""

    @property
    def root(self) -> Path:
        return self.folder / LAYOUT

    def get(self, namespace: str, key: str) -> bytes | None:
        """The value stored under ``key``, or None when there is none or it is damaged."""
        path = self._path(namespace, key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses[namespace] += 1
            return None
        value = _unwrap(data)
        if value is None:
            with contextlib.suppress(OSError):
                path.unlink()
            self.misses[namespace] += 1
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the last to be evicted
        self.hits[namespace] += 1
        return value

    def has(self, namespace: str, key: str) -> bool:
        """Whether an entry is stored under ``key`` (``get`` still checks it is whole)."""
        return self._path(namespace, key).is_file()

    def put(self, namespace: str, key: str, value: bytes) -> None:
        """Store ``value`` under ``key``, in a thread of its own, so that the build goes
        on while the file is written (``flush`` waits for it); a cache that cannot
        be written is skipped, since a build never depends on it."""
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="dossier-cache")
        self._writer.submit(self._write, self._path(namespace, key), value)

    def flush(self) -> None:
        """Return once every entry ``put`` so far is written."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.shutdown(wait=True)

    def __getstate__(self) -> dict[str, Any]:
        # Another process (``parallel.workers``) writes with a thread of its own.
        return {**self.__dict__, "_writer": None}

    def _write(self, path: Path, value: bytes) -> None:
        # zlib and hashlib let go of the interpreter lock: the build's thread goes on.
        data = zlib.compress(value, 1)
        entry = _MAGIC + hashlib.sha256(data).digest() + data
        with contextlib.suppress(OSError):
            if path.parent not in self._folders:  # creating a file is slow enough
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            handle, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(entry)
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise

    def get_json(self, namespace: str, key: str) -> Any:
        """The JSON value stored under ``key``; None when there is none, or when what
        is stored is not JSON (a cache from elsewhere may hold anything whole)."""
        value = self.get(namespace, key)
        if value is None:
            return None
        try:
            return json.loads(value)
        except ValueError:  # UnicodeDecodeError too
            self.hits[namespace] -= 1
            self.misses[namespace] += 1
            return None

    def put_json(self, namespace: str, key: str, value: object) -> None:
        self.put(namespace, key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def size(self) -> int:
        """The bytes the entries take."""
        self.flush()
        return sum(size for _, size, _ in self._entries())

    def evict(self) -> None:
        """Remove the least recently used entries until the rest fit in ``max_bytes``,
        and the temporary files of builds that were killed; skipped while another
        build evicts from the same folder."""
        self.flush()
        with self._lock() as locked:
            if not locked:
                return
            entries = sorted(self._entries(), key=lambda entry: entry[2])
            total = sum(size for _, size, _ in entries)
            for path, size, _ in entries:
                if total <= self.max_bytes:
                    break
                with contextlib.suppress(OSError):
                    path.unlink()
                total -= size

    def report(self) -> str:
        """How much the build took from the cache, for its log."""
        used = sum(self.hits.values())
        looked = used + sum(self.misses.values())
        return f"{used} of {looked} cache entries used ({self.folder}, {self.size() / 1e6:.1f} MB)"

    def _path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / key

    def _entries(self) -> Iterator[tuple[Path, int, float]]:
        """Each entry's path, size and last use; stale temporary files are removed."""
        if not self.root.is_dir():
            return
        now = time.time()
        for path in self.root.glob("*/*/*"):  # namespace / key prefix / entry
            try:
                stat = path.stat()
            except OSError:
                continue
            if not path.is_file():
                continue
            if path.name.startswith(_TEMP_PREFIX):
                if now - stat.st_mtime > _STALE_TEMP_SECONDS:
                    with contextlib.suppress(OSError):
                        path.unlink()
                continue
            yield path, stat.st_size, stat.st_mtime

    @contextlib.contextmanager
    def _lock(self) -> Iterator[bool]:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            stream = (self.root / ".lock").open("a")
        except OSError:
            yield False
            return
        with stream:
            try:
                fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(stream, fcntl.LOCK_UN)


def _unwrap(data: bytes) -> bytes | None:
    """The value of a stored entry, or None when the entry is not whole."""
    header = len(_MAGIC) + _DIGEST
    if len(data) < header or not data.startswith(_MAGIC):
        return None
    value = data[header:]
    if hashlib.sha256(value).digest() != data[len(_MAGIC) : header]:
        return None
    try:
        return zlib.decompress(value)
    except zlib.error:
        return None


def pack_folder(folder: Path, leave_out: Collection[str] = ()) -> bytes:
    """Every file under ``folder`` with its path, but those under the sub-folders
    named in ``leave_out``, as one value (``unpack_folder``)."""
    parts = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in leave_out:
            name = relative.as_posix().encode("utf-8")
            data = path.read_bytes()
            parts += [len(name).to_bytes(4, "big"), name, len(data).to_bytes(8, "big"), data]
    return b"".join(parts)


def unpack_folder(value: bytes, folder: Path) -> bool:
    """Write the files of a ``pack_folder`` value under ``folder``; False, having
    written nothing, when the value is not one: a path that would lead out of
    ``folder`` or lengths that do not add up, as a poisoned cache could hold."""
    files: list[tuple[Path, bytes]] = []
    at = 0
    while at < len(value):
        size = int.from_bytes(value[at : at + 4], "big")
        name = value[at + 4 : at + 4 + size].decode("utf-8", "replace")
        at += 4 + size
        length = int.from_bytes(value[at : at + 8], "big")
        data = value[at + 8 : at + 8 + length]
        at += 8 + length
        parts = name.split("/")
        if at > len(value) or not name or name.startswith("/") or {"", ".", ".."} & set(parts):
            return False
        files.append((folder.joinpath(*parts), data))
    for path, data in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return True


def cache_disabled() -> bool:
    """Whether the environment asks for a build without the cache."""
    return os.environ.get(NO_CACHE_ENV, "") not in ("", "0")


def open_cache(project_dir: Path, folder: str = ".cache", max_mb: int = 2048) -> BuildCache | None:
    """The cache in ``folder`` (relative to ``project_dir``), or None when ``folder``
    is empty or the environment turns the cache off."""
    if not folder or cache_disabled():
        return None
    return BuildCache(project_dir / folder, max_mb * 1_000_000, code_fingerprint())


__all__ = [
    "NO_CACHE_ENV",
    "BuildCache",
    "cache_disabled",
    "cache_key",
    "code_fingerprint",
    "folder_fingerprint",
    "open_cache",
    "pack_folder",
    "unpack_folder",
]
