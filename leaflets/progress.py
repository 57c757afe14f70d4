"""The progress bar's count: every output a build renders, not only the PDFs.

An output is one format of one leaflet in one language (its large-print, print and easy-read
PDF, braille, audio, single-file page) and each language's website. The render stage runs in
steps (:meth:`Count.step`), each with its share of the total known before it starts; a step
ticks as its jobs end, and when the next step starts whatever it did not tick (a unit held
back, a format with nothing to make in that language) is counted done, so the bar only ever
moves forward and always ends full.
"""
from __future__ import annotations

from typing import Callable

# The formats the render stage makes for each fresh plan, by step; "html": the single-file page,
# which every published plan has.
STEPS = ("audio", "braille", "easy-read", "pdf", "html", "site")
PDF_FORMATS = ("large-print", "print")


def shares(fresh: list, languages: int) -> dict[str, int]:
    """How many outputs each step makes for ``fresh`` (the plans rendered again), with
    ``languages`` websites (those reused from the cache are counted done at the site step)."""
    count = dict.fromkeys(STEPS, 0)
    for plan in fresh:
        formats = set(plan.leaflet.meta.formats)
        for step in ("audio", "braille", "easy-read"):
            count[step] += step in formats
        count["pdf"] += len(formats & set(PDF_FORMATS))
        count["html"] += 1
    count["site"] = languages
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
        """Start step ``name`` (the one before it is done); the callback its jobs tick (None: no bar)."""
        self.tick(self.owed)
        self.owed = self.shares[name]
        return self.tick if self.report else None

    def finish(self) -> None:
        """The render stage is over: every output is counted done (a step never started too)."""
        self.owed = self.total - self.done
        self.tick(self.owed)
