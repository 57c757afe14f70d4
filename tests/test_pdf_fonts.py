"""The PDFs' fonts: installed, documented with their licence, and covering each language's text."""
from __future__ import annotations

from leaflets import fonts
from pdfhelp import ROOT

FAMILIES = sorted({f for stack in fonts.FONTS.values() for f in stack} | set(fonts.DEFAULT_FONTS))


def test_every_family_is_installed_as_itself():
    for family in FAMILIES:
        for style in ("Regular", "Bold"):
            path, _ = fonts.font_file(family, style)
            assert path.startswith("/usr/share/fonts/"), (family, style, path)


def test_fonts_and_their_licence_are_documented_in_the_repository():
    readme = (ROOT / "fonts" / "README.md").read_text(encoding="utf-8")
    licence = (ROOT / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "PERMISSION & CONDITIONS" in licence
    for family in FAMILIES:
        assert family in readme
    for package in ("fonts-noto-core", "fonts-noto-cjk"):
        assert package in readme
        assert package in (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")


def test_each_language_stack_covers_its_script():
    samples = {"pl": "Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ", "ar": "تصوير الرحم والبوقين بالأشعة ؟،",
               "zh-Hans": "子宫输卵管造影（HSG）：患者须知。", "en": "Addenbrooke’s “quoted” – £5 <1mSv"}
    for lang, text in samples.items():
        html = f'<html lang="{lang}"><body><p>{text}</p></body></html>'
        assert fonts.missing_glyphs(html, lang) == {}, lang


def test_a_passage_is_checked_against_the_fonts_of_its_own_language():
    # Chinese characters inside an English passage of a Chinese page would be set in Noto Sans: no glyph.
    html = '<html lang="zh-Hans"><body><p>中文 <span lang="en">English 中</span></p></body></html>'
    assert fonts.missing_glyphs(html, "zh-Hans") == {"中": "en"}


def test_generated_font_rules_follow_the_stacks():
    css = fonts.font_css()
    assert 'html, [lang] { font-family: "Noto Sans"; }' in css
    assert ':lang(ar) { font-family: "Noto Sans Arabic", "Noto Sans"; }' in css
    assert css.index("html, [lang]") < css.index(":lang(ar)")  # a language's own stack wins
