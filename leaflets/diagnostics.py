"""Problems found in content, catalogues or output, reported Sphinx-style.

Every problem names a file and a 1-based line: ``path:line: severity: message [code]``.
Checks append to a :class:`Diagnostics` list and never raise, so one run reports
everything; the caller decides from the counts whether to stop.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.code}]"


class Diagnostics(list):
    """A list of :class:`Diagnostic` with helpers to add and count them."""

    def error(self, path: str, line: int, message: str, code: str) -> None:
        self.append(Diagnostic(str(path), max(int(line), 1), ERROR, message, code))

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


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = sorted(diagnostics, key=lambda d: (d.path, d.line, d.code))
    return json.dumps(
        {
            "diagnostics": [asdict(d) for d in items],
            "errors": sum(d.severity == ERROR for d in items),
            "warnings": sum(d.severity == WARNING for d in items),
        },
        indent=2,
        ensure_ascii=False,
    )
