"""The Easy read standard's rules a machine can check: on the English source and on translations.

The easy read itself is parsed by ``easyread`` into the ``model`` types checked here.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from . import languages, markup, phones
from .diagnostics import Diagnostics
from .document import Lookup
from .model import EasyRead, Message
from .symbols import Library, check_reuse, load_library

MAX_WORDS = 15
MAX_SENTENCES = 3
MAX_PAGES = 24

BOLD_RE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million dozen half"
).split()
NUMBER_WORD_RE = re.compile(r"(?<![\w-])(" + "|".join(NUMBER_WORDS) + r")(?![\w-])", re.I)
NOT_NUMBERS_RE = re.compile(r"\bno one\b|\bone another\b", re.I)
SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[\"'‘“(]?[A-Z0-9]")


def plain(text: str) -> str:
    """A sentence without Markdown emphasis, as a reader sees it."""
    return re.sub(r"(\*\*|__|\*|_|`)", "", text)


def words(text: str) -> int:
    """Words a reader counts: a phone number or a time counts as one word."""
    text = plain(text)
    for found in reversed(phones.phones(text)):
        text = text[:found.start] + "PHONE" + text[found.end:]
    return len(re.findall(r"[^\s–—-][^\s]*", text))


def _term_re(word: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?:s|es)?(?![\w-])", re.I)


def check(easy: EasyRead, library: Library | None, diags: Diagnostics) -> None:
    """Every rule of the Easy read standard a machine can check, on the English source."""
    path = easy.path
    for point in easy.points:
        if point.symbol is None and point.source is None:
            diags.error(path, point.line,
                        "a point without a picture: start it with ![what the picture shows](symbol:<name>)",
                        "easy-read.no-picture")
        elif point.symbol is not None and library is not None and point.symbol not in library:
            near = library.close_matches(point.symbol)
            hint = f" (did you mean {', '.join(near)}?)" if near else " (see symbols/symbols.yml)"
            diags.error(path, point.line, f"picture '{point.symbol}' is not in the symbol library{hint}",
                        "easy-read.unknown-picture")
        if point.alt is not None and not point.alt.text:
            diags.error(path, point.line, "the picture has no alt text: write what it shows between [ ]",
                        "easy-read.no-alt")
        if not point.sentences:
            diags.error(path, point.line, "a point has 1 to 3 sentences after its picture", "easy-read.sentences")
        elif len(point.sentences) > MAX_SENTENCES:
            diags.error(path, point.sentences[MAX_SENTENCES].line,
                        f"a point has at most {MAX_SENTENCES} sentences: start a new point with its own picture",
                        "easy-read.sentences")
    check_reuse(path, [(p.symbol, p.line) for p in easy.points if p.symbol], diags)
    texts = [m for p in easy.points for m in p.sentences] + [t.explanation for t in easy.glossary]
    for message in texts:
        _check_sentence(message, diags)
    for term in easy.glossary:
        _check_sentence(term.word, diags, length=False)
    _check_glossary(easy, diags)


def _check_sentence(message: Message, diags: Diagnostics, length: bool = True) -> None:
    path, line, text = message.path, message.line, message.text
    n = words(text)
    if length and n > MAX_WORDS:
        diags.error(path, line, f"sentence of {n} words: easy read has at most {MAX_WORDS} words a sentence",
                    "easy-read.sentence-length")
    if length and SENTENCE_BREAK_RE.search(plain(text)):
        diags.warning(path, line, "more than 1 sentence on this line: write each sentence on its own line",
                      "easy-read.one-sentence")
    for match in NUMBER_WORD_RE.finditer(NOT_NUMBERS_RE.sub("", plain(text))):
        diags.error(path, line, f"number written as a word ('{match[1]}'): write numbers as digits",
                    "easy-read.number-word")
    html = markup.render_inline(text)
    if re.search(r"<(em|i)\b", html):
        diags.error(path, line, "italics are hard to read: use **bold** for emphasis", "easy-read.italics")
    if markup.images(html):
        diags.error(path, line, "a picture inside a sentence: give the point its picture on its own line",
                    "easy-read.inline-image")


def _check_glossary(easy: EasyRead, diags: Diagnostics) -> None:
    """The first time a Words to know word is used, it is bold and the next sentence explains it."""
    if not easy.glossary:
        diags.warning(easy.path, easy.title.line, "easy read has no Words to know list", "easy-read.glossary-missing")
    order = [(p, i, m) for p in easy.points for i, m in enumerate(p.sentences)]
    for term in easy.glossary:
        pattern = _term_re(term.word.text)
        first = next(((p, i, m) for p, i, m in order if pattern.search(plain(m.text))), None)
        if first is None:
            diags.warning(term.word.path, term.word.line,
                          f"'{term.word.text}' is in Words to know but never used", "easy-read.glossary-unused")
            continue
        point, index, message = first
        bold = any(pattern.search(b[0] or b[1]) for b in BOLD_RE.findall(message.text))
        if not bold:
            diags.error(message.path, message.line,
                        f"'{term.word.text}' is used before it is explained: the first time, write it in bold "
                        "and explain it in the next sentence", "easy-read.glossary-order")
        elif index + 1 >= len(point.sentences):
            diags.error(message.path, message.line,
                        f"'{term.word.text}' is not explained: explain it in the next sentence of this point",
                        "easy-read.glossary-order")


# Scripts written without spaces between words (Unicode's line-breaking classes ID and SA: Han,
# kana, Thai, Lao, Khmer, Myanmar): a translation in one has no word count. The language's script
# comes from CLDR, so no language is named here.
SPACELESS_SCRIPTS = frozenset({"Hani", "Hans", "Hant", "Jpan", "Hira", "Kana", "Thai", "Laoo", "Khmr", "Mymr"})


def check_translated(easy: EasyRead, lang: str, lookup: Lookup, diags: Diagnostics) -> None:
    """Rules that still hold in a translation, reported at the English source line with the language."""
    count_words = languages.script(lang) not in SPACELESS_SCRIPTS
    for point in easy.points:
        for message in point.sentences:
            text = lookup(message)
            if not text:
                continue
            n = words(text)
            if count_words and n > MAX_WORDS:
                diags.warning(message.path, message.line,
                              f"{lang} translation ({message.context}) has {n} words: easy read has at most {MAX_WORDS}",
                              "easy-read.translation-length")
            if re.search(r"<(em|i)\b", markup.render_inline(text)):
                diags.error(message.path, message.line,
                            f"{lang} translation ({message.context}) uses italics: use bold for emphasis",
                            "easy-read.translation-italics")


def check_leaflet(root: Path, leaflet, diags: Diagnostics, library: Callable[[], Library | None] | None = None
                  ) -> EasyRead | None:
    """Check the easy read ``load.load_leaflet`` attached to a leaflet (None if it has none).
    ``library()`` gives the symbol library (default: loaded here, its problems reported)."""
    easy = leaflet.easy_read
    if easy is None:
        return None  # not a format of this leaflet, or load already reported why it is missing
    check(easy, library() if library else load_library(root, diags), diags)
    return easy


def check_leaflets(root: Path, leaflets: list, diags: Diagnostics) -> None:
    """Every leaflet's easy read, the symbol library loaded (and its problems reported) once."""
    loaded: list = []

    def library() -> Library | None:
        if not loaded:
            loaded.append(load_library(root, diags))
        return loaded[0]
    for leaflet in leaflets:
        check_leaflet(root, leaflet, diags, library)


def check_pages(easy: EasyRead, pages: int, output: str, diags: Diagnostics) -> None:
    if pages > MAX_PAGES:
        diags.error(easy.path, easy.title.line,
                    f"{output} has {pages} pages: easy read has at most {MAX_PAGES}; split it or shorten it",
                    "easy-read.pages")
