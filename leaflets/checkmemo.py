"""Check results kept by the hash of their inputs, so a check with nothing changed replays them.

The glyph coverage and braille checks of one leaflet in one language depend only on the
leaflet's files, the two catalogues it is shown from (its own and ``ui.po``) and what every
output shares (code and tool versions, installed fonts, templates, symbols, settings:
:func:`leaflets.fingerprint.project_key`). Their diagnostics, with what each holds back, are
kept in ``.cache/checks.json`` (a :class:`~leaflets.write.Memo`) under the hash of those
inputs and given again, in the same order, when it matches. Catalogues are hashed by their
bytes, not their content: the diagnostics name catalogue lines, which re-wrapping moves.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import catalogues
from .diagnostics import Diagnostic, Diagnostics
from .document import SOURCE_LANGUAGE
from .hashing import digest, tree
from .write import Memo

CHECKS_MEMO = ".cache/checks.json"


class CheckMemo:
    def __init__(self, project, path: Path):
        from .fingerprint import project_key

        self.project, self.memo = project, Memo(path)
        self.base = project_key(project)
        self.leaflets: dict[str, str] = {}  # leaflet id -> hash of its folder

    def key(self, plan) -> str:
        project, leaflet = self.project, plan.leaflet
        if leaflet.id not in self.leaflets:
            self.leaflets[leaflet.id] = tree(project.root, project.root / leaflet.folder)
        shown = [] if plan.lang == SOURCE_LANGUAGE else [
            catalogues.po_path(project, plan.lang, domain) for domain in (leaflet.id, catalogues.UI_DOMAIN)]
        return digest("checks", self.base, leaflet.id, plan.lang, self.leaflets[leaflet.id],
                      tree(project.root, *shown))

    def run(self, plan, diags: Diagnostics, check: Callable[[Diagnostics], object]) -> None:
        """``check(diagnostics)`` for ``plan``, or the diagnostics it gave last time for the same inputs."""
        self.run_key(self.key(plan), diags, check)

    def run_key(self, key: str, diags: Diagnostics, check: Callable[[Diagnostics], object]) -> None:
        """``check(diagnostics)``, or what it gave last time under ``key`` (a hash of every input it reads)."""
        known = self.memo.get(key)
        if known is not None:
            for path, line, severity, message, code, holds in json.loads(known):
                diags.append(Diagnostic(path, line, severity, message, code, tuple(holds) if holds else None))
            return
        found = Diagnostics()  # no suppression here: the caller's list drops what it suppresses
        check(found)
        self.memo.set(key, json.dumps([[d.path, d.line, d.severity, d.message, d.code, d.holds] for d in found]))
        diags.extend(found)


@contextmanager
def remembering(project, path: Path) -> Iterator[CheckMemo]:
    """A :class:`CheckMemo` in ``path`` for one whole check: what it did not ask about is forgotten."""
    memo = CheckMemo(project, path)
    yield memo
    memo.memo.prune()
    memo.memo.save()
