"""Audio: the recordings of a leaflet, their stamps, staleness, and the synthetic voice.

A person's recording of a section is ``content/<leaflet>/audio/<lang>/<section id>.(flac|wav|mp3|ogg)``.
Each recording reads a particular text: ``python build.py audio stamp LEAFLET LANG SECTION``
records, in ``audio/<lang>/stamps.yml`` beside the recordings, a hash of the section as that
language shows it (title and blocks, translations and English fallbacks included) and a hash of
the recording. When either changes, the recording is stale: it is not published, and a warning at
the recording's path says what to remake. With ``audio: {LANG: synthetic}`` in ``leaflet.yml``
the sections without a current recording are spoken by espeak-ng instead (and the outputs say so).

Errors (a recording of a section the leaflet has not, a file ffprobe cannot read, no espeak-ng
voice for a synthetic language, a missing tool) hold back that leaflet in that language only,
as a failing PDF does; the other languages publish.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup

from . import markup, phones, translate
from .diagnostics import Diagnostics
from .document import Document, ShownSection
from .model import Leaflet
from .project import Project

FOLDER = "audio"
EXTENSIONS = (".flac", ".wav", ".mp3", ".ogg")
STAMPS = "stamps.yml"
SYNTHETIC = "synthetic"
TIMEOUT = 120  # seconds for one ffprobe/ffmpeg/espeak-ng run


def folder(project: Project, leaflet: Leaflet, lang: str) -> Path:
    return project.root / leaflet.folder / FOLDER / lang


def section_text(section: ShownSection) -> str:
    """The section as a reader sees it in this language: what a recording of it must read.
    Each piece carries its language, so a translation replacing an English fallback changes it."""
    pieces = [[section.title.text, section.title.lang],
              *([b.kind, b.level, [[i.text, i.lang] for i in b.items]] for b in section.blocks)]
    return json.dumps(pieces, ensure_ascii=False, separators=(",", ":"))


def text_hash(section: ShownSection) -> str:
    return hashlib.sha256(section_text(section).encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plain(text: str) -> str:
    """Inline Markdown as the words to speak: no markup; phone numbers digit by digit."""
    words = Markup(markup.render_inline(text)).striptags()
    for span in reversed(phones.phones(words)):
        digits = " ".join(c for c in words[span.start:span.end] if c.isdigit() or c == "+")
        words = words[:span.start] + ", " + digits + ", " + words[span.end:]
    return words


def spoken(section: ShownSection) -> str:
    """The section as a text for the synthetic voice: the title, then each block, a sentence a line."""
    lines = [plain(section.title.text) + "."]
    for b in section.blocks:
        lines += [plain(i.text) for i in b.items]
    return "\n".join(line if line.rstrip().endswith((".", "!", "?", ":", "。", "؟")) else line + "." for line in lines)


# --- stamps ---------------------------------------------------------------------------------

def stamps_path(project: Project, leaflet: Leaflet, lang: str) -> Path:
    return folder(project, leaflet, lang) / STAMPS


def read_stamps(path: Path, rel: str, diags: Diagnostics) -> dict[str, dict]:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        diags.error(rel, line, f"the audio stamps cannot be read: {exc}", "audio.stamps")
        return {}
    good = isinstance(data, dict) and all(isinstance(v, dict) and isinstance(v.get("text_sha256"), str)
                                          and isinstance(v.get("recording_sha256"), str) for v in data.values())
    if not good:
        diags.error(rel, 1, "the audio stamps must map each section id to text_sha256 and recording_sha256 "
                            "(written by python build.py audio stamp)", "audio.stamps")
        return {}
    return data


def write_stamp(path: Path, section_id: str, recording: Path, section: ShownSection, today: date) -> None:
    """Record that ``recording`` reads ``section`` as shown now (the one place stamps are written)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data = data if isinstance(data, dict) else {}
    data[section_id] = {"recording": recording.name, "recording_sha256": file_hash(recording),
                        "text_sha256": text_hash(section), "stamped": today.isoformat()}
    header = "# Written by `python build.py audio stamp`: the text each recording reads (see README, Audio).\n"
    path.write_text(header + yaml.safe_dump(data, sort_keys=True, allow_unicode=True), encoding="utf-8")


# --- tools ----------------------------------------------------------------------------------

def tool(name: str) -> str | None:
    return shutil.which(name)


def run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, timeout=TIMEOUT, **kw)


