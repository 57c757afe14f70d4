"""Large-print and print PDFs: the document template, one stylesheet per format, WeasyPrint.

For each document (a leaflet in one language) this module

1. checks what the PDF would use: links and images of every message, translations
   included (``markup.target_problems``), that pictures exist, that the format's
   stylesheet imports nothing remote, and that every character has a glyph in the
   language's fonts (no missing-glyph boxes);
2. renders ``templates/document.html`` (the template of the single-file HTML) with
   ``templates/css/<format>.css``, the fonts of the language, page numbers and a QR code;
3. has WeasyPrint lay it out as tagged PDF/UA-1 in a worker process with a time limit,
   through :class:`~leaflets.fetcher.AssetFetcher` (no network, nothing outside the
   leaflet's folder, any fetch error fatal).

The PDF is reproducible: its dates come from ``SOURCE_DATE_EPOCH`` or the leaflet's
publication date, and its ``/ID`` from its content.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import tinycss2
from jinja2 import Environment
from markupsafe import Markup

from . import languages, markup, nobreak, outputs
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, Document
from .glyphs import locate_char, shown_messages, where, with_fonts
from .isolate import Outcome, run_isolated
from .outputs import Download, site_link
from .project import Project
from .render_html import render_document, site_context
from .rendering import Context, Written
from .write import Staging

FORMATS = tuple(f.name for f in outputs.of_module(__name__))  # large print and print; each its own stylesheet
TIMEOUT = 120.0  # seconds one PDF may take before its worker is killed
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True, "full_fonts": False, "hinting": False,
               "custom_metadata": True}
REFERENCE_META = "DocumentReference"  # <meta name> in the templates -> /DocumentReference in the PDF's Info


def check_document(project: Project, doc: Document, diags: Diagnostics) -> bool:
    """Links, pictures and targets of every message as shown in this language; True when clean."""
    before = len(diags.errors)
    folder = doc.leaflet.folder
    for shown, message in shown_messages(doc):
        if shown.fallback and doc.lang != SOURCE_LANGUAGE:
            continue  # the English source, checked when it was loaded
        label = "" if doc.lang == SOURCE_LANGUAGE else f" (the {doc.lang} translation)"
        for problem in markup.target_problems(shown.text, folder):
            diags.error(message.path, message.line, f"{where(doc)}: {problem}{label}", "pdf.unsafe-target")
        for image in markup.images(markup.render_inline(shown.text)):
            src = unquote(re.split(r"[?#]", image.get("src") or "")[0])
            if src and ":" not in src and not (project.root / folder / src).is_file():
                diags.error(message.path, message.line,
                            f"{where(doc)}: picture {src!r} is missing: no file {folder}/{src}{label}",
                            "pdf.missing-image")
    return len(diags.errors) == before


@lru_cache(maxsize=16)
def _parsed_stylesheet(text: str) -> tuple:
    """tinycss2's rules of a stylesheet, parsed once per text (each check and build reads the same ones)."""
    return tuple(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))


def check_stylesheet(project: Project, path: Path, diags: Diagnostics) -> bool:
    """A PDF stylesheet may import nothing and use no URL but ``data:`` (errors with file and line)."""
    rel, before = project.rel(path), len(diags.errors)
    rules = _parsed_stylesheet(path.read_text(encoding="utf-8"))

    def urls(tokens):
        """(token, url) for every url(...) among tokens, however deeply nested in blocks and functions."""
        for token in tokens or ():
            if token.type == "url":
                yield token, token.value
            elif token.type == "function" and token.lower_name == "url":
                yield token, "".join(getattr(t, "value", "") for t in token.arguments)
            elif token.type == "function":
                yield from urls(token.arguments)
            elif token.type.endswith("block"):
                yield from urls(token.content)

    def visit(nodes):
        for node in nodes:
            if node.type == "at-rule" and node.lower_at_keyword == "import":
                diags.error(rel, node.source_line, "a PDF stylesheet may not @import anything", "pdf.css-import")
            for part in (getattr(node, "prelude", None), getattr(node, "content", None)):
                for token, url in urls(part):
                    if not url.startswith("data:"):
                        diags.error(rel, token.source_line,
                                    f"url({url[:80]}) in a PDF stylesheet: use a data: URL", "pdf.css-url")
            if node.type == "error":
                diags.error(rel, node.source_line, f"CSS parse error: {node.message}", "pdf.css")

    visit(rules)
    return len(diags.errors) == before


def css_string(text: str) -> str:
    """A CSS string literal that cannot end early or close the <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;()-" or ord(c) > 127 else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def counter_style(lang: str) -> tuple[str, str]:
    """(CSS counter style name, its @counter-style rule or "") for page numbers in the locale's digits."""
    shapes = languages.digits(lang)
    if shapes == "0123456789":
        return "decimal", ""
    symbols = " ".join(css_string(d) for d in shapes)
    return "locale-digits", f"@counter-style locale-digits {{ system: numeric; symbols: {symbols}; }}\n"


