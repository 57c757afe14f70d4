"""The trust's brand colour, checked against every place the website uses it.

Contrast ratios follow WCAG 2.2 (relative luminance, 1.4.3 for text: 4.5:1,
1.4.11 for interface parts: 3:1). The uses are listed once, here, beside the
stylesheet rules that apply them (``templates/website/theme/main.html``): the
header bar behind white text and icons in both schemes, and, in the light
scheme, links and panel borders in the brand colour on the white page.
"""
from __future__ import annotations

from typing import NamedTuple

WHITE = "#ffffff"
TEXT, UI = 4.5, 3.0  # WCAG AA minimum ratios: body text, user-interface parts


class Use(NamedTuple):
    scheme: str  # "light" or "dark"
    what: str
    foreground: str | None  # None: the brand colour
    background: str | None
    minimum: float


USES = (
    Use("light", "white header text on the brand colour", WHITE, None, TEXT),
    Use("light", "white header icons on the brand colour", WHITE, None, UI),
    Use("light", "links in the brand colour on the white page", None, WHITE, TEXT),
    Use("light", "panel borders in the brand colour on the white page", None, WHITE, UI),
    Use("dark", "white header text on the brand colour", WHITE, None, TEXT),
    Use("dark", "white header icons on the brand colour", WHITE, None, UI),
)


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def failures(brand: str) -> list[tuple[Use, float]]:
    """Each use of ``brand`` below its WCAG AA minimum, with the ratio it has."""
    out = []
    for use in USES:
        ratio = contrast(use.foreground or brand, use.background or brand)
        if ratio < use.minimum:
            out.append((use, ratio))
    return out
