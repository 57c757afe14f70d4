"""Translations in real output: what publishes, what falls back, what never reaches a reader."""
from __future__ import annotations

import json
import re

import pytest

import support
from i18n_support import edit_entry, fill, page, project_copy, pseudo, set_languages
from leaflets import cli, pipeline
from leaflets.project import Project

pytestmark = pytest.mark.slow  # a dozen builds, one a test

PHONE = "01223 216455"


# What these tests read is the single-file page: the builds render only it (no PDF, no website),
# except where a test says otherwise.
SINGLE_PAGE = ["html"]


def build(root, tmp_path, formats=SINGLE_PAGE):
    """Build the copy at ``root`` into tmp_path/site, with only ``formats`` (None: as it says)."""
    if formats is not None:
        meta = root / "content" / "hsg" / "leaflet.yml"
        meta.write_text(re.sub(r"^formats: .*$", f"formats: [{', '.join(formats)}]", meta.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
    out = tmp_path / "site"
    result = pipeline.build(Project.at(root), out)
    return result, out


def doc_path(out, lang):
    return out / lang / "hsg" / f"hsg-{lang}.html"


@pytest.fixture
def polish(tmp_path):
    """A project copy whose only other language is Polish, fully 'translated'."""
    root = project_copy(tmp_path, with_locales=False)
    set_languages(root, ["en", "pl"])
    paths = fill(root, "pl", lambda s: "PL " + s)
    return root, paths


def test_a_complete_translation_publishes_with_the_unreviewed_notice(polish, tmp_path):
    root, _ = polish
    result, out = build(root, tmp_path)
    assert result.published and not result.diagnostics.errors
    p = page(doc_path(out, "pl"))
    assert p.html_attrs() == {"lang": "pl", "dir": "ltr"}
    assert "PL How do I prepare for a hysterosalpingogram?" in p.text
    assert "PL This translation has not yet been checked by a qualified translator." in p.text
    english = [a for tag, a in p.elements if tag == "a" and a.get("hreflang") == "en"]
    assert english and english[0]["href"].endswith("en/hsg/hsg-en.html")
    assert "PL Parts of this leaflet are not yet translated." not in p.text  # nothing fell back
    # English only in names, version and links (and the trust's logo, whose alt text is its own words).
    assert not [a for tag, a in p.elements
                if a.get("lang") == "en" and tag not in ("a", "p", "dd", "span") and a.get("class") != "logo"]


def test_a_reviewed_translation_has_no_notice(tmp_path):
    root = project_copy(tmp_path, with_locales=False)
    set_languages(root, ["en", "pl"])
    fill(root, "pl", lambda s: "PL " + s, reviewed=True)
    result, out = build(root, tmp_path)
    text = page(doc_path(out, "pl")).text
    assert "checked by a qualified translator" not in text
    assert "PL Contents" in text


def test_a_changed_phone_number_is_an_error_and_appears_nowhere(polish, tmp_path, capsys):
    root, paths = polish
    line = edit_entry(paths["hsg"], "If necessary please contact the fluoroscopy booking team",
                      "PL If necessary please contact the fluoroscopy booking team on 01223 216456 "
                      "or your referring clinician.")
    result, out = build(root, tmp_path)
    errors = [d for d in result.diagnostics.errors if d.code == "i18n.safety"]
    assert [(d.path, d.line) for d in errors] == [("locales/pl/LC_MESSAGES/hsg.po", line)]
    assert "01223 216456" in errors[0].message
    assert result.published  # English still publishes ...
    assert not doc_path(out, "pl").exists()  # ... Polish does not
    for file in out.rglob("*"):
        if file.is_file():
            assert b"216456" not in file.read_bytes()
    # check reports it and fails; build publishes the safe languages but still exits 1
    assert cli.main(["--root", str(root), "check"]) == 1
    assert "hsg.po:%d: error:" % line in capsys.readouterr().out
    assert cli.main(["--root", str(root), "build", "--out", str(tmp_path / "site2")]) == 1
    assert (tmp_path / "site2" / "en" / "hsg" / "hsg-en.html").exists()
    assert not (tmp_path / "site2" / "pl").exists()


def test_stale_critical_text_holds_the_language_back(polish, tmp_path):
    root, _ = polish
    section = root / "content/hsg/sections/risks.md"
    section.write_text(section.read_text(encoding="utf-8").replace("less than 1 in 100", "less than 1 in 200"),
                       encoding="utf-8")
    result, out = build(root, tmp_path)
    warnings = [d for d in result.diagnostics.warnings if d.code == "i18n.not-published"]
    assert len(warnings) == 1 and "stale" in warnings[0].message and "risks.md" in warnings[0].message
    assert warnings[0].path == "locales/pl/LC_MESSAGES/hsg.po"
    assert result.published and doc_path(out, "en").exists() and not doc_path(out, "pl").exists()


def test_stale_non_critical_text_falls_back_to_english_with_a_notice(tmp_path):
    root = project_copy(tmp_path, with_locales=False)
    set_languages(root, ["en", "pl"])
    meta = root / "content/hsg/leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("translation_threshold: 100",
                                                             "translation_threshold: 80"), encoding="utf-8")
    fill(root, "pl", lambda s: "PL " + s)
    section = root / "content/hsg/sections/arrival.md"
    new = "Please report to the reception desk in the ultrasound department on level 3."
    section.write_text(section.read_text(encoding="utf-8").replace(
        "Please report to the reception desk in the ultrasound department on level 3.",
        "Please report to the main reception desk in the ultrasound department on level 3."), encoding="utf-8")
    result, out = build(root, tmp_path)
    assert not [d for d in result.diagnostics if d.code == "i18n.not-published"]
    p = page(doc_path(out, "pl"))
    fallback = [(text, stack) for text, stack in p.texts if "main reception desk" in text]
    assert fallback, "the English fallback is shown"
    assert fallback[0][1][-1][1].get("lang") == "en" and fallback[0][1][-1][1].get("dir") == "ltr"
    assert "PL Parts of this leaflet are not yet translated. They are shown in English." in p.text
    assert new not in p.text  # the old translation's English is not shown either
    assert not any("PL Please report" in t for t, _ in p.texts)  # the stale translation never shows


