"""Easy read: the authoring format, its messages, the symbol library and every rule of its check."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from leaflets import check_easy_read, cli, easyread
from leaflets.catalogues import po_bytes
from leaflets.diagnostics import Diagnostics
from leaflets.load import load_leaflet
from leaflets.model import EasyRead
from leaflets.symbols import load_library

ROOT = Path(__file__).resolve().parent.parent
PATH = "content/x/easy-read.md"
# Lines 1-4 are front matter, line 5 the first heading: a fixture's body starts on line 6.
HEAD = "---\ntitle: A test\nsummary: About a test.\n---\n## About the test\n"


@pytest.fixture(scope="module")
def library():
    diags = Diagnostics()
    lib = load_library(ROOT, diags)
    assert not diags, diags
    return lib


def run(body: str, library) -> tuple[EasyRead, Diagnostics]:
    diags = Diagnostics()
    easy = easyread.parse(HEAD + body, PATH, "x", diags)
    assert easy is not None, diags
    check_easy_read.check(easy, library, diags)
    return easy, diags


def found(diags: Diagnostics, code: str) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in diags if d.code == code]


GOOD_POINT = "![A telephone](symbol:phone)\nPhone us on 01223 216455.\n"


# --- the format --------------------------------------------------------------------------------

def test_parse_points_sentences_and_glossary_with_lines(library):
    body = (
        "![A telephone](symbol:phone)\n"        # 6
        "Phone us to book your **HSG**.\n"      # 7
        "An HSG is an X-ray test.\n"            # 8
        "\n"
        "<!-- translators: the ward is on level 3 -->\n"
        "![A hospital building](symbol:hospital)\n"  # 11
        "Go to level 3.\n"                      # 12
        "## Words to know\n"                    # 13
        "**HSG**: An X-ray test of your womb.\n"  # 14
    )
    easy, diags = run(body, library)
    assert not diags.errors, diags
    assert easy.title.text == "A test" and easy.title.line == 2 and easy.summary.line == 3
    (group,) = easy.groups
    assert group.title.text == "About the test" and group.title.line == 5
    first, second = group.points
    assert (first.id, first.symbol, first.line, first.alt.text) == ("about-the-test/phone", "phone", 6, "A telephone")
    assert [(s.text, s.line) for s in first.sentences] == [
        ("Phone us to book your **HSG**.", 7), ("An HSG is an X-ray test.", 8)]
    assert {s.context for s in first.sentences} == {"easy-read:about-the-test/phone"}
    assert second.sentences[0].line == 12
    assert "the ward is on level 3" in second.sentences[0].note
    assert "the ward" not in first.sentences[0].note
    assert easy.glossary_title.text == "Words to know"
    (term,) = easy.glossary
    assert (term.word.text, term.explanation.text, term.word.line) == ("HSG", "An X-ray test of your womb.", 14)
    assert term.word.context == "easy-read:words/hsg"


def test_point_ids_stay_when_a_point_is_added_before(library):
    one, _ = run("![A car](symbol:car)\nBring someone.\n\n![A phone](symbol:phone)\nPhone us.\n", library)
    two, _ = run("![A house](symbol:home)\nGo home.\n\n" "![A car](symbol:car)\nBring someone.\n\n"
                 "![A phone](symbol:phone)\nPhone us.\n", library)
    assert [p.id for p in one.points] == ["about-the-test/car", "about-the-test/phone"]
    assert [p.id for p in two.points][1:] == ["about-the-test/car", "about-the-test/phone"]
    twice, _ = run("![A car](symbol:car)\nBring someone.\n\n![A car](symbol:car)\nDrive home later.\n", library)
    assert [p.id for p in twice.points] == ["about-the-test/car", "about-the-test/car-2"]


def test_messages_for_the_catalogue_pass_msgfmt(tmp_path):
    diags = Diagnostics()
    easy = easyread.load(ROOT / "content/hsg", ROOT, "hsg", diags)
    messages = easyread.messages(easy)
    assert easyread.messages(None) == []
    assert messages[0].text == easy.title.text and messages[0].context == "easy-read"
    assert all(m.context.startswith("easy-read") for m in messages)
    # every message names the line its text is on
    lines = (ROOT / "content/hsg/easy-read.md").read_text(encoding="utf-8").split("\n")
    for m in messages:
        assert m.text in lines[m.line - 1], m
    catalog = Catalog(project="hsg", locale=None, charset="utf-8")
    for m in messages:
        catalog.add(m.text, locations=[(m.path, m.line)], auto_comments=[m.note] if m.note else [], context=m.context)
    pot = tmp_path / "easy-read.pot"
    pot.write_bytes(po_bytes(catalog))
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(pot)], check=True)
    assert 'msgctxt "easy-read:booking-your-test/phone"' in pot.read_text(encoding="utf-8")


# --- the symbol library ------------------------------------------------------------------------

def test_symbol_library_has_the_core_set_with_licence(library):
    core = {"hospital", "doctor", "nurse", "phone", "calendar", "x-ray", "medicine", "pain", "pregnant", "car",
            "friend", "bleeding", "temperature", "letter", "no-smoking"}
    assert core <= set(library.symbols)
    for symbol in library.symbols.values():
        svg = symbol.path.read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and "<script" not in svg and "href" not in svg
        assert symbol.alt
    licence = (ROOT / "symbols/LICENSE.md").read_text(encoding="utf-8")
    assert "OpenMoji" in licence and "CC BY-SA 4.0" in licence
    assert "Attribution-ShareAlike 4.0" in (ROOT / "symbols/LICENSE-CC-BY-SA-4.0.txt").read_text(encoding="utf-8")


def test_library_reports_a_missing_file(tmp_path):
    (tmp_path / "symbols").mkdir()
    (tmp_path / "symbols/symbols.yml").write_text(
        "symbols:\n  car:\n    file: car.svg\n    alt: A car\n    openmoji: 1F697\n"
        "    openmoji_name: automobile\n    author: someone\n", encoding="utf-8")
    diags = Diagnostics()
    assert load_library(tmp_path, diags) is None
    assert found(diags, "symbols.file") == [(3, "symbol 'car': file symbols/car.svg does not exist")]


def test_library_records_where_each_picture_comes_from(tmp_path):
    (tmp_path / "symbols").mkdir()
    (tmp_path / "symbols/womb.svg").write_text('<svg viewBox="0 0 72 72"/>', encoding="utf-8")
    (tmp_path / "symbols/symbols.yml").write_text(
        "symbols:\n  womb:\n    file: womb.svg\n    alt: A womb\n    author: us\n", encoding="utf-8")
    diags = Diagnostics()
    assert load_library(tmp_path, diags) is None
    (problem,) = list(diags)
    assert (problem.path, problem.line, problem.severity) == ("symbols/symbols.yml", 2, "error")
    assert "openmoji" in problem.message and "shows" in problem.message
    (tmp_path / "symbols/symbols.yml").write_text(
        "symbols:\n  womb:\n    file: womb.svg\n    alt: A womb\n    shows: A womb and its tubes\n"
        "    author: us\n    licence: CC BY-SA 4.0\n", encoding="utf-8")
    diags = Diagnostics()
    library = load_library(tmp_path, diags)
    assert not diags and library.symbols["womb"].shows == "A womb and its tubes"
    assert library.symbols["womb"].openmoji is None


def test_drawn_pictures_say_what_they_show_and_their_licence():
    import yaml

    entries = yaml.safe_load((ROOT / "symbols/symbols.yml").read_text(encoding="utf-8"))["symbols"]
    drawn = {name: e for name, e in entries.items() if "openmoji" not in e}
    needed = {"womb", "cervix", "speculum", "pelvic-x-ray", "pad", "painkiller", "gp", "appointment-letter",
              "results-letter", "consent", "drip", "blood-test", "injection", "safe"}
    assert needed <= set(drawn)
    for name, entry in drawn.items():
        assert entry["shows"] and entry["alt"] and entry["author"], name
        assert entry["licence"] == "CC BY-SA 4.0", name
    licence = (ROOT / "symbols/LICENSE.md").read_text(encoding="utf-8")
    assert "drawn for this project" in licence


# --- the HSG easy read -------------------------------------------------------------------------

def test_hsg_easy_read_passes_its_own_check():
    diags = Diagnostics()
    leaflet = load_leaflet(ROOT / "content/hsg", ROOT, diags)
    easy = check_easy_read.check_leaflet(ROOT, leaflet, diags)
    diags = [d for d in diags if d.code.startswith(("easy-read", "symbols"))]
    assert easy is not None and list(diags) == []
    assert len(easy.points) >= 40 and len(easy.glossary) >= 10


def test_hsg_easy_read_pictures_show_what_the_sentences_say():
    diags = Diagnostics()
    easy = easyread.load(ROOT / "content/hsg", ROOT, "hsg", diags)
    expected = {"**womb**": "womb", "**fallopian tubes**": "womb", "**speculum**": "speculum",
                "**cervix**": "cervix", "on a table under the X-ray machine": "x-ray-machine",
                "pad or panty liner": "pad", "pads or panty liners": "pad", "painkiller like": "painkiller",
                "**GP** if": "gp", "very safe test": "safe", "**cycle**": "period-calendar",
                "written report": "results-letter"}
    seen = set()
    for point in easy.points:
        text = " ".join(s.text for s in point.sentences)
        for words, symbol in expected.items():
            if words in text:
                assert point.symbol == symbol, (point.line, words, point.symbol)
                seen.add(words)
    assert seen == set(expected)
    used = {p.symbol for p in easy.points}
    assert not used & {"x-ray", "calendar", "thumbs-up"}, "a chest X-ray, a calendar showing 12, a sideways thumb"


def test_hsg_easy_read_keeps_the_facts_of_the_source():
    text = (ROOT / "content/hsg/easy-read.md").read_text(encoding="utf-8")
    for fact in ("01223 216455", "Monday to Friday, 09:00 to 16:45", "bank holidays", "01223 256998",
                 "0800 169 0 169", "day 10", "day 1 of your cycle", "1 in 100", "24 hours", "7 to 14 days",
                 "level 3", "paracetamol or ibuprofen", "1 hour before", "**chaperone**", "iodine", "CT scan",
                 "tampon", "drive", "GP", "pregnant"):
        assert fact in text, fact
    numbers = set(re.findall(r"\d[\d :]*\d|\d", text))
    source = (ROOT / "tests/data/hsg-leaflet.txt").read_text(encoding="utf-8")
    invented = {n for n in numbers if n not in source and n not in {"30", "2", "1 or 2", "15", "3"}}
    assert not invented, f"numbers not in the source leaflet: {invented}"


# --- every rule of the check, each triggered by a fixture ----------------------------------------

def test_rule_sentence_over_15_words(library):
    _, diags = run("![A car](symbol:car)\n"
                   "You can drive home after the test if you feel well and comfortable enough to do it.\n", library)
    assert found(diags, "easy-read.sentence-length") == [
        (7, "sentence of 17 words: easy read has at most 15 words a sentence")]


def test_phone_numbers_and_times_count_as_one_word(library):
    _, diags = run("![A telephone](symbol:phone)\n"
                   "Phone 01223 216455 on Monday to Friday from 09:00 to 16:45 to book it.\n", library)
    assert found(diags, "easy-read.sentence-length") == []


def test_one_picture_for_more_than_3_points_is_a_warning(library):
    point = "![A telephone](symbol:phone)\nPhone us.\n\n"  # 3 lines a point
    _, diags = run(point * 3 + "![A car](symbol:car)\nDrive home.\n", library)
    assert found(diags, "easy-read.picture-reused") == []
    # 5 phone points, the last 2 under another heading: the whole leaflet counts
    _, diags = run(point * 3 + "## Contact us\n" + point * 2, library)
    assert [(d.line, d.severity) for d in diags if d.code == "easy-read.picture-reused"] == [(16, "warning")]
    assert found(diags, "easy-read.picture-reused")[0][1].startswith(
        "picture 'phone' stands for 5 points (lines 6, 9, 12, 16, 19)")


def test_rule_point_without_picture(library):
    _, diags = run(GOOD_POINT + "\nBring a pad with you.\n", library)
    assert found(diags, "easy-read.no-picture") == [
        (9, "a point without a picture: start it with ![what the picture shows](symbol:<name>)")]


def test_rule_picture_without_alt_text(library):
    _, diags = run("![](symbol:phone)\nPhone us.\n", library)
    assert found(diags, "easy-read.no-alt") == [
        (6, "the picture has no alt text: write what it shows between [ ]")]


def test_rule_picture_not_in_the_library(library):
    _, diags = run("![A telephone](symbol:fone)\nPhone us.\n", library)
    assert found(diags, "easy-read.unknown-picture") == [
        (6, "picture 'fone' is not in the symbol library (did you mean phone?)")]


def test_rule_picture_from_outside_the_library(library):
    _, diags = run("![A telephone](https://example.org/phone.png)\nPhone us.\n", library)
    assert [line for line, _ in found(diags, "easy-read.picture-source")] == [6]


def test_rule_glossary_word_used_before_it_is_explained(library):
    body = ("![A doctor](symbol:doctor)\n"
            "The contrast goes into your womb.\n"    # 7: first use, not explained
            "\n"
            "![A drop of liquid](symbol:liquid)\n"
            "We use **contrast**.\n"                 # 10
            "Contrast is a liquid that shows on X-rays.\n"
            "## Words to know\n"
            "**contrast**: A liquid that shows on X-rays.\n")
    _, diags = run(body, library)
    assert found(diags, "easy-read.glossary-order") == [
        (7, "'contrast' is used before it is explained: the first time, write it in bold "
            "and explain it in the next sentence")]


def test_rule_glossary_word_without_the_next_sentence(library):
    body = "![A doctor](symbol:doctor)\nWe look at your **cervix**.\n## Words to know\n**cervix**: The neck of your womb.\n"
    _, diags = run(body, library)
    assert found(diags, "easy-read.glossary-order") == [
        (7, "'cervix' is not explained: explain it in the next sentence of this point")]


def test_glossary_word_never_used_is_a_warning(library):
    _, diags = run(GOOD_POINT + "## Words to know\n**cervix**: The neck of your womb.\n", library)
    assert found(diags, "easy-read.glossary-unused") == [(9, "'cervix' is in Words to know but never used")]
    assert not diags.errors


def test_rule_number_written_as_a_word(library):
    _, diags = run("![A pack of tablets](symbol:medicine)\nTake two tablets.\nNo one will mind.\n"
                   "Come back in Twelve days.\n", library)
    assert found(diags, "easy-read.number-word") == [
        (7, "number written as a word ('two'): write numbers as digits"),
        (9, "number written as a word ('Twelve'): write numbers as digits")]


def test_rule_italics(library):
    _, diags = run("![A pack of tablets](symbol:medicine)\nTake *only* the tablets we give you.\n"
                   "Do _not_ drive.\nThis is **bold**, which is fine.\n", library)
    assert found(diags, "easy-read.italics") == [
        (7, "italics are hard to read: use **bold** for emphasis"),
        (8, "italics are hard to read: use **bold** for emphasis")]


def test_rule_at_most_3_sentences_a_point(library):
    _, diags = run("![A car](symbol:car)\nA.\nB.\nC.\nD.\n", library)
    assert found(diags, "easy-read.sentences") == [
        (10, "a point has at most 3 sentences: start a new point with its own picture")]


def test_rule_one_sentence_a_line(library):
    _, diags = run("![A car](symbol:car)\nBring someone. They can drive you home.\n", library)
    assert [line for line, _ in found(diags, "easy-read.one-sentence")] == [7]


def test_rule_structure(library):
    body = ("### Small heading\n"                    # 6
            + GOOD_POINT +
            "## Words to know\n"                     # 9
            "**car**: A vehicle.\n"
            "A loose sentence.\n")                   # 11
    _, diags = run(body, library)
    assert found(diags, "easy-read.heading") == [(6, "easy read has one level of headings: write ## Heading")]
    assert found(diags, "easy-read.glossary-format") == [(11, "in Words to know, every line is **word**: explanation")]


def test_missing_front_matter_is_reported():
    diags = Diagnostics()
    assert easyread.parse("## Heading\n", PATH, "x", diags) is None
    assert found(diags, "easy-read.front-matter") == [
        (1, "easy read starts with front matter: ---, title, summary, ---")]


@pytest.mark.slow
def test_build_py_check_reports_easy_read_problems_with_file_and_line(tmp_path, capsys):
    for folder in ("content", "symbols", "templates", "locales"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    file = tmp_path / "content/hsg/easy-read.md"
    lines = file.read_text(encoding="utf-8").split("\n")
    at = lines.index("Phone us on day 1 of your cycle to book your test.")
    lines[at] = "Phone us on day one of your cycle, which is the first day of your period, to book."
    file.write_text("\n".join(lines), encoding="utf-8")
    assert cli.main(["--root", str(tmp_path), "check"]) == 1
    out = capsys.readouterr().out
    assert f"content/hsg/easy-read.md:{at + 1}: error: sentence of 18 words" in out
    assert f"content/hsg/easy-read.md:{at + 1}: error: number written as a word ('one')" in out


# --- the translations (pl, ar, zh-Hans drafts in the leaflet's catalogues) -----------------------

@pytest.mark.parametrize("lang", ["pl", "ar", "zh_Hans"])
def test_every_easy_read_message_is_translated_with_its_bold_words(lang):
    from babel.messages.pofile import read_po

    with (ROOT / f"locales/{lang}/LC_MESSAGES/hsg.po").open("rb") as f:
        catalog = read_po(f)
    translated = {(m.context, m.id): m.string for m in catalog if m.id and not m.fuzzy}
    easy = easyread.load(ROOT / "content/hsg", ROOT, "hsg", Diagnostics())
    for m in easy.messages():
        text = translated.get((m.context, m.text))
        assert text, f"{lang}: no current translation for {m.context} {m.text!r}"
        assert text.count("**") == m.text.count("**"), (m.text, text)
    diags = Diagnostics()
    check_easy_read.check_translated(easy, lang.replace("_", "-"), lambda m: translated.get((m.context, m.text)), diags)
    assert list(diags) == []


def test_translations_are_checked_for_length_and_italics(library):
    easy, _ = run("![A car](symbol:car)\nBring someone.\nThey can drive you home.\n", library)
    long = "Proszę " * 16
    texts = {"Bring someone.": long.strip(), "They can drive you home.": "Mogą *odwieźć* cię do domu."}
    diags = Diagnostics()
    check_easy_read.check_translated(easy, "pl", lambda m: texts.get(m.text), diags)
    assert [(d.line, d.severity, d.code) for d in diags] == [
        (7, "warning", "easy-read.translation-length"), (8, "error", "easy-read.translation-italics")]
    assert "pl translation (easy-read:about-the-test/car) has 16 words" in diags[0].message
    chinese = Diagnostics()
    check_easy_read.check_translated(easy, "zh-Hans", lambda m: "带 " * 20, chinese)
    assert list(chinese) == []
