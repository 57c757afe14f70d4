"""Work proportional to change in `check`: reading-age scores are kept by the hash of their text."""
from __future__ import annotations

import pytest

from leaflets import check, pipeline, readability
from leaflets.project import Project
from support import copy_project


def figures(result) -> list[dict]:
    return [s.readability.as_dict() for s in result.summaries]


@pytest.mark.slow
def test_an_unchanged_leaflet_is_not_scored_again_and_gives_the_same_figures(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project", locales=False, warm=False)
    first = pipeline.check(Project.at(root))
    assert (root / check.SCORES).is_file()
    scored = []
    real = readability._score
    monkeypatch.setattr(readability, "_score", lambda text: scored.append(text) or real(text))
    again = pipeline.check(Project.at(root))
    assert scored == []
    assert figures(again) == figures(first)
    assert [str(d) for d in again.diagnostics] == [str(d) for d in first.diagnostics]

    section = root / "content/hsg/sections/arrival.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nAnaesthetists administer considerable "
                       "premedication. Radiographers communicate extraordinarily. Hysterosalpingography "
                       "necessitates preparation.\n", encoding="utf-8")
    edited = pipeline.check(Project.at(root))
    assert scored, "the edited section and the whole leaflet are scored again"
    assert figures(edited) != figures(first)
    monkeypatch.setattr(readability, "_score", real)
    (root / check.SCORES).unlink()
    assert figures(pipeline.check(Project.at(root))) == figures(edited), "cached and fresh scores agree"


def test_a_cache_folder_that_cannot_be_written_only_means_nothing_is_kept(tmp_path):
    from leaflets.write import Memo

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    memo = Memo(blocked / "scores.json")
    memo.set("k", "v")
    memo.save()  # no error
    assert memo.get("k") == "v"


@pytest.mark.slow
def test_translation_safety_answers_are_kept_and_a_changed_translation_is_checked_again(tmp_path, monkeypatch):
    from leaflets import safety

    root = copy_project(tmp_path / "project", warm=False)
    first = pipeline.check(Project.at(root))
    assert (root / pipeline.SAFETY_MEMO).is_file()
    compared = []
    real = safety._compare
    monkeypatch.setattr(safety, "_compare", lambda s, t: compared.append((s, t)) or real(s, t))
    again = pipeline.check(Project.at(root))
    assert compared == []
    assert [str(d) for d in again.diagnostics] == [str(d) for d in first.diagnostics]
    assert [(p.lang, p.document is not None) for p in again.plans] == \
        [(p.lang, p.document is not None) for p in first.plans]

    po = root / "locales/pl/LC_MESSAGES/hsg.po"
    text = po.read_text(encoding="utf-8")
    assert "01223 216455" in text
    po.write_text("\n".join(line.replace("01223 216455", "01223 216456") if line.startswith("msgstr") else line
                            for line in text.split("\n")), encoding="utf-8")
    changed = pipeline.check(Project.at(root))
    assert compared, "the changed translations are compared again"
    assert any(d.code.startswith("i18n.") and "216456" in d.message for d in changed.diagnostics.errors), \
        [str(d) for d in changed.diagnostics.errors]


@pytest.mark.slow
def test_parsed_catalogues_are_kept_with_their_diagnostics_and_old_ones_dropped(tmp_path, monkeypatch):
    from leaflets import pofile

    root = copy_project(tmp_path / "project", warm=False)
    po = root / "locales/pl/LC_MESSAGES/hsg.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "Informacje"\nmsgstr "x"\nmsgid "Informacje"\n'
                  'msgstr "y"\n', encoding="utf-8")  # a broken catalogue: its diagnostics must come back too
    first = pipeline.check(Project.at(root))
    kept = sorted((root / pipeline.CATALOGUE_CACHE).iterdir())
    assert kept
    monkeypatch.setattr(pofile, "_read", lambda *a: pytest.fail("parsed again"))
    again = pipeline.check(Project.at(root))
    assert [str(d) for d in again.diagnostics] == [str(d) for d in first.diagnostics]
    assert any("hsg.po" in str(d) for d in again.diagnostics.errors)
    monkeypatch.undo()
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "y"', 'msgstr "z"'), encoding="utf-8")
    pipeline.check(Project.at(root))
    now = sorted((root / pipeline.CATALOGUE_CACHE).iterdir())
    assert len(now) == len(kept) and now != kept, "the old parse of the edited file is dropped"


@pytest.mark.slow
def test_mkdocs_yml_is_loaded_again_only_when_what_every_output_shares_changes(tmp_path, monkeypatch):
    """mkdocs.yml is checked by what every output shares, each website's theme language by its
    language too: a copy of the project that publishes fewer languages (one held back, or a
    project in English only) replays both, loads no MkDocs configuration and reports what a
    check without caches reports; an edit to mkdocs.yml loads it again."""
    import mkdocs.config

    root = copy_project(tmp_path / "project", languages=["en", "pl"])  # the project's check caches, as a copy has them
    cold = copy_project(tmp_path / "cold", languages=["en", "pl"], warm=False)
    loads = []
    real = mkdocs.config.load_config
    monkeypatch.setattr(mkdocs.config, "load_config", lambda *a, **k: loads.append(a) or real(*a, **k))
    result = pipeline.check(Project.at(root))
    assert not result.diagnostics.errors, "\n".join(map(str, result.diagnostics))
    assert loads == []
    assert [str(d) for d in pipeline.check(Project.at(cold)).diagnostics] == [str(d) for d in result.diagnostics]
    assert len(loads) == 1  # the check without caches loaded it
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    pipeline.check(Project.at(root))
    assert len(loads) == 2
