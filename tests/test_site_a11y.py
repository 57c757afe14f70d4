"""Accessibility of the real site (the session's build of the project, ``built_site``), measured on
every HTML page a reader can open (the root index, each language's leaflet, easy-read, audio, A-Z,
departments, statement and 404 pages, the single-file documents and the braille proof-reading
pages) in real Chromium (Playwright driving /usr/bin/chromium): axe-core (WCAG 2.2 AA tags) in
light and dark schemes, the Nu HTML Checker, reflow at 320 CSS px, the WCAG 1.4.12 text-spacing
override, visible keyboard focus, no request to another origin, and printing.

The site is served over HTTP on 127.0.0.1 (a thread in this process), as a reader's browser would
see it. One browser for the session (conftest ``browser``); the pages are swept twice, once per
colour scheme, each page loaded once per sweep and every check of that scheme run on it; each test
then reads its own check's findings (our own pages have one colour scheme: the light sweep proves
that no style of theirs follows the reader's scheme, and the dark sweep does not measure them
again). The Nu checker runs in its own process meanwhile.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import support

pytestmark = pytest.mark.browser

TOOLS = Path(__file__).resolve().parent / "a11y"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM, CHROMIUM_ARGS = support.CHROMIUM, support.CHROMIUM_ARGS
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGS = {"en", "pl", "ar", "zh-Hans"}
# WCAG 1.4.12: the bookmarklet's override (line height 1.5, paragraphs 2em apart,
# letters 0.12em, words 0.16em).
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


# Where serve() gives axe-core beside the site: from the page's own origin, so Chromium keeps the
# script's compiled code from one page to the next (injected from a file, it is compiled again on
# every page: a third of each run). No page of a site can be there (a dot folder is never built).
AXE_URL = "/.a11y/axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (http.server's API)
        pass

    def translate_path(self, path):
        return str(AXE) if urlsplit(path).path == AXE_URL else super().translate_path(path)


@contextlib.contextmanager
def serve(folder: Path):
    """``folder`` over HTTP on 127.0.0.1 (a thread), and axe-core at AXE_URL; yields its address,
    ending in "/"."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def start_vnu(files: list[Path]) -> subprocess.Popen:
    """The Nu HTML Checker on ``files``, started in the background (it needs Java and a few seconds)."""
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("the Nu HTML Checker needs Java and vnu-jar: run scripts/setup.sh")
    # A run of seconds: the quick compiler only and one garbage-collector thread (the same findings,
    # about half the CPU, which the sweeps running meanwhile need).
    jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"]
    return subprocess.Popen([java, *jvm, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def vnu_errors(run: subprocess.Popen, root: Path) -> tuple[list[str], int]:
    """The checker's errors as ``page:line: message``, and its exit code."""
    out, err = run.communicate(timeout=300)
    messages = json.loads(err or out)["messages"]
    return ([f"{Path(urlsplit(m.get('url', '')).path).relative_to(root)}:{m.get('lastLine')}: {m['message']}"
             for m in messages if m["type"] == "error" or m.get("subType") == "fatal"], run.returncode)


@pytest.fixture(scope="module")
def server(built_site):
    with serve(built_site) as url:
        yield url


def single_file(rel: str) -> bool:
    """``<lang>/<leaflet>/<leaflet>-<lang>.html``, the whole leaflet as one file."""
    parts = rel.split("/")
    return len(parts) == 3 and parts[2] == f"{parts[1]}-{parts[0]}.html"


def own_page(rel: str) -> bool:
    """A page of ours, not the theme's: the language chooser, the single-file documents, the
    braille proof-reading pages, the easy-read and audio pages (one colour scheme, own masthead)."""
    return rel == "index.html" or single_file(rel) or rel.endswith("-braille.html") or \
        "/easy-read/" in rel or "/audio/" in rel


@pytest.fixture(scope="module")
def pages(built_site):
    found = support.html_pages(built_site)
    assert {p.split("/")[0] for p in found if "/" in p} == LANGS, found
    assert "index.html" in found
    for lang in LANGS:  # every kind of page is swept, in every language it exists in
        for rel in ("404.html", "index.html", "a-z/index.html", "departments/index.html",
                    "accessibility/index.html", "hsg/index.html", "hsg/easy-read/index.html", f"hsg/hsg-{lang}.html"):
            assert f"{lang}/{rel}" in found, (lang, rel)
    assert "en/hsg/audio/index.html" in found and "en/hsg/hsg-en-braille.html" in found
    return found


@pytest.fixture(scope="module")
def vnu(built_site, pages):
    return start_vnu([built_site / rel for rel in pages])


def axe_violations(page) -> list[str]:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run scripts/setup.sh (npm ci in tests/a11y)")
    page.add_script_tag(url="{0.scheme}://{0.netloc}".format(urlsplit(page.url)) + AXE_URL)  # the page's server
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           AXE_TAGS)
    assert result["passes"], "axe ran no rule"
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            f" {[n['failureSummary'] for n in v['nodes']][:1]}" for v in result["violations"]]


