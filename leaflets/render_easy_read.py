"""Easy read outputs: the web page ``<lang>/<leaflet>/easy-read/index.html`` and the tagged
PDF ``<lang>/<leaflet>/<leaflet>-<lang>-easy-read.pdf``, both from ``templates/easy-read.html``.

The web page's pictures are SVG files beside it (``easy-read/pictures/<name>.svg``),
each written once however often it is used. In the PDF they are ``data:`` URIs, so
WeasyPrint needs to fetch nothing: its URL fetcher here allows ``data:`` only and
fails the build on anything else (a link smuggled into a translation cannot make
it read a file or the network).
"""
from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import easyread
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE
from .easyread import EasyRead, EasyReadDocument, localize_easy_read
from .project import Project
from .render_html import Download, output_path
from .symbols import Library, load_library
from .templating import environment, format_size
from .translate import Plan
from .write import Staging

PDF_VARIANT = "pdf/ua-1"
PICTURES = "pictures"


def page_path(leaflet_id: str, lang: str) -> str:
    return f"{lang}/{leaflet_id}/easy-read/index.html"


def pdf_path(leaflet_id: str, lang: str) -> str:
    return output_path(leaflet_id, lang, "-easy-read", "pdf")


def used(doc: EasyReadDocument) -> list[str]:
    return sorted({p.symbol for g in doc.groups for p in g.points})


def pictures(library: Library, doc: EasyReadDocument) -> dict[str, str]:
    """The ``data:`` URI of every picture the document shows (for the PDF)."""
    return {name: library.data_uri(name) for name in used(doc)}


def picture_files(doc: EasyReadDocument) -> dict[str, str]:
    """The web page's picture URLs, relative to the page."""
    return {name: f"{PICTURES}/{name}.svg" for name in used(doc)}


def stylesheet(project: Project, fmt: str) -> Markup:
    """The project's own CSS, marked safe: autoescaping would turn its quotes into &#34; inside <style>."""
    names = ["easy-read.css"] + (["easy-read-print.css"] if fmt == "pdf" else [])
    return Markup("\n".join((project.templates / "css" / n).read_text(encoding="utf-8") for n in names))


def render_easy_read_html(env: Environment, doc: EasyReadDocument, *, css: str, fmt: str,
                          pictures: dict[str, str], english_href: str, leaflet_href: str = "../",
                          pdf_href: str = "", pdf_size: str | None = None) -> str:
    """The easy read as HTML: ``fmt`` "page" (the web page) or "pdf" (the source of the PDF)."""
    return env.get_template("easy-read.html").render(
        doc=doc, css=css, format=fmt, pictures=pictures, english_href=english_href,
        leaflet_href=leaflet_href, pdf_href=pdf_href, pdf_size=pdf_size,
    )


def data_only_fetcher() -> URLFetcher:
    # TODO(merge): switch to the project's fetcher (leaflets/fetcher.py, branch pdf) once it lands.
    return URLFetcher(allowed_protocols=("data",), fail_on_errors=True)


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


def render_easy_read_pdf(html: str, *, url_fetcher: URLFetcher | None = None) -> Pdf:
    """A4 tagged PDF (PDF/UA-1): every <img> becomes a /Figure with its alt text as /Alt."""
    document = HTML(string=html, url_fetcher=url_fetcher or data_only_fetcher()).render(pdf_variant=PDF_VARIANT)
    data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True)
    return Pdf(data, len(document.pages))


def publish(project: Project, plan: Plan, staging: Staging, diags: Diagnostics) -> list[Download]:
    """Render and write the easy read of one planned language; the downloads to list in other formats.

    ``pipeline.check`` has already checked the easy read and stopped the build on errors.
    """
    doc = plan.document
    leaflet = doc.leaflet
    easy = leaflet.easy_read
    if doc.lang != SOURCE_LANGUAGE and plan.lookup is None:
        diags.error(leaflet.meta_path, leaflet.line_of("formats"),
                    f"easy read in {doc.lang} has no translations to show (no catalogue lookup)",
                    "easy-read.no-translation")
        return []
    library = load_library(project.root, Diagnostics())  # its problems were reported by the check
    if library is None or easy is None:
        raise RuntimeError(f"easy read of {leaflet.id} failed its check; the build should have stopped")
    if plan.lookup is not None:
        easyread.check_translated(easy, doc.lang, plan.lookup, diags)
    edoc = localize_easy_read(easy, doc, plan.lookup)
    return write_outputs(project, easy, edoc, library, staging, diags, plan.translations)


def write_outputs(project: Project, easy: EasyRead, edoc: EasyReadDocument, library: Library,
                  staging: Staging, diags: Diagnostics, translations=None) -> list[Download]:
    env = environment(project.templates, edoc.lang, translations)
    leaflet_id, lang = edoc.document.leaflet.id, edoc.lang
    base = project.settings.base_url
    english_href = base + page_path(leaflet_id, SOURCE_LANGUAGE).removesuffix("index.html")
    pdf = render_easy_read_pdf(render_easy_read_html(
        env, edoc, css=stylesheet(project, "pdf"), fmt="pdf", pictures=pictures(library, edoc),
        english_href=english_href))
    pdf_rel = pdf_path(leaflet_id, lang)
    easyread.check_pages(easy, pdf.pages, pdf_rel, diags)
    staging.write(pdf_rel, pdf.data)
    size = format_size(len(pdf.data))
    page = render_easy_read_html(
        env, edoc, css=stylesheet(project, "page"), fmt="page", pictures=picture_files(edoc),
        english_href=english_href, leaflet_href="../", pdf_href=f"../{pdf_rel.rsplit('/', 1)[1]}", pdf_size=size)
    page_rel = page_path(leaflet_id, lang)
    staging.write(page_rel, page)
    folder = page_rel.removesuffix("index.html")
    for name, href in picture_files(edoc).items():
        staging.write(folder + href, library.svg(name))
    return [
        Download("easy-read", base + page_rel.removesuffix("index.html"), "HTML"),
        Download("easy-read", base + pdf_rel, "PDF", size),
    ]
