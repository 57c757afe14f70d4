"""The website: every published leaflet in every language, on mkdocs-material.

For each language with a published leaflet, the pages are generated from the
same :class:`~leaflets.document.Document` objects as every other format (so the
site shows exactly the translated text, with ``lang``/``dir`` on fallback
passages), and MkDocs runs once, through its Python API, with the project's
``mkdocs.yml`` and per-language overrides. Each language so gets its own search
index, its own 404 page and the theme's interface in that language (Arabic
right to left through ``theme.language``).

MkDocs empties its ``site_dir``; the PDFs and single-file HTML live in the same
``<lang>/<leaflet>/`` folders. So MkDocs builds into a scratch folder and its
output is copied into the staging area with :meth:`Staging.write`, refusing to
replace anything another format wrote.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path
from typing import Callable

import yaml
from jinja2 import Environment
from markupsafe import Markup, escape

from .diagnostics import EVERY, Diagnostics
from . import document, isolate, outputs, paths, render_audio, site_config, site_pages
from .mkdocs_run import build_date, epoch
from .document import SOURCE_LANGUAGE, Document, direction
from .outputs import Download, site_link
from .project import Project
from .render_html import site_context
from .rendering import Context, Written
from .site_config import mkdocs_log, theme_config, theme_language
from .templating import environment
from .translate import Plan
from .write import Staging

FORMAT = "site"


@dataclass(frozen=True)
class Language:
    lang: str
    name: str  # in the language itself: "Polski", "العربية"
    docs: tuple[Document, ...]

    @property
    def dir(self) -> str:
        return direction(self.lang)


def language_name(lang: str) -> str:
    """The language named in itself, capitalised as a menu entry: "English", "Polski", "中文 (简体)"."""
    name = document.language_name(lang) or lang
    return name[:1].upper() + name[1:]


def downloads(written: dict[str, int], leaflet_id: str, lang: str, root: Path | None = None) -> list[Download]:
    """The other files of this leaflet in this language written so far, with their sizes, for its
    page's "Other formats" panel: links relative to the page (``<lang>/<leaflet>/``), beside which
    they sit; ``root``: the staging folder, where a recording's length is read."""
    formats = [f.name for f in outputs.FORMATS]  # the page lists what was written: the leaflet listed it
    here = outputs.path(FORMAT, leaflet_id, lang)
    return outputs.downloads(leaflet_id, lang, formats, written, exclude=FORMAT,
                             link=lambda rel: site_link(None, rel, here),
                             length=(lambda rel: render_audio.length_of(root, rel)) if root is not None else
                             (lambda rel: None), only_written=True)


def languages(plans: list[Plan]) -> list[Language]:
    """Languages with at least one published leaflet; English first, then in plan order."""
    by_lang: dict[str, list[Document]] = {}
    for p in plans:
        if p.document is not None and FORMAT in p.leaflet.meta.formats:
            by_lang.setdefault(p.lang, []).append(p.document)
    order = sorted(by_lang, key=lambda lang: lang != SOURCE_LANGUAGE)
    return [Language(lang, language_name(lang), tuple(by_lang[lang])) for lang in order]


def render(ctx: Context, units: list[Plan]) -> Written:
    """The website of every language with a published leaflet (``ctx.plans``; ``units``: those
    rendered afresh this build, whose pages the cache does not hold). A language whose website
    fails writes nothing: its error holds back every leaflet in it (see :func:`build`)."""
    ui = {p.lang: p.translations for p in ctx.plans if p.document is not None}
    out = build(ctx.project, ctx.plans, ctx.staging, ctx.diags, ui=ui.get, reuse=ctx.reuse,
                jobs=isolate.worker_count(ctx.jobs), executor=ctx.executor)
    ctx.tick(len({lang for _leaflet, lang in out if lang}))  # each language's website made
    return out