def test_a_fuzzy_entry_never_reaches_output(tmp_path):
    root = project_copy(tmp_path, with_locales=False)
    set_languages(root, ["en", "pl"])
    meta = root / "content/hsg/leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("translation_threshold: 100",
                                                             "translation_threshold: 50"), encoding="utf-8")
    paths = fill(root, "pl", lambda s: "PL " + s)
    edit_entry(paths["hsg"], "You will be asked to lie on an x-ray table", "FUZZY-PL leży pani na stole", fuzzy=True)
    result, out = build(root, tmp_path)
    html = doc_path(out, "pl").read_text(encoding="utf-8")
    assert "FUZZY-PL" not in html
    assert "You will be asked to lie on an x-ray table" in html  # the English, marked as such
    assert "PL Parts of this leaflet are not yet translated." in html


def test_a_fuzzy_interface_string_holds_the_language_back(polish, tmp_path):
    root, paths = polish
    edit_entry(paths["ui"], "Skip to the leaflet", "FUZZY-UI Przejdź", fuzzy=True)
    result, out = build(root, tmp_path)
    assert not doc_path(out, "pl").exists()
    assert any("interface string" in d.message for d in result.diagnostics.warnings)


def test_markup_and_template_syntax_in_a_translation_are_inert(polish, tmp_path):
    root, paths = polish
    edit_entry(paths["hsg"], "After the HSG you can go home",
               # No digits in the template expression: the safety check counts each number of the English.
               "<script>alert('x')</script> {{ 'ab' ~ 'cd' }} <b onclick=alert('x')>wynik</b> za 7 do 14 dni.")
    edit_entry(paths["ui"], "Contents", "<script>alert('ui')</script>{{ config }}")
    result, out = build(root, tmp_path)
    assert not result.diagnostics.errors, result.diagnostics
    html = doc_path(out, "pl").read_text(encoding="utf-8")
    p = page(doc_path(out, "pl"))
    assert not [a for tag, a in p.elements if tag == "script" or "onclick" in a or "onerror" in a]
    assert "abcd" not in p.text
    assert "{{ 'ab' ~ 'cd' }}" in p.text  # shown as text, never evaluated
    assert "&lt;script&gt;alert(&#39;ui&#39;)&lt;/script&gt;" in html or "&lt;script&gt;" in html


