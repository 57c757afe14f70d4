"""Where the render jobs run: this machine's warm workers, or a Dask cluster (``distributed``).

``--executor dask://HOST:PORT`` connects to a running scheduler; the build then submits
every PDF, easy read and per-language website job to the cluster through its
``concurrent.futures`` executor (:meth:`distributed.Client.get_executor`). Each job runs
on a worker under :func:`leaflets.isolate.limited`: in that machine's own warm pool, with
the same time limit, the same asset fetcher, and so the same bytes as a local build.

The workers must import this same version of ``leaflets`` and see the project at the
same path (a shared or identical checkout), with the same fonts; they must not be
daemonic (``DASK_DISTRIBUTED__WORKER__DAEMON=False``), as each starts its own pool.
"""
from __future__ import annotations

from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlsplit


class ExecutorError(ValueError):
    """An ``--executor`` that cannot be used (its message says why)."""


def parse(spec: str) -> str:
    """The scheduler address (``tcp://HOST:PORT``) of ``dask://HOST:PORT``."""
    parts = urlsplit(spec)
    if parts.scheme != "dask" or not parts.hostname or not parts.port or parts.path not in ("", "/"):
        raise ExecutorError(f"--executor {spec!r}: expected dask://HOST:PORT (a Dask scheduler)")
    return f"tcp://{parts.hostname}:{parts.port}"


# How long a build waits for the scheduler to answer (``--executor-timeout``): Dask retries a refused
# connection until then, so a scheduler started at the same time as the build is still found.
CONNECT_TIMEOUT = 10.0


@contextmanager
def connect(spec: str | None, timeout: float = CONNECT_TIMEOUT) -> Iterator[Executor | None]:
    """The executor ``spec`` names, for the time of a build; None (local workers) for None.
    No scheduler answering within ``timeout`` seconds is an :class:`ExecutorError`."""
    if spec is None:
        yield None
        return
    address = parse(spec)
    try:
        from distributed import Client
    except ImportError as error:  # pragma: no cover - distributed is a dependency
        raise ExecutorError(f"--executor {spec}: the distributed package is not installed") from error
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except OSError as error:
        raise ExecutorError(f"--executor {spec}: no Dask scheduler answers at {address} ({error})") from error
    try:
        yield client.get_executor()
    finally:
        client.close()
