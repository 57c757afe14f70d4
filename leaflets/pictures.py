"""Pictures are checked like Markdown before anything uses them.

A picture in a section (``![what it shows](scan.svg)``) is a file in the leaflet's
folder (``paths``); the symbol library's pictures are files in ``symbols/``. Either:

- an SVG is parsed with defusedxml (no DTD, no entity, no network) and refused when it
  holds a script, an event attribute (``onload=``), ``<foreignObject>``, or a reference
  to anything but itself (``href``/``xlink:href`` or CSS ``url()``/``@import`` that is
  not ``#id``): the browser or WeasyPrint would otherwise run it or fetch it;
- a PNG, JPEG, GIF or WebP is opened with Pillow and must be what its extension says,
  decode without error and stay within ``picture_max_pixels``;
- any picture is at most ``picture_max_bytes``; another extension is not a picture.

Problems are reported at the line of the Markdown that uses the picture.
"""
from __future__ import annotations

import io
import re
import stat
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from xml.etree.ElementTree import ParseError

from . import markup, paths
from .diagnostics import Diagnostics
from .model import Message

# Pillow's format name for each extension a raster picture may have.
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
SVG = ".svg"
UNSAFE_SVG, NOT_A_PICTURE, TOO_LARGE, MISSING = "picture.unsafe-svg", "picture.format", "picture.too-large", \
    "picture.missing"
CSS_URL_RE = re.compile(r"url\(\s*(['\"]?)(?P<url>[^'\")]*)\1\s*\)|@import", re.I)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5_000_000
    max_pixels: int = 40_000_000


@dataclass(frozen=True)
class Problem:
    code: str
    reason: str


def limits(root: Path) -> Limits:
    """The project's limits (``[tool.leaflets]``), read again when pyproject.toml changes."""
    pyproject = Path(root) / "pyproject.toml"
    try:
        stamp = pyproject.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _limits(str(root), stamp)


@lru_cache(maxsize=8)
def _limits(root: str, _stamp: int) -> Limits:
    from .project import Project  # project is above this module: read lazily

    settings = Project.at(Path(root)).settings  # defaults where the settings are broken (reported by check)
    return Limits(settings.picture_max_bytes, settings.picture_max_pixels)


def problems(path: Path, limit: Limits) -> list[Problem]:
    """What is wrong with the picture file ``path`` (already allowed by ``paths``); [] when fine."""
    suffix = path.suffix.lower()
    if suffix != SVG and suffix not in RASTER:
        return [Problem(NOT_A_PICTURE, f"{path.suffix or 'a file without extension'} is not a picture: "
                        f"use {', '.join([SVG, *RASTER])}")]
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return [Problem(NOT_A_PICTURE, "not a regular file")]
        size = info.st_size
        if size > limit.max_bytes:
            return [Problem(TOO_LARGE, f"picture is {size:,} bytes, over picture_max_bytes ({limit.max_bytes:,})")]
        data = path.read_bytes()
    except OSError as exc:
        return [Problem(NOT_A_PICTURE, f"picture cannot be read: {exc.strerror or type(exc).__name__}")]
    return svg_problems(data) if suffix == SVG else raster_problems(data, RASTER[suffix], limit)


def svg_problems(data: bytes) -> list[Problem]:
    return list(_svg_problems(data))


@lru_cache(maxsize=512)  # the same symbols are checked by every check of a project
def _svg_problems(data: bytes) -> list[Problem]:  # a copy is handed out
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        return [Problem(UNSAFE_SVG, f"SVG declares a DTD or entity ({type(exc).__name__}): remove it")]
    except (ParseError, ValueError) as exc:
        return [Problem(NOT_A_PICTURE, f"not a well-formed SVG: {str(exc)[:120]}")]
    if _local(root.tag) != "svg":
        return [Problem(NOT_A_PICTURE, f"not an SVG: its root element is <{_local(root.tag)[:40]}>")]
    found: list[str] = []
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag.lower() == "script":
            found.append("a <script>")
        elif tag.lower() == "foreignobject":
            found.append("a <foreignObject>")
        for name, value in element.attrib.items():
            local = _local(name).lower()
            if local.startswith("on"):
                found.append(f"an event attribute {local}=")
            elif local == "href" and not value.strip().startswith("#"):
                found.append(f"a reference to {value.strip()[:60]!r} (only #id inside the picture)")
            elif local != "href":
                found += _css_problems(value)
        if tag.lower() == "style":
            found += _css_problems(element.text or "")
    return [Problem(UNSAFE_SVG, f"SVG holds {what}") for what in dict.fromkeys(found)]


def _css_problems(css: str) -> list[str]:
    out = []
    for match in CSS_URL_RE.finditer(css):
        url = (match["url"] or "").strip() if match["url"] is not None else None
        if url is None:
            out.append("a CSS @import")
        elif not url.startswith("#"):
            out.append(f"a CSS url({url[:60]!r}) (only url(#id) inside the picture)")
    return out


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def raster_problems(data: bytes, expected: str, limit: Limits) -> list[Problem]:
    from PIL import Image  # WeasyPrint's own dependency; imported only when a raster picture is used

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size
                if width * height > limit.max_pixels:
                    return [Problem(TOO_LARGE, f"picture is {width} x {height} pixels, over picture_max_pixels "
                                    f"({limit.max_pixels:,})")]
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [Problem(TOO_LARGE, "picture is too many pixels to open safely")]
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a file that is not what it says
        return [Problem(NOT_A_PICTURE, f"not a valid {expected} picture ({type(exc).__name__}): "
                        "its content does not match its extension")]
    return []


def check_message(message: Message, folder: Path, root: Path, diags: Diagnostics) -> None:
    """Every picture a message of ``folder``'s Markdown uses, at the message's line."""
    for image in markup.images(markup.render_inline(message.text)):
        src = unquote(re.split(r"[?#]", image.get("src") or "", maxsplit=1)[0]).strip()
        if not src or re.match(r"^[a-zA-Z][a-zA-Z0-9.+-]*:", src):
            continue  # no file, or a URL: markup.check_targets refuses those
        file = folder / src.replace("\\", "/")
        if not paths.check(file, folder, root, diags, message.path, message.line, src):
            continue
        if not file.is_file():
            diags.error(message.path, message.line, f"picture {src!r} is missing: no file "
                        f"{paths.project_rel(file, root)}", MISSING)
            continue
        for problem in problems(file, limits(root)):
            diags.error(message.path, message.line, f"picture {src!r}: {problem.reason}", problem.code)

