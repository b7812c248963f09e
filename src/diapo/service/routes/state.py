"""`GET /api/state/nemo_agent/me/<session_id>/latest`: the draft, its version and the media."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from diapo.draft import Draft, describe
from diapo.draft.culling import find_issues
from diapo.draft.summary import describe_nothing
from diapo.service.chatturn import media_ref
from diapo.service.db.sessions import latest_version, list_media, require_session
from diapo.service.db.tables import Account
from diapo.service.deps import CurrentToken, State
from diapo.service.envelope import errors, ok
from diapo.service.schemas import Envelope, StateInfo
from diapo.service.views import media_item

__all__ = ["router"]

router = APIRouter(tags=["state"])


@router.get(
    "/api/state/nemo_agent/me/{session_id}/latest",
    summary="The session's latest draft and media",
    response_model=Envelope[StateInfo],
    responses=errors(401, 404, 422, 429),
)
def latest_state(
    request: Request, state: State, token: CurrentToken, session_id: str
) -> JSONResponse:
    with state.db.transaction() as db:
        session = require_session(db=db, session_id=session_id, token=token)
        current = latest_version(db=db, session=session)
        draft = json.loads(current.draft) if current.draft else None
        rows = list_media(db=db, session_id=session.id)
        # Blurred, badly exposed, duplicate and similar photos, for the page to show.
        issues = find_issues([media_ref(m) for m in rows])
        media = [
            media_item(
                m,
                request=request,
                signer=state.signer,
                public_base_url=state.settings.public_base_url,
                issues=issues,
                lang=session.language,
            )
            for m in rows
        ]
        return ok(
            {
                "session_id": session.id,
                # The seed takes the registration link's id "from create-session or state".
                "bind_id": db.get_one(Account, session.account_id).bind_id,
                "version": current.version,
                "draft": draft,
                "summary": (
                    describe(Draft.parse(draft), lang=session.language)
                    if draft
                    else describe_nothing(session.language)
                ),
                "media": media,
                "issues": issues.to_dict(),
                "can_undo": current.undo_to is not None,
                "can_redo": current.redo_to is not None,
            }
        )
