"""The single-file HTML document: inline CSS, no script, nothing remote.

Readable offline or as an email attachment, so links to the other formats are
absolute (the published site's address) when the project has one, else relative
to where the file sits in the site.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from jinja2 import Environment
from markupsafe import Markup

from . import markup, outputs
from .document import SOURCE_LANGUAGE, Document
from .glyphs import locate_char, where, with_fonts
from .outputs import Download, site_link
from .rendering import Context, Written


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


FORMAT = "html"


def render(ctx: Context, units) -> Written:
    """The single-file page of every unit whose leaflet lists it, with the pictures its text shows
    (the website's page beside it shows them too); a character no font has holds back the unit."""
    out = ctx.written()
    css = (ctx.project.templates / "css" / "document.css").read_text(encoding="utf-8")
    for plan in units:
        if plan.document is None or not {FORMAT, "site"} & set(plan.leaflet.meta.formats):
            continue  # the pictures are the website's too
        with ctx.diags.holding((plan.leaflet.id, plan.lang)):
            render_one(ctx, plan, css, out)
        ctx.tick()
    return out


def render_one(ctx: Context, plan, css: str, out: Written) -> None:
    doc, project = plan.document, ctx.project
    leaflet_id, lang, unit = doc.leaflet.id, doc.lang, (plan.leaflet.id, plan.lang)
    for rel, file in pictures(project.root, doc).items():  # the pictures the page and the website show
        out.write(unit, rel, file.read_bytes())
    if FORMAT not in plan.leaflet.meta.formats:
        return  # the website's pictures only: no single page, so none rendered or checked
    here = outputs.path(FORMAT, leaflet_id, lang)
    html = render_document(
        ctx.env(lang, plan.translations), doc, css=css, fmt=FORMAT,
        downloads=ctx.downloads(doc, exclude=FORMAT, here=here),
        english_href=ctx.link(outputs.path(FORMAT, leaflet_id, SOURCE_LANGUAGE), here),
        languages=[(other, ctx.link(outputs.path(FORMAT, leaflet_id, other), here))
                   for other in ctx.languages_of(leaflet_id) if other != lang],
        site=site_context(project, f"{lang}/accessibility/", here),
    )
    html = with_fonts(doc, html, ctx.diags, locate=lambda char: locate_char(doc, char),
                      label=f"{where(doc)} single-file HTML")
    if html is not None:
        out.write(unit, here, html)
