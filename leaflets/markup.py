"""Inline Markdown to safe HTML: Python-Markdown, telephone links, then nh3.

Authors and translators are not fully trusted: whatever Markdown lets through
(raw HTML, ``javascript:`` links, attribute lists) is cleaned by nh3 here,
before any template marks the result safe.
"""
from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from . import phones
from .diagnostics import Diagnostics
from .model import Message

ALLOWED_TAGS = {"a", "abbr", "b", "br", "code", "em", "i", "img", "q", "s", "span", "strong", "sub", "sup"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "*": {"lang", "dir"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


class PhoneInlineProcessor(InlineProcessor):
    """Phone numbers in running text (found by ``phones``, in any digits) as ``tel:`` links."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's API)
        found = phones.first_phone(data, m.start(0))
        if found is None or found.start != m.start(0):
            return None, None, None
        number = data[found.start:found.end]
        # dir="ltr": digit groups must not be reordered on right-to-left pages (a wrong number to dial).
        el = etree.Element("a", {"href": phones.tel_uri(number), "class": "tel", "dir": "ltr"})
        el.text = number
        return el, found.start, found.end


class PhoneExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802
        md.inlinePatterns.register(PhoneInlineProcessor(r"[+\uff0b]?\d", md), "phone", 5)


class _HttpsForWww(Treeprocessor):
    """magiclink links a bare ``www.`` address with ``http://``; the author gave no scheme,
    and a patient should land on the secure site (NHS sites are https only)."""

    def run(self, root):
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith("http://www.") and (a.text or "") == href[len("http://"):]:
                a.set("href", "https://" + href[len("http://"):])


class _HttpsForWwwExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802
        md.treeprocessors.register(_HttpsForWww(md), "https-for-www", 5)  # after the inline patterns (20)


def web_address_extensions() -> list:
    """Bare e-mail and web addresses in running text become links: pymdownx.magiclink
    (``team@example.nhs.uk`` -> ``mailto:``, ``www.nhs.uk`` and ``https://...`` -> links)."""
    return ["pymdownx.magiclink", _HttpsForWwwExtension()]


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", PhoneExtension(), *web_address_extensions()],
                             output_format="html")


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        allowed_classes={"a": {"tel"}, "span": {"tel"}},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=65536)
def _converted(text: str) -> str:
    """One message's Markdown as HTML, not yet sanitised: what the target check reads, then
    render_inline cleans (memoised: converted once for both, and for every check in a process)."""
    md = _markdown()
    md.reset()
    return md.convert(text)


@lru_cache(maxsize=65536)
def render_inline(text: str) -> Markup:
    """One message of inline Markdown as sanitised HTML, without the wrapping paragraph.

    Memoised: the same message is shown by every format (and checked once before)."""
    html = _converted(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(sanitize(html))


def phone_link(number: str) -> Markup:
    """A contact's phone number as a ``tel:`` link that never wraps."""
    return Markup('<a href="{}" class="tel" dir="ltr">{}</a>').format(phones.tel_uri(number), number)


class _TagFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def leaflet_folder(path: str) -> str:
    """``content/hsg`` for ``content/hsg/sections/about.md`` or ``content/hsg/leaflet.yml``."""
    parts = path.split("/")
    return "/".join(parts[:parts.index("sections")] if "sections" in parts else parts[:-1])


def target_problems(text: str, folder: str) -> list[str]:
    """Links and images in one message that a PDF must never follow, checked BEFORE nh3 cleans them.

    nh3 quietly rewrites ``rel`` and drops ``file:``/``data:`` URLs, which would hide an
    attack or a broken picture; these must stop the build instead. Relative targets are
    resolved against the leaflet's folder (the base URL of its PDFs) and must stay inside it.
    """
    finder = _TagFinder()
    finder.feed(_converted(text))
    problems = []
    for tag, attrs in finder.tags:
        if "attachment" in attrs.get("rel", "").lower().split():
            problems.append(f"<{tag} rel=\"attachment\"> would copy {attrs.get('href', '')!r} into the PDF; "
                            "remove rel=attachment")
        for name in ("href", "src"):
            if name not in attrs:
                continue
            url = attrs[name].strip()
            scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9.+-]*):", url)
            is_image = tag == "img"
            if scheme:
                allowed = () if is_image else ALLOWED_SCHEMES
                if scheme[1].lower() not in allowed:
                    what = "an image must be a file in the leaflet's folder" if is_image else \
                        f"links may use only {', '.join(sorted(ALLOWED_SCHEMES))}"
                    problems.append(f"{url[:80]!r}: {what} (no {scheme[1].lower()}: URLs)")
            elif url.startswith("#") and not is_image:
                continue
            elif url.startswith(("/", "\\")) or _outside(url, folder):
                problems.append(f"{url[:80]!r} points outside the leaflet's folder {folder}/")
    return problems


def _outside(url: str, folder: str) -> bool:
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    joined = posixpath.normpath(posixpath.join(folder, path))
    return joined != folder and not joined.startswith(folder.rstrip("/") + "/")


def check_targets(message: Message, diags: Diagnostics) -> None:
    for problem in target_problems(message.text, leaflet_folder(message.path)):
        diags.error(message.path, message.line, problem, "markdown.unsafe-target")


class _ImageFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images(html: str) -> list[dict]:
    finder = _ImageFinder()
    finder.feed(html)
    return finder.images


def check_message(message: Message, diags: Diagnostics) -> None:
    """Problems in one message's Markdown that must stop a build."""
    check_targets(message, diags)
    for image in images(render_inline(message.text)):
        if not (image.get("alt") or "").strip():
            diags.error(message.path, message.line,
                        f"image {image.get('src', '')!r} has no alt text: write ![what it shows](...)",
                        "markdown.image-alt")
