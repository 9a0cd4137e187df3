"""Bring new material into a dossier: a new dossier folder, or a new source.

A source is stored verbatim: a plain-text file byte for byte, or the article
text that trafilatura extracts from a saved web page, with the page itself
kept beside it. Nothing existing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import http.client
import re
import urllib.error
import urllib.request
from dataclasses import astuple, dataclass, fields
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.diagnostics import Diagnostic, DossierError, Location
from generator.patterns import ID_PATTERN, ID_RULE, URL_PATTERN
from generator.read.seeds import DOSSIER_FILE, SOURCES_DIR, display_path
from generator.validate.annotations import source_text_problem

SCHEMA_LINE = "# yaml-language-server: $schema={path}\n"
"""Tells editors with the YAML language server which schema checks the file."""

DOSSIER_TEMPLATE = """\
{schema_line}# A dossier: what different sources said about one event.
# The format is documented in docs/guide/format.md; run `make check` after editing.

title: {title}            # required
summary: >-               # required: two to four neutral sentences
  What happened, in brief.
start: "{start}"          # required: the first day of the story, YYYY-MM-DD
# end: "YYYY-MM-DD"
tags: []                  # ids such as [iran, terrorism]
content_warnings: []      # e.g. [violence]: source texts are then folded

questions:                # what you ask of every source
  - id: killed
    wording: How many people were killed?
    kind: number          # number | time | place | choice | text
    unit: people          # numbers only
    key: true             # shown on the overview

events: []                # the event timeline: id, time, title, description, entities

entities: []              # people, organisations, places: id, name, kind, aliases
"""

SOURCE_TEMPLATE = """\
{schema_line}# A source. Its text, {text_name}, is kept verbatim: never edit it.
# Add claims below; `dossier quote {dossier} {source} "words"` prints a quote selector.

outlet: {outlet}
title: {title}
{author}url: {url}
language: {language}
published: {published}            # a time such as "2024-01-03T15:04+03:30", or unknown
retrieved: "{retrieved}"
sha256: {sha256}
claims: []
# claims:
#   - id: {source}-killed
#     question: killed
#     value: 84
#     quote:
#       exact: "words copied from the text"
"""


@dataclass(frozen=True)
class SourceDetails:
    """What is known about a new source before it is annotated."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    language: str | None = None
    published: str | None = None
    author: str | None = None

    def or_else(self, other: SourceDetails) -> SourceDetails:
        """These details, each missing one taken from ``other``."""
        return SourceDetails(
            *(mine or theirs for mine, theirs in zip(astuple(self), astuple(other), strict=True))
        )


REQUIRED_DETAILS = {
    "url": "the address it was read at",
    "outlet": "who published it",
    "title": "its headline",
    "language": "its language",
}
"""What a source's annotation needs (see ``schema.SOURCE``) and the stub cannot guess."""

FETCH_TIMEOUT_SECONDS = 30
MAX_PAGE_BYTES = 20_000_000
"""A fetched page larger than this is not an article."""


class FetchFailed(Exception):
    """A page could not be fetched; the text says why and what to do instead."""


FETCH_EXTRA_MISSING = (
    "reading web pages needs trafilatura, which is not installed: run "
    "pip install 'dossier-generator[fetch]' (in a checkout: make deps); "
    "a plain-text source (.txt) needs nothing more"
)
"""What ``add-source`` says when given a web page without the ``fetch`` extra."""


class FetchExtraMissing(Exception):
    """trafilatura, from the ``fetch`` extra, is needed and not installed."""


def _trafilatura() -> Any:
    """The trafilatura module, or ``FetchExtraMissing`` when the extra is not installed."""
    try:
        import trafilatura  # imported here: only web pages need it, and it loads slowly
    except ImportError:
        raise FetchExtraMissing(FETCH_EXTRA_MISSING) from None
    return trafilatura


def _refuse(path: Path, message: str) -> DossierError:
    return DossierError([Diagnostic(Location(display_path(path)), message)])


