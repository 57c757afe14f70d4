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
