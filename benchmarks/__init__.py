"""Benchmarks of the dossier generator and of the site build (issue 7).

- ``benchmarks.corpus``: a deterministic synthetic corpus of dossiers of any size;
- ``python -m benchmarks``: validation, generation and build times, peak memory
  and site size at several corpus sizes, against a plain MkDocs baseline;
- ``python -m benchmarks.profiling``: cProfile of validation, generation and build;
- ``python -m benchmarks.preview``: how long ``mkdocs serve`` takes to show an edit,
  with and without ``DOSSIER_ONLY``.

Everything runs with the project's own virtual environment and writes only to
temporary folders (or to the folder given with ``--keep``).
"""
