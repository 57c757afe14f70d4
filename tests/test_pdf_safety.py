"""Hostile content, translations and stylesheets never reach the PDFs: each fails the build, naming the leaflet.

Two layers are tested: the checks at load/render time (file and line), and the URL
fetcher WeasyPrint must use (the last line of defence, tested with the checks bypassed).
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from leaflets import isolate, pipeline, render_pdf
import support
from leaflets.project import Project
from pdfhelp import localized, render_documents

HOSTILE_MARKDOWN = {
    "attachment-link": "[x](../../etc/passwd){: rel=attachment }",
    "raw-attachment": '<a rel="attachment" href="/etc/passwd">details</a>',
    "file-image": "![A diagram](file:///etc/passwd)",
    "metadata-image": "![A diagram](http://169.254.169.254/latest/meta-data/)",
    "missing-image": "![A diagram of the womb](images/missing.png)",
}


def add_paragraph(project, text: str) -> str:
    section = project.content / "hsg" / "sections" / "about.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return "content/hsg/sections/about.md"


def assert_refused(result, out: Path, *needles: str):
    assert not result.published
    assert not out.exists(), "a refused build must publish nothing"
    errors = [str(d) for d in result.diagnostics.errors]
    assert errors
    assert any("hsg" in e and all(n in e for n in needles) for e in errors), errors


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(HOSTILE_MARKDOWN))
def test_hostile_markdown_fails_the_build_naming_the_leaflet(case, tmp_path):
    project = Project.at(support.copy_project(tmp_path / "project", site_url=support.SITE_URL))
    path = add_paragraph(project, HOSTILE_MARKDOWN[case])
    out = tmp_path / "site"
    result = pipeline.build(project, out)
    assert_refused(result, out, path)


@pytest.mark.pdf
def test_hostile_translation_fails_naming_leaflet_and_language(tmp_path):
    """A translator's text is checked too: nh3 would quietly neutralise it, the build must stop."""
    project = Project.at(support.copy_project(tmp_path / "project", site_url=support.SITE_URL))
    about = "You have been invited to have a hysterosalpingogram (HSG) in the fluoroscopy suite at " \
            "Addenbrooke’s hospital (X-ray level 3, follow signs to ultrasound)."
    for i, attack in enumerate(HOSTILE_MARKDOWN.values()):
        doc = localized("pl", {about: f"Zaproszenie {attack}"})
        out, diags = render_documents(project, [doc], tmp_path / f"site{i}")
        assert not out.exists()
        assert any("hsg (pl)" in str(d) and "translation" in str(d) for d in diags.errors), list(map(str, diags))


def test_remote_import_in_a_stylesheet_fails_naming_the_file_and_line(tmp_path):
    project = Project.at(support.copy_project(tmp_path / "project", languages=["en"], formats=["html", "site", "print"],
                                              site_url=support.SITE_URL))
    css = project.templates / "css" / "print.css"
    css.write_text("@import url(http://169.254.169.254/evil.css);\n" + css.read_text(encoding="utf-8"))
    out = tmp_path / "site"
    result = pipeline.build(project, out)  # check finds it: nothing is rendered
    assert not result.published and not out.exists()
    assert any(d.path == "templates/css/print.css" and d.line == 1 and d.code == "pdf.css-import"
               for d in result.diagnostics.errors)


@pytest.mark.pdf
def test_with_the_checks_bypassed_the_fetcher_still_fails_the_build(tmp_path, monkeypatch):
    """Last line of defence: WeasyPrint meets the remote @import itself and the fetcher stops it."""
    project = Project.at(support.copy_project(tmp_path / "project", languages=["en"], formats=["large-print"],
                                              site_url=support.SITE_URL))  # the one PDF: no page or website to make
    css = project.templates / "css" / "large-print.css"
    css.write_text("@import url(http://169.254.169.254/evil.css);\n" + css.read_text(encoding="utf-8"))
    monkeypatch.setattr(render_pdf, "check_stylesheet", lambda *args: True)
    out = tmp_path / "site"
    result = pipeline.build(project, out)
    assert_refused(result, out, "hsg (en) large print PDF failed", "169.254.169.254")


FETCHER_ATTACKS = {
    "attachment": '<a rel="attachment" href="file:///etc/passwd">x</a>',
    "file-image": '<img src="file:///etc/passwd" alt="x">',
    "metadata-image": '<img src="http://169.254.169.254/" alt="x">',
    "remote-import": "<style>@import url(http://169.254.169.254/x.css);</style>",
    "missing-image": '<img src="images/missing.png" alt="x">',
    "outside-folder": '<img src="../../../etc/passwd" alt="x">',
}


def job(tmp_path: Path, body: str) -> render_pdf.Job:
    folder = tmp_path / "content" / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    html = f'<!DOCTYPE html><html lang="en"><head><title>Demo</title></head><body><h1>Demo</h1>{body}</body></html>'
    return render_pdf.Job(key="demo.pdf", label="demo (en) print", html=html, base_url=folder.as_uri() + "/",
                          roots=(str(folder),), created="2026-11-01")


@pytest.mark.pdf
@pytest.mark.parametrize("case", sorted(FETCHER_ATTACKS))
def test_weasyprint_with_our_fetcher_refuses(case, tmp_path):
    outcome = render_pdf.render_job(job(tmp_path, FETCHER_ATTACKS[case]))
    assert outcome.pdf is None
    assert outcome.error and "Error fetching" in outcome.error


