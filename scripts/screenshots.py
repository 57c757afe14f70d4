#!/usr/bin/env python3
"""Take the README's screenshots: at phone width (390 CSS px), light scheme, the HSG
leaflet page (under the trust's header) in English and in Arabic (right to left),
and the English A-Z page.

    python scripts/screenshots.py [--out docs/screenshots]

It builds the whole site as ``python build.py`` does (into a temporary folder),
serves it on 127.0.0.1 and photographs the pages with Chromium
(/usr/bin/chromium) through Playwright's Python package.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaflets import pipeline  # noqa: E402
from leaflets.diagnostics import format_text  # noqa: E402
from leaflets.project import Project  # noqa: E402

# (page in the site, screenshot file)
SHOTS = (("en/hsg/", "leaflet-en-phone.png"), ("ar/hsg/", "leaflet-ar-phone.png"), ("en/a-z/", "a-z-en-phone.png"))


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        result = pipeline.build(Project.at(ROOT), site)
        if not result.published:
            print(format_text(result.diagnostics), file=sys.stderr)
            return 1
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        opts.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu",
                                              "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                    color_scheme="light")
            for path, name in SHOTS:
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{path}", wait_until="networkidle")
                target = opts.out / name
                page.screenshot(path=str(target))
                print(target)
            browser.close()
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
