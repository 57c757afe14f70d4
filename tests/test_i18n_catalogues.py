"""Catalogues: extract, init, update (fuzzy with #|, obsolete #~), strict reading, GNU/pofilter hygiene."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from i18n_support import ROOT, edit_entry, fill, leaflets_of, project_copy
from leaflets import catalogues, cli, pofile
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project

VENV_BIN = Path(sys.executable).parent


def repo_catalogues() -> list[Path]:
    return sorted((ROOT / "locales").glob("*.pot")) + sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))


def test_extract_is_deterministic_and_the_repo_templates_are_current(tmp_path):
    root = project_copy(tmp_path)
    assert cli.main(["--root", str(root), "i18n", "extract"]) == 0
    first = {p.name: p.read_bytes() for p in (root / "locales").glob("*.pot")}
    assert cli.main(["--root", str(root), "i18n", "extract"]) == 0
    second = {p.name: p.read_bytes() for p in (root / "locales").glob("*.pot")}
    assert first == second
    committed = {p.name: p.read_bytes() for p in (ROOT / "locales").glob("*.pot")}
    assert first == committed, "locales/*.pot are out of date: run python build.py i18n extract"


def test_extract_changes_the_creation_date_only_when_messages_change(tmp_path):
    root = project_copy(tmp_path)
    pot = root / "locales" / "hsg.pot"
    before = read_po(pot.open("rb")).creation_date
    section = root / "content" / "hsg" / "sections" / "arrival.md"
    section.write_text(section.read_text(encoding="utf-8").replace("level 3", "level 4"), encoding="utf-8")
    catalogues.extract(Project.at(root), leaflets_of(root))
    after = read_po(pot.open("rb"))
    assert any("level 4" in m.id for m in after if m.id)
    assert after.creation_date >= before


def test_one_message_per_block_with_context_reference_and_notes():
    catalog = read_po((ROOT / "locales" / "hsg.pot").open("rb"))
    messages = [m for m in catalog if m.id]
    risks = [m for m in messages if m.context == "risks"]
    # title + four paragraphs, each its own message
    assert len(risks) == 5
    dose = next(m for m in risks if "<1mSv" in m.id)
    lines = (ROOT / "content/hsg/sections/risks.md").read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("Radiation exposure"))
    assert dose.locations == [("content/hsg/sections/risks.md", line)]
    assert any("millisievert" in c for c in dose.auto_comments)
    assert "Section: What are the risks?" in dose.auto_comments
    # Metadata patients read is translatable, in its own contexts.
    ids = {(m.context, m.id) for m in messages}
    assert ("leaflet", "Hysterosalpingogram (HSG) - information for patients") in ids
    assert ("contact:booking", "Fluoroscopy booking team") in ids
    assert ("contact:booking", "Monday to Friday, 09:00 to 16:45 except bank holidays") in ids
    # Phone numbers come from the metadata, never from a translation.
    assert not any(m.id.strip() in ("01223 216455", "+44 (0)1223 245151") for m in messages)


def test_ui_template_has_the_template_strings():
    catalog = read_po((ROOT / "locales" / "ui.pot").open("rb"))
    ids = {m.id for m in catalog if m.id}
    assert "This translation has not yet been checked by a qualified translator." in ids
    assert "Contents" in ids
    assert next(m for m in catalog if m.id == "Call %(name)s on %(phone)s.").python_format


def test_every_interface_message_has_a_context_and_a_note_saying_where_it_appears():
    catalog = read_po((ROOT / "locales" / "ui.pot").open("rb"))
    messages = [m for m in catalog if m.id]
    assert len(messages) > 50
    assert [m.id for m in messages if not m.context] == []
    assert [m.id for m in messages if not "".join(m.auto_comments).strip()] == []
    # The format labels: one context, one note, the same in every template that lists them.
    labels = [m for m in messages if m.context == "format label"]
    assert {m.id for m in labels} >= {"Large print", "Print version", "Easy read", "Braille", "Audio",
                                      "Single web page to save or email", "Web page"}
    assert len({tuple(m.auto_comments) for m in labels}) == 1
    assert {loc[0] for m in labels for loc in m.locations} == {"leaflets/outputs.py"}  # one place: the registry


def test_a_note_covers_the_messages_after_it_in_its_file_and_context_only(tmp_path):
    (tmp_path / "a.html").write_text(
        '{# Translators: names of things #}\n'
        '{% set names = {"x": pgettext("labels", "One"),\n"y": pgettext("labels", "Two")} %}\n'
        '{{ pgettext("other", "Three") }}\n'
        '{# Translators: a heading #}\n{{ pgettext("labels", "Four") }}\n', encoding="utf-8")
    (tmp_path / "b.html").write_text('{{ pgettext("labels", "Five") }}\n', encoding="utf-8")
    notes = {(m.context, m.id): m.auto_comments for m in catalogues.ui_template(tmp_path)
             if m.id and m.locations[0][0].startswith("templates/")}  # not the formats' labels (leaflets/outputs.py)
    assert notes == {("labels", "One"): ["names of things"], ("labels", "Two"): ["names of things"],
                     ("other", "Three"): [], ("labels", "Four"): ["a heading"], ("labels", "Five"): []}


def test_every_repo_interface_catalogue_translates_every_message_under_its_context():
    template = {(m.context, m.id) for m in read_po((ROOT / "locales" / "ui.pot").open("rb")) if m.id}
    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/ui.po")):
        catalog = read_po(po.open("rb"))
        current = {(m.context, m.id): m for m in catalog if m.id}
        assert set(current) == template, po
        assert [k for k, m in current.items() if not m.string or m.fuzzy] == [], po
        assert catalog.obsolete == {}, po
        assert "X-Review-Status: unreviewed" in po.read_text(encoding="utf-8")


def test_init_starts_every_domain_unreviewed(tmp_path):
    root = project_copy(tmp_path, with_locales=False)
    assert cli.main(["--root", str(root), "i18n", "init", "zh-Hans"]) == 0
    for domain in ("hsg", "ui"):
        path = root / "locales" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
        text = path.read_text(encoding="utf-8")
        assert '"X-Review-Status: unreviewed\\n"' in text
        assert '"Language: zh_Hans\\n"' in text
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    assert cli.main(["--root", str(root), "i18n", "init", "xx-Nope"]) == 2


@pytest.mark.slow
def test_update_keeps_a_changed_translation_as_fuzzy_with_previous_msgid(tmp_path):
    root = project_copy(tmp_path)
    paths = fill(root, "pl", lambda s: "PL " + s)
    old = "Some patients like to take pain relief one hour before the procedure."
    assert old in (root / "content/hsg/sections/discomfort.md").read_text(encoding="utf-8")
    section = root / "content" / "hsg" / "sections" / "discomfort.md"
    section.write_text(section.read_text(encoding="utf-8").replace("one hour", "two hours"), encoding="utf-8")
    arrival = root / "content" / "hsg" / "sections" / "arrival.md"
    arrival.write_text(arrival.read_text(encoding="utf-8").replace(
        "You are welcome to bring a dressing gown from home if you wish.", ""), encoding="utf-8")
    smoke = root / "content" / "hsg" / "sections" / "smoke-free.md"
    removed = smoke.read_text(encoding="utf-8").split("---\n", 2)[2].strip()
    smoke.write_text(smoke.read_text(encoding="utf-8").replace(removed, "Smoking is not allowed."), encoding="utf-8")

    for _ in range(2):  # a second update must not lose the previous msgid
        assert cli.main(["--root", str(root), "i18n", "update"]) == 0
        text = paths["hsg"].read_text(encoding="utf-8")
        catalog = pofile.read(paths["hsg"], "hsg.po", Diagnostics())
        changed = next(m for m in catalog if m.id and "two hours" in m.id)
        assert changed.fuzzy
        assert changed.string.startswith("PL ") and "one hour" in changed.string  # the old translation is kept
        assert changed.previous_id and "one hour" in changed.previous_id[0]
        assert '#| msgid ""' in text or '#| msgid "' in text
        # A paragraph whose English is gone entirely stays as an obsolete entry, translation and all.
        assert any(m.string.startswith("PL ") and "bank holidays" not in m.id for m in catalog.obsolete.values()) \
            or "#~ " in text
        assert "#~ msgctxt" in text
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(paths["hsg"])], check=True)
        # Other languages merged from the same template keep their own text (no leak between languages).
        for other in ("ar", "zh_Hans"):
            other_po = root / "locales" / other / "LC_MESSAGES" / "hsg.po"
            assert "PL " not in other_po.read_text(encoding="utf-8")
    # msgfmt reads the #| lines as the previous msgid (msgattrib --only-fuzzy shows them back)
    shown = subprocess.run(["msgattrib", "--only-fuzzy", str(paths["hsg"])], capture_output=True, text=True,
                           check=True).stdout
    assert "#| msgid" in shown and "one hour" in shown


# body (after the 11 header lines), expected 1-based line in the whole file, code
BAD_CATALOGUES = {
    "syntax": ('msgid "A"\nmsgstr "B"\n\nmsgid "C\nmsgstr "D"\n', 11 + 4, "i18n.po-syntax"),
    "keyword": ('msgid "A"\nmsgstr "B"\n\nmsgid "C"\nmsgtsr "D"\n', 11 + 5, "i18n.po-syntax"),
    "duplicate": ('msgid "A"\nmsgstr "B"\n\nmsgctxt "x"\nmsgid "A"\nmsgstr "B"\n\nmsgid "A"\nmsgstr "C"\n',
                  11 + 8, "i18n.po-duplicate"),
    "charset": (None, 9, "i18n.po-charset"),
    "plural": (None, 10, "i18n.po-plural"),
    "not-utf8": (None, 15, "i18n.po-charset"),
}

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: hsg 1\\n"\n'
    '"Language: pl\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"X-Review-Status: unreviewed\\n"\n'
    '"Last-Translator: Test <t@example.org>\\n"\n'
    '"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Plural-Forms: {plural}\\n"\n'
    "\n"
)
GOOD_PLURAL = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


@pytest.mark.parametrize("case", sorted(BAD_CATALOGUES))
def test_a_malformed_catalogue_is_an_error_with_file_and_line(tmp_path, capsys, case):
    body, line, code = BAD_CATALOGUES[case]
    header = HEADER.format(charset="UTF-8", plural=GOOD_PLURAL)
    if case == "charset":
        data = (HEADER.format(charset="ASCII", plural=GOOD_PLURAL) + 'msgid "Goose"\nmsgstr "Gęś"\n').encode()
    elif case == "plural":
        data = (HEADER.format(charset="UTF-8", plural="nplurals=2; plural=n%10;") + 'msgid "A"\nmsgstr "B"\n').encode()
    elif case == "not-utf8":
        data = (header + 'msgid "A"\nmsgstr ""\n"B"\n').encode() + 'msgid "Gęś"\nmsgstr "Gęś"\n'.encode("iso-8859-2")
    else:
        data = (header + body).encode()
    path = tmp_path / "hsg.po"
    path.write_bytes(data)
    diags = Diagnostics()
    assert pofile.read(path, "locales/pl/LC_MESSAGES/hsg.po", diags) is None
    assert [(d.path, d.line, d.severity, d.code) for d in diags] == \
        [("locales/pl/LC_MESSAGES/hsg.po", line, "error", code)]
    assert capsys.readouterr().out == ""  # never a warning printed on stdout
    # GNU msgfmt agrees that each fixture is broken.
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0


@pytest.mark.slow
def test_a_malformed_catalogue_holds_the_language_back_in_check(tmp_path):
    root = project_copy(tmp_path)
    paths = fill(root, "pl", lambda s: "PL " + s)
    text = paths["hsg"].read_text(encoding="utf-8").replace('msgstr "PL Fluoroscopy booking team"',
                                                            'msgstr "PL Fluoroscopy booking team')
    paths["hsg"].write_text(text, encoding="utf-8")
    line = text.split("\n").index('msgstr "PL Fluoroscopy booking team') + 1
    from leaflets import pipeline
    result = pipeline.check(Project.at(root))
    errors = [d for d in result.diagnostics.errors if d.code == "i18n.po-syntax"]
    assert [(d.path, d.line) for d in errors] == [("locales/pl/LC_MESSAGES/hsg.po", line)]
    assert next(p for p in result.plans if p.lang == "pl").document is None


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext is installed by scripts/setup.sh")
@pytest.mark.parametrize("path", repo_catalogues(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_catalogue_passes_msgfmt_check(path):
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", repo_catalogues(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_catalogue_passes_pofilter(path, tmp_path):
    pofilter = VENV_BIN / "pofilter"
    command = [str(pofilter)] if pofilter.exists() else [sys.executable, "-m", "translate.filters.pofilter"]
    out = tmp_path / "problems.po"
    subprocess.run([*command, "--progress=none", "-t", "numbers", "-t", "urls", "-t", "emails", "-t", "printf",
                    str(path), str(out)], check=True, capture_output=True)
    problems = [m for m in read_po(out.open("rb")) if m.id] if out.exists() else []
    assert problems == [], [(m.id, m.user_comments) for m in problems]


@pytest.mark.slow
def test_pofilter_finds_a_changed_number(tmp_path):
    """The hygiene test above can fail: pofilter flags a translation that drops a number."""
    root = project_copy(tmp_path)
    paths = fill(root, "pl", lambda s: "PL " + s)
    edit_entry(paths["hsg"], "performed ideally before day 10 of your cycle", "PL brak liczb")
    out = tmp_path / "problems.po"
    pofilter = VENV_BIN / "pofilter"
    command = [str(pofilter)] if pofilter.exists() else [sys.executable, "-m", "translate.filters.pofilter"]
    subprocess.run([*command, "--progress=none", "-t", "numbers", str(paths["hsg"]), str(out)], check=True,
                   capture_output=True)
    assert any("day 10" in m.id for m in read_po(out.open("rb")) if m.id)


def test_previous_msgid_lines_of_gnu_tools_are_read(tmp_path):
    """msgmerge writes "#| msgid" and, for obsolete entries, "#~| msgid": both must read."""
    path = tmp_path / "hsg.po"
    path.write_text(
        HEADER.format(charset="UTF-8", plural=GOOD_PLURAL)
        + '#, fuzzy\n#| msgctxt "risks"\n#| msgid ""\n#| "Old "\n#| "text"\nmsgctxt "risks"\nmsgid "New text"\n'
          'msgstr "Stary tekst"\n\n'
          '#~| msgid "Older"\n#~ msgid "Gone"\n#~ msgstr "Nie ma"\n',
        encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    diags = Diagnostics()
    catalog = pofile.read(path, "hsg.po", diags)
    assert not diags
    message = catalog.get("New text", "risks")
    assert message.fuzzy and message.previous_id == ["Old text"] and message.user_comments == []
    assert [m.id for m in catalog.obsolete.values()] == ["Gone"]


@pytest.mark.slow
def test_an_unsafe_interface_string_is_reported_once(tmp_path):
    root = project_copy(tmp_path, with_locales=False)
    (root / "content" / "hsg2").mkdir()
    shutil.copytree(root / "content" / "hsg" / "sections", root / "content" / "hsg2" / "sections")
    shutil.copy(root / "content" / "hsg" / "easy-read.md", root / "content" / "hsg2" / "easy-read.md")
    meta = (root / "content" / "hsg" / "leaflet.yml").read_text(encoding="utf-8").replace("id: hsg", "id: hsg2")
    (root / "content" / "hsg2" / "leaflet.yml").write_text(meta, encoding="utf-8")
    paths = fill(root, "pl", lambda s: "PL " + s)
    line = edit_entry(paths["ui"], "Call %(name)s on %(phone)s.", "PL Zadzwoń do %(nazwa)s: %(phone)s.")
    from leaflets import pipeline
    result = pipeline.check(Project.at(root))
    safety = [d for d in result.diagnostics if d.code == "i18n.safety"]
    assert [(d.path, d.line) for d in safety] == [("locales/pl/LC_MESSAGES/ui.po", line)]
    assert all(p.document is None for p in result.plans if p.lang == "pl")
