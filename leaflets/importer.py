"""``python build.py import FILE [--id ID]``: turn a Word document, a saved web page or a
Markdown file into a leaflet folder ``content/<id>/`` to finish by hand.

Every format becomes HTML first, then one path does the rest:

- ``.docx``: mammoth, which maps Word *styles* (Heading 1, List Bullet, tables, bold,
  hyperlinks, pictures with their alt text) to plain semantic HTML and drops the visual
  formatting a leaflet must not keep; pictures arrive as ``data:`` URIs;
- ``.html``: the page's main content (``<main>``, ``role=main``, ``<article>`` or the body),
  without navigation, headers, footers, forms and scripts (BeautifulSoup with lxml);
- ``.md``: Python-Markdown (with tables).

The HTML is cleaned by nh3 to the structure a leaflet may hold, split into sections at
its headings (a single top heading is the title), and each block is converted to the
project's Markdown by markdownify. Pictures are saved into ``content/<id>/images/`` with
their alt text (or a ``TODO``); phone numbers found in the text are proposed as contacts;
every value the source does not give is a ``TODO`` that ``check`` lists.
"""
from __future__ import annotations

import base64
import binascii
import json
import mimetypes
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter

from . import scaffold, write
from . import phones as phone_numbers
from .model import ID_RE
from .project import Project

SUFFIXES = (".docx", ".html", ".htm", ".md")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = {*HEADINGS, "p", "ul", "ol", "table", "blockquote"}
KEEP_TAGS = {*BLOCKS, "li", "thead", "tbody", "tfoot", "tr", "th", "td", "strong", "b", "em", "i",
             "a", "img", "br", "sub", "sup"}
KEEP_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "th": {"colspan"}, "td": {"colspan"}}
OUTSIDE_CONTENT = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript",
                   "template", "iframe", "svg", "button", "select", "dialog")
NO_ALT = "TODO: describe this picture"
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
               "image/webp": ".webp"}


# Word's Title style is the leaflet's title: one level above Heading 1 (mammoth maps only headings).
WORD_STYLES = "\n".join(["p[style-name='Title'] => h1:fresh"]
                        + [f"p[style-name='Heading {n}'] => h{min(n + 1, 6)}:fresh" for n in range(1, 7)])


class CannotImport(Exception):
    """A file that cannot be imported: the message says why."""


@dataclass
class Section:
    title: str  # plain text; TODO when the source gives none
    blocks: list[str] = field(default_factory=list)  # Markdown, one block each


@dataclass
class Imported:
    title: str
    sections: list[Section]
    files: dict[str, bytes]  # pictures: path in the leaflet folder -> bytes
    phones: list[str]
    notes: list[str]  # what the converter could not carry over, for the person importing


# --- reading each format into HTML -----------------------------------------------

def to_html(source: Path) -> tuple[str, list[str]]:
    """The document as HTML, and the converter's warnings."""
    suffix = source.suffix.lower()
    if suffix not in SUFFIXES:
        raise CannotImport(f"{source.name}: cannot import {suffix or 'a file without extension'} files:"
                           f" use {', '.join(SUFFIXES)}")
    if suffix == ".docx":
        import mammoth

        try:
            with source.open("rb") as handle:
                result = mammoth.convert_to_html(handle, style_map=WORD_STYLES)
        except Exception as exc:  # a corrupt or non-Word file: mammoth raises zip/XML errors
            raise CannotImport(f"{source.name}: not a readable Word document ({exc})") from None
        return result.value, [m.message for m in result.messages]
    text = source.read_text(encoding="utf-8", errors="replace")
    if suffix == ".md":
        return markdown.markdown(text, extensions=["tables", "sane_lists"]), []
    return text, []


def main_content(html: str) -> tuple[Tag, str]:
    """The part of a page that is the leaflet, and the page's ``<title>``."""
    soup = BeautifulSoup(html, "lxml")
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root = (soup.find("main") or soup.find(attrs={"role": "main"}) or soup.find("article")
            or soup.body or soup)
    for tag in root.find_all(OUTSIDE_CONTENT):
        tag.decompose()
    cleaned = nh3.clean(str(root), tags=KEEP_TAGS, attributes=KEEP_ATTRIBUTES,
                        url_schemes={"http", "https", "mailto", "tel", "data"}, link_rel=None,
                        strip_comments=True)
    body = BeautifulSoup(f"<body>{cleaned}</body>", "lxml").body
    return body, page_title


# --- pictures ------------------------------------------------------------------

def save_pictures(body: Tag, base: Path, notes: list[str]) -> dict[str, bytes]:
    """Every picture as a file in ``images/``; ``src`` points at it, ``alt`` is kept or TODO."""
    files: dict[str, bytes] = {}
    for number, img in enumerate(body.find_all("img"), start=1):
        src = (img.get("src") or "").strip()
        data, ext = _picture(src, base)
        name = f"images/picture-{number}{ext}"
        alt = " ".join((img.get("alt") or "").split())
        if data is None:
            notes.append(f"picture {number} ({src[:60]!r}) is not a file beside the source: save it as {name}")
            alt = f"TODO: save the picture {src[:60]} as {name}" + (f" ({alt})" if alt else "")
        else:
            files[name] = data
        img.attrs = {"src": name, "alt": alt or NO_ALT}
    return files


