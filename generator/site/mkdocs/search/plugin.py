"""Search with Pagefind, inside Material's own search box and result list.

Material's header search talks to a web worker through four messages
(setup, ready, query, result); the worker's address is the ``search`` entry of
the ``__config`` JSON in every page. This plugin replaces Material's ``search``
plugin, whose lunr index finds no Persian or Arabic word and grows to megabytes
that every reader downloads:

* every page is marked for Pagefind: ``data-pagefind-body`` on the article, its
  title, dossier and source as ``data-pagefind-meta``, and the ``dossier``,
  ``source``, ``language`` and ``kind`` filters as ``data-pagefind-filter``,
  read from the ``dossier.json`` export beside the dossier's pages;
* a hidden copy of Arabic-script text whose letters differ once normalised
  (ي/ی, ك/ک, ى/ی, tatweel, Arabic-Indic digits) is added next to it, so the
  normalised query finds it; the worker normalises queries with the same table;
* ``assets/dossier-search/worker.<hash>.js`` answers Material's messages from
  Pagefind's JavaScript API, and every page's ``__config.search`` points at it;
* ``search/search_index.json``, which Material's page script fetches and hands
  to the worker, carries no documents, only the worker's settings;
* Pagefind indexes each page's article into ``pagefind/``, in shards while
  MkDocs converts and writes the site (see ``indexing``), and its filter
  index, which Pagefind 1.5 writes in a random order, is sorted so that two
  builds of the same input give the same bytes.

Material shows its search box only when a plugin is registered as
``material/search``; this plugin registers itself under that name as well.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import posixpath
import re
from dataclasses import dataclass
from importlib.resources import files as package_files
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.cache import BuildCache, cache_key
from generator.site.mkdocs.search.arabic_script import (
    FOLD,
    add_normalised_copies,
    copy_insertions,
    needs_copies,
    with_insertions,
)
from generator.site.mkdocs.search.config import PagefindSearchConfig
from generator.site.mkdocs.search.indexing import (
    Shard,
    ShardedIndexer,
    pagefind_executable,
    plan_shards,
)

log = logging.getLogger("mkdocs.plugins.dossier-search")

COPIES = "search-copies"
"""The build cache's namespace for the normalised copies of a page and where each goes."""

WORKER_DIR = "assets/dossier-search"
"""Where the worker is published in the site; its name carries a hash of its content."""

INDEX_STUB = "search/search_index.json"
"""The file Material's page script fetches and hands to the worker as its setup."""

MATERIAL_SEARCH = "material/search"

FILTERS = ("dossier", "source", "language", "kind")
"""The Pagefind filters every page may carry; a query narrows them as ``name:value``."""

SEPARATOR = r"[\s\-]+"
"""Word separator for Material's highlighting of the search terms on the page opened."""


@dataclass(frozen=True)
class Facets:
    """What a page belongs to: its dossier and, for a source's page, the source."""

    dossier_id: str
    dossier_title: str
    source_id: str | None = None
    outlet: str | None = None
    language: str | None = None
    kind: str | None = None

    def meta(self) -> dict[str, str]:
        """Shown with each result: the dossier's title, the source's outlet, kind, language."""
        shown = {
            "dossier": self.dossier_title,
            "source": self.outlet,
            "kind": self.kind,
            "language": self.language,
        }
        return {key: value for key, value in shown.items() if value}

    def filters(self) -> dict[str, str]:
        """The filter values: ids for dossier and source, codes for language."""
        values = {
            "dossier": self.dossier_id,
            "source": self.source_id,
            "language": self.language,
            "kind": self.kind,
        }
        return {key: _filter_value(value) for key, value in values.items() if value}


def _filter_value(value: str) -> str:
    """A value Pagefind can match: Pagefind 1.5 never matches a filter value holding ``"``."""
    return " ".join(value.replace('"', "'").split())


_GLOSS = re.compile(r"\s*\([^()]*\)\s*$")


def outlet_kind(affiliation: str | None) -> str | None:
    """The kind of outlet: its affiliation without a trailing gloss in brackets.

    ``Iran-aligned ("Islamic World News")`` is of the kind ``Iran-aligned``.
    """
    if not affiliation:
        return None
    return _GLOSS.sub("", affiliation).strip() or affiliation.strip()


_EXPORT = re.compile(r"^(dossiers/[^/]+)/dossier\.json$")


class ExportFacets:
    """The facets of each source's page and of each dossier's other pages.

    They are read from each dossier's ``dossier.json`` export, which the
    ``dossier`` plugin adds beside its pages; the seeds are not read twice. An
    export is read when the first page of its dossier asks: by then it is
    written, while when the files are listed it may not be yet.
    """

    def __init__(self, files: Files) -> None:
        self.exports = {
            match.group(1): file for file in files if (match := _EXPORT.match(file.src_uri))
        }
        self.read: dict[str, tuple[Facets, dict[str, Facets]]] = {}

    def of(self, path: str) -> Facets | None:
        """The facets of the page at ``path``, if it belongs to a dossier."""
        folder = "/".join(path.split("/")[:2])
        export = self.exports.get(folder)
        if export is None:
            return None
        if folder not in self.read:
            self.read[folder] = _read_export(export, folder)
        dossier, sources = self.read[folder]
        return sources.get(path, dossier)


