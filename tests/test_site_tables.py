"""Tables on the website are as large as the body text (the theme shrinks them to 0.64rem),
measured in Chromium on a built leaflet page that has a table."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

import sitebuild
from leaflets.project import Project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TABLE = ("| When | What to do |\n|---|---|\n| The day before | Drink plenty of water. |\n"
         "| On the day | Arrive 15 minutes early. |\n")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (http.server's API)
        pass


@pytest.mark.browser
def test_table_text_is_as_large_as_body_text(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    root = sitebuild.copy_project(tmp_path / "project")
    section = root / "content/hsg/sections/preparation.md"
    section.write_text(section.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + TABLE, encoding="utf-8")
    built = sitebuild.build(Project.at(root), tmp_path / "site", with_pdf=False, languages=())
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_Quiet, directory=str(built.root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/en/hsg/", wait_until="load")
            sizes = page.evaluate("""() => {
                const size = el => parseFloat(getComputedStyle(el).fontSize);
                const p = document.querySelector('#preparation p');
                return {p: size(p), cells: [...document.querySelectorAll('#preparation td, #preparation th')].map(size)};
            }""")
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert len(sizes["cells"]) == 6
    assert sizes["p"] >= 16 and all(cell == sizes["p"] for cell in sizes["cells"]), sizes
