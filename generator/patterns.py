"""The shapes of ids, addresses, language tags and hashes: each written once, here.

Python code matches them with ``fullmatch`` only: ``$`` in a Python regular
expression also matches before a final newline, so ``"evil\\n"`` would pass
for an id and publish ``dossiers/evil%0A/``. The JSON Schemas take the same
text through ``json_schema_pattern``, anchored for ECMAScript, where ``$``
means the end of the text, so that an editor and the validator agree.
"""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
"""Ids of dossiers, sources, questions, claims, events, entities and tags: they become URLs."""

ID_RULE = "lowercase letters, digits and hyphens, starting with a letter or digit, at most 80"

URL_PATTERN = re.compile(r'[Hh][Tt][Tt][Pp][Ss]?://[^\s<>"\x00-\x1f\x7f-\x9f]+')
"""An http(s) address. The scheme is case-insensitive, as RFC 3986 says (spelled out
rather than with a flag, which ECMAScript patterns lack); ``'`` is legal in a path or
query. Whitespace, control characters, ``<``, ``>`` and ``"`` are refused: they end
an address in text and in HTML, so what follows them could be taken for something
else; every other character is escaped wherever an address is written."""

LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
"""A BCP 47 language tag such as ``en``, ``fa`` or ``pt-BR``."""

SHA256_PATTERN = re.compile(r"[0-9a-f]{64}")
"""A SHA-256 digest as lowercase hexadecimal digits."""


def json_schema_pattern(pattern: re.Pattern[str]) -> str:
    """``pattern`` for a JSON Schema, matching the whole text as ``fullmatch`` does."""
    return f"^(?:{pattern.pattern})$"
