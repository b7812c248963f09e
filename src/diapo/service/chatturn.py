"""One chat turn on a session: read its draft and media, interpret, apply all at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.orm import Session as OrmSession

from diapo.chat import OpResult, Turn, run_turn
from diapo.chat.clauses import prepare
from diapo.chat.language import reply_language
from diapo.chat.llm import LlmSettings
from diapo.draft import Draft, MediaRef, describe
from diapo.draft.media import analysis_fields
from diapo.service.db.engine import Database
from diapo.service.db.projects import add_messages, ordered_media
from diapo.service.db.sessions import (
    add_turn,
    append_version,
    latest_version,
    list_media,
    owned_session,
    require_session,
)
from diapo.service.db.tables import Media, Token
from diapo.service.history import redo, undo
from diapo.service.ingest import stored_analysis

__all__ = [
    "Applied",
    "TurnInput",
    "apply_turn",
    "compute_turn",
    "load_turn_input",
    "media_ref",
    "record_chat",
    "record_chat_error",
    "reply_text",
]

_KINDS: dict[str, Literal["photo", "clip", "audio"]] = {
    "image": "photo",
    "video": "clip",
    "audio": "audio",
}

_ONLY = {
    "undo": {
        "it": "Annullate solo {n}.",
        "en": "Only {n} could be undone.",
        "zh": "只撤销了 {n} 步。",
    },
    "redo": {
        "it": "Ripetute solo {n}.",
        "en": "Only {n} could be redone.",
        "zh": "只重做了 {n} 步。",
    },
}

_NOTHING = {
    "undo": {
        "it": "Non c'è niente da annullare.",
        "en": "There is nothing to undo.",
        "zh": "没有可以撤销的操作。",
    },
    "redo": {
        "it": "Non c'è niente da ripetere.",
        "en": "There is nothing to redo.",
        "zh": "没有可以重做的操作。",
    },
}


def media_ref(media: Media) -> MediaRef:
    """A stored media item as the draft layer sees it, with what its analysis found.

    The analysis lets the builder frame faces and leave out duplicates, the
    culling operations find blurred photos, and an uploaded song's tempo reach
    its music segment for beat sync. A malformed one is ignored, not fatal.
    """
    try:
        found = analysis_fields(stored_analysis(media))
    except ValueError:
        found = {}
    return MediaRef(
        id=media.id,
        kind=_KINDS[media.kind],
        width=media.width,
        height=media.height,
        duration_ms=media.duration_ms,
        name=media.name,
        taken_at=media.taken_at,
        has_audio=media.has_audio,
        **found,
    )


@dataclass(frozen=True)
class TurnInput:
    session_id: str
    language: str
    version: int
    draft: Draft | None
    media: list[MediaRef]
    llm: LlmSettings | None = None  # the model for clauses the rules leave; None: rules alone


def load_turn_input(
    *, db: Database, session_id: str, token: Token, llm: LlmSettings | None = None
) -> TurnInput:
    with db.transaction() as s:
        session = require_session(db=s, session_id=session_id, token=token)
        current = latest_version(db=s, session=session)
        return TurnInput(
            session_id=session.id,
            language=session.language,
            version=current.version,
            draft=Draft.parse(current.draft) if current.draft else None,
            # The default slideshow's order: capture time, else picked, else upload.
            media=[
                media_ref(m)
                for m in ordered_media(db=s, media=list_media(db=s, session_id=session.id))
            ],
            llm=llm,
        )


def compute_turn(message: str, given: TurnInput) -> Turn:
    """The interpreter's `Turn` for `message` (nothing is stored): the rules, and the
    session's model for the clauses they leave when one is set."""
    if given.llm is None:
        return run_turn(
            message, draft=given.draft, media=given.media, lang=given.language, seed=given.version
        )
    llm = given.llm.interpreter()
    try:
        return llm.run_turn(
            message, draft=given.draft, media=given.media, lang=given.language, seed=given.version
        )
    finally:
        llm.close()


@dataclass
class Applied:
    """What applying a turn changed."""

    version: int
    summary: str
    changed: bool
    history: dict[str, int] = field(default_factory=dict)  # op -> steps actually applied
    notes: list[str] = field(default_factory=list)


def apply_turn(
    *, db: Database, token: Token, given: TurnInput, message: str, turn: Turn
) -> Applied | None:
    """Store the turn's result in one transaction; None if the draft moved on meanwhile."""
    with db.transaction() as s:
        session = require_session(db=s, session_id=given.session_id, token=token, lock=True)
        if session.version != given.version:
            return None  # another turn or export changed it: the caller recomputes
        before = session.version
        history: dict[str, int] = {}
        notes: list[str] = []
        if turn.draft is not None:
            append_version(
                db=s,
                session=session,
                draft_json=turn.draft.to_json(),
                source="chat",
                description=message[:500],
                undo_to=before,
            )
        # A note joins the reply, so it speaks the reply's language (the message's, else
        # the session's): "撤销" in an English session is answered in Chinese throughout.
        lang = reply_language(prepare(message).text, given.language)
        for op in turn.history:
            steps = int(getattr(op, "steps", 1) or 1)  # only Undo/Redo reach here
            move = undo if op.op == "undo" else redo
            done = move(db=s, session=session, steps=steps)
            history[op.op] = history.get(op.op, 0) + done
            if done == 0:
                notes.append(_NOTHING[op.op].get(lang, _NOTHING[op.op]["en"]))
            elif done < steps:
                text = _ONLY[op.op].get(lang, _ONLY[op.op]["en"])
                notes.append(text.format(n=done))
        add_turn(
            db=s,
            session=session,
            message=message,
            reply=turn.reply,
            kind=turn.kind,
            ops=[_result_dict(r) for r in turn.results],
        )
        record_chat(
            db=s, session_id=session.id, message=message, reply=reply_text(turn.reply, notes)
        )
        current = latest_version(db=s, session=session)
        summary = describe(Draft.parse(current.draft), lang=given.language) if current.draft else ""
        return Applied(
            version=current.version,
            summary=summary,
            changed=current.version != before,
            history=history,
            notes=notes,
        )


def reply_text(reply: str, notes: list[str]) -> str:
    """The assistant's reply as the chat stream sends it: its text, then the history notes."""
    return " ".join([reply, *notes]).strip() if notes else reply


def record_chat(*, db: OrmSession, session_id: str, message: str, reply: str) -> None:
    """Keep the turn in the session's chat history (in the turn's own transaction)."""
    add_messages(db=db, session_id=session_id, messages=[("user", message), ("assistant", reply)])


def record_chat_error(
    *, db: Database, token: Token, session_id: str, message: str, error: str
) -> None:
    """Keep a turn that failed: the person's message and the error they were shown."""
    with db.transaction() as s:
        if owned_session(db=s, session_id=session_id, token=token) is None:
            return
        add_messages(db=s, session_id=session_id, messages=[("user", message), ("error", error)])


def _result_dict(result: OpResult) -> dict[str, Any]:
    return {
        "op": result.op,
        "args": result.args,
        "ok": result.ok,
        "description": result.description,
        "error": result.error,
    }
