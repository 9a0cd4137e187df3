"""The ``dossier`` command line: a thin shell over the generator.

Commands that read the seeds report every problem at once, one per line, in
the format chosen with ``--format``; exit status 0 means success, 1 invalid
input or a failed build, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from generator.diagnostics import Diagnostic, DossierError
from generator.domain.anchor import find_quote, line_of, nearest_passage, unique_selector
from generator.domain.model import Project, Quote
from generator.ingest import (
    FetchExtraMissing,
    FetchFailed,
    SourceDetails,
    add_source,
    add_source_from_url,
    new_dossier,
)
from generator.parallel.workers import start_generation
from generator.patterns import ID_PATTERN, ID_RULE, URL_PATTERN
from generator.pipeline import Repository, load_project
from generator.read.seeds import SOURCES_DIR, display_path
from generator.site.preview import serve_site
from generator.site.publish import BuildFailed, build_site
from generator.validate import schema
from generator.validate.annotations import source_text_problem

EXIT_OK = 0
EXIT_INVALID = 1
"""The input is invalid, a quote is not found once, or the build failed."""
EXIT_USAGE = 2

FORMATS = ("text", "github", "json")


def format_diagnostics(diagnostics: Sequence[Diagnostic], style: str) -> str:
    """Problems as compiler lines (``text``), GitHub Actions annotations, or JSON."""
    diagnostics = [_printable_path(d) for d in diagnostics]
    if style == "json":
        return json.dumps(
            {
                "errors": [
                    {
                        "path": d.location.path,
                        "line": d.location.line,
                        "column": d.location.column,
                        "message": d.message,
                    }
                    for d in diagnostics
                ]
            },
            indent=2,
            ensure_ascii=False,
        )
    if style == "github":
        return "\n".join(
            f"::error file={_github_property(d.location.path)},line={d.location.line},"
            f"col={d.location.column}::{_github_data(d.message)}"
            for d in diagnostics
        )
    return DossierError(list(diagnostics)).report()


def _printable_path(diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic with the characters of its path that cannot be shown written as
    Python escapes (``\\x1b``, ``\\udcff``): a file name is a stranger's text, and its ESC
    would reach a terminal or a CI log raw, to recolour or overwrite the lines shown; a
    byte that is not UTF-8 (a lone surrogate) would fail the printing itself."""
    path = diagnostic.location.path
    if path.isprintable():
        return diagnostic
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in path)
    return Diagnostic(replace(diagnostic.location, path=shown), diagnostic.message)


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (``escapeData``):
    a line break in it would end the command and start another, such as
    ``::add-mask::`` or ``::stop-commands::``, from a stranger's file name."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): a comma would end
    the value and let the rest set ``line=`` or ``col=``, a colon end the properties."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Turn annotated source articles into a research dossier website.",
        epilog="Exit status: 0 success, 1 invalid input or failed build, 2 wrong usage.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--seeds",
        type=Path,
        default=Path("seeds"),
        help="the folder with one sub-folder per dossier (default: seeds)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, description=help_text, parents=[common])

    check = add("check", "Validate every dossier and report all problems at once.")
    check.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    generate = add("generate", "Write the generated Markdown pages and exports to a folder.")
    generate.add_argument("out", type=Path, help="the folder to write to (created if needed)")
    generate.add_argument(
        "--site-url",
        help="the site's address, for full addresses in citations and exports "
        "(as site_url in mkdocs.yml)",
    )
    generate.add_argument(
        "--repo-url",
        help="the repository the seeds are published in, to link each dossier's data "
        "(as repo_url in mkdocs.yml; --seeds is then the seeds folder's path in it)",
    )
    generate.add_argument(
        "--concurrency",
        type=_concurrency,
        help="how many processes render the pages (default: one per processor)",
    )
    build = add("build", "Validate, then build the site with MkDocs and swap it in whole.")
    build.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    build.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="convert every page afresh, neither reading nor filling the build cache",
    )
    preview = add("preview", "Serve the built site on this machine, as a browser must read it.")
    preview.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    preview.add_argument("--port", type=int, default=8000, help="default: 8000 (0: any free)")
    new = add("new", "Create a dossier folder with a commented dossier.yml.")
    new.add_argument("slug", help="the dossier's id, such as kerman-2024")
    new.add_argument("--start", default=None, help="its first day, YYYY-MM-DD (default: today)")
    source = add("add-source", "Store a source verbatim and write its annotation stub.")
    source.add_argument("dossier", help="the dossier's id")
    source.add_argument(
        "file", help="a .txt file, a web page saved as .html, or the page's http(s) address"
    )
    source.add_argument(
        "--id", dest="source_id", type=_source_id, help="the source's id (default: file name)"
    )
    for key, help_text in (
        ("url", "the address the source was read at (default: the page's own)"),
        ("outlet", "who published it (default: the page's site name)"),
        ("title", "its headline (default: the page's title)"),
        ("author", "who wrote it (default: the page's author)"),
        ("language", "a language tag such as en, fa or ar (default: the page's)"),
        ("published", "when it was published, as a time, or unknown (default: the page's)"),
        ("retrieved", "when it was read, YYYY-MM-DD (default: today)"),
    ):
        source.add_argument(f"--{key}", type=_checked(key), help=help_text)
    quote = add("quote", "Find words in a source and print a quote selector for them.")
    quote.add_argument("dossier", help="the dossier's id")
    quote.add_argument("source", help="the source's id")
    quote.add_argument("words", help="the exact words to quote")
    schemas = add("schema", "Write the JSON Schemas of the annotation files to a folder.")
    schemas.add_argument("out", type=Path, help="the folder to write to (created if needed)")
    return parser


