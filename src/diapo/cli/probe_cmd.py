"""`diapo probe FILE`: what Diapo sees in a media file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from diapo.cli.console import Console
from diapo.errors import DiapoError

_err = Console(stderr=True)


def probe(
    files: Annotated[list[Path], typer.Argument(help="Media files to inspect.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show what Diapo sees in media files: kind, format, size, duration, loudness and place."""
    from diapo.media import probe as probe_file

    failed = False
    rows = []
    for path in files:
        try:
            row = probe_file(path).to_dict()
            if row.get("gps"):
                from diapo.media.places import location_fields

                lat, lon = row["gps"]
                row.update(location_fields((lat, lon)))
            if row.get("has_audio"):
                row["loudness"] = _loudness(path, row.get("duration_ms"))
            rows.append(row)
        except DiapoError as exc:
            _err.print(f"[red]✗[/red] {exc.message}")
            failed = True
    _add_vision(rows)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif rows:
        table = Table(
            "file", "kind", "format", "size", "duration", "audio", "taken", "subjects", "flags"
        )
        for r in rows:
            dur = r.get("duration_ms")
            table.add_row(
                Path(str(r["path"])).name,
                str(r["kind"]),
                str(r["format"]),
                f"{r['width']}x{r['height']}" if r.get("width") else "-",
                f"{dur / 1000:.2f}s" if dur else "-",
                _shown(r.get("loudness")) if r.get("has_audio") else "no",
                str(r.get("taken_at") or "-"),
                _subjects_cell(r),
                ", ".join(r.get("flags", [])) or "-",
            )
        console = Console()
        console.print(table)
        for line in _subject_lines(rows):
            console.print(line, soft_wrap=True)
    if failed:
        raise typer.Exit(2)


def _add_vision(rows: list[dict[str, object]]) -> None:
    """Add each photo's subjects (faces or salient region), quality and culling flags."""
    from diapo.draft.culling import BLUR_SHARPNESS, find_issues
    from diapo.draft.media import MediaRef, analysis_fields
    from diapo.media.quality import analyse_photo

    refs: list[MediaRef] = []
    for r in rows:
        if r.get("kind") != "image":
            continue
        try:
            analysis = analyse_photo(Path(str(r["path"]))).to_dict()
        except DiapoError as exc:
            _err.print(f"[yellow]![/yellow] {exc.message}")
            continue
        r.update(analysis)
        fields = analysis_fields(analysis)
        flags: list[str] = []
        if fields["sharpness"] < BLUR_SHARPNESS:
            flags.append("blurred")
        if fields["exposure"] != "ok":
            flags.append({"dark": "dark", "bright": "overexposed"}[fields["exposure"]])
        r["flags"] = flags
        refs.append(
            MediaRef(
                id=str(r["path"]),
                kind="photo",
                width=int(str(r.get("width") or 0)),
                height=int(str(r.get("height") or 0)),
                name=Path(str(r["path"])).name,
                taken_at=_taken(r.get("taken_at")),
                **fields,
            )
        )
    issues = find_issues(refs)
    by_path = {str(r["path"]): r for r in rows}
    for copy, original in issues.duplicates.items():
        _flags(by_path[copy]).append(f"duplicate of {Path(original).name}")
    for group in issues.similar:
        for member in group:
            others = ", ".join(Path(o).name for o in group if o != member)
            _flags(by_path[member]).append(f"similar to {others}")


def _flags(row: dict[str, object]) -> list[str]:
    flags = row.setdefault("flags", [])
    assert isinstance(flags, list)
    return flags


def _taken(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _place_text(row: dict[str, object]) -> str | None:
    """ "Florence, Tuscany, IT (43.7696, 11.2558)", the position alone, or None."""
    gps = row.get("gps")
    if not isinstance(gps, list) or len(gps) != 2:
        return None
    where = f"({gps[0]:.4f}, {gps[1]:.4f})"
    place = row.get("place")
    if not isinstance(place, dict):
        return where
    names = [str(place[k]) for k in ("name", "region", "country") if place.get(k)]
    return f"{', '.join(names)} {where}"


def _subjects_cell(row: dict[str, object]) -> str:
    subjects = row.get("subjects")
    if not isinstance(subjects, list) or not subjects:
        return "-"
    faces = sum(s["k"] == "face" for s in subjects)
    if faces:
        return f"{faces} face{'s' if faces > 1 else ''}"
    return "subject"


def _subject_lines(rows: list[dict[str, object]]) -> list[str]:
    """One line per photo: where it was shot, where each subject is (fractions of the photo)
    and its flags.

    Below the table, since a narrow terminal would cut these off inside it.
    """
    lines = []
    for r in rows:
        subjects = r.get("subjects")
        flags = r.get("flags")
        place = _place_text(r)
        parts = [f"shot at {place}"] if place else []
        if isinstance(subjects, list) and subjects:
            parts += [
                f"{s['k']} x {s['x']:.2f} y {s['y']:.2f} w {s['w']:.2f} h {s['h']:.2f}"
                for s in subjects
            ]
        if isinstance(flags, list) and flags:
            parts.append("flags: " + ", ".join(str(f) for f in flags))
        if parts:
            lines.append(f"{Path(str(r['path'])).name}: " + "; ".join(parts))
    return lines


def _loudness(path: Path, duration_ms: object) -> dict[str, float | bool | None]:
    """Integrated loudness (BS.1770 / EBU R128), sample and true peak of the file's sound.

    `sampled` says a long file was measured over windows spread along it
    (`diapo.render.audio.file_loudness`): memory and time stay bounded.
    """
    from diapo.render.audio import file_loudness

    known = duration_ms if isinstance(duration_ms, int) else None
    loudness, sampled = file_loudness(path, known)
    return {**loudness.to_dict(), "sampled": sampled}


def _shown(loudness: object) -> str:
    """ "-14.0 LUFS, -1.6 dBTP", or "yes" for sound too short or silent to measure."""
    if not isinstance(loudness, dict) or loudness.get("lufs") is None:
        return "yes"
    peak = loudness.get("true_peak_db")
    return f"{loudness['lufs']:.1f} LUFS, {peak:.1f} dBTP" if peak is not None else "yes"
