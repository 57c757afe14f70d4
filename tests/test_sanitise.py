"""Hostile Markdown never reaches a patient's page as live markup."""
from __future__ import annotations

import struct
import zlib

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


# Link and image targets that could fetch or run something are refused outright at check time.
REFUSED = [h for h in HOSTILE if any(scheme in h.lower() for scheme in ("javascript:", "vbscript:", "file:", "data:"))]
SANITISED = [h for h in HOSTILE if h not in REFUSED]


def test_hostile_link_targets_are_errors_naming_file_and_line(small_project, tmp_path):
    section = small_project / "content/hsg/sections/arrival.md"
    first = len(section.read_text().split("\n")) + 1
    section.write_text(section.read_text() + "\n" + "\n\n".join(REFUSED) + "\n", encoding="utf-8")
    result = pipeline.build(Project.at(small_project), tmp_path / "site")
    assert not result.published and not (tmp_path / "site").exists()
    unsafe = [d for d in result.diagnostics.errors if d.code == "markdown.unsafe-target"]
    assert [(d.path, d.line) for d in unsafe] == [("content/hsg/sections/arrival.md", first + 2 * i)
                                                 for i in range(len(REFUSED))]


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.mark.slow
def test_hostile_markup_is_sanitised_in_the_built_page(small_project, tmp_path):
    (small_project / "content/hsg/x.png").write_bytes(one_pixel_png())  # the picture exists; its onerror must go
    section = small_project / "content/hsg/sections/arrival.md"
    section.write_text(section.read_text() + "\n" + "\n\n".join(SANITISED) + "\n", encoding="utf-8")
    result = pipeline.build(Project.at(small_project), tmp_path / "site")
    assert result.published, [str(d) for d in result.diagnostics]
    html = (tmp_path / "site/en/hsg/hsg-en.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "object", "embed", "form"])
    assert "onclick" not in html and "onerror" not in html and "onmouseover" not in html
    assert not soup.select("main [style]")
    assert "alert(1)" not in html


@pytest.mark.slow
def test_section_text_cannot_inject_template_code(small_project, tmp_path):
    section = small_project / "content/hsg/sections/arrival.md"
    section.write_text(section.read_text() + "\nTotal {{ 7*7 }} and {% if true %}x{% endif %}\n", encoding="utf-8")
    pipeline.build(Project.at(small_project), tmp_path / "site")
    text = (tmp_path / "site/en/hsg/hsg-en.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in text and "49" not in text
