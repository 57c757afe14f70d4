"""The team's dashboard: every leaflet with its version, review date, reading age
and problems, and per language whether it is published (or why not), how much is
translated, which sections are stale and whether the translation was reviewed.

The page is ``index.html`` in a folder of its own, never under the published site
(default: beside it, ``site/`` -> ``site-report/``): staff information such as
overdue reviews and unreviewed translations is not for the public web server. ``build``
writes it once the site is published; ``report`` rewrites only that folder (a
:class:`~leaflets.write.Staging` of that folder alone, swapped into place).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel import Locale
from jinja2 import TemplateNotFound

from . import outputs, translate
from .check import Language, LeafletSummary
from .diagnostics import Diagnostics, format_text
from .document import SOURCE_LANGUAGE
from .project import Project
from .templating import environment
from .paths import default_report_folder
from .write import Staging

OWN_FILES = {"index.html"}  # all the folder holds: anything else means it is not a report folder


@dataclass(frozen=True)
class CatalogueStatus:
    path: str
    exists: bool
    translated: int = 0
    total: int = 0
    stale_sections: tuple[str, ...] = ()
    review_status: str | None = None  # the X-Review-Status header: "reviewed", "unreviewed", or None

    @property
    def percent(self) -> int:
        return translate.percent(self.translated, self.total) if self.total else 0


@dataclass(frozen=True)
class LanguageRow:
    language: Language
    name: str  # in English, for the team
    catalogue: CatalogueStatus | None  # None for the source language


@dataclass(frozen=True)
class LeafletRow:
    summary: LeafletSummary
    errors: int
    warnings: int
    languages: tuple[LanguageRow, ...]
    audio: tuple = ()  # diagnostics of its recordings: which to remake and why
    formats: tuple[str, ...] = ()  # the labels of the formats it is published in, in registry order


def catalogue_status(analysis: translate.Analysis) -> CatalogueStatus:
    """How much of a leaflet one language's catalogue translates, from the translation analysis.

    A section is stale when the English changed since it was translated: one of its
    messages is fuzzy (``update`` was run) or stale (it was not).
    """
    if analysis.problem and not analysis.units:
        return CatalogueStatus(analysis.catalogue, False)
    counts = analysis.counts()
    stale = []
    for unit in analysis.units:
        if unit.state in (translate.FUZZY, translate.STALE) and unit.context not in stale:
            stale.append(unit.context)
    return CatalogueStatus(analysis.catalogue, True, counts[translate.TRANSLATED], len(analysis.units),
                           tuple(stale), "reviewed" if analysis.reviewed else "unreviewed")


def language_name(lang: str) -> str:
    return Locale.parse(lang, sep="-").get_display_name("en") or lang


def rows(project: Project, summaries: list[LeafletSummary], diags: Diagnostics) -> list[LeafletRow]:
    out = []
    for summary in summaries:
        leaflet = summary.leaflet
        mine = [d for d in diags if d.path.startswith(leaflet.folder + "/") or d.path.endswith(f"/{leaflet.id}.po")]
        languages = tuple(
            LanguageRow(lang, language_name(lang.lang),
                        None if lang.analysis is None else catalogue_status(lang.analysis))
            for lang in summary.languages
        )
        out.append(LeafletRow(summary, sum(d.severity == "error" for d in mine),
                              sum(d.severity == "warning" for d in mine), languages,
                              tuple(d for d in mine if d.code.startswith("audio.")),
                              tuple(f.label for f in outputs.FORMATS if f.name in leaflet.meta.formats)))
    return out


def render(project: Project, summaries: list[LeafletSummary], diags: Diagnostics, today: date | None = None) -> str:
    env = environment(project.templates, SOURCE_LANGUAGE)
    return env.get_template("report.html").render(
        leaflets=rows(project, summaries, diags),
        today=today or date.today(),
        settings=project.settings,
        unloaded=unloaded(project, summaries, diags),
    )


def unloaded(project: Project, summaries: list[LeafletSummary], diags: Diagnostics) -> list[tuple[str, int]]:
    """Leaflet folders whose metadata did not load, with their error counts: they must show too."""
    loaded = {s.leaflet.id for s in summaries}
    out = []
    for meta_file in sorted(project.content.glob("*/leaflet.yml")):
        folder = meta_file.parent.name
        if folder not in loaded:
            out.append((f"content/{folder}", sum(d.path.startswith(f"content/{folder}/") for d in diags.errors)))
    return out


def folder_problem(folder: Path, site: Path, project: Project) -> str | None:
    """Why ``folder`` must not receive the dashboard (it replaces the folder whole), or None."""
    folder, site, root = Path(folder).resolve(), Path(site).resolve(), project.root.resolve()
    if folder == site or site in folder.parents:
        return f"{folder} is inside the published site {site}: the dashboard is for staff only"
    if folder in site.parents or folder == root or folder in root.parents:
        return f"{folder} holds the site or the project: give the dashboard a folder of its own"
    if folder.exists() and (not folder.is_dir() or any(p.name not in OWN_FILES for p in folder.iterdir())):
        return f"{folder} exists and is not a dashboard folder (it holds other files): choose another --report"
    return None


def publish(project: Project, summaries: list[LeafletSummary], diags: Diagnostics, folder: Path,
            today: date | None = None) -> Path | None:
    """Write ``folder/index.html``, replacing the folder as a whole; returns the page's path (None:
    not written, its template is a link out of the project, as the printed diagnostics say)."""
    staging = Staging(folder)
    try:
        staging.write("index.html", render(project, summaries, diags, today))
        staging.publish()
    except TemplateNotFound as missing:  # a template linked out of templates/: check says where
        staging.discard()
        print(format_text(diags), file=sys.stderr)
        print(f"report not written: template {missing}", file=sys.stderr)
        return None
    except BaseException:
        staging.discard()
        raise
    return staging.target / "index.html"


def command(project: Project, summaries: list[LeafletSummary], diags: Diagnostics, folder: Path | None,
            site: Path) -> int:
    """Rewrite the dashboard folder only (default: beside ``site``); the site stays as it is."""
    folder = folder or default_report_folder(site)
    problem = folder_problem(folder, site, project)
    if problem:
        print(f"report: {problem}", file=sys.stderr)
        return 1
    page = publish(project, summaries, diags, folder)
    if page is None:
        return 1
    errors, warnings = len(diags.errors), len(diags.warnings)
    print(f"wrote {page}: {len(summaries)} leaflet(s),"
          f" {errors} error(s), {warnings} warning(s) (details: python build.py check)", file=sys.stdout)
    return 0
