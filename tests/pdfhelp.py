"""Shared helpers for the PDF tests: render documents, read the PDFs' text (the real build is
conftest's ``real_build``; a project copy is ``support.copy_project``)."""
from __future__ import annotations

import atexit
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from leaflets import pipeline, render_pdf
from leaflets.diagnostics import Diagnostics
from leaflets.document import localize
from leaflets.load import load_leaflet
from leaflets.project import Project
from leaflets.write import Staging

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "hsg-leaflet.txt"
# Lines of the saved web page that are page chrome, not leaflet text.
CHROME = {"CUH Logo", "Mobile menu open", "Patient information A-Z", "References / sources of evidence"}


def scratch() -> Path:
    path = Path(tempfile.mkdtemp(prefix="leaflets-pdf-test-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def render_documents(project: Project, docs, out: Path) -> tuple[Path, Diagnostics]:
    """Both PDFs of each document (e.g. a faked translation) into ``out``, published if clean."""
    diags = Diagnostics()
    staging = Staging(out)
    render_pdf.render_all(project, [(doc, pipeline.env_for(project, doc.lang)) for doc in docs], staging, diags)
    if diags.errors:
        staging.discard()
    else:
        staging.publish()
    return out, diags


def hsg_leaflet(project: Project | None = None):
    project = project or Project.at(ROOT)
    diags = Diagnostics()
    leaflet = load_leaflet(project.content / "hsg", project.root, diags)
    assert not diags.errors, diags
    return leaflet


def localized(lang: str, translations: dict[str, str]):
    """The HSG leaflet in ``lang`` with the given source -> translation pairs (the rest falls back)."""
    leaflet = hsg_leaflet()
    return localize(leaflet, lang, lookup=lambda m: translations.get(m.text), reviewed=False)


def normalise(text: str) -> str:
    """One line, single spaces; a line broken after a hyphen joined again."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"- ", "-", text)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


_PLUMBED: dict[tuple, object] = {}  # (path, mtime, size) -> the open pdfplumber PDF


def plumbed(path: Path):
    """``path`` opened with pdfplumber once for the test process (a built PDF is only read): each
    page's characters and drawings are parsed once, however many tests read them. A file that
    changed is opened again; at most 16 are kept open."""
    import pdfplumber

    info = Path(path).stat()
    key = (str(Path(path).resolve()), info.st_mtime_ns, info.st_size)
    if key not in _PLUMBED:
        if len(_PLUMBED) >= 16:
            _PLUMBED.pop(next(iter(_PLUMBED))).close()
        _PLUMBED[key] = pdfplumber.open(path)
    return _PLUMBED[key]


def reading_text(path: Path) -> str:
    """The text of every page in reading order (pdfplumber), without the page numbers and the
    document reference under them (``hsg/0.1 (provisional)/en/print``)."""
    pages = [page.extract_text() for page in plumbed(path).pages]
    lines = [line for page in pages for line in page.splitlines()]
    return "\n".join(line for line in lines if not re.fullmatch(r"Page \d+ of \d+|[a-z0-9-]+/[^/]+/[\w-]+/[a-z-]+",
                                                                 line.strip()))


def source_sentences() -> list[str]:
    """Every sentence of the source leaflet, in order, without the page chrome."""
    sentences = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line in CHROME:
            continue
        sentences += [s for s in re.split(r"(?<=[.?!])\s+", line) if s]
    return sentences
