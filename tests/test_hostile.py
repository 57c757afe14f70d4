"""A hostile corpus: what an untrusted author or translator could write, refused or made harmless.

Every case (``hostile.CASES``) runs ``check`` on its own copy of the project and asserts the
exact diagnostic code and line, that nothing from outside the project (``hostile.SECRET``) is
in any message, and that a listener on 127.0.0.1 saw no request. The few cases that need a
real build share as few builds as possible (``formats: [html, site]``).
"""
from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
from pathlib import Path

import pytest

import hostile
from leaflets import cli
from support import copy_project


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[tuple] = []
        self.stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                continue
            self.hits.append(peer)
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    it = Listener()
    yield it
    it.close()


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("outside")
    hostile.make_outside(folder)
    return folder


def run_check(root: Path) -> tuple[int, str, dict]:
    """``check --format json`` in-process: exit code, everything printed, the parsed report."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "check", "--format", "json"])
    return code, out.getvalue() + err.getvalue(), json.loads(out.getvalue())


@pytest.mark.slow
@pytest.mark.parametrize("case", hostile.CASES, ids=[c.__name__ for c in hostile.CASES])
def test_hostile_input_is_refused_at_its_line(case, tmp_path, outside, listener):
    root = copy_project(tmp_path / "project")
    expected = case(root, outside, listener.port)
    code, output, report = run_check(root)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    found = {(d["path"], d["line"], d["code"]) for d in errors}
    shown = "\n".join(f"{d['path']}:{d['line']}: {d['message']} [{d['code']}]" for d in errors)
    for item in expected:
        assert item in found, f"{item} not reported; got:\n{shown}"
    assert code == (1 if expected else 0), shown
    assert "Traceback" not in output
    assert hostile.SECRET not in output
    assert all((root / d["path"]).exists() or (root / d["path"]).is_symlink() for d in report["diagnostics"])
    assert listener.hits == []


def test_the_corpus_is_large_enough():
    assert len(hostile.CASES) >= 40


@pytest.mark.slow
def test_report_status_and_update_survive_a_catalogue_linked_to_passwd(tmp_path, outside):
    """The commands besides check that read catalogues: no traceback, nothing written through the link."""
    root = copy_project(tmp_path / "project")
    hostile.catalogue_linked_to_passwd(root, outside, 0)
    target = outside / "secret.po"
    before = target.read_bytes()
    hostile.relink(root, "locales/ar/LC_MESSAGES/hsg.po", target)
    for argv in (["report", "--out", str(tmp_path / "site")], ["i18n", "status"], ["i18n", "update"]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["--root", str(root), *argv])
        assert code in (0, 1), (argv, err.getvalue())
        assert hostile.SECRET not in out.getvalue() + err.getvalue() and "root:x:0:0" not in out.getvalue()
    assert target.read_bytes() == before
    page = (tmp_path / "site-report/index.html").read_text(encoding="utf-8")  # the dashboard, beside the site
    assert "root:x:0:0" not in page and hostile.SECRET not in page
    assert "path.outside-project" in page or "has errors" in page


def test_i18n_init_never_writes_through_a_dangling_link(tmp_path, outside):
    root = copy_project(tmp_path / "project")
    (root / "locales/fr/LC_MESSAGES").mkdir(parents=True)
    (root / "locales/fr/LC_MESSAGES/hsg.po").symlink_to(outside / "created.po")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "i18n", "init", "fr"])
    assert code == 1
    assert "locales/fr/LC_MESSAGES/hsg.po:1: error:" in err.getvalue() and "[path.outside-project]" in err.getvalue()
    assert not (outside / "created.po").exists()


def test_settings_that_are_a_link_out_are_refused_without_a_traceback(tmp_path, outside):
    root = copy_project(tmp_path / "project")
    hostile.relink(root, "pyproject.toml", outside / "document.css")
    err = io.StringIO()
    with contextlib.redirect_stdout(err), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "check"])
    assert code == 1
    assert "pyproject.toml:1: error:" in err.getvalue() and "[path.outside-project]" in err.getvalue()
    assert hostile.SECRET not in err.getvalue()


@pytest.mark.slow
def test_unusable_settings_are_a_diagnostic_at_their_line(tmp_path):
    root = copy_project(tmp_path / "project")
    hostile.settings(root, "picture_max_bytes = -3")
    err = io.StringIO()
    with contextlib.redirect_stdout(err), contextlib.redirect_stderr(err):  # check reports on stdout
        code = cli.main(["--root", str(root), "check"])
    line = hostile.line_of(root, "pyproject.toml", "picture_max_bytes = -3")
    assert code == 1 and f"pyproject.toml:{line}: error: tool.leaflets.picture_max_bytes" in err.getvalue()
    assert "[settings.invalid]" in err.getvalue()


@pytest.mark.slow
def test_report_never_renders_a_template_linked_out(tmp_path, outside):
    root = copy_project(tmp_path / "project")
    hostile.relink(root, "templates/report.html", outside / "document.html")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "report", "--out", str(tmp_path / "site")])
    assert code == 1
    assert "templates/report.html:1: error:" in err.getvalue() and "[path.outside-project]" in err.getvalue()
    assert hostile.SECRET not in err.getvalue()
    assert not (tmp_path / "site-report").exists()


def test_hashing_for_incremental_builds_never_reads_a_link_out(tmp_path, outside):
    from leaflets import fingerprint

    root = copy_project(tmp_path / "project")
    target = tmp_path / "elsewhere.txt"
    target.write_text("one")
    (root / hostile.LEAFLET / "notes.txt").symlink_to(target)
    before = fingerprint.tree(root, root / hostile.LEAFLET)
    target.write_text("two")
    assert fingerprint.tree(root, root / hostile.LEAFLET) == before
