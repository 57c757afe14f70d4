"""``python build.py import FILE``: a Word document, a saved web page and a Markdown file
become a leaflet folder that ``check`` accepts once its TODOs are filled."""
from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest
import yaml
from bs4 import BeautifulSoup
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image

from leaflets import cli, importer, load, markup, pipeline
from leaflets.diagnostics import Diagnostics
import support
from workflow_fixtures import project

TODAY = date(2027, 1, 1)


@pytest.fixture
def root(tmp_path):
    # The demo leaflet in English and on the web only: what these tests build is the new leaflet,
    # in every format its scaffold lists.
    return support.copy_project(tmp_path / "project", locales=False, languages=["en"], formats=["html", "site"])


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(out, "PNG")
    return out.getvalue()


def hyperlink(paragraph, url: str, text: str) -> None:
    """python-docx has no hyperlink API: a w:hyperlink run with an external relationship."""
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run, text_el = OxmlElement("w:r"), OxmlElement("w:t")
    text_el.text = text
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def word_document(path):
    d = docx.Document()
    d.add_heading("Knee X-ray - information for patients", level=1)
    d.add_paragraph("This leaflet explains what happens at your knee X-ray.")
    d.add_heading("How do I prepare?", level=2)
    p = d.add_paragraph("Please ")
    p.add_run("do not eat").bold = True
    p.add_run(" for two hours before.")
    d.add_paragraph("Bring your letter.", style="List Bullet")
    d.add_paragraph("Bring your glasses.", style="List Bullet")
    d.add_heading("What happens?", level=2)
    d.add_paragraph("You lie on the table.", style="List Number")
    d.add_paragraph("The radiographer takes the picture.", style="List Number")
    d.add_heading("How long does it take?", level=3)
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("Step", "Time"), ("Arrival", "Ten minutes"), ("X-ray", "Five minutes")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_picture(io.BytesIO(png("red")))
    d.inline_shapes[0]._inline.docPr.set("descr", "A knee on the X-ray table")
    d.add_heading("Contact us", level=2)
    p = d.add_paragraph("Call the X-ray team on 01223 216455 or read ")
    hyperlink(p, "https://www.nhs.uk/conditions/x-ray/", "the NHS page about X-rays")
    p.add_run(".")
    d.save(path)
    return d


def word_texts(d) -> list[str]:
    """Every paragraph and table cell of the Word document, in document order."""
    out = []
    for item in d.iter_inner_content():
        if isinstance(item, docx.table.Table):
            out += [cell.text for row in item.rows for cell in row.cells]
        elif item.text.strip():
            out.append(item.text)
    return out


