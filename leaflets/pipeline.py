"""The build, in the order of the data: gather and validate everything, then
translate, render every format, check, and only then publish.

Nothing is published unless the whole build succeeded (errors, or warnings
under ``--strict``, stop it), so the previous site stays as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import check as checks
from . import easyread, load, render_easy_read, render_pdf, report, translate
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE
from .model import Leaflet
from .project import Project
from .render_html import Download, output_path, render_document
from .templating import environment, format_size
from .write import Staging


@dataclass
class Result:
    diagnostics: Diagnostics
    published: bool = False
    outputs: dict[str, int] = field(default_factory=dict)  # path -> size in bytes
    plans: list[translate.Plan] = field(default_factory=list)
    summaries: list[checks.LeafletSummary] = field(default_factory=list)  # reading age, review, languages


def gather(project: Project, diags: Diagnostics, today: date | None = None) -> list[Leaflet]:
    """Load and validate every leaflet."""
    return load.load_all(project.root, diags, today)


def check(project: Project, today: date | None = None) -> Result:
    """Everything a build validates, without writing anything."""
    diags = Diagnostics()
    leaflets = gather(project, diags, today)
    plans = [translate.plan(project, leaflet, lang, diags) for leaflet in leaflets for lang in leaflet.meta.languages]
    summaries = checks.run(project, leaflets, plans, diags, today)
    for leaflet in leaflets:
        easyread.check_leaflet(project.root, leaflet, diags)
    return Result(diags, plans=plans, summaries=summaries)


def build(project: Project, out: Path, *, strict: bool = False, today: date | None = None) -> Result:
    result = check(project, today)
    diags = result.diagnostics
    # A safety problem in a translation holds back that language only (translate.plan
    # gives it no document); it is still an error, so the command exits 1.
    blocking = Diagnostics(d for d in diags if d.code not in translate.CONTAINED_CODES)
    if blocking.failed(strict):
        return result
    staging = Staging(out)
    published: dict[str, list[str]] = {}  # leaflet id -> languages it publishes in, for language links
    for plan in result.plans:
        if plan.document is not None:
            published.setdefault(plan.leaflet.id, []).append(plan.lang)
    try:
        # Easy read first, then the other PDFs: their sizes go into the other formats' "Other formats" lists.
        render_easy_read.render_all(project, [p for p in result.plans if p.document is not None], staging, diags)
        jobs = [(plan.document, env_for(project, plan.lang, plan.translations)) for plan in result.plans if plan.document is not None]
        render_pdf.render_all(project, jobs, staging, diags,
                              downloads=lambda doc, fmt: downloads_for(project, doc, staging, exclude=fmt))
        for plan in result.plans:
            if plan.document is not None:
                render_leaflet(project, plan, staging, published[plan.leaflet.id])
        report.write(project, result.summaries, diags, staging, today=today)  # the team's _report/ page
        if Diagnostics(d for d in diags if d.code not in translate.CONTAINED_CODES).failed(strict):
            staging.discard()
            return result
        result.outputs = dict(staging.written)
        staging.publish()
        result.published = True
        return result
    except BaseException:
        staging.discard()
        raise


def site_url(project: Project, rel: str) -> str:
    return project.settings.base_url + rel


def env_for(project: Project, lang: str, translations=None):
    """The Jinja2 environment of a language, with its interface translations (one place for every format)."""
    return environment(project.templates, lang, translations)


# format -> (file name suffix, extension, media) of the downloads a format lists
DOWNLOADS = {"large-print": ("-large-print", "pdf", "PDF"), "print": ("-print", "pdf", "PDF"),
             "html": ("", "html", "HTML")}


def downloads_for(project: Project, doc, staging: Staging, exclude: str) -> list[Download]:
    """This leaflet's other files in this language, with their sizes once written (PDFs come first;
    a failed one fails the whole build, so nothing links to a missing file)."""
    out = []
    for fmt, (suffix, ext, media) in DOWNLOADS.items():
        if fmt == exclude or fmt not in doc.meta.formats:
            continue
        rel = output_path(doc.leaflet.id, doc.lang, suffix, ext)
        size = staging.written.get(rel)
        out.append(Download(fmt, site_url(project, rel), media, format_size(size) if size else None))
    if "easy-read" in doc.meta.formats and exclude != "easy-read":
        out += render_easy_read.downloads(project, doc, staging)
    return out


def render_leaflet(project: Project, plan: translate.Plan, staging: Staging, languages: list[str] = ()) -> None:
    doc = plan.document
    env = env_for(project, plan.lang, plan.translations)
    leaflet_id, lang = doc.leaflet.id, doc.lang
    downloads = downloads_for(project, doc, staging, exclude="html")
    english_href = site_url(project, output_path(leaflet_id, SOURCE_LANGUAGE))
    html = render_document(
        env, doc,
        css=(project.templates / "css" / "document.css").read_text(encoding="utf-8"),
        fmt="html",
        downloads=downloads,
        english_href=english_href,
        languages=[(other, site_url(project, output_path(leaflet_id, other))) for other in languages if other != lang],
    )
    staging.write(output_path(leaflet_id, lang), html)
