"""Shared fixtures: a throw-away copy of the project, one real build of it for the whole session,
one browser for the whole session, and the markers that follow from them."""
from __future__ import annotations

import gc
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import ROOT, copy_project

# A test process keeps the session's builds, their parsed pages and PDFs (pdfhelp.plumbed) for
# its whole life, and the garbage collector's full passes walk all of it: about a tenth of a
# worker's CPU (measured with gc.callbacks) at Python's default thresholds. Collect less often.
gc.set_threshold(50_000, 50, 100)

# pytest keeps the temporary folders of the last three runs and, as each run ends, deletes the one
# before them while the run waits: a whole suite's folder is about 50,000 files (700 MB), which took
# 10 s and more here, at the end of a whole run or of the fast part alike. So each run has a folder
# of its own under TEST_FOLDERS, with its process id beside it, and as it ends it renames the folders
# of older runs (all but the last KEEP_RUNS, none still running) to trash-* and hands them to `rm` in
# a process of its own, at low priority, which the run does not wait for. `--basetemp DIR` is left
# as pytest has it.
TEST_FOLDERS = Path(tempfile.gettempdir()) / f"leaflets-tests-{os.getuid()}"
KEEP_RUNS = 3
_RUN = pytest.StashKey[Path]()


def _pid_file(run: Path) -> Path:
    return run.with_name(run.name + ".pid")


@pytest.hookimpl(tryfirst=True)  # before pytest's tmp_path plugin reads --basetemp
def pytest_configure(config):
    if hasattr(config, "workerinput") or config.option.basetemp:
        return  # an xdist worker (its folder is in the controller's), or a folder given
    TEST_FOLDERS.mkdir(mode=0o700, exist_ok=True)
    run = Path(tempfile.mkdtemp(prefix="run-", dir=TEST_FOLDERS))
    _pid_file(run).write_text(str(os.getpid()))
    config.option.basetemp = str(run)
    config.stash[_RUN] = run


def pytest_unconfigure(config):
    run = config.stash.get(_RUN, None)
    if run is None:
        return
    _pid_file(run).unlink(missing_ok=True)
    runs = sorted((p for p in TEST_FOLDERS.glob("run-*") if p.is_dir()), key=_modified)
    for old in runs[:-KEEP_RUNS]:
        if not _running(_pid_file(old)):
            _pid_file(old).unlink(missing_ok=True)
            try:  # renamed first, so that a run ending while `rm` is at work does not count it again
                old.rename(TEST_FOLDERS / f"trash-{old.name}")
            except OSError:
                pass  # another run ending at the same moment took it
    trash = [str(p) for p in TEST_FOLDERS.glob("trash-*")]  # with any an earlier `rm` did not finish
    if trash:
        subprocess.Popen(["nice", "-n", "19", "rm", "-rf", "--", *trash], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _modified(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except FileNotFoundError:  # renamed to trash by another run meanwhile
        return 0.0


def _running(pid_file: Path) -> bool:
    """Whether the run that wrote ``pid_file`` is still going (in another terminal, say)."""
    try:
        os.kill(int(pid_file.read_text()), 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@pytest.fixture
def project_root(tmp_path: Path) -> Path:
    """A private copy of the project that a test may edit."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A private copy of the project in English only, with the web formats only (no PDF, braille
    or audio to render): for a test that changes the project and builds it."""
    return copy_project(tmp_path / "project", languages=["en"], formats=["html", "site"])


@dataclass(frozen=True)
class Built:
    """The real build: the site folder, the team's dashboard folder and the pipeline's result."""
    site: Path
    report: Path
    result: object  # leaflets.pipeline.Result


@pytest.fixture(scope="session")
def real_build(tmp_path_factory) -> Built:
    """The project's own content and catalogues built once, through ``pipeline.build``, as
    ``python build.py`` builds them (every language, every format). Tests that only read output
    share it; a test that needs a changed project builds a small copy of its own."""
    from leaflets import pipeline
    from leaflets.project import Project

    folder = tmp_path_factory.mktemp("built")
    out, report = folder / "site", folder / "site-report"
    result = pipeline.build(Project.at(ROOT), out, options=pipeline.Options(report=report))
    assert result.published, "\n".join(map(str, result.diagnostics))
    return Built(out, report, result)


def build_with_address(folder: Path, languages=("en", "pl", "ar", "zh-Hans"),
                       formats=("html", "large-print", "print", "easy-read")) -> Built:
    """A copy of the project with a public address (support.SITE_URL), built with the formats that
    carry it (the QR codes and links of the PDFs, the single page's and easy read's links); no
    website, braille or audio."""
    from leaflets import pipeline
    from leaflets.project import Project
    from support import SITE_URL

    root = copy_project(folder / "project", languages=list(languages), formats=list(formats), site_url=SITE_URL)
    result = pipeline.build(Project.at(root), folder / "site", options=pipeline.Options(report=folder / "report"))
    assert result.published, "\n".join(map(str, result.diagnostics))
    return Built(folder / "site", folder / "report", result)


@pytest.fixture(scope="session")
def address_build(tmp_path_factory) -> Built:
    """``build_with_address``, once for the session (the QR codes, absolute links)."""
    return build_with_address(tmp_path_factory.mktemp("address"))


@pytest.fixture(scope="session")
def built_site(real_build) -> Path:
    """The site folder of the real build (read only: copy it to change it)."""
    return real_build.site


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Playwright) for the session; each test opens its own contexts."""
    from support import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# A test that uses one of these fixtures gets the marker (the real build renders every PDF and
# runs espeak-ng and ffmpeg for the audio), so `-m "not pdf and not browser ..."` leaves it out.
FIXTURE_MARKERS = {"real_build": ("pdf", "audio"), "built_site": ("pdf", "audio"), "address_build": ("pdf",),
                   "browser": ("browser",)}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        used = getattr(item, "fixturenames", ())
        for fixture, markers in FIXTURE_MARKERS.items():
            if fixture in used:
                for marker in markers:
                    item.add_marker(marker)


# `make test` runs two workers, each test file on one (--dist loadfile). The files that read the
# session's builds above go to one worker as one unit, so the project is built once for the suite
# rather than once a worker (each build takes as long as several test files).
SESSION_BUILDS = re.compile(r"\b(real_build|built_site|address_build|build_with_address)\b")


def _session_build_files(folder: Path) -> set[str]:
    """The test files that use the session builds, or take fixtures from one that does."""
    sources = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("test_*.py")}
    users = {name for name, text in sources.items() if SESSION_BUILDS.search(text)}
    while True:
        more = {name for name, text in sources.items() if name not in users
                and re.search(rf"^from ({'|'.join(map(re.escape, users))}) import", text, re.M)}
        if not more:
            return {f"{name}.py" for name in users}
        users |= more


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None  # another way of sharing out the tests, asked for on the command line
    from xdist.scheduler import LoadFileScheduling

    shared = _session_build_files(Path(__file__).parent)

    class OneBuild(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return "session builds" if file.rsplit("/", 1)[-1] in shared else file

    return OneBuild(config, log)
