"""Every built page carries a Content Security Policy, and the site works under it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.mkdocs_plugin.csp import script_hashes, with_content_security_policy

DOSSIER = "dossiers/kerman-2024/"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_the_policy_lists_exactly_the_inline_scripts() -> None:
    page = (
        "<html><head><title>t</title><script>var a = 1;</script></head><body>"
        '<script src="x.js"></script><script>var a = 1;</script><script>b()</script></body>'
    )
    policy = META.search(with_content_security_policy(page))
    assert policy is not None
    hashes = script_hashes(page)
    assert len(hashes) == 2, "one hash per distinct inline script, none for src scripts"
    assert "script-src 'self' " + " ".join(hashes) + " 'wasm-unsafe-eval';" in policy.group(1)
    assert "unsafe-inline" not in policy.group(1).split("style-src")[0]


def test_every_built_page_has_a_policy_matching_its_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text("utf-8")
        found = META.findall(html)
        assert len(found) == 1, page
        for source in script_hashes(html):
            assert source in found[0], (page, source)


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