def _picture(src: str, base: Path) -> tuple[bytes | None, str]:
    if src.startswith("data:"):
        head, _, payload = src.partition(",")
        kind = head[5:].split(";")[0].lower()
        try:
            data = base64.b64decode(payload, validate=False) if ";base64" in head else unquote(payload).encode()
        except (binascii.Error, ValueError):
            return None, ".png"
        return data, IMAGE_TYPES.get(kind, ".png")
    parts = urlsplit(src)
    ext = Path(unquote(parts.path)).suffix.lower() or ".png"
    if parts.scheme or parts.netloc or not parts.path:
        return None, ext
    path = (base / unquote(parts.path)).resolve()
    if not path.is_file() or base.resolve() not in path.parents:
        return None, ext
    kind = mimetypes.guess_type(path.name)[0] or ""
    return path.read_bytes(), IMAGE_TYPES.get(kind, ext)


# --- structure -----------------------------------------------------------------

def flatten(body: Tag) -> None:
    """Shape the HTML into what a leaflet holds: flat lists, one-line cells and items."""
    for nested in body.select("li ul, li ol"):
        parent_li = nested.find_parent("li")
        for item in reversed(nested.find_all("li", recursive=False)):
            parent_li.insert_after(item.extract())
        nested.decompose()
    for cell in body.find_all(["li", "td", "th"]):
        for inner in cell.find_all(["p", "br", "blockquote", *HEADINGS]):
            inner.insert_before(" ")
            inner.unwrap()
    for quote in body.find_all("blockquote"):
        quote.unwrap()


def blocks(body: Tag):
    """Top-level blocks in order; runs of loose text and inline tags become paragraphs."""
    loose: list = []

    def paragraph():
        if any(str(n).strip() for n in loose):
            p = BeautifulSoup("<p></p>", "lxml").p
            for node in loose:
                p.append(node)
            loose.clear()
            return p
        loose.clear()
        return None

    for node in list(body.children):
        if isinstance(node, Tag) and node.name in BLOCKS:
            p = paragraph()
            if p is not None:
                yield p
            yield node
        elif isinstance(node, (Tag, NavigableString)):
            loose.append(node.extract())
    p = paragraph()
    if p is not None:
        yield p


class _Converter(MarkdownConverter):
    def convert_a(self, el, text, parent_tags):  # noqa: D102 (markdownify's hook)
        href = el.get("href") or ""
        if href.startswith("#"):  # an anchor of the source document: its ids are gone
            return text
        return super().convert_a(el, text, parent_tags)


def to_markdown(html: str) -> str:
    converter = _Converter(heading_style="ATX", bullets="-", strong_em_symbol="*", escape_underscores=False,
                           table_infer_header=True, autolinks=False,
                           keep_inline_images_in=["td", "th", "li", "a", "strong", "b", "em", "i"])
    return converter.convert(html).strip()


def split(body: Tag, page_title: str) -> tuple[str, list[Section]]:
    """The title and the sections: a lone top heading first is the title, the next level starts sections."""
    items = list(blocks(body))
    levels = [int(b.name[1]) for b in items if b.name in HEADINGS]
    title = ""
    first = next((i for i, b in enumerate(items) if b.name in HEADINGS), None)
    if levels and levels.count(min(levels)) == 1 and items[first].name == f"h{min(levels)}":
        title = items.pop(first).get_text(" ", strip=True)
        levels = levels[1:]
    section_level = min(levels, default=0)
    sections: list[Section] = []
    previous = 2
    for block in items:
        level = int(block.name[1]) if block.name in HEADINGS else 0
        if level and level <= section_level:
            sections.append(Section(block.get_text(" ", strip=True) or "TODO: a heading for this section"))
            previous = 2
            continue
        if not sections:
            sections.append(Section("TODO: a heading for the opening text"))
        if level:  # a sub-heading: ### and deeper, never skipping a level
            depth = min(level - section_level + 2, previous + 1, 6)
            previous = depth
            sections[-1].blocks.append("#" * depth + " " + to_markdown(block.decode_contents()).replace("\n", " "))
        else:
            text = to_markdown(str(block))
            if text:
                sections[-1].blocks.append(text)
    return title or page_title, sections


def phones(sections: list[Section]) -> list[str]:
    """Telephone numbers in the text, each once, in the order they appear."""
    found: dict[str, str] = {}
    for section in sections:
        for text in [section.title, *section.blocks]:
            for span in phone_numbers.phones(text):  # the one phone pattern of the project
                number = " ".join(text[span.start:span.end].replace("\u00a0", " ").split())
                digits = phone_numbers.normalise(number)
                if digits not in found:
                    found[digits] = number
    return list(found.values())


def read(source: Path) -> Imported:
    html, notes = to_html(source)
    body, page_title = main_content(html)
    files = save_pictures(body, source.parent, notes)
    flatten(body)
    title, sections = split(body, page_title)
    if not sections:
        raise CannotImport(f"{source.name}: no text found to import")
    return Imported(title, sections, files, phones(sections), notes)


