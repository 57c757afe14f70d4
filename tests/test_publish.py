"""Publishing is atomic: a failed build leaves the previous site byte for byte as it was (on a small
copy of the project: English, the web formats)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from leaflets import pipeline
from leaflets.project import Project

pytestmark = pytest.mark.slow  # builds through the real command, several times

BUILD = str(Path(__file__).resolve().parent.parent / "build.py")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_build_leaves_old_site_untouched(small_project, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(Project.at(small_project), out).published
    (out / "en" / "extra-file.txt").write_text("published earlier")
    before = snapshot(out)
    meta = small_project / "content/hsg/leaflet.yml"
    meta.write_text(meta.read_text().replace("approver:", "aprover:"))
    run = subprocess.run([sys.executable, BUILD, "--root", str(small_project), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "unknown key 'aprover'" in run.stderr and "nothing was published" in run.stderr
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind


def test_render_failure_leaves_old_site_untouched(small_project, tmp_path):
    out = tmp_path / "site"
    assert pipeline.build(Project.at(small_project), out).published
    before = snapshot(out)
    (small_project / "templates/document.html").write_text("{{ undefined_variable.oops }}")
    run = subprocess.run([sys.executable, BUILD, "--root", str(small_project), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_successful_build_replaces_old_output(small_project, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old")
    run = subprocess.run([sys.executable, BUILD, "--root", str(small_project), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert not (out / "stale.html").exists()
    assert (out / "en/hsg/hsg-en.html").is_file()
    assert (out.stat().st_mode & 0o777) == 0o755


def test_strict_turns_warnings_into_failure(small_project, tmp_path):
    meta = small_project / "content/hsg/leaflet.yml"
    from datetime import date, timedelta
    soon = (date.today() + timedelta(days=30)).isoformat()
    meta.write_text(meta.read_text().replace("review: 2029-11-01", f"review: {soon}")
                    .replace("published: 2026-11-01", "published: 2020-01-01"))
    out = tmp_path / "site"
    assert pipeline.build(Project.at(small_project), out).published
    assert not pipeline.build(Project.at(small_project), tmp_path / "strict", strict=True).published
    assert not (tmp_path / "strict").exists()
