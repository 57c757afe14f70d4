"""The editorial checks ``python build.py check`` adds to loading and translating:
reading age, links and anchors, empty safety-critical sections, unfilled
placeholders from ``new``, and a per-leaflet summary (reading age, longest
sentences, review date, what stops each language publishing).

Loading already reports images without alt text, heading order and review
dates (``load``); planning reports languages held back (``translate``). The
summary's figures are not problems: they are printed after the diagnostics
(text) or beside them (JSON), never as diagnostics, except a SMOG grade above
the warning threshold, which is a warning.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from . import frontmatter, load, markup, paths, readability, translate, yamlsource
from .diagnostics import ERROR, WARNING, Diagnostic, Diagnostics
from .model import Leaflet
from .project import Project
from .translate import Plan
from .write import Memo

PLACEHOLDER = "TODO"
SCORES = ".cache/scores.json"  # reading-age scores by the hash of their text (write.Memo)
# Anchors every leaflet page has besides its sections (templates/document.html).
PAGE_ANCHORS = ("main", "phone-numbers", "this-leaflet-in-other-formats")
EASY_READ = "easy-read"
MARKDOWN_PREFIX_RE = re.compile(r"^(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+|>\s*|\|\s*)*")
PLACEHOLDER_ALT_RE = re.compile(r"!\[\s*(" + PLACEHOLDER + r"[^\]]*)\]")  # a picture's alt text still to write


@dataclass(frozen=True)
class Language:
    lang: str
    published: bool
    reason: str | None
    analysis: "translate.Analysis | None" = None  # None for the source language


@dataclass(frozen=True)
class LeafletSummary:
    leaflet: Leaflet
    readability: readability.LeafletReadability
    review_status: str  # "overdue", "due-soon" or "ok"
    review_days: int  # days until the review date (negative once passed)
    languages: tuple[Language, ...]

    def as_dict(self) -> dict:
        meta = self.leaflet.meta
        return {
            "id": meta.id,
            "path": self.leaflet.meta_path,
            "title": meta.title,
            "version": meta.version,
            "review": {"date": meta.review.isoformat(), "status": self.review_status, "days": self.review_days},
            "readability": self.readability.as_dict(),
            "languages": [{"lang": l.lang, "published": l.published, "reason": l.reason} for l in self.languages],
        }


def run(project: Project, leaflets: list[Leaflet], plans: list[Plan], diags: Diagnostics,
        today: date | None = None) -> list[LeafletSummary]:
    """Add this module's diagnostics to ``diags``; return a summary per leaflet."""
    today = today or date.today()
    settings = project.settings
    placeholders(project.content, project.root, diags)
    by_id = {leaflet.id: leaflet for leaflet in leaflets}
    existing = {p.parent.name for p in project.content.glob("*/leaflet.yml")}
    summaries = []
    memo = Memo(project.root / SCORES)
    for leaflet in leaflets:
        empty_critical(leaflet, diags)
        links(leaflet, by_id, existing, diags)
        figures = readability.measure(leaflet, settings.longest_sentences, memo)
        smog_warnings(leaflet, figures, settings.smog_target, settings.smog_warning, diags)
        days = (leaflet.meta.review - today).days
        status = "overdue" if days < 0 else "due-soon" if days <= load.REVIEW_WARNING_DAYS else "ok"
        languages = tuple(Language(p.lang, p.document is not None, p.reason, p.analysis) for p in plans if p.leaflet is leaflet)
        summaries.append(LeafletSummary(leaflet, figures, status, days, languages))
    memo.prune()  # every leaflet was measured: the rest are old texts
    memo.save()
    return summaries


# --- rules -------------------------------------------------------------------

def empty_critical(leaflet: Leaflet, diags: Diagnostics) -> None:
    for section in leaflet.sections:
        has_text = any(b.kind != "heading" and any(m.text.strip() for m in b.messages) for b in section.blocks)
        if section.critical and not has_text:
            diags.error(section.path, section.title.line,
                        f"section '{section.id}' is safety-critical but has no text", "section.empty-critical")


