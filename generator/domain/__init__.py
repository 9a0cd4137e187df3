"""The domain: dossiers, sources, claims, questions and times, and the rules that compare them.

Nothing here reads files or writes pages; everything below ``generator.domain``
is pure and imports only ``generator.diagnostics`` and ``generator.patterns``.
"""
