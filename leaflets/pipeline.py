"""The build, in the order of the data: gather and validate everything, then
translate, render every format, check, and only then publish.

Nothing is published unless the whole build succeeded (errors, or warnings
under ``--strict``, stop it), so the previous site stays as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import load, render_site, translate
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE
from .model import Leaflet
from .project import Project
from .render_html import Download, output_path, render_document
from .templating import environment
from .write import Staging


@dataclass
class Result:
    diagnostics: Diagnostics
    published: bool = False
    outputs: dict[str, int] = field(default_factory=dict)  # path -> size in bytes
    plans: list[translate.Plan] = field(default_factory=list)


def gather(project: Project, diags: Diagnostics, today: date | None = None) -> list[Leaflet]:
    """Load and validate every leaflet."""
    return load.load_all(project.root, diags, today)


def check(project: Project, today: date | None = None) -> Result:
    """Everything a build validates, without writing anything."""
    diags = Diagnostics()
    leaflets = gather(project, diags, today)
    plans = [translate.plan(project, leaflet, lang, diags) for leaflet in leaflets for lang in leaflet.meta.languages]
    return Result(diags, plans=plans)


def build(project: Project, out: Path, *, strict: bool = False, today: date | None = None) -> Result:
    result = check(project, today)
    diags = result.diagnostics
    if diags.failed(strict):
        return result
    staging = Staging(out)
    try:
        for plan in result.plans:
            if plan.document is not None:
                render_leaflet(project, plan, staging)
        # The website last: its "other formats" panels show the sizes of the files written above.
        render_site.build(project, result.plans, staging, diags)
        if diags.failed(strict):
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


def render_leaflet(project: Project, plan: translate.Plan, staging: Staging) -> None:
    doc = plan.document
    env = environment(project.templates, doc.lang)
    leaflet_id, lang = doc.leaflet.id, doc.lang
    downloads = []
    english_href = site_url(project, output_path(leaflet_id, SOURCE_LANGUAGE))
    html = render_document(
        env, doc,
        css=(project.templates / "css" / "document.css").read_text(encoding="utf-8"),
        fmt="html",
        downloads=downloads,
        english_href=english_href,
    )
    staging.write(output_path(leaflet_id, lang), html)
