"""Content hashes of everything an output depends on, for incremental builds.

An output is rebuilt only when one of its inputs changed: its leaflet's files,
the catalogues of its language, the templates, stylesheets, fonts, symbols,
configuration, or the code and versions of the tools. Hashes are of content, not
of modification times, so a checkout or a copy does not force a rebuild.
"""
from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path

from .hashing import digest, tools, tree

@lru_cache(maxsize=1)
def system_fonts() -> str:
    """The font files fontconfig offers (paths and sizes): a new or updated font changes PDFs."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True,
                                 check=True).stdout
    except FileNotFoundError:
        return "no-fontconfig"
    files = sorted(set(listing.splitlines()))
    return digest(*(f"{f}:{Path(f).stat().st_size}" for f in files if Path(f).exists()))


def project_key(project) -> str:
    """What every output shares: tools, fonts, templates, stylesheets, symbols, configuration."""
    root = project.root
    return digest(
        tools(),
        system_fonts(),
        tree(root, project.templates, root / "symbols", root / "fonts", root / "mkdocs.yml"),
        project.settings.model_dump_json(),
        project.logo_uri or "",
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    )


def unit_key(project, base: str, leaflet_id: str, leaflet_hash: str, lang: str, languages: list[str],
             catalogues: list[Path], memo=None) -> str:
    """One leaflet in one language: its files, the catalogues it is shown from (by content:
    :func:`catalogue`), the languages it links to. ``memo``: a :class:`~leaflets.write.Memo`."""
    shown = [f"{path.relative_to(project.root).as_posix()}={catalogue(path, memo)}" for path in catalogues]
    return digest(base, "unit", leaflet_id, lang, leaflet_hash, *shown, ",".join(languages))


def catalogue(path: Path, memo=None) -> str:
    """The hash of what a catalogue says, not of how it is laid out: its headers and, for
    every entry (obsolete ones too), context, msgid, plural, translations, flags, comments
    and previous msgid, but not its line wrapping, the order of its entries or its source
    references (``#:``). So ``msgcat --width=40`` of a catalogue changes nothing. A file
    that does not parse is hashed by its bytes (the check has reported it). ``memo`` keeps
    the result by the hash of the bytes, so an unchanged catalogue is not parsed again."""
    from .diagnostics import Diagnostics
    from .pofile import read

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "absent"
    raw = digest("po-bytes", data)
    known = memo.get(raw) if memo is not None else None
    if known is not None:
        return known
    parsed = read(path, path.name, Diagnostics())
    if parsed is None:
        value = raw
    else:
        def entry(message) -> str:
            return repr((message.context, message.id, message.string, sorted(message.flags),
                         message.previous_id, message.auto_comments, message.user_comments))
        messages = list(parsed) + list(parsed.obsolete.values())
        value = digest("po-content", repr(parsed.mime_headers), *sorted(entry(m) for m in messages))
    if memo is not None:
        memo.set(raw, value)
    return value


def site_key(base: str, lang: str, published: dict[str, list[str]], units: list[str]) -> str:
    """One language's website: its leaflets' units, and where every leaflet is published (the switcher)."""
    where = ";".join(f"{leaflet}={','.join(langs)}" for leaflet, langs in sorted(published.items()))
    return digest(base, "site", lang, where, *sorted(units))
