#!/usr/bin/env python3
"""Take the README's screenshots: the HSG leaflet page at phone width (390 CSS px),
in English and in Arabic (right to left), light scheme.

    python scripts/screenshots.py [--catalogues DIR] [--out docs/screenshots]

Arabic comes from the catalogues in DIR (default: the project's locales/, laid
out as <lang_gettext>/LC_MESSAGES/<domain>.po), read here directly so the
screenshot can be taken before the catalogue work is merged. Needs Chromium
(/usr/bin/chromium) and Playwright's Python package.
"""
from __future__ import annotations

import argparse
import functools
import gettext
import http.server
import io
import sys
import tempfile
import threading
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaflets import pipeline, render_site, translate  # noqa: E402
from leaflets.diagnostics import Diagnostics, format_text  # noqa: E402
from leaflets.document import localize  # noqa: E402
from leaflets.project import Project  # noqa: E402
from leaflets.write import Staging  # noqa: E402

LANGS = ("en", "ar")


def catalogue(folder: Path, lang: str, domain: str):
    path = folder / lang.replace("-", "_") / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as f:
        return read_po(f)


def lookup(folder: Path, lang: str, domain: str):
    messages = {(m.context, m.id): m.string for m in catalogue(folder, lang, domain)
                if m.id and m.string and not m.fuzzy}
    return lambda message: messages.get((message.context, message.text))


def ui(folder: Path, lang: str) -> gettext.GNUTranslations | None:
    if lang == "en":
        return None
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(folder, lang, "ui"))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--catalogues", type=Path, default=ROOT / "locales")
    args.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    opts = args.parse_args()
    project = Project.at(ROOT)
    diags = Diagnostics()
    leaflet = next(lf for lf in pipeline.gather(project, diags) if lf.id == "hsg")
    plans = [translate.Plan(leaflet, "en", localize(leaflet, "en")),
             translate.Plan(leaflet, "ar", localize(leaflet, "ar", lookup(opts.catalogues, "ar", "hsg"), reviewed=False))]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        staging = Staging(site)
        for plan in plans:
            pipeline.render_leaflet(project, plan, staging)
        render_site.build(project, plans, staging, diags, ui=lambda lang: ui(opts.catalogues, lang))
        if diags.failed():
            print(format_text(diags), file=sys.stderr)
            return 1
        staging.publish()
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
            for lang in LANGS:
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{lang}/hsg/", wait_until="networkidle")
                target = opts.out / f"leaflet-{lang}-phone.png"
                page.screenshot(path=str(target))
                print(target)
            browser.close()
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
