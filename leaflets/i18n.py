"""``python build.py i18n extract|init LANG|update|status [--json]``: the translators' commands.

- ``extract``: write ``locales/<leaflet>.pot`` for each leaflet and ``locales/ui.pot``;
- ``init LANG``: start ``locales/<lang>/LC_MESSAGES/<domain>.po`` for every domain (unreviewed);
- ``update``: extract, then merge the templates into every catalogue (changed English
  -> fuzzy with ``#| msgid``; removed English -> obsolete ``#~``);
- ``status``: a table leaflet x language (the same analysis the build uses).
"""
from __future__ import annotations

import argparse
import json
import sys

from babel import Locale, UnknownLocaleError

from . import catalogues, load, paths, pipeline
from .diagnostics import Diagnostics, format_text
from .document import SOURCE_LANGUAGE
from .project import Project
from .translate import STATES, TRANSLATED


def add_parser(sub) -> None:
    p = sub.add_parser("i18n", help="translation catalogues: extract, init LANG, update, status")
    i18n_sub = p.add_subparsers(dest="i18n_command", metavar="ACTION", required=True)
    i18n_sub.add_parser("extract", help="write locales/<leaflet>.pot and locales/ui.pot from content/ and templates/")
    init = i18n_sub.add_parser("init", help="start the catalogues of a new language")
    init.add_argument("lang", help="BCP 47 language tag, e.g. pl, ar, zh-Hans")
    i18n_sub.add_parser("update", help="extract, then merge the templates into every catalogue")
    status = i18n_sub.add_parser("status", help="how complete and safe each translation is, and whether it publishes")
    status.add_argument("--json", action="store_true", help="machine-readable output")


def run(project: Project, args: argparse.Namespace) -> int:
    diags = Diagnostics()
    if args.i18n_command == "status":
        return status(project, args.json)
    leaflets = load.load_all(project.root, diags)
    if diags.errors:
        print(format_text(diags), file=sys.stderr)
        print("fix the content first: no catalogue was written", file=sys.stderr)
        return 1
    try:
        changed = _write(project, args, leaflets, diags)
    except paths.OutsideProject as exc:
        print(exc, file=sys.stderr)
        return 1
    if changed is None:
        return 2
    for path in changed:
        print(f"wrote {project.rel(path)}")
    if not changed:
        print("nothing changed")
    if diags:
        print(format_text(diags), file=sys.stderr)
    return 1 if diags.errors else 0


def _write(project: Project, args: argparse.Namespace, leaflets, diags: Diagnostics) -> list | None:
    """The catalogues ``extract``, ``init`` or ``update`` wrote; None for an unknown language."""
    if args.i18n_command == "extract":
        return catalogues.extract(project, leaflets)
    if args.i18n_command == "init":
        try:
            Locale.parse(args.lang, sep="-")
        except (ValueError, UnknownLocaleError):
            print(f"'{args.lang}' is not a known BCP 47 language tag", file=sys.stderr)
            return None
        return catalogues.extract(project, leaflets) + catalogues.init(project, args.lang, leaflets)
    return catalogues.extract(project, leaflets) + catalogues.update(project, leaflets, diags)


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