def _goto(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"


WIDTH = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"

TRUST = """() => {
  const el = document.querySelector('.leaflets-trust');
  if (!el) return null;
  const name = el.querySelector('.leaflets-trust__name').getBoundingClientRect();
  const logo = el.querySelector('img').getBoundingClientRect();
  const visible = r => r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;
  return [visible(name), visible(logo), getComputedStyle(el).visibility];
}"""

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

DESCRIBE = """el => {
  const at = [...document.getElementsByTagName('*')].indexOf(el);  // which element, for the order
  // mkdocs-material's colour toggle: hidden radio buttons; the one visible label is the control.
  if (el.matches('input.md-option')) el = el.closest('form').querySelector('label:not([hidden])');
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    at, tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 30),
    href: el.getAttribute('href'), outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0,
    shadow: s.boxShadow !== 'none', width: r.width, height: r.height,
    onscreen: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}"""

FOCUS_STYLE = f"""() => {{
  const el = document.activeElement;
  return !el || el === document.body ? null : ({DESCRIBE})(el);
}}"""

# Every element the Tab key stops at, in document order (the Tab order, as no element has a positive
# tabindex: POSITIVE_TABINDEX), each focused as the Tab key would (after one press of it, so the
# browser shows focus as a keyboard user sees it) and described as FOCUS_STYLE does. One stop a
# group of radio buttons (the checked one, else the first), as the Tab key does.
STOPS = ("a[href], area[href], button, input, select, textarea, summary, iframe, audio[controls], video[controls], "
         "[tabindex], [contenteditable]")
FOCUS_ALL = f"""() => {{
  const describe = {DESCRIBE}, out = [];
  for (const el of document.querySelectorAll({STOPS!r})) {{
    if (el.tabIndex < 0) continue;
    if (el.type === 'radio' && el.name) {{
      const group = [...document.querySelectorAll('input[type=radio]')].filter(r => r.name === el.name && r.form === el.form);
      if (el !== (group.find(r => r.checked) || group[0])) continue;
    }}
    el.focus();
    if (document.activeElement === el) out.push(describe(el));
  }}
  return out;
}}"""

POSITIVE_TABINDEX = "[...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80))"


def tab_stops(page) -> list[dict]:
    """Press Tab until focus leaves the page or comes back to its first stop: each stop, described
    (FOCUS_STYLE). A player's own buttons (``audio controls``) are stops of the player."""
    stops = page.evaluate(f"document.querySelectorAll({STOPS!r}).length")
    seen: list[dict] = []
    for _ in range(4 * stops + 10):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_STYLE)
        if info is None or seen and info["at"] == seen[0]["at"]:
            break  # focus left the document, or went round it: every stop was visited
        seen.append(info)
    return seen


def focus_problems(page, by_tab: bool = False) -> tuple[list[dict], list]:
    """Every focus stop of the page, and those whose focus cannot be seen. ``by_tab``: found by
    pressing Tab from the top (tab_stops, 50 ms a stop); otherwise focused in order in one script
    (FOCUS_ALL), which ``test_script_focus_order_is_the_tab_order`` proves visits the same stops."""
    if by_tab:
        seen = tab_stops(page)
    else:
        page.keyboard.press("Tab")  # the keyboard is in use: the browser shows focus as it would to its user
        seen = page.evaluate(FOCUS_ALL)
        page.evaluate("document.activeElement && document.activeElement.blur()")
    invisible: list = [i for i in seen if not (i["outline"] >= 2 or i["shadow"]) or i["width"] < 1 or not i["onscreen"]]
    positive = page.evaluate(POSITIVE_TABINDEX)
    if positive:
        invisible.append(f"a positive tabindex changes the Tab order: {positive}")
    candidates = page.evaluate(f"document.querySelectorAll({STOPS!r}).length")
    if len(seen) < min(5, candidates):
        invisible.append(f"only {len(seen)} of {candidates} focus stops")
    return seen, invisible


