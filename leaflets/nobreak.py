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
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names, get_period_names

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


def keep_together(html: str, lang: str) -> str:
    """``html`` with each piece of its text (never of a tag, a style or the title) that must not
    split in a ``<span class="nobr">``. The text itself is unchanged."""
    pieces = TAG_OR_RAW_TEXT.split(html)
    out, i = [], 0
    while i < len(pieces):
        text, last = pieces[i], 0
        for start, end in spans(text, lang):
            out += [text[last:start], '<span class="nobr">', text[start:end], "</span>"]
            last = end
        out.append(text[last:])
        if i + 1 < len(pieces):
            out.append(pieces[i + 1])  # a tag, or a whole <style>/<title> element: unchanged
        i += 3
    return "".join(out)
