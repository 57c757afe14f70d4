#!/usr/bin/env python3
"""Build times of a synthetic library at several sizes, against the plain tools doing the same work.

    python benchmarks/bench_build.py [--sizes 10,50,500] [--leaflets N] [--jobs 2] [--quick]

For each size N it copies the project into a temporary folder and clones the HSG leaflet
(with its catalogues) until there are N leaflets, 4 languages each, every format. Then it
prints, for each size:

- full build (``--clean``, ``--jobs`` workers) and its time per output (the same figure at
  every size if the cost is linear); no-op rebuild and ``check`` with nothing changed, first
  with the up-to-date memo forgotten (every input hashed by the content caches), then as the
  next run finds it (``leaflets.uptodate``); and a rebuild after one section of one leaflet
  was edited;
- the speed-up of a full build from 1 to ``--jobs`` workers;
- peak memory (the largest process of the builds and checks at that size, the generated cache's
  build included, each run measured on its own: ``ru_maxrss`` of its process tree, from ``os.wait4``).

Then once, at the smallest size, like for like: our build restricted to large print and print
(``formats: [large-print, print]``) at 1 job against WeasyPrint alone rendering the same HTML
one after another in one process; and our website (``formats: [html, site]``) against plain
mkdocs-material building one Markdown page a leaflet and language.

``--quick``: from ``--quick-from`` leaflets (default 100) there is no full build: the output
cache is generated instead (``--generate-cache``, in a child process: the build with the PDFs
and audio of each clone copied from the HSG leaflet's, which is rendered for real, and
everything else real), then the no-op and one-edit rebuilds and ``check`` are timed over it
as usual, the one-edit rebuild against a full build estimated from the smallest size's time
per output; the 1-job full build runs at the smallest size only.

Not a test: the figures depend on the machine (and on what else runs on it). Each build runs
as ``python build.py`` in a child process, as a user runs it; CPU seconds (user + system of
every process) are printed beside the wall clock, a steadier figure on a shared machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support import clone_leaflet, copy_project  # noqa: E402

from leaflets.uptodate import RACY  # noqa: E402

SOURCE = "hsg"  # the leaflet every other one is a clone of
CPU: dict[str, float] = {}  # CPU seconds of the last run of each command line


def measured(command: list[str]) -> tuple[float, int, float, int, str]:
    """Wall seconds, peak RSS (KiB), CPU seconds, exit code and stderr of one command, its own.

    ``os.wait4`` gives the child's usage with that of its own waited-for descendants (its
    workers): ``ru_maxrss`` is the largest process of that run alone. (``RUSAGE_CHILDREN`` of
    this process would be the largest of every run so far: one big run would show in all.)"""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, child.returncode, stderr


def run(root: Path, *args: str) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, the largest process of this run) of ``python build.py --root root ARGS``,
    started over ``RACY`` seconds after the run before it ended, as a user's next command is: a run
    started sooner keeps no up-to-date memo (``leaflets.uptodate``'s racy-clean rule: the files the
    run before wrote, such as a first ``archive/``, are too new to trust their times), so the run
    after it, timed as "nothing changed", would not be a replay."""
    global _last_end
    time.sleep(max(0.0, _last_end + RACY - time.monotonic()))
    try:
        return _run(root, *args)
    finally:
        _last_end = time.monotonic()


_last_end = float("-inf")  # when the last run ended (time.monotonic)


def _run(root: Path, *args: str) -> tuple[float, int]:
    seconds, peak, cpu_seconds, code, stderr = measured([sys.executable, str(ROOT / "build.py"), "--root", str(root),
                                                         *args])
    if code not in (0, 1) or (args[:1] != ("check",) and code):
        sys.exit(f"{' '.join(args)} failed:\n{stderr[-3000:]}")
    CPU[" ".join(args)] = cpu_seconds
    return seconds, peak


def cpu(*args: str) -> str:
    return f"cpu {CPU[' '.join(args)]:.1f} s"


def build_args(root: Path, *args: str) -> tuple[str, ...]:
    return ("build", "--out", str(root / "site"), *args)


