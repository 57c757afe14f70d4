"""MkDocs hooks for the website (``hooks:`` in mkdocs.yml).

mkdocs-material writes two attributes the Nu HTML Checker rejects: ``autocomplete``
on its hidden checkbox toggles (allowed on text-like inputs only) and the
non-standard ``autocorrect`` on the search field. Both are browser hints with no
effect on a checkbox or on what readers get; dropping them makes every page valid HTML.

The theme also writes a right-to-left direction on ``<body>`` only; the page's
root element gets it too, as for every other format.
"""
from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"')
_HTML_TAG = re.compile(r'<html lang="([^"]+)"')


def on_post_page(output: str, **_) -> str:
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    output = _AUTOCORRECT.sub(r"\1", output)
    if '<body dir="rtl"' in output:
        output = _HTML_TAG.sub(r'<html lang="\1" dir="rtl"', output, count=1)
    return output


def on_post_template(output_content: str, **_) -> str:
    """The theme's own pages (404.html) are templates, not pages: same fix."""
    return on_post_page(output_content)


def on_template_context(context, template_name: str, config, **_):
    """The 404 page is served at any depth, so MkDocs links its assets and navigation from
    the path of ``site_url``; without a site address that would be the server root, not this
    language's folder. Its path is always ``extra.leaflets.home`` (``/<lang>/`` under the root)."""
    home = (config.extra or {}).get("leaflets", {}).get("home")
    if template_name == "404.html" and home:
        context["base_url"] = home.rstrip("/") or "/"
    return context
