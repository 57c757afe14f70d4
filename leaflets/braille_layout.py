"""Braille pages for reading by touch (UKAAF braille formatting guidance), and their checks.

A document arrives as :class:`Para` items: a text, the liblouis table it is written in, and how
it is set (indents, centring, blank lines). liblouis translates each one; this module breaks it
into lines of at most :data:`WIDTH` cells, only at blank cells outside the runs that must stay
on one line (phone numbers, times, numbers, web and email addresses), and the lines into pages
of :data:`LINES` lines:

- the braille page number at the right-hand end of the first line of every page, the first
  line kept for it; the text on lines 2 to 25;
- blank lines never at the top of a page, a heading never the last thing on a page;
- runover lines at the indent of their paragraph (hanging indents for list items).

The result is Unicode braille (one page a list of lines); :func:`brf` writes it as Braille Ready
Format: North American braille ASCII, lines ended by CR LF, pages separated by a form feed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import louis

WIDTH = 40  # cells a line
LINES = 25  # lines a page, the page-number line included
BLANK = "\u2800"
BRF_CHARS = frozenset(chr(c) for c in range(0x20, 0x60))  # ASCII braille: space to underscore
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)\]'\"]|[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}")
SPLIT_AFTER = "/.-@?&=_"  # where a web address longer than a line may be divided (no hyphen added)


@dataclass(frozen=True)
class Para:
    text: str
    table: str
    first: int = 0  # indent of the first line, in cells
    rest: int = 0  # indent of the runover lines
    centred: bool = False
    before: int = 1  # blank lines before it (at the top of a page: none)
    heading: bool = False  # kept with the first line of what follows
    new_page: bool = False
    # (start, end, table): runs of text in another script written with their own table (Latin
    # words, addresses, in an Arabic paragraph: with the English one, never with the Arabic one)
    segments: tuple[tuple[int, int, str], ...] = ()


@dataclass
class Layout:
    pages: list[list[str]]  # Unicode braille, page number line first
    # para, its (page, line)s, the table of each of its braille cells
    placed: list[tuple[Para, list[tuple[int, int]], list[str]]] = field(default_factory=list)
    long_words: list[tuple[Para, str]] = field(default_factory=list)  # runs longer than a line, divided
    divided: dict[int, set[int]] = field(default_factory=dict)  # id(para) -> its lines that go on a word
    share: float = 0.0  # of the document's words read back in order (set by the check)


def unbreakable(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that stay on one line: phone numbers, times, numbers, addresses."""
    from . import phones
    found = [(s.start, s.end) for s in phones.spans(text)]
    return sorted(found + [m.span() for m in URL_RE.finditer(text)])


def addresses(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL_RE.finditer(text)]


def translate(para: Para) -> tuple[str, list[int], list[str]]:
    """The paragraph in braille: cells, the source index of each, the table of each."""
    cells, positions, tables = "", [], []
    cuts = sorted(para.segments)
    runs, at = [], 0
    for start, end, table in cuts:
        runs += [(at, start, para.table), (start, end, table)]
        at = end
    runs.append((at, len(para.text), para.table))
    for start, end, table in runs:
        if start >= end:
            continue
        piece = para.text[start:end]
        c, p = louis.translate(table, piece, uncontracted=addresses(piece))
        cells += c
        positions += [start + i for i in p]
        tables += [table] * len(c)
    return cells, positions, tables


def words(para: Para) -> list[tuple[str, list[int]]]:
    """The paragraph in braille as words: (cells, source index of each cell), split at blank
    cells that do not fall inside an unbreakable span."""
    cells, positions, _tables = translate(para)
    keep = unbreakable(para.text)
    out, cur, cur_pos = [], [], []
    for cell, pos in zip(cells, positions):
        if cell == BLANK and not any(start < pos < end for start, end in keep):
            if cur:
                out.append(("".join(cur), cur_pos))
            cur, cur_pos = [], []
        else:
            cur.append(cell)
            cur_pos.append(pos)
    if cur:
        out.append(("".join(cur), cur_pos))
    return out


def _divide(word: str, positions: list[int], text: str, room: int) -> int:
    """Where to divide a run of cells longer than the line: after the last ``/ . - @`` that fits."""
    for i in range(min(room, len(word)) - 1, 0, -1):
        if text[positions[i - 1]] in SPLIT_AFTER and positions[i] != positions[i - 1]:
            return i
    return room