def test_weasyprint_with_our_fetcher_renders_allowed_pictures(tmp_path):
    picture = tmp_path / "content" / "demo" / "images" / "dot.svg"
    picture.parent.mkdir(parents=True)
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
                       'height="10"/></svg>')
    body = '<p><img src="images/dot.svg" alt="A dot"> <img src="data:image/svg+xml,%3Csvg xmlns=%22http://' \
           'www.w3.org/2000/svg%22 width=%225%22 height=%225%22/%3E" alt="Nothing"></p>'
    outcome = render_pdf.render_job(job(tmp_path, body))
    assert outcome.error is None and outcome.pdf.startswith(b"%PDF")


def test_fetcher_refuses_network_paths_outside_and_symlinks_out(tmp_path):
    from leaflets.fetcher import AssetFetcher  # WeasyPrint with it: not for every worker's collection

    root = tmp_path / "assets"
    root.mkdir()
    (root / "ok.txt").write_text("fine")
    (root / "link").symlink_to("/etc/passwd")
    fetcher = AssetFetcher([root])
    assert fetcher.fetch((root / "ok.txt").as_uri()).read() == b"fine"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for url in ("http://169.254.169.254/", "https://example.org/", "ftp://example.org/x",
                "file:///etc/passwd", (root / "link").as_uri(), (root / ".." / "x").as_uri(),
                "file://otherhost/etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    with pytest.raises(FileNotFoundError):
        fetcher.fetch((root / "missing.png").as_uri())
    assert fetcher._fail_on_errors is True


@pytest.mark.slow
def test_a_hung_pdf_is_killed_and_the_others_complete():
    started = time.monotonic()
    # The limit counts from when a worker starts the job (pebble), not from a cold pool's start: 1 s is ample for sleep(0).
    results = isolate.run_isolated(time.sleep, [60, 0], timeout=1, key=str)
    assert time.monotonic() - started < 30
    assert results["0"] is None  # time.sleep(0) finished
    assert "took longer than 1 s" in results["60"].error


@pytest.mark.pdf
def test_missing_glyph_is_an_error_naming_the_character_and_the_file(tmp_path):
    project = Project.at(support.copy_project(tmp_path / "project", site_url=support.SITE_URL))
    about = "You have been invited to have a hysterosalpingogram (HSG) in the fluoroscopy suite at " \
            "Addenbrooke’s hospital (X-ray level 3, follow signs to ultrasound)."
    doc = localized("pl", {about: "Zażółć gęślą jaźń \ue000"})  # private use: in no installed font
    out, diags = render_documents(project, [doc], tmp_path / "site")
    assert not out.exists()
    errors = [d for d in diags.errors if d.code == "pdf.missing-glyph"]
    assert len(errors) == 1
    assert errors[0].path == "content/hsg/sections/about.md" and errors[0].line == 6
    assert "U+E000" in errors[0].message and "hsg (pl)" in errors[0].message
    assert "script" in errors[0].message and errors[0].holds == ("hsg", "pl")  # holds back Polish only


def test_stylesheet_check_finds_every_remote_or_local_url(tmp_path):
    from leaflets.diagnostics import Diagnostics

    project = Project.at(support.copy_project(tmp_path / "project", site_url=support.SITE_URL))
    css = project.templates / "css" / "print.css"
    css.write_text(
        "@import 'http://example.org/a.css';\n"
        "@font-face { font-family: X; src: url(http://example.org/x.woff2) format('woff2'); }\n"
        "@page { @top-left { background: image-set(url('file:///etc/passwd') 1x); } }\n"
        "p { background: url(\"data:image/png;base64,iVBORw0KGgo=\"); }\n", encoding="utf-8")
    diags = Diagnostics()
    assert not render_pdf.check_stylesheet(project, css, diags)
    found = sorted((d.line, d.code) for d in diags.errors)
    assert found == [(1, "pdf.css-import"), (2, "pdf.css-url"), (3, "pdf.css-url")]
    clean = Diagnostics()
    assert render_pdf.check_stylesheet(project, project.templates / "css" / "large-print.css", clean)
    assert clean == []


@pytest.mark.slow
@pytest.mark.pdf
def test_a_pdf_over_its_time_limit_fails_the_build_naming_leaflet_and_language(tmp_path, monkeypatch):
    # Every language, the two formats TIMEOUT limits: no website, easy read, braille or audio to make.
    project = Project.at(support.copy_project(tmp_path / "project", languages=["en", "pl", "ar", "zh-Hans"],
                                              formats=["large-print", "print"], site_url=support.SITE_URL))
    monkeypatch.setattr(render_pdf, "TIMEOUT", 0.001)
    out = tmp_path / "site"
    result = pipeline.build(project, out)
    assert_refused(result, out, "hsg (en)", "took longer than")
    failed = {d.message.split(" PDF failed")[0] for d in result.diagnostics.errors if d.code == "pdf.render"}
    languages = ("en", "pl", "ar", "zh-Hans")
    assert failed == {f"hsg ({lang}) {fmt}" for lang in languages for fmt in ("large print", "print")}
