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

Only a run that finished and published is kept, and only if no project file changed
while it ran (the build itself writes only ``archive/``, the site and the dashboard) and
none was modified within :data:`RACY` seconds before it started: a file edited again in
the same tick of the clock as the run read it would keep its times (git's "racy clean"
rule). ``build --clean`` forgets the memo.
"""
from __future__ import annotations

import json
import os
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
ARCHIVE = "archive"  # written by the build itself (the record of each version): an input it also changes
RACY = 2.0  # seconds: coarser than any file system's clock tick (FAT's is 2 s)
EXTERNAL = ("fc-list", "espeak-ng", "ffmpeg", "ffprobe")  # programs whose output reaches the outputs


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


def environment(options: dict) -> str:
    """What outside the project shapes a run: options, date, interpreter, libraries, fonts, programs."""
    from .fingerprint import system_fonts

    programs = []
    for name in EXTERNAL:
        path = shutil.which(name)
        programs.append(f"{name}={path}:{times(os.stat(path)) if path else 'absent'}")
    return hashing.digest(json.dumps(options, sort_keys=True, default=str), date.today().isoformat(),
                          os.environ.get("SOURCE_DATE_EPOCH", ""), sys.version, sys.executable,
                          hashing.tools(), system_fonts(), *programs)


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
        self.key = environment({"command": command, **options, "outputs": [str(o) for o in self.outputs]})
        self.started = time.time()
        self.before = self.inputs()

    def inputs(self) -> dict[str, list]:
        return stat_tree(self.root, {*self.folders, *(o.with_name(f".{o.name}.lock") for o in self.folders)})

    def published(self) -> dict[str, dict]:
        return {str(o): stat_tree(o) for o in self.outputs}

    def stored(self) -> dict:
        try:
            memo = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        entry = memo.get(self.command) if isinstance(memo, dict) else None
        return entry if isinstance(entry, dict) else {}

    def replay(self) -> dict | None:
        """The last run's ``{"stdout", "stderr", "code", "counts", "finished"}`` if nothing has changed since."""
        entry = self.stored()
        if (entry.get("key") != self.key or entry.get("inputs") != jsonable(self.before)
                or entry.get("outputs") != jsonable(self.published())):
            return None
        return entry

    def keep(self, stdout: str, stderr: str, code: int, counts: dict) -> bool:
        """Record this run, unless a project file changed while it ran or just before (see above)."""
        after = self.inputs()
        ours = (ARCHIVE, ARCHIVE + "/")
        if {k: v for k, v in after.items() if not k.startswith(ours)} != {
                k: v for k, v in self.before.items() if not k.startswith(ours)}:
            return False
        newest = max((s[1] for k, s in after.items()
                      if not k.startswith(ours) and len(s) == 4 and isinstance(s[1], int)), default=0)
        if newest / 1e9 >= self.started - RACY:
            return False
        try:
            memo = json.loads(self.path.read_text(encoding="utf-8"))
            memo = memo if isinstance(memo, dict) else {}
        except (OSError, ValueError):
            memo = {}
        memo[self.command] = {"key": self.key, "inputs": after, "outputs": self.published(),
                              "stdout": stdout, "stderr": stderr, "code": code, "counts": counts,
                              "finished": time.strftime("%Y-%m-%d %H:%M:%S")}
        try:
            replace_file(self.path, json.dumps(memo, sort_keys=True))
        except OSError:  # a project that cannot be written to only means nothing is kept
            return False
        return True


def forget(root: Path) -> None:
    """``build --clean``: the next run does everything again."""
    (Path(root).resolve() / MEMO).unlink(missing_ok=True)


def jsonable(stamps: dict) -> dict:
    """``stamps`` as they come back from the JSON file (tuples as lists)."""
    return json.loads(json.dumps(stamps))
