"""The HSG large-print and print PDFs, opened and checked: UKAAF sizes, PDF/UA-1 structure, text, bytes."""
from __future__ import annotations

import re
import subprocess
from datetime import date

import pikepdf
import pytest

import support

from leaflets import render_pdf
from conftest import build_with_address
from leaflets.project import Project
from pdfhelp import hsg_leaflet, localized, normalise, plumbed, reading_text, source_sentences

pytestmark = pytest.mark.pdf

FORMATS = ("large-print", "print")
MIN_SIZE = {"large-print": 16.0, "print": 12.0}


@pytest.fixture(scope="module")
def built(real_build):
    """The session's real build (no public address: no QR code, relative links)."""
    return real_build.site, real_build.result


@pytest.fixture(scope="module")
def addressed(address_build):
    """A small build with a public address (support.SITE_URL): the QR code and absolute links."""
    return address_build.site, address_build.result


def pdf(built, fmt, lang="en"):
    return built[0] / lang / "hsg" / f"hsg-{lang}-{fmt}.pdf"


def test_both_pdfs_are_written_beside_the_page(built):
    out, result = built
    for fmt in FORMATS:
        rel = f"en/hsg/hsg-en-{fmt}.pdf"
        assert rel in result.outputs
        assert pdf(built, fmt).read_bytes().startswith(b"%PDF-1.7")


def test_weasyprint_logged_no_warning(built):
    _, result = built
    reported = [str(d) for d in result.diagnostics if d.code.startswith("pdf.")]
    assert reported == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_character_below_the_minimum_size(built, fmt):
    doc = plumbed(pdf(built, fmt))
    chars = [c for page in doc.pages for c in page.chars if c["text"].strip()]
    assert len(chars) > 5000
    small = {(c["text"], round(c["size"], 2)) for c in chars if c["size"] < MIN_SIZE[fmt] - 0.01}
    assert small == set()