def page_numbers(label: str, reference: str = "", lang: str = SOURCE_LANGUAGE) -> Markup:
    """``@page`` rule putting "Page 2 of 6" (translated, from the template) in the same margin box,
    the numbers in the locale's default digits (CLDR: "۲" in Persian, "২" in Bengali), and under
    it the document reference (see :func:`footer`)."""
    style, rule = counter_style(lang)
    text = str(Markup(label).unescape())
    pieces, rest = [], text
    while rest:
        i_page, i_pages = rest.find("{page}"), rest.find("{pages}")
        candidates = [(i, tok) for i, tok in ((i_page, "{page}"), (i_pages, "{pages}")) if i >= 0]
        if not candidates:
            pieces.append(css_string(rest))
            break
        i, tok = min(candidates)
        if i:
            pieces.append(css_string(rest[:i]))
        pieces.append(f"counter(page, {style})" if tok == "{page}" else f"counter(pages, {style})")
        rest = rest[i + len(tok):]
    return footer(pieces, reference, rule)


def footer(pieces: list[str], reference: str = "", rule: str = "") -> Markup:
    """``@page`` rule: the page numbers (CSS ``content`` pieces) and, on a second line of the same
    margin box, the document reference, so a clinician can tell which version a patient holds."""
    if reference:  # left to right on every page (isolated: on an Arabic page its brackets stay as written)
        pieces = [*pieces, '"\\A "', css_string("\u2066" + reference + "\u2069")]
    return Markup("%s@page { @bottom-center { content: %s; white-space: pre; } }") % (Markup(rule), Markup(" ".join(pieces)))


def reference(doc: Document, fmt: str) -> str:
    """The document reference of one PDF: leaflet id, version, language and format."""
    return f"{doc.leaflet.id}/{doc.meta.version}/{doc.lang}/{fmt}"


def qr_data_uri(url: str) -> str:
    import segno  # imported when a PDF is made, not by `check`

    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def page_url(project: Project, doc: Document) -> str | None:
    """The leaflet's web page, for the QR code; None without a site address (no QR code then)."""
    return site_link(project.settings.base_url, f"{doc.lang}/{doc.leaflet.id}/", None)


def creation_date(doc: Document, environ=os.environ) -> str:
    """W3C date for the PDF's creation and modification dates: SOURCE_DATE_EPOCH, else publication."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return doc.meta.published.isoformat()


def pdf_path(doc: Document, fmt: str) -> str:
    return outputs.path(fmt, doc.leaflet.id, doc.lang)


def stylesheet(fmt: str) -> str:
    """A PDF format's own stylesheet, in templates/css/."""
    return f"{fmt}.css"


def page_address(url: str) -> str:
    """The page's address as printed beside the QR code: short enough for one line, still typeable."""
    return re.sub(r"^https?://", "", url).rstrip("/")


