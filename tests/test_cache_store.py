"""The build cache's store: whole entries or none, a bound, and safe sharing."""

from __future__ import annotations

import itertools
import multiprocessing
import random
import sqlite3
import time
from pathlib import Path

import pytest

from generator.cache import LAYOUT, BuildCache, cache_key, code_fingerprint, open_cache


def _rows(cache: BuildCache) -> dict[str, bytes]:
    """The stored entries, by key, as they are in the database."""
    with sqlite3.connect(cache.path) as connection:
        return dict(connection.execute("SELECT key, value FROM content"))


def _change(cache: BuildCache, statement: str, *arguments: object) -> None:
    with sqlite3.connect(cache.path) as connection:
        connection.execute(statement, arguments)


def test_a_value_comes_back_as_it_was_stored(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, 10**6)
    key = cache_key("a")
    assert cache.get("page", key) is None
    cache.put_json("page", key, {"html": "مرحبا <p>"})
    cache.flush()  # written in a thread of its own
    assert cache.get_json("page", key) == {"html": "مرحبا <p>"}
    assert (cache.hits["page"], cache.misses["page"]) == (1, 1)


def test_keys_tell_apart_parts_that_join_to_the_same_text() -> None:
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("a") == cache_key(b"a")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # a copy cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"",  # an entry never written
        lambda data: b"not an entry at all",
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_removed(tmp_path: Path, damage) -> None:
    cache = BuildCache(tmp_path, 10**6)
    key = cache_key("damaged")
    cache.put("page", key, b"x" * 1000)
    cache.flush()
    _change(cache, "UPDATE content SET value = ?", damage(_rows(cache)[key]))
    assert cache.get("page", key) is None
    cache.flush()
    assert key not in _rows(cache)


def test_eviction_keeps_the_most_recently_used_within_the_bound(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, 2500)
    keys = [cache_key(str(number)) for number in range(4)]
    for age, key in enumerate(keys):
        cache.put("page", key, random.Random(age).randbytes(1000))  # as large compressed
    cache.flush()
    for age, key in enumerate(keys):
        _change(cache, "UPDATE entry SET used = ? WHERE key = ?", time.time() - 100 + age, key)
    assert cache.get("page", keys[0]) is not None  # used now: the newest
    cache.evict()
    assert sorted(_rows(cache)) == sorted([keys[0], keys[3]])
    assert cache.size() <= 2500


def test_eviction_gives_the_space_back(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, 10**9)
    for number in range(50):
        cache.put("page", cache_key(str(number)), random.Random(number).randbytes(20_000))
    cache.close()
    assert cache.path.stat().st_size > 1_000_000
    small = BuildCache(tmp_path, 100_000)
    small.evict()
    small.close()
    assert small.size() <= 100_000
    assert cache.path.stat().st_size < 300_000


def _write_until_killed(folder: str) -> None:
    cache = BuildCache(Path(folder), 10**9)
    for number in itertools.count():
        cache.put("page", cache_key(str(number)), str(number).encode() * 5000)
        if number % 100 == 99:
            cache.flush()


def _stored(folder: Path) -> int:
    try:
        return len(_rows(BuildCache(folder, 0)))
    except sqlite3.Error:  # no database yet, or not its tables
        return 0