def test_large_print_body_is_18pt_and_headings_larger_and_bold(built):
    doc = plumbed(pdf(built, "large-print"))
    chars = [c for page in doc.pages for c in page.chars if c["text"].strip()]
    words = {}
    for page in doc.pages:
        for line in page.extract_text_lines():
            words[line["text"]] = line["chars"][0]
    sizes = [round(c["size"]) for c in chars]
    assert max(set(sizes), key=sizes.count) == 18
    for heading in ("What are the risks?", "How do I prepare for a", "Phone numbers"):
        char = words[heading]
        assert char["size"] > 18 and "Bold" in char["fontname"], heading


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_italic_or_oblique_font(built, fmt):
    fonts = subprocess.run(["pdffonts", str(pdf(built, fmt))], capture_output=True, text=True, check=True).stdout
    doc = plumbed(pdf(built, fmt))
    names = {c["fontname"] for page in doc.pages for c in page.chars}
    assert names
    for name in names | {fonts}:
        assert not re.search(r"italic|oblique", name, re.I), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_font_is_embedded_and_subset(built, fmt):
    lines = subprocess.run(["pdffonts", str(pdf(built, fmt))], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, emb, sub = line.split()[0], line.split()[-5], line.split()[-4]
        assert (emb, sub) == ("yes", "yes"), line
        assert re.match(r"^[A-Z]{6}\+Noto-Sans", name), line


@pytest.mark.parametrize("fmt", FORMATS)
def test_qpdf_check_is_clean(built, fmt):
    run = subprocess.run(["qpdf", "--check", str(pdf(built, fmt))], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No syntax or stream encoding errors found" in run.stdout
    assert "WARNING" not in run.stdout + run.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_pdf_ua_structure_and_metadata(built, fmt):
    title = hsg_leaflet().meta.title
    with pikepdf.open(pdf(built, fmt)) as doc:
        root = doc.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert "/EmbeddedFiles" not in root.get("/Names", {})
        with doc.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == title
        assert str(doc.docinfo.Title) == title
        assert str(doc.docinfo.CreationDate).startswith("D:20261101")


def struct_elements(node, found):
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            struct_elements(kids, found)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            struct_elements(kid, found)
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_headings_figures_and_bookmarks(built, fmt):
    leaflet = hsg_leaflet()
    with pikepdf.open(pdf(built, fmt)) as doc:
        elements = struct_elements(doc.Root.StructTreeRoot.K, [])
        tags = [str(e.S) for e in elements]
        levels = [int(t[2]) for t in tags if re.fullmatch(r"/H[1-6]", t)]
        figures = [e for e in elements if e.S == "/Figure"]
        with doc.open_outline() as outline:
            top = outline.root
            titles = [top[0].title] + [item.title for item in top[0].children]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    assert titles[0] == leaflet.meta.title
    assert titles[1:1 + len(leaflet.sections)] == [s.title.text for s in leaflet.sections]


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_holds_every_sentence_of_the_source_in_order(built, fmt):
    text = normalise(reading_text(pdf(built, fmt)))
    position = 0
    for sentence in source_sentences():
        found = text.find(normalise(sentence), position)
        assert found >= 0, f"not found after position {position}: {sentence!r}"
        position = found + len(normalise(sentence))


@pytest.mark.parametrize("fmt", FORMATS)
def test_page_numbers_in_the_same_place_on_every_page(built, fmt):
    doc = plumbed(pdf(built, fmt))
    count = len(doc.pages)
    assert count >= 2
    for number, page in enumerate(doc.pages, start=1):
        lines = page.extract_text_lines()
        last, reference = lines[-2], lines[-1]  # under the page number: the document reference
        assert reference["text"] == f"hsg/{hsg_leaflet().meta.version}/en/{fmt}"
        assert last["text"] == f"Page {number} of {count}"
        assert round(last["top"]) == round(doc.pages[0].extract_text_lines()[-2]["top"])
        assert round((last["x0"] + last["x1"]) / 2) == round(float(page.width) / 2)
        assert min(c["size"] for c in last["chars"]) >= MIN_SIZE[fmt] - 0.01


@pytest.mark.parametrize("fmt", FORMATS)
def test_qr_code_decodes_to_the_address_printed_beside_it(addressed, fmt, tmp_path):
    """Rasterise page 1 (poppler) and read the QR code back (zbarimg, from zbar-tools)."""
    url = support.SITE_URL + "en/hsg/"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf(addressed, fmt)),
                    str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(next(tmp_path.glob("page*.png")))],
                             capture_output=True, text=True).stdout.split()
    assert decoded == [url]
    doc = plumbed(pdf(addressed, fmt))
    first_page = doc.pages[0].extract_text()
    assert render_pdf.page_address(url) == support.SITE_URL.removeprefix("https://") + "en/hsg"
    assert render_pdf.page_address(url) in first_page.splitlines()  # short, on a line of its own


def test_two_builds_give_identical_bytes(tmp_path):
    first, again = (build_with_address(tmp_path / run, languages=["en"], formats=["html", "large-print", "print"])
                    for run in ("first", "again"))
    compared = [rel for rel in sorted(first.result.outputs) if rel.endswith((".pdf", ".html"))]
    for rel in compared:
        assert (first.site / rel).read_bytes() == (again.site / rel).read_bytes(), rel
    assert {"en/hsg/hsg-en-large-print.pdf", "en/hsg/hsg-en-print.pdf", "en/hsg/hsg-en.html"} <= set(compared)


def test_dates_come_from_source_date_epoch_or_the_publication_date():
    doc = localized("en", {})
    assert doc.meta.published == date(2026, 11, 1)
    assert render_pdf.creation_date(doc, environ={}) == "2026-11-01"
    assert render_pdf.creation_date(doc, environ={"SOURCE_DATE_EPOCH": "1700000000"}) == "2023-11-14T22:13:20Z"


