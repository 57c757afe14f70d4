"""Fonts chosen by Unicode script, from the Noto families setup installs; the glyph check.

Every character's script (Unicode's Scripts data, through fontTools) picks its family among
the installed Noto families (Debian's fonts-noto-core and fonts-noto-cjk, see fonts/README.md):

1. a family made for the language itself, for the language's own script: the installed
   Noto family named after the language in CLDR ("Noto Nastaliq Urdu" for Urdu);
2. Han, kana and hangul: the Noto CJK family fontconfig's language rules give for the
   language's region ("Noto Sans CJK SC" for zh-Hans, TC for zh-Hant, HK for zh-HK, JP, KR);
3. "Noto Sans <script>", then "Noto Naskh <script>", then "Noto Serif <script>" ("Noto Sans
   Bengali", "Noto Naskh Arabic", "Noto Sans Ethiopic"), by Unicode's name of the script;
4. "Noto Sans" (Latin, Greek, Cyrillic, and the digits and punctuation every script shares).

The first candidate that is installed and has the character (regular and bold) wins. A
character no installed family has is an error naming it, its script and its language. The
same choice gives the stylesheets of every format (:func:`plan`), so the PDFs, the
single-file page and the easy read show what the glyph check checked.
"""
from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.html
from fontTools import unicodedata as unicode_scripts

from . import languages

BASE_FAMILY = "Noto Sans"
STYLES = ("Sans", "Naskh", "Serif")  # Noto's designs for a script, in order of preference
CJK_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})  # set in one Noto CJK family
SHARED_SCRIPTS = frozenset({"Zyyy", "Zinh"})  # Common and Inherited: take the font of their context
# A family whose own line height (hhea, in ems) is above this sets the line height of its language:
# Nastaliq (2.5) needs it; Noto Sans is 1.36 and Noto Sans Arabic 2.11 (room for stacked marks),
# both fine at the stylesheets' 1.5.
TALL_FAMILY = 2.2


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=None)
def installed() -> frozenset[str]:
    """Every installed font family's first name, from fontconfig."""
    out = subprocess.run(["fc-list", "--format", "%{family[0]}\n"], capture_output=True, text=True,
                         check=True).stdout
    return frozenset(line.strip() for line in out.splitlines() if line.strip())


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


@lru_cache(maxsize=None)
def line_height(family: str) -> float:
    """The family's own line height (ascender + descender + gap, in ems, from its hhea table)."""
    from fontTools.ttLib import TTFont

    path, index = font_file(family, "Regular")
    with TTFont(path, fontNumber=index, lazy=True) as font:
        hhea, units = font["hhea"], font["head"].unitsPerEm
        return (hhea.ascent - hhea.descent + hhea.lineGap) / units


def script_of(char: str) -> str:
    """The ISO 15924 code of a character's script ("Arab", "Beng", "Hani"; "Zyyy" for shared ones)."""
    return unicode_scripts.script(char)


def script_name(code: str) -> str:
    return unicode_scripts.script_name(code, default=code)


@lru_cache(maxsize=None)
def candidates(script: str, lang: str) -> tuple[str, ...]:
    """Installed families for characters of ``script`` in a passage in ``lang``, best first."""
    have = installed()
    found: list[str] = []
    if script == _own_script(lang) and languages.english_name(lang) != script_name(script):
        own = " " + languages.english_name(lang)
        # "Noto <design> <Language>": one word for the design ("Noto Nastaliq Urdu", not "Noto Sans Old Persian")
        found += sorted(f for f in have if f.startswith("Noto ") and f.endswith(own) and len(f.split()) == 3)
    if script in CJK_SCRIPTS:
        found.append(_cjk_family(lang))
    name = script_name(script)
    found += [f"Noto {style} {name}" for style in STYLES]
    found.append(BASE_FAMILY)
    out: list[str] = []
    for family in found:
        if family and family in have and family not in out:
            out.append(family)
    return tuple(out)


@lru_cache(maxsize=None)
def _own_script(lang: str) -> str:
    """The character-level script of a language: Han for zh-Hant and zh-Hans, else CLDR's script."""
    code = languages.script(lang)
    return "Hani" if code in ("Hant", "Hans", "Jpan", "Kore") else code


