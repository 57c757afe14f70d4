"""The website's pages about all the leaflets of a language (A-Z, departments, accessibility
statement), the trust's header and footer on every page, the sitemap and canonical links:
read from the built HTML."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest

import support
from leaflets import pipeline, site_pages
from leaflets.project import Project

LANGS = ("en", "pl", "ar", "zh-Hans")
ORGANISATION = "Cambridge University Hospitals NHS Foundation Trust"
PAGES = ("a-z", "departments", "accessibility")


def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def text(el) -> str:
    return " ".join(el.text_content().split())


def fake_doc(title: str, department: str = "Radiology"):
    shown = SimpleNamespace(text=department, lang="en")
    return SimpleNamespace(title=SimpleNamespace(text=title, lang="en"), department=shown,
                           meta=SimpleNamespace(department=department), leaflet=SimpleNamespace(id=title))


@pytest.fixture(scope="module")
def site(built_site):
    """The session's real build: ``root`` and its HTML pages (``pages()``)."""
    return SimpleNamespace(root=built_site, pages=lambda: support.html_pages(built_site))


def build(root: Path) -> SimpleNamespace:
    result = pipeline.build(Project.at(root), root.parent / "site")
    assert result.published, [str(d) for d in result.diagnostics.errors]
    site = root.parent / "site"
    return SimpleNamespace(root=site, pages=lambda: support.html_pages(site))


# -- letters and order from ICU --------------------------------------------------------------

def test_polish_letters_and_order_are_polish():
    docs = [fake_doc(t) for t in ("Żylaki", "Łokieć", "Lekarz", "Zapalenie", "Mama")]
    groups = site_pages.a_to_z("pl", docs)
    labels = [g.label for g in groups]
    assert labels.index("L") + 1 == labels.index("Ł") and labels.index("Z") < labels.index("Ż")
    with_docs = [(g.label, [d.title.text for d in g.docs]) for g in groups if g.docs]
    assert with_docs == [("L", ["Lekarz"]), ("Ł", ["Łokieć"]), ("M", ["Mama"]), ("Z", ["Zapalenie"]), ("Ż", ["Żylaki"])]


def test_arabic_letters_are_the_arabic_alphabet_and_english_goes_under_other():
    docs = [fake_doc(t) for t in ("أشعة", "باب", "X-ray")]
    groups = site_pages.a_to_z("ar", docs)
    letters = [g.label for g in groups if not g.other]
    assert letters[:3] == ["ا", "ب", "ت"] and len(letters) == 28
    assert [[d.title.text for d in g.docs] for g in groups if g.docs] == [["أشعة"], ["باب"], ["X-ray"]]
    assert groups[-1].other


def test_chinese_titles_sort_under_their_pinyin_initial():
    groups = site_pages.a_to_z("zh-Hans", [fake_doc("子宫输卵管造影"), fake_doc("膝关节")])
    assert [(g.label, [d.title.text for d in g.docs]) for g in groups if g.docs] == [
        ("X", ["膝关节"]), ("Z", ["子宫输卵管造影"])]


def test_departments_group_and_sort_in_the_language():
    docs = [fake_doc("Żylaki", "Chirurgia"), fake_doc("Łokieć", "Ortopedia"), fake_doc("Lekarz", "Chirurgia")]
    assert [(g.label, [d.title.text for d in g.docs]) for g in site_pages.departments("pl", docs)] == [
        ("Chirurgia", ["Lekarz", "Żylaki"]), ("Ortopedia", ["Łokieć"])]


# -- the pages of every language ---------------------------------------------------------------

def test_every_language_has_its_a_to_z_departments_and_statement(site):
    for lang in LANGS:
        for page in PAGES:
            tree = parse(site.root / lang / page / "index.html")
            assert tree.get("lang") == lang
            content = tree.get_element_by_id("content")
            assert content.xpath(".//h1"), (lang, page)
            assert ORGANISATION in text(tree.xpath("//div[@class='leaflets-trust']")[0])
        az = parse(site.root / lang / "a-z" / "index.html")
        links = az.xpath("//nav[@aria-label]//ul[@class='letters']//a")
        assert links and all(az.xpath(f"//*[@id='{a.get('href')[1:]}']") for a in links), lang
        titles = [text(a) for a in az.xpath("//section//ul[@class='leaflets']/li/a")]
        assert titles == [text(parse(site.root / lang / "hsg" / "index.html").xpath("//h1")[0])], lang


def test_the_arabic_a_to_z_is_in_arabic_letters_right_to_left(site):
    tree = parse(site.root / "ar" / "a-z" / "index.html")
    assert tree.get("dir") == "rtl"
    letters = [text(li) for li in tree.xpath("//ul[@class='letters']/li")]
    assert letters[:3] == ["ا", "ب", "ت"]
    linked = [text(a) for a in tree.xpath("//ul[@class='letters']//a")]
    assert len(linked) == 1 and linked[0] in letters
    unlinked = tree.xpath("//ul[@class='letters']/li/span")
    assert len(unlinked) == len(letters) - 1


def test_the_statement_follows_the_model_with_the_trusts_contact(site):
    tree = parse(site.root / "en" / "accessibility" / "index.html")
    headings = [text(h) for h in tree.xpath("//div[@id='content']//h2")]
    for heading in ("Feedback and contact information", "Reporting accessibility problems with this website",
                    "Enforcement procedure", "Technical information about this website's accessibility"):
        assert heading in headings
    assert tree.xpath("//div[@id='content']//a[@href='tel:+441223245151']")
    assert tree.xpath("//a[@href='https://www.equalityadvisoryservice.com/']")
    assert "Accessibility Regulations 2018" in text(tree.get_element_by_id("content"))
    polish = parse(site.root / "pl" / "accessibility" / "index.html")
    names = polish.xpath("//div[@id='content']//span[@lang='en']")
    assert ORGANISATION in [text(n) for n in names]  # the English name marked as English


