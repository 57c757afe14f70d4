"""Reading and writing .po files: strictly, with file and line for every problem.

Babel's parser prints warnings on stdout, merges a msgid given twice and accepts an
unterminated string; GNU msgfmt rejects all three. :func:`read` reports each as an
error (``path:line``) instead, and also refuses another charset than UTF-8 and a bad
``Plural-Forms``. :class:`PoCatalog` keeps the ``X-Review-Status`` header, which
Babel would drop, and :func:`po_bytes` writes previous msgids (``#|``) as GNU tools
read them.
"""
from __future__ import annotations

import gettext
import io
import pickle
import re
import stat
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, normalize, unescape, write_po

from . import paths
from .diagnostics import Diagnostics

REVIEW_HEADER = "X-Review-Status"
REVIEWED, UNREVIEWED = "reviewed", "unreviewed"
WIDTH = 79


class PoCatalog(Catalog):
    """A Babel catalogue that keeps extra ``X-`` headers (the review status) and,
    while being read strictly, refuses a msgid given twice."""

    def __init__(self, *args, **kwargs):
        self.extra_headers: dict[str, str] = {}
        self.duplicates: list[tuple[int, str]] = []  # (1-based line, msgid) of repeated entries
        self._reading = False
        super().__init__(*args, **kwargs)

    @property
    def mime_headers(self) -> list[tuple[str, str]]:
        headers = Catalog.mime_headers.fget(self)
        extra = list(self.extra_headers.items())
        # Babel's last header ("Generated-By") ends the block with a newline.
        return headers[:-1] + extra + headers[-1:] if extra else headers

    @mime_headers.setter
    def mime_headers(self, headers) -> None:
        headers = list(headers)
        for name, value in headers:
            if name.lower().startswith("x-"):
                self.extra_headers[name] = value.strip()
        Catalog.mime_headers.fset(self, headers)

    def __setitem__(self, id, message: Message) -> None:
        if self._reading and id and self.get(id, message.context) is not None:
            self.duplicates.append((message.lineno or 1, id if isinstance(id, str) else id[0]))
        super().__setitem__(id, message)

    @property
    def review_status(self) -> str:
        return self.extra_headers.get(REVIEW_HEADER, UNREVIEWED)


# -- writing -------------------------------------------------------------------------------

def po_bytes(catalog: Catalog) -> bytes:
    """The catalogue as a .po file, with previous msgids (``#|``) GNU tools can read."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=False, include_previous=False, omit_header=False)
    text = buffer.getvalue().decode(catalog.charset)
    for message in catalog:
        if message.id and message.previous_id and isinstance(message.id, str):
            text = _insert_previous(text, message)
    return text.encode(catalog.charset)


def _insert_previous(text: str, message: Message) -> str:
    """Babel wraps ``#| msgid`` like prose, which msgfmt cannot read; write it as gettext does."""
    entry = ""
    if message.context:
        entry += f"msgctxt {normalize(message.context, width=WIDTH)}\n"
    entry += f"msgid {normalize(message.id, width=WIDTH)}\n"
    previous = ""
    if message.context:
        previous += f"#| msgctxt {normalize(message.context, prefix='#| ', width=WIDTH)}\n"
    previous += f"#| msgid {normalize(message.previous_id[0], prefix='#| ', width=WIDTH)}\n"
    at = text.find("\n" + entry)
    return text if at < 0 else text[: at + 1] + previous + text[at + 1:]


# -- reading strictly ----------------------------------------------------------------------

def _inside_locales(path: Path, rel: str, diags: Diagnostics) -> bool:
    """A catalogue is read only when it resolves inside the project's ``locales/`` (the
    nearest folder of that name above it); a link out of it is an error, nothing is read."""
    locales = next((p for p in Path(path).absolute().parents if p.name == "locales"), None)
    if locales is None:
        return True  # a catalogue outside any project (a tool reading one file it was given)
    return paths.check(path, locales, locales.parent, diags, rel, 1, rel)


_CACHE = None  # write.Blobs of parsed catalogues while caching() is active


@contextmanager
def caching(folder: Path):
    """While active, :func:`read` keeps each catalogue it parses (with its diagnostics) in
    ``folder`` by the hash of the file's bytes, its name, the locale and this package's
    code, and unpickles it instead of parsing an unchanged file again (about 10x faster).
    Entries this run did not use are dropped at the end. The folder is the build's own
    (``.cache/``), written by nothing else, like the output cache."""
    global _CACHE
    from .write import Blobs

    _CACHE = Blobs(folder)
    try:
        yield
        _CACHE.prune()
    finally:
        _CACHE = None


