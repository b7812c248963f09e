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
    """Show what Diapo sees in media files: kind, format, display size, duration."""
    from diapo.media import probe as probe_file

    failed = False
    rows = []
    for path in files:
        try:
            rows.append(probe_file(path).to_dict())
        except DiapoError as exc:
            _err.print(f"[red]✗[/red] {exc.message}")
            failed = True
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif rows:
        table = Table("file", "kind", "format", "size", "duration", "audio", "taken")
        for r in rows:
            dur = r.get("duration_ms")
            table.add_row(
                Path(str(r["path"])).name,
                str(r["kind"]),
                str(r["format"]),
                f"{r['width']}x{r['height']}" if r.get("width") else "-",
                f"{dur / 1000:.2f}s" if dur else "-",
                "yes" if r.get("has_audio") else "no",
                str(r.get("taken_at") or "-"),
            )
        Console().print(table)
    if failed:
        raise typer.Exit(2)
