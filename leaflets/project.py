"""Where a project's files are, and its settings (``[tool.leaflets]`` in pyproject.toml).

Settings are validated once when loaded and never patched afterwards.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(default="https://leaflets.example.nhs.uk/", pattern=r"^https?://.+/$")


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

    def rel(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.root).as_posix()