def tab_order(page) -> str | None:
    """Whether the script's stops (FOCUS_ALL) are the Tab key's, on a page where nothing has had focus
    yet (the Tab key starts at its top): what differs."""
    pressed = [(i["at"], i["tag"], i["text"]) for i in tab_stops(page)]
    pressed = [stop for n, stop in enumerate(pressed) if not n or stop != pressed[n - 1]]  # a player: one stop
    scripted = [(i["at"], i["tag"], i["text"]) for i in page.evaluate(FOCUS_ALL)]
    if pressed == scripted:
        return None
    return f"Tab: {len(pressed)} stops, script: {len(scripted)}; first difference at " \
           f"{next((n for n, (a, b) in enumerate(zip(pressed, scripted)) if a != b), min(len(pressed), len(scripted)))}: " \
           f"{[x for x in pressed if x not in scripted][:3]} / {[x for x in scripted if x not in pressed][:3]}"


def tab_sample(rel: str) -> bool:
    """The pages where the Tab key itself walks the page: one of each kind, in English (the
    order is the document's in every language and direction)."""
    return rel == "index.html" or rel.startswith("en/")


def record_foreign_requests(context, server) -> list[str]:
    """Every request the context's pages and workers make to anything but ``server``."""
    foreign = []
    origin = server.rstrip("/")
    context.on("request", lambda r: foreign.append(r.url)
               if not r.url.startswith((origin + "/", "data:", "blob:")) else None)
    return foreign


# Problems these checks found on the real site that are not fixed yet: each is skipped by its check,
# and test_known_problems_are_still_there fails once it is gone (then delete it here).
KNOWN = {
    # 0800 169 0 169 never breaks, and beside a 2.7 cm picture it is 9-11 px too wide at 320 px
    # with WCAG 1.4.12's letter spacing (not in Arabic, whose font is narrower).
    ("spacing-320", f"{lang}/hsg/easy-read/index.html"): "a phone number overflows the words' column"
    for lang in ("en", "pl", "zh-Hans")
}

# The Nu checker's findings of the same kind: (page, message).
KNOWN_VNU = {
    # liblouis reads a Polish braille cell back as the C1 control U+0080 (render_braille's read-back).
    ("pl/hsg/hsg-pl-braille.html", "Forbidden code point U+0080."),
}


class Findings(dict):
    """check name -> {page: what is wrong}; a check with nothing wrong still has its entry."""

    def __init__(self):
        super().__init__()
        self.ran: dict[str, set[str]] = {}  # check -> the pages it measured

    def add(self, check: str, rel: str, found) -> None:
        self.ran.setdefault(check, set()).add(rel)
        self.setdefault(check, {})
        if found:
            self[check][rel] = found

    def new(self, check: str) -> dict:
        """What ``check`` found, without the known problems."""
        return {rel: found for rel, found in self[check].items() if (check, rel) not in KNOWN}


SCHEME_RULES = """() => {
  const found = [];
  const media = m => m && [...m].some(q => q.includes('prefers-color-scheme'));
  const walk = rules => { for (const r of rules) {
    if (media(r.media)) found.push(r.cssText.slice(0, 80));
    if (r.cssRules) walk(r.cssRules);
    if (r.styleSheet) walk(r.styleSheet.cssRules);
  } };
  for (const sheet of document.styleSheets) { if (media(sheet.media)) found.push(sheet.href); walk(sheet.cssRules); }
  for (const el of [document.documentElement, document.body]) {
    const scheme = getComputedStyle(el).colorScheme;
    if (scheme && scheme !== 'normal') found.push(el.tagName + ' color-scheme: ' + scheme);
  }
  return found;
}"""


