"""Editing sessions: create one, change its reply language."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from diapo.service.db.idempotency import find_answer, remember_answer
from diapo.service.db.session_settings import update_session_settings
from diapo.service.db.sessions import create_session
from diapo.service.db.tables import Account, Session
from diapo.service.deps import CurrentToken, IdempotencyKey, State
from diapo.service.envelope import envelope, errors, ok
from diapo.service.errors import SessionNotFoundError
from diapo.service.ledger import lock_account
from diapo.service.schemas import Envelope, SessionCreate, SessionInfo, SessionUpdate

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
    with state.db.transaction() as db:
        if idempotency_key:
            # Locked first: a request racing this one with the same key waits for its answer.
            lock_account(db=db, account_id=token.account_id)
            found = find_answer(
                db=db, account_id=token.account_id, scope="session", key=idempotency_key
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
                status_code=200,
                body=answer,
            )
    return JSONResponse(answer)


@router.patch(
    "/api/tasks/me/sessions/{session_id}",
    summary="Change a session's settings: the language of the assistant's replies",
    description=(
        "`language` (`it`, `en` or `zh`) applies from the next chat turn on; the draft "
        "and the history are unchanged. 1002 if the session is not this account's."
    ),
    response_model=Envelope[SessionInfo],
    responses=errors(400, 401, 404, 422, 429),
)
def update_session(
    state: State, token: CurrentToken, session_id: str, body: SessionUpdate
) -> JSONResponse:
    with state.db.transaction() as db:
        session = update_session_settings(
            db=db, session_id=session_id, token=token, language=body.language
        )
        if session is None:
            raise SessionNotFoundError("Session not found; create a new session.")
        account = db.get(Account, token.account_id)
        assert account is not None
        return ok(_session_info(session, account))
