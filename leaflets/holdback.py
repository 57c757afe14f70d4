"""One leaflet in one language held back without stopping the others.

An error that can be pinned to one leaflet in one language (its catalogue's syntax or
headers, a safety problem, a character no font has, a PDF over its time limit, its
language's website failing) carries the unit it holds back (``Diagnostic.holds``). Such a
unit is taken out of the plans: none of its outputs is published, no language list links
it, and everything else still publishes (the command exits 1). An error about one format only
(a character the language's braille table cannot write) holds back that format alone: its unit
has a third part, ``("hsg", "ur", "braille")``, and the document still publishes. Its previously published
pages stay as they were, provided they were made from the same English source (the site's
``UNITS`` record says which source each unit's files came from); a unit made from older
English is not kept, since it could state an old instruction as current.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import PurePosixPath

from .diagnostics import EVERY, Unit
from .document import SOURCE_LANGUAGE
from .translate import Plan
from .write import Staging

UNITS = ".leaflets-units.json"  # in the site: "<lang>/<leaflet>" -> {"source": hash, "files": [...]}


# Settings of leaflet.yml that say how a leaflet is published, not what it says.
NOT_TEXT = {"languages", "unreviewed", "translation_threshold", "formats"}


def source_id(leaflet) -> str:
    """A hash of what the leaflet says in English (every message, the contacts, version and dates),
    not of how it is published: adding a language does not make the other languages' pages stale."""
    said = {"meta": leaflet.meta.model_dump(mode="json", exclude=NOT_TEXT),
            "messages": [(m.context, m.text) for m in leaflet.messages()]}
    return hashlib.sha256(json.dumps(said, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def documents(held: set[Unit]) -> set[Unit]:
    """The units that hold back a whole document (not only one of its formats)."""
    return {h for h in held if len(h) == 2}


def covers(held: set[Unit], leaflet_id: str, lang: str) -> bool:
    """Whether ``held`` holds back this leaflet in this language (an English failure: every language);
    an error about one format only (a third part, "braille") holds back that format alone."""
    return any(h_leaflet in (leaflet_id, EVERY) and (h_lang in (lang, EVERY) or h_lang == SOURCE_LANGUAGE)
               for h_leaflet, h_lang in documents(held))


def withhold(plans: list[Plan], held: set[Unit]) -> list[Plan]:
    """The plans with every held unit given no document, and the reason."""
    out = []
    for plan in plans:
        if plan.document is not None and covers(held, plan.leaflet.id, plan.lang):
            plan = dataclasses.replace(plan, document=None, reason="held back by an error (see above)")
        out.append(plan)
    return out


def withdraw(result, staging: Staging, held: set[Unit], files: dict[tuple[str, str], list[str]]) -> bool:
    """Hold back units found while rendering: their files (``files``: (leaflet, language) -> what was
    rendered or restored for it) leave the staging area. True if any did."""
    before = [p for p in result.plans if p.document is not None]
    result.plans = withhold(result.plans, held)
    gone = [p for p in before if covers(held, p.leaflet.id, p.lang)]
    for plan in gone:
        for rel in files.get((plan.leaflet.id, plan.lang), []):
            if rel in staging.written:
                staging.remove(rel)
    result.counts["held_back"] = sum(p.document is None for p in result.plans)
    return bool(gone)


def languages_of(plans: list[Plan], leaflet_id: str) -> list[str]:
    return [p.lang for p in plans if p.leaflet.id == leaflet_id and p.document is not None]


def record(plans: list[Plan], sources: dict[str, str], staging: Staging, kept: dict,
           files: dict[tuple[str, str], list[str]]) -> None:
    """Write which English source each published unit's files (``files``: what the build rendered or
    restored for it) came from."""
    units = dict(kept)
    for plan in plans:
        if plan.document is None:
            continue
        units[f"{plan.lang}/{plan.leaflet.id}"] = {
            "source": sources.get(plan.leaflet.id, ""),
            "files": sorted(r for r in files.get((plan.leaflet.id, plan.lang), []) if r in staging.written)}
    staging.write(UNITS, json.dumps(units, indent=1, sort_keys=True))


def keep_previous(plans: list[Plan], held: set[Unit], sources: dict[str, str], staging: Staging) -> dict:
    """Carry the previously published files of each unit held back by an error into the new site,
    where they were made from today's English source. Returns their records."""
    try:
        previous = json.loads((staging.target / UNITS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    kept = {}
    for plan in plans:
        unit = f"{plan.lang}/{plan.leaflet.id}"
        entry = previous.get(unit)
        if plan.document is not None or entry is None or not covers(held, plan.leaflet.id, plan.lang):
            continue
        if entry.get("source") != sources.get(plan.leaflet.id):
            continue  # made from older English: never published as current
        files = [rel for rel in entry.get("files", []) if PurePosixPath(rel).parts[:2] == tuple(unit.split("/"))]
        if all(staging.carry(rel) for rel in files if rel not in staging.written):
            kept[unit] = entry
    return kept
