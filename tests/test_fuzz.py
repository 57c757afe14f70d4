"""No input ends in a traceback: random and mutated content and catalogues, fed to ``check``.

Each example replaces one file of a private copy of the project (leaflet.yml, a section,
easy read, a catalogue, the symbol library) with random text or with the project's own file mutated byte by
byte, runs ``check`` in-process, and asserts: exit code 0 or 1, no exception, and every
error or warning line names a file of the project. The file is put back after each example.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leaflets import cli
from support import copy_project

pytestmark = pytest.mark.slow  # hundreds of mutated projects checked

TARGETS = {
    "metadata": "content/hsg/leaflet.yml",
    "section": "content/hsg/sections/preparation.md",
    "easy-read": "content/hsg/easy-read.md",
    "catalogue": "locales/pl/LC_MESSAGES/hsg.po",
    "ui-catalogue": "locales/ar/LC_MESSAGES/ui.po",
    "symbol-library": "symbols/symbols.yml",
}
LINE_RE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (?P<severity>error|warning): .* \[[a-z0-9.-]+\]$")
# Bytes a mutation inserts: YAML, Markdown, .po and template syntax, quotes, controls, non-UTF-8.
SPECIAL = [b"\n", b"\t", b":", b"-", b"#", b"\"", b"'", b"\\", b"{{", b"{%", b"%}", b"*", b"&a", b"*a",
           b"!!python/object", b"---", b"msgid", b"msgstr", b"msgctxt", b"[", b"]", b"|", b"<", b">",
           b"\x00", b"\xff", b"\xc3", b"\r", b"0", b"12:30", b"NO", b"01223 216455", b"../", b"~", b"%s"]


# More examples, random each run, with LEAFLETS_FUZZ_EXAMPLES=N; CI runs a fixed, modest set.
EXAMPLES = int(os.environ.get("LEAFLETS_FUZZ_EXAMPLES", "20"))
DERANDOMIZE = "LEAFLETS_FUZZ_EXAMPLES" not in os.environ


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz") / "project")


def mutations(original: bytes):
    """The original bytes with 1 to 8 edits: flip, delete, insert, duplicate or cut."""
    edit = st.tuples(st.sampled_from(["flip", "delete", "insert", "special", "duplicate", "cut"]),
                     st.integers(0, max(len(original) - 1, 0)), st.integers(0, 255), st.sampled_from(SPECIAL),
                     st.integers(1, 400))
    return st.lists(edit, min_size=1, max_size=8).map(lambda edits: apply(original, edits))


def apply(data: bytes, edits) -> bytes:
    for kind, at, byte, special, length in edits:
        at = min(at, len(data))
        if kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ (1 << (byte % 8))]) + data[at + 1:]
        elif kind == "delete":
            data = data[:at] + data[at + length:]
        elif kind == "insert":
            data = data[:at] + bytes([byte]) + data[at:]
        elif kind == "special":
            data = data[:at] + special + data[at:]
        elif kind == "duplicate":
            data = data[:at] + data[at:at + length] + data[at:]
        elif kind == "cut":
            data = data[:at]
    return data


def inputs(original: bytes):
    random_text = st.text(st.characters(codec="utf-8"), max_size=400).map(lambda t: t.encode("utf-8"))
    return st.one_of(mutations(original), random_text, st.binary(max_size=200))


def run_check(root: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "check"])
    return code, out.getvalue() + err.getvalue()


def assert_reported_cleanly(root: Path, code: int, output: str) -> None:
    assert code in (0, 1), output
    assert "Traceback" not in output
    for line in output.splitlines():
        match = LINE_RE.match(line)
        if match:
            assert (root / match["path"]).exists() or (root / match["path"]).is_symlink(), line
            assert int(match["line"]) >= 1


@pytest.mark.parametrize("target", list(TARGETS), ids=list(TARGETS))
def test_check_never_ends_in_a_traceback(project, target):
    file = project / TARGETS[target]
    original = file.read_bytes()

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])
    @given(inputs(original))
    def one(data: bytes) -> None:
        file.write_bytes(data)
        try:
            code, output = run_check(project)
        finally:
            file.write_bytes(original)
        assert_reported_cleanly(project, code, output)

    one()


def test_the_unmutated_project_checks_cleanly(project):
    code, output = run_check(project)
    assert_reported_cleanly(project, code, output)
    assert code == 0, output
