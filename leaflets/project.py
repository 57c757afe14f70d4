"""Where a project's files are, and its settings (``[tool.leaflets]`` in pyproject.toml).

Settings are validated once when loaded and never patched afterwards. A bad
setting is a problem of ``pyproject.toml`` at its line (``Project.problems``):
the check reports it, and as an error it stops the whole build. The site's own
settings (organisation, logo, brand colour, footer links, contact) are the table
``[tool.leaflets.site]``; the public address is ``base_url`` (none: the outputs
carry no QR code and no absolute link, and the check warns).
"""
from __future__ import annotations

import base64
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import brand
from .codes import CODES
from .diagnostics import Diagnostic, Diagnostics

PYPROJECT = "pyproject.toml"
URL = r"^https://[^\s/]+(/\S*)?$"
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
LOGO_MAX_BYTES = 200 * 1024


class SiteSettings(BaseModel):
    """``[tool.leaflets.site]``: who publishes the site, and how it looks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: str | None = Field(default=None, min_length=1)  # in every header
    logo: str | None = None  # a file of the project (SVG or PNG), relative to its root
    logo_alt: str | None = Field(default=None, min_length=1)  # the logo's text alternative
    brand_colour: str = Field(default="#005eb8", pattern=r"^#[0-9a-fA-F]{6}$")  # the header bar
    privacy_url: str | None = Field(default=None, pattern=URL)  # footer link
    contact_url: str | None = Field(default=None, pattern=URL)  # footer link
    contact_email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    contact_phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 ()]{5,}[0-9]$")

    @model_validator(mode="after")
    def _logo_alt(self) -> "SiteSettings":
        if self.logo and not self.logo_alt:
            raise ValueError("a logo needs logo_alt, its text alternative")
        return self


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The public address of site/, ending in "/"; None: no absolute link anywhere.
    base_url: str | None = Field(default=None, pattern=r"^https?://[^\s/]+/(\S*/)?$")
    # Reading age, as a SMOG grade (UK reading age = grade + 5); English only.
    smog_target: float = Field(default=6, ge=1, le=20)  # shown as the aim in check and report
    smog_warning: float = Field(default=8, ge=1, le=20)  # check warns above this
    longest_sentences: int = Field(default=3, ge=0, le=50)  # how many check lists per leaflet
    # Pictures (in Markdown and the symbol library): at most this many bytes, and for
    # PNG/JPEG/GIF/WebP at most this many pixels (width x height); check refuses larger ones.
    picture_max_bytes: int = Field(default=5_000_000, ge=1)
    picture_max_pixels: int = Field(default=40_000_000, ge=1)
    # Warning codes not to report, like Sphinx's suppress_warnings (errors cannot be suppressed).
    suppress: tuple[str, ...] = ()
    site: SiteSettings = SiteSettings()

    @model_validator(mode="after")
    def _thresholds(self) -> "Settings":
        if self.smog_warning < self.smog_target:
            raise ValueError("smog_warning must not be below smog_target")
        return self


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings
    problems: tuple[Diagnostic, ...] = ()  # the settings' own problems, at their pyproject.toml lines
    logo_uri: str | None = None  # the logo as a data: URI, the same bytes in every format

    @classmethod
    def at(cls, root: Path) -> "Project":
        root = Path(root).resolve()
        diags = Diagnostics()
        settings, text = load_settings(root, diags)
        logo_uri = load_logo(root, settings, text, diags)
        for use, ratio in brand.failures(settings.site.brand_colour):
            diags.error(PYPROJECT, key_line(text, ("site", "brand_colour")),
                        f"brand colour {settings.site.brand_colour}: {use.what} ({use.scheme} scheme) has a "
                        f"contrast of {ratio:.2f}:1, below the {use.minimum:g}:1 WCAG AA requires", "settings.contrast")
        site = settings.site
        if not (site.contact_email or site.contact_phone or site.contact_url):
            diags.warning(PYPROJECT, key_line(text, ("site", "organisation")), "no contact_email, contact_phone or "
                          "contact_url: the accessibility statement gives no way to report a problem",
                          "settings.no-contact")
        if settings.base_url is None:
            diags.warning(PYPROJECT, key_line(text, ()), "no base_url: the site's public address is not set, so "
                          "the PDFs have no QR code and no link to the website, and pages have no canonical link "
                          "or sitemap", "settings.no-site-url")
        return cls(root, settings, tuple(diags), logo_uri)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    def check_settings(self, diags: Diagnostics) -> None:
        """Settings that are valid but would do nothing: a ``suppress`` entry naming no warning."""
        pyproject = self.root / PYPROJECT
        text = pyproject.read_text(encoding="utf-8") if pyproject.is_file() and not pyproject.is_symlink() else ""
        line = key_line(text, ("suppress",))
        for code in self.settings.suppress:
            known = CODES.get(code)
            if known is None:
                diags.warning(PYPROJECT, line, f"suppress: '{code}' is not a diagnostic code (see the README's "
                              "table of codes): it suppresses nothing", "settings.suppress")
            elif not known.suppressible:
                diags.warning(PYPROJECT, line, f"suppress: '{code}' is an error, and errors cannot be "
                              "suppressed: it is still reported", "settings.suppress")

    def rel(self, path: Path) -> str:
        """The project's own name of ``path``; a symbolic link is named, never followed."""
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()


