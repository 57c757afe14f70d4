"""Library scale: work proportional to change, and heavy libraries loaded only when needed."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support import ROOT, copy_project

HEAVY = ("weasyprint", "mkdocs", "material", "pebble", "distributed", "dask", "textstat", "bs4", "docx", "segno",
         "pikepdf")


def imported_by_check(root) -> list[str]:
    """The heavy libraries a `check` of ``root`` imports, in a fresh interpreter (this checkout's package)."""
    script = ("import sys; from pathlib import Path; from leaflets import cli, pipeline; "
              "from leaflets.project import Project; pipeline.check(Project.at(Path(sys.argv[1]))); "
              f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", script, str(root)], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    return run.stdout.split()


@pytest.mark.slow
def test_a_check_imports_no_renderer_and_with_nothing_changed_not_even_textstat(tmp_path):
    root = copy_project(tmp_path / "project", locales=False, warm=False)
    # The first check scores the text and loads mkdocs.yml as MkDocs does (so check finds what the
    # website's build would refuse); it renders nothing.
    assert imported_by_check(root) == ["mkdocs", "material", "textstat"]
    assert imported_by_check(root) == [], "scores and the configuration's check come from the cache"


@pytest.mark.slow
def test_glyph_and_braille_checks_are_replayed_when_nothing_changed_and_redone_where_it_did(tmp_path, monkeypatch):
    from leaflets import checkmemo, fonts, pipeline, render_braille
    from leaflets.project import Project

    root = copy_project(tmp_path / "project", warm=False)
    po = root / "locales" / "pl" / "LC_MESSAGES" / "hsg.po"
    text = po.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index('msgctxt "about"')) + len('msgstr "')
    po.write_text(text[:at] + "\ue000 " + text[at:], encoding="utf-8")  # a character no installed font has
    first = pipeline.check(Project.at(root))
    glyph = [d for d in first.diagnostics if d.code == "pdf.missing-glyph"]
    assert len(glyph) == 1 and glyph[0].holds == ("hsg", "pl") and glyph[0].path.endswith("pl/LC_MESSAGES/hsg.po")
    assert (root / checkmemo.CHECKS_MEMO).is_file()

    planned, brailled = [], []
    real_plan, real_build = fonts.plan, render_braille.build
    monkeypatch.setattr(fonts, "plan", lambda html, lang: planned.append(lang) or real_plan(html, lang))
    monkeypatch.setattr(render_braille, "build", lambda project, doc, *a: brailled.append(doc.lang)
                        or real_build(project, doc, *a))
    again = pipeline.check(Project.at(root))
    assert planned == [] and brailled == [], "nothing changed: nothing checked again"
    assert [(str(d), d.holds) for d in again.diagnostics] == [(str(d), d.holds) for d in first.diagnostics]

    po.write_text(po.read_text(encoding="utf-8").replace("\ue000 ", "", 1), encoding="utf-8")
    fixed = pipeline.check(Project.at(root))
    assert set(planned) == {"pl"}, "only the leaflet in the language whose catalogue changed is checked again"
    assert not [d for d in fixed.diagnostics if d.code == "pdf.missing-glyph"]


def test_the_progress_count_completes_a_step_that_made_less_and_never_runs_past_a_share():
    from types import SimpleNamespace

    from leaflets.progress import Count

    plan = SimpleNamespace(leaflet=SimpleNamespace(meta=SimpleNamespace(formats=["html", "large-print", "print", "braille"])))
    seen = []
    count = Count(lambda *state: seen.append(state), [plan, plan], languages=1)
    assert seen == [("outputs", 0, 9)]  # 2 x (2 PDFs, braille, single page) + 1 website
    count.step("leaflets.render_braille")  # made nothing: counted done when the next step starts
    tick = count.step("leaflets.render_pdf")
    for _ in range(6):
        tick(1)  # more ticks than its share of 4
    assert seen[-1] == ("outputs", 6, 9)
    count.step("leaflets.render_html")
    count.finish()
    assert seen[-1] == ("outputs", 9, 9)
    done = [d for _, d, _ in seen]
    assert done == sorted(done)


@pytest.mark.pdf
def test_the_progress_bar_counts_every_output_and_ends_full(tmp_path):
    import re

    from leaflets import pipeline
    from leaflets.project import Project

    root = copy_project(tmp_path / "project", locales=False, warm=False)  # English only
    meta = root / "content" / "hsg" / "leaflet.yml"
    meta.write_text(re.sub(r"(?m)^formats: .*$", "formats: [html, site, large-print, print, easy-read, braille]",
                           meta.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    seen = []
    options = pipeline.Options(jobs=2, cache=tmp_path / "cache", progress=lambda *state: seen.append(state))
    result = pipeline.build(Project.at(root), tmp_path / "site", options=options)
    assert result.published, [str(d) for d in result.diagnostics.errors]
    made = [f for f in result.outputs if f.startswith("en/hsg/hsg-en") and f.endswith((".pdf", ".brf"))]
    assert sorted(made) == ["en/hsg/hsg-en-easy-read.pdf", "en/hsg/hsg-en-large-print.pdf",
                            "en/hsg/hsg-en-print.pdf", "en/hsg/hsg-en.brf"]
    total = len(made) + 2  # and the single-file page, and the English website
    assert seen[0] == ("outputs", 0, total) and seen[-1] == ("outputs", total, total)
    done = [d for _, d, _ in seen]
    assert done == sorted(done) and len(set(done)) == total + 1, "one step per output"

    seen.clear()
    again = pipeline.build(Project.at(root), tmp_path / "again", options=options)
    assert again.counts["reused"] == 1
    assert seen == [("outputs", 0, 1), ("outputs", 1, 1)], "only the reused website is counted, done at once"


def test_a_check_loads_the_symbol_library_once_and_reports_its_problems_once(tmp_path, monkeypatch):
    from leaflets import check_easy_read, pipeline
    from leaflets.project import Project
    from support import clone_leaflet

    root = copy_project(tmp_path / "project", locales=False, warm=False)
    clone_leaflet(root, "hsg", "hsg-two")
    library = root / "symbols" / "symbols.yml"
    library.write_text(library.read_text(encoding="utf-8") + "\nnot: [closed\n", encoding="utf-8")  # a syntax error
    loads = []
    real = check_easy_read.load_library
    monkeypatch.setattr(check_easy_read, "load_library", lambda *a: loads.append(a) or real(*a))
    result = pipeline.check(Project.at(root))
    assert len(loads) == 1, "one library for every leaflet"
    assert [d.path for d in result.diagnostics if d.code == "yaml.syntax"] == ["symbols/symbols.yml"]


@pytest.mark.slow
def test_the_leaflets_of_a_language_share_its_interface_catalogue_and_template_environment(tmp_path, monkeypatch):
    """Memory in proportion to the library: every leaflet of a language shares one analysis of its
    ui.po and one Jinja2 environment for the whole check (not one a document: at 500 leaflets
    those copies were most of what the build process held)."""
    from leaflets import pipeline, templating
    from leaflets.project import Project
    from support import clone_leaflet

    root = copy_project(tmp_path / "project", warm=False)
    clone_leaflet(root, "hsg", "hsg-2")
    made = []
    real = templating._environment
    monkeypatch.setattr(templating, "_environment", lambda *args: made.append(args[1:]) or real(*args))
    result = pipeline.check(Project.at(root))
    plans = [p for p in result.plans if p.document is not None]
    by_lang = {}
    for plan in plans:
        by_lang.setdefault(plan.lang, []).append(plan)
    shared = [lang for lang, two in by_lang.items() if len(two) == 2 and lang != "en"]
    assert shared, by_lang  # a translated language that both leaflets publish
    for lang in shared:
        first, second = by_lang[lang]
        assert first.translations is second.translations
        assert first.analysis.ui_units is second.analysis.ui_units
    langs = [lang for lang, _ in made]
    assert "pl" in langs and len(langs) == len(set(langs)), made  # one environment a language, made once
    assert templating.environment(root / "templates", "en") is not templating.environment(root / "templates", "en")


@pytest.mark.slow
def test_an_edit_to_the_english_is_compared_with_the_old_texts_once_for_every_language(tmp_path, monkeypatch):
    """After an English edit every catalogue has the same orphaned entries: whether the new text has
    an old version (difflib, the slow part of a check then) is asked once, and every language's
    message is still found stale."""
    from leaflets import pipeline, translate
    from leaflets.project import Project

    root = copy_project(tmp_path / "project")
    section = root / "content" / "hsg" / "sections" / "about.md"
    text = section.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if len(line) > 60 and not line.startswith(("#", "-")))
    edited = old.rstrip(".") + ", as before."
    section.write_text(text.replace(old, edited, 1), encoding="utf-8")
    asked = []
    real = translate.difflib.get_close_matches
    monkeypatch.setattr(translate.difflib, "get_close_matches", lambda text, *a, **k: asked.append(text) or real(text, *a, **k))
    result = pipeline.check(Project.at(root))
    stale = {plan.lang for plan in result.plans if plan.analysis is not None
             for unit in plan.analysis.units if unit.state == translate.STALE and unit.text == edited}
    translated = {plan.lang for plan in result.plans if plan.lang != "en"}
    assert len(translated) >= 3 and stale == translated, (stale, translated)
    assert asked.count(edited) == 1, asked