def test_arabic_is_right_to_left_with_local_dates_and_language_names(tmp_path):
    root = project_copy(tmp_path, with_locales=False)
    set_languages(root, ["en", "ar", "zh-Hans"])
    fill(root, "ar", lambda s: "عربي " + s)
    fill(root, "zh-Hans", lambda s: "中文 " + s)
    result, out = build(root, tmp_path)
    ar = page(doc_path(out, "ar"))
    assert ar.html_attrs() == {"lang": "ar", "dir": "rtl"}
    times = [t for t, stack in ar.texts if stack and stack[-1][0] == "time"]
    assert times and all("November" not in t for t in times)
    assert any("نوفمبر" in t for t in times)
    zh = page(doc_path(out, "zh-Hans"))
    assert zh.html_attrs() == {"lang": "zh-Hans", "dir": "ltr"}  # BCP 47 in lang, folder zh_Hans
    assert any("2026年11月1日" in t for t, stack in zh.texts if stack and stack[-1][0] == "time")
    # The organisation name stays English and says so.
    org = [stack for t, stack in ar.texts if "Cambridge University Hospitals NHS" in t]
    assert org and all(s[-1][1].get("lang") == "en" for s in org)
    # Each page links the other languages, each named in its own language and marked as such.
    links = {stack[-1][1].get("hreflang"): (t, stack[-1][1]) for t, stack in ar.texts
             if stack and stack[-1][0] == "a" and stack[-1][1].get("hreflang")}
    assert links["zh-Hans"][0] == "中文 (简体)" and links["zh-Hans"][1]["lang"] == "zh-Hans"
    assert links["en"][0] == "English" and links["en"][1]["dir"] == "ltr"
    en = page(doc_path(out, "en"))
    assert any(t == "العربية" and s[-1][1].get("dir") == "rtl" for t, s in en.texts if s and s[-1][0] == "a")
    from leaflets.document import language_name
    assert language_name("pl") == "polski"
    assert language_name("ar") == "العربية"
    assert language_name("zh-Hans") == "中文 (简体)"


@pytest.mark.pdf
def test_pseudo_locale_proves_no_string_escapes_translation(tmp_path):
    """Every text of the page comes from a catalogue, except phone numbers, dates, version and organisation."""
    # No braille: Esperanto's table has none of the pseudo letters. No audio: it is English only
    # (the Esperanto page is the same without it).
    root = support.copy_project(tmp_path / "project", locales=False,
                                formats=["html", "site", "large-print", "print", "easy-read"])
    set_languages(root, ["en", "eo"])  # Babel knows no en-XA: Esperanto carries the pseudo-locale
    fill(root, "eo", pseudo)
    result, out = build(root, tmp_path, formats=None)  # every format, listed in the page in Esperanto
    assert not result.diagnostics.errors, result.diagnostics
    p = page(doc_path(out, "eo"))
    allowed_tags = {"time", "style"}
    escaped = []
    for text, stack in p.texts:
        if any(tag in allowed_tags for tag, _ in stack):
            continue
        if stack[-1][0] == "a" and stack[-1][1].get("hreflang") == stack[-1][1].get("lang"):
            continue  # a language's own name in the list of languages
        if any(attrs.get("lang") == "en" for _, attrs in stack):  # organisation and version, marked English
            assert text.strip() in ("Cambridge University Hospitals NHS Foundation Trust", "0.1 (provisional)"), text
            continue
        if any("tel" in (attrs.get("class") or "") for _, attrs in stack):
            continue
        if re.search(r"[A-Za-z]", text):
            escaped.append(text.strip())
    assert escaped == []
    for tag, attrs in p.elements:
        if tag == "img" and attrs.get("class") == "logo" and attrs.get("lang") == "en":
            continue  # the trust's logo: its own words (logo_alt), marked English like its name
        for name in ("alt", "title", "aria-label"):
            if attrs.get(name):
                assert not re.search(r"[A-Za-z]", attrs[name]), (tag, name, attrs[name])
        if tag == "meta" and attrs.get("name") == "description":
            assert not re.search(r"[A-Za-z]", attrs["content"])
    assert "«" in p.text


