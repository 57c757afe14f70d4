"""Shared fixtures: a throw-away copy of the project, and one real build of it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a project is made of (everything a build reads); tests copy these, never edit them.
PROJECT_PARTS = ("content", "templates", "locales", "symbols", "fonts", "pyproject.toml", "mkdocs.yml")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture
def project_root(tmp_path: Path) -> Path:
    """A private copy of the project that a test may edit."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project built once into a temporary site folder."""
    from leaflets import pipeline
    from leaflets.project import Project

    out = tmp_path_factory.mktemp("built") / "site"
    result = pipeline.build(Project.at(ROOT), out)
    assert result.published, "\n".join(map(str, result.diagnostics))
    return out
