"""Pages from the build cache: MkDocs converts and lays out only what changed.

MkDocs spends most of a build in two steps of every page: converting its
Markdown to HTML (``Page.render``) and laying it out in the theme's template.
Each step's result is kept in the build cache (``generator.cache``) under a key
that hashes everything the step reads, so that a page whose inputs did not
change comes out byte for byte as a fresh build would write it:

``render``
    the page's Markdown (after every plugin's ``on_page_markdown``), its path,
    the Markdown settings and the list of the site's files (links are resolved
    and checked against it). The entry holds what ``render`` sets: the HTML,
    the table of contents, the title, the anchors the page has and the links
    it makes to other pages' anchors (MkDocs still checks those, against the
    pages as they are now), and the warnings the conversion logged, which are
    logged again.
``layout``
    the page's HTML after every plugin's ``on_page_content``, its title, table
    of contents and metadata, the whole navigation with every title, the whole
    configuration, the theme's files, and the build date when a template of the
    theme reads it. The entry holds the page as the template wrote it (but for
    the page's HTML, which the key holds) and the
    inline scripts Material wrote into it, which the Content Security Policy
    allows (``csp``). A page laid out from the cache is rendered from an empty
    template; the plugins' ``on_post_page`` run on the page as usual.

Both keys also hold ``code_fingerprint`` (``BuildCache.code``): the generator's code and templates,
and the version of every installed package. MkDocs has no hook that skips a
step, so a page found in the cache gets its own ``render`` (an attribute of
that page only) and, for the layout, the empty template in its metadata.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sysconfig
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.theme import Theme
from mkdocs.utils import get_build_datetime

from generator.cache import BuildCache, cache_key

log = logging.getLogger("mkdocs.plugins.dossier")

RENDER_NAMESPACE = "render"
LAYOUT_NAMESPACE = "layout"
"""The cache's namespaces for the two steps."""
THEME_NAMESPACE = "theme"
"""The cache's namespace for what the templates of an installed theme read."""

CACHED_TEMPLATE = "dossier-cached-page.html"
"""The empty template a page laid out from the cache is rendered from."""

_UNSTABLE_CONFIG = ("site_dir", "dev_addr", "watch", "strict")
"""Settings that change where a build writes, what it watches or whether a warning
stops it, never what it writes."""

_BUILD_DATE = (b"build_date_utc", b"update_date")
"""Names by which a template reads the build date; a theme that has none is keyed without it."""

_MKDOCS_LOG = logging.getLogger("mkdocs")


@dataclass
class _Layout:
    key: str
    template: str
    """The page's own template."""
    cached: bool = False
    """Whether the entry was there when the layouts were planned."""
    value: tuple[Any, list[str]] | None = None
    """The entry, read when MkDocs comes to the page."""
    context: Any = None
    """The page's template context, when its entry could not be read after all."""


