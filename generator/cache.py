"""A content-addressed store of build results, kept in a folder between builds.

Every entry is found by a key that hashes everything its value depends on:
the inputs, the options, the theme, and the generator's own code
(``code_fingerprint``). A changed input makes a new key, so a stale entry is
never looked up again; it stays until ``evict`` removes the least recently
used entries beyond the size bound.

The entries live in one SQLite database in the folder, not a file each: a
build reads and writes thousands of entries, and creating or opening a file
costs about as much as reading a small one. SQLite makes each write whole or
absent, so a build killed while writing leaves a correct cache, and lets two
builds share the folder: they write the same value under the same key, one
after the other. Each entry is compressed and starts with a checksum of what
follows, so one damaged anyway (a disk filling up, a copy cut short) reads as
a miss and is removed; a file that is not a database at all is replaced.

Values are bytes: the folder may come back from a CI cache service, so nothing
read from it is ever unpickled or run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

_T = TypeVar("_T")

NO_CACHE_ENV = "DOSSIER_NO_CACHE"
"""Set to anything but "" or "0" to build without the cache (``dossier build --no-cache``)."""

LAYOUT = "dossier-v3.sqlite"
"""The database in the cache folder: a new entry format gets a new name."""

_OLD_LAYOUTS = ("dossier-v2",)
"""What earlier versions kept in the cache folder, removed by ``evict``."""

_MAGIC = b"dossier-cache 2\n"
_DIGEST = hashlib.sha256().digest_size
_WAIT_SECONDS = 30.0
"""How long a write waits for another build sharing the folder to finish its own."""
_BATCH = 64
"""Entries gathered in memory and then written in one short transaction: a
transaction a value would wait on the disk each time, and one held open while
the build goes on would make another process writing to the cache (a
generation worker, another build) wait for it."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    size INTEGER NOT NULL,
    used REAL NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS content (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (namespace, key)
);
"""
"""Each entry's size and last use apart from its value: marking thousands of entries
used, or adding up their sizes, then never reads or writes the values."""
_TABLES = ("content", "entry")


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
    """The entries under ``folder``, at most about ``max_bytes`` of them after ``evict``.

    A cache that cannot be opened or written is skipped: a build never depends on it.
    """

    folder: Path
    max_bytes: int
    code: str = ""
    """``code_fingerprint``, which every key holds: the build that opens the cache sets it."""
    hits: Counter[str] = field(default_factory=Counter)
    """Entries found, by namespace, since this cache was opened."""
    misses: Counter[str] = field(default_factory=Counter)
    """Entries looked up and not found (or found damaged), by namespace."""
    _reader: sqlite3.Connection | None = field(default=None, repr=False, compare=False)
    """This process's connection for reading, made by the first read."""
    _writer: ThreadPoolExecutor | None = field(default=None, repr=False, compare=False)
    """The thread that compresses and writes, with a connection of its own."""
    _written: sqlite3.Connection | None = field(default=None, repr=False, compare=False)
    """The writer thread's connection, used by that thread alone."""
    _batch: list[tuple[str, str, bytes]] = field(default_factory=list, repr=False, compare=False)
    """Entries compressed by the writer thread and not yet written."""
    _used: list[tuple[str, str]] = field(default_factory=list, repr=False, compare=False)
    """The entries read, whose time of last use is written with the next ``flush``."""
    _damaged: list[tuple[str, str]] = field(default_factory=list, repr=False, compare=False)
    """The entries found damaged, removed with the next ``flush``."""
    _broken: bool = field(default=False, repr=False, compare=False)
    """Whether the database was found damaged past reading."""

    @property
    def path(self) -> Path:
        """The database file."""
        return self.folder / LAYOUT

    def get(self, namespace: str, key: str) -> bytes | None:
        """The value stored under ``key``, or None when there is none or it is damaged."""
        query = "SELECT value FROM content WHERE namespace = ? AND key = ?"
        row = self._read(query, namespace, key)
        value = _unwrap(row[0]) if row is not None else None
        if value is None:
            if row is not None:
                self._damaged.append((namespace, key))
            self.misses[namespace] += 1
            return None
        self._used.append((namespace, key))  # recently used: the last to be evicted
        self.hits[namespace] += 1
        return value

    def has(self, namespace: str, key: str) -> bool:
        """Whether an entry is stored under ``key`` (``get`` still checks it is whole)."""
        query = "SELECT 1 FROM content WHERE namespace = ? AND key = ?"
        return self._read(query, namespace, key) is not None

    def put(self, namespace: str, key: str, value: bytes) -> None:
        """Store ``value`` under ``key``, in a thread of its own, so that the build goes
        on while the entry is compressed and written (``flush`` waits for it)."""
        self._submit(self._write, namespace, key, value)

    def flush(self) -> None:
        """Return once every entry ``put`` so far is written, with the times of use of
        the entries read and without the damaged ones."""
        used, self._used = self._used, []
        damaged, self._damaged = self._damaged, []
        if used or damaged:
            self._submit(self._mark, used, damaged)
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.submit(self._close_writer)
            writer.shutdown(wait=True)

    def close(self) -> None:
        """``flush``, and let go of the database, which SQLite then leaves as one file."""
        self.flush()
        if self._reader is not None:
            reader, self._reader = self._reader, None
            reader.close()

    def __getstate__(self) -> dict[str, Any]:
        # Another process (``parallel.workers``) opens connections of its own.
        return {**self.__dict__, "_reader": None, "_writer": None, "_written": None}

    def get_json(self, namespace: str, key: str) -> Any:
        """The JSON value stored under ``key``; None when there is none, or when what
        is stored is not JSON (a cache from elsewhere may hold anything whole)."""
        return self._decoded(namespace, key, _json)

    def put_json(self, namespace: str, key: str, value: object) -> None:
        self.put(namespace, key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def get_record(self, namespace: str, key: str) -> tuple[Any, list[str]] | None:
        """The JSON head and the texts stored under ``key`` by ``put_record``; None when
        there is none, or when what is stored is not a record."""
        return self._decoded(namespace, key, _record)

    def put_record(self, namespace: str, key: str, head: object, texts: list[str]) -> None:
        """Store a small JSON ``head`` and long ``texts`` (pages of HTML) under ``key``:
        texts kept apart from the JSON read back at the speed of UTF-8, without
        JSON's unescaping."""
        parts = [json.dumps(head, ensure_ascii=False).encode("utf-8"), b"\n"]
        for text in texts:
            data = text.encode("utf-8")
            parts += [len(data).to_bytes(8, "big"), data]
        self.put(namespace, key, b"".join(parts))

    def size(self) -> int:
        """The bytes the entries take."""
        self.flush()
        row = self._read("SELECT coalesce(sum(size), 0) FROM entry")
        return int(row[0]) if row is not None else 0

    def evict(self) -> None:
        """Remove the least recently used entries until the rest fit in ``max_bytes``,
        and what earlier versions left in the folder."""
        self.flush()
        for old in _OLD_LAYOUTS:
            shutil.rmtree(self.folder / old, ignore_errors=True)
        if self._broken:
            self.close()
            _remove_database(self.path)
            self._broken = False
            return
        connection = self._connection()
        if connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with connection:
                # The newest entries that fit stay; a running total finds them in one pass.
                connection.execute(
                    "CREATE TEMP TABLE doomed AS SELECT namespace, key FROM "
                    "(SELECT namespace, key, sum(size) OVER (ORDER BY used DESC, key DESC) AS kept "
                    "FROM entry) WHERE kept > ?",
                    (self.max_bytes,),
                )
                for table in _TABLES:
                    connection.execute(
                        f"DELETE FROM {table} WHERE (namespace, key) IN (SELECT * FROM doomed)"
                    )
                connection.execute("DROP TABLE doomed")
            connection.executescript("PRAGMA incremental_vacuum;")  # run to its end, not a step

    def report(self) -> str:
        """How much the build took from the cache, for its log."""
        used = sum(self.hits.values())
        looked = used + sum(self.misses.values())
        return f"{used} of {looked} cache entries used ({self.folder}, {self.size() / 1e6:.1f} MB)"

    def _decoded(self, namespace: str, key: str, decode: Callable[[bytes], _T | None]) -> _T | None:
        """The value under ``key`` as ``decode`` reads it; one it cannot read (None)
        counts as a miss."""
        value = self.get(namespace, key)
        decoded = decode(value) if value is not None else None
        if value is not None and decoded is None:
            self.hits[namespace] -= 1
            self.misses[namespace] += 1
        return decoded

    def _read(self, query: str, *arguments: object) -> Any:
        """The first row ``query`` gives, or None (also when the cache cannot be read)."""
        connection = self._connection()
        if connection is None:
            return None
        try:
            return connection.execute(query, arguments).fetchone()
        except sqlite3.OperationalError:  # busy for longer than a build waits, say
            return None
        except sqlite3.Error:  # "database disk image is malformed": ``evict`` replaces it
            self._broken = True
            return None

    def _connection(self) -> sqlite3.Connection | None:
        if self._reader is None:
            self._reader = _connect(self.path)
        return self._reader

    def _submit(self, task: Any, *arguments: object) -> None:
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="dossier-cache")
        self._writer.submit(task, *arguments)

    # The writer thread's own tasks, one at a time.

    def _write(self, namespace: str, key: str, value: bytes) -> None:
        # zlib and hashlib let go of the interpreter lock: the build's thread goes on.
        data = zlib.compress(value, 1)
        self._batch.append((namespace, key, _MAGIC + hashlib.sha256(data).digest() + data))
        if len(self._batch) >= _BATCH:
            self._write_batch()

    def _write_batch(self) -> None:
        batch, self._batch = self._batch, []
        now = time.time()
        self._change(
            (
                "INSERT OR REPLACE INTO entry (namespace, key, size, used) VALUES (?, ?, ?, ?)",
                [(namespace, key, len(entry), now) for namespace, key, entry in batch],
            ),
            ("INSERT OR REPLACE INTO content (namespace, key, value) VALUES (?, ?, ?)", batch),
        )

    def _mark(self, used: list[tuple[str, str]], damaged: list[tuple[str, str]]) -> None:
        now = time.time()
        self._change(
            (
                "UPDATE entry SET used = ? WHERE namespace = ? AND key = ?",
                [(now, namespace, key) for namespace, key in used],
            ),
            *[
                (f"DELETE FROM {table} WHERE namespace = ? AND key = ?", damaged)
                for table in _TABLES
            ],
        )

    def _change(self, *changes: tuple[str, Sequence[tuple[object, ...]]]) -> None:
        """Run each statement on its rows, in one transaction, committed at once."""
        if not any(rows for _, rows in changes):
            return
        if self._written is None:
            self._written = _connect(self.path)
        if self._written is None:
            return
        # On an error (another build held the database too long, a full disk) the
        # transaction is rolled back and the entries are not kept.
        with contextlib.suppress(sqlite3.Error), self._written:
            for statement, rows in changes:
                self._written.executemany(statement, rows)

    def _close_writer(self) -> None:
        self._write_batch()
        if self._written is not None:
            self._written.close()
            self._written = None