@dataclass(frozen=True)
class Probe:
    duration: float  # seconds
    channels: int
    sample_rate: int
    codec: str


def probe(path: Path) -> Probe | str:
    """What ffprobe reads in an audio file, or why it cannot read one."""
    try:
        out = run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                   "stream=codec_name,channels,sample_rate:format=duration", "-of", "json", str(path)])
    except subprocess.TimeoutExpired:
        return "ffprobe took too long to read it"
    if out.returncode != 0:
        return out.stderr.decode("utf-8", "replace").strip().splitlines()[-1] if out.stderr.strip() else "unreadable"
    info = json.loads(out.stdout or b"{}")
    streams = info.get("streams") or []
    duration = float((info.get("format") or {}).get("duration") or 0)
    if not streams or duration <= 0:
        return "no audio in it"
    s = streams[0]
    return Probe(duration, int(s.get("channels") or 0), int(s.get("sample_rate") or 0), s.get("codec_name", ""))


@lru_cache(maxsize=64)
def voice(lang: str) -> str | None:
    """The espeak-ng voice for a BCP 47 tag, from espeak-ng's own list (``--voices=LANG``, best
    match first); MBROLA voices need another program and are left out."""
    if not tool("espeak-ng"):
        return None
    out = run(["espeak-ng", f"--voices={lang.lower()}"])
    for line in out.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 5 and not cols[4].startswith("mb/"):
            return cols[1]
    return None


# --- what each language's audio is made of --------------------------------------------------

@dataclass
class Clip:
    section: ShownSection
    recording: Path | None  # a person's current recording, or None: the synthetic voice reads it

    @property
    def synthetic(self) -> bool:
        return self.recording is None


@dataclass
class AudioPlan:
    doc: Document
    clips: list[Clip] = field(default_factory=list)
    voice: str | None = None  # espeak-ng voice, where a clip is synthetic

    @property
    def synthetic(self) -> bool:
        return any(c.synthetic for c in self.clips)

    @property
    def mixed(self) -> bool:
        return self.synthetic and any(not c.synthetic for c in self.clips)


def check_settings(leaflet: Leaflet, diags: Diagnostics) -> None:
    for lang in leaflet.meta.audio:
        if lang not in leaflet.meta.languages:
            diags.error(leaflet.meta_path, leaflet.line_of("audio", lang),
                        f"audio: {lang} is not one of the leaflet's languages", "audio.setting")
    if leaflet.meta.audio and "audio" not in leaflet.meta.formats:
        diags.warning(leaflet.meta_path, leaflet.line_of("audio"),
                      "audio: is set but formats does not list audio: no audio is published", "audio.setting")


def recordings(project: Project, leaflet: Leaflet, lang: str, diags: Diagnostics) -> dict[str, Path]:
    """section id -> its recording; an error for each recording of a section the leaflet has not."""
    where = folder(project, leaflet, lang)
    if not where.is_dir():
        return {}
    ids = {s.id for s in leaflet.sections}
    found: dict[str, Path] = {}
    for path in sorted(where.iterdir()):
        rel = project.rel(path)
        if path.name == STAMPS or path.name.startswith("."):
            continue
        if path.suffix.lower() not in EXTENSIONS or not path.is_file():
            diags.warning(rel, 1, f"not a recording ({', '.join(EXTENSIONS)}): ignored", "audio.unknown-file")
        elif path.stem not in ids:
            diags.error(rel, 1, f"a recording of section '{path.stem}', which {leaflet.meta_path} does not list "
                                f"(sections: {', '.join(s.id for s in leaflet.sections)})", "audio.unknown-section")
        elif path.stem in found:
            diags.error(rel, 1, f"a second recording of section '{path.stem}' (the first: {project.rel(found[path.stem])})",
                        "audio.duplicate")
        else:
            found[path.stem] = path
    return found


