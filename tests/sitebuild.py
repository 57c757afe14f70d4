"""The plans the website is built from, for the tests that call ``render_site.build`` directly
(the real build of the site is conftest's ``real_build``; a changed project is a small copy built
through the pipeline, ``support.copy_project(..., languages=..., formats=["html", "site"])``)."""
from __future__ import annotations

from leaflets import pipeline, translate
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project


def plans(project: Project, languages=("pl", "ar", "zh-Hans")) -> list[translate.Plan]:
    """English and ``languages``, as the catalogues publish them."""
    diags = Diagnostics()
    out = []
    for leaflet in pipeline.gather(project, diags):
        out.append(translate.plan(project, leaflet, "en", diags))
        for lang in languages:
            plan = translate.plan(project, leaflet, lang, diags)
            assert plan.document is not None, (lang, plan.reason)
            out.append(plan)
    assert not diags.failed(False), diags
    return out