def test_every_page_has_the_trust_header_and_the_footer_links(site):
    for rel in site.pages():
        parts = rel.split("/")
        if len(parts) == 3 and parts[2].endswith(".html") and parts[2] not in ("index.html", "404.html"):
            continue  # the single-file documents (test_site_settings.py)
        tree = parse(site.root / rel)
        if rel == "index.html":  # the language chooser: our own page, not the theme's
            assert ORGANISATION in text(tree.xpath("//header[@class='masthead']")[0])
            assert tree.xpath("//footer//a/@href") == ["en/accessibility/"]
            continue
        if "/easy-read/" in rel or "/audio/" in rel:  # pages of ours, with their own masthead
            assert ORGANISATION in text(tree.xpath("//header")[0]), rel
            continue
        trust = tree.xpath("//div[@class='leaflets-trust']")
        assert trust and ORGANISATION in text(trust[0]), rel
        assert trust[0].xpath(".//img/@alt") == ["CUH"], rel
        footer = tree.xpath("//div[contains(@class, 'leaflets-footer')]")[0]
        statement = footer.xpath(".//a")[0]
        target = (site.root / rel).parent / statement.get("href")
        if not rel.endswith("404.html"):
            assert (target / "index.html").resolve().is_file(), (rel, statement.get("href"))
        else:
            assert statement.get("href") == f"/{parts[0]}/accessibility/"
    leaflet = parse(site.root / "en" / "hsg" / "index.html")
    details = text(leaflet.xpath("//p[@class='leaflets-footer__details']")[0])
    assert "Version: 0.1 (provisional)" in details and "Review date: 1 November 2029" in details


def test_search_covers_every_leaflet_and_page_of_the_language(site):
    for lang in LANGS:
        index = json.loads((site.root / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert {"hsg/", "a-z/", "departments/", "accessibility/"} <= locations, lang


# -- more leaflets, and a public address --------------------------------------------------------

@pytest.fixture(scope="module")
def three(tmp_path_factory):
    root = support.copy_project(tmp_path_factory.mktemp("three") / "project", languages=["en"],
                                formats=["html", "site"], site_url=support.SITE_URL)
    for new_id, title, department in (("ankle", "Ankle x-ray", "Radiology"),
                                      ("zinc", "Zinc supplements", "Pharmacy")):
        support.clone_leaflet(root, "hsg", new_id)
        meta = root / "content" / new_id / "leaflet.yml"
        source = meta.read_text(encoding="utf-8")
        source = source.replace("title: Hysterosalpingogram (HSG) - information for patients", f"title: {title}")
        meta.write_text(source.replace("department: Fluoroscopy department", f"department: {department}"),
                        encoding="utf-8")
    return build(root)


@pytest.mark.slow
def test_a_to_z_lists_every_leaflet_under_its_letter(three):
    tree = parse(three.root / "en" / "a-z" / "index.html")
    letters = [text(li) for li in tree.xpath("//ul[@class='letters']/li")]
    assert letters == [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    assert [text(a) for a in tree.xpath("//ul[@class='letters']//a")] == ["A", "H", "Z"]
    sections = {text(s.xpath("h2")[0]): [a.get("href") for a in s.xpath(".//li/a")] for s in tree.xpath("//section")}
    assert sections == {"A": ["../ankle/"], "H": ["../hsg/"], "Z": ["../zinc/"]}


@pytest.mark.slow
def test_departments_page_groups_the_leaflets(three):
    tree = parse(three.root / "en" / "departments" / "index.html")
    groups = {text(s.xpath("h2")[0]): [text(a) for a in s.xpath(".//li/a")] for s in tree.xpath("//section")}
    assert list(groups) == ["Fluoroscopy department", "Pharmacy", "Radiology"]
    assert groups["Radiology"] == ["Ankle x-ray"] and groups["Pharmacy"] == ["Zinc supplements"]


@pytest.mark.slow
def test_every_page_has_its_canonical_link_and_is_in_the_sitemap(three):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(three.root / "sitemap.xml").getroot()
    listed = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    pages = [p for p in three.pages() if p.endswith("index.html") and not p.startswith("index")]
    assert pages
    for rel in pages:
        url = support.SITE_URL + rel.removesuffix("index.html")
        canonical = parse(three.root / rel).xpath("//link[@rel='canonical']/@href")
        assert canonical == [url], rel
        assert url in listed, rel
    assert support.SITE_URL in listed


@pytest.mark.slow
def test_sitemap_gives_each_page_its_other_languages(tmp_path):
    built = build(support.copy_project(tmp_path / "project", languages=["en", "pl", "ar"], formats=["html", "site"],
                                       site_url=support.SITE_URL))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(built.root / "sitemap.xml").getroot().findall("s:url", ns)
    for url in urls:
        loc = url.find("s:loc", ns).text
        if loc.endswith("/a-z/"):
            alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
            assert alternates == {lang: f"{support.SITE_URL}{lang}/a-z/" for lang in ("en", "pl", "ar")}
    assert sum(url.find("s:loc", ns).text.endswith("/hsg/") for url in urls) == 3
