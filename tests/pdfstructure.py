"""Read a tagged PDF as a screen reader does: its structure tree (pikepdf), the text each
element marks (pdfplumber's characters by MCID, or the span's /ActualText), and the content
of each page that is neither in the tree nor an artifact."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from pdfhelp import plumbed

TEXT_OPERATORS = {"Tj", "TJ", "'", '"', "Do", "BI"}


@dataclass
class Node:
    role: str
    obj: pikepdf.Dictionary
    children: list["Node"] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID), in order
    parts: list = field(default_factory=list)  # Node or (page, MCID), in reading order

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def pages(self) -> list[int]:
        return sorted({p for n in self.walk() for p, _ in n.content})


def _kids(obj) -> list:
    k = obj.get("/K")
    return [] if k is None else list(k) if isinstance(k, Array) else [k]


@dataclass
class Tagged:
    path: Path
    root: Node
    pages: list
    actual: dict[tuple[int, int], str]  # (page, MCID) -> /ActualText of its marked content
    untagged: list[str]  # "page N: ..." for content outside the tree and outside artifacts
    marked: set[tuple[int, int]]  # every (page, MCID) in the content streams
    pagination: set[int]  # pages with text in a /Pagination artifact (their page number)
    pdf: pikepdf.Pdf

    def text(self, node: Node, chars: dict) -> str:
        """What a screen reader reads for ``node``: its /ActualText, else its marked content in tree order."""
        if "/ActualText" in node.obj:
            return str(node.obj.ActualText)
        out = []
        for part in node.parts:
            if isinstance(part, Node):
                out.append(self.text(part, chars))
            else:
                out.append(self.actual.get(part, chars.get(part, "")))
        return "".join(out)


def open_tagged(path: Path) -> Tagged:
    """The tagged PDF at ``path``; its objects stay readable (the file stays open) while it lives."""
    pdf = pikepdf.open(path)
    if True:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}

        def build(obj) -> Node:
            node = Node(str(obj.S)[1:], obj)
            page = obj.get("/Pg")
            for kid in _kids(obj):
                if isinstance(kid, int):
                    node.content.append((index[page.objgen], kid))
                    node.parts.append(node.content[-1])
                elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                    node.content.append((index[kid.Pg.objgen], int(kid.MCID)))
                    node.parts.append(node.content[-1])
                elif isinstance(kid, Dictionary) and "/S" in kid:
                    child = build(kid)
                    node.children.append(child)
                    node.parts.append(child)
            return node

        root = Node("StructTreeRoot", pdf.Root.StructTreeRoot)
        for kid in _kids(pdf.Root.StructTreeRoot):
            child = build(kid)
            root.children.append(child)
            root.parts.append(child)
        in_tree = {c for n in root.walk() for c in n.content}
        actual, untagged, marked, pagination = {}, [], set(), set()
        for i, page in enumerate(pdf.pages):
            stack = []  # (tag, MCID or None, artifact type or None)
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" else None
                    mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                    kind = str(props.get("/Type")) if isinstance(props, Dictionary) else None
                    stack.append((str(operands[0]), mcid, kind))
                    if mcid is not None:
                        marked.add((i, mcid))
                        if "/ActualText" in props:
                            actual[(i, mcid)] = str(props.ActualText)
                        if (i, mcid) not in in_tree:
                            untagged.append(f"page {i + 1}: MCID {mcid} ({operands[0]}) is in no structure element")
                elif op == "EMC":
                    stack.pop()
                elif op in TEXT_OPERATORS:
                    if not any(tag == "/Artifact" or mcid is not None for tag, mcid, _ in stack):
                        untagged.append(f"page {i + 1}: {op} outside marked content and artifacts")
                    if op != "Do" and any(kind == "/Pagination" for _, _, kind in stack):
                        pagination.add(i)
        return Tagged(path, root, list(pdf.pages), actual, untagged, marked, pagination, pdf)


def chars_by_mcid(path: Path) -> dict[tuple[int, int], str]:
    """(page, MCID) -> the text of its characters, in content order (pdfplumber)."""
    text = {}
    for i, page in enumerate(plumbed(path).pages):
        for char in page.chars:
            if char.get("mcid") is not None:
                text[(i, char["mcid"])] = text.get((i, char["mcid"]), "") + char["text"]
    return text


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the texts a PDF must hold ----------------------------------------------------------------

def plain(text: str) -> str:
    """A message's Markdown as the reader sees it: rendered, tags dropped, spaces single."""
    import html as html_module

    from leaflets import markup

    return squash(html_module.unescape(re.sub(r"<[^>]+>", "", str(markup.render_inline(text)))))


def planned(lang: str):
    """The HSG leaflet's document and easy read in ``lang``, as the build plans them."""
    from leaflets import document, translate
    from leaflets.diagnostics import Diagnostics
    from leaflets.project import Project
    from pdfhelp import ROOT, hsg_leaflet

    project = Project.at(ROOT)
    leaflet = hsg_leaflet(project)
    plan = translate.plan(project, leaflet, lang, Diagnostics())
    assert plan.document is not None, plan.reason
    return plan.document, document.localize_easy_read(leaflet.easy_read, plan.document, plan.lookup)


def leaflet_texts(doc) -> list[str]:
    shown = [doc.title, doc.summary]
    for section in doc.sections:
        shown.append(section.title)
        for block in section.blocks:
            shown += block.items
    for contact in doc.contacts:
        shown += [contact.name] + ([contact.hours] if contact.hours else [])
    return [t for t in (plain(s.text) for s in shown) if t]


def easy_texts(edoc) -> list[str]:
    shown = [edoc.title, edoc.summary]
    for group in edoc.groups:
        shown.append(group.title)
        for point in group.points:
            shown += point.sentences
    for term in edoc.glossary:
        shown += [term.word, term.explanation]
    return [t for t in (plain(s.text) for s in shown) if t]
