"""Every language a UK trust serves publishes in its script, font and direction (issue 10): the
website, the single-file page, the large-print PDF and easy read (the fixture says why not the rest).

A pseudo-translation for each language below, generated here: every ASCII letter of every
message becomes a letter of the language's own alphabet (its CLDR exemplar characters, through
ICU), every number, phone number, time, link target and placeholder is kept, and the
catalogues are marked reviewed. All of them pass ``check`` (every character has a glyph in the
family chosen for it, the catalogues and their safety checks pass); one language of each script
and font family, and of each way of writing digits, is then built at once through the real
pipeline, with the project's own content and templates (issue 10 asks for one of each script:
what is rendered for Portuguese is what is rendered for Romanian, in the same family and
digits). The expectations (the family, the direction) are this test's own table, not the code's:
the code has no list of languages.
"""
from __future__ import annotations

import re
import subprocess
import unicodedata

import icu
import pikepdf
import pytest
from bs4 import BeautifulSoup
from fontTools import unicodedata as unicode_scripts

import support
from i18n_support import fill, set_languages
from leaflets import fonts, pipeline
from leaflets.project import Project

pytestmark = [pytest.mark.slow, pytest.mark.pdf]

# language -> (script of its letters, the family its text must be set in, direction)
LANGUAGES = {
    "ro": ("Latn", "Noto Sans", "ltr"), "pt": ("Latn", "Noto Sans", "ltr"), "lt": ("Latn", "Noto Sans", "ltr"),
    "tr": ("Latn", "Noto Sans", "ltr"), "so": ("Latn", "Noto Sans", "ltr"),
    "uk": ("Cyrl", "Noto Sans", "ltr"), "ru": ("Cyrl", "Noto Sans", "ltr"), "el": ("Grek", "Noto Sans", "ltr"),
    "ur": ("Arab", "Noto Nastaliq Urdu", "rtl"), "fa": ("Arab", "Noto Sans Arabic", "rtl"),
    "ps": ("Arab", "Noto Sans Arabic", "rtl"), "ckb": ("Arab", "Noto Sans Arabic", "rtl"),
    "he": ("Hebr", "Noto Sans Hebrew", "rtl"),
    "bn": ("Beng", "Noto Sans Bengali", "ltr"), "pa": ("Guru", "Noto Sans Gurmukhi", "ltr"),
    "gu": ("Gujr", "Noto Sans Gujarati", "ltr"), "ta": ("Taml", "Noto Sans Tamil", "ltr"),
    "ne": ("Deva", "Noto Sans Devanagari", "ltr"), "hi": ("Deva", "Noto Sans Devanagari", "ltr"),
    "ti": ("Ethi", "Noto Sans Ethiopic", "ltr"), "am": ("Ethi", "Noto Sans Ethiopic", "ltr"),
    "th": ("Thai", "Noto Sans Thai", "ltr"), "zh-Hant": ("Hani", "Noto Sans CJK TC", "ltr"),
}
# Numbers the pseudo-translation keeps as written; the dates and page numbers are the locale's.
LOCALE_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹", "bn": "০১২৩৪৫৬৭৮৯", "ne": "०१२३४५६७८९", "ckb": "٠١٢٣٤٥٦٧٨٩", "ps": "۰۱۲۳۴۵۶۷۸۹"}
# Rendered: the first language of each (script, family) in the table, and the first of each set
# of locale digits. The others are checked (glyphs, catalogues), not rendered again.
RENDERED = sorted({next(lang for lang, spec in LANGUAGES.items() if spec[:2] == key)
                   for key in {spec[:2] for spec in LANGUAGES.values()}}
                  | {next(lang for lang, d in LOCALE_DIGITS.items() if d == digits)
                     for digits in set(LOCALE_DIGITS.values())})
PROTECT = re.compile(r"\]\([^)]*\)|%\([a-z_]+\)[sd]|\{[a-z_]+\}|<[^>]+>|&\w+;|https?://\S+|www\.\S+"
                     r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def letters(lang: str, script: str, family: str) -> str:
    """Up to 26 letters of the language's own alphabet (CLDR's exemplar characters), of its script
    and in ``family``: what a real translation would use."""
    exemplars = icu.LocaleData(lang.replace("-", "_")).getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_STANDARD)
    have = fonts.coverage(family)
    found = [c for c in exemplars if len(c) == 1 and unicodedata.category(c) in ("Lo", "Ll", "Lu")
             and unicode_scripts.script(c) == script and ord(c) in have]
    assert len(found) >= 10, (lang, found)
    found.sort(key=lambda c: c.isascii())  # the language's own letters first (ș, ă; ą, č...)
    return "".join(found[:26])


