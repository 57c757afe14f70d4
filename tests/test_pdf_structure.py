"""Every PDF of the real build (large print, print, easy read; English and the pl, ar and zh-Hans
catalogues) as a screen reader and an independent checker read it: the structure tree complete,
the text layer whole, nothing split that must not be, and the `pdfua` checker clean."""
from __future__ import annotations

import support

import io
import json
import re
import subprocess
import sys
import unicodedata

import pdfplumber
import pytest

from leaflets import nobreak, render_pdf
from leaflets import fonts
from pdfhelp import ROOT, plumbed
from pdfstructure import chars_by_mcid, easy_texts, leaflet_texts, open_tagged, planned, squash

pytestmark = pytest.mark.pdf

LANGS = ("en", "pl", "ar", "zh-Hans")
FORMATS = ("large-print", "print", "easy-read")
ALL = [(lang, fmt) for lang in LANGS for fmt in FORMATS]
HEADINGS = {f"H{n}" for n in range(1, 7)}
# pdfua 0.1.3 raises on this rule for any heading whose /K is an array (as WeasyPrint writes
# them): README "Known limitations"; test_no_heading_is_empty covers the rule instead.
PDFUA_CRASHES = {"UA-14-001"}
# A line or a page break inside Chinese text (a paragraph may go on over the page) is no space.
CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[\n\f]+|[\n\f]+(?=[\u3000-\u9fff\uff00-\uffef])")
ARABIC = re.compile("[\u0621-\u064a]+")
LAM_MARK_ALEF = re.compile("\u0644[\u064b-\u065f]\u0627")


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


@pytest.fixture(scope="module")
def read(site):
    """(lang, fmt) -> (Tagged, characters by MCID), each PDF opened once."""
    cache = {}

    def get(lang, fmt):
        if (lang, fmt) not in cache:
            path = pdf(site, lang, fmt)
            cache[(lang, fmt)] = (open_tagged(path), chars_by_mcid(path))
        return cache[(lang, fmt)]
    return get


@pytest.fixture(scope="module")
def documents():
    cache = {}

    def get(lang):
        if lang not in cache:
            cache[lang] = planned(lang)
        return cache[lang]
    return get


def pdf(site, lang, fmt):
    return site / lang / "hsg" / f"hsg-{lang}-{fmt}.pdf"


def texts(documents, lang, fmt) -> list[str]:
    doc, edoc = documents(lang)
    return easy_texts(edoc) if fmt == "easy-read" else leaflet_texts(doc)


def rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


# --- 1. structure ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,fmt", ALL)
def test_all_content_is_in_the_tree_or_an_artifact(read, lang, fmt):
    tagged, chars = read(lang, fmt)
    assert tagged.untagged == []
    assert tagged.pagination == set(range(len(tagged.pages)))  # page numbers: artifacts, every page
    furniture = {text for (page, mcid), text in chars.items() if (page, mcid) not in tagged.marked}
    assert furniture == set()


@pytest.mark.parametrize("lang,fmt", ALL)
def test_sections_hold_their_heading_and_cross_pages_whole(read, documents, lang, fmt):
    tagged, _ = read(lang, fmt)
    doc, edoc = documents(lang)
    sections = [n for n in tagged.root.walk() if n.role == "Sect"]
    expected = len(edoc.groups) + bool(edoc.glossary) if fmt == "easy-read" else len(doc.sections) + 2
    assert len(sections) == expected  # + phone numbers and other formats
    assert all(s.children and s.children[0].role in HEADINGS for s in sections)
    if fmt == "large-print":
        assert any(len(s.pages) > 1 for s in sections)  # a page break inside a section, and still one Sect


