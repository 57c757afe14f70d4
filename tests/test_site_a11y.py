"""Accessibility of the website, measured on every page of every language in real
Chromium (Playwright driving /usr/bin/chromium): axe-core (WCAG 2.2 AA tags) in
light and dark schemes, the Nu HTML Checker, reflow at 320 CSS px, the WCAG
1.4.12 text-spacing override, visible keyboard focus, no request to another
origin, and printing.

The site is served over HTTP on 127.0.0.1 (a thread in this process), as a
reader's browser would see it. One browser for the whole module; pages are reused.
"""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

import sitebuild

TOOLS = Path(__file__).resolve().parent / "a11y"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# WCAG 1.4.12: the bookmarklet's override (line height 1.5, paragraphs 2em apart,
# letters 0.12em, words 0.16em).
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@pytest.fixture(scope="module")
def site():
    return sitebuild.site()


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site.root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (http.server's API)
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (Debian package 'chromium')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def pages(site):
    found = site.pages()
    langs = {p.split("/")[0] for p in found if "/" in p}
    assert langs == {"en", "pl", "ar", "zh-Hans"}, found
    # The pages about all the leaflets of a language are checked like every other page.
    for lang in langs:
        for folder in ("a-z", "departments", "accessibility"):
            assert f"{lang}/{folder}/index.html" in found, (lang, folder)
    return found


def _page(browser, **options):
    context = browser.new_context(**options)
    return context.new_page()


def _goto(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert result["passes"], "axe ran no rule"
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            f" {[n['failureSummary'] for n in v['nodes']][:1]}" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, server, pages, scheme):
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run scripts/setup.sh (npm ci in tests/a11y)")
    page = _page(browser, color_scheme=scheme)
    problems = {}
    for rel in pages:
        _goto(page, server + rel)
        single_file = rel.endswith(f"-{rel.split('/')[0]}.html")  # one colour scheme, no theme
        if rel != "index.html" and not single_file:
            expected = "slate" if scheme == "dark" else "default"
            assert page.get_attribute("body", "data-md-color-scheme") == expected, rel
        found = axe_violations(page)
        if found:
            problems[rel] = found
    page.context.close()
    assert problems == {}


def test_nu_html_checker_finds_no_errors(site, pages):
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("the Nu HTML Checker needs Java and vnu-jar: run scripts/setup.sh")
    files = [str(site.root / rel) for rel in pages]
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [f"{Path(urlsplit(m.get('url', '')).path).relative_to(site.root)}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == []
    assert run.returncode == 0


WIDTH = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"

TRUST = """() => {
  const el = document.querySelector('.leaflets-trust');
  if (!el) return null;
  const name = el.querySelector('.leaflets-trust__name').getBoundingClientRect();
  const logo = el.querySelector('img').getBoundingClientRect();
  const visible = r => r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;
  return [visible(name), visible(logo), getComputedStyle(el).visibility];
}"""


def test_the_trusts_name_and_logo_show_at_phone_width(browser, server, pages):
    page = _page(browser, viewport={"width": 320, "height": 640})
    hidden = {}
    for rel in pages:
        if rel == "index.html" or "/easy-read/" in rel or rel.endswith(f"-{rel.split('/')[0]}.html"):
            continue  # the language chooser, and the pages with their own masthead (test_site_pages.py)
        _goto(page, server + rel)
        shown = page.evaluate(TRUST)
        if shown != [True, True, "visible"]:
            hidden[rel] = shown
    page.context.close()
    assert hidden == {}


def test_no_page_scrolls_sideways_at_320_px(browser, server, pages):
    page = _page(browser, viewport={"width": 320, "height": 640})
    wide = {}
    for rel in pages:
        _goto(page, server + rel)
        width = page.evaluate(WIDTH)
        if width[0] > width[1]:
            wide[rel] = width
    page.context.close()
    assert wide == {}


CLIPPED = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || !el.offsetParent && style.position !== 'fixed') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) continue;  // visually hidden (screen-reader text)
    if (!el.innerText || !el.innerText.trim()) continue;
    const clipsX = ['hidden', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const clipsY = ['hidden', 'clip'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (clipsX || clipsY) out.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ': ' + el.innerText.trim().slice(0, 40));
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push('page scrolls sideways');
  return out;
}"""


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_override_clips_nothing(browser, server, pages, width):
    page = _page(browser, viewport={"width": width, "height": 800})
    clipped = {}
    for rel in pages:
        _goto(page, server + rel)
        page.add_style_tag(content=TEXT_SPACING)
        found = page.evaluate(CLIPPED)
        if found:
            clipped[rel] = found
    page.context.close()
    assert clipped == {}


FOCUS_STYLE = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // mkdocs-material's colour toggle: hidden radio buttons; the one visible label is the control.
  if (el.matches('input.md-option')) el = el.closest('form').querySelector('label:not([hidden])');
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30),
    href: el.getAttribute('href'), outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0,
    shadow: s.boxShadow !== 'none', width: r.width, height: r.height,
    onscreen: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}"""


def focus_problems(page) -> tuple[int, list[dict]]:
    """Tab through the page: how many stops, and those whose focus cannot be seen."""
    seen, invisible = 0, []
    stops = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]').length")
    for _ in range(stops + 5):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_STYLE)
        if info is None:
            break  # focus left the document: every stop was visited
        seen += 1
        if not (info["outline"] >= 2 or info["shadow"]) or info["width"] < 1 or not info["onscreen"]:
            invisible.append(info)
    return seen, invisible