def _yaml_text(value: str) -> str:
    """A YAML double-quoted string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + " ".join(escaped.split()) + '"'


def new_dossier(seeds_dir: Path, slug: str, start: str) -> Path:
    """Create ``seeds/<slug>/`` with a commented ``dossier.yml``; refuse an existing one."""
    folder = seeds_dir / slug
    if not ID_PATTERN.fullmatch(slug):
        raise _refuse(folder, f"{slug!r} is not an id ({ID_RULE})")
    if folder.exists():
        raise _refuse(folder, "this dossier already exists; choose another name")
    (folder / SOURCES_DIR).mkdir(parents=True)
    path = folder / DOSSIER_FILE
    path.write_text(
        DOSSIER_TEMPLATE.format(
            schema_line=SCHEMA_LINE.format(path="../../schemas/dossier.schema.json"),
            title=_yaml_text(slug.replace("-", " ").capitalize()),
            start=start,
        ),
        "utf-8",
    )
    return path


def add_source(
    dossier_dir: Path, original: Path, source_id: str | None, details: SourceDetails, retrieved: str
) -> Path:
    """Store a source's text verbatim and write an annotation stub; return the stub's path.

    A saved web page (``.html``/``.htm``) is kept as ``<id>.html`` and its article
    text, as trafilatura extracts it, becomes ``<id>.txt``; any other file is
    the text itself, copied byte for byte, and needs no ``fetch`` extra.
    """
    html = original.suffix.lower() in (".html", ".htm")
    if html:
        _trafilatura()
    return _store(
        dossier_dir,
        source_id or _id_from_name(original.stem),
        original.read_bytes(),
        html=html,
        charset="utf-8",
        details=details,
        retrieved=retrieved,
        shown=original,
    )


def add_source_from_url(
    dossier_dir: Path, url: str, source_id: str | None, details: SourceDetails, retrieved: str
) -> Path:
    """Fetch the page at ``url``, then store it as ``add_source`` stores a saved page.

    Raises ``FetchFailed`` when the page cannot be had, such as without a network,
    and ``FetchExtraMissing`` (before any fetch) without trafilatura.
    """
    _trafilatura()
    data, content_type, charset = _fetch(url)
    return _store(
        dossier_dir,
        source_id or _id_from_url(url),
        data,
        html=content_type != "text/plain",
        charset=charset or "utf-8",
        details=details.or_else(SourceDetails(url=url)),
        retrieved=retrieved,
        shown=dossier_dir,
    )


def _store(
    dossier_dir: Path,
    ident: str,
    data: bytes,
    *,
    html: bool,
    charset: str,
    details: SourceDetails,
    retrieved: str,
    shown: Path,
) -> Path:
    """Check everything, then write the text, the page when there is one, and the stub.

    ``shown`` is what errors name: the file given, or the dossier for a fetched page.
    Nothing is written unless the stub would pass ``dossier check`` (but for claims).
    """
    if not (dossier_dir / DOSSIER_FILE).is_file():
        raise _refuse(dossier_dir, "no dossier here; create it first with 'dossier new'")
    sources = dossier_dir / SOURCES_DIR
    if not ID_PATTERN.fullmatch(ident):
        raise _refuse(shown, f"{ident!r} is not an id ({ID_RULE}); give one with --id")
    existing = [
        p for p in (sources / f"{ident}.{ext}" for ext in ("yml", "txt", "html")) if p.exists()
    ]
    if existing:
        raise _refuse(existing[0], "this source already exists; it is never overwritten")
    text = data
    if html:
        extracted, found = _extract(data.decode(charset, errors="replace"), shown)
        details = details.or_else(found)
        text = extracted.encode("utf-8")
    problems = [
        f"the {'page' if html else '.txt file'} does not say {what}; give it with --{key}"
        for key, what in REQUIRED_DETAILS.items()
        if getattr(details, key) is None
    ]
    if problems:
        raise DossierError([Diagnostic(Location(display_path(shown)), m) for m in problems])
    sources.mkdir(exist_ok=True)
    if html:
        (sources / f"{ident}.html").write_bytes(data)
    (sources / f"{ident}.txt").write_bytes(text)
    stub = sources / f"{ident}.yml"
    assert details.outlet and details.title and details.url and details.language
    stub.write_text(
        SOURCE_TEMPLATE.format(
            schema_line=SCHEMA_LINE.format(path="../../../schemas/source.schema.json"),
            text_name=f"{ident}.txt",
            dossier=dossier_dir.name,
            source=ident,
            outlet=_yaml_text(details.outlet),
            title=_yaml_text(details.title),
            author=f"author: {_yaml_text(details.author)}\n" if details.author else "",
            url=_yaml_text(details.url),
            language=details.language,
            published=_yaml_text(details.published) if details.published else "unknown",
            retrieved=retrieved,
            sha256=hashlib.sha256(text).hexdigest(),
        ),
        "utf-8",
    )
    return stub


def _id_from_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "source"


def _id_from_url(url: str) -> str:
    """The last part of the address's path, without an extension, else its host."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    return _id_from_name(segments[-1].rsplit(".", 1)[0] if segments else parts.hostname or "")


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address, never to ftp or a file."""

    def redirect_request(self, req: Any, fp: Any, code: int, *rest: Any) -> Any:
        _message, headers, new_url = rest
        if not URL_PATTERN.fullmatch(new_url):
            reason = "redirected to an address that is not http(s)"
            raise urllib.error.HTTPError(new_url, code, reason, headers, fp)
        return super().redirect_request(req, fp, code, *rest)


def _fetch(url: str) -> tuple[bytes, str, str | None]:
    """The bytes, content type and charset of the page at ``url``."""
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": "dossier-generator add-source"})
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            data = response.read(MAX_PAGE_BYTES + 1)
            content_type = response.headers.get_content_type()
            charset = response.headers.get_content_charset()
    except (OSError, http.client.HTTPException, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchFailed(
            f"cannot fetch {url} ({reason}); where there is no network, save the page in a "
            'browser ("Save page as", HTML only) and give the saved file instead, with --url'
        ) from None
    if len(data) > MAX_PAGE_BYTES:
        raise FetchFailed(f"{url} is over {MAX_PAGE_BYTES:,} bytes: not an article page")
    return data, content_type, charset


def _extract(page: str, original: Path) -> tuple[str, SourceDetails]:
    """The article text and metadata of a web page, by trafilatura and the page's head."""
    text = _trafilatura().extract(page, include_comments=False, include_tables=False)
    if not text:
        raise _refuse(original, "no article text could be extracted; save the text as .txt")
    return text.rstrip("\n") + "\n", page_details(page)


