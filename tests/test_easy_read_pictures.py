"""Easy-read pictures measured as a reader sees them: the drawn ink (not the box) of every picture
is at least 2.5 cm on its larger side in the PDF (rasterised with pdftoppm) and in the web page at
phone width (Chromium screenshots), and every picture in the library fills its own box."""
from __future__ import annotations

import base64
import io
import math
import subprocess

import pdfplumber
import pytest
from PIL import Image

from leaflets.diagnostics import Diagnostics
from leaflets.symbols import load_library
from test_easy_read_output import easy_reads, tagged_points  # noqa: F401  (a module fixture)

MIN_CM = 2.5
CM_PX = 96 / 2.54  # CSS px in a centimetre
DPI = 150
WHITE = 245  # a grey level at or above this is paper, not ink


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of the non-white pixels."""
    return image.convert("L").point(lambda v: 255 if v < WHITE else 0).getbbox()


def drawn_sizes(pdf_path, tmp_path) -> list[tuple[str, float]]:
    """(alt text, larger side of the drawn ink in cm) for every picture of the PDF, in order.

    Where each picture is comes from the tags (the vector objects of its /Figure); how big it
    is drawn comes from the page rasterised by pdftoppm: the non-white pixels in that place.
    """
    # PGM, not PNG: the same pixels, and pdftoppm's PNG compression took nine tenths of its time.
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(pdf_path), str(tmp_path / "p")],
                   check=True, capture_output=True)
    pages = sorted(tmp_path.glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1]))
    images = {}  # page number -> its raster, read once
    sizes = []
    with pdfplumber.open(pdf_path) as pdf:
        for point in tagged_points(pdf):
            page = pdf.pages[point["page"] - 1]
            drawn = [o for kind in ("curve", "rect", "line") for o in page.objects.get(kind, [])
                     if o.get("mcid") in point["figure"]]
            assert drawn, point
            margin = 3  # pt: strokes reach past the geometry by half their width
            box = (min(o["x0"] for o in drawn) - margin, min(o["top"] for o in drawn) - margin,
                   max(o["x1"] for o in drawn) + margin, max(o["bottom"] for o in drawn) + margin)
            if point["page"] not in images:
                images[point["page"]] = Image.open(pages[point["page"] - 1])
            image = images[point["page"]]
            scale = image.width / float(page.width)
            ink = ink_box(image.crop(tuple(round(v * scale) for v in box)))
            assert ink is not None, f"picture '{point['alt']}' draws nothing visible"
            side = max(ink[2] - ink[0], ink[3] - ink[1]) / scale  # pt
            sizes.append((point["alt"], side / 72 * 2.54))
    return sizes


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_pdf_picture_is_drawn_at_least_2_5_cm(lang, easy_reads, tmp_path):
    out = easy_reads[lang]
    sizes = drawn_sizes(out["pdf"], tmp_path)
    assert len(sizes) == sum(len(g.points) for g in out["edoc"].groups)
    small = [(alt, round(cm, 2)) for alt, cm in sizes if cm < MIN_CM]
    assert not small, f"{len(small)} of {len(sizes)} pictures drawn under {MIN_CM} cm: {small}"


# Every picture of the page and the words beside it, where they are in the page (CSS px).
PLACES = """() => [...document.querySelectorAll('.point .picture')].map(picture => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; };
  return {alt: picture.alt, picture: box(picture), words: box(picture.closest('.point').querySelector('.words'))};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 400])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_picture_is_drawn_at_least_2_5_cm_at_phone_width(lang, width, easy_reads, browser):  # noqa: F811
    """Where the pictures are: one evaluate; how they are drawn: one screenshot of the whole page's
    band of pictures (the pixels of a full-page screenshot, cropped), each picture's box cut from it."""
    out = easy_reads[lang]
    page = browser.new_page(viewport={"width": width, "height": 800}, device_scale_factor=2)
    page.goto(out["page"].as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    places = page.evaluate(PLACES)
    assert len(places) == sum(len(g.points) for g in out["edoc"].groups)
    for place in places:
        box, text = place["picture"], place["words"]
        if lang == "ar":
            assert box["x"] >= text["x"] + text["width"], f"RTL: '{place['alt']}' is not right of its text"
        else:
            assert box["x"] + box["width"] <= text["x"], f"LTR: '{place['alt']}' is not left of its text"
    boxes = [place["picture"] for place in places]
    x0, y0 = math.floor(min(b["x"] for b in boxes)), math.floor(min(b["y"] for b in boxes))
    band = {"x": x0, "y": y0, "width": math.ceil(max(b["x"] + b["width"] for b in boxes)) - x0,
            "height": math.ceil(max(b["y"] + b["height"] for b in boxes)) - y0}
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True, clip=band)))
    page.close()
    small = []
    for place, b in zip(places, boxes):
        ink = ink_box(shot.crop(tuple(round(v * 2) for v in (b["x"] - x0, b["y"] - y0, b["x"] - x0 + b["width"],
                                                             b["y"] - y0 + b["height"]))))  # device px: scale 2
        assert ink is not None, place["alt"]
        side = max(ink[2] - ink[0], ink[3] - ink[1]) / 2  # CSS px
        if side < MIN_CM * CM_PX:
            small.append((place["alt"], round(side / CM_PX, 2)))
    assert not small, f"at {width} px, pictures drawn under {MIN_CM} cm: {small}"


@pytest.mark.browser
def test_every_library_picture_fills_its_box(browser):  # noqa: F811
    """A picture added with wide margins would be drawn small in its box: its viewBox must be cropped."""
    from support import ROOT

    library = load_library(ROOT, Diagnostics())
    assert library is not None
    size, columns = 300, 8  # each picture in a 300 px box, all of them on one page: one screenshot
    names = list(library.symbols)
    rows = -(-len(names) // columns)
    page = browser.new_page(viewport={"width": size * columns, "height": size * rows})
    cells = "".join(f'<img src="data:image/svg+xml;base64,{base64.b64encode(library.svg(name)).decode("ascii")}" '
                    f'style="display:block;width:{size}px;height:{size}px">' for name in names)
    page.set_content(f'<body style="margin:0;background:#fff;display:grid;'
                     f'grid-template-columns:repeat({columns},{size}px)">{cells}</body>')
    page.wait_for_function("[...document.images].every(i => i.complete)")
    shot = Image.open(io.BytesIO(page.screenshot()))
    page.close()
    thin = []
    for i, name in enumerate(names):  # an SVG picture draws nothing outside its own box
        x, y = i % columns * size, i // columns * size
        ink = ink_box(shot.crop((x, y, x + size, y + size)))
        assert ink is not None, f"symbol '{name}' draws nothing"
        fill = max(ink[2] - ink[0], ink[3] - ink[1]) / size
        if fill < 0.95:
            thin.append((name, round(fill, 2)))
    assert not thin, f"pictures whose drawing fills less than 95% of their box (crop the viewBox): {thin}"
