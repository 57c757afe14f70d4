"""Patient-safety check of a translation against its English source.

The exact set of phone numbers, numbers, times, dates, URLs, email addresses,
Markdown link targets and placeholders of the source must equal the set in the
translation: nothing dropped, nothing changed, nothing added. pofilter's number
test only counts substrings ("2" passes when changed to "12"); here each token
is compared whole, so "2" -> "12" and "1 in 100" -> "1 in 1000" both fail.

Allowed differences: digit shapes (Arabic-Indic ٠١٢, Persian ۰۱۲, full-width
０１２), the decimal separator ("1.5", "1,5", "١٫٥"), spacing inside a phone
number ("01223 216455" = "01223216455") and a leading zero in an hour
("09:00" = "9:00").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\"']+", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK_RE = re.compile(r"<((?:https?://|mailto:|tel:)[^>\s]+)>", re.I)
PLACEHOLDER_RE = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|(?<!\{)\{[A-Za-z_]\w*\}(?!\})")
# UK phone numbers as patients read them: 01223 216455, 0800 169 0 169, +44 (0)1223 245151.
# Digit lookarounds instead of \b, so a number next to Chinese characters is still found.
PHONE_RE = re.compile(r"(?<![\d+])(?:\+44\s?\(0\)\s?|\+44\s?|0)\d{2,4}(?:[ \u00a0]?\d{1,6}){1,4}(?!\d)")
ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
NUMERIC_DATE_RE = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{1,2})/(\d{2,4})(?![\d/])")
TIME_RE = re.compile(r"(?<![\d.:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
NUMBER_RE = re.compile(r"(?<![\d])\d+(?:[.,]\d+)?(?!\d)")
TRAILING = ".,;:!?)]}'\"\u3002\uff0c"


@dataclass(frozen=True, order=True)
class Token:
    kind: str  # phone, url, email, link, placeholder, date, time, number
    value: str  # normalised, compared
    shown: str  # as written, for messages

    def __str__(self) -> str:
        return f"{self.kind} {self.shown}"


def normalise_digits(text: str) -> str:
    """Every decimal digit as ASCII, full-width forms folded (NFKC), Arabic decimal separator as '.'."""
    # CJK commas and full stops are punctuation, never decimal separators: keep a space after them.
    text = text.translate({0xFF0C: ", ", 0x3001: ", ", 0x3002: ". ", 0xFF0E: ". "})
    text = unicodedata.normalize("NFKC", text)
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii() and unicodedata.category(ch) == "Nd":
            out.append(str(unicodedata.digit(ch)))
        elif ch == "\u066b":  # ARABIC DECIMAL SEPARATOR
            out.append(".")
        elif ch == "\u066c":  # ARABIC THOUSANDS SEPARATOR
            out.append(",")
        else:
            out.append(ch)
    return "".join(out)


def tokens(text: str) -> set[Token]:
    """The safety-relevant tokens of one message."""
    text = normalise_digits(text)
    found: set[Token] = set()

    def take(pattern: re.Pattern, kind: str, value=None) -> None:
        nonlocal text

        def repl(m: re.Match) -> str:
            shown = m.group(1) if kind == "link" else m.group(0)
            found.add(Token(kind, value(m) if value else shown, shown))
            return " "

        text = pattern.sub(repl, text)

    take(LINK_TARGET_RE, "link", lambda m: m.group(1))
    take(AUTOLINK_RE, "link", lambda m: m.group(1))
    take(EMAIL_RE, "email", lambda m: m.group(0).lower())
    take(URL_RE, "url", lambda m: m.group(0).rstrip(TRAILING))
    take(PLACEHOLDER_RE, "placeholder")
    take(PHONE_RE, "phone", _phone_value)
    take(ISO_DATE_RE, "date", lambda m: f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}")
    take(NUMERIC_DATE_RE, "date", lambda m: f"{int(m[1])}/{int(m[2])}/{m[3]}")
    take(TIME_RE, "time", lambda m: f"{int(m[1])}:{m[2]}")
    take(NUMBER_RE, "number", lambda m: _number_value(m.group(0)))
    return {t for t in found if t.value}


def _phone_value(m: re.Match) -> str:
    digits = re.sub(r"\(0\)", "", m.group(0))
    digits = re.sub(r"[^\d+]", "", digits)
    return "+44" + digits[1:] if digits.startswith("0") else digits


def _number_value(text: str) -> str:
    """"1,5" and "1.5" are one number; leading zeros are kept ("09" is not "9" outside times)."""
    return text.replace(",", ".")


def compare(source: str, translation: str) -> list[str]:
    """Problems, each a sentence; empty when the translation keeps every token of the source exactly."""
    src, dst = tokens(source), tokens(translation)
    src_values = {(t.kind, t.value) for t in src}
    dst_values = {(t.kind, t.value) for t in dst}
    problems = []
    missing = sorted(t for t in src if (t.kind, t.value) not in dst_values)
    added = sorted(t for t in dst if (t.kind, t.value) not in src_values)
    if missing:
        problems.append("the translation drops or changes " + ", ".join(str(t) for t in _unique(missing)))
    if added:
        problems.append("the translation adds " + ", ".join(str(t) for t in _unique(added)) + " not in the English")
    return problems


def _unique(items: list[Token]) -> list[Token]:
    seen, out = set(), []
    for t in items:
        if (t.kind, t.value) not in seen:
            seen.add((t.kind, t.value))
            out.append(t)
    return out
