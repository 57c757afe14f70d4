"""The staging folder and the lock beside the output, without a build (fast)."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from leaflets.write import Staging, holding, remove_leftovers
from support import ROOT

HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from leaflets.write import Staging
staging = Staging(Path({out!r}))
staging.write("index.html", {text!r})
print("holding", flush=True)
time.sleep({seconds})
staging.publish()
"""


def hold(out: Path, text: str, seconds: float) -> subprocess.Popen:
    code = HOLD.format(root=str(ROOT), out=str(out), text=text, seconds=seconds)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_a_second_writer_waits_for_the_first_and_says_which_process_holds_the_lock(tmp_path):
    out = tmp_path / "site"
    first = hold(out, "first", 2)
    assert first.stdout.readline().strip() == "holding"
    second = hold(out, "second", 0)
    line = second.stderr.readline()
    assert f"is being built by process {first.pid} " in line and str(tmp_path / ".site.lock") in line
    assert len(list(tmp_path.glob(".site-build-*"))) == 1  # the second has not started writing
    assert first.wait(30) == 0 and second.wait(30) == 0
    assert (out / "index.html").read_text() == "second"  # published one after the other, never mixed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder, no lock file


def test_a_killed_writer_leaves_the_site_and_the_next_one_removes_its_staging(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("published")
    killed = hold(out, "half-built", 60)
    assert killed.stdout.readline().strip() == "holding"
    killed.kill()
    killed.wait()
    assert (out / "index.html").read_text() == "published"
    assert len(list(tmp_path.glob(".site-build-*"))) == 1
    with holding(out):  # what build does first, even when its check then fails
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_text() == "published"


def test_a_site_moved_aside_by_an_interrupted_two_step_publication_is_put_back(tmp_path):
    out = tmp_path / "site"
    old = tmp_path / ".site-old-12345"
    old.mkdir()
    (old / "index.html").write_text("published")
    (tmp_path / ".site-build-abc").mkdir()
    remove_leftovers(out)
    assert (out / "index.html").read_text() == "published"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publishing_swaps_the_folders_in_one_step(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("old")
    staging = Staging(out)
    staging.write("new.html", "new")
    staging.publish()
    assert sorted(p.name for p in out.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.slow
def test_the_next_build_waits_for_a_running_one_and_leaves_its_staging_alone(tmp_path):
    """The command line's ``holding``: while another process's build holds the lock, the next
    waits (its staging folder untouched); once that build died, it goes on, removes the dead
    build's staging folder, and the lock file is gone after it."""
    out = tmp_path / "site"
    running = hold(out, "running", 60)
    assert running.stdout.readline().strip() == "holding"
    staging = list(tmp_path.glob(".site-build-*"))
    entered = threading.Event()

    def next_build():
        with holding(out, tmp_path / "site-report"):
            entered.set()

    waiter = threading.Thread(target=next_build, daemon=True)
    waiter.start()
    time.sleep(1)
    assert not entered.is_set(), "it waited for the running build"
    assert len(staging) == 1 and staging[0].is_dir(), "the running build's staging was left alone"
    running.kill()  # the running build dies; the system drops its lock
    running.wait()
    waiter.join(30)
    assert entered.is_set()
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "the killed build's staging removed, no lock left"
