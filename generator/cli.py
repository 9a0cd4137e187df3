"""The ``dossier`` command line: check the seeds, generate pages, build the site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.build import generate_site_files, load_project
from generator.diagnostics import DossierError
from generator.model import Project
from generator.publish import BuildFailed, build_site

EXIT_OK = 0
EXIT_INVALID = 1
"""The input is invalid (``check``), or the build failed (``build``)."""
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Turn annotated source articles into a research dossier website.",
        epilog="Exit status: 0 success, 1 invalid input or failed build, 2 wrong usage.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument(
            "--seeds",
            type=Path,
            default=Path("seeds"),
            help="the folder with one sub-folder per dossier (default: seeds)",
        )
        return command

    add("check", "Validate every dossier and report all problems as path:line:col.")
    generate = add("generate", "Write the generated Markdown pages and exports to a folder.")
    generate.add_argument("out", type=Path, help="the folder to write to (created if needed)")
    build = add("build", "Validate, then build the site with MkDocs and swap it in whole.")
    build.add_argument(
        "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml"
    )
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="default: site")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        project = load_project(args.seeds)
    except DossierError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_INVALID
    print(_summary(project), file=sys.stderr)
    if args.command == "generate":
        _write(project, args.out)
    elif args.command == "build":
        print(f"building the site into {args.site_dir}/ ...", file=sys.stderr)
        try:
            build_site(args.config_file, args.site_dir)
        except BuildFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_INVALID
        print(f"site ready in {args.site_dir}/", file=sys.stderr)
    return EXIT_OK


def _summary(project: Project) -> str:
    sources = sum(len(d.sources) for d in project.dossiers)
    claims = sum(len(d.claims) for d in project.dossiers)
    count = len(project.dossiers)
    return (
        f"checked {count} dossier{'s' if count != 1 else ''}, {sources} sources, "
        f"{claims} claims: no errors"
    )


def _write(project: Project, out: Path) -> None:
    files = generate_site_files(project)
    for generated in files:
        target = out / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.content, encoding="utf-8")
    print(f"wrote {len(files)} files to {out}/", file=sys.stderr)
