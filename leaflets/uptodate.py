"""Whether ``build`` or ``check`` has anything to do: the command line's up-to-date memo.

The build's own caches are by content (``fingerprint``): an unchanged leaflet in a language
is not rendered again, however its files were copied. Proving that still costs the
whole check (reading, validating, hashing every leaflet and catalogue), seconds for a
library. This memo answers the commonest case first, the way ``make`` and git's index do,
from the file system's own records: when no file in the project (its size, modification
and change times, inode, where a link points), none of the published site and dashboard,
no tool, font, option or today's date differs from the last run that completed, the run
would do exactly what it did then, so its messages and exit code are shown again and
nothing is read or written. Anything else, even a file touched but not changed, runs the
command as usual (whose content caches then do the real work).

Only a run that finished with no error is kept (a build: that published; an error may be
mended outside the project, or not come again: a PDF over its time limit), and only if no
project file changed while it ran (the build itself writes only the current versions'
folders in ``archive/``, the site and the dashboard, under the site's lock until it is
kept) and none was modified or replaced within :data:`RACY` seconds before it started, by
the file system's clock: a file edited again in the same tick of the clock as the run read
it would keep its times (git's "racy clean" rule). ``build --clean`` forgets the memo.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from . import hashing
from .write import replace_file

MEMO = ".cache/uptodate.json"
SKIP = frozenset({".git", ".venv", ".cache", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
                  ".hypothesis", "node_modules"})  # never read by a build: tools' and tests' own folders
# (and *.egg-info, which set-up's editable install writes again each time it runs)
RACY = 2.0  # seconds: coarser than any file system's clock tick (FAT's is 2 s)
EXTERNAL = ("fc-list", "espeak-ng", "ffmpeg", "ffprobe")  # programs whose output reaches the outputs
# Where those programs and libraries find their data and settings, and what the subprocesses' text is in.
VARIABLES = ("SOURCE_DATE_EPOCH", "LOUIS_TABLEPATH", "ESPEAK_DATA_PATH", "FONTCONFIG_FILE", "FONTCONFIG_PATH",
             "FONTCONFIG_SYSROOT", "PATH", "PYTHONPATH", "LANG", "LC_ALL", "LC_CTYPE")
MKDOCS_ENV = re.compile(r"!ENV\s+\[?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)")  # mkdocs.yml's own variables


def stat_tree(top: Path, skip: set[Path] = frozenset()) -> dict[str, list]:
    """``relative name -> [size, mtime_ns, ctime_ns, inode]`` (a link: ``["->", target, ...]``) of
    everything under ``top`` but ``skip`` and :data:`SKIP`; no file is opened."""
    stamps: dict[str, list] = {}
    if not os.path.isdir(top):
        return {"": ["absent"]}
    pending = [str(top)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            stamps[os.path.relpath(folder, top) + "/"] = ["unreadable", error.errno]
            continue
        for entry in entries:
            if entry.name in SKIP or entry.name.endswith(".egg-info") or Path(entry.path) in skip:
                continue
            name = os.path.relpath(entry.path, top)
            try:
                st = entry.stat(follow_symlinks=False)
                if entry.is_symlink():
                    target = os.stat(entry.path) if os.path.exists(entry.path) else None
                    stamps[name] = ["->", os.readlink(entry.path), *(times(target) if target else ["dangling"])]
                elif entry.is_dir(follow_symlinks=False):
                    stamps[name + "/"] = [st.st_ino]
                    pending.append(entry.path)
                else:
                    stamps[name] = times(st)
            except OSError as error:  # vanished or unreadable since the listing: never equal to a kept stamp
                stamps[name] = ["unreadable", error.errno]
    return stamps


def times(st: os.stat_result) -> list:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def environment(root: Path, options: dict) -> str:
    """What outside the project shapes a run: options, date, interpreter, every installed
    distribution's version, fonts, programs, and the variables they read."""
    from .fingerprint import system_fonts

    programs = []
    for name in EXTERNAL:
        path = shutil.which(name)
        programs.append(f"{name}={path}:{times(os.stat(path)) if path else 'absent'}")
    try:
        named = MKDOCS_ENV.findall((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        named = []
    variables = [f"{v}={os.environ.get(v)}" for v in (*VARIABLES, *sorted(set(named)))]
    return hashing.digest(json.dumps(options, sort_keys=True, default=str), date.today().isoformat(),
                          sys.version, sys.executable, hashing.tools(), system_fonts(), *programs, *variables,
                          *distributions())


def distributions() -> list[str]:
    """The installed distributions, by their metadata folders' names (``name-version.dist-info``)."""
    found = []
    for folder in sys.path:
        try:
            found += [f"{folder}/{n}" for n in os.listdir(folder or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(found)


class Run:
    """One ``build`` or ``check`` at ``root``: :meth:`replay` what the last equal run said, or
    :meth:`keep` what this one said. ``outputs``: the folders a build publishes (the site, the
    dashboard), never its inputs; ``publishes``: whether this run does (a check only reads)."""

    def __init__(self, root: Path, command: str, options: dict, outputs: list[Path], publishes: bool):
        self.root = Path(root).resolve()
        self.command = command
        self.folders = [Path(o).resolve() for o in outputs]
        self.outputs = self.folders if publishes else []
        self.path = self.root / MEMO
        self.key = environment(self.root, {"command": command, **options, "outputs": [str(o) for o in self.outputs]})
        self.started = self.clock()
        self.before = self.inputs()

    def clock(self) -> float:
        """Now, by the project's file system's clock (which may not be this machine's: a share)."""
        mark = self.path.with_name("uptodate.clock")
        try:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
            st = mark.stat()
            return max(st.st_mtime_ns, st.st_ctime_ns) / 1e9
        except OSError:
            return time.time()

    def inputs(self) -> dict[str, list]:
        return stat_tree(self.root, {*self.folders, *(o.with_name(f".{o.name}.lock") for o in self.folders)})

    def published(self) -> dict[str, dict]:
        return {str(o): stat_tree(o) for o in self.outputs}

    def load(self) -> dict:
        """The memo file's entries by command (none if it is missing or damaged)."""
        try:
            memo = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return memo if isinstance(memo, dict) else {}

    def stored(self) -> dict:
        entry = self.load().get(self.command)
        return entry if isinstance(entry, dict) else {}

    def replay(self) -> dict | None:
        """The last run's ``{"stdout", "stderr", "code", "counts", "finished"}`` if nothing has changed since."""
        entry = self.stored()
        fields = {"stdout": str, "stderr": str, "code": int, "counts": dict, "finished": str}
        if (entry.get("key") != self.key or entry.get("inputs") != self.before
                or entry.get("outputs") != self.published()
                or not all(isinstance(entry.get(f), kind) for f, kind in fields.items())):
            return None
        return entry

    def keep(self, stdout: str, stderr: str, code: int, counts: dict | None = None, written: list[str] = ()) -> bool:
        """Record this run, unless a project file changed while it ran or just before (see above);
        ``written``: the folders it wrote into the project (``archive/<id>/<version>/``), their
        files' changes its own."""
        after = self.inputs()
        ours = tuple(written)

        def own(name: str) -> bool:
            """In a folder it wrote, or a folder on the way to one (``archive/``, ``archive/<id>/``: made by
            the first build that archives; what else they hold is still compared, entry by entry)."""
            return name.startswith(ours) or name + "/" in ours or (name.endswith("/") and
                                                                   any(w.startswith(name) for w in ours))

        def theirs(stamps: dict) -> dict:
            return {k: v for k, v in stamps.items() if not own(k)}
        if theirs(after) != theirs(self.before):
            return False
        # Modified or replaced (mtime or ctime) within RACY seconds before the run read it.
        newest = max((max(s[-3], s[-2]) for s in theirs(after).values() if isinstance(s[-1], int) and len(s) >= 4),
                     default=0)
        if newest / 1e9 >= self.started - RACY:
            return False
        memo = self.load()
        memo[self.command] = {"key": self.key, "inputs": after, "outputs": self.published(),
                              "stdout": stdout, "stderr": stderr, "code": code, "counts": counts or {},
                              "finished": time.strftime("%Y-%m-%d %H:%M:%S")}
        try:
            replace_file(self.path, json.dumps(memo, sort_keys=True))
        except OSError:  # a project that cannot be written to only means nothing is kept
            return False
        return True


def forget(root: Path) -> None:
    """``build --clean``: the next run does everything again."""
    (Path(root).resolve() / MEMO).unlink(missing_ok=True)
