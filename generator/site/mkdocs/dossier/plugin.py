"""Generate the dossier pages as virtual files, so that plain ``mkdocs build`` and
``mkdocs serve`` work and nothing is ever written into ``docs/``.

The seeds are loaded and validated in ``on_config``, which MkDocs runs before
it cleans the site folder: invalid input stops the build while the previous
site is still intact.

With the build cache (``cache_dir``), a dossier whose folder did not change is
taken from it whole (``pipeline.DossierCache``), and so is every page that
MkDocs would convert or lay out as before (``page_cache``).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_theme_dir
from mkdocs.utils.templates import TemplateContext

from generator.cache import BuildCache, open_cache
from generator.diagnostics import DossierError
from generator.parallel.scratch import Removal, scratch_folder
from generator.parallel.workers import Generation, start_generation
from generator.pipeline import GeneratedFile, Repository
from generator.render.pages import DossierOutline, reading_order
from generator.site.mkdocs.dossier.config import DossierPluginConfig
from generator.site.mkdocs.dossier.csp import ShippedScripts, with_content_security_policy
from generator.site.mkdocs.dossier.inert_text import InertTextExtension
from generator.site.mkdocs.dossier.page_cache import PageCache
from generator.site.mkdocs.dossier.partials import THEME, SharedPartials

log = logging.getLogger("mkdocs.plugins.dossier")

ROOT_PAGES = {"index.md"}
"""Generated pages that the site's own navigation lists."""

ASSETS = "assets/dossier"
"""Where the package's own stylesheets and scripts are published in the site."""


