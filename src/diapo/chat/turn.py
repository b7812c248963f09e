"""What one chat turn produced: operations, their results, the new draft and a reply."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from diapo.draft.bidi import without_bidi_controls
from diapo.draft.model import Draft
from diapo.draft.ops import Op

__all__ = ["OpResult", "Turn", "TurnKind"]

TurnKind = Literal["edit", "question", "help", "history", "export", "noop"]


@dataclass(frozen=True, slots=True)
class OpResult:
    """How one operation went: `ok` with its description, or the error a person reads."""

    op: str
    args: dict[str, Any]
    ok: bool
    description: str
    error: str | None = None

    def __post_init__(self) -> None:
        # Both quote what the person typed (a title, a file name) back to them.
        object.__setattr__(self, "description", without_bidi_controls(self.description))
        if self.error is not None:
            object.__setattr__(self, "error", without_bidi_controls(self.error))


@dataclass(frozen=True, slots=True)
class Turn:
    """The outcome of one message.

    `draft` is the draft after every draft-changing operation that applied, or
    None when none did (history, export, questions, help). Undo/Redo and
    SetOutput/ExportRequest appear in `ops` for the caller to act on. The reply
    says "done" only when `not_applied` is empty.
    """

    ops: list[Op]
    results: list[OpResult]
    draft: Draft | None
    reply: str
    kind: TurnKind
    # Each clause of the message as the person typed it: done, or not done (not
    # understood, asked about, refused by an operation, or out of range).
    applied: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The reply echoes titles, captions and names as typed, less their bidi controls.
        object.__setattr__(self, "reply", without_bidi_controls(self.reply))

    @property
    def history(self) -> list[Op]:
        """The Undo/Redo operations, which the caller applies to its history."""
        return [op for op in self.ops if op.op in ("undo", "redo")]

    @property
    def output(self) -> dict[str, str]:
        """Format and resolution asked for in this turn (SetOutput/ExportRequest)."""
        out: dict[str, str] = {}
        for op in self.ops:
            if op.op in ("set_output", "export"):
                out.update(op.args())
        return out

    @property
    def export_requested(self) -> bool:
        return any(op.op == "export" for op in self.ops)
