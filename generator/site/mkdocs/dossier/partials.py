"""Material's partials that come out the same on many pages, rendered once a build.

Material renders its search box, its colour toggle and the top of its
navigation into every page. The first two depend on the site's settings
alone. The navigation, with a hundred dossiers listed, takes a fifth of the
time MkDocs spends writing pages; and most pages of a large site (sources,
questions, entities) are not in it, and for them it comes out the same but for
its links, which are relative to the page. So it is rendered once, as if from
a page at an address no link uses (``_BASE``), and each such page gets a copy
with that address replaced by the path to the site's root: ``../../..`` for a
source page, and so ``../../../../dossiers/b/`` where Material would climb
only as far as it must (``../../../b/``), to the same target. A page the
navigation lists gets Material's rendering, which marks it as the current one.

``theme/partials`` holds templates that take the place of Material's and call
``dossier_partial(name)``, which renders Material's own template (``PARTIALS``).
The plugin puts ``THEME`` just before Material's templates, so a site's own
``custom_dir`` still overrides either.
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

NAVIGATION = "partials/nav.html"
PARTIALS = (NAVIGATION, "partials/palette.html", "partials/search.html")
"""Material's templates that ``THEME`` takes the place of."""

_BASE = "dossier-site-root"
"""The address of the site's root while the shared navigation is rendered."""


class SharedPartials:
    """The ``dossier_partial(name)`` that the templates in ``THEME`` call."""

    def __init__(self, environment: Environment, material: Path) -> None:
        # Material's own templates, compiled in the site's environment, so that
        # their imports and includes resolve as they do for Material.
        self.templates: dict[str, Template] = {
            name: environment.from_string((material / name).read_text("utf-8")) for name in PARTIALS
        }
        self.nav: Navigation | None = None
        self.listed: set[int] = set()
        self.rendered: dict[str, str] = {}

    @pass_context
    def __call__(self, context: Context, name: str) -> Markup:
        page, nav = context.get("page"), context.get("nav")
        if nav is not self.nav:  # a new build
            self.nav, self.rendered = nav, {}
            self.listed = {id(item) for item in getattr(nav, "pages", [])}
        if name == NAVIGATION and (page is None or id(page) in self.listed):
            return Markup(self.templates[name].render(context.get_all()))
        if name not in self.rendered:
            values: dict[str, Any] = {**context.get_all(), "page": None, "base_url": _BASE}
            # The root itself comes out as "<base>/."; MkDocs writes the path alone.
            html = self.templates[name].render(values)
            self.rendered[name] = html.replace(f'"{_BASE}/."', f'"{_BASE}"')
        return Markup(self.rendered[name].replace(_BASE, context["base_url"]))


__all__ = ["PARTIALS", "THEME", "SharedPartials"]
