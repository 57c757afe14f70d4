"""Every diagnostic code in one registry (leaflets/codes.py), the README's table made from it,
the ``suppress`` setting, and MkDocs' own warnings as diagnostics."""
from __future__ import annotations

import ast
import functools
import logging
import pickle
import re

import pytest

import sitebuild
from support import ROOT, copy_project

from leaflets import codes, pipeline, render_site
from leaflets.codes import CODES, EITHER, ERROR, WARNING
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project
from leaflets.write import Staging

CODE_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
CALLS = {"error": (3, ERROR), "warning": (3, WARNING), "report": (3, EITHER), "Diagnostic": (4, None)}


@functools.cache  # the package's source does not change during a test run
def used_codes() -> tuple[dict[str, set[str]], list[str]]:
    """code -> the severities it is reported with, from every module but the registry; and the
    call sites whose code is computed (a code must be a literal, or a name forwarding one)."""
    used: dict[str, set[str]] = {}
    computed = []
    for path in sorted((ROOT / "leaflets").glob("*.py")):
        if path.name == "codes.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            f = node.func if isinstance(node, ast.Call) else None
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
            if isinstance(node, ast.Call) and name in CALLS:
                index, severity = CALLS[name]
                arg = next((k.value for k in node.keywords if k.arg == "code"), None)
                if arg is None and len(node.args) > index:
                    arg = node.args[index]
                if name == "Diagnostic" and len(node.args) > 2 and isinstance(node.args[2], ast.Name):
                    severity = {"ERROR": ERROR, "WARNING": WARNING}.get(node.args[2].id)
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.setdefault(arg.value, set()).add(severity or EITHER)
                elif arg is not None and not isinstance(arg, (ast.Name, ast.Starred)) \
                        and not (isinstance(arg, ast.Attribute) and arg.attr == "code"):  # a Problem's own code
                    computed.append(f"{path.name}:{node.lineno}: {ast.unparse(arg)}")
            # A module constant naming codes an error reports through a name or a Problem
            # (``OUTSIDE = "path.outside-project"``; ``UNSAFE, MISSING = "picture.unsafe-svg", ...``).
            if isinstance(node, ast.Assign) and node in tree.body:
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for value in values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str) and CODE_RE.match(value.value) \
                            and "." in value.value and not value.value.endswith((".py", ".yml", ".md", ".html", ".toml", ".dis", ".tbl", ".ctb", ".uti")):
                        used.setdefault(value.value, set())  # its severity: where the name is used
            # A code ending a message printed without a Diagnostic: "... [area.kind]".
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for code in re.findall(r"\[([a-z][a-z0-9-]*\.[a-z][a-z0-9-]*)\]\s*$", node.value):
                    used.setdefault(code, set()).add(ERROR)
            # A (message, code) pair handed on to diags.error: read_front_matter's ``missing``,
            # yamlsource's _describe.
            pairs = []
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
                pairs.append(node.value)
            if isinstance(node, ast.Call):
                pairs += [a for a in node.args if isinstance(a, ast.Tuple)]
            for pair in pairs:
                if len(pair.elts) == 2 and isinstance(pair.elts[1], ast.Constant) \
                        and isinstance(pair.elts[1].value, str) and CODE_RE.match(pair.elts[1].value):
                    used.setdefault(pair.elts[1].value, set()).add(ERROR)
    return used, computed


def test_the_scan_reads_the_package():
    used, _ = used_codes()
    assert len(used) > 60
    assert used["review.due-soon"] == {WARNING} and used["yaml.syntax"] == {ERROR}
    assert used["meta.language"] == {ERROR, WARNING}
    assert used["schema.type"] == {ERROR} and used["section.front-matter"] == {ERROR}  # pairs handed on
    assert used["i18n.unknown-language"] == {ERROR}  # printed by i18n init, as "... [code]"


def test_every_code_used_is_registered_and_every_registered_code_is_used():
    used, computed = used_codes()
    assert not computed, "codes must be literals the registry test can see: " + "; ".join(computed)
    missing = sorted(set(used) - set(CODES))
    assert not missing, f"codes used but not in leaflets/codes.py: {missing}"
    unused = sorted(set(CODES) - set(used))
    assert not unused, f"codes in leaflets/codes.py that nothing reports: {unused}"


def test_registry_severities_match_their_use():
    used, _ = used_codes()
    wrong = {code: sorted(found) for code, found in used.items()
             if code in CODES and CODES[code].severity != EITHER and found and found != {CODES[code].severity}}
    assert not wrong, f"severity in leaflets/codes.py differs from its use: {wrong}"


def test_registry_codes_are_unique_and_well_formed():
    listed = [c.code for c in codes._CODES]
    assert len(listed) == len(set(listed))
    assert all(CODE_RE.match(c) for c in listed)
    assert all(c.severity in (ERROR, WARNING, EITHER) and c.meaning and "\n" not in c.meaning for c in codes._CODES)


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_table_of_codes_is_the_registry():
    text = readme()
    start, end = "<!-- codes: python -m leaflets.codes -->\n", "\n<!-- /codes -->"
    assert start in text and end in text, "the README's table of codes has lost its markers"
    table = text.split(start, 1)[1].split(end, 1)[0]
    assert table == codes.markdown_table(), "README's table of codes differs: paste `python -m leaflets.codes`"


