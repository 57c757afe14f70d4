"""The site's settings ([tool.leaflets] and [tool.leaflets.site] in pyproject.toml), read from
real files: problems at their line, the brand colour's contrast, and what a build with and
without a public address publishes (parsed HTML, PDFs opened with pikepdf, pdfplumber, zbarimg)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html
import pdfplumber
import pikepdf
import pytest

import support
from leaflets import brand, pipeline
from leaflets.project import Project

ORGANISATION = "Cambridge University Hospitals NHS Foundation Trust"
LANGS = ("en", "pl", "ar", "zh-Hans")
LOGO_BLUE = (0.0, 0.368627, 0.721569)  # #005eb8, the tile of branding/logo.svg, as the PDF's fill colour


def edit_site(root: Path, old: str, new: str) -> Project:
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert old in text
    pyproject.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Project.at(root)


def line_of(root: Path, needle: str) -> int:
    lines = (root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.mark.slow
def test_the_demo_project_has_no_site_address_and_check_warns():
    project = Project.at(support.ROOT)
    assert project.settings.base_url is None
    assert "example" not in (support.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    found = [d for d in pipeline.check(project).diagnostics if d.code == "settings.no-site-url"]
    assert [(d.path, d.severity) for d in found] == [("pyproject.toml", "warning")]
    assert found[0].line == line_of(support.ROOT, "[tool.leaflets]")


def test_contrast_ratios_follow_wcag():
    assert brand.contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert brand.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the known AA grey
    assert brand.failures("#005eb8") == []
    assert {use.scheme for use, _ in brand.failures("#ffeb3b")} == {"light", "dark"}


@pytest.mark.slow
def test_a_brand_colour_below_aa_is_refused_at_its_line_naming_the_ratio(project_root, tmp_path):
    project = edit_site(project_root, 'brand_colour = "#005eb8"', 'brand_colour = "#4c9be8"')
    errors = [d for d in project.problems if d.code == "settings.contrast"]
    assert errors and all(d.line == line_of(project_root, "brand_colour") for d in errors)
    text = " ".join(d.message for d in errors)
    ratio = brand.contrast("#4c9be8", "#ffffff")
    assert f"{ratio:.2f}:1" in text and "4.5:1" in text and "light scheme" in text and "dark scheme" in text
    result = pipeline.build(project, tmp_path / "site")
    assert not result.published and not (tmp_path / "site").exists()


@pytest.mark.parametrize("old, new, key, code", [
    ('logo = "branding/logo.svg"', 'logo = "branding/missing.svg"', "logo =", "settings.logo"),
    ('brand_colour = "#005eb8"', 'brand_colour = "blue"', "brand_colour", "settings.invalid"),
    ('logo_alt = "CUH"', 'logo_alt = "CUH"\nprivacy_url = "not a url"', "privacy_url", "settings.invalid"),
    ("[tool.leaflets]\n", '[tool.leaflets]\nbase_url = "leaflets.example.org"\n', "base_url", "settings.invalid"),
])
@pytest.mark.slow
def test_a_bad_setting_is_an_error_at_its_line(project_root, old, new, key, code):
    project = edit_site(project_root, old, new)
    assert [(d.path, d.line, d.code) for d in project.problems if d.severity == "error"] == [
        ("pyproject.toml", line_of(project_root, key), code)]
    assert code in pipeline.check(project).diagnostics.codes()


def test_a_logo_needs_its_text_alternative(project_root):
    project = edit_site(project_root, 'logo_alt = "CUH"\n', "")
    errors = [d for d in project.problems if d.severity == "error"]
    assert [(d.line, d.code) for d in errors] == [(line_of(project_root, "[tool.leaflets.site]"), "settings.invalid")]
    assert "logo_alt" in errors[0].message


# -- what a build publishes ------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(real_build, address_build):
    """The site without an address (the session's real build) or with one (``address_build``)."""
    return lambda url: address_build.site if url else real_build.site


def pdf_links(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])
                if a.get("/A") is not None and "/URI" in a.A]


def html_links(path: Path) -> list[str]:
    tree = lxml.html.fromstring(path.read_bytes())
    return [el.get("href") or el.get("src") for el in tree.xpath("//*[@href] | //img[@src] | //script[@src]")]


# Where the templates themselves link to (credits, the enforcement body): not the site.
EXTERNAL = ("https://openmoji.org/", "https://creativecommons.org/", "https://www.equalityadvisoryservice.com/")


