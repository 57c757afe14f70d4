"""Leaflets in each language: which languages publish, and the documents they show.

English is the source and always publishes. Other languages come from the
gettext catalogues in ``locales/`` (see ``catalogues``).
"""
from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, Document, Lookup, localize
from .model import Leaflet
from .project import Project


@dataclass(frozen=True)
class Plan:
    """One leaflet in one language: the document to publish, or why not."""

    leaflet: Leaflet
    lang: str
    document: Document | None
    reason: str | None = None
    lookup: Lookup | None = None  # the translations behind ``document``; easy read localises with it too


def plan(project: Project, leaflet: Leaflet, lang: str, diags: Diagnostics) -> Plan:
    if lang == SOURCE_LANGUAGE:
        return Plan(leaflet, lang, localize(leaflet, lang))
    reason = f"no catalogue for '{lang}' yet"
    diags.warning(leaflet.meta_path, leaflet.line_of("languages"),
                  f"{leaflet.id} is not published in {lang}: {reason}", "i18n.not-published")
    return Plan(leaflet, lang, None, reason)