def render_html(project: Project, env: Environment, doc: Document, fmt: str, downloads: list[Download]) -> str:
    url = page_url(project, doc)
    css = (project.templates / "css" / stylesheet(fmt)).read_text(encoding="utf-8")
    html = render_document(
        env, doc, css=css, fmt=fmt, downloads=downloads,
        english_href=site_link(project.settings.base_url, outputs.path("html", doc.leaflet.id, SOURCE_LANGUAGE), None),
        qr_svg=qr_data_uri(url) if url else None, page_url=url, page_address=page_address(url) if url else None,
        reference=reference(doc, fmt), page_numbers=lambda label, ref="": page_numbers(label, ref, doc.lang),
        site=site_context(project, f"{doc.lang}/accessibility/", None),
    )
    return nobreak.keep_together(html, doc.lang)


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to turn one rendered document into a PDF (picklable)."""

    key: str  # output path
    label: str  # "hsg (en) large print"
    html: str
    base_url: str
    roots: tuple[str, ...]
    created: str


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, str]] = []

    def emit(self, record):
        self.records.append((record.levelname, record.getMessage()))


def render_job(job: Job) -> Outcome:
    """WeasyPrint alone: HTML string -> PDF/UA-1 bytes, through the asset fetcher. Runs in a worker."""
    from weasyprint import HTML

    from . import pdf_tags
    from .fetcher import AssetFetcher

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        fetcher = AssetFetcher([Path(r) for r in job.roots])
        with pdf_tags.tagging() as record:
            document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(**PDF_OPTIONS)
            document.metadata.created = document.metadata.modified = job.created
            # Of the custom <meta> entries only the document reference goes into the PDF (not viewport).
            # WeasyPrint lower-cases <meta> names.
            document.metadata.custom = {REFERENCE_META: v for k, v in document.metadata.custom.items()
                                        if k.lower() == REFERENCE_META.lower()}
            pdf_tags.mark_line_end_spaces(document)
            pdf = document.write_pdf(**PDF_OPTIONS)
        return Outcome(pdf=pdf_tags.finish(pdf, record), logs=handler.records, pages=len(document.pages))
    except BaseException as error:  # FatalURLFetchingError is a BaseException: report it, whatever it is
        cause = f": {error.__cause__}" if error.__cause__ else ""
        return Outcome(error=f"{error}{cause}", logs=handler.records)
    finally:
        logger.removeHandler(handler)


def render(ctx: Context, units) -> Written:
    """Both PDFs of every unit whose leaflet lists them; each PDF's "Other formats" list is the
    unit's other files. They render in warm worker processes, or on the build's executor."""
    docs = [(plan.document, ctx.env(plan.lang, plan.translations)) for plan in units if plan.document is not None]
    return render_all(ctx.project, docs, ctx.staging, ctx.diags, workers=ctx.jobs,
                      progress=ctx.progress, executor=ctx.executor,
                      downloads=lambda doc, fmt: ctx.downloads(doc, exclude=fmt))


def render_all(project: Project, items: list[tuple[Document, Environment]], staging: Staging, diags: Diagnostics, *,
               timeout: float | None = None, downloads=None, workers: int | None = None, progress=None,
               executor=None) -> Written:
    """Both PDFs of every document whose leaflet lists them, into ``staging``; problems into ``diags``;
    returns what it wrote.

    ``downloads(doc, fmt)`` gives the "Other formats" list a PDF shows; the PDFs render in
    warm worker processes, or on ``executor`` (a cluster).
    """
    out, docs = Written(staging), {}
    stylesheets_ok = {fmt: check_stylesheet(project, project.templates / "css" / stylesheet(fmt), diags)
                      for fmt in FORMATS}

    def prepared():
        """Each PDF's job, made here while the workers render the ones before it."""
        for doc, env in items:
            with diags.holding((doc.leaflet.id, doc.lang)):
                formats = [f for f in FORMATS if f in doc.meta.formats]
                for fmt in formats:
                    if not stylesheets_ok[fmt]:
                        diags.error(doc.leaflet.meta_path, doc.leaflet.line_of("formats"),
                                    f"{where(doc)} {fmt.replace('-', ' ')} PDF not built: its stylesheet "
                                    f"templates/css/{stylesheet(fmt)} has errors", "pdf.render")
                formats = [f for f in formats if stylesheets_ok[f]]
                if not formats or not check_document(project, doc, diags):
                    continue
                for fmt in formats:
                    html = with_fonts(doc, render_html(project, env, doc, fmt, downloads(doc, fmt) if downloads else []),
                                      diags, locate=lambda char: locate_char(doc, char))
                    if html is None:
                        break
                    key = pdf_path(doc, fmt)
                    docs[key] = doc
                    yield Job(
                        key=key, label=f"{where(doc)} {fmt.replace('-', ' ')}", html=html,
                        base_url=(project.root / doc.leaflet.folder).as_uri() + "/",
                        roots=(str(project.root / doc.leaflet.folder),),  # the templates' own pictures are data: URLs
                        created=creation_date(doc),
                    )

    def ended(job: Job, outcome: Outcome) -> None:
        """One PDF's outcome, in the jobs' order: written as it comes (not all held at once)."""
        doc = docs.pop(job.key)
        with diags.holding((doc.leaflet.id, doc.lang)):
            if report_outcome(job, outcome, diags, doc.leaflet.meta_path, doc.leaflet.line_of("formats")):
                out.write((doc.leaflet.id, doc.lang), job.key, outcome.pdf)

    run_isolated(render_job, prepared(), timeout or TIMEOUT, workers=workers, progress=progress,
                 executor=executor, each=ended)
    return out


def report_outcome(job: Job, outcome: Outcome, diags: Diagnostics, path: str, line: int) -> bool:
    """What WeasyPrint logged while rendering ``job``, as diagnostics at ``path:line`` (its errors
    as errors); whether there is a PDF (if not, an error saying why). Every PDF format's."""
    for level, message in outcome.logs:
        report = diags.error if level in ("ERROR", "CRITICAL") else diags.warning
        report(path, line, f"{job.label} PDF: WeasyPrint: {message}", "pdf.weasyprint")
    if outcome.error is not None:
        diags.error(path, line, f"{job.label} PDF failed: {outcome.error}", "pdf.render")
        return False
    return True


def check_stylesheets(project: Project, diags: Diagnostics) -> None:
    """For ``check``: the PDF stylesheets, as :func:`render_all` checks them before any PDF."""
    for fmt in FORMATS:
        check_stylesheet(project, project.templates / "css" / stylesheet(fmt), diags)
