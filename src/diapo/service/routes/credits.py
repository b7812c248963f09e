"""`GET /api/credits/balance/simple`: available, frozen and total credits."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from diapo.service.deps import CurrentToken, State
from diapo.service.envelope import errors, ok
from diapo.service.ledger import balance
from diapo.service.schemas import Balance, Envelope

__all__ = ["router"]

router = APIRouter(tags=["credits"])


@router.get(
    "/api/credits/balance/simple",
    summary="Credit balance",
    response_model=Envelope[Balance],
    responses=errors(401, 422, 429),
)
def credit_balance(state: State, token: CurrentToken) -> JSONResponse:
    with state.db.transaction() as db:
        return ok(balance(db=db, account_id=token.account_id).to_dict())
