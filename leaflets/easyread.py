"""Easy read: the authoring format and its messages for translation.

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

The parsed model (``EasyRead``, ``Group``, ``Point``, ``Term``) is in ``model``; the checks of
the Easy read standard are in ``check_easy_read``; the easy read in one language
(``EasyReadDocument``) is in ``document``.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import paths, yamlsource
from .diagnostics import Diagnostics
from .frontmatter import NOTE_RE, read_front_matter, rel
from .model import EasyRead, EasyReadMeta, Group, Message, Point, Term

FILE_NAME = "easy-read.md"
CONTEXT = "easy-read"

PICTURE_RE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)\)\s*$")
SYMBOL_RE = re.compile(r"^symbol:(?P<name>[a-z0-9][a-z0-9-]*)$")
TERM_RE = re.compile(r"^\*\*(?P<word>[^*]+?)\*\*\s*:\s*(?P<text>.+)$")
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")


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