@pytest.mark.parametrize("lang,fmt", [(lang, fmt) for lang, fmt in ALL if lang != "ar" and fmt != "easy-read"])
def test_each_paragraph_is_one_p_across_pages(read, documents, lang, fmt):
    """Every paragraph of the leaflet is exactly one P, whose text is the whole paragraph."""
    tagged, chars = read(lang, fmt)
    doc, _ = documents(lang)
    from pdfstructure import plain

    paragraphs = [plain(b.items[0].text) for s in doc.sections for b in s.blocks if b.kind == "paragraph"]
    found = [squash(tagged.text(n, chars)) for n in tagged.root.walk() if n.role == "P"]
    for paragraph in paragraphs:
        assert found.count(paragraph) >= 1, paragraph[:80]
    if (lang, fmt) == ("en", "large-print"):  # paragraphs that do cross pages, each one P
        assert [n for n in tagged.root.walk() if n.role == "P" and len(n.pages) > 1]


@pytest.mark.parametrize("lang,fmt", ALL)
def test_end_block_is_a_table_of_labels_and_values(read, lang, fmt):
    tagged, chars = read(lang, fmt)
    table = [n for n in tagged.root.walk() if n.role == "Table"][-1]
    rows = [n for n in table.walk() if n.role == "TR"]
    cells = [[(c.role, squash(tagged.text(c, chars))) for c in row.children] for row in rows]
    assert len(rows) == 3 and all([role for role, _ in row] == ["TH", "TD"] for row in cells)
    assert all(label and value and label != ":" for row in cells for (_, label), (_, value) in [row])
    assert all(str(c.obj.A.Scope) == "/Row" for row in rows for c in row.children if c.role == "TH")
    if lang == "en":
        assert cells == [[("TH", "Version"), ("TD", "0.1 (provisional)")],
                         [("TH", "Published"), ("TD", "1 November 2026")],
                         [("TH", "Review date"), ("TD", "1 November 2029")]]
    assert not [n for n in tagged.root.walk() if n.role == "LI" and squash(tagged.text(n, chars)) in (":", "")]


@pytest.mark.parametrize("lang,fmt", ALL)
def test_every_header_cell_has_a_scope(read, lang, fmt):
    tagged, _ = read(lang, fmt)
    cells = [n for n in tagged.root.walk() if n.role == "TH"]
    assert cells and all(str(n.obj.A.get("/Scope")) in ("/Row", "/Column", "/Both") for n in cells)


@pytest.mark.parametrize("lang,fmt", ALL)
def test_figure_bbox_holds_its_drawing_in_pdf_points(site, read, lang, fmt):
    """What each figure draws (pdfplumber, by MCID) lies inside its /BBox, read from the foot of the page."""
    tagged, _ = read(lang, fmt)
    figures = [n for n in tagged.root.walk() if n.role == "Figure" and "/A" in n.obj]
    assert figures
    doc = plumbed(pdf(site, lang, fmt))
    for figure in figures:
        (page_index,) = figure.pages
        page = doc.pages[page_index]
        mcids = {m for _, m in figure.content}
        ink = [o for o in page.objects.get("curve", []) + page.objects.get("rect", []) + page.images
               + page.objects.get("line", []) if o.get("mcid") in mcids]
        assert ink, figure.obj.get("/Alt")
        x1, y1, x2, y2 = (float(v) for v in figure.obj.A.BBox)
        height = float(page.height)
        assert min(o["x0"] for o in ink) >= x1 - 1 and max(o["x1"] for o in ink) <= x2 + 1
        assert min(height - o["bottom"] for o in ink) >= y1 - 1 and max(height - o["top"] for o in ink) <= y2 + 1


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_english_passages_carry_their_lang(read, lang):
    tagged, chars = read(lang, "large-print")
    english = [squash(tagged.text(n, chars)) for n in tagged.root.walk() if n.obj.get("/Lang") == "en"]
    assert "Cambridge University Hospitals NHS Foundation Trust" in english  # the masthead, never translated
    assert str(tagged.pdf.Root.Lang) == lang


# --- 2. text layer --------------------------------------------------------------------------------

