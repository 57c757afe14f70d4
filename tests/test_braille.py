"""Braille (BRF) on the real output: the HSG leaflet in English (UEB grade 2), Polish and Arabic
from the real catalogues, and a fixture leaflet with lists, a table and sub-headings.

Everything is read back from the written files: the BRF is decoded with liblouis' own BRF
display table and back-translated with liblouis, independently of the layout's bookkeeping.
"""
from __future__ import annotations

import support

import difflib
import re
from pathlib import Path

import lxml.html
import pytest

from leaflets import louis, pipeline, render_braille, render_html, render_site
from leaflets.braille_layout import BLANK, BRF_CHARS, read_brf
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project
from leaflets.render_pdf import page_url
from leaflets.write import Staging
from support import copy_project

WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def build(root: Path, out: Path):
    """check, then the braille of every published plan into a staging folder (no PDFs)."""
    project = Project.at(root)
    result = pipeline.check(project)
    staging = Staging(out)
    plans = [p for p in result.plans if p.document is not None]
    render_braille.render_all(project, plans, staging, result.diagnostics)
    return project, result, staging, {p.lang: p for p in plans}


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real project with a public address (the first page gives it instead of the QR code)."""
    folder = tmp_path_factory.mktemp("braille")
    root = support.set_site_url(support.copy_project(folder / "project"))
    project, result, staging, plans = build(root, folder / "site")
    yield project, result, staging, plans
    staging.discard()


def brf(staging, lang) -> str:
    return (staging.path / f"{lang}/hsg/hsg-{lang}.brf").read_bytes().decode("ascii")


def back(table: str, text: str) -> str:
    """The text lines of every page (the page-number line left out) back-translated."""
    return "\n".join(louis.back_translate(table, line.strip(BLANK))
                     for page in read_brf(text) for line in page[1:] if line.strip(BLANK))


def document_words(doc) -> list[str]:
    out = words(render_braille.plain(doc.title.text)) + words(render_braille.plain(doc.summary.text))
    for section in doc.sections:
        out += words(render_braille.plain(section.title.text))
        for block in section.blocks:
            for item in block.items:
                out += words(render_braille.plain(item.text))
    return out


def test_no_braille_errors_in_the_real_project(real):
    _project, result, _staging, _plans = real
    assert not [str(d) for d in result.diagnostics if d.code.startswith("braille")]


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_a_brf_in_every_language_with_a_table(real, lang):
    _project, _result, staging, plans = real
    assert f"{lang}/hsg/hsg-{lang}.brf" in staging.written
    assert render_braille.table_for(plans[lang].document) is not None
    assert f"{lang}/hsg/hsg-{lang}-braille.html" in staging.written


def test_no_brf_without_a_table(real):
    _project, _result, staging, plans = real
    assert louis.find_table("zh-Hans") is None  # liblouis has no literary Chinese table
    assert "zh-Hans" in plans
    assert not [rel for rel in staging.written if rel.startswith("zh-Hans/") and "brf" in rel]


def test_tables_come_from_liblouis_metadata(real):
    _project, _result, _staging, plans = real
    en = render_braille.table_for(plans["en"].document)
    assert en.endswith("en-ueb-g2.ctb")
    assert louis.info(en, "system") == "ueb" and louis.info(en, "contraction") == "full"
    for lang in ("pl", "ar"):
        table = render_braille.table_for(plans[lang].document)
        assert louis.info(table, "language") == lang and louis.info(table, "type") == "literary"


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_pages_of_40_cells_by_25_lines_in_brf_characters(real, lang):
    text = brf(real[2], lang)
    assert set(text) - {"\r", "\n", "\f"} <= BRF_CHARS
    assert "\n" not in text.replace("\r\n", "")
    pages = [page.split("\r\n") for page in text.split("\f")]
    assert len(pages) > 3
    for page in pages:
        assert page[-1] == ""  # every line ends with CR LF
        assert len(page) - 1 <= 25
        assert all(len(line) <= 40 for line in page)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_page_number_at_the_right_of_the_first_line(real, lang):
    _project, _result, staging, plans = real
    table = render_braille.table_for(plans[lang].document)
    for n, page in enumerate(read_brf(brf(staging, lang)), 1):
        first = page[0]
        assert len(first) == 40 and first[:-6].strip(BLANK) == ""
        assert louis.back_translate(table, first.strip(BLANK)) == str(n)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_back_translation_gives_back_the_document(real, lang):
    _project, _result, staging, plans = real
    doc = plans[lang].document
    returned = back(render_braille.table_for(doc), brf(staging, lang))
    source, got = document_words(doc), words(returned)
    matcher = difflib.SequenceMatcher(None, source, got, autojunk=False)
    share = sum(b.size for b in matcher.get_matching_blocks()) / len(source)
    assert share >= 0.99, share
    digits = re.findall(r"[0-9]+", returned)  # phone numbers exactly, digit for digit, in order
    for contact in doc.contacts:
        runs = re.findall(r"[0-9]+", contact.contact.phone)
        assert any(digits[i:i + len(runs)] == runs for i in range(len(digits))), contact.contact.phone
    for number in ("01223 216455", "09:00", "16:45"):
        assert number in returned


def test_phone_numbers_and_times_never_split(real):
    _project, _result, staging, plans = real
    table = render_braille.table_for(plans["en"].document)
    lines = [line for page in read_brf(brf(staging, "en")) for line in page]
    for text in ("01223 216455", "01223 256998", "0800 169 0 169", "09:00", "16:45"):
        cells, _positions = louis.translate(table, text)
        count = sum(line.count(cells) for line in lines)
        assert count >= 1, text
    # where a phone number is in the text, its digits never end a line with the rest on the next
    head, _ = louis.translate(table, "01223")
    for line in lines:
        assert not line.endswith(head), line


def test_first_page_title_organisation_version_review_and_address(real):
    project, _result, staging, plans = real
    doc = plans["en"].document
    table = render_braille.table_for(doc)
    first = read_brf(brf(staging, "en"))[0]
    text = " ".join(louis.back_translate(table, line.strip(BLANK)) for line in first[1:] if line.strip(BLANK))
    grade1 = louis.find_table("en", contracted=False)  # addresses are written uncontracted
    joined = "".join(louis.back_translate(grade1, line.strip(BLANK)) for line in first[1:] if line.strip(BLANK))
    assert "Hysterosalpingogram (HSG)" in text
    assert "Cambridge University Hospitals NHS Foundation Trust" in text
    assert "0.1 (provisional)" in text and "1 November 2029" in text and "Review date" in text
    assert page_url(project, doc) in joined.replace(" ", "")  # the web address instead of the QR code
    title = first[1]
    assert len(title) - len(title.lstrip(BLANK)) > 0  # centred


def test_polish_brf_is_the_translation(real):
    _project, _result, staging, plans = real
    doc = plans["pl"].document
    returned = back(render_braille.table_for(doc), brf(staging, "pl"))
    assert doc.sections[1].title.text.split()[0] in returned
    assert "Wersja" in returned  # the interface strings from ui.po


def test_preview_shows_the_brf_in_unicode_braille(real):
    _project, _result, staging, _plans = real
    html = lxml.html.fromstring((staging.path / "en/hsg/hsg-en-braille.html").read_bytes())
    pages = html.xpath("//pre[@class='braille']")
    brf_pages = read_brf(brf(staging, "en"))
    assert len(pages) == len(brf_pages)
    assert pages[1].text_content().splitlines() == brf_pages[1]
    assert html.xpath("//a[@href='hsg-en.brf']")


def test_other_formats_list_the_brf_with_its_size(real):
    project, _result, staging, plans = real
    doc = plans["en"].document
    listed = pipeline.context(project, staging).downloads(doc, exclude="html")
    braille = [d for d in listed if d.format == "braille"]
    assert braille and braille[0].media == "BRF" and braille[0].size.endswith("KB")
    assert braille[0].href.endswith("/en/hsg/hsg-en.brf")
    assert not [d for d in pipeline.context(project, staging).downloads(plans["zh-Hans"].document, exclude="html")
                if d.format == "braille"]
    site = render_site.downloads(staging.written, "hsg", "en")
    assert [d.href for d in site if d.format == "braille"] == ["hsg-en.brf"]
    render_html.render(pipeline.context(project, staging, plans=[plans["en"], plans["pl"]]), [plans["en"]])
    page = lxml.html.fromstring((staging.path / "en/hsg/hsg-en.html").read_bytes())
    links = [a.text_content() for a in page.xpath("//ul[@class='downloads']//a[substring(@href, string-length(@href) - 3) = '.brf']")]
    assert links and re.fullmatch(r"Braille \(BRF, \d+ KB\)", links[0])


FIXTURE = """---
id: braille-fixture
title: Layout test
critical: false
---
A paragraph before the list. Read more at https://www.nhs.uk/conditions/hysterosalpingogram-test-page/ today.

