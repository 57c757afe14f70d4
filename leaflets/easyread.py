"""Easy read: the authoring format, its messages for translation, and its check.

``content/<id>/easy-read.md`` is written line by line, so every point and every
sentence has a line number::

    ---
    title: Having an HSG test
    summary: An easy read guide to the HSG test.
    ---
    ## About this test                       <- a heading between groups of points

    ![An X-ray picture](symbol:x-ray)        <- a point: its picture and alt text,
    You are going to have an **X-ray** test.    then 1 to 3 sentences, one a line
    An X-ray is a picture of the inside of your body.
                                             <- a blank line ends the point
    ## Words to know                         <- a group of only **word**: explanation
    **X-ray**: A picture of the inside of your body.

A ``<!-- translators: ... -->`` line before a point is a note for translators;
other HTML comments are ignored. Each point's alt text and sentences are
messages with ``msgctxt`` ``easy-read:<point id>``; the point id is the group's
id and the picture's name (``about-this-test/x-ray``), so adding a point
elsewhere does not change the others'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from . import languages, markup, paths, phones, yamlsource
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, Document, Lookup, Shown, direction
from .load import NOTE_RE, read_front_matter, rel
from .model import Message, StrictModel
from .symbols import Library, check_reuse, load_library

FILE_NAME = "easy-read.md"
CONTEXT = "easy-read"
MAX_WORDS = 15
MAX_SENTENCES = 3
MAX_PAGES = 24

PICTURE_RE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)\)\s*$")
SYMBOL_RE = re.compile(r"^symbol:(?P<name>[a-z0-9][a-z0-9-]*)$")
TERM_RE = re.compile(r"^\*\*(?P<word>[^*]+?)\*\*\s*:\s*(?P<text>.+)$")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million dozen half"
).split()
NUMBER_WORD_RE = re.compile(r"(?<![\w-])(" + "|".join(NUMBER_WORDS) + r")(?![\w-])", re.I)
NOT_NUMBERS_RE = re.compile(r"\bno one\b|\bone another\b", re.I)
SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[\"'‘“(]?[A-Z0-9]")


class EasyReadMeta(StrictModel):
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)


@dataclass(frozen=True)
class Point:
    id: str
    line: int  # the picture line, or the first sentence of a point without a picture
    symbol: str | None  # the picture's name in the library; None if the point has no picture line
    alt: Message | None  # None if the point has no picture line
    sentences: tuple[Message, ...]
    source: str | None = None  # what was written between ( ), for messages about it

    def messages(self) -> list[Message]:
        return [*([self.alt] if self.alt and self.alt.text else []), *self.sentences]


@dataclass(frozen=True)
class Group:
    id: str
    title: Message
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Term:
    id: str
    word: Message
    explanation: Message


@dataclass(frozen=True)
class EasyRead:
    leaflet_id: str
    path: str  # content/<id>/easy-read.md
    title: Message
    summary: Message
    groups: tuple[Group, ...]
    glossary_title: Message | None
    glossary: tuple[Term, ...]

    @property
    def points(self) -> list[Point]:
        return [p for g in self.groups for p in g.points]

    def messages(self) -> list[Message]:
        """Every translatable message, in reading order (title and summary first)."""
        out = [self.title, self.summary]
        for group in self.groups:
            out.append(group.title)
            for point in group.points:
                out.extend(point.messages())
        if self.glossary_title:
            out.append(self.glossary_title)
        for term in self.glossary:
            out.extend((term.word, term.explanation))
        return out


def messages(easy: EasyRead | None) -> list[Message]:
    """The easy read's messages for the leaflet's catalogue (none without an easy read)."""
    return easy.messages() if easy else []


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "group"


def _unique(base: str, seen: set[str]) -> str:
    candidate, n = base, 2
    while candidate in seen:
        candidate, n = f"{base}-{n}", n + 1
    seen.add(candidate)
    return candidate


# --- parse -------------------------------------------------------------------------------------

def path_for(folder: Path) -> Path:
    return folder / FILE_NAME


def load(folder: Path, root: Path, leaflet_id: str, diags: Diagnostics) -> EasyRead | None:
    """Parse ``<folder>/easy-read.md``; report structural problems; None if there is nothing to use."""
    file = path_for(folder)
    path = rel(file, root)
    if not paths.check(file, folder, root, diags, path, 1, path):
        return None
    if not file.is_file():
        diags.error(path, 1, "the leaflet lists the easy-read format but has no easy-read.md", "easy-read.missing")
        return None
    text = paths.read_text(file, path, diags)
    return None if text is None else parse(text, path, leaflet_id, diags)


def parse(text: str, path: str, leaflet_id: str, diags: Diagnostics) -> EasyRead | None:
    read = read_front_matter(text, path, EasyReadMeta, diags,
                             ("easy read starts with front matter: ---, title, summary, ---", "easy-read.front-matter"))
    if read is None:
        return None
    meta, lines, body, body_line = read
    parser = _Parser(path, diags)
    parser.feed(body.split("\n"), body_line)
    groups, glossary_title, glossary = parser.finish()
    note = "Easy read: short words, at most 15 words a sentence."
    return EasyRead(
        leaflet_id=leaflet_id,
        path=path,
        title=Message(meta.title, path, yamlsource.line_of(lines, ("title",)), CONTEXT, note),
        summary=Message(meta.summary, path, yamlsource.line_of(lines, ("summary",)), CONTEXT, note),
        groups=tuple(groups),
        glossary_title=glossary_title,
        glossary=tuple(glossary),
    )


class _Parser:
    """Line by line: headings open groups, picture lines open points, blank lines close them."""

    def __init__(self, path: str, diags: Diagnostics):
        self.path, self.diags = path, diags
        self.groups: list[Group] = []
        self.group: dict | None = None  # the open group: id, title, points, terms, line
        self.point: dict | None = None  # the open point: line, symbol, alt, source, sentences
        self.note: str | None = None
        self.glossary_title: Message | None = None
        self.glossary: list[Term] = []
        self.group_ids: set[str] = set()

    def feed(self, lines: list[str], first_line: int) -> None:
        i = 0
        while i < len(lines):
            line_no, stripped = first_line + i, lines[i].strip()
            i += 1
            if not stripped:
                self._close_point()
                continue
            if stripped.startswith("<!--"):
                comment = [stripped]
                while "-->" not in comment[-1] and i < len(lines):
                    comment.append(lines[i].strip())
                    i += 1
                note = NOTE_RE.match(" ".join(comment).replace("-->", "").strip() + " -->")
                if note:
                    self.note = note["note"]
                continue
            self._line(stripped, line_no)

    def _line(self, text: str, line_no: int) -> None:
        heading = HEADING_RE.match(text)
        if heading:
            self._close_point()
            if len(heading["hashes"]) != 2:
                self.diags.error(self.path, line_no, "easy read has one level of headings: write ## Heading",
                                 "easy-read.heading")
            self._open_group(heading["text"], line_no)
            return
        if self.group is None:
            self.diags.error(self.path, line_no, "write a ## heading before the first point", "easy-read.no-heading")
            self._open_group("Easy read", line_no)
        picture = PICTURE_RE.match(text)
        term = TERM_RE.match(text)
        if picture:
            self._close_point()
            symbol = SYMBOL_RE.match(picture["src"])
            if not symbol:
                self.diags.error(self.path, line_no,
                                 f"picture '{picture['src']}': pictures come from the symbol library, "
                                 "write ![what it shows](symbol:<name>)", "easy-read.picture-source")
            self.point = {"line": line_no, "symbol": symbol["name"] if symbol else None,
                          "alt": (picture["alt"].strip(), line_no), "source": picture["src"], "sentences": []}
        elif term and self.point is None and not self.group["points"]:
            self.group["terms"].append((term["word"].strip(), term["text"].strip(), line_no))
        elif self.group["terms"]:
            self.diags.error(self.path, line_no,
                             "in Words to know, every line is **word**: explanation", "easy-read.glossary-format")
        else:
            if self.point is None:  # sentences without a picture line: a point without a picture
                self.point = {"line": line_no, "symbol": None, "alt": None, "source": None, "sentences": []}
            self.point["sentences"].append((text, line_no))

    def _open_group(self, title: str, line_no: int) -> None:
        self._close_group()
        gid = _unique(slug(title), self.group_ids)
        self.group = {"id": gid, "title": title, "line": line_no, "points": [], "terms": [], "ids": set()}

    def _close_point(self) -> None:
        p, g = self.point, self.group
        if p is None or g is None:
            self.point = None
            return
        pid = f"{g['id']}/" + _unique(p["symbol"] or "point", g["ids"])
        context = f"{CONTEXT}:{pid}"
        picture = f"picture '{p['symbol']}'" if p["symbol"] else "no picture"
        notes = [n for n in (self.note, f"Easy read, {picture}. One sentence a line, at most 15 words.") if n]
        note = "\n".join(notes)
        alt = Message(p["alt"][0], self.path, p["alt"][1], context,
                      "\n".join([*([self.note] if self.note else []),
                                 "Alt text: what the picture shows, for people who cannot see it."])) if p["alt"] else None
        sentences = tuple(Message(t, self.path, ln, context, note) for t, ln in p["sentences"])
        g["points"].append(Point(pid, p["line"], p["symbol"], alt, sentences, p["source"]))
        self.point, self.note = None, None

    def _close_group(self) -> None:
        self._close_point()
        g = self.group
        if g is None:
            return
        title = Message(g["title"], self.path, g["line"], f"{CONTEXT}:{g['id']}", "Easy read: a heading.")
        if g["terms"] and g["points"]:
            self.diags.error(self.path, g["points"][0].line,
                             "Words to know has only **word**: explanation lines, no pictures",
                             "easy-read.glossary-format")
        if g["terms"]:
            if self.glossary_title is not None:
                self.diags.error(self.path, g["line"], "easy read has one Words to know list", "easy-read.glossary-format")
            self.glossary_title = title
            ids: set[str] = set()
            for word, text, line_no in g["terms"]:
                context = f"{CONTEXT}:words/" + _unique(slug(word), ids)
                note = f"Easy read, Words to know: '{word}'."
                self.glossary.append(Term(context.split(":", 1)[1], Message(word, self.path, line_no, context, note),
                                          Message(text, self.path, line_no, context, note)))
        else:
            if self.glossary_title is not None:
                self.diags.error(self.path, g["line"], "Words to know comes last, after every point",
                                 "easy-read.glossary-format")
            self.groups.append(Group(g["id"], title, tuple(g["points"])))
        self.group = None

    def finish(self) -> tuple[list[Group], Message | None, list[Term]]:
        self._close_group()
        return self.groups, self.glossary_title, self.glossary


# --- check -------------------------------------------------------------------------------------

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


def check_leaflet(root: Path, leaflet, diags: Diagnostics) -> EasyRead | None:
    """Check the easy read ``load.load_leaflet`` attached to a leaflet (None if it has none)."""
    easy = leaflet.easy_read
    if easy is None:
        return None  # not a format of this leaflet, or load already reported why it is missing
    check(easy, load_library(root, diags), diags)
    return easy


def check_pages(easy: EasyRead, pages: int, output: str, diags: Diagnostics) -> None:
    if pages > MAX_PAGES:
        diags.error(easy.path, easy.title.line,
                    f"{output} has {pages} pages: easy read has at most {MAX_PAGES}; split it or shorten it",
                    "easy-read.pages")


# --- localise ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShownPoint:
    id: str
    symbol: str
    alt: Shown
    sentences: tuple[Shown, ...]


@dataclass(frozen=True)
class ShownGroup:
    id: str
    title: Shown
    points: tuple[ShownPoint, ...]


@dataclass(frozen=True)
class ShownTerm:
    word: Shown
    explanation: Shown


@dataclass(frozen=True)
class EasyReadDocument:
    """An easy read in one language, with the leaflet document it belongs to (metadata, contacts)."""

    easy: EasyRead
    document: Document
    title: Shown
    summary: Shown
    groups: tuple[ShownGroup, ...]
    glossary_title: Shown | None
    glossary: tuple[ShownTerm, ...]

    @property
    def lang(self) -> str:
        return self.document.lang

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def meta(self):
        return self.document.meta

    @property
    def reviewed(self) -> bool:
        return self.document.reviewed

    @property
    def other_formats_contact(self):
        return self.document.other_formats_contact

    @property
    def shown(self) -> list[Shown]:
        """Every text shown, in the order of ``EasyRead.messages()``."""
        out = [self.title, self.summary]
        for g in self.groups:
            out.append(g.title)
            for p in g.points:
                out.extend((p.alt, *p.sentences))
        if self.glossary_title:
            out.append(self.glossary_title)
        for t in self.glossary:
            out.extend((t.word, t.explanation))
        return out

    @property
    def has_fallback(self) -> bool:
        return any(s.fallback for s in self.shown)


def localize_easy_read(easy: EasyRead, document: Document, lookup: Lookup | None = None) -> EasyReadDocument:
    """The easy read in ``document.lang``; ``lookup`` as for ``document.localize`` (None: show English).

    Only points with a picture in the library can be shown; ``check`` reports the others and stops the build.
    """
    lang = document.lang

    def show(message: Message) -> Shown:
        if lang == SOURCE_LANGUAGE:
            return Shown(message.text, lang)
        text = lookup(message) if lookup else None
        return Shown(text, lang) if text is not None else Shown(message.text, SOURCE_LANGUAGE, fallback=True)

    groups = tuple(
        ShownGroup(g.id, show(g.title), tuple(
            ShownPoint(p.id, p.symbol, show(p.alt), tuple(show(s) for s in p.sentences))
            for p in g.points if p.symbol and p.alt
        ))
        for g in easy.groups
    )
    return EasyReadDocument(
        easy=easy,
        document=document,
        title=show(easy.title),
        summary=show(easy.summary),
        groups=groups,
        glossary_title=show(easy.glossary_title) if easy.glossary_title else None,
        glossary=tuple(ShownTerm(show(t.word), show(t.explanation)) for t in easy.glossary),
    )
