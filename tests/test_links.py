"""Bare e-mail and web addresses in running text become links; a contact may have a web
address (``url:``), validated and shown as a link wherever contacts are shown."""
from __future__ import annotations

from datetime import date

import pikepdf
import pytest
from bs4 import BeautifulSoup

import pdfhelp
import support
from leaflets import markup, pipeline
from leaflets.diagnostics import Diagnostics
from leaflets.document import localize
from leaflets.load import load_leaflet
from leaflets.project import Project
from leaflets.render_html import render_document
from workflow_fixtures import line_of

URL = "https://www.cuh.nhs.uk/our-services/radiology/"


def links(text: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(str(markup.render_inline(text)), "html.parser")
    return [(a.get("href"), a.get_text()) for a in soup.find_all("a")]


def test_bare_addresses_in_running_text_become_links():
    assert links("Email xray@cuh.nhs.uk or see https://www.nhs.uk/conditions/x-ray/ and www.nhs.uk.") == [
        ("mailto:xray@cuh.nhs.uk", "xray@cuh.nhs.uk"),
        ("https://www.nhs.uk/conditions/x-ray/", "https://www.nhs.uk/conditions/x-ray/"),
        ("https://www.nhs.uk", "www.nhs.uk"),  # no scheme written: the secure site, the full stop left out
    ]


def test_written_links_phones_and_code_are_left_as_they_are():
    assert links("[the NHS page](https://www.nhs.uk/) or <https://a.nhs.uk/>") == [
        ("https://www.nhs.uk/", "the NHS page"), ("https://a.nhs.uk/", "https://a.nhs.uk/")]
    assert links("Call 01223 216455, not `www.example.org`") == [("tel:+441223216455", "01223 216455")]
    assert links("http://www.old.nhs.uk/") == [("http://www.old.nhs.uk/", "http://www.old.nhs.uk/")]
    # sanitising still applies to what the new links may carry
    assert not any(href.startswith("javascript") for href, _ in links("javascript:alert(1)//www.x.org"))
    assert "javascript" not in str(markup.render_inline("[x](javascript:alert(1)) www.x.org"))


def with_contact_url(root, url=URL):
    meta = root / "content/hsg/leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("    hours: Monday to Friday, 09:00 to 16:45 except bank holidays\n",
                                 "    hours: Monday to Friday, 09:00 to 16:45 except bank holidays\n"
                                 f"    url: {url}\n", 1), encoding="utf-8")
    return meta


@pytest.mark.parametrize("url", ["www.cuh.nhs.uk", "ftp://files.nhs.uk/", "https://cuh nhs.uk/", "https://intranet/"])
def test_a_contact_web_address_must_be_a_web_address(tmp_path, url):
    root = support.copy_project(tmp_path / "project", locales=False)
    meta = with_contact_url(root, url)
    result = pipeline.check(Project.at(root), today=date(2027, 1, 1))
    errors = [d for d in result.diagnostics.errors if d.path == "content/hsg/leaflet.yml"]
    assert [(d.line, "starts with https://" in d.message) for d in errors] == [(line_of(meta, "url:"), True)]


def contact_links(html: str) -> list[str]:
    section = BeautifulSoup(html, "html.parser").find(id="phone-numbers")
    return [a.get("href") for a in section.find_all("a")]


@pytest.mark.slow
def test_the_contact_web_address_is_a_link_on_the_single_page_and_the_website(tmp_path):
    root = support.copy_project(tmp_path / "project", languages=["en"], formats=["html", "site"])
    with_contact_url(root)
    project = Project.at(root)
    diags = Diagnostics()
    doc = localize(load_leaflet(root / "content/hsg", root, diags), "en")
    assert not diags.errors, diags
    page = render_document(pipeline.env_for(project, "en"), doc, css="", fmt="html", downloads=[], english_href="")
    assert URL in contact_links(page)
    assert pipeline.build(project, tmp_path / "site").published
    website = (tmp_path / "site/en/hsg/index.html").read_text(encoding="utf-8")
    assert URL in contact_links(website)
    assert BeautifulSoup(website, "html.parser").find("a", href=URL).get("dir") == "ltr"


@pytest.mark.pdf
def test_the_contact_web_address_is_a_link_in_the_pdfs(tmp_path):
    project = Project.at(support.copy_project(tmp_path / "project", site_url=support.SITE_URL))
    with_contact_url(project.root)
    leaflet = pdfhelp.hsg_leaflet(project)
    out, diags = pdfhelp.render_documents(project, [localize(leaflet, "en")], tmp_path / "site")
    assert not diags.errors, diags
    for name in ("hsg-en-large-print.pdf", "hsg-en-print.pdf"):
        with pikepdf.open(out / "en/hsg" / name) as pdf:
            uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])
                    if "/A" in a and "/URI" in a.A}
        assert URL in uris, name
