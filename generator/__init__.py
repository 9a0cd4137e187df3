"""Turn annotated source articles into a research dossier website.

The folders follow the data as it flows:

* ``read``: the files of a dossier (strict YAML, source texts, git history);
* ``validate``: what was read becomes the typed model, or diagnostics;
* ``domain``: the model itself and its rules (times, quote anchoring,
  agreement, voices, relations), pure and free of files;
* ``render``: Markdown pages from Jinja2 templates, charts, exports;
* ``pipeline``: ties the steps together, a dossier at a time;
* ``parallel``: runs the pipeline in other processes;
* ``site``: the MkDocs plugins, the atomic publish and the local preview.

``cli`` and ``site.mkdocs`` are thin shells over ``pipeline``; a layering
contract in ``pyproject.toml`` (import-linter) keeps the direction.
"""

from generator.diagnostics import Diagnostic, DossierError
from generator.pipeline import GeneratedFile, generate_site_files, load_project

__all__ = [
    "Diagnostic",
    "DossierError",
    "GeneratedFile",
    "generate_site_files",
    "load_project",
]
