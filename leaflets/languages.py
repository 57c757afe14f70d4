"""Facts about a language, from CLDR (through Babel) and the Unicode data: never from a list in code.

For any BCP 47 tag Babel knows (``pl``, ``ar``, ``ur``, ``zh-Hant``, ``zh-HK``...) this gives its
writing direction, its script (CLDR's likely subtags), its territory, its name in itself, its
dates and its digits (the locale's default numbering system: Persian digits for ``fa``, Bengali
for ``bn``, Latin for ``ar`` in current CLDR). A language the code has never heard of works as
soon as CLDR knows it.
"""
from __future__ import annotations

import unicodedata
from datetime import date
from functools import lru_cache

from babel import Locale, UnknownLocaleError, parse_locale
from babel.core import get_global
from babel.dates import format_date as babel_format_date
from fontTools import unicodedata as unicode_scripts

SOURCE_LANGUAGE = "en"
# The locale English dates are written in: the leaflets are British ("1 November 2026").
SOURCE_LOCALE = "en_GB"


class UnknownLanguage(ValueError):
    pass


@lru_cache(maxsize=None)
def locale(lang: str) -> Locale:
    """Babel's locale for a BCP 47 tag; :class:`UnknownLanguage` if CLDR does not know it."""
    try:
        return Locale.parse(lang, sep="-" if "-" in lang else "_")
    except (ValueError, TypeError, UnknownLocaleError) as error:
        raise UnknownLanguage(f"'{lang}' is not a language tag CLDR knows ({error})") from None


def canonical(text: str) -> str | None:
    """``text`` as a BCP 47 tag in its usual case (``zh-hans`` -> ``zh-Hans``) if Babel's CLDR data
    knows it, else None. Babel's own parser quietly fills in likely subtags (``en-ZZ`` reads as
    ``en_US``, ``und`` as English): every subtag given must survive it."""
    tag = text.strip().replace("_", "-")
    try:
        language, territory, script, variant = parse_locale(tag, sep="-")[:4]
        loc = Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    given = (language, script, territory, variant)
    if any(part and part != got for part, got in zip(given, (loc.language, loc.script, loc.territory, loc.variant))):
        return None
    return "-".join(part for part in given if part)


def known(lang: str) -> bool:
    """Whether ``lang`` is a BCP 47 tag CLDR knows, written as the project writes it (``zh-Hans``)."""
    return canonical(lang) == lang


@lru_cache(maxsize=None)
def likely(lang: str) -> tuple[str, str, str | None]:
    """(language, script, territory) with CLDR's likely subtags filled in: ``zh-Hant`` ->
    ("zh", "Hant", "TW"), ``ur`` -> ("ur", "Arab", "PK"), ``zh-HK`` -> ("zh", "Hant", "HK")."""
    loc = locale(lang)
    subtags = get_global("likely_subtags")
    parts: list[str] = []
    for key in (str(loc), "_".join(p for p in (loc.language, loc.script) if p), loc.language):
        if key in subtags:
            parts = subtags[key].split("_")  # "ar_Arab_EG": read as written (Locale.parse drops the script)
            break
    script = loc.script or next((p for p in parts[1:] if len(p) == 4), None) or "Latn"
    territory = loc.territory or next((p for p in parts[1:] if len(p) in (2, 3) and p != script), None)
    return loc.language, script, territory


def script(lang: str) -> str:
    """The ISO 15924 script a language is written in: "Arab", "Beng", "Hant"..."""
    return likely(lang)[1]


def direction(lang: str) -> str:
    """"rtl" or "ltr", from CLDR's character order."""
    return locale(lang).text_direction


def name(lang: str) -> str:
    """A language's name in that language, as a reader looks for it: "polski", "العربية", "中文 (简体)"."""
    return locale(lang).display_name or lang


def english_name(lang: str) -> str:
    return locale(lang).english_name or lang


def fontconfig_lang(lang: str) -> str:
    """The tag fontconfig's language rules use (``zh-tw`` for zh-Hant, ``zh-hk``, ``ja``)."""
    language, _script, territory = likely(lang)
    return f"{language}-{territory}".lower() if territory else language


@lru_cache(maxsize=None)
def digits(lang: str) -> str:
    """The ten digits of the locale's default numbering system ("0123456789", "۰۱۲۳۴۵۶۷۸۹"...).

    Babel names the numbering system (CLDR: ``arabext``, ``beng``, ``deva``); its digits are the
    Unicode decimal digits of that script (CLDR names decimal systems after their ISO 15924 script;
    the ``ext`` suffix is the extended form, as Unicode names it)."""
    system = locale(lang).default_numbering_system or "latn"
    return _system_digits(system)


@lru_cache(maxsize=None)
def _system_digits(system: str) -> str:
    if system == "latn":
        return "0123456789"
    wanted = system[:4].title()
    extended = system.endswith("ext")
    zeros = []
    for code in range(0x80, 0x20000):
        char = chr(code)
        if unicodedata.category(char) == "Nd" and unicodedata.digit(char) == 0 \
                and unicode_scripts.script(char) == wanted:
            zeros.append(char)
    zeros.sort(key=lambda z: ("EXTENDED" in unicodedata.name(z, "")) != extended)
    if not zeros:
        return "0123456789"  # a numbering system that is not a run of Unicode digits: Latin digits
    start = ord(zeros[0])
    return "".join(chr(start + i) for i in range(10))


def localise_digits(text: str, lang: str) -> str:
    """ASCII digits in ``text`` written in the locale's default digits."""
    shapes = digits(lang)
    return text if shapes == "0123456789" else text.translate({ord("0") + i: shapes[i] for i in range(10)})


def format_date(value: date, lang: str, form: str = "long") -> str:
    """A date as a reader of ``lang`` writes it: "1 listopada 2026", "۱ نوامبر ۲۰۲۶"."""
    where = Locale.parse(SOURCE_LOCALE) if lang == SOURCE_LANGUAGE else locale(lang)
    return localise_digits(babel_format_date(value, form, locale=where), lang)
