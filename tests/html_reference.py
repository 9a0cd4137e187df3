"""``html.parser``'s reading of an HTML fragment: the reference that the scanner of
the search plugin's normalised copies (``arabic_script._scan``) is held to."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.site.mkdocs.search.arabic_script import _CopyPlanner


def copies_by_html_parser(fragment: str) -> list[tuple[int, str]]:
    """Where the normalised copies of ``fragment`` go, its tags and text read by
    ``html.parser``."""
    planner = _CopyPlanner(fragment)
    reader = _Reader(fragment, planner)
    reader.feed(fragment)
    reader.close()
    return planner.close()


class _Reader(HTMLParser):
    def __init__(self, source: str, planner: _CopyPlanner) -> None:
        super().__init__(convert_charrefs=True)
        self.planner = planner
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", source))]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.planner.start(tag, {name for name, _ in attrs})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.planner.start_end(tag)

    def handle_endtag(self, tag: str) -> None:
        line, column = self.getpos()
        self.planner.end(tag, self.line_starts[line - 1] + column)

    def handle_data(self, data: str) -> None:
        self.planner.data(data)
