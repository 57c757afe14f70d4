"""The hostile corpus of ``test_hostile.py``: inputs an untrusted author or translator could write.

Each case edits a private copy of the project (``root``), may use a folder outside it
(``outside``, holding files with :data:`SECRET`) and the port of a listener on 127.0.0.1
that must never be contacted, and returns what ``check`` must report: a list of
``(path, line, code)``; an empty list means the input is accepted (and made harmless).
"""
from __future__ import annotations

import io
from pathlib import Path

SECRET = "SECRET-OUTSIDE-9f27c1"
LEAFLET = "content/hsg"
SECTION = f"{LEAFLET}/sections/about.md"
META = f"{LEAFLET}/leaflet.yml"
PO = "locales/pl/LC_MESSAGES/hsg.po"
SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'


def line_of(root: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def append(root: Path, text: str, rel: str = SECTION) -> int:
    """Add a paragraph to a section; the line it starts on."""
    file = root / rel
    body = file.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    file.write_text(body + text + "\n", encoding="utf-8")
    return body.count("\n") + 1


def replace(root: Path, rel: str, old: str, new: str) -> None:
    file = root / rel
    text = file.read_text(encoding="utf-8")
    assert old in text, (old, rel)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def relink(root: Path, rel: str, target: Path) -> None:
    link = root / rel
    if link.is_dir() and not link.is_symlink():
        import shutil

        shutil.rmtree(link)
    elif link.exists() or link.is_symlink():
        link.unlink()
    link.symlink_to(target)


def picture(root: Path, name: str, data: bytes | str, alt: str = "A picture") -> int:
    """A picture file in the leaflet's folder and the Markdown line that shows it."""
    (root / LEAFLET / name).write_bytes(data.encode() if isinstance(data, str) else data)
    return append(root, f"![{alt}]({name})")


def png(size=(4, 4), fmt="PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, fmt)
    return out.getvalue()


def po_entry(root: Path, msgid_start: str, msgstr: str) -> int:
    """Replace the Polish translation of the message whose msgid starts with ``msgid_start``."""
    file = root / PO
    lines = file.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith(f'msgid "{msgid_start}'))
    end = next(i for i in range(at, len(lines)) if lines[i].startswith("msgstr"))
    stop = end + 1
    while stop < len(lines) and lines[stop].startswith('"'):
        stop += 1
    lines[end:stop] = [f"msgstr {msgstr}"]
    file.write_text("\n".join(lines), encoding="utf-8")
    return at + 1  # the msgid line


def settings(root: Path, extra: str) -> None:
    file = root / "pyproject.toml"
    file.write_text(file.read_text(encoding="utf-8").replace("[tool.leaflets]\n", f"[tool.leaflets]\n{extra}\n"),
                    encoding="utf-8")


# -- file system -----------------------------------------------------------------------------

def sections_dotdot(root, outside, port):
    replace(root, META, "sections:\n", "sections:\n  - ../../../outside/secret\n")
    return [(META, line_of(root, META, "../outside/secret"), "path.outside-project")]


def sections_absolute(root, outside, port):
    replace(root, META, "sections:\n", f"sections:\n  - {outside}/secret\n")
    return [(META, line_of(root, META, "/secret"), "path.outside-project")]


def section_linked_out(root, outside, port):
    relink(root, f"{LEAFLET}/sections/risks.md", outside / "risks.md")
    return [(META, line_of(root, META, "- risks"), "path.outside-project")]


def section_linked_inside(root, outside, port):
    """A link that stays in the leaflet's folder is allowed."""
    drafts = root / LEAFLET / "drafts"
    drafts.mkdir()
    (root / LEAFLET / "sections/risks.md").rename(drafts / "risks.md")
    relink(root, f"{LEAFLET}/sections/risks.md", Path("../drafts/risks.md"))
    return []


def sections_folder_linked_out(root, outside, port):
    relink(root, f"{LEAFLET}/sections", outside / "sections")
    return [(META, line_of(root, META, "- about"), "path.outside-project")]


def leaflet_folder_linked_out(root, outside, port):
    relink(root, "content/evil", outside / "evil")
    return [("content/evil/leaflet.yml", 1, "path.outside-project")]


def leaflet_yml_linked_out(root, outside, port):
    relink(root, META, outside / "leaflet.yml")
    return [(META, 1, "path.outside-project")]


def easy_read_linked_out(root, outside, port):
    relink(root, f"{LEAFLET}/easy-read.md", outside / "easy-read.md")
    return [(f"{LEAFLET}/easy-read.md", 1, "path.outside-project")]


def catalogue_linked_to_passwd(root, outside, port):
    relink(root, PO, Path("/etc/passwd"))
    return [(PO, 1, "path.outside-project")]


def ui_catalogue_linked_out(root, outside, port):
    relink(root, "locales/ar/LC_MESSAGES/ui.po", outside / "secret.po")
    return [("locales/ar/LC_MESSAGES/ui.po", 1, "path.outside-project")]


def language_folder_linked_out(root, outside, port):
    relink(root, "locales/zh_Hans", outside / "zh_Hans")
    return [("locales/zh_Hans/LC_MESSAGES/hsg.po", 1, "path.outside-project")]


def symbol_linked_out(root, outside, port):
    relink(root, "symbols/phone.svg", outside / "phone.svg")
    return [("symbols/symbols.yml", line_of(root, "symbols/symbols.yml", "file: phone.svg"),
             "path.outside-project")]


def template_linked_out(root, outside, port):
    relink(root, "templates/document.html", outside / "document.html")
    return [("templates/document.html", 1, "path.outside-project")]


def stylesheet_linked_out(root, outside, port):
    relink(root, "templates/css/document.css", outside / "document.css")
    return [("templates/css/document.css", 1, "path.outside-project")]


def mkdocs_linked_out(root, outside, port):
    relink(root, "mkdocs.yml", outside / "mkdocs.yml")
    return [("mkdocs.yml", 1, "path.outside-project")]


def picture_linked_out(root, outside, port):
    relink(root, f"{LEAFLET}/scan.svg", outside / "scan.svg")
    return [(SECTION, append(root, "![A scan](scan.svg)"), "path.outside-project")]


def picture_dotdot(root, outside, port):
    line = append(root, "![A scan](../../../outside/scan.svg)")
    return [(SECTION, line, "path.outside-project"), (SECTION, line, "markdown.unsafe-target")]


def section_link_loop(root, outside, port):
    sections = root / LEAFLET / "sections"
    (sections / "risks.md").unlink()
    (sections / "risks.md").symlink_to("loop.md")
    (sections / "loop.md").symlink_to("risks.md")
    return [(META, line_of(root, META, "- risks"), "section.missing"), (f"{LEAFLET}/sections/loop.md", 1,
                                                                        "section.unlisted")]


def section_is_a_pipe(root, outside, port):
    """A named pipe would block whoever opens it: it is never opened."""
    import os

    os.mkfifo(root / LEAFLET / "sections/pipe.md")
    os.mkfifo(root / LEAFLET / "pipe.png")
    line = append(root, "![A pipe](pipe.png)")
    return [(f"{LEAFLET}/sections/pipe.md", 1, "section.unlisted"), (SECTION, line, "picture.missing")]


# -- Markdown ---------------------------------------------------------------------------------

def md_javascript_link(root, outside, port):
    return [(SECTION, append(root, "[Click](javascript:alert(1))"), "markdown.unsafe-target")]


def md_data_link(root, outside, port):
    return [(SECTION, append(root, "[Click](data:text/html;base64,PHNjcmlwdD4=)"), "markdown.unsafe-target")]


def md_file_link(root, outside, port):
    return [(SECTION, append(root, "[Passwords](file:///etc/passwd)"), "markdown.unsafe-target")]


def md_remote_image(root, outside, port):
    return [(SECTION, append(root, f"![A tracker](http://127.0.0.1:{port}/x.png)"), "markdown.unsafe-target")]


def md_raw_html_javascript(root, outside, port):
    return [(SECTION, append(root, '<a href="javascript:alert(1)">Click</a>'), "markdown.unsafe-target")]


def md_attachment(root, outside, port):
    return [(SECTION, append(root, '<a rel="attachment" href="leaflet.yml">Attached</a>'), "markdown.unsafe-target")]


def md_heading_h1(root, outside, port):
    return [(SECTION, append(root, "# A second title"), "markdown.heading-level")]


def md_image_without_alt(root, outside, port):
    return [(SECTION, picture(root, "ok.png", png(), alt=""), "markdown.image-alt")]


def md_huge_section(root, outside, port):
    (root / SECTION).write_text("---\nid: about\ntitle: About\ncritical: false\n---\n" + "Words. " * 400_000)
    return [(SECTION, 1, "file.too-large")]


def md_not_utf8(root, outside, port):
    (root / SECTION).write_bytes((root / SECTION).read_bytes() + b"\n\nCaf\xe9 au lait.\n")
    return [(SECTION, line_of_bytes(root / SECTION, b"\xe9"), "file.encoding")]


def md_nul_byte(root, outside, port):
    line = append(root, "A paragraph with a NUL \x00 in it.")
    return [(SECTION, line, "file.encoding")]


def md_front_matter_tab(root, outside, port):
    replace(root, SECTION, "critical: false", "critical:\tfalse\n\tid: again")
    return [(SECTION, 5, "yaml.syntax")]


def md_front_matter_alias(root, outside, port):
    replace(root, SECTION, "critical: false", "critical: &c false\nother: *c")
    return [(SECTION, 4, "yaml.alias")]


def line_of_bytes(file: Path, needle: bytes) -> int:
    data = file.read_bytes()
    return data[: data.index(needle)].count(b"\n") + 1


# -- accepted (made harmless; test_hostile builds these and checks the output) ------------------

HARMLESS = {
    "script": "<script>alert('script')</script> Script paragraph.",
    "event": '<span onclick="alert(1)" onmouseover="alert(2)">Event paragraph.</span>',
    "style": '<span style="color:red;background:url(http://127.0.0.1:{port}/s.png)">Style paragraph.</span>',
    "iframe": '<iframe src="http://127.0.0.1:{port}/f"></iframe> Iframe paragraph.',
    "attr-list": "Attribute paragraph.{{: onclick=\"alert(3)\" }}",
    "jinja-expression": "Jinja expression {{{{ 7 * 7 }}}} paragraph.",
    "jinja-statement": "Jinja statement {{% include '/etc/passwd' %}} paragraph.",
}


def md_harmless(name: str):
    def case(root, outside, port):
        append(root, HARMLESS[name].format(port=port))
        return []
    case.__name__ = f"md_harmless_{name}"
    return case


def md_5000_paragraphs(root, outside, port):
    (root / SECTION).write_text("---\nid: about\ntitle: About\ncritical: false\n---\n"
                                + "".join(f"Paragraph number {i} is short.\n\n" for i in range(5000)))
    return []


# -- metadata ---------------------------------------------------------------------------------

def meta_alias(root, outside, port):
    replace(root, META, "department: Fluoroscopy department", "department: &d Fluoroscopy department")
    replace(root, META, "organisation: Cambridge", "summary2: *d\norganisation: Cambridge")
    return [(META, line_of(root, META, "department: &d"), "yaml.alias"),
            (META, line_of(root, META, "summary2: *d"), "yaml.alias")]


def meta_billion_laughs(root, outside, port):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    (root / META).write_text(bomb + (root / META).read_text(encoding="utf-8"))
    return [(META, 1, "yaml.alias"), (META, 2, "yaml.alias")]


def meta_tab_indent(root, outside, port):
    replace(root, META, "  - id: booking", "\t- id: booking")
    return [(META, line_of(root, META, "\t- id: booking"), "yaml.syntax")]


def meta_unquoted_phone(root, outside, port):
    replace(root, META, 'phone: "01223 216455"', "phone: 01223216455")
    return [(META, line_of(root, META, "phone: 01223216455"), "schema.phone-number")]


def meta_norway(root, outside, port):
    replace(root, META, "languages: [en, pl, ar, zh-Hans]", "languages: [en, NO]")
    return [(META, line_of(root, META, "languages: [en, NO]"), "schema.type")]


def meta_sexagesimal_time(root, outside, port):
    replace(root, META, "hours: Monday to Friday, 09:00 to 16:45 except bank holidays", "hours: 12:30")
    return [(META, line_of(root, META, "hours: 12:30"), "schema.type")]


def meta_python_tag(root, outside, port):
    replace(root, META, 'approver: "To be confirmed"', 'approver: !!python/object/apply:os.system ["id"]')
    return [(META, line_of(root, META, "approver:"), "yaml.syntax")]


def meta_impossible_date(root, outside, port):
    replace(root, META, "published: 2026-11-01", "published: 2026-13-45")
    return [(META, line_of(root, META, "published:"), "yaml.syntax")]


def meta_duplicate_key(root, outside, port):
    replace(root, META, "department: Fluoroscopy department", "department: A\ndepartment: B")
    return [(META, line_of(root, META, "department: B"), "yaml.duplicate-key")]


def meta_huge(root, outside, port):
    (root / META).write_text((root / META).read_text(encoding="utf-8") + "# padding\n" * 300_000)
    return [(META, 1, "file.too-large")]


def meta_control_character(root, outside, port):
    replace(root, META, "department: Fluoroscopy department", "department: Fluoro\x01scopy")
    return [(META, line_of(root, META, "department: Fluoro"), "yaml.syntax")]


def meta_complex_key(root, outside, port):
    (root / META).write_text((root / META).read_text(encoding="utf-8") + "? [a, b]\n: c\n")
    return [(META, line_of(root, META, "? [a, b]"), "yaml.syntax")]


# -- catalogues -------------------------------------------------------------------------------

def po_jinja_in_translation(root, outside, port):
    line = po_entry(root, "Hysterosalpingogram (HSG) - information", '"{{ 7 * 7 }} {% include \'x\' %}"')
    return [(PO, line, "i18n.safety")]


def po_javascript_link(root, outside, port):
    line = po_entry(root, "Hysterosalpingogram (HSG) - information", '"[Kliknij](javascript:alert(1))"')
    return [(PO, line, "i18n.safety")]


def po_not_utf8(root, outside, port):
    (root / PO).write_bytes((root / PO).read_bytes().replace(b"Histerosalpingografia", b"Histerosalpingograf\xeda"))
    return [(PO, line_of_bytes(root / PO, b"\xed"), "i18n.po-charset")]


def po_syntax(root, outside, port):
    replace(root, PO, 'msgctxt "leaflet"', 'msgctxt leaflet')
    return [(PO, line_of(root, PO, "msgctxt leaflet"), "i18n.po-syntax")]


def po_duplicate(root, outside, port):
    text = (root / PO).read_text(encoding="utf-8")
    entry = text[text.index('#: content/hsg/leaflet.yml:4'):]
    entry = entry[: entry.index("\n\n") + 2]
    (root / PO).write_text(text + "\n" + entry, encoding="utf-8")
    lines = (root / PO).read_text(encoding="utf-8").splitlines()
    second = max(i for i, ln in enumerate(lines, start=1) if ln.startswith('msgid "Hysterosalpingogram (HSG) - inf'))
    return [(PO, second, "i18n.po-duplicate")]


def po_huge(root, outside, port):
    (root / PO).write_text((root / PO).read_text(encoding="utf-8") + "# padding\n" * 300_000)
    return [(PO, 1, "file.too-large")]


# -- pictures ---------------------------------------------------------------------------------

def svg_case(name: str, body: str, head: str = SVG_HEAD):
    def case(root, outside, port):
        return [(SECTION, picture(root, "scan.svg", head + body.format(port=port) + "</svg>"), "picture.unsafe-svg")]
    case.__name__ = f"svg_{name}"
    return case


SVG_CASES = [
    svg_case("script", "<script>alert(1)</script>"),
    svg_case("event-attribute", '<rect width="5" height="5" onload="alert(1)"/>'),
    svg_case("foreign-object", "<foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>x</p></foreignObject>"),
    svg_case("remote-image", '<image href="http://127.0.0.1:{port}/x.png" width="5" height="5"/>'),
    svg_case("xlink-other-file", '<use xlink:href="other.svg#a"/>'),
    svg_case("css-url", '<rect width="5" height="5" style="fill: url(http://127.0.0.1:{port}/f)"/>'),
    svg_case("style-import", "<style>@import 'http://127.0.0.1:{port}/s.css';</style>"),
    svg_case("external-entity", "<text>&x;</text>",
             head='<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + SVG_HEAD),
    svg_case("entity-expansion", "<text>&b;</text>",
             head='<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + SVG_HEAD),
]


def picture_text_as_png(root, outside, port):
    return [(SECTION, picture(root, "scan.png", "this is not a picture"), "picture.format")]


def picture_png_as_jpeg(root, outside, port):
    return [(SECTION, picture(root, "scan.jpg", png()), "picture.format")]


def picture_wrong_extension(root, outside, port):
    return [(SECTION, picture(root, "notes.txt", "hello"), "picture.format")]


def picture_html_as_svg(root, outside, port):
    return [(SECTION, picture(root, "scan.svg", "<html><body>not svg</body></html>"), "picture.format")]


def picture_too_many_pixels(root, outside, port):
    settings(root, "picture_max_pixels = 100")
    return [(SECTION, picture(root, "scan.png", png((20, 20))), "picture.too-large")]


def picture_too_many_bytes(root, outside, port):
    settings(root, "picture_max_bytes = 50")
    return [(SECTION, picture(root, "scan.png", png((64, 64))), "picture.too-large")]


def picture_missing(root, outside, port):
    return [(SECTION, append(root, "![A scan](nowhere.png)"), "picture.missing")]


def picture_valid_png(root, outside, port):
    picture(root, "scan.png", png())
    return []


def symbol_with_script(root, outside, port):
    (root / "symbols/phone.svg").write_text(SVG_HEAD + "<script>alert(1)</script></svg>")
    return [("symbols/symbols.yml", line_of(root, "symbols/symbols.yml", "file: phone.svg"), "picture.unsafe-svg")]


CASES = [
    sections_dotdot, sections_absolute, section_linked_out, section_linked_inside, sections_folder_linked_out,
    leaflet_folder_linked_out, leaflet_yml_linked_out, easy_read_linked_out, catalogue_linked_to_passwd,
    ui_catalogue_linked_out, language_folder_linked_out, symbol_linked_out, template_linked_out,
    stylesheet_linked_out, mkdocs_linked_out, picture_linked_out, picture_dotdot, section_link_loop, section_is_a_pipe,
    md_javascript_link, md_data_link, md_file_link, md_remote_image, md_raw_html_javascript, md_attachment,
    md_heading_h1, md_image_without_alt, md_huge_section, md_not_utf8, md_nul_byte, md_front_matter_tab,
    md_front_matter_alias, *(md_harmless(name) for name in HARMLESS), md_5000_paragraphs,
    meta_alias, meta_billion_laughs, meta_tab_indent, meta_unquoted_phone, meta_norway, meta_sexagesimal_time,
    meta_python_tag, meta_impossible_date, meta_duplicate_key, meta_huge, meta_control_character,
    meta_complex_key,
    po_jinja_in_translation, po_javascript_link, po_not_utf8, po_syntax, po_duplicate, po_huge,
    *SVG_CASES, picture_text_as_png, picture_png_as_jpeg, picture_wrong_extension, picture_html_as_svg,
    picture_too_many_pixels, picture_too_many_bytes, picture_missing, picture_valid_png, symbol_with_script,
]


def make_outside(outside: Path) -> None:
    """Files outside the project, every one holding :data:`SECRET`."""
    outside.mkdir(parents=True, exist_ok=True)
    section = f"---\nid: risks\ntitle: {SECRET}\ncritical: false\n---\n{SECRET} TODO {SECRET}\n"
    for name in ("secret.md", "risks.md", "easy-read.md", "sections/about.md", "sections/risks.md",
                 "evil/sections/about.md"):
        (outside / name).parent.mkdir(parents=True, exist_ok=True)
        (outside / name).write_text(section.replace("id: risks", f"id: {Path(name).stem}"))
    (outside / "evil/leaflet.yml").write_text(f"id: evil\ntitle: {SECRET}\nsections: [about]\n")
    (outside / "leaflet.yml").write_text(f"id: hsg\ntitle: {SECRET}\n")
    po = f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "{SECRET}"\nmsgstr "{SECRET}"\n'
    (outside / "secret.po").write_text(po)
    (outside / "zh_Hans/LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    for domain in ("hsg", "ui"):
        (outside / f"zh_Hans/LC_MESSAGES/{domain}.po").write_text(po)
    svg = f'{SVG_HEAD}<text>{SECRET}</text></svg>'
    (outside / "scan.svg").write_text(svg)
    (outside / "phone.svg").write_text(svg)
    (outside / "document.html").write_text(f"<p>{SECRET}</p>")
    (outside / "document.css").write_text(f"/* {SECRET} */")
    (outside / "mkdocs.yml").write_text(f"site_name: {SECRET}\n")
