"""The website's pages about all the leaflets of a language: the A-Z, the departments,
the accessibility statement, and the site's ``sitemap.xml``.

Letters, order and grouping come from ICU (PyICU): its alphabetic index holds the
CLDR index characters of each language (A-Z with Ł and Ż for Polish, the Arabic
letters, pinyin initials for Chinese), and its collator sorts as readers of that
language expect. Nothing here lists letters or languages by hand.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import icu

from . import languages
from .document import Document

@dataclass(frozen=True)
class Group:
    label: str  # a letter, or a department's name
    anchor: str  # its id on the page
    docs: tuple[Document, ...]
    other: bool = False  # titles outside the alphabet of the language: labelled "Other" by the template


def icu_locale(lang: str) -> icu.Locale:
    return icu.Locale(str(languages.locale(lang)))


def collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(icu_locale(lang))


def sort_key(lang: str):
    """A key sorting strings in the collation of ``lang``."""
    return collator(lang).getSortKey


def a_to_z(lang: str, docs: list[Document]) -> list[Group]:
    """Every letter of the language's index, in order, each with the leaflets whose title it
    begins (sorted in the language's collation); letters without leaflets have none. Titles that
    fall outside the letters (another script) form an "other" group where they occur."""
    index = icu.AlphabeticIndex(icu_locale(lang))
    for number, doc in enumerate(docs):
        index.addRecord(doc.title.text, number)
    groups: list[Group] = []
    index.resetBucketIterator()
    while index.nextBucket():
        found = []
        while index.nextRecord():
            found.append(docs[index.recordData])
        normal = index.bucketLabelType == icu.UAlphabeticIndexLabelType.NORMAL
        if normal or found:
            groups.append(Group(index.bucketLabel, f"letter-{len(groups) + 1}", tuple(found), other=not normal))
    return groups


def departments(lang: str, docs: list[Document]) -> list[Group]:
    """The leaflets grouped by department (its name as the page shows it), departments and titles
    in the language's collation."""
    key = sort_key(lang)
    by_name: dict[str, list[Document]] = {}
    for doc in docs:
        by_name.setdefault(department_name(doc), []).append(doc)
    names = sorted(by_name, key=key)
    return [Group(name, f"department-{number}", tuple(sorted(by_name[name], key=lambda d: key(d.title.text))))
            for number, name in enumerate(names, 1)]


def department_name(doc: Document) -> str:
    return doc.department.text if doc.department is not None else doc.meta.department


def sitemap(pages: dict[str, dict[str, str]]) -> str:
    """``sitemap.xml``: every page (one entry per language), each with its ``hreflang`` alternates.

    ``pages``: a page's key (the same page in every language) -> {lang: absolute URL}."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for key in sorted(pages):
        versions = pages[key]
        for lang in sorted(versions):
            lines.append(f"<url><loc>{escape(versions[lang])}</loc>")
            if len(versions) > 1:
                for other in sorted(versions):
                    lines.append(f'<xhtml:link rel="alternate" hreflang={quoteattr(other)} href={quoteattr(versions[other])}/>')
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def index_pages(env, lang: str, docs: list[Document], project, updated) -> list[tuple[str, str, str]]:
    """The language's pages about all its leaflets: (folder, title key of strings.html, body HTML)."""
    site = project.settings.site
    return [
        ("a-z", "a_z", env.get_template("website/a-z.html").render(lang=lang, groups=a_to_z(lang, docs))),
        ("departments", "departments",
         env.get_template("website/departments.html").render(lang=lang, groups=departments(lang, docs))),
        ("accessibility", "accessibility",
         env.get_template("website/accessibility.html").render(lang=lang, site=site, updated=updated)),
    ]


def sitemap_pages(base_url: str, langs: list[str], written) -> dict[str, dict[str, str]]:
    """Every web page of the site (the root, and each language's ``.../index.html``), keyed by its
    path within its language: key -> {lang: absolute URL}."""
    codes = set(langs)
    pages: dict[str, dict[str, str]] = {"": {"x-default": base_url}}
    for rel in written:
        lang, _, rest = rel.partition("/")
        if lang in codes and (rest == "index.html" or rest.endswith("/index.html")) and not rest.startswith("search/"):
            folder = rest.removesuffix("index.html")
            pages.setdefault(f"/{folder}", {})[lang] = f"{base_url}{lang}/{folder}"
    return pages
