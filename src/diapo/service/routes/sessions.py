"""`POST /api/tasks/me/with-session/nemo_agent`: a new editing session."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from diapo.service.db.idempotency import find_answer, remember_answer
from diapo.service.db.sessions import create_session
from diapo.service.db.tables import Account
from diapo.service.deps import CurrentToken, IdempotencyKey, State
from diapo.service.envelope import envelope
from diapo.service.schemas import Envelope, SessionCreate, SessionInfo

__all__ = ["router"]

router = APIRouter(tags=["sessions"])


@router.post(
    "/api/tasks/me/with-session/nemo_agent",
    summary="Create a session",
    response_model=Envelope[SessionInfo],
)
def new_session(
    state: State, token: CurrentToken, body: SessionCreate, idempotency_key: IdempotencyKey = None
) -> JSONResponse:
    with state.db.transaction() as db:
        if idempotency_key:
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
        answer = envelope(
            {
                "session_id": session.id,
                "bind_id": account.bind_id,
                "task_name": session.task_name,
                "language": session.language,
            }
        )
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