def test_every_code_the_readme_names_exists():
    """Codes in backticks (tables, prose) and in ``[code]`` of example output; file names are not codes."""
    text = readme()
    named = set(re.findall(r"`([a-z][a-z0-9-]*\.[a-z][a-z0-9-]*)`|\[([a-z][a-z0-9-]*\.[a-z][a-z0-9-]*)\]", text))
    named = {a or b for a, b in named}
    files = re.compile(r"\.(py|yml|yaml|md|toml|css|html|po|pot|svg|pdf|json|txt)$")
    areas = {c.split(".")[0] for c in CODES}
    unknown = sorted(n for n in named - set(CODES) if not files.search(n) and n.split(".")[0] in areas)
    assert len(named & set(CODES)) > 40 and not unknown, f"the README names codes that do not exist: {unknown}"


# --- suppress ----------------------------------------------------------------------------------

def test_suppressed_warnings_are_dropped_however_they_are_added_but_errors_are_kept():
    diags = Diagnostics(suppress=["readability.smog"])
    diags.warning("a.md", 1, "hard to read", "readability.smog")
    diags.error("a.md", 2, "an error with the same code is never suppressed", "readability.smog")
    other = Diagnostics()
    other.warning("b.md", 3, "hard to read", "readability.smog")
    other.warning("b.md", 4, "review soon", "review.due-soon")
    diags.extend(other)
    diags += other
    assert [(d.line, d.severity) for d in diags] == [(2, "error"), (4, "warning"), (4, "warning")]
    again = pickle.loads(pickle.dumps(diags))  # as worker processes hand them back
    assert again == diags and again.suppress == {"readability.smog"}


@pytest.mark.slow
def test_suppress_setting_silences_a_warning_and_refuses_errors_and_unknown_codes(tmp_path):
    copy = copy_project(tmp_path / "project")
    before = pipeline.check(Project.at(copy)).diagnostics
    assert "readability.smog" in {d.code for d in before.warnings}  # the real content provokes it
    pyproject = copy / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert "[tool.leaflets]\n" in text
    pyproject.write_text(text.replace("[tool.leaflets]\n", "[tool.leaflets]\n"
                                      'suppress = ["readability.smog", "meta.id", "no.such-code"]\n', 1),
                         encoding="utf-8")
    line = pyproject.read_text(encoding="utf-8").split("\n").index(
        'suppress = ["readability.smog", "meta.id", "no.such-code"]') + 1
    after = pipeline.check(Project.at(copy)).diagnostics
    assert "readability.smog" not in after.codes()
    assert {d for d in before if d.code != "readability.smog"} <= set(after)
    settings = [(d.path, d.line, d.message) for d in after if d.code == "settings.suppress"]
    assert [(p, ln) for p, ln, _ in settings] == [("pyproject.toml", line)] * 2
    assert "'meta.id' is an error" in settings[0][2] and "'no.such-code' is not a diagnostic code" in settings[1][2]


# --- MkDocs' own warnings ----------------------------------------------------------------------

def english_site(project: Project, tmp_path) -> Diagnostics:
    diags = Diagnostics()
    staging = Staging(tmp_path / "site")
    try:
        render_site.build(project, sitebuild.plans(project, ()), staging, diags)
    finally:
        staging.discard()
    return diags


def test_an_mkdocs_config_warning_becomes_a_diagnostic_on_mkdocs_yml(tmp_path):
    copy = copy_project(tmp_path / "project")
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "no_such_setting: 1\n", encoding="utf-8")
    diags = english_site(Project.at(copy), tmp_path)
    warnings = [d for d in diags if d.code == "site.mkdocs-warning"]
    assert [(d.path, d.severity) for d in warnings] == [("mkdocs.yml", "warning")]
    assert "no_such_setting" in warnings[0].message and "(en website)" in warnings[0].message
    assert [d.code for d in diags.errors] == ["site.mkdocs"]  # strict mode: the warning stops the build


@pytest.mark.slow
def test_an_mkdocs_warning_while_reading_a_page_is_reported_at_its_leaflet(tmp_path, monkeypatch):
    from mkdocs.structure.pages import Page

    render = Page.render

    def render_and_warn(self, config, files):
        logging.getLogger("mkdocs.structure.pages").warning("something MkDocs found on this page")
        return render(self, config, files)

    monkeypatch.setattr(Page, "render", render_and_warn)
    diags = english_site(Project.at(ROOT), tmp_path)
    found = {(d.path, d.message) for d in diags if d.code == "site.mkdocs-warning"}
    assert ("content/hsg/leaflet.yml",
            "MkDocs (en website, page en/hsg/): something MkDocs found on this page") in found
    assert ("mkdocs.yml", "MkDocs (en website, page en/): something MkDocs found on this page") in found