class DossierPlugin(BasePlugin[DossierPluginConfig]):
    """Adds every dossier under ``seeds_dir`` to the site."""

    def __init__(self) -> None:
        self.pages_dir: Path | None = None
        """The scratch folder this build's pages and exports are written into."""
        self.generation: Generation | None = None
        """The pages and exports in ``pages_dir``, some perhaps still being written."""
        self.removal = Removal()
        self.material_templates: Path | None = None
        """Material's templates folder, when ``partials.THEME`` comes before it."""
        self.shipped_scripts: ShippedScripts | None = None
        """The theme's inline scripts on the page being written, when Material's."""
        self.assets: list[GeneratedFile] = []
        self.in_nav: set[str] | None = None
        """The generated pages the navigation lists, when ``nav`` is set."""
        self.serving = False
        self.store: BuildCache | None = None
        """The build cache, unless ``cache_dir`` is empty or the environment turns it off;
        ``dossier-search`` keeps Pagefind's indexes in it too."""
        self.page_cache: PageCache | None = None
        self.nav: Navigation | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` injects its live-reload script into every page it serves,
        # after the policy is computed; the policy would block it.
        self.serving = command == "serve"

    def seeds_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.seeds_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Validate the seeds and start writing their pages into a scratch folder.

        MkDocs reads the pages from there as it reads hand-written ones, so this
        process never holds them all at once; and in a large project it starts
        reading them while the rest are still being written (``on_pre_page``;
        see ``generator.parallel.workers``).
        """
        if not self.config.enabled:
            return config
        self._remove_pages()
        seeds_dir = self.seeds_dir(config)
        only = frozenset(name.strip() for name in self.config.only.split(",") if name.strip())
        repository = None
        if config.repo_url:
            repository = Repository(config.repo_url, Path(self.config.seeds_dir).as_posix())
        self.store = open_cache(
            Path(config.config_file_path).parent, self.config.cache_dir, self.config.cache_max_mb
        )
        self.page_cache = None
        self.pages_dir = scratch_folder("pages")
        try:
            self.generation = start_generation(
                seeds_dir,
                self.pages_dir,
                only or None,
                repository=repository,
                # `mkdocs serve` sets site_url to its own loopback address: no citation.
                site_url=None if self.serving else config.site_url or None,
                concurrency=self.config.concurrency,
                store=self.store,
            )
        except DossierError as exc:
            self._remove_pages()
            raise PluginError(f"the dossiers are not valid:\n{exc.report()}") from None
        except BaseException:
            self._remove_pages()
            raise
        self.assets = _assets()
        for asset in self.assets:
            if asset.path.endswith(".css"):
                config.extra_css.append(asset.path)
            elif asset.path.endswith(".js"):
                script = ExtraScriptValue(asset.path)
                script.defer = True
                config.extra_javascript.append(script)
        self.material_templates = _use_shared_partials(config)
        # Typed as names, but handed to Markdown, which takes instances too.
        config.markdown_extensions.append(InertTextExtension())  # type: ignore[arg-type]
        self.in_nav = None
        if config.nav is not None:
            entries = _nav(self.generation.outline, self.config.nav_max_pages)
            config.nav.insert(min(1, len(config.nav)), {self.config.nav_title: entries})
            self.in_nav = set(_nav_paths(entries)) | ROOT_PAGES
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.pages_dir is None or self.generation is None:
            return files
        for path in self.generation.paths:
            listed = self.in_nav is None or path in self.in_nav
            inclusion = InclusionLevel.UNDEFINED
            if path.endswith(".md") and not listed:
                inclusion = InclusionLevel.NOT_IN_NAV
            content = self.generation.found.get(path)
            if content is not None:  # from the build cache, in memory
                generated = File.generated(config, path, content=content, inclusion=inclusion)
            else:
                source = str(self.pages_dir / path)
                generated = File.generated(config, path, abs_src_path=source, inclusion=inclusion)
            _add(files, generated, config)
        for asset in self.assets:
            _add(files, File.generated(config, asset.path, content=asset.content), config)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Escape the titles the navigation gives, which may be a dossier's title; with
        every file known, open the pages' cache."""
        for item in nav.items:
            _escape_nav_titles(item)
        self.nav = nav
        if self.config.enabled and self.store is not None:
            self.page_cache = PageCache.start(self.store, config, files)
        return nav

    @event_priority(100)
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """Wait, before MkDocs reads a generated page, until it is written."""
        if self.generation is not None:
            with _generation_errors():
                self.generation.wait_for(page.file.src_uri)
        return page

    @event_priority(-1000)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Last, once the Markdown is final: convert it from the cache if it is there."""
        if self.page_cache is not None:
            page.markdown = markdown
            self.page_cache.prepare_render(page)
        return markdown

    @event_priority(100)
    def _finish_pages(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment:
        """Every page is read; before MkDocs copies the exports, wait until they are written."""
        if self.generation is not None:
            with _generation_errors():
                self.generation.finish()
        self.shipped_scripts = None
        if self.material_templates is not None:
            env.globals["dossier_partial"] = SharedPartials(env, self.material_templates)
            self.shipped_scripts = ShippedScripts(env, self.material_templates)
            env.globals["dossier_script_partial"] = self.shipped_scripts
        return env

    @event_priority(-1000)
    def _plan_layouts(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment:
        """Last: find the pages whose layout is in the cache."""
        if self.page_cache is not None and self.nav is not None:
            self.page_cache.plan_layouts(env, files, self.nav)
        return env

    on_env = CombinedEvent(_finish_pages, _plan_layouts)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """MkDocs has read every page and copied every export by the time it writes
        the first page: the scratch folder goes, in the background."""
        if self.pages_dir is not None:
            self.removal.start([self.pages_dir])
            self.pages_dir = None
        if self.page_cache is not None:
            self.page_cache.read_layout(page, context)
        return context

    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Keep page titles inert in the theme.

        MkDocs takes a title from the page's first heading as HTML with its
        character references intact, so the dossiers' escaped text stays
        escaped. But Material's ``<title>`` applies ``|striptags``, which turns
        the references back into characters and could close the element. A
        title stored as ``Markup`` in the page's metadata is printed as it is,
        whether from the heading or from the navigation (escaped by ``on_nav``).
        """
        if page.title is not None:
            page.meta["title"] = Markup(page.title)
        return html

    @event_priority(1000)
    def _laid_out(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """First: the page as its template wrote it, from the cache if it is there."""
        if self.page_cache is None:
            return output
        shipped = self.shipped_scripts
        output, scripts = self.page_cache.laid_out_page(
            page, output, lambda: shipped.take() if shipped is not None else []
        )
        if shipped is not None:
            shipped.bodies = scripts
        return output

    @event_priority(-100)
    def _add_policy(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Add the Content Security Policy last, once nothing else changes the page."""
        return self._with_policy(output)

    on_post_page = CombinedEvent(_laid_out, _add_policy)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """The same policy for pages made from templates alone, such as 404.html."""
        if not template_name.endswith(".html"):
            return output_content
        return self._with_policy(output_content)

    def _with_policy(self, html: str) -> str:
        """The page just rendered with a policy allowing the scripts the theme wrote
        into it (none with another theme)."""
        scripts = self.shipped_scripts.take() if self.shipped_scripts is not None else []
        if not self.config.content_security_policy or self.serving:
            return html
        return with_content_security_policy(html, scripts)

    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Every page is written: the scratch folder can go; say what came from the
        cache, and keep it within its bound."""
        self._remove_pages()
        if self.page_cache is not None:
            log.info("dossier: %s", self.page_cache.report())
            self.page_cache = None
        if self.store is not None:
            self.store.evict()
            self.store.close()

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_pages()
        if self.store is not None:
            self.store.close()

    def on_shutdown(self) -> None:
        self._remove_pages()

    def _remove_pages(self) -> None:
        if self.generation is not None:
            self.generation.stop()
            self.generation = None
        if self.pages_dir is not None:
            self.removal.start([self.pages_dir])
            self.pages_dir = None
        self.removal.wait()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if self.config.enabled:
            server.watch(str(self.seeds_dir(config)))
        return server


@contextlib.contextmanager
def _generation_errors() -> Iterator[None]:
    """A process writing the pages that failed stops the build with its story."""
    try:
        yield
    except RuntimeError as exc:
        raise PluginError(f"generating the dossier pages failed: {exc}") from None


def _use_shared_partials(config: MkDocsConfig) -> Path | None:
    """Put ``partials.THEME`` just before Material's templates, and return the
    folder of Material's; None for another theme."""
    if config.theme.name != "material":
        return None
    dirs = config.theme.dirs
    if str(THEME) in dirs:
        dirs.remove(str(THEME))  # mkdocs serve configures the same theme again
    material = get_theme_dir("material")
    if material not in dirs:
        return None
    dirs.insert(dirs.index(material), str(THEME))
    return Path(material)


def _add(files: Files, generated: File, config: MkDocsConfig) -> None:
    """Add a generated file, unless a hand-written file has its path."""
    if files.get_file_from_path(generated.src_uri) is not None:
        raise PluginError(
            f"{config.docs_dir}/{generated.src_uri} is generated from the seeds; "
            "rename or remove the hand-written file"
        )
    files.append(generated)


def _assets() -> list[GeneratedFile]:
    """The stylesheets and scripts in ``generator/site/mkdocs/dossier/assets``, in name order."""
    folder = package_files("generator.site.mkdocs.dossier") / "assets"
    return [
        GeneratedFile(f"{ASSETS}/{entry.name}", entry.read_text("utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith((".css", ".js"))
    ]


def _escape_nav_titles(item: object) -> None:
    """Escape a section's title, and a page's that the navigation names (a dossier
    listed as one entry, in a large collection): MkDocs keeps such a title as it is
    written, where one taken from the page's heading keeps its character references."""
    if isinstance(item, Section | Page) and item.title and not isinstance(item.title, Markup):
        item.title = escape(item.title)
    if isinstance(item, Section):
        for child in item.children:
            _escape_nav_titles(child)


def _nav(outline: list[DossierOutline], max_pages: int) -> list[Any]:
    """The navigation of the dossiers, titled by each page's heading.

    Every dossier gets its own section, with at most ``max_pages`` questions,
    sources or entities listed in it, as long as the whole section stays
    within ``max_pages`` entries times four; beyond that, each dossier is one
    entry that leads to its overview, which links to everything else; and with
    still more dossiers, the home page alone lists them.
    """
    budget = max_pages * 4
    outline = reading_order(outline)
    full: list[Any] = [_dossier_nav(dossier, max_pages) for dossier in outline]
    if len(_nav_paths(full)) > budget:
        # The home page first: with navigation.indexes, Material makes the first page of
        # a section its index, which would take the first dossier out of the list.
        full = ["index.md", *({d.title: f"dossiers/{d.id}/index.md"} for d in outline)]
    if len(full) > budget:
        full = []  # the home page lists every dossier
    return [*full, {"Tags": "tags.md"}]


def _dossier_nav(dossier: DossierOutline, max_pages: int) -> dict[str, list[Any]]:
    base = f"dossiers/{dossier.id}"
    sections = [
        ("Questions", "questions", dossier.questions),
        ("Sources", "sources", dossier.sources),
        ("Entities", "entities", dossier.entities),
    ]
    return {
        dossier.title: [
            f"{base}/index.md",
            {"Event timeline": f"{base}/timeline.md"},
            {"Reporting timeline": f"{base}/reporting.md"},
            {"Comparison matrix": f"{base}/matrix.md"},
            {"Who says it": f"{base}/speakers.md"},
            *(
                _section(title, f"{base}/{folder}", ids if len(ids) <= max_pages else [])
                for title, folder, ids in sections
            ),
        ]
    }


def _nav_paths(entries: Any) -> list[str]:
    """Every page path a navigation lists."""
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, dict):
        return [path for value in entries.values() for path in _nav_paths(value)]
    return [path for entry in entries for path in _nav_paths(entry)]


def _section(title: str, folder: str, ids: Sequence[str]) -> dict[str, list[str]]:
    """A navigation section: the folder's index page, then one page per id."""
    return {title: [f"{folder}/index.md", *(f"{folder}/{ident}.md" for ident in ids)]}
