"""The Jinja2 environment every format renders with.

Autoescape is on for every template and an undefined variable is an error.
Translated interface strings are escaped before Jinja marks them safe, so a
catalogue can never inject markup (Jinja's new-style gettext would otherwise
trust them).
"""
from __future__ import annotations

import gettext as gettext_module
import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from types import CodeType

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from . import languages, markup, outputs, paths
from .document import direction, language_name


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process and shared by every
    environment that has the same settings: ours (one per language and format) and MkDocs' theme
    environment (one per language's website, ``site_hooks.on_config``), in every build. Each template
    is compiled once, not once per document or website.

    A template is kept by its name, its source and what the environment compiles it with, not by
    its file path, so a copy of the project elsewhere (a test's, a worker's) reuses it; the code
    handed out names the template's own file, for its tracebacks and errors. An edited template
    is compiled again."""

    def __init__(self):
        self.store: dict[str, CodeType] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        checksum = self.get_source_checksum(source)
        key = hashlib.sha256("\0".join((name, _settings(environment), checksum)).encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, checksum)
        code = self.store.get(key)
        if code is not None:
            bucket.code = _refiled(code, filename or "<template>")
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.code


def _settings(env: Environment) -> str:
    """What the compiled code of a template depends on besides its source: the syntax, whitespace
    and escaping settings, the extensions, new-style gettext. Autoescaping by a function (MkDocs'
    environment has none) is never shared between environments."""
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else f"function {id(env.autoescape)}"
    return repr((env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                 env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                 env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                 env.optimized, env.is_async, autoescape, sorted(env.extensions),
                 getattr(env, "newstyle_gettext", None), sorted(env.policies.items(), key=lambda item: item[0])))


def _refiled(code: CodeType, filename: str) -> CodeType:
    """``code`` (and the functions inside it: blocks, macros) naming ``filename``."""
    if code.co_filename == filename:
        return code
    consts = tuple(_refiled(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


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


def visible_templates(loader: FileSystemLoader) -> list[str]:
    """``FileSystemLoader.list_templates`` without what is under a hidden folder (``site_hooks``:
    the theme's files MkDocs copies, none of which is hidden)."""
    found = set()
    for searchpath in loader.searchpath:
        for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=loader.followlinks):
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
            for filename in filenames:
                found.add(os.path.relpath(os.path.join(dirpath, filename), searchpath).replace(os.path.sep, "/"))
    return sorted(found)


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


