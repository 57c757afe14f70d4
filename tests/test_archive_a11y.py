"""The pages of "Every version kept" pass the accessibility checks the website's pages do:
an old version's page (axe-core in Chromium, light and dark; the Nu HTML Checker) and the
leaflet page with its "Previous versions" list, in English and in Arabic (right to left)."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading

import pytest

import test_site_a11y as a11y
from leaflets import pipeline
from leaflets.project import Project
from support import copy_project

OLD = "0.0.9"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The project with an older version of the HSG leaflet archived in English and Arabic."""
    root = copy_project(tmp_path_factory.mktemp("archive-a11y") / "project")
    meta = root / "content/hsg/leaflet.yml"  # two languages are enough: left to right and right to left
    meta.write_text(meta.read_text(encoding="utf-8").replace("languages: [en, pl, ar, zh-Hans]", "languages: [en, ar]"),
                    encoding="utf-8")
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
    handler = functools.partial(a11y._QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_version_pages(site, server, scheme):
    if not a11y.AXE.is_file():
        pytest.fail("axe-core is missing: run scripts/setup.sh (npm ci in tests/a11y)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=a11y.CHROMIUM, args=a11y.CHROMIUM_ARGS)
        page = browser.new_context(color_scheme=scheme).new_page()
        problems = {}
        for rel in PAGES:
            a11y._goto(page, server + rel)
            if rel.endswith("/hsg/"):
                assert page.locator("#previous-versions a").count() == 1, rel
            found = a11y.axe_violations(page)
            if found:
                problems[rel] = found
        browser.close()
    assert problems == {}


@pytest.mark.browser
def test_nu_html_checker_finds_no_errors_on_version_pages(site):
    java = shutil.which("java")
    if not java or not a11y.VNU.is_file():
        pytest.fail("the Nu HTML Checker needs Java and vnu-jar: run scripts/setup.sh")
    files = [str(site / rel / "index.html") for rel in PAGES]
    run = subprocess.run([java, "-jar", str(a11y.VNU), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert [m["message"] for m in messages if m["type"] == "error" or m.get("subType") == "fatal"] == []
