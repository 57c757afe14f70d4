"""One phone pattern for the model, the tel: links, easy read and the safety check, in every script."""
from __future__ import annotations

import unicodedata

import pytest
from bs4 import BeautifulSoup
from pydantic import ValidationError

from leaflets import check_easy_read, phones, safety
from leaflets.markup import render_inline
from leaflets.model import Contact

# The digits of each script, from Unicode itself: the zero of the script, then nine more.
SCRIPTS = {"Arabic-Indic": "\u0660", "Persian": "\u06f0", "Bengali": "\u09e6", "Devanagari": "\u0966",
           "full-width": "\uff10", "ASCII": "0"}


def in_digits(text: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in text)


def tel_links(markdown_text: str) -> list[tuple[str, str, str | None]]:
    soup = BeautifulSoup(f"<p>{render_inline(markdown_text)}</p>", "html.parser")
    return [(a.get_text(), a["href"], a.get("dir")) for a in soup.find_all("a") if a["href"].startswith("tel:")]


def test_the_digit_shapes_are_what_unicode_says():
    for name, zero in SCRIPTS.items():
        assert unicodedata.category(zero) == "Nd" and unicodedata.digit(zero) == 0, name
        assert unicodedata.digit(chr(ord(zero) + 9)) == 9, name


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("number, href", [
    ("01223 216455", "tel:+441223216455"),
    ("0800 169 0 169", "tel:+448001690169"),
    ("+44 (0)1223 245151", "tel:+441223245151"),
])
def test_a_phone_number_in_any_digits_is_a_tel_link_in_ascii(script, number, href):
    written = in_digits(number, SCRIPTS[script])
    links = tel_links(f"Call {written} today.")
    assert links == [(written, href, "ltr")], (script, links)
    assert href.isascii()


@pytest.mark.parametrize("text, number", [
    ("请致电01223 216455联系", "01223 216455"),
    ("请在月经周期第1天致电01223 216455预约。", "01223 216455"),
    ("予約は01223 216455まで", "01223 216455"),
    ("전화01223 216455번", "01223 216455"),
    ("请致电０１２２３ ２１６４５５联系", "０１２２３ ２１６４５５"),
])
def test_a_phone_number_next_to_cjk_text_is_a_tel_link(text, number):
    assert tel_links(text) == [(number, "tel:+441223216455", "ltr")]
    # The CJK text around it is kept, not swallowed by the link.
    soup = BeautifulSoup(str(render_inline(text)), "html.parser")
    assert soup.get_text() == text


@pytest.mark.parametrize("text", [
    "day 10 of your cycle",
    "less than 1 in 100000",
    "on 2026-11-01 at 09:00",
    "reference ABC01223216455",  # inside a Latin word
    "0\u0661\u0662\u0662\u0663 \u0662\u0661\u0666\u0664\u0665\u0665",  # digits of two scripts in one number
    "01223 2164",  # too short for a UK number
])
def test_what_is_not_a_phone_number_is_not_linked(text):
    assert tel_links(text) == []


def test_a_trailing_number_is_not_part_of_the_phone_number():
    assert tel_links("call 01223 216455 2 times") == [("01223 216455", "tel:+441223216455", "ltr")]


def test_spans_find_phones_times_and_numbers_with_offsets_into_the_text():
    text = "请致电٠١٢٢٣ ٢١٦٤٥٥, ٠٩:٠٠ – 1.5 mSv, day 10"
    found = phones.spans(text)
    assert [(text[s.start:s.end], s.kind) for s in found] == [
        ("٠١٢٢٣ ٢١٦٤٥٥", "phone"), ("٠٩:٠٠", "time"), ("1.5", "number"), ("10", "number")]
    assert found == sorted(found)


def test_the_model_uses_the_same_pattern():
    for good in ("01223 216455", "+44 (0)1223 245151", "0800 169 0 169", "+48 22 123 45 67"):
        assert Contact(id="x", name="X", phone=good).phone == good
    for bad in ("12345", "01223  216455", "01223-216455x", "phone me"):
        with pytest.raises(ValidationError):
            Contact(id="x", name="X", phone=bad)


def test_easy_read_counts_a_phone_number_in_any_digits_as_one_word():
    assert check_easy_read.words("The phone number is 01223 216455.") == 5
    assert check_easy_read.words("رقم الهاتف هو ٠١٢٢٣ ٢١٦٤٥٥.") == 4
    assert check_easy_read.words("请致电01223 216455联系") == 1  # no spaces: one run of text, the number inside it


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_safety_check_reads_phone_numbers_in_any_digits(script):
    source = "Call 01223 216455 on day 1."
    assert safety.compare(source, in_digits("Zadzwoń 01223 216455 w dniu 1.", SCRIPTS[script])) == []
    wrong = safety.compare(source, in_digits("Zadzwoń 01223 216456 w dniu 1.", SCRIPTS[script]))
    assert any("phone 01223 216455" in p for p in wrong)


def test_the_safety_check_and_the_links_agree_next_to_cjk():
    source = "Please phone 01223 216455 to book."
    assert safety.compare(source, "请致电01223 216455联系") == []
    kinds = [t.kind for t in safety.tokens("请致电01223 216455联系")]
    assert kinds == ["phone"]