# --- the leaflet folder ----------------------------------------------------------

def slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    while len("-".join(words)) > 40 and len(words) > 1:
        words.pop()
    return "-".join(words)[:40].strip("-") or fallback


def _q(value: str) -> str:
    """A YAML scalar: a JSON string is a valid double-quoted YAML string."""
    return json.dumps(value, ensure_ascii=False)


def leaflet_files(leaflet_id: str, doc: Imported, source: str, today: date) -> dict[str, str | bytes]:
    ids: list[str] = []
    for number, section in enumerate(doc.sections, start=1):
        base = "introduction" if section.title.startswith("TODO") else slug(section.title, f"section-{number}")
        sid, n = base, 2
        while sid in ids:
            sid, n = f"{base}-{n}", n + 1
        ids.append(sid)
    contacts = [f"  - id: phone-{i}\n    name: {_q(f'TODO: who answers {number}')}\n    phone: {_q(number)}\n"
                for i, number in enumerate(doc.phones, start=1)]
    if not contacts:
        contacts = ['  - id: main\n    name: "TODO: who patients call"\n'
                    '    phone: "TODO: the number, e.g. 01223 216455"\n']
    try:
        review = today.replace(year=today.year + scaffold.REVIEW_YEARS)
    except ValueError:  # 29 February
        review = today.replace(year=today.year + scaffold.REVIEW_YEARS, day=28)
    meta = "\n".join([
        f"# Imported from {source}. Replace every value starting with TODO, then run",
        "#   python build.py check",
        "# which lists, with file and line, each placeholder still to fill.",
        f"id: {leaflet_id}",
        f"title: {_q(doc.title or 'TODO: the title patients see')}",
        'summary: "TODO: one sentence on what this leaflet explains"',
        'organisation: "TODO: the trust"',
        'department: "TODO: the department that owns this leaflet"',
        'version: "TODO: e.g. 1.0"',
        "# The dates are the day of the import: correct them to the document's own.",
        f"published: {today.isoformat()}",
        f"review: {review.isoformat()}",
        'approver: "TODO: who approved this leaflet"',
        "# The contact patients ask for braille, audio, British Sign Language or another language.",
        f"other_formats_contact: {contacts[0].split('id: ', 1)[1].split(chr(10), 1)[0]}",
        "# Proposed from the phone numbers found in the text: name each, remove the ones",
        "# patients should not call; hours and email are optional.",
        "contacts:",
        "".join(contacts).rstrip("\n"),
        "languages: [en]",
        "formats: [html, site, large-print, print]",
        "translation_threshold: 100",
        "# Every published version, oldest first (remove the # once this version is approved):",
        "# changes:",
        '#   - version: "1.0"',
        f"#     date: {today.isoformat()}",
        f"#     what: Imported from {source}",
        '#     approved_by: "the committee or person who approved it"',
        "sections:",
        *(f"  - {sid}" for sid in ids),
        "",
    ])
    files: dict[str, str | bytes] = {"leaflet.yml": meta, **doc.files}
    for sid, section in zip(ids, doc.sections):
        front = (f"---\nid: {sid}\ntitle: {_q(section.title)}\n"
                 "# true for safety information (how to prepare, risks, what to do if unwell, contacts)\n"
                 "critical: false\n---\n")
        files[f"sections/{sid}.md"] = front + "\n\n".join(section.blocks) + "\n"
    return files


def run(project: Project, source: Path, leaflet_id: str | None = None, today: date | None = None) -> Imported:
    """Create ``content/<id>/`` from ``source``; raises :class:`CannotImport` saying why not."""
    source = Path(source)
    if not source.is_file():
        raise CannotImport(f"{source}: no such file")
    leaflet_id = leaflet_id or slug(source.stem, "imported")
    if not re.fullmatch(ID_RE.strip("^$"), leaflet_id):
        raise CannotImport(f"'{leaflet_id}' is not a valid leaflet id: use lower-case letters, digits and hyphens")
    folder = project.content / leaflet_id
    if folder.exists():
        raise CannotImport(f"{project.rel(folder)} already exists: choose another id with --id")
    doc = read(source)
    try:
        write.create_folder(folder, leaflet_files(leaflet_id, doc, source.name, today or date.today()))
    except FileExistsError:
        raise CannotImport(f"{project.rel(folder)} already exists: choose another id with --id") from None
    return doc


def command(project: Project, source: Path, leaflet_id: str | None) -> int:
    try:
        doc = run(project, source, leaflet_id)
    except CannotImport as exc:
        print(f"import: {exc}", file=sys.stderr)
        return 1
    except (OSError, UnicodeError) as exc:
        print(f"import: {source}: cannot be read ({exc})", file=sys.stderr)
        return 1
    leaflet_id = leaflet_id or slug(Path(source).stem, "imported")
    print(f"created content/{leaflet_id}/: {len(doc.sections)} section(s), {len(doc.files)} picture(s),"
          f" {len(doc.phones)} phone number(s) proposed as contacts")
    for note in doc.notes:
        print(f"  note: {note}")
    print("next: replace every TODO, then run: python build.py check")
    return 0
