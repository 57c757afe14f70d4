"""Read a leaflet folder and validate it: metadata, section files, Markdown blocks.

Layout of a leaflet folder::

    content/<id>/leaflet.yml        metadata; ``sections:`` gives the reading order
    content/<id>/sections/<sid>.md  one file a section: YAML front matter + Markdown
    content/<id>/easy-read.md       the easy-read version (see ``easyread``)

Every problem is reported with file and line; nothing here raises on bad content.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from . import easyread, languages, markup, paths, pictures, yamlsource
from .diagnostics import Diagnostics
from .frontmatter import NOTE_RE, read_front_matter, rel
from .model import Block, Leaflet, LeafletMeta, Message, Section, SectionMeta

REVIEW_WARNING_DAYS = 90
HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
LIST_RE = re.compile(r"^(?P<marker>[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def load_all(root: Path, diags: Diagnostics, today: date | None = None) -> list[Leaflet]:
    """Every leaflet under ``root/content``, in id order."""
    leaflets = []
    for meta_file in sorted((root / "content").glob("*/leaflet.yml")):
        # A leaflet folder or leaflet.yml that is a link out of content/ is not read.
        if not paths.check(meta_file, meta_file.parent, root, diags, rel(meta_file, root), 1, rel(meta_file, root)):
            continue
        leaflet = load_leaflet(meta_file.parent, root, diags, today)
        if leaflet is not None:
            leaflets.append(leaflet)
    return leaflets


def load_leaflet(folder: Path, root: Path, diags: Diagnostics, today: date | None = None) -> Leaflet | None:
    meta_path = folder / "leaflet.yml"
    path = rel(meta_path, root)
    text = paths.read_text(meta_path, path, diags)
    parsed = None if text is None else yamlsource.parse(text, path, diags)
    if parsed is None:
        return None
    data, lines = parsed
    meta = yamlsource.validate(LeafletMeta, data, lines, path, diags)
    if meta is not None:
        line_map = {loc: line for loc, (line, _node) in lines.items()}
        check_meta(meta, line_map, path, folder, diags, today or date.today())
    # Sections are checked even when the metadata is not valid, so one run reports everything.
    order = meta.sections if meta else _listed_sections(data)
    sections = load_sections(folder, root, order, lines, path, diags)
    if meta is None:
        return None
    easy = None
    if "easy-read" in meta.formats:
        easy = easyread.load(folder, root, meta.id, diags)
    return Leaflet(meta, rel(folder, root), path, tuple(sections), line_map, easy_read=easy)


def _listed_sections(data) -> list[str]:
    listed = data.get("sections") if isinstance(data, dict) else None
    return [s for s in listed if isinstance(s, str)] if isinstance(listed, list) else []


def load_sections(folder: Path, root: Path, order: list[str], lines: dict, path: str,
                  diags: Diagnostics) -> list[Section]:
    sections = []
    for index, section_id in enumerate(order):
        section_file = folder / "sections" / f"{section_id}.md"
        line = yamlsource.line_of(lines, ("sections", index))
        if not paths.check(section_file, folder, root, diags, path, line, f"sections/{section_id}.md"):
            continue
        if not section_file.is_file():
            diags.error(path, line, f"section '{section_id}' has no file {rel(section_file, root)}", "section.missing")
            continue
        section = load_section(section_file, root, diags, folder)
        if section is not None:
            sections.append(section)
    for stray in sorted((folder / "sections").glob("*.md")):
        if stray.stem not in order:
            diags.error(rel(stray, root), 1,
                        f"section file is named in no order: add '{stray.stem}' to sections in {path}",
                        "section.unlisted")
    return sections


def check_meta(meta: LeafletMeta, lines: dict, path: str, folder: Path, diags: Diagnostics, today: date) -> None:
    def line(*loc):
        return yamlsource.nearest(lines, loc, 1)

    if meta.id != folder.name:
        diags.error(path, line("id"), f"id '{meta.id}' differs from the folder name '{folder.name}'", "meta.id")
    if meta.review < today:
        diags.error(path, line("review"), f"review date {meta.review} has passed", "review.overdue")
    elif meta.review - today <= timedelta(days=REVIEW_WARNING_DAYS):
        diags.warning(path, line("review"),
                      f"review date {meta.review} is within {REVIEW_WARNING_DAYS} days", "review.due-soon")
    if meta.published > meta.review:
        diags.error(path, line("published"), "publication date is after the review date", "meta.dates")
    for i, tag in enumerate(meta.languages):
        if not languages.known(tag):
            diags.error(path, line("languages", i), f"'{tag}' is not a language tag CLDR knows", "meta.language")
    for tag in meta.unreviewed:
        if tag not in meta.languages:
            diags.warning(path, line("unreviewed", tag), f"unreviewed: '{tag}' is not one of the leaflet's "
                          "languages: the decision applies to nothing", "meta.language")
    if meta.languages[0] != "en":
        diags.error(path, line("languages", 0), "the source language 'en' must come first", "meta.language")
    ids = [c.id for c in meta.contacts]
    for i, cid in enumerate(ids):
        if ids.index(cid) != i:
            diags.error(path, line("contacts", i, "id"), f"contact id '{cid}' is used twice", "meta.contact")
    if meta.other_formats_contact not in ids:
        diags.error(path, line("other_formats_contact"),
                    f"other_formats_contact '{meta.other_formats_contact}' names no contact", "meta.contact")
    for i, sid in enumerate(meta.sections):
        if meta.sections.index(sid) != i:
            diags.error(path, line("sections", i), f"section '{sid}' is listed twice", "section.duplicate")
    check_changes(meta, line, path, diags)


def check_changes(meta: LeafletMeta, line, path: str, diags: Diagnostics) -> None:
    """``changes:`` names each version once, in date order, and the current version is one of them."""
    if not meta.changes:
        return
    versions = [c.version for c in meta.changes]
    for i, change in enumerate(meta.changes):
        if versions.index(change.version) != i:
            diags.error(path, line("changes", i, "version"), f"version '{change.version}' is listed twice in changes",
                        "meta.changes")
        elif i and change.date < meta.changes[i - 1].date:
            diags.error(path, line("changes", i, "date"),
                        f"changes: version '{change.version}' ({change.date}) is dated before the one above it;"
                        " list the versions oldest first", "meta.changes")
    if meta.version not in versions:
        diags.error(path, line("version"),
                    f"version '{meta.version}' has no entry in changes: add its date, what changed and who approved it",
                    "meta.changes")


def load_section(file: Path, root: Path, diags: Diagnostics, folder: Path | None = None) -> Section | None:
    path = rel(file, root)
    text = paths.read_text(file, path, diags)
    if text is None:
        return None
    read = read_front_matter(text, path, SectionMeta, diags,
                             ("a section starts with front matter: ---, id, title, critical, ---",
                              "section.front-matter"))
    if read is None:
        return None
    meta, lines, body, body_line = read
    if meta.id != file.stem:
        diags.error(path, yamlsource.line_of(lines, ("id",)),
                    f"id '{meta.id}' differs from the file name '{file.stem}'", "section.id")
    title = Message(meta.title, path, yamlsource.line_of(lines, ("title",)), meta.id, note=f"Section: {meta.title}")
    blocks = split_blocks(body, path, body_line, meta.id, meta.title, diags)
    for block in blocks:
        for message in block.messages:
            markup.check_message(message, diags)
            pictures.check_message(message, folder or file.parent.parent, root, diags)
    return Section(meta.id, title, meta.critical, path, tuple(blocks))


def split_blocks(body: str, path: str, first_line: int, context: str, title: str, diags: Diagnostics) -> list[Block]:
    """Blocks of a section body: headings, paragraphs, lists (one message an item), tables (one a cell).

    An HTML comment ``<!-- translators: ... -->`` before a block is a note for translators.
    """
    blocks: list[Block] = []
    note: str | None = None
    lines = body.split("\n")
    i = 0
    previous_level = 2

    def message(text: str, line: int) -> Message:
        parts = [p for p in (note, f"Section: {title}") if p]
        return Message(text, path, line, context, "\n".join(parts))

    while i < len(lines):
        line_no = first_line + i
        raw = lines[i]
        stripped = raw.strip()
        if not stripped:
            i += 1
            continue
        note_match = NOTE_RE.match(stripped)
        if note_match:
            collected = [note_match["note"]]
            while not note_match["end"] and i + 1 < len(lines):
                i += 1
                tail = lines[i].strip()
                note_match = re.match(r"^(?P<note>.*?)\s*(?P<end>-->)?$", tail)
                collected.append(note_match["note"])
            note = " ".join(c for c in collected if c)
            i += 1
            continue
        heading = HEADING_RE.match(stripped)
        if heading:
            level = len(heading["hashes"])
            if level <= 2:
                diags.error(path, line_no, "headings inside a section start at ### (the section title is the h2)",
                            "markdown.heading-level")
            elif level > previous_level + 1:
                diags.error(path, line_no, f"heading level h{level} skips h{previous_level + 1}",
                            "markdown.heading-level")
            previous_level = level
            blocks.append(Block("heading", (message(heading["text"], line_no),), level=level))
            note = None
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].strip():
            i += 1
        chunk = lines[start:i]
        if LIST_RE.match(stripped):
            blocks.append(_list_block(chunk, first_line + start, message))
        elif stripped.startswith("|") and len(chunk) > 1 and TABLE_RULE_RE.match(chunk[1].strip()):
            blocks.append(_table_block(chunk, first_line + start, message))
        else:
            blocks.append(Block("paragraph", (message("\n".join(chunk).strip(), line_no),)))
        note = None
    return blocks


def _list_block(chunk: list[str], first: int, message) -> Block:
    items: list[tuple[str, int]] = []
    ordered = LIST_RE.match(chunk[0].strip())["marker"][0].isdigit()
    for offset, raw in enumerate(chunk):
        match = LIST_RE.match(raw.strip()) if not raw.startswith((" ", "\t")) else None
        if match:
            items.append((match["text"], first + offset))
        else:
            text, line = items[-1]
            items[-1] = (text + "\n" + raw.strip(), line)
    return Block("ol" if ordered else "ul", tuple(message(t, ln) for t, ln in items))


def _cells(row: str) -> list[str]:
    row = row.strip().strip("|")
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", row)]


def _table_block(chunk: list[str], first: int, message) -> Block:
    header = _cells(chunk[0])
    messages = [message(c, first) for c in header]
    for offset, row in enumerate(chunk[2:], start=2):
        cells = _cells(row)
        cells = (cells + [""] * len(header))[: len(header)]
        messages.extend(message(c, first + offset) for c in cells)
    return Block("table", tuple(messages), columns=len(header))
