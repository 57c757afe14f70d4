"""What ``python build.py check`` prints: grouped text with counts, ``--strict``, ``--format json``."""
from __future__ import annotations

import json
import re

import pytest

from leaflets import cli
import support
from workflow_fixtures import line_of, write_section

LINE_RE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): (?P<severity>error|warning): .+ \[[a-z0-9.-]+\]$")


@pytest.fixture
def root(tmp_path):
    root = support.copy_project(tmp_path / "project", locales=False)
    write_section(root, "hsg", "links", "Read [nothing](#nowhere) here.\n")  # one error
    return root


def check(root, capsys, *args):
    code = cli.main(["--root", str(root), "check", *args])
    return code, capsys.readouterr().out


@pytest.mark.slow
def test_text_lists_problems_grouped_by_file_then_the_summary_then_the_counts(root, capsys):
    code, out = check(root, capsys)
    assert code == 1  # one error
    lines = out.rstrip("\n").split("\n")
    diagnostics = [m for m in map(LINE_RE.match, lines) if m]
    link = root / "content/hsg/sections/links.md"
    assert (f"content/hsg/sections/links.md:{line_of(link, '#nowhere')}: error: link '#nowhere' points to no "
            "section of 'hsg'") in out
    paths = [m["path"] for m in diagnostics]
    assert paths == sorted(paths)
    # grouped: a blank line wherever the file changes, and only there
    first, last = lines.index(diagnostics[0].string), lines.index(diagnostics[-1].string)
    block = lines[first:last + 1]
    for before, after in zip(block, block[1:]):
        if before and after:  # two diagnostics in a row: same file
            assert LINE_RE.match(before)["path"] == LINE_RE.match(after)["path"]
        elif not before:  # a blank line: a new file starts
            assert LINE_RE.match(after)
    assert len([b for b in block if not b]) == len(set(paths)) - 1
    # then the readability summary, figures not problems
    summary = lines[last + 1:]
    assert any(s.startswith("== hsg: Hysterosalpingogram") for s in summary)
    assert any(re.match(r"^  risks +SMOG \d+\.\d, reading age \d+$", s) for s in summary)
    assert any(re.match(r"^  contacts +too short to score \(1 sentence\)$", s) for s in summary)
    assert "Longest sentences:" in summary
    assert "  en: publishes" in summary
    errors = sum(m["severity"] == "error" for m in diagnostics)
    warnings = sum(m["severity"] == "warning" for m in diagnostics)
    assert lines[-1] == f"1 leaflet(s) checked: {errors} error(s), {warnings} warning(s)"
    assert errors == 1 and warnings > 0


def test_strict_turns_warnings_into_errors(root, capsys):
    (root / "content/hsg/sections/links.md").unlink()  # no errors left, only warnings
    meta = root / "content/hsg/leaflet.yml"
    meta.write_text(meta.read_text().replace("  - links\n", ""))
    code, out = check(root, capsys)
    assert code == 0 and " warning: " in out
    code, strict = check(root, capsys, "--strict")
    assert code == 1
    assert " warning: " not in strict
    warnings = len(re.findall(r": warning: ", out))
    assert f"{warnings} error(s), 0 warning(s) (--strict: warnings count as errors)" in strict


def test_json_is_one_document_with_diagnostics_readability_and_languages(root, capsys):
    code, out = check(root, capsys, "--format", "json")
    assert code == 1
    doc = json.loads(out)  # one document, nothing else printed
    assert doc["strict"] is False
    assert doc["errors"] == 1 == sum(d["severity"] == "error" for d in doc["diagnostics"])
    [link] = [d for d in doc["diagnostics"] if d["code"] == "link.anchor"]
    assert link["path"] == "content/hsg/sections/links.md" and link["line"] == 6
    assert doc["readability"] == {"measure": "SMOG", "target": 6.0, "warning": 8.0}
    [hsg] = doc["leaflets"]
    assert hsg["id"] == "hsg" and hsg["review"]["date"] == "2029-11-01"
    sections = {s["id"]: s for s in hsg["readability"]["sections"]}
    assert sections["contacts"]["smog"] is None and sections["contacts"]["sentences"] == 1
    assert sections["risks"]["reading_age"] == round(sections["risks"]["smog"]) + 5
    assert hsg["readability"]["longest_sentences"][0]["words"] >= 20
    languages = {lang["lang"]: lang for lang in hsg["languages"]}
    assert languages["en"] == {"lang": "en", "published": True, "reason": None}
    assert set(languages) == {"en", "pl", "ar", "zh-Hans"}


def test_json_under_strict_counts_warnings_as_errors(root, capsys):
    _, out = check(root, capsys, "--format", "json", "--strict")
    doc = json.loads(out)
    assert doc["strict"] is True and doc["warnings"] == 0
    assert doc["errors"] == len(doc["diagnostics"]) > 1