def smog_warnings(leaflet: Leaflet, figures: readability.LeafletReadability, target: float, limit: float,
                  diags: Diagnostics) -> None:
    aim = f"aim for {target:g} or below (reading age {target + 5:g})"
    for section in figures.sections:
        smog = section.score.smog
        if smog is not None and smog > limit:
            diags.warning(section.path, section.line,
                          f"section '{section.id}' has SMOG grade {smog:.1f} (reading age {section.score.reading_age}),"
                          f" above {limit:g}: {aim}", "readability.smog")
    smog = figures.score.smog
    if smog is not None and smog > limit:
        diags.warning(leaflet.meta_path, leaflet.line_of("sections"),
                      f"the whole leaflet has SMOG grade {smog:.1f} (reading age {figures.score.reading_age}),"
                      f" above {limit:g}: {aim}", "readability.smog")


class _LinkFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)


def hrefs(text: str) -> list[str]:
    finder = _LinkFinder()
    finder.feed(str(markup.render_inline(text)))
    return finder.hrefs


def links(leaflet: Leaflet, leaflets: dict[str, Leaflet], existing: set[str], diags: Diagnostics) -> None:
    """Links inside the site: ``#section`` in this leaflet, ``../<id>/`` or ``../<id>/#section`` for another,
    ``../<id>/easy-read/`` for its easy-read page.

    Leaflet pages live at ``<lang>/<id>/``, so a link is resolved from ``/en/<id>/``.
    """
    base = f"/en/{leaflet.id}/"
    for message in leaflet.messages():
        for href in hrefs(message.text):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href:
                continue
            resolved = urlsplit(urljoin(base, href))
            steps = [p for p in resolved.path.split("/") if p]
            if steps[-1:] == ["index.html"]:
                steps = steps[:-1]
            if steps[2:] == [EASY_READ]:  # <lang>/<id>/easy-read/: the easy-read page
                steps = steps[:2]
            if len(steps) != 2 or steps[1] not in existing:
                diags.error(message.path, message.line,
                            f"link '{href}' leads to no leaflet page: write #section for this leaflet,"
                            f" or ../<leaflet id>/ for another", "link.broken")
                continue
            target = leaflets.get(steps[1])
            if resolved.fragment and target is not None:
                anchors = [s.id for s in target.sections] + list(PAGE_ANCHORS)
                if resolved.fragment not in anchors:
                    diags.error(message.path, message.line,
                                f"link '{href}' points to no section of '{target.id}'"
                                f" (its sections: {', '.join(s.id for s in target.sections)})", "link.anchor")


def placeholders(content: Path, root: Path, diags: Diagnostics) -> None:
    """Every value or line still starting with TODO in a leaflet folder (as ``new`` writes them)."""
    unread = Diagnostics()  # files that cannot be read, or lie outside the project: load reports them
    for meta_file in sorted(content.glob("*/leaflet.yml")):
        if not paths.inside(meta_file, meta_file.parent, root):
            continue
        path = frontmatter.rel(meta_file, root)
        text = paths.read_text(meta_file, path, unread)
        if text is not None:
            _yaml_placeholders(text, path, 1, diags)
        for md in sorted(meta_file.parent.rglob("*.md")):
            text = paths.read_text(md, frontmatter.rel(md, root), unread) if paths.inside(md, meta_file.parent, root) else None
            if text is not None:
                _markdown_placeholders(text, frontmatter.rel(md, root), diags)


def _flag(path: str, line: int, value: str, diags: Diagnostics) -> None:
    shown = value if len(value) <= 70 else value[:67] + "..."
    diags.error(path, line, f"placeholder not filled in: {shown!r}", "scaffold.placeholder")


def _yaml_placeholders(text: str, path: str, first_line: int, diags: Diagnostics) -> None:
    parsed = yamlsource.parse(text, path, Diagnostics(), first_line=first_line)  # syntax errors: load reports
    if parsed is None:
        return
    seen = set()
    for line, node in parsed[1].values():
        if isinstance(node, yaml.ScalarNode) and node.value.strip().startswith(PLACEHOLDER) and id(node) not in seen:
            seen.add(id(node))
            _flag(path, node.start_mark.line + first_line, node.value.strip(), diags)


