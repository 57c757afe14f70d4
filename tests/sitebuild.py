"""The website as the tests see it: built once per test session, from the real
project, in English and in three fake translations (pl, ar for right to left,
zh-Hans), through the same functions the pipeline calls.

The fake translations stand in until the catalogues land. Polish prefixes
"[pl]"; Arabic and Chinese replace every Latin word with a word of their
script (so right-to-left text really surrounds the phone numbers, as in a real
Arabic sentence), keeping numbers. Messages containing a "2" stay English (so
fallback passages, marked lang="en", appear on every page). They are
unreviewed, so the draft notice shows.
"""
from __future__ import annotations

import support

import atexit
import functools
import gettext
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from leaflets import pipeline, render_html, render_site, translate
from leaflets.diagnostics import Diagnostics
from leaflets.document import localize
from leaflets.project import Project
from leaflets.write import Staging

ROOT = Path(__file__).resolve().parent.parent
FAKE_LANGUAGES = ("pl", "ar", "zh-Hans")
LARGE_PRINT_SIZE = 180 * 1024  # a stand-in large-print PDF until the PDF work lands


# A word every fake translation contains, in the language's own script.
MARK = {"pl": "[pl]", "ar": "نص", "zh-Hans": "文字"}


def fake_text(lang: str, text: str) -> str:
    if lang in ("ar", "zh-Hans"):
        # Keep placeholders ("%(name)s") as a translator would.
        return MARK[lang] + " " + re.sub(r"(%\([a-z_]+\)[sd])|[A-Za-z][A-Za-z'’]*",
                                         lambda m: m.group(1) or MARK[lang], text)
    return f"{MARK[lang]} {text}"


def fake_lookup(lang: str):
    return lambda message: None if "2" in message.text else fake_text(lang, message.text)


class FakeUI(gettext.NullTranslations):
    """Interface strings "translated" the same way, for languages without a catalogue."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        return fake_text(self.lang, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return fake_text(self.lang, singular if n == 1 else plural)


@dataclass(frozen=True)
class Site:
    root: Path
    plans: tuple
    fake: frozenset  # languages shown with a fake translation

    def pages(self) -> list[str]:
        """Every HTML page a patient can open, relative to the root: the website's pages and
        the single-file documents (``<lang>/<leaflet>/<leaflet>-<lang>.html``)."""
        found = []
        for path in sorted(self.root.rglob("*.html")):
            rel = path.relative_to(self.root).as_posix()
            parts = rel.split("/")
            single_file = len(parts) == 3 and parts[2] == f"{parts[1]}-{parts[0]}.html"
            if rel == "index.html" or rel.endswith(("/index.html", "/404.html")) or single_file:
                found.append(rel)
        return found


def plans(project: Project, languages=FAKE_LANGUAGES) -> list[translate.Plan]:
    """English and ``languages``: the real plan where the catalogues publish it, else a fake one."""
    diags = Diagnostics()
    leaflets = pipeline.gather(project, diags)
    assert not diags.failed(False), diags
    out = []
    for leaflet in leaflets:
        out.append(translate.plan(project, leaflet, "en", diags))
        for lang in languages:
            real = translate.plan(project, leaflet, lang, diags)
            out.append(real if real.document is not None else
                       translate.Plan(leaflet, lang, localize(leaflet, lang, lookup=fake_lookup(lang), reviewed=False)))
    assert not diags.failed(False), diags
    return out


def is_fake(plan: translate.Plan) -> bool:
    return plan.lang in MARK and plan.document.title.text.startswith(MARK[plan.lang])


def build(project: Project, out: Path, with_pdf: bool = True, languages=FAKE_LANGUAGES) -> Site:
    staging = Staging(out)
    all_plans = plans(project, languages)
    try:
        for plan in all_plans:
            render_html.render(pipeline.context(project, staging, plans=[plan]), [plan])
            pdf = f"{plan.lang}/{plan.leaflet.id}/{plan.leaflet.id}-{plan.lang}-large-print.pdf"
            if with_pdf and pdf not in staging.written:  # until the PDF work renders the real one
                staging.write(pdf, b"%PDF-1.7\n" + b"0" * (LARGE_PRINT_SIZE - 9))
        diags = Diagnostics()
        fake = {p.lang for p in all_plans if is_fake(p)}
        render_site.build(project, all_plans, staging, diags,
                          ui=lambda lang: FakeUI(lang) if lang in fake else None)
        assert not diags.failed(True), diags
    except BaseException:
        staging.discard()
        raise
    staging.publish()
    return Site(Path(out), tuple(all_plans), frozenset(p.lang for p in all_plans if is_fake(p)))


def copy_project(dest: Path) -> Path:
    """A copy of the project to change in a test (content, catalogues, templates, configuration)."""
    return support.copy_project(dest)


@functools.lru_cache(maxsize=1)
def site() -> Site:
    folder = Path(tempfile.mkdtemp(prefix="leaflets-test-site-"))
    atexit.register(shutil.rmtree, folder, True)
    return build(Project.at(ROOT), folder / "site")
