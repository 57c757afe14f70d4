#!/usr/bin/env python3
"""Build times of a synthetic library, against the plain tools doing the same work.

    python benchmarks/bench_build.py [--leaflets 50] [--jobs 2]

It copies the project into a temporary folder and clones the HSG leaflet (with its
catalogues) until there are N leaflets, 4 languages each, every format. Then it prints:

- full build (``--clean``, ``--jobs`` workers), no-op rebuild, one-section-edit rebuild;
- the speed-up of a full build from 1 to ``--jobs`` workers;
- peak memory (the largest process of the build: ``ru_maxrss`` of its process tree);
- for comparison, in the same run: plain mkdocs-material building the same leaflet pages
  (one Markdown page a leaflet and language) and WeasyPrint alone rendering the same
  large-print and print HTML to PDF, one after another in one process.

Not a test: the figures depend on the machine. Each build runs as ``python build.py``
in a child process, as a user runs it.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from weasyprint import HTML  # noqa: E402

from leaflets import pipeline, render_pdf  # noqa: E402
from leaflets.project import Project  # noqa: E402
from support import clone_leaflet, copy_project  # noqa: E402


def run_build(root: Path, *args: str) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, largest process) of ``python build.py`` on ``root``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out", str(root / "site"),
                           *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def library(folder: Path, leaflets: int) -> Path:
    root = copy_project(folder / "project")
    for i in range(2, leaflets + 1):
        clone_leaflet(root, "hsg", f"hsg-{i:03d}")
    return root


def plain_tools(root: Path, scratch: Path) -> tuple[float, float, int]:
    """(mkdocs-material seconds, WeasyPrint seconds, PDFs) for the same pages and PDFs, one after another."""
    project = Project.at(root)
    result = pipeline.check(project)
    plans = [p for p in result.plans if p.document is not None]
    mkdocs_seconds = 0.0
    for lang in sorted({p.lang for p in plans}):
        docs = scratch / lang / "docs"
        docs.mkdir(parents=True)
        for plan in (p for p in plans if p.lang == lang):
            doc = plan.document
            text = [f"# {doc.title.text}", doc.summary.text]
            for section in doc.sections:
                text.append(f"## {section.title.text}")
                text += [item.text for block in section.blocks for item in block.items]
            (docs / f"{plan.leaflet.id}.md").write_text("\n\n".join(text), encoding="utf-8")
        (docs / "index.md").write_text("# Leaflets\n", encoding="utf-8")
        config_file = scratch / lang / "mkdocs.yml"
        config_file.write_text(f"site_name: Leaflets\ntheme:\n  name: material\n  language: {lang.split('-')[0]}\n"
                               "  font: false\nplugins:\n  - search\n", encoding="utf-8")
        start = time.perf_counter()
        mkdocs_build(load_config(str(config_file), docs_dir=str(docs), site_dir=str(scratch / lang / "site")))
        mkdocs_seconds += time.perf_counter() - start
    weasy_seconds, count = 0.0, 0
    for plan in plans:
        env = pipeline.env_for(project, plan.lang, plan.translations)
        for fmt in render_pdf.FORMATS:
            html = render_pdf.render_html(project, env, plan.document, fmt, [])
            start = time.perf_counter()
            HTML(string=html, base_url=(root / plan.leaflet.folder).as_uri() + "/").write_pdf(
                pdf_variant="pdf/ua-1", pdf_identifier=True)
            weasy_seconds += time.perf_counter() - start
            count += 1
    return mkdocs_seconds, weasy_seconds, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaflets", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="leaflets-bench-") as tmp:
        root = library(Path(tmp), args.leaflets)
        print(f"library: {args.leaflets} leaflets x 4 languages, every format")
        full, peak = run_build(root, "--clean", "--jobs", str(args.jobs))
        files = sum(1 for p in (root / "site").rglob("*") if p.is_file())
        pages, pdfs, count = plain_tools(root, Path(tmp) / "plain")
        noop, _ = run_build(root, "--jobs", str(args.jobs))
        section = root / "content/hsg-002/sections/arrival.md"
        section.write_text(section.read_text(encoding="utf-8") + "\nLockers are available.\n", encoding="utf-8")
        edit, _ = run_build(root, "--jobs", str(args.jobs))
        one, peak1 = run_build(root, "--clean", "--jobs", "1")
    print(f"full build, {args.jobs} jobs:        {full:8.1f} s  ({files} files)")
    print(f"no-op rebuild:                {noop:8.1f} s  (target < 2 s)")
    print(f"one-section edit rebuild:     {edit:8.1f} s  = {100 * edit / full:.1f}% of the full build (target < 5%)")
    print(f"full build, 1 job:            {one:8.1f} s  -> speed-up {one / full:.2f}x with {args.jobs} jobs "
          "(target >= 1.7x)")
    print(f"peak memory (largest process): {max(peak, peak1) / 1024:7.0f} MiB (target < 1024 MiB)")
    print(f"plain tools, one after another: mkdocs-material {pages:.1f} s + WeasyPrint alone {pdfs:.1f} s "
          f"({count} large-print and print PDFs) = {pages + pdfs:.1f} s")
    print(f"  ours does that and more (easy read, single-file HTML, checks) in {full:.1f} s: "
          f"{(pages + pdfs) / full:.2f}x the plain tools' speed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
