"""Tables on the website are as large as the body text (the theme shrinks them to 0.64rem),
measured in Chromium on a built leaflet page that has a table."""
from __future__ import annotations

import pytest

import support
from leaflets import pipeline
from leaflets.project import Project
from test_site_a11y import serve

TABLE = ("| When | What to do |\n|---|---|\n| The day before | Drink plenty of water. |\n"
         "| On the day | Arrive 15 minutes early. |\n")


@pytest.mark.browser
def test_table_text_is_as_large_as_body_text(tmp_path, browser):
    root = support.copy_project(tmp_path / "project", languages=["en"], formats=["html", "site"])
    section = root / "content/hsg/sections/preparation.md"
    section.write_text(section.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + TABLE, encoding="utf-8")
    result = pipeline.build(Project.at(root), tmp_path / "site")
    assert result.published, [str(d) for d in result.diagnostics.errors]
    with serve(tmp_path / "site") as server:
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"{server}en/hsg/", wait_until="load")
        sizes = page.evaluate("""() => {
            const size = el => parseFloat(getComputedStyle(el).fontSize);
            const p = document.querySelector('#preparation p');
            return {p: size(p), cells: [...document.querySelectorAll('#preparation td, #preparation th')].map(size)};
        }""")
        page.context.close()
    assert len(sizes["cells"]) == 6
    assert sizes["p"] >= 16 and all(cell == sizes["p"] for cell in sizes["cells"]), sizes
