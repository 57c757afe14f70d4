"""MkDocs hooks for the website (``hooks:`` in mkdocs.yml).

mkdocs-material writes two attributes the Nu HTML Checker rejects: ``autocomplete``
on its hidden checkbox toggles (allowed on text-like inputs only) and the
non-standard ``autocorrect`` on the search field. Both are browser hints with no
effect on a checkbox or on what readers get; dropping them makes every page valid HTML.

The page's root element and body carry the language and direction of the page's text
(``extra.leaflets.lang``/``dir``, from CLDR), not those of the theme's interface language:
a language the theme has no interface translation for (Amharic, Sorani Kurdish) shows the
theme's buttons in English, but its pages are still ``lang="am"``, ``dir="rtl"`` for Kurdish.

The theme's templates are compiled once a process, not once a website (``on_config``).
"""
from __future__ import annotations

import functools
import re

from mkdocs.plugins import event_priority

from leaflets import templating

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"')
_HTML_TAG = re.compile(r'<html lang="[^"]*"(?: dir="[^"]*")?')
_BODY_TAG = re.compile(r'<body(?: dir="[^"]*")?')


@event_priority(100)  # first: mkdocs-material's search plugin makes a theme environment in its on_config
def on_config(config, **_):
    """MkDocs makes a new Jinja2 environment for the theme for every website it builds (and the
    search plugin a few more): each of them gets the process's store of compiled templates
    (:data:`leaflets.templating.COMPILED`), so mkdocs-material's dozens of partials are compiled
    once a process, not once a language; and its list of the theme's files skips hidden
    folders. MkDocs copies no hidden file (its ``add_files_from_theme`` drops ``.*`` names), and
    the theme's ``.icons`` folder holds 14,000 files that MkDocs otherwise walks and matches
    against its patterns one by one for every website: half of a one-language build."""
    theme = config.theme
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.bytecode_cache = templating.COMPILED
        env.loader.list_templates = functools.partial(templating.visible_templates, env.loader)
        return env
    theme.get_env = get_env
    return config


def on_post_page(output: str, config=None, **_) -> str:
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    output = _AUTOCORRECT.sub(r"\1", output)
    site = ((config or {}).get("extra") or {}).get("leaflets") or {}
    lang, direction = site.get("lang"), site.get("dir")
    if lang and direction:
        output = _HTML_TAG.sub(f'<html lang="{lang}" dir="{direction}"', output, count=1)
        output = _BODY_TAG.sub(f'<body dir="{direction}"', output, count=1)
    return output


def on_post_template(output_content: str, config=None, **_) -> str:
    """The theme's own pages (404.html) are templates, not pages: same fix."""
    return on_post_page(output_content, config=config)


def on_template_context(context, template_name: str, config, **_):
    """The 404 page is served at any depth, so MkDocs links its assets and navigation from
    the path of ``site_url``; without a site address that would be the server root, not this
    language's folder. Its path is always ``extra.leaflets.home`` (``/<lang>/`` under the root)."""
    home = (config.extra or {}).get("leaflets", {}).get("home")
    if template_name == "404.html" and home:
        context["base_url"] = home.rstrip("/") or "/"
    return context
