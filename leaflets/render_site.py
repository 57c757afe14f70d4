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

import calendar
import logging
import multiprocessing
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from gettext import NullTranslations
from pathlib import Path, PurePosixPath
from typing import Callable

import material
import yaml
from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .diagnostics import EVERY, Diagnostics
from . import document, paths, render_audio, site_pages
from .document import SOURCE_LANGUAGE, Document, direction
from .project import Project
from .render_html import Download, output_path, site_context
from .templating import environment, format_size
from .translate import Plan
from .write import Staging

# Published files of one leaflet in one language, in the order the page lists
# them: (format, path suffix, extension, media).
FORMAT_FILES = (
    ("large-print", "-large-print", "pdf", "PDF"),
    ("easy-read", "-easy-read", "pdf", "PDF"),
    ("print", "-print", "pdf", "PDF"),
    ("html", "", "html", "HTML"),
    ("braille", "", "brf", "BRF"),
)
# The theme's interface translations: its own, and ours (templates/website/theme).
THEME_LANGUAGE_DIRS = (Path(material.__file__).parent / "templates" / "partials" / "languages",)


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
    """The files of this leaflet in this language written so far, with their sizes.

    Links are relative to the leaflet's page (``<lang>/<leaflet>/``), beside which they sit.
    """
    found = []
    for fmt, suffix, ext, media in FORMAT_FILES:
        rel = output_path(leaflet_id, lang, suffix, ext)
        if rel in written:
            found.append(Download(fmt, PurePosixPath(rel).name, media, format_size(written[rel])))
    easy_page = f"{lang}/{leaflet_id}/easy-read/index.html"
    if easy_page in written:
        found.insert(1, Download("easy-read", "easy-read/", "HTML", format_size(written[easy_page])))
    if root is not None:  # the staging folder: the audio file's length is read from it
        found += render_audio.downloads(written, root, leaflet_id, lang)
    return found


def languages(plans: list[Plan]) -> list[Language]:
    """Languages with at least one published leaflet; English first, then in plan order."""
    by_lang: dict[str, list[Document]] = {}
    for p in plans:
        if p.document is not None and "site" in p.leaflet.meta.formats:
            by_lang.setdefault(p.lang, []).append(p.document)
    order = sorted(by_lang, key=lambda lang: lang != SOURCE_LANGUAGE)
    return [Language(lang, language_name(lang), tuple(by_lang[lang])) for lang in order]


def build(project: Project, plans: list[Plan], staging: Staging, diags: Diagnostics,
          ui: Callable[[str], NullTranslations | None] | None = None,
          reuse: Callable[[str], bool] = lambda lang: False, jobs: int = 1) -> set[str]:
    """The whole website: ``index.html`` and one MkDocs build per language. Returns the languages
    whose website failed: nothing of theirs is written, and their error holds back every leaflet
    in that language (the caller builds the others again without it). English failing stops the build.

    ``ui(lang)`` gives the interface catalogue of a language (None: English);
    ``reuse(lang)`` is true for a language whose pages the build took unchanged from its cache.
    MkDocs runs in strict mode (mkdocs.yml): any warning of its stops the build, reported
    as an error on mkdocs.yml after the warning itself (``site.mkdocs-warning``, at the
    leaflet of the page MkDocs names, see :class:`MkDocsLog`). With ``jobs`` over 1 the languages build in that
    many worker processes at once; their files are written here, in this process.
    """
    langs = languages(plans)
    published = {(d.leaflet.id, lang.lang) for lang in langs for d in lang.docs}
    todo = [language for language in langs if not reuse(language.lang)]
    global _TASK
    _TASK = (project, ui, langs, published, dict(staging.written), staging.path)
    try:
        if jobs > 1 and len(todo) > 1:
            # fork: the workers share this process's documents instead of receiving copies.
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
                results = list(pool.map(_build_language_task, todo))
        else:
            results = [_build_language_task(language) for language in todo]
    finally:
        _TASK = None
    failed = set()
    english = [r for language, r in zip(todo, results) if language.lang == SOURCE_LANGUAGE and r[2]]
    for language, (files, problems, failure) in zip(todo, results):
        if english and language.lang != SOURCE_LANGUAGE:
            continue  # English failed: the build stops; its error says why (the others would repeat it)
        diags.extend(problems)
        if failure:
            message, (filename, line) = failure
            holds = None if language.lang == SOURCE_LANGUAGE else (EVERY, language.lang)
            path = paths.project_file(project.root, filename) or "mkdocs.yml"
            diags.error(path, line or 1 if path != "mkdocs.yml" else 1,
                        f"MkDocs could not build the {language.lang} website: {message}", "site.mkdocs", holds=holds)
            failed.add(language.lang)
    if failed:
        return failed
    for language, (files, problems, failure) in zip(todo, results):
        for rel, data in files.items():
            if rel in staging.written:
                raise RuntimeError(f"the website would replace {rel}, written by another format")
            staging.write(rel, data)
    env = environment(project.templates, SOURCE_LANGUAGE)
    site_name = strings(env)("site_name")
    css = Markup((project.templates / "css" / "document.css").read_text(encoding="utf-8"))  # our own file
    html = env.get_template("website/root.html").render(
        lang=SOURCE_LANGUAGE, languages=langs, site_name=site_name, css=css,
        site=site_context(project, f"{SOURCE_LANGUAGE}/accessibility/", "index.html"))
    staging.write("index.html", html)
    if project.settings.base_url:
        staging.write("sitemap.xml", site_pages.sitemap(site_pages.sitemap_pages(project.settings.base_url, [lang.lang for lang in langs], staging.written)))
    return set()