def pseudo_translation(alphabet: str):
    n = len(alphabet)
    table = {ord("a") + i: alphabet[i % n] for i in range(26)} | {ord("A") + i: alphabet[i % n] for i in range(26)}

    def translate(text: str) -> str:
        parts, last = [], 0
        for m in PROTECT.finditer(text):
            parts += [text[last:m.start()].translate(table), m.group(0)]
            last = m.end()
        return "".join(parts) + text[last:].translate(table)
    return translate


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("languages")
    # Braille is tested on its own (tests/test_braille.py): liblouis' tables for several of these
    # languages cannot write all of the text (the Urdu table has no colon or brackets, for one), and
    # a braille problem holds back the braille only (the code tests/test_braille.py checks). The
    # print PDF is large print's document and font choice at another size (one stylesheet apart;
    # tests/test_pdf_languages.py reads it in Arabic and Chinese), and the audio is English only.
    root = support.copy_project(tmp / "project", locales=False, formats=["html", "site", "large-print", "easy-read"])
    set_languages(root, ["en", *LANGUAGES])
    alphabets = {}
    for n, (lang, (script, family, _dir)) in enumerate(LANGUAGES.items()):
        alphabets[lang] = letters(lang, script, family)
        fill(root, lang, pseudo_translation(alphabets[lang]), reviewed=True, extract=n == 0)  # templates once
    checked = pipeline.check(Project.at(root))
    set_languages(root, ["en", *RENDERED])
    out = tmp / "site"
    result = pipeline.build(Project.at(root), out, options=pipeline.Options(jobs=2))
    return checked, result, out, alphabets


def test_every_language_passes_check_with_a_glyph_for_every_character(built):
    checked, _result, _out, _ = built
    assert not checked.diagnostics.errors, "\n".join(map(str, checked.diagnostics.errors))
    assert not [d for d in checked.diagnostics if d.code == "pdf.missing-glyph"]
    assert {p.lang for p in checked.plans if p.document is not None} == {"en", *LANGUAGES}


def test_one_language_of_each_script_family_and_digits_publishes_with_no_error(built):
    _checked, result, _out, _ = built
    assert result.published, "\n".join(map(str, result.diagnostics.errors))
    assert not result.diagnostics.errors, "\n".join(map(str, result.diagnostics.errors))
    assert not [d for d in result.diagnostics if d.code == "pdf.missing-glyph"]
    assert {p.lang for p in result.plans if p.document is not None} == {"en", *RENDERED}
    assert {LANGUAGES[lang][:2] for lang in RENDERED} == {spec[:2] for spec in LANGUAGES.values()}


@pytest.mark.parametrize("lang", RENDERED)
def test_every_format_in_the_language_with_its_script_font_direction_and_letters(built, lang):
    _checked, result, out, alphabets = built
    script, family, direction = LANGUAGES[lang]
    folder = out / lang / "hsg"
    for rel in ("index.html", f"hsg-{lang}.html", f"hsg-{lang}-large-print.pdf", f"hsg-{lang}-easy-read.pdf",
                "easy-read/index.html"):
        assert (folder / rel).is_file(), rel
    for page in (folder / "index.html", folder / f"hsg-{lang}.html", folder / "easy-read" / "index.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("html")
        assert (html["lang"], html.get("dir")) == (lang, direction), page
    single = (folder / f"hsg-{lang}.html").read_text(encoding="utf-8")
    assert f'font-family: "{family}"' in single
    wanted = family.replace(" ", "").lower()
    for pdf_name in (f"hsg-{lang}-large-print.pdf", f"hsg-{lang}-easy-read.pdf"):
        path = folder / pdf_name
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == lang
            embedded = {str(font.get("/BaseFont", "")).split("+")[-1].replace("-", "").lower()
                        for page in pdf.pages for font in (page.Resources.get("/Font") or {}).values()}
        assert any(name.startswith(wanted) for name in embedded), (pdf_name, embedded)
        text = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, text=True).stdout
        seen = {c for c in alphabets[lang] if c in text}
        assert len(seen) >= 5, (pdf_name, sorted(seen))


@pytest.mark.parametrize("lang", sorted(set(LOCALE_DIGITS) & set(RENDERED)))
def test_dates_and_page_numbers_in_the_locales_digits(built, lang):
    _checked, _result, out, _ = built
    digits = LOCALE_DIGITS[lang]
    single = BeautifulSoup((out / lang / "hsg" / f"hsg-{lang}.html").read_text(encoding="utf-8"), "html.parser")
    published = single.find("time", attrs={"datetime": "2026-11-01"}).get_text()
    assert digits[2] in published and "2026" not in published
    for name in (f"hsg-{lang}-large-print.pdf", f"hsg-{lang}-easy-read.pdf"):
        text = subprocess.run(["pdftotext", "-q", str(out / lang / "hsg" / name), "-"],
                              capture_output=True, text=True).stdout
        # The source text is all ASCII digits: locale digits can only be the page numbers and dates.
        assert digits[1] in text, name


def test_latin_digits_where_cldr_says_so(built):
    _checked, _result, out, _ = built
    single = BeautifulSoup((out / "ro" / "hsg" / "hsg-ro.html").read_text(encoding="utf-8"), "html.parser")
    assert single.find("time", attrs={"datetime": "2026-11-01"}).get_text() == "1 noiembrie 2026"