def _connect(path: Path) -> sqlite3.Connection | None:
    """A connection to the database at ``path``, made if it is not there; a file that
    is not a database is replaced; None when the folder cannot be written, or the
    database stays busy with another build."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=_WAIT_SECONDS)
        except (OSError, sqlite3.Error):
            return None
        try:
            # Set before the table is made, so that an eviction gives the space back.
            connection.execute("PRAGMA auto_vacuum = INCREMENTAL")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.executescript(_SCHEMA)
            return connection
        except sqlite3.OperationalError:  # busy, or the disk would not be written
            connection.close()
            return None
        except sqlite3.DatabaseError:  # "file is not a database", or damaged
            connection.close()
            if attempt == 0:
                _remove_database(path)
    return None


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


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


def _json(value: bytes) -> Any:
    try:
        return json.loads(value)
    except ValueError:  # UnicodeDecodeError too
        return None


def _record(value: bytes) -> tuple[Any, list[str]] | None:
    """A ``put_record`` value's head and texts, or None when ``value`` is not one."""
    end = value.find(b"\n")
    if end < 0:
        return None
    try:
        head = json.loads(value[:end])
        texts, at = [], end + 1
        while at < len(value):
            length = int.from_bytes(value[at : at + 8], "big")
            at += 8 + length
            if at > len(value):
                return None
            texts.append(value[at - length : at].decode("utf-8"))
    except ValueError:  # UnicodeDecodeError too
        return None
    return head, texts


