"""Clauses to operations: find each clause's intent and its arguments."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from diapo.chat.clauses import Clause, Message
from diapo.chat.keywords import HEADS, has
from diapo.chat.numbers import durations
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft
from diapo.draft.ops import MakeSlideshow, Op, Redo, Undo
from diapo.errors import InvalidDraftError

__all__ = ["Context", "Outcome", "history_ops", "merge_clauses", "parse_clause"]


@dataclass
class Context:
    """What a clause is read against: the draft so far and the session's media."""

    draft: Draft | None
    media: Sequence[MediaRef]
    seed: int = 0
    _default: Draft | None = None

    @property
    def view(self) -> Draft | None:
        """The draft, or the slideshow that would be made implicitly (for references)."""
        if self.draft is not None:
            return self.draft
        if self._default is None and any(m.kind != "audio" for m in self.media):
            try:
                self._default = MakeSlideshow().apply(None, self.media)
            except InvalidDraftError:
                return None
        return self._default

    @property
    def count(self) -> int:
        view = self.view
        return len(view.main_video.sg) if view is not None and view.main_video is not None else 0


@dataclass
class Outcome:
    """What a clause asks for: operations, or a question (key and values for the reply)."""

    ops: list[Op] = field(default_factory=list)
    question: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    talk: str | None = None  # "greeting", "thanks", "help"


Handler = Callable[[Clause, Context], Outcome | None]


def _is_head(text: str) -> bool:
    return (
        has(text, *HEADS)
        or bool(durations(text))
        or bool(re.search(r"(?<!\d)(?:16|9|1|4) ?[:x/] ?(?:9|16|1|5)(?!\d)", text))
    )


def merge_clauses(clauses: Sequence[Clause]) -> list[Clause]:
    """Join a clause with no instruction of its own to the one before.

    "scambia la prima e l'ultima" is one instruction, not two.
    """
    out: list[Clause] = []
    for c in clauses:
        if out and not _is_head(c.text):
            prev = out[-1]
            out[-1] = Clause(
                text=f"{prev.text} e {c.text}",
                quotes=prev.quotes + c.quotes,
                raw=f"{prev.raw} e {c.raw}",
                original=prev.original,
            )
        else:
            out.append(c)
    return out


def history_ops(message: Message) -> list[Op]:
    """Undo/Redo if the message asks for them (an undo message is handled on its own)."""
    text = message.text
    for c in message.clauses:
        if has(c.text, "undo") and not has(c.text, "redo"):
            return [Undo(steps=_steps(c.text))]
        if has(c.text, "redo"):
            return [Redo(steps=_steps(c.text))]
    del text
    return []


def _steps(text: str) -> int:
    m = re.search(r"(\d+)", text)
    return max(1, min(100, int(m.group(1)))) if m else 1


def parse_clause(clause: Clause, ctx: Context) -> Outcome | None:
    """The first handler that understands the clause decides; None if none does."""
    from diapo.chat.handlers_media import MEDIA_HANDLERS
    from diapo.chat.handlers_sound import SOUND_HANDLERS

    handlers: list[Handler] = [*SOUND_HANDLERS, *MEDIA_HANDLERS]
    for handler in handlers:
        outcome = handler(clause, ctx)
        if outcome is not None:
            return outcome
    return None