@lru_cache(maxsize=None)
def _cjk_family(lang: str) -> str:
    """fontconfig's choice of Noto CJK family for the language's region (its CJK rules)."""
    out = subprocess.run(["fc-match", "-f", "%{family[0]}", f"Noto Sans CJK:lang={languages.fontconfig_lang(lang)}"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return out if out.startswith("Noto Sans CJK") else ""


def family_for(char: str, lang: str) -> str | None:
    """The family that sets ``char`` in a passage in ``lang``; None when no installed family has it."""
    return next((f for f in candidates(script_of(char), lang) if ord(char) in coverage(f)), None)


@dataclass
class FontPlan:
    """The fonts a rendered document needs: a stack per language, and what no font has."""

    doc_lang: str
    stacks: dict[str, list[str]] = field(default_factory=dict)  # lang -> families, in order
    missing: dict[str, tuple[str, str]] = field(default_factory=dict)  # char -> (lang, script)

    def css(self) -> str:
        """``font-family`` (and a taller line height where a family needs one) per language."""
        rules = []
        for lang, stack in self.stacks.items():
            families = ", ".join(f'"{f}"' for f in stack)
            # body too: the stylesheets give body a fallback family, which a rule on html alone would not beat.
            selector = "html, body, [lang]" if lang == self.doc_lang else f":lang({lang})"
            rule = f"{selector} {{ font-family: {families}; }}"
            tallest = max((line_height(f) for f in stack[:1]), default=0)
            if tallest > TALL_FAMILY:
                rule += f"\n:lang({lang}) {{ line-height: {tallest:.2f}; }}"
            rules.append(rule)
        # The document's own stack first, so passages in its language nested anywhere get it back.
        rules.sort(key=lambda r: not r.startswith("html"))
        return "\n".join(rules)

    @property
    def families(self) -> set[str]:
        return {f for stack in self.stacks.values() for f in stack}


def _needs_glyph(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zs")


@lru_cache(maxsize=1)
def _parser() -> lxml.html.HTMLParser:
    """libxml2's HTML parser: in C, about 30 times the speed of tinyhtml5 (WeasyPrint's) on our
    pages, with the same elements, text and languages (compared on every plan of the PDF, easy
    read, language and hostile-input tests); no limit on depth or text size, which the check bounds."""
    return lxml.html.HTMLParser(huge_tree=True, remove_comments=False)


def plan(html: str, doc_lang: str) -> FontPlan:
    """The font stacks of a rendered document and the characters no installed font has.

    Each language's stack lists the family of its own script first, then Noto Sans, then the
    families of the other scripts its passages use; shared characters (digits, punctuation)
    must be in one of them."""
    root = lxml.html.document_fromstring(html, parser=_parser())
    used: dict[str, dict[str, None]] = {}  # lang -> families (ordered set)
    shared: dict[str, set[str]] = {}  # lang -> shared characters
    seen: dict[str, set[str]] = {}  # lang -> characters already placed
    result = FontPlan(doc_lang)

    def visit(element, lang):
        lang = element.get("lang", lang) or lang
        if element.tag in ("style", "script", "title", "head"):
            return
        families = used.setdefault(lang, {})
        done = seen.setdefault(lang, set())
        for text in (element.text, *(child.tail for child in element)):
            for char in dict.fromkeys(text or ""):
                if char in done:  # a character's font depends on it and its passage's language only
                    continue
                done.add(char)
                if not _needs_glyph(char) or char in result.missing:
                    continue
                script = script_of(char)
                if script in SHARED_SCRIPTS:
                    shared.setdefault(lang, set()).add(char)
                    continue
                # A character foreign to its passage (Han in an English passage of a Chinese page):
                # the page's own choice (Traditional shapes on a zh-Hant page).
                family = family_for(char, lang) or family_for(char, doc_lang)
                if family is None:
                    result.missing[char] = (lang, script)
                else:
                    families.setdefault(family, None)
        for child in element:
            if isinstance(child.tag, str):
                visit(child, lang)

    visit(root, doc_lang)
    for lang, families in used.items():
        ranked = candidates(_own_script(lang), lang)
        own = [next((f for f in ranked if f in families), ranked[0] if ranked else BASE_FAMILY)]
        stack = list(dict.fromkeys([*own, BASE_FAMILY, *families]))
        result.stacks[lang] = [f for f in stack if f in installed()]
        for char in shared.get(lang, ()):
            if char not in result.missing and not any(ord(char) in coverage(f) for f in result.stacks[lang]):
                result.missing[char] = (lang, script_name(script_of(char)))
    for char, (lang, script) in list(result.missing.items()):
        result.missing[char] = (lang, script_name(script) if len(script) == 4 else script)
    return result


def with_fonts(html: str, font_plan: FontPlan) -> str:
    """The document with its font stylesheet added at the end of its ``<head>``."""
    style = f"<style>\n{font_plan.css()}\n</style>\n"
    at = html.find("</head>")
    return html[:at] + style + html[at:] if at >= 0 else style + html
