"""The only module that writes build output (and, for ``new``, a new leaflet's folder).

Everything is written into a staging folder beside the target; the target is
replaced only by :meth:`Staging.publish`, after the whole build succeeded, in one
atomic exchange of the two folders. A failed build discards the staging folder and
leaves the published site exactly as it was; a build that is killed (even with
SIGKILL) leaves the site as it was too, and its staging folder is removed by the
next build. One build at a time writes beside a target: :class:`BuildLock`, a lock
file beside it (``.<name>.lock``), makes a second build wait, saying which process
holds it.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path, PurePosixPath

RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths atomically (renameat2, Linux 3.15+)
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step; False where the system cannot (then rename twice)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(a))


class BuildLock:
    """An exclusive ``flock`` on ``.<name>.lock`` beside ``target``, held from the first file
    written to the publication. The system drops it when the holder dies, however it dies.
    ``notify`` is told when another process holds it (and this one waits)."""

    def __init__(self, target: Path, notify=None):
        target = Path(target)
        self.path = target.with_name(f".{target.name}.lock")
        self.notify = notify or (lambda text: print(text, file=sys.stderr, flush=True))
        self.file = None
        self.nested = False

    def acquire(self) -> "BuildLock":
        told = False
        while True:
            self.file = open(self.path, "a+", encoding="utf-8")
            try:
                fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self.holder()
                if holder == str(os.getpid()):  # an earlier staging of this same process, never finished
                    self.nested = True
                    return self
                if not told:
                    self.notify(f"{self.path.parent / self.path.name[1:-5]} is being built by process "
                                f"{holder or '?'} (lock {self.path}): waiting for it to finish")
                    told = True
                fcntl.flock(self.file, fcntl.LOCK_EX)
            if self._still_the_file():
                break
            self.file.close()  # the holder removed the file as it finished: lock the new one
        self.file.seek(0)
        self.file.truncate()
        self.file.write(f"{os.getpid()}\n")
        self.file.flush()
        return self

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def _still_the_file(self) -> bool:
        try:
            return os.stat(self.path).st_ino == os.fstat(self.file.fileno()).st_ino
        except FileNotFoundError:
            return False

    def release(self) -> None:
        """Remove the lock file (while still holding it: a waiter then locks a new one) and unlock."""
        if self.file is not None:
            if not self.nested:
                try:
                    os.unlink(self.path)
                except FileNotFoundError:
                    pass
                fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None


def remove_leftovers(target: Path) -> None:
    """What a killed build left beside ``target`` (under its lock): staging folders, and an old
    site a two-step publication had moved aside (put back if the site itself is missing)."""
    target = Path(target)
    olds = sorted(target.parent.glob(f".{target.name}-old-*"))
    if olds and not os.path.lexists(target):
        os.rename(olds.pop(), target)
    for stale in [*target.parent.glob(f".{target.name}-build-*"), *olds]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def holding(target: Path, *beside: Path):
    """``target``'s :class:`BuildLock` for the ``with`` block (waiting while another build holds
    it), with what a killed build left beside ``target`` and each of ``beside`` removed first
    (:func:`remove_leftovers`): how a build starts, before its check, even if it stops there.
    A :class:`Staging` of the same process inside it nests in the lock."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = BuildLock(target).acquire()
    try:
        for folder in (target, *beside):
            remove_leftovers(Path(folder))
        yield lock
    finally:
        lock.release()


