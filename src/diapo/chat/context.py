"""What a clause handler is given and gives back: the context, the outcome and the handler type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from diapo.chat.clauses import Clause
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft
from diapo.draft.ops import MakeSlideshow, Op
from diapo.errors import InvalidDraftError

__all__ = ["Context", "Handler", "Outcome"]


@dataclass
class Context:
    """What a clause is read against: the draft so far and the session's media."""

    draft: Draft | None
    media: Sequence[MediaRef]
    seed: int = 0
    _default: Draft | None = None
    lang: str = "en"  # the session's: dates and place names are written in it

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