def pdftotext_body(path) -> str:
    """pdftotext of each page above its footer (the page number, an artifact, would cut sentences)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-x", "0", "-y", "0", "-W", "600", "-H", "790",
                          str(path), "-"], capture_output=True, text=True, check=True).stdout
    return squash(CJK_BREAK.sub("", out))


def arabic_words(path) -> list[str]:
    """Arabic words of the tagged text in reading order: each line's glyphs from right to left.

    pdftotext and pdfplumber both give Arabic with a ligature's letters in visual order, so a
    word is compared by its letters (marks dropped). A glued pair of words ("word spaces lost")
    is then no word of the text. pdfplumber puts a lam-alef ligature that carries a mark
    (U+0644 U+064B U+0627) out of its word: those words are left out."""
    words = []
    for page in plumbed(path).pages:
        lines = {}
        for char in page.chars:
            if char.get("mcid") is not None:
                lines.setdefault(round(char["bottom"]), []).append(char)
        for _, line in sorted(lines.items()):
            words += ARABIC.findall(canon("".join(c["text"] for c in sorted(line, key=lambda c: -c["x0"]))))
    return ["".join(sorted(w)) for w in words]


def canon(text: str) -> str:
    return re.sub("[\u064b-\u065f\u0670\u0640]", "", text)


@pytest.mark.parametrize("lang,fmt", ALL)
def test_pdftotext_holds_every_sentence_with_single_spaces(site, documents, lang, fmt):
    path = pdf(site, lang, fmt)
    if lang == "ar":
        words = set(arabic_words(path))
        missing = [raw for text in texts(documents, lang, fmt) for raw in re.findall("[\u0621-\u065f\u0670]+", text)
                   if not LAM_MARK_ALEF.search(raw) and "".join(sorted(canon(raw))) not in words]
        assert missing == []
        return
    body = pdftotext_body(path)
    missing = [t for t in texts(documents, lang, fmt) if t not in body]
    assert missing == []


@pytest.mark.parametrize("lang,fmt", [(lang, fmt) for lang, fmt in ALL if lang != "ar"])
def test_screen_reader_text_keeps_word_spaces_at_line_ends(read, documents, lang, fmt):
    """The structure tree's text (what a screen reader reads) holds every sentence: "Foundation
    Trust", not "FoundationTrust", and no space added between two Chinese characters."""
    tagged, chars = read(lang, fmt)
    parts = [squash(tagged.text(n, chars)) for n in tagged.root.walk() if n.role in {"P", "LI", "TD", "TH"} | HEADINGS]
    spoken = "\n".join(parts)
    missing = [t for t in texts(documents, lang, fmt) if t not in spoken]
    assert missing == []


# --- 3. nothing splits ----------------------------------------------------------------------------

def lines_of(path) -> list[str]:
    return [line["text"] for page in plumbed(path).pages for line in page.extract_text_lines()]


@pytest.mark.parametrize("lang,fmt", [(lang, fmt) for lang in LANGS for fmt in ("large-print", "easy-read")])
def test_no_address_number_time_date_or_short_name_splits(site, documents, lang, fmt):
    lines = lines_of(pdf(site, lang, fmt))
    joined = squash(" ".join(lines))
    tokens = {t[a:b] for t in texts(documents, lang, fmt) for a, b in nobreak.spans(t, lang)}
    tokens = {t for t in tokens if not rtl(t) and (" " in t or "-" in t or "/" in t)}
    assert tokens  # phone numbers, times, "x-ray"...
    split = [t for t in sorted(tokens) if joined.count(t) != sum(line.count(t) for line in lines)]
    assert split == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_qr_captions_address_is_on_a_line_of_its_own(address_build, lang):
    """pdftotext: the dots in an Arabic line are misplaced by pdfplumber."""
    address = render_pdf.page_address(f"{support.SITE_URL}{lang}/hsg/")  # address_build sets the address
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1",
                          str(pdf(address_build.site, lang, "large-print")), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert address in [re.sub("[\u202a-\u202e]", "", line).strip() for line in out.splitlines()]


