"""Every character a patient reads has a glyph: the check behind every format's fonts.

:func:`with_fonts` gives a page its font stacks (fonts by Unicode script, :mod:`leaflets.fonts`)
or reports each character no installed font has, at the file and line that shows it: the
catalogue entry of a translation, the English source otherwise.
"""
from __future__ import annotations

import unicodedata

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


def check_text_glyphs(doc: Document, diags: Diagnostics) -> bool:
    """Every character of the document's text has a glyph in an installed font (for ``check``:
    the formats check their whole rendered pages again). Errors hold back this unit only."""
    from markupsafe import escape  # noqa: PLC0415

    body = "".join(f'<p lang="{s.lang}">{escape(s.text)}</p>' for s, _m in shown_messages(doc))
    html = f'<html lang="{doc.lang}"><head></head><body>{body}</body></html>'
    with diags.holding((doc.leaflet.id, doc.lang)):
        return with_fonts(doc, html, diags, locate=lambda char: locate_char(doc, char)) is not None


def locate_char(doc: Document, char: str) -> tuple[str, int]:
    """The file and line of the first message whose shown text has ``char``: the catalogue entry
    for a translation, the English source otherwise."""
    for shown, message in shown_messages(doc):
        if char in shown.text:
            return locate(doc, shown, message)
    return "templates/document.html", 1


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
