"""The audio format on a short leaflet made here (two short sections, English only): a person's
recording (espeak-ng output saved as FLAC, then stamped with ``audio stamp``) for one section,
the synthetic voice for the other. Everything is measured on the real files: ffprobe for
durations, format and chapters, ffmpeg's loudnorm for loudness, mutagen for the ID3 frames."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mutagen.id3 import ID3

import support
from leaflets import audio, cli, pipeline, render_audio, render_html, render_site, report, translate
from leaflets.diagnostics import Diagnostics
from leaflets.project import Project
from leaflets.write import Staging

pytestmark = pytest.mark.audio

SECTIONS = {
    "about": ("What is this test?", "This short leaflet tests the audio version."),
    "preparation": ("How do I prepare?", "Call us on 01223 216455 before you come.\n\n- Bring a drink.\n- Wear loose clothes."),
}


def make_project(dest: Path, audio_setting: str = "{en: synthetic}") -> Path:
    root = support.copy_project(dest, locales=False)
    folder = root / "content" / "hsg"
    meta = (folder / "leaflet.yml").read_text(encoding="utf-8")
    meta = re.sub(r"^languages: .*$", "languages: [en]", meta, flags=re.M)
    meta = re.sub(r"^formats: .*$", "formats: [html, audio]", meta, flags=re.M)
    meta = re.sub(r"^audio: .*$", f"audio: {audio_setting}" if audio_setting else "", meta, flags=re.M)
    meta = re.sub(r"^unreviewed:\n(  .*\n)*", "", meta, flags=re.M)
    meta = re.sub(r"^sections:\n(  - .*\n)*", "sections:\n  - about\n  - preparation\n", meta, flags=re.M)
    (folder / "leaflet.yml").write_text(meta, encoding="utf-8")
    (folder / "easy-read.md").unlink()
    for md in (folder / "sections").glob("*.md"):
        md.unlink()
    for sid, (title, body) in SECTIONS.items():
        critical = "true" if sid == "preparation" else "false"
        (folder / "sections" / f"{sid}.md").write_text(
            f"---\nid: {sid}\ntitle: {title}\ncritical: {critical}\n---\n{body}\n", encoding="utf-8")
    return root


def record(root: Path, section: str, name: str | None = None, lang: str = "en") -> Path:
    """A stand-in for a person's recording: espeak-ng reading the section, saved as FLAC."""
    where = root / "content" / "hsg" / "audio" / lang
    where.mkdir(parents=True, exist_ok=True)
    wav, flac = where / f".{section}.wav", where / f"{name or section}.flac"
    title, body = SECTIONS.get(section, ("Nothing", "Nothing at all."))
    subprocess.run(["espeak-ng", "-v", "en-gb", "-w", str(wav), f"{title}. {body}"], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), str(flac)], check=True)
    wav.unlink()
    return flac


def stamp(root: Path, section: str) -> int:
    return cli.main(["--root", str(root), "audio", "stamp", "hsg", "en", section])


def checked(root: Path):
    result = pipeline.check(Project.at(root))
    return result, [d for d in result.diagnostics if d.code.startswith("audio.")]


def english_plan(root: Path):
    project = Project.at(root)
    diags = Diagnostics()
    leaflet = pipeline.gather(project, diags)[0]
    return project, translate.plan(project, leaflet, "en", diags)


def ffprobe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-show_chapters", "-of", "json",
                          str(path)], capture_output=True, check=True, text=True)
    return json.loads(out.stdout)


