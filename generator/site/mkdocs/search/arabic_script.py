"""Arabic-script normalisation for search: one spelling of each letter, in the
index and in queries.

Persian text is often typed with Arabic letters (ي for ی, ك for ک), tatweel
or Arabic-Indic digits; a reader types whichever their keyboard gives.
Pagefind matches words as written, so the index gets, after each block of
text whose letters differ once folded, a hidden copy of it with ``FOLD``
applied; the search worker folds queries with the same table.

The blocks are found by reading the page's HTML. Python-Markdown writes
plain, well-formed HTML; such a fragment is read by a small scanner, which
is several times faster than ``html.parser``. A fragment with anything else
in it (comments, declarations, scripts, styles, a ``<`` that starts no tag)
is read by ``html.parser``; both hand the same events to one planner, and a
property test checks that they agree.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

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


def add_normalised_copies(fragment: str) -> str:
    """``fragment`` with a hidden, normalised copy after each block of text that needs one.

    The copy of a paragraph, list item or cell goes inside it, before its end
    tag; the copy of a heading goes after it, so that the heading's own text
    (which Pagefind shows as a section title) stays as it is. Pagefind indexes
    hidden elements; the browser does not show them.
    """
    if _FOLDABLE.search(fragment) is None:
        return fragment
    planner = _CopyPlanner(fragment)
    if not _scan_simple_html(fragment, planner):
        planner = _CopyPlanner(fragment)
        _scan_any_html(fragment, planner)
    insertions = planner.close()
    if not insertions:
        return fragment
    pieces: list[str] = []
    last = 0
    for offset, insertion in sorted(insertions, key=lambda item: item[0]):
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

_TAG = re.compile(
    r"<(?:(?P<end>/)(?P<end_name>[a-zA-Z][a-zA-Z0-9-]*)\s*"
    r"|(?P<name>[a-zA-Z][a-zA-Z0-9-]*)"
    r"(?P<attributes>(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`/]+))?)*)\s*(?P<closed>/)?)>"
)
"""A start or end tag as Python-Markdown writes them."""

_ATTRIBUTE_NAME = re.compile(r"\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)")
_NOT_SIMPLE = re.compile(r"<[!?]|<(?:script|style)\b", re.IGNORECASE)
"""What only ``html.parser`` reads right: comments, declarations, and the raw
text of scripts and styles."""


def _scan_simple_html(fragment: str, planner: _CopyPlanner) -> bool:
    """Hand the tags and text of ``fragment`` to ``planner``; False, having handed
    some, when the fragment is not the plain HTML this scanner reads."""
    if _NOT_SIMPLE.search(fragment):
        return False
    position = 0
    for tag in _TAG.finditer(fragment):
        text = fragment[position : tag.start()]
        if "<" in text:
            return False
        if text:
            planner.data(html.unescape(text))
        if tag["end"]:
            planner.end(tag["end_name"].lower(), tag.start())
        elif tag["closed"]:
            planner.start_end(tag["name"].lower())
        else:
            names = {name.lower() for name in _ATTRIBUTE_NAME.findall(tag["attributes"])}
            planner.start(tag["name"].lower(), names)
        position = tag.end()
    text = fragment[position:]
    if "<" in text:
        return False
    if text:
        planner.data(html.unescape(text))
    return True


def _scan_any_html(fragment: str, planner: _CopyPlanner) -> None:
    """Hand the tags and text of any ``fragment`` to ``planner``, read by ``html.parser``."""
    reader = _HTMLReader(fragment, planner)
    reader.feed(fragment)
    reader.close()


class _HTMLReader(HTMLParser):
    def __init__(self, source: str, planner: _CopyPlanner) -> None:
        super().__init__(convert_charrefs=True)
        self.planner = planner
        self.line_starts = [0]
        for match in re.finditer("\n", source):
            self.line_starts.append(match.end())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.planner.start(tag, {name for name, _ in attrs})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.planner.start_end(tag)

    def handle_endtag(self, tag: str) -> None:
        line, column = self.getpos()
        self.planner.end(tag, self.line_starts[line - 1] + column)

    def handle_data(self, data: str) -> None:
        self.planner.data(data)


__all__ = ["FOLD", "add_normalised_copies", "normalise", "normalised_copy"]
