"""leaflets/pdf_tags.py on one small document made to need every addition: a paragraph across a
page break, page numbers, an English passage in a Polish page, header cells of both kinds, a
picture, and Chinese lines (no word spaces to add)."""
from __future__ import annotations

import base64
import io
import zlib
import struct

import pdfplumber
import pikepdf
import pytest

from leaflets import render_pdf
from pdfstructure import chars_by_mcid, open_tagged, squash

pytestmark = pytest.mark.pdf

LONG = " ".join(["Please telephone the fluoroscopy department on day 1 of your cycle."] * 14)
CHINESE = "子宫输卵管造影最好在您月经周期的第10天之前进行，但检查时您不能有出血。" * 3
ENGLISH = "This passage is shown in English because it is not yet translated."
ARABIC = "يمكنك العودة إلى المنزل بعد الفحص ومتابعة أنشطتك المعتادة بما في ذلك الجماع. " * 3


def png(width: int, height: int) -> str:
    """A black PNG as a data: URL (a raster picture pdfplumber reports with its position)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\0" * width for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(data).decode()


HTML = f"""<!DOCTYPE html><html lang="pl"><head><title>Próba</title><style>
@page {{ size: A6; margin: 15mm 12mm; @bottom-center {{ content: "Strona " counter(page); }} }}
body {{ font-family: "Noto Sans", "Noto Sans CJK SC", sans-serif; font-size: 11pt; }}
img {{ width: 30mm; height: 20mm; }}
</style></head><body>
<section><h2>Pierwsza część</h2><p id="long">{LONG}</p></section>
<section><h2>Druga część</h2>
<p>Tekst polski i <span lang="en">{ENGLISH}</span></p>
<table><thead><tr><th scope="col">Dzień</th><th scope="col">Godzina</th></tr></thead>
<tbody><tr><th scope="row">Poniedziałek</th><td>09:00</td></tr></tbody></table>
<p><img src="{png(8, 6)}" alt="Czarny prostokąt"></p>
<p lang="zh-Hans">{CHINESE}</p>
<p lang="ar" dir="rtl" style="font-family: 'Noto Sans Arabic'">{ARABIC}</p>
</section></body></html>"""


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tags")
    job = render_pdf.Job(key="t.pdf", label="tags test", html=HTML, base_url=folder.as_uri() + "/",
                         roots=(str(folder),), created="2026-11-01")
    outcome = render_pdf.render_job(job)
    assert outcome.error is None, outcome.error
    path = folder / "t.pdf"
    path.write_bytes(outcome.pdf)
    assert outcome.pages >= 2
    return path


@pytest.fixture(scope="module")
def tagged(pdf):
    return open_tagged(pdf)


@pytest.fixture(scope="module")
def chars(pdf):
    return chars_by_mcid(pdf)


def elements(tagged, role):
    return [n for n in tagged.root.walk() if n.role == role]


def test_page_numbers_are_artifacts_and_nothing_is_outside_the_tree(tagged, chars):
    assert tagged.untagged == []
    assert tagged.pagination == set(range(len(tagged.pages)))  # every page's number, as an artifact
    assert "Strona" not in tagged.text(tagged.root, chars)


def test_a_paragraph_across_a_page_break_is_one_p_with_its_spaces(tagged, chars):
    long = [n for n in elements(tagged, "P") if "fluoroscopy" in tagged.text(n, chars)]
    assert len(long) == 1 and len(long[0].pages) == 2
    assert tagged.text(long[0], chars) == LONG  # every word space, line ends and page break included
    sections = elements(tagged, "Sect")
    assert len(sections) == 2
    assert [s.children[0].role for s in sections] == ["H2", "H2"]


def test_chinese_lines_get_no_space(tagged, chars):
    (chinese,) = [n for n in elements(tagged, "P") if n.obj.get("/Lang") == "zh-Hans"]
    assert tagged.text(chinese, chars) == CHINESE


def test_a_passage_in_another_language_has_its_lang(pdf, tagged, chars):
    (english,) = [n for n in elements(tagged, "Span") if n.obj.get("/Lang") == "en"]
    assert squash(tagged.text(english, chars)) == ENGLISH
    with pikepdf.open(pdf) as doc:
        assert doc.Root.Lang == "pl"


def test_header_cells_have_their_scope(tagged):
    scopes = [str(n.obj.A.Scope) for n in elements(tagged, "TH")]
    assert scopes == ["/Column", "/Column", "/Row"]


def test_figure_bbox_is_in_points_from_the_foot_of_the_page(pdf, tagged):
    (figure,) = [n for n in elements(tagged, "Figure") if n.obj.get("/Alt") == "Czarny prostokąt"]
    page_index = figure.pages[0]
    x1, y1, x2, y2 = (float(v) for v in figure.obj.A.BBox)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[page_index]
        (image,) = page.images
        height = float(page.height)
    expected = (image["x0"], height - image["bottom"], image["x1"], height - image["top"])
    assert (x1, y1, x2, y2) == pytest.approx(expected, abs=0.5)
    assert x2 - x1 == pytest.approx(30 * 72 / 25.4, abs=0.5)


def test_finish_keeps_the_pdf_ua_identification_and_is_deterministic(pdf, tmp_path_factory):
    with pikepdf.open(pdf) as doc:
        assert doc.pdf_version == "1.7"
        with doc.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
        assert doc.Root.MarkInfo.Marked
    folder = tmp_path_factory.mktemp("again")
    again = render_pdf.render_job(render_pdf.Job(key="t.pdf", label="again", html=HTML,
                                                 base_url=folder.as_uri() + "/", roots=(str(folder),),
                                                 created="2026-11-01"))
    assert again.pdf == pdf.read_bytes()
    assert io.BytesIO(again.pdf).getvalue()[:8] == b"%PDF-1.7"


def test_right_to_left_line_ends_keep_their_space_on_the_structure_element(pdf, tagged):
    """Arabic: the space goes on the line's structure element (pdftotext would reverse a marked
    content /ActualText), so the lines before the last read as the paragraph's words with spaces."""
    (arabic,) = [n for n in elements(tagged, "P") if n.obj.get("/Lang") == "ar"]
    lines = [str(n.obj.ActualText) for n in arabic.children if "/ActualText" in n.obj]
    assert len(lines) == len(arabic.children) - 1 >= 2  # every line but the last
    assert all(line.endswith(" ") and not line.endswith("  ") for line in lines)
    assert ARABIC.startswith("".join(lines))
    assert not any((p, m) in tagged.actual for p, m in arabic.content + [c for n in arabic.children for c in n.content])
