"""The structure tree a screen reader needs, completed around WeasyPrint's own tagging.

WeasyPrint (70) tags a PDF page by page. What it leaves out, this module adds in two steps
(README, "Known limitations" lists each one for upstream):

1. :func:`tagging`, while one document is laid out and written, remembers which HTML element
   each structure element comes from and gives elements what only the HTML knows: ``/Lang``
   for a passage in another language (``lang="en"`` on an English fallback), ``/Scope`` for a
   header cell, and ``/ActualText`` with the word space a line break removed (else "Foundation"
   and "Trust" on two lines read as "FoundationTrust"; see :func:`mark_line_end_spaces`);
2. :func:`finish` (pikepdf) then joins the pieces of an element that a page break cut in two
   (one ``P`` per paragraph, one ``Sect`` per section, its heading inside), marks content
   that is in no structure element (the page numbers of the ``@page`` margin boxes) as a
   pagination ``/Artifact``, writes figure ``/BBox`` attributes in PDF points from the foot of
   the page (WeasyPrint writes CSS pixels from the top) and rebuilds the parent tree.
"""
from __future__ import annotations

import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

SPACE = "_leaflets_line_end_space"  # set on a TextBox whose line break removed a word space
PX = 0.75  # PDF points in a CSS pixel
WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # what CSS collapses to one space


@dataclass
class Record:
    """What the tagging saw: for each structure element (by object number), its HTML element."""

    keys: dict[int, int] = field(default_factory=dict)
    # right-to-left line ends: id(page's marked-content table) -> {MCID: text with its space}, and
    # that table's page; the space goes on the structure element (see mark_line_end_spaces)
    spaces: dict[int, dict[int, str]] = field(default_factory=dict)
    pages: dict[int, int] = field(default_factory=dict)
    _elements: dict[tuple, int] = field(default_factory=dict)

    def key(self, box, role: str) -> int:
        return self._elements.setdefault((id(box.element), box.element_tag, type(box), role), len(self._elements))


