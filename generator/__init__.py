"""Turn annotated source articles into a research dossier website.

The package reads as the data flows: ``yaml_loader`` and ``load`` read files,
``validate`` turns what was read into the typed ``model``, ``anchor`` finds each
quote in its source text, ``compare`` works out whether sources agree,
``render`` produces Markdown pages from Jinja2 templates and ``export`` the
machine-readable files; ``build`` ties the steps together, and ``workers``
shares them between two processes for a large project. The CLI and the
MkDocs plugin are thin shells over :func:`generate_site_files`.
"""

from generator.build import GeneratedFile, generate_site_files, load_project
from generator.diagnostics import Diagnostic, DossierError

__all__ = [
    "Diagnostic",
    "DossierError",
    "GeneratedFile",
    "generate_site_files",
    "load_project",
]
