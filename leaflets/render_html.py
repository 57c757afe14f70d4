"""The single-file HTML document: inline CSS, no script, nothing remote.

Readable offline or as an email attachment, so links to the other formats are
absolute (the published site's address) when the project has one, else relative
to where the file sits in the site.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment
from markupsafe import Markup

from . import markup
from .document import Document


@dataclass(frozen=True)
class Download:
    format: str  # "site", "html", "large-print", "print", "easy-read", "braille", "audio"
    href: str | None  # None: no link can reach it from this format (a PDF, with no site address)
    media: str  # "PDF", "HTML"
    size: str | None = None  # "180 KB"
    duration: str | None = None  # "6 min" (audio)


def output_path(leaflet_id: str, lang: str, suffix: str = "", ext: str = "html") -> str:
    """Where an output of one leaflet in one language goes, relative to the site root."""
    return f"{lang}/{leaflet_id}/{leaflet_id}-{lang}{suffix}.{ext}"


def site_link(base_url: str | None, rel: str, here: str | None) -> str | None:
    """A link to ``rel`` (a path in the site): absolute under ``base_url``; without one, relative to
    the file ``here`` (a path in the site), or None where ``here`` is None (a PDF, read anywhere)."""
    if base_url:
        return base_url + rel
    if here is None:
        return None
    link = posixpath.relpath(rel or ".", posixpath.dirname(here) or ".")
    return link + "/" if rel.endswith("/") or not rel else link


def render_document(env: Environment, doc: Document, *, css: str, fmt: str, downloads: list[Download],
                    english_href: str, **extra) -> str:
    template = env.get_template("document.html")
    # The stylesheet is a project file, not content: autoescaping would turn its quotes into
    # &#34;, which CSS inside <style> does not decode. It must not close the element.
    if "</style" in css.lower():
        raise ValueError("a stylesheet may not contain </style>")
    return template.render(doc=doc, css=Markup(css), format=fmt, downloads=downloads, english_href=english_href, **extra)


def pictures(root: Path, doc: Document) -> dict[str, Path]:
    """The leaflet's own pictures its text shows (``![...](images/x.png)``, a file in the leaflet's
    folder), as site path -> file: the website page and the single page live in
    ``<lang>/<leaflet>/``, so a picture copied there shows where the text says."""
    folder = (root / doc.leaflet.folder).resolve()
    out = {}
    for section in doc.sections:
        for item in [section.title, *(i for b in section.blocks for i in b.items)]:
            for image in markup.images(markup.render_inline(item.text)):
                src = posixpath.normpath(unquote(re.split(r"[?#]", image.get("src") or "")[0]))
                file = (folder / src).resolve()
                if ":" not in src and not src.startswith(("/", "..")) and file.is_relative_to(folder) \
                        and file.is_file():
                    out[f"{doc.lang}/{doc.leaflet.id}/{src}"] = file
    return out


def site_context(project, statement_rel: str, here: str | None) -> dict:
    """What every format shows of the organisation (``[tool.leaflets.site]``): its name and logo for
    the header, and the footer's links (the accessibility statement at ``statement_rel``, a path in
    the site, linked from the file ``here`` as :func:`site_link` does; the privacy and contact pages)."""
    site = project.settings.site
    links = [("accessibility", site_link(project.settings.base_url, statement_rel, here)),
             ("privacy", site.privacy_url), ("contact", site.contact_url)]
    return {
        "organisation": site.organisation,
        "logo": project.logo_uri,
        "logo_alt": site.logo_alt or "",
        "links": [(kind, href) for kind, href in links if href],
    }
