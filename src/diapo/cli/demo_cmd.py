"""`diapo demo`: make the bundled sample photos and render them into a video."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from diapo.cli.console import Console
from diapo.draft.vocabulary import DEFAULT_ASPECT, DEFAULT_STYLE, Aspect, Resolution

_out = Console(stderr=True)


def demo(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the video.")
    ] = Path("data/demo.mp4"),
    count: Annotated[int, typer.Option("--count", min=1, max=100, help="How many photos.")] = 10,
    aspect: Annotated[Aspect, typer.Option("--aspect", help="Aspect ratio.")] = DEFAULT_ASPECT,
    resolution: Annotated[Resolution, typer.Option("--resolution", help="Output size.")] = "1080p",
) -> None:
    """Render the demo: generated Italian holiday photos, a title and built-in music."""
    from diapo.cli.render_cmd import render
    from diapo.samples import write_holiday_set

    photos_dir = output.parent / "demo-photos"
    photos_dir.mkdir(parents=True, exist_ok=True)
    existing = sorted(photos_dir.glob("*.jpg"))
    if len(existing) != count:
        for old in existing:
            old.unlink()
        _out.print(f"Generating {count} sample photos in {photos_dir} …")
        write_holiday_set(photos_dir, count)
    render(
        inputs=[photos_dir],
        output=output,
        aspect=aspect,
        title="Estate in Italia",
        music=DEFAULT_STYLE,
        resolution=resolution,
        draft_out=output.with_suffix(".json"),
    )