def _read_export(file: File, folder: str) -> tuple[Facets, dict[str, Facets]]:
    """The facets of a dossier, and of each of its sources' pages by path."""
    try:
        document = json.loads(file.content_string)
        sources = {
            f"{folder}/sources/{source['id']}.md": Facets(
                document["id"],
                document["title"],
                source["id"],
                source["outlet"],
                source["language"],
                outlet_kind(source.get("affiliation")),
            )
            for source in document["sources"]
        }
        return Facets(document["id"], document["title"]), sources
    except (ValueError, KeyError, TypeError) as exc:
        raise PluginError(f"{file.src_uri} is not a dossier export: {exc!r}") from None


class PagefindSearchPlugin(BasePlugin[PagefindSearchConfig]):
    """Replaces Material's lunr search with Pagefind, keeping Material's search box."""

    def __init__(self) -> None:
        self.worker_path = ""
        self.facets: ExportFacets | None = None
        self.shards: list[Shard] = []
        self.indexer: ShardedIndexer | None = None
        self.store: BuildCache | None = None
        """The dossier plugin's build cache, when it has one."""

    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Take the place of Material's search plugin, which this one replaces."""
        if not self.config.enabled:
            return config
        existing = config.plugins.get(MATERIAL_SEARCH)
        if existing is not None and existing is not self:
            raise PluginError(
                "dossier-search replaces Material's search plugin: "
                "remove `search` from `plugins` in mkdocs.yml"
            )
        # Material's header shows the search box only for a plugin registered
        # under this name whose config says enabled. dict.__setitem__ skips
        # MkDocs' event registration: this plugin's events are registered once.
        dict.__setitem__(config.plugins, MATERIAL_SEARCH, self)
        bundle = PurePosixPath(self.config.bundle_dir.strip("/"))
        if not bundle.parts or bundle.is_absolute() or {".", ".."} & set(bundle.parts):
            raise PluginError(
                f"bundle_dir must be a folder inside the site, not {self.config.bundle_dir!r}"
            )
        if self.config.shard_pages < 1:
            raise PluginError(f"shard_pages must be at least 1, not {self.config.shard_pages}")
        pagefind_executable()  # say now, before the build, when it is missing
        return config

    @event_priority(-50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Learn what each page belongs to; publish the worker and its setup file.

        Runs after the ``dossier`` plugin has added its pages and exports.
        """
        if not self.config.enabled:
            return files
        self.facets = ExportFacets(files)
        pages = [file.dest_uri for file in files.documentation_pages()]
        self.shards = plan_shards(pages, self.config.bundle_dir.strip("/"), self.config.shard_pages)
        worker = (package_files("generator.site.mkdocs.search") / "assets" / "worker.js").read_text(
            "utf-8"
        )
        digest = hashlib.sha256(worker.encode("utf-8")).hexdigest()[:8]
        self.worker_path = f"{WORKER_DIR}/worker.{digest}.js"
        settings = {
            "bundles": [posixpath.relpath(shard.subdir, WORKER_DIR) + "/" for shard in self.shards],
            "filters": list(FILTERS),
            "fold": FOLD,
            "max_results": self.config.max_results,
            "max_sections": self.config.max_sections,
        }
        stub = {
            "config": {
                "lang": [self._language(config)],
                "separator": SEPARATOR,
                "pipeline": [],
                "fields": {},
                "pagefind": settings,
            },
            "docs": [],
        }
        folder = self.config.bundle_dir.strip("/") + "/"
        clash = next((file for file in files if file.dest_uri.startswith(folder)), None)
        if clash is not None:
            raise PluginError(
                f"{config.docs_dir}/{clash.src_uri} would land in {folder}, "
                "which Pagefind's index replaces; rename it or set bundle_dir"
            )
        for path, content in (
            (self.worker_path, worker),
            (INDEX_STUB, json.dumps(stub, ensure_ascii=False, sort_keys=True) + "\n"),
        ):
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{config.docs_dir}/{path} clashes with the search's own file")
            files.append(File.generated(config, path, content=content))
        # Pagefind starts on a shard as soon as MkDocs has converted its pages.
        # The dossier plugin's build cache, when it has one, keeps the shards' indexes.
        self.store = getattr(config.plugins.get("dossier"), "store", None)
        self.indexer = ShardedIndexer(
            Path(config.site_dir), self.shards, self._language(config), self.store
        )
        return files

    @event_priority(-50)
    def _add_search_data(
        self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Add the page's Pagefind metadata, filters and normalised copies."""
        if not self.config.enabled:
            return html_text
        html_text = html_text.replace(
            '<a class="headerlink"', '<a data-pagefind-ignore class="headerlink"'
        )
        return self._normalised(html_text) + self._attributes(page)

    @event_priority(-1000)
    def _index_page(
        self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand the article to Pagefind: last, once every plugin has changed it."""
        if self.indexer is not None:
            self.indexer.page_ready(page.file.dest_uri, html_text)
        return html_text

    on_page_content = CombinedEvent(_add_search_data, _index_page)

    @event_priority(-50)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Point Material's search at the worker, and mark the article for Pagefind,
        which indexed it already, so that the built site can be indexed again as it is."""
        if not self.config.enabled:
            return output
        if self.indexer is not None:
            self.indexer.advance()
        output, count = _ARTICLE.subn(r"\g<0> data-pagefind-body", output, count=1)
        if count != 1:
            raise PluginError(
                f'{page.file.src_uri}: no <article class="md-content__inner"> to index; '
                "dossier-search needs Material's page layout"
            )
        return self._point_at_worker(output, page.file.src_uri, required=True)

    @event_priority(-50)
    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """Let the search box of the 404 page use the worker too."""
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        return self._point_at_worker(output_content, template_name, required=False)

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the shards not indexed yet, and wait until every index is written."""
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            indexer.finish()

    def on_build_error(self, *, error: Exception) -> None:
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            indexer.abort()

    def _normalised(self, html_text: str) -> str:
        """``add_normalised_copies``, its copies taken from the build cache for a page
        whose HTML is as in an earlier build: finding them reads every letter."""
        if self.store is None or not needs_copies(html_text):
            return add_normalised_copies(html_text)
        key = cache_key(self.store.code, html_text)
        insertions = _insertions(self.store.get_json(COPIES, key), len(html_text))
        if insertions is None:
            insertions = copy_insertions(html_text)
            self.store.put_json(COPIES, key, {"copies": insertions})
        return with_insertions(html_text, insertions)

    def _language(self, config: MkDocsConfig) -> str:
        language = self.config.language or config.theme.get("language") or "en"
        return str(language).split("-")[0].lower()

    def _attributes(self, page: Page) -> str:
        """Empty hidden elements carrying the page's Pagefind metadata and filters.

        The values sit in ``data-value`` so that commas and colons in them stay
        data; ``kind[data-value]`` tells Pagefind to read the value there.
        """
        title = html.unescape(str(page.title or ""))
        meta = {"title": title} if title else {}
        filters: dict[str, str] = {}
        facets = self.facets.of(page.file.src_uri) if self.facets is not None else None
        if facets is not None:
            meta.update(facets.meta())
            filters = facets.filters()
        spans = [
            f'<span hidden data-pagefind-{role}="{key}[data-value]" '
            f'data-value="{html.escape(value, quote=True)}"></span>'
            for role, pairs in (("meta", meta), ("filter", filters))
            for key, value in pairs.items()
        ]
        return "\n" + "".join(spans) + "\n" if spans else ""

    def _point_at_worker(self, output: str, where: str, *, required: bool) -> str:
        """Material's ``__config`` script with our worker in place of Material's:
        only that string changes, so Material's JSON is not read and written again."""
        config = _CONFIG.search(output)
        if config is None:
            if required:
                raise PluginError(f"{where}: no Material __config script to point at the worker")
            return output
        worker = _MATERIAL_WORKER.search(output, config.start(2), config.end(2))
        if worker is None:
            raise PluginError(f"{where}: __config.search is not Material's search worker")
        return output[: worker.start(1)] + self.worker_path + output[worker.end(1) :]


def _insertions(value: object, length: int) -> list[tuple[int, str]] | None:
    """A cached ``copy_insertions`` of a fragment ``length`` long, or None when the
    entry is not one (a cache from elsewhere may hold anything whole)."""
    copies = value.get("copies") if isinstance(value, dict) else None
    if not isinstance(copies, list):
        return None
    insertions: list[tuple[int, str]] = []
    last = 0
    for item in copies:
        if not (isinstance(item, list) and len(item) == 2):
            return None
        offset, text = item
        if type(offset) is not int or not last <= offset <= length or not isinstance(text, str):
            return None
        insertions.append((offset, text))
        last = offset
    return insertions


_ARTICLE = re.compile(r"<article\b[^>]*\bclass=\"md-content__inner\b[^\"]*\"")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_MATERIAL_WORKER = re.compile(r'"search":\s*"[^"]*?(assets/javascripts/workers/[^"]*)"')
"""Material's search worker in ``__config``: its path from the page, then the worker."""

__all__ = ["ExportFacets", "Facets", "PagefindSearchPlugin", "outlet_kind"]
