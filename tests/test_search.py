"""Search: Pagefind behind Material's own search box, typed into as a reader does.

The example site has no Persian source, so a second site is built from a copy
of the project with an extra dossier holding one, written by these tests.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.site.mkdocs.search.arabic_script import (
    FOLD,
    _CopyPlanner,
    _scan,
    add_normalised_copies,
    normalise,
    normalised_copy,
)
from generator.site.mkdocs.search.indexing import plan_shards, run_pagefind
from generator.site.mkdocs.search.plugin import outlet_kind

from conftest import guarded_page, make_project, run_dossier, serve_folder
from html_reference import copies_by_html_parser

pytestmark = pytest.mark.browser

SEED = "dossiers/kerman-2024/sources/iswnews-32659/"
PERSIAN = "dossiers/persian-sample/sources/hamshahri-1/"

# Persian as written: ی (U+06CC) and ک (U+06A9), one word with a tatweel (U+0640),
# one with a fatha (U+064E); an Arabic quotation with ي (U+064A) and ك (U+0643);
# Persian digits; and markup that must stay text.
PERSIAN_TEXT = """\
دو انفجار در کرمان

دو انفجار در نزدیکی گلزار شـهدای کرمان رخ داد و پلیس منطقه را بست.
یک کودک در میان زخمی‌ها بود. مَزار سردار سلیمانی در این گلزار است.
این رویداد در ۱۳ دی ۱۴۰۲ رخ داد. یک روحانی گفت: «قال الشيخ إن الكتاب واضح».
<img src=x onerror="alert('text')"> <b>پررنگ</b>
"""

PERSIAN_YML = """\
outlet: همشهری
title: "دو انفجار در کرمان <b>"
url: https://hamshahrionline.example/news/1
language: fa
published: "2024-01-03"
retrieved: "2024-02-01"
sha256: {sha256}
affiliation: Tehran municipality ("همشهری")
"""

PERSIAN_DOSSIER = """\
title: Persian sample
summary: A dossier with one Persian source, written by the search tests.
start: "2024-01-03"
"""


def _write_persian_dossier(seeds: Path) -> None:
    folder = seeds / "persian-sample"
    (folder / "sources").mkdir(parents=True)
    (folder / "dossier.yml").write_text(PERSIAN_DOSSIER, "utf-8")
    text = PERSIAN_TEXT.encode("utf-8")
    (folder / "sources" / "hamshahri-1.txt").write_bytes(text)
    annotation = PERSIAN_YML.replace("{sha256}", hashlib.sha256(text).hexdigest())
    (folder / "sources" / "hamshahri-1.yml").write_text(annotation, "utf-8")


@pytest.fixture(scope="module")
def persian_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project plus a dossier with a Persian source, built for real."""
    project = make_project(tmp_path_factory.mktemp("persian") / "project")
    _write_persian_dossier(project / "seeds")
    return _build(project)


