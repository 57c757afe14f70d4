"""The command line behind ``build.py``: parse arguments, call the package, return an exit code."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import pipeline
from .diagnostics import format_json, format_text
from .project import Project
from .serve import serve

COMMANDS = ("build", "check", "serve")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py",
        description="Build accessible, multilingual patient leaflets from content/ and locales/.",
        epilog="With no command, 'build' runs.",
    )
    p.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                   help="project folder (default: the one holding build.py)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build every leaflet, in every ready language and format, into site/")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: site/ in the project)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")

    c = sub.add_parser("check", help="validate content and catalogues; write nothing")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    s = sub.add_parser("serve", help="preview the site on 127.0.0.1, rebuilding when content, catalogues or templates change")
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(a in COMMANDS for a in argv) and not any(a in ("-h", "--help") for a in argv):
        argv = _insert_command(argv, "build")
    args = parser().parse_args(argv)
    project = Project.at(args.root)
    if args.command == "check":
        result = pipeline.check(project)
        print(format_json(result.diagnostics) if args.format == "json" else format_text(result.diagnostics))
        return 1 if result.diagnostics.failed(args.strict) else 0
    if args.command == "serve":
        return serve(project, port=args.port)
    out = args.out or project.root / "site"
    result = pipeline.build(project, out, strict=args.strict)
    if result.diagnostics:
        print(format_text(result.diagnostics), file=sys.stderr)
    if not result.published:
        print(f"build failed: nothing was published; {out} is unchanged", file=sys.stderr)
        return 1
    print(f"built {len(result.outputs)} file(s) into {out}")
    return 0


def _insert_command(argv: list[str], command: str) -> list[str]:
    """Put the default command after the global options (``--root DIR``)."""
    if argv[:1] == ["--root"]:
        return argv[:2] + [command] + argv[2:]
    return [command] + argv