def load_settings(root: Path, diags: Diagnostics) -> tuple[Settings, str]:
    """The validated settings, and the file's text (for lines); defaults where it is broken."""
    path = root / PYPROJECT
    if os.path.lexists(path) and os.path.realpath(path) != str(path):  # the settings must be the project's own
        diags.error(PYPROJECT, 1, "pyproject.toml is a symbolic link: it is not read", "path.outside-project")
        return Settings(), ""
    try:
        text = path.read_bytes().decode("utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError) as error:
        diags.error(PYPROJECT, 1, f"pyproject.toml cannot be read: {str(error)[:200]}", "settings.invalid")
        return Settings(), ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        diags.error(PYPROJECT, int(found[1]) if found else 1, f"not valid TOML: {error}", "settings.toml")
        return Settings(), text
    try:
        tool = data.get("tool", {}) if isinstance(data.get("tool"), dict) else {}
        return Settings.model_validate(tool.get("leaflets", {})), text
    except ValidationError as error:
        for problem in error.errors():
            keys = tuple(str(k) for k in problem["loc"])
            name = ".".join(("tool.leaflets",) + keys)
            diags.error(PYPROJECT, key_line(text, keys), f"{name}: {problem['msg']}", "settings.invalid")
        return Settings(), text


def key_line(text: str, keys: tuple[str, ...]) -> int:
    """The line of ``keys`` (under ``[tool.leaflets]``) in pyproject.toml: the key's own line (a
    table's header for a table), else its table's header, else 1."""
    *tables, key = ("tool", "leaflets", *keys) if keys else ("tool", "leaflets", "")
    table, found = None, {}
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[([^\[\]]+)\]\s*(#.*)?$", line)
        if header:
            table = tuple(part.strip().strip('"') for part in header[1].split("."))
            found.setdefault(table, number)
            continue
        assignment = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if assignment and table == tuple(tables) and assignment[1] == key:
            return number
    if (*tables, key) in found:  # a table's own problem: its header
        return found[(*tables, key)]
    for depth in range(len(tables), 0, -1):
        if tuple(tables[:depth]) in found:
            return found[tuple(tables[:depth])]
    return 1


def load_logo(root: Path, settings: Settings, text: str, diags: Diagnostics) -> str | None:
    """The logo file as a data: URI (the single-file page and the PDFs fetch nothing), or None."""
    name = settings.site.logo
    if name is None:
        return None
    line = key_line(text, ("site", "logo"))
    path = (root / name).resolve()
    kind = LOGO_TYPES.get(path.suffix.lower())
    if not path.is_relative_to(root) or not path.is_file():
        diags.error(PYPROJECT, line, f"logo {name!r} is not a file of the project", "settings.logo")
    elif kind is None:
        diags.error(PYPROJECT, line, f"logo {name!r}: use an SVG or PNG file", "settings.logo")
    elif path.stat().st_size > LOGO_MAX_BYTES:
        diags.error(PYPROJECT, line, f"logo {name!r} is over {LOGO_MAX_BYTES // 1024} KB: every page "
                    "carries it", "settings.logo")
    else:
        return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    return None
