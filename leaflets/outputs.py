"""Every output format in one registry: its name (as ``formats:`` in ``leaflet.yml`` lists it),
the module that renders it, its files (path, media type, whether "Other formats" lists link
it), its label, and which languages it exists for.

Everything that needs to know an output reads it here: the renderers (where to write),
the "Other formats" lists of every format (:func:`downloads`, the one list builder), the
website's panels, the archive of older versions (:func:`file_of`), the report and the
leaflet model (which names ``formats:`` accepts).

A format's module has one entry point, ``render(context, units) -> Written``
(:class:`~leaflets.rendering.Context`; ``units``: the plans to render, one leaflet in one
language each); one made in only some languages writes nothing for the others. The build
calls the modules in ``stage`` order (a format that lists others' sizes renders after them);
see "How to add a format" in the README.
"""
from __future__ import annotations

import importlib
import posixpath
from dataclasses import dataclass
from typing import Callable

LABEL_CONTEXT = "format label"  # the ui.pot context of every label below (see label_messages)
NOTE = ("the name of a format of the leaflet, in its \"Other formats\" list (followed by the file's type and "
        "size: \"Large print (PDF, 180 KB)\"), on an old version's page and in page titles.")


@dataclass(frozen=True)
class File:
    """One file of a format, for one leaflet in one language: ``path`` with ``{lang}`` and
    ``{leaflet}`` (a page's ``index.html`` is linked as its folder)."""

    path: str
    media: str  # as lists show it: "PDF", "HTML", "BRF", "MP3"
    mime: str  # the link's type attribute
    listed: bool = True  # in "Other formats" lists
    timed: bool = False  # lists show its length (a recording)

    def at(self, leaflet_id: str, lang: str) -> str:
        return self.path.format(leaflet=leaflet_id, lang=lang)


@dataclass(frozen=True)
class Format:
    name: str
    module: str  # leaflets.<module>: render(context, units) -> Written
    label: str  # English; translated in context LABEL_CONTEXT
    files: tuple[File, ...]
    stage: int  # render order: 0 first; the website (its panels list every other file) last
    languages: str  # which languages it exists for, in words (the README's format table)
    always: bool = True  # made in every language the leaflet publishes in (lists may link it first)
    per_language: bool = False  # one build per language (the website), not per leaflet and language
    lists_languages: bool = False  # its pages link the leaflet's other languages (made again when one is held back)
    archived: bool = True  # each version's files are kept (archive/); recordings stay with their stamps in content/

    def renderer(self):
        """Its module: ``leaflets.<module>``, or a dotted name's module outside the package."""
        return importlib.import_module(self.module if "." in self.module else f"leaflets.{self.module}")


_PAGE = "{lang}/{leaflet}/"
_STEM = _PAGE + "{leaflet}-{lang}"
PDF, HTML = "application/pdf", "text/html"

# In the order "Other formats" lists them.
FORMATS: tuple[Format, ...] = (
    Format("site", "render_site", "Web page",
           (File(_PAGE + "index.html", "HTML", HTML, listed=False),), stage=3, per_language=True, lists_languages=True,
           languages="every language with a published leaflet that lists it"),
    Format("large-print", "render_pdf", "Large print",
           (File(_STEM + "-large-print.pdf", "PDF", PDF),), stage=1, languages="every published language"),
    Format("easy-read", "render_easy_read", "Easy read",
           (File(_PAGE + "easy-read/index.html", "HTML", HTML), File(_STEM + "-easy-read.pdf", "PDF", PDF)),
           stage=0, always=False, languages="every published language, where the leaflet has easy-read.md"),
    Format("print", "render_pdf", "Print version",
           (File(_STEM + "-print.pdf", "PDF", PDF),), stage=1, languages="every published language"),
    Format("html", "render_html", "Single web page to save or email",
           (File(_STEM + ".html", "HTML", HTML),), stage=2, lists_languages=True,
           languages="every published language"),
    Format("braille", "render_braille", "Braille",
           (File(_STEM + ".brf", "BRF", "application/x-brf"), File(_STEM + "-braille.html", "HTML", HTML, listed=False)),
           stage=0, always=False, languages="languages liblouis has a braille table for"),
    Format("audio", "render_audio", "Audio",
           (File(_PAGE + "audio/index.html", "HTML", HTML), File(_STEM + "-audio.mp3", "MP3", "audio/mpeg", timed=True)),
           stage=0, always=False, archived=False,
           languages="languages with a recording or a voice for every section (leaflet.yml audio)"),
)
NAMES = tuple(f.name for f in FORMATS)
_BY_NAME = {f.name: f for f in FORMATS}


