"""Patient-safety check of a translation against its English source.

The phone numbers, numbers, times, dates, URLs, email addresses, link targets (Markdown
links and pictures, reference definitions, raw HTML ``href``/``src``) and placeholders of
the source must be those of the translation, each as
many times: nothing dropped, nothing changed, nothing added ("day 10 or day 10"
translated with one "10" fails). pofilter's number test only counts substrings
("2" passes when changed to "12"); here each token is compared whole, so
"2" -> "12" and "1 in 100" -> "1 in 1000" both fail.

Allowed differences: digit shapes (Arabic-Indic ٠١٢, Persian ۰۱۲, full-width
０１２), the decimal separator ("1.5", "1,5", "١٫٥"), spacing inside a phone
number ("01223 216455" = "01223216455") and a leading zero in an hour
("09:00" = "9:00"). Phone numbers, times and numbers are found by ``phones``, the
pattern the tel: links use.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import phones

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\"']+", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINK_TARGET_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK_RE = re.compile(r"<((?:https?://|mailto:|tel:)[^>\s]+)>", re.I)
# Targets Markdown also takes from raw HTML (<a href>, <img src>) and from reference definitions
# ("[1]: target" on its own line): a translation must not add or change those either.
HTML_TARGET_RE = re.compile(r"""<[a-z][a-z0-9]*\b[^>]*?\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
REFERENCE_RE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)>?", re.M)
PLACEHOLDER_RE = re.compile(r"%\([A-Za-z_]\w*\)[sdif]|%[sdif]|(?<!\{)\{[A-Za-z_]\w*\}(?!\})")
ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
NUMERIC_DATE_RE = re.compile(r"(?<![\d.,/])(\d{1,2})/(\d{1,2})/(\d{2,4})(?![\d/])")
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
    return phones.fold(unicodedata.normalize("NFKC", text))


def tokens(text: str) -> list[Token]:
    """The safety-relevant tokens of one message, in order, each as often as it occurs."""
    text = normalise_digits(text)
    found: list[Token] = []

    def take(pattern: re.Pattern, kind: str, value=None) -> None:
        nonlocal text

        def repl(m: re.Match) -> str:
            shown = (value(m) if value else m.group(0)) if kind == "link" else m.group(0)
            found.append(Token(kind, value(m) if value else shown, shown))
            return " "

        text = pattern.sub(repl, text)

    take(HTML_TARGET_RE, "link", lambda m: next(g for g in m.groups() if g is not None).strip())
    take(REFERENCE_RE, "link", lambda m: m.group(1))
    take(LINK_TARGET_RE, "link", lambda m: m.group(1))
    take(AUTOLINK_RE, "link", lambda m: m.group(1))
    take(EMAIL_RE, "email", lambda m: m.group(0).lower())
    take(URL_RE, "url", lambda m: m.group(0).rstrip(TRAILING))
    take(PLACEHOLDER_RE, "placeholder")
    for span in reversed(phones.phones(text)):
        number = text[span.start:span.end]
        found.append(Token("phone", phones.normalise(number), number))
        text = text[:span.start] + " " + text[span.end:]
    take(ISO_DATE_RE, "date", lambda m: f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}")
    take(NUMERIC_DATE_RE, "date", lambda m: f"{int(m[1])}/{int(m[2])}/{m[3]}")
    take(phones.TIME_RE, "time", lambda m: f"{int(m[1])}:{m[2]}")
    take(phones.NUMBER_RE, "number", lambda m: _number_value(m.group(0)))
    return [t for t in found if t.value]


def _number_value(text: str) -> str:
    """"1,5" and "1.5" are one number; leading zeros are kept ("09" is not "9" outside times)."""
    return text.replace(",", ".")


_MEMO = None  # (write.Memo, code version) while remembering() is active


@contextmanager
def remembering(path: Path):
    """Keep :func:`compare`'s answers in ``path`` (a :class:`~leaflets.write.Memo`) by the hash
    of the source, the translation and this package's code: a check with nothing changed
    compares nothing again."""
    global _MEMO
    from .hashing import tools
    from .write import Memo

    memo = Memo(path)
    _MEMO = (memo, tools())
    try:
        yield
        memo.prune()  # a whole run: what it did not ask about is an old text
    finally:
        _MEMO = None
        memo.save()


def compare(source: str, translation: str) -> list[str]:
    """Problems, each a sentence; empty when the translation keeps every token of the source exactly,
    each as many times as the source has it."""
    if _MEMO is None:
        return _compare(source, translation)
    from .hashing import digest

    memo, version = _MEMO
    key = digest("safety", version, source, translation)
    known = memo.get(key)
    if known is not None:
        return json.loads(known)
    problems = _compare(source, translation)
    memo.set(key, json.dumps(problems))
    return problems


def _compare(source: str, translation: str) -> list[str]:
    src, dst = tokens(source), tokens(translation)
    src_count = Counter((t.kind, t.value) for t in src)
    dst_count = Counter((t.kind, t.value) for t in dst)
    missing = src_count - dst_count
    added = dst_count - src_count
    problems = []
    if missing:
        problems.append("the translation drops or changes "
                        + ", ".join(_described(t, src_count, dst_count) for t in _unique(src, missing)))
    if added:
        problems.append("the translation adds "
                        + ", ".join(_described(t, src_count, dst_count) for t in _unique(dst, added))
                        + " not in the English")
    return problems


def _described(token: Token, src: Counter, dst: Counter) -> str:
    """``number 10``, or ``number 10 (2 times in the English, 1 in the translation)`` when it is in both."""
    key = (token.kind, token.value)
    if src[key] and dst[key]:
        return f"{token} ({src[key]} time{'s' if src[key] > 1 else ''} in the English, {dst[key]} in the translation)"
    return str(token)


def _unique(items: list[Token], keep: Counter) -> list[Token]:
    """The tokens whose (kind, value) is in ``keep``, once each, in sorted order."""
    seen, out = set(), []
    for t in sorted(items):
        key = (t.kind, t.value)
        if key in keep and key not in seen:
            seen.add(key)
            out.append(t)
    return out
