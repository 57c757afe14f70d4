"""The one way tests copy the project: everything a build reads, nothing it writes."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "templates", "locales", "symbols", "fonts", "archive", "branding", "pyproject.toml",
                 "mkdocs.yml")


def copy_project(dest: Path, *, locales: bool = True) -> Path:
    """A private copy of the project in ``dest`` that a test may edit (``locales=False``: no catalogues)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if part == "locales" and not locales:
            (dest / part).mkdir()
        elif src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif src.is_file():
            shutil.copy2(src, dest / part)
    return dest


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
