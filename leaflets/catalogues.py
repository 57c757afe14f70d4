"""Translation catalogues on Babel's API: extract the templates (.pot) for each leaflet
and for the interface strings of the templates.

``locales/<leaflet>.pot`` holds one message per block, ``msgctxt`` the section id,
``#:`` the file and line, ``#.`` the notes for translators; ``locales/ui.pot``
the strings of ``templates/``.
"""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from .model import Leaflet

UI_DOMAIN = "ui"
JINJA_METHOD_MAP = [("**.html", "jinja2")]
JINJA_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def leaflet_template(leaflet: Leaflet) -> Catalog:
    catalog = Catalog(project=leaflet.id, locale=None, fuzzy=False, charset="utf-8")
    for message in leaflet.messages():
        catalog.add(
            message.text,
            locations=[(message.path, message.line)],
            auto_comments=[message.note] if message.note else [],
            context=message.context,
        )
    return catalog


def ui_template(templates: Path) -> Catalog:
    catalog = Catalog(project="ui", locale=None, fuzzy=False, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(templates), JINJA_METHOD_MAP, JINJA_OPTIONS
    ):
        catalog.add(message, locations=[(f"templates/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79, sort_output=False, include_previous=True, omit_header=False)
    return buffer.getvalue()
