"""Shared fixtures: a throw-away copy of the project, and one real build of it."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, copy_project


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