class Staging:
    """A folder beside ``target`` that becomes it on :meth:`publish`. ``lock_for``: the output
    whose :class:`BuildLock` to hold (default ``target``; ``report`` locks the whole site)."""

    def __init__(self, target: Path, lock_for: Path | None = None):
        self.target = Path(target).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        locked = Path(lock_for).resolve() if lock_for is not None else self.target
        locked.parent.mkdir(parents=True, exist_ok=True)
        self.lock = BuildLock(locked).acquire()
        if not self.lock.nested:
            remove_leftovers(self.target)
        try:
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-build-", dir=self.target.parent))
        except BaseException:
            self.lock.release()
            raise
        os.chmod(self.path, 0o755)
        self.written: dict[str, int] = {}

    def _resolve(self, rel: str) -> Path:
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts:
            raise ValueError(f"output path escapes the site: {rel}")
        return self.path.joinpath(*pure.parts)

    def write(self, rel: str, data: bytes | str) -> Path:
        if isinstance(data, str):
            data = data.encode("utf-8")
        dest = self._resolve(rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.unlink(missing_ok=True)  # a file adopted from the cache is a hard link: never write through it
        dest.write_bytes(data)
        self.written[rel] = len(data)
        return dest

    def adopt(self, rel: str, source: Path) -> None:
        """Put an unchanged file from the output cache at ``rel`` (a hard link where possible)."""
        dest = self._resolve(rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, dest)
        except OSError:
            shutil.copyfile(source, dest)
        self.written[rel] = dest.stat().st_size

    def remove(self, rel: str) -> None:
        """Take a file out again (a unit held back after its files were written)."""
        self._resolve(rel).unlink(missing_ok=True)
        self.written.pop(rel, None)

    def carry(self, rel: str) -> bool:
        """Keep the published site's file at ``rel`` in the new site (a held-back unit's previous
        pages). False when the published site has no such regular file inside it."""
        source = self.target.joinpath(*PurePosixPath(rel).parts)
        try:
            inside = source.resolve().is_relative_to(self.target) and source.is_file() and not source.is_symlink()
        except (OSError, ValueError):
            inside = False
        if ".." in PurePosixPath(rel).parts or not inside:
            return False
        self.adopt(rel, source)
        return True

    def folder(self, rel: str) -> Path:
        """A folder inside the staging area for a tool that writes its own files (MkDocs)."""
        dest = self._resolve(rel)
        dest.mkdir(parents=True, exist_ok=True)
        return dest

    def publish(self) -> None:
        """Swap the staging folder into place of the target, then drop the old output."""
        try:
            if self.target.is_dir() and not self.target.is_symlink() and _exchange(self.path, self.target):
                shutil.rmtree(self.path, ignore_errors=True)  # now the old site; a kill here: next build
                return
            old = None
            if os.path.lexists(self.target):
                old = self.target.with_name(f".{self.target.name}-old-{os.getpid()}")
                os.rename(self.target, old)
            os.rename(self.path, self.target)
            if old is not None:
                shutil.rmtree(old)
        finally:
            self.lock.release()

    def discard(self) -> None:
        try:
            shutil.rmtree(self.path, ignore_errors=True)
        finally:
            self.lock.release()


def create_folder(target: Path, files: dict[str, str | bytes]) -> None:
    """Create ``target`` holding ``files`` (relative path -> text, or bytes for a picture), all or nothing.

    For ``new``: the files are written beside the target and the folder renamed
    into place, so an interrupted run leaves no half-made leaflet. An existing
    target is never touched (FileExistsError).
    """
    target = Path(target)
    if target.exists():
        raise FileExistsError(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        for rel, text in files.items():
            dest = scratch.joinpath(*PurePosixPath(rel).parts)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.chmod(scratch, 0o755)
        if target.exists():
            raise FileExistsError(target)
        os.rename(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


class OutputCache:
    """Outputs of earlier builds, kept by the hash of their inputs: ``<folder>/<key>/``.

    An entry is written whole into a temporary folder and renamed into place, so a
    build that stops half-way never leaves a partial entry. Entries are never
    changed once written, which is what makes hard links from the site safe.
    """

    MANIFEST = "manifest.json"

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def restore(self, key: str, staging: Staging) -> list[str] | None:
        """Put the cached outputs of ``key`` into ``staging``; None when there are none."""
        entry = self.folder / key
        try:
            files = json.loads((entry / self.MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        for rel in files:
            staging.adopt(rel, entry / "files" / rel)
        return files

    def store(self, key: str, staging: Staging, files: list[str]) -> None:
        entry = self.folder / key
        if entry.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=self.folder))
        for rel in files:
            dest = scratch / "files" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging._resolve(rel), dest)
        (scratch / self.MANIFEST).write_text(json.dumps(sorted(files)), encoding="utf-8")
        try:
            os.rename(scratch, entry)
        except OSError:  # another build stored the same entry first
            shutil.rmtree(scratch, ignore_errors=True)

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def replace_file(target: Path, data: str | bytes) -> None:
    """Write one file whole (a temporary file beside it, renamed into place): for ``archive``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(scratch, 0o644)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


class Memo:
    """A small key -> value store in a JSON file (the output cache's ``digests.json``): values
    that are pure functions of their key, such as a catalogue's content hash by its bytes'
    hash. Saved whole and renamed into place, so a stopped build leaves the old file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.values: dict[str, str] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, unreadable or damaged: start empty
            self.values = {}
        self.changed = False
        self.used: set[str] = set()

    def get(self, key: str) -> str | None:
        if key in self.values:
            self.used.add(key)
        return self.values.get(key)

    def set(self, key: str, value: str) -> None:
        self.used.add(key)
        if self.values.get(key) != value:
            self.values[key] = value
            self.changed = True

    def prune(self) -> None:
        """Forget the values this run did not use (old texts), so the file does not grow forever."""
        if set(self.values) - self.used:
            self.values = {k: v for k, v in self.values.items() if k in self.used}
            self.changed = True

    def save(self) -> None:
        """Write the values back; a folder that cannot be written only means nothing is kept."""
        if not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, scratch = tempfile.mkstemp(prefix=f".{self.path.name}-", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.values, f, sort_keys=True)
            os.replace(scratch, self.path)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
        self.changed = False


class Blobs:
    """Byte strings in a folder, one file each by key (parsed catalogues, ``pofile.caching``):
    written whole and renamed into place; :meth:`prune` drops the ones a run did not use."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.used: set[str] = set()

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, scratch = tempfile.mkstemp(prefix=f".{key[:12]}-", dir=self.folder)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(scratch, self.folder / key)
        except OSError:
            pass  # a cache that cannot be written only means nothing is kept

    def prune(self) -> None:
        try:
            for file in self.folder.iterdir():
                if file.name not in self.used and not file.name.startswith("."):
                    file.unlink(missing_ok=True)
        except OSError:
            pass
