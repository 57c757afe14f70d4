"""The fonts of the PDFs, by language, and the check that every character has a glyph in them.

The families are fontconfig names from Debian's fonts-noto-core and fonts-noto-cjk
(see fonts/README.md for the licence). A character with no glyph in its language's
fonts would print as a box or in some other installed font: it is a build error.
"""
from __future__ import annotations

import subprocess
import unicodedata
from functools import lru_cache

import tinyhtml5

# Font families by primary language subtag (fontconfig names; Debian fonts-noto-core and
# fonts-noto-cjk, see fonts/README.md). Noto Sans comes in every stack for Latin text.
FONTS = {
    "ar": ("Noto Sans Arabic", "Noto Sans"),
    "zh": ("Noto Sans", "Noto Sans CJK SC"),
}
DEFAULT_FONTS = ("Noto Sans",)


def fonts_for(lang: str) -> tuple[str, ...]:
    return FONTS.get(lang.split("-")[0].lower(), DEFAULT_FONTS)


def font_css() -> str:
    """Font stacks by language: a passage in another language (an English fallback) gets its own."""
    def stack(families):
        return ", ".join(f'"{f}"' for f in families)
    rules = [f"html, [lang] {{ font-family: {stack(DEFAULT_FONTS)}; }}"]
    rules += [f":lang({lang}) {{ font-family: {stack(families)}; }}" for lang, families in sorted(FONTS.items())]
    return "\n".join(rules)


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=None)
def font_file(family: str, style: str) -> tuple[str, int]:
    """(file, index in collection) fontconfig gives for a family; the family must really be installed."""
    out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{file}|%{index}", f"{family}:style={style}"],
                         capture_output=True, text=True, check=True).stdout
    found, path, index = out.rsplit("|", 2)
    if found != family:
        raise FontMissing(f"font '{family}' is not installed (fontconfig offers '{found}'); run scripts/setup.sh")
    return path, int(index)


@lru_cache(maxsize=None)
def coverage(family: str) -> frozenset[int]:
    """Code points with a glyph in both the regular and the bold face of a family."""
    from fontTools.ttLib import TTFont

    points = None
    for style in ("Regular", "Bold"):
        path, index = font_file(family, style)
        with TTFont(path, fontNumber=index, lazy=True) as font:
            cmap = set(font.getBestCmap())
        points = cmap if points is None else points & cmap
    return frozenset(points)


def _needs_glyph(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def missing_glyphs(html: str, doc_lang: str) -> dict[str, str]:
    """Characters of the rendered text with no glyph in the fonts of their language: char -> lang."""
    root = tinyhtml5.parse(html, namespace_html_elements=False)
    missing: dict[str, str] = {}

    def visit(element, lang):
        lang = element.get("lang", lang)
        if element.tag in ("style", "script", "title", "head"):
            return
        covered = None
        for text in (element.text, *(child.tail for child in element)):
            for char in text or "":
                if char in missing or not _needs_glyph(char):
                    continue
                if covered is None:
                    covered = set().union(*(coverage(f) for f in fonts_for(lang)))
                if ord(char) not in covered:
                    missing[char] = lang
        for child in element:
            if isinstance(child.tag, str):
                visit(child, lang)

    visit(root, doc_lang)
    return missing