@pytest.mark.pdf
def test_without_an_address_no_output_has_an_absolute_link_or_a_qr_code(built):
    site = built(None)
    files = [p for p in site.rglob("*") if p.is_file()]
    assert not (site / "sitemap.xml").exists() and not list(site.rglob("sitemap.xml*"))
    for path in files:
        if path.suffix in (".html", ".xml", ".json"):
            assert b"example.nhs.uk" not in path.read_bytes(), path
    for path in (p for p in files if p.suffix == ".html"):
        tree = lxml.html.fromstring(path.read_bytes())
        assert not tree.xpath("//link[@rel='canonical']"), path
        for link in html_links(path):
            absolute = re.match(r"[a-z]+:", link) and not link.startswith(("tel:", "mailto:", "data:"))
            assert not absolute or link.startswith(EXTERNAL), (path, link)
    pdfs = [p for p in files if p.suffix == ".pdf"]
    assert len(pdfs) == 12
    for path in pdfs:
        assert all(link.startswith(("tel:", "mailto:", *EXTERNAL)) for link in pdf_links(path)), path
        with pdfplumber.open(path) as doc:
            text = doc.pages[0].extract_text()
            assert "Read this leaflet online" not in text and "https://" not in text, path


@pytest.mark.pdf
def test_without_an_address_the_single_file_page_links_relatively(built):
    site = built(None)
    links = html_links(site / "pl" / "hsg" / "hsg-pl.html")
    assert "hsg-pl-large-print.pdf" in links and "easy-read/" in links
    assert "../../en/hsg/hsg-en.html" in links  # the unreviewed translation's "read it in English"


@pytest.mark.pdf
@pytest.mark.parametrize("lang", LANGS)
def test_with_an_address_every_qr_code_decodes_to_the_page_in_its_language(built, lang, tmp_path):
    site = built(support.SITE_URL)
    for fmt in ("large-print", "print"):
        pdf = site / lang / "hsg" / f"hsg-{lang}-{fmt}.pdf"
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / fmt)],
                       check=True)
        decoded = subprocess.run(["zbarimg", "-q", "--raw", str(next(tmp_path.glob(f"{fmt}*.png")))],
                                 capture_output=True, text=True).stdout.split()
        assert decoded == [f"{support.SITE_URL}{lang}/hsg/"], (lang, fmt)
    easy = lxml.html.fromstring((site / lang / "hsg" / "easy-read" / "index.html").read_bytes())
    assert easy.xpath("//link[@rel='canonical']/@href") == [f"{support.SITE_URL}{lang}/hsg/easy-read/"]


@pytest.mark.pdf
def test_the_trust_heads_every_format(built):
    site = built(None)
    for lang in LANGS:
        for rel in (f"{lang}/hsg/hsg-{lang}.html", f"{lang}/hsg/easy-read/index.html"):
            tree = lxml.html.fromstring((site / rel).read_bytes())
            header = tree.xpath("//header[@class='masthead']")[0]
            assert ORGANISATION in header.text_content(), rel
            logo = header.xpath(".//img[@class='logo']")[0]
            assert logo.get("alt") == "CUH" and logo.get("src").startswith("data:image/svg+xml;base64,"), rel
            footer = tree.xpath("//footer")[0]
            assert footer.xpath(".//a[@href]/@href")[-1].endswith("accessibility/"), rel
        for fmt in ("large-print", "print", "easy-read"):
            path = site / lang / "hsg" / f"hsg-{lang}-{fmt}.pdf"
            with pdfplumber.open(path) as doc:
                first = doc.pages[0]
                assert "CambridgeUniversityHospitals" in re.sub(r"\s+", "", first.extract_text()), path
                # The logo (SVG, drawn as vectors): its tile in the logo's blue, at the top of page 1.
                tiles = [c for c in first.curves if c.get("non_stroking_color") == LOGO_BLUE]
                assert tiles and tiles[0]["top"] < first.height / 5, path


@pytest.mark.slow
def test_pyproject_that_is_not_toml_is_an_error_at_its_line(project_root):
    project = edit_site(project_root, "[tool.leaflets.site]\n", "[tool.leaflets.site\n")
    assert [(d.path, d.line, d.code) for d in project.problems if d.severity == "error"] == [
        ("pyproject.toml", line_of(project_root, "[tool.leaflets.site"), "settings.toml")]
    assert "settings.toml" in pipeline.check(project).diagnostics.codes()
