#!/usr/bin/env python3
"""How long one PDF takes with our pipeline, against WeasyPrint alone on the same HTML.

    python benchmarks/bench_pdf.py [--repeat 3] [--quick]

For each format of the HSG leaflet (English) it prints the median of:
- "ours": checks of the document and stylesheet, the template, the glyph check, and
  WeasyPrint in a warm worker process through the asset fetcher (what the build does per
  PDF: the workers live for the whole build, so each has rendered PDFs before);
- "WeasyPrint alone": ``HTML(string=...).write_pdf(**PDF_OPTIONS)`` (PDF/UA-1, the same options)
  on the very same HTML, in this process, with WeasyPrint's default fetcher and no tagging of ours;
and the overhead (difference and ratio), then the stages of ours. Not a test: timings vary.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import HTML  # noqa: E402

from leaflets import glyphs, isolate, pipeline, render_pdf  # noqa: E402
from leaflets.diagnostics import Diagnostics  # noqa: E402
from leaflets.document import localize  # noqa: E402
from leaflets.load import load_leaflet  # noqa: E402
from leaflets.project import Project  # noqa: E402


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - start, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run of each (same as --repeat 1)")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    project = Project.at(ROOT)
    diags = Diagnostics()
    leaflet = load_leaflet(project.content / "hsg", project.root, diags)
    doc = localize(leaflet, "en")
    env = pipeline.env_for(project, doc.lang)
    # Start the pool and warm its worker once, as a build's workers are after their first PDF.
    warm = render_pdf.Job(key="warm", label="warm", html=render_pdf.render_html(project, env, doc, "print", []),
                          base_url=(project.root / leaflet.folder).as_uri() + "/",
                          roots=(str(project.root / leaflet.folder),), created=render_pdf.creation_date(doc))
    assert isolate.run_isolated(render_pdf.render_job, [warm], timeout=120, workers=1)["warm"].pdf
    HTML(string=warm.html, base_url=warm.base_url).write_pdf(**render_pdf.PDF_OPTIONS)  # and WeasyPrint alone here

    print(f"{'format':<12} {'ours':>8} {'WeasyPrint alone':>17} {'overhead':>9} {'ratio':>6}")
    for fmt in render_pdf.FORMATS:
        stages = {"checks": [], "template": [], "glyphs": [], "worker": []}
        ours, alone = [], []
        for _ in range(args.repeat):
            d = Diagnostics()
            t_checks, _ = timed(lambda: (render_pdf.check_stylesheet(
                project, project.templates / "css" / render_pdf.stylesheet(fmt), d),
                render_pdf.check_document(project, doc, d)))
            t_template, html = timed(render_pdf.render_html, project, env, doc, fmt, [])
            t_glyphs, html = timed(glyphs.with_fonts, doc, html, d,
                                   locate=lambda char: glyphs.locate_char(doc, char))
            assert html is not None, [str(x) for x in d]
            job = render_pdf.Job(key="x", label=fmt, html=html,
                                 base_url=(project.root / leaflet.folder).as_uri() + "/",
                                 roots=(str(project.root / leaflet.folder),), created=render_pdf.creation_date(doc))
            t_worker, outcome = timed(isolate.run_isolated, render_pdf.render_job, [job], 120, 1)
            assert outcome["x"].pdf, outcome["x"].error
            t_alone, pdf = timed(lambda: HTML(string=html, base_url=job.base_url).write_pdf(**render_pdf.PDF_OPTIONS))
            assert pdf.startswith(b"%PDF")
            for name, value in zip(stages, (t_checks, t_template, t_glyphs, t_worker)):
                stages[name].append(value)
            ours.append(t_checks + t_template + t_glyphs + t_worker)
            alone.append(t_alone)
        o, a = statistics.median(ours), statistics.median(alone)
        print(f"{fmt:<12} {o:>7.2f}s {a:>16.2f}s {o - a:>+8.2f}s {o / a:>5.2f}x")
        print("             " + ", ".join(f"{k} {statistics.median(v):.3f}s" for k, v in stages.items()))
    print(f"(median of {args.repeat}; 'worker' includes sending the job to a warm worker and the PDF back; "
          "target: ours within 1.1x of WeasyPrint alone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