def read(path: Path, rel: str, diags: Diagnostics, locale: str | None = None) -> PoCatalog | None:
    """A catalogue, or None after reporting (file and 1-based line) why it cannot be used.

    Stricter than Babel alone: Babel prints warnings and merges a repeated msgid;
    here a syntax error, a repeated msgid, bytes that are not UTF-8, another
    charset than UTF-8 or a bad Plural-Forms header are errors.
    """
    if not _inside_locales(path, rel, diags):
        return None
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(21, "not a regular file")
        size = info.st_size
        data = path.read_bytes() if size <= paths.MAX_TEXT_BYTES else None
    except OSError as exc:
        diags.error(rel, 1, f"catalogue cannot be read: {exc.strerror or type(exc).__name__}", "file.unreadable")
        return None
    if data is None:
        diags.error(rel, 1, f"catalogue is {size:,} bytes; at most {paths.MAX_TEXT_BYTES:,} are read", "file.too-large")
        return None
    cache = _CACHE
    if cache is None:
        return _read(data, rel, diags, locale)
    from .hashing import digest, tools

    key = digest("po-read", tools(), rel, locale or "", data)
    stored = cache.get(key)
    if stored is not None:
        try:
            catalog, problems = pickle.loads(stored)
        except Exception:  # damaged or from another Python: parse again
            pass
        else:
            diags.extend(problems)
            return catalog
    own = Diagnostics()
    catalog = _read(data, rel, own, locale)
    cache.put(key, pickle.dumps((catalog, list(own)), protocol=pickle.HIGHEST_PROTOCOL))
    diags.extend(own)
    return catalog


def _read(data: bytes, rel: str, diags: Diagnostics, locale: str | None) -> PoCatalog | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(rel, line, "catalogue is not valid UTF-8; save it as UTF-8", "i18n.po-charset")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not _lexically_valid(line):
            diags.error(rel, number, f"catalogue does not parse: {line.strip()[:60]!r} is not a keyword "
                        "followed by a quoted string", "i18n.po-syntax")
            return None
    catalog = PoCatalog(locale=None, charset="utf-8")
    catalog._reading = True
    # msgmerge and Poedit write "#~| msgid" (previous msgid of an obsolete entry), which Babel
    # cannot parse; it is only a hint, so blank it (keeping the line numbers).
    babel_lines = ["" if line.lstrip().startswith("#~|") else line for line in lines]
    try:
        PoFileParser(catalog, ignore_obsolete=False, abort_invalid=True).parse(babel_lines)
    except PoFileError as exc:
        diags.error(rel, exc.lineno + 1, f"catalogue does not parse: {_po_reason(exc)}", "i18n.po-syntax")
        return None
    except ValueError as exc:  # a header Babel cannot read, e.g. nplurals=x
        diags.error(rel, _header_line(lines, "Plural-Forms") or 1, f"catalogue header: {exc}", "i18n.po-header")
        return None
    finally:
        catalog._reading = False
    ok = True
    for line, msgid in catalog.duplicates:
        diags.error(rel, line, f"msgid {_short(msgid)!r} is given twice in the same context", "i18n.po-duplicate")
        ok = False
    charset_line = _header_line(lines, "Content-Type")
    if catalog.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        diags.error(rel, charset_line or 1, f"catalogue declares charset {catalog.charset}; use charset=UTF-8",
                    "i18n.po-charset")
        ok = False
    problem = _plural_forms_problem(catalog, lines)
    if problem:
        diags.error(rel, _header_line(lines, "Plural-Forms") or 1, problem, "i18n.po-plural")
        ok = False
    if not ok:
        return None
    _read_previous(catalog)
    if locale and catalog.locale_identifier is None:
        catalog.locale = locale
    return catalog


_QUOTED = r'"(?:[^"\\]|\\.)*"'
_ENTRY_LINE = re.compile(rf'^(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?{_QUOTED}$')


def _lexically_valid(line: str) -> bool:
    """Babel accepts an unterminated string or a misspelt keyword in places; GNU msgfmt does not."""
    line = line.strip()
    if line.startswith("#~") and not line.startswith("#~|"):
        line = line[2:].strip()
    elif line.startswith("#"):
        return True
    return not line or bool(_ENTRY_LINE.match(line))


def _po_reason(exc: PoFileError) -> str:
    return str(exc).rsplit(" on ", 1)[0]


def _short(text: str, n: int = 50) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _header_line(lines: list[str], name: str) -> int | None:
    for i, line in enumerate(lines, start=1):
        if line.strip().startswith(f'"{name}:'):
            return i
    return None


def _plural_forms_problem(catalog: Catalog, lines: list[str]) -> str | None:
    if _header_line(lines, "Plural-Forms") is None:
        return None
    expr, n = catalog.plural_expr, catalog.num_plurals
    try:
        if n is None or n < 1:
            raise ValueError(f"nplurals must be a positive number, not {n}")
        func = gettext.c2py(expr.rstrip(";"))
        values = {func(i) for i in range(0, 1001)}
    except (ValueError, SyntaxError, TypeError) as exc:  # c2py raises these for bad C expressions
        return f"bad Plural-Forms header: {exc}"
    if not values <= set(range(n)):
        return f"bad Plural-Forms header: plural={expr} gives forms {sorted(values)} but nplurals={n}"
    return None


def _read_previous(catalog: Catalog) -> None:
    """Babel reads ``#|`` lines as user comments: turn them back into ``previous_id``."""
    for message in [*catalog, *catalog.obsolete.values()]:
        previous = [c for c in message.user_comments if c.startswith("|")]
        if not previous:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        fields: dict[str, str] = {}
        current = None
        for comment in previous:
            line = comment[1:].strip()
            match = re.match(r"^(msgctxt|msgid_plural|msgid)\s+(\".*\")$", line)
            if match:
                current = match[1]
                fields[current] = unescape(match[2])
            elif current and line.startswith('"'):
                fields[current] += unescape(line)
        if "msgid" in fields:
            message.previous_id = [fields["msgid"]] + ([fields["msgid_plural"]] if "msgid_plural" in fields else [])
