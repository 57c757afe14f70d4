"""liblouis, the braille translator, through its C library (``liblouis20``, installed with
``liblouis-bin`` by scripts/setup.sh). Debian's ``python3-louis`` lives outside the virtual
environment, and its release lacks ``lou_findTable``, so this module calls the same C
functions it does, with ctypes.

- :func:`find_table`: the literary table of a language, chosen by liblouis from the tables'
  own metadata (``#+language:``, ``#+type:literary``, ``#+contraction:``); a table whose
  language is not the one asked for is never taken.
- :func:`translate`: text -> Unicode braille cells, with each cell's position in the text.
- :func:`back_translate`: Unicode braille -> text, with the same table.
- :func:`undefined`: the characters of a text a table has no braille for.
- :func:`to_brf`: Unicode braille -> ASCII braille (BRF), by liblouis' ``en-us-brf.dis``.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
from pathlib import Path

LOG_OFF = 60000  # LOU_LOG_OFF
DOTS = 0x8000  # LOU_DOTS: a widechar holding a dot pattern
DOTS_IO = 4  # mode dotsIO: braille in and out as dot patterns
UNICODE_BRAILLE = 0x2800
BRF_DISPLAY = "en-us-brf.dis"  # North American braille ASCII, the character set of BRF
NO_CONTRACT = 0x1000  # typeform no_contract
# Added to every table: an undefined character becomes one cell of dots 7-8, which six-dot
# braille never has, instead of liblouis' escape ('\\x2603'), so it can be found and named.
UNDEFINED_TABLE = Path(__file__).with_name("louis-undefined.uti")
UNDEFINED_CELL = chr(0x2800 | 0xC0)


def _tables(table: str) -> bytes:
    return f"{table},{UNDEFINED_TABLE}".encode()


class LouisError(RuntimeError):
    """liblouis is missing, or refused a table or a text."""


@functools.cache
def _lib():
    name = ctypes.util.find_library("louis") or "liblouis.so.20"
    try:
        lib = ctypes.CDLL(name)
    except OSError as error:
        raise LouisError(f"liblouis is not installed ({error}): run scripts/setup.sh") from error
    lib.lou_setLogLevel(LOG_OFF)
    lib.lou_findTable.restype = ctypes.c_char_p
    lib.lou_findTable.argtypes = [ctypes.c_char_p]
    lib.lou_getTableInfo.restype = ctypes.c_char_p
    lib.lou_getTableInfo.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    lib.lou_getTable.restype = ctypes.c_void_p
    lib.lou_getTable.argtypes = [ctypes.c_char_p]
    lib.lou_version.restype = ctypes.c_char_p
    return lib


def version() -> str:
    return _lib().lou_version().decode()


def _wide() -> tuple[type, str]:
    size = _lib().lou_charSize()
    return (ctypes.c_uint16, "utf-16-le") if size == 2 else (ctypes.c_uint32, "utf-32-le")


def _buffer(text: str):
    ctype, codec = _wide()
    data = text.encode(codec)
    n = len(data) // ctypes.sizeof(ctype)
    return (ctype * max(n, 1)).from_buffer_copy(data or b"\0" * ctypes.sizeof(ctype)), n


def info(table: str, key: str) -> str | None:
    value = _lib().lou_getTableInfo(table.encode(), key.encode())
    return value.decode() if value else None


def _query(query: str, language: str) -> tuple[str, str] | None:
    """(table, its contraction) that liblouis finds best for ``query``, if it is a literary
    table of ``language`` by its own metadata (liblouis' best match may be another language's)."""
    found = _lib().lou_findTable(query.encode())
    if not found:
        return None
    table = found.decode()
    if (info(table, "language") or "").lower() != language.lower() or info(table, "type") != "literary":
        return None
    if info(table, "dots") == "8":  # BRF is six-dot braille
        return None
    return table, info(table, "contraction") or "no"


@functools.cache
def find_table(lang: str, contracted: bool = True) -> str | None:
    """The liblouis literary table of ``lang`` (a BCP 47 tag), or None. ``contracted``: the
    contracted table where the language has one (else its uncontracted one), and the other way
    round. Six-dot tables only (BRF has no dots 7 and 8). Tables of the Unified English Braille
    system come first (UK practice for English).
    Only a table whose ``#+language:`` is the language, or its base language (``pt`` for
    ``pt-BR``), is taken: never another language's table."""
    parts = lang.replace("_", "-").split("-")
    order = ("full", "partial", "no") if contracted else ("no", "partial", "full")
    for n in range(len(parts), 0, -1):
        language = "-".join(parts[:n])
        found = {}
        for system in (" system:ueb", ""):
            for dots in (" dots:6", ""):  # liblouis' best match for a query may leave a key out
                for contraction in order:
                    hit = _query(f"language:{language} type:literary contraction:{contraction}{dots}{system}",
                                 language)
                    if hit and hit[1] == contraction:
                        found.setdefault(contraction, hit[0])
            if found:
                return found[next(c for c in order if c in found)]
        for dots in (" dots:6", ""):
            hit = _query(f"language:{language} type:literary{dots}", language)
            if hit:
                return hit[0]
    return None