def test_status_tells_the_truth(polish, tmp_path, capsys):
    root, paths = polish
    edit_entry(paths["hsg"], "You will be asked to lie on an x-ray table", fuzzy=True)
    edit_entry(paths["hsg"], "Infection of the fallopian tubes", "PL Zakażenie (mniej niż 1 na 1000).")
    edit_entry(paths["hsg"], "Smoking is not allowed anywhere on the hospital campus", "")
    section = root / "content/hsg/sections/arrival.md"
    section.write_text(section.read_text(encoding="utf-8").replace("on level 3", "on level 3 (lift B)"),
                       encoding="utf-8")
    assert cli.main(["--root", str(root), "i18n", "status", "--json"]) == 1  # a safety problem is an error
    data = json.loads(capsys.readouterr().out)
    row = next(r for r in data["rows"] if r["leaflet"] == "hsg" and r["lang"] == "pl")
    assert (row["fuzzy"], row["unsafe"], row["untranslated"], row["stale"]) == (1, 1, 1, 1)
    assert row["publishes"] is False and "safety check" in row["reason"]
    total = sum(row[k] for k in ("translated", "fuzzy", "untranslated", "stale", "unsafe"))
    from i18n_support import leaflets_of
    assert total == len(leaflets_of(root)[0].messages())
    ui = next(r for r in data["rows"] if r["leaflet"] == "(interface)")
    assert ui["untranslated"] == 0 and ui["translated"] > 10
    assert cli.main(["--root", str(root), "i18n", "status"]) == 1
    text = capsys.readouterr().out
    assert re.search(r"^hsg\s+pl\s+\d+\s+1\s+1\s+1\s+1\s+no\s+no$", text, re.M), text


def test_below_the_threshold_a_language_is_held_back_and_the_build_says_why(polish, tmp_path):
    root, paths = polish  # translation_threshold: 100 in the real metadata
    edit_entry(paths["hsg"], "Smoking is not allowed anywhere on the hospital campus", "")
    result, out = build(root, tmp_path)
    warnings = [d for d in result.diagnostics.warnings if d.code == "i18n.not-published"]
    assert len(warnings) == 1 and "100% required" in warnings[0].message
    assert result.published and not doc_path(out, "pl").exists()


def test_an_unreviewed_catalogue_publishes_only_by_a_recorded_decision(tmp_path):
    root = project_copy(tmp_path, with_locales=False)
    set_languages(root, ["en", "pl"])
    meta = root / "content" / "hsg" / "leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("  pl: {decision: publish-with-notice", "  xx-pl: {x"),
                    encoding="utf-8")
    meta.write_text("\n".join(line for line in meta.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("  xx-pl")) + "\n", encoding="utf-8")
    fill(root, "pl", lambda s: "PL " + s, decision=False)
    result = pipeline.check(Project.at(root))
    plan = next(p for p in result.plans if p.lang == "pl")
    assert plan.document is None and "not reviewed" in plan.reason
    held = [d for d in result.diagnostics.warnings if d.code == "i18n.not-published" and "pl" in d.message]
    assert held and "unreviewed: {pl: {decision: publish-with-notice" in held[0].message
    assert not result.diagnostics.errors
    # The decision, recorded with who took it, publishes it (with the notice: the document says unreviewed).
    text = meta.read_text(encoding="utf-8").replace(
        "unreviewed:\n", "unreviewed:\n  pl: {decision: publish-with-notice, decided_by: Comms lead, "
                         "decided_on: 2026-11-30}\n", 1)
    meta.write_text(text, encoding="utf-8")
    plan = next(p for p in pipeline.check(Project.at(root)).plans if p.lang == "pl")
    assert plan.document is not None and plan.document.reviewed is False
