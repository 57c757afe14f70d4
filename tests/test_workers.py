"""Warm workers (leaflets.isolate): long-lived processes that each render many jobs, a job over
its time limit kills only its own worker (which is replaced), a crash is an error for one job."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import support
from leaflets import isolate, render_pdf
from leaflets.project import Project


def pid(_job) -> int:
    return os.getpid()


def sleep_then_pid(job: tuple[float, str]) -> int:
    seconds, pid_file = job
    with open(pid_file, "w") as f:
        f.write(str(os.getpid()))
    time.sleep(seconds)
    return os.getpid()


def exit_with(code: int) -> None:
    os._exit(code)


@pytest.mark.slow
def test_workers_are_reused_across_jobs_and_calls():
    first = isolate.run_isolated(pid, list(range(8)), timeout=30, workers=2, key=str)
    second = isolate.run_isolated(pid, list(range(8)), timeout=30, workers=2, key=str)
    pids = set(first.values()) | set(second.values())
    assert all(isinstance(p, int) for p in pids)
    assert os.getpid() not in pids
    assert len(pids) <= 2, "two workers served sixteen jobs"


@pytest.mark.slow
def test_a_job_over_its_limit_kills_its_worker_which_is_replaced(tmp_path):
    jobs = [(60, str(tmp_path / "slow")), (0, str(tmp_path / "a")), (0, str(tmp_path / "b")), (0, str(tmp_path / "c"))]
    started = time.monotonic()
    results = isolate.run_isolated(sleep_then_pid, jobs, timeout=2, workers=2, key=lambda job: job[1])
    assert time.monotonic() - started < 30
    assert "took longer than 2 s" in results[str(tmp_path / "slow")].error
    assert all(isinstance(results[str(tmp_path / name)], int) for name in "abc"), "the others went on"
    killed = int((tmp_path / "slow").read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(killed, 0)
    after = set(isolate.run_isolated(pid, list(range(8)), timeout=30, workers=2, key=str).values())
    assert all(isinstance(p, int) for p in after) and killed not in after and len(after) <= 2


@pytest.mark.slow
def test_jobs_start_while_the_next_is_made_and_end_in_order_one_at_a_time(tmp_path):
    """Each job goes to a worker as the generator gives it (the build makes the next PDF's HTML
    meanwhile); ``each`` sees every outcome once, in the jobs' order, though the first ends last."""
    first = tmp_path / "first"
    started = []

    def jobs():
        yield 1.5, str(first)
        deadline = time.monotonic() + 20  # a worker writes the file as it starts the job
        while not first.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        started.append(first.exists())
        yield 0, str(tmp_path / "second")
        yield 0, str(tmp_path / "third")

    seen = []
    kept = isolate.run_isolated(sleep_then_pid, jobs(), timeout=30, workers=2, key=lambda job: job[1],
                                each=lambda job, outcome: seen.append((Path(job[1]).name, outcome)))
    assert started == [True], "the first job ran before the second was asked for"
    assert kept == {}, "with each, no outcome is kept"
    assert [name for name, _ in seen] == ["first", "second", "third"]
    assert all(isinstance(outcome, int) for _, outcome in seen)


@pytest.mark.slow
def test_the_next_job_is_asked_for_only_while_few_are_out(tmp_path):
    """A library's jobs are never all made at once: the generator is asked for the next job only
    while fewer than ``AHEAD`` a worker are out (sent, or ended and not yet handed to ``each``)."""
    yielded, seen, out = [], [], []

    def jobs():
        for n in range(6 * isolate.AHEAD):
            out.append(len(yielded) - len(seen))  # out when the next job is asked for
            yielded.append(n)
            yield 0.01, str(tmp_path / f"job{n}")

    isolate.run_isolated(sleep_then_pid, jobs(), timeout=30, workers=1, key=lambda job: job[1],
                         each=lambda job, outcome: seen.append(Path(job[1]).name))
    assert seen == [f"job{n}" for n in range(6 * isolate.AHEAD)]
    assert max(out) == isolate.AHEAD - 1, out  # never more than AHEAD out at once (one worker)


@pytest.mark.slow
def test_a_crashed_worker_is_an_error_for_its_job_only():
    results = isolate.run_isolated(exit_with, [3], timeout=30, workers=2, key=str)
    assert results["3"].error == "the worker process died (exit code 3)"
    assert all(isinstance(p, int) for p in isolate.run_isolated(pid, [1, 2, 3], timeout=30, workers=2,
                                                               key=str).values())


@pytest.mark.slow
def test_an_exception_in_a_job_is_an_error_for_that_job():
    results = isolate.run_isolated(int, ["x", "7"], timeout=30, workers=2, key=str)
    assert results["7"] == 7
    assert "ValueError" in results["x"].error


@pytest.mark.pdf
def test_a_warm_worker_gives_the_same_bytes_as_a_fresh_one(tmp_path):
    """Fonts, stylesheets and caches kept warm between PDFs change nothing in the next PDF."""
    project = Project.at(support.copy_project(tmp_path / "project", site_url=support.SITE_URL))
    folder = project.content / "hsg"
    html = ('<!DOCTYPE html><html lang="en"><head><title>Demo</title></head><body><h1>Demo</h1>'
            '<p>Zażółć gęślą jaźń</p></body></html>')
    job = render_pdf.Job(key="demo.pdf", label="demo", html=html, base_url=folder.as_uri() + "/",
                         roots=(str(folder),), created="2026-11-01")
    other = render_pdf.Job(key="other.pdf", label="other", html=html.replace("Demo", "Other"),
                           base_url=job.base_url, roots=job.roots, created=job.created)
    isolate.shutdown()
    fresh = isolate.run_isolated(render_pdf.render_job, [job], timeout=120, workers=1)["demo.pdf"]
    warm = isolate.run_isolated(render_pdf.render_job, [other, job, job], timeout=120, workers=1)
    assert fresh.error is None and fresh.pdf.startswith(b"%PDF")
    assert warm["demo.pdf"].pdf == fresh.pdf
    assert warm["other.pdf"].pdf != fresh.pdf