### What to bring

- Your appointment letter and a list of the medicines you take at the moment, with their doses.
- A dressing gown.

1. Arrive at 09:30 and report to reception on level 3, then take a seat in the waiting room.
2. Call 01223 216455 if you are late.

| Time | What happens |
|---|---|
| 09:30 | You arrive |
| 10:00 | The test starts |
"""


def fixture_project(tmp_path: Path, char: str = "", grade: int = 2) -> Path:
    root = copy_project(tmp_path / "project")
    (root / "content/hsg/sections/braille-fixture.md").write_text(FIXTURE.replace("today", f"today {char}"),
                                                                  encoding="utf-8")
    meta = root / "content/hsg/leaflet.yml"
    text = meta.read_text(encoding="utf-8").replace("languages: [en, pl, ar, zh-Hans]", "languages: [en]")
    text = text.replace("  - contact-us\n", "  - contact-us\n  - braille-fixture\n")
    text = text.replace("translation_threshold: 100", f"translation_threshold: 100\nbraille_grade: {grade}")
    meta.write_text(text, encoding="utf-8")
    return root


@pytest.mark.slow
def test_lists_tables_and_headings_laid_out_for_touch(tmp_path):
    _project, result, staging, plans = build(fixture_project(tmp_path), tmp_path / "site")
    assert not result.diagnostics.errors, [str(d) for d in result.diagnostics.errors]
    table = render_braille.table_for(plans["en"].document)
    lines = [line for page in read_brf(brf(staging, "en")) for line in page[1:]]
    readback = [louis.back_translate(table, line.strip(BLANK)) for line in lines]
    at = next(i for i, t in enumerate(readback) if t.startswith("\u2022 Your appointment letter"))
    assert lines[at].startswith(louis.translate(table, "\u2022")[0])  # bullet at the margin
    assert lines[at + 1].startswith(BLANK * 2) and not lines[at + 1].startswith(BLANK * 3)  # runover at cell 3
    at = next(i for i, t in enumerate(readback) if t.startswith("1. Arrive at 09:30"))
    assert lines[at + 1].startswith(BLANK * 2)
    heading = next(i for i, t in enumerate(readback) if t == "What to bring")
    assert lines[heading].startswith(BLANK * 4) and not lines[heading - 1].strip(BLANK)  # cell 5, blank before
    assert "Time: 09:30" in readback and "What happens: You arrive" in [t.strip() for t in readback]
    assert "Time: 10:00" in readback
    grade1 = louis.find_table("en", contracted=False)  # addresses are written uncontracted
    plain = [louis.back_translate(grade1, line.strip(BLANK)) for line in lines]
    at = next(i for i, t in enumerate(plain) if t.startswith("https://www.nhs.uk/"))
    # longer than a line: it starts a line and is divided after a "/", without a hyphen
    assert plain[at].endswith("/") and (plain[at] + plain[at + 1]).startswith(
        "https://www.nhs.uk/conditions/hysterosalpingogram-test-page/")


@pytest.mark.slow
def test_grade_1_where_the_leaflet_asks(tmp_path):
    _project, result, staging, plans = build(fixture_project(tmp_path, grade=1), tmp_path / "site")
    table = render_braille.table_for(plans["en"].document)
    assert table.endswith("en-ueb-g1.ctb")
    text = brf(staging, "en")
    assert ",THE ,HSG IS PERFORMED" in text.replace("\r\n", " ").replace("  ", " ") or " THE " in text
    assert " AND " in text.replace("\r\n", " ")  # no contraction for "and" ("&" in grade 2)


def test_a_character_without_braille_is_an_error_naming_it_and_the_file(tmp_path):
    _project, result, staging, _plans = build(fixture_project(tmp_path, char="\u2603"), tmp_path / "site")
    found = [d for d in result.diagnostics if d.code == "braille.undefined"]
    assert found, [str(d) for d in result.diagnostics]
    assert found[0].path == "content/hsg/sections/braille-fixture.md" and found[0].line == 6
    assert "U+2603" in found[0].message and "en-ueb-g2.ctb" in found[0].message
    assert found[0].holds == ("hsg", "en", "braille")  # the braille only: the other formats publish
    assert "en/hsg/hsg-en.brf" not in staging.written


@pytest.mark.pdf
def test_the_pdfs_list_the_brf_with_its_size(real):
    import subprocess

    from leaflets import render_pdf
    project, _result, staging, plans = real
    plan = plans["en"]
    diags = Diagnostics()
    render_pdf.render_all(project, [(plan.document, pipeline.env_for(project, "en", plan.translations))], staging,
                          diags, downloads=lambda doc, fmt: pipeline.context(project, staging).downloads(doc, exclude=fmt))
    assert not diags.errors, [str(d) for d in diags.errors]
    size = staging.written["en/hsg/hsg-en.brf"]
    for fmt in ("print", "large-print"):
        text = subprocess.run(["pdftotext", "-layout", str(staging.path / f"en/hsg/hsg-en-{fmt}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert f"Braille (BRF, {max(1, round(size / 1024))} KB)" in " ".join(text.split()), fmt


def test_a_translation_character_without_braille_holds_back_that_language_only(tmp_path):
    root = copy_project(tmp_path / "project")
    po = root / "locales/pl/LC_MESSAGES/hsg.po"
    text = po.read_text(encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith('msgstr "Histerosalpingografia'))
    po.write_text(text.replace('msgstr "Histerosalpingografia', 'msgstr "\u2603 Histerosalpingografia', 1),
                  encoding="utf-8")
    result = pipeline.check(Project.at(root))
    found = [d for d in result.diagnostics if d.code == "braille.undefined"]
    assert found and {d.holds for d in found} == {("hsg", "pl", "braille")}, [str(d) for d in found]
    assert next(p for p in result.plans if p.lang == "pl").document is not None  # Polish publishes, without braille
    assert found[0].path == "locales/pl/LC_MESSAGES/hsg.po"
    assert line - 3 <= found[0].line <= line  # the catalogue entry (msgctxt / msgid / msgstr)
    assert "pl.tbl" in found[0].message and "U+2603" in found[0].message
    assert not [d for d in result.diagnostics if d.code.startswith("braille") and d.holds != ("hsg", "pl", "braille")]


def test_never_another_languages_table():
    # liblouis' best match for this query is the Hebrew table: find_table must not take it
    query = "language:ar type:literary dots:6"
    best = louis._lib().lou_findTable(query.encode())
    assert best and louis.info(best.decode(), "language") == "he"
    assert louis._query(query, "ar") is None
    assert louis.info(louis.find_table("ar"), "language") == "ar"
    for lang in ("zh-Hans", "so", "ro"):  # no literary table in liblouis: no braille
        assert louis.find_table(lang) is None


def test_arabic_preview_reads_latin_words_back_with_the_english_table(real):
    _project, _result, staging, _plans = real
    html = lxml.html.fromstring((staging.path / "ar/hsg/hsg-ar-braille.html").read_bytes())
    back = " ".join(p.text_content() for p in html.xpath("//pre[@class='back']"))
    assert "HSG" in back and "NHS" in back
    assert "تصوير" in back  # and the Arabic with the Arabic table


@pytest.mark.pdf
def test_the_real_build_publishes_and_lists_the_brf(built_site):
    """The whole pipeline (``python build.py``): BRF where there is a table, listed with its size
    on the website panel and in the single-file page; none in Chinese, which keeps the offer."""
    import subprocess

    for lang in ("en", "pl", "ar"):
        brf_file = built_site / lang / "hsg" / f"hsg-{lang}.brf"
        size = f"{max(1, round(brf_file.stat().st_size / 1024))} KB"
        for page in (built_site / lang / "hsg" / "index.html", built_site / lang / "hsg" / f"hsg-{lang}.html"):
            tree = lxml.html.fromstring(page.read_bytes())
            links = [a for a in tree.xpath("//a[@href]") if a.get("href").endswith(f"hsg-{lang}.brf")]
            assert links and f"(BRF, {size})" in links[0].text_content(), (page, size)
        text = subprocess.run(["pdftotext", str(built_site / lang / "hsg" / f"hsg-{lang}-print.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        text = re.sub("[\u202a-\u202e\u2066-\u2069]", "", " ".join(text.split()))  # bidi controls
        assert f"(BRF, {size})" in text if lang != "ar" else ("BRF" in text and size.split()[0] in text), lang
    assert not list((built_site / "zh-Hans" / "hsg").glob("*.brf"))
    page = lxml.html.fromstring((built_site / "zh-Hans" / "hsg" / "index.html").read_bytes())
    assert not [a for a in page.xpath("//a[@href]") if a.get("href").endswith(".brf")]


def test_without_liblouis_an_error_at_the_formats_line_not_a_traceback(real, monkeypatch):
    project, _result, _staging, plans = real

    def missing(*_args, **_kwargs):
        raise louis.LouisError("liblouis is not installed (test): run scripts/setup.sh")

    monkeypatch.setattr(louis, "find_table", missing)
    diags = Diagnostics()
    assert render_braille.build(project, plans["en"].document, plans["en"].translations, diags) is None
    assert [(d.path, d.code) for d in diags.errors] == [("content/hsg/leaflet.yml", "braille.liblouis")]
    assert diags.errors[0].line == plans["en"].leaflet.line_of("formats")
