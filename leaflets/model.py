"""The content model: leaflet metadata (validated by pydantic), its sections and its easy read.

A section body is a list of blocks; each block holds one or more messages, the
units a translator sees: one per heading, paragraph, list item or table cell.
Localised documents (what renderers consume) are built from these by
``translate.localize``.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import outputs, phones
from .yamlsource import nearest

FORMATS = outputs.NAMES  # every format the registry knows (leaflets/outputs.py)
ID_RE = r"^[a-z0-9][a-z0-9-]*$"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Contact(StrictModel):
    id: str = Field(pattern=ID_RE)
    name: str = Field(min_length=1)
    phone: str
    hours: str | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    url: str | None = None  # the contact's web page, e.g. https://www.cuh.nhs.uk/radiology

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if not phones.is_phone(value):
            raise ValueError("not a phone number as patients dial it: write it as 01223 216455, "
                             "+44 (0)1223 216455 or +48 22 123 45 67 (digit groups separated by single spaces)")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            parts = urlsplit(value)
            scheme, host = parts.scheme, parts.hostname or ""
        except ValueError:  # e.g. an unclosed [ in the host
            scheme = host = ""
        if scheme not in ("https", "http") or "." not in host or any(c.isspace() for c in value):
            raise ValueError("a web address starts with https:// and names a site, without spaces,"
                             " e.g. https://www.nhs.uk/")
        return value


class Change(StrictModel):
    """One published version in ``changes:``: what changed and who approved it."""

    version: str = Field(min_length=1)
    date: datetime.date
    what: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)


class UnreviewedDecision(StrictModel):
    """A recorded decision to publish a translation no qualified translator has checked yet."""

    decision: Literal["publish-with-notice", "hold-back"]
    decided_by: str = Field(min_length=1)
    decided_on: date


class LeafletMeta(StrictModel):
    id: str = Field(pattern=ID_RE)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    organisation: str
    department: str
    version: str
    published: date
    review: date
    approver: str
    other_formats_contact: str
    contacts: list[Contact] = Field(min_length=1)
    languages: list[str] = Field(min_length=1)
    formats: list[Literal[FORMATS]] = Field(min_length=1)  # type: ignore[valid-type]
    # Braille (``braille`` in formats): 2 = contracted (UEB grade 2 in English), 1 = uncontracted.
    braille_grade: Literal[1, 2] = 2
    translation_threshold: int = Field(default=100, ge=0, le=100)
    # language -> decision: an unreviewed catalogue publishes only where one says so.
    unreviewed: dict[str, UnreviewedDecision] = Field(default_factory=dict)
    sections: list[str] = Field(min_length=1)
    changes: list[Change] = Field(default_factory=list)  # every published version, oldest first
    # language -> who reads the audio: "recorded" (a person; the default) or "synthetic" (espeak-ng
    # speaks the sections without a current recording, announced as a computer voice).
    audio: dict[str, Literal["recorded", "synthetic"]] = Field(default_factory=dict)

    def contact(self, contact_id: str) -> Contact:
        return next(c for c in self.contacts if c.id == contact_id)


class SectionMeta(StrictModel):
    id: str = Field(pattern=ID_RE)
    title: str = Field(min_length=1)
    critical: bool


@dataclass(frozen=True)
class Message:
    """One translatable unit of source text (inline Markdown)."""

    text: str
    path: str
    line: int
    context: str  # msgctxt: the section id, or "leaflet"/"contact:<id>" for metadata
    note: str | None = None


@dataclass(frozen=True)
class Block:
    kind: Literal["heading", "paragraph", "ul", "ol", "table"]
    messages: tuple[Message, ...]
    level: int = 0  # heading level (3..6)
    columns: int = 0  # table columns; messages are the cells, row by row, header row first


@dataclass(frozen=True)
class Section:
    id: str
    title: Message
    critical: bool
    path: str
    blocks: tuple[Block, ...]

    def messages(self) -> list[Message]:
        return [self.title, *(m for b in self.blocks for m in b.messages)]


# --- easy read (parsed from content/<id>/easy-read.md by ``easyread``) ---------------------------

class EasyReadMeta(StrictModel):
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)


@dataclass(frozen=True)
class Point:
    id: str
    line: int  # the picture line, or the first sentence of a point without a picture
    symbol: str | None  # the picture's name in the library; None if the point has no picture line
    alt: Message | None  # None if the point has no picture line
    sentences: tuple[Message, ...]
    source: str | None = None  # what was written between ( ), for messages about it

    def messages(self) -> list[Message]:
        return [*([self.alt] if self.alt and self.alt.text else []), *self.sentences]


@dataclass(frozen=True)
class Group:
    id: str
    title: Message
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Term:
    id: str
    word: Message
    explanation: Message


@dataclass(frozen=True)
class EasyRead:
    leaflet_id: str
    path: str  # content/<id>/easy-read.md
    title: Message
    summary: Message
    groups: tuple[Group, ...]
    glossary_title: Message | None
    glossary: tuple[Term, ...]

    @property
    def points(self) -> list[Point]:
        return [p for g in self.groups for p in g.points]

    def messages(self) -> list[Message]:
        """Every translatable message, in reading order (title and summary first)."""
        out = [self.title, self.summary]
        for group in self.groups:
            out.append(group.title)
            for point in group.points:
                out.extend(point.messages())
        if self.glossary_title:
            out.append(self.glossary_title)
        for term in self.glossary:
            out.extend((term.word, term.explanation))
        return out


@dataclass(frozen=True)
class Leaflet:
    meta: LeafletMeta
    folder: str  # e.g. content/hsg
    meta_path: str  # e.g. content/hsg/leaflet.yml
    sections: tuple[Section, ...]
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # yaml path -> line
    easy_read: EasyRead | None = field(default=None, compare=False, repr=False)  # content/<id>/easy-read.md

    @property
    def id(self) -> str:
        return self.meta.id

    def line_of(self, *loc) -> int:
        """The 1-based line in leaflet.yml of a key path such as ("contacts", 0, "phone")."""
        return nearest(self.lines, loc, 1)

    def meta_messages(self) -> list[Message]:
        """Metadata patients read, as translatable messages."""
        m, path = self.meta, self.meta_path
        out = [
            Message(m.title, path, self.line_of("title"), "leaflet"),
            Message(m.summary, path, self.line_of("summary"), "leaflet"),
            Message(m.department, path, self.line_of("department"), "leaflet"),
        ]
        for i, c in enumerate(m.contacts):
            out.append(Message(c.name, path, self.line_of("contacts", i, "name"), f"contact:{c.id}"))
            if c.hours:
                out.append(Message(c.hours, path, self.line_of("contacts", i, "hours"), f"contact:{c.id}"))
        return out

    def messages(self) -> list[Message]:
        """Everything translators translate: metadata, sections, then the easy read (if any)."""
        easy = self.easy_read.messages() if self.easy_read else []
        return [*self.meta_messages(), *(m for s in self.sections for m in s.messages()), *easy]
