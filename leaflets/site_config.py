"""mkdocs.yml as the website's builds use it: its theme section for each language, MkDocs' own
log as diagnostics, and what ``check`` finds in it without building a page.

``render_site`` builds each language's website with this configuration; ``check`` loads it
the same way (MkDocs validates the plugins, the theme and every setting while loading) and looks
up the theme's interface language of each language, so a website that would fail or warn for
either reason is known before anything is rendered.
"""
from __future__ import annotations

import copy
import logging
import re
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import yaml

from . import glyphs
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, Document
from .project import Project

CONFIG = "mkdocs.yml"


def theme_language_dirs() -> tuple[Path, ...]:
    """The theme's own interface translations (ours are in templates/website/theme). The theme is
    imported only when a website is built or mkdocs.yml checked."""
    import material

    return (Path(material.__file__).parent / "templates" / "partials" / "languages",)
HOOKS = Path(__file__).with_name("site_hooks.py")  # our hook is part of the package, found by its own path


def config_line(root: Path, key: str) -> int:
    """The line of the top-level ``key:`` in mkdocs.yml (1 when it is not there)."""
    try:
        lines = (Path(root) / CONFIG).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 1)


class MkDocsLog(logging.Handler):
    """MkDocs' own warnings (and errors) during one language's build, as ``site.mkdocs-warning``,
    at their source: a setting at its line in mkdocs.yml; a page's problem at the leaflet whose
    page MkDocs was reading or names, at the line of the text holding the link MkDocs names
    (its catalogue entry in a translation), else at the leaflet's metadata; else on mkdocs.yml."""

    PAGE_RE = re.compile(r"Doc file '([^']+)'")
    CONFIG_RE = re.compile(r"Config value '([^']+)'")
    QUOTED_RE = re.compile(r"(?:link|image|anchor|target) '([^']+)'")

    def __init__(self, lang: str, docs: tuple[Document, ...], diags: Diagnostics, root: Path | None = None):
        super().__init__(logging.WARNING)
        self.lang, self.diags, self.root = lang, diags, root
        self.config = None  # set once loaded: MkDocs names the page it is building there
        self.docs = {f"{d.leaflet.id}/index.md": d for d in docs}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        current = getattr(self.config, "_current_page", None) if self.config is not None else None
        page = current.file.src_uri if current is not None else None
        if page is None and (named := self.PAGE_RE.search(message)):
            page = named[1]
        site_page = f", page {self.lang}/{page.removesuffix('index.md')}" if page else ""
        level = "" if record.levelno == logging.WARNING else f"{record.levelname.lower()}: "
        path, line = self.where(page, message)
        self.diags.warning(path, line, f"MkDocs ({self.lang} website{site_page}): {level}{message}",
                           "site.mkdocs-warning")

    def where(self, page: str | None, message: str) -> tuple[str, int]:
        doc = self.docs.get(page)
        if doc is None:
            setting = self.CONFIG_RE.search(message)
            return CONFIG, config_line(self.root, setting[1]) if setting and self.root else 1
        quoted = self.QUOTED_RE.search(message)
        for shown, source in glyphs.shown_messages(doc) if quoted else ():
            if quoted[1] in shown.text:
                return glyphs.locate(doc, shown, source)
        return doc.leaflet.meta_path, 1


@contextmanager
def mkdocs_log(lang: str, docs: tuple[Document, ...], diags: Diagnostics, root: Path | None = None):
    """Collect the ``mkdocs`` logger's warnings as diagnostics while the block runs."""
    handler = MkDocsLog(lang, docs, diags, root)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def failure_at(problems: list, filename_path: str | None, line: int | None) -> tuple[str, int]:
    """Where to report a failed MkDocs build: the template that failed, else the first problem
    MkDocs logged before giving up (its page's text, or its setting), else mkdocs.yml."""
    if filename_path:
        return filename_path, line or 1
    first = next((d for d in problems if d.code == "site.mkdocs-warning"), None)
    return (first.path, first.line) if first is not None else (CONFIG, 1)


def theme_language(project: Project, lang: str, diags: Diagnostics) -> str:
    """The theme's interface language for ``lang``: itself, else its base language, else English (a warning)."""
    custom = project.root / _theme_section(project)["custom_dir"] / "partials" / "languages"
    for candidate in (lang, lang.split("-")[0]):
        if any((folder / f"{candidate}.html").is_file() for folder in (custom, *theme_language_dirs())):
            return candidate
    diags.warning(CONFIG, config_line(project.root, "theme"), f"the theme has no interface translation for '{lang}': "
                  f"its buttons and labels show in English (add templates/website/theme/partials/languages/{lang}.html)",
                  "site.theme-language")
    return SOURCE_LANGUAGE


def _theme_section(project: Project) -> dict:
    return copy.deepcopy(_theme_of((project.root / CONFIG).read_text(encoding="utf-8")))


@lru_cache(maxsize=8)
def _theme_of(text: str) -> dict:
    """The theme section of mkdocs.yml's text, parsed once a process (every check and website reads it)."""
    return dict(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["theme"])


def theme_config(project: Project, theme_lang: str, _) -> dict:
    """The theme section of mkdocs.yml for one language: interface language, translated toggles."""
    theme = _theme_section(project)
    theme["language"] = theme_lang
    theme["custom_dir"] = str(project.root / theme["custom_dir"])
    names = {"default": _("dark"), "slate": _("light")}
    theme["palette"] = [
        {**option, "toggle": {**option["toggle"], "name": names[option["scheme"]]}} if "toggle" in option else option
        for option in theme.get("palette", [])
    ]
    return theme


def check(project: Project, diags: Diagnostics) -> bool:
    """For ``check``, when a leaflet has a website: mkdocs.yml loaded as the build loads it (an
    error, or a warning in strict mode, fails every language's website: ``site.mkdocs``). True
    when the configuration loads; then ``check`` asks :func:`theme_language` of each language."""
    from mkdocs.config import load_config  # MkDocs loads only when mkdocs.yml is checked (checkmemo keeps the answer)
    from mkdocs.exceptions import MkDocsException

    found = Diagnostics()
    with tempfile.TemporaryDirectory(prefix="leaflets-check-site-") as scratch, \
            mkdocs_log(SOURCE_LANGUAGE, (), found, project.root):
        (Path(scratch) / "docs").mkdir()
        try:
            load_config(str(project.root / CONFIG), docs_dir=str(Path(scratch, "docs")),
                        site_dir=str(Path(scratch, "site")), hooks=[str(HOOKS)],
                        theme=theme_config(project, SOURCE_LANGUAGE, lambda key: key))
            failure = None
        except MkDocsException as exc:
            failure = str(exc)
        except Exception as exc:  # noqa: BLE001 - a broken mkdocs.yml: the build reports it as this error too
            failure = f"{type(exc).__name__}: {exc}"
    diags.extend(found)
    if failure is not None:
        path, line = failure_at(found, None, None)
        diags.error(path, line, f"MkDocs could not build the {SOURCE_LANGUAGE} website: {failure}", "site.mkdocs")
        return False
    return True