@dataclass
class PageCache:
    """The cache's part in one build: which pages it knows, and what it was asked."""

    store: BuildCache
    site: str
    """The key part of everything a page's layout reads beside the page: the
    configuration, the theme and the code."""
    files: str
    """The key part of the Markdown settings and of the site's files."""
    pages: int = 0
    rendered: int = 0
    """Pages converted from the cache."""
    layouts: dict[str, _Layout] = field(default_factory=dict)
    """Each page's layout key and template, by path, from ``plan_layouts``."""
    laid_out: int = 0
    """Pages laid out from the cache."""
    env: Environment | None = None

    @classmethod
    def start(cls, store: BuildCache, config: MkDocsConfig, files: Files) -> PageCache:
        """The cache for a build with this configuration and these files."""
        code = store.code
        markdown = _stable_json(
            {
                "extensions": config.markdown_extensions,
                "configs": config.mdx_configs,
                "directory_urls": config.use_directory_urls,
                "validation": config.validation,
            }
        )
        listing = [
            (file.src_uri, file.dest_uri, file.url, file.inclusion.name)
            for file in sorted(files, key=lambda file: file.src_uri)
        ]
        settings = {k: v for k, v in config.items() if k not in _UNSTABLE_CONFIG}
        return cls(
            store,
            site=cache_key(code, _stable_json(settings), _theme_fingerprint(config, store)),
            files=cache_key(code, markdown, _stable_json(listing)),
        )

    def prepare_render(self, page: Page) -> None:
        """Give ``page`` a ``render`` that takes its result from the cache, or
        converts the page and keeps the result."""
        self.pages += 1
        key = cache_key(self.files, page.file.src_uri, page.markdown or "")
        convert = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            entry = self.store.get_record(RENDER_NAMESPACE, key)
            if entry is not None and _restore_render(page, *entry, files):
                self.rendered += 1
                return
            with _warnings() as logged:
                convert(config, files)
            head = _render_entry(page, logged)
            self.store.put_record(RENDER_NAMESPACE, key, head, [page.content or ""])

        page.render = render  # type: ignore[method-assign]

    def plan_layouts(self, env: Environment, files: Files, nav: Navigation) -> None:
        """Every page is converted: find the pages whose layout is in the cache, and
        have MkDocs render each of those from the empty template."""
        self.layouts, self.env = {}, env
        navigation = _stable_json(_nav_entries(nav.items))
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            template = str(page.meta.get("template", "main.html"))
            key = cache_key(
                self.site,
                navigation,
                file.src_uri,
                _stable_json(page.meta),
                str(page.title),
                _stable_json(_toc_tokens(page.toc)),
                page.content,
            )
            layout = _Layout(key, template, cached=self.store.has(LAYOUT_NAMESPACE, key))
            if layout.cached:
                page.meta["template"] = CACHED_TEMPLATE
            self.layouts[file.src_uri] = layout
        if any(layout.cached for layout in self.layouts.values()):
            env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: ""}), env.loader])  # type: ignore[list-item]

    def read_layout(self, page: Page, context: Any) -> None:
        """Before MkDocs lays out ``page``: read its entry; if it has become
        unreadable since ``plan_layouts``, keep the context to lay the page out."""
        layout = self.layouts.get(page.file.src_uri)
        if layout is None or not layout.cached:
            return
        page.meta["template"] = layout.template
        entry = self.store.get_record(LAYOUT_NAMESPACE, layout.key)
        if entry is not None and _is_layout(*entry):
            layout.value = entry
        else:
            layout.context = context

    def laid_out_page(
        self, page: Page, output: str, scripts: Callable[[], list[str]]
    ) -> tuple[str, list[str]]:
        """The page as its template writes it, and the inline scripts Material wrote
        into it (``scripts()`` gives those of the rendering just done): from the
        cache when ``read_layout`` found them; else as rendered (now, if the
        entry went missing), and kept."""
        layout = self.layouts.get(page.file.src_uri)
        if layout is None:
            return output, scripts()
        if layout.value is not None:
            self.laid_out += 1
            head, texts = layout.value
            return (page.content or "").join(texts), list(head["scripts"])
        if layout.context is not None and self.env is not None:
            output = self.env.get_template(layout.template).render(layout.context)
            layout.context = None
        written = scripts()
        self.store.put_record(
            LAYOUT_NAMESPACE, layout.key, {"scripts": written}, _around(output, page.content)
        )
        return output, written

    def report(self) -> str:
        """How many pages came from the cache, for the build's log."""
        again = self.rendered - self.laid_out
        return (
            f"{self.laid_out} of {self.pages} pages from the cache"
            + (f", {again} more laid out again from their cached HTML" if again > 0 else "")
            + f"; {self.store.report()}"
        )


def _around(output: str, content: str | None) -> list[str]:
    """The page as laid out, but for the page's HTML, which the key holds, when it
    is there once: the text before it and the text after. A smaller entry reads
    faster; the HTML is put back between the two."""
    around = output.split(content) if content else []
    return around if len(around) == 2 else [output]


def _is_layout(head: Any, texts: list[str]) -> bool:
    scripts = head.get("scripts") if isinstance(head, dict) else None
    return (
        len(texts) in (1, 2)
        and isinstance(scripts, list)
        and all(isinstance(script, str) for script in scripts)
    )


def _render_entry(page: Page, logged: list[logging.LogRecord]) -> dict[str, Any]:
    links = {target.src_uri: anchors for target, anchors in (page.links_to_anchors or {}).items()}
    return {
        "toc": _toc_tokens(page.toc),
        "title": page._title_from_render,  # what Page.title falls back on
        "anchors": sorted(page.present_anchor_ids or (), key=lambda a: (a is None, a or "")),
        "links": links if page.links_to_anchors is not None else None,
        "warnings": [[record.name, record.levelno, record.getMessage()] for record in logged],
    }