@pytest.mark.parametrize("address", [False, True])
def test_single_file_html_lists_the_pdfs_with_their_sizes(built, addressed, address):
    out, result = addressed if address else built
    html = (out / "en" / "hsg" / "hsg-en.html").read_text(encoding="utf-8")
    for fmt, label in (("large-print", "Large print"), ("print", "Print version")):
        size = round(result.outputs[f"en/hsg/hsg-en-{fmt}.pdf"] / 1024)
        href = f"{support.SITE_URL}en/hsg/hsg-en-{fmt}.pdf" if address else f"hsg-en-{fmt}.pdf"  # relative without one
        assert f'href="{href}"' in html
        assert re.search(rf"{label} \(PDF, {size} KB\)", html), label


def large_print_lines(built) -> list[str]:
    doc = plumbed(pdf(built, "large-print"))
    return [line["text"] for page in doc.pages for line in page.extract_text_lines()]


def test_large_print_splits_no_word_phone_number_or_date(built):
    lines = large_print_lines(built)
    assert not [line for line in lines if re.search(r"\w-$", line)], "a word broken at its hyphen"
    text = "\n".join(lines)
    for contact in hsg_leaflet().meta.contacts:
        count = text.count(contact.phone)
        assert count >= 1, contact.phone  # whole, on one line
    for whole in ("1 November 2026", "1 November 2029", "0800 169 0 169", "01223 216455"):
        assert whole in text, whole


def test_large_print_is_left_aligned_one_column(built):
    doc = plumbed(pdf(built, "large-print"))
    page = doc.pages[1]
    lines = page.extract_text_lines()[:-1]  # without the page number
    left = min(line["x0"] for line in lines)
    assert abs(left - 20 * 72 / 25.4) < 1  # the left margin, 20 mm
    starts = [round(line["x0"] - left) for line in lines]
    assert max(set(starts), key=starts.count) == 0  # ragged right: lines start at the margin
    assert max(line["x1"] for line in lines) <= float(page.width) - 20 * 72 / 25.4 + 1


def test_source_date_epoch_sets_the_pdf_dates(monkeypatch, tmp_path):
    from pdfhelp import render_documents

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = Project.at(support.copy_project(tmp_path / "project", site_url=support.SITE_URL))
    out, diags = render_documents(project, [localized("en", {})], tmp_path / "site")
    assert not diags.errors
    with pikepdf.open(out / "en" / "hsg" / "hsg-en-print.pdf") as doc:
        assert str(doc.docinfo.CreationDate) == str(doc.docinfo.ModDate) == "D:20260101000000Z"
        with doc.open_metadata() as xmp:
            assert xmp["xmp:CreateDate"] == "2026-01-01T00:00:00Z"


def footer_line(page) -> str:
    """The page's last line as drawn, left to right (its characters may come from fonts with
    different baselines, so they are gathered by position, not by pdfplumber's lines)."""
    bottom = max(c["top"] for c in page.chars)
    return "".join(c["text"] for c in sorted((c for c in page.chars if c["top"] > bottom - 12),
                                             key=lambda c: c["x0"]))


@pytest.mark.pdf
def test_every_pdf_carries_its_document_reference_in_the_metadata_and_every_footer(built):
    """Leaflet id, version, language and format: which version a patient holds, on every page."""
    out, result = built
    version = hsg_leaflet().meta.version
    checked = 0
    for rel in sorted(r for r in result.outputs if r.endswith(".pdf")):
        lang, _, name = rel.split("/")
        fmt = name.removeprefix(f"hsg-{lang}-").removesuffix(".pdf")
        reference = f"hsg/{version}/{lang}/{fmt}"
        with pikepdf.open(out / rel) as doc:
            assert str(doc.docinfo["/DocumentReference"]) == reference, rel
            assert str(doc.docinfo["/Keywords"]) == reference, rel
            assert "/viewport" not in doc.docinfo
        # On a right-to-left page some fonts' bracket glyphs are mirrored ones, which text
        # extraction names backwards: there, a bracket's orientation is not compared.
        brackets = str.maketrans(")", "(") if lang == "ar" else {}
        doc = plumbed(out / rel)
        for page in doc.pages:
            assert footer_line(page).translate(brackets) == reference.translate(brackets), (rel, page.page_number)
        checked += 1
    assert checked >= 3, sorted(result.outputs)  # large print, print and easy read, in each published language

