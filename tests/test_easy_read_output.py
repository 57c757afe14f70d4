"""Easy read outputs, checked on the real files: the PDF's layout (pdfplumber), its tags and
alt text (pikepdf), the web page's HTML, and its layout in Chromium for both directions."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

import support
from pdfhelp import plumbed

from leaflets import check_easy_read, easyread, render_easy_read
from leaflets.diagnostics import Diagnostics
from leaflets.document import localize, localize_easy_read
from leaflets.load import load_leaflet
from leaflets.project import Project
from leaflets.render_pdf import Job, render_job
from leaflets.symbols import load_library
from leaflets.write import Staging

pytestmark = pytest.mark.pdf  # the module reads the easy-read PDFs of the session's build

ROOT = Path(__file__).resolve().parent.parent
CM = 72 / 2.54  # PDF points in a centimetre
MIN_PICTURE_CM = 2.5
LANGS = ("en", "ar", "zh-Hans")  # left to right, right to left, and CJK
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
NOTICE = "This translation has not yet been checked by a qualified translator."  # templates/_blocks.html


def easy_reads_of(build) -> dict[str, dict]:
    """lang -> the HSG easy read of ``build`` (a conftest ``Built``) in that language: the
    easy-read document it was made from (localised from the build's own plan, as
    ``render_easy_read.render_all`` does), its plan, and its PDF and web page."""
    found = {}
    for plan in build.result.plans:
        if plan.leaflet.id == "hsg" and plan.lang in LANGS and plan.document is not None:
            found[plan.lang] = {"edoc": localize_easy_read(plan.leaflet.easy_read, plan.document, plan.lookup),
                                "plan": plan, "pdf": build.site / render_easy_read.pdf_path("hsg", plan.lang),
                                "page": build.site / render_easy_read.page_path("hsg", plan.lang)}
    assert sorted(found) == sorted(LANGS), sorted(found)
    return found


@pytest.fixture(scope="module")
def easy_reads(address_build):
    """The session's build with a public address (support.SITE_URL, for the absolute links): the
    project's own content and real catalogues, the Arabic and Chinese machine drafts among them."""
    return easy_reads_of(address_build)


@pytest.fixture(params=LANGS)
def out(request, easy_reads):
    return easy_reads[request.param] | {"lang": request.param}


# --- the PDF -----------------------------------------------------------------------------------

def tagged_points(pdf) -> list[dict]:
    """Each point as the PDF tags it: a Div holding a /Figure (the picture) and its text's marked content."""
    points = []

    def mcids(node) -> set[int]:
        return set(node.get("mcids", [])).union(*(mcids(c) for c in node.get("children", [])))

    def walk(node):
        children = node.get("children", [])
        figures = [c for c in children if c.get("type") == "Figure"]
        if node.get("type") == "Div" and figures:
            text = set().union(*(mcids(c) for c in children if c.get("type") != "Figure"))
            points.append({"page": node["page_number"], "figure": mcids(figures[0]), "text": text,
                           "alt": figures[0].get("alt_text")})
        for child in children:
            walk(child)

    for node in pdf.structure_tree:
        walk(node)
    return points


def test_picture_at_the_start_of_each_line_of_text(out):
    alts = [p.alt.text for g in out["edoc"].groups for p in g.points]
    pdf = plumbed(out["pdf"])
    points = tagged_points(pdf)
    assert [p["alt"] for p in points] == alts
    for point in points:
        page = pdf.pages[point["page"] - 1]
        drawn = [o for kind in ("curve", "rect", "line") for o in page.objects.get(kind, [])
                 if o.get("mcid") in point["figure"]]
        chars = [c for c in page.chars if c.get("mcid") in point["text"] and c["text"].strip()]
        assert drawn and chars, point
        picture = (min(o["x0"] for o in drawn), max(o["x1"] for o in drawn))
        text = (min(c["x0"] for c in chars), max(c["x1"] for c in chars))
        if out["lang"] == "ar":
            assert text[1] <= picture[0], f"RTL: picture {picture} is not right of its text {text}"
        else:
            assert picture[1] <= text[0], f"LTR: picture {picture} is not left of its text {text}"


def test_every_character_at_least_16pt_and_no_italics(out):
    chars = [c for page in plumbed(out["pdf"]).pages for c in page.chars]
    assert chars
    small = {(c["text"], round(c["size"], 2)) for c in chars if round(c["size"], 2) < 16}
    assert not small
    fonts = {c["fontname"] for c in chars}
    assert not [f for f in fonts if "italic" in f.lower() or "oblique" in f.lower()], fonts
    result = subprocess.run(["pdffonts", str(out["pdf"])], capture_output=True, text=True, check=True)
    assert "Italic" not in result.stdout and "Oblique" not in result.stdout


