"""Audio outputs of a leaflet in one language, from its :class:`~leaflets.audio.AudioPlan`:

- ``<lang>/<leaflet>/audio/index.html``: the sections in order, each with a native
  ``<audio controls preload="none">``, its length, who reads it and its text as the transcript;
- ``<lang>/<leaflet>/audio/<section>.mp3``: each section on its own;
- ``<lang>/<leaflet>/<leaflet>-<lang>-audio.mp3``: the whole leaflet, one ID3 chapter (CHAP, in a
  CTOC) a section.

MP3, not Opus: every phone, browser, car stereo and DAISY/MP3 player a patient may use plays it,
and ID3 chapters are the chapter format players of spoken word read; Opus chapters (Vorbis
comments) are read by few. Speech is mono, 44.1 kHz, 64 kbit/s. Each section is normalised to
-16 LUFS integrated by measurement (ffmpeg's EBU R128 ``ebur128`` filter, then that gain, with
a limiter for peaks; ``loudnorm`` does the same more slowly, resampling to 192 kHz); the whole
MP3 is measured again and must be within 1 LU of the target, or it is an error. A computer voice is
announced in its language (templates/audio-voice.html) where it starts: at the beginning, and after
any section a person reads.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from babel.dates import format_timedelta
from markupsafe import Markup
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, TLEN, TPE1, CTOCFlags
from mutagen.mp3 import MP3

from . import audio, fonts, isolate, languages, outputs
from .audio import AudioPlan, Clip
from .diagnostics import Diagnostics
from .document import SOURCE_LANGUAGE, Document
from .project import Project
from .outputs import Download, format_size, site_link
from .render_html import site_context
from .rendering import Context, Written
from .templating import environment
from .translate import Plan
from .write import Staging

FORMAT = "audio"

TARGET = -16.0  # LUFS integrated
TOLERANCE = 1.0  # LU
TRUE_PEAK = -1.5  # dBTP
RATE = 44100
BITRATE = "64k"
GAP = 0.8  # seconds of silence between sections in the whole file
PCM = ["-ac", "1", "-ar", str(RATE), "-c:a", "pcm_s16le"]
MP3_OPTIONS = ["-ac", "1", "-ar", str(RATE), "-c:a", "libmp3lame", "-b:a", BITRATE, "-compression_level", "7",
               "-map_metadata", "-1", "-id3v2_version", "3"]


def page_path(leaflet_id: str, lang: str) -> str:
    return outputs.path(FORMAT, leaflet_id, lang, 0)


def file_path(leaflet_id: str, lang: str) -> str:
    return outputs.path(FORMAT, leaflet_id, lang, 1)


def clip_path(leaflet_id: str, lang: str, section_id: str) -> str:
    return f"{lang}/{leaflet_id}/audio/{section_id}.mp3"


class AudioError(Exception):
    """A tool failed on one input; the message names it."""


def length(seconds: float, lang: str) -> str:
    """A length as a reader of the language writes it (CLDR): "6 min", "45 sec", "6 دقيقة"."""
    return format_timedelta(timedelta(seconds=round(seconds)), format="short", locale=languages.locale(lang))


def iso_duration(seconds: float) -> str:
    s = max(1, round(seconds))
    return f"PT{s // 60}M{s % 60}S"


def mp3_seconds(path: Path) -> float:
    return MP3(path).info.length


def _ffmpeg(args: list[str], what: str) -> str:
    try:
        out = audio.run(["ffmpeg", "-hide_banner", "-nostdin", "-y", *args])
    except subprocess.TimeoutExpired as exc:
        raise AudioError(f"{what}: ffmpeg took longer than {audio.TIMEOUT} s") from exc
    err = out.stderr.decode("utf-8", "replace")
    if out.returncode != 0:
        raise AudioError(f"{what}: ffmpeg failed: {err.strip().splitlines()[-1] if err.strip() else out.returncode}")
    return err


def _integrated(err: str, what: str) -> float:
    found = re.findall(r"I:\s+(-?[\d.]+|-inf) LUFS", err)
    if not found:
        raise AudioError(f"{what}: ebur128 gave no integrated loudness")
    return float(found[-1])


def loudness(path: Path) -> float:
    """Integrated loudness (LUFS), measured by ffmpeg's EBU R128 filter."""
    err = _ffmpeg(["-nostats", "-i", str(path), "-af", "ebur128=framelog=verbose", "-f", "null", "-"], path.name)
    return _integrated(err, path.name)


