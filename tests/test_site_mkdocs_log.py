"""MkDocs' own log records become diagnostics at their source: a setting at its line in
mkdocs.yml, a page's problem at the line of the leaflet text (or catalogue entry) holding the
link MkDocs names; a failed MkDocs build is reported there too, not at mkdocs.yml:1."""
from __future__ import annotations

import logging

import pytest

from leaflets import pipeline, render_site, site_config
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project
from leaflets.write import Staging
from support import copy_project

LINK_LINE = "See [the risks](#risks)."
PL_LINK_LINE = "Zobacz [ryzyka](#risks)."


def with_unknown_setting(root) -> int:
    """mkdocs.yml with a setting MkDocs does not know; its line."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("use_directory_urls: true\n",
                                                      "use_directory_urls: true\nno_such_setting: 1\n")
    config.write_text(text, encoding="utf-8")
    return text.split("\n").index("no_such_setting: 1") + 1


def test_check_reports_an_unknown_setting_and_the_failure_at_its_line(tmp_path):
    root = copy_project(tmp_path / "project")
    line = with_unknown_setting(root)
    assert line > 1
    diags = pipeline.check(Project.at(root)).diagnostics
    site = [(d.path, d.line, d.severity, d.code) for d in diags if d.code.startswith("site.")]
    assert site == [("mkdocs.yml", line, "warning", "site.mkdocs-warning"), ("mkdocs.yml", line, "error", "site.mkdocs")]
    assert "no_such_setting" in diags[[d.code for d in diags].index("site.mkdocs-warning")].message


@pytest.mark.slow
def test_a_failed_website_build_is_reported_where_mkdocs_found_the_problem(tmp_path):
    root = copy_project(tmp_path / "project")
    line = with_unknown_setting(root)
    project = Project.at(root)
    plans = [p for p in pipeline.check(project).plans if p.lang == "en"]
    diags, staging = Diagnostics(), Staging(tmp_path / "site")
    try:
        assert not render_site.build(project, plans, staging, diags), "a failed website writes nothing"
    finally:
        staging.discard()
    assert [(d.path, d.line) for d in diags.errors] == [("mkdocs.yml", line)]
    assert [d.code for d in diags.errors] == ["site.mkdocs"]


def test_a_page_warning_is_reported_at_the_text_holding_the_link(tmp_path):
    root = copy_project(tmp_path / "project")
    about = root / "content" / "hsg" / "sections" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n{LINK_LINE}\n", encoding="utf-8")
    po = root / "locales" / "pl" / "LC_MESSAGES" / "hsg.po"
    po.write_text(po.read_text(encoding="utf-8") + f'\nmsgctxt "about"\nmsgid "{LINK_LINE}"\nmsgstr "{PL_LINK_LINE}"\n',
                  encoding="utf-8")
    project = Project.at(root)
    result = pipeline.check(project)
    assert not result.diagnostics.errors, result.diagnostics.errors
    docs = {p.lang: p.document for p in result.plans}
    record = "Doc file 'hsg/index.md' contains a link '#risks', but there is no such anchor on this page."
    where = {}
    for lang in ("en", "pl"):
        diags = Diagnostics()
        with site_config.mkdocs_log(lang, (docs[lang],), diags, root):
            logging.getLogger("mkdocs.structure.pages").warning(record)
            logging.getLogger("mkdocs.commands.build").warning("something about the whole site")
        assert [d.code for d in diags] == ["site.mkdocs-warning"] * 2
        assert diags[0].message == f"MkDocs ({lang} website, page {lang}/hsg/): {record}"
        assert (diags[1].path, diags[1].line) == ("mkdocs.yml", 1)
        where[lang] = (diags[0].path, diags[0].line)
    assert where["en"] == ("content/hsg/sections/about.md",
                           about.read_text(encoding="utf-8").split("\n").index(LINK_LINE) + 1)
    assert where["pl"] == ("locales/pl/LC_MESSAGES/hsg.po",
                           po.read_text(encoding="utf-8").split("\n").index(f'msgid "{LINK_LINE}"') + 1)
