"""The single-file HTML document: inline CSS, no script, nothing remote.

Readable offline or as an email attachment, so links to the other formats are
absolute (the published site's address).
"""
from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from .document import Document


@dataclass(frozen=True)
class Download:
    format: str  # "site", "html", "large-print", "print", "easy-read", "audio"
    href: str
    media: str  # "PDF", "HTML"
    size: str | None = None  # "180 KB"
    duration: str | None = None  # "6 min" (audio)


def output_path(leaflet_id: str, lang: str, suffix: str = "", ext: str = "html") -> str:
    """Where an output of one leaflet in one language goes, relative to the site root."""
    return f"{lang}/{leaflet_id}/{leaflet_id}-{lang}{suffix}.{ext}"


def render_document(env: Environment, doc: Document, *, css: str, fmt: str, downloads: list[Download],
                    english_href: str, **extra) -> str:
    template = env.get_template("document.html")
    # The stylesheet is a project file, not content: autoescaping would turn its quotes into
    # &#34;, which CSS inside <style> does not decode. It must not close the element.
    if "</style" in css.lower():
        raise ValueError("a stylesheet may not contain </style>")
    return template.render(doc=doc, css=Markup(css), format=fmt, downloads=downloads, english_href=english_href, **extra)
