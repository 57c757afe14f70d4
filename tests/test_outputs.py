"""The output registry (leaflets/outputs.py): one place for every format's name, files, media,
label and languages, read by the renderers, the "Other formats" lists, the archive and the cache.

A format is one module and one registry entry: swapping the braille entry for a module of this
test's own makes the build call it, publish what it wrote, list it in "Other formats" and cache
exactly its files, with nothing else in the build changed.
"""
from __future__ import annotations

import dataclasses
import json
import re
import sys
import types

import lxml.html
import pytest

import support
from leaflets import model, outputs, pipeline
from leaflets.project import Project


def test_every_format_has_a_module_with_the_one_entry_point():
    for fmt in outputs.FORMATS:
        module = fmt.renderer()
        assert callable(getattr(module, "render", None)), f"{fmt.module} has no render(ctx, units)"
        assert fmt.files and all("{lang}" in f.path and "{leaflet}" in f.path for f in fmt.files)
    assert model.FORMATS == outputs.NAMES  # leaflet.yml accepts exactly the registry's formats
    assert outputs.renderers(per_language=True)[-1].__name__ == "leaflets.render_site"  # the website last


def test_paths_and_archive_names_come_from_the_registry():
    assert outputs.path("large-print", "hsg", "zh-Hans") == "zh-Hans/hsg/hsg-zh-Hans-large-print.pdf"
    assert outputs.path("easy-read", "hsg", "pl", 0) == "pl/hsg/easy-read/index.html"
    named = {name: outputs.file_of(name) for name in ("hsg-en-large-print.pdf", "hsg-en-print.pdf", "hsg-en.brf",
                                                       "hsg-en-audio.mp3", "hsg-en-braille.html", "notes.txt")}
    assert {name: (found[0].name, found[1].media) if found else None for name, found in named.items()} == {
        "hsg-en-large-print.pdf": ("large-print", "PDF"), "hsg-en-print.pdf": ("print", "PDF"),
        "hsg-en.brf": ("braille", "BRF"), "hsg-en-audio.mp3": ("audio", "MP3"),
        "hsg-en-braille.html": None,  # the proof-reading page: not listed
        "notes.txt": None}
    assert outputs.archived("hsg-en.brf") and not outputs.archived("hsg-en-audio.mp3")  # recordings stay in content/


def test_every_label_is_in_the_interface_template_with_its_context():
    pot = (support.ROOT / "locales" / "ui.pot").read_text(encoding="utf-8")
    for fmt in outputs.FORMATS:
        assert f'msgctxt "{outputs.LABEL_CONTEXT}"\nmsgid "{fmt.label}"' in pot, fmt.label


def test_lists_show_the_formats_in_registry_order_with_sizes():
    written = {"en/hsg/hsg-en.brf": 2048, "en/hsg/hsg-en-print.pdf": 40960, "en/hsg/easy-read/index.html": 900}
    listed = outputs.downloads("hsg", "en", ["print", "braille", "easy-read", "large-print", "audio"], written,
                               exclude=None, link=lambda rel: rel)
    assert [(d.format, d.media, d.size) for d in listed] == [
        ("large-print", "PDF", None),  # made in every language: listed before it is written
        ("easy-read", "HTML", "1 KB"),
        ("print", "PDF", "40 KB"),
        ("braille", "BRF", "2 KB")]  # no audio written in this language: not listed
    assert listed[1].href == "en/hsg/easy-read/"  # a page is linked as its folder
    assert listed[3].mime == "application/x-brf"


FAKE = "leaflets_test.fake_format"


def _fake_module():
    """A format of this test's own: one text file per leaflet and language."""
    module = types.ModuleType(FAKE)

    def render(ctx, units):
        out = ctx.written()
        for plan in units:
            if plan.document is not None and "braille" in plan.leaflet.meta.formats:
                out.write((plan.leaflet.id, plan.lang), outputs.path("braille", plan.leaflet.id, plan.lang),
                          f"fake format: {plan.document.title.text}\n")
        return out

    module.render = render
    return module


@pytest.mark.slow
def test_a_format_is_one_module_and_one_registry_entry(tmp_path, monkeypatch):
    root = support.copy_project(tmp_path / "project")
    meta = root / "content/hsg/leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"^languages: .*$", "languages: [en]", text, flags=re.M)
    text = re.sub(r"^formats: .*$", "formats: [html, site, braille]", text, flags=re.M)
    text = re.sub(r"^unreviewed:\n(  .*\n)+", "", text, flags=re.M)
    meta.write_text(text, encoding="utf-8")
    monkeypatch.setitem(sys.modules, FAKE, _fake_module())
    fake = dataclasses.replace(outputs.get("braille"), module=FAKE,
                               files=(outputs.File(outputs.get("braille").files[0].path, "BRF", "application/x-brf"),))
    monkeypatch.setattr(outputs, "FORMATS", tuple(fake if f.name == "braille" else f for f in outputs.FORMATS))
    monkeypatch.setitem(outputs._BY_NAME, "braille", fake)

    cache = tmp_path / "cache"
    result = pipeline.build(Project.at(root), tmp_path / "site", options=pipeline.Options(cache=cache))
    assert result.published, [str(d) for d in result.diagnostics.errors]
    brf = tmp_path / "site/en/hsg/hsg-en.brf"
    assert brf.read_text(encoding="utf-8").startswith("fake format: ")
    page = lxml.html.fromstring((tmp_path / "site/en/hsg/hsg-en.html").read_bytes())
    assert page.xpath("//ul[@class='downloads']//a[@href='hsg-en.brf' and @type='application/x-brf']")
    website = lxml.html.fromstring((tmp_path / "site/en/hsg/index.html").read_bytes())
    assert website.xpath("//ul[@class='downloads']//a[@href='hsg-en.brf']")
    # The cache keeps exactly what the renderers returned for the unit: the fake file and the single page.
    manifests = [json.loads(m.read_text()) for m in cache.glob("*/manifest.json")]
    unit = next(m for m in manifests if "en/hsg/hsg-en.brf" in m)
    assert sorted(unit) == ["en/hsg/hsg-en.brf", "en/hsg/hsg-en.html"]
    units = json.loads((tmp_path / "site/.leaflets-units.json").read_text())
    assert set(units["en/hsg"]["files"]) == {"en/hsg/hsg-en.brf", "en/hsg/hsg-en.html", "en/hsg/index.html"}


def test_writing_over_a_file_from_the_cache_leaves_the_cache_entry_alone(tmp_path):
    """A file restored from the cache is a hard link into it: a renderer writing that path again (a
    page whose language list changed) must replace the link, not write through it into the cache."""
    from leaflets.write import OutputCache, Staging

    first = Staging(tmp_path / "site")
    first.write("en/hsg/hsg-en.html", "old page")
    cache = OutputCache(tmp_path / "cache")
    cache.store("key", first, ["en/hsg/hsg-en.html"])
    first.discard()
    again = Staging(tmp_path / "site")
    assert cache.restore("key", again) == ["en/hsg/hsg-en.html"]
    again.write("en/hsg/hsg-en.html", "new page")
    assert (again.path / "en/hsg/hsg-en.html").read_text() == "new page"
    assert (tmp_path / "cache/key/files/en/hsg/hsg-en.html").read_text() == "old page"
    again.discard()
