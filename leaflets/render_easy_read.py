"""Easy read outputs: the web page ``<lang>/<leaflet>/easy-read/index.html`` and the tagged
PDF ``<lang>/<leaflet>/<leaflet>-<lang>-easy-read.pdf``, both from ``templates/easy-read.html``.

The PDF goes through the same machinery as the other PDFs (``render_pdf``): the
language's fonts and the glyph check, WeasyPrint in a worker process with a time
limit, the asset fetcher (here: the symbol library only, nothing else), and a
reproducible creation date. The web page's pictures are SVG files beside it
(``easy-read/pictures/<name>.svg``), each written once however often it is used.
"""
from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from . import check_easy_read, fonts, nobreak, outputs
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, EasyReadDocument, localize_easy_read
from .isolate import run_isolated
from .model import EasyRead
from .project import Project
from .glyphs import glyph_probe, locate, with_fonts
from .outputs import Download, format_size, site_link
from .render_html import site_context
from .render_pdf import (TIMEOUT, Job, check_stylesheet, counter_style, creation_date, footer, reference,
                         render_job, report_outcome)
from .rendering import Context, Written
from .symbols import Library, load_library
from .templating import environment
from .translate import Plan
from .write import Staging

PICTURES = "pictures"
PDF_STYLESHEETS = ("easy-read", "easy-read-print")  # templates/css/<name>.css: the PDF's stylesheets


def check_stylesheets(project: Project, diags: Diagnostics) -> None:
    """For ``check``: the PDF's stylesheets import nothing and use no URL but ``data:``, as the
    other PDFs' (the PDF's fetcher would refuse anything else, failing the PDF)."""
    for name in PDF_STYLESHEETS:
        check_stylesheet(project, project.templates / "css" / f"{name}.css", diags)


FORMAT = "easy-read"


def page_path(leaflet_id: str, lang: str) -> str:
    return outputs.path(FORMAT, leaflet_id, lang, 0)


def pdf_path(leaflet_id: str, lang: str) -> str:
    return outputs.path(FORMAT, leaflet_id, lang, 1)


def used(doc: EasyReadDocument) -> list[str]:
    return sorted({p.symbol for g in doc.groups for p in g.points})


def pdf_pictures(library: Library, doc: EasyReadDocument) -> dict[str, str]:
    """``file:`` URLs into the symbol library, the one folder the PDF's fetcher may read."""
    return {name: library.symbols[name].path.resolve().as_uri() for name in used(doc)}


def page_pictures(doc: EasyReadDocument) -> dict[str, str]:
    """The web page's picture URLs, relative to the page."""
    return {name: f"{PICTURES}/{name}.svg" for name in used(doc)}


def stylesheet(project: Project, fmt: str) -> Markup:
    """The project's own CSS, marked safe: autoescaping would turn its quotes into &#34; inside <style>."""
    names = [f"{n}.css" for n in PDF_STYLESHEETS] if fmt == "pdf" else ["easy-read.css", "easy-read-screen.css"]
    css = "\n".join((project.templates / "css" / n).read_text(encoding="utf-8") for n in names)
    return Markup(css)


def render_easy_read_html(env: Environment, doc: EasyReadDocument, *, css: str, fmt: str,
                          pictures: dict[str, str], english_href: str, leaflet_href: str = "../",
                          pdf_href: str = "", pdf_size: str | None = None, site: dict | None = None,
                          canonical: str | None = None) -> str:
    """The easy read as HTML: ``fmt`` "page" (the web page) or "pdf" (the source of the PDF, whose
    metadata and page footers carry the document reference); ``site``: the organisation's header and
    footer links (:func:`~leaflets.render_html.site_context`)."""
    ref = reference(doc.document, "easy-read") if fmt == "pdf" else ""
    return env.get_template("easy-read.html").render(
        doc=doc, css=css, format=fmt, pictures=pictures, english_href=english_href,
        leaflet_href=leaflet_href, pdf_href=pdf_href, pdf_size=pdf_size, site=site, canonical=canonical,
        reference=ref, footer_css=page_footer(doc.lang, ref) if ref else "",
    )


