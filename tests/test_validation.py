"""Each validation problem, triggered by a fixture, reported with its file, line and code."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from leaflets import pipeline
from leaflets.project import Project

META = "content/hsg/leaflet.yml"
TODAY = date(2026, 11, 26)


def edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the one line starting with ``old`` (after indentation) by ``new``; return its line number."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line.strip().startswith(old)]
    assert len(hits) == 1, f"{old!r} is on lines {hits}"
    indent = lines[hits[0]][: len(lines[hits[0]]) - len(lines[hits[0]].lstrip())]
    lines[hits[0]] = indent + new if new else ""
    path.write_text("\n".join(lines), encoding="utf-8")
    return hits[0] + 1


def problems(root: Path, today: date = TODAY) -> list[str]:
    """The content's problems (the demo's missing site address is test_site_settings.py's)."""
    return [str(d) for d in pipeline.check(Project.at(root), today).diagnostics if d.code != "settings.no-site-url"]


def only(found: list[str], code: str) -> str:
    hits = [d for d in found if d.endswith(f"[{code}]")]
    assert len(hits) == 1, found
    return hits[0]


def test_real_content_is_valid(project_root):
    assert not [d for d in problems(project_root) if ": error:" in d]


def test_unknown_key(project_root):
    line = edit(project_root, META, "approver:", 'aprover: "Dr X"')
    found = problems(project_root)
    assert only(found, "schema.unknown-key") == f"{META}:{line}: error: unknown key 'aprover' [schema.unknown-key]"
    # A missing key is reported where its mapping starts: the first line after the comments.
    start = next(i for i, l in enumerate((project_root / META).read_text().split("\n"), 1) if not l.startswith("#"))
    assert f"{META}:{start}: error: missing required key 'approver' [schema.missing]" in found


def test_wrong_type(project_root):
    line = edit(project_root, META, "translation_threshold:", "translation_threshold: most")
    assert only(problems(project_root), "schema.type").startswith(f"{META}:{line}: error: 'translation_threshold':")


def test_missing_required_field_in_a_list_item(project_root):
    edit(project_root, META, "name: Patient information help", "")
    line = [i for i, l in enumerate((project_root / META).read_text().split("\n"), 1) if "id: patient-information" in l][0]
    assert only(problems(project_root), "schema.missing") == \
        f"{META}:{line}: error: missing required key 'contacts.1.name' [schema.missing]"


def test_phone_number_that_yaml_reads_as_a_number(project_root):
    # 01223216455 has only octal digits: YAML 1.1 reads it as the number 177482029.
    line = edit(project_root, META, 'phone: "01223 216455"', "phone: 01223216455")
    assert only(problems(project_root), "schema.phone-number") == (
        f"{META}:{line}: error: phone number 01223216455 must be in quotes: YAML reads it as a number "
        "[schema.phone-number]")


def test_time_that_yaml_reads_as_a_number(project_root):
    line = edit(project_root, META, "hours: Monday", "hours: 12:30")
    assert f"{META}:{line}: error: 'contacts.0.hours' must be text, but YAML reads 12:30 as a number: put it in quotes " \
           "[schema.type]" in problems(project_root)


def test_yaml_alias(project_root):
    anchor = edit(project_root, META, "department:", "department: &dep Fluoroscopy department")
    alias = edit(project_root, META, "organisation:", "organisation: *dep")
    found = problems(project_root)
    assert f"{META}:{anchor}: error: YAML anchors and aliases are not allowed: write the value out [yaml.alias]" in found
    assert f"{META}:{alias}: error: YAML anchors and aliases are not allowed: write the value out [yaml.alias]" in found


def test_yaml_that_does_not_parse(project_root):
    line = edit(project_root, META, "version:", 'version: "0.1')
    found = problems(project_root)
    assert len(found) == 1 and found[0].endswith("[yaml.syntax]")
    assert found[0].startswith(f"{META}:") and int(found[0].split(":")[1]) >= line


def test_duplicate_key(project_root):
    line = edit(project_root, META, "approver:", "title: Again")
    assert only(problems(project_root), "yaml.duplicate-key") == \
        f"{META}:{line}: error: key 'title' is given twice [yaml.duplicate-key]"


def test_review_date_passed_is_an_error(project_root):
    line = edit(project_root, META, "review:", "review: 2026-11-01")
    edit(project_root, META, "published:", "published: 2025-11-01")
    assert only(problems(project_root), "review.overdue") == \
        f"{META}:{line}: error: review date 2026-11-01 has passed [review.overdue]"


def test_review_date_within_90_days_is_a_warning(project_root):
    soon = TODAY + timedelta(days=60)
    line = edit(project_root, META, "review:", f"review: {soon.isoformat()}")
    edit(project_root, META, "published:", "published: 2025-11-01")
    assert only(problems(project_root), "review.due-soon") == \
        f"{META}:{line}: warning: review date {soon} is within 90 days [review.due-soon]"


def test_section_file_named_in_no_order(project_root):
    (project_root / "content/hsg/sections/extra.md").write_text("---\nid: extra\ntitle: Extra\ncritical: false\n---\nText.\n")
    assert only(problems(project_root), "section.unlisted") == (
        "content/hsg/sections/extra.md:1: error: section file is named in no order: "
        f"add 'extra' to sections in {META} [section.unlisted]")


def test_section_in_the_order_without_a_file(project_root):
    (project_root / "content/hsg/sections/arrival.md").unlink()
    line = [i for i, l in enumerate((project_root / META).read_text().split("\n"), 1) if l.strip() == "- arrival"][0]
    assert only(problems(project_root), "section.missing") == \
        f"{META}:{line}: error: section 'arrival' has no file content/hsg/sections/arrival.md [section.missing]"


def test_section_front_matter_problems(project_root):
    rel = "content/hsg/sections/arrival.md"
    line = edit(project_root, rel, "critical:", "critical: maybe")
    assert only(problems(project_root), "schema.type").startswith(f"{rel}:{line}: error: 'critical':")


def test_image_without_alt_text(project_root):
    rel = "content/hsg/sections/arrival.md"
    path = project_root / rel
    path.write_text(path.read_text() + "\nA map: ![](map.png)\n")
    line = len(path.read_text().split("\n")) - 1
    assert only(problems(project_root), "markdown.image-alt").startswith(f"{rel}:{line}: error: image 'map.png' has no alt")


def test_skipped_heading_level(project_root):
    rel = "content/hsg/sections/arrival.md"
    path = project_root / rel
    path.write_text(path.read_text() + "\n#### Too deep\n")
    line = len(path.read_text().split("\n")) - 1
    assert only(problems(project_root), "markdown.heading-level") == \
        f"{rel}:{line}: error: heading level h4 skips h3 [markdown.heading-level]"


@pytest.mark.slow
def test_all_problems_in_one_run_and_exit_code_1(project_root):
    edit(project_root, META, "approver:", 'aprover: "Dr X"')
    (project_root / "content/hsg/sections/arrival.md").unlink()
    edit(project_root, "content/hsg/sections/risks.md", "critical:", "critical: 1")
    run = subprocess.run([sys.executable, str(Path(__file__).parent.parent / "build.py"), "--root", str(project_root),
                          "check"], capture_output=True, text=True)
    assert run.returncode == 1
    for code in ("schema.unknown-key", "schema.missing", "section.missing", "schema.type"):
        assert f"[{code}]" in run.stdout, run.stdout