def _markdown_placeholders(text: str, path: str, diags: Diagnostics) -> None:
    parts = frontmatter.split_front_matter(text)
    if parts is not None:
        front, body, body_line = parts
        _yaml_placeholders(front, path, 2, diags)
    else:
        body, body_line = text, 1
    in_comment = False
    for offset, raw in enumerate(body.split("\n")):
        stripped = raw.strip()
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        words = MARKDOWN_PREFIX_RE.sub("", stripped)
        if words.startswith(PLACEHOLDER):
            _flag(path, body_line + offset, words, diags)
        else:
            for alt in PLACEHOLDER_ALT_RE.finditer(stripped):
                _flag(path, body_line + offset, alt[1], diags)


# --- output ------------------------------------------------------------------

def as_shown(diags: Diagnostics, strict: bool) -> list[Diagnostic]:
    """The diagnostics as reported: under ``--strict`` every warning is an error."""
    items = sorted(diags, key=lambda d: (d.path, d.line, d.code))
    return [replace(d, severity=ERROR) if strict and d.severity == WARNING else d for d in items]


def format_text(diags: Diagnostics, summaries: list[LeafletSummary], project: Project, strict: bool = False) -> str:
    """Diagnostics grouped by file, then the per-leaflet summary, then the counts."""
    shown = as_shown(diags, strict)
    out: list[str] = []
    current = None
    for d in shown:
        if d.path != current:
            if current is not None:
                out.append("")
            current = d.path
        out.append(str(d))
    settings = project.settings
    for summary in summaries:
        out.extend(["", *summary_lines(summary, settings.smog_target, settings.smog_warning)])
    errors = sum(d.severity == ERROR for d in shown)
    warnings = sum(d.severity == WARNING for d in shown)
    out.extend(["", f"{len(summaries)} leaflet(s) checked: {errors} error(s), {warnings} warning(s)"
                + (" (--strict: warnings count as errors)" if strict else "")])
    return "\n".join(out).lstrip("\n")


def summary_lines(summary: LeafletSummary, target: float, limit: float) -> list[str]:
    meta, figures = summary.leaflet.meta, summary.readability
    review = {"overdue": "OVERDUE", "due-soon": "due soon", "ok": "ok"}[summary.review_status]
    lines = [
        f"== {meta.id}: {meta.title} (version {meta.version}, review {meta.review.isoformat()}: {review})",
        f"Reading age (English, SMOG; aim {target:g} or below, warning above {limit:g}):"
        f" whole leaflet {figures.score.describe()}",
    ]
    width = max((len(s.id) for s in figures.sections), default=0)
    lines += [f"  {s.id:<{width}}  {s.score.describe()}" for s in figures.sections]
    if figures.longest:
        lines.append("Longest sentences:")
        for s in figures.longest:
            text = s.text if len(s.text) <= 90 else s.text[:87] + "..."
            lines.append(f"  {s.path}:{s.line}: {s.words} words: {text}")
    lines.append("Languages:")
    for lang in summary.languages:
        state = "publishes" if lang.published else f"held back: {lang.reason}"
        lines.append(f"  {lang.lang}: {state}")
    return lines


def format_json(diags: Diagnostics, summaries: list[LeafletSummary], project: Project, strict: bool = False) -> str:
    shown = as_shown(diags, strict)
    settings = project.settings
    return json.dumps(
        {
            "strict": strict,
            "errors": sum(d.severity == ERROR for d in shown),
            "warnings": sum(d.severity == WARNING for d in shown),
            "diagnostics": [asdict(d) for d in shown],
            "readability": {"measure": "SMOG", "target": settings.smog_target, "warning": settings.smog_warning},
            "leaflets": [s.as_dict() for s in summaries],
        },
        indent=2,
        ensure_ascii=False,
    )