def _checked(key: str) -> Callable[[str], str]:
    """An option's value, refused at once, as ``dossier check`` would refuse it in the stub."""

    def check(value: str) -> str:
        problem = source_text_problem(key, value)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem)
        return value

    return check


def _concurrency(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes, 1 or more")
    return int(value)


def _source_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an id ({ID_RULE})")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "check": _check,
        "generate": _generate,
        "build": _build,
        "preview": _preview,
        "new": _new,
        "add-source": _add_source,
        "quote": _quote,
        "schema": _schema,
    }
    try:
        return handlers[args.command](args)
    except DossierError as exc:
        style = getattr(args, "format", "text")
        print(format_diagnostics(exc.diagnostics, style), file=sys.stderr)
        return EXIT_INVALID


def _load(args: argparse.Namespace) -> Project:
    project = load_project(args.seeds)
    print(_project_summary(project), file=sys.stderr)
    return project


def _check(args: argparse.Namespace) -> int:
    try:
        project = load_project(args.seeds)
    except DossierError as exc:
        output = format_diagnostics(exc.diagnostics, args.format)
        print(output, file=sys.stdout if args.format == "json" else sys.stderr)
        return EXIT_INVALID
    # The other formats list problems for machines; how much is folded is for a person.
    if args.format == "text":
        for line in _folding_report(args.seeds, project):
            print(line, file=sys.stderr)
    print(_project_summary(project), file=sys.stderr)
    if args.format == "json":
        print(format_diagnostics([], "json"))
    return EXIT_OK


def _folding_report(seeds: Path, project: Project) -> list[str]:
    """A line for each text that boilerplate folds part of, saying how much: furniture
    that takes more of a text than expected shows at once, before a reader sees it."""
    lines = []
    for dossier in project.dossiers:
        for source in dossier.sources:
            if source.text is None or not source.folded:
                continue
            folded = sum(block.end - block.start for block in source.folded)
            share = folded / len(source.text)
            shown = "under 1%" if share < 0.01 else f"{share:.0%}"
            path = display_path(seeds / dossier.id / SOURCES_DIR / f"{source.id}.txt")
            lines.append(
                f"{path}: boilerplate folds {shown} of the text "
                f"({folded:,} of {len(source.text):,} characters)"
            )
    return lines


