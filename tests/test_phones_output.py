"""Phone numbers in translations written in local digits, or next to Chinese text, are tel: links in
the published single-file page (built through the real pipeline, read with BeautifulSoup)."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from i18n_support import fill, project_copy, set_languages
from leaflets import pipeline
from leaflets.project import Project

pytestmark = pytest.mark.slow  # one build of a copy of the project in six languages, every test reading it

# Each language with the zero of the digits it is written in here (Unicode's decimal digits).
DIGITS = {"fa": "\u06f0", "ar": "\u0660", "bn": "\u09e6", "hi": "\u0966"}
NUMBERS = {"01223 216455": "tel:+441223216455", "0800 169 0 169": "tel:+448001690169",
           "01223 256998": "tel:+441223256998"}


def in_digits(text: str, zero: str) -> str:
    return re.sub(r"[0-9]", lambda m: chr(ord(zero) + int(m[0])), text)


def chinese(text: str) -> str:
    """A pseudo-translation with the phone numbers between Chinese characters, no spaces around them."""
    for number in NUMBERS:
        text = re.sub(rf"\s*\**{re.escape(number)}\**\s*", f"请致电{number}联系", text)
    return "中文 " + text


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("phones")
    root = project_copy(tmp, with_locales=False)
    set_languages(root, ["en", *DIGITS, "zh-Hans"])
    meta = root / "content/hsg/leaflet.yml"
    meta.write_text(re.sub(r"^formats: .*$", "formats: [html]", meta.read_text(encoding="utf-8"), flags=re.M),
                    encoding="utf-8")
    for n, (lang, zero) in enumerate(DIGITS.items()):
        fill(root, lang, lambda s, zero=zero: f"{lang.upper()} " + in_digits(s, zero), reviewed=True, extract=n == 0)
    fill(root, "zh-Hans", chinese, reviewed=True, extract=False)
    out = tmp / "site"
    result = pipeline.build(Project.at(root), out)
    assert not result.diagnostics.errors, [str(d) for d in result.diagnostics.errors]
    return out


def running_text_links(site, lang: str) -> dict[str, str]:
    """text -> href of the tel: links in the leaflet's sections (not the contacts from leaflet.yml)."""
    soup = BeautifulSoup((site / lang / "hsg" / f"hsg-{lang}.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    links = {}
    for a in main.find_all("a", href=re.compile("^tel:")):
        assert a.get("dir") == "ltr" and "tel" in a.get("class", []), a
        if a.find_parent(id="phone-numbers") is None:
            links[a.get_text()] = a["href"]
    return links


@pytest.mark.parametrize("lang", DIGITS)
@pytest.mark.slow
def test_phone_numbers_in_local_digits_are_tel_links_dialling_ascii(site, lang):
    links = running_text_links(site, lang)
    for number, href in NUMBERS.items():
        assert links.get(in_digits(number, DIGITS[lang])) == href, (lang, number, links)


def test_phone_numbers_next_to_chinese_text_are_tel_links(site):
    links = running_text_links(site, "zh-Hans")
    for number, href in NUMBERS.items():
        assert links.get(number) == href, (number, links)
    html = (site / "zh-Hans" / "hsg" / "hsg-zh-Hans.html").read_text(encoding="utf-8")
    assert re.search(r'请致电<a [^>]*href="tel:\+441223216455"[^>]*>01223 216455</a>联系', html)