# After a resize: two frames on (the resize event and what the theme's script changes on it), the
# transitions it started (the theme's drawer slides and fades out as the page narrows; midway, its
# links can still take focus) are at their end, as a reader who narrowed the window finds them a
# moment later, and the page is at its top.
SETTLE = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (const a of document.getAnimations())
    if (a.effect && a.effect.getComputedTiming().endTime < Infinity) a.finish();
  window.scrollTo(0, 0);
}"""


def sweep(browser, server, pages, scheme: str) -> tuple[Findings, list[str], list[str]]:
    """Every page in ``scheme``, every check of that scheme on it, each page loaded once at 1280 px
    and then narrowed, as a reader's zoom narrows it (each load costs Chromium four times what a
    resize does). Light: axe and text spacing at 1280 px, the Tab order and focus at 390 px, reflow,
    the trust's name and text spacing at 320 px; on our own pages, that no style of theirs asks for
    the reader's colour scheme ("scheme-free": its media rules are there in either scheme), so the
    light sweep's findings are theirs in either scheme. Dark: on the theme's pages, axe, the Tab
    order and focus at 1280 px, and the search opened on each language's home (the worker, index and
    language support load), for the origin check. The Tab order is walked first on a page (from its
    top, as a reader who has just opened it)."""
    context = browser.new_context(color_scheme=scheme)
    foreign = record_foreign_requests(context, server)
    requested = []
    context.on("request", lambda r: requested.append(r.url))
    page = context.new_page()
    found = Findings()

    def narrow(width, height=900):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(SETTLE)

    for rel in pages:
        themed = not own_page(rel)
        if scheme == "dark" and not themed:
            continue
        page.set_viewport_size({"width": 1280, "height": 900})
        _goto(page, server + rel)
        if themed:
            expected = "slate" if scheme == "dark" else "default"
            found.add(f"scheme-{scheme}", rel, page.get_attribute("body", "data-md-color-scheme") != expected)
        else:
            found.add("scheme-free", rel, page.evaluate(SCHEME_RULES))
        found.add(f"axe-{scheme}", rel, axe_violations(page))
        if scheme == "dark":
            if tab_sample(rel):
                found.add("tab-order-1280-dark", rel, tab_order(page))
            found.add("focus-1280-dark", rel, focus_problems(page)[1])
            if rel.count("/") == 1 and rel.endswith("/index.html"):
                page.keyboard.press("s")
                page.keyboard.type("hsg")
                page.wait_for_load_state("networkidle")
            continue
        spacing = page.add_style_tag(content=TEXT_SPACING)
        found.add("spacing-1280", rel, page.evaluate(CLIPPED))
        spacing.evaluate("el => el.remove()")
        narrow(390)
        if tab_sample(rel):
            found.add("tab-order-390-light", rel, tab_order(page))
        found.add("focus-390-light", rel, focus_problems(page)[1])
        narrow(320, 640)
        width = page.evaluate(WIDTH)
        found.add("reflow-320", rel, width if width[0] > width[1] else None)
        if themed:  # the pages with their own masthead: test_site_pages.py
            shown = page.evaluate(TRUST)
            found.add("trust-320", rel, shown if shown != [True, True, "visible"] else None)
        page.add_style_tag(content=TEXT_SPACING)
        found.add("spacing-320", rel, page.evaluate(CLIPPED))
    context.close()
    return found, foreign, requested


@pytest.fixture(scope="module")
def light(browser, server, pages, vnu):
    return sweep(browser, server, pages, "light")[0]


@pytest.fixture(scope="module")
def dark(browser, server, pages, vnu):
    return sweep(browser, server, pages, "dark")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(light, dark, scheme):
    found = light if scheme == "light" else dark[0]
    assert found.new(f"scheme-{scheme}") == {}  # the theme shows the scheme the reader asked for
    assert found.new(f"axe-{scheme}") == {}


def test_nu_html_checker_finds_no_errors(built_site, vnu):
    errors, code = vnu_errors(vnu, built_site)
    where = {e: (e.split(":", 1)[0], e.split(": ", 1)[1]) for e in errors}  # page, message
    known = set(where.values()) & KNOWN_VNU
    assert [e for e in errors if where[e] not in KNOWN_VNU] == []
    assert known == KNOWN_VNU, "fixed: delete it from KNOWN_VNU"
    assert code == (1 if known else 0)


def test_the_trusts_name_and_logo_show_at_phone_width(light):
    assert light.new("trust-320") == {}


def test_no_page_scrolls_sideways_at_320_px(light):
    assert light.new("reflow-320") == {}


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_override_clips_nothing(light, width):
    assert light.new(f"spacing-{width}") == {}


@pytest.mark.parametrize("width, scheme", [(390, "light"), (1280, "dark")])
def test_keyboard_focus_is_visible_on_every_link_and_control(light, dark, width, scheme):
    found = light if scheme == "light" else dark[0]
    assert found.new(f"focus-{width}-{scheme}") == {}


@pytest.mark.parametrize("width, scheme", [(390, "light"), (1280, "dark")])
def test_script_focus_order_is_the_tab_order(light, dark, pages, width, scheme):
    """Where the Tab key walks the page too, it stops where the script does, in the same order."""
    found = light if scheme == "light" else dark[0]
    assert found.new(f"tab-order-{width}-{scheme}") == {}
    swept = found.ran[f"focus-{width}-{scheme}"]
    assert found.ran[f"tab-order-{width}-{scheme}"] == {rel for rel in swept if tab_sample(rel)}
    def kind(rel: str) -> str:  # the page with its language left out: en/hsg/hsg-en.html -> hsg/hsg-LANG.html
        lang, _, rest = rel.partition("/")
        return rest.replace(f"-{lang}.", "-LANG.").replace(f"-{lang}-", "-LANG-") if rest else rel
    assert {kind(rel) for rel in swept} == {kind(rel) for rel in swept if tab_sample(rel)}  # every kind of page


def test_no_request_leaves_the_origin(dark):
    _, foreign, requested = dark
    assert foreign == []
    assert any(u.endswith("/ar/search/search_index.json") for u in requested), "the search index was not loaded"


def test_known_problems_are_still_there(light, dark):
    found = {**light, **dark[0]}
    assert [key for key in KNOWN if key[1] not in found[key[0]]] == [], "fixed: delete it from KNOWN"


def test_every_check_ran_on_every_page(light, dark, pages):
    """No page slipped through the sweeps: each was measured by every check that applies to it."""
    for check in ("axe-light", "focus-390-light", "reflow-320", "spacing-320", "spacing-1280"):
        assert light.ran[check] == set(pages), check
    themed = {rel for rel in pages if not own_page(rel)}
    assert light.ran["trust-320"] == light.ran["scheme-light"] == dark[0].ran["scheme-dark"] == themed
    assert dark[0].ran["axe-dark"] == dark[0].ran["focus-1280-dark"] == themed
    assert light.ran["scheme-free"] == set(pages) - themed  # the light sweep's findings hold in dark
    assert len(themed) == 6 * len(LANGS)  # home, leaflet, A-Z, departments, statement, 404


def test_our_own_pages_look_the_same_in_either_scheme(light):
    assert light.new("scheme-free") == {}


def test_printing_gives_the_leaflet_alone(browser, server, pages):
    page = browser.new_context(viewport={"width": 700, "height": 1000}).new_page()
    page.emulate_media(media="print")
    leaflet_pages = [p for p in pages if p.count("/") == 2 and p.endswith("hsg/index.html")]
    assert len(leaflet_pages) == len(LANGS)
    for rel in leaflet_pages:
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
<style>a:focus { outline: none; } .clip { overflow: hidden; height: 1.2em; width: 10em; }
@media (prefers-color-scheme: dark) { p { color: #333; background: #000; } }</style></head>
<body><main><h1>Planted faults</h1>
<p style="color: #bbb; background: #fff">Text with too little contrast.</p>
<img src="x.png"><img src="http://192.0.2.1/tracker.png" alt=""><div style="width: 1000px">A wide block.</div>
<p class="clip">This paragraph is cut off as soon as a reader widens the spacing of its letters and words.</p>
<a href="#a">one</a> <a href="#b">two</a> <a href="#c">three</a> <a href="#d">four</a> <a href="#e">five</a>
</main></body></html>"""


