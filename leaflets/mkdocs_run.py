"""Around one MkDocs run: its date pinned for reproducible bytes (its log as diagnostics:
:mod:`leaflets.site_config`)."""
from __future__ import annotations

import calendar
import os
from contextlib import contextmanager
from datetime import date


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
