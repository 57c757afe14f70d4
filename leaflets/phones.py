"""Phone numbers, times and numbers in running text, in every script: the one pattern and normaliser.

The model (``Contact.phone``), Markdown rendering (``tel:`` links), the easy-read word
count and the safety check all find phone numbers here, so they never disagree.

Digits are any Unicode decimal digits (``unicodedata`` category Nd): ASCII ``0123``,
Arabic-Indic ``٠١٢٣``, Persian ``۰۱۲۳``, Bengali ``০১২৩``, Devanagari ``०१२३``,
full-width ``０１２３`` ... A number uses the digits of one script only. A phone number
is recognised next to any text without spaces (``请致电01223 216455联系``); it is not
recognised inside a Latin word or another number.

Phone numbers as patients read them: UK national (``01223 216455``, ``0800 169 0 169``:
10 or 11 digits with the leading 0), ``+44`` forms (``+44 1223 216455``,
``+44 (0)1223 245151``) and other international numbers (``+48 22 123 45 67``: 8 to 15
digits), digit groups separated by single spaces (a no-break space counts as one).

Public API (other formats may use it to keep such runs together on a line):

- :func:`spans` ``(text) -> list[Span]``: every phone number, time (``09:00``) and number
  (``1.5``, ``1,5``, ``١٫٥``) of ``text``, as ``Span(start, end, kind)`` with ``kind`` one of
  ``"phone"``, ``"time"``, ``"number"``; offsets index ``text`` itself, sorted, never
  overlapping (a phone number's digit groups are not also numbers);
- :func:`phones` ``(text) -> list[Span]``: the phone numbers only;
- :func:`is_phone` ``(text) -> bool``: the whole of ``text`` is one phone number;
- :func:`normalise` ``(number) -> str``: international form in ASCII digits,
  ``"٠١٢٢٣ ٢١٦٤٥٥"`` -> ``"+441223216455"``; :func:`tel_uri` adds ``tel:``;
- :func:`fold` ``(text) -> str``: the same text, one character for one, with every digit in
  ASCII and full-width ``+ ( )`` and no-break spaces in their ASCII forms.
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

UK = "+44"


class Span(NamedTuple):
    start: int
    end: int
    kind: str  # "phone", "time" or "number"


_FOLD = {0xFF0B: "+", 0xFF08: "(", 0xFF09: ")", 0x00A0: " ", 0x202F: " ", 0x2009: " ",
         0x066B: ".", 0x066C: ","}  # full-width + ( ), no-break and thin spaces, Arabic decimal separators
# On folded text (ASCII digits, + ( ) and spaces): a run that may hold a phone number, which
# _longest_phone then shortens to the longest valid one.
CANDIDATE_RE = re.compile(r"(?<![0-9+A-Za-z_])(?:\+[0-9]{1,3}(?: ?\(0\))?|0)(?: ?[0-9]{1,6}){1,6}(?![0-9A-Za-z_])")
TIME_RE = re.compile(r"(?<![0-9.:])([01]?[0-9]|2[0-3]):([0-5][0-9])(?![0-9:])")
NUMBER_RE = re.compile(r"(?<![0-9])[0-9]+(?:[.,][0-9]+)?(?![0-9])")


class _FoldTable(dict):
    """``str.translate`` table of :func:`fold`, filled as characters are met: a decimal digit of
    any script (category Nd) to its ASCII digit, the characters of ``_FOLD`` to theirs, every other
    character to itself."""

    def __missing__(self, code: int) -> str | int:
        char = chr(code)
        value: str | int = str(unicodedata.digit(char)) if unicodedata.category(char) == "Nd" else code
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable(_FOLD)


def fold(text: str) -> str:
    """``text`` with ASCII digits (and ``+ ( )`` and spaces), one character for one: offsets stay."""
    return text.translate(_FOLD_TABLE)


def _one_script(text: str) -> bool:
    """All digits of ``text`` from one script (the same zero)."""
    return len({ord(ch) - unicodedata.digit(ch) for ch in text if unicodedata.category(ch) == "Nd"}) <= 1


def normalise(number: str) -> str:
    """International form in ASCII digits: ``01223 216455`` and ``+44 (0)1223 216455`` -> ``+441223216455``."""
    folded = re.sub(r"\(\s?0\s?\)", "", fold(number))
    digits = re.sub(r"[^0-9+]", "", folded)
    return UK + digits[1:] if digits.startswith("0") else digits


def tel_uri(number: str) -> str:
    """The ``tel:`` URI of a phone number: ``tel:+441223216455``."""
    return "tel:" + normalise(number)


def _valid(number: str) -> bool:
    if not _one_script(number):
        return False
    value = normalise(number)
    if fold(number).startswith("0"):
        return 10 <= len(value) - len(UK) + 1 <= 11  # national digits, with the leading 0
    if value.startswith(UK):
        return 9 <= len(value) - len(UK) <= 10
    return 8 <= len(value) - 1 <= 15  # E.164: at most 15 digits


def _longest_phone(text: str, start: int, end: int) -> int | None:
    """The end of the longest phone number starting at ``start`` within ``text[start:end]``, dropping
    trailing digit groups ("call 01223 216455 2 times": the phone number ends before " 2")."""
    while end > start:
        if _valid(text[start:end]):
            return end
        end = text.rfind(" ", start, end)
    return None


def _phones(folded: str, original: str, pos: int = 0):
    for m in CANDIDATE_RE.finditer(folded, pos):
        end = _longest_phone(folded, m.start(), m.end())
        if end is not None and _one_script(original[m.start():end]):
            yield Span(m.start(), end, "phone")


def phones(text: str) -> list[Span]:
    """The phone numbers of ``text``."""
    return list(_phones(fold(text), text))


def first_phone(text: str, pos: int = 0) -> Span | None:
    """The first phone number of ``text`` at or after ``pos`` (for Markdown's inline processor)."""
    return next(_phones(fold(text), text, pos), None)


def is_phone(text: str) -> bool:
    """The whole of ``text`` is one phone number."""
    found = phones(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(text)


def spans(text: str) -> list[Span]:
    """Phone numbers, times and numbers of ``text`` (see the module's docstring)."""
    folded = fold(text)
    found = list(_phones(folded, text))
    taken = [(s.start, s.end) for s in found]
    for pattern, kind in ((TIME_RE, "time"), (NUMBER_RE, "number")):
        for m in pattern.finditer(folded):
            if _one_script(text[m.start():m.end()]) and all(m.end() <= a or m.start() >= b for a, b in taken):
                found.append(Span(m.start(), m.end(), kind))
                taken.append((m.start(), m.end()))
    return sorted(found)
