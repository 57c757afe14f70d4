"""Braille: ``<lang>/<leaflet>/<leaflet>-<lang>.brf`` (Braille Ready Format) and a Unicode braille
preview for sighted proof-readers, ``<lang>/<leaflet>/<leaflet>-<lang>-braille.html``.

From the same localised :class:`~leaflets.document.Document` as every other format (translations,
English fallbacks, the publication rule). The table of each passage is the liblouis literary
table of its language (``louis.find_table``): English in Unified English Braille, grade 2 unless
the leaflet sets ``braille_grade: 1``; a language liblouis has no literary table for gets no
braille (its "Other formats" keeps offering braille on request). An English fallback passage in
a translation is written with the English table, never with another language's.

Checked on the written BRF (``check`` runs the same, without writing): only BRF characters,
lines of at most 40 cells, pages of at most 25 lines each starting with its page number, and the
BRF read back with the same tables gives back at least 99% of the document's words in order and
every phone number, time and number exactly. A character a table has no braille for is an error
naming it and the file and line that show it. Every error holds back this leaflet in this
language only (``braille.*``).
"""
from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from jinja2 import Environment
from markupsafe import Markup

from . import catalogues, languages, louis, markup, outputs, phones
from .braille_layout import BLANK, Layout, Para, addresses, brf, layout_problems, paginate, read_brf
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, Document, Shown
from .project import Project
from .glyphs import locate, shown_messages, where
from .render_pdf import page_url
from .rendering import Context, Written
from .templating import environment
from .write import Staging

FORMAT = "braille"
MIN_WORDS = 0.99  # share of the document's words the back-translation must give back, in order
WORD_RE = re.compile(r"\w+")


def brf_path(leaflet_id: str, lang: str) -> str:
    return outputs.path(FORMAT, leaflet_id, lang, 0)


def preview_path(leaflet_id: str, lang: str) -> str:
    return outputs.path(FORMAT, leaflet_id, lang, 1)


def table_for(doc: Document, lang: str | None = None) -> str | None:
    """The liblouis table for text in ``lang`` (default: the document's language), or None:
    English in UEB of the leaflet's ``braille_grade``; any other language in its uncontracted
    literary table (or its only one): contracted tables of other languages do not read back
    reliably (``ar-ar-g2.ctb`` reads "3" back as a word), so the build could not check them.
    English passages of another language's document (names, untranslated text) are written in
    uncontracted UEB: a reader of that language's braille is not expected to know UEB's contractions."""
    lang = lang or doc.lang
    english = lang.split("-")[0] == doc.lang.split("-")[0] == SOURCE_LANGUAGE
    return louis.find_table(lang, contracted=english and doc.meta.braille_grade == 2)