def build(project: Project, plans: list[Plan], staging: Staging, diags: Diagnostics,
          ui: Callable[[str], NullTranslations | None] | None = None,
          reuse: Callable[[str], bool] = lambda lang: False, jobs: int = 1, executor=None) -> Written:
    """The whole website: ``index.html`` and one MkDocs build per language; returns what it wrote,
    by unit: a leaflet's page under (leaflet, language), a language's other pages under ("", language),
    the site root's files under ("", ""). A language whose website fails writes nothing, and its
    error holds back every leaflet in that language (the caller builds the others again without
    it). English failing stops the build.

    ``ui(lang)`` gives the interface catalogue of a language (None: English);
    ``reuse(lang)`` is true for a language whose pages the build took unchanged from its cache.
    MkDocs runs in strict mode (mkdocs.yml): any warning of its stops the build. The warning
    itself is a ``site.mkdocs-warning`` at its source (see :class:`~leaflets.site_config.MkDocsLog`),
    and the failure (``site.mkdocs``) is reported at the same place (a failing template: at its line).
    With ``jobs`` over 1 the languages build in the PDFs' warm worker processes
    (:mod:`leaflets.isolate`), or on ``executor`` (a cluster); their files are written here, in this process.
    """
    langs = languages(plans)
    published = frozenset((d.leaflet.id, lang.lang) for lang in langs for d in lang.docs)
    todo = [language for language in langs if not reuse(language.lang)]
    light = [Language(lang.lang, lang.name, ()) for lang in langs]  # the switcher needs names, not documents
    tasks = [SiteTask(project, ui(language.lang) if ui else None, language,
                      [language if other.lang == language.lang else other for other in light], published,
                      {d.leaflet.id: downloads(staging.written, d.leaflet.id, language.lang, staging.path)
                       for d in language.docs},
                      os.environ.get("SOURCE_DATE_EPOCH") or epoch(max(d.meta.published for d in language.docs)))
             for language in todo]
    failed, out = set(), Written(staging)

    def ended(task: SiteTask, result) -> None:
        """One language's website, in the languages' order, written as soon as it is made (a
        library's websites are never all held here at once); after a failure, nothing more."""
        language = task.language
        if not isinstance(result, tuple):  # the worker itself failed (isolate.Outcome)
            result = ({}, [], (result.error, (None, None)))
        files, problems, failure = result
        if SOURCE_LANGUAGE in failed:
            return  # English failed: the build stops; its error says why (the others would repeat it)
        diags.extend(problems)
        if failure:
            message, (filename, line) = failure
            holds = None if language.lang == SOURCE_LANGUAGE else (EVERY, language.lang)
            path, line = site_config.failure_at(problems, paths.project_file(project.root, filename), line)
            diags.error(path, line, f"MkDocs could not build the {language.lang} website: {message}", "site.mkdocs", holds=holds)
            failed.add(language.lang)
        if failed:
            return
        pages = {outputs.path(FORMAT, d.leaflet.id, language.lang): d.leaflet.id for d in language.docs}
        for rel in list(files):
            if rel in staging.written:
                raise RuntimeError(f"the website would replace {rel}, written by another format")
            out.write((pages.get(rel, ""), language.lang), rel, files.pop(rel))

    if executor is not None or (jobs > 1 and len(tasks) > 1):  # no time limit: MkDocs has none
        isolate.run_isolated(build_language_task, tasks, None, workers=jobs, executor=executor, each=ended)
    else:
        for task in tasks:
            ended(task, build_language_task(task))
    if failed:  # a language whose website fails writes nothing, nor does any other: they are built again
        for files in out.values():
            for rel in files:
                staging.remove(rel)
        return Written(staging)
    env = environment(project.templates, SOURCE_LANGUAGE)
    site_name = strings(env)("site_name")
    css = Markup((project.templates / "css" / "document.css").read_text(encoding="utf-8"))  # our own file
    html = env.get_template("website/root.html").render(
        lang=SOURCE_LANGUAGE, languages=langs, site_name=site_name, css=css,
        site=site_context(project, f"{SOURCE_LANGUAGE}/accessibility/", "index.html"))
    out.write(("", ""), "index.html", html)
    if project.settings.base_url:
        out.write(("", ""), "sitemap.xml", site_pages.sitemap(site_pages.sitemap_pages(
            project.settings.base_url, [lang.lang for lang in langs], staging.written)))
    return out


