"""``python build.py serve``: preview the site on 127.0.0.1, rebuilding on change.

The whole build runs (the same as ``python build.py``) into a preview folder
outside the project, and again whenever a file under content/, locales/ or
templates/ (or mkdocs.yml) changes: a polling loop over modification times,
simple and the same on every platform. A build that fails leaves the last good
preview in place and prints its diagnostics. Only 127.0.0.1 is bound: the
preview is never reachable from another machine.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from . import pipeline
from .diagnostics import format_text
from .project import Project

HOST = "127.0.0.1"
WATCHED = ("content", "locales", "templates", "mkdocs.yml")


def snapshot(project: Project) -> dict[str, float]:
    """Modification time of every watched file (a file added or removed changes it too)."""
    found = {}
    for name in WATCHED:
        top = project.root / name
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            if path.is_file():
                found[str(path)] = path.stat().st_mtime_ns
    return found


def rebuild(project: Project, out: Path) -> bool:
    # The output cache makes a rebuild after one edit take only what that edit touched.
    result = pipeline.build(project, out, options=pipeline.Options(cache=project.root / pipeline.CACHE))
    if result.diagnostics:
        print(format_text(result.diagnostics), file=sys.stderr)
    print("serve: rebuilt" if result.published else "serve: build failed; still showing the last good build",
          file=sys.stderr, flush=True)
    return result.published


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (http.server's API)
        pass


def serve(project: Project, port: int = 8000, interval: float = 1.0, stop: threading.Event | None = None) -> int:
    preview = Path(tempfile.mkdtemp(prefix="leaflets-preview-"))
    out = preview / "site"
    stop = stop or threading.Event()
    seen = snapshot(project)
    rebuild(project, out)
    if not out.is_dir():
        shutil.rmtree(preview, ignore_errors=True)
        return 1
    # The handler resolves each request under ``out`` afresh, so a rebuild is served from the
    # next request on. The swap is one atomic exchange (``Staging.publish``: renameat2), so a
    # request finds the old build or the new one; only where the file system cannot exchange
    # is it two renames, and a request in the instant between them finds no file (404).
    httpd = http.server.ThreadingHTTPServer((HOST, port), functools.partial(_Handler, directory=str(out)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    print(f"serve: http://{HOST}:{httpd.server_address[1]}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        while not stop.wait(interval):
            now = snapshot(project)
            if now != seen:
                seen = now
                rebuild(project, out)
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
        httpd.server_close()
        shutil.rmtree(preview, ignore_errors=True)
    return 0
