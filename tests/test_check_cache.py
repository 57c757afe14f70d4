"""Work proportional to change in `check`: reading-age scores are kept by the hash of their text."""
from __future__ import annotations

import pytest

from leaflets import check, pipeline, readability
from leaflets.project import Project
from support import copy_project


def figures(result) -> list[dict]:
    return [s.readability.as_dict() for s in result.summaries]


def test_an_unchanged_leaflet_is_not_scored_again_and_gives_the_same_figures(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project", locales=False)
    first = pipeline.check(Project.at(root))
    assert (root / check.SCORES).is_file()
    scored = []
    real = readability._score
    monkeypatch.setattr(readability, "_score", lambda text: scored.append(text) or real(text))
    again = pipeline.check(Project.at(root))
    assert scored == []
    assert figures(again) == figures(first)
    assert [str(d) for d in again.diagnostics] == [str(d) for d in first.diagnostics]

    section = root / "content/hsg/sections/arrival.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nAnaesthetists administer considerable "
                       "premedication. Radiographers communicate extraordinarily. Hysterosalpingography "
                       "necessitates preparation.\n", encoding="utf-8")
    edited = pipeline.check(Project.at(root))
    assert scored, "the edited section and the whole leaflet are scored again"
    assert figures(edited) != figures(first)
    monkeypatch.setattr(readability, "_score", real)
    (root / check.SCORES).unlink()
    assert figures(pipeline.check(Project.at(root))) == figures(edited), "cached and fresh scores agree"


def test_a_cache_folder_that_cannot_be_written_only_means_nothing_is_kept(tmp_path):
    from leaflets.write import Memo

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    memo = Memo(blocked / "scores.json")
    memo.set("k", "v")
    memo.save()  # no error
    assert memo.get("k") == "v"
