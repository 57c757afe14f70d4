"""The content model: leaflet metadata (validated by pydantic) and its sections.

A section body is a list of blocks; each block holds one or more messages, the
units a translator sees: one per heading, paragraph, list item or table cell.
Localised documents (what renderers consume) are built from these by
``translate.localize``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import phones
from .yamlsource import nearest

if TYPE_CHECKING:
    from .easyread import EasyRead

FORMATS = ("html", "site", "large-print", "print", "easy-read", "audio")
ID_RE = r"^[a-z0-9][a-z0-9-]*$"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Contact(StrictModel):
    id: str = Field(pattern=ID_RE)
    name: str = Field(min_length=1)
    phone: str
    hours: str | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        if not phones.is_phone(value):
            raise ValueError("not a phone number as patients dial it: write it as 01223 216455, "
                             "+44 (0)1223 216455 or +48 22 123 45 67 (digit groups separated by single spaces)")
        return value


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
    translation_threshold: int = Field(default=100, ge=0, le=100)
    # language -> decision: an unreviewed catalogue publishes only where one says so.
    unreviewed: dict[str, UnreviewedDecision] = Field(default_factory=dict)
    sections: list[str] = Field(min_length=1)
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


@dataclass(frozen=True)
class Leaflet:
    meta: LeafletMeta
    folder: str  # e.g. content/hsg
    meta_path: str  # e.g. content/hsg/leaflet.yml
    sections: tuple[Section, ...]
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # yaml path -> line
    easy_read: "EasyRead | None" = field(default=None, compare=False, repr=False)  # content/<id>/easy-read.md

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
