"""Arabic-script normalisation for search: one spelling of each letter, in the
index and in queries.

Persian text is often typed with Arabic letters (ي for ی, ك for ک), tatweel
or Arabic-Indic digits; a reader types whichever their keyboard gives.
Pagefind matches words as written, so the index gets, after each block of
text whose letters differ once folded, a hidden copy of it with ``FOLD``
applied; the search worker folds queries with the same table.

The blocks are found by one small scanner of the page's HTML (``_scan``),
faster than ``html.parser`` and reading as it and browsers do: tags,
comments, declarations, the raw text of scripts and styles, and text, which
keeps a ``<`` that starts none of these. The scanner hands the tags and the
text to one planner, which folds each block's text once; a property test
holds the scanner to ``html.parser``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
"""Harakat and other combining marks (U+064B–U+065F) and the superscript alef (U+0670)."""

FOLD: dict[str, str] = {
    "\u064a": "\u06cc",  # ARABIC LETTER YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ARABIC LETTER ALEF MAKSURA -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC LETTER KAF -> KEHEH (Persian kaf)
    "\u0640": "",  # ARABIC TATWEEL (kashida), a stretching stroke
    **{mark: "" for mark in _MARKS},
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
}
"""Each character that has a canonical form, and that form; empty removes it."""

_FOLD_TABLE = str.maketrans(FOLD)
_FOLDABLE = re.compile(f"[{''.join(FOLD)}]")
_MARKS_TABLE = str.maketrans(dict.fromkeys(_MARKS, ""))


def normalise(text: str) -> str:
    """``text`` with Arabic-script letter variants, marks, tatweel and digits folded."""
    return text.translate(_FOLD_TABLE)


def normalised_copy(text: str) -> str | None:
    """The normalised text to index beside ``text``, or None when none is needed.

    Pagefind matches words regardless of combining marks on its own, so text
    that differs from its normalised form only by harakat needs no copy.
    """
    folded = normalise(text)
    if folded == text.translate(_MARKS_TABLE):
        return None
    return " ".join(folded.split()) or None


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "div",
        "dt",
        "figcaption",
        "footer",
        "header",
        "li",
        "main",
        "p",
        "pre",
        "section",
        "summary",
        "td",
        "th",
    }
)
_SKIPPED = frozenset({"script", "style", "template", "svg", "math", "textarea"})
_COPY = "data-dossier-search-copy"


def needs_copies(fragment: str) -> bool:
    """Whether ``fragment`` has a letter that normalising changes, so that
    ``add_normalised_copies`` may add a copy."""
    return _FOLDABLE.search(fragment) is not None


def add_normalised_copies(fragment: str) -> str:
    """``fragment`` with a hidden, normalised copy after each block of text that needs one.

    The copy of a paragraph, list item or cell goes inside it, before its end
    tag; the copy of a heading goes after it, so that the heading's own text
    (which Pagefind shows as a section title) stays as it is. Pagefind indexes
    hidden elements; the browser does not show them.
    """
    return with_insertions(fragment, copy_insertions(fragment))


def copy_insertions(fragment: str) -> list[tuple[int, str]]:
    """The copies ``add_normalised_copies`` adds, each with the offset in
    ``fragment`` it goes at, in the order of the offsets."""
    if not needs_copies(fragment):
        return []
    planner = _CopyPlanner(fragment)
    _scan(fragment, planner)
    return sorted(planner.close(), key=lambda item: item[0])


def with_insertions(fragment: str, insertions: list[tuple[int, str]]) -> str:
    """``fragment`` with each text of ``insertions`` at its offset (in order)."""
    if not insertions:
        return fragment
    pieces: list[str] = []
    last = 0
    for offset, insertion in insertions:
        pieces.append(fragment[last:offset])
        pieces.append(insertion)
        last = offset
    pieces.append(fragment[last:])
    return "".join(pieces)


@dataclass
class _Block:
    tag: str
    parts: list[str]


class _CopyPlanner:
    """Finds each block's own text and where its copy goes, from the fragment's
    tags and text in order, leaving the HTML as it is."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks = [_Block("", [])]
        self.insertions: list[tuple[int, str]] = []
        self.ignored: list[str] = []
        self.ignored_depth = 0

    def start(self, tag: str, attributes: set[str]) -> None:
        """A start tag, with the names of its attributes."""
        if self.ignored:
            if tag == self.ignored[-1]:
                self.ignored_depth += 1
            return
        if tag in _SKIPPED or "data-pagefind-ignore" in attributes or _COPY in attributes:
            self.ignored.append(tag)
            self.ignored_depth = 1
        elif tag in _BLOCKS:
            self.blocks.append(_Block(tag, []))
        elif tag == "br":
            self.blocks[-1].parts.append(" ")

    def start_end(self, tag: str) -> None:
        """A self-closing tag such as ``<br/>``."""
        if tag == "br" and not self.ignored:
            self.blocks[-1].parts.append(" ")

    def end(self, tag: str, offset: int) -> None:
        """An end tag starting at ``offset``."""
        if self.ignored:
            if tag == self.ignored[-1]:
                self.ignored_depth -= 1
                if self.ignored_depth == 0:
                    self.ignored.pop()
            return
        if tag not in _BLOCKS or all(block.tag != tag for block in self.blocks[1:]):
            return
        while True:
            block = self.blocks.pop()
            self.flush(block, offset)
            if block.tag == tag:
                return

    def data(self, text: str) -> None:
        """Text, with its character references already replaced."""
        if not self.ignored:
            self.blocks[-1].parts.append(text)

    def close(self) -> list[tuple[int, str]]:
        """Where each copy goes, as (offset in the fragment, HTML to insert)."""
        while self.blocks:
            self.flush(self.blocks.pop(), len(self.source))
        return self.insertions

    def flush(self, block: _Block, offset: int) -> None:
        copy = normalised_copy("".join(block.parts))
        if copy is None:
            return
        text = html.escape(copy, quote=False)
        if block.tag in _HEADINGS:
            end = self.source.find(">", offset) + 1 or len(self.source)
            self.insertions.append((end, f"<p hidden {_COPY}>{text}</p>"))
        elif block.tag:
            self.insertions.append((offset, f"<span hidden {_COPY}> {text}</span>"))
        else:
            self.insertions.append((offset, f"<p hidden {_COPY}>{text}</p>"))


