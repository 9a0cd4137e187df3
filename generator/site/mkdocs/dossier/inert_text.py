"""A Markdown extension that sets inert text aside in one piece.

``generator.render.markup`` writes every special character of a stranger's text as
a character reference. Python-Markdown sets each reference aside on its own,
copying the paragraph each time: a title of 40,000 ``<`` took over a minute to
build. This extension matches a whole run of references and the plain
characters between them (``markup.INERT_RUN``) and sets it aside once, with
the same HTML as a result. It runs after raw HTML tags (priority 90), so that
references inside a tag's attributes stay part of the tag, and before single
references (80).
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HtmlInlineProcessor

from generator.render.markup import INERT_RUN

PRIORITY = 85


class InertTextExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(
            HtmlInlineProcessor(INERT_RUN.pattern, md), "dossier_inert_text", PRIORITY
        )
