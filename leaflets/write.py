"""The only module that writes build output (and, for ``new``, a new leaflet's folder).

Everything is written into a staging folder beside the target; the target is
replaced only by :meth:`Staging.publish`, after the whole build succeeded. A
failed build discards the staging folder and leaves the published site exactly
as it was.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


class Staging:
    def __init__(self, target: Path):
        self.target = Path(target).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-build-", dir=self.target.parent))
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

    def folder(self, rel: str) -> Path:
        """A folder inside the staging area for a tool that writes its own files (MkDocs)."""
        dest = self._resolve(rel)
        dest.mkdir(parents=True, exist_ok=True)
        return dest

    def publish(self) -> None:
        """Swap the staging folder into place of the target, then drop the old output."""
        old = None
        if self.target.exists():
            old = self.target.with_name(f".{self.target.name}-old-{os.getpid()}")
            os.rename(self.target, old)
        os.rename(self.path, self.target)
        if old is not None:
            shutil.rmtree(old)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


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
            if isinstance(text, bytes):
                dest.write_bytes(text)
            else:
                dest.write_text(text, encoding="utf-8")
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
