"""The project's symbol library: the pictures easy-read points name (``symbols/symbols.yml``).

Each symbol is an SVG file in ``symbols/`` with a readable name, a default alt
text and where it comes from: its OpenMoji hexcode and name, or, for a picture
drawn for the project in OpenMoji's style, what it shows, its author and its
licence. A point names a picture as ``symbol:<name>``; a name the library does
not hold is an error, never a missing picture.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from typing import Literal

from pydantic import Field, model_validator

from . import paths, pictures, yamlsource
from .diagnostics import Diagnostics
from .model import StrictModel

LIBRARY_FOLDER = "symbols"
LIBRARY_FILE = "symbols/symbols.yml"
NAME_RE = r"^[a-z0-9][a-z0-9-]*$"
MAX_POINTS_PER_PICTURE = 3  # more, and a picture no longer shows what each of its points says


class SymbolEntry(StrictModel):
    file: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*\.svg$")
    alt: str = Field(min_length=1)
    openmoji: str | None = Field(None, pattern=r"^[0-9A-F]+(-[0-9A-F]+)*$")  # from OpenMoji: its hexcode
    openmoji_name: str | None = None
    shows: str | None = Field(None, min_length=1)  # drawn for the project: what the picture shows
    author: str = Field(min_length=1)
    licence: Literal["CC BY-SA 4.0"] = "CC BY-SA 4.0"  # the licence the easy read credits
    changed: str | None = None

    @model_validator(mode="after")
    def _origin(self) -> "SymbolEntry":
        if self.openmoji is None and self.shows is None:
            raise ValueError("say where the picture comes from: openmoji and openmoji_name (an OpenMoji "
                             "picture), or shows (a picture drawn for the project)")
        if (self.openmoji is None) != (self.openmoji_name is None):
            raise ValueError("an OpenMoji picture has both openmoji (its hexcode) and openmoji_name")
        return self


class LibraryFile(StrictModel):
    symbols: dict[str, SymbolEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Symbol:
    name: str
    path: Path
    alt: str  # default alt text; each point writes its own
    openmoji: str | None  # hexcode in the OpenMoji set; None for a picture drawn for the project
    shows: str | None = None  # what a picture drawn for the project shows


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
        symbols[name] = Symbol(name, path, entry.alt, entry.openmoji, entry.shows)
    return Library(root / LIBRARY_FOLDER, symbols) if ok else None


def check_reuse(path: str, uses: list[tuple[str, int]], diags: Diagnostics) -> None:
    """``uses``: (picture name, line) of each point of one leaflet, in order. One picture for more
    than ``MAX_POINTS_PER_PICTURE`` points cannot show what each says: warn at the first one too many."""
    lines: dict[str, list[int]] = {}
    for name, line in uses:
        lines.setdefault(name, []).append(line)
    for name, at in lines.items():
        if len(at) > MAX_POINTS_PER_PICTURE:
            diags.warning(path, at[MAX_POINTS_PER_PICTURE],
                          f"picture '{name}' stands for {len(at)} points (lines {', '.join(map(str, at))}): "
                          f"use it for at most {MAX_POINTS_PER_PICTURE} and give the others a picture of what "
                          "they say", "easy-read.picture-reused")
