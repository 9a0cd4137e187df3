"""Turn annotated source articles into a research dossier website.

The folders follow the data as it flows:

* ``read``: the files of a dossier (strict YAML, source texts, git history);
* ``validate``: what was read becomes the typed model, or diagnostics;
* ``domain``: the model itself and its rules (times, quote anchoring,
  agreement, voices, relations), pure and free of files;
* ``render``: Markdown pages from Jinja2 templates, charts, exports;
* ``pipeline``: the steps from a seeds folder to the files of a site: read
  and validate every dossier, write the files they share, then render and
  write one dossier at a time;
* ``parallel``: runs those steps in this process or shares the dossiers
  among ``concurrency`` processes (``workers.start_generation``), at a lower
  priority, in scratch folders;
* ``site``: the MkDocs plugins, the atomic publish and the local preview.

``dossier generate`` and the MkDocs plugin (which ``dossier build`` runs)
both call ``parallel.workers.start_generation``, so they write the same
files for the same options; ``generate_site_files`` gives those files in
memory. A layering contract in ``pyproject.toml`` (import-linter) keeps the
direction.
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