def run_import(root, capsys, source, *extra):
    code = cli.main(["--root", str(root), "import", str(source), *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def imported_texts(root, leaflet_id) -> list[str]:
    """Title, then every message of the imported leaflet as plain text, in reading order."""
    diags = Diagnostics()
    leaflet = load.load_leaflet(root / "content" / leaflet_id, root, diags, TODAY)
    assert leaflet is not None, list(diags)
    texts = [leaflet.meta.title]
    for section in leaflet.sections:
        texts += [BeautifulSoup(str(markup.render_inline(m.text)), "html.parser").get_text()
                  for m in section.messages()]
    return texts


def fill_todos(folder) -> None:
    """What an editor does: every TODO replaced by a real value."""
    for path in folder.rglob("*"):
        if path.suffix in (".yml", ".md"):
            text = path.read_text(encoding="utf-8")
            text = re.sub(r'"TODO: e\.g\. 1\.0"', '"1.0"', text)
            text = re.sub(r'"TODO[^"]*"', '"Radiology department"', text)
            text = re.sub(r"!\[TODO[^\]]*\]", "![A picture of the room]", text)
            path.write_text(text, encoding="utf-8")


def mine(result, leaflet_id):
    return [d for d in result.diagnostics if d.path.startswith(f"content/{leaflet_id}/")]


@pytest.mark.slow
def test_word_document_becomes_a_leaflet_with_every_sentence_in_order(root, tmp_path, capsys):
    source = tmp_path / "Knee X-ray.docx"
    d = word_document(source)
    code, out = run_import(root, capsys, source, "--id", "knee-x-ray")
    assert code == 0, out
    assert "4 section(s), 1 picture(s), 1 phone number(s)" in out
    folder = root / "content/knee-x-ray"
    meta = yaml.safe_load((folder / "leaflet.yml").read_text())
    assert meta["title"] == "Knee X-ray - information for patients"
    assert meta["sections"] == ["introduction", "how-do-i-prepare", "what-happens", "contact-us"]
    assert meta["contacts"] == [{"id": "phone-1", "name": "TODO: who answers 01223 216455", "phone": "01223 216455"}]

    # every sentence, in order: each Word paragraph and cell is found after the previous one
    stream = "\n".join(imported_texts(root, "knee-x-ray"))
    position = 0
    for text in word_texts(d):
        found = stream.find(text, position)
        assert found >= 0, f"{text!r} missing or out of order"
        position = found + len(text)

    prepare = (folder / "sections/how-do-i-prepare.md").read_text()
    assert "Please **do not eat** for two hours before." in prepare
    assert "- Bring your letter.\n- Bring your glasses." in prepare
    happens = (folder / "sections/what-happens.md").read_text()
    assert "1. You lie on the table.\n2. The radiographer takes the picture." in happens
    assert "### How long does it take?" in happens
    assert "| Step | Time |" in happens and "| X-ray | Five minutes |" in happens
    assert "![A knee on the X-ray table](images/picture-1.png)" in happens
    assert (folder / "images/picture-1.png").read_bytes() == png("red")
    contact = (folder / "sections/contact-us.md").read_text()
    assert "[the NHS page about X-rays](https://www.nhs.uk/conditions/x-ray/)" in contact

    # the blocks are the kinds the leaflet model knows
    leaflet = load.load_leaflet(folder, root, Diagnostics(), TODAY)
    kinds = {s.id: [b.kind for b in s.blocks] for s in leaflet.sections}
    assert kinds["how-do-i-prepare"] == ["paragraph", "ul"]
    assert kinds["what-happens"] == ["ol", "heading", "table", "paragraph"]


@pytest.mark.slow
def test_check_lists_every_todo_and_accepts_the_leaflet_once_filled(root, tmp_path, capsys):
    source = tmp_path / "knee.docx"
    word_document(source)
    assert run_import(root, capsys, source)[0] == 0
    before = mine(pipeline.check(project(root), today=TODAY), "knee")
    todo = {(d.path.rsplit("/", 1)[1], d.message.split("'")[1].split(":")[0]) for d in before}
    assert {d.code for d in before} == {"scaffold.placeholder"}
    assert len(before) == 7  # summary, organisation, department, version, approver, contact name, intro heading
    assert ("introduction.md", "TODO") in todo
    fill_todos(root / "content/knee")
    after = mine(pipeline.check(project(root), today=TODAY), "knee")
    assert [d for d in after if d.severity == "error"] == []


def test_saved_web_page_keeps_the_content_not_the_page_around_it(root, tmp_path, capsys):
    pictures = tmp_path / "page_files"
    pictures.mkdir()
    (pictures / "room.png").write_bytes(png("blue"))
    (pictures / "map.png").write_bytes(png("green"))
    source = tmp_path / "hsg.html"
    source.write_text("""<!DOCTYPE html><html><head><title>HSG | Hospital</title>
<script>track()</script><style>p{color:red}</style></head><body>
<header><nav><a href="/">Home</a> Patient information A-Z</nav></header>
<main><div class="crumbs">Leaflets</div>
<h1>Hysterosalpingogram (HSG)</h1>
<div><h2 id="what">What is an HSG?</h2><p>An HSG is an <em>X-ray</em> test.</p>
<img src="page_files/room.png" alt="The X-ray room"></div>
<h2>On the day</h2><ul><li><p>Arrive early.</p><ul><li>Bring a friend.</li></ul></li><li>Eat as usual.</li></ul>
<img src="page_files/map.png"><img src="https://cdn.example.org/remote.jpg" alt="A map">
<p>Call 01223&nbsp;216455 or <a href="#what">read above</a>.</p>
<button>Print</button></main>
<footer>Copyright the hospital 2026</footer><script>more()</script></body></html>""", encoding="utf-8")
    code, out = run_import(root, capsys, source)  # the id from the file name, hsg, is taken
    assert code == 1 and "content/hsg already exists" in out
    code, out = run_import(root, capsys, source, "--id", "hsg-import")
    assert code == 0, out
    assert "cdn.example.org" in out and "save it as images/picture-3.jpg" in out
    folder = root / "content/hsg-import"
    meta = yaml.safe_load((folder / "leaflet.yml").read_text())
    assert meta["title"] == "Hysterosalpingogram (HSG)"
    assert meta["sections"] == ["introduction", "what-is-an-hsg", "on-the-day"]
    texts = "\n".join(p.read_text() for p in sorted(folder.rglob("*.md")))
    for outside in ("Home", "Patient information A-Z", "Copyright", "track()", "color:red", "Print"):
        assert outside not in texts, outside
    what = (folder / "sections/what-is-an-hsg.md").read_text()
    assert "An HSG is an *X-ray* test.\n\n![The X-ray room](images/picture-1.png)" in what
    day = (folder / "sections/on-the-day.md").read_text()
    assert "- Arrive early.\n- Bring a friend.\n- Eat as usual." in day
    assert "![TODO: describe this picture](images/picture-2.png)" in day
    assert "Call 01223\u00a0216455 or read above." in day  # the page's own anchors lead nowhere in a leaflet
    assert (folder / "images/picture-1.png").read_bytes() == png("blue")
    assert not (folder / "images/picture-3.jpg").exists()
    diags = mine(pipeline.check(project(root), today=TODAY), "hsg-import")
    flagged = [d.message for d in diags if d.path.endswith("on-the-day.md")]
    assert any("describe this picture" in m for m in flagged)
    assert any("cdn.example.org/remote.jpg" in m for m in flagged)


def test_markdown_file_is_split_at_its_headings(root, tmp_path, capsys):
    source = tmp_path / "Blood test.md"
    source.write_text("# Blood test\n\nWe take a little blood.\n\n## Before\n\n1. Drink water.\n2. Relax.\n\n"
                      "#### Deep heading\n\n| When | What |\n|---|---|\n| 08:00 | Arrive |\n\n"
                      "## After\n\nEmail bloods@example.nhs.uk or ring 0800 169 0 169.\n", encoding="utf-8")
    code, out = run_import(root, capsys, source)
    assert code == 0, out
    folder = root / "content/blood-test"
    meta = yaml.safe_load((folder / "leaflet.yml").read_text())
    assert meta["title"] == "Blood test" and meta["sections"] == ["introduction", "before", "after"]
    assert meta["contacts"][0]["phone"] == "0800 169 0 169"
    before = (folder / "sections/before.md").read_text()
    assert "1. Drink water.\n2. Relax.\n\n### Deep heading\n\n| When | What |" in before  # no level skipped
    fill_todos(folder)
    assert [d for d in mine(pipeline.check(project(root), today=TODAY), "blood-test") if d.severity == "error"] == []


@pytest.mark.parametrize("name, data, why", [
    ("notes.txt", b"hello", "cannot import .txt"),
    ("broken.docx", b"not a zip", "not a readable Word document"),
    ("empty.html", b"<html><body><nav>Menu</nav></body></html>", "no text found"),
])
def test_files_that_cannot_be_imported_are_refused_without_traceback(root, tmp_path, capsys, name, data, why):
    source = tmp_path / name
    source.write_bytes(data)
    code, out = run_import(root, capsys, source)
    assert code == 1 and why in out and "Traceback" not in out
    assert sorted(p.name for p in (root / "content").iterdir()) == ["hsg"]


def test_an_invalid_or_taken_id_is_refused(root, tmp_path, capsys):
    source = tmp_path / "a.md"
    source.write_text("Some text.\n", encoding="utf-8")
    assert run_import(root, capsys, source, "--id", "Bad Id")[0] == 1
    code, out = run_import(root, capsys, source, "--id", "hsg")
    assert code == 1 and "content/hsg already exists" in out
    assert importer.slug("Knee X-ray (2024).docx", "x") == "knee-x-ray-2024-docx"


@pytest.mark.pdf
def test_an_imported_leaflet_builds_with_its_pictures_on_the_website(root, tmp_path, capsys):
    source = tmp_path / "knee.docx"
    word_document(source)
    assert run_import(root, capsys, source)[0] == 0
    fill_todos(root / "content/knee")
    result = pipeline.build(project(root), tmp_path / "site", today=TODAY)
    assert result.published, [str(d) for d in result.diagnostics.errors]
    for page in ("index.html", "knee-en.html"):  # the website page and the single page
        html = BeautifulSoup((tmp_path / "site/en/knee" / page).read_text(encoding="utf-8"), "html.parser")
        img = html.find("img", alt="A knee on the X-ray table")
        assert img is not None, page
        assert (tmp_path / "site/en/knee" / img["src"]).read_bytes() == png("red"), page


@pytest.mark.slow
def test_word_title_style_is_the_title_and_heading_1_starts_sections(root, tmp_path, capsys):
    d = docx.Document()
    d.add_heading("Blood tests", level=0)  # Word's Title style
    d.add_heading("Before the test", level=1)
    d.add_paragraph("Drink some water.")
    d.add_heading("What to bring", level=2)
    d.add_paragraph("Your letter.")
    d.add_heading("After the test", level=1)
    d.add_paragraph("Press on the plaster.")
    d.save(tmp_path / "blood.docx")
    assert run_import(root, capsys, tmp_path / "blood.docx")[0] == 0
    meta = yaml.safe_load((root / "content/blood/leaflet.yml").read_text())
    assert meta["title"] == "Blood tests" and meta["sections"] == ["before-the-test", "after-the-test"]
    assert (root / "content/blood/sections/before-the-test.md").read_text().endswith(
        "Drink some water.\n\n### What to bring\n\nYour letter.\n")

