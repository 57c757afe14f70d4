"""``python build.py serve``: a preview on 127.0.0.1 that rebuilds when content changes.

Runs the real command on a temporary copy of the project, on a free port.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import support

pytestmark = pytest.mark.slow  # the real command, building and rebuilding

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 60, until=lambda body: True) -> str:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if until(body):
                return body
        except OSError as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"{url}: no matching answer within {timeout}s ({last})")


@pytest.fixture
def project_copy(tmp_path):
    return support.copy_project(tmp_path / "project", languages=["en"], formats=["html", "site"])


def test_serve_previews_on_localhost_and_rebuilds_on_change(project_copy):
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(project_copy), "serve",
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/en/hsg/"
        page = fetch(url)
        assert "Hysterosalpingogram" in page and "Fluoroscopy department" in page
        # Only the loopback interface answers.
        if shutil.which("ss"):
            listening = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True).stdout
            local_addresses = {line.split()[3] for line in listening.splitlines()}
            assert local_addresses == {f"127.0.0.1:{port}"}
        about = project_copy / "content" / "hsg" / "sections" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA sentence added while previewing.\n", encoding="utf-8")
        fetch(url, until=lambda body: "A sentence added while previewing." in body)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/" in output
    assert "serve: rebuilt" in output
