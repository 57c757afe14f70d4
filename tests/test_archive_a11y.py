"""The pages of "Every version kept" pass the accessibility checks the website's pages do:
an old version's page (axe-core in Chromium, light and dark; the Nu HTML Checker) and the
leaflet page with its "Previous versions" list, in English and in Arabic (right to left)."""
from __future__ import annotations

import pytest

import test_site_a11y as a11y
from leaflets import pipeline
from leaflets.project import Project
from support import copy_project

OLD = "0.0.9"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The project with an older version of the HSG leaflet archived in English and Arabic."""
    # Two languages are enough (left to right and right to left), and the web formats: no PDF.
    root = copy_project(tmp_path_factory.mktemp("archive-a11y") / "project", languages=["en", "ar"],
                        formats=["html", "site"])
    for lang in ("en", "ar"):
        folder = root / "archive/hsg" / OLD / lang
        folder.mkdir(parents=True)
        (folder / f"hsg-{lang}.html").write_text(
            f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>HSG</title></head>'
            '<body><main id="main"><h1>HSG</h1><p>The old text.</p></main></body></html>', encoding="utf-8")
    (root / "archive/hsg" / OLD / "version.yml").write_text(
        f'version: "{OLD}"\npublished: 2025-06-01\ntitle: Hysterosalpingogram (HSG)\n', encoding="utf-8")
    out = root.parent / "site"
    result = pipeline.build(Project.at(root), out)
    assert result.published, [str(d) for d in result.diagnostics.errors]
    return out


PAGES = [f"{lang}/hsg/{page}" for lang in ("en", "ar") for page in (f"versions/{OLD}/", "")]


@pytest.fixture(scope="module")
def server(site):
    with a11y.serve(site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_version_pages(browser, site, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = {}
    for rel in PAGES:
        a11y._goto(page, server + rel)
        if rel.endswith("/hsg/"):
            assert page.locator("#previous-versions a").count() == 1, rel
        found = a11y.axe_violations(page)
        if found:
            problems[rel] = found
    context.close()
    assert problems == {}


@pytest.mark.browser
def test_nu_html_checker_finds_no_errors_on_version_pages(site):
    errors, code = a11y.vnu_errors(a11y.start_vnu([site / rel / "index.html" for rel in PAGES]), site)
    assert errors == [] and code == 0
