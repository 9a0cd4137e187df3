"""Every built page carries a Content Security Policy, and the site works under it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.site.mkdocs.dossier.csp import script_hashes, with_content_security_policy

from conftest import FIXTURE_SEEDS, make_project, run_dossier

DOSSIER = "dossiers/kerman-2024/"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)


def policy_of(html: str) -> str:
    found = META.findall(html)
    assert len(found) == 1
    return found[0]


def allowed_hashes(html: str) -> set[str]:
    """The script hashes the page's policy lists."""
    return set(re.findall(r"'sha256-[^']+'", policy_of(html)))


def executable_inline_scripts(html: str) -> list[str]:
    """The bodies of the page's inline scripts a browser would run: not Material's
    ``__config``, which is ``application/json``."""
    return [body for attributes, body in INLINE_SCRIPT.findall(html) if "type=" not in attributes]


def test_the_policy_lists_exactly_the_given_scripts() -> None:
    page = "<html><head><title>t</title></head><body><script>b()</script></body>"
    policy = policy_of(with_content_security_policy(page, ["var a = 1;", "c()", "var a = 1;"]))
    hashes = script_hashes(["var a = 1;", "c()"])
    assert "script-src 'self' " + " ".join(hashes) + " 'wasm-unsafe-eval';" in policy
    assert script_hashes(["b()"])[0] not in policy, "a script on the page is not allowed for that"
    assert "unsafe-inline" not in policy.split("style-src")[0]


def test_every_built_page_allows_exactly_the_scripts_it_runs(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text("utf-8")
        scripts = executable_inline_scripts(html)
        assert len(scripts) >= 3, page  # Material's base, palette and content scripts
        assert allowed_hashes(html) == set(script_hashes(scripts)), page


INJECTED = [
    'alert("in the article")',
    'alert("after a closed article")',
    'alert("in a heading")',
]


@pytest.mark.slow
def test_a_script_in_the_page_content_is_not_allowed(tmp_path: Path) -> None:
    """Defence in depth: were a script ever to reach a page's content, the policy
    would not let it run, wherever on the page it ended up."""
    project = make_project(tmp_path / "project", FIXTURE_SEEDS)
    page = project / "docs" / "guide" / "cli.md"
    page.write_text(
        page.read_text("utf-8")
        + f"\n\n<script>{INJECTED[0]}</script>\n\n"
        + f"</article><script>{INJECTED[1]}</script>\n\n"
        + f"## A heading <script>{INJECTED[2]}</script>\n",
        "utf-8",
    )
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "guide" / "cli" / "index.html").read_text("utf-8")
    scripts = executable_inline_scripts(html)
    assert set(INJECTED) <= set(scripts), "the injected scripts reach the page"
    allowed = allowed_hashes(html)
    assert not allowed & set(script_hashes(INJECTED))
    assert allowed == set(script_hashes(set(scripts) - set(INJECTED))), "the theme's still run"


_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

PAGES = [
    "",
    DOSSIER,
    DOSSIER + "matrix/",
    DOSSIER + "questions/killed/",
    DOSSIER + "sources/iswnews-32659/",
    DOSSIER + "reporting/",
    "guide/format/",
    "404.html",
]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_pages_work_under_the_policy(page: Any, site_url: str, path: str) -> None:
    page.add_init_script(_RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert not [line for line in console if "Content Security Policy" in line]
    if path == DOSSIER + "matrix/":
        assert page.locator(".dossier-filters, [data-dossier-filters]").count() >= 1, (
            "the filter script must run under the policy"
        )


@pytest.mark.browser
def test_search_works_under_the_policy(page: Any, site_url: str) -> None:
    page.add_init_script(_RECORD_VIOLATIONS)
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("Qoli Beig", delay=30)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)
    assert page.evaluate("window.__violations") == []
