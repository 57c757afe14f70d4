"""Every character a patient reads has a glyph: the check behind every format's fonts.

:func:`with_fonts` gives a page its font stacks (fonts by Unicode script, :mod:`leaflets.fonts`)
or reports each character no installed font has, at the file and line that shows it: the
catalogue entry of a translation, the English source otherwise.
"""
from __future__ import annotations

import unicodedata

from markupsafe import escape

from . import fonts
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, Document
from .fonts import FontMissing


def shown_messages(doc: Document):
    """(text shown, source message) for every piece of leaflet text in the document."""
    leaflet = doc.leaflet
    meta = {(m.context, m.text): m for m in leaflet.meta_messages()}
    yield doc.title, meta[("leaflet", leaflet.meta.title)]
    yield doc.summary, meta[("leaflet", leaflet.meta.summary)]
    for shown, contact in zip(doc.contacts, leaflet.meta.contacts):
        yield shown.name, meta[(f"contact:{contact.id}", contact.name)]
        if shown.hours is not None:
            yield shown.hours, meta[(f"contact:{contact.id}", contact.hours)]
    for shown, section in zip(doc.sections, leaflet.sections):
        yield shown.title, section.title
        for shown_block, block in zip(shown.blocks, section.blocks):
            yield from zip(shown_block.items, block.messages)


def where(doc: Document) -> str:
    return f"{doc.leaflet.id} ({doc.lang})"


def check_text_glyphs(doc: Document, diags: Diagnostics, interface: list[tuple[str, str, int]] = ()) -> bool:
    """Every character of the document's text, and of ``interface`` (the interface strings this
    language shows: text, catalogue, line), has a glyph in an installed font (for ``check``: the
    formats check their whole rendered pages again). Errors hold back this unit only."""
    texts = [(s.lang, s.text) for s, _m in shown_messages(doc)] + [(doc.lang, text) for text, _p, _l in interface]
    html = glyph_probe(doc.lang, texts)

    def found_at(char: str) -> tuple[str, int]:
        found = locate_char(doc, char)
        return found if found != UNLOCATED else next(((p, n) for text, p, n in interface if char in text), found)

    with diags.holding((doc.leaflet.id, doc.lang)):
        return with_fonts(doc, html, diags, locate=found_at) is not None


def glyph_probe(doc_lang: str, texts: list[tuple[str, str]]) -> str:
    """A page holding each character of ``texts`` ((language, text) pairs) once per language, in
    the order they first appear: what :func:`fonts.plan` needs to find the characters no font has
    (a character's font depends on it and its passage's language only), at a fraction of the cost."""
    chars: dict[str, dict[str, None]] = {}
    for lang, text in texts:
        chars.setdefault(lang, {}).update(dict.fromkeys(text))
    body = "".join(f'<p lang="{lang}">{escape("".join(found))}</p>' for lang, found in chars.items())
    return f'<html lang="{doc_lang}"><head></head><body>{body}</body></html>'


UNLOCATED = ("templates/document.html", 1)  # a character of the template itself


def locate_char(doc: Document, char: str) -> tuple[str, int]:
    """The file and line of the first message whose shown text has ``char``: the catalogue entry
    for a translation, the English source otherwise."""
    for shown, message in shown_messages(doc):
        if char in shown.text:
            return locate(doc, shown, message)
    return UNLOCATED


def locate(doc: Document, shown, message) -> tuple[str, int]:
    line = doc.extra.get("po_lines", {}).get((message.context, message.text)) if not shown.fallback else None
    if line and shown.lang != SOURCE_LANGUAGE:
        return doc.extra["catalogue"], line
    return message.path, message.line


def with_fonts(doc: Document, html: str, diags: Diagnostics, *, locate, label: str | None = None) -> str | None:
    """``html`` with the font stacks its text needs (fonts by script), or None after reporting
    each character no installed font has, at the line that shows it, naming its script and language."""
    label = label or where(doc)
    try:
        plan = fonts.plan(html, doc.lang)
    except FontMissing as error:
        diags.error(doc.leaflet.meta_path, doc.leaflet.line_of("languages"), f"{label}: {error}", "pdf.font")
        return None
    for char, (lang, script) in plan.missing.items():
        path, line = locate(char)
        diags.error(path, line, f"{label}: character {char!r} (U+{ord(char):04X}, "
                    f"{unicodedata.name(char, 'unnamed')}, {script} script) in {lang} text has no glyph in any "
                    f"installed font (tried {', '.join(fonts.candidates(fonts.script_of(char), lang))})",
                    "pdf.missing-glyph")
    return None if plan.missing else fonts.with_fonts(html, plan)
