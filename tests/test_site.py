"""The website's structure, read from the built HTML: one MkDocs build per
language, the language switcher, the "other formats" panel, the same text as
the Document, and the wiring into ``python build.py``."""
from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import lxml.html
import pytest
from babel.messages.pofile import read_po

import sitebuild
import support
from leaflets import pipeline, render_site
from leaflets.diagnostics import Diagnostics
from leaflets.languages import name as language_name_in_itself
from leaflets.project import Project
from leaflets.outputs import format_size
from leaflets.write import Staging

ROOT = support.ROOT
LANGS = ("en", "pl", "ar", "zh-Hans")


@pytest.fixture(scope="module")
def site(real_build):
    """The session's real build: ``root``, and the plans it published (``plans``)."""
    return SimpleNamespace(root=real_build.site, plans=[p for p in real_build.result.plans if p.document is not None],
                           result=real_build.result)


def small_build(tmp_path, languages=("en",), edit=None) -> Path:
    """A copy of the project with only ``languages`` and the web formats, changed by ``edit(root)``,
    built through the pipeline; returns the site folder."""
    root = support.copy_project(tmp_path / "project", languages=list(languages), formats=["html", "site"])
    if edit:
        edit(root)
    result = pipeline.build(Project.at(root), tmp_path / "site")
    assert result.published, [str(d) for d in result.diagnostics.errors]
    return tmp_path / "site"


def ui_translation(lang: str, source: str) -> str:
    """What ``locales/<lang>/LC_MESSAGES/ui.po`` says for ``source`` (whatever its context)."""
    folder = lang.replace("-", "_")
    with open(ROOT / "locales" / folder / "LC_MESSAGES" / "ui.po", "rb") as po:
        found = [m.string for m in read_po(po) if m.id == source and m.string]
    assert found, (lang, source)
    return found[0]


def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def text(el) -> str:
    return " ".join(el.text_content().split())


def plain(markdown_text: str) -> str:
    """A message as the reader sees it (Markdown rendered, tags dropped)."""
    from leaflets.markup import render_inline
    return " ".join(lxml.html.fromstring(f"<p>{render_inline(markdown_text)}</p>").text_content().split())


def test_each_language_has_its_own_build(site):
    for lang in LANGS:
        folder = site.root / lang
        for rel in ("index.html", "hsg/index.html", "404.html", "search/search_index.json"):
            # the site has one sitemap.xml, at its root, when it has an address (test_site_pages.py)
            assert (folder / rel).is_file(), f"{lang}/{rel}"
        index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
        docs = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
        titles = {p.lang: p.document.title.text for p in site.plans}
        assert titles[lang] in docs, lang  # each language's index holds its own leaflet, no other
        for other in LANGS:
            if other != lang:
                assert titles[other] not in docs, (lang, other)
        for page in ("index.html", "hsg/index.html", "404.html"):
            tree = parse(folder / page)
            assert tree.get("lang") == lang, (lang, page)
            assert tree.find("body").get("dir") == ("rtl" if lang == "ar" else "ltr"), (lang, page)
            assert tree.get("dir") == ("rtl" if lang == "ar" else "ltr"), (lang, page)
            assert len(tree.findall(".//h1")) == 1, (lang, page)


def test_theme_interface_is_in_the_page_language(site):
    placeholders = {lang: parse(site.root / lang / "hsg/index.html").find(".//input[@name='query']").get("placeholder")
                    for lang in LANGS}
    assert placeholders["en"] == "Search"
    assert placeholders["ar"] == "بحث"
    assert placeholders["pl"] == "Szukaj"
    assert placeholders["zh-Hans"] == "搜索"
    index = json.loads((site.root / "zh-Hans" / "search" / "search_index.json").read_text(encoding="utf-8"))
    # The theme's own Chinese search settings (it splits words on Chinese punctuation).
    assert "、。" in index["config"]["separator"]


def test_interface_strings_come_from_the_ui_catalogue(site):
    for lang in LANGS[1:]:
        page = parse(site.root / lang / "hsg" / "index.html")
        assert text(page.get_element_by_id("formats-title")) == ui_translation(lang, "This leaflet in other formats")
        assert page.find(".//title").text_content().endswith(ui_translation(lang, "Patient information"))
        not_found = parse(site.root / lang / "404.html")
        assert text(not_found.find(".//h1")) == ui_translation(lang, "Page not found")
        english = parse(site.root / "en" / "404.html").xpath("//form[@data-md-component='palette']//input/@aria-label")
        toggles = not_found.xpath("//form[@data-md-component='palette']//input/@aria-label")
        assert len(toggles) == len(english) == 2 and not set(toggles) & set(english), (lang, toggles)


def test_the_other_formats_survive_the_website_build(site):
    for lang in LANGS:
        assert (site.root / lang / "hsg" / f"hsg-{lang}.html").is_file()
        pdf = site.root / lang / "hsg" / f"hsg-{lang}-large-print.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")


