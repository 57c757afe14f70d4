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
from . import archive, audio, catalogues, check_easy_read, checkmemo, fingerprint, glyphs, hashing, holdback
from . import load, outputs, paths, pofile, progress, render_audio, render_braille, render_easy_read, render_pdf
from . import render_site, rendering, report, safety, site_config, translate
from .diagnostics import Diagnostics, Unit
from .document import SOURCE_LANGUAGE
from .model import Leaflet
from .project import Project
from .templating import environment, sharing
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
    unit_files: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # what each unit published


def gather(project: Project, diags: Diagnostics, today: date | None = None) -> list[Leaflet]:
    """Load and validate every leaflet."""
    return load.load_all(project.root, diags, today)


SAFETY_MEMO = ".cache/safety.json"
CATALOGUE_CACHE = ".cache/catalogues"


@sharing()  # one Jinja2 environment a language for the whole check (templating.sharing)
def check(project: Project, today: date | None = None) -> Result:
    """Everything the build would refuse for a content reason, without rendering anything (only
    the caches in .cache/ are written): what only rendering can know is listed in
    tests/test_check_complete.py."""
    # The settings' problems: an error stops the whole build; suppressed warnings are never reported.
    diags = Diagnostics(project.problems, suppress=project.settings.suppress)
    project.check_settings(diags)
    fixed = paths.check_fixed(project.root, diags)  # templates, fonts, mkdocs.yml: no link out of the project
    leaflets = gather(project, diags, today)
    # Safety answers and parsed catalogues kept by the hash of their inputs: only changes cost.
    with safety.remembering(project.root / SAFETY_MEMO), pofile.caching(project.root / CATALOGUE_CACHE):
        shared: dict = {}  # each language's interface catalogue read and analysed once (translate.analyse)
        plans = [translate.plan(project, leaflet, lang, diags, shared)
                 for leaflet in leaflets for lang in leaflet.meta.languages]
    # Every character of the text has a font, the braille and the easy read's translation pass their
    # checks, mkdocs.yml loads: found here, not first in the build; kept by the hash of their inputs
    # (checkmemo), so only what changed is checked again.
    with checkmemo.remembering(project, project.root / checkmemo.CHECKS_MEMO) as memo:
        for plan in (p for p in plans if p.document is not None):
            memo.run(plan, diags, lambda found, plan=plan: (
                glyphs.check_text_glyphs(plan.document, found, translate.interface(project, plan)),
                render_braille.check_document(project, plan.document, plan.translations, found),
                render_easy_read.check_plan(plan, found)))
        if fixed:  # what the formats would refuse before rendering a page: the PDF stylesheets, mkdocs.yml
            render_pdf.check_stylesheets(project, diags)
            render_easy_read.check_stylesheets(project, diags)
            # mkdocs.yml by what every output shares, each website's theme language by its language
            # too: a check that publishes other languages (a translation held back) loads no MkDocs.
            websites = [lang.lang for lang in render_site.languages(plans)]
            if websites:
                config = Diagnostics()
                memo.run_key(hashing.digest("site-config", memo.base), config,
                             lambda found: site_config.check(project, found))
                diags.extend(config)
                if not any(d.code == "site.mkdocs" for d in config):  # it loads: then each theme language
                    for lang in websites:
                        memo.run_key(hashing.digest("site-language", memo.base, lang), diags,
                                     lambda found, lang=lang: site_config.theme_language(project, lang, found))
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
    ``report`` (the dashboard's folder; None: beside the site, see ``paths.default_report_folder``)."""

    strict: bool = False
    jobs: int | None = None
    cache: Path | None = None
    progress: Callable[[str, int, int], None] | None = None
    report: Path | None = None
    archive: bool = False  # record the published files of each current version in archive/ (the command line does)
    # A concurrent.futures executor for the worker jobs (a Dask cluster's, leaflets.executors); None: local workers.
    executor: object | None = None


@sharing()  # and for the whole build
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
    report_folder = options.report or paths.default_report_folder(out)
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
        holdback.record(result.plans, sources, staging, kept, result.unit_files)
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
    """Every format of every published plan into ``staging``: each format's module in the
    registry's order (:mod:`leaflets.outputs`), over the units the cache does not hold. Returns
    what to store in the cache once the build succeeds: key -> exactly the files rendered for it."""
    plans = [plan for plan in result.plans if plan.document is not None]
    cache = OutputCache(options.cache) if options.cache is not None else None
    keys = unit_keys(project, result, plans, options)
    files: dict[Unit, list[str]] = {}  # every unit's files, restored or rendered (holdback's record)
    for plan in plans:
        restored = cache.restore(keys[plan.leaflet.id, plan.lang], staging) if cache is not None else None
        if restored is not None:
            files[plan.leaflet.id, plan.lang] = restored
    fresh = [plan for plan in plans if (plan.leaflet.id, plan.lang) not in files]
    result.counts.update(reused=len(plans) - len(fresh), built=len(fresh),
                         held_back=sum(plan.document is None for plan in result.plans))
    diags = result.diagnostics
    held_at_start = diags.held()
    # The progress bar counts every output (progress.Count), one step a renderer.
    websites = len({p.lang for p in plans if "site" in p.leaflet.meta.formats})
    count = progress.Count(options.progress, fresh, websites)
    ctx = context(project, staging, diags, result.plans, options)
    written = rendering.Written(staging)
    for module in outputs.renderers(per_language=False):  # audio, braille, easy read, PDFs, single page
        ctx.progress = count.step(module.__name__)
        written.merge(module.render(ctx, fresh))
    # The website last: its "other formats" panels show the sizes of the files written above. A
    # language whose website fails is held back, and the others are built again without it.
    languages = {plan.lang for plan in plans}
    site_keys = {lang: fingerprint.site_key(keys.base, lang, keys.published,
                                            [keys[k] for k in keys if k[1] == lang]) for lang in languages}
    site = rendering.Written(staging)  # the website's files, restored or rendered: (leaflet or "", lang) -> files
    for lang in languages:
        restored = cache.restore(site_keys[lang], staging) if cache is not None else None
        if restored is not None:
            site["", lang] = restored
    reused = {lang for _, lang in site}
    site_module = outputs.renderers(per_language=True)[0]
    ctx.progress = count.step(site_module.__name__)
    count.tick(len(reused))  # the websites taken from the cache are done
    for _attempt in range(2):
        if holdback.withdraw(result, staging, diags.held(), rendering.Written(staging).merge(files).merge(written)):
            # The other pages' language lists change: the website and the formats listing languages again.
            for rel in {f for unit_files in site.values() for f in unit_files if f in staging.written}:
                staging.remove(rel)
            ctx.plans, reused, site = result.plans, set(), rendering.Written(staging)
            published = [p for p in result.plans if p.document is not None]
            ctx.progress, tick = None, ctx.progress  # pages made again are not new outputs
            for module in outputs.renderers(per_language=False, lists_languages=True):
                written.merge(module.render(ctx, published))
            ctx.progress = tick
        ctx.reuse = reused.__contains__
        held = diags.held()
        for module in outputs.renderers(per_language=True):
            site.merge(module.render(ctx, fresh))
        if diags.held() == held or diags.blocking():
            break
    everything = rendering.Written(staging).merge(files).merge(written)  # a restored unit's pages made again too
    result.unit_files = {unit: sorted(unit_files) for unit, unit_files in everything.items()}
    for plan in (p for p in result.plans if p.document is not None):  # its website page, made or restored
        page = outputs.path("site", plan.leaflet.id, plan.lang)
        if page in staging.written and page not in result.unit_files.get((plan.leaflet.id, plan.lang), []):
            result.unit_files.setdefault((plan.leaflet.id, plan.lang), []).append(page)
    count.finish()
    if holdback.documents(diags.held()) - held_at_start:
        return {}  # something was held back while rendering: keep this build's outputs out of the cache
    stored = {keys[p.leaflet.id, p.lang]: sorted(written.get((p.leaflet.id, p.lang), [])) for p in fresh}
    for lang in languages - reused:
        stored[site_keys[lang]] = sorted(f for (_, site_lang), pages in site.items() if site_lang == lang for f in pages)
    return stored


class Keys(dict):
    """(leaflet id, language) -> the cache key of its outputs; ``base``: what every output shares;
    ``published``: leaflet id -> the languages it publishes in (its pages link them)."""

    def __init__(self, base: str, published: dict[str, list[str]]):
        super().__init__()
        self.base, self.published = base, published


def unit_keys(project: Project, result: Result, plans: list, options: Options) -> Keys:
    published: dict[str, list[str]] = {}
    for plan in plans:
        published.setdefault(plan.leaflet.id, []).append(plan.lang)
    keys = Keys(fingerprint.project_key(project), published)
    memo = Memo(options.cache / "digests.json") if options.cache is not None else None
    hashes = {plan.leaflet.id: fingerprint.tree(project.root, project.root / plan.leaflet.folder,
                                                *(v.folder for v in result.versions.get(plan.leaflet.id, [])))
              for plan in plans}
    for plan in plans:
        keys[plan.leaflet.id, plan.lang] = fingerprint.unit_key(
            project, keys.base, plan.leaflet.id, hashes[plan.leaflet.id], plan.lang, published[plan.leaflet.id],
            [] if plan.lang == SOURCE_LANGUAGE else [catalogues.po_path(project, plan.lang, domain)
                                                     for domain in (plan.leaflet.id, catalogues.UI_DOMAIN)],
            memo=memo)
    if memo is not None:
        memo.save()
    return keys


def context(project: Project, staging: Staging, diags: Diagnostics | None = None, plans: list = (),
            options: Options | None = None) -> rendering.Context:
    """What the renderers are given (:class:`leaflets.rendering.Context`); ``plans``: every plan
    of the build, whose languages the pages link."""
    options = options or Options()
    return rendering.Context(project, staging, Diagnostics() if diags is None else diags, list(plans),
                             jobs=options.jobs, executor=options.executor,
                             length=lambda rel: render_audio.length_of(staging.path, rel))


def env_for(project: Project, lang: str, translations=None):
    """The Jinja2 environment of a language, with its interface translations (one place for every format)."""
    return environment(project.templates, lang, translations)
