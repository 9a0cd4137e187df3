"""Material's primary navigation, rendered once for all the pages it does not list.

Material renders the whole top of the navigation into every page: with a
hundred dossiers listed, that is a tenth of the time MkDocs spends writing
pages. Most pages of a large site (sources, questions, entities) are not in
the navigation, and for them it comes out the same but for its links, which
are relative to the page. So it is rendered once, as if from a page at an
address no link uses (``_BASE``), and each such page gets a copy with that
address replaced by the path to the site's root: ``../../`` for a source
page rather than a link that climbs only as far as it must, to the same
target.

A page the navigation lists (it marks the page and its sections as current)
gets Material's navigation rendered for it, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.structure.nav import Navigation

THEME = Path(__file__).parent / "theme"
"""The templates that take the place of Material's, before Material's own in the theme."""

_BASE = "dossier-site-root"
"""The address of the site's root while the shared navigation is rendered."""


class PrimaryNavigation:
    """The ``dossier_primary_navigation()`` that ``theme/partials/nav.html`` calls."""

    def __init__(self, environment: Environment, material_nav: Path) -> None:
        # Material's own template, compiled in the site's environment, so that
        # its imports and includes resolve as they do for Material.
        self.template: Template = environment.from_string(material_nav.read_text("utf-8"))
        self.listed: set[int] = set()
        self.nav: Navigation | None = None
        self.shared: str | None = None

    @pass_context
    def __call__(self, context: Context) -> Markup:
        page, nav = context.get("page"), context.get("nav")
        if nav is not self.nav:  # a new build
            self.nav, self.shared = nav, None
            self.listed = {id(item) for item in getattr(nav, "pages", [])}
        if page is None or id(page) in self.listed:
            return Markup(self.template.render(context.get_all()))
        if self.shared is None:
            values: dict[str, Any] = {**context.get_all(), "page": None, "base_url": _BASE}
            # The root itself is "<base>/."; MkDocs writes it as the path alone.
            self.shared = self.template.render(values).replace(f'"{_BASE}/."', f'"{_BASE}"')
        return Markup(self.shared.replace(_BASE, context["base_url"]))


__all__ = ["THEME", "PrimaryNavigation"]
