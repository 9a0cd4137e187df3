"""Options of the ``dossier`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class DossierPluginConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Generate the dossier pages; set to false to build only the hand-written docs."""

    seeds_dir = opt.Type(str, default="seeds")
    """The folder holding one sub-folder per dossier, relative to ``mkdocs.yml``."""

    nav_title = opt.Type(str, default="Dossiers")
    """The title of the navigation section that lists the dossiers, when ``nav`` is set."""