def test_a4_and_at_most_24_pages(out):
    pdf = plumbed(out["pdf"])
    assert 1 <= len(pdf.pages) <= check_easy_read.MAX_PAGES
    for page in pdf.pages:
        assert (round(page.width), round(page.height)) == (595, 842)


def structure_figures(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                found.append(node)
            if "/K" in node:
                walk(node.K)
        elif isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_every_picture_is_a_tagged_figure_with_alt_text_and_at_least_2_5_cm(out):
    alts = [p.alt.text for g in out["edoc"].groups for p in g.points]
    with pikepdf.open(out["pdf"]) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == out["lang"]
        assert "pdfuaid" in bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8")
        figures = structure_figures(pdf)
        assert str(figures[0].Alt) == "CUH"  # the trust's logo heads the page (logo_alt)
        figures = figures[1:]
        assert [str(f.Alt) for f in figures] == alts
        if out["lang"] == "ar":  # the draft's Arabic, not the English fallen back to
            assert all(ARABIC_LETTER.search(a) for a in alts)
        for figure in figures:
            x0, _, x1, _ = (float(v) for v in figure.A.BBox)  # PDF points (leaflets/pdf_tags.py)
            assert (x1 - x0) / CM >= MIN_PICTURE_CM


def test_pdf_passes_qpdf_and_shows_the_attribution(out):
    subprocess.run(["qpdf", "--check", str(out["pdf"])], check=True, capture_output=True)
    text = "\n".join(page.extract_text() for page in plumbed(out["pdf"]).pages)
    assert "OpenMoji" in text
    # pdfplumber reorders the punctuation of left-to-right runs inside right-to-left lines
    assert ("CC BY" in text and "4.0" in text) if out["lang"] == "ar" else "CC BY-SA 4.0" in text
    if out["lang"] != "ar":  # pdfplumber reorders digits within right-to-left lines
        assert "01223 216455" in text and "01223 256998" in text
    if out["lang"] == "en":
        assert "Words to know" in text
    if out["lang"] == "zh-Hans":
        assert "要知道的词" in text and not out["edoc"].has_fallback


def test_the_pdf_may_read_the_symbol_library_and_nothing_else(tmp_path):
    """The PDF goes through the project's asset fetcher, rooted at symbols/ only."""
    root = (ROOT / "symbols").resolve()
    job = lambda src: Job(key="x.pdf", label="x", html=f'<html lang="en"><title>t</title><img src="{src}" alt="x">',
                          base_url=root.as_uri() + "/", roots=(str(root),), created="2026-11-01")
    assert render_job(job((root / "phone.svg").as_uri())).error is None
    outside = tmp_path / "secret.svg"
    outside.write_bytes((root / "phone.svg").read_bytes())
    refused = render_job(job(outside.as_uri()))
    assert refused.pdf is None and "outside the project's asset folders" in refused.error


# --- the web page ------------------------------------------------------------------------------

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_page_pictures_have_alt_text_and_exist(out):
    page = parse(out["page"])
    html = next(a for t, a in page.tags if t == "html")
    assert (html["lang"], html["dir"]) == (out["lang"], "rtl" if out["lang"] == "ar" else "ltr")
    images = [a for t, a in page.tags if t == "img" and a.get("class") != "logo"]  # the trust's logo: elsewhere
    alts = [p.alt.text for g in out["edoc"].groups for p in g.points]
    assert [a["alt"] for a in images] == alts and all(alts)
    for image in images:
        assert (out["page"].parent / image["src"]).read_bytes().lstrip().startswith(b"<svg")


def test_page_links_back_and_to_the_pdf_and_credits_openmoji(out):
    page = parse(out["page"])
    hrefs = [a.get("href") for t, a in page.tags if t == "a"]
    assert "../" in hrefs
    assert f"../hsg-{out['lang']}-easy-read.pdf" in hrefs
    assert "https://openmoji.org/" in hrefs and "https://creativecommons.org/licenses/by-sa/4.0/" in hrefs
    # The leaflet's "Other formats" (here its single-file page's) list both, absolute under the address.
    single = parse(out["page"].parent.parent / f"hsg-{out['lang']}.html")
    listed = [a.get("href") for t, a in single.tags if t == "a" and "easy-read" in a.get("href", "")]
    here = f"{support.SITE_URL}{out['lang']}/hsg/"
    assert listed == [f"{here}easy-read/", f"{here}hsg-{out['lang']}-easy-read.pdf"]


def test_arabic_page_marks_the_draft_translation(easy_reads):
    arabic = easy_reads["ar"]
    notice = arabic["plan"].translations.pgettext("leaflet page", NOTICE)
    assert ARABIC_LETTER.search(notice), notice  # the interface's own Arabic
    assert f'<p class="notice" role="note">{notice}' in arabic["page"].read_text(encoding="utf-8")
    assert 'class="notice"' not in easy_reads["en"]["page"].read_text(encoding="utf-8")  # reviewed


def test_chinese_page_is_translated_with_its_interface(easy_reads):
    chinese = easy_reads["zh-Hans"]
    text = chinese["page"].read_text(encoding="utf-8")
    assert not chinese["edoc"].has_fallback
    assert "返回完整资料" in text and "要知道的词" in text and "开源表情符号和图标项目" in text


def test_page_layout_in_chromium(out, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(out["page"].as_uri())
    pictures = page.locator(".point .picture")
    words = page.locator(".point .words")
    assert pictures.count() == sum(len(g.points) for g in out["edoc"].groups)
    for i in (0, pictures.count() - 1):
        picture, text = pictures.nth(i).bounding_box(), words.nth(i).bounding_box()
        if out["lang"] == "ar":
            assert picture["x"] >= text["x"] + text["width"]
        else:
            assert picture["x"] + picture["width"] <= text["x"]
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.words p')).fontSize)")
    assert font >= 16 / 0.75  # 16 pt in CSS px
    page.close()


# --- the build and the page-count rule -----------------------------------------------------------

def test_build_publishes_the_easy_read_and_lists_it_in_other_formats(real_build):
    result, site = real_build.result, real_build.site
    for lang in ("en", "pl", "ar", "zh-Hans"):
        assert {f"{lang}/hsg/easy-read/index.html", f"{lang}/hsg/hsg-{lang}-easy-read.pdf",
                f"{lang}/hsg/easy-read/pictures/phone.svg"} <= set(result.outputs)
        single = (site / f"{lang}/hsg/hsg-{lang}.html").read_text(encoding="utf-8")
        # The demo has no public address: the single-file page links to its neighbours relatively.
        assert f'href="hsg-{lang}-easy-read.pdf"' in single and 'href="easy-read/"' in single


def test_rule_output_over_24_pages(tmp_path):
    diags = Diagnostics()
    leaflet, library = load_leaflet(ROOT / "content/hsg", ROOT, diags), load_library(ROOT, diags)
    assert not diags.errors, diags
    point = "![A telephone](symbol:phone)\nPhone us.\nWe are here to help.\nAsk us anything.\n\n"
    text = "---\ntitle: Long\nsummary: Too long.\n---\n" + "".join(
        f"## Part {i}\n\n" + point * 8 for i in range(16))  # 27 pages: just over, to render little
    easy = easyread.parse(text, "content/hsg/easy-read.md", "hsg", diags)
    edoc = localize_easy_read(easy, localize(leaflet, "en"))
    render_easy_read.write_outputs(Project.at(ROOT), easy, edoc, library, Staging(tmp_path / "site"), diags)
    (problem,) = [d for d in diags if d.code == "easy-read.pages"]
    assert (problem.path, problem.line, problem.severity) == ("content/hsg/easy-read.md", 2, "error")
    assert problem.message.startswith("en/hsg/hsg-en-easy-read.pdf has ")
    assert int(problem.message.split(" has ")[1].split()[0]) > 24


def test_page_names_the_department_in_the_page_language_as_the_pdfs_do(out):
    from bs4 import BeautifulSoup

    footer = BeautifulSoup(out["page"].read_text(encoding="utf-8"), "html.parser").find("footer")
    organisation, department = footer.find_all("p")[1].find_all("span")
    shown = out["edoc"].document.department
    assert organisation.get_text() == "Cambridge University Hospitals NHS Foundation Trust"
    assert organisation.get("lang") == (None if out["lang"] == "en" else "en")
    assert department.get_text() == shown.text
    assert department.get("lang") == (None if shown.lang == out["lang"] else shown.lang)
    if out["lang"] != "en":
        assert not shown.fallback and shown.text != "Fluoroscopy department"
