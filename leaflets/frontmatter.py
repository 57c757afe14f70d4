"""Front matter and translator notes: the conventions every Markdown source file shares.

A section file and ``easy-read.md`` start with YAML front matter between ``---`` lines;
a ``<!-- translators: ... -->`` comment before a block or point is a note for translators.
Paths in diagnostics are relative to the project root (:func:`rel`).
"""
from __future__ import annotations

import re
from pathlib import Path

from . import paths, yamlsource
from .diagnostics import Diagnostics

NOTE_RE = re.compile(r"^<!--\s*translators?:\s*(?P<note>.*?)\s*(?P<end>-->)?\s*$", re.I)


def rel(path: Path, root: Path) -> str:
    """The project's own name of ``path`` (never the target of a link)."""
    return paths.project_rel(path, root)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, line number of the body's first line), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None


def read_front_matter(text: str, path: str, model, diags: Diagnostics, missing: tuple[str, str]):
    """(validated front matter, its lines, body, line of the body's first line), or None after
    reporting why; ``missing`` is the (message, code) when there is no front matter."""
    parts = split_front_matter(text)
    if parts is None:
        diags.error(path, 1, *missing)
        return None
    front, body, body_line = parts
    parsed = yamlsource.parse(front, path, diags, first_line=2)
    if parsed is None:
        return None
    data, lines = parsed
    meta = yamlsource.validate(model, data, lines, path, diags)
    return None if meta is None else (meta, lines, body, body_line)