def test_the_checks_catch_planted_faults(browser, server, tmp_path):
    """Each check above fails on a page with the fault it looks for (so none passes vacuously);
    the page is served in place of a real one, the shared build is left as it is."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    foreign = record_foreign_requests(context, server)
    page = context.new_page()
    page.route("http://192.0.2.1/**", lambda route: route.abort())
    page.route(server + "planted-fault.html", lambda route: route.fulfill(body=PLANTED, content_type="text/html"))
    _goto(page, server + "planted-fault.html")
    assert foreign == ["http://192.0.2.1/tracker.png"]
    ids = {v.split(":")[0] for v in axe_violations(page)}
    assert {"color-contrast", "image-alt"} <= ids
    width = page.evaluate(WIDTH)
    assert width[0] > width[1]
    page.add_style_tag(content=TEXT_SPACING)
    assert any("cut off" in c for c in page.evaluate(CLIPPED))
    assert page.evaluate(SCHEME_RULES)  # a style for the dark scheme only
    page.set_viewport_size({"width": 1280, "height": 900})
    for by_tab in (True, False):
        seen, invisible = focus_problems(page, by_tab)
        assert len(seen) == 5 and len(invisible) == 5, by_tab
    page.evaluate("document.querySelector('a').tabIndex = 2")
    assert any("positive tabindex" in str(i) for i in focus_problems(page)[1])
    context.close()
    (tmp_path / "planted.html").write_text(PLANTED, encoding="utf-8")  # an img without alt
    errors, code = vnu_errors(start_vnu([tmp_path / "planted.html"]), tmp_path)
    assert errors and code != 0


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
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
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
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    for start, other, expected in [("en/hsg/", "ar", "ar/hsg/"), ("ar/hsg/", "zh-Hans", "zh-Hans/hsg/"),
                                   ("pl/", "en", "en/"), ("zh-Hans/404.html", "pl", "pl/")]:
        _goto(page, server + start)
        page.focus(".md-select button")
        page.click(f".md-select__link[hreflang='{other}']")
        page.wait_for_url(server + expected, timeout=10_000)
        assert page.get_attribute("html", "lang") == other
    page.context.close()