def test_leaflet_page_shows_the_document_text_with_lang_on_fallbacks(site):
    for plan in site.plans:
        doc, lang = plan.document, plan.lang
        tree = parse(site.root / lang / doc.leaflet.id / "index.html")
        content = tree.get_element_by_id("content")
        assert text(content.find(".//h1")) == doc.title.text
        for section in doc.sections:
            el = content.get_element_by_id(section.id)
            heading = el.find("h2")
            assert text(heading) == plain(section.title.text)
            shown = [item for block in section.blocks for item in block.items]
            for item in shown:
                holders = [e for e in el.iter() if text(e) == plain(item.text)
                           and e.tag in ("p", "li", "td", "th", "h3", "h4", "h5", "h6")]
                assert holders, (lang, section.id, item.text[:40])
                expected_lang = item.lang if item.lang != lang else None
                assert holders[0].get("lang") == expected_lang, (lang, item.text[:40])
                if expected_lang:
                    assert holders[0].get("dir") == "ltr"


def test_language_switcher_leads_to_the_same_leaflet(site):
    for lang in LANGS:
        page = site.root / lang / "hsg" / "index.html"
        links = parse(page).xpath("//a[contains(@class, 'md-select__link')]")
        assert [a.get("hreflang") for a in links] == list(LANGS)
        for a in links:
            other = a.get("hreflang")
            assert a.get("lang") == other
            assert text(a) == render_site.language_name(other)
            assert text(a).lower() == language_name_in_itself(other).lower()
            target = urljoin(f"http://x/{lang}/hsg/", a.get("href"))
            assert target == f"http://x/{other}/hsg/", (lang, a.get("href"))
            assert (site.root / other / "hsg" / "index.html").is_file()
        home_links = parse(site.root / lang / "index.html").xpath("//a[contains(@class, 'md-select__link')]")
        assert [urljoin(f"http://x/{lang}/", a.get("href")) for a in home_links] == [f"http://x/{o}/" for o in LANGS]


@pytest.mark.slow
def test_switcher_lists_only_the_languages_a_leaflet_is_published_in(tmp_path):
    partial = small_build(tmp_path / "ar", ("en", "ar"))
    links = parse(partial / "ar" / "hsg" / "index.html").xpath("//a[contains(@class, 'md-select__link')]")
    assert [a.get("hreflang") for a in links] == ["en", "ar"]
    assert not (partial / "pl").exists()
    only_english = small_build(tmp_path / "en")
    assert parse(only_english / "en" / "hsg" / "index.html").xpath("//div[contains(@class, 'md-select')]") == []


def test_other_formats_panel_near_the_top(site):
    for lang in LANGS:
        folder = site.root / lang / "hsg"
        content = parse(folder / "index.html").get_element_by_id("content")
        panel = content.get_element_by_id("this-leaflet-in-other-formats")
        h2s = content.findall(".//h2")
        assert h2s[0].getparent() is panel, "the panel is the first section of the page"
        downloads = {a.get("href"): text(a) for a in panel.xpath(".//ul[@class='downloads']//a")}
        pdf_size = format_size((folder / f"hsg-{lang}-large-print.pdf").stat().st_size)
        assert downloads[f"hsg-{lang}-large-print.pdf"].endswith(f"(PDF, {pdf_size})")
        html_size = format_size((folder / f"hsg-{lang}.html").stat().st_size)
        assert downloads[f"hsg-{lang}.html"].endswith(f"(HTML, {html_size})")
        for href in downloads:  # a file, or a page's folder (easy-read/, audio/)
            assert (folder / href).is_file() or (folder / href / "index.html").is_file(), href
        if lang == "en":
            assert downloads[f"hsg-{lang}-large-print.pdf"] == f"Large print (PDF, {pdf_size})"
            assert "braille, audio, British Sign Language or another language" in text(panel)
        assert [a.get("href") for a in panel.xpath(".//a[starts-with(@href, 'tel:')]")] == ["tel:+441223256998"]


def test_contacts_version_dates_and_draft_notice(site):
    for plan in site.plans:
        doc, lang = plan.document, plan.lang
        content = parse(site.root / lang / "hsg" / "index.html").get_element_by_id("content")
        tels = {a.get("href") for a in content.xpath(".//a[starts-with(@href, 'tel:')]")}
        assert {"tel:+441223216455", "tel:+441223256998", "tel:+441223245151", "tel:+448001690169"} <= tels
        details = text(content.get_element_by_id("leaflet-details"))
        organisation = content.xpath(".//*[@id='leaflet-details']/p")[0]
        # the organisation stays in English; the department is translated, as in the PDFs
        assert text(organisation) == f"{doc.meta.organisation}, {plain(doc.department.text)}"
        name, department = organisation.xpath("./span")
        assert name.get("lang") == (None if lang == "en" else "en")
        assert department.get("lang") == (None if doc.department.lang == lang else doc.department.lang)
        if lang != "en":
            assert not doc.department.fallback and doc.department.text != doc.meta.department, lang
        assert doc.meta.version in details
        times = [t.get("datetime") for t in content.xpath(".//time")]
        assert doc.meta.published.isoformat() in times and doc.meta.review.isoformat() in times
        # The draft notice: the one that links to the English leaflet.
        draft = content.xpath(".//*[@class='notice'][.//a[@hreflang='en']]")
        assert bool(draft) == (not doc.reviewed), lang
        if draft:
            link = draft[0].xpath(".//a[@hreflang='en']")[0]
            assert urljoin(f"http://x/{lang}/hsg/", link.get("href")) == "http://x/en/hsg/"