def get(name: str) -> Format:
    return _BY_NAME[name]


def path(name: str, leaflet_id: str, lang: str, index: int = 0) -> str:
    """Where file ``index`` of format ``name`` goes for one leaflet in one language (site path)."""
    return _BY_NAME[name].files[index].at(leaflet_id, lang)


def renderers(per_language: bool, lists_languages: bool = False) -> list:
    """The format modules, each once, in the order the build calls them: those rendering one
    leaflet in one language at a time, or (``per_language``) a whole language (the website);
    ``lists_languages``: only those whose pages link the other languages."""
    ordered = sorted((f for f in FORMATS if f.per_language == per_language and (f.lists_languages or not lists_languages)),
                     key=lambda f: f.stage)
    return list({f.module: f.renderer() for f in ordered}.values())


def of_module(module: str) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.module == module.rsplit(".", 1)[-1])


def file_of(name: str) -> tuple[Format, File] | None:
    """The format and file a published file's name is (an archived version's files), or None
    for a name no format lists (``hsg-en-braille.html``, the braille proof-reading page, is for
    staff; the BRF is what a patient was given). The longest matching ending wins."""
    endings = sorted(((file.path.split("{leaflet}-{lang}", 1)[1], fmt, file)
                      for fmt in FORMATS for file in fmt.files if "{leaflet}-{lang}" in file.path),
                     key=lambda item: -len(item[0]))
    found = next(((fmt, file) for ending, fmt, file in endings if name.endswith(ending)), None)
    return found if found and found[1].listed else None


def archived(name: str) -> bool:
    """Whether a published file's name is one each archived version keeps."""
    found = file_of(name)
    return found is not None and found[0].archived


def format_size(size: int) -> str:
    """File size as patients read it: "180 KB", "1.2 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def label_messages() -> list[tuple[str, str, str, tuple[str, int]]]:
    """The labels as ui.pot entries: (context, msgid, translator note, (file, line) of the label here)."""
    with open(__file__, encoding="utf-8") as source:
        lines = source.read().splitlines()
    return [(LABEL_CONTEXT, f.label, NOTE,
             ("leaflets/outputs.py", next(i for i, line in enumerate(lines, 1) if f'"{f.label}"' in line)))
            for f in FORMATS]


@dataclass(frozen=True)
class Download:
    """One entry of an "Other formats" list."""

    format: str  # a name in FORMATS
    href: str | None  # None: no link can reach it from this format (a PDF, with no site address)
    media: str  # "PDF", "HTML"
    size: str | None = None  # "180 KB"
    duration: str | None = None  # "6 min" (audio)

    @property
    def label(self) -> str:
        return _BY_NAME[self.format].label

    @property
    def mime(self) -> str:
        return next(f.mime for f in _BY_NAME[self.format].files if f.media == self.media)


def site_link(base_url: str | None, rel: str, here: str | None) -> str | None:
    """A link to ``rel`` (a path in the site): absolute under ``base_url``; without one, relative to
    the file ``here`` (a path in the site), or None where ``here`` is None (a PDF, read anywhere)."""
    if base_url:
        return base_url + rel
    if here is None:
        return None
    link = posixpath.relpath(rel or ".", posixpath.dirname(here) or ".")
    return link + "/" if rel.endswith("/") or not rel else link


def downloads(leaflet_id: str, lang: str, formats, written: dict[str, int], *, exclude: str | None,
              link: Callable[[str], str | None], length: Callable[[str], str | None] = lambda rel: None,
              only_written: bool = False) -> list[Download]:
    """The "Other formats" list of one leaflet in one language: every listed file of the formats
    in ``formats`` (the leaflet's ``formats:``) but ``exclude``, with its size once written
    (``written``: site path -> bytes). A format made in only some languages is listed once
    written; one made in every language (``always``) also before (PDFs render side by side).
    ``only_written``: list nothing not written yet. ``link(rel)`` makes its href (a page as its
    folder), ``length(rel)`` a recording's length."""
    out = []
    for fmt in FORMATS:
        if fmt.name == exclude or fmt.name not in formats:
            continue
        for file in (f for f in fmt.files if f.listed):
            rel = file.at(leaflet_id, lang)
            size = written.get(rel)
            if size is None and (only_written or not fmt.always):
                continue  # not made in this language (no braille table, no recording) or held back
            href = link(rel.removesuffix("index.html"))
            out.append(Download(fmt.name, href, file.media, format_size(size) if size else None,
                                length(rel) if file.timed else None))
    return out
