"""Generate the dossier pages as virtual files, so that plain ``mkdocs build`` and
``mkdocs serve`` work and nothing is ever written into ``docs/``.

The seeds are loaded and validated in ``on_config``, which MkDocs runs before
it cleans the site folder: invalid input stops the build while the previous
site is still intact.
"""

from __future__ import annotations

from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from generator.build import GeneratedFile, generate_site_files, load_project
from generator.diagnostics import DossierError
from generator.mkdocs_plugin.config import DossierPluginConfig
from generator.model import Project

ASSETS = "assets/dossier"
"""Where the package's own stylesheets and scripts are published in the site."""


class DossierPlugin(BasePlugin[DossierPluginConfig]):
    """Adds every dossier under ``seeds_dir`` to the site."""

    def __init__(self) -> None:
        self.generated: list[GeneratedFile] = []

    def seeds_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.seeds_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.config.enabled:
            return config
        try:
            project = load_project(self.seeds_dir(config))
        except DossierError as exc:
            raise PluginError(f"the dossiers are not valid:\n{exc.report()}") from None
        self.generated = generate_site_files(project) + _assets()
        for asset in self.generated:
            if asset.path.startswith(ASSETS) and asset.path.endswith(".css"):
                config.extra_css.append(asset.path)
            elif asset.path.startswith(ASSETS) and asset.path.endswith(".js"):
                script = ExtraScriptValue(asset.path)
                script.defer = True
                config.extra_javascript.append(script)
        if config.nav is not None:
            config.nav.insert(min(1, len(config.nav)), {self.config.nav_title: _nav(project)})
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        for generated in self.generated:
            existing = files.get_file_from_path(generated.path)
            if existing is not None:
                raise PluginError(
                    f"{config.docs_dir}/{generated.path} is generated from the seeds; "
                    "rename or remove the hand-written file"
                )
            files.append(File.generated(config, generated.path, content=generated.content))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Escape section titles, which may come from a dossier's title."""
        for item in nav.items:
            _escape_section_titles(item)
        return nav

    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Keep page titles inert in the theme.

        MkDocs takes a title from the page's first heading as HTML with its
        character references intact, so the dossiers' escaped text stays
        escaped. But Material's ``<title>`` applies ``|striptags``, which turns
        the references back into characters and could close the element. A
        title stored as ``Markup`` in the page's metadata is printed as it is.
        """
        if page.title is not None and not isinstance(page.title, Markup):
            page.meta["title"] = Markup(page.title)
        return html

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if self.config.enabled:
            server.watch(str(self.seeds_dir(config)))
        return server


def _assets() -> list[GeneratedFile]:
    """The stylesheets and scripts in ``generator/assets``, in name order."""
    folder = package_files("generator") / "assets"
    return [
        GeneratedFile(f"{ASSETS}/{entry.name}", entry.read_text("utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if entry.name.endswith((".css", ".js"))
    ]


def _escape_section_titles(item: object) -> None:
    if isinstance(item, Section):
        if item.title is not None and not isinstance(item.title, Markup):
            item.title = escape(item.title)
        for child in item.children:
            _escape_section_titles(child)


def _nav(project: Project) -> list[Any]:
    """The navigation of every dossier; titles come from each page's heading."""
    entries: list[Any] = []
    for dossier in project.dossiers:
        base = f"dossiers/{dossier.id}"
        entries.append(
            {
                dossier.title: [
                    f"{base}/index.md",
                    {"Event timeline": f"{base}/timeline.md"},
                    {"Reporting timeline": f"{base}/reporting.md"},
                    {"Comparison matrix": f"{base}/matrix.md"},
                    {"Who says it": f"{base}/speakers.md"},
                    _section("Questions", f"{base}/questions", [q.id for q in dossier.questions]),
                    _section("Sources", f"{base}/sources", [s.id for s in dossier.sources]),
                    _section("Entities", f"{base}/entities", [e.id for e in dossier.entities]),
                ]
            }
        )
    entries.append({"Tags": "tags.md"})
    return entries


def _section(title: str, folder: str, ids: list[str]) -> dict[str, list[str]]:
    """A navigation section: the folder's index page, then one page per id."""
    return {title: [f"{folder}/index.md", *(f"{folder}/{ident}.md" for ident in ids)]}