def lines(para: Para, layout: Layout | None = None) -> list[str]:
    """The paragraph broken into lines of at most WIDTH cells, indents and centring included."""
    out: list[str] = []
    line: list[str] = []
    indent = para.first

    def room() -> int:
        return WIDTH - indent

    def flush():
        nonlocal line, indent
        text = BLANK.join(line)
        pad = (WIDTH - len(text)) // 2 if para.centred else indent
        out.append(BLANK * pad + text)
        line, indent = [], para.rest

    for word, positions in words(para):
        if line and len(BLANK.join(line)) + 1 + len(word) > room():
            flush()
        while not line and len(word) > room():
            if layout is not None:
                layout.long_words.append((para, word))
            cut = _divide(word, positions, para.text, room())
            line = [word[:cut]]
            flush()
            if layout is not None:
                layout.divided.setdefault(id(para), set()).add(len(out))
            word, positions = word[cut:], positions[cut:]
        line.append(word)
    if line:
        flush()
    return out


def page_number(table: str, n: int) -> str:
    cells, _positions = louis.translate(table, str(n))
    return BLANK * (WIDTH - len(cells)) + cells


def paginate(paras: list[Para], number_table: str) -> Layout:
    """The paragraphs on pages of LINES lines, a page number at the end of the first line of each."""
    layout = Layout(pages=[])
    body: list[str] = []
    text_lines = LINES - 1

    def new_page():
        nonlocal body
        while body and not body[-1].strip(BLANK):
            body.pop()
        layout.pages.append(body)
        body = []

    pending: list[tuple[Para, list[str]]] = []  # headings waiting for the next paragraph's first line
    for para in paras:
        para_lines = lines(para, layout)
        if para.heading:
            pending.append((para, para_lines))
            continue
        group = pending + [(para, para_lines)]
        pending = []
        if para.new_page or group[0][0].new_page:
            if body:
                new_page()
        # headings and the first line (two, if it has more) of the paragraph after them together
        need = sum(p.before * bool(body) + len(ls) for p, ls in group[:-1]) + min(len(para_lines), 2)
        if body and len(body) + group[-1][0].before + need > text_lines and need <= text_lines:
            new_page()
        for p, ls in group:
            spots = []
            if body:
                body.extend([""] * min(p.before, text_lines - len(body)))
            for text_line in ls:
                if len(body) >= text_lines:
                    new_page()
                spots.append((len(layout.pages), len(body) + 1))
                body.append(text_line)
            layout.placed.append((p, spots, translate(p)[2]))
    for p, ls in pending:
        for text_line in ls:
            if len(body) >= text_lines:
                new_page()
            body.append(text_line)
    if body:
        new_page()
    layout.pages = [[page_number(number_table, i + 1)] + [l.rstrip(BLANK) for l in page]
                    for i, page in enumerate(layout.pages)]
    return layout


def brf(pages: list[list[str]]) -> str:
    """Braille Ready Format: ASCII braille, CR LF after each line, a form feed between pages."""
    return "\f".join("".join(louis.to_brf(line) + "\r\n" for line in page) for page in pages)


def read_brf(text: str) -> list[list[str]]:
    """A BRF file's pages and lines, as Unicode braille (the inverse of :func:`brf`)."""
    back = {v: k for k, v in louis._brf_map().items()}
    pages = text.split("\f")
    return [["".join(back.get(c, c) for c in line) for line in page.split("\r\n")[:-1]] for page in pages]


def layout_problems(text: str, number_table: str) -> list[str]:
    """What is wrong with a BRF file's characters, line lengths, page lengths and page numbers."""
    problems = []
    bad = sorted({c for c in text if c not in BRF_CHARS and c not in "\r\n\f"})
    if bad:
        problems.append("characters that are not BRF (ASCII braille): " + ", ".join(f"U+{ord(c):04X}" for c in bad))
    if text.replace("\r\n", "").replace("\f", "").count("\r") or text.replace("\r\n", "").count("\n"):
        problems.append("a line ends without CR LF")
    for n, page in enumerate(read_brf(text), 1):
        if len(page) > LINES:
            problems.append(f"page {n} has {len(page)} lines (at most {LINES})")
        for i, line in enumerate(page, 1):
            if len(line) > WIDTH:
                problems.append(f"page {n} line {i} has {len(line)} cells (at most {WIDTH})")
        if not page or page[0] != page_number(number_table, n).rstrip(BLANK):
            problems.append(f"page {n} does not start with its braille page number")
    return problems
