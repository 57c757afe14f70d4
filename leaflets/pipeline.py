"""The build, in the order of the data: gather and validate everything, then
translate, render every format, check, and only then publish.

Nothing is published unless the whole build succeeded (errors, or warnings
under ``--strict``, stop it), so the previous site stays as it was.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from . import check as checks
from . import archive, audio, catalogues, check_easy_read, checkmemo, fingerprint, holdback, load, paths, pofile
from . import progress, render_audio, render_braille, render_easy_read, render_pdf, render_site, report, safety
from . import translate
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE
from .model import Leaflet
from .project import Project
from .render_html import Download, output_path, pictures, render_document, site_context, site_link
from .templating import environment, format_size
from .write import Memo, OutputCache, Staging


@dataclass
class Result:
    diagnostics: Diagnostics
    published: bool = False
    outputs: dict[str, int] = field(default_factory=dict)  # path -> size in bytes
    plans: list[translate.Plan] = field(default_factory=list)
    summaries: list[checks.LeafletSummary] = field(default_factory=list)  # reading age, review, languages
    counts: dict[str, int] = field(default_factory=dict)  # built, reused, held_back (leaflet x language)
    report: Path | None = None  # the team's dashboard page, once written
    versions: dict[str, list] = field(default_factory=dict)  # leaflet id -> older archive.Version, newest first


def gather(project: Project, diags: Diagnostics, today: date | None = None) -> list[Leaflet]:
    """Load and validate every leaflet."""
    return load.load_all(project.root, diags, today)


SAFETY_MEMO = ".cache/safety.json"
CATALOGUE_CACHE = ".cache/catalogues"


def check(project: Project, today: date | None = None) -> Result:
    """Everything a build validates, without writing anything."""
    # The settings' problems: an error stops the whole build; suppressed warnings are never reported.
    diags = Diagnostics(project.problems, suppress=project.settings.suppress)
    project.check_settings(diags)
    paths.check_fixed(project.root, diags)  # templates, fonts, mkdocs.yml: no link out of the project
    leaflets = gather(project, diags, today)
    # Safety answers and parsed catalogues kept by the hash of their inputs: only changes cost.
    with safety.remembering(project.root / SAFETY_MEMO), pofile.caching(project.root / CATALOGUE_CACHE):
        plans = [translate.plan(project, leaflet, lang, diags) for leaflet in leaflets for lang in leaflet.meta.languages]
    # Every character of the text has a font, the braille passes its checks: found here, not first in
    # the build; kept by the hash of their inputs (checkmemo), so only what changed is checked again.
    with checkmemo.remembering(project, project.root / checkmemo.CHECKS_MEMO) as memo:
        for plan in (p for p in plans if p.document is not None):
            memo.run(plan, diags, lambda found, plan=plan: (
                render_pdf.check_text_glyphs(plan.document, found),
                render_braille.check_document(project, plan.document, plan.translations, found)))
    summaries = checks.run(project, leaflets, plans, diags, today)
    check_easy_read.check_leaflets(project.root, leaflets, diags)  # the symbol library loaded once
    for leaflet in leaflets:
        audio.check_settings(leaflet, diags)
    for plan in plans:  # recordings: readable, of a listed section, stamped with the text shown now
        if plan.document is not None:
            audio.plan(project, plan.document, diags)
    versions = {leaflet.id: archive.older_versions(project, leaflet, diags) for leaflet in leaflets}
    return Result(diags, plans=plans, summaries=summaries, versions=versions)


CACHE = ".cache/outputs"  # where a project keeps the outputs of earlier builds, by the hash of their inputs


@dataclass
class Options:
    """How to build: ``strict`` (warnings fail), ``jobs`` (worker processes), ``cache``
    (the output cache's folder; None: render everything), ``progress(kind, n, total)``,
    ``report`` (the dashboard's folder; None: beside the site, see ``report.default_folder``)."""

    strict: bool = False
    jobs: int | None = None
    cache: Path | None = None
    progress: Callable[[str, int, int], None] | None = None
    report: Path | None = None
    archive: bool = False  # record the published files of each current version in archive/ (the command line does)
    # A concurrent.futures executor for the worker jobs (a Dask cluster's, leaflets.executors); None: local workers.
    executor: object | None = None


def build(project: Project, out: Path, *, strict: bool = False, today: date | None = None,
          options: Options | None = None) -> Result:
    """Check, render and publish, all or nothing (the previous output stays until the new one is
    complete; see ``Staging.publish``). ``strict`` is a shorthand for ``Options(strict=True)``."""
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
    report_folder = options.report or report.default_folder(out)
    problem = report.folder_problem(report_folder, out, project)
    if problem:
        raise ValueError(problem)  # the command line refuses such a folder before building
    staging = Staging(out)
    errors_before = len(diags.errors)
    try:
        for plan in result.plans:  # the leaflet pages list the older versions ("Previous versions")
            if plan.document is not None:
                plan.document.extra["versions"] = archive.listing(result.versions.get(plan.leaflet.id, []), plan.lang)
        stored = render(project, result, staging, options)
        archive.publish_all(project, result.versions, result.plans, staging, env_for)
        result.counts["failed"] = len(diags.errors) - errors_before
        if diags.blocking(strict) or not any(p.document is not None for p in result.plans):
            staging.discard()  # an error that stops the build, or nothing left to publish
            return result
        sources = {p.leaflet.id: holdback.source_id(p.leaflet) for p in result.plans}
        kept = holdback.keep_previous(result.plans, diags.held(), sources, staging)
        holdback.record(result.plans, sources, staging, kept)
        if options.cache is not None:
            cache = OutputCache(options.cache)
            for key, files in stored.items():
                cache.store(key, staging, files)
        result.outputs = dict(staging.written)
        staging.publish()
        result.published = True
    except BaseException:
        staging.discard()
        raise
    if options.archive:  # every version kept: what this build published, for the builds to come
        for leaflet in {p.leaflet.id: p.leaflet for p in result.plans}.values():
            archive.record(project, leaflet, [p.lang for p in result.plans
                                              if p.leaflet is leaflet and p.document is not None], out)
    # The team's dashboard, in its own folder: never part of the published site.
    result.report = report.publish(project, result.summaries, diags, report_folder, today)
    return result


def render(project: Project, result: Result, staging: Staging, options: Options) -> dict[str, list[str]]:
    """Every format of every published plan into ``staging``, taking unchanged outputs from the
    cache. Returns what to store in the cache once the build succeeds: key -> files."""
    plans = [plan for plan in result.plans if plan.document is not None]
    published: dict[str, list[str]] = {}  # leaflet id -> languages it publishes in, for language links
    for plan in plans:
        published.setdefault(plan.leaflet.id, []).append(plan.lang)
    cache = OutputCache(options.cache) if options.cache is not None else None
    memo = Memo(options.cache / "digests.json") if options.cache is not None else None
    base = fingerprint.project_key(project)
    leaflet_hashes = {plan.leaflet.id: fingerprint.tree(project.root, project.root / plan.leaflet.folder,
                                                        *(v.folder for v in result.versions.get(plan.leaflet.id, [])))
                      for plan in plans}
    keys = {(plan.leaflet.id, plan.lang): fingerprint.unit_key(
        project, base, plan.leaflet.id, leaflet_hashes[plan.leaflet.id], plan.lang, published[plan.leaflet.id],
        [] if plan.lang == SOURCE_LANGUAGE else [catalogues.po_path(project, plan.lang, domain)
                                                 for domain in (plan.leaflet.id, catalogues.UI_DOMAIN)],
        memo=memo)
        for plan in plans}
    if memo is not None:
        memo.save()
    fresh = [plan for plan in plans
             if cache is None or cache.restore(keys[(plan.leaflet.id, plan.lang)], staging) is None]
    result.counts.update(reused=len(plans) - len(fresh), built=len(fresh),
                         held_back=sum(plan.document is None for plan in result.plans))
    before = set(staging.written)
    diags = result.diagnostics
    held_at_start = diags.held()
    # The progress bar counts every output (progress.Count), each step in turn.
    count = progress.Count(options.progress, fresh, len({p.lang for p in plans if "site" in p.leaflet.meta.formats}))
    # Audio, braille and easy read first, then the other PDFs: their sizes go into the other formats' lists.
    count.step("audio")
    render_audio.render_all(project, fresh, staging, diags)
    count.step("braille")
    render_braille.render_all(project, fresh, staging, diags)
    render_easy_read.render_all(project, fresh, staging, diags, workers=options.jobs, progress=count.step("easy-read"),
                                executor=options.executor)
    jobs = [(plan.document, env_for(project, plan.lang, plan.translations)) for plan in fresh]
    render_pdf.render_all(project, jobs, staging, diags, workers=options.jobs, progress=count.step("pdf"),
                          executor=options.executor,
                          downloads=lambda doc, fmt: downloads_for(project, doc, staging, exclude=fmt))
    count.step("html")
    for plan in fresh:
        with diags.holding((plan.leaflet.id, plan.lang)):
            render_leaflet(project, plan, staging, published[plan.leaflet.id], diags)
        count.tick()
    unit_files = set(staging.written) - before
    # The website last: its "other formats" panels show the sizes of the files written above. A
    # language whose website fails is held back, and the others are built again without it.
    languages = {plan.lang for plan in plans}
    site_keys = {lang: fingerprint.site_key(base, lang, published,
                                            [keys[k] for k in keys if k[1] == lang]) for lang in languages}
    site_before = set(staging.written)
    reused = {lang for lang in languages if cache is not None and cache.restore(site_keys[lang], staging) is not None}
    ui = {plan.lang: plan.translations for plan in plans}
    count.step("site")
    count.tick(len(reused))  # the websites taken from the cache are done
    for _attempt in range(2):
        changed = holdback.withdraw(result, staging, diags.held())
        if changed:  # the language lists of the other pages change: render them again
            for rel in set(staging.written) - site_before:
                staging.remove(rel)
            reused = set()
            for plan in (p for p in result.plans if p.document is not None):
                with diags.holding((plan.leaflet.id, plan.lang)):
                    render_leaflet(project, plan, staging, holdback.languages_of(result.plans, plan.leaflet.id),
                                   diags)
        failed = render_site.build(project, result.plans, staging, diags, ui=ui.get, reuse=reused.__contains__,
                                   jobs=options.jobs or 1, executor=options.executor)
        if not failed or diags.blocking():
            break
    count.finish()
    if holdback.documents(diags.held()) - held_at_start:
        return {}  # something was held back while rendering: keep this build's outputs out of the cache
    stored = {keys[(p.leaflet.id, p.lang)]: sorted(f for f in unit_files if f.startswith(f"{p.lang}/{p.leaflet.id}/"))
              for p in fresh}
    site_written = set(staging.written) - site_before
    for lang in languages - reused:
        stored[site_keys[lang]] = sorted(f for f in site_written if f.startswith(f"{lang}/"))
    return stored


def site_url(project: Project, rel: str, here: str | None = None) -> str | None:
    """``rel`` absolute under the site's address, else relative to ``here`` (None: no link)."""
    return site_link(project.settings.base_url, rel, here)


def env_for(project: Project, lang: str, translations=None):
    """The Jinja2 environment of a language, with its interface translations (one place for every format)."""
    return environment(project.templates, lang, translations)


# format -> (file name suffix, extension, media) of the downloads a format lists
DOWNLOADS = {"large-print": ("-large-print", "pdf", "PDF"), "print": ("-print", "pdf", "PDF"),
             "html": ("", "html", "HTML")}


def downloads_for(project: Project, doc, staging: Staging, exclude: str, here: str | None = None) -> list[Download]:
    """This leaflet's other files in this language, with their sizes once written (PDFs come first;
    a failed one fails the whole build, so nothing links to a missing file). Links are relative to
    ``here`` when the project has no site address (``here`` None, a PDF: no links)."""
    out = []
    for fmt, (suffix, ext, media) in DOWNLOADS.items():
        if fmt == exclude or fmt not in doc.meta.formats:
            continue
        rel = output_path(doc.leaflet.id, doc.lang, suffix, ext)
        size = staging.written.get(rel)
        out.append(Download(fmt, site_url(project, rel, here), media, format_size(size) if size else None))
    if "easy-read" in doc.meta.formats and exclude != "easy-read":
        out += render_easy_read.downloads(project, doc, staging, here)
    out += render_braille.downloads(project, doc, staging, here)
    if "audio" in doc.meta.formats and exclude != "audio":
        for d in render_audio.downloads(staging.written, staging.path, doc.leaflet.id, doc.lang):
            rel = f"{doc.lang}/{doc.leaflet.id}/{d.href}"  # its href is relative to the leaflet's folder
            out.append(dataclasses.replace(d, href=site_url(project, rel, here)))
    return out


def render_leaflet(project: Project, plan: translate.Plan, staging: Staging, languages: list[str] = (),
                   diags: Diagnostics | None = None) -> None:
    doc = plan.document
    diags = Diagnostics() if diags is None else diags
    env = env_for(project, plan.lang, plan.translations)
    leaflet_id, lang = doc.leaflet.id, doc.lang
    here = output_path(leaflet_id, lang)
    downloads = downloads_for(project, doc, staging, exclude="html", here=here)
    english_href = site_url(project, output_path(leaflet_id, SOURCE_LANGUAGE), here)
    html = render_document(
        env, doc,
        css=(project.templates / "css" / "document.css").read_text(encoding="utf-8"),
        fmt="html",
        downloads=downloads,
        english_href=english_href,
        languages=[(other, site_url(project, output_path(leaflet_id, other), here))
                   for other in languages if other != lang],
        site=site_context(project, f"{lang}/accessibility/", here),
    )
    html = render_pdf.with_fonts(doc, html, diags, locate=lambda char: render_pdf.locate_char(doc, char),
                                 label=f"{render_pdf.where(doc)} single-file HTML")
    if html is not None:
        staging.write(output_path(leaflet_id, lang), html)
    for rel, file in pictures(project.root, doc).items():  # the pictures the page and the website show
        staging.write(rel, file.read_bytes())
