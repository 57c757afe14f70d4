"""Where the test suite's time goes: a pytest plugin that prints, at the end of a run, each
worker's test files in the order it ran them (start and wall time), and the time spent in each
format's renderer, by format and by test file.

    PYTHONPATH=benchmarks .venv/bin/python -m pytest -n 2 --dist loadfile -p suite_times

Not a test, and not loaded by ``make test``: the figures depend on the machine and on what else
runs on it (README, "Running the tests"). Each process (the workers, or the one process without
xdist) appends its records to ``.cache/suite-times/<worker>.jsonl``; the process that prints the
summary reads them all, then removes them. A renderer's time is its ``render`` call as the
pipeline makes it (:mod:`leaflets.outputs`), waiting for its worker processes included; a build
in a child process (``python build.py``) is not counted.
"""
from __future__ import annotations

import collections
import json
import os
import time
from pathlib import Path

FOLDER = Path(".cache/suite-times")
_current: list[str | None] = [None]
_log = None
_recording = [False]  # in a process that runs tests (not the xdist controller, which is told of them too)


def _write(*record) -> None:
    global _log
    if _log is None:
        FOLDER.mkdir(parents=True, exist_ok=True)
        _log = open(FOLDER / f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.jsonl", "a", encoding="utf-8")
    _log.write(json.dumps(record) + "\n")
    _log.flush()


def _timed(module) -> None:
    render = module.render

    def timed(ctx, units):
        start = time.perf_counter()
        try:
            return render(ctx, units)
        finally:
            _write("render", _current[0], module.__name__.rsplit(".", 1)[-1], len(units),
                   time.perf_counter() - start)

    module.render = timed


def pytest_configure(config):
    if os.environ.get("PYTEST_XDIST_WORKER") is None and config.getoption("numprocesses", None):
        return  # the xdist controller runs no test: it only prints the summary
    _recording[0] = True
    from leaflets import outputs

    for module in {id(m): m for flag in (False, True) for m in outputs.renderers(per_language=flag)}.values():
        _timed(module)


def pytest_runtest_logstart(nodeid, location):
    if _recording[0]:
        _current[0] = nodeid
        _write("start", nodeid, time.time())


def pytest_runtest_logfinish(nodeid, location):
    if _recording[0]:
        _write("end", nodeid, time.time())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if os.environ.get("PYTEST_XDIST_WORKER") is not None:
        return
    if _log is not None:
        _log.close()
    say = terminalreporter.write_line
    renders: dict[str, dict[str, list[float]]] = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0.0]))
    runs = {}
    for path in sorted(FOLDER.glob("*.jsonl")):
        files: dict[str, list[float]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, nodeid, *rest = json.loads(line)
            file = (nodeid or "?").split("::", 1)[0]
            if kind == "render":
                fmt, units, seconds = rest
                renders[fmt][file][0] += units
                renders[fmt][file][1] += seconds
            else:
                span = files.setdefault(file, [rest[0], rest[0]])
                span[1] = rest[0]
        runs[path.stem] = files
        path.unlink()
    first = min((span[0] for files in runs.values() for span in files.values()), default=0.0)
    terminalreporter.section("suite times")
    for worker, files in runs.items():
        order = sorted(files.items(), key=lambda item: item[1][0])
        if order:
            say(f"{worker}: {len(order)} files, {order[-1][1][1] - first:.1f} s from the first test to its last")
        for n, (file, (start, end)) in enumerate(order):
            until = order[n + 1][1][0] if n + 1 < len(order) else end  # its teardown is before the next file
            say(f"  at {start - first:6.1f} s  {until - start:6.1f} s  {file}")
    for fmt, by_file in sorted(renders.items(), key=lambda item: -sum(v[1] for v in item[1].values())):
        units = sum(v[0] for v in by_file.values())
        seconds = sum(v[1] for v in by_file.values())
        if seconds < 0.05:
            continue  # given units, but none whose leaflet lists the format
        top = ", ".join(f"{Path(f).name} {v[1]:.1f} s" for f, v in sorted(by_file.items(), key=lambda i: -i[1][1])[:4])
        say(f"render {fmt}: {seconds:.1f} s over {units} units given ({top})")