def library(folder: Path, leaflets: int, formats: str | None = None) -> Path:
    root = copy_project(folder / "project", warm=False)  # its own caches: a check of it is timed
    if formats:
        meta = root / "content" / SOURCE / "leaflet.yml"
        meta.write_text(re.sub(r"(?m)^formats: .*$", f"formats: {formats}", meta.read_text(encoding="utf-8"),
                               count=1), encoding="utf-8")
    for i in range(2, leaflets + 1):
        clone_leaflet(root, SOURCE, f"{SOURCE}-{i:03d}")
    return root


def edit_one_section(root: Path) -> None:
    section = root / f"content/{SOURCE}-002/sections/arrival.md"
    if not section.exists():
        section = root / f"content/{SOURCE}/sections/arrival.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nLockers are available.\n", encoding="utf-8")


def outputs(root: Path) -> int:
    return sum(1 for p in (root / "site").rglob("*") if p.is_file())


def size_figures(tmp: Path, leaflets: int, jobs: int, quick: bool, quick_from: int, smallest: dict) -> dict:
    """The figures of one size; ``smallest``: those of the smallest size (empty while it runs)."""
    root = library(tmp / f"n{leaflets}", leaflets)
    print(f"\n== {leaflets} leaflets x 4 languages, every format", flush=True)
    jobs_args = ("--jobs", str(jobs))
    figures: dict = {}
    if quick and leaflets >= quick_from:
        seconds, made_peak, cpu_seconds, code, stderr = measured(
            [sys.executable, __file__, "--generate-cache", str(root), "--jobs", str(jobs)])
        if code:
            sys.exit(f"generating the cache failed:\n{stderr[-3000:]}")
        # A full build in all but the clones' PDFs and audio (copied): its largest process is what a
        # full build's holds, so its peak counts.
        print(f"output cache generated (not a full build): {seconds:.1f} s (cpu {cpu_seconds:.1f} s; "
              f"peak {made_peak / 1024:.0f} MiB)", flush=True)
        peak = made_peak
        if smallest.get("per_output"):  # linear cost, as the smallest size's time per output shows
            files = outputs(root)
            figures["estimated"] = smallest["per_output"] * files
            print(f"full build, {jobs} jobs, estimated: {figures['estimated']:8.1f} s  ({files} files at the "
                  f"{1000 * smallest['per_output']:.1f} ms per output of {smallest['leaflets']} leaflets)", flush=True)
    else:
        # The check's caches warm first, as in a library's daily use (and as the 1-job build
        # below finds them): the full builds then compare the same work.
        run(root, "check")
        full, peak = run(root, *build_args(root, "--clean", *jobs_args))
        files = outputs(root)
        figures.update(full=full, per_output=full / files, leaflets=leaflets)
        print(f"full build, {jobs} jobs:           {full:8.1f} s  ({cpu(*build_args(root, '--clean', *jobs_args))}; "
              f"{files} files: {1000 * full / files:.1f} ms per output)", flush=True)
    # Nothing changed: first with the up-to-date memo forgotten (the content caches prove it), then
    # as a user's next run finds it (the memo that run kept: leaflets.uptodate).
    (root / ".cache" / "uptodate.json").unlink(missing_ok=True)
    slow, p = run(root, *build_args(root, *jobs_args))
    peak = max(peak, p)
    files = outputs(root)
    print(f"no-op rebuild, memo forgotten: {slow:7.1f} s  ({cpu(*build_args(root, *jobs_args))}; "
          f"{1000 * slow / files:.2f} ms per output: every input hashed)", flush=True)
    slow_check, p = run(root, "check")
    peak = max(peak, p)
    print(f"check, memo forgotten:        {slow_check:8.1f} s  ({cpu('check')})", flush=True)
    noop, p = run(root, *build_args(root, *jobs_args))
    peak = max(peak, p)
    print(f"no-op rebuild:                {noop:8.1f} s  ({cpu(*build_args(root, *jobs_args))}; "
          f"{1000 * noop / files:.2f} ms per output; target < 1 s at 50 leaflets)", flush=True)
    check, p = run(root, "check")
    peak = max(peak, p)
    print(f"check, nothing changed:       {check:8.1f} s  ({cpu('check')}; target < 1 s at 50 leaflets)", flush=True)
    edit_one_section(root)
    edit, p = run(root, *build_args(root, *jobs_args))
    peak = max(peak, p)
    share = f" = {100 * edit / figures['full']:.1f}% of the full build (target < 5%)" if "full" in figures else \
        f" = {100 * edit / figures['estimated']:.1f}% of the estimated full build (target < 5%)" \
        if "estimated" in figures else ""
    print(f"one-section edit rebuild:     {edit:8.1f} s  ({cpu(*build_args(root, *jobs_args))}){share}", flush=True)
    # The 1-job build against this size's full build: with --quick at the smallest size only, and never
    # at a size whose cache was generated (no full build to compare; hours at 500 leaflets).
    if "full" in figures and (not quick or not smallest):
        one, p = run(root, *build_args(root, "--clean", "--jobs", "1"))
        peak = max(peak, p)
        print(f"full build, 1 job:            {one:8.1f} s  -> speed-up {one / figures['full']:.2f}x with {jobs} "
              "jobs (target >= 1.8x)", flush=True)
    print(f"peak memory (largest process): {peak / 1024:7.0f} MiB (target < 1024 MiB at 500)", flush=True)
    return figures


