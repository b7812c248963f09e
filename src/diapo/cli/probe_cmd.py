"""`diapo probe FILE`: what Diapo sees in a media file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from diapo.errors import DiapoError

_err = Console(stderr=True)


def probe(
    files: Annotated[list[Path], typer.Argument(help="Media files to inspect.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show what Diapo sees in media files: kind, format, size, duration and loudness."""
    from diapo.media import probe as probe_file

    failed = False
    rows = []
    for path in files:
        try:
            row = probe_file(path).to_dict()
            if row.get("has_audio"):
                row["loudness"] = _loudness(path)
            rows.append(row)
        except DiapoError as exc:
            _err.print(f"[red]✗[/red] {exc.message}")
            failed = True
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif rows:
        table = Table("file", "kind", "format", "size", "duration", "audio", "loudness", "taken")
        for r in rows:
            dur = r.get("duration_ms")
            table.add_row(
                Path(str(r["path"])).name,
                str(r["kind"]),
                str(r["format"]),
                f"{r['width']}x{r['height']}" if r.get("width") else "-",
                f"{dur / 1000:.2f}s" if dur else "-",
                "yes" if r.get("has_audio") else "no",
                _shown(r.get("loudness")),
                str(r.get("taken_at") or "-"),
            )
        Console().print(table)
    if failed:
        raise typer.Exit(2)


def _loudness(path: Path) -> dict[str, float | None]:
    """Integrated loudness (BS.1770 / EBU R128), sample and true peak of the file's sound."""
    from diapo.media import decode_audio
    from diapo.music.loudness import measure

    rate = 48_000
    return measure(decode_audio(path, sample_rate=rate), rate).to_dict()


def _shown(loudness: object) -> str:
    """ "-14.0 LUFS, -1.6 dBTP", or "-" for no sound (or too short or silent to measure)."""
    if not isinstance(loudness, dict) or loudness.get("lufs") is None:
        return "-"
    peak = loudness.get("true_peak_db")
    return f"{loudness['lufs']:.1f} LUFS, {peak:.1f} dBTP" if peak is not None else "-"
