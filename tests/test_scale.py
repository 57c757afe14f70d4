"""Library scale: work proportional to change, and heavy libraries loaded only when needed."""
from __future__ import annotations

import os
import subprocess
import sys

from support import ROOT, copy_project

HEAVY = ("weasyprint", "mkdocs", "material", "pebble", "distributed", "dask", "textstat", "bs4", "docx", "segno",
         "pikepdf")


def imported_by_check(root) -> list[str]:
    """The heavy libraries a `check` of ``root`` imports, in a fresh interpreter (this checkout's package)."""
    script = ("import sys; from pathlib import Path; from leaflets import cli, pipeline; "
              "from leaflets.project import Project; pipeline.check(Project.at(Path(sys.argv[1]))); "
              f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", script, str(root)], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    return run.stdout.split()


def test_a_check_imports_no_renderer_and_with_nothing_changed_not_even_textstat(tmp_path):
    root = copy_project(tmp_path / "project", locales=False)
    assert imported_by_check(root) == ["textstat"], "the first check scores the text"
    assert imported_by_check(root) == [], "scores come from the cache: nothing heavy is loaded"
