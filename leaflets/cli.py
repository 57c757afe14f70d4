"""The command line behind ``build.py``: parse arguments, call the package, return an exit code."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import check as checks
from . import audio, i18n, pipeline, report, scaffold
from .diagnostics import format_text
from .project import Project
from .write import OutputCache
from .serve import serve

COMMANDS = ("build", "check", "report", "new", "i18n", "serve", "audio")


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
    b.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes for PDFs (default: the number of cores)")
    b.add_argument("--clean", action="store_true",
                   help="rebuild everything: forget the outputs kept in .cache/ from earlier builds")

    c = sub.add_parser("check", help="validate content and catalogues; write nothing")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    r = sub.add_parser("report", help="write the team's dashboard page to site/_report/index.html")
    r.add_argument("--out", type=Path, default=None, help="site folder to write _report/ into (default: site/)")

    n = sub.add_parser("new", help="start a new leaflet: content/ID/ with every file, placeholders marked TODO")
    n.add_argument("id", help="the new leaflet's id: lower-case letters, digits and hyphens (e.g. knee-x-ray)")
    i18n.add_parser(sub)
    a = sub.add_parser("audio", help="recordings: 'audio stamp' ties a recording to the text it reads")
    a_sub = a.add_subparsers(dest="audio_command", metavar="ACTION", required=True)
    st = a_sub.add_parser("stamp", help="record that content/LEAFLET/audio/LANG/SECTION.* reads the section as shown now")
    st.add_argument("leaflet", help="the leaflet's id (e.g. hsg)")
    st.add_argument("lang", help="the language, as in leaflet.yml (e.g. en, pl)")
    st.add_argument("section", help="the section's id (e.g. preparation)")
    s = sub.add_parser("serve", help="preview the site on 127.0.0.1, rebuilding when content, catalogues or templates change")
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(a in COMMANDS for a in argv) and not any(a in ("-h", "--help") for a in argv):
        argv = _insert_command(argv, "build")
    args = parser().parse_args(argv)
    project = Project.at(args.root)
    if args.command == "i18n":
        return i18n.run(project, args)
    if args.command == "check":
        result = pipeline.check(project)
        show = checks.format_json if args.format == "json" else checks.format_text
        print(show(result.diagnostics, result.summaries, project, strict=args.strict))
        return 1 if result.diagnostics.failed(args.strict) else 0
    if args.command == "report":
        result = pipeline.check(project)
        return report.command(project, result.summaries, result.diagnostics, args.out or project.root / "site")
    if args.command == "new":
        return scaffold.command(project, args.id)
    if args.command == "audio":
        diags = pipeline.Diagnostics()
        leaflets = pipeline.gather(project, diags)
        if diags.errors:
            print(format_text(diags.errors))
        return audio.stamp_command(project, leaflets, args.leaflet, args.lang, args.section)
    if args.command == "serve":
        return serve(project, port=args.port)
    out = args.out or project.root / "site"
    started = time.monotonic()
    cache = project.root / pipeline.CACHE
    if args.clean:
        OutputCache(cache).clear()
    progress = Progress(sys.stderr) if sys.stderr.isatty() else None
    options = pipeline.Options(strict=args.strict, jobs=max(1, args.jobs), cache=cache, progress=progress)
    result = pipeline.build(project, out, options=options)
    if progress:
        progress.done()
    if result.diagnostics:
        print(format_text(result.diagnostics), file=sys.stderr)
    print(summary(result, time.monotonic() - started), file=sys.stderr)
    if not result.published:
        print(f"build failed: nothing was published; {out} is unchanged", file=sys.stderr)
        return 1
    print(f"built {len(result.outputs)} file(s) into {out}")
    # Errors that only held back one language (a translation failing the safety check).
    return 1 if result.diagnostics.errors else 0


def summary(result: pipeline.Result, seconds: float) -> str:
    c = result.counts
    return (f"leaflet x language: {c.get('built', 0)} built, {c.get('reused', 0)} reused, "
            f"{c.get('held_back', 0)} held back; {c.get('failed', 0)} output(s) failed; {seconds:.1f} s")


class Progress:
    """A one-line progress bar on a terminal: ``PDFs [#####     ] 12/40``."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.shown = False

    def __call__(self, kind: str, done: int, total: int) -> None:
        if not total:
            return
        filled = self.WIDTH * done // total
        self.stream.write(f"\r{kind} [{'#' * filled}{' ' * (self.WIDTH - filled)}] {done}/{total}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _insert_command(argv: list[str], command: str) -> list[str]:
    """Put the default command after the global options (``--root DIR``)."""
    if argv[:1] == ["--root"]:
        return argv[:2] + [command] + argv[2:]
    return [command] + argv