def _build(project: Path) -> Path:
    """``dossier build`` in ``project``; the site it built."""
    result = run_dossier("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def persian_url(persian_site: Path) -> Iterator[str]:
    with serve_folder(persian_site) as url:
        yield url


@pytest.fixture
def persian_page(browser: object, persian_url: str) -> Iterator[Any]:
    with guarded_page(browser, persian_url) as new_page:
        yield new_page


def _search(page: Any, url: str, query: str) -> list[dict[str, str]]:
    """Type ``query`` into Material's search box, key by key; the results shown."""
    page.goto(url)
    page.locator("input.md-search__input").click()
    _type(page, query)
    _wait_until_settled(page)
    items = page.locator(".md-search-result__item")
    found = []
    for index in range(items.count()):
        link = items.nth(index).locator("a").first
        found.append(
            {
                "href": link.get_attribute("href") or "",
                "title": link.locator("h1").inner_text(),
                "text": link.inner_text(),
                "html": link.inner_html(),
            }
        )
    return found


def _type(page: Any, text: str) -> None:
    """Press each key of ``text`` as a reader's keyboard does, Persian letters too.

    Playwright presses only keys of a US keyboard and inserts other characters
    without key events, while Material reads the box on ``keyup``. A key of a
    Persian keyboard is sent as Chromium receives one: key down with its text,
    then key up.
    """
    keyboard = None
    for character in text:
        if character.isascii():
            page.keyboard.press(character)
        else:
            keyboard = keyboard or page.context.new_cdp_session(page)
            for kind in ("keyDown", "keyUp"):
                event = {"type": kind, "key": character}
                if kind == "keyDown":
                    event |= {"text": character, "unmodifiedText": character}
                keyboard.send("Input.dispatchKeyEvent", event)
        page.wait_for_timeout(30)


def _wait_until_settled(page: Any, timeout_ms: int = 15_000) -> None:
    """Wait until the result list answers the whole query and stops changing.

    The worker may answer a query typed so far before the last key; the list is
    settled once it shows a count (or none) and is the same twice in a row.
    """
    snapshot = """() => document.querySelector(".md-search-result__meta").textContent
        + "|" + [...document.querySelectorAll(".md-search-result__item a")]
            .map(a => a.getAttribute("href")).join(" ")"""
    previous = None
    for _ in range(timeout_ms // 300):
        page.wait_for_timeout(300)
        current = page.evaluate(snapshot)
        if current == previous and re.search(r"matching document|No matching", current):
            return
        previous = current
    raise AssertionError(f"the search results did not settle: {previous}")


def _paths(results: list[dict[str, str]]) -> list[str]:
    return [re.sub(r"^https?://[^/]+/|\?.*$", "", result["href"]) for result in results]


# -- The example site ---------------------------------------------------------


def test_latin_word_of_a_source_text(page: Any, site_url: str, screenshots: Path) -> None:
    results = _search(page, site_url, "Qoli Beig")
    assert SEED in _paths(results)
    source = next(r for r in results if SEED in r["href"])
    assert source["title"].startswith("Over 80 Martyred")
    assert "Dossier: Kerman bombings, 3 January 2024" in source["text"]
    assert "Source: ISWNews (Iran-aligned, en)" in source["text"]
    # The text is folded behind a content warning: the result says so, with no excerpt.
    assert "Content warning: violence, mass-casualty" in source["text"]
    assert "<mark>" not in source["html"]
    page.screenshot(path=screenshots / "search-latin.png")
    item = page.locator(".md-search-result__item", has=page.locator(f'a[href*="{SEED}"]'))
    item.screenshot(path=screenshots / "search-latin-source.png")
    flood = _search(page, site_url, "overnight")
    assert any("<mark>" in result["html"] for result in flood), "excerpts highlight the words"


def test_word_of_the_annotations(page: Any, site_url: str) -> None:
    results = _search(page, site_url, "Einollahi")
    assert "dossiers/kerman-2024/entities/bahram-einollahi/" in _paths(results)
    assert all("Dossier: Kerman bombings" in r["text"] for r in results), [
        r["href"].split("/", 3)[-1] for r in results if "Dossier: Kerman" not in r["text"]
    ]


def test_a_result_opens_its_page_with_the_words_highlighted(page: Any, site_url: str) -> None:
    _search(page, site_url, "Einollahi")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entities/bahram-einollahi/\?h=Einollahi"))
    assert page.locator("mark[data-md-highlight]").first.inner_text() == "Einollahi"


def test_a_filter_narrows_the_results(page: Any, site_url: str) -> None:
    everything = _paths(_search(page, site_url, "Kerman"))
    assert len(everything) > 3
    sources = _paths(_search(page, site_url, "Kerman source:iswnews-32659"))
    assert sources == [SEED]
    kind = _paths(_search(page, site_url, 'Kerman kind:"iran-aligned"'))
    assert len(kind) < len(everything)
    iran_aligned = ["abna-1426389", "islamtimes-1106759", "islamtimes-1106861"]
    iran_aligned += ["iswnews-32659", "iswnews-32689"]
    assert sorted(kind) == [f"dossiers/kerman-2024/sources/{s}/" for s in iran_aligned]
    assert _paths(_search(page, site_url, "Kerman language:xx")) == []


AGENCY = "dossiers/example-agency-copy/sources/agency-storm/"
UNQUOTED = "The mayor's office has not yet counted the damage to the promenade"
"""A sentence of the agency's text that no claim quotes: published as quotes only,
the source must not make it reach the site."""


def test_unquoted_text_of_a_quotes_only_source_is_not_found(
    page: Any, site_url: str, screenshots: Path
) -> None:
    assert _search(page, site_url, UNQUOTED) == []
    page.screenshot(path=screenshots / "search-unquoted.png")
    # A single word may match others by its beginning ("pro..."), never the agency's text.
    word = _paths(_search(page, site_url, "promenade"))
    assert not [path for path in word if "example-agency-copy" in path], word
    assert AGENCY in _paths(_search(page, site_url, "sank two fishing boats"))


def test_a_first_query_downloads_little(browser: object, site_url: str) -> None:
    """The bytes a reader's browser receives for search: with the page, then for a first query."""
    with guarded_page(browser, site_url) as page:
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        loaded = len(responses)
        page.locator("input.md-search__input").click()
        _type(page, "Qoli Beig")
        _wait_until_settled(page)
        page.wait_for_load_state("networkidle")
        sizes = [(r.url.replace(site_url, ""), len(r.body())) for r in responses]
    with_page = [(url, size) for url, size in sizes[:loaded] if "search" in url]
    first_query = sizes[loaded:]
    print(f"\nwith every page, for search: {sum(size for _, size in with_page):,} bytes")
    for url, size in with_page:
        print(f"{size:>9,}  {url}")
    total = sum(size for _, size in first_query)
    print(f"first query 'Qoli Beig': {total:,} bytes in {len(first_query)} responses")
    for url, size in sorted(first_query, key=lambda item: -item[1]):
        print(f"{size:>9,}  {url}")
    assert [url for url, _ in with_page if url.startswith("pagefind/")] == []
    assert any(url.startswith("pagefind/") for url, _ in first_query)
    assert total < 400_000


def test_the_page_load_fetches_no_index(browser: object, site_url: str) -> None:
    with guarded_page(browser, site_url) as page:
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
    assert not [url for url in urls if "/pagefind/" in url]
    assert any(url.endswith("search/search_index.json") for url in urls)


# -- A site indexed in shards ---------------------------------------------------

SHARD_PAGES = 25


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built with at most 25 pages a Pagefind index, so in shards."""
    project = make_project(tmp_path_factory.mktemp("sharded") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - dossier-search\n" in text
    text = text.replace(
        "  - dossier-search\n", f"  - dossier-search:\n      shard_pages: {SHARD_PAGES}\n"
    )
    config.write_text(text, "utf-8")
    return _build(project)


@pytest.fixture(scope="module")
def sharded_url(sharded_site: Path) -> Iterator[str]:
    with serve_folder(sharded_site) as url:
        yield url


def test_shards_hold_whole_dossiers_within_the_limit() -> None:
    pages = [f"dossiers/{d}/{n}/index.html" for d, count in (("a", 3), ("b", 2), ("c", 6))
             for n in range(count)]  # fmt: skip
    pages += ["index.html", "guide/a,b {c}.html"]
    shards = plan_shards(pages, "pagefind", 5)
    assert [(s.subdir, s.dossiers, len(s.pages)) for s in shards] == [
        ("pagefind", ["a", "b"], 5),
        ("pagefind/1", ["c"], 6),  # a dossier larger than the limit has a shard of its own
        ("pagefind/2", [], 2),
    ]
    assert shards[0].glob == "{dossiers/{a,b}/**/*.html}"
    assert shards[2].glob == r"{index.html,guide/a\,b \{c\}.html}"
    assert sorted(page for shard in shards for page in shard.pages) == sorted(pages)


@pytest.mark.slow
def test_a_large_site_is_indexed_in_shards_each_page_once(
    sharded_site: Path, built_site: Path
) -> None:
    stub = json.loads((sharded_site / "search/search_index.json").read_text("utf-8"))
    bundles = stub["config"]["pagefind"]["bundles"]
    assert bundles[0] == "../../pagefind/"
    assert bundles[1:] == [f"../../pagefind/{n}/" for n in range(1, len(bundles))]
    assert len(bundles) >= 3
    counts = []
    for bundle in bundles:
        entry = (sharded_site / "assets/dossier-search" / bundle / "pagefind-entry.json").resolve()
        counts.append(json.loads(entry.read_text("utf-8"))["languages"]["en"]["page_count"])
    assert max(counts) <= SHARD_PAGES or len([c for c in counts if c > SHARD_PAGES]) == 1
    whole = json.loads((built_site / "pagefind/pagefind-entry.json").read_text("utf-8"))
    assert sum(counts) == whole["languages"]["en"]["page_count"]
    assert sum(counts) == sum(
        "data-pagefind-body" in page.read_text("utf-8") for page in sharded_site.rglob("*.html")
    )


@pytest.mark.slow
def test_a_search_finds_pages_of_every_shard(
    browser: object, sharded_url: str, site_url: str
) -> None:
    """The worker merges every shard's index: the shards find what one index finds.

    A shard without a word of the query offers the pages of its longest word
    that the query's word starts with ("E." for "Einollahi"); the worker leaves
    such pages out when others hold the word itself.
    """
    queries = (
        "Einollahi",
        "gym",
        "ClaimReview",
        "closing",
        "repairs",
        "Qoli Beig source:iswnews-32659",
    )
    for query in queries:
        found = []
        for url in (site_url, sharded_url):
            with guarded_page(browser, url) as page:
                found.append(sorted(_paths(_search(page, url, query))))
        whole, sharded = found
        assert 0 < len(whole) < 10, query
        assert sharded == whole, query


# -- What the build writes ------------------------------------------------------


def test_the_build_holds_a_pagefind_index_and_no_lunr_index(built_site: Path) -> None:
    stub = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    assert stub["docs"] == []
    assert stub["config"]["pagefind"]["fold"] == FOLD
    bundle = built_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["en"]
    assert not list(bundle.glob("pagefind-ui.*")), "Pagefind's own interface is not shipped"
    fragments = "".join(
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        for path in (bundle / "fragment").iterdir()
    )
    assert "Qoli Beig" in fragments
    assert "Einollahi" in fragments


def test_unquoted_text_of_a_quotes_only_source_reaches_no_file(built_site: Path) -> None:
    """Nowhere on the site: pages, exports, the search index (gzip-compressed) and the rest."""
    checked = 0
    for path in sorted(built_site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        for words in (b"promenade", b"forty boats", UNQUOTED.encode()):
            assert words not in data, f"{words!r} is in {path.relative_to(built_site)}"
        checked += 1
    assert checked > 100
    page = (built_site / AGENCY / "index.html").read_text("utf-8")
    assert "sank two fishing boats" in page


def test_every_page_points_material_at_the_worker(built_site: Path) -> None:
    workers = list((built_site / "assets/dossier-search").glob("worker.*.js"))
    assert len(workers) == 1
    for page in [*built_site.rglob("index.html"), built_site / "404.html"]:
        html = page.read_text("utf-8")
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
        assert config is not None, page
        search = json.loads(config.group(1))["search"]
        assert search.endswith(f"assets/dossier-search/{workers[0].name}"), page
        # 404.html may be served at any address, so its links are absolute.
        if page.name == "index.html":
            assert (page.parent / search).resolve() == workers[0].resolve(), page
            assert html.count("data-pagefind-body") == 1, page


def test_source_pages_carry_their_filters(built_site: Path) -> None:
    html = (built_site / SEED / "index.html").read_text("utf-8")
    for role, key, value in [
        ("filter", "dossier", "kerman-2024"),
        ("filter", "source", "iswnews-32659"),
        ("filter", "language", "en"),
        ("filter", "kind", "Iran-aligned"),
        ("meta", "dossier", "Kerman bombings, 3 January 2024"),
        ("meta", "source", "ISWNews"),
    ]:
        assert f'data-pagefind-{role}="{key}[data-value]" data-value="{value}"' in html


def test_pagefind_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    """Pagefind 1.5 orders filter values at random; the plugin sorts them."""
    kinds = ["state", "aligned", "independent", "wire", "tertiary", "opposition"]
    trees = []
    for run in range(3):
        site = tmp_path / f"run{run}"
        for number, kind in enumerate(kinds * 2):
            page = site / f"p{number}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(
                f'<html lang="en"><body><article data-pagefind-body><h1>Page {number}</h1>'
                f'<span data-pagefind-filter="kind[data-value]" data-value="{kind}"></span>'
                f'<span data-pagefind-filter="page[data-value]" data-value="{number}"></span>'
                "<p>words</p></article></body></html>",
                "utf-8",
            )
        run_pagefind(site, "pagefind", "en")
        bundle = site / "pagefind"
        trees.append(
            {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
        )
    assert trees[0] == trees[1] == trees[2]


@pytest.mark.slow
def test_a_failing_pagefind_fails_the_build(tmp_path: Path, monkeypatch: Any) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    result = run_dossier("build", cwd=project)
    assert result.returncode == 1
    assert "Pagefind failed (exit status 1)" in result.stderr
    assert not (project / "site").exists()


# -- Persian and Arabic ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("typed", "page_has"),
    [
        ("كرمان", "کرمان"),  # Arabic kaf typed, Persian keheh on the page
        ("پليس", "پلیس"),  # Arabic yeh typed, Farsi yeh on the page
        ("كودك", "کودک"),
        ("شهدای", "شـهدای"),  # the page has a tatweel
        ("مزار", "مَزار"),  # the page has a fatha
        ("الشیخ", "الشيخ"),  # Farsi yeh typed, Arabic yeh on the page
        ("الکتاب", "الكتاب"),  # keheh typed, Arabic kaf on the page
        ("1402", "۱۴۰۲"),  # Latin digits typed, Persian digits on the page
    ],
)
def test_persian_and_arabic_spellings_find_each_other(
    persian_page: Any, persian_url: str, typed: str, page_has: str
) -> None:
    assert normalise(typed) == normalise(page_has)
    results = _search(persian_page, persian_url, typed)
    assert PERSIAN in _paths(results), (typed, _paths(results))


@pytest.mark.slow
def test_persian_result_shows_dossier_and_source(
    persian_page: Any, persian_url: str, screenshots: Path
) -> None:
    results = _search(persian_page, persian_url, "كرمان")
    source = next(r for r in results if PERSIAN in r["href"])
    assert source["title"] == "دو انفجار در کرمان <b>"
    assert "Dossier: Persian sample" in source["text"]
    assert "Source: همشهری (Tehran municipality, fa)" in source["text"]
    assert "<mark>" in source["html"]
    persian_page.screenshot(path=screenshots / "search-persian.png")


@pytest.mark.slow
def test_language_filter_picks_the_persian_source(persian_page: Any, persian_url: str) -> None:
    assert PERSIAN in _paths(_search(persian_page, persian_url, "language:fa"))
    assert _paths(_search(persian_page, persian_url, "Kerman language:fa")) == []
    assert _paths(_search(persian_page, persian_url, "كرمان kind:tehran")) == [PERSIAN]
    assert _paths(_search(persian_page, persian_url, "كرمان dossier:kerman-2024")) == []


@pytest.mark.slow
def test_markup_in_results_stays_text(persian_page: Any, persian_url: str) -> None:
    for query in ("پررنگ", "onerror", "كرمان"):
        _search(persian_page, persian_url, query)
        result_list = persian_page.locator(".md-search-result__list")
        assert result_list.locator("img, b, script").count() == 0, query
    # A dialog opening would fail the test through the page fixture.


@pytest.mark.slow
def test_persian_page_carries_normalised_copies(persian_site: Path) -> None:
    html = (persian_site / PERSIAN / "index.html").read_text("utf-8")
    copies = re.findall(r"<span hidden data-dossier-search-copy> (.*?)</span>", html)
    assert any("شهدای" in copy and "1402" in copy and "۱۴۰۲" not in copy for copy in copies)
    assert any("الشیخ" in copy and "الکتاب" in copy for copy in copies)
    assert "<p>دو انفجار در کرمان</p>" in html, "Persian-only text needs no copy"


# -- Normalisation --------------------------------------------------------------


def test_normalise_folds_letters_marks_tatweel_and_digits() -> None:
    assert normalise("كرمان") == "کرمان"
    assert normalise("علي") == normalise("علی") == normalise("على") == "علی"
    assert normalise("شـهدا") == "شهدا"
    assert normalise("مَزارٌ") == "مزار"
    assert normalise("رحمٰن") == "رحمن"
    assert normalise("۸۴ و ٨٤") == "84 و 84"
    assert normalise("Kerman, 84") == "Kerman, 84"


def test_a_copy_is_made_only_where_letters_differ() -> None:
    assert normalised_copy("کرمان") is None
    assert normalised_copy("مَزار") is None, "Pagefind ignores harakat itself"
    assert normalised_copy("English only") is None
    assert normalised_copy("قال الشيخ") == "قال الشیخ"


def test_copies_go_inside_blocks_and_after_headings() -> None:
    fragment = (
        '<h2 id="x">الشيخ<a data-pagefind-ignore class="headerlink" href="#x">¶</a></h2>\n'
        "<p>قال <mark>الشيخ</mark><br>كتاب &amp; &lt;b&gt;</p>\n"
        "<ul><li>ok</li><li>ي</li></ul><p>plain</p>"
    )
    assert add_normalised_copies(fragment) == (
        '<h2 id="x">الشيخ<a data-pagefind-ignore class="headerlink" href="#x">¶</a></h2>'
        "<p hidden data-dossier-search-copy>الشیخ</p>\n"
        "<p>قال <mark>الشيخ</mark><br>كتاب &amp; &lt;b&gt;"
        "<span hidden data-dossier-search-copy> قال الشیخ کتاب &amp; &lt;b&gt;</span></p>\n"
        "<ul><li>ok</li><li>ي<span hidden data-dossier-search-copy> ی</span></li></ul>"
        "<p>plain</p>"
    )


def test_html_python_markdown_does_not_write_gets_its_copies_too() -> None:
    for odd in ("<!-- a comment -->", "<script>ي</script>", "1 < 2", "<a b=c/d>x</a>"):
        fragment = f"<p>{odd}قال الشيخ</p>"
        assert add_normalised_copies(fragment).endswith(
            "<span hidden data-dossier-search-copy> "
            f"{'1 &lt; 2' if odd == '1 < 2' else 'x' if 'x' in odd else ''}قال الشیخ</span></p>"
        )


def test_the_scanner_reads_every_article_of_the_site_as_html_parser_does(
    built_site: Path,
) -> None:
    articles = 0
    for page in built_site.rglob("*.html"):
        match = re.search(r"<article\b[^>]*>(.*)</article>", page.read_text("utf-8"), re.S)
        if match is None or "pagefind/" in page.as_posix():
            continue
        articles += 1
        fragment = match.group(1)
        planner = _CopyPlanner(fragment)
        _scan(fragment, planner)
        assert planner.close() == copies_by_html_parser(fragment), page
    assert articles > 50


def test_the_kind_of_outlet_drops_a_gloss() -> None:
    assert outlet_kind('Iran-aligned ("Islamic World News")') == "Iran-aligned"
    assert outlet_kind("tertiary, crowd-edited") == "tertiary, crowd-edited"
    assert outlet_kind("(unknown)") == "(unknown)"
    assert outlet_kind(None) is None