def test_the_span_finder_knows_what_must_not_split():
    text = ("Call NHS 111 or 0800 169 0 169 (Monday to Friday, 09:00 to 16:45), email pals@cuh.nhs.uk, "
            "see https://www.cuh.nhs.uk/hsg. Your x-ray is on 1 November 2026 at 9.30 am, day 10 to 16.")
    found = [text[a:b] for a, b in nobreak.spans(text, "en")]
    assert found == ["NHS 111", "0800 169 0 169", "09:00", "16:45", "pals@cuh.nhs.uk", "https://www.cuh.nhs.uk/hsg",
                     "x-ray", "1 November 2026", "9.30 am"]
    assert [t for a, b in nobreak.spans("Wizyta 1 listopada 2026 r.", "pl") for t in ["Wizyta 1 listopada 2026 r."[a:b]]] \
        == ["1 listopada 2026"]
    html = nobreak.keep_together('<p title="NHS 111">NHS 111</p><style>p{x:1}</style>', "en")
    assert html == '<p title="NHS 111"><span class="nobr">NHS 111</span></p><style>p{x:1}</style>'


# --- 4. the independent checker ------------------------------------------------------------------

@pytest.mark.parametrize("lang,fmt", ALL)
def test_pdfua_checker_finds_nothing(site, lang, fmt):
    run = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json", str(pdf(site, lang, fmt))],
                         capture_output=True, text=True)
    report = json.loads(run.stdout)
    assert (run.returncode, report["findings"]) == (0, [])
    assert {s["rule_id"] for s in report["skipped"]} <= PDFUA_CRASHES


@pytest.mark.parametrize("lang,fmt", ALL)
def test_no_heading_is_empty(read, lang, fmt):
    """PDF/UA-1 7.4 (pdfua's UA-14-001, which crashes on these files): every heading has text."""
    tagged, chars = read(lang, fmt)
    headings = [n for n in tagged.root.walk() if n.role in HEADINGS]
    assert headings and all(squash(tagged.text(n, chars)) for n in headings)


# --- 6. large print keeps the end block with real content --------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_last_large_print_page_holds_more_than_a_paragraph_end_and_the_dates(read, lang):
    tagged, _ = read(lang, "large-print")
    last = len(tagged.pages) - 1
    (part,) = [n for n in tagged.root.walk() if n.role == "Part"]  # <main>, without the end block
    starts = [n for n in part.walk() if n.role in {"P", "L", "Table"} | HEADINGS and n.pages and n.pages[0] == last]
    assert starts, "the last page holds only the end of a paragraph and the end block"


@pytest.mark.parametrize("lang,fmt", [(lang, fmt) for lang in LANGS for fmt in ("large-print", "easy-read")])
def test_kept_together_text_stays_inside_the_margins(site, lang, fmt):
    """What may not break (addresses above all) never runs past the 20 mm side margins instead."""
    margin = 20 * 72 / 25.4
    outside = [(page.page_number, c["text"]) for page in plumbed(pdf(site, lang, fmt)).pages for c in page.chars
               if c["x0"] < margin - 1 or c["x1"] > float(page.width) - margin + 1]
    assert outside == []


def test_large_print_keeps_the_last_paragraph_with_the_end_block(tmp_path):
    """A last paragraph that would leave its final lines alone with the dates moves whole, with its
    heading, to the last page (large-print.css keep-with rules; without them, this page would
    start with "words of the leaflet")."""
    css = (ROOT / "templates" / "css" / "large-print.css").read_text(encoding="utf-8")
    body = ("<main><section><h2>One</h2><p>" + "Some words in a sentence here. " * 60 + "</p></section>"
            "<section><h2>Last</h2><p>" + "Final words of the leaflet. " * 32 + "</p></section></main>")
    footer = ('<footer class="colophon"><p>Org</p><table class="dates"><tr><th scope="row">Version</th><td>1</td></tr>'
              '<tr><th scope="row">Published</th><td>1 November 2026</td></tr></table></footer>')
    html = (f'<!DOCTYPE html><html lang="en"><head><title>k</title><style>{css}</style></head>'
            f"<body>{body}{footer}</body></html>")
    html = fonts.with_fonts(html, fonts.plan(html, "en"))
    outcome = render_pdf.render_job(render_pdf.Job(key="k.pdf", label="keep-with", html=html, base_url=tmp_path.as_uri() + "/",
                                                   roots=(str(tmp_path),), created="2026-11-01"))
    assert outcome.error is None
    with pdfplumber.open(io.BytesIO(outcome.pdf)) as doc:
        last = doc.pages[-1].extract_text().splitlines()
    assert last[0] == "Last" and "Version 1" in last