def alternates(langs: list[Language], current: str, path: str, up: str, available) -> list[dict]:
    """The language switcher's entries for one page: ``path`` in each language where ``available``."""
    return [
        {"name": lang.name, "lang": lang.lang, "dir": lang.dir, "link": f"{up}{lang.lang}/{path}",
         "current": lang.lang == current}
        for lang in langs if available(lang.lang)
    ]


@dataclass(frozen=True)
class SiteTask:
    """Everything one language's website needs (picklable: it may go to a worker or a cluster)."""

    project: Project
    ui: NullTranslations | None
    language: Language
    langs: list[Language]
    published: frozenset[tuple[str, str]]
    downloads: dict[str, list[Download]]  # leaflet id -> its "Other formats", from the files written here
    epoch: str  # SOURCE_DATE_EPOCH for MkDocs' dates: the caller's, else the newest leaflet's date


def build_language_task(task: SiteTask):
    """One language's website, here or in a worker: (files, diagnostics, MkDocs failure or None)."""
    from mkdocs.exceptions import MkDocsException

    diags = Diagnostics()
    env = environment(task.project.templates, task.language.lang, task.ui)
    try:
        with build_date(task.epoch):
            files = build_language(task.project, env, task.language, task.langs, task.published, task.downloads, diags)
        return files, list(diags), None
    except MkDocsException as exc:
        return {}, list(diags), (str(exc), (None, None))
    except Exception as exc:  # the theme's templates failing for this language (a Jinja error in an override)
        where = (getattr(exc, "filename", None), getattr(exc, "lineno", None))
        return {}, list(diags), (f"{type(exc).__name__}: {exc}", where)


