"""``python build.py i18n extract|init LANG|update|status [--json]``: the translators' commands.

- ``extract``: write ``locales/<leaflet>.pot`` for each leaflet and ``locales/ui.pot``;
- ``init LANG [--add]``: start ``locales/<lang>/LC_MESSAGES/<domain>.po`` for every domain
  (unreviewed) with CLDR's plural forms, for a tag Babel knows (else exit 2, suggesting close
  ones); ``--add`` adds the tag to every leaflet's ``languages:``, otherwise it says that is next;
- ``update``: extract, then merge the templates into every catalogue (changed English
  -> fuzzy with ``#| msgid``; removed English -> obsolete ``#~``), starting the catalogue of
  a leaflet that is new in a language as ``init`` would;
- ``status``: a table leaflet x language (the same analysis the build uses).
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.localedata import locale_identifiers

from . import catalogues, load, paths, pipeline, yamledit
from . import languages as languages_data
from .diagnostics import Diagnostics, format_text
from .document import SOURCE_LANGUAGE
from .project import Project
from .translate import STATES, TRANSLATED


def run(project: Project, args: argparse.Namespace) -> int:
    diags = Diagnostics(suppress=project.settings.suppress)
    if args.i18n_command == "status":
        return status(project, args.json)
    if args.i18n_command == "init":
        tag = language_tag(args.lang)
        if tag is None:
            print(unknown_tag_message(args.lang), file=sys.stderr)
            return 2
        args.lang = tag
    leaflets = load.load_all(project.root, diags)
    if diags.errors:
        print(format_text(diags), file=sys.stderr)
        print("fix the content first: no catalogue was written", file=sys.stderr)
        return 1
    existing = set(project.locales.glob("*/LC_MESSAGES/*.po"))
    try:
        if args.i18n_command == "extract":
            changed = catalogues.extract(project, leaflets)
        elif args.i18n_command == "init":
            changed = catalogues.extract(project, leaflets) + catalogues.init(project, args.lang, leaflets)
        else:
            changed = catalogues.extract(project, leaflets) + catalogues.update(project, leaflets, diags)
    except paths.OutsideProject as exc:  # a catalogue that is a link out of the project: never written through
        print(exc, file=sys.stderr)
        return 1
    for path in changed:
        new = path.suffix == ".po" and path not in existing
        print(f"{'started' if new else 'wrote'} {project.rel(path)}{' (unreviewed)' if new else ''}")
    if not changed:
        print("nothing changed")
    if args.i18n_command == "init":
        languages(project, leaflets, args.lang, args.add, diags)
    if diags:
        print(format_text(diags), file=sys.stderr)
    return 1 if diags.errors else 0


language_tag = languages_data.canonical


def close_tags(text: str, n: int = 5) -> list[str]:
    """Known tags near ``text``: CLDR's alias (``ukr`` -> ``uk``, ``iw`` -> ``he``), then by English name
    (``Persian`` -> ``fa``) and by spelling (``zh-Hanz`` -> ``zh-Hans``)."""
    tags = {catalogues.bcp47(i).lower(): catalogues.bcp47(i) for i in locale_identifiers()}
    names = {name.lower(): i for i in locale_identifiers() if "_" not in i
             for name in [Locale.parse(i).english_name] if name}
    wanted = text.strip().replace("_", "-").lower()
    by_name = [names[m] for m in difflib.get_close_matches(wanted, list(names), n=n, cutoff=0.75)]
    by_tag = [tags[m] for m in difflib.get_close_matches(wanted, list(tags), n=n, cutoff=0.6)]
    alias = get_global("language_aliases").get(wanted.replace("-", "_"))
    by_alias = [catalogues.bcp47(alias)] if alias and language_tag(alias) else []
    return list(dict.fromkeys(by_alias + by_name + by_tag))[:n]


def unknown_tag_message(text: str) -> str:
    near = close_tags(text)
    named = [f"{t} ({name})" if (name := Locale.parse(t, sep="-").english_name) else t for t in near]
    hint = f"did you mean {', '.join(named)}? " if near else ""
    return (f"i18n init: '{text}' is not a language tag Babel's CLDR data knows; {hint}"
            "give a BCP 47 tag such as uk, fa, pt-BR or zh-Hant [i18n.unknown-language]")


def languages(project: Project, leaflets: list, lang: str, add: bool, diags: Diagnostics) -> None:
    """Add ``lang`` to every leaflet's ``languages:`` (``--add``), or say that this is the next step."""
    for leaflet in leaflets:
        if lang in leaflet.meta.languages:
            continue
        where = f"{leaflet.meta_path}:{leaflet.line_of('languages')}"
        if not add:
            print(f"next step: add {lang} to languages: in {where} (or run `i18n init {lang} --add`), "
                  "then translate the catalogues")
            continue
        path = project.root / leaflet.meta_path
        try:
            text = yamledit.append_to_list(path.read_text(encoding="utf-8"), "languages", lang)
        except yamledit.EditError as exc:
            diags.error(leaflet.meta_path, exc.line, f"could not add {lang} to languages: {exc}; "
                        "add it by hand", "i18n.add-language")
            continue
        Path(path).write_text(text, encoding="utf-8")
        print(f"added {lang} to languages: in {where}")


def status_rows(project: Project) -> tuple[list[dict], Diagnostics]:
    """One row per leaflet and language (and one per language for the interface strings)."""
    result = pipeline.check(project)
    rows = []
    seen_ui = set()
    for plan in result.plans:
        if plan.lang == SOURCE_LANGUAGE:
            continue
        a = plan.analysis
        critical = [u for u in a.units if u.critical]
        rows.append({
            "leaflet": plan.leaflet.id,
            "lang": plan.lang,
            "catalogue": a.catalogue,
            **a.counts(),
            "critical_incomplete": sum(u.state != TRANSLATED for u in critical),
            "reviewed": a.reviewed,
            "publishes": plan.document is not None,
            "reason": plan.reason,
        })
        if plan.lang not in seen_ui and a.ui_units:
            seen_ui.add(plan.lang)
            rows.append({
                "leaflet": "(interface)",
                "lang": plan.lang,
                "catalogue": project.rel(catalogues.po_path(project, plan.lang, catalogues.UI_DOMAIN)),
                **a.counts(a.ui_units),
                "critical_incomplete": sum(u.state != TRANSLATED for u in a.ui_units),
                "reviewed": a.reviewed,
                "publishes": None,
                "reason": None,
            })
    return rows, result.diagnostics


def status(project: Project, as_json: bool) -> int:
    rows, diags = status_rows(project)
    errors = [d for d in diags if d.code.startswith("i18n.") and d.severity == "error"]
    if as_json:
        print(json.dumps({"rows": rows, "diagnostics": [str(d) for d in diags if d.code.startswith("i18n.")]},
                         indent=2, ensure_ascii=False))
        return 1 if errors else 0
    head = ["leaflet", "lang", *STATES[:-1], "safety", "reviewed", "publishes"]
    table = [head]
    for r in rows:
        table.append([r["leaflet"], r["lang"], *(str(r[s]) for s in STATES[:-1]), str(r["unsafe"]),
                      "yes" if r["reviewed"] else "no",
                      "-" if r["publishes"] is None else ("yes" if r["publishes"] else "no")])
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    for r in rows:
        if r["publishes"] is False:
            print(f"{r['leaflet']} {r['lang']}: not published: {r['reason']}")
    if errors:
        print(format_text(errors), file=sys.stderr)
    return 1 if errors else 0
