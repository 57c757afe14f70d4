"""Helpers for the i18n tests: a temporary copy of the project, catalogues filled
by a function, the pseudo-locale, and HTML parsing of real output."""
from __future__ import annotations

import support

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from leaflets import catalogues, load, pofile
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project

ROOT = Path(__file__).resolve().parent.parent


def project_copy(tmp_path: Path, with_locales: bool = True) -> Path:
    """A copy of the project to change freely (the real content is never edited)."""
    return support.copy_project(tmp_path / "project", locales=with_locales)


def leaflets_of(root: Path):
    diags = Diagnostics()
    leaflets = load.load_all(root, diags)
    assert not diags.errors, diags
    return leaflets


def set_languages(root: Path, languages: list[str]) -> None:
    meta = root / "content" / "hsg" / "leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"^languages: .*$", f"languages: [{', '.join(languages)}]", text, flags=re.M)
    meta.write_text(text, encoding="utf-8")


def allow_unreviewed(root: Path, lang: str) -> None:
    """Record in the copy's leaflet.yml the decision to publish ``lang`` unreviewed (with the notice)."""
    meta = root / "content" / "hsg" / "leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    if re.search(rf"^  {re.escape(lang)}: ", text, flags=re.M):
        return
    entry = f"  {lang}: {{decision: publish-with-notice, decided_by: tests, decided_on: 2026-11-26}}\n"
    text = text.replace("unreviewed:\n", "unreviewed:\n" + entry, 1) if "unreviewed:\n" in text \
        else text + "unreviewed:\n" + entry
    meta.write_text(text, encoding="utf-8")


def fill(root: Path, lang: str, translate, reviewed: bool = False, decision: bool = True,
         extract: bool = True) -> dict[str, Path]:
    """Start ``lang``'s catalogues (replacing any) and translate every entry with ``translate(msgid)``;
    unreviewed ones publish by a recorded decision unless ``decision`` is False. ``extract=False``:
    the templates are current already (a fill of another language just wrote them), so they are not
    extracted again (a third of a fill's time)."""
    if not reviewed and decision:
        allow_unreviewed(root, lang)
    project = Project.at(root)
    leaflets = leaflets_of(root)
    folder = project.locales / catalogues.gettext_lang(lang)
    shutil.rmtree(folder, ignore_errors=True)
    if extract:
        catalogues.extract(project, leaflets)
    paths = catalogues.init(project, lang, leaflets)
    out = {}
    for path in paths:
        catalog = pofile.read(path, str(path), Diagnostics())
        for message in catalog:
            if message.id:
                message.string = translate(message.id)
        if reviewed:
            catalog.extra_headers[pofile.REVIEW_HEADER] = pofile.REVIEWED
        catalogues.write_catalogue(path, pofile.po_bytes(catalog))
        out[path.stem] = path
    return out


def edit_entry(path: Path, msgid_part: str, new_msgstr: str | None = None, fuzzy: bool | None = None) -> int:
    """Change the entry whose msgid contains ``msgid_part``; return its 1-based msgid line."""
    catalog = pofile.read(path, str(path), Diagnostics())
    hits = [m for m in catalog if m.id == msgid_part] or [m for m in catalog if m.id and msgid_part in m.id]
    assert len(hits) == 1, [m.id for m in hits]
    message = hits[0]
    if new_msgstr is not None:
        message.string = new_msgstr
    if fuzzy is not None:
        if fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
    catalogues.write_catalogue(path, pofile.po_bytes(catalog))
    reread = pofile.read(path, str(path), Diagnostics())
    return reread.get(message.id, message.context).lineno


# -- pseudo-locale: every letter visibly altered, numbers, phones, links and placeholders kept --------

PSEUDO = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥîĵķĺɱñöþʠŕšŧüṽŵẋýžÁƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŦÜṼŴẊÝŽ",
)
PROTECT = re.compile(r"\]\([^)]*\)|%\([a-z_]+\)[sd]|https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def pseudo(text: str) -> str:
    parts, last = [], 0
    for m in PROTECT.finditer(text):
        parts.append(text[last:m.start()].translate(PSEUDO))
        parts.append(m.group(0))
        last = m.end()
    parts.append(text[last:].translate(PSEUDO))
    return "«" + "".join(parts) + "»"  # guillemets: in every font the PDFs use


# -- reading output -----------------------------------------------------------------------------------

class Page(HTMLParser):
    """Text nodes with their ancestors, and every element's attributes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.texts: list[tuple[str, list[tuple[str, dict]]]] = []
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    VOID = {"meta", "link", "br", "img", "input", "hr"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, list(self.stack)))

    @property
    def text(self) -> str:
        return " ".join(t for t, stack in self.texts if not any(tag == "style" for tag, _ in stack))

    def html_attrs(self) -> dict:
        return next(a for tag, a in self.elements if tag == "html")


def page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))
