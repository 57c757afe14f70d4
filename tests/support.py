"""The one way tests copy the project: everything a build reads, nothing it writes."""
from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "templates", "locales", "symbols", "fonts", "archive", "branding", "pyproject.toml",
                 "mkdocs.yml")


def copy_project(dest: Path, *, locales: bool = True, languages: list[str] | None = None,
                 formats: list[str] | None = None, site_url: str | None = None, warm: bool = True) -> Path:
    """A private copy of the project in ``dest`` that a test may edit (``locales=False``: no catalogues).

    ``warm``: with the check caches of the project as it is (``CHECK_CACHES``, brought up to date
    once per process by :func:`warm_caches`), as a team's working copy has them. They are kept by the hash of their
    inputs, so what a test changes is checked again and the rest replayed: a test of the caches
    themselves, or a benchmark, asks for ``warm=False``.

    A test that needs a changed project but not all of it builds a small one: ``languages`` and
    ``formats`` replace those lists in every leaflet.yml (e.g. ``["en"]``, ``["html", "site"]``:
    no PDF rendered); ``site_url`` gives it a public address (``set_site_url``)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if part == "locales" and not locales:
            (dest / part).mkdir()
        elif src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif src.is_file():
            shutil.copy2(src, dest / part)
    for meta in (dest / "content").glob("*/leaflet.yml"):
        text = meta.read_text(encoding="utf-8")
        for key, values in (("languages", languages), ("formats", formats)):
            if values is not None:
                text, count = re.subn(rf"^{key}: \[.*\]$", f"{key}: [{', '.join(values)}]", text, count=1,
                                      flags=re.M)
                assert count == 1, f"{meta}: no one-line {key} list to replace"
        if languages is not None:  # the decisions about the languages dropped go with them
            text = re.sub(r"^  ([\w-]+): \{decision: .*\n", lambda m: m[0] if m[1] in languages else "", text,
                          flags=re.M)
            text = re.sub(r"^unreviewed:\n(?!  )", "", text, flags=re.M)
        if formats is not None and "audio" not in formats:
            text = re.sub(r"^audio: \{.*\}\n", "", text, flags=re.M)
        meta.write_text(text, encoding="utf-8")
    if site_url is not None:
        set_site_url(dest, site_url)
    if warm:
        caches = warm_caches()
        for part in CHECK_CACHES:
            if (caches / part).is_dir():
                shutil.copytree(caches / part, dest / part, copy_function=_copy_if_there)
            elif (caches / part).is_file():
                (dest / part).parent.mkdir(parents=True, exist_ok=True)
                _copy_if_there(caches / part, dest / part)
    return dest


# What `check` keeps in .cache/ by the hash of its inputs (not the build's output cache).
CHECK_CACHES = (".cache/checks.json", ".cache/safety.json", ".cache/scores.json", ".cache/catalogues")


@functools.cache
def warm_caches() -> Path:
    """The project's own root, its check caches brought up to date once per process by a check of
    it, as ``python build.py check`` does (one process at a time: the other test workers wait,
    then find them current). A copy of the project starts with them."""
    import fcntl

    from leaflets import pipeline
    from leaflets.project import Project

    (ROOT / ".cache").mkdir(exist_ok=True)
    with open(ROOT / ".cache" / "tests.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        pipeline.check(Project.at(ROOT))
    return ROOT


def _copy_if_there(src, dst) -> None:
    """shutil.copy2, where a build of the project itself may be replacing the caches meanwhile."""
    try:
        shutil.copy2(src, dst)
    except FileNotFoundError:
        pass


def clone_leaflet(root: Path, source: str, new_id: str) -> None:
    """``content/<source>`` again as ``content/<new_id>``, with copies of its catalogues."""
    shutil.copytree(root / "content" / source, root / "content" / new_id)
    meta = root / "content" / new_id / "leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(f"id: {source}\n", f"id: {new_id}\n", 1),
                    encoding="utf-8")
    for po in (root / "locales").glob(f"*/LC_MESSAGES/{source}.po"):
        shutil.copy2(po, po.with_name(f"{new_id}.po"))


# The public address tests give a project copy where they need one; the demo project has none.
SITE_URL = "https://leaflets.test.example.org/"


def set_site_url(root: Path, url: str = SITE_URL) -> Path:
    """Give the project copy at ``root`` a public address (``base_url`` in [tool.leaflets])."""
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace("[tool.leaflets]\n", f'[tool.leaflets]\nbase_url = "{url}"\n', 1),
                         encoding="utf-8")
    return root


# Chromium as the browser tests drive it (Playwright, the Debian package's binary).
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def html_pages(site: Path) -> list[str]:
    """Every HTML page a reader can open in a built site, relative to its root: the root index, each
    language's pages (leaflet, easy read, audio, A-Z, departments, statement, 404, old versions), the
    single-file documents and the braille proof-reading pages; not the theme's assets."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                  if "assets" not in path.relative_to(site).parts)