def _cells(out, n: int) -> str:
    return "".join(chr(UNICODE_BRAILLE + (out[i] & 0xFF)) if out[i] & DOTS or out[i] == 0 else chr(out[i])
                   for i in range(n))


def translate(table: str, text: str, uncontracted: list[tuple[int, int]] = ()) -> tuple[str, list[int]]:
    """``text`` in braille (Unicode braille patterns, U+2800 a blank cell) and, for each cell,
    the index in ``text`` of the character it comes from. ``uncontracted``: (start, end) spans
    of ``text`` written without contractions (web and email addresses). A character the table
    has no braille for becomes :data:`UNDEFINED_CELL`."""
    cells, positions = _translate(table, text, tuple((start, end) for start, end in uncontracted))
    return cells, list(positions)


# A table is liblouis' own or this package's, so the same text always gives the same braille:
# each passage is translated once a process (the check, the proof page and the BRF ask for the
# same passages; `serve` checks and builds again and again).
@functools.lru_cache(maxsize=1 << 16)
def _translate(table: str, text: str, uncontracted: tuple[tuple[int, int], ...]) -> tuple[str, tuple[int, ...]]:
    inbuf, inlen = _buffer(text)
    ctype, _codec = _wide()
    size = max(64, inlen * 8)
    typeform = (ctypes.c_uint16 * size)()  # liblouis writes it back at the output's length
    for start, end in uncontracted:
        for i in range(start, min(end, inlen)):
            typeform[i] = NO_CONTRACT
    out = (ctype * size)()
    positions = (ctypes.c_int * size)()
    n_in, n_out = ctypes.c_int(inlen), ctypes.c_int(size)
    ok = _lib().lou_translate(_tables(table), inbuf, ctypes.byref(n_in), out, ctypes.byref(n_out),
                              typeform, None, None, positions, None, DOTS_IO)
    if not ok:
        raise LouisError(f"liblouis could not translate with {table}")
    cells = _cells(out, n_out.value)
    return cells, tuple(positions[i] for i in range(n_out.value))


@functools.lru_cache(maxsize=1 << 16)
def back_translate(table: str, cells: str) -> str:
    """Unicode braille back into text with ``table``."""
    ctype, _codec = _wide()
    data = [DOTS | (ord(c) - UNICODE_BRAILLE) for c in cells] or [DOTS]
    inbuf = (ctype * len(data))(*data)
    size = max(64, len(data) * 8)
    out = (ctype * size)()
    n_in, n_out = ctypes.c_int(len(cells)), ctypes.c_int(size)
    ok = _lib().lou_backTranslateString(_tables(table), inbuf, ctypes.byref(n_in), out, ctypes.byref(n_out),
                                        None, None, DOTS_IO)
    if not ok:
        raise LouisError(f"liblouis could not back-translate with {table}")
    _ctype, codec = _wide()
    return bytes(out)[:n_out.value * ctypes.sizeof(ctype)].decode(codec, errors="replace")


def undefined(table: str, text: str) -> list[str]:
    """The characters of ``text`` (each once, in order) for which ``table`` has no braille."""
    cells, positions = translate(table, text)
    return list(dict.fromkeys(text[positions[i]] for i, c in enumerate(cells) if c == UNDEFINED_CELL))


@functools.cache
def _brf_map() -> dict[str, str]:
    ctype, codec = _wide()
    data = [DOTS | bits for bits in range(64)]
    inbuf = (ctype * 64)(*data)
    out = (ctype * 64)()
    if not _lib().lou_dotsToChar(BRF_DISPLAY.encode(), inbuf, out, 64, 0):
        raise LouisError(f"liblouis has no display table {BRF_DISPLAY}")
    chars = bytes(out).decode(codec)
    return {chr(UNICODE_BRAILLE + bits): chars[bits] for bits in range(64)}


def to_brf(cells: str) -> str:
    """Unicode braille (six dots) as BRF characters; other characters (line and page breaks) kept."""
    table = _brf_map()
    return "".join(table.get(c, c) for c in cells)