def test_root_page_names_each_language_in_itself(site):
    tree = parse(site.root / "index.html")
    sections = tree.xpath("//section[contains(@class, 'language')]")
    assert [s.get("lang") for s in sections] == list(LANGS)
    for s in sections:
        lang = s.get("lang")
        assert s.get("dir") == ("rtl" if lang == "ar" else "ltr")
        name = s.find(".//h2/a")
        assert text(name) == render_site.language_name(lang) and name.get("href") == f"{lang}/"
        leaflet_links = [a.get("href") for a in s.xpath(".//li/a")]
        assert leaflet_links == [f"{lang}/hsg/"]
    style = tree.find(".//style").text
    assert "&#34;" not in style and '"Noto Sans"' in style


def test_no_page_refers_to_another_origin_for_its_resources(site):
    for path in site.root.rglob("*.html"):
        tree = parse(path)
        for el in tree.xpath("//script[@src] | //link[@href][not(@rel='canonical')] | //img[@src] | //iframe"):
            url = el.get("src") or el.get("href") or ""
            assert not re.match(r"(https?:)?//", url), (path, url)
    css = "\n".join(p.read_text(encoding="utf-8") for p in site.root.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_python_build_py_builds_the_website(site):
    result, root = site.result, site.root
    page = parse(root / "en" / "hsg" / "index.html")
    assert page.get("lang") == "en"
    downloads = {a.get("href"): text(a) for a in page.xpath("//ul[@class='downloads']//a")}
    size = format_size(result.outputs["en/hsg/hsg-en.html"])
    assert downloads["hsg-en.html"] == f"Single web page to save or email (HTML, {size})"
    assert (root / "index.html").is_file() and (root / "en" / "404.html").is_file()
    assert result.outputs["en/hsg/index.html"] == (root / "en" / "hsg" / "index.html").stat().st_size


@pytest.mark.slow
def test_website_refuses_to_replace_another_formats_file(tmp_path):
    project = Project.at(ROOT)
    staging = Staging(tmp_path / "site")
    staging.write("en/404.html", "written by another format")
    with pytest.raises(RuntimeError, match="en/404.html"):
        render_site.build(project, sitebuild.plans(project, ()), staging, Diagnostics())
    staging.discard()


@pytest.mark.slow
def test_other_formats_panel_gives_the_email_when_known(tmp_path):
    def edit(copy):
        meta = copy / "content" / "hsg" / "leaflet.yml"
        source = meta.read_text(encoding="utf-8")
        meta.write_text(source.replace('    phone: "01223 256998"\n',
                                       '    phone: "01223 256998"\n    hours: Monday to Friday, 08:30 to 17:00\n'
                                       '    email: leaflets@example.nhs.uk\n'), encoding="utf-8")
    built = small_build(tmp_path, edit=edit)
    panel = parse(built / "en" / "hsg" / "index.html").get_element_by_id("this-leaflet-in-other-formats")
    assert [a.get("href") for a in panel.xpath(".//a[starts-with(@href, 'mailto:')]")] == ["mailto:leaflets@example.nhs.uk"]
    # hours, then a space before "or email" (it once read "17:00)or email")
    assert "(Monday to Friday, 08:30 to 17:00) or email leaflets@example.nhs.uk." in text(panel)


def test_mkdocs_failure_is_an_error_on_mkdocs_yml(tmp_path):
    copy = support.copy_project(tmp_path / "project", languages=["en"], formats=["html", "site"])
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (copy / "mkdocs.yml").write_text(config.replace("plugins:\n  - search", "plugins:\n  - no-such-plugin"),
                                     encoding="utf-8")
    result = pipeline.build(Project.at(copy), tmp_path / "site")
    assert not result.published and not (tmp_path / "site").exists()
    assert [(d.path, d.code) for d in result.diagnostics.errors] == [("mkdocs.yml", "site.mkdocs")]


def test_a_language_the_theme_lacks_is_a_warning_and_english_interface():
    project = Project.at(ROOT)
    diags = Diagnostics()
    assert render_site.theme_language(project, "zh-Hans", diags) == "zh-Hans"  # ours
    assert render_site.theme_language(project, "pt-BR", diags) == "pt-BR"  # the theme's
    assert render_site.theme_language(project, "de-AT", diags) == "de"  # base language
    assert not diags
    assert render_site.theme_language(project, "so", diags) == "en"
    assert [(d.path, d.code) for d in diags.warnings] == [("mkdocs.yml", "site.theme-language")]


def test_headings_never_skip_a_level(site):
    for path in sorted(site.root.rglob("*.html")):
        rel = path.relative_to(site.root).as_posix()
        if not (rel.endswith("index.html") or rel.endswith("404.html")):
            continue
        levels = [int(h.tag[1]) for h in parse(path).iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels and levels[0] == 1, rel
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, (rel, levels)
