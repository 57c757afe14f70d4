"""Shared helpers for the tests of check, report and new (the project copy is support.copy_project)."""
from __future__ import annotations

import re
from pathlib import Path

from leaflets.project import Project

ROOT = Path(__file__).resolve().parent.parent


def project(root: Path) -> Project:
    return Project.at(root)


def write_section(root: Path, leaflet: str, section: str, body: str, *, critical: bool = False,
                  title: str = "A section") -> Path:
    """Write content/<leaflet>/sections/<section>.md (front matter on lines 1-5, body from line 6)
    and list it in leaflet.yml if it is not there yet."""
    path = root / "content" / leaflet / "sections" / f"{section}.md"
    path.write_text(f"---\nid: {section}\ntitle: {title}\ncritical: {str(critical).lower()}\n---\n{body}",
                    encoding="utf-8")
    meta = root / "content" / leaflet / "leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    if not re.search(rf"^  - {re.escape(section)}$", text, re.M):
        meta.write_text(text.rstrip("\n") + f"\n  - {section}\n", encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