def page_details(page: str) -> SourceDetails:
    """Outlet, title, author, address, date and language as a web page gives them.

    trafilatura reads most of them; the page's own head adds what it misses: the
    outlet named in the title ("Headline | Outlet"), a publication time with its
    UTC offset, the declared language. A value the check would refuse is left out.
    """
    trafilatura = _trafilatura()
    head = _Head()
    head.feed(page)
    metadata = trafilatura.extract_metadata(page)
    title = (metadata.title if metadata else None) or head.meta.get("og:title")
    outlet = (metadata.sitename if metadata else None) or head.meta.get("og:site_name")
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(head.title) if part.strip()]
    if len(parts) > 1:
        title = title or parts[0]
        outlet = outlet or next((part for part in reversed(parts) if part != title), None)
    published = _published(head.meta) or (metadata.date if metadata else None)
    found = SourceDetails(
        url=(metadata.url if metadata else None) or head.meta.get("og:url"),
        outlet=outlet,
        title=title or head.title.strip() or None,
        language=_language(head),
        published=published,
        author=metadata.author if metadata else None,
    )
    return SourceDetails(
        *(
            value if value is None or source_text_problem(key, value) is None else None
            for key, value in zip(SOURCE_DETAIL_KEYS, astuple(found), strict=True)
        )
    )


SOURCE_DETAIL_KEYS = tuple(field.name for field in fields(SourceDetails))

_TITLE_SEPARATOR = re.compile(r"\s+[|–—·:-]{1,2}\s+")
"""What stands between a headline and the outlet's name in a page title."""

_ISO_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
)

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "date")


def _published(meta: dict[str, str]) -> str | None:
    """The first publication time the page's metadata gives, as the format writes it:
    to the minute with its UTC offset, or to the day when the page gives no offset."""
    for name in _PUBLISHED_META:
        match = _ISO_TIME.match(meta.get(name, "").strip())
        if match is None:
            continue
        day, clock, offset = match.groups()
        if clock is None or offset is None:
            return day
        if offset != "Z" and ":" not in offset:
            offset = f"{offset[:3]}:{offset[3:]}"
        return f"{day}T{clock}{offset}"
    return None


def _language(head: _Head) -> str | None:
    declared = head.language or head.meta.get("content-language") or head.meta.get("og:locale")
    return declared.strip().replace("_", "-").lower() if declared else None


class _Head(HTMLParser):
    """The language, title and meta tags of a page, by their name or property (lowercase)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.language: str | None = None
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html" and self.language is None:
            self.language = values.get("lang") or None
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop")
            key = key or values.get("http-equiv")
            if key and "content" in values:
                self.meta.setdefault(key.lower(), values["content"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