def integrated_loudness(path: Path) -> float:
    """Measured independently of the build (which uses ebur128): loudnorm's first pass."""
    out = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af",
                          "loudnorm=I=-16:print_format=json", "-f", "null", "-"], capture_output=True, text=True)
    return float(json.loads(re.search(r"\{[^{}]*\}", out.stderr).group(0))["input_i"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The short leaflet with 'about' recorded and stamped, 'preparation' synthetic, rendered."""
    root = make_project(tmp_path_factory.mktemp("audio") / "project")
    record(root, "about")
    assert stamp(root, "about") == 0
    result, found = checked(root)
    assert found == [] and not result.diagnostics.errors, result.diagnostics
    project, plan = english_plan(root)
    spoken = []
    real_speak = render_audio.speak
    render_audio.speak = lambda text, *a: (spoken.append(text), real_speak(text, *a))
    try:
        staging = Staging(root / "site")
        diags = Diagnostics()
        render_audio.render_all(project, [plan], staging, diags)
        assert diags == []
        render_html.render(pipeline.context(project, staging, diags, [plan]), [plan])
        downloads = render_site.downloads(dict(staging.written), "hsg", "en", staging.path)
        staging.publish()
    finally:
        render_audio.speak = real_speak
    return root, root / "site" / "en" / "hsg", spoken, downloads


def test_the_stamp_ties_the_recording_to_the_text_shown(built):
    root, _site, _spoken, _ = built
    stamps = (root / "content/hsg/audio/en/stamps.yml").read_text(encoding="utf-8")
    project, plan = english_plan(root)
    section = plan.document.sections[0]
    assert audio.text_hash(section) in stamps
    assert audio.file_hash(root / "content/hsg/audio/en/about.flac") in stamps
    ap = audio.plan(project, plan.document, Diagnostics())
    assert [c.synthetic for c in ap.clips] == [False, True] and ap.mixed and ap.voice == "en-gb"


def test_page_lists_every_section_with_player_length_and_transcript(built):
    _root, site, _spoken, _ = built
    soup = BeautifulSoup((site / "audio" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en" and soup.html["dir"] == "ltr"
    sections = soup.select("main section.clip")
    assert [s["id"] for s in sections] == list(SECTIONS)
    for s, (sid, (title, body)) in zip(sections, SECTIONS.items()):
        assert s.h2.get_text() == title
        player = s.find("audio")
        assert player.has_attr("controls") and player["preload"] == "none" and player["src"] == f"{sid}.mp3"
        seconds = float(ffprobe(site / "audio" / player["src"])["format"]["duration"])
        iso = re.fullmatch(r"PT(\d+)M(\d+)S", s.find("time")["datetime"])
        assert abs(int(iso[1]) * 60 + int(iso[2]) - seconds) <= 1
        assert s.find("time").get_text() == f"{round(seconds)} sec"
        words = " ".join(s.select_one(".transcript").get_text(" ").split())
        assert words == " ".join(re.sub(r"^- ", "", body, flags=re.M).split())
    assert "Read by a person" in sections[0].select_one(".reader").get_text()
    assert "Read by a computer voice" in sections[1].select_one(".reader").get_text()
    assert "Some sections are read by a computer voice" in soup.select_one("p.notice").get_text()


def test_the_page_has_the_trust_header_and_footer_of_every_page(built):
    """The audio page extends templates/base.html as every stand-alone page does: the trust's name and
    logo head it, its footer links the accessibility statement."""
    root, site, _spoken, _ = built
    soup = BeautifulSoup((site / "audio" / "index.html").read_text(encoding="utf-8"), "html.parser")
    settings = Project.at(root).settings.site
    trust = soup.select_one("header.masthead .organisation.trust")
    assert trust.select_one(".name").get_text() == settings.organisation
    assert trust.select_one("img.logo")["alt"] == settings.logo_alt
    assert soup.select_one("a.skip-link")["href"] == "#main" and soup.find("main")["id"] == "main"
    links = {a.get_text(): a["href"] for a in soup.select("footer.colophon .footer-links a")}
    assert links["Accessibility statement"] == "../../accessibility/"


def test_the_computer_voice_announces_itself_and_reads_phone_numbers_digit_by_digit(built):
    _root, _site, spoken, _ = built
    assert len(spoken) == 1  # 'about' is the person's recording; only 'preparation' is synthetic
    assert spoken[0].startswith("The following is read by a computer voice.\nHow do I prepare?")
    assert "0 1 2 2 3 2 1 6 4 5 5" in spoken[0]


def test_whole_file_is_mono_normalised_and_has_a_chapter_per_section(built):
    _root, site, _spoken, _ = built
    whole = site / "hsg-en-audio.mp3"
    info = ffprobe(whole)
    stream = info["streams"][0]
    assert stream["codec_name"] == "mp3" and stream["channels"] == 1 and stream["sample_rate"] in ("44100", "48000")
    assert abs(integrated_loudness(whole) - render_audio.TARGET) <= render_audio.TOLERANCE
    for sid in SECTIONS:
        assert abs(integrated_loudness(site / "audio" / f"{sid}.mp3") - render_audio.TARGET) <= render_audio.TOLERANCE
    chapters = sorted(info["chapters"], key=lambda c: float(c["start_time"]))
    assert [c["tags"]["title"] for c in chapters] == [title for title, _ in SECTIONS.values()]
    tags = ID3(str(whole))
    assert len(tags.getall("CHAP")) == len(SECTIONS) and len(tags.getall("CTOC")) == 1
    duration = float(info["format"]["duration"])
    assert abs(float(chapters[-1]["end_time"]) - duration) < 0.2
    first = float(ffprobe(site / "audio" / "about.mp3")["format"]["duration"])
    assert abs(float(chapters[1]["start_time"]) - (first + render_audio.GAP)) < 0.2


def test_other_formats_link_the_audio_with_size_and_length(built):
    _root, site, _spoken, downloads = built
    soup = BeautifulSoup((site / "hsg-en.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one('ul.downloads a[href$="hsg-en-audio.mp3"]')
    size = (site / "hsg-en-audio.mp3").stat().st_size
    assert re.fullmatch(r"Audio \(MP3, \d+ KB, \d+ sec\)", link.get_text()), link.get_text()
    assert f"{round(size / 1024)} KB" in link.get_text()
    # No site address in this project: linked relatively, from the page beside it.
    assert re.fullmatch(r"Audio \(HTML, \d+ KB\)", soup.select_one('ul.downloads a[href="audio/"]').get_text())
    # The website's "Other formats" panel gets the same two, relative to the leaflet's page.
    assert [(d.href, d.media) for d in downloads if d.format == "audio"] == [("audio/", "HTML"), ("hsg-en-audio.mp3", "MP3")]


def test_changed_text_makes_the_recording_stale_and_it_is_held_back(tmp_path):
    root = make_project(tmp_path / "p")
    record(root, "about")
    assert stamp(root, "about") == 0
    about = root / "content/hsg/sections/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("tests the audio", "checks the audio"), encoding="utf-8")
    result, found = checked(root)
    assert [(d.path, d.severity, d.code) for d in found] == [("content/hsg/audio/en/about.flac", "warning", "audio.stale")]
    assert "python build.py audio stamp hsg en about" in found[0].message and "changed" in found[0].message
    dashboard = report.render(Project.at(root), result.summaries, result.diagnostics)  # the team's report says so too
    assert "content/hsg/audio/en/about.flac" in dashboard and "stale recording, not published" in dashboard
    project, plan = english_plan(root)
    ap = audio.plan(project, plan.document, Diagnostics())
    assert all(c.synthetic for c in ap.clips)  # the stale recording is not used: the computer voice reads it
    # Without the synthetic voice, the language has no audio, and the report says what is missing.
    meta = root / "content/hsg/leaflet.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("audio: {en: synthetic}", ""), encoding="utf-8")
    _result, found = checked(root)
    assert [d.code for d in found] == ["audio.stale", "audio.incomplete"]
    assert "about, preparation" in found[1].message
    assert audio.plan(project, english_plan(root)[1].document, Diagnostics()) is None


def test_a_replaced_or_unstamped_recording_is_not_published(tmp_path):
    root = make_project(tmp_path / "p")
    record(root, "about")
    _result, found = checked(root)
    assert [(d.path, d.code) for d in found] == [("content/hsg/audio/en/about.flac", "audio.unstamped")]
    assert stamp(root, "about") == 0
    record(root, "preparation", name="about")  # another reading dropped in under the same name
    _result, found = checked(root)
    assert [d.code for d in found] == ["audio.stale"] and "file changed" in found[0].message


def test_a_recording_of_a_missing_section_is_an_error(tmp_path):
    root = make_project(tmp_path / "p")
    record(root, "about", name="risks")
    result, found = checked(root)
    assert [(d.path, d.line, d.severity, d.code) for d in found] == [
        ("content/hsg/audio/en/risks.flac", 1, "error", "audio.unknown-section")]
    assert found[0].holds == ("hsg", "en")


def test_a_corrupt_recording_is_an_error_with_its_path_not_a_traceback(tmp_path, capsys):
    root = make_project(tmp_path / "p")
    bad = root / "content/hsg/audio/en/about.flac"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"fLaC" + b"\x00garbage" * 50)
    assert cli.main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "audio.corrupt" in x)
    assert line.startswith("content/hsg/audio/en/about.flac:1: error: the recording of 'about' cannot be read as audio")
    assert "Traceback" not in out
    assert stamp(root, "about") == 1
    assert "cannot be read as audio" in capsys.readouterr().out


def test_stamp_refuses_what_it_cannot_stamp(tmp_path, capsys):
    root = make_project(tmp_path / "p")
    assert stamp(root, "nope") == 1
    assert "hsg has no section nope" in capsys.readouterr().out
    assert stamp(root, "about") == 1
    assert "no recording content/hsg/audio/en/about." in capsys.readouterr().out
    assert not (root / "content/hsg/audio/en/stamps.yml").exists()


def test_voices_come_from_espeak_ng_own_list():
    assert audio.voice("en") == "en-gb"
    assert audio.voice("pl") == "pl"
    assert audio.voice("zh-Hans") == "cmn"
    assert audio.voice("so") is None  # espeak-ng 1.51 speaks no Somali


def test_no_voice_holds_back_only_that_leaflet_language(tmp_path, monkeypatch):
    root = make_project(tmp_path / "p")
    monkeypatch.setattr(audio, "voice", lambda lang: None)
    result, found = checked(root)
    assert [(d.path, d.severity, d.code, d.holds) for d in found] == [
        ("content/hsg/leaflet.yml", "error", "audio.no-voice", ("hsg", "en"))]
    assert not result.diagnostics.blocking()


def test_audio_setting_for_a_language_the_leaflet_has_not_is_an_error(tmp_path):
    root = make_project(tmp_path / "p", audio_setting="{en: synthetic, pl: synthetic}")
    result, found = checked(root)
    assert [(d.code, d.severity) for d in found] == [("audio.setting", "error")]
    assert result.diagnostics.blocking()


@pytest.mark.browser
def test_the_audio_page_passes_the_accessibility_checks(built, browser):
    """The site suite's checks (tests/test_site_a11y.py) on the audio page with recordings: axe
    (WCAG 2.2 AA) in light and dark schemes, the Nu HTML Checker, no sideways scrolling at 320 px,
    the text-spacing override, visible keyboard focus (the session's browser)."""
    from test_site_a11y import CLIPPED, TEXT_SPACING, WIDTH, axe_violations, focus_problems, serve, start_vnu, \
        vnu_errors

    root, site, _spoken, _ = built
    page_file = site / "audio" / "index.html"
    assert vnu_errors(start_vnu([page_file]), root / "site") == ([], 0)
    with serve(root / "site") as server:
        url = f"{server}en/hsg/audio/"
        for scheme in ("light", "dark"):
            page = browser.new_context(color_scheme=scheme, viewport={"width": 320, "height": 640}).new_page()
            assert page.goto(url).ok
            assert axe_violations(page) == [], scheme
            width = page.evaluate(WIDTH)
            assert width[0] <= width[1]
            page.add_style_tag(content=TEXT_SPACING)
            assert page.evaluate(CLIPPED) == []
            page.set_viewport_size({"width": 1280, "height": 900})
            seen, invisible = focus_problems(page)
            assert len(seen) >= 3 and invisible == [], invisible
            assert page.evaluate("document.querySelectorAll('audio[controls][preload=none]').length") == len(SECTIONS)
            page.context.close()
