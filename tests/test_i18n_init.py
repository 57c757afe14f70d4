"""`i18n init LANG [--add]` and `i18n update` starting catalogues: known tags only, CLDR's plural
forms, leaflet.yml edited in place, a new leaflet's catalogues in every existing language."""
from __future__ import annotations

import gettext
import re
import shutil
import subprocess

import pytest
import yaml
from babel import Locale
from babel.messages.plurals import get_plural

from i18n_support import leaflets_of, project_copy
from leaflets import catalogues, cli, pofile
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project

CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")  # CLDR's order of plural categories


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """A project copy without catalogues, shared by the read-only tests."""
    return project_copy(tmp_path_factory.mktemp("init"), with_locales=False)


def po(root, lang: str, domain: str = "hsg"):
    return root / "locales" / catalogues.gettext_lang(lang) / "LC_MESSAGES" / f"{domain}.po"


def plural_header(path) -> tuple[int, str]:
    text = path.read_text(encoding="utf-8")
    header = "".join(re.findall(r'^"(.*)"$', text.split("\n\n", 1)[0], flags=re.M)).replace("\\n", "\n")
    forms = re.search(r"^Plural-Forms: nplurals=(\d+); plural=(.*);$", header, flags=re.M)
    return int(forms[1]), forms[2]


@pytest.mark.parametrize("lang", ["uk", "ar", "fa"])
def test_init_writes_cldr_plural_forms(bare, lang, capsys):
    assert cli.main(["--root", str(bare), "i18n", "init", lang]) == 0
    rule = Locale.parse(lang).plural_form
    categories = [c for c in CLDR_ORDER if c in rule.tags | {"other"}]
    for domain in ("hsg", "ui"):
        path = po(bare, lang, domain)
        nplurals, expr = plural_header(path)
        assert nplurals == len(categories)
        plural = gettext.c2py(expr)
        for n in range(0, 1001):
            assert categories[plural(n)] == rule(n), (lang, n)
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
        diags = Diagnostics()
        assert pofile.read(path, str(path), diags, locale=catalogues.gettext_lang(lang)) is not None
        assert not diags, diags


def test_cldr_facts_of_uk_ar_fa():
    """What the expressions above are compared with, stated: CLDR's categories for a few counts."""
    uk, ar, fa = (Locale.parse(t).plural_form for t in ("uk", "ar", "fa"))
    assert [uk(n) for n in (1, 2, 5, 11, 21, 22, 25)] == ["one", "few", "many", "many", "one", "few", "many"]
    assert [ar(n) for n in (0, 1, 2, 3, 11, 100)] == ["zero", "one", "two", "few", "many", "other"]
    assert [fa(n) for n in (0, 1, 2)] == ["one", "one", "other"]
    # Babel's own small table disagrees for Ukrainian (3 forms): the header must not come from it.
    assert get_plural("uk")[0] == 3 and len(uk.tags | {"other"}) == 4


@pytest.mark.parametrize("lang", ["pt", "fr", "es", "it", "ro", "lt", "ru", "he", "cy"])
def test_cldr_plural_forms_gettext_can_read(lang, tmp_path):
    """Babel's to_gettext leaves CLDR's exponent operand 'e' in pt/fr/es/it: msgfmt must accept the header."""
    forms = catalogues.plural_forms(Locale.parse(lang))
    path = tmp_path / "x.po"
    path.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {forms}\\n"\n\n'
                    'msgid "one file"\nmsgid_plural "%d files"\n'
                    + "".join(f'msgstr[{i}] "x %d"\n' for i in range(int(forms.split("=")[1].split(";")[0]))),
                    encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


@pytest.mark.parametrize("tag, suggested", [("ukr", "uk (Ukrainian)"), ("zh-Hanz", "zh-Hans"), ("Persian", "fa"),
                                            ("iw", "he (Hebrew)"), ("en-ZZ", None), ("und", None), ("xx-Nope", None)])