def build_language(project: Project, env: Environment, language: Language, langs: list[Language],
                   published: frozenset[tuple[str, str]], downloads_of: dict[str, list[Download]],
                   diags: Diagnostics) -> dict[str, bytes]:
    """One language's website: its files (path in the site -> bytes); ``downloads_of[leaflet id]``
    is the leaflet's "Other formats" panel."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    lang = language.lang
    _ = strings(env)
    with tempfile.TemporaryDirectory(prefix=f"leaflets-site-{lang}-") as scratch, \
            mkdocs_log(lang, language.docs, diags, project.root) as log:
        docs_dir, site_dir = Path(scratch, "docs"), Path(scratch, "site")
        nav = [{_("leaflets"): "index.md"}]
        for doc in language.docs:
            leaflet_id = doc.leaflet.id
            body = env.get_template("website/leaflet.html").render(
                doc=doc,
                downloads=downloads_of[leaflet_id],
                english_href=f"../../{SOURCE_LANGUAGE}/{leaflet_id}/",
                source_lang=SOURCE_LANGUAGE,
            )
            switcher = alternates(langs, lang, f"{leaflet_id}/", "../../",
                                  lambda other: (leaflet_id, other) in published)
            title = str(escape(doc.title.text))
            _page(docs_dir / leaflet_id / "index.md", title, switcher, body, details=details(env, doc, _))
            nav.append({title: f"{leaflet_id}/index.md"})
        home = env.get_template("website/list.html").render(lang=lang, docs=language.docs)
        _page(docs_dir / "index.md", _("leaflets"),
              alternates(langs, lang, "", "../", lambda other: True), home)
        newest = max(doc.meta.published for doc in language.docs)
        updated = Markup('<time datetime="%s">%s</time>') % (newest.isoformat(), env.filters["date"](newest))
        for folder, key, body in site_pages.index_pages(env, lang, list(language.docs), project, updated):
            _page(docs_dir / folder / "index.md", _(key),
                  alternates(langs, lang, f"{folder}/", "../../", lambda other: True), body)
            nav.append({_(key): f"{folder}/index.md"})

        config = log.config = load_config(
            str(project.root / "mkdocs.yml"),
            docs_dir=str(docs_dir),
            site_dir=str(site_dir),
            # No address, no canonical links (MkDocs writes them from site_url only).
            site_url=f"{project.settings.base_url}{lang}/" if project.settings.base_url else None,
            site_name=_("site_name"),
            nav=nav,
            # Our hook is part of the package, not of a project: found by its own path.
            hooks=[str(Path(__file__).with_name("site_hooks.py"))],
            theme=theme_config(project, theme_language(project, lang, Diagnostics()), _),  # check warns
            extra={
                # Not a list: the theme then shows our switcher (partials/alternate.html) but
                # writes no <link rel=alternate>, which its script would use to send a
                # click on the switcher to whichever page it guesses from the sitemaps.
                "alternate": True,
                # No "Made with Material for MkDocs": English on every page, in no language's words.
                "generator": False,
                "leaflets": {
                    # The language and direction of the pages' text, for the root element (site_hooks).
                    "lang": lang,
                    "dir": direction(lang),
                    # The switcher where a page has none of its own (the 404 page): the
                    # language home pages, from the site root.
                    "languages": alternates(langs, lang, "", root_path(project), lambda other: True),
                    "not_found": _("not_found"),
                    "not_found_link": _("not_found_link"),
                    "home": f"{root_path(project)}{lang}/",
                    "site": site_chrome(project, _),
                },
            },
        )
        mkdocs_build(config)
        # MkDocs' own sitemaps list one language and no alternates: the site's sitemap.xml does.
        return {f"{lang}/{file.relative_to(site_dir).as_posix()}": file.read_bytes()
                for file in sorted(site_dir.rglob("*"))
                if file.is_file() and file.relative_to(site_dir).as_posix() not in MKDOCS_SITEMAPS}


MKDOCS_SITEMAPS = {"sitemap.xml", "sitemap.xml.gz"}


def details(env: Environment, doc: Document, _) -> str:
    """The leaflet's version and review date for its page's footer (HTML, escaped)."""
    review = doc.meta.review
    version = Markup('<span lang="en">%s</span>') % doc.meta.version
    date = Markup('<time datetime="%s">%s</time>') % (review.isoformat(), env.filters["date"](review))
    return str(env.get_template("website/strings.html").module.details(version, date)).strip()


def site_chrome(project: Project, _) -> dict:
    """The trust in the theme's header and footer (main.html, partials/copyright.html): values escaped
    here, as MkDocs' templates do not escape."""
    site = project.settings.site
    links = [{"label": _("accessibility_link"), "href": "accessibility/", "internal": True}]
    links += [{"label": _(key), "href": str(escape(href)), "internal": False}
              for key, href in (("privacy", site.privacy_url), ("contact", site.contact_url)) if href]
    return {
        "organisation": str(escape(site.organisation)) if site.organisation else "",
        "organisation_lang": SOURCE_LANGUAGE,
        "logo": project.logo_uri or "",
        "logo_alt": str(escape(site.logo_alt or "")),
        "brand_colour": site.brand_colour,
        "links": links,
    }


def root_path(project: Project) -> str:
    """The URL path of the site root ("/" for https://example.org/, and without an address)."""
    if not project.settings.base_url:
        return "/"
    return "/" + project.settings.base_url.split("://", 1)[1].partition("/")[2]


def strings(env):
    """``t(key)``: an interface string of templates/website/strings.html in the environment's language,
    HTML-escaped (MkDocs' templates insert config and titles without escaping)."""
    macro = env.get_template("website/strings.html").module.t
    return lambda key: str(macro(key)).strip()


def _page(path: Path, title: str, switcher: list[dict], body: str, details: str | None = None) -> None:
    """One MkDocs page: front matter (title, language switcher, the footer's leaflet details), then
    our HTML as a raw block."""
    meta = {"title": title, "alternate": switcher, "hide": ["toc"]}
    if details:
        meta["details"] = details
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front}---\n\n{body.strip()}\n", encoding="utf-8")
