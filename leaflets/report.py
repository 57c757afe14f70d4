"""The team's dashboard: every leaflet with its version, review date, reading age
and problems, and per language whether it is published (or why not), how much is
translated, which sections are stale and whether the translation was reviewed.

The page is ``_report/index.html`` in the site; no patient page links to it.
``build`` writes it with the rest of the site; ``report`` rewrites only the
``_report/`` folder (a :class:`~leaflets.write.Staging` of that folder alone,
swapped into place), so it never touches the published leaflets.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel import Locale

from . import translate
from .check import Language, LeafletSummary
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE
from .project import Project
from .templating import environment
from .write import Staging

FOLDER = "_report"


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
                              tuple(d for d in mine if d.code.startswith("audio."))))
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


def write(project: Project, summaries: list[LeafletSummary], diags: Diagnostics, staging: Staging,
          rel: str = f"{FOLDER}/index.html", today: date | None = None) -> None:
    staging.write(rel, render(project, summaries, diags, today))


def command(project: Project, summaries: list[LeafletSummary], diags: Diagnostics, out: Path) -> int:
    """Rewrite ``out/_report/`` only; the rest of the site stays as it is."""
    staging = Staging(Path(out) / FOLDER)
    try:
        write(project, summaries, diags, staging, "index.html")
        staging.publish()
    except BaseException:
        staging.discard()
        raise
    errors, warnings = len(diags.errors), len(diags.warnings)
    print(f"wrote {Path(out) / FOLDER / 'index.html'}: {len(summaries)} leaflet(s),"
          f" {errors} error(s), {warnings} warning(s) (details: python build.py check)", file=sys.stdout)
    return 0
