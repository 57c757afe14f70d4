"""Where a project's files are, and its settings (``[tool.leaflets]`` in pyproject.toml).

Settings are validated once when loaded and never patched afterwards.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .codes import CODES
from .diagnostics import ERROR, Diagnostic, Diagnostics


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(default="https://leaflets.example.nhs.uk/", pattern=r"^https?://.+/$")
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

    @model_validator(mode="after")
    def _thresholds(self) -> "Settings":
        if self.smog_warning < self.smog_target:
            raise ValueError("smog_warning must not be below smog_target")
        return self


class SettingsError(ValueError):
    """The project's settings cannot be used; ``diagnostic`` says where and why."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def _line_of(text: str, key: str) -> int:
    """The line of ``key = ...`` in the [tool.leaflets] table (1 when not found)."""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip() == "[tool.leaflets]"), 0)
    for i in range(start, len(lines)):
        if key and re.match(rf"\s*{re.escape(key)}\s*=", lines[i]):
            return i + 1
    return start + 1


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings

    @classmethod
    def at(cls, root: Path) -> "Project":
        """The project in ``root``; :class:`SettingsError` (a diagnostic) when its settings are unusable."""
        root = Path(root).resolve()
        pyproject = root / "pyproject.toml"
        if not pyproject.exists():
            return cls(root, Settings())
        if os.path.realpath(pyproject) != str(pyproject):  # a link: the settings must be the project's own
            raise SettingsError(Diagnostic("pyproject.toml", 1, ERROR, "pyproject.toml is a symbolic link: "
                                           "it is not read", "path.outside-project"))
        try:
            data = tomllib.loads(pyproject.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise SettingsError(Diagnostic("pyproject.toml", int(line[1]) if line else 1, ERROR,
                                           f"pyproject.toml cannot be read: {str(exc)[:200]}", "settings.invalid"))
        tool = data.get("tool", {}).get("leaflets", {}) if isinstance(data.get("tool"), dict) else {}
        try:
            return cls(root, Settings.model_validate(tool))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            line = _line_of(pyproject.read_text(encoding="utf-8"), where.split(".")[0])
            raise SettingsError(Diagnostic("pyproject.toml", line, ERROR,
                                           f"[tool.leaflets] {where}: {first['msg']}", "settings.invalid"))

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
        pyproject = self.root / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
        found = re.search(r"^\s*suppress\s*=", text, re.M)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        for code in self.settings.suppress:
            known = CODES.get(code)
            if known is None:
                diags.warning("pyproject.toml", line, f"suppress: '{code}' is not a diagnostic code (see the README's "
                              "table of codes): it suppresses nothing", "settings.suppress")
            elif not known.suppressible:
                diags.warning("pyproject.toml", line, f"suppress: '{code}' is an error, and errors cannot be "
                              "suppressed: it is still reported", "settings.suppress")

    def rel(self, path: Path) -> str:
        """The project's own name of ``path``; a symbolic link is named, never followed."""
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()
