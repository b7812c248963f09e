"""`POST /run_sse`: one chat turn, streamed as server-sent events."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse

from diapo.chat import OpResult, Turn
from diapo.errors import DiapoError
from diapo.service.chatturn import (
    Applied,
    TurnInput,
    apply_turn,
    load_turn_input,
    record_chat_error,
    reply_text,
)
from diapo.service.db.tables import Token
from diapo.service.deps import CurrentToken, State
from diapo.service.envelope import errors, name_session
from diapo.service.messages import localise
from diapo.service.schemas import ChatRequest
from diapo.service.settings import Settings
from diapo.service.sse import adk_content, event, heartbeats_until
from diapo.service.state import ServiceState

__all__ = ["router"]

router = APIRouter(tags=["chat"])
log = logging.getLogger("diapo.service")

_RETRIES = 3

# One server-sent event (OpenAPI 3.1: the schema of a stream describes each event).
_SSE_EVENT = {
    "type": "object",
    "properties": {
        "event": {"type": "string", "description": "always `message`"},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "description": "one JSON event: see the API description for the types",
        },
    },
    "required": ["data"],
}


@router.post(
    "/run_sse",
    summary="Chat: one turn, streamed as server-sent events",
    description="See the API description for the event types.",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "the turn's events, one JSON object per `data:` line",
            "content": {"text/event-stream": {"schema": _SSE_EVENT}},
        },
        **errors(400, 401, 404, 422, 429),
    },
)
async def run_sse(
    request: Request, state: State, token: CurrentToken, body: ChatRequest
) -> StreamingResponse:
    # Errors found before the stream starts (size, token, session) are ordinary
    # envelopes, in the session's language.
    name_session(request, body.session_id)
    _check_size(body, state.settings)
    # The photos just uploaded may still be analysed (under load the upload answered
    # first): the slideshow built now should know their faces, blur and duplicates.
    await state.ingest.settled(body.session_id, timeout=state.settings.chat_analysis_wait_seconds)
    given = await run_in_threadpool(
        load_turn_input,
        db=state.db,
        session_id=body.session_id,
        token=token,
        llm=state.settings.llm(),
    )
    message = "\n".join(part.text for part in body.new_message.parts).strip()
    return StreamingResponse(
        _turn_events(state, token, given, message),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _check_size(body: ChatRequest, settings: Settings) -> None:
    """422 for a message over the caps: the interpreter never sees an oversized one."""
    parts = body.new_message.parts
    errors: list[dict[str, Any]] = []
    if len(parts) > settings.chat_max_parts:
        errors.append(
            {
                "loc": ("body", "new_message", "parts"),
                "msg": f"at most {settings.chat_max_parts} parts in one message",
                "type": "too_long",
            }
        )
    chars = sum(len(part.text) for part in parts)
    if chars > settings.chat_max_message_chars:
        errors.append(
            {
                "loc": ("body", "new_message", "parts"),
                "msg": f"at most {settings.chat_max_message_chars} characters in one message, "
                f"all parts together ({chars} sent)",
                "type": "string_too_long",
            }
        )
    if errors:
        raise RequestValidationError(errors)


async def _turn_events(
    state: ServiceState, token: Token, given: TurnInput, message: str
) -> AsyncIterator[bytes]:
    settings = state.settings
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.turn_timeout_seconds
    yield event({"type": "start", "session_id": given.session_id, "version": given.version})
    try:
        turn: Turn | None = None
        applied: Applied | None = None
        for _attempt in range(_RETRIES):
            # The interpreter runs in a child process under a hard limit (a
            # runaway turn is killed there and cannot stall this process); the
            # thread only waits for it. A client that goes away cancels this
            # generator before anything is stored.
            task = asyncio.ensure_future(
                asyncio.to_thread(
                    state.turns.run,
                    message,
                    given,
                    wait_seconds=max(0.0, deadline - loop.time()),
                )
            )
            try:
                async for beat in heartbeats_until(
                    task, every=settings.sse_heartbeat_seconds, deadline=deadline
                ):
                    yield beat
            finally:
                if not task.done():
                    task.cancel()
            turn = task.result()
            # Stored in one transaction; a disconnect now cannot split it.
            applied = await asyncio.to_thread(
                apply_turn, db=state.db, token=token, given=given, message=message, turn=turn
            )
            if applied is not None:
                break
            given = await run_in_threadpool(
                load_turn_input,
                db=state.db,
                session_id=given.session_id,
                token=token,
                llm=settings.llm(),
            )
        if applied is None or turn is None:
            text = "The session changed during this turn; please say it again."
            yield await _fail(state, token, given, message, 409, text)
            return
        for i, result in enumerate(turn.results):
            yield event(_tool_call(i, result))
            yield event(_tool_result(i, result, applied))
        if applied.changed:
            yield event({"type": "state", "version": applied.version, "summary": applied.summary})
        reply = reply_text(turn.reply, applied.notes)
        if reply:
            yield event({"type": "text", "text": reply, "content": adk_content({"text": reply})})
        if turn.export_requested:
            yield event({"type": "export_requested", "output": turn.output})
        yield event(
            {
                "type": "done",
                "version": applied.version,
                "kind": turn.kind,
                # Each clause as typed: done, or named back in the reply as not done.
                "applied": turn.applied,
                "not_applied": turn.not_applied,
            }
        )
    except TimeoutError:
        text = "The turn took too long and was stopped; nothing was changed."
        yield await _fail(state, token, given, message, 504, text)
    except DiapoError as exc:
        yield await _fail(state, token, given, message, exc.code, exc.message)
    except Exception:
        log.exception("chat turn failed")
        text = "Something went wrong in this turn; nothing was changed."
        yield await _fail(state, token, given, message, 500, text)


async def _fail(
    state: ServiceState, token: Token, given: TurnInput, message: str, code: int, english: str
) -> bytes:
    """A failed turn's error events, said (and kept in the history) in the session's language."""
    text = localise(english, code=code, language=given.language)
    await _keep_error(state, token, given, message, text)
    return _error(code, text)


async def _keep_error(
    state: ServiceState, token: Token, given: TurnInput, message: str, text: str
) -> None:
    """Record a failed turn in the chat history; a failure to record is only logged."""
    try:
        await asyncio.to_thread(
            record_chat_error,
            db=state.db,
            token=token,
            session_id=given.session_id,
            message=message,
            error=text,
        )
    except Exception:
        log.exception("could not record a failed chat turn")


def _error(code: int, message: str) -> bytes:
    return event({"type": "error", "code": code, "message": message}) + event(
        {"type": "done", "version": None, "kind": "error"}
    )


def _tool_call(i: int, result: OpResult) -> dict[str, Any]:
    call_id = f"call_{i + 1}"
    return {
        "type": "tool_call",
        "id": call_id,
        "name": result.op,
        "args": result.args,
        "content": adk_content(
            {"functionCall": {"id": call_id, "name": result.op, "args": result.args}}
        ),
    }


def _tool_result(i: int, result: OpResult, applied: Applied) -> dict[str, Any]:
    call_id = f"call_{i + 1}"
    ok = bool(result.ok)
    error = result.error
    if result.op in applied.history and applied.history[result.op] == 0:
        ok, error = False, applied.notes[0] if applied.notes else "nothing to do"
    payload = {"ok": ok, "summary": result.description, "error": error}
    return {
        "type": "tool_result",
        "id": call_id,
        "name": result.op,
        **payload,
        "content": adk_content(
            {"functionResponse": {"id": call_id, "name": result.op, "response": payload}}
        ),
    }