@pytest.mark.parametrize("width, scheme", [(390, "light"), (1280, "dark")])
def test_keyboard_focus_is_visible_on_every_link_and_control(browser, server, pages, width, scheme):
    page = _page(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    invisible = {}
    for rel in pages:
        _goto(page, server + rel)
        seen, found = focus_problems(page)
        assert seen >= 5, f"{rel}: only {seen} focus stops"
        if found:
            invisible[rel] = found
    page.context.close()
    assert invisible == {}


def record_foreign_requests(page, server) -> list[str]:
    foreign = []
    origin = server.rstrip("/")
    page.on("request", lambda r: foreign.append(r.url)
            if not r.url.startswith((origin + "/", "data:", "blob:")) else None)
    return foreign


def test_no_request_leaves_the_origin(browser, server, pages):
    page = _page(browser, color_scheme="dark")
    foreign = record_foreign_requests(page, server)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    for rel in pages:
        _goto(page, server + rel)
        if rel != "index.html":
            # Open the search and type: loads the search worker, index and language support.
            page.keyboard.press("s")
            page.keyboard.type("hsg")
            page.wait_for_timeout(300)
        page.wait_for_load_state("networkidle")
    page.context.close()
    assert foreign == []
    assert any(u.endswith("/ar/search/search_index.json") for u in requested), "the search index was not loaded"


def test_printing_gives_the_leaflet_alone(browser, server, pages):
    page = _page(browser, viewport={"width": 700, "height": 1000})
    page.emulate_media(media="print")
    for rel in (p for p in pages if p.count("/") == 2 and p.endswith("hsg/index.html")):
        _goto(page, server + rel)
        shown = page.evaluate("""() => [...document.querySelectorAll(
            '.md-header, .md-sidebar, .md-search, .md-footer, nav.md-nav, [role=search]')]
            .filter(el => el.getClientRects().length > 0).map(el => el.className)""")
        assert shown == [], rel
        written = page.evaluate("""() => [...document.querySelectorAll('.other-formats a[href$=".pdf"], .other-formats a[href$=".html"]')]
            .map(a => getComputedStyle(a, '::after').content)""")
        lang = rel.split("/")[0]
        assert written and all(w.startswith(f'" ({server}{lang}/hsg/hsg-{lang}') for w in written), (rel, written)
        broken = page.evaluate("""() => [...document.querySelectorAll('a.tel')]
            .filter(a => a.getClientRects().length > 1).map(a => a.textContent)""")
        assert broken == [], rel
        assert page.evaluate("document.querySelectorAll('a.tel').length") >= 4
    page.context.close()


PLANTED = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Planted faults</title>
<style>a:focus { outline: none; } .clip { overflow: hidden; height: 1.2em; width: 10em; }</style></head>
<body><main><h1>Planted faults</h1>
<p style="color: #bbb; background: #fff">Text with too little contrast.</p>
<img src="x.png"><img src="http://192.0.2.1/tracker.png" alt=""><div style="width: 1000px">A wide block.</div>
<p class="clip">This paragraph is cut off as soon as a reader widens the spacing of its letters and words.</p>
<a href="#a">one</a> <a href="#b">two</a> <a href="#c">three</a> <a href="#d">four</a> <a href="#e">five</a>
</main></body></html>"""


def test_the_checks_catch_planted_faults(browser, server, site):
    """Each check above fails on a page with the fault it looks for (so none passes vacuously)."""
    (site.root / "planted-fault.html").write_text(PLANTED, encoding="utf-8")
    page = _page(browser, viewport={"width": 320, "height": 640})
    foreign = record_foreign_requests(page, server)
    page.route("http://192.0.2.1/**", lambda route: route.abort())
    _goto(page, server + "planted-fault.html")
    assert foreign == ["http://192.0.2.1/tracker.png"]
    ids = {v.split(":")[0] for v in axe_violations(page)}
    assert {"color-contrast", "image-alt"} <= ids
    width = page.evaluate(WIDTH)
    assert width[0] > width[1]
    page.add_style_tag(content=TEXT_SPACING)
    assert any("cut off" in c for c in page.evaluate(CLIPPED))
    page.set_viewport_size({"width": 1280, "height": 900})
    seen, invisible = focus_problems(page)
    assert seen == 5 and len(invisible) == 5
    page.context.close()


DIGIT_GROUPS = """() => [...document.querySelectorAll('#content a.tel')].map(a => {
  const node = a.firstChild, text = node.textContent, groups = [];
  for (const m of text.matchAll(/\\d+/g)) {
    const range = document.createRange();
    range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
    groups.push(range.getBoundingClientRect().left);
  }
  return {text, lefts: groups};
})"""


def test_phone_numbers_read_left_to_right_on_rtl_pages(browser, server, pages):
    page = _page(browser, viewport={"width": 390, "height": 844})
    checked = 0
    for rel in (p for p in pages if p.startswith("ar/") and p.endswith("hsg/index.html")):
        _goto(page, server + rel)
        for number in page.evaluate(DIGIT_GROUPS):
            assert len(number["lefts"]) >= 2 and number["lefts"] == sorted(number["lefts"]), number
            checked += 1
    page.context.close()
    assert checked >= 4


def test_language_switcher_goes_to_the_same_leaflet_in_the_browser(browser, server):
    """With the theme's script running: a click in the switcher opens the same leaflet."""
    page = _page(browser, viewport={"width": 1280, "height": 900})
    for start, other, expected in [("en/hsg/", "ar", "ar/hsg/"), ("ar/hsg/", "zh-Hans", "zh-Hans/hsg/"),
                                   ("pl/", "en", "en/"), ("zh-Hans/404.html", "pl", "pl/")]:
        _goto(page, server + start)
        page.wait_for_load_state("networkidle")
        page.focus(".md-select button")
        page.click(f".md-select__link[hreflang='{other}']")
        page.wait_for_load_state("networkidle")
        assert page.url == server + expected, start
        assert page.get_attribute("html", "lang") == other
    page.context.close()
