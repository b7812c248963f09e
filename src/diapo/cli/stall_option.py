"""`--stall-timeout`: how long a chunk process of `diapo render` may be silent, then killed."""

from __future__ import annotations

import math
from typing import Annotated

import typer

__all__ = ["STALL_ENV", "StallTimeout", "positive_seconds"]

#: The environment setting, named as the service's (`DIAPO_RENDER_STALL_SECONDS`):
#: one meaning, "a render silent this long is hung", wherever it runs.
STALL_ENV = "DIAPO_RENDER_STALL_SECONDS"


def positive_seconds(value: float | None) -> float | None:
    """The option's value if it is a positive, finite number of seconds (typer's callback)."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"{value} is not a positive number of seconds.")
    return value


StallTimeout = Annotated[
    float | None,
    typer.Option(
        "--stall-timeout",
        envvar=STALL_ENV,
        callback=positive_seconds,
        metavar="SECONDS",
        help="Kill a chunk process that makes no progress for this long and run it once more; "
        "a second stall stops the render (default 120, or 4 times the slowest frame seen).",
    ),
]
