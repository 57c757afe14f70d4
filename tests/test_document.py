"""The single-file HTML document, checked on real build output."""
from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "hsg-leaflet.txt"
# Web-page furniture of the source page that is not part of the leaflet.
NOT_LEAFLET = {"CUH Logo", "Mobile menu open", "Patient information A-Z", "References / sources of evidence"}


def source_sentences() -> list[str]:
    sentences = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and line not in NOT_LEAFLET:
            sentences.extend(s for s in re.split(r"(?<=[.?!])\s+", line) if s)
    return sentences


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def document(site: Path, lang: str = "en") -> BeautifulSoup:
    path = site / lang / "hsg" / f"hsg-{lang}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_sentence_of_the_source_in_order(built_site):
    text = squash(document(built_site).body.get_text())
    position = 0
    sentences = source_sentences()
    assert len(sentences) > 40
    for sentence in sentences:
        found = text.find(squash(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def test_language_title_and_headings(built_site):
    soup = document(built_site)
    assert soup.html["lang"] == "en"
    assert soup.html["dir"] == "ltr"
    assert soup.title.string == "Hysterosalpingogram (HSG) - information for patients"
    h1 = soup.find_all("h1")
    assert len(h1) == 1 and h1[0].get_text() == soup.title.string
    levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level skipped: h{before} then h{after}"
    section_titles = [h.get_text() for h in soup.select("section > h2")]
    assert section_titles[:3] == [
        "Information for patients hysterosalpingogram (HSG)",
        "How do I prepare for a hysterosalpingogram?",
        "Can I bring a friend / relative?",
    ]


def test_skip_link_and_landmarks(built_site):
    soup = document(built_site)
    skip = soup.body.find("a")
    assert skip["href"] == "#main" and soup.find(id="main").name == "main"
    assert soup.find("header") and soup.find("footer") and soup.find("nav")


def test_phone_numbers_are_tel_links_that_do_not_wrap(built_site):
    soup = document(built_site)
    links = {a.get_text(): a["href"] for a in soup.find_all("a", href=re.compile("^tel:"))}
    assert links["01223 216455"] == "tel:+441223216455"
    assert links["0800 169 0 169"] == "tel:+448001690169"
    assert links["+44 (0)1223 245151"] == "tel:+441223245151"
    assert links["01223 256998"] == "tel:+441223256998"
    css = soup.style.string
    assert re.search(r"a\.tel[^{]*\{[^}]*white-space:\s*nowrap", css)
    # Every phone number in the running text is a link, not plain text.
    for p in soup.find_all("p"):
        for number in re.findall(r"0\d{3,4} \d{6}", p.get_text()):
            assert any(a.get_text() == number for a in p.find_all("a")), number


def test_self_contained_no_script_no_remote_resource(built_site):
    soup = document(built_site)
    assert not soup.find("script")
    assert not soup.find("link", rel="stylesheet")
    for tag in soup.find_all(src=True):
        assert not re.match(r"^(https?:)?//", tag["src"]), tag
    assert "@import" not in soup.style.string and "url(" not in soup.style.string


def test_contacts_other_formats_and_dates(built_site):
    soup = document(built_site)
    phone_section = soup.find(id="phone-numbers")
    assert "Fluoroscopy booking team" in phone_section.get_text()
    assert "Monday to Friday, 09:00 to 16:45 except bank holidays" in phone_section.get_text()
    formats = soup.find(id="this-leaflet-in-other-formats")
    text = squash(formats.get_text(" "))
    assert "braille" in text and "British Sign Language" in text
    assert formats.find("a", href="tel:+441223256998")
    footer = squash(soup.footer.get_text(" "))
    assert "Version 0.1 (provisional)" in footer.replace(": ", " ").replace(" :", "")
    assert "1 November 2026" in footer and "1 November 2029" in footer


def test_stylesheet_is_inlined_unescaped(built_site):
    css = document(built_site).style.string
    assert '"Noto Sans"' in css and "&#34;" not in css and "&quot;" not in css


def test_phone_numbers_read_left_to_right_in_arabic(built_site):
    soup = document(built_site, "ar")
    assert soup.html["dir"] == "rtl"
    links = soup.find_all("a", href=re.compile("^tel:"))
    assert links and all(a.get("dir") == "ltr" for a in links)