def page_footer(lang: str, ref: str) -> Markup:
    """"2 / 6" in the locale's default digits (CLDR), and the document reference under it."""
    style, rule = counter_style(lang)
    return footer([f"counter(page, {style})", '" / "', f"counter(pages, {style})"], ref, rule)


@dataclass(frozen=True)
class Item:
    """One easy read in one language, ready to render."""

    easy: EasyRead
    doc: EasyReadDocument
    env: Environment

    @property
    def label(self) -> str:
        return f"{self.easy.leaflet_id} ({self.doc.lang}) easy read"


def render(ctx: Context, units: list[Plan]) -> Written:
    """The easy read (PDF and page) of every unit whose leaflet lists it."""
    return render_all(ctx.project, units, ctx.staging, ctx.diags, workers=ctx.jobs, progress=ctx.progress,
                      executor=ctx.executor)


def render_all(project: Project, plans: list[Plan], staging: Staging, diags: Diagnostics,
               workers: int | None = None, progress=None, executor=None) -> Written:
    """The easy read of every planned language whose leaflet lists the format, into ``staging``;
    returns what it wrote."""
    items = []
    for plan in plans:
        with diags.holding((plan.leaflet.id, plan.lang)):
            doc, leaflet = plan.document, plan.leaflet
            if not listed(plan):
                continue
            if doc.lang != SOURCE_LANGUAGE and plan.lookup is None:
                diags.error(leaflet.meta_path, leaflet.line_of("formats"),
                            f"easy read in {doc.lang} has no translations to show (no catalogue lookup)",
                            "easy-read.no-translation")
                continue
            edoc = localize_easy_read(leaflet.easy_read, doc, plan.lookup)
            items.append(Item(leaflet.easy_read, edoc, environment(project.templates, doc.lang, plan.translations)))
    if not items:
        return Written(staging)
    library = load_library(project.root, Diagnostics())  # its problems were reported by the check
    if library is None:
        raise RuntimeError("the symbol library failed its check; the build should have stopped")
    return render_items(project, items, library, staging, diags, workers=workers, progress=progress,
                        executor=executor)


def listed(plan: Plan) -> bool:
    """Whether ``plan`` has an easy read to make: its leaflet lists the format and has the file (the
    check reported a listed easy read without its file)."""
    return plan.document is not None and FORMAT in plan.leaflet.meta.formats and plan.leaflet.easy_read is not None


def check_plan(plan: Plan, diags: Diagnostics) -> None:
    """For ``check``: what the build would refuse in this easy read before rendering it, writing
    nothing: a translation breaking the Easy read rules, a character no installed font has."""
    doc, leaflet = plan.document, plan.leaflet
    if not listed(plan):
        return
    if doc.lang != SOURCE_LANGUAGE and plan.lookup is None:
        return  # render_all reports it (easy-read.no-translation)
    with diags.holding((leaflet.id, plan.lang)):
        if plan.lookup is not None:
            check_easy_read.check_translated(leaflet.easy_read, doc.lang, plan.lookup, diags)
        edoc = localize_easy_read(leaflet.easy_read, doc, plan.lookup)
        check_glyphs(Item(leaflet.easy_read, edoc, None), glyph_probe(doc.lang, [(s.lang, s.text) for s in edoc.shown]),
                     diags)


def write_outputs(project: Project, easy: EasyRead, edoc: EasyReadDocument, library: Library,
                  staging: Staging, diags: Diagnostics, translations=None) -> list[Download]:
    """One easy read in one language (tests and tools); the downloads it adds."""
    env = environment(project.templates, edoc.lang, translations)
    render_items(project, [Item(easy, edoc, env)], library, staging, diags)
    doc = edoc.document
    return outputs.downloads(doc.leaflet.id, doc.lang, [FORMAT], staging.written, exclude=None,
                             link=lambda rel: site_link(project.settings.base_url, rel, None))


