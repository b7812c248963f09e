"""`diapo render`: photos, clips and folders (or a draft file) into a video."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from diapo.cli.console import Console
from diapo.cli.stall_option import StallTimeout
from diapo.draft import Draft, MediaRef
from diapo.draft.model import Story
from diapo.draft.vocabulary import (
    DEFAULT_ASPECT,
    DEFAULT_FIT,
    DEFAULT_STYLE,
    DEFAULT_TRANSITION,
    FITS,
    MUSIC_STYLES,
    PLATFORM_PRESETS,
    Aspect,
    Fit,
    FontFamily,
    Language,
    PresetName,
    Quality,
    Resolution,
    TextAnimation,
    TransitionKind,
)
from diapo.errors import DiapoError

if TYPE_CHECKING:
    from diapo.render import RenderResult

_out = Console(stderr=True)


class Chapters(StrEnum):
    cards = "cards"
    captions = "captions"
    off = "off"


class Order(StrEnum):
    auto = "auto"
    name = "name"
    date = "date"
    given = "given"


def render(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Photos, clips, music or folders of them.")
    ] = None,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Output file; its extension picks the format.")
    ] = Path("diapo.mp4"),
    draft_file: Annotated[
        Path | None, typer.Option("--draft", help="Render this draft JSON instead of inputs.")
    ] = None,
    aspect: Annotated[
        Aspect | None,
        typer.Option(
            "--aspect",
            help="Aspect ratio (default 16:9); with --draft, the draft is re-framed for it.",
        ),
    ] = None,
    seconds: Annotated[
        float, typer.Option("--seconds-per-photo", min=0.3, max=60, help="Seconds per photo.")
    ] = 3.5,
    transition: Annotated[
        TransitionKind, typer.Option("--transition", help="Transition between photos.")
    ] = DEFAULT_TRANSITION,
    transition_ms: Annotated[
        int, typer.Option("--transition-ms", min=0, max=5000, help="Transition length in ms.")
    ] = 500,
    title: Annotated[str | None, typer.Option("--title", help="Title over the start.")] = None,
    music: Annotated[
        str,
        typer.Option(
            "--music", help=f"A built-in style ({', '.join(MUSIC_STYLES)}), a music file, or none."
        ),
    ] = DEFAULT_STYLE,
    beat_sync: Annotated[
        bool,
        typer.Option(
            "--beat-sync/--no-beat-sync",
            help="Cut on the music's beats, photos in whole bars, end with the music's ending.",
        ),
    ] = True,
    fit: Annotated[
        Fit,
        typer.Option(
            "--fit",
            help="cover (crop to fill) or contain (blurred background).",
        ),
    ] = DEFAULT_FIT,
    resolution: Annotated[Resolution, typer.Option("--resolution", help="Output size.")] = "1080p",
    quality: Annotated[Quality, typer.Option("--quality", help="Encoder quality.")] = "standard",
    order: Annotated[Order, typer.Option("--order", help="Photo order.")] = Order.auto,
    still: Annotated[
        str, typer.Option("--still", help="For jpg/png/webp: poster or contact (sheet).")
    ] = "poster",
    draft_out: Annotated[
        Path | None, typer.Option("--draft-out", help="Also write the draft as JSON here.")
    ] = None,
    keep_duplicates: Annotated[
        bool, typer.Option("--keep-duplicates", help="Keep photos that repeat another exactly.")
    ] = False,
    keep_bursts: Annotated[
        bool,
        typer.Option(
            "--keep-bursts", help="Keep every shot of a burst (by default only its best one)."
        ),
    ] = False,
    drop_blurred: Annotated[
        bool, typer.Option("--drop-blurred", help="Leave out blurred photos.")
    ] = False,
    best: Annotated[
        int | None,
        typer.Option("--best", min=1, help="Keep only the N best photos (one per burst first)."),
    ] = None,
    places_dates: Annotated[
        bool,
        typer.Option(
            "--places-dates",
            help="Chapter cards where the day or the town changes (from EXIF date and GPS).",
        ),
    ] = False,
    chapters: Annotated[
        Chapters | None,
        typer.Option("--chapters", help="How chapters show: cards, captions or off."),
    ] = None,
    auto_title: Annotated[
        bool,
        typer.Option("--auto-title", help="Without --title: title from the place and month."),
    ] = False,
    lang: Annotated[
        Language, typer.Option("--lang", help="Language of dates, place names and the title.")
    ] = "it",
    platform: Annotated[
        PresetName | None,
        typer.Option(
            "--for",
            help="Make it for a platform: its aspect, size, bitrate and file-size cap "
            f"({', '.join(PLATFORM_PRESETS)}).",
        ),
    ] = None,
    trim: Annotated[
        bool,
        typer.Option(
            "--trim", help="If longer than the --for platform allows, shorten every photo to fit."
        ),
    ] = False,
    title_font: Annotated[
        FontFamily | None,
        typer.Option("--title-font", help="Font of the titles: sans (modern, default) or serif."),
    ] = None,
    text_animation: Annotated[
        TextAnimation | None,
        typer.Option("--text-animation", help="How texts enter: fade, rise, typewriter or none."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Render mp4/mov/mkv/webm in this many processes, in chunks "
            "(default: one a CPU, as many as memory holds; 1: one process).",
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            help="Keep rendered chunks in this folder and reuse them: after an edit only "
            "the chunks it changed are rendered again (size: DIAPO_CHUNK_CACHE_MB, 2048).",
        ),
    ] = None,
    stall_timeout: StallTimeout = None,
    template: Annotated[
        str | None,
        typer.Option("--template", help="Start from a template (diapo templates lists them)."),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="A template's field, as name=value (repeat it)."),
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="With --template: one video a value set (CSV or JSON)."),
    ] = None,
) -> None:
    """Render photos and clips (or a draft) into a video, a still or a soundtrack."""
    if template is not None or sets or batch is not None:
        from diapo.cli.template_cmd import template_drafts

        try:
            made = template_drafts(
                template,
                inputs or [],
                sets or [],
                batch,
                output,
                lang=lang,
                aspect=PLATFORM_PRESETS[platform].aspect if platform else aspect,
                order=order.value,
            )
            for draft, out in made:
                _render(
                    [],
                    out,
                    None,
                    aspect,
                    seconds,
                    transition,
                    transition_ms,
                    title,
                    music,
                    fit,
                    resolution,
                    quality,
                    order.value,
                    still,
                    draft_out,
                    _Culling(),
                    platform=platform,
                    trim=trim,
                    look=_TextLook(title_font, text_animation),
                    jobs=jobs,
                    cache=cache,
                    stall_seconds=stall_timeout,
                    prepared=draft,
                )
        except DiapoError as exc:
            _out.print(f"[red]Error:[/red] {escape(exc.message)}")
            raise typer.Exit(1) from None
        return
    try:
        _render(
            inputs or [], output, draft_file, aspect, seconds, transition, transition_ms,
            title, music, fit, resolution, quality, order.value, still, draft_out,
            _Culling(keep_duplicates, drop_blurred, best, keep_bursts), beat_sync,
            _story_flags(places_dates, chapters, auto_title, lang), platform, trim,
            _TextLook(title_font, text_animation), jobs, cache, stall_timeout,
        )  # fmt: skip
    except DiapoError as exc:
        # Escaped: a file named "[red]x.jpg" is a name, not console markup.
        _out.print(f"[red]Error:[/red] {escape(exc.message)}")
        raise typer.Exit(1) from None


def _render(
    inputs: list[Path],
    output: Path,
    draft_file: Path | None,
    aspect: str | None,
    seconds: float,
    transition: str,
    transition_ms: int,
    title: str | None,
    music: str,
    fit: str,
    resolution: str,
    quality: str,
    order: str,
    still: str,
    draft_out: Path | None,
    culling: _Culling,
    beat_sync: bool = True,
    story: _StoryFlags | None = None,
    platform: str | None = None,
    trim: bool = False,
    look: _TextLook | None = None,
    jobs: int | None = None,
    cache: Path | None = None,
    stall_seconds: float | None = None,
    prepared: Draft | None = None,
) -> None:
    from diapo.draft import describe, with_resolution
    from diapo.render import output_format, path_resolver
    from diapo.render.chunkpool import DEFAULT_STALL_SECONDS, default_jobs
    from diapo.render.chunks import render_chunked

    output_format(output)  # refuse an unknown extension before any work
    base: Path | None = None
    if prepared is not None:  # made from a template
        draft = with_resolution(prepared, resolution)
    elif draft_file is not None:
        if inputs:
            raise DiapoError("Give either input files or --draft, not both.")
        try:
            text = draft_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise DiapoError(f"Cannot read the draft {draft_file}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise DiapoError(f"{draft_file} is not a draft: drafts are JSON text.") from None
        draft = Draft.parse(text)
        base = draft_file.resolve().parent
        if aspect is not None and aspect != draft.c.ar:
            draft = _reframed(draft, aspect, base)
    else:
        if not inputs:
            raise DiapoError("Give photos, clips or folders to render (or --draft FILE).")
        draft = _build(
            inputs,
            PLATFORM_PRESETS[platform].aspect if platform else aspect or DEFAULT_ASPECT,
            seconds,
            transition,
            transition_ms,
            title,
            music,
            fit,
            order,
            culling,
            beat_sync,
            story,
        )
        draft = with_resolution(draft, resolution)
    if look is not None:
        draft = look.apply(draft)
    if platform is not None:
        draft = _for_platform(draft, platform, resolution, trim)
    elif trim:
        raise DiapoError("--trim shortens the video to a platform's limit: give --for too.")
    if draft_out is not None:
        draft_out.write_text(json.dumps(draft.to_dict(), indent=2, ensure_ascii=False) + "\n")
    _out.print(describe(draft))
    with Progress(
        TextColumn("[bold]Rendering[/bold] {task.fields[name]}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=_out,
        transient=False,
    ) as bar:
        task = bar.add_task("render", total=1.0, name=output.name)
        stop = threading.Event()
        try:
            # Chunks in worker processes for mp4/mov/mkv/webm; other formats, or a
            # video too short to split, render in this process.
            if cache is not None:
                result = _render_cached(draft, output, base, cache, jobs, quality, bar, task, stop)
            else:
                result = render_chunked(
                    draft,
                    output,
                    path_resolver(base),
                    jobs=jobs or default_jobs(),
                    progress=lambda f: bar.update(task, completed=f),
                    cancel=stop.is_set,
                    quality=quality,
                    still=still,
                    stall_seconds=stall_seconds or DEFAULT_STALL_SECONDS,
                    # A chunk run again (hung, or its process died) is said, not hidden.
                    retried=lambda why: bar.console.print(f"[yellow]Retry:[/yellow] {escape(why)}"),
                )
        except KeyboardInterrupt:
            stop.set()
            raise
    speed = result.duration_ms / 1000 / result.seconds if result.seconds else 0.0
    _out.print(
        f"[green]✓[/green] {result.path} — {result.format}, "
        + (f"{result.width}x{result.height}, " if result.width else "")
        + f"{result.duration_ms / 1000:.1f}s, "
        + f"rendered in {result.seconds:.1f}s ({speed:.1f}x real time)"
    )
    typer.echo(str(result.path))


def _for_platform(draft: Draft, platform: str, resolution: str, trim: bool) -> Draft:
    """The draft made for a platform; too long for it, it is trimmed only with --trim."""
    from diapo.draft import with_resolution
    from diapo.draft.ops import SetPreset, TrimToDuration
    from diapo.draft.presets import overrun, preset_resolution, rendered_ms

    draft = SetPreset(preset=platform).apply(draft, [])
    draft = with_resolution(draft, preset_resolution(platform, resolution))
    found = overrun(draft)
    if found is None:
        return draft
    title = found.preset.titles["en"]
    seconds, limit = found.duration_ms / 1000, found.preset.max_seconds
    if not trim:
        _out.print(
            f"[yellow]Warning:[/yellow] this video lasts {seconds:.1f} s; {title} takes at most "
            f"{limit} s. Add --trim to shorten every photo evenly, or remove some photos."
        )
        return draft
    trimmed = TrimToDuration().apply(draft, [])
    _out.print(
        f"Trimmed for {title}: {seconds:.1f} s -> {rendered_ms(trimmed) / 1000:.1f} s "
        f"(at most {limit} s), every photo a little shorter."
    )
    return trimmed


@dataclass(frozen=True, slots=True)
class _StoryFlags:
    """What `--places-dates`, `--chapters`, `--auto-title` and `--lang` ask of the build."""

    story: Story | None
    auto_title: bool
    lang: str


def _story_flags(
    places_dates: bool, chapters: Chapters | None, auto_title: bool, lang: str
) -> _StoryFlags:
    story = None
    if places_dates or chapters in (Chapters.cards, Chapters.captions):
        mode = chapters.value if chapters is not None else "cards"
        story = Story.model_validate({"chapters": mode, "lang": lang})
    return _StoryFlags(story=story, auto_title=auto_title, lang=lang)


@dataclass(frozen=True, slots=True)
class _TextLook:
    """--title-font and --text-animation: the look of every text of the draft."""

    font: str | None = None
    anim: str | None = None

    def apply(self, draft: Draft) -> Draft:
        from diapo.draft.ops import EditText

        if self.font is None and self.anim is None:
            return draft
        if not any(track.sg for track in draft.text_tracks):
            _out.print("[yellow]No title to style:[/yellow] add one with --title.")
            return draft
        return EditText.model_validate({"role": "all", "font": self.font, "anim": self.anim}).apply(
            draft, []
        )


def _render_cached(
    draft: Draft,
    output: Path,
    base: Path | None,
    cache: Path,
    jobs: int | None,
    quality: str,
    bar: Progress,
    task: TaskID,
    stop: threading.Event,
) -> RenderResult:
    """Render through the chunk cache in `cache` (issue 14); say what it reused."""
    from diapo.render import path_resolver
    from diapo.render.chunkcache import DirectoryChunkStore
    from diapo.render.incremental import render_cached

    megabytes = int(os.environ.get("DIAPO_CHUNK_CACHE_MB", "2048"))
    store = DirectoryChunkStore(cache.expanduser(), limit_bytes=megabytes * 1024 * 1024)
    result, use = render_cached(
        draft,
        output,
        store=store,
        resolve=path_resolver(base),
        quality=quality,
        jobs=jobs or 2,
        progress=lambda f: bar.update(task, completed=f),
        cancel=stop.is_set,
    )
    if use.reused or use.rendered:
        _out.print(f"chunks: {use.reused} reused, {use.rendered} rendered")
    return result


def _reframed(draft: Draft, aspect: str, base: Path) -> Draft:
    """The draft in another aspect, its photos' motion planned again for the new frame.

    The photos are probed for their sizes and faces (as the chat's aspect change
    does with the session's media); one that cannot be read keeps its motion, which
    the renderer still slows to the pan rule.
    """
    from dataclasses import replace

    from diapo.cli.inputs import media_ref
    from diapo.draft.ops_look import SetAspect
    from diapo.render import path_resolver

    resolve = path_resolver(base)
    media: list[MediaRef] = []
    for seg in draft.main_video.sg if draft.main_video is not None else []:
        if seg.m.kind == "photo" and all(m.id != seg.m.src for m in media):
            try:
                media.append(replace(media_ref(resolve(seg.m.src)), id=seg.m.src))
            except DiapoError:
                continue
    return SetAspect.model_validate({"aspect": aspect}).apply(draft, media)


@dataclass(frozen=True, slots=True)
class _Culling:
    keep_duplicates: bool = False
    drop_blurred: bool = False
    best: int | None = None
    keep_bursts: bool = False


def _report_culling(media: list[MediaRef], culling: _Culling) -> None:
    """Say what culling found and what the build leaves out: never drop a photo silently."""
    from diapo.draft.culling import pick_media

    picked = pick_media(
        media,
        keep_duplicates=culling.keep_duplicates,
        keep_bursts=culling.keep_bursts,
        drop_blurred=culling.drop_blurred,
        best=culling.best,
    )
    names = {m.id: m.name or m.id for m in media}
    issues = picked.issues
    for label, ids in (
        ("blurred", issues.blurred),
        ("too dark", issues.dark),
        ("overexposed", issues.bright),
    ):
        if ids:
            _out.print(f"[yellow]Looks {label}:[/yellow] " + ", ".join(names[i] for i in ids))
    for group in issues.similar:
        _out.print(
            "[yellow]Near-duplicates or a burst:[/yellow] " + ", ".join(names[i] for i in group)
        )
    for copy, original in issues.duplicates.items():
        _out.print(f"[yellow]Duplicate:[/yellow] {names[copy]} repeats {names[original]}")
    if picked.left_out:
        _out.print(picked.message())
        for media_id, reason in picked.left_out:
            _out.print(f"  left out {names[media_id]} ({reason})")
        reasons = {reason for _, reason in picked.left_out}
        for reason, option in (("burst", "--keep-bursts"), ("duplicate", "--keep-duplicates")):
            if reason in reasons:
                _out.print(f"  to keep the {reason} shots too, add {option}")


def _build(
    inputs: list[Path],
    aspect: str,
    seconds: float,
    transition: str,
    transition_ms: int,
    title: str | None,
    music: str,
    fit: str,
    order: str,
    culling: _Culling,
    beat_sync: bool = True,
    story: _StoryFlags | None = None,
) -> Draft:
    from diapo.cli.inputs import collect_media, media_ref
    from diapo.draft import TRANSITION_NAMES, build_slideshow

    if transition not in TRANSITION_NAMES:
        raise DiapoError(
            f"Unknown transition {transition!r}; choose one of: {', '.join(TRANSITION_NAMES)}."
        )
    if fit not in FITS:
        raise DiapoError(f"Unknown fit {fit!r}; choose cover or contain.")
    collected = collect_media(inputs, order=order)
    for message in collected.skipped:
        _out.print(f"[yellow]Skipped:[/yellow] {escape(message)}")
    media = collected.media
    _report_culling(media, culling)
    style: str | None = None
    lowered = music.strip().lower()
    if lowered in ("none", "no", "off", ""):
        media = [m for m in media if m.kind != "audio"]
    elif Path(music).exists():
        ref = media_ref(Path(music))
        if ref.kind != "audio":
            raise DiapoError(f"--music {music}: that file is not an audio file.")
        media = [m for m in media if m.kind != "audio"] + [ref]
    else:
        from diapo.music import resolve_style

        try:
            style = resolve_style(music)
        except ValueError as exc:
            raise DiapoError(str(exc)) from None
    song = next((m for m in media if m.kind == "audio"), None)
    tempo = _song_tempo(Path(song.id)) if song is not None and beat_sync else None
    if story is not None and story.story is not None:
        told = sum(1 for m in media if m.kind != "audio" and (m.place or m.taken_at))
        if not told:
            _out.print("[yellow]No photo says where or when it was taken:[/yellow] no chapters.")
    return build_slideshow(
        media,
        aspect=aspect,
        seconds_per_photo=seconds,
        transition=transition,
        transition_ms=transition_ms,
        title=title,
        music=style,
        fit=fit,
        keep_duplicates=culling.keep_duplicates,
        keep_bursts=culling.keep_bursts,
        drop_blurred=culling.drop_blurred,
        best=culling.best,
        beat_sync=beat_sync,
        music_tempo=tempo,
        story=story.story if story else None,
        auto_title=story.auto_title if story else False,
        lang=story.lang if story else "en",
    )


def _song_tempo(path: Path) -> tuple[float, int] | None:
    """An uploaded song's tempo and first beat, for cutting on its beat (None: no clear pulse)."""
    from diapo.render.audio import song_tempo

    found = song_tempo(path)
    if found is None:
        _out.print("[yellow]No clear beat in the music:[/yellow] cuts keep their own timing.")
        return None
    _out.print(f"Music tempo: {found.bpm:.1f} bpm")
    return found.bpm, found.first_beat_ms
