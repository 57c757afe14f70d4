"""``python build.py report``: the team's dashboard, parsed as HTML and asserted."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from bs4 import BeautifulSoup

from leaflets import cli, load, pipeline
from leaflets.diagnostics import Diagnostics
import support
from workflow_fixtures import ROOT, project

TRANSLATED_SECTIONS = ("about", "preparation", "risks")


@pytest.fixture
def root(tmp_path):
    return support.copy_project(tmp_path / "project", locales=False)


def polish_catalogue(root, review_status="unreviewed"):
    """locales/pl/LC_MESSAGES/hsg.po translating three sections; one entry in 'risks' fuzzy.

    Returns (translated and current, total) as the report should count them.
    """
    [leaflet] = load.load_all(root, Diagnostics(), date(2027, 1, 1))
    catalog = Catalog(locale="pl", project="hsg")
    current = 0
    fuzzy_done = False
    for message in leaflet.messages():
        if message.context not in TRANSLATED_SECTIONS:
            continue
        flags = ()
        if message.context == "risks" and not fuzzy_done:
            flags, fuzzy_done = ("fuzzy",), True
        else:
            current += 1
        catalog.add(message.text, "PL: " + message.text, context=message.context, flags=flags)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    text = buffer.getvalue().decode()
    text = text.replace('"Generated-By:', f'"X-Review-Status: {review_status}\\n"\n"Generated-By:', 1)
    path = root / "locales/pl/LC_MESSAGES/hsg.po"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    # The interface catalogue is the real one, with the same review status.
    ui = (ROOT / "locales/pl/LC_MESSAGES/ui.po").read_text(encoding="utf-8")
    (path.parent / "ui.po").write_text(ui.replace("X-Review-Status: unreviewed", f"X-Review-Status: {review_status}"),
                                       encoding="utf-8")
    return current, len(leaflet.messages())


def make_report(root, capsys, out):
    """The dashboard for the site ``out``: written beside it, in ``<out>-report/``."""
    code = cli.main(["--root", str(root), "report", "--out", str(out)])
    assert code == 0
    page = out.with_name(out.name + "-report") / "index.html"
    assert f"wrote {page}" in capsys.readouterr().out
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def row_of(table, header_text):
    for tr in table.find("tbody").find_all("tr"):
        th = tr.find("th", scope="row")
        if th and header_text in th.get_text(" ", strip=True):
            return [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])], tr
    raise AssertionError(f"no row {header_text!r}")


def test_the_report_is_an_accessible_page(root, capsys, tmp_path):
    page = make_report(root, capsys, tmp_path / "site")
    assert page.html["lang"] == "en"
    assert len(page.find_all("h1")) == 1
    assert page.title.get_text() == "Leaflet dashboard"
    for table in page.find_all("table"):
        assert table.find("caption").get_text(strip=True)
        assert all(th.get("scope") in ("col", "row") for th in table.find_all("th"))
        assert table.find("tbody").find("th", scope="row")
    levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    ids = [el["id"] for el in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for link in page.find_all("a", href=re.compile("^#")):
        assert link["href"][1:] in ids


def contrast(foreground: str, background: str) -> float:
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_report_colours_have_aa_contrast(root, capsys, tmp_path):
    page = make_report(root, capsys, tmp_path / "site")
    css = page.find("style").get_text()
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", css))
    for text in ("text", "muted", "bad", "link"):
        for background in ("#ffffff", "#f0f4f5"):
            assert contrast(colours[text], background) >= 4.5, (text, background)
    assert contrast(colours["text"], colours["warn-bg"]) >= 4.5


def test_every_leaflet_with_version_review_date_and_reading_age(root, capsys, tmp_path):
    page = make_report(root, capsys, tmp_path / "site")
    table = page.find("table")
    cells, _ = row_of(table, "(hsg)")
    result = pipeline.check(project(root))
    score = result.summaries[0].readability.score
    assert cells[1] == "0.1 (provisional)"
    assert cells[2] == "1 November 2029"
    assert cells[3] == f"{score.reading_age} (SMOG {score.smog:.1f}) Above target"
    assert cells[4].startswith("en")
    # The leaflet's own problems: not the project's settings (pyproject.toml).
    own = [d for d in result.diagnostics if d.path != "pyproject.toml"]
    errors, warnings = sum(d.severity == "error" for d in own), sum(d.severity == "warning" for d in own)
    # Its formats, named as every "Other formats" list names them (the registry's labels).
    from leaflets import outputs
    assert cells[5] == ", ".join(f.label for f in outputs.FORMATS if f.name in result.summaries[0].leaflet.meta.formats)
    assert "Large print" in cells[5] and "Braille" in cells[5]
    assert cells[6] == f"{errors} error(s), {warnings} warning(s)"
    sections = page.find("section", id="leaflet-hsg").find_all("table")[1]
    cells, _ = row_of(sections, "contacts")
    assert cells[1] == "Too short to score"


def test_an_overdue_review_is_red_and_says_so_in_words(root, capsys, tmp_path):
    meta = root / "content/hsg/leaflet.yml"
    meta.write_text(meta.read_text().replace("published: 2026-11-01", "published: 2020-01-01")
                    .replace("review: 2029-11-01", "review: 2023-01-01"))
    page = make_report(root, capsys, tmp_path / "site")  # written although check has errors
    cells, tr = row_of(page.find("table"), "(hsg)")
    overdue_days = (date.today() - date(2023, 1, 1)).days
    assert cells[2] == f"1 January 2023 Overdue by {overdue_days} day(s)"
    assert "bad" in tr.find_all("td")[1]["class"]
    assert "Review overdue" in page.find("section", id="leaflet-hsg").get_text()


def test_each_language_published_or_held_back_completeness_stale_and_review(root, capsys, tmp_path):
    current, total = polish_catalogue(root)
    page = make_report(root, capsys, tmp_path / "site")
    languages = page.find("section", id="leaflet-hsg").find("table")
    plans = {p.lang: p for p in pipeline.check(project(root)).plans}

    english, _ = row_of(languages, "(en)")
    assert english == ["English (en)", "Published", "Source text", "None", "Not applicable"]

    polish, _ = row_of(languages, "(pl)")
    assert polish[0] == "Polish (pl)"
    assert polish[1] == (f"Held back: {plans['pl'].reason}" if plans["pl"].document is None else "Published")
    assert polish[2] == f"{100 * current // total}% ({current} of {total})"
    assert polish[3] == "1: risks"
    assert polish[4] == "Not yet reviewed"

    arabic, _ = row_of(languages, "(ar)")
    assert arabic[2].startswith("No catalogue (locales/ar/LC_MESSAGES/hsg.po)")


def test_a_reviewed_catalogue_says_reviewed(root, capsys, tmp_path):
    polish_catalogue(root, review_status="reviewed")
    page = make_report(root, capsys, tmp_path / "site")
    polish, _ = row_of(page.find("section", id="leaflet-hsg").find("table"), "(pl)")
    assert polish[4] == "Reviewed"


def test_an_english_edit_makes_its_section_stale(root, capsys, tmp_path):
    polish_catalogue(root)
    about = root / "content/hsg/sections/about.md"
    about.write_text(about.read_text().replace("less than half an hour", "less than 40 minutes"))
    page = make_report(root, capsys, tmp_path / "site")
    polish, _ = row_of(page.find("section", id="leaflet-hsg").find("table"), "(pl)")
    assert polish[3] == "2: about, risks"


def test_report_replaces_only_its_own_folder_beside_the_site(root, capsys, tmp_path):
    site = tmp_path / "site"
    (site / "en/hsg").mkdir(parents=True)
    (site / "en/hsg/index.html").write_text("published page")
    (tmp_path / "site-report").mkdir()
    (tmp_path / "site-report/index.html").write_text("an old report")
    make_report(root, capsys, site)
    assert (site / "en/hsg/index.html").read_text() == "published page"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["en", "en/hsg", "en/hsg/index.html"]
    assert "an old report" not in (tmp_path / "site-report/index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site", "site-report"]  # no staging left


@pytest.mark.slow
def test_report_goes_where_report_says_and_never_into_the_site(root, capsys, tmp_path):
    site, staff = tmp_path / "site", tmp_path / "staff/dashboard"
    assert cli.main(["--root", str(root), "report", "--out", str(site), "--report", str(staff)]) == 0
    assert (staff / "index.html").is_file() and not site.exists()
    capsys.readouterr()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/keep.txt").write_text("mine")
    refused = {
        str(site / "_report"): "inside the published site",
        str(site): "inside the published site",
        str(tmp_path): "holds the site or the project",
        str(root): "holds the site or the project",
        str(tmp_path / "notes"): "is not a dashboard folder",
    }
    for folder, why in refused.items():
        for command in (["report", "--out", str(site)], ["build", "--out", str(site)]):
            code = cli.main(["--root", str(root), *command, "--report", folder])
            err = capsys.readouterr().err
            assert code == 1 and why in err, (command, folder, err)
    assert (tmp_path / "notes/keep.txt").read_text() == "mine" and not site.exists()


def test_build_writes_the_report_outside_the_site_and_no_patient_page_links_to_it(real_build):
    out, staff, result = real_build.site, real_build.report, real_build.result  # the report in its own folder
    assert result.published and result.report == (staff / "index.html").resolve()
    assert not staff.resolve().is_relative_to(out.resolve())
    dashboard = BeautifulSoup(result.report.read_text(encoding="utf-8"), "html.parser")
    heading = dashboard.find("h1").get_text(" ", strip=True)
    assert not (out / "_report").exists()
    pages = list(out.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "_report" not in text and staff.name not in text and heading not in text, page


def test_the_report_shows_every_published_version_newest_first(root, capsys, tmp_path):
    page = make_report(root, capsys, tmp_path / "site")
    table = next(t for t in page.find_all("table") if "every published version" in t.caption.get_text())
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert rows == [["0.1 (provisional) (current)", "1 November 2026",
                     "First version, written from the hospital's web page", "To be confirmed"]]

