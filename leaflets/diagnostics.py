"""Problems found in content, catalogues or output, reported Sphinx-style.

Every problem names a file and a 1-based line: ``path:line: severity: message [code]``.
Checks append to a :class:`Diagnostics` list and never raise, so one run reports
everything; the caller decides from the counts whether to stop.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Iterable

# What an error holds back: (leaflet id, language); "*" for every leaflet of a language
# (its interface catalogue, its website) or every language of a leaflet (its English). With a
# third part, one format only: ("hsg", "ur", "braille") withholds the braille and nothing else.
Unit = tuple[str, ...]
EVERY = "*"

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    message: str
    code: str
    # An error that holds back only this leaflet in this language (None: it stops the build).
    holds: Unit | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.code}]"


class Diagnostics(list):
    """A list of :class:`Diagnostic` with helpers to add and count them.

    A warning whose code is in ``suppress`` (the ``suppress`` setting) is dropped however it is
    added; an error never is.
    """

    def __init__(self, items: Iterable[Diagnostic] = (), suppress: Iterable[str] = ()):
        super().__init__()
        self.suppress = frozenset(suppress)
        self.extend(items)

    def append(self, item: Diagnostic) -> None:
        # getattr: unpickling appends the items before it restores the attributes.
        if item.severity == WARNING and item.code in getattr(self, "suppress", ()):
            return
        super().append(item)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items: Iterable[Diagnostic]) -> "Diagnostics":
        self.extend(items)
        return self

    def error(self, path: str, line: int, message: str, code: str, holds: Unit | None = None) -> None:
        holds = holds or (self._holding[-1] if getattr(self, "_holding", None) else None)
        self.append(Diagnostic(str(path), max(int(line), 1), ERROR, message, code, holds))

    @contextmanager
    def holding(self, unit: Unit):
        """Errors reported inside hold back ``unit`` only (a translation, one leaflet in one language)."""
        if not hasattr(self, "_holding"):
            self._holding: list[Unit] = []
        self._holding.append(unit)
        try:
            yield self
        finally:
            self._holding.pop()

    def contain(self, since: int, unit: Unit, path: str | None = None) -> None:
        """Errors added since index ``since`` (about ``path`` only, if given) hold back ``unit`` only."""
        for i in range(since, len(self)):
            d = self[i]
            if d.severity == ERROR and d.holds is None and path in (None, d.path):
                self[i] = replace(d, holds=unit)

    def blocking(self, strict: bool = False) -> bool:
        """Errors (or warnings, with ``strict``) that stop the whole build: those holding back no unit."""
        return any(d.holds is None and (d.severity == ERROR or strict) for d in self)

    def held(self) -> set[Unit]:
        return {d.holds for d in self if d.holds is not None and d.severity == ERROR}

    def warning(self, path: str, line: int, message: str, code: str) -> None:
        self.append(Diagnostic(str(path), max(int(line), 1), WARNING, message, code))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def codes(self) -> set[str]:
        return {d.code for d in self}


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """Lines grouped by file (in path order, then line), then the counts."""
    items = sorted(diagnostics, key=lambda d: (d.path, d.line, d.code))
    lines = [str(d) for d in items]
    errors = sum(d.severity == ERROR for d in items)
    warnings = sum(d.severity == WARNING for d in items)
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