def plan(project: Project, doc: Document, diags: Diagnostics) -> AudioPlan | None:
    """The audio of ``doc``'s leaflet in its language, or None (not asked for, or not possible:
    the diagnostics say why). Errors hold back this leaflet in this language."""
    leaflet, lang = doc.leaflet, doc.lang
    if "audio" not in leaflet.meta.formats:
        return None
    with diags.holding((leaflet.id, lang)):
        errors = len(diags.errors)
        synthetic = leaflet.meta.audio.get(lang) == SYNTHETIC
        found = recordings(project, leaflet, lang, diags)
        if not found and not synthetic:
            return None  # nothing recorded: "Other formats" offers audio on request
        missing_tools = [t for t in ("ffmpeg", "ffprobe", *(["espeak-ng"] if synthetic else [])) if not tool(t)]
        if missing_tools:
            diags.error(leaflet.meta_path, leaflet.line_of("formats"),
                        f"audio in {lang} needs {', '.join(missing_tools)}: run scripts/setup.sh", "audio.tool")
            return None
        stamps_file = stamps_path(project, leaflet, lang)
        stamps = read_stamps(stamps_file, project.rel(stamps_file), diags)
        current: dict[str, Path] = {}
        for section in doc.sections:
            path = found.get(section.id)
            if path is None:
                continue
            rel = project.rel(path)
            probed = probe(path)
            if isinstance(probed, str):
                diags.error(rel, 1, f"the recording of '{section.id}' cannot be read as audio: {probed}", "audio.corrupt")
                continue
            redo = f"python build.py audio stamp {leaflet.id} {lang} {section.id}"
            stamp = stamps.get(section.id)
            if stamp is None:
                diags.warning(rel, 1, f"recording not published: it is not stamped with the text it reads; listen to it "
                                      f"against the section as shown in {lang}, then run {redo}", "audio.unstamped")
            elif stamp["text_sha256"] != text_hash(section):
                diags.warning(rel, 1, f"stale recording, not published: the text of section '{section.id}' in {lang} "
                                      f"changed since it was recorded ({stamp.get('stamped', 'date unknown')}); "
                                      f"record it again, then run {redo}", "audio.stale")
            elif stamp["recording_sha256"] != file_hash(path):
                diags.warning(rel, 1, f"recording not published: the file changed since it was stamped "
                                      f"({stamp.get('stamped', 'date unknown')}); listen to it, then run {redo}",
                              "audio.stale")
            else:
                current[section.id] = path
        if len(diags.errors) > errors:
            return None
        if not synthetic and len(current) < len(doc.sections):
            missing = [s.id for s in doc.sections if s.id not in current]
            diags.warning(project.rel(folder(project, leaflet, lang)), 1,
                          f"no audio in {lang}: no current recording of {', '.join(missing)} (or set "
                          f"audio: {{{lang}: synthetic}} in {leaflet.meta_path} for a computer voice)", "audio.incomplete")
            return None
        result = AudioPlan(doc, [Clip(s, current.get(s.id)) for s in doc.sections])
        if result.synthetic:
            result.voice = voice(lang)
            if result.voice is None:
                diags.error(leaflet.meta_path, leaflet.line_of("audio", lang),
                            f"espeak-ng has no voice for {lang} (espeak-ng --voices={lang}): no synthetic audio",
                            "audio.no-voice")
                return None
        return result


def stamp_command(project: Project, loaded: list[Leaflet], leaflet_id: str, lang: str, section_id: str,
                  today: date | None = None) -> int:
    """``audio stamp``: tie the section's recording to the section's text as shown now."""
    diags = Diagnostics()
    leaflets = {leaflet.id: leaflet for leaflet in loaded}
    leaflet = leaflets.get(leaflet_id)
    problem = None
    if leaflet is None:
        problem = f"no leaflet {leaflet_id} (leaflets: {', '.join(sorted(leaflets)) or 'none'})"
    elif lang not in leaflet.meta.languages:
        problem = f"{lang} is not one of {leaflet_id}'s languages ({', '.join(leaflet.meta.languages)})"
    elif section_id not in {s.id for s in leaflet.sections}:
        problem = f"{leaflet_id} has no section {section_id}"
    if problem is None:
        doc = translate.plan(project, leaflet, lang, diags).document
        found = recordings(project, leaflet, lang, Diagnostics()).get(section_id)
        if doc is None:
            problem = f"{leaflet_id} is not published in {lang}: stamp its recordings once it is"
        elif found is None:
            problem = f"no recording {project.rel(folder(project, leaflet, lang))}/{section_id}.(flac|wav|mp3|ogg)"
        elif isinstance(probe(found), str):
            problem = f"{project.rel(found)} cannot be read as audio: {probe(found)}"
    if problem:
        print(f"audio stamp: {problem}")
        return 1
    section = next(s for s in doc.sections if s.id == section_id)
    write_stamp(stamps_path(project, leaflet, lang), section_id, found, section, today or date.today())
    print(f"stamped {project.rel(found)}: it reads section {section_id} of {leaflet_id} as shown in {lang} now")
    return 0

