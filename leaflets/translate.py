"""Leaflets in each language: which languages publish, and the documents they show.

English is the source and always publishes. Another language comes from its
catalogues (``locales/<lang>/LC_MESSAGES/<leaflet>.po`` and ``ui.po``, see
``catalogues``). Each message of the leaflet is, in that language, one of:

- ``translated``: a current, non-fuzzy translation that passes the safety check;
- ``fuzzy``: ``update`` found the English changed; the translator must confirm it;
- ``stale``: the English changed and nobody ran ``update``: no entry has the current
  English, but one of the same section has a similar (older) English text;
- ``untranslated``: no translation yet;
- ``unsafe``: the translation changes a number, phone number, time, date, URL,
  email, link target or placeholder (``safety``); an error.

Only ``translated`` messages reach a reader; everything else shows the English
with ``lang="en"``. Publication rule for a leaflet in a language: no safety
problem, every message of a safety-critical section, every metadata message
(title, summary, contacts) and every interface string translated, and at least
``translation_threshold`` % of the other messages. Otherwise the language is not
published for that leaflet and a warning says why; other languages still publish.
"""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from . import catalogues, pofile, safety
from .diagnostics import EVERY, Diagnostics
from .document import SOURCE_LANGUAGE, Document, Lookup, localize
from .model import Leaflet, Message
from .project import Project

TRANSLATED, FUZZY, STALE, UNTRANSLATED, UNSAFE = "translated", "fuzzy", "stale", "untranslated", "unsafe"
STATES = (TRANSLATED, FUZZY, UNTRANSLATED, STALE, UNSAFE)
SIMILAR = 0.5  # difflib ratio above which an orphaned entry counts as the old version of a message


@dataclass(frozen=True, slots=True)
class Unit:
    """One message of a leaflet or of the interface, in one language."""

    context: str | None
    text: str
    where: str  # English source, "content/hsg/sections/risks.md:9"
    critical: bool
    state: str
    po_line: int | None = None


@dataclass
class Analysis:
    """Everything ``plan`` and ``i18n status`` know about a leaflet in one language."""

    leaflet_id: str
    lang: str
    catalogue: str  # locales/pl/LC_MESSAGES/hsg.po
    units: list[Unit] = field(default_factory=list)
    ui_units: list[Unit] = field(default_factory=list)
    reviewed: bool = False
    problem: str | None = None  # a missing or unreadable catalogue
    threshold: int = 100

    def counts(self, units: list[Unit] | None = None) -> dict[str, int]:
        c = Counter(u.state for u in (self.units if units is None else units))
        return {s: c.get(s, 0) for s in STATES}

    @property
    def other_share(self) -> int:
        """Whole percent of the non-critical messages translated, rounded down (see :func:`percent`)."""
        other = [u for u in self.units if not u.critical]
        return percent(sum(u.state == TRANSLATED for u in other), len(other))

    @property
    def reason(self) -> str | None:
        """Why this language does not publish, or None if it does."""
        if self.problem:
            return self.problem
        why = []
        unsafe = sum(u.state == UNSAFE for u in self.units + self.ui_units)
        if unsafe:
            why.append(f"{unsafe} translation(s) fail the safety check")
        critical = [u for u in self.units if u.critical and u.state != TRANSLATED]
        if critical:
            c = Counter(u.state for u in critical)
            why.append("safety-critical text not translated and current: "
                       + ", ".join(f"{n} {s}" for s, n in sorted(c.items()))
                       + f" (first: {critical[0].where})")
        ui = [u for u in self.ui_units if u.state != TRANSLATED]
        if ui:
            why.append(f"{len(ui)} interface string(s) not translated (first: {ui[0].where})")
        if self.other_share < self.threshold:
            why.append(f"{self.other_share}% of the other text translated, {self.threshold}% required")
        return "; ".join(why) or None


def percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` in whole percent, rounded down: 99.6% is 99%, so nothing reads 100%
    before all of it is done (and, the threshold being whole, comparing with it stays exact)."""
    return 100 * part // whole if whole else 100


@dataclass(frozen=True)
class Plan:
    """One leaflet in one language: the document to publish, or why not."""

    leaflet: Leaflet
    lang: str
    document: Document | None
    reason: str | None = None
    translations: catalogues.UiTranslations | None = None  # interface strings for templating.environment
    analysis: Analysis | None = None
    lookup: Lookup | None = None  # the translations behind ``document``; easy read localises with it too


def plan(project: Project, leaflet: Leaflet, lang: str, diags: Diagnostics, shared: dict | None = None) -> Plan:
    """The leaflet in ``lang``, or why it is held back. Every error a translation causes (its
    catalogue's syntax, headers, a safety problem) holds back this leaflet in this language only
    (errors of the shared ``ui.po``: every leaflet in this language); the build goes on.

    ``shared``: a dict the plans of one check pass each other (see :func:`analyse`), so what every
    leaflet of a language has in common is read, analysed and held in memory once."""
    if lang == SOURCE_LANGUAGE:
        return Plan(leaflet, lang, localize(leaflet, lang))
    since = len(diags)
    analysis, lookup, ui = analyse(project, leaflet, lang, diags, shared)
    ui_rel = project.rel(catalogues.po_path(project, lang, catalogues.UI_DOMAIN))
    diags.contain(since, (EVERY, lang), path=ui_rel)  # the shared ui.po: every leaflet in the language
    diags.contain(since, (leaflet.id, lang))
    reason = analysis.reason or unreviewed_reason(leaflet, lang, analysis)
    if reason:
        where = analysis.catalogue if not analysis.problem else leaflet.meta_path
        line = 1 if not analysis.problem else leaflet.line_of("languages")
        diags.warning(where, line, f"{leaflet.id} is not published in {lang}: {reason}", "i18n.not-published")
        return Plan(leaflet, lang, None, reason, analysis=analysis)
    document = localize(leaflet, lang, lookup, reviewed=analysis.reviewed)
    # Where each translation is, for errors about what it shows (a character no font has).
    document.extra["catalogue"] = analysis.catalogue
    document.extra["po_lines"] = {(u.context, u.text): u.po_line for u in analysis.units if u.po_line}
    return Plan(leaflet, lang, document, None, translations=ui, analysis=analysis, lookup=lookup)


def interface(project: Project, plan: Plan) -> list[tuple[str, str, int]]:
    """The interface strings ``plan`` shows translated: (text, catalogue, line) of each (none in English)."""
    ui, analysis = plan.translations, plan.analysis
    if ui is None or analysis is None:
        return []
    rel = project.rel(catalogues.po_path(project, plan.lang, catalogues.UI_DOMAIN))
    return [(ui.gettext(u.text) if u.context is None else ui.pgettext(u.context, u.text), rel, u.po_line or 1)
            for u in analysis.ui_units if u.state == TRANSLATED]


def unreviewed_reason(leaflet: Leaflet, lang: str, analysis: Analysis) -> str | None:
    """Why an unreviewed catalogue does not publish: only a decision recorded in the leaflet's
    ``unreviewed:`` metadata (who decided, when) publishes it, with the "not yet checked" notice."""
    if analysis.reviewed:
        return None
    decision = leaflet.meta.unreviewed.get(lang)
    if decision is not None and decision.decision == "publish-with-notice":
        return None
    return (f"the {lang} translation is not reviewed (X-Review-Status: unreviewed) and "
            f"{leaflet.meta_path} records no decision to publish it unreviewed "
            f"(unreviewed: {{{lang}: {{decision: publish-with-notice, decided_by: ..., date: ...}}}})")


def analyse(project: Project, leaflet: Leaflet, lang: str, diags: Diagnostics, shared: dict | None = None):
    """(Analysis, lookup for ``localize``, interface translations).

    ``shared`` (a dict, empty at first, for the plans of one check): the interface catalogue of
    each language is read and analysed once, and every leaflet in that language shares its units
    and translations (at 500 leaflets, 500 copies of them held until the build ends otherwise), as
    each leaflet's languages share the list of its source messages."""
    shared = {} if shared is None else shared
    path = catalogues.po_path(project, lang, leaflet.id)
    ui_path = catalogues.po_path(project, lang, catalogues.UI_DOMAIN)
    analysis = Analysis(leaflet.id, lang, project.rel(path) if path.exists() else _rel(project, path),
                        threshold=leaflet.meta.translation_threshold)
    missing = [p for p in (path, ui_path) if not p.is_file()]
    if missing:
        analysis.problem = (f"no catalogue {_rel(project, missing[0])}: "
                            f"run python build.py i18n init {lang}")
        return analysis, None, None
    catalog = pofile.read(path, project.rel(path), diags)
    interface = shared.get(("interface", lang))
    if interface is None:
        interface = shared[("interface", lang)] = _interface(project, ui_path)
    ui_catalog_reviewed, ui_units, ui, ui_problems = interface
    diags.extend(d for d in ui_problems if d not in diags)  # ui.po is shared by every leaflet: its problems once
    if catalog is None or ui_units is None:
        bad = path if catalog is None else ui_path
        analysis.problem = f"catalogue {project.rel(bad)} has errors"
        return analysis, None, None
    analysis.reviewed = catalog.review_status == pofile.REVIEWED and ui_catalog_reviewed
    sources = shared.get(("sources", leaflet.id))
    if sources is None:
        critical_contexts = {s.id for s in leaflet.sections if s.critical}
        sources = shared[("sources", leaflet.id)] = [
            (m.context, m.text, f"{m.path}:{m.line}",
             m.context in critical_contexts or m.context == "leaflet" or m.context.startswith("contact:"))
            for m in leaflet.messages()]
    units, lookup_table = _units(catalog, analysis.catalogue, sources, diags, shared.setdefault("similar", {}))
    analysis.units, analysis.ui_units = units, ui_units

    def lookup(message: Message) -> str | None:
        return lookup_table.get((message.text, message.context))

    return analysis, lookup, ui


def _interface(project: Project, ui_path) -> tuple:
    """The interface catalogue of one language: (reviewed, its units or None when it cannot be
    read, the translations for the templates, its problems)."""
    rel = project.rel(ui_path)
    problems = Diagnostics()
    ui_catalog = pofile.read(ui_path, rel, problems)
    if ui_catalog is None:
        return False, None, None, list(problems)
    units, table = _units(ui_catalog, rel, [(context, text, where, True)
                                            for context, text, where in catalogues.ui_sources(project.templates)],
                          problems)
    ui = catalogues.UiTranslations({(ctx, text): s for (text, ctx), s in table.items()})
    return ui_catalog.review_status == pofile.REVIEWED, units, ui, list(problems)


def _units(catalog, rel: str, sources: list[tuple], diags: Diagnostics, similar: dict | None = None):
    """The state of each source message in ``catalog``, and the table of safe current translations.

    ``similar``: (text, orphans) -> whether one of the orphans (entries no source message has) is
    close to the text, its old version; shared by the languages of one check, which after an edit
    to the English all have the same orphans (difflib is the slow part of a check then)."""
    similar = {} if similar is None else similar
    current = {(text, context) for context, text, _where, _critical in sources}
    found: dict[str | None, list[str]] = {}
    for m in [*catalog, *catalog.obsolete.values()]:
        if m.id and isinstance(m.id, str) and m.string and (m.id, m.context) not in current:
            found.setdefault(m.context, []).append(m.id)
    orphans = {context: tuple(ids) for context, ids in found.items()}
    units, table = [], {}
    for context, text, where, critical in sources:
        entry = catalog.get(text, context)
        line = entry.lineno if entry is not None else None
        if entry is None:
            candidates = orphans.get(context, ())
            if (text, candidates) not in similar:
                similar[text, candidates] = bool(difflib.get_close_matches(text, candidates, n=1, cutoff=SIMILAR))
            state = STALE if similar[text, candidates] else UNTRANSLATED
        elif not entry.string:
            state = UNTRANSLATED
        elif entry.fuzzy:
            state = FUZZY
        else:
            problems = safety.compare(text, entry.string)
            if problems:
                diags.error(rel, entry.lineno or 1, f"{'; '.join(problems)} (English: {where})", "i18n.safety")
            state = UNSAFE if problems else TRANSLATED
            if not problems:
                table[(text, context)] = entry.string
        units.append(Unit(context, text, where, critical, state, line))
    return units, table


def _rel(project: Project, path) -> str:
    return path.relative_to(project.root).as_posix()
