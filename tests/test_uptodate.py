"""The command line's up-to-date memo (leaflets.uptodate): a build or check with nothing changed
says again what the last one said, without running; any change runs it."""
from __future__ import annotations

import contextlib
import datetime
import io
import os
import time

import pytest

from leaflets import cli, pipeline, uptodate
from support import copy_project

pytestmark = pytest.mark.slow


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


RACY = 0.3  # the racy window, shortened so that waiting it out costs the suite little


@pytest.fixture(autouse=True)
def quick_racy(monkeypatch):
    monkeypatch.setattr(uptodate, "RACY", RACY)


def settle() -> None:
    """Wait out the racy window: every file of the project is older than it (a working copy, not
    one just edited or copied)."""
    time.sleep(RACY + 0.05)


def test_nothing_changed_replays_and_any_change_runs_again(small_project, tmp_path, monkeypatch):
    root, out = small_project, tmp_path / "site"
    build = ("--root", str(root), "build", "--out", str(out), "--jobs", "1")
    settle()
    code, first_out, first_err = run(*build)
    assert code == 0, first_err
    assert "1 built, 0 reused" in first_err and "nothing has changed" not in first_err
    page = out / "en" / "hsg" / "index.html"
    published = page.read_bytes()
    settle()
    code, _, err = run(*build)  # the first made archive/ and its version folder, its own: it was kept
    assert code == 0 and "build: nothing has changed since the run of" in err

    with monkeypatch.context() as m:  # the same command again: nothing runs, the same messages and exit code
        m.setattr(pipeline, "build", lambda *a, **k: pytest.fail("the build ran"))
        code, again_out, again_err = run(*build)
    assert code == 0
    assert again_out == first_out
    assert "0 built, 1 reused" in again_err and "build: nothing has changed since the run of" in again_err
    assert first_err.split("leaflet x language")[0] == again_err.split("leaflet x language")[0]  # its warnings
    assert page.read_bytes() == published

    page.unlink()  # a published file gone: the build runs, and puts it back
    code, _, err = run(*build)
    assert code == 0 and "nothing has changed" not in err and page.read_bytes() == published

    section = root / "content" / "hsg" / "sections" / "about.md"
    then = section.stat().st_mtime - 60
    os.utime(section, (then, then))  # touched (to an older time), not changed: it runs; the content caches find nothing to do
    settle()
    code, _, err = run(*build)
    assert code == 0 and "nothing has changed" not in err and "0 built, 1 reused" in err

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return datetime.date.today() + datetime.timedelta(days=1)

    with monkeypatch.context() as m:  # another day (a review date may fall due): it runs
        m.setattr(uptodate, "date", Tomorrow)
        code, _, err = run(*build)
    assert code == 0 and "nothing has changed" not in err

    code, _, err = run(*build, "--strict")  # other options: it runs (and --strict fails on the warnings)
    assert code == 1 and "nothing has changed" not in err

    section.write_text(section.read_text(encoding="utf-8") + "\nA new sentence for the test.\n", encoding="utf-8")
    code, _, err = run(*build)  # an edit: built again, and shown
    assert code == 0 and "1 built, 0 reused" in err
    assert "A new sentence for the test." in page.read_text(encoding="utf-8")
    # That build started within RACY seconds of the edit, so it kept nothing: the next one runs too,
    # and, the edit older than RACY seconds now, keeps what it said.
    settle()
    code, _, err = run(*build)
    assert code == 0 and "nothing has changed" not in err
    code, _, err = run(*build)
    assert "nothing has changed" in err

    code, _, err = run(*build, "--clean")  # --clean forgets it, and renders everything
    assert code == 0 and "1 built, 0 reused" in err


def test_check_replays_its_report_and_exit_code(small_project, monkeypatch):
    root = small_project
    settle()
    code, first, _ = run("--root", str(root), "check", "--strict")  # the reading-age warnings fail --strict
    assert code == 1 and "[readability.smog]" in first

    with monkeypatch.context() as m:
        m.setattr(pipeline, "check", lambda *a, **k: pytest.fail("the check ran"))
        code, again, err = run("--root", str(root), "check", "--strict")
    assert (code, again) == (1, first) and "check: nothing has changed since the run of" in err

    calls = []
    real = pipeline.check
    monkeypatch.setattr(pipeline, "check", lambda *a, **k: calls.append(1) or real(*a, **k))
    code, as_json, err = run("--root", str(root), "check", "--format", "json")  # other options: it runs
    assert calls == [1] and code == 0 and as_json.lstrip().startswith("{")
    code, _, _ = run("--root", str(root), "check")
    assert calls == [1, 1] and code == 0


def test_a_file_added_anywhere_in_the_project_runs_the_check(small_project, monkeypatch):
    root = small_project
    settle()
    code, first, _ = run("--root", str(root), "check")
    assert code == 0
    extra = root / "content" / "hsg" / "sections" / "notes.md"
    extra.write_text("# Notes\n\nNot listed in sections:.\n", encoding="utf-8")
    calls = []
    real = pipeline.check
    monkeypatch.setattr(pipeline, "check", lambda *a, **k: calls.append(1) or real(*a, **k))
    run("--root", str(root), "check")
    assert calls == [1]


def test_a_run_with_an_error_is_never_replayed(tmp_path):
    """An error may be mended outside the project (a font or voice installed) or not come again (a
    PDF over its time limit): the next run runs, even with nothing changed in the project."""
    root = copy_project(tmp_path / "project", languages=["en", "pl"], formats=["html", "site"])
    po = root / "locales" / "pl" / "LC_MESSAGES" / "hsg.po"
    text = po.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgctxt"))
    po.write_text(text[:at] + 'msgstr "never closed\n' + text[text.index("\n", at) + 1:], encoding="utf-8")
    settle()
    build = ("--root", str(root), "build", "--out", str(tmp_path / "site"), "--jobs", "1")
    for _ in range(2):
        code, _, err = run(*build)
        assert code == 1 and "i18n.po-syntax" in err and "nothing has changed" not in err
    for _ in range(2):
        code, out, err = run("--root", str(root), "check")
        assert code == 1 and "i18n.po-syntax" in out and "nothing has changed" not in err


def test_archive_changes_other_than_the_builds_own_are_not_kept(small_project, tmp_path, monkeypatch):
    """The build writes its current version's folder in archive/; anything else there is the team's,
    and a change to it while the build runs (a checkout bringing an older version) is an input."""
    root, out = small_project, tmp_path / "site"
    build = ("--root", str(root), "build", "--out", str(out), "--jobs", "1")
    settle()
    assert run(*build)[0] == 0  # it makes archive/, archive/hsg/ and its version's folder: its own, so kept
    assert "nothing has changed" in run(*build)[2]

    section = root / "content" / "hsg" / "sections" / "about.md"
    then = section.stat().st_mtime - 60
    os.utime(section, (then, then))  # something to run for
    settle()
    real = pipeline.build

    def meanwhile(*args, **kwargs):
        older = root / "archive" / "hsg" / "0.0" / "version.yml"
        older.parent.mkdir(parents=True, exist_ok=True)
        older.write_text("version: '0.0'\n", encoding="utf-8")
        return real(*args, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(pipeline, "build", meanwhile)
        code, _, err = run(*build)
    assert code == 0 and "nothing has changed" not in err
    settle()
    assert "nothing has changed" not in run(*build)[2]  # not kept: it runs, and reads the older version
    assert "nothing has changed" in run(*build)[2]