def plain_site(tmp: Path, plans: list) -> float:
    """Seconds of plain mkdocs-material building one Markdown page a leaflet and language."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    plain = 0.0
    for lang in sorted({p.lang for p in plans}):
        docs = tmp / "plain" / lang / "docs"
        docs.mkdir(parents=True)
        for plan in (p for p in plans if p.lang == lang):
            doc = plan.document
            text = [f"# {doc.title.text}", doc.summary.text]
            for section in doc.sections:
                text.append(f"## {section.title.text}")
                text += [item.text for block in section.blocks for item in block.items]
            (docs / f"{plan.leaflet.id}.md").write_text("\n\n".join(text), encoding="utf-8")
        (docs / "index.md").write_text("# Leaflets\n", encoding="utf-8")
        config_file = tmp / "plain" / lang / "mkdocs.yml"
        config_file.write_text(f"site_name: Leaflets\ntheme:\n  name: material\n  language: {lang.split('-')[0]}\n"
                               "  font: false\nplugins:\n  - search\n", encoding="utf-8")
        start = time.perf_counter()
        mkdocs_build(load_config(str(config_file), docs_dir=str(docs), site_dir=str(tmp / "plain" / lang / "site")))
        plain += time.perf_counter() - start
    return plain


def like_for_like(tmp: Path, leaflets: int) -> None:
    """Ours, large print and print only, 1 job, against WeasyPrint alone; our website against mkdocs-material."""
    from weasyprint import HTML

    from leaflets import glyphs, pipeline, render_pdf
    from leaflets.diagnostics import Diagnostics
    from leaflets.project import Project

    root = library(tmp / "pdf-only", leaflets, formats="[large-print, print]")
    run(root, "check")  # the check's caches warm, as in a library's daily use: the build's own work is compared
    ours, _ = run(root, *build_args(root, "--clean", "--jobs", "1"))
    project = Project.at(root)
    plans = [p for p in pipeline.check(project).plans if p.document is not None]
    alone, count = 0.0, 0
    for plan in plans:
        env = pipeline.env_for(project, plan.lang, plan.translations)
        for fmt in render_pdf.FORMATS:
            html = render_pdf.render_html(project, env, plan.document, fmt, [])
            html = glyphs.with_fonts(plan.document, html, Diagnostics(), locate=lambda char: ("", 1))
            start = time.perf_counter()
            HTML(string=html, base_url=(root / plan.leaflet.folder).as_uri() + "/").write_pdf(**render_pdf.PDF_OPTIONS)
            alone += time.perf_counter() - start
            count += 1
    print(f"\n== like for like, {leaflets} leaflets x 4 languages", flush=True)
    print(f"ours, large print + print only, 1 job: {ours:.1f} s; WeasyPrint alone, the same {count} PDFs from the "
          f"same HTML, one process: {alone:.1f} s -> {ours / alone:.2f}x (target <= 1.15x; ours also loads, checks, "
          "tags the PDFs' structure and writes the site)", flush=True)

    site_root = library(tmp / "site-only", leaflets, formats="[html, site]")
    run(site_root, "check")
    ours_site, _ = run(site_root, *build_args(site_root, "--clean", "--jobs", "1"))
    project = Project.at(site_root)
    plain = plain_site(tmp, [p for p in pipeline.check(project).plans if p.document is not None])
    print(f"ours, website + single-file pages only, 1 job: {ours_site:.1f} s; plain mkdocs-material, the same "
          f"pages as plain Markdown: {plain:.1f} s -> {ours_site / plain:.2f}x", flush=True)


def generate_cache(root: Path, jobs: int) -> None:
    """Fill ``root``'s output cache as a full build would, without rendering every clone: the PDFs
    and audio of the HSG leaflet are made for real, and each clone gets copies of them (under its
    own names); its checks, braille, single-file pages and the websites are made for real. The
    no-op and one-edit rebuilds over it then do what they do over a real build's cache."""
    from leaflets import pipeline, render_audio, render_easy_read, render_pdf
    from leaflets.project import Project

    def clone_of(key: str) -> str:
        return re.sub(rf"/{SOURCE}-\d+/{SOURCE}-\d+-", f"/{SOURCE}/{SOURCE}-", key)

    def copied(real):
        def run_isolated(func, jobs_, *args, **kwargs):
            progress, each = kwargs.pop("progress", None), kwargs.pop("each", None)
            made, out = {}, {}  # the HSG leaflet's outcomes (its jobs come first); what to return
            for job in jobs_:  # one at a time, as the build streams them: never all held at once
                source = clone_of(job.key)
                if source == job.key:
                    made.update(real(func, [job], *args, **kwargs))  # the HSG leaflet's own, for real
                outcome = made[source]
                if progress:
                    progress(1)
                if each is None:
                    out[job.key] = outcome
                else:
                    each(job, outcome)
            return out
        return run_isolated

    render_pdf.run_isolated = copied(render_pdf.run_isolated)
    render_easy_read.run_isolated = copied(render_easy_read.run_isolated)
    real_audio = render_audio.render_all

    def audio(project, plans, staging, diags, tick=lambda n=1: None, **kwargs):
        out = real_audio(project, [p for p in plans if p.leaflet.id == SOURCE], staging, diags, tick, **kwargs)
        for plan in (p for p in plans if p.leaflet.id != SOURCE and p.document is not None):
            for rel in out.get((SOURCE, plan.lang), []):
                target = rel.replace(f"/{SOURCE}/", f"/{plan.leaflet.id}/", 1).replace(
                    f"/{SOURCE}-", f"/{plan.leaflet.id}-")
                out.write((plan.leaflet.id, plan.lang), target, (staging.path / rel).read_bytes())
        return out
    render_audio.render_all = audio
    result = pipeline.build(Project.at(root), root / "site",
                            options=pipeline.Options(jobs=jobs, cache=root / pipeline.CACHE))
    if not result.published:
        sys.exit("generating the cache failed:\n" + "\n".join(map(str, result.diagnostics.errors[:20])))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,500", help="library sizes in leaflets (default: 10,50,500)")
    parser.add_argument("--leaflets", type=int, default=None, help="one size only (same as --sizes N)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--quick", action="store_true",
                        help="from --quick-from leaflets, a generated cache instead of a full build; "
                             "the 1-job build at the smallest size only")
    parser.add_argument("--quick-from", type=int, default=100, metavar="N")
    parser.add_argument("--no-like-for-like", action="store_true", help="leave out the comparison with the plain tools")
    parser.add_argument("--generate-cache", type=Path, default=None, metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_cache:
        generate_cache(args.generate_cache, args.jobs)
        return 0
    sizes = [args.leaflets] if args.leaflets else [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {platform.platform()}, "
          f"Python {platform.python_version()}, --jobs {args.jobs}{', --quick' if args.quick else ''}", flush=True)
    with tempfile.TemporaryDirectory(prefix="leaflets-bench-") as tmp:
        smallest: dict = {}
        for leaflets in sorted(sizes):
            figures = size_figures(Path(tmp), leaflets, args.jobs, args.quick, args.quick_from, smallest)
            smallest = smallest or figures
        if not args.no_like_for_like:
            like_for_like(Path(tmp), min(sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
