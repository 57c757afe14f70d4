"""``python build.py new ID``: the scaffold, its refusals, and check before and after filling it in."""
from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from leaflets import cli, pipeline
import support
from workflow_fixtures import line_of, project

TODAY = date(2027, 1, 1)


@pytest.fixture
def root(tmp_path):
    # The demo leaflet in English and on the web only: what these tests build is the new leaflet,
    # in every format its scaffold lists.
    return support.copy_project(tmp_path / "project", locales=False, languages=["en"], formats=["html", "site"])


def new(root, capsys, leaflet_id):
    code = cli.main(["--root", str(root), "new", leaflet_id])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def mine(result, leaflet_id):
    return [d for d in result.diagnostics if d.path.startswith(f"content/{leaflet_id}/")]


def test_new_writes_every_file_with_commented_placeholders(root, capsys):
    code, out = new(root, capsys, "knee-x-ray")
    assert code == 0 and "content/knee-x-ray/leaflet.yml" in out
    folder = root / "content/knee-x-ray"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "leaflet.yml", "sections/about.md"]
    meta_text = (folder / "leaflet.yml").read_text()
    meta = yaml.safe_load(meta_text)
    # every field of the schema is there, each with a comment above it
    assert set(meta) == {"id", "title", "summary", "organisation", "department", "version", "published",
                         "review", "approver", "other_formats_contact", "contacts", "languages", "formats",
                         "translation_threshold", "sections"}
    assert meta["id"] == "knee-x-ray" and meta["sections"] == ["about"]
    assert meta["review"] > meta["published"]
    assert meta_text.count("\n#") >= 10
    assert (folder / "sections/about.md").read_text().startswith("---\n# One file a section")


@pytest.mark.slow
def test_check_fails_on_each_placeholder_with_its_line(root, capsys):
    new(root, capsys, "knee-x-ray")
    result = pipeline.check(project(root), today=TODAY)
    placeholders = [d for d in result.diagnostics if d.code == "scaffold.placeholder"]
    assert all(d.severity == "error" for d in placeholders)
    meta = root / "content/knee-x-ray/leaflet.yml"
    section = root / "content/knee-x-ray/sections/about.md"
    where = {(d.path, d.line) for d in placeholders}
    for key in ("title:", "summary:", "organisation:", "department:", "version:", "approver:", "name:",
                "phone:", "hours:"):
        assert ("content/knee-x-ray/leaflet.yml", line_of(meta, key)) in where, key
    assert ("content/knee-x-ray/sections/about.md", line_of(section, "title:")) in where
    body_line = line_of(section, "TODO: write what")
    assert ("content/knee-x-ray/sections/about.md", body_line) in where
    # one error a placeholder: exactly the lines holding a TODO value, never a comment
    todo_lines = {(p, n) for p, f in (("content/knee-x-ray/leaflet.yml", meta),
                                      ("content/knee-x-ray/sections/about.md", section))
                  for n, text in enumerate(f.read_text().split("\n"), 1)
                  if "TODO" in text and not text.lstrip().startswith("#")}
    assert where == todo_lines
    [title] = [d for d in placeholders if d.line == line_of(meta, "title:") and d.path.endswith("leaflet.yml")]
    assert title.message.startswith("placeholder not filled in: \"TODO: the leaflet's title")
    assert pipeline.check(project(root), today=TODAY).diagnostics.failed()


FILLED = {
    "title": "Knee X-ray - information for patients",
    "summary": "What happens when you have an X-ray of your knee.",
    "organisation": "Cambridge University Hospitals NHS Foundation Trust",
    "department": "Radiology",
    "version": "1.0",
    "approver": "Patient information panel",
    "name": "Radiology appointments",
    "phone": "01223 216455",
    "hours": "Monday to Friday, 09:00 to 17:00",
}


def fill(root):
    meta = root / "content/knee-x-ray/leaflet.yml"
    text = meta.read_text()
    for key, value in FILLED.items():
        text, n = re.subn(rf'^(\s*(?:- )?{key}: )"TODO[^"]*"$', rf'\g<1>"{value}"', text, flags=re.M)
        assert n == 1, key
    meta.write_text(text)
    section = root / "content/knee-x-ray/sections/about.md"
    text = section.read_text()
    text = re.sub(r'^title: "TODO[^"]*"$', "title: What is a knee X-ray?", text, flags=re.M)
    text = re.sub(r"^TODO: .*$", "An X-ray is a picture of the inside of your knee. It takes a few minutes. "
                  "It does not hurt.", text, flags=re.M)
    section.write_text(text)


def test_check_passes_once_the_placeholders_are_filled(root, capsys):
    new(root, capsys, "knee-x-ray")
    fill(root)
    for f in (root / "content/knee-x-ray").rglob("*.*"):
        assert all("TODO" not in line or line.lstrip().startswith("#") for line in f.read_text().split("\n"))
    result = pipeline.check(project(root), today=TODAY)
    assert mine(result, "knee-x-ray") == []
    assert result.diagnostics.errors == []
    summary = next(s for s in result.summaries if s.leaflet.id == "knee-x-ray")
    assert [(lang.lang, lang.published) for lang in summary.languages] == [("en", True)]
    about = summary.readability.sections[0]
    assert about.score.sentences == 3 and about.score.smog is not None and about.score.smog <= 8


@pytest.mark.pdf
def test_a_filled_scaffold_builds(root, capsys, tmp_path):
    new(root, capsys, "knee-x-ray")
    fill(root)
    out = tmp_path / "site"
    result = pipeline.build(project(root), out, today=TODAY)
    assert result.published, [str(d) for d in result.diagnostics.errors]
    page = (out / "en/knee-x-ray/knee-x-ray-en.html").read_text()
    assert "What is a knee X-ray?" in page and "tel:+441223216455" in page


def test_new_refuses_an_existing_folder_and_leaves_it_alone(root, capsys):
    before = (root / "content/hsg/leaflet.yml").read_bytes()
    code, out = new(root, capsys, "hsg")
    assert code == 1 and "content/hsg already exists" in out
    assert (root / "content/hsg/leaflet.yml").read_bytes() == before
    assert not list((root / "content").glob(".hsg-new-*"))


@pytest.mark.parametrize("bad", ["Knee", "knee_x_ray", "-knee", "../knee", "knee x", "knée", ""])
def test_new_refuses_a_bad_id(root, capsys, bad):
    code = cli.main(["--root", str(root), "new", "--", bad])
    out = capsys.readouterr().err
    assert code == 1 and "is not a valid leaflet id" in out
    assert sorted(p.name for p in (root / "content").iterdir()) == ["hsg"]
