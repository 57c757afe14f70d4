"""Run jobs each in its own process with a time limit, so one pathological input cannot hang a build.

Workers fork from a clean server process (``forkserver``: never from the build, which
may hold threads) that has WeasyPrint imported already. A job still running after the
time limit is killed; its result is an :class:`Outcome` with an error, and the other
jobs go on.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Callable

PRELOAD = ["weasyprint", "leaflets.render_pdf", "leaflets.fetcher"]


@dataclass
class Outcome:
    """What a worker sends back: the PDF, or why there is none, and what WeasyPrint logged."""

    pdf: bytes | None = None
    error: str | None = None
    logs: list[tuple[str, str]] = field(default_factory=list)  # (level, message) from WeasyPrint
    pages: int | None = None  # the PDF's page count (easy read has a limit)


def _worker(func: Callable, job, conn) -> None:
    try:
        conn.send(func(job))
    finally:
        conn.close()


def run_isolated(func: Callable, jobs: list, timeout: float, workers: int | None = None,
                 key: Callable = lambda job: job.key, progress: Callable[[int], None] | None = None) -> dict:
    """``func(job)`` for every job, each in its own process, at most ``workers`` at once.

    A job still running after ``timeout`` seconds is killed and gets an :class:`Outcome`
    with an error; a process that dies gets one too; the others go on. Keyed by ``key(job)``.
    ``progress(n)`` is told each time ``n`` more jobs ended.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    workers = max(1, workers or min(len(jobs), os.cpu_count() or 1))
    pending, running, results = list(jobs), {}, {}
    while pending or running:
        while pending and len(running) < workers:
            job = pending.pop(0)
            receive, send = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_worker, args=(func, job, send), daemon=True)
            process.start()
            send.close()
            running[receive] = (job, process, time.monotonic() + timeout)
        next_deadline = min(deadline for _, _, deadline in running.values())
        for conn in wait(list(running), timeout=max(0.0, next_deadline - time.monotonic())):
            job, process, _ = running.pop(conn)
            try:
                results[key(job)] = conn.recv()
            except EOFError:
                process.join()
                results[key(job)] = Outcome(error=f"the worker process died (exit code {process.exitcode})")
            conn.close()
            process.join()
            if progress:
                progress(1)
        for conn, (job, process, deadline) in list(running.items()):
            if time.monotonic() >= deadline:
                process.kill()
                process.join()
                conn.close()
                del running[conn]
                results[key(job)] = Outcome(error=f"took longer than {timeout:g} s and was stopped")
                if progress:
                    progress(1)
    return results