def _restore_render(page: Page, entry: Any, texts: list[str], files: Files) -> bool:
    """Set what ``Page.render`` sets from ``entry`` and the HTML in ``texts``; False,
    setting nothing, when the entry is not what a conversion keeps, or names a
    page that is gone: the key rules both out unless the cache came from elsewhere."""
    if len(texts) != 1:
        return False
    try:
        links = None
        if entry["links"] is not None:
            links = {}
            for path, anchors in entry["links"].items():
                target = files.get_file_from_path(path)
                if target is None or not isinstance(anchors, dict):
                    return False
                links[target] = anchors
        title = entry["title"]
        toc, anchors = get_toc(entry["toc"]), set(entry["anchors"])
        warnings = [(str(name), int(level), str(text)) for name, level, text in entry["warnings"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    if not (title is None or isinstance(title, str)):
        return False
    page.content, page.toc, page._title_from_render = texts[0], toc, title
    page.present_anchor_ids = anchors
    if links is not None:
        page.links_to_anchors = links
    for name, level, text in warnings:
        logging.getLogger(name).log(level, "%s", text)
    return True


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _warnings() -> Iterator[list[logging.LogRecord]]:
    """The warnings MkDocs logs inside the block, to be logged again from the cache."""
    handler = _Collect()
    _MKDOCS_LOG.addHandler(handler)
    try:
        yield handler.records
    finally:
        _MKDOCS_LOG.removeHandler(handler)


def _toc_tokens(toc: Any) -> list[dict[str, Any]]:
    """A table of contents as the tokens ``get_toc`` makes it from."""
    return [
        {"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)}
        for a in toc
        if isinstance(a, AnchorLink)
    ]


def _nav_entries(items: Any) -> list[Any]:
    """The navigation as every page's layout may read it: titles, addresses, order."""
    entries: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            entries.append(["section", str(item.title), _nav_entries(item.children)])
        elif isinstance(item, Page):
            entries.append(["page", str(item.title), item.url, item.file.src_uri])
        elif isinstance(item, Link):
            entries.append(["link", str(item.title), item.url])
    return entries


def _theme_fingerprint(config: MkDocsConfig, store: BuildCache) -> str:
    """The theme's files outside installed packages (whose versions are in
    ``code_fingerprint``), and the build date if a template that lays out pages
    reads it (the site map reads it, but is written afresh in every build)."""
    static = frozenset(config.theme.static_templates)
    parts: list[str | bytes] = []
    reads_date = False
    for folder in map(Path, config.theme.dirs):
        parts.append(str(folder))
        if _installed(folder):
            reads_date = reads_date or _installed_reads_date(folder, static, store)
            continue
        for path in sorted(_files(folder)):
            data, name = path.read_bytes(), path.relative_to(folder).as_posix()
            parts += [name, data]
            reads_date = reads_date or (name not in static and _names_build_date(data))
    if reads_date:
        parts.append(get_build_datetime().isoformat())
    return cache_key(*parts)


def _installed(folder: Path) -> bool:
    roots = {Path(sysconfig.get_path(name)).resolve() for name in ("purelib", "platlib")}
    return any(folder.resolve().is_relative_to(root) for root in roots)


def _installed_reads_date(folder: Path, static: frozenset[str], store: BuildCache) -> bool:
    """Whether a template of an installed theme reads the build date, kept in the
    cache, since an installed package changes only with its version (which
    ``code_fingerprint`` holds): reading every template takes a while."""
    key = cache_key(store.code, str(folder), *sorted(static))
    known = store.get_json(THEME_NAMESPACE, key)
    if isinstance(known, bool):
        return known
    reads = any(
        _names_build_date(path.read_bytes())
        for path in _files(folder)
        if path.suffix in (".html", ".xml", ".j2", ".jinja")
        and path.relative_to(folder).as_posix() not in static
    )
    store.put_json(THEME_NAMESPACE, key, reads)
    return reads


def _names_build_date(template: bytes) -> bool:
    return any(name in template for name in _BUILD_DATE)


def _files(folder: Path) -> Iterator[Path]:
    return (
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )


def _stable_json(value: object) -> str:
    """``value`` as JSON that is the same from build to build: no object's address."""
    return json.dumps(value, default=_describe, sort_keys=True, ensure_ascii=False)


def _describe(value: object) -> object:
    if isinstance(value, BasePlugin):
        return [type(value).__qualname__, dict(value.config)]
    if isinstance(value, Theme):
        return [value.name, list(value.dirs), dict(value.items())]
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(value, key=repr) if isinstance(value, set | frozenset) else list(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if isinstance(value, ExtraScriptValue):
        return [value.path, value.type, value.defer, value.async_]
    if hasattr(value, "getConfigs"):  # a Markdown extension given as an instance
        return [type(value).__qualname__, value.getConfigs()]
    text = str(value)
    return type(value).__qualname__ if " at 0x" in text else text


__all__ = ["CACHED_TEMPLATE", "PageCache"]
