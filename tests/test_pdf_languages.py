"""Arabic (shaped, right to left) and Chinese (CJK font) PDFs hold their text.

The real catalogues come with the translation work; here a few messages get real
translations through ``document.localize``'s lookup, the rest falls back to English.
"""
from __future__ import annotations

import re
import subprocess

import pikepdf
import pytest

import support

from leaflets.project import Project
from pdfhelp import localized, plumbed, reading_text, render_documents, scratch

pytestmark = pytest.mark.pdf  # renders the PDFs of three scripts

TITLE = "Hysterosalpingogram (HSG) - information for patients"
SUMMARY = "What a hysterosalpingogram is, how to prepare for it, what happens and what to do afterwards."
RISKS = "What are the risks?"
DISCOMFORT = "Is it uncomfortable?"
PAIN = ("Some patients find they get mild to moderate crampy tummy pain (a period-type pain). This usually "
        "stops as soon as the procedure is over. Occasionally discomfort can last for several hours so a simple "
        "pain killer such as paracetamol or ibuprofen can be taken. Some patients like to take pain relief one "
        "hour before the procedure.")

CATALOGUES = {
    "ar": {
        TITLE: "تصوير الرحم والبوقين بالأشعة (HSG) - معلومات للمرضى",
        SUMMARY: "ما هو تصوير الرحم والبوقين، وكيف تستعدين له، وما الذي يحدث، وما عليك فعله بعده.",
        RISKS: "ما هي المخاطر؟",
        DISCOMFORT: "هل هو مؤلم؟",
        PAIN: "تشعر بعض المريضات بألم خفيف إلى متوسط في البطن يشبه ألم الدورة الشهرية. يتوقف هذا الألم عادة "
              "فور انتهاء الإجراء.",
    },
    "zh-Hans": {
        TITLE: "子宫输卵管造影（HSG）：患者须知",
        SUMMARY: "什么是子宫输卵管造影，如何做准备，检查过程以及检查后需要做什么。",
        RISKS: "有哪些风险？",
        DISCOMFORT: "会不舒服吗？",
        PAIN: "有些患者会感到轻度至中度的腹部绞痛（类似经期疼痛）。这种疼痛通常在检查结束后立即停止。",
    },
}
FONT = {"ar": "Noto-Sans-Arabic", "zh-Hans": "Noto-Sans-CJK-SC"}


@pytest.fixture(scope="module")
def site():
    root = scratch()
    project = Project.at(support.copy_project(root / "project", site_url=support.SITE_URL))
    docs = [localized(lang, catalogue) for lang, catalogue in CATALOGUES.items()]
    out, diags = render_documents(project, docs, root / "site")
    assert not diags.errors and not diags.warnings, list(map(str, diags))
    return out


def path(site, lang, fmt):
    return site / lang / "hsg" / f"hsg-{lang}-{fmt}.pdf"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


ARABIC_LETTERS = re.compile("[\u0621-\u064a]+")


def arabic_words(file) -> list[str]:
    """Arabic words in reading order: each line's glyphs from right to left.

    Extractors give Arabic in visual order (pdfplumber) or split the lam-alef ligature
    (poppler); reversing glyphs, not characters, keeps a ligature's logical text intact.
    """
    words = []
    doc = plumbed(file)
    for page in doc.pages:
        lines = {}
        for char in page.chars:
            if ARABIC_LETTERS.search(char["text"]) or char["text"].isspace():
                lines.setdefault(round(char["bottom"]), []).append(char)
        for _, chars in sorted(lines.items()):
            text = "".join(c["text"] for c in sorted(chars, key=lambda c: -c["x0"]))
            words += ARABIC_LETTERS.findall(text)
    return words


def contains_run(words: list[str], run: list[str]) -> bool:
    return any(words[i:i + len(run)] == run for i in range(len(words) - len(run) + 1))


@pytest.mark.parametrize("fmt", ["large-print", "print"])
def test_chinese_text_is_in_the_pdf(site, fmt):
    text = squash(reading_text(path(site, "zh-Hans", fmt)))
    for translation in CATALOGUES["zh-Hans"].values():
        assert squash(translation) in text, translation
    assert squash("What happens next?") in text  # an untranslated passage is shown in English, not lost


@pytest.mark.parametrize("fmt", ["large-print", "print"])
def test_arabic_text_is_in_the_pdf_in_reading_order(site, fmt):
    words = arabic_words(path(site, "ar", fmt))
    for translation in CATALOGUES["ar"].values():
        assert contains_run(words, ARABIC_LETTERS.findall(translation)), translation
    assert squash("What happens next?") in squash(reading_text(path(site, "ar", fmt)))


@pytest.mark.parametrize("fmt", ["large-print", "print"])
def test_phone_numbers_and_address_keep_their_order_in_arabic(site, fmt):
    """Left-to-right runs inside right-to-left lines (poppler assembles the lines)."""
    lines = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path(site, "ar", fmt)), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    for number in ("+44 (0)1223 245151", "01223 216455", "01223 256998", support.SITE_URL.removeprefix("https://") + "ar/hsg"):
        assert any(number in line for line in lines), number


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_language_fonts_and_structure(site, lang):
    for fmt in ("large-print", "print"):
        file = path(site, lang, fmt)
        with pikepdf.open(file) as doc:
            assert str(doc.Root.Lang) == lang
            assert "/StructTreeRoot" in doc.Root
            with doc.open_metadata() as xmp:
                assert xmp["pdfuaid:part"] == "1"
                assert xmp["dc:title"] == CATALOGUES[lang][TITLE]
        fonts = subprocess.run(["pdffonts", str(file)], capture_output=True, text=True, check=True).stdout
        assert FONT[lang] in fonts
        for line in fonts.splitlines()[2:]:
            assert line.split()[-5:-3] == ["yes", "yes"], line
        assert subprocess.run(["qpdf", "--check", str(file)], capture_output=True).returncode == 0


def test_large_print_sizes_hold_in_every_script(site):
    for lang in CATALOGUES:
        doc = plumbed(path(site, lang, "large-print"))
        sizes = [c["size"] for page in doc.pages for c in page.chars if c["text"].strip()]
        assert sizes and min(sizes) >= 16 - 0.01, lang


def test_arabic_is_right_to_left_and_shaped(site):
    doc = plumbed(path(site, "ar", "large-print"))
    page = doc.pages[0]
    lines = [line for line in page.extract_text_lines() if re.search("[\u0600-\u06ff]", line["text"])]
    glyph_fonts = {c["fontname"] for c in page.chars if re.match("[\u0600-\u06ff]", c["text"])}
    width = float(page.width)
    assert lines
    # Right-aligned: Arabic lines end at the right margin (20 mm), not the left one.
    right_margin = width - 20 * 72 / 25.4
    assert all(abs(line["x1"] - right_margin) < 3 for line in lines), [(l["text"], l["x1"]) for l in lines]
    assert all("Noto-Sans-Arabic" in name for name in glyph_fonts)
    # Shaped: the lam-alef ligature of "بالأشعة" is one glyph carrying two letters.
    doc = plumbed(path(site, "ar", "large-print"))
    texts = {c["text"] for c in doc.pages[0].chars}
    assert "لأ" in texts
