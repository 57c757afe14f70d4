"""What renderers consume: a leaflet (and its easy read) in one language, every piece of text resolved.

Each :class:`Shown` carries the text a reader sees and the language it is in:
where a translation is missing, the English text is shown with ``lang="en"``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from .languages import SOURCE_LANGUAGE, direction
from .languages import name as language_name
from .model import Block, Contact, EasyRead, Leaflet, Message

__all__ = ["SOURCE_LANGUAGE", "direction", "language_name", "Document", "localize", "EasyReadDocument",
           "localize_easy_read"]

# lookup(message) -> the translation to show, or None to show the English source.
Lookup = Callable[[Message], "str | None"]


@dataclass(frozen=True)
class Shown:
    text: str
    lang: str
    fallback: bool = False  # True where the source text stands in for a missing translation

    @property
    def dir(self) -> str:
        return direction(self.lang)


@dataclass(frozen=True)
class ShownBlock:
    kind: str
    items: tuple[Shown, ...]
    level: int = 0
    columns: int = 0

    @property
    def rows(self) -> list[tuple[Shown, ...]]:
        n = self.columns or 1
        return [self.items[i:i + n] for i in range(0, len(self.items), n)]


@dataclass(frozen=True)
class ShownSection:
    id: str
    title: Shown
    critical: bool
    blocks: tuple[ShownBlock, ...]


@dataclass(frozen=True)
class ShownContact:
    contact: Contact
    name: Shown
    hours: Shown | None


@dataclass(frozen=True)
class Document:
    leaflet: Leaflet
    lang: str
    title: Shown
    summary: Shown
    sections: tuple[ShownSection, ...]
    contacts: tuple[ShownContact, ...]
    reviewed: bool = True  # False for a draft translation: outputs say so
    department: Shown | None = None  # the department's name, translated like the title
    extra: dict = field(default_factory=dict)

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def meta(self):
        return self.leaflet.meta

    @property
    def has_fallback(self) -> bool:
        return any(s.title.fallback or any(i.fallback for b in s.blocks for i in b.items) for s in self.sections)

    @property
    def other_formats_contact(self) -> ShownContact:
        return next(c for c in self.contacts if c.contact.id == self.meta.other_formats_contact)


def show_message(message: Message, lang: str, lookup: Lookup | None) -> Shown:
    """What a reader of ``lang`` sees for ``message``: its translation, or the English source
    marked as a fallback where ``lookup`` has none (``lookup`` None: show English)."""
    if lang == SOURCE_LANGUAGE:
        return Shown(message.text, lang)
    text = lookup(message) if lookup else None
    return Shown(text, lang) if text is not None else Shown(message.text, SOURCE_LANGUAGE, fallback=True)


def localize(leaflet: Leaflet, lang: str, lookup: Lookup | None = None, reviewed: bool = True) -> Document:
    """The leaflet in ``lang``; ``lookup`` gives each message's translation (None: show English)."""
    show = partial(show_message, lang=lang, lookup=lookup)

    def block(b: Block) -> ShownBlock:
        return ShownBlock(b.kind, tuple(show(m) for m in b.messages), b.level, b.columns)

    meta_messages = {(m.context, m.text): m for m in leaflet.meta_messages()}

    def meta_show(context: str, text: str) -> Shown:
        return show(meta_messages[(context, text)])

    contacts = tuple(
        ShownContact(c, meta_show(f"contact:{c.id}", c.name), meta_show(f"contact:{c.id}", c.hours) if c.hours else None)
        for c in leaflet.meta.contacts
    )
    sections = tuple(
        ShownSection(s.id, show(s.title), s.critical, tuple(block(b) for b in s.blocks)) for s in leaflet.sections
    )
    return Document(
        leaflet=leaflet,
        lang=lang,
        title=meta_show("leaflet", leaflet.meta.title),
        summary=meta_show("leaflet", leaflet.meta.summary),
        sections=sections,
        contacts=contacts,
        reviewed=reviewed,
        department=meta_show("leaflet", leaflet.meta.department),
    )


# --- easy read ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShownPoint:
    id: str
    symbol: str
    alt: Shown
    sentences: tuple[Shown, ...]


@dataclass(frozen=True)
class ShownGroup:
    id: str
    title: Shown
    points: tuple[ShownPoint, ...]


@dataclass(frozen=True)
class ShownTerm:
    word: Shown
    explanation: Shown


@dataclass(frozen=True)
class EasyReadDocument:
    """An easy read in one language, with the leaflet document it belongs to (metadata, contacts)."""

    easy: EasyRead
    document: Document
    title: Shown
    summary: Shown
    groups: tuple[ShownGroup, ...]
    glossary_title: Shown | None
    glossary: tuple[ShownTerm, ...]

    @property
    def lang(self) -> str:
        return self.document.lang

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def meta(self):
        return self.document.meta

    @property
    def reviewed(self) -> bool:
        return self.document.reviewed

    @property
    def other_formats_contact(self):
        return self.document.other_formats_contact

    @property
    def shown(self) -> list[Shown]:
        """Every text shown, in the order of ``EasyRead.messages()``."""
        out = [self.title, self.summary]
        for g in self.groups:
            out.append(g.title)
            for p in g.points:
                out.extend((p.alt, *p.sentences))
        if self.glossary_title:
            out.append(self.glossary_title)
        for t in self.glossary:
            out.extend((t.word, t.explanation))
        return out

    @property
    def has_fallback(self) -> bool:
        return any(s.fallback for s in self.shown)


def localize_easy_read(easy: EasyRead, document: Document, lookup: Lookup | None = None) -> EasyReadDocument:
    """The easy read in ``document.lang``; ``lookup`` as for ``document.localize`` (None: show English).

    Only points with a picture in the library can be shown; ``check`` reports the others and stops the build.
    """
    lang = document.lang
    show = partial(show_message, lang=lang, lookup=lookup)

    groups = tuple(
        ShownGroup(g.id, show(g.title), tuple(
            ShownPoint(p.id, p.symbol, show(p.alt), tuple(show(s) for s in p.sentences))
            for p in g.points if p.symbol and p.alt
        ))
        for g in easy.groups
    )
    return EasyReadDocument(
        easy=easy,
        document=document,
        title=show(easy.title),
        summary=show(easy.summary),
        groups=groups,
        glossary_title=show(easy.glossary_title) if easy.glossary_title else None,
        glossary=tuple(ShownTerm(show(t.word), show(t.explanation)) for t in easy.glossary),
    )
