"""Options of the ``dossier-search`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class PagefindSearchConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Index the built site with Pagefind and answer Material's search box from it.

    When false, the site has no search box and no index at all."""

    bundle_dir = opt.Type(str, default="pagefind")
    """Where Pagefind writes its index and script, relative to the site folder."""

    language = opt.Optional(opt.Type(str))
    """The one language the whole index is built for (Pagefind's ``--force-language``),
    as an ISO 639-1 code; default: the theme's ``language``.

    Pagefind otherwise builds one index per ``<html lang>`` and searches only the
    index of the page the reader is on; one index keeps every page findable."""

    shard_pages = opt.Type(int, default=2000)
    """How many pages one Pagefind index holds at most. Pagefind needs about 180 KB
    of memory a page while it indexes; a larger site is indexed in shards of
    whole dossiers, one after the other while MkDocs writes the rest of the
    site, and the search reads them all. Each shard adds one download of a few
    kilobytes to a reader's first query."""

    max_results = opt.Type(int, default=20)
    """How many pages a query lists at most, best first. Each listed page costs
    the reader one download of its excerpt (one to three kilobytes)."""

    max_sections = opt.Type(int, default=5)
    """How many matching sections of one page are listed under it, folded."""
