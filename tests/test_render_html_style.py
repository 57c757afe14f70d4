"""The single-file HTML's inline stylesheet reaches the browser as CSS (found
while validating the website, whose root page inlines the same stylesheet)."""
from __future__ import annotations

import lxml.html

from leaflets import pipeline
from leaflets.project import Project

import sitebuild


def test_inline_stylesheet_is_not_html_escaped(tmp_path):
    result = pipeline.build(Project.at(sitebuild.ROOT), tmp_path / "site")
    assert result.published
    page = lxml.html.fromstring((tmp_path / "site" / "en" / "hsg" / "hsg-en.html").read_bytes())
    css = page.find(".//style").text
    assert "&#34;" not in css and '"Segoe UI"' in css