def test_init_refuses_a_tag_babel_does_not_know(bare, capsys, tag, suggested):
    assert cli.main(["--root", str(bare), "i18n", "init", tag]) == 2
    err = capsys.readouterr().err
    assert f"'{tag}' is not a language tag Babel's CLDR data knows" in err and "[i18n.unknown-language]" in err
    assert "Traceback" not in err
    if suggested:
        assert suggested in err.split("did you mean", 1)[1]
    assert not (bare / "locales" / catalogues.gettext_lang(tag)).exists()


def test_init_writes_the_tag_in_its_usual_case_and_says_what_is_next(bare, capsys):
    before = (bare / "content/hsg/leaflet.yml").read_text(encoding="utf-8")
    assert cli.main(["--root", str(bare), "i18n", "init", "zh-hant"]) == 0
    out = capsys.readouterr().out
    assert po(bare, "zh-Hant").is_file()
    assert "next step: add zh-Hant to languages: in content/hsg/leaflet.yml:28" in out
    assert (bare / "content/hsg/leaflet.yml").read_text(encoding="utf-8") == before


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#") or " # " in line]


@pytest.mark.parametrize("layout", ["flow", "block"])
@pytest.mark.slow
def test_init_add_puts_the_tag_in_languages_keeping_comments_and_layout(tmp_path, capsys, layout):
    root = project_copy(tmp_path, with_locales=True)
    meta = root / "content/hsg/leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    if layout == "block":
        text = text.replace("languages: [en, pl, ar, zh-Hans]",
                            "languages:          # who reads it\n  - en\n  - pl   # Polish\n  - ar\n  - zh-Hans")
    meta.write_text(text, encoding="utf-8")
    assert cli.main(["--root", str(root), "i18n", "init", "fa", "--add"]) == 0
    assert "added fa to languages: in content/hsg/leaflet.yml:" in capsys.readouterr().out
    after = meta.read_text(encoding="utf-8")
    # Only the languages list changed, in its own style: one item more, every other byte as it was.
    if layout == "flow":
        assert after == text.replace("languages: [en, pl, ar, zh-Hans]", "languages: [en, pl, ar, zh-Hans, fa]")
    else:
        assert after == text.replace("  - zh-Hans\n", "  - zh-Hans\n  - fa\n")
    assert comments(after) == comments(text) and comments(text)
    assert yaml.safe_load(after)["languages"] == ["en", "pl", "ar", "zh-Hans", "fa"]
    assert leaflets_of(root)[0].meta.languages == ["en", "pl", "ar", "zh-Hans", "fa"]
    # Running it again changes nothing.
    assert cli.main(["--root", str(root), "i18n", "init", "fa", "--add"]) == 0
    assert meta.read_text(encoding="utf-8") == after


@pytest.mark.slow
def test_update_starts_the_catalogues_of_a_new_leaflet_in_every_existing_language(tmp_path, capsys):
    root = project_copy(tmp_path, with_locales=True)
    shutil.copytree(root / "content/hsg", root / "content/knee")
    meta = root / "content/knee/leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: hsg", "id: knee"), encoding="utf-8")
    existing = {p: p.read_bytes() for p in (root / "locales").glob("*/LC_MESSAGES/*.po")}
    languages = catalogues.catalogue_languages(Project.at(root))
    assert set(languages) >= {"pl", "ar", "zh-Hans"}
    assert cli.main(["--root", str(root), "i18n", "update"]) == 0
    out = capsys.readouterr().out
    for lang in languages:
        path = po(root, lang, "knee")
        assert f"started locales/{catalogues.gettext_lang(lang)}/LC_MESSAGES/knee.po (unreviewed)" in out
        text = path.read_text(encoding="utf-8")
        assert '"X-Review-Status: unreviewed\\n"' in text
        assert plural_header(path)[0] == len(Locale.parse(catalogues.gettext_lang(lang)).plural_form.tags | {"other"})
        assert 'msgctxt "risks"' in text
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)
    # The catalogues that were there are as they were (update of unchanged English changes nothing).
    assert {p: p.read_bytes() for p in existing} == existing
