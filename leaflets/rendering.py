"""What every format's ``render(context, units)`` is given, and what it gives back.

A renderer (a module named in :data:`leaflets.outputs.FORMATS`) writes through
:meth:`Written.write`, so what it returns is exactly what it wrote, by unit (one leaflet in
one language); the build's output cache stores exactly those files. This module imports no
renderer: the build (:mod:`leaflets.pipeline`) calls them, in the registry's order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import outputs
from .diagnostics import Diagnostics
from .document import Document
from .outputs import Download
from .project import Project
from .templating import environment
from .write import Staging

Unit = tuple[str, str]  # (leaflet id, language); ("", language): a website page of no one leaflet


class Written(dict):
    """Unit -> the site paths a renderer wrote for it, in order."""

    def __init__(self, staging: Staging):
        super().__init__()
        self.staging = staging

    def write(self, unit: Unit, rel: str, data: bytes | str) -> None:
        self.staging.write(rel, data)
        self.setdefault(unit, []).append(rel)

    def merge(self, other: dict) -> "Written":
        for unit, files in other.items():
            self.setdefault(unit, []).extend(f for f in files if f not in self.get(unit, ()))
        return self


@dataclass
class Context:
    """The build as a renderer sees it. ``plans``: every plan of the build (a held-back one has
    no document); ``progress(n)``: n more outputs done; ``reuse(lang)``: the website of that
    language came unchanged from the cache; ``length(rel)``: a recording's length as lists show it."""

    project: Project
    staging: Staging
    diags: Diagnostics
    plans: list = field(default_factory=list)
    jobs: int | None = None
    executor: object = None
    progress: Callable[[int], None] | None = None
    reuse: Callable[[str], bool] = lambda lang: False
    length: Callable[[str], str | None] = lambda rel: None

    def written(self) -> Written:
        return Written(self.staging)

    def env(self, lang: str, translations=None):
        """The Jinja2 environment of a language, with its interface translations (every format's)."""
        return environment(self.project.templates, lang, translations)

    def link(self, rel: str, here: str | None) -> str | None:
        """``rel`` absolute under the site's address, else relative to the file ``here`` (None: no link)."""
        return outputs.site_link(self.project.settings.base_url, rel, here)

    def languages_of(self, leaflet_id: str) -> list[str]:
        """The languages a leaflet publishes in, for language lists."""
        return [p.lang for p in self.plans if p.leaflet.id == leaflet_id and p.document is not None]

    def downloads(self, doc: Document, exclude: str | None, here: str | None = None) -> list[Download]:
        """``doc``'s other formats, as :func:`leaflets.outputs.downloads` lists them, linked from ``here``."""
        return outputs.downloads(doc.leaflet.id, doc.lang, doc.meta.formats, self.staging.written,
                                 exclude=exclude, link=lambda rel: self.link(rel, here), length=self.length)

    def tick(self, n: int = 1) -> None:
        if self.progress is not None:
            self.progress(n)
