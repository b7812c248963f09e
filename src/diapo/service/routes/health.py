"""`GET /healthz`: the server is up and its database answers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from diapo.service.deps import State
from diapo.service.envelope import ok

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Health check")
def healthz(state: State) -> JSONResponse:
    with state.db.transaction() as db:
        db.execute(text("SELECT 1"))
    return ok({"status": "ok"})
