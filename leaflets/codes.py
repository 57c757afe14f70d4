"""Every diagnostic code, with its severity and what it means: the one list of them.

A code is ``area.kind``; the area names what was being read or made (``meta``, ``section``,
``i18n``, ``pdf``, ``site``...). ``tests/test_architecture.py`` fails on a code used in the
package that is missing here and on a code here that the package never uses; the README's
table of codes is :func:`markdown_table` (``python -m leaflets.codes`` prints it).

Only warnings can be suppressed (``suppress = [...]`` in ``[tool.leaflets]``): an error
always stops what depends on it. A code marked ``error or warning`` is reported as either,
depending on the case; suppressing it drops its warnings only.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
EITHER = "error or warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: str  # ERROR, WARNING or EITHER
    meaning: str  # one line, for the README

    @property
    def suppressible(self) -> bool:
        return self.severity != ERROR


_CODES = (
    # YAML and schema (leaflet.yml, front matter, symbols.yml)
    Code("yaml.syntax", ERROR, "the YAML does not parse"),
    Code("yaml.alias", ERROR, "a YAML anchor or alias: write the value out"),
    Code("yaml.duplicate-key", ERROR, "a key is given twice in the same mapping"),
    Code("schema.unknown-key", ERROR, "a key the format does not have (often a typing mistake)"),
    Code("schema.missing", ERROR, "a required key is missing"),
    Code("schema.type", ERROR, "a value of the wrong type or form (text YAML reads as a number or date: quote it)"),
    Code("schema.phone-number", ERROR, "a phone number YAML reads as a number: put it in quotes"),
    # leaflet.yml
    Code("meta.id", ERROR, "the leaflet's id differs from its folder name"),
    Code("meta.dates", ERROR, "the publication date is after the review date"),
    Code("meta.language", EITHER, "a language tag CLDR does not know, English not first (errors), "
                                  "or an `unreviewed:` decision for a language the leaflet does not have (warning)"),
    Code("meta.contact", ERROR, "a contact id used twice, or `other_formats_contact` naming no contact"),
    Code("review.overdue", ERROR, "the review date has passed"),
    Code("review.due-soon", WARNING, "the review date is within 90 days"),
    # sections and Markdown
    Code("section.missing", ERROR, "a section listed in `sections:` has no file"),
    Code("section.unlisted", ERROR, "a section file that `sections:` does not list"),
    Code("section.duplicate", ERROR, "a section listed twice in `sections:`"),
    Code("section.front-matter", ERROR, "a section file without front matter (`---`, id, title, critical, `---`)"),
    Code("section.id", ERROR, "a section's id differs from its file name"),
    Code("section.empty-critical", ERROR, "a safety-critical section (`critical: true`) has no text"),
    Code("markdown.heading-level", ERROR, "a heading skips a level (`###` is the first inside a section)"),
    Code("markdown.image-alt", ERROR, "an image without alt text"),
    Code("markdown.unsafe-target", ERROR, "a link or image target that is not allowed (a script, another origin's "
                                          "resource, a file outside the leaflet)"),
    Code("link.anchor", ERROR, "a link `#id` or `../other/#id` names no section of that leaflet"),
    Code("link.broken", ERROR, "a link inside the site leads to no leaflet page (write `#section`, `../<leaflet id>/`, "
                               "`../<leaflet id>/#section` or `../<leaflet id>/easy-read/`)"),
    Code("readability.smog", WARNING, "a section (at its `title:` line) or the whole leaflet (at `sections:`) has a "
                                      "SMOG grade above `smog_warning`"),
    Code("scaffold.placeholder", ERROR, "a value or line still starting with `TODO` (from `new`)"),
    # easy read
    Code("easy-read.missing", ERROR, "`formats:` lists easy-read but the leaflet has no `easy-read.md`"),
    Code("easy-read.front-matter", ERROR, "`easy-read.md` without front matter (`---`, title, summary, `---`)"),
    Code("easy-read.heading", ERROR, "a heading other than `## Heading` (easy read has one level)"),
    Code("easy-read.no-heading", ERROR, "a point before the first `##` heading"),
    Code("easy-read.picture-source", ERROR, "a picture that is not `symbol:<name>` from the symbol library"),
    Code("easy-read.unknown-picture", ERROR, "a picture name the symbol library does not hold"),
    Code("easy-read.picture-reused", WARNING, "one picture stands for more than 3 points of the leaflet"),
    Code("easy-read.no-picture", ERROR, "sentences after a blank line without a picture line"),
    Code("easy-read.no-alt", ERROR, "`![](symbol:...)`: the picture has no alt text"),
    Code("easy-read.sentences", ERROR, "a point with no sentence, or more than 3"),
    Code("easy-read.sentence-length", ERROR, "a sentence over 15 words"),
    Code("easy-read.one-sentence", WARNING, "more than 1 sentence on 1 line"),
    Code("easy-read.number-word", ERROR, "a number written as a word (`one` ... `twenty`, `hundred`, `half` ...)"),
    Code("easy-read.italics", ERROR, "`*text*` or `_text_`: use `**bold**`"),
    Code("easy-read.inline-image", ERROR, "a picture inside a sentence"),
    Code("easy-read.glossary-format", ERROR, "Words to know not last, given twice, or with a line that is not "
                                             "`**word**: explanation`"),
    Code("easy-read.glossary-missing", WARNING, "the easy read has no Words to know list"),
    Code("easy-read.glossary-unused", WARNING, "a word listed under Words to know that the text never uses"),
    Code("easy-read.glossary-order", ERROR, "a Words to know word used before it is explained, or not followed by "
                                            "its explanation"),
    Code("easy-read.translation-length", WARNING, "a translated sentence over 15 words"),
    Code("easy-read.translation-italics", ERROR, "a translated sentence in italics"),
    Code("easy-read.no-translation", ERROR, "an easy read in a language with no catalogue to translate it from"),
    Code("easy-read.pages", ERROR, "the easy-read PDF has more than 24 pages (found when building)"),
    # symbol library
    Code("symbols.missing", ERROR, "the symbol library `symbols/symbols.yml` is missing"),
    Code("symbols.name", ERROR, "a symbol name that is not lower-case letters, digits and `-`"),
    Code("symbols.file", ERROR, "a symbol's SVG file does not exist"),
    # translation
    Code("i18n.po-syntax", ERROR, "a `.po` catalogue does not parse"),
    Code("i18n.po-charset", ERROR, "a `.po` catalogue that is not UTF-8, or declares another charset"),
    Code("i18n.po-header", ERROR, "a `.po` catalogue's header is not valid"),
    Code("i18n.po-duplicate", ERROR, "a msgid given twice in the same context"),
    Code("i18n.po-plural", ERROR, "plural forms that do not match the language's CLDR plural rules"),
    Code("i18n.safety", ERROR, "a translation whose numbers, phones, times, dates, URLs, emails or link targets "
                               "differ from the English"),
    Code("i18n.not-published", WARNING, "a language is held back, and why"),
    Code("i18n.unknown-language", ERROR, "`i18n init` was given a tag that is not a language CLDR knows "
                                         "(printed with close matches; exit 2)"),
    Code("i18n.add-language", ERROR, "`i18n init --add` could not add the language to a `leaflet.yml`"),
    # PDF
    Code("pdf.css", ERROR, "a PDF stylesheet does not parse"),
    Code("pdf.css-import", ERROR, "a PDF stylesheet uses `@import`"),
    Code("pdf.css-url", ERROR, "a PDF stylesheet uses a URL other than `data:`"),
    Code("pdf.unsafe-target", ERROR, "a link or image target not allowed in a PDF, in this language"),
    Code("pdf.missing-image", ERROR, "a picture a PDF shows has no file"),
    Code("pdf.font", ERROR, "no installed font for the text's script"),
    Code("pdf.missing-glyph", ERROR, "a character no installed font has"),
    Code("pdf.weasyprint", EITHER, "WeasyPrint's own error or warning while rendering a PDF"),
    Code("pdf.render", ERROR, "a PDF could not be made (WeasyPrint failed, timed out, or its stylesheet has errors)"),
    # website
    Code("site.mkdocs", ERROR, "MkDocs could not build a language's website (at the first problem it logged)"),
    Code("site.mkdocs-warning", WARNING, "MkDocs' own warning while loading mkdocs.yml or building a language's "
                                         "website, at its source: a setting at its line, a page at its leaflet"),
    Code("site.theme-language", WARNING, "the theme has no interface translation for a language: "
                                         "its buttons and labels show in English"),
    # settings
    Code("settings.suppress", WARNING, "`suppress` names a code that does not exist or that is an error "
                                       "(errors cannot be suppressed)"),
    Code("settings.invalid", ERROR, "a value of `[tool.leaflets]` or `[tool.leaflets.site]` is wrong, or `pyproject.toml` "
         "cannot be read (at its line); the whole build stops"),
    Code("settings.toml", ERROR, "`pyproject.toml` is not valid TOML (at its line); the whole build stops"),
    Code("settings.contrast", ERROR, "the brand colour is below WCAG AA somewhere the website uses it (the ratio is named)"),
    Code("settings.logo", ERROR, "the logo is not an SVG or PNG file of the project, or is over 200 KB"),
    Code("settings.no-site-url", WARNING, "no `base_url`: no QR codes, canonical links or sitemap"),
    Code("settings.no-contact", WARNING, "no contact for the accessibility statement's \"report a problem\""),
    # Files and pictures: nothing outside the project, nothing unsafe
    Code("path.outside-project", ERROR, "a file named here resolves (after links) outside its project folder: "
         "it is not read"),
    Code("file.encoding", ERROR, "a text file that is not UTF-8, or holds a NUL character"),
    Code("file.too-large", ERROR, "a text file over 2 MB: it is not read"),
    Code("file.unreadable", ERROR, "a file that cannot be read, or is not a regular file (a folder, a pipe)"),
    Code("picture.missing", ERROR, "a picture the text shows has no file"),
    Code("picture.unsafe-svg", ERROR, "an SVG with a script, an event attribute, foreignObject, an entity or a "
         "reference to anything but itself"),
    Code("picture.format", ERROR, "a picture that is not what its extension says, or not a picture"),
    Code("picture.too-large", ERROR, "a picture over `picture_max_bytes`, or over `picture_max_pixels`"),
    # Braille
    Code("braille.undefined", ERROR, "a character the language's braille table cannot write (named, at its source line)"),
    Code("braille.check", ERROR, "a BRF that fails its checks: a line over 40 cells, a page over 25 lines, a character "
         "that is not BRF, or a back-translation that loses words or numbers"),
    Code("braille.liblouis", ERROR, "liblouis is not installed or cannot be loaded (run scripts/setup.sh)"),
    # Audio
    Code("audio.setting", EITHER, "`audio:` names a language the leaflet lacks (error), or is set while `formats:` "
         "lists no audio (warning)"),
    Code("audio.stale", WARNING, "a recording whose section's text changed since it was stamped: not published, "
         "record it again"),
    Code("audio.unstamped", WARNING, "a recording never tied to its text (`audio stamp`): not published"),
    Code("audio.incomplete", WARNING, "sections without a current recording and no synthetic voice chosen: no audio "
         "in that language"),
    Code("audio.unknown-file", WARNING, "a file in the recordings folder that is not a recording: ignored"),
    Code("audio.unknown-section", ERROR, "a recording named after no section of the leaflet"),
    Code("audio.duplicate", ERROR, "two recordings of the same section"),
    Code("audio.corrupt", ERROR, "a recording that cannot be read as audio"),
    Code("audio.stamps", ERROR, "the stamps file of the recordings cannot be read"),
    Code("audio.no-voice", ERROR, "espeak-ng has no voice for the language the leaflet asks to synthesise"),
    Code("audio.tool", ERROR, "espeak-ng or ffmpeg is missing (run scripts/setup.sh)"),
    Code("audio.render", ERROR, "the audio of a language could not be made"),
    Code("audio.loudness", ERROR, "the audio file is not at -16 LUFS within 1 LU after normalising"),
    Code("audio.chapters", ERROR, "the audio file's chapters do not match its sections"),
    # Versions
    Code("meta.changes", ERROR, "`changes:` does not name the current version, names one twice, or is not oldest first"),
    Code("archive.invalid", WARNING, "an archived version (`archive/<leaflet>/<version>/version.yml`) is missing or "
         "invalid: it is not published"),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}


def markdown_table() -> str:
    """The README's table of codes, in the order above."""
    rows = ["| code | severity | what it means |", "|---|---|---|"]
    rows += [f"| `{c.code}` | {c.severity} | {c.meaning} |" for c in _CODES]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
