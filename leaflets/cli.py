"""The command line behind ``build.py``: parse arguments, call the package, return an exit code."""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time
from pathlib import Path

from . import __version__, executors

# Each command imports what it needs when it runs (Babel, Jinja2, pydantic, WeasyPrint, MkDocs...),
# so that ``--help``, and a build or check with nothing to do (``uptodate``), start in a blink.

COMMANDS = ("build", "check", "report", "new", "import", "i18n", "serve", "audio")


GLOBAL_DEFAULTS = {"root": Path(__file__).resolve().parent.parent, "strict": False, "out": None,
                   "jobs": os.cpu_count() or 1, "report": None,
                   "executor": None, "executor_timeout": executors.CONNECT_TIMEOUT}


def seconds(text: str) -> float:
    """A positive number of seconds, for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text!r}")
    return value


def global_options(defaults: bool) -> argparse.ArgumentParser:
    """The options every command takes, before or after its name. On the commands they default to
    nothing, so a value given before the command stays unless the same option follows it."""
    g = argparse.ArgumentParser(add_help=False)
    d = (lambda name: GLOBAL_DEFAULTS[name]) if defaults else (lambda name: argparse.SUPPRESS)
    g.add_argument("--root", type=Path, default=d("root"), help="project folder (default: the one holding build.py)")
    g.add_argument("--strict", action="store_true", default=d("strict"), help="treat warnings as errors")
    g.add_argument("--out", type=Path, default=d("out"), help="the site folder (default: site/ in the project)")
    g.add_argument("--jobs", type=int, default=d("jobs"), metavar="N",
                   help="worker processes (default: the number of cores)")
    g.add_argument("--executor", default=d("executor"), metavar="dask://HOST:PORT",
                   help="render on a running Dask cluster instead of this machine's worker processes")
    g.add_argument("--executor-timeout", type=seconds, default=d("executor_timeout"), metavar="SECONDS",
                   help="how long to wait for the --executor's scheduler to answer "
                        f"(default: {executors.CONNECT_TIMEOUT:g})")
    g.add_argument("--report", type=Path, default=d("report"), metavar="DIR",
                   help="folder for the team's dashboard, never inside the site (default: site-report/ beside it)")
    return g


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py",
        description="Build accessible, multilingual patient leaflets from content/ and locales/.",
        epilog="With no command, 'build' runs. Global options work before or after the command.",
        parents=[global_options(defaults=True)],
    )
    p.add_argument("--version", action="version", version=f"%(prog)s (leaflets {__version__})")
    common = [global_options(defaults=False)]
    sub = p.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    add = sub.add_parser
    sub.add_parser = lambda name, **kw: add(name, parents=common, **kw)  # every command takes the globals

    b = sub.add_parser("build", help="build every leaflet, in every ready language and format, into site/")
    b.add_argument("--clean", action="store_true",
                   help="rebuild everything: forget the outputs kept in .cache/ from earlier builds")
    b.add_argument("--no-archive", action="store_true",
                   help="do not record this build's files of each current version in archive/")

    c = sub.add_parser("check", help="validate content and catalogues; write no output")
    c.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    sub.add_parser("report", help="write the team's dashboard page to site-report/index.html, beside the site")

    n = sub.add_parser("new", help="start a new leaflet: content/ID/ with every file, placeholders marked TODO")
    n.add_argument("id", help="the new leaflet's id: lower-case letters, digits and hyphens (e.g. knee-x-ray)")
    m = sub.add_parser("import", help="start a leaflet from a Word (.docx), web page (.html) or Markdown (.md) file")
    m.add_argument("file", type=Path, help="the document to import")
    m.add_argument("--id", default=None, help="the new leaflet's id (default: from the file name)")
    add_i18n(sub.add_parser)
    a = sub.add_parser("audio", help="recordings: 'audio stamp' ties a recording to the text it reads")
    a_sub = a.add_subparsers(dest="audio_command", metavar="ACTION", required=True)
    st = a_sub.add_parser("stamp", help="record that content/LEAFLET/audio/LANG/SECTION.* reads the section as shown now")
    st.add_argument("leaflet", help="the leaflet's id (e.g. hsg)")
    st.add_argument("lang", help="the language, as in leaflet.yml (e.g. en, pl)")
    st.add_argument("section", help="the section's id (e.g. preparation)")
    s = sub.add_parser("serve", help="preview the site on 127.0.0.1, rebuilding when content, catalogues or templates change")
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    return p


def add_i18n(add) -> None:
    """The ``i18n`` command, run by :func:`leaflets.i18n.run`; its actions take the globals too."""
    p = add("i18n", help="translation catalogues: extract, init LANG, update, status")
    common = [global_options(defaults=False)]
    i18n_sub = p.add_subparsers(dest="i18n_command", metavar="ACTION", required=True)
    add_action = i18n_sub.add_parser
    i18n_sub.add_parser = lambda name, **kw: add_action(name, parents=common, **kw)
    i18n_sub.add_parser("extract", help="write locales/<leaflet>.pot and locales/ui.pot from content/ and templates/")
    init = i18n_sub.add_parser("init", help="start the catalogues of a new language")
    init.add_argument("lang", help="BCP 47 language tag, e.g. pl, ar, zh-Hans")
    init.add_argument("--add", action="store_true", help="also add LANG to languages: in every leaflet.yml")
    i18n_sub.add_parser("update", help="extract, then merge the templates into every catalogue")
    status = i18n_sub.add_parser("status", help="how complete and safe each translation is, and whether it publishes")
    status.add_argument("--json", action="store_true", help="machine-readable output")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(a in COMMANDS for a in argv) and not any(a in ("-h", "--help", "--version") for a in argv):
        argv = ["build", *argv]  # the default command; every option works after it
    args = parser().parse_args(argv)
    if args.command in ("build", "check"):
        return up_to_date(args)
    from .diagnostics import format_text
    from .project import Project

    project = Project.at(args.root)
    settings_errors = [d for d in project.problems if d.severity == "error"]
    if settings_errors:  # build and check report them with the rest
        print(format_text(settings_errors), file=sys.stderr)
        return 1
    if args.command == "i18n":
        from . import i18n

        return i18n.run(project, args)
    if args.command == "report":
        from . import pipeline, report

        result = pipeline.check(project)
        return report.command(project, result.summaries, result.diagnostics, args.report,
                              args.out or project.root / "site")
    if args.command == "new":
        from . import scaffold

        return scaffold.command(project, args.id)
    if args.command == "import":
        from . import importer  # BeautifulSoup and python-docx: only to import a document

        return importer.command(project, args.file, args.id)
    if args.command == "audio":
        from . import audio, pipeline

        diags = pipeline.Diagnostics()
        leaflets = pipeline.gather(project, diags)
        if diags.errors:
            print(format_text(diags.errors))
        return audio.stamp_command(project, leaflets, args.leaflet, args.lang, args.section)
    from .serve import serve

    return serve(project, port=args.port)


def up_to_date(args: argparse.Namespace) -> int:
    """``build`` or ``check``, unless nothing has changed since the last such run: then what it
    said is said again, with its exit code (``leaflets.uptodate``; ``build --clean`` forgets it)."""
    from . import uptodate
    from .paths import default_report_folder

    root = args.root.resolve()
    out = (args.out or root / "site").resolve()
    report_folder = (args.report or default_report_folder(out)).resolve()
    options = {"strict": args.strict, "out": str(out), "report": str(report_folder),
               "format": getattr(args, "format", None), "archive": not getattr(args, "no_archive", False),
               "executor": args.executor}
    if getattr(args, "clean", False):
        uptodate.forget(root)
    started = time.monotonic()
    run = uptodate.Run(root, args.command, options, [out, report_folder], publishes=args.command == "build")
    last = None if getattr(args, "clean", False) else run.replay()
    if last is not None:
        sys.stderr.write(last["stderr"])
        if args.command == "build":
            print(summary(last["counts"], time.monotonic() - started, reused=True), file=sys.stderr)
        print(f"{args.command}: nothing has changed since the run of {last['finished']}: its messages again"
              f"{', and the site as it published' if args.command == 'build' else ''}", file=sys.stderr)
        sys.stdout.write(last["stdout"])
        return last["code"]
    stdout, stderr, live = io.StringIO(), io.StringIO(), sys.stderr
    with contextlib.ExitStack() as stack:
        if args.command == "build":  # the site's lock, until what it published is recorded (no other build between);
            from .write import holding  # a killed build's staging folders removed, even if this one stops at its check

            stack.enter_context(holding(out, report_folder))
        with contextlib.redirect_stdout(Tee(sys.stdout, stdout)), contextlib.redirect_stderr(Tee(live, stderr)):
            code, kept = (build if args.command == "build" else check)(args, root, out, report_folder, live)
        if kept is not None:  # it completed (a build: and published) with no error: true until something changes
            run.keep(stdout.getvalue(), stderr.getvalue(), code, **kept)
    return code


def check(args: argparse.Namespace, root: Path, out: Path, report_folder: Path, live) -> tuple[int, dict | None]:
    from . import check as checks
    from . import pipeline
    from .project import Project

    project = Project.at(root)
    result = pipeline.check(project)
    show = checks.format_json if args.format == "json" else checks.format_text
    print(show(result.diagnostics, result.summaries, project, strict=args.strict))
    # An error may be mended outside the project (a font, a voice, a braille table installed): run again.
    return (1 if result.diagnostics.failed(args.strict) else 0), None if result.diagnostics.errors else {}


def build(args: argparse.Namespace, root: Path, out: Path, report_folder: Path, live) -> tuple[int, dict | None]:
    """The build; ``live``: the terminal's stream, for the progress bar and the summary line, which
    a replay (``up_to_date``) writes afresh. What ``uptodate`` keeps of it (None: nothing, unless it
    published with no error: a PDF over its time limit, a worker killed, may not fail again)."""
    from . import archive, pipeline, report
    from .diagnostics import format_text
    from .project import Project
    from .write import OutputCache

    project = Project.at(root)
    problem = report.folder_problem(report_folder, out, project)
    if problem:
        print(f"build: --report: {problem}", file=sys.stderr)
        return 1, None
    started = time.monotonic()
    cache = project.root / pipeline.CACHE
    if args.clean:
        OutputCache(cache).clear()
    progress = Progress(live) if live.isatty() else None
    try:
        with executors.connect(args.executor, timeout=args.executor_timeout) as executor:
            options = pipeline.Options(strict=args.strict, jobs=max(1, args.jobs), cache=cache, progress=progress,
                                       report=args.report, archive=not args.no_archive, executor=executor)
            result = pipeline.build(project, out, options=options)
    except executors.ExecutorError as error:
        print(f"build.py: error: {error}", file=sys.stderr)
        return 2, None
    if progress:
        progress.done()
    if result.diagnostics:
        print(format_text(result.diagnostics), file=sys.stderr)
    print(summary(result.counts, time.monotonic() - started), file=live)
    if not result.published:
        print(f"build failed: nothing was published; {out} is unchanged", file=sys.stderr)
        return 1, None
    print(f"built {len(result.outputs)} file(s) into {out}; the team's dashboard: {result.report}")
    # Errors that only held back one language (a translation failing the safety check) exit 1.
    if result.diagnostics.errors:
        return 1, None
    recorded = sorted({f"{archive.FOLDER}/{p.leaflet.id}/{archive.slug(p.leaflet.meta.version)}/"
                       for p in result.plans if p.document is not None and not args.no_archive})
    return 0, {"counts": dict(result.counts), "written": recorded}


def summary(counts: dict, seconds: float, reused: bool = False) -> str:
    built = counts.get("built", 0)
    done = (0, built + counts.get("reused", 0)) if reused else (built, counts.get("reused", 0))
    return (f"leaflet x language: {done[0]} built, {done[1]} reused, "
            f"{counts.get('held_back', 0)} held back; {counts.get('failed', 0)} output(s) failed; {seconds:.1f} s")


class Tee:
    """A text stream that writes to several: what a command prints is shown and kept (``uptodate``)."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()

    def isatty(self) -> bool:
        return False


class Progress:
    """A one-line progress bar on a terminal: ``outputs [#####     ] 12/40``."""

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
