"""The build, in the order of the data: gather and validate everything, then
translate, render every format, check, and only then publish.

Nothing is published unless the whole build succeeded (errors, or warnings
under ``--strict``, stop it), so the previous site stays as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from . import check as checks
from . import audio, catalogues, easyread, fingerprint, holdback, load, render_audio, render_easy_read, render_pdf, render_site, report
from . import translate
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE
from .model import Leaflet
from .project import Project
from .render_html import Download, output_path, render_document
from .templating import environment, format_size
from .write import OutputCache, Staging


@dataclass
class Result:
    diagnostics: Diagnostics
    published: bool = False
    outputs: dict[str, int] = field(default_factory=dict)  # path -> size in bytes
    plans: list[translate.Plan] = field(default_factory=list)
    summaries: list[checks.LeafletSummary] = field(default_factory=list)  # reading age, review, languages
    counts: dict[str, int] = field(default_factory=dict)  # built, reused, held_back (leaflet x language)


def gather(project: Project, diags: Diagnostics, today: date | None = None) -> list[Leaflet]:
    """Load and validate every leaflet."""
    return load.load_all(project.root, diags, today)


def check(project: Project, today: date | None = None) -> Result:
    """Everything a build validates, without writing anything."""
    diags = Diagnostics()
    leaflets = gather(project, diags, today)
    plans = [translate.plan(project, leaflet, lang, diags) for leaflet in leaflets for lang in leaflet.meta.languages]
    for plan in plans:  # every character of the text has a font: found here, not first in the build
        if plan.document is not None:
            render_pdf.check_text_glyphs(plan.document, diags)
    summaries = checks.run(project, leaflets, plans, diags, today)
    for leaflet in leaflets:
        easyread.check_leaflet(project.root, leaflet, diags)
        audio.check_settings(leaflet, diags)
    for plan in plans:  # recordings: readable, of a listed section, stamped with the text shown now
        if plan.document is not None:
            audio.plan(project, plan.document, diags)
    return Result(diags, plans=plans, summaries=summaries)


CACHE = ".cache/outputs"  # where a project keeps the outputs of earlier builds, by the hash of their inputs


@dataclass
class Options:
    """How to build: ``strict`` (warnings fail), ``jobs`` (worker processes), ``cache``
    (the output cache's folder; None: render everything), ``progress(kind, n, total)``."""

    strict: bool = False
    jobs: int | None = None
    cache: Path | None = None
    progress: Callable[[str, int, int], None] | None = None


def build(project: Project, out: Path, *, strict: bool = False, today: date | None = None,
          options: Options | None = None) -> Result:
    """Check, render and publish atomically. ``strict`` is a shorthand for ``Options(strict=True)``."""
    options = options or Options(strict=strict)
    strict = options.strict
    result = check(project, today)
    diags = result.diagnostics
    # An error in a translation (its catalogue, a safety problem, a missing glyph) holds back
    # that leaflet in that language only (``Diagnostic.holds``); it is still an error, so the
    # command exits 1. Any other error (English source, templates, settings) stops the build.
    if diags.blocking(strict):
        return result
    result.plans = holdback.withhold(result.plans, diags.held())
    staging = Staging(out)
    errors_before = len(diags.errors)
    try:
        stored = render(project, result, staging, options)
        result.counts["failed"] = len(diags.errors) - errors_before
        report.write(project, result.summaries, diags, staging, today=today)  # the team's _report/ page
        if diags.blocking(strict) or not any(p.document is not None for p in result.plans):
            staging.discard()  # an error that stops the build, or nothing left to publish
            return result
        sources = {p.leaflet.id: fingerprint.tree(project.root, project.root / p.leaflet.folder) for p in result.plans}
        kept = holdback.keep_previous(result.plans, diags.held(), sources, staging)
        holdback.record(result.plans, sources, staging, kept)
        if options.cache is not None:
            cache = OutputCache(options.cache)
            for key, files in stored.items():
                cache.store(key, staging, files)
        result.outputs = dict(staging.written)
        staging.publish()
        result.published = True
        return result
    except BaseException:
        staging.discard()
        raise


def render(project: Project, result: Result, staging: Staging, options: Options) -> dict[str, list[str]]:
    """Every format of every published plan into ``staging``, taking unchanged outputs from the
    cache. Returns what to store in the cache once the build succeeds: key -> files."""
    plans = [plan for plan in result.plans if plan.document is not None]
    published: dict[str, list[str]] = {}  # leaflet id -> languages it publishes in, for language links
    for plan in plans:
        published.setdefault(plan.leaflet.id, []).append(plan.lang)
    cache = OutputCache(options.cache) if options.cache is not None else None
    base = fingerprint.project_key(project)
    leaflet_hashes = {plan.leaflet.id: fingerprint.tree(project.root, project.root / plan.leaflet.folder)
                      for plan in plans}
    keys = {(plan.leaflet.id, plan.lang): fingerprint.unit_key(
        project, base, plan.leaflet.id, leaflet_hashes[plan.leaflet.id], plan.lang, published[plan.leaflet.id],
        [] if plan.lang == SOURCE_LANGUAGE else [catalogues.po_path(project, plan.lang, domain)
                                                 for domain in (plan.leaflet.id, catalogues.UI_DOMAIN)])
        for plan in plans}
    fresh = [plan for plan in plans
             if cache is None or cache.restore(keys[(plan.leaflet.id, plan.lang)], staging) is None]
    result.counts.update(reused=len(plans) - len(fresh), built=len(fresh),
                         held_back=sum(plan.document is None for plan in result.plans))
    before = set(staging.written)
    diags = result.diagnostics
    held_at_start = diags.held()
    tick = _ticker(options, "PDFs", sum(len(PDF_FORMATS & set(p.leaflet.meta.formats)) for p in fresh))
    # Audio and easy read first, then the other PDFs: their sizes go into the other formats' "Other formats" lists.
    render_audio.render_all(project, fresh, staging, diags)
    render_easy_read.render_all(project, fresh, staging, diags, workers=options.jobs, progress=tick)
    jobs = [(plan.document, env_for(project, plan.lang, plan.translations)) for plan in fresh]
    render_pdf.render_all(project, jobs, staging, diags, workers=options.jobs, progress=tick,
                          downloads=lambda doc, fmt: downloads_for(project, doc, staging, exclude=fmt))
    for plan in fresh:
        with diags.holding((plan.leaflet.id, plan.lang)):
            render_leaflet(project, plan, staging, published[plan.leaflet.id], diags)
    unit_files = set(staging.written) - before
    # The website last: its "other formats" panels show the sizes of the files written above. A
    # language whose website fails is held back, and the others are built again without it.
    languages = {plan.lang for plan in plans}
    site_keys = {lang: fingerprint.site_key(base, lang, published,
                                            [keys[k] for k in keys if k[1] == lang]) for lang in languages}
    site_before = set(staging.written)
    reused = {lang for lang in languages if cache is not None and cache.restore(site_keys[lang], staging) is not None}
    ui = {plan.lang: plan.translations for plan in plans}
    for _attempt in range(2):
        changed = holdback.withdraw(result, staging, diags.held())
        if changed:  # the language lists of the other pages change: render them again
            for rel in set(staging.written) - site_before:
                staging.remove(rel)
            reused = set()
            for plan in (p for p in result.plans if p.document is not None):
                render_leaflet(project, plan, staging, holdback.languages_of(result.plans, plan.leaflet.id), diags)
        failed = render_site.build(project, result.plans, staging, diags, ui=ui.get, reuse=reused.__contains__,
                                   jobs=options.jobs or 1)
        if not failed:
            break
    if diags.held() - held_at_start:
        return {}  # something was held back while rendering: keep this build's outputs out of the cache
    stored = {keys[(p.leaflet.id, p.lang)]: sorted(f for f in unit_files if f.startswith(f"{p.lang}/{p.leaflet.id}/"))
              for p in fresh}
    site_written = set(staging.written) - site_before
    for lang in languages - reused:
        stored[site_keys[lang]] = sorted(f for f in site_written if f.startswith(f"{lang}/"))
    return stored


PDF_FORMATS = {"large-print", "print", "easy-read"}


def _ticker(options: Options, kind: str, total: int):
    """A ``progress(n)`` callback counting ``kind`` up to ``total`` for ``options.progress``."""
    if options.progress is None:
        return None
    done = 0
    options.progress(kind, done, total)

    def tick(n: int) -> None:
        nonlocal done
        done += n
        options.progress(kind, done, total)
    return tick


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
    if "audio" in doc.meta.formats and exclude != "audio":
        here = f"{doc.lang}/{doc.leaflet.id}/"
        out += render_audio.downloads(staging.written, staging.path, doc.leaflet.id, doc.lang, site_url(project, here))
    return out


def render_leaflet(project: Project, plan: translate.Plan, staging: Staging, languages: list[str] = (),
                   diags: Diagnostics | None = None) -> None:
    doc = plan.document
    diags = Diagnostics() if diags is None else diags
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
    html = render_pdf.with_fonts(doc, html, diags, locate=lambda char: render_pdf.locate_char(doc, char),
                                 label=f"{render_pdf.where(doc)} single-file HTML")
    if html is not None:
        staging.write(output_path(leaflet_id, lang), html)
