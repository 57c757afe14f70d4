"""The one rule for every file the build reads: it stays inside the project's own folder for its kind.

Authors and translators are not fully trusted. A name they write (a ``sections:``
entry, a picture in Markdown) or a file they add (a symbolic link in ``content/``
or ``locales/``) must, after following every symbolic link, resolve inside the
folder that kind of file lives in: ``content/<leaflet>/`` for sections, easy read
and pictures, ``locales/`` for catalogues, ``symbols/``, ``templates/``, ``fonts/``
and the project folder itself for ``pyproject.toml`` and ``mkdocs.yml``. A link
that stays inside is fine; one that points out, an absolute name or ``..`` that
leaves the folder is refused *before anything is read*, with the file and line
that named it (``[path.outside-project]``). Where a link points and what the file
holds never reach a message or an output: messages show only the name as written in
the project.

:func:`read_text` is how loaders read a text file they were allowed to: bytes that
are not UTF-8, a folder in place of a file or an unreadable file become an error
at the file (and line) instead of a traceback.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .diagnostics import Diagnostics

OUTSIDE = "path.outside-project"
# Text inputs (sections, easy read, metadata, catalogues) larger than this are refused unread.
MAX_TEXT_BYTES = 2_000_000


class OutsideProject(ValueError):
    """A file the project would write is a link out of its folder (``i18n`` refuses to write it)."""


def inside(path: Path, folder: Path, root: Path) -> bool:
    """True when ``path``, after following symbolic links, is inside ``folder`` (or is it), and
    ``folder``, after following links, is inside the project ``root``.

    ``folder`` is given as the project names it (``<root>/locales``); a link from one folder
    of the project to another is fine, a link to anywhere else refuses everything in it.
    """
    try:
        real_root = Path(os.path.realpath(root))
        real_folder = Path(os.path.realpath(folder))
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):  # a link loop, a NUL byte in a name
        return False
    return real_folder.is_relative_to(real_root) and real.is_relative_to(real_folder)


def check(path: Path, folder: Path, root: Path, diags: Diagnostics, where: str, line: int, what: str) -> bool:
    """:func:`inside`, or an error at ``where:line`` saying that ``what`` (the name as written
    in the project) leaves ``folder``; True when the file may be read."""
    if inside(path, folder, root):
        return True
    diags.error(where, line, f"{_quoted(what)} is outside the project's folder for it "
                f"({project_rel(folder, root)}/): it is not read", OUTSIDE)
    return False


def _quoted(name: str) -> str:
    return repr(name[:120])


def project_rel(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` without following links (a link's own name, never its target)."""
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def read_text(path: Path, rel: str, diags: Diagnostics, line: int = 1) -> str | None:
    """The UTF-8 text of a file already allowed by :func:`check`, or None after an error at ``rel``."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder, a pipe or a device: never opened
            diags.error(rel, line, "not a regular file", "file.unreadable")
            return None
        size = info.st_size
        if size > MAX_TEXT_BYTES:
            diags.error(rel, line, f"file is {size:,} bytes; at most {MAX_TEXT_BYTES:,} are read", "file.too-large")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.error(rel, line, f"cannot be read: {exc.strerror or type(exc).__name__}", "file.unreadable")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = data[: exc.start].count(b"\n") + 1
        diags.error(rel, at, "file is not valid UTF-8: save it as UTF-8", "file.encoding")
        return None
    if "\x00" in text:
        diags.error(rel, text[: text.index("\x00")].count("\n") + 1, "file holds a NUL character", "file.encoding")
        return None
    return text.removeprefix("\ufeff")


# Folders and files of the project the build reads as a whole (templates, stylesheets,
# fonts, the website's settings). Content, catalogues and symbols are checked where
# they are named (load, pofile, symbols), at the line that names them.
FIXED_FOLDERS = ("templates", "fonts")
FIXED_FILES = ("mkdocs.yml",)


def check_fixed(root: Path, diags: Diagnostics) -> bool:
    """Every link in the project's fixed folders and files stays inside its folder; True when so."""
    root = Path(root)
    before = len(diags.errors)
    for name in FIXED_FILES:
        file = root / name
        if os.path.lexists(file):
            check(file, root, root, diags, name, 1, name)
    for name in FIXED_FOLDERS:
        folder = root / name
        if not os.path.lexists(folder):
            continue
        if not check(folder, folder, root, diags, name, 1, f"{name}/"):
            continue
        for here, dirs, files in os.walk(folder):  # links to folders are listed, not followed
            for entry in sorted(dirs + files):
                path = Path(here, entry)
                if path.is_symlink():
                    check(path, folder, root, diags, project_rel(path, root), 1, project_rel(path, root))
    return len(diags.errors) == before


def project_file(root: Path, filename: str | None) -> str | None:
    """A file's name in the project ("templates/website/theme/partials/languages/da.html"), if the
    file (a template an error names, say) is one of the project's; else None."""
    if not filename:
        return None
    try:
        return Path(filename).resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError):
        return None


REPORT_SUFFIX = "-report"  # site/ -> site-report/


def default_report_folder(site: Path) -> Path:
    """Where the dashboard goes when no ``--report`` is given: beside the site, never inside it."""
    site = Path(site).resolve()
    return site.with_name(site.name + REPORT_SUFFIX)