class _Text(HTMLParser):
    """Inline HTML as the text a braille reader gets: link targets outside the site written out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "a":
            self.links.append((attrs.get("href", ""), len(self.parts)))
        elif tag == "img" and attrs.get("alt"):
            self.parts.append(f"({attrs['alt']})")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:])
            if href.startswith(("http://", "https://")) and href.rstrip("/") not in text:
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        self.parts.append(data)


def plain(text: str) -> str:
    parser = _Text()
    parser.feed(str(markup.render_inline(text)))
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


@dataclass
class Braille:
    layout: Layout
    text: str  # the BRF
    table: str  # the document's table (its page numbers)


def paragraphs(project: Project, doc: Document, translations=None) -> list[tuple[Para, Shown | None]]:
    """The document as braille paragraphs, each with the shown text it comes from (None: interface)."""
    words = environment(project.templates, doc.lang, translations).get_template("braille-words.html").module
    out: list[tuple[Para, Shown | None]] = []

    def ui(name: str, **values) -> str:
        """One interface text of templates/braille-words.html, translated, as plain text."""
        return Markup(str(getattr(words, name)(**values))).unescape().strip()

    def add(text: str, shown: Shown | None = None, **how) -> None:
        lang = shown.lang if shown is not None else doc.lang
        out.append((Para(text, table_for(doc, lang), segments=segments(doc, lang, text), **how), shown))

    def bullet(table: str) -> str:
        return "\u2022" if not louis.undefined(table, "\u2022") else "-"

    # The first page: title, organisation and department, version, dates, the web address.
    add(plain(doc.title.text), doc.title, centred=True, before=0, heading=True)
    add(doc.meta.organisation, Shown(doc.meta.organisation, "en"), centred=True, before=2)
    add(plain(doc.department.text), doc.department, centred=True, before=0)
    fmt = functools.partial(languages.format_date, lang=doc.lang)
    add(ui("version"), before=2)  # the version is English in every language
    add(doc.meta.version, Shown(doc.meta.version, "en"), first=2, rest=2, before=0)
    add(ui("published", date=fmt(doc.meta.published)), before=0)
    add(ui("review", date=fmt(doc.meta.review)), before=0)
    url = page_url(project, doc)
    if url:  # no site address: nothing to read online (as the PDFs have no QR code then)
        add(ui("online", address=url), before=1)  # instead of the QR code
    if not doc.reviewed:
        add(ui("unreviewed"))
    if doc.has_fallback:
        add(ui("fallback"))
    add(plain(doc.summary.text), doc.summary, new_page=True, before=0)
    for section in doc.sections:
        add(plain(section.title.text), section.title, centred=True, before=1, heading=True)
        for block in section.blocks:
            if block.kind == "heading":  # cell 5 headings, then side headings at the margin
                first = 4 if block.level == 3 else 0
                add(plain(block.items[0].text), block.items[0], first=first, rest=first, heading=True)
            elif block.kind == "paragraph":
                add(plain(block.items[0].text), block.items[0])
            elif block.kind in ("ul", "ol"):
                for n, item in enumerate(block.items, 1):
                    marker = f"{n}." if block.kind == "ol" else bullet(table_for(doc, item.lang))
                    add(f"{marker} {plain(item.text)}", item, rest=2, before=int(n == 1))
            elif block.kind == "table":
                header, *rows = block.rows
                for row in rows:  # linearised: one "header: value" line a cell, a blank line between rows
                    for i, (head, cell) in enumerate(zip(header, row)):
                        add(f"{plain(head.text)}: {plain(cell.text)}", cell, first=0 if i == 0 else 2,
                            rest=4, before=int(i == 0))
    add(ui("phone_numbers"), centred=True, heading=True)
    for i, c in enumerate(doc.contacts):
        text = f"{plain(c.name.text)}: {c.contact.phone}" + (f" ({plain(c.hours.text)})" if c.hours else "")
        if c.contact.email:
            text += f", {c.contact.email}"
        add(text, c.name, rest=2, before=int(i == 0))
    return out


def build(project: Project, doc: Document, translations, diags: Diagnostics) -> Braille | None:
    """The BRF of ``doc``, checked; None (after reporting why) when it cannot be published."""
    label = f"{where(doc)} braille"
    try:
        table = table_for(doc)
    except louis.LouisError as error:  # the machine lacks liblouis: say so at the line asking for braille
        diags.error(doc.leaflet.meta_path, doc.leaflet.line_of("formats"), f"{label}: {error}", "braille.liblouis")
        return None
    if table is None:
        return None
    items = paragraphs(project, doc, translations)
    bad = False
    for para, shown in items:  # characters a table has no braille for, named at the line showing them
        for char in louis.undefined(para.table, para.text):
            bad = True
            path, line = _locate(project, doc, shown, char)
            diags.error(path, line, f"{label}: the braille table {_name(para.table)} has no braille for "
                        f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, '?')})", "braille.undefined")
    if bad:
        return None
    layout = paginate([p for p, _s in items], table)
    text = brf(layout.pages)
    problems = layout_problems(text, table) + back_translation_problems(text, layout)
    for problem in problems:
        diags.error(doc.leaflet.meta_path, doc.leaflet.line_of("formats"), f"{label}: {problem}", "braille.check")
    return None if problems else Braille(layout, text, table)


def _name(table: str) -> str:
    return table.rsplit("/", 1)[-1]


def _locate(project: Project, doc: Document, shown: Shown | None, char: str) -> tuple[str, int]:
    """The file and line that show ``char``: the message (its catalogue entry for a translation),
    the leaflet's metadata, or the interface catalogue (the template, in English)."""
    if shown is not None:
        for s, message in shown_messages(doc):
            if s is shown or (s.text == shown.text and char in s.text):
                return locate(doc, s, message)
    for key in ("organisation", "version"):
        if char in getattr(doc.meta, key):
            return doc.leaflet.meta_path, doc.leaflet.line_of(key)
    if doc.lang == SOURCE_LANGUAGE:
        return "templates/braille-words.html", 1
    po = catalogues.po_path(project, doc.lang, catalogues.UI_DOMAIN)
    try:
        lines = po.read_text(encoding="utf-8").splitlines()
    except OSError:
        return project.rel(po), 1
    return project.rel(po), next((i for i, line in enumerate(lines, 1) if char in line and line.startswith("msgstr")), 1)


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD_RE.findall(phones.fold(unicodedata.normalize("NFKC", text)))]


LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'\u2019.:/@_-]*(?: +[A-Za-z0-9][A-Za-z0-9'\u2019.:/@_-]*)*")


def segments(doc: Document, lang: str, text: str) -> tuple[tuple[int, int, str], ...]:
    """Runs written with another table than the text's: Latin words in a text of another script,
    with uncontracted English braille; web and email addresses in contracted English, with
    uncontracted English braille too (the same cells, read back without contractions)."""
    english = louis.find_table(SOURCE_LANGUAGE, contracted=False)
    if languages.script(lang) != "Latn":
        out = []
        for m in LATIN_RUN.finditer(text):
            end = m.end()
            while end > m.start() + 1 and text[end - 1] in ".:-":
                end -= 1
            out.append((m.start(), end, english))
        return tuple(out)
    if table_for(doc, lang) != english and lang.split("-")[0] == SOURCE_LANGUAGE:
        return tuple((start, end, english) for start, end in addresses(text))
    return ()


def numbers(text: str) -> list[str]:
    """The runs of digits of the text's phone numbers, times and numbers, in order, in ASCII."""
    return [run for s in phones.spans(text) for run in re.findall(r"[0-9]+", phones.fold(text[s.start:s.end]))]


