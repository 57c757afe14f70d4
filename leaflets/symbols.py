"""The project's symbol library: the pictures easy-read points name (``symbols/symbols.yml``).

Each symbol is an SVG file in ``symbols/`` with a readable name, a default alt
text and its OpenMoji hexcode. A point names a picture as ``symbol:<name>``;
a name the library does not hold is an error, never a missing picture.
"""
from __future__ import annotations

import base64
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from . import paths, pictures, yamlsource
from .diagnostics import Diagnostics
from .model import StrictModel

LIBRARY_FOLDER = "symbols"
LIBRARY_FILE = "symbols/symbols.yml"
NAME_RE = r"^[a-z0-9][a-z0-9-]*$"


class SymbolEntry(StrictModel):
    file: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*\.svg$")
    alt: str = Field(min_length=1)
    openmoji: str = Field(pattern=r"^[0-9A-F]+(-[0-9A-F]+)*$")
    openmoji_name: str
    author: str
    changed: str | None = None


class LibraryFile(StrictModel):
    symbols: dict[str, SymbolEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Symbol:
    name: str
    path: Path
    alt: str  # default alt text; each point writes its own
    openmoji: str  # hexcode in the OpenMoji set


@dataclass(frozen=True)
class Library:
    folder: Path
    symbols: dict[str, Symbol]

    def __contains__(self, name: str) -> bool:
        return name in self.symbols

    def close_matches(self, name: str) -> list[str]:
        return difflib.get_close_matches(name, list(self.symbols), n=3, cutoff=0.6)

    def svg(self, name: str) -> bytes:
        return self.symbols[name].path.read_bytes()

    def data_uri(self, name: str) -> str:
        """The picture as a ``data:`` URI, for a page or PDF that fetches nothing."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg(name)).decode("ascii")


def load_library(root: Path, diags: Diagnostics) -> Library | None:
    """The library under ``root/symbols``; every problem is reported with its line."""
    file = root / LIBRARY_FILE
    if not file.is_file():
        diags.error(LIBRARY_FILE, 1, "the symbol library is missing: easy read needs symbols/symbols.yml",
                    "symbols.missing")
        return None
    if not paths.check(file, root / LIBRARY_FOLDER, root, diags, LIBRARY_FILE, 1, LIBRARY_FILE):
        return None
    text = paths.read_text(file, LIBRARY_FILE, diags)
    parsed = None if text is None else yamlsource.parse(text, LIBRARY_FILE, diags)
    if parsed is None:
        return None
    data, lines = parsed
    model = yamlsource.validate(LibraryFile, data, lines, LIBRARY_FILE, diags)
    if model is None:
        return None
    symbols = {}
    ok = True
    for name, entry in model.symbols.items():
        line = yamlsource.line_of(lines, ("symbols", name))
        if not re.match(NAME_RE, name):
            diags.error(LIBRARY_FILE, line, f"symbol name '{name}': use lower-case letters, digits and -",
                        "symbols.name")
            ok = False
        path = root / LIBRARY_FOLDER / entry.file
        file_line = yamlsource.line_of(lines, ("symbols", name, "file"))
        if not paths.check(path, root / LIBRARY_FOLDER, root, diags, LIBRARY_FILE, file_line,
                           f"{LIBRARY_FOLDER}/{entry.file}"):
            ok = False
        elif not path.is_file():
            diags.error(LIBRARY_FILE, file_line,
                        f"symbol '{name}': file {LIBRARY_FOLDER}/{entry.file} does not exist", "symbols.file")
            ok = False
        else:
            for problem in pictures.problems(path, pictures.limits(root)):
                diags.error(LIBRARY_FILE, file_line, f"symbol '{name}': {LIBRARY_FOLDER}/{entry.file}: {problem.reason}",
                            problem.code)
                ok = False
        symbols[name] = Symbol(name, path, entry.alt, entry.openmoji)
    return Library(root / LIBRARY_FOLDER, symbols) if ok else None
