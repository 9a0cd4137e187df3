"""Inert text costs Markdown its length, not its length squared, and reads the same.

Python-Markdown sets each character reference aside on its own, copying the
paragraph each time; ``generator.site.mkdocs.dossier.inert_text`` sets a run of them
aside at once. These tests count what Markdown sets aside instead of timing it,
and check that the HTML is the same with and without the extension.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.render.markup import inline
from generator.site.mkdocs.dossier.inert_text import InertTextExtension

from conftest import make_project
from factory import write_dossier

EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]
"""The site's own extensions (mkdocs.yml)."""

SHAPES = [
    "# {text}\n",
    "| A | B |\n| --- | --- |\n| **{text}** | [{text}](page.md) |\n",
    "Said by {text} and {text}, on *{text}*.\n",
    '<span data-x="{text}">{text}</span> {{ dir="auto" }}\n',
]
"""Where the templates put a stranger's text: headings, table cells, links, emphasis,
beside raw HTML and attribute lists."""


def _convert(source: str, *, inert_runs: bool) -> tuple[str, int]:
    """The HTML, and how many pieces Markdown set aside to write it."""
    extensions: list[str | markdown.Extension] = list(EXTENSIONS)
    if inert_runs:
        extensions.append(InertTextExtension())
    md = markdown.Markdown(extensions=extensions)
    return md.convert(source), md.htmlStash.html_counter


@pytest.mark.parametrize("hostile", ["<" * 20_000, "<a" * 10_000, "&#60;*_" * 5_000])
def test_a_long_special_text_is_set_aside_once_whatever_its_length(hostile: str) -> None:
    html, pieces = _convert(f"# {inline(hostile)}\n", inert_runs=True)
    assert pieces == 1
    plain, _ = _convert(f"# {inline(hostile)}\n", inert_runs=False)
    assert html == plain


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40), st.sampled_from(SHAPES))
@example("a & b", SHAPES[0])
@example("\u202eevil", SHAPES[2])
@example("x]( y", SHAPES[1])
@example("{: .cls }", SHAPES[3])
def test_the_html_is_the_same_with_and_without_inert_runs(text: str, shape: str) -> None:
    source = shape.format(text=inline(text))
    assert _convert(source, inert_runs=True)[0] == _convert(source, inert_runs=False)[0]


def test_the_dossier_plugin_gives_markdown_the_extension(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", write_dossier(tmp_path / "data"))
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    try:
        assert any(isinstance(e, InertTextExtension) for e in config.markdown_extensions)
    finally:
        config.plugins.on_shutdown()
