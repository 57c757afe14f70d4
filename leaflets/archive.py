"""Every published version kept: ``archive/<leaflet>/<version>/`` in the project.

A successful ``python build.py`` records the files it published for each leaflet's current
version (the single-file page and the PDFs, byte for byte, per language) with a
``version.yml``; the folders of other versions are never touched. Every build then publishes
each *older* version from the archive at ``<lang>/<leaflet>/versions/<version>/``: its files
and a page saying which version it is and that a newer one exists; the leaflet's web page
lists them under "Previous versions". The archive is part of the project (commit it), so a
clean checkout rebuilds every version exactly as patients were given it.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from . import outputs, write, yamlsource
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE
from .model import Leaflet, StrictModel
from .project import Project
from .outputs import format_size
from .write import Staging

FOLDER = "archive"
META = "version.yml"
VERSIONS = "versions"  # <lang>/<leaflet>/versions/<version>/ in the site


class VersionMeta(StrictModel):
    version: str
    published: datetime.date
    title: str


@dataclass(frozen=True)
class Version:
    leaflet_id: str
    meta: VersionMeta
    folder: Path  # archive/<leaflet>/<slug>
    files: dict[str, tuple[str, ...]]  # lang -> file names, as on the site

    @property
    def slug(self) -> str:
        return slug(self.meta.version)


def slug(version: str) -> str:
    """The version as a path segment: ``0.1 (provisional)`` -> ``0.1-provisional``."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", version).strip("-.") or "version"


def href(lang: str, leaflet_id: str, version: str) -> str:
    return f"{lang}/{leaflet_id}/{VERSIONS}/{slug(version)}/"


def older_versions(project: Project, leaflet: Leaflet, diags: Diagnostics) -> list[Version]:
    """The archived versions of ``leaflet`` other than its current one, newest first.

    A version whose ``version.yml`` is missing or invalid is left out with a warning
    (``archive.invalid``): the rest of the site still publishes."""
    base = project.root / FOLDER / leaflet.id
    current = slug(leaflet.meta.version)
    out = []
    for folder in sorted(p for p in base.glob("*") if p.is_dir()) if base.is_dir() else []:
        if folder.name == current:
            continue
        meta_file = folder / META
        path = project.rel(meta_file)
        if not meta_file.is_file():
            diags.warning(project.rel(folder), 1, f"archived version has no {META}: it is not published",
                          "archive.invalid")
            continue
        check = Diagnostics()
        parsed = yamlsource.parse(meta_file.read_text(encoding="utf-8"), path, check)
        meta = yamlsource.validate(VersionMeta, parsed[0], parsed[1], path, check) if parsed else None
        if meta is not None and slug(meta.version) != folder.name:
            check.warning(path, 1, f"version '{meta.version}' belongs in {slug(meta.version)}/, not {folder.name}/",
                        "archive.invalid")
        if check or meta is None:
            for d in check:
                diags.warning(d.path, d.line, f"{d.message}: this archived version is not published",
                              "archive.invalid")
            continue
        files = {lang.name: tuple(sorted(f.name for f in lang.iterdir() if f.is_file() and outputs.archived(f.name)))
                 for lang in sorted(folder.iterdir()) if lang.is_dir()}
        out.append(Version(leaflet.id, meta, folder, {k: v for k, v in files.items() if v}))
    return sorted(out, key=lambda v: (v.meta.published, v.meta.version), reverse=True)


def listing(versions: list[Version], lang: str) -> list[dict]:
    """The "Previous versions" of a leaflet page in ``lang``: version, date, link from the page."""
    return [{"version": v.meta.version, "published": v.meta.published, "href": f"{VERSIONS}/{v.slug}/"}
            for v in versions if lang in v.files]


NOTICE_AT = (re.compile(r"<main\b[^>]*>", re.I), re.compile(r"<body\b[^>]*>", re.I))  # first found wins


def publish_all(project: Project, versions: dict[str, list[Version]], plans, staging: Staging, env_for) -> None:
    """Every older version of every leaflet, in each language it was published in. The page is in
    that language when the leaflet publishes in it today, else in English."""
    css = (project.templates / "css" / "document.css").read_text(encoding="utf-8")
    for leaflet_id, kept in versions.items():
        shown = {p.lang: p for p in plans if p.leaflet.id == leaflet_id and p.document is not None}
        for version in kept:
            for lang in version.files:
                plan = shown.get(lang)
                page_lang = lang if plan else SOURCE_LANGUAGE
                env = env_for(project, page_lang, plan.translations if plan else None)
                title = plan.document.title.text if plan else version.meta.title
                publish(version, lang, page_lang, env, title, css, staging)


def publish(version: Version, lang: str, page_lang: str, env, title: str, css: str, staging: Staging) -> None:
    """One archived version in one language: its files as they were, the single page with a
    notice that a newer version exists, and an index page saying which version this is."""
    rel = href(lang, version.leaflet_id, version.meta.version)
    template = env.get_template("version.html")
    notice = env.get_template("_blocks.html").module.old_version(version.meta, "../../")
    downloads = []
    for name in version.files[lang]:
        data = (version.folder / lang / name).read_bytes()
        if name.endswith(".html"):
            text = data.decode("utf-8")
            found = next((m for m in (p.search(text) for p in NOTICE_AT) if m), None)
            if found:  # the page patients saved says it is out of date; the PDFs stay byte for byte
                text = text[:found.end()] + "\n" + str(notice) + text[found.end():]
            data = text.encode("utf-8")
        staging.write(rel + name, data)
        fmt, file = outputs.file_of(name)
        downloads.append(outputs.Download(fmt.name, name, file.media, format_size(len(data))))
    staging.write(rel + "index.html", template.render(version=version.meta, lang=page_lang, title=title,
                                                      css=Markup(css), downloads=downloads, notice=notice))


def record(project: Project, leaflet: Leaflet, langs: list[str], site: Path) -> list[Path]:
    """Copy what the build just published for the current version of ``leaflet`` into the archive
    (per language, replacing only that version's language folder); returns the folders written.
    A folder that holds these very files already is left as it is (not even its files' times change)."""
    folder = project.root / FOLDER / leaflet.id / slug(leaflet.meta.version)
    written = []
    for lang in langs:
        source = site / lang / leaflet.id
        names = sorted(p.name for p in source.glob(f"{leaflet.id}-{lang}*") if p.is_file() and outputs.archived(p.name))
        if not names:
            continue
        if _same(source, folder / lang, names):
            continue
        staging = Staging(folder / lang)
        try:
            for name in names:
                staging.write(name, (source / name).read_bytes())
            staging.publish()
        except BaseException:
            staging.discard()
            raise
        written.append(folder / lang)
    meta = {"version": leaflet.meta.version, "published": leaflet.meta.published, "title": leaflet.meta.title}
    text = "# Recorded by python build.py: the version these files are.\n" + \
        yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    if written or folder.is_dir() and not _same_text(folder / META, text):
        write.replace_file(folder / META, text)
    return written


def _same(source: Path, kept: Path, names: list[str]) -> bool:
    """Whether ``kept`` holds exactly ``names``, each with the same bytes as in ``source``."""
    try:
        return sorted(p.name for p in kept.iterdir()) == names and \
            all((kept / n).read_bytes() == (source / n).read_bytes() for n in names)
    except OSError:
        return False


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False