def render_items(project: Project, items: list[Item], library: Library, staging: Staging,
                 diags: Diagnostics, workers: int | None = None, progress=None, executor=None) -> Written:
    """PDFs first (in worker processes), then each web page, which shows its PDF's size. Each
    PDF's job is sent as it is made, and written (with its page) as it comes back."""
    out, items_of = Written(staging), {}

    def prepared():
        for item in items:
            with diags.holding((item.easy.leaflet_id, item.doc.lang)):
                html = render_easy_read_html(item.env, item.doc, css=stylesheet(project, "pdf"), fmt="pdf",
                                             pictures=pdf_pictures(library, item.doc),
                                             english_href=english_href(project, item),
                                             site=site_context(project, f"{item.doc.lang}/accessibility/", None))
                html = check_glyphs(item, nobreak.keep_together(html, item.doc.lang), diags)
                if html is None:
                    continue
                key = pdf_path(item.easy.leaflet_id, item.doc.lang)
                items_of[key] = item
                yield Job(key=key, label=item.label, html=html, base_url=library.folder.resolve().as_uri() + "/",
                          roots=(str(library.folder.resolve()),), created=creation_date(item.doc.document))

    def ended(job: Job, outcome) -> None:
        item = items_of.pop(job.key)
        with diags.holding((item.easy.leaflet_id, item.doc.lang)):
            leaflet = item.doc.document.leaflet
            if not report_outcome(job, outcome, diags, leaflet.meta_path, leaflet.line_of("formats")):
                return
            check_easy_read.check_pages(item.easy, outcome.pages, job.key, diags)
            out.write((item.easy.leaflet_id, item.doc.lang), job.key, outcome.pdf)
            write_page(project, item, library, out, format_size(len(outcome.pdf)))

    run_isolated(render_job, prepared(), TIMEOUT, workers=workers, progress=progress, executor=executor, each=ended)
    return out


def english_href(project: Project, item: Item, here: str | None = None) -> str | None:
    """The English easy read: absolute, else relative to ``here`` (None: the PDF, no link)."""
    return site_link(project.settings.base_url,
                     page_path(item.easy.leaflet_id, SOURCE_LANGUAGE).removesuffix("index.html"), here)


def write_page(project: Project, item: Item, library: Library, out: Written, pdf_size: str) -> None:
    pdf_rel = pdf_path(item.easy.leaflet_id, item.doc.lang)
    page = render_easy_read_html(
        item.env, item.doc, css=stylesheet(project, "page"), fmt="page", pictures=page_pictures(item.doc),
        english_href=english_href(project, item, page_path(item.easy.leaflet_id, item.doc.lang)), leaflet_href="../",
        pdf_href=f"../{pdf_rel.rsplit('/', 1)[1]}", pdf_size=pdf_size,
        site=site_context(project, f"{item.doc.lang}/accessibility/", page_path(item.easy.leaflet_id, item.doc.lang)),
        canonical=site_link(project.settings.base_url, page_path(item.easy.leaflet_id, item.doc.lang).removesuffix(
            "index.html"), None))
    page_rel = page_path(item.easy.leaflet_id, item.doc.lang)
    unit = (item.easy.leaflet_id, item.doc.lang)
    out.write(unit, page_rel, fonts.with_fonts(page, fonts.plan(page, item.doc.lang)))  # glyphs checked with the PDF
    folder = page_rel.removesuffix("index.html")
    for name, href in page_pictures(item.doc).items():
        out.write(unit, folder + href, library.svg(name))


def check_glyphs(item: Item, html: str, diags: Diagnostics) -> str | None:
    """The PDF's HTML with its fonts, or None after an error for each character no installed font
    has, at its source line."""
    shown = list(zip(item.doc.shown, item.easy.messages()))

    def where(char: str) -> tuple[str, int]:
        return next((locate(item.doc.document, s, m) for s, m in shown if char in s.text), (item.easy.path, 1))

    return with_fonts(item.doc.document, html, diags, locate=where, label=item.label)
