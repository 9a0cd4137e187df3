"""Builds with a warm cache write the same site, byte for byte, as builds without.

Each scenario builds a project once to fill its cache, changes it as a
contributor or a maintainer would, then builds it again with that cache and
once more without any (``DOSSIER_NO_CACHE``): the two sites must be equal, and
must differ from the first, so that the change is known to show. The builds
run in this process, as ``mkdocs build`` runs them, so that a change to the
generator's own code can be made for the length of a test.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands import build
from mkdocs.config import load_config

import generator.cache
import generator.render.pages
from generator.cache import LAYOUT, folder_fingerprint, pack_folder, packed_files, write_packed
from generator.site.mkdocs.dossier.page_cache import LAYOUT_NAMESPACE

from conftest import FIXTURE_SEEDS, REPO, commit_all, configured_project, file_tree

DOSSIERS = ("market-strike-2025", "example-river-flood")
STRIKE = "seeds/market-strike-2025"
_REPORT = re.compile(r"(\d+) of (\d+) pages from the cache")

pytestmark = pytest.mark.slow


class Project:
    """A project with two fixture dossiers, built in this process."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = configured_project(root, dossiers=DOSSIERS)
        self.monkeypatch = monkeypatch
        self.builds = 0
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    def build(self, *, cache: bool = True) -> tuple[dict[str, bytes], tuple[int, int] | None]:
        """The site built now, and how many of its pages came from the cache."""
        self.builds += 1
        site = self.root.parent / f"site-{self.builds}"
        self.monkeypatch.setenv("DOSSIER_NO_CACHE", "" if cache else "1")
        with _reports() as reports:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(site))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build.build(config)
            finally:
                config.plugins.on_shutdown()
        found = [_REPORT.search(message) for message in reports]
        counts = next(((int(m[1]), int(m[2])) for m in found if m), None)
        return file_tree(site), counts

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.root / path
        text = file.read_text("utf-8")
        assert old in text, f"{old!r} is not in {path}"
        file.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    return Project(tmp_path, monkeypatch)