def _text_boxes(box):
    """The text boxes of a line, in order, however deeply nested in inline boxes."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            yield from _text_boxes(child)


@contextmanager
def tagging():
    """WeasyPrint with the additions above, for one ``render()`` and ``write_pdf()`` inside the block."""
    import pydyf
    from weasyprint.layout import absolute
    from weasyprint.pdf import stream, tags

    record = Record()
    build, marked = tags._build_box_tree, stream.Stream.marked

    def describe(element, box):
        record.keys[element.number] = record.key(box, str(element["S"]))
        html = box.element
        if html is None or "::" in (box.element_tag or ""):
            return
        if html.get("lang"):
            element["Lang"] = pydyf.String(html.get("lang"))
        if element["S"] == "/TH":
            scope = (html.get("scope") or "col").lower()
            element["A"]["Scope"] = "/Row" if scope.startswith("row") else "/Column"

    def build_box_tree(box, parent, pdf, page_number, nums, annotations, tags_):
        source = box._box if isinstance(box, absolute.AbsolutePlaceholder) else box
        record.pages[id(tags_)] = page_number
        for element in build(box, parent, pdf, page_number, nums, annotations, tags_):
            if element.number not in record.keys:  # the first (innermost) call is the element's own
                describe(element, source)
            yield element

    @contextmanager
    def marked_with_space(self, box, tag):
        if self._tags is None or not getattr(box, SPACE, False) or box.style["direction"] == "rtl":
            with marked(self, box, tag):
                if self._tags is not None and getattr(box, SPACE, False):
                    record.spaces.setdefault(id(self._tags), {})[self._tags[box]["mcid"]] = box.text + " "
                yield
            return
        mcid = len(self._tags)
        self._tags[box] = {"tag": tag, "mcid": mcid}
        properties = pydyf.Dictionary({"MCID": mcid, "ActualText": pydyf.String(box.text + " ")})
        pydyf.Stream.begin_marked_content(self, tag, properties)
        try:
            yield
        finally:
            pydyf.Stream.end_marked_content(self)

    tags._build_box_tree, stream.Stream.marked = build_box_tree, marked_with_space
    try:
        yield record
    finally:
        tags._build_box_tree, stream.Stream.marked = build, marked


def mark_line_end_spaces(document) -> None:
    """Flag each text box that ends a line where the break took a word space away.

    Every block's lines are followed through the text of their HTML element (whitespace
    collapsed as CSS does): a single space between the end of one line and the start of the
    next is a removed word space; nothing between them (a break after a hyphen, or between
    two Chinese characters) is not. Page by page, so a paragraph's last line on one page and
    its first on the next are joined too. The space goes in the marked content's /ActualText
    (pdftotext reads it), but in right-to-left text on the structure element instead: poppler
    would reverse an /ActualText there. Call between ``render()`` and ``write_pdf()``.
    """
    from weasyprint.formatting_structure import boxes

    followed = {}  # id(HTML element) -> [its text, position reached, last text box of the last line]

    def visit(box):
        children = getattr(box, "children", None) or ()
        if not (children and isinstance(children[0], boxes.LineBox) and box.element is not None):
            for child in children:
                visit(child)
            return
        state = followed.setdefault(id(box.element), [WHITESPACE.sub(" ", "".join(box.element.itertext())), 0, None])
        for line in children:
            shown = [t for t in _text_boxes(line) if t.text] if isinstance(line, boxes.LineBox) else []
            last = None
            for n, text_box in enumerate(shown):
                found = state[0].find(text_box.text, state[1])
                if found < 0:
                    last = None
                    continue  # generated text (a counter, ::before): not in the element's text
                if n == 0 and state[2] is not None and state[0][state[1]:found] == " ":
                    setattr(state[2], SPACE, True)
                state[1], last = found + len(text_box.text), text_box
            if shown:
                state[2] = last

    for page in document.pages:
        visit(page._page_box)


def kids(element) -> list:
    k = element.get("/K")
    return [] if k is None else list(k) if isinstance(k, Array) else [k]


def is_element(obj) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def _merge(element, keys: dict[int, int]) -> None:
    """Join each child with the next when both come from the same HTML element (a page break)."""
    joined = []
    for kid in kids(element):
        previous = joined[-1] if joined else None
        if (is_element(kid) and is_element(previous) and kid.is_indirect and previous.is_indirect
                and keys.get(previous.objgen[0]) is not None
                and keys.get(previous.objgen[0]) == keys.get(kid.objgen[0])):
            for part in kids(kid):
                if isinstance(part, int) and kid.Pg.objgen != previous.Pg.objgen:
                    part = Dictionary(Type=Name.MCR, Pg=kid.Pg, MCID=part)
                elif is_element(part):
                    part.P = previous
                previous.K.append(part)
        else:
            joined.append(kid)
    element.K = Array(joined)
    for kid in joined:
        if is_element(kid):
            _merge(kid, keys)


def owners(root) -> tuple[dict, dict]:
    """(page objgen, MCID) -> element and annotation objgen -> element, for the whole tree."""
    content, annotations = {}, {}

    def walk(element):
        page = element.get("/Pg")
        for kid in kids(element):
            if isinstance(kid, int):
                content[(page.objgen, kid)] = element
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                content[(kid.Pg.objgen, int(kid.MCID))] = element
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                annotations[kid.Obj.objgen] = element
            elif is_element(kid):
                walk(kid)

    for top in kids(root):
        walk(top)
    return content, annotations


def _artifacts(pdf: pikepdf.Pdf, content: dict) -> None:
    """Marked content no structure element owns (page furniture) becomes a pagination artifact."""
    for page in pdf.pages:
        instructions, changed = pikepdf.parse_content_stream(page), False
        for i, (operands, operator) in enumerate(instructions):
            if (str(operator) == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]
                    and (page.obj.objgen, int(operands[1].MCID)) not in content):
                instructions[i] = pikepdf.ContentStreamInstruction(
                    [Name.Artifact, Dictionary(Type=Name.Pagination)], pikepdf.Operator("BDC"))
                changed = True
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _figures_in_points(root) -> None:
    def walk(element):
        attributes = element.get("/A")
        if element.S == Name.Figure and isinstance(attributes, Dictionary) and "/BBox" in attributes:
            box = element.Pg.MediaBox
            height = float(box[3]) - float(box[1])
            x1, y1, x2, y2 = (float(v) for v in attributes.BBox)
            attributes.BBox = Array([round(v, 3) for v in
                                     (x1 * PX, height - y2 * PX, x2 * PX, height - y1 * PX)])
        for kid in kids(element):
            if is_element(kid):
                walk(kid)

    for top in kids(root):
        walk(top)


def _parent_tree(pdf: pikepdf.Pdf, content: dict, annotations: dict) -> None:
    nums = []
    for page in pdf.pages:
        if "/StructParents" not in page.obj:
            continue
        mcids = {m: e for (pg, m), e in content.items() if pg == page.obj.objgen}
        size = max(mcids, default=-1) + 1
        nums.append((int(page.obj.StructParents), Array([mcids.get(m) for m in range(size)])))
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation and annotation.objgen in annotations:
                nums.append((int(annotation.StructParent), annotations[annotation.objgen]))
    flat = Array()
    for key, value in sorted(nums, key=lambda kv: kv[0]):
        flat.extend([key, value])
    tree = pdf.Root.StructTreeRoot
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=flat))
    tree.ParentTreeNextKey = max((k for k, _ in nums), default=-1) + 1


def finish(data: bytes, record: Record) -> bytes:
    """The PDF WeasyPrint wrote under :func:`tagging`, its structure completed (see the module)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        for top in kids(root):
            _merge(top, record.keys)
        content, annotations = owners(root)
        for table, texts in record.spaces.items():
            page = pdf.pages[record.pages[table]].obj.objgen
            for mcid, text in texts.items():
                if (page, mcid) in content:
                    content[(page, mcid)].ActualText = pikepdf.String(text)
        _artifacts(pdf, content)
        _figures_in_points(root)
        _parent_tree(pdf, content, annotations)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
