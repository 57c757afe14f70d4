"""What must never split across lines in large print and easy read (UKAAF: no word, number or
address split): web and email addresses, phone numbers, times, dates, short names such as
"NHS 111", and hyphenated words ("x-ray").

:func:`spans` finds them in plain text; :func:`keep_together` puts each one of an HTML page's
text in a ``<span class="nobr">`` that the stylesheets keep on one line. Month and day-period
names come from CLDR (Babel) for the page's language and for English (the fallback passages).

``spans`` is the one place to switch to the project's phone/number module (``leaflets.phones``,
its ``spans()``) when that lands: ``keep_together`` uses nothing else.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names, get_period_names

from .document import direction

TAG_OR_RAW_TEXT = re.compile(r"(<(style|script|title)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)
TRAILING = ".,;:!?)]}'\"\u2019\u201d"  # punctuation that ends a sentence, not an address

FIXED = [
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # email address
    r"(?:https?://|www\.)[^\s<>\"]+",  # web address
    r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s<>\"]*)?",  # bare address: nhs.uk/conditions
    r"\+?\(?\d[\d ()]{6,}\d",  # phone number (at least 7 digits, checked below)
    r"\b\d{1,2}[:.]\d{2}\b",  # time: 09:00, 9.30
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",  # numeric date
    r"\b[A-Z]{2,}\s\d+\b",  # short name: NHS 111
    r"\w+(?:-\w+)+",  # hyphenated word: x-ray, day-to-day
]


def _names(lang: str) -> tuple[list[str], list[str]]:
    """Month names (every width and context) and day periods (am, pm) of ``lang``, from CLDR."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return [], []
    months = {name for width in ("wide", "abbreviated") for context in ("format", "stand-alone")
              for name in get_month_names(width, context, locale).values()}
    periods = {name for width in ("abbreviated", "wide") for key, name in get_period_names(width, locale=locale).items()
               if key in ("am", "pm")}
    return sorted(months, key=len, reverse=True), sorted(periods | {p.lower() for p in periods}, key=len, reverse=True)


@lru_cache(maxsize=None)
def _pattern(lang: str) -> re.Pattern:
    months, periods = [], []
    for code in dict.fromkeys((lang, "en")):
        m, p = _names(code)
        months += m
        periods += p
    month = "|".join(map(re.escape, sorted(set(months), key=len, reverse=True)))
    period = "|".join(map(re.escape, sorted(set(periods), key=len, reverse=True)))
    named = [
        rf"\b\d{{1,2}}\.?\s(?:{month})(?:\s\d{{4}})?",  # 1 November 2026, 1 listopada 2026
        rf"\b(?:{month})\s\d{{1,2}}(?:,\s\d{{4}})?",  # November 1, 2026
        rf"\b\d{{1,2}}(?:[:.]\d{{2}})?\s?(?:{period})(?!\w)",  # 9am, 9.30 pm
    ] if month and period else []
    return re.compile("|".join(f"(?:{p})" for p in named + FIXED))


def spans(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """(start, end) of every piece of ``text`` that must stay on one line, in order, not overlapping."""
    found = []
    for match in _pattern(lang).finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in TRAILING:
            end -= 1
        piece = text[start:end]
        if re.fullmatch(r"\+?\(?\d[\d ()]*\d", piece) and sum(c.isdigit() for c in piece) < 7:
            continue  # digits and spaces, but too few for a phone number ("10 to 16")
        if end > start:
            found.append((start, end))
    return found


def _right_to_left(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def _whole_runs(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In a right-to-left page, each left-to-right piece widened to its whole left-to-right run
    ("CC BY-SA 4.0", not "BY-SA"): WeasyPrint orders a line's inline boxes by the paragraph's
    direction, so a span inside a left-to-right run would put the run's parts in reverse order."""
    runs = []
    for start, end in found:
        if any(_right_to_left(c) for c in text[start:end]):
            runs.append((start, end))
            continue
        while start > 0 and not _right_to_left(text[start - 1]):
            start -= 1
        while end < len(text) and not _right_to_left(text[end]):
            end += 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING):
            end -= 1
        if runs and start < runs[-1][1]:
            start = runs.pop()[0]
        runs.append((start, end))
    return runs


def keep_together(html: str, lang: str) -> str:
    """``html`` with each piece of its text (never of a tag, a style or the title) that must not
    split in a ``<span class="nobr">``. The text itself is unchanged."""
    pieces = TAG_OR_RAW_TEXT.split(html)
    out, i = [], 0
    rtl = direction(lang) == "rtl"
    while i < len(pieces):
        text, last = pieces[i], 0
        found = spans(text, lang)
        for start, end in (_whole_runs(text, found) if rtl else found):
            out += [text[last:start], '<span class="nobr">', text[start:end], "</span>"]
            last = end
        out.append(text[last:])
        if i + 1 < len(pieces):
            out.append(pieces[i + 1])  # a tag, or a whole <style>/<title> element: unchanged
        i += 3
    return "".join(out)
