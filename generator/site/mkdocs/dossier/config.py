"""Options of the ``dossier`` MkDocs plugin."""

from __future__ import annotations

import os

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError


class Concurrency(opt.Type[int]):
    """A number of processes: a whole number, 1 or more; by default one per
    processor of the machine (``os.cpu_count``)."""

    def __init__(self) -> None:
        super().__init__(int, default=os.cpu_count() or 1)

    def run_validation(self, value: object) -> int:
        # bool is an int to Python, but `concurrency: true` is a mistake.
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError(f"expected a whole number of processes, 1 or more, not {value!r}")
        return value


class DossierPluginConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Generate the dossier pages; set to false to build only the hand-written docs."""

    seeds_dir = opt.Type(str, default="seeds")
    """The folder holding one sub-folder per dossier, relative to ``mkdocs.yml``."""

    nav_title = opt.Type(str, default="Dossiers")
    """The title of the navigation section that lists the dossiers, when ``nav`` is set."""

    nav_max_pages = opt.Type(int, default=25)
    """How large the navigation may grow before it is pruned.

    MkDocs writes the whole navigation into every page, so a site that lists
    every source of every dossier grows with the square of its size. A
    dossier's questions, sources or entities beyond this number are reached
    from their index page instead; and when the dossiers together would list
    more than four times this number of pages, each dossier is one entry
    leading to its overview; with more dossiers than that, the home page
    alone lists them.
    """

    only = opt.Type(str, default="")
    """Build only these dossiers, by id, separated by commas (default: all).

    For a fast preview of the dossier being edited in a large collection:
    ``make serve DOSSIER=kerman-2024`` sets it through ``DOSSIER_ONLY``. Links
    from the pages built to dossiers left out would break, so a strict build
    of the whole site never uses it.
    """

    content_security_policy = opt.Type(bool, default=True)
    """Give every page a Content Security Policy that lets only the site's own
    scripts run (see ``csp.py``); turn off only to debug a theme change."""

    cache_dir = opt.Type(str, default=".cache")
    """The build cache's folder, relative to ``mkdocs.yml``; empty for no cache.

    Pages whose inputs did not change are taken from it instead of being
    converted and laid out again (``page_cache``), and so are Pagefind's
    indexes of unchanged shards; every entry's key covers everything its
    output depends on, so a build with the cache writes the same site as one
    without. ``dossier build --no-cache`` (``DOSSIER_NO_CACHE=1``) builds
    without it. Keep the folder between builds (CI: ``actions/cache``).
    """

    cache_max_mb = opt.Type(int, default=2048)
    """The size the cache is brought back to after each build, in megabytes: the
    entries used least recently go first."""

    concurrency = Concurrency()
    """How many processes render the dossiers' pages, beside the one that builds the
    site; by default one per processor of the machine. At 1, the build's own process
    renders them before it converts any; the site is the same either way. A small
    project (``generator.parallel.workers.PARALLEL_FROM``) is always rendered in the
    build's own process, where starting others would cost more than it saves."""
