"""Hashes of content, and of the code and tools that shape output: the base of every cache key.

A module of its own (below ``fingerprint``, ``pofile``, ``safety`` and ``readability``, which all
key their caches with it), so that none of them imports another for a hash.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import louis
from .paths import inside

TOOLS = ("weasyprint", "pydyf", "fonttools", "jinja2", "markdown", "nh3", "babel", "mkdocs", "mkdocs-material",
         "pymdown-extensions", "pydantic", "pyyaml", "segno")
PACKAGE = Path(__file__).resolve().parent


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def tree(root: Path, *paths: Path) -> str:
    """The hash of every file under ``paths`` (names relative to ``root``, and contents)."""
    parts: list[str | bytes] = []
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for file in files:
            if "__pycache__" in file.parts:
                continue
            name = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
            if file.is_symlink() and not inside(file, path if path.is_dir() else path.parent, root):
                parts += [name, "link to " + os.readlink(file)]  # never read: check refuses it where it is used
                continue
            parts += [name, file.read_bytes()]
    return digest(*parts)


@lru_cache(maxsize=1)
def tools() -> str:
    """This package's code and the versions of the libraries that shape output."""
    versions = []
    for name in TOOLS:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=absent")
    try:  # braille: liblouis is a system library, with its tables
        versions.append(f"liblouis={louis.version()}")
    except louis.LouisError:
        versions.append("liblouis=absent")
    return digest(tree(PACKAGE.parent, PACKAGE), *versions)