def alternates(langs: list[Language], current: str, path: str, up: str, available) -> list[dict]:
    """The language switcher's entries for one page: ``path`` in each language where ``available``."""
    return [
        {"name": lang.name, "lang": lang.lang, "dir": lang.dir, "link": f"{up}{lang.lang}/{path}",
         "current": lang.lang == current}
        for lang in langs if available(lang.lang)
    ]


_TASK = None  # (project, ui, langs, published, files written so far, staging folder) while build() runs


def _build_language_task(language: Language):
    """One language's website, in this process or a forked worker: (files, diagnostics, MkDocs failure)."""
    project, ui, langs, published, written, root = _TASK
    diags = Diagnostics()
    env = environment(project.templates, language.lang, ui(language.lang) if ui else None)
    try:
        return build_language(project, env, language, langs, published, written, diags, root), list(diags), None
    except MkDocsException as exc:
        return {}, list(diags), (str(exc), (None, None))
    except Exception as exc:  # the theme's templates failing for this language (a Jinja error in an override)
        where = (getattr(exc, "filename", None), getattr(exc, "lineno", None))
        return {}, list(diags), (f"{type(exc).__name__}: {exc}", where)


def build_language(project: Project, env: Environment, language: Language, langs: list[Language],
                   published: set[tuple[str, str]], written: dict[str, int], diags: Diagnostics,
                   root: Path | None = None) -> dict[str, bytes]:
    """One language's website: its files (path in the site -> bytes); ``written`` gives the sizes
    of the other formats' files for the "Other formats" panels."""
    lang = language.lang
    _ = strings(env)
    with tempfile.TemporaryDirectory(prefix=f"leaflets-site-{lang}-") as scratch, \
            mkdocs_log(language, diags) as log:
        docs_dir, site_dir = Path(scratch, "docs"), Path(scratch, "site")
        nav = [{_("leaflets"): "index.md"}]
        for doc in language.docs:
            leaflet_id = doc.leaflet.id
            body = env.get_template("website/leaflet.html").render(
                doc=doc,
                downloads=downloads(written, leaflet_id, lang, root),
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
            theme=theme_config(project, theme_language(project, lang, diags), _),
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
        with build_date(newest):
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


class MkDocsLog(logging.Handler):
    """MkDocs' own warnings (and errors) during one language's build, as ``site.mkdocs-warning``:
    at the leaflet whose page MkDocs was reading or names, else on mkdocs.yml."""

    PAGE_RE = re.compile(r"Doc file '([^']+)'")

    def __init__(self, language: Language, diags: Diagnostics):
        super().__init__(logging.WARNING)
        self.language, self.diags = language, diags
        self.config = None  # set once loaded: MkDocs names the page it is building there
        self.pages = {f"{d.leaflet.id}/index.md": d.leaflet.meta_path for d in language.docs}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        current = getattr(self.config, "_current_page", None) if self.config is not None else None
        page = current.file.src_uri if current is not None else None
        if page is None and (named := self.PAGE_RE.search(message)):
            page = named[1]
        site_page = f", page {self.language.lang}/{page.removesuffix('index.md')}" if page else ""
        level = "" if record.levelno == logging.WARNING else f"{record.levelname.lower()}: "
        self.diags.warning(self.pages.get(page, "mkdocs.yml"), 1,
                           f"MkDocs ({self.language.lang} website{site_page}): {level}{message}", "site.mkdocs-warning")


@contextmanager
def mkdocs_log(language: Language, diags: Diagnostics):
    """Collect the ``mkdocs`` logger's warnings as diagnostics while the block runs."""
    handler = MkDocsLog(language, diags)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@contextmanager
def build_date(day: date):
    """MkDocs dates its sitemap from SOURCE_DATE_EPOCH, else from the clock: pin it to the
    content's own date, so the same content gives the same bytes (a SOURCE_DATE_EPOCH set
    by the caller wins)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def root_path(project: Project) -> str:
    """The URL path of the site root ("/" for https://example.org/, and without an address)."""
    if not project.settings.base_url:
        return "/"
    return "/" + project.settings.base_url.split("://", 1)[1].partition("/")[2]


def theme_language(project: Project, lang: str, diags: Diagnostics) -> str:
    """The theme's interface language for ``lang``: itself, else its base language, else English (a warning)."""
    custom = project.root / _theme_section(project)["custom_dir"] / "partials" / "languages"
    for candidate in (lang, lang.split("-")[0]):
        if any((folder / f"{candidate}.html").is_file() for folder in (custom, *THEME_LANGUAGE_DIRS)):
            return candidate
    diags.warning("mkdocs.yml", 1, f"the theme has no interface translation for '{lang}': its buttons and "
                  f"labels show in English (add templates/website/theme/partials/languages/{lang}.html)",
                  "site.theme-language")
    return SOURCE_LANGUAGE


def _theme_section(project: Project) -> dict:
    return dict(yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))["theme"])


def theme_config(project: Project, theme_lang: str, _) -> dict:
    """The theme section of mkdocs.yml for one language: interface language, translated toggles."""
    theme = _theme_section(project)
    theme["language"] = theme_lang
    theme["custom_dir"] = str(project.root / theme["custom_dir"])
    names = {"default": _("dark"), "slate": _("light")}
    theme["palette"] = [
        {**option, "toggle": {**option["toggle"], "name": names[option["scheme"]]}} if "toggle" in option else option
        for option in theme.get("palette", [])
    ]
    return theme


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
