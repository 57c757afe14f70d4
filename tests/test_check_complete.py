"""``check`` finds everything ``build`` would refuse for a content reason, with the same code at
the same file and line.

Each case below is a copy of the project with one edit that, before ``check`` learnt it, only
the build found (while rendering the PDFs, the easy read or the website). The fast half asserts
that ``pipeline.check`` reports it (under the code of the rule that now finds it first: a
translation adding a picture is a safety problem before it is a PDF's); the slow half builds the
same fixture and asserts that the build reports exactly the same (code, file, line), and nothing
more of that code.

What only rendering can know is not a content reason, and ``check`` does not try:

- a PDF over its time limit, or a worker process that crashed (``pdf.render``, ``audio.render``);
- WeasyPrint's own warnings and errors while laying out a page (``pdf.weasyprint``);
- an easy-read PDF over 24 pages (``easy-read.pages``: the page count comes from the layout);
- the audio's loudness and chapters (``audio.loudness``, ``audio.chapters``: measured on the MP3).

(Tools missing from the machine are not content either, but ``check`` already reports them:
``braille.liblouis``, ``audio.tool``, ``audio.no-voice``.)
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural

from leaflets import pipeline
from leaflets.project import Project
from support import copy_project

GLYPH = "\U0001D2E0"  # MAYAN NUMERAL ZERO: no font this project installs has it
EASY_SENTENCE = "You are going to have an **X-ray** test."  # content/hsg/easy-read.md
SECTION_TEXT = "Information for patients hysterosalpingogram (HSG)"  # content/hsg/sections/about.md


def narrow(root: Path, languages: list[str], formats: list[str]) -> None:
    """The leaflet in ``languages`` and ``formats`` only, so that its build renders little."""
    meta = root / "content" / "hsg" / "leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"^languages: .*$", f"languages: [{', '.join(languages)}]", text, flags=re.M)
    text = re.sub(r"^formats: .*$", f"formats: [{', '.join(formats)}]", text, flags=re.M)
    if "audio" not in formats:
        text = re.sub(r"^audio: .*\n", "", text, flags=re.M)
    decisions = re.search(r"^unreviewed:\n((?:  .*\n)*)", text, flags=re.M)
    kept = [line for line in decisions[1].splitlines(keepends=True) if line.split(":")[0].strip() in languages]
    text = text.replace(decisions[0], "unreviewed:\n" + "".join(kept) if kept else "")
    meta.write_text(text, encoding="utf-8")


def edit_po(path: Path, msgid_start: str, change) -> int:
    """Change the one-line translation of the first msgid starting with ``msgid_start``
    (``change(msgstr) -> msgstr``, unquoted); return the line of its entry (its msgid)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f'msgid "{msgid_start}'))
    i = next(i for i in range(at, len(lines)) if lines[i].startswith("msgstr "))
    assert lines[i] != 'msgstr ""' and not lines[i + 1].startswith('"'), "a one-line translation"
    lines[i] = 'msgstr "' + change(lines[i][len('msgstr "'):-1]).replace('"', '\\"') + '"'
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def pl_po(root: Path, domain: str = "hsg") -> Path:
    return root / "locales" / "pl" / "LC_MESSAGES" / f"{domain}.po"


# --- the fixtures: (project copy) -> the (code, path, line) the build finds ---------------------------

def translation_adds_an_unsafe_picture(root):
    """Its PDF refused it (``pdf.unsafe-target``); a target the English lacks is a safety problem."""
    narrow(root, ["en", "pl"], ["html", "print"])
    edit_po(pl_po(root), SECTION_TEXT, lambda s: s + ' <img src="file:///etc/passwd" alt="x">')
    return "i18n.safety", "locales/pl/LC_MESSAGES/hsg.po"


def translation_adds_a_missing_picture(root):
    """Its PDF refused it (``pdf.missing-image``), the reference definition hiding it from the
    safety check's Markdown links."""
    narrow(root, ["en", "pl"], ["html", "print"])
    edit_po(pl_po(root), SECTION_TEXT, lambda s: s + " ![x][p]\\n[p]: no-such-picture.png")
    return "i18n.safety", "locales/pl/LC_MESSAGES/hsg.po"


def stylesheet_imports(root):
    narrow(root, ["en"], ["html", "print"])
    css = root / "templates" / "css" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + '\n@import "more.css";\n', encoding="utf-8")
    return "pdf.css-import", "templates/css/print.css"


def easy_read_stylesheet_imports(root):
    narrow(root, ["en"], ["html", "easy-read"])
    css = root / "templates" / "css" / "easy-read-print.css"
    css.write_text(css.read_text(encoding="utf-8") + '\n@import "more.css";\n', encoding="utf-8")
    return "pdf.css-import", "templates/css/easy-read-print.css"


