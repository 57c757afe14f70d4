"""Where a project's files are, and its settings (``[tool.leaflets]`` in pyproject.toml).

Settings are validated once when loaded and never patched afterwards.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .codes import CODES
from .diagnostics import Diagnostics


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(default="https://leaflets.example.nhs.uk/", pattern=r"^https?://.+/$")
    # Reading age, as a SMOG grade (UK reading age = grade + 5); English only.
    smog_target: float = Field(default=6, ge=1, le=20)  # shown as the aim in check and report
    smog_warning: float = Field(default=8, ge=1, le=20)  # check warns above this
    longest_sentences: int = Field(default=3, ge=0, le=50)  # how many check lists per leaflet
    # Warning codes not to report, like Sphinx's suppress_warnings (errors cannot be suppressed).
    suppress: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _thresholds(self) -> "Settings":
        if self.smog_warning < self.smog_target:
            raise ValueError("smog_warning must not be below smog_target")
        return self


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings

    @classmethod
    def at(cls, root: Path) -> "Project":
        root = Path(root).resolve()
        pyproject = root / "pyproject.toml"
        data = tomllib.loads(pyproject.read_text(encoding="utf-8")) if pyproject.is_file() else {}
        return cls(root, Settings.model_validate(data.get("tool", {}).get("leaflets", {})))

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
        return Path(path).resolve().relative_to(self.root).as_posix()