def normalise(source: Path, dest: Path, what: str, mp3: Path | None = None) -> None:
    """Measured normalisation to TARGET: the EBU R128 loudness of ``source``, then that gain, with a
    limiter keeping peaks under TRUE_PEAK; measured again and corrected once if the limiter took
    more than a few tenths of a LU. Mono, RATE, 16-bit PCM. ``mp3``: the same sound encoded there
    too (MP3_OPTIONS); by the run that corrects the gain, where the first is not close enough (as
    the limiter makes it for most speech), so that no run of its own is needed."""
    level = loudness(source)
    if level == float("-inf") or level < -70:
        raise AudioError(f"{what}: it is silent")
    gain = TARGET - level
    limit = 10 ** (TRUE_PEAK / 20)
    tried: list[tuple[float, float]] = []  # (gain, loudness it gave)
    for attempt in range(4):  # each run writes ``dest`` and measures what it wrote
        encoding = mp3 is not None and attempt > 0
        chain = (f"[0:a]aresample={RATE},volume={gain:.2f}dB,alimiter=limit={limit:.3f}:level=false,"
                 f"asplit={3 if encoding else 2}[out][m]{'[enc]' if encoding else ''};"
                 f"[m]ebur128=framelog=verbose[null]")
        encoded = ["-map", "[enc]", *MP3_OPTIONS, str(mp3)] if encoding else []
        err = _ffmpeg(["-nostats", "-i", str(source), "-filter_complex", chain, "-map", "[out]", *PCM, str(dest),
                       *encoded, "-map", "[null]", "-f", "null", "-"], what)
        got = _integrated(err, what)
        if abs(got - TARGET) <= 0.5:
            if mp3 is not None and not encoding:
                encode(dest, mp3, what)
            return
        tried.append((gain, got))
        # The limiter takes part of any added gain: the next step follows the measured slope.
        slope = 1.0
        if len(tried) > 1 and tried[-1][0] != tried[-2][0]:
            slope = max(0.2, (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0]))
        gain += (TARGET - got) / slope
    raise AudioError(f"{what}: could not be brought to {TARGET:.0f} LUFS (last: {got:.1f})")


def speak(text: str, voice: str, dest: Path, what: str) -> None:
    try:
        out = audio.run(["espeak-ng", "-v", voice, "-w", str(dest), "--stdin"], input=text.encode("utf-8"))
    except subprocess.TimeoutExpired as exc:
        raise AudioError(f"{what}: espeak-ng took longer than {audio.TIMEOUT} s") from exc
    if out.returncode != 0 or not dest.is_file():
        raise AudioError(f"{what}: espeak-ng failed: {out.stderr.decode('utf-8', 'replace').strip()}")


def join(parts: list[Path], dest: Path, gap: float = 0.0) -> list[int]:
    """Concatenate PCM WAVs of the same format, ``gap`` seconds of silence between; each part's start (frames)."""
    starts, frames, gap_frames = [], 0, 0
    with wave.open(str(dest), "wb") as out:
        for i, part in enumerate(parts):
            with wave.open(str(part), "rb") as w:
                if i == 0:
                    out.setparams(w.getparams())
                    gap_frames = int(gap * w.getframerate())
                else:
                    out.writeframes(b"\0" * gap_frames * w.getsampwidth() * w.getnchannels())
                    frames += gap_frames
                starts.append(frames)
                out.writeframes(w.readframes(w.getnframes()))
                frames += w.getnframes()
    return starts


def encode(source: Path, dest: Path, what: str) -> None:
    _ffmpeg(["-i", str(source), *MP3_OPTIONS, str(dest)], what)


def add_chapters(path: Path, doc: Document, clips: list[Clip], starts_ms: list[int], total_ms: int) -> None:
    tags = ID3()
    tags.add(TIT2(encoding=3, text=Markup(doc.title.text).striptags()))
    tags.add(TPE1(encoding=3, text=doc.meta.organisation))
    tags.add(TLEN(encoding=3, text=str(total_ms)))
    ids = [f"chp{i:03d}" for i in range(len(clips))]  # sorted as in the file: players listing CHAP frames in file order
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=3, text=Markup(doc.title.text).striptags())]))
    ends = starts_ms[1:] + [total_ms]
    for cid, clip, start, end in zip(ids, clips, starts_ms, ends):
        tags.add(CHAP(element_id=cid, start_time=start, end_time=end,
                      sub_frames=[TIT2(encoding=3, text=audio.plain(clip.section.title.text))]))
    tags.save(str(path), v2_version=3)


@dataclass
class Rendered:
    clip: Clip
    file: Path  # the section's MP3
    seconds: float


def make(plan: AudioPlan, announcement: str, work: Path, workers: int | None = 1) -> tuple[list[Rendered], Path, float]:
    """Every section's MP3 (``workers`` sections at a time: each is espeak-ng and ffmpeg processes
    of its own), and the whole leaflet's chaptered MP3 with its measured loudness."""
    label = f"{plan.doc.leaflet.id} ({plan.doc.lang}) audio"

    def section(i: int, clip: Clip) -> tuple[Path, Rendered]:
        sid = clip.section.id
        raw = clip.recording or work / f"{sid}.source.wav"
        if clip.synthetic:
            text = audio.spoken(clip.section)
            if i == 0 or not plan.clips[i - 1].synthetic:  # the computer voice says what it is where it starts
                text = announcement + "\n" + text
            speak(text, plan.voice, raw, f"{label}, section {sid}")
        norm, mp3 = work / f"{sid}.wav", work / f"{sid}.mp3"  # the WAV for the whole file, the MP3 for its page
        normalise(raw, norm, f"{label}, section {sid}", mp3)
        return norm, Rendered(clip, mp3, mp3_seconds(mp3))

    # In order; the first error is raised.
    with ThreadPoolExecutor(max_workers=isolate.worker_count(workers)) as pool:
        done = list(pool.map(section, range(len(plan.clips)), plan.clips))
    parts, rendered = [norm for norm, _ in done], [r for _, r in done]
    whole_wav, whole = work / "whole.wav", work / "whole.mp3"
    starts = join(parts, whole_wav, GAP)
    encode(whole_wav, whole, f"{label}, whole leaflet")
    measured = loudness(whole)
    probed = audio.probe(whole)
    if isinstance(probed, str):
        raise AudioError(f"{label}: the whole-leaflet MP3 cannot be read back: {probed}")
    add_chapters(whole, plan.doc, plan.clips, [round(s * 1000 / RATE) for s in starts], round(probed.duration * 1000))
    return rendered, whole, measured


