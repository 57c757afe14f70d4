"""Reading age of the English text: SMOG grade (textstat) of each section and of
the whole leaflet, and its longest sentences.

SMOG is calibrated for English and needs at least 3 sentences: a section with
fewer is reported as too short to score, never as 0. Headings and table cells
are not prose and are left out; a list item counts as a sentence of its own.
UK reading age is the US grade + 5 (SMOG 6 = reading age 11).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import nh3

from . import markup
from .model import Leaflet, Message, Section

MIN_SENTENCES = 3
PROSE = ("paragraph", "ul", "ol")
# textstat's own sentence pattern, so "longest sentences" and its counts agree.
SENTENCE_RE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int
    path: str
    line: int


@dataclass(frozen=True)
class Score:
    """SMOG of a stretch of text; ``smog`` is None when it is too short to score."""

    sentences: int
    words: int
    smog: float | None

    @property
    def reading_age(self) -> int | None:
        return None if self.smog is None else round(self.smog) + 5

    def describe(self) -> str:
        if self.smog is None:
            return f"too short to score ({self.sentences} sentence{'s' if self.sentences != 1 else ''})"
        return f"SMOG {self.smog:.1f}, reading age {self.reading_age}"

    def as_dict(self) -> dict:
        return {"sentences": self.sentences, "words": self.words, "smog": self.smog,
                "reading_age": self.reading_age}


@dataclass(frozen=True)
class SectionReadability:
    id: str
    path: str
    line: int  # the section's title line
    score: Score


@dataclass(frozen=True)
class LeafletReadability:
    score: Score
    sections: tuple[SectionReadability, ...]
    longest: tuple[Sentence, ...]

    def as_dict(self) -> dict:
        return {
            **self.score.as_dict(),
            "sections": [{"id": s.id, "path": s.path, "line": s.line, **s.score.as_dict()} for s in self.sections],
            "longest_sentences": [{"path": s.path, "line": s.line, "words": s.words, "text": s.text}
                                  for s in self.longest],
        }


def plain(message: Message) -> str:
    """The words a reader sees: Markdown rendered, tags dropped, a full stop after a list item."""
    text = html.unescape(nh3.clean(str(markup.render_inline(message.text)), tags=set()))
    text = " ".join(text.split())
    if text and text[-1] not in ".!?:":
        text += "."
    return text


def prose(section: Section) -> list[Message]:
    return [m for b in section.blocks if b.kind in PROSE for m in b.messages]


@lru_cache(maxsize=1)
def _textstat():
    """textstat, imported when a score is needed (its syllable dictionary is the slow part)."""
    import textstat

    return textstat


@lru_cache(maxsize=1)
def _version() -> str:
    """textstat's installed version (read once: importlib.metadata scans sys.path every call)."""
    from importlib import metadata

    try:
        return metadata.version("textstat")
    except metadata.PackageNotFoundError:
        return "absent"


def sentences(messages: list[Message]) -> list[Sentence]:
    textstat = _textstat()
    out = []
    for message in messages:
        for found in SENTENCE_RE.findall(plain(message)):
            text = found.strip()
            words = textstat.lexicon_count(text)
            if words:
                out.append(Sentence(text, words, message.path, message.line))
    return out


def score(text: str, memo=None) -> Score:
    """SMOG of ``text``; ``memo`` (a :class:`~leaflets.write.Memo`) keeps it by the hash of the
    text and textstat's version, so an unchanged section is not scored again."""
    if memo is None:
        return _score(text)
    from .hashing import digest, tools

    key = digest("smog", tools(), _version(), str(MIN_SENTENCES), text)
    known = memo.get(key)
    if known is not None:
        return Score(*json.loads(known))
    found = _score(text)
    memo.set(key, json.dumps([found.sentences, found.words, found.smog]))
    return found


def _score(text: str) -> Score:
    textstat = _textstat()
    count = textstat.sentence_count(text) if text else 0
    words = textstat.lexicon_count(text) if text else 0
    if count < MIN_SENTENCES:
        return Score(count, words, None)
    return Score(count, words, round(textstat.smog_index(text), 1))


def measure(leaflet: Leaflet, longest: int = 3, memo=None) -> LeafletReadability:
    """The leaflet's figures; ``memo`` keeps them by the hash of its prose (texts, files and
    lines) and of the code, so an unchanged leaflet is neither rendered to text nor scored."""
    if memo is None:
        return _measure(leaflet, longest, memo)
    from .hashing import digest, tools

    layout = [(s.id, s.path, s.title.line, [(m.text, m.path, m.line) for m in prose(s)]) for s in leaflet.sections]
    key = digest("measure", tools(), _version(), str(longest), json.dumps(layout))
    known = memo.get(key)
    if known is not None:
        return _from_json(known)
    figures = _measure(leaflet, longest, memo)
    memo.set(key, json.dumps(asdict(figures)))
    return figures


def _from_json(text: str) -> LeafletReadability:
    data = json.loads(text)
    return LeafletReadability(
        Score(**data["score"]),
        tuple(SectionReadability(s["id"], s["path"], s["line"], Score(**s["score"])) for s in data["sections"]),
        tuple(Sentence(**s) for s in data["longest"]))


def _measure(leaflet: Leaflet, longest: int, memo) -> LeafletReadability:
    sections = []
    everything: list[str] = []
    for section in leaflet.sections:
        text = " ".join(plain(m) for m in prose(section))
        everything.append(text)
        sections.append(SectionReadability(section.id, section.path, section.title.line, score(text, memo)))
    ranked = sorted(sentences([m for s in leaflet.sections for m in prose(s)]),
                    key=lambda s: (-s.words, s.path, s.line))
    return LeafletReadability(score(" ".join(t for t in everything if t), memo), tuple(sections),
                              tuple(ranked[:longest]))
