"""The CLI's console: Rich's, less the bidi controls of the names and text it echoes.

Only the lines a person reads go through it; what scripts read (the output
path on stdout, `--json`) stays exact.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console as RichConsole
from rich.text import Text

from diapo.draft.bidi import without_bidi_controls

__all__ = ["Console"]


class Console(RichConsole):
    """A Rich console whose every string (lines, table cells, progress labels) loses its bidi
    controls: a file named "a\u202egpj.exe" is shown as it is, not as "aexe.jpg"."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(without_bidi_controls(text), **kwargs)
