"""MkDocs hooks for the website (``hooks:`` in mkdocs.yml).

mkdocs-material writes two attributes the Nu HTML Checker rejects: ``autocomplete``
on its hidden checkbox toggles (allowed on text-like inputs only) and the
non-standard ``autocorrect`` on the search field. Both are browser hints with no
effect on a checkbox or on what readers get; dropping them makes every page valid HTML.
"""
from __future__ import annotations

import re

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"')


def on_post_page(output: str, **_) -> str:
    output = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)
    return _AUTOCORRECT.sub(r"\1", output)


def on_post_template(output_content: str, **_) -> str:
    """The theme's own pages (404.html) are templates, not pages: same fix."""
    return on_post_page(output_content)
