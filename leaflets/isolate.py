"""Run jobs in warm worker processes with a time limit, so one pathological input cannot hang a build.

The workers are a pebble :class:`~pebble.ProcessPool`, kept for the life of this process
and reused by every call (the PDFs, the easy reads, the next build of ``serve``): each
worker renders many PDFs, with fontconfig, Pango and WeasyPrint warm. Workers fork from
a clean server process (``forkserver``: never from the build, which holds threads) that
has WeasyPrint imported already. A job still running after the time limit has its worker
killed (pebble replaces it) and gets an :class:`Outcome` with an error; a worker that dies
is an error for its job only; the other jobs go on.

Given a ``concurrent.futures`` executor (a cluster's: not wired to the command line yet),
each job goes there instead, wrapped in :func:`limited`: on the remote machine it runs in
that machine's own warm pool, under the same time limit.
"""
from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.util
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from pebble import ProcessPool

PRELOAD = ["weasyprint", "leaflets.render_pdf", "leaflets.fetcher"]


@dataclass
class Outcome:
    """What a worker sends back: the PDF, or why there is none, and what WeasyPrint logged."""

    pdf: bytes | None = None
    error: str | None = None
    logs: list[tuple[str, str]] = field(default_factory=list)  # (level, message) from WeasyPrint
    pages: int | None = None  # the PDF's page count (easy read has a limit)


_POOL: tuple[int, "ProcessPool"] | None = None  # (workers, pool) of this process
_LOCK = threading.Lock()


def worker_count(workers: int | None) -> int:
    """How many jobs run at once for ``--jobs``/``Options.jobs`` (None: one per core)."""
    return max(1, workers or os.cpu_count() or 1)


def pool(workers: int | None = None) -> ProcessPool:
    """This process's warm pool of ``workers`` processes (default: one per core), created once."""
    from pebble import ProcessPool  # imported when something renders: `check` never does

    global _POOL
    workers = worker_count(workers)
    with _LOCK:
        if _POOL is not None and (_POOL[0] != workers or not _POOL[1].active):
            _POOL[1].stop()
            _POOL[1].join()
            _POOL = None
        if _POOL is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _POOL = (workers, ProcessPool(max_workers=workers, context=context))
        return _POOL[1]


@atexit.register
def shutdown() -> None:
    """Stop this process's workers (at exit, or for a test that wants fresh ones)."""
    global _POOL
    with _LOCK:
        if _POOL is not None:
            _POOL[1].stop()
            _POOL[1].join()
            _POOL = None


# A process that multiprocessing started (a Dask worker under its nanny) runs no atexit handler:
# it ends by joining its children, the pool's workers among them, which never end on their own, so
# it hung until killed (the nanny waits 4 s). multiprocessing runs its finalizers first.
multiprocessing.util.Finalize(None, shutdown, exitpriority=10)


def outcome_of(future: Future, timeout: float):
    """The job's result, or an :class:`Outcome` saying why there is none."""
    from pebble import ProcessExpired

    try:
        return future.result()
    except FutureTimeout:
        return Outcome(error=f"took longer than {timeout:g} s and was stopped")
    except ProcessExpired as error:
        return Outcome(error=f"the worker process died (exit code {error.exitcode})")
    except Exception as error:  # a bug in the job's code: an error for this job only
        return Outcome(error=f"the worker failed: {type(error).__name__}: {error}")


def limited(func: Callable, job, timeout: float, workers: int | None = None):
    """``func(job)`` in this machine's warm pool under ``timeout``: what a remote executor runs."""
    return outcome_of(pool(workers).schedule(func, args=(job,), timeout=timeout), timeout)


# How many jobs are out at once for each local worker (a cluster's executor: CLUSTER_WINDOW in all):
# enough to keep every worker busy while the next job is made, few enough that a library's jobs
# (each PDF's whole HTML) and ended outcomes are never all held here at once.
AHEAD = 4
CLUSTER_WINDOW = 256


def run_isolated(func: Callable, jobs: Iterable, timeout: float | None, workers: int | None = None,
                 key: Callable = lambda job: job.key, progress: Callable[[int], None] | None = None,
                 executor: Executor | None = None, each: Callable | None = None) -> dict:
    """``func(job)`` for every job in warm worker processes, at most ``workers`` at once.

    Each job is sent as soon as ``jobs`` (any iterable: a generator preparing them) gives it,
    so the workers render while the next job is prepared here; the next job is asked for only
    while fewer than ``AHEAD`` jobs a worker are out (sent, or ended and waiting for ``each``).
    A job still running after ``timeout`` seconds (None: no limit) has its worker killed and
    gets an :class:`Outcome` with an error; a worker that dies gives one too; the others go on.
    With ``executor``, the jobs run there (each under :func:`limited`), up to ``CLUSTER_WINDOW``
    out at once. ``progress(n)`` is told each time ``n`` more jobs ended.

    Returns ``key(job)`` -> outcome; with ``each``, instead calls ``each(job, outcome)`` in the
    jobs' order as soon as a job and those before it have ended, and keeps nothing (a library's
    PDFs are not all held in memory at once), returning an empty dict.
    """
    window = CLUSTER_WINDOW if executor is not None else AHEAD * worker_count(workers)
    todo = iter(jobs)
    out: dict[int, object] = {}  # a job's place in the order -> the job, until its outcome is handed on
    index: dict[Future, int] = {}  # a running job's future -> its place, until it ends
    results, ended = {}, {}
    sent = given = 0
    while True:
        while len(out) < window:
            job = next(todo, _END)
            if job is _END:
                break
            if executor is None:
                future = pool(workers).schedule(func, args=(job,), timeout=timeout)
            else:
                future = executor.submit(limited, func, job, timeout)
            index[future], out[sent] = sent, job
            sent += 1
        if not index:
            return results
        done, _ = wait(list(index), return_when=FIRST_COMPLETED)
        for future in done:
            i = index.pop(future)
            outcome = outcome_of(future, timeout or 0)
            if progress:
                progress(1)
            if each is None:
                results[key(out.pop(i))] = outcome
            else:
                ended[i] = outcome
        while given in ended:  # a PDF's HTML and bytes let go once handed on
            each(out.pop(given), ended.pop(given))
            given += 1


_END = object()
