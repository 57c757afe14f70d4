"""Hostile Markdown never reaches a patient's page as live markup."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from leaflets import pipeline
from leaflets.markup import render_inline
from leaflets.project import Project

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x.png" alt="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[file](file:///etc/passwd)",
    "![pixel](data:image/png;base64,iVBORw0KGgo=)",
    '[styled](https://example.org){: onclick="alert(1)" style="color:red" }',
    '**bold**{: onmouseover="alert(1)" }',
    '<iframe src="https://example.org"></iframe>',
    '<a href="https://example.org" onclick="alert(1)" style="x">a</a>',
    "<svg><script>alert(1)</script></svg>",
    '<object data="x.swf"></object><embed src="x.swf">',
    "<form action=https://evil.example><input name=x></form>",
    "<style>body{display:none}</style>",
    '<a href="vbscript:msgbox(1)">v</a>',
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_neutralised(source):
    soup = BeautifulSoup(str(render_inline(source)), "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in {"script", "iframe", "object", "embed", "form", "input", "style", "svg"}, source
        for attr, value in tag.attrs.items():
            assert not attr.startswith("on"), source
            assert attr != "style", source
            if attr in ("href", "src"):
                assert value.split(":")[0].strip().lower() not in {"javascript", "vbscript", "data", "file"}, source


def test_hostile_section_builds_inert_output(project_root, tmp_path):
    section = project_root / "content/hsg/sections/arrival.md"
    section.write_text(section.read_text() + "\n" + "\n\n".join(HOSTILE[:1] + HOSTILE[2:]) + "\n", encoding="utf-8")
    result = pipeline.build(Project.at(project_root), tmp_path / "site")
    assert result.published, [str(d) for d in result.diagnostics]
    html = (tmp_path / "site/en/hsg/hsg-en.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "object", "embed", "form"])
    assert "javascript:" not in html.lower() and "onclick" not in html and "onerror" not in html
    assert not soup.select("main [style]")


def test_section_text_cannot_inject_template_code(project_root, tmp_path):
    section = project_root / "content/hsg/sections/arrival.md"
    section.write_text(section.read_text() + "\nTotal {{ 7*7 }} and {% if true %}x{% endif %}\n", encoding="utf-8")
    pipeline.build(Project.at(project_root), tmp_path / "site")
    text = (tmp_path / "site/en/hsg/hsg-en.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in text and "49" not in text
