"""Every version kept: a build records what it published in archive/<leaflet>/<version>/, and
later builds (also from a clean checkout: only the archive folder) publish each older version
at <lang>/<leaflet>/versions/<version>/ with its files unchanged, a notice that a newer one
exists, and a "Previous versions" list on the leaflet page."""
from __future__ import annotations

import shutil
from datetime import date

import pytest
import yaml
from bs4 import BeautifulSoup

from leaflets import archive, pipeline
from leaflets.project import Project
import support
from workflow_fixtures import line_of

TODAY = date(2027, 1, 1)
OLD = "0.1 (provisional)"


def build(root, out, **options):
    result = pipeline.build(Project.at(root), out, today=TODAY, options=pipeline.Options(**options))
    assert result.published, [str(d) for d in result.diagnostics.errors]
    return result


def new_version(root, version="1.0"):
    meta = root / "content/hsg/leaflet.yml"
    text = meta.read_text(encoding="utf-8").replace('version: "0.1 (provisional)"        # PROVISIONAL',
                                                    f'version: "{version}"', 1)
    text = text.replace("published: 2026-11-01", "published: 2026-12-01", 1)
    meta.write_text(add_change(text, f"  - version: \"{version}\"\n    date: 2026-12-01\n"
                               "    what: Clearer preparation\n    approved_by: Patient information panel\n"),
                    encoding="utf-8")
    about = root / "content/hsg/sections/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("\n\n", "\n\nThis sentence is new in 1.0.\n\n", 1),
                     encoding="utf-8")


def add_change(text: str, entry: str) -> str:
    """leaflet.yml with ``entry`` added at the end of its changes: list."""
    last = '    approved_by: "To be confirmed"  # PROVISIONAL\n'
    assert last in text
    return text.replace(last, last + entry, 1)


def page(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.pdf
@pytest.mark.slow
def test_each_published_version_stays_available(tmp_path):
    # English, and every format the archive keeps (not audio: see archive.FORMATS).
    root = support.copy_project(tmp_path / "project", locales=False, languages=["en"],
                                formats=["html", "site", "large-print", "print", "easy-read", "braille"])
    first = build(root, tmp_path / "site", archive=True)
    kept = root / "archive/hsg/0.1-provisional"
    names = ["hsg-en-easy-read.pdf", "hsg-en-large-print.pdf", "hsg-en-print.pdf", "hsg-en.brf", "hsg-en.html"]
    assert sorted(p.name for p in (kept / "en").iterdir()) == names
    for name in names:
        assert (kept / "en" / name).read_bytes() == (tmp_path / "site/en/hsg" / name).read_bytes()
    assert yaml.safe_load((kept / "version.yml").read_text()) == {
        "version": OLD, "published": date(2026, 11, 1), "title": first.plans[0].leaflet.meta.title}
    # the current version is not a "previous" one
    assert not (tmp_path / "site/en/hsg/versions").exists()
    assert page(tmp_path / "site/en/hsg/index.html").find(id="previous-versions") is None

    new_version(root)
    build(root, tmp_path / "site", archive=True)
    assert sorted(p.name for p in (root / "archive/hsg").iterdir()) == ["0.1-provisional", "1.0"]
    old = tmp_path / "site/en/hsg/versions/0.1-provisional"
    for name in names:
        if name.endswith(".pdf"):  # exactly what patients were given
            assert (old / name).read_bytes() == (kept / "en" / name).read_bytes(), name
    index = page(old / "index.html")
    notice = index.find(class_="old-version").get_text(" ", strip=True)
    assert f"This is an old version of this leaflet: version {OLD}, published on 1 November 2026." in notice
    assert index.find(class_="old-version").find("a")["href"] == "../../"
    assert sorted(a["href"] for a in index.select("ul.downloads a")) == names
    saved = page(old / "hsg-en.html")
    assert "A newer version exists" in saved.find("main").find(class_="old-version").get_text()
    assert "This sentence is new in 1.0." not in saved.get_text()
    current = page(tmp_path / "site/en/hsg/index.html")
    listed = current.find(id="previous-versions")
    assert [(a.get_text(" ", strip=True), a["href"]) for a in listed.find_all("a")] == [
        (f"Version {OLD}", "versions/0.1-provisional/")]
    assert "This sentence is new in 1.0." in current.get_text()

    # a clean checkout: no site, no cache; the archive folder is part of the project
    shutil.rmtree(tmp_path / "site")
    build(root, tmp_path / "again")
    for name in names:
        if name.endswith(".pdf"):
            assert (tmp_path / "again/en/hsg/versions/0.1-provisional" / name).read_bytes() == \
                (kept / "en" / name).read_bytes()
    assert page(tmp_path / "again/en/hsg/index.html").find(id="previous-versions") is not None


@pytest.mark.slow
def test_a_broken_archived_version_is_left_out_with_a_warning(tmp_path):
    root = support.copy_project(tmp_path / "project", locales=False)
    broken = root / "archive/hsg/0.0.9"
    (broken / "en").mkdir(parents=True)
    (broken / "en/hsg-en.html").write_text("<p>old</p>")
    (broken / "version.yml").write_text("version: 0.0.9\npublished: not a date\ntitle: Old\n")
    result = pipeline.check(Project.at(root), today=TODAY)
    warnings = [d for d in result.diagnostics if d.code == "archive.invalid"]
    assert [(d.path, d.line, d.severity) for d in warnings] == [
        ("archive/hsg/0.0.9/version.yml", line_of(broken / "version.yml", "published"), "warning")]
    assert result.versions["hsg"] == []
    (broken / "version.yml").write_text('version: "0.0.9"\npublished: 2025-01-01\ntitle: Old\n')
    [version] = pipeline.check(Project.at(root), today=TODAY).versions["hsg"]
    assert (version.slug, version.files) == ("0.0.9", {"en": ("hsg-en.html",)})
    assert archive.slug("2.0 (draft) / final") == "2.0-draft-final"


@pytest.mark.slow
def test_changes_must_list_the_current_version_once_in_date_order(tmp_path):
    root = support.copy_project(tmp_path / "project", locales=False)
    meta = root / "content/hsg/leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(add_change(text.replace('version: "0.1 (provisional)"        # PROVISIONAL', 'version: "0.2"', 1),
                               '  - version: "0.1 (provisional)"\n    date: 2026-10-01\n    what: Again\n'
                               "    approved_by: Someone\n"), encoding="utf-8")
    found = {(d.line, d.message.split(":")[0]) for d in pipeline.check(Project.at(root), today=TODAY).diagnostics
             if d.code == "meta.changes"}
    lines = [n for n, t in enumerate(meta.read_text().split("\n"), 1) if t.startswith("  - version:")]
    assert found == {(lines[1], "version '0.1 (provisional)' is listed twice in changes"),
                     (line_of(meta, 'version: "0.2"'), "version '0.2' has no entry in changes")}
