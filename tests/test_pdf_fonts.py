"""Fonts by Unicode script: installed, documented with their licence, covering each language's text."""
from __future__ import annotations

import pytest

from leaflets import fonts
from pdfhelp import ROOT

# What a reader of each script expects to see (the project chooses these from the installed Noto
# families by script; the table is the test's expectation, not the code's).
EXPECTED = {
    "ar": "Noto Sans Arabic", "fa": "Noto Sans Arabic", "ur": "Noto Nastaliq Urdu", "ps": "Noto Sans Arabic",
    "ckb": "Noto Sans Arabic", "bn": "Noto Sans Bengali", "pa": "Noto Sans Gurmukhi", "gu": "Noto Sans Gujarati",
    "ta": "Noto Sans Tamil", "hi": "Noto Sans Devanagari", "ne": "Noto Sans Devanagari", "am": "Noto Sans Ethiopic",
    "ti": "Noto Sans Ethiopic", "he": "Noto Sans Hebrew", "th": "Noto Sans Thai", "uk": "Noto Sans",
    "ru": "Noto Sans", "el": "Noto Sans", "pl": "Noto Sans", "en": "Noto Sans",
    "zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "zh-HK": "Noto Sans CJK HK",
}
SAMPLES = {
    "pl": "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ", "ar": "تصوير الرحم والبوقين بالأشعة ؟،", "fa": "تصویربرداری از رحم ۱۲",
    "ur": "رحم کی تصویر", "ps": "د رحم انځور", "ckb": "وێنەی منداڵدان", "bn": "জরায়ুর ছবি", "pa": "ਬੱਚੇਦਾਨੀ",
    "gu": "ગર્ભાશય", "ta": "கருப்பை", "hi": "गर्भाशय", "ne": "पाठेघर", "am": "ማህፀን", "ti": "ማህጸን", "he": "רחם",
    "th": "มดลูก", "uk": "Матка і труби", "ru": "Матка", "el": "Μήτρα", "zh-Hans": "子宫输卵管造影（HSG）：患者须知。",
    "zh-Hant": "子宮輸卵管造影", "zh-HK": "子宮輸卵管造影", "en": "Addenbrooke’s “quoted” – £5 <1mSv",
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_each_language_text_is_set_in_its_scripts_family(lang):
    html = f'<html lang="{lang}"><head></head><body><p>{SAMPLES[lang]}</p></body></html>'
    plan = fonts.plan(html, lang)
    assert plan.missing == {}
    assert plan.stacks[lang][0] == EXPECTED[lang]
    css = fonts.with_fonts(html, plan)
    assert f'font-family: "{EXPECTED[lang]}"' in css


def test_every_family_is_installed_as_itself_and_documented_with_its_licence():
    readme = (ROOT / "fonts" / "README.md").read_text(encoding="utf-8")
    licence = (ROOT / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "PERMISSION & CONDITIONS" in licence
    for family in sorted(set(EXPECTED.values())):
        for style in ("Regular", "Bold"):
            path, _ = fonts.font_file(family, style)
            assert path.startswith("/usr/share/fonts/"), (family, style, path)
        assert family in readme
    for package in ("fonts-noto-core", "fonts-noto-cjk"):
        assert package in readme
        assert package in (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")


def test_urdu_gets_the_line_height_nastaliq_needs():
    html = '<html lang="ur"><head></head><body><p>رحم کی تصویر</p></body></html>'
    css = fonts.plan(html, "ur").css()
    height = float(css.split("line-height:")[1].split(";")[0])
    assert height >= 2.2
    assert "line-height" not in fonts.plan('<html lang="ar"><head></head><body><p>رحم</p></body></html>', "ar").css()


def test_a_passage_is_set_in_the_fonts_of_its_own_language():
    html = '<html lang="zh-Hans"><head></head><body><p>中文 <span lang="en">English 中</span></p></body></html>'
    plan = fonts.plan(html, "zh-Hans")
    assert plan.missing == {}
    assert plan.stacks["en"][0] == "Noto Sans" and "Noto Sans CJK SC" in plan.stacks["zh-Hans"]
    # An English passage of a Traditional Chinese page keeps the Traditional shapes for its Han.
    plan = fonts.plan(html.replace('"zh-Hans"', '"zh-Hant"'), "zh-Hant")
    assert "Noto Sans CJK TC" in plan.stacks["zh-Hant"]


def test_a_character_no_installed_font_has_is_reported_with_its_script_and_language():
    html = '<html lang="en"><head></head><body><p>ok \ue000</p><p lang="fa">تست \U000F0001</p></body></html>'
    missing = fonts.plan(html, "en").missing
    assert set(missing) == {"\ue000", "\U000F0001"}
    assert missing["\ue000"][0] == "en" and missing["\U000F0001"][0] == "fa"