# -- Reading the fragment -----------------------------------------------------

_MARKUP = re.compile(
    r"<(?:"
    r"!--.*?(?:-->|\Z)"  # a comment, to its end or the fragment's
    r"|[!?][^>]*(?:>|\Z)"  # a declaration or a processing instruction
    r"|/(?P<end_name>[a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>"  # an end tag
    r"|/(?:>|[^a-zA-Z>][^>]*(?:>|\Z))"  # an end tag without a name, which browsers drop
    r"|(?P<name>[a-zA-Z][^\t\n\r\f />\x00]*)"  # a start tag ...
    r"(?P<attributes>(?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>"  # ... its attributes, quoted or not
    r")",
    re.DOTALL,
)
"""What is not text in HTML, read as browsers (and ``html.parser``) read it; a ``<``
that starts none of these is text."""

_ATTRIBUTE_NAME = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_RAW_TEXT = {tag: re.compile(f"</{tag}[\\s/>]", re.IGNORECASE) for tag in ("script", "style")}
"""Elements whose content is not HTML: the end tag ends it, whatever comes before."""


def _scan(fragment: str, planner: _CopyPlanner) -> None:
    """Hand the tags and the text of ``fragment``, in order, to ``planner``."""
    text_start = 0  # where the text not yet handed on starts
    search_from = 0
    while (opening := fragment.find("<", search_from)) != -1:
        markup = _MARKUP.match(fragment, opening)
        if markup is None:  # a "<" that starts no markup is text
            search_from = opening + 1
            continue
        if opening > text_start:
            planner.data(html.unescape(fragment[text_start:opening]))
        text_start = search_from = markup.end()
        if markup["end_name"]:
            planner.end(markup["end_name"].lower(), opening)
        elif markup["name"]:
            tag = markup["name"].lower()
            attributes = markup["attributes"]
            if attributes.endswith("/"):
                planner.start_end(tag)
                continue
            planner.start(tag, {name.lower() for name in _ATTRIBUTE_NAME.findall(attributes)})
            if tag in _RAW_TEXT:
                found = _RAW_TEXT[tag].search(fragment, search_from)
                text_start = search_from = found.start() if found else len(fragment)
    if text_start < len(fragment):
        planner.data(html.unescape(fragment[text_start:]))


__all__ = [
    "FOLD",
    "add_normalised_copies",
    "copy_insertions",
    "needs_copies",
    "normalise",
    "normalised_copy",
    "with_insertions",
]
