"""Editing sessions (the page's projects): create, rename, duplicate, delete, restore, history."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session as OrmSession

from diapo.draft.bidi import without_bidi_controls
from diapo.draft.vocabulary import Language
from diapo.service.db.idempotency import find_answer, remember_answer, request_fingerprint
from diapo.service.db.projects import (
    NAME_MAX,
    RESTORE_DAYS,
    deleted_session,
    duplicate_session,
    list_messages,
    project_of,
    restore_session,
    soft_delete,
)
from diapo.service.db.session_settings import update_session_settings
from diapo.service.db.sessions import create_session, require_session
from diapo.service.db.tables import Account, Session
from diapo.service.deps import CurrentToken, IdempotencyKey, State
from diapo.service.envelope import envelope, errors, ok
from diapo.service.errors import SessionNotFoundError
from diapo.service.ledger import lock_account
from diapo.service.routes.session_list import SessionSummary, session_summary
from diapo.service.schemas import Envelope, SessionCreate, SessionInfo
from diapo.service.state import ServiceState
from diapo.service.views import iso

__all__ = ["router"]

router = APIRouter(tags=["sessions"])


def _session_info(session: Session, account: Account) -> dict[str, str]:
    return {
        "session_id": session.id,
        "bind_id": account.bind_id,
        "task_name": session.task_name,
        "language": session.language,
    }


@router.post(
    "/api/tasks/me/with-session/nemo_agent",
    summary="Create a session",
    response_model=Envelope[SessionInfo],
    responses=errors(400, 401, 422, 429),
)
def new_session(
    state: State, token: CurrentToken, body: SessionCreate, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    fingerprint = request_fingerprint(body.model_dump(mode="json"))
    with state.db.transaction() as db:
        if idempotency_key:
            # Locked first: a request racing this one with the same key waits for its answer.
            lock_account(db=db, account_id=token.account_id)
            found = find_answer(
                db=db,
                account_id=token.account_id,
                scope="session",
                key=idempotency_key,
                fingerprint=fingerprint,
            )
            if found:
                return JSONResponse(found[1], status_code=found[0])
        session = create_session(
            db=db, token=token, task_name=body.task_name, language=body.language
        )
        account = db.get(Account, token.account_id)
        assert account is not None
        answer = envelope(_session_info(session, account))
        if idempotency_key:
            remember_answer(
                db=db,
                account_id=token.account_id,
                scope="session",
                key=idempotency_key,
                fingerprint=fingerprint,
                status_code=200,
                body=answer,
            )
    return JSONResponse(answer)


class ProjectUpdate(BaseModel):
    # Like every body: unknown fields are ignored, and no value is coerced to another type.
    model_config = ConfigDict(extra="ignore", strict=True)

    language: Language | None = Field(
        None, description="language of the assistant's replies from now on"
    )
    name: str | None = Field(
        None, min_length=1, max_length=NAME_MAX, description="the project's name (1-120 chars)"
    )

    @field_validator("name")
    @classmethod
    def _not_blank(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError("the name is blank")
        return v.strip() if v is not None else None


class ProjectCopy(SessionSummary):
    pass


class DeletedProject(BaseModel):
    session_id: str
    deleted: bool
    restore_until: str | None


_MISSING: dict[int | str, dict[str, Any]] = {
    404: {"description": "1002: the session is not this account's (or is deleted)"}
}
_TOKEN: dict[int | str, dict[str, Any]] = {
    401: {"description": "1001: token missing, unknown or expired"},
    429: {"description": "too many requests from this token (`Retry-After`)"},
}
_INVALID: dict[int | str, dict[str, Any]] = {
    422: {"description": "invalid body (e.g. a name over 120 characters)"}
}


def _summary(
    request: Request, state: ServiceState, db: OrmSession, session: Session
) -> JSONResponse:
    return ok(
        session_summary(
            db=db,
            session=session,
            request=request,
            signer=state.signer,
            public_base_url=state.settings.public_base_url,
        )
    )


@router.patch(
    "/api/tasks/me/sessions/{session_id}",
    summary="Change a project: its name, the language of the assistant's replies",
    description=(
        "`language` (`it`, `en` or `zh`) applies from the next chat turn on; `name` "
        "(1-120 characters) is the project's name in the list. Either or both; the draft "
        "and the history are unchanged. Answers the project's summary, as the list "
        "gives it. 1002 if the session is not this account's."
    ),
    response_model=Envelope[SessionSummary],
    responses=errors(400, 401, 404, 422, 429),
)
def update_session(
    request: Request, state: State, token: CurrentToken, session_id: str, body: ProjectUpdate
) -> JSONResponse:
    with state.db.transaction() as db:
        session = update_session_settings(
            db=db, session_id=session_id, token=token, language=body.language
        )
        if session is None:
            raise SessionNotFoundError("Session not found; create a new session.")
        if body.name is not None:
            project_of(db=db, session_id=session.id).name = body.name
            db.flush()
        return _summary(request, state, db, session)


@router.post(
    "/api/tasks/me/sessions/{session_id}/duplicate",
    summary="Duplicate a project: same draft, same files, a new session",
    description=(
        "A new session of this account, in the same language, named `<name> (copia)`, "
        "`(copy)` or `(副本)` by its language, whose draft (version 1) is the source's "
        "current draft and whose media are the same files (new media ids; the stored "
        "files are shared, not copied). Answers the new project's summary. 1002 if the "
        "session is not this account's."
    ),
    response_model=Envelope[ProjectCopy],
    responses={**_TOKEN, **_MISSING},
)
def duplicate(request: Request, state: State, token: CurrentToken, session_id: str) -> JSONResponse:
    with state.db.transaction() as db:
        source = require_session(db=db, session_id=session_id, token=token)
        copy = duplicate_session(db=db, source=source, token=token)
        return _summary(request, state, db, copy)


@router.delete(
    "/api/tasks/me/sessions/{session_id}",
    summary="Delete a project (it can be restored for 7 days)",
    description=(
        "Hides the session: it leaves the list and its state, uploads, chat and exports "
        f"answer 1002. `POST .../restore` brings it back within {RESTORE_DAYS} days "
        "(`restore_until`). 1002 if the session is not this account's."
    ),
    response_model=Envelope[DeletedProject],
    responses={**_TOKEN, **_MISSING},
)
def delete_session(state: State, token: CurrentToken, session_id: str) -> JSONResponse:
    with state.db.transaction() as db:
        session = require_session(db=db, session_id=session_id, token=token, lock=True)
        until = soft_delete(db=db, session=session)
        return ok({"session_id": session.id, "deleted": True, "restore_until": iso(until)})


@router.post(
    "/api/tasks/me/sessions/{session_id}/restore",
    summary="Restore a deleted project (within 7 days)",
    description=(
        f"Undoes a delete made less than {RESTORE_DAYS} days ago and answers the project's "
        "summary. 1002 if the session is not this account's, was not deleted, or was "
        "deleted too long ago."
    ),
    response_model=Envelope[SessionSummary],
    responses={**_TOKEN, **_MISSING},
)
def restore(request: Request, state: State, token: CurrentToken, session_id: str) -> JSONResponse:
    with state.db.transaction() as db:
        session = deleted_session(db=db, session_id=session_id, token=token)
        if session is None:
            raise SessionNotFoundError(
                "No deleted session to restore here (unknown, not deleted, or deleted "
                f"more than {RESTORE_DAYS} days ago)."
            )
        restore_session(db=db, session=session)
        return _summary(request, state, db, session)


class ChatLine(BaseModel):
    role: Literal["user", "assistant", "error"]
    text: str
    at: str


class ChatHistory(BaseModel):
    messages: list[ChatLine]


@router.get(
    "/api/tasks/me/sessions/{session_id}/messages",
    summary="A project's chat history, oldest first",
    description=(
        "Every chat turn stores the person's message (`user`), the assistant's reply "
        "(`assistant`) and any error (`error`), with the time (`at`); this answers the "
        "last `limit` of them, oldest first. 1002 if the session is not this account's."
    ),
    response_model=Envelope[ChatHistory],
    responses={**_TOKEN, **_MISSING, 422: {"description": "limit outside 1-1000"}},
)
def chat_history(
    state: State,
    token: CurrentToken,
    session_id: str,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many, the latest")] = 200,
) -> JSONResponse:
    with state.db.transaction() as db:
        session = require_session(db=db, session_id=session_id, token=token)
        rows = list_messages(db=db, session_id=session.id, limit=limit)
        return ok(
            {
                "messages": [
                    {"role": m.role, "text": without_bidi_controls(m.text), "at": iso(m.at)}
                    for m in rows
                ]
            }
        )
