"""The hostile cases that need a real build, grouped into as few builds as possible.

One small build (English only, ``formats: [html, site]``) of content full of the HTML and
template tricks the README says are removed; then the refused cases of ``hostile`` in one
failing build (the previous site byte for byte unchanged); then a build killed with
SIGKILL (the site unchanged) and the next build, which first waits for the lock another
process holds and then removes what the killed build left.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import hostile
from leaflets.write import BuildLock
from support import ROOT, copy_project
from test_hostile import Listener

pytestmark = pytest.mark.slow  # real build processes, one of them killed

BUILD = str(ROOT / "build.py")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(out: Path) -> list[str]:
    """What lies beside the output folder besides it: staging folders, old sites, lock files."""
    # The dashboard's own folder beside the site is the build's too (paths.default_report_folder).
    return sorted(p.name for p in out.parent.iterdir() if p.name not in (out.name, "outside", f"{out.name}-report"))


def build(root: Path, out: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, BUILD, "--root", str(root), "build", "--out", str(out), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.fixture(scope="module")
def listener():
    it = Listener()
    yield it
    it.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, listener):
    """(project, outside folder, built site) of a small project whose about section holds every trick."""
    base = tmp_path_factory.mktemp("hostile-build")
    root = copy_project(base / "project")
    hostile.replace(root, hostile.META, "languages: [en, pl, ar, zh-Hans]", "languages: [en]")
    hostile.replace(root, hostile.META, "formats: [html, site, large-print, print, easy-read, braille, audio]", "formats: [html, site]")
    for name in hostile.HARMLESS:
        hostile.md_harmless(name)(root, None, listener.port)
    hostile.make_outside(base / "outside")
    out = base / "sites" / "site"
    run = build(root, out)
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr
    return root, base / "outside", out


def pages(out: Path) -> list[Path]:
    found = [out / "en/hsg/hsg-en.html", out / "en/hsg/index.html"]
    assert all(p.is_file() for p in found)
    return found


def test_html_and_template_tricks_are_removed_from_every_page(site, listener):
    root, _outside, out = site
    for page in pages(out):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.find(id="about") or soup
        text = re.sub(r"\s+", " ", soup.get_text(" "))
        for paragraph in ("Script paragraph.", "Event paragraph.", "Style paragraph.", "Iframe paragraph.",
                          "Attribute paragraph."):
            assert paragraph in text, (page, paragraph)  # the words survive, the markup does not
        assert "Jinja expression {{ 7 * 7 }} paragraph." in text  # shown as written, never evaluated
        assert "Jinja statement {% include '/etc/passwd' %} paragraph." in text
        assert "root:x:0:0" not in text
        for tag in soup.find_all(True):
            assert not any(name.lower().startswith("on") for name in tag.attrs), (page, tag)
        assert not [s for s in soup.find_all("script") if "alert" in (s.string or "")]
        assert not soup.find_all("iframe")
        assert not main.find_all(style=re.compile("127.0.0.1"))
    assert all(str(listener.port) not in p.read_text(encoding="utf-8", errors="replace")
               for p in out.rglob("*.html"))
    assert listener.hits == []


REFUSED = [hostile.sections_dotdot, hostile.section_linked_out, hostile.template_linked_out, hostile.SVG_CASES[3], hostile.md_javascript_link]


def test_a_refused_build_leaves_the_previous_site_byte_for_byte(site, listener):
    root, outside, out = site
    before = snapshot(out)
    expected = [item for case in REFUSED for item in case(root, outside, listener.port)]
    run = build(root, out)
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 1, stderr
    for path, line, code in expected:
        assert f"{path}:{line}: error: " in stderr and f"[{code}]" in stderr, (path, line, code, stderr)
    assert "nothing was published" in stderr and "Traceback" not in stderr
    assert hostile.SECRET not in stdout + stderr
    assert snapshot(out) == before
    assert all(hostile.SECRET.encode() not in data for data in before.values())
    assert beside(out) == []
    assert listener.hits == []
    restore(root)  # the project as the fixture built it, for the next test


def restore(root: Path) -> None:
    """Put back the files the refused cases changed (content and templates from the project)."""
    import shutil

    for part in ("content/hsg/sections", "templates"):
        shutil.rmtree(root / part)
        shutil.copytree(ROOT / part, root / part)
    for stray in ("content/hsg/scan.svg",):
        if os.path.lexists(root / stray):
            os.unlink(root / stray)
    meta = root / hostile.META
    meta.write_text(re.sub(r"  - (\.\./\.\./\.\./outside/secret|[^\n]*/secret)\n", "", meta.read_text()))
    for name in hostile.HARMLESS:
        hostile.md_harmless(name)(root, None, 0)


def test_a_killed_build_leaves_the_site_and_the_next_build_waits_then_tidies(site, listener):
    root, _outside, out = site
    before = snapshot(out)
    marker = "This paragraph was added after the first build."
    hostile.append(root, marker)
    killed = build(root, out)
    deadline = time.monotonic() + 300
    while not list(out.parent.glob(f".{out.name}-build-*")):
        assert killed.poll() is None, killed.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    killed.send_signal(signal.SIGKILL)
    killed.communicate()
    assert snapshot(out) == before  # killed while writing: the published site is as it was
    assert [n for n in beside(out) if n.startswith(f".{out.name}-build-")]  # what it left

    lock = BuildLock(out).acquire()  # another build is running: the next one must wait for it
    try:
        waiting = build(root, out)
        line = ""
        deadline = time.monotonic() + 300
        while "is being built by process" not in line:
            line = waiting.stderr.readline()
            assert line or waiting.poll() is None, waiting.communicate()
            assert time.monotonic() < deadline
        assert f"by process {os.getpid()} " in line
        time.sleep(1)
        assert snapshot(out) == before  # nothing of the waiting build is published
    finally:
        lock.release()
    stdout, stderr = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, stderr
    assert beside(out) == []  # the killed build's staging folder and the lock file are gone
    assert marker in (out / "en/hsg/hsg-en.html").read_text(encoding="utf-8")
    assert listener.hits == []