def test_a_build_killed_while_writing_leaves_a_correct_cache(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writer = context.Process(target=_write_until_killed, args=(str(tmp_path),))
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while _stored(tmp_path) < 300:
            assert time.monotonic() < deadline, "the writer wrote nothing"
            time.sleep(0.05)
    finally:
        writer.kill()  # in the middle of writing, as like as not; never left running
        writer.join()
    cache = BuildCache(tmp_path, 10**9)
    numbers = {cache_key(str(number)): number for number in range(100_000)}
    stored = _rows(cache)
    assert len(stored) >= 300
    for key in stored:
        assert cache.get("page", key) == str(numbers[key]).encode() * 5000


def test_a_file_that_is_not_a_database_is_replaced(tmp_path: Path) -> None:
    (tmp_path / LAYOUT).write_bytes(b"not a database, " * 1000)
    cache = BuildCache(tmp_path, 10**6)
    assert cache.get("page", cache_key("a")) is None
    cache.put("page", cache_key("a"), b"value")
    cache.flush()
    assert cache.get("page", cache_key("a")) == b"value"


def test_eviction_removes_what_an_earlier_version_left(tmp_path: Path) -> None:
    old = tmp_path / "dossier-v2" / "page" / "ab"
    old.mkdir(parents=True)
    (old / "abcd").write_bytes(b"an entry of the old layout")
    mine = tmp_path / "notes.txt"
    mine.write_text("not the cache's")
    BuildCache(tmp_path, 10**6).evict()
    assert not (tmp_path / "dossier-v2").exists()
    assert mine.exists()


def _hammer(folder: str, worker: int) -> None:
    cache = BuildCache(Path(folder), 200_000)
    for round_ in range(200):
        key = cache_key(str(round_ % 20))
        value = cache.get("page", key)
        assert value is None or value == str(round_ % 20).encode() * 500, value[:20]
        cache.put("page", key, str(round_ % 20).encode() * 500)
        cache.flush()
        if round_ % 50 == worker:
            cache.evict()


def test_two_builds_sharing_a_folder_never_read_a_wrong_value(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(tmp_path), n)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0]


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = BuildCache(blocker, 10**6)
    cache.put("page", cache_key("a"), b"value")
    assert cache.get("page", cache_key("a")) is None
    cache.evict()


def test_the_environment_or_an_empty_folder_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOSSIER_NO_CACHE", raising=False)
    assert open_cache(tmp_path) is not None
    assert open_cache(tmp_path, "") is None
    monkeypatch.setenv("DOSSIER_NO_CACHE", "0")
    assert open_cache(tmp_path) is not None
    monkeypatch.setenv("DOSSIER_NO_CACHE", "1")
    assert open_cache(tmp_path) is None


def test_the_code_fingerprint_is_stable_within_a_process() -> None:
    assert code_fingerprint() == code_fingerprint()
    assert len(code_fingerprint()) == 64


def test_an_entry_that_is_whole_but_not_json_is_a_miss(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, 10**6)
    key = cache_key("not json")
    cache.put("page", key, b"\xff<script>")  # as a cache from elsewhere could hold
    cache.flush()
    assert cache.get_json("page", key) is None
    assert (cache.hits["page"], cache.misses["page"]) == (0, 1)


def test_a_record_comes_back_as_it_was_stored(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, 10**6)
    texts = ['<p>\n"مرحبا"</p>', "", "\\n\x00"]
    cache.put_record("page", cache_key("r"), {"toc": [1, "\n"]}, texts)
    cache.put("page", cache_key("not a record"), b'{"toc": 1}\n' + (5).to_bytes(8, "big") + b"ab")
    cache.flush()
    assert cache.get_record("page", cache_key("r")) == ({"toc": [1, "\n"]}, texts)
    assert cache.get_record("page", cache_key("not a record")) is None
    assert (cache.hits["page"], cache.misses["page"]) == (1, 1)


def test_a_database_damaged_inside_is_replaced_by_the_next_eviction(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, 10**9)
    keys = [cache_key(str(number)) for number in range(200)]
    for number, key in enumerate(keys):
        cache.put("page", key, random.Random(number).randbytes(3000))
    cache.close()
    with (tmp_path / LAYOUT).open("r+b") as stream:
        stream.seek(8192)  # past the first pages, which say the file is a database
        stream.write(random.Random(1).randbytes(200_000))
    damaged = BuildCache(tmp_path, 10**9)
    found = [damaged.get("page", key) for key in keys]
    assert found.count(None) > 0
    damaged.evict()
    again = BuildCache(tmp_path, 10**9)
    assert all(again.get("page", key) is None for key in keys)
    again.put("page", keys[0], b"value")
    again.flush()
    assert again.get("page", keys[0]) == b"value"


def test_entries_waiting_to_be_written_hold_no_lock(tmp_path: Path) -> None:
    """A generation worker and the build write to the same cache at the same time."""
    cache = BuildCache(tmp_path, 10**6)
    assert cache.size() == 0  # the database and its tables are made
    cache.put("page", cache_key("waiting"), b"value")
    time.sleep(0.5)  # the writer thread has taken it
    with sqlite3.connect(cache.path, timeout=0.1) as other:
        other.execute("INSERT INTO entry VALUES ('page', 'other', 1, 0)")
    cache.flush()
    assert cache.get("page", cache_key("waiting")) == b"value"