def _unmatched(source: list[str], back: list[str]) -> list[str]:
    """The items of ``source`` that ``back`` does not give back in order."""
    matcher = difflib.SequenceMatcher(None, source, back, autojunk=False)
    found = {i for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)}
    return [item for i, item in enumerate(source) if i not in found]


def back_translation_problems(text: str, layout: Layout) -> list[str]:
    """Each paragraph read back from the BRF, each run of cells with the table that wrote it:
    the words and numbers as they went in."""
    pages = read_brf(text)
    problems: list[str] = []
    total = matched = 0  # words in, and words given back in order, paragraph by paragraph (each
    # paragraph is read back on its own, so no word can move to another; matching the whole text at
    # once is quadratic in a long section of repeated words)
    for para, spots, tables in layout.placed:
        divided = layout.divided.get(id(para), set())
        cells = "".join(("" if i in divided or i == 0 else BLANK) + pages[page][line].strip(BLANK)
                        for i, (page, line) in enumerate(spots))
        if len(cells) != len(tables):
            problems.append(f"{para.text[:60]!r}: {len(cells)} braille cells in the BRF, {len(tables)} translated")
            continue
        returned = read_back(para.table, cells, tables)
        said = words(para.text)
        total += len(said)
        matched += len(said) - len(_unmatched(said, words(returned)))
        missing = _unmatched(numbers(para.text), numbers(returned))
        if missing:  # every number comes back, in order (a stray digit from letters is not one)
            problems.append(f"the numbers {missing} of {para.text[:60]!r} do not read back from the BRF "
                            f"(read back: {numbers(returned)})")
    share = matched / total if total else 1.0
    layout.share = share
    if share < MIN_WORDS:
        problems.append(f"reading the BRF back gives {share:.1%} of the words in order (at least {MIN_WORDS:.0%})")
    return problems


def render_one(project: Project, doc: Document, translations, out: Written, diags: Diagnostics) -> bool:
    """Write the BRF and its preview (True), or nothing after reporting why."""
    result = build(project, doc, translations, diags)
    if result is None:
        return False
    unit = (doc.leaflet.id, doc.lang)
    out.write(unit, brf_path(doc.leaflet.id, doc.lang), result.text.encode("ascii"))
    env = environment(project.templates, doc.lang, translations)
    out.write(unit, preview_path(doc.leaflet.id, doc.lang), preview(env, doc, result))
    return True


def read_back(table: str, cells: str, tables: list[str] | None = None) -> str:
    """Cells back-translated, each run of them with the table that wrote it (``tables``: one a cell)."""
    groups: list[tuple[str, str]] = []
    for cell, t in zip(cells, tables or [table] * len(cells)):
        if groups and groups[-1][0] == t:
            groups[-1] = (t, groups[-1][1] + cell)
        else:
            groups.append((t, cell))
    return " ".join(louis.back_translate(t, run) for t, run in groups)


def preview(env: Environment, doc: Document, result: Braille) -> str:
    """The proof-readers' page: each braille page in Unicode braille, beside what it reads back as
    (each run of cells with the table that wrote it)."""
    layout = result.layout
    tables: dict[tuple[int, int], list[str]] = {}
    for para, spots, cell_tables in layout.placed:
        at, divided = 0, layout.divided.get(id(para), set())
        for i, (page, line) in enumerate(spots):
            at += 0 if i == 0 or i in divided else 1
            n = len(layout.pages[page][line].strip(BLANK))
            tables[(page, line)] = cell_tables[at:at + n]
            at += n
    pages = []
    for p, page in enumerate(layout.pages):
        back = [read_back(result.table, line.strip(BLANK), tables.get((p, i))) for i, line in enumerate(page)]
        pages.append(list(zip(page, back)))
    return env.get_template("braille-preview.html").render(doc=doc, pages=pages, table=_name(result.table),
                                                          brf=brf_path(doc.leaflet.id, doc.lang).rsplit("/", 1)[1])


def wanted(doc: Document) -> bool:
    return FORMAT in doc.meta.formats


def check_document(project: Project, doc: Document, translations, diags: Diagnostics) -> None:
    """For ``check``: everything the build checks in the braille of ``doc``, writing nothing."""
    if wanted(doc):
        with diags.holding((doc.leaflet.id, doc.lang, FORMAT)):  # holds back the braille only
            build(project, doc, translations, diags)


def render(ctx: Context, units) -> Written:
    return render_all(ctx.project, units, ctx.staging, ctx.diags, tick=ctx.tick)


def render_all(project: Project, plans, staging: Staging, diags: Diagnostics, tick=lambda n=1: None) -> Written:
    """The braille of every plan whose leaflet lists ``braille`` and whose language has a table."""
    out = Written(staging)
    for plan in plans:
        if plan.document is not None and wanted(plan.document):
            with diags.holding((plan.leaflet.id, plan.lang, FORMAT)):  # a BRF that fails: no BRF, the rest stays
                render_one(project, plan.document, plan.translations, out, diags)
            tick()
    return out