def pack_folder(folder: Path, leave_out: Collection[str] = ()) -> bytes:
    """Every file under ``folder`` with its path, but those under the sub-folders
    named in ``leave_out``, as one value (``packed_files``)."""
    parts = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in leave_out:
            name = relative.as_posix().encode("utf-8")
            data = path.read_bytes()
            parts += [len(name).to_bytes(4, "big"), name, len(data).to_bytes(8, "big"), data]
    return b"".join(parts)


def packed_files(value: bytes) -> list[tuple[tuple[str, ...], bytes]] | None:
    """The files of a ``pack_folder`` value, each as its path's parts and its bytes;
    None when the value is not one: a path that would lead out of its folder or
    lengths that do not add up, as a poisoned cache could hold."""
    files: list[tuple[tuple[str, ...], bytes]] = []
    at = 0
    while at < len(value):
        size = int.from_bytes(value[at : at + 4], "big")
        name = value[at + 4 : at + 4 + size].decode("utf-8", "replace")
        at += 4 + size
        length = int.from_bytes(value[at : at + 8], "big")
        data = value[at + 8 : at + 8 + length]
        at += 8 + length
        parts = tuple(name.split("/"))
        if at > len(value) or not name or name.startswith("/") or {"", ".", ".."} & set(parts):
            return None
        files.append((parts, data))
    return files


def write_packed(files: list[tuple[tuple[str, ...], bytes]], folder: Path) -> None:
    """Write ``packed_files`` under ``folder``."""
    made: set[Path] = set()
    for parts, data in files:
        path = folder.joinpath(*parts)
        if path.parent not in made:  # a folder is made once, not once a file
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)


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
    "packed_files",
    "write_packed",
]
