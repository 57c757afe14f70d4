"""Incremental builds: only what changed is rebuilt, and the result equals a clean build."""
from __future__ import annotations

from pathlib import Path

import pytest

from leaflets import pipeline
from leaflets.project import Project
from support import clone_leaflet, copy_project

# Two leaflets in two languages, one PDF format and the website, braille and the single page: every
# kind of output the cache restores, in 4 units (2 leaflets x 2 languages), built 6 times.
LANGUAGES = ("en", "pl")
FORMATS = ["html", "site", "print", "braille"]


def files(site: Path) -> dict[str, bytes]:
    # The team's report (dated today) is outside the site: every file of the site must match.
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(root: Path, out: Path, cache: Path | None, jobs: int = 1) -> pipeline.Result:
    result = pipeline.build(Project.at(root), out, options=pipeline.Options(cache=cache, jobs=jobs))
    assert result.published, [str(d) for d in result.diagnostics.errors]
    return result


@pytest.mark.slow
@pytest.mark.pdf
def test_edits_rebuild_only_what_they_touch_and_match_a_clean_build(tmp_path):
    root = copy_project(tmp_path / "project", languages=list(LANGUAGES), formats=FORMATS)
    clone_leaflet(root, "hsg", "hsg2")
    # hsg2 publishes with up to half of its non-critical text in English, so an English edit
    # (which leaves that text untranslated) changes every language instead of holding them back.
    meta = root / "content/hsg2/leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("translation_threshold: 100", "translation_threshold: 50"),
                    encoding="utf-8")
    cache = tmp_path / "cache"

    first = build(root, tmp_path / "first", cache)
    assert first.counts == {"built": 4, "reused": 0, "held_back": 0, "failed": 0}

    # Nothing changed: every output comes from the cache, byte for byte what a clean build gives.
    again = build(root, tmp_path / "again", cache)
    assert again.counts["built"] == 0 and again.counts["reused"] == 4
    assert files(tmp_path / "again") == files(tmp_path / "first")

    # One section of one leaflet: that leaflet is rebuilt, in every language (its English changed).
    section = root / "content/hsg2/sections/arrival.md"
    section.write_text(section.read_text(encoding="utf-8").replace(
        "if you wish.", "if you wish. Lockers are available."), encoding="utf-8")
    edited = build(root, tmp_path / "edited", cache, jobs=2)  # PDFs and the 2 websites in 2 processes
    assert edited.counts["built"] == 2 and edited.counts["reused"] == 2
    before, after = files(tmp_path / "first"), files(tmp_path / "edited")
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert any(path.startswith("en/hsg2/") for path in changed)
    assert not any(path.startswith(f"{lang}/hsg/") for lang in LANGUAGES for path in changed)
    clean = build(root, tmp_path / "clean", None)  # one process
    assert clean.counts["built"] == 4
    assert files(tmp_path / "edited") == files(tmp_path / "clean")

    # One catalogue: only that language of that leaflet.
    po = root / "locales/pl/LC_MESSAGES/hsg.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Informacje", "INFORMACJE", 1), encoding="utf-8")
    polish = build(root, tmp_path / "polish", cache)
    assert polish.counts["built"] == 1 and polish.counts["reused"] == 3

    # A template: everything.
    css = root / "templates/css/print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert build(root, tmp_path / "template", cache).counts["built"] == 4
