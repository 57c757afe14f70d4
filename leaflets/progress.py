"""The progress bar's count: every output a build renders, not only the PDFs.

An output is one format of one leaflet in one language (its large-print, print and easy-read
PDF, braille, audio, single-file page) and each language's website. The render stage runs in
steps, one a renderer of the registry (:meth:`Count.step`), each with its share of the total
known before it starts; a step ticks as its jobs end, and when the next step starts whatever it did not tick (a unit held
back, a format with nothing to make in that language) is counted done, so the bar only ever
moves forward and always ends full.
"""
from __future__ import annotations

from typing import Callable

from . import outputs


def shares(fresh: list, languages: int) -> dict[str, int]:
    """How many outputs each renderer (by its module's ``__name__``, :mod:`leaflets.outputs`) makes
    for ``fresh`` (the plans rendered again), with ``languages`` websites (those reused from the
    cache are counted done at the website's step)."""
    count: dict[str, int] = {}
    for fmt in outputs.FORMATS:
        made = languages if fmt.per_language else sum(fmt.name in plan.leaflet.meta.formats for plan in fresh)
        name = fmt.renderer().__name__
        count[name] = count.get(name, 0) + made
    return count


class Count:
    """``report(kind, done, total)`` (``pipeline.Options.progress``) told of every output."""

    def __init__(self, report: Callable[[str, int, int], None] | None, fresh: list, languages: int):
        self.report, self.shares = report, shares(fresh, languages)
        self.total, self.done, self.owed = sum(self.shares.values()), 0, 0
        if report:
            report("outputs", 0, self.total)

    def tick(self, n: int = 1) -> None:
        n = min(n, self.owed)  # never past the step's share
        if n <= 0:
            return
        self.owed -= n
        self.done += n
        if self.report:
            self.report("outputs", self.done, self.total)

    def step(self, name: str) -> Callable[[int], None] | None:
        """Start the step of renderer ``name`` (a module name; the step before it is done); the
        callback its jobs tick (None: no bar)."""
        self.tick(self.owed)
        self.owed = self.shares[name]
        return self.tick if self.report else None

    def finish(self) -> None:
        """The render stage is over: every output is counted done (a step never started too)."""
        self.owed = self.total - self.done
        self.tick(self.owed)
