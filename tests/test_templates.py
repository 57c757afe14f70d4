"""The templates: one base page for every stand-alone page, and patient sentences translated whole
(one message with named placeholders a translator can reorder), checked on rendered pages."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from jinja2 import meta

import support
from leaflets import catalogues, pipeline, render_html, translate
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project
from leaflets.templating import environment
from leaflets.write import Staging

ROOT = support.ROOT
STANDALONE = ["document.html", "easy-read.html", "audio.html", "version.html", "braille-preview.html", "website/root.html"]


@pytest.mark.parametrize("name", STANDALONE)
def test_every_standalone_page_extends_the_base_page(name):
    env = environment(ROOT / "templates", "en")
    source = (ROOT / "templates" / name).read_text(encoding="utf-8")
    assert "base.html" in set(meta.find_referenced_templates(env.parse(source)))
    assert "<!DOCTYPE" not in source and "<head>" not in source and "<body" not in source


def single_page(root: Path, lang: str, tmp_path: Path) -> BeautifulSoup:
    """The leaflet's single-file HTML in ``lang``, rendered as the build renders it."""
    project = Project.at(root)
    diags = Diagnostics()
    leaflet = pipeline.gather(project, diags)[0]
    plan = translate.plan(project, leaflet, lang, diags)
    assert plan.document is not None, [str(d) for d in diags]
    staging = Staging(tmp_path / f"site-{lang}")
    render_html.render(pipeline.context(project, staging, diags, [plan]), [plan])
    html = (staging.path / lang / "hsg" / f"hsg-{lang}.html").read_text(encoding="utf-8")
    staging.discard()
    return BeautifulSoup(html, "html.parser")


def translation(root: Path, lang: str, domain: str, context: str, msgid: str) -> str:
    catalog = read_po((root / "locales" / catalogues.gettext_lang(lang) / "LC_MESSAGES" / f"{domain}.po").open("rb"))
    message = catalog.get(msgid, context)
    assert message is not None and message.string and not message.fuzzy, (domain, context, msgid)
    return message.string


def squash(text: str) -> str:
    return " ".join(text.split())


CONTACTS = {  # id: (name, phone, hours) in content/hsg/leaflet.yml
    "patient-information": ("Patient information help", "01223 256998", None),
    "booking": ("Fluoroscopy booking team", "01223 216455", "Monday to Friday, 09:00 to 16:45 except bank holidays"),
}
SENTENCES = {  # (hours, email) -> the whole sentence
    (False, False): "Call %(name)s on %(phone)s.",
    (True, False): "Call %(name)s on %(phone)s (%(hours)s).",
    (False, True): "Call %(name)s on %(phone)s or email %(email)s.",
    (True, True): "Call %(name)s on %(phone)s (%(hours)s) or email %(email)s.",
}


@pytest.mark.parametrize("lang, contact, email", [
    ("pl", "patient-information", None),
    ("zh-Hans", "patient-information", "leaflets@example.nhs.uk"),
    ("ar", "booking", None),
    ("zh-Hans", "booking", "leaflets@example.nhs.uk"),
])
def test_the_contact_sentence_is_translated_whole(tmp_path, lang, contact, email):
    """"Call X on N (hours) or email E." is one message: the translation decides the order of the
    name, the phone link, the hours and the email link (Chinese puts them as it writes them)."""
    root = support.copy_project(tmp_path / "project")
    yml = root / "content" / "hsg" / "leaflet.yml"
    name, phone, hours = CONTACTS[contact]
    text = yml.read_text(encoding="utf-8").replace("other_formats_contact: patient-information",
                                                  f"other_formats_contact: {contact}")
    if email:
        text = text.replace(f'    phone: "{phone}"\n', f'    phone: "{phone}"\n    email: {email}\n', 1)
    yml.write_text(text, encoding="utf-8")
    soup = single_page(root, lang, tmp_path)
    panel = soup.find(id="this-leaflet-in-other-formats")
    paragraph = next(p for p in panel.find_all("p") if p.find("a", class_="tel"))
    link = paragraph.find("a", class_="tel")
    assert link["href"] == "tel:+44" + phone.replace(" ", "")[1:] and link.get_text() == phone
    assert [a["href"] for a in paragraph.find_all("a", href=lambda h: h.startswith("mailto:"))] == \
        ([f"mailto:{email}"] if email else [])
    message = SENTENCES[(hours is not None, email is not None)]
    values = {"name": translation(root, lang, "hsg", f"contact:{contact}", name), "phone": phone, "email": email,
              "hours": translation(root, lang, "hsg", f"contact:{contact}", hours) if hours else None}
    expected = translation(root, lang, "ui", "leaflet page", message) % values
    intro = translation(root, lang, "ui", "leaflet page",
                        "You can also ask for this leaflet in braille, audio, British Sign Language or another language.")
    assert squash(paragraph.get_text()) == squash(intro + " " + expected)