def chapters(path: Path) -> list[tuple[int, int, str]]:
    """(start ms, end ms, title) of each ID3 chapter, in the table of contents' order."""
    tags = ID3(str(path))
    toc = next(f for f in tags.getall("CTOC"))
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    return [(chaps[i].start_time, chaps[i].end_time, str(chaps[i].sub_frames["TIT2"])) for i in toc.child_element_ids]


def render(ctx: Context, units: list[Plan]) -> Written:
    return render_all(ctx.project, units, ctx.staging, ctx.diags, tick=ctx.tick, workers=ctx.jobs)


def render_all(project: Project, plans: list[Plan], staging: Staging, diags: Diagnostics,
               tick=lambda n=1: None, workers: int | None = 1) -> Written:
    """The audio of every fresh plan whose leaflet lists it, into ``staging``. A failure holds
    back that leaflet in that language, as a failing PDF does."""
    out = Written(staging)
    for p in plans:
        if p.document is None or FORMAT not in p.leaflet.meta.formats:
            continue
        with diags.holding((p.leaflet.id, p.lang)):
            plan = audio.plan(project, p.document, Diagnostics())  # its diagnostics: reported by the check
            if plan is not None:
                render_one(project, p, plan, out, diags, workers)
        tick()
    return out


def render_one(project: Project, p: Plan, plan: AudioPlan, out: Written, diags: Diagnostics,
               workers: int | None = 1) -> bool:
    doc, leaflet_id, lang = p.document, p.leaflet.id, p.lang
    env = environment(project.templates, lang, p.translations)
    announcement = Markup(str(env.get_template("audio-voice.html").module.announcement())).unescape().strip()
    where, line = p.leaflet.meta_path, p.leaflet.line_of("formats")
    with tempfile.TemporaryDirectory(prefix="leaflets-audio-") as scratch:
        try:
            rendered, whole, measured = make(plan, announcement, Path(scratch), workers)
        except AudioError as exc:
            diags.error(where, line, f"audio in {lang}: {exc}", "audio.render")
            return False
        if abs(measured - TARGET) > TOLERANCE:
            diags.error(where, line, f"audio in {lang}: the whole leaflet measures {measured:.1f} LUFS, "
                                     f"not {TARGET:.0f} ± {TOLERANCE:.0f}", "audio.loudness")
            return False
        found = chapters(whole)
        if len(found) != len(doc.sections):
            diags.error(where, line, f"audio in {lang}: {len(found)} chapters for {len(doc.sections)} sections",
                        "audio.chapters")
            return False
        unit = (leaflet_id, lang)
        for r in rendered:
            out.write(unit, clip_path(leaflet_id, lang, r.clip.section.id), r.file.read_bytes())
        data = whole.read_bytes()
        out.write(unit, file_path(leaflet_id, lang), data)
        seconds = mp3_seconds(whole)
    file = Download("audio", "../" + file_path(leaflet_id, lang).rsplit("/", 1)[1], "MP3",
                    format_size(len(data)), length(seconds, lang))
    clips = [{"section": r.clip.section, "synthetic": r.clip.synthetic, "href": f"{r.clip.section.id}.mp3",
              "length": length(r.seconds, lang), "iso": iso_duration(r.seconds)} for r in rendered]
    css = Markup("\n".join((project.templates / "css" / n).read_text(encoding="utf-8")
                           for n in ("document.css", "audio.css")))
    here = page_path(leaflet_id, lang)  # links absolute under the site's address, else relative to this page
    english = site_link(project.settings.base_url, page_path(leaflet_id, SOURCE_LANGUAGE).removesuffix("index.html"), here)
    html = env.get_template("audio.html").render(
        doc=doc, css=css, file=file, clips=clips, synthetic=plan.synthetic, mixed=plan.mixed,
        leaflet_href="../", english_href=english, site=site_context(project, f"{lang}/accessibility/", here))
    out.write(unit, page_path(leaflet_id, lang), fonts.with_fonts(html, fonts.plan(html, lang)))
    return True


def length_of(root: Path, rel: str) -> str | None:
    """The length of the recording at ``rel`` in the site folder ``root``, as lists show it
    ("6 min"), in the language of its folder; None where it is not there."""
    file = root / rel
    return length(mp3_seconds(file), rel.split("/", 1)[0]) if file.is_file() else None