@contextlib.contextmanager
def _reports() -> Iterator[list[str]]:
    """The messages the dossier plugin logs at INFO and above inside the block."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs.plugins.dossier")
    handler, level = Keep(logging.INFO), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _edit_a_claim(project: Project) -> None:
    project.edit(
        f"{STRIKE}/sources/post-vale.yml",
        "The Post does not name the medic.",
        "The Post does not name the medic, nor the hospital.",
    )


def _add_a_source(project: Project) -> None:
    sources = project.root / STRIKE / "sources"
    text = (sources / "post-vale.yml").read_text("utf-8")
    (sources / "post-vale-late.yml").write_text(
        text.replace("id: post-", "id: late-").replace("Market toll rises", "Toll, later"),
        "utf-8",
    )


def _remove_a_source(project: Project) -> None:
    (project.root / STRIKE / "sources" / "post-vale.yml").unlink()


def _add_a_dossier(project: Project) -> None:
    shutil.copytree(FIXTURE_SEEDS / "harbour-blast-2025", project.root / "seeds/harbour-blast-2025")


def _rename_an_entity(project: Project) -> None:
    project.edit(f"{STRIKE}/dossier.yml", "name: Vale Health Ministry", "name: Ministry of Health")


def _change_mkdocs_yml(project: Project) -> None:
    project.edit("mkdocs.yml", "site_name: Research dossiers", "site_name: The desk's dossiers")


def _change_a_theme_template(project: Project) -> None:
    (project.root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<p>Checked by the desk.</p>'
        "{{ super() }}{% endblock %}\n",
        "utf-8",
    )


def _upgrade_the_generator(project: Project) -> None:
    """A new version of the generator: its code fingerprint changes, and so does one
    of its page templates."""
    fingerprint = "a newer version of the generator"
    project.monkeypatch.setattr(generator.cache, "code_fingerprint", lambda: fingerprint)
    loader = jinja2.PackageLoader("generator.render", "templates")
    source = loader.get_source(jinja2.Environment(), "source.md.j2")[0]
    changed = jinja2.ChoiceLoader(
        [jinja2.DictLoader({"source.md.j2": source + "\nRead with care.\n"}), loader]
    )
    environment = generator.render.pages._environment()
    project.monkeypatch.setattr(environment, "loader", changed)
    environment.cache = None  # compiled templates from before the upgrade


def _with_overrides(project: Project) -> None:
    """A site whose theme has a template of its own, in ``custom_dir``."""
    (project.root / "overrides").mkdir()
    (project.root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', "utf-8")
    project.edit("mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")


def _commit_the_data(project: Project) -> None:
    """The same files, now committed: every page cites the commit."""
    commit_all(project.root)


SCENARIOS: dict[str, tuple[Callable[[Project], None], bool]] = {
    "edit a claim": (_edit_a_claim, True),
    "add a source": (_add_a_source, False),
    "remove a source": (_remove_a_source, False),
    "add a dossier": (_add_a_dossier, False),
    "rename an entity": (_rename_an_entity, False),  # its title is in the navigation
    "change mkdocs.yml": (_change_mkdocs_yml, False),
    "change a theme template": (_change_a_theme_template, False),
    "upgrade the generator": (_upgrade_the_generator, False),
    "commit the data": (_commit_the_data, False),
}
"""Each change, and whether some pages must still come from the cache after it."""


def test_a_rebuild_of_an_unchanged_project_takes_every_page_from_the_cache(
    project: Project,
) -> None:
    first, counts = project.build()
    assert counts is not None and counts[0] == 0
    again, counts = project.build()
    assert counts is not None and counts[0] == counts[1] > 0
    assert again == first


@pytest.mark.parametrize("change", list(SCENARIOS), ids=list(SCENARIOS))
def test_a_build_from_a_warm_cache_equals_a_build_without_one(
    project: Project, change: str
) -> None:
    make_change, some_cached = SCENARIOS[change]
    _with_overrides(project)
    before, _ = project.build()
    make_change(project)
    warm, counts = project.build()
    clean, none = project.build(cache=False)
    assert none is None  # no cache, no report
    assert warm.keys() == clean.keys()
    different = sorted(path for path in warm if warm[path] != clean[path])
    assert different == [], f"{len(different)} files differ from a clean build: {different[:5]}"
    assert warm != before, "the change did not show in the site"
    assert counts is not None
    if some_cached:
        assert 0 < counts[0] < counts[1], counts


def test_damaged_entries_are_rebuilt_and_the_site_is_the_same(project: Project) -> None:
    first, _ = project.build()
    with sqlite3.connect(project.root / ".cache" / LAYOUT) as connection:
        connection.execute("UPDATE content SET value = substr(value, 1, 100) WHERE rowid % 2")
    again, counts = project.build()
    assert again == first
    assert counts is not None and 0 < counts[0] < counts[1]


def test_a_cache_file_that_is_not_a_database_is_built_afresh(project: Project) -> None:
    first, _ = project.build()
    (project.root / ".cache" / LAYOUT).write_bytes(b"\x00junk" * 10_000)
    again, counts = project.build()
    assert again == first
    assert counts is not None and counts[0] == 0
    cached, counts = project.build()
    assert cached == first
    assert counts is not None and counts[0] == counts[1]


def test_a_layout_entry_that_goes_missing_during_the_build_is_laid_out_afresh(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = project.build()
    store_get = generator.cache.BuildCache.get

    def get(self: generator.cache.BuildCache, namespace: str, key: str) -> bytes | None:
        return None if namespace == LAYOUT_NAMESPACE else store_get(self, namespace, key)

    monkeypatch.setattr(generator.cache.BuildCache, "get", get)
    again, counts = project.build()
    assert again == first
    assert counts is not None and counts[0] == 0


def test_the_code_fingerprint_covers_every_file_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    shutil.copytree(REPO / "generator", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = folder_fingerprint(package)
    template = package / "render" / "templates" / "source.md.j2"
    template.write_text(template.read_text("utf-8") + " ", "utf-8")
    assert folder_fingerprint(package) != before


def test_a_packed_folder_comes_back_whole(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    (folder / "fragment").mkdir(parents=True)
    (folder / "pagefind.js").write_bytes(b"js")
    (folder / "fragment" / "a.pf_fragment").write_bytes(bytes(range(256)))
    (folder / "1").mkdir()
    (folder / "1" / "other shard").write_bytes(b"left out")
    value = pack_folder(folder, leave_out={"1"})
    files = packed_files(value)
    assert files is not None
    write_packed(files, tmp_path / "copy")
    assert file_tree(tmp_path / "copy") == {
        "fragment/a.pf_fragment": bytes(range(256)),
        "pagefind.js": b"js",
    }


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "a//b", "a/./b", ""])
def test_a_packed_folder_cannot_write_outside_its_place(tmp_path: Path, name: str) -> None:
    raw = name.encode()
    value = len(raw).to_bytes(4, "big") + raw + (1).to_bytes(8, "big") + b"x"
    assert packed_files(value) is None


def test_a_packed_folder_cut_short_is_refused(tmp_path: Path) -> None:
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "file").write_bytes(b"0123456789")
    value = pack_folder(tmp_path / "index")
    assert packed_files(value[:-3]) is None


@pytest.mark.parametrize(
    "junk",
    [
        b"[]",
        b'{"scripts": [2]}\n' + (1).to_bytes(8, "big") + b"x",  # a record of the wrong shape
        b"{}\n" + (9).to_bytes(8, "big") + b"cut",  # a record cut short
        b"\xff",
    ],
)
def test_entries_that_are_whole_but_not_what_a_build_wrote_are_ignored(
    project: Project, junk: bytes
) -> None:
    """A cache from elsewhere may hold anything under a right checksum."""
    first, _ = project.build()
    store = generator.cache.BuildCache(project.root / ".cache", 10**9)
    with sqlite3.connect(store.path) as connection:
        stored = connection.execute("SELECT namespace, key FROM entry").fetchall()
        for namespace, key in stored:
            if namespace != "pagefind":
                store.put(namespace, key, junk)
    store.close()
    again, counts = project.build()
    assert again == first
    assert counts is not None and counts[0] == 0