def test_a_template_is_compiled_once_a_process_and_its_errors_name_its_own_file(tmp_path, monkeypatch):
    """The compiled templates are shared by name and source (templating.COMPILED), across copies
    of the project; the code each copy gets names that copy's file, and an edit compiles again."""
    from jinja2 import Environment

    compiled = []
    real_compile = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, source, name=None, filename=None, *a, **k: (
        compiled.append(filename), real_compile(self, source, name, filename, *a, **k))[1])
    source = "{% set n = 0 %}<p>{{ 1 // n }}</p>\n"
    copies = []
    for name in ("a", "b"):
        folder = tmp_path / name / "templates"
        folder.mkdir(parents=True)
        (folder / "divide.html").write_text(source, encoding="utf-8")
        copies.append(folder)
    for folder in copies:
        with pytest.raises(ZeroDivisionError) as failed:
            environment(folder, "en").get_template("divide.html").render()
        frames = [entry.path for entry in failed.traceback]
        assert str(folder / "divide.html") in map(str, frames), frames  # this copy's file, not the first one's
    assert compiled.count(str(copies[0] / "divide.html")) + compiled.count(str(copies[1] / "divide.html")) <= 1
    (copies[1] / "divide.html").write_text("<p>{{ 6 // 3 }}</p>\n", encoding="utf-8")
    assert environment(copies[1], "en").get_template("divide.html").render() == "<p>2</p>\n"


def test_each_website_after_the_first_compiles_no_theme_template(tmp_path, monkeypatch):
    """MkDocs makes a Jinja2 environment for every website; the theme's templates come from the
    process's store (site_hooks.on_config), so a second build, of another copy, compiles none of them
    (nor do the environments mkdocs-material's search plugin makes for its language partials)."""
    from jinja2 import Environment

    from leaflets.templating import COMPILED

    monkeypatch.setattr(COMPILED, "store", {})  # as in a new process: no earlier test's templates
    theme = str(Path(__import__("material").__file__).parent)
    compiled = []
    real_compile = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, source, name=None, filename=None, *a, **k: (
        compiled.append(filename or ""), real_compile(self, source, name, filename, *a, **k))[1])
    for name in ("first", "second"):
        compiled.clear()
        root = support.copy_project(tmp_path / name, languages=["en"], formats=["html", "site"])
        result = pipeline.build(Project.at(root), tmp_path / f"{name}-site", options=pipeline.Options(jobs=1))
        assert result.published, "\n".join(map(str, result.diagnostics))
        from_theme = [f for f in compiled if f.startswith(theme) or "/templates/website/theme/" in f]
        if name == "first":
            assert any(f.endswith("/main.html") for f in from_theme), from_theme  # the test sees the theme
    assert from_theme == []


def test_the_theme_files_a_website_copies_are_the_same_without_walking_hidden_folders(tmp_path, monkeypatch):
    """MkDocs copies no hidden file of the theme, so site_hooks lists the theme's files without
    its hidden folders (mkdocs-material's .icons: 14,000 files): the website is byte for byte the
    one Jinja2's own listing gives."""
    from jinja2 import FileSystemLoader

    from leaflets import templating

    root = support.copy_project(tmp_path / "project", languages=["en"], formats=["html", "site"])
    sites = {}
    for listing in ("ours", "jinja"):
        if listing == "jinja":
            monkeypatch.setattr(templating, "visible_templates", FileSystemLoader.list_templates)
        result = pipeline.build(Project.at(root), tmp_path / listing, options=pipeline.Options(jobs=1))
        assert result.published, "\n".join(map(str, result.diagnostics))
        sites[listing] = {p.relative_to(tmp_path / listing).as_posix(): p.read_bytes()
                          for p in sorted((tmp_path / listing).rglob("*")) if p.is_file()}
    assert any(name.startswith("en/assets/javascripts/") for name in sites["ours"])  # the theme's files are there
    assert sites["ours"] == sites["jinja"]
