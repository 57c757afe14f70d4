"""Around one MkDocs run: its log as diagnostics, and its date pinned for reproducible bytes.

``language`` is a :class:`leaflets.render_site.Language` (its ``lang`` and ``docs``).
"""
from __future__ import annotations

import calendar
import logging
import os
import re
from contextlib import contextmanager
from datetime import date

from .diagnostics import Diagnostics


class MkDocsLog(logging.Handler):
    """MkDocs' own warnings (and errors) during one language's build, as ``site.mkdocs-warning``:
    at the leaflet whose page MkDocs was reading or names, else on mkdocs.yml."""

    PAGE_RE = re.compile(r"Doc file '([^']+)'")

    def __init__(self, language, diags: Diagnostics):
        super().__init__(logging.WARNING)
        self.language, self.diags = language, diags
        self.config = None  # set once loaded: MkDocs names the page it is building there
        self.pages = {f"{d.leaflet.id}/index.md": d.leaflet.meta_path for d in language.docs}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        current = getattr(self.config, "_current_page", None) if self.config is not None else None
        page = current.file.src_uri if current is not None else None
        if page is None and (named := self.PAGE_RE.search(message)):
            page = named[1]
        site_page = f", page {self.language.lang}/{page.removesuffix('index.md')}" if page else ""
        level = "" if record.levelno == logging.WARNING else f"{record.levelname.lower()}: "
        self.diags.warning(self.pages.get(page, "mkdocs.yml"), 1,
                           f"MkDocs ({self.language.lang} website{site_page}): {level}{message}", "site.mkdocs-warning")


@contextmanager
def mkdocs_log(language, diags: Diagnostics):
    """Collect the ``mkdocs`` logger's warnings as diagnostics while the block runs."""
    handler = MkDocsLog(language, diags)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def epoch(day: date) -> str:
    return str(calendar.timegm(day.timetuple()))


@contextmanager
def build_date(value: str):
    """MkDocs dates its sitemap from SOURCE_DATE_EPOCH, else from the clock: pin it (to the content's
    own date, or the caller's SOURCE_DATE_EPOCH) so the same content gives the same bytes, also in
    a warm or remote worker whose environment is not the caller's."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
