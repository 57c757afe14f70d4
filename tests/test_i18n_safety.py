"""The patient-safety check compares whole tokens, each as many times as the English has it."""
from __future__ import annotations

import pytest

from leaflets.safety import compare, tokens

SOURCE = ("Please telephone the fluoroscopy department on day 1 of your cycle so an appointment can be "
          "booked on 01223 216455 (Monday to Friday, 09:00 to 16:45 except bank holidays).")


@pytest.mark.parametrize("translation", [
    "Prosimy dzwonić 1. dnia cyklu pod numer 01223 216455 (od poniedziałku do piątku, 09:00–16:45).",
    "Prosimy dzwonić 1. dnia cyklu pod numer 01223216455 (pon.–pt., 9:00–16:45).",
    "يرجى الاتصال في اليوم ١ من الدورة على الرقم ٠١٢٢٣ ٢١٦٤٥٥ (من الاثنين إلى الجمعة، ٠٩:٠٠ إلى ١٦:٤٥).",
    "请在月经周期第1天致电01223 216455预约（周一至周五，09：00至16：45，法定假日除外）。",
])
def test_a_faithful_translation_passes(translation):
    assert compare(SOURCE, translation) == []


@pytest.mark.parametrize("source, translation, bad", [
    ("before day 2", "przed 12. dniem", "12"),
    ("less than 1 in 100", "mniej niż 1 na 1000", "1000"),
    ("call 01223 216455", "zadzwoń 01223 216456", "01223 216456"),
    ("call 01223 216455", "zadzwoń", "01223 216455"),
    ("09:00 to 16:45", "09:00 do 16:15", "16:15"),
    ("7 to 14 days", "7 do 14 dni, 3 razy", "3"),
    ("see [the page](https://example.org/a)", "zob. [strona](https://example.org/b)", "https://example.org/b"),
    ("write to help@example.org", "napisz na pomoc@example.org", "pomoc@example.org"),
    ("visit https://www.cuh.nhs.uk/hsg.", "odwiedź https://www.cuh.nhs.uk/hsg2.", "https://www.cuh.nhs.uk/hsg2"),
    ("Call %(name)s on", "Zadzwoń do %(nazwa)s", "%(nazwa)s"),
    ("on 2026-11-01", "dnia 2026-11-02", "2026-11-02"),
    ("Radiation exposure is very low (<1mSv)", "Dawka jest bardzo niska (<10mSv)", "10"),
    ("dose 1.5 mSv", "dawka 15 mSv", "15"),
])
def test_a_changed_dropped_or_added_token_fails(source, translation, bad):
    problems = compare(source, translation)
    assert problems, (source, translation)
    assert any(bad in p for p in problems)


def test_decimal_separators_and_digit_shapes_are_allowed():
    assert compare("dose 1.5 mSv", "dawka 1,5 mSv") == []
    assert compare("dose 1.5 mSv", "جرعة ١٫٥ ملي سيفرت") == []
    assert compare("after 24 hours", "بعد ۲۴ ساعة") == []  # Persian (Eastern Arabic-Indic) digits


def test_tokens_are_typed():
    kinds = {(t.kind, t.value) for t in tokens("Call 0800 169 0 169 at 09:00 or see <https://a.example/x> and a@b.org")}
    assert ("phone", "+448001690169") in kinds
    assert ("time", "9:00") in kinds
    assert ("link", "https://a.example/x") in kinds
    assert ("email", "a@b.org") in kinds
    assert not any(k == "number" for k, _ in kinds)


@pytest.mark.parametrize("source, translation, problem", [
    ("before day 10 or day 10", "przed 10. dniem", "drops or changes number 10 (2 times in the English, 1 in the translation)"),
    ("call 01223 216455", "zadzwoń 01223 216455 lub 01223 216455",
     "adds phone 01223 216455 (1 time in the English, 2 in the translation) not in the English"),
    ("09:00 and 09:00", "o 09:00", "drops or changes time 09:00 (2 times in the English, 1 in the translation)"),
])
def test_each_token_counts_as_many_times_as_the_english_has_it(source, translation, problem):
    problems = compare(source, translation)
    assert len(problems) == 1 and problem in problems[0], problems


def test_the_same_tokens_as_often_in_another_order_pass():
    assert compare("day 10 or day 10, then 2", "2, potem dzień 10 lub dzień 10") == []
    assert compare("day 10 or day 10", "يوم ١٠ أو يوم ١٠") == []
