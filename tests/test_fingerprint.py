"""Outputs are keyed by the content that matters: a re-wrapped but equal catalogue rebuilds nothing."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from leaflets import fingerprint, pipeline
from leaflets.project import Project
from leaflets.write import Memo
from support import ROOT, copy_project

PO = ROOT / "locales" / "pl" / "LC_MESSAGES" / "hsg.po"


def rewrap(path: Path, width: int = 40) -> None:
    subprocess.run(["msgcat", f"--width={width}", "-o", str(path), str(path)], check=True)


@pytest.fixture
def po(tmp_path) -> Path:
    copy = tmp_path / "hsg.po"
    shutil.copyfile(PO, copy)
    return copy


def test_a_rewrapped_catalogue_has_the_same_content_hash(po):
    before = fingerprint.catalogue(po)
    rewrap(po)
    assert po.read_bytes() != PO.read_bytes(), "msgcat changed the layout"
    assert fingerprint.catalogue(po) == before


def test_a_changed_translation_or_flag_changes_the_hash(po):
    before = fingerprint.catalogue(po)
    text = po.read_text(encoding="utf-8")
    assert "Informacje" in text
    po.write_text(text.replace("Informacje", "INFORMACJE", 1), encoding="utf-8")
    assert fingerprint.catalogue(po) != before
    po.write_text(text.replace('\nmsgid "', '\n#, fuzzy\nmsgid "', 2), encoding="utf-8")
    assert fingerprint.catalogue(po) != before


def test_the_memo_answers_by_the_bytes_without_parsing_again(po, tmp_path, monkeypatch):
    memo = Memo(tmp_path / "cache" / "digests.json")
    value = fingerprint.catalogue(po, memo)
    memo.save()
    again = Memo(tmp_path / "cache" / "digests.json")
    monkeypatch.setattr("leaflets.pofile.read", lambda *a, **k: pytest.fail("parsed again"))
    assert fingerprint.catalogue(po, again) == value


@pytest.mark.pdf
def test_a_rewrapped_catalogue_rebuilds_nothing(tmp_path):
    root = copy_project(tmp_path / "project", languages=["en", "pl"], formats=["html", "print"])
    cache = tmp_path / "cache"
    options = pipeline.Options(cache=cache)
    first = pipeline.build(Project.at(root), tmp_path / "first", options=options)
    assert first.published, [str(d) for d in first.diagnostics.errors]
    for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
        rewrap(po)
    again = pipeline.build(Project.at(root), tmp_path / "again", options=options)
    assert again.published
    assert first.counts["built"] == 2
    assert again.counts["built"] == 0 and again.counts["reused"] == first.counts["built"]
