"""A share below 100% never reads 100%: percentages are rounded down, in integers."""
from __future__ import annotations

import pytest

from leaflets import translate
from leaflets.report import CatalogueStatus


@pytest.mark.parametrize("part, whole, shown", [(249, 250, 99), (996, 1000, 99), (999, 1000, 99),
                                                (29, 100, 29), (57, 100, 57), (1, 3, 33), (250, 250, 100)])
def test_percent_rounds_down(part, whole, shown):
    assert translate.percent(part, whole) == shown


def units(translated: int, total: int) -> list[translate.Unit]:
    return [translate.Unit("about", f"m{i}", f"content/x.md:{i}", False,
                           translate.TRANSLATED if i < translated else translate.UNTRANSLATED)
            for i in range(total)]


def test_a_language_at_99_6_percent_says_99_and_is_held_back():
    analysis = translate.Analysis("hsg", "pl", "locales/pl/LC_MESSAGES/hsg.po", units=units(249, 250))
    assert analysis.other_share == 99
    assert analysis.reason == "99% of the other text translated, 100% required"


def test_the_threshold_is_met_at_exactly_the_threshold_and_not_below():
    analysis = translate.Analysis("hsg", "pl", "x.po", units=units(29, 100), threshold=29)
    assert analysis.reason is None
    analysis = translate.Analysis("hsg", "pl", "x.po", units=units(28, 100), threshold=29)
    assert analysis.reason == "28% of the other text translated, 29% required"


def test_the_report_shows_99_not_100():
    assert CatalogueStatus("locales/pl/LC_MESSAGES/hsg.po", True, translated=249, total=250).percent == 99