def easy_read_translation_in_italics(root):
    narrow(root, ["en", "pl"], ["html", "easy-read"])
    edit_po(pl_po(root), EASY_SENTENCE, lambda s: s + " *Ważne*.")
    return "easy-read.translation-italics", "content/hsg/easy-read.md"


def easy_read_translation_too_long(root):
    narrow(root, ["en", "pl"], ["html", "easy-read"])
    edit_po(pl_po(root), EASY_SENTENCE, lambda s: s + " To" + " bardzo" * 15 + " ważne.")
    return "easy-read.translation-length", "content/hsg/easy-read.md"


def easy_read_translation_without_a_font(root):
    narrow(root, ["en", "pl"], ["html", "easy-read"])
    edit_po(pl_po(root), EASY_SENTENCE, lambda s: s + GLYPH)
    return "pdf.missing-glyph", "locales/pl/LC_MESSAGES/hsg.po"


def interface_translation_without_a_font(root):
    narrow(root, ["en", "pl"], ["html"])
    edit_po(pl_po(root, "ui"), "Contents", lambda s: s + GLYPH)
    return "pdf.missing-glyph", "locales/pl/LC_MESSAGES/ui.po"


def language_the_theme_lacks(root):
    """Somali (CLDR knows it; mkdocs-material has no interface translation for it), its
    catalogues the Polish ones relabelled."""
    narrow(root, ["en", "pl"], ["site"])
    meta = root / "content" / "hsg" / "leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("[en, pl]", "[en, so]").replace("  pl: {", "  so: {"),
                    encoding="utf-8")
    (root / "locales" / "pl").rename(root / "locales" / "so")
    plural = get_plural("so")
    for po in (root / "locales" / "so" / "LC_MESSAGES").glob("*.po"):
        text = po.read_text(encoding="utf-8").replace('"Language: pl\\n"', '"Language: so\\n"')
        text = re.sub(r'"Plural-Forms: .*?;\\n"\n', f'"Plural-Forms: nplurals={plural.num_plurals}; '
                      f'plural={plural.plural_expr};\\\\n"\n', text, count=1, flags=re.S)
        po.write_text(text, encoding="utf-8")
    return "site.theme-language", "mkdocs.yml"


def mkdocs_plugin_missing(root):
    narrow(root, ["en"], ["site"])
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - search", "  - no-such-plugin"), encoding="utf-8")
    return "site.mkdocs", "mkdocs.yml"


def mkdocs_setting_unknown(root):
    narrow(root, ["en"], ["site"])
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "no_such_setting: 1\n", encoding="utf-8")
    return "site.mkdocs-warning", "mkdocs.yml"


CASES = [translation_adds_an_unsafe_picture, translation_adds_a_missing_picture, stylesheet_imports,
         easy_read_stylesheet_imports, easy_read_translation_in_italics, easy_read_translation_too_long,
         easy_read_translation_without_a_font, interface_translation_without_a_font, language_the_theme_lacks,
         mkdocs_plugin_missing, mkdocs_setting_unknown]


def test_a_translation_may_not_add_a_link_in_raw_html(tmp_path):
    """Nothing refused it before: the website published the link."""
    root = copy_project(tmp_path / "project")
    line = edit_po(pl_po(root), SECTION_TEXT, lambda s: s + ' <a href="//elsewhere.example/">tutaj</a>')
    diags = pipeline.check(Project.at(root)).diagnostics
    unsafe = [d for d in diags if d.code == "i18n.safety"]
    assert [(d.path, d.line, d.holds) for d in unsafe] == [("locales/pl/LC_MESSAGES/hsg.po", line, ("hsg", "pl"))]
    assert "adds link //elsewhere.example/" in unsafe[0].message


def found(diagnostics, code: str) -> list[tuple[str, str, int]]:
    return sorted((d.code, d.path, d.line) for d in diagnostics if d.code == code)


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_check_reports_what_the_build_would_refuse(tmp_path, case):
    root = copy_project(tmp_path / "project")
    code, path = case(root)
    reported = found(pipeline.check(Project.at(root)).diagnostics, code)
    assert reported and {p for _c, p, _l in reported} == {path}, reported


@pytest.mark.slow
@pytest.mark.pdf
@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_the_build_reports_the_same_code_at_the_same_line(tmp_path, case):
    root = copy_project(tmp_path / "project")
    code, _path = case(root)
    checked = found(pipeline.check(Project.at(root)).diagnostics, code)
    built = pipeline.build(Project.at(root), tmp_path / "site").diagnostics
    assert checked and found(built, code) == checked  # the same, once: rendering found nothing more of it