def _generate(args: argparse.Namespace) -> int:
    repository = None
    if args.repo_url:
        if args.seeds.is_absolute():
            print(
                "error: with --repo-url, give --seeds as the seeds folder's path "
                "from the repository's root, such as seeds",
                file=sys.stderr,
            )
            return EXIT_USAGE
        repository = Repository(args.repo_url, args.seeds.as_posix())
    try:
        # What the MkDocs plugin writes for the same options (see generator.parallel.workers).
        generation = start_generation(
            args.seeds,
            args.out,
            repository=repository,
            site_url=args.site_url or None,
            concurrency=args.concurrency,
        )
        generation.finish()
    except RuntimeError as exc:  # a process rendering the pages failed
        print(f"error: generating the pages failed: {exc}", file=sys.stderr)
        return EXIT_INVALID
    outline = generation.outline
    sources = sum(len(dossier.sources) for dossier in outline)
    claims = sum(dossier.claim_count for dossier in outline)
    print(_summary(len(outline), sources, claims), file=sys.stderr)
    print(f"wrote {len(generation.paths)} files to {args.out}/", file=sys.stderr)
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    _load(args)
    print(f"building the site into {args.site_dir}/ ...", file=sys.stderr)
    try:
        build_site(args.config_file, args.site_dir, cache=args.cache)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    print(f"site ready in {args.site_dir}/", file=sys.stderr)
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    if not (args.site_dir / "index.html").is_file():
        print(
            f"error: {args.site_dir}/ holds no built site; build it first with `make site`",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        with serve_site(args.site_dir, args.port) as url:
            print(
                f"serving {args.site_dir}/ at {url} (Ctrl-C to stop)", file=sys.stderr, flush=True
            )
            threading.Event().wait()
    except OSError as exc:
        print(
            f"error: cannot listen on port {args.port}: {exc.strerror}; pick another with --port",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    path = new_dossier(args.seeds, args.slug, args.start or date.today().isoformat())
    print(f"created {path}; add sources with: dossier add-source {args.slug} FILE", file=sys.stderr)
    return EXIT_OK


def _add_source(args: argparse.Namespace) -> int:
    details = SourceDetails(
        url=args.url,
        outlet=args.outlet,
        title=args.title,
        language=args.language,
        published=args.published,
        author=args.author,
    )
    retrieved = args.retrieved or date.today().isoformat()
    folder = args.seeds / args.dossier
    try:
        if URL_PATTERN.fullmatch(args.file):
            stub = add_source_from_url(folder, args.file, args.source_id, details, retrieved)
        else:
            stub = add_source(folder, Path(args.file), args.source_id, details, retrieved)
    except FetchExtraMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FetchFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"stored the text and wrote {stub}; check its details, add claims", file=sys.stderr)
    return EXIT_OK


def _quote(args: argparse.Namespace) -> int:
    text_path = args.seeds / args.dossier / SOURCES_DIR / f"{args.source}.txt"
    if not text_path.is_file():
        print(f"error: {text_path} does not exist (citation-only source?)", file=sys.stderr)
        return EXIT_INVALID
    text = text_path.read_text("utf-8")
    spans = find_quote(text, Quote(args.words))
    if not spans:
        print(f"the words are not in {text_path}", file=sys.stderr)
        nearest = nearest_passage(text, args.words)
        if nearest is not None:
            span, ratio = nearest
            print(
                f"nearest passage ({ratio:.0%} alike, line {line_of(text, span.start)}): "
                f"{text[span.start : span.end]!r}",
                file=sys.stderr,
            )
        return EXIT_INVALID
    if len(spans) == 1:
        print(f"the words occur once, at line {line_of(text, spans[0].start)}:", file=sys.stderr)
    else:
        print(f"the words occur {len(spans)} times; pick one selector:", file=sys.stderr)
    for span in spans:
        if len(spans) > 1:
            print(f"# line {line_of(text, span.start)}")
        print(_selector_yaml(unique_selector(text, span)))
    return EXIT_OK


def _selector_yaml(quote: Quote) -> str:
    lines = ["quote:", f"  exact: {json.dumps(quote.exact, ensure_ascii=False)}"]
    if quote.prefix:
        lines.append(f"  prefix: {json.dumps(quote.prefix, ensure_ascii=False)}")
    if quote.suffix:
        lines.append(f"  suffix: {json.dumps(quote.suffix, ensure_ascii=False)}")
    return "\n".join(lines)


def _schema(args: argparse.Namespace) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for record in ("dossier", "source"):
        (args.out / f"{record}.schema.json").write_text(schema.json_schema(record), "utf-8")
    print(f"wrote dossier.schema.json and source.schema.json to {args.out}/", file=sys.stderr)
    return EXIT_OK


def _project_summary(project: Project) -> str:
    sources = sum(len(d.sources) for d in project.dossiers)
    claims = sum(len(d.claims) for d in project.dossiers)
    return _summary(len(project.dossiers), sources, claims)


def _summary(count: int, sources: int, claims: int) -> str:
    """The line that ends a run which found no problem."""
    return (
        f"checked {count} dossier{'s' if count != 1 else ''}, {sources} sources, "
        f"{claims} claims: no errors"
    )
