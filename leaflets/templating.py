"""The Jinja2 environment every format renders with.

Autoescape is on for every template and an undefined variable is an error.
Translated interface strings are escaped before Jinja marks them safe, so a
catalogue can never inject markup (Jinja's new-style gettext would otherwise
trust them).
"""
from __future__ import annotations

import gettext as gettext_module
import os
from contextlib import contextmanager
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from . import languages, markup, outputs, paths
from .document import direction, language_name


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory and shared by every environment of a build (one per
    language and format, and every build in the same process): each template is compiled once,
    not once per document. They are kept by template name, not file path, so a copy of the
    project at another path reuses them; Jinja checks the source's checksum, so an edited
    template is compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name)

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


class ProjectLoader(FileSystemLoader):
    """Templates from ``templates/`` only: one that is a link out of it is never read
    (``paths``; ``check`` reports it as ``path.outside-project``)."""

    def __init__(self, folder: Path):
        super().__init__(str(folder))
        self.folder = Path(folder)

    def get_source(self, environment, template):
        file = self.folder.joinpath(*split_template_path(template))
        if os.path.lexists(file) and not paths.inside(file, self.folder, self.folder.parent):
            raise TemplateNotFound(f"{template} (a link out of templates/: not read)")
        return super().get_source(environment, template)


_SHARED: dict | None = None  # while sharing(): (templates, language, id(translations)) -> (translations, environment)


@contextmanager
def sharing():
    """For one check or build: :func:`environment` makes each (templates, language, interface
    translations) once, and a library's thousands of documents share a few environments. Each
    template is loaded once a language, not once a document (nor left, by the thousand, for the
    garbage collector: an environment and its templates refer to each other)."""
    global _SHARED
    outer = _SHARED
    if outer is None:
        _SHARED = {}
    try:
        yield
    finally:
        if outer is None:
            _SHARED = None


def environment(templates: Path, lang: str, translations: gettext_module.NullTranslations | None = None) -> Environment:
    shared = _SHARED
    if shared is None:
        return _environment(templates, lang, translations)
    key = (str(templates), lang, id(translations))  # the translations are kept beside it: the id stays theirs
    if key not in shared:
        shared[key] = (translations, _environment(templates, lang, translations))
    return shared[key][1]


def _environment(templates: Path, lang: str, translations: gettext_module.NullTranslations | None) -> Environment:
    env = Environment(
        bytecode_cache=COMPILED,
        loader=ProjectLoader(Path(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    catalog = translations or gettext_module.NullTranslations()

    def gettext(message: str) -> Markup:
        return escape(catalog.gettext(message))

    def ngettext(singular: str, plural: str, n: int) -> Markup:
        return escape(catalog.ngettext(singular, plural, n))

    # Every interface string has a context (where it appears): pgettext("leaflet page", "Contents").
    def pgettext(context: str, message: str) -> Markup:
        return escape(catalog.pgettext(context, message))

    def npgettext(context: str, singular: str, plural: str, n: int) -> Markup:
        return escape(catalog.npgettext(context, singular, plural, n))

    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext)
    # A format's label (leaflets/outputs.py), in the language: "Large print", "Duży druk".
    env.globals["format_label"] = lambda name: pgettext(outputs.LABEL_CONTEXT, outputs.get(name).label)
    env.filters["md"] = markup.render_inline
    env.filters["tel"] = markup.phone_link
    # Dates as a reader of the language writes them (CLDR): "1 listopada 2026", "۱ نوامبر ۲۰۲۶".
    env.filters["date"] = lambda value: languages.format_date(value, lang)
    env.globals["direction"] = direction
    env.globals["language_name"] = language_name
    env.globals["lang_attrs"] = attrs_for
    return env


def attrs_for(item_lang: str, page_lang: str) -> Markup:
    """``lang``/``dir`` attributes for a passage in another language than the page."""
    if item_lang == page_lang:
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(item_lang, direction(item_lang))


