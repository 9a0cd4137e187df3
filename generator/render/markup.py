"""Make untrusted text inert in Markdown and in HTML.

Every value from the annotations or a source text reaches a page through
one of these functions, so that nothing in it can become a link, an image,
raw HTML, a Markdown extension's syntax or a template instruction.
Characters that any Markdown syntax in use could start with are written as
numeric character references, which Markdown leaves alone and browsers show
as the character itself. That includes ``|`` and the backtick, so that a value
in a table row never ends its cell. Shown text that can change direction is
isolated in ``<bdi>``, so that a direction override in it ends with it.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import unicodedata

from markupsafe import Markup

from generator.patterns import ID_PATTERN

_RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"})

_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>&\"':~^=$%@")

_INERT = str.maketrans({c: f"&#{ord(c)};" for c in _MARKDOWN_SPECIAL})

_PLAIN = "[^" + re.escape("".join(sorted(_MARKDOWN_SPECIAL)) + "\n\r\x02\x03") + "]"

INERT_RUN = re.compile(f"(&#[0-9]+;(?:{_PLAIN}*&#[0-9]+;)*)")
"""The shape of inert text that ``inline`` writes: character references and the plain
characters between them, which no Markdown syntax can start with. Python-Markdown
copies a whole paragraph for each reference it sets aside, so a text of n special
characters costs n times its length; taken as one unit (see
``generator.site.mkdocs.dossier.inert_text``), it costs its length. STX and ETX delimit
Markdown's own placeholders and are never part of a run."""

_ATTRIBUTE_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'`\\[]!|"})

_DIRECTIONAL = frozenset({"R", "AL", "AN", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI"})
"""Bidirectional classes of the characters that make text, or what follows it,
run right to left: right-to-left letters and digits, embeddings, overrides and
isolates (a stray PDI closes nothing outside its ``<bdi>``, so it is left out)."""


def inline(text: object) -> Markup:
    """Text for a Markdown paragraph, heading or table cell: one line, no syntax,
    its direction isolated from the text around it."""
    if isinstance(text, Markup):
        return text
    return _isolated(str(text))


def attribute(text: object) -> Markup:
    """Text for an HTML attribute's value in a Markdown page, also in a table row.

    Python-Markdown sets a raw HTML tag aside whole, but only after its code spans,
    backslash escapes and links have run over the tag's text, and a table row is
    split at ``|`` before that: those characters, and HTML's own, are written as
    character references. An isolate is markup and has no place in an attribute.
    """
    return Markup(" ".join(str(text).split()).translate(_ATTRIBUTE_INERT))


@functools.lru_cache(maxsize=1 << 16)
def _isolated(text: str) -> Markup:
    # Names, outlets and wordings recur on many pages of a dossier.
    inert = " ".join(text.split()).translate(_INERT)
    if changes_direction(text):
        return Markup(f"<bdi>{inert}</bdi>")
    return Markup(inert)


def changes_direction(text: str) -> bool:
    """Whether the text, shown, could run right to left or turn what follows it."""
    return any(unicodedata.bidirectional(character) in _DIRECTIONAL for character in text)


def html_text(text: str) -> Markup:
    """Text inside a raw HTML block, where Markdown does not reach."""
    return Markup(html.escape(text, quote=True))


def relative_url(from_page: str, to_path: str) -> str:
    """A link from one generated page to another file, as MkDocs expects in Markdown."""
    path, _, anchor = to_path.partition("#")
    if not path:
        return f"#{anchor}"
    target = relative_path(path, from_page.rpartition("/")[0])
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=1 << 16)
def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath(path, start or ".")``, several times faster for the site's
    own paths (relative, without ``.``, ``..`` or empty parts), which pages link
    hundreds of thousands of times in a large collection."""
    to_parts = path.split("/")
    from_parts = start.split("/") if start else []
    if {"", ".", ".."} & {*to_parts, *from_parts}:
        return posixpath.relpath(path, start or ".")
    common = 0
    for to_part, from_part in zip(to_parts, from_parts, strict=False):
        if to_part != from_part:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def text_direction(language: str) -> str:
    """``rtl`` for languages written right to left, else ``ltr``."""
    return "rtl" if language.split("-")[0].lower() in _RIGHT_TO_LEFT else "ltr"


def external_link(url: str, text: str | None = None) -> Markup:
    """A link to an address outside the site; validation admits only http(s) addresses."""
    label = inline(url if text is None else text)
    return Markup(f'<a href="{attribute(url)}" rel="nofollow noopener noreferrer">{label}</a>')


def anchor_id(ident: str, prefix: str) -> Markup:
    """An HTML id such as ``claim-isw-killed-84``, from a validated id.

    Ids are checked by the validator, so they are printed as they are; this
    refuses anything else rather than escape it into a different id.
    """
    if not ID_PATTERN.fullmatch(ident):
        raise ValueError(f"{ident!r} is not an id")
    return Markup(f"{prefix}-{ident}")
