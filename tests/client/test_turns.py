"""Reading a chat turn: text, internal tool events, heartbeats and "still working"."""

from __future__ import annotations

from diapo.client import TurnReader

TURN = (
    b'data: {"type": "start", "session_id": "s", "version": 2}\n\n'
    b": heartbeat\n\n"
    b'data: {"type": "tool_call", "id": "call_1", "name": "set_aspect", "args": {}}\n\n'
    b'data: {"type": "tool_result", "id": "call_1", "name": "set_aspect", "ok": true, '
    b'"summary": "Formato 9:16"}\n\n'
    b'data: {"type": "state", "version": 3, "summary": "Canvas: 9:16"}\n\n'
    b'data: {"type": "text", "text": "Fatto: Formato 9:16."}\n\n'
    b'data: {"type": "done", "version": 3, "kind": "edit"}\n\n'
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_turn_gives_its_text_and_keeps_tool_events_internal() -> None:
    reader = TurnReader(clock=FakeClock(), still_working_every=120)
    kinds = [u.kind for u in reader.feed(TURN)] + [u.kind for u in reader.close()]
    result = reader.result
    assert result.text == "Fatto: Formato 9:16."
    assert kinds == ["heartbeat", "tool_call", "tool_result", "state", "text"]
    assert (result.version_before, result.version_after, result.changed) == (2, 3, True)
    assert len(result.tool_calls) == len(result.tool_results) == 1
    assert result.heartbeats == 1


def test_the_caller_hears_still_working_every_period() -> None:
    clock = FakeClock()
    reader = TurnReader(clock=clock, still_working_every=120)
    assert [u.kind for u in reader.feed(b": heartbeat\n\n")] == ["heartbeat"]
    clock.now = 119
    assert all(u.kind != "still_working" for u in reader.feed(b"event: heartbeat\n\n"))
    clock.now = 121
    updates = reader.feed(b": heartbeat\n\n")
    assert updates[-1].kind == "still_working" and "121" in updates[-1].text
    clock.now = 200
    assert reader.tick() == []
    clock.now = 250
    assert [u.kind for u in reader.tick()] == ["still_working"]
    clock.now = 1000  # a long silence gives one signal, not a burst
    assert len(reader.tick()) == 1


def test_other_servers_text_shapes_are_read_as_assistant_text() -> None:
    reader = TurnReader(clock=FakeClock(), still_working_every=0)
    reader.feed(b'data: {"content": {"role": "model", "parts": [{"text": "Ciao"}]}}\n\n')
    reader.feed(b'data: {"message": "e benvenuto"}\n\n')
    reader.feed(b"data: plain words\n\n")
    reader.close()
    assert reader.result.text == "Ciao e benvenuto plain words"


def test_a_silent_turn_has_no_text_and_an_error_is_kept() -> None:
    reader = TurnReader(clock=FakeClock(), still_working_every=0)
    reader.feed(
        b'data: {"type": "start", "version": 1}\n\ndata: {"type": "done", "version": 2}\n\n'
    )
    reader.close()
    assert reader.result.text == "" and reader.result.changed
    failing = TurnReader(clock=FakeClock(), still_working_every=0)
    failing.feed(b'data: {"type": "error", "code": 504, "message": "too long"}\n\n')
    assert failing.result.error == {"type": "error", "code": 504, "message": "too long"}


def test_the_done_events_applied_and_not_applied_clauses_are_kept() -> None:
    reader = TurnReader(clock=FakeClock(), still_working_every=0)
    reader.feed(
        b'data: {"type": "done", "version": 4, "kind": "edit", '
        b'"applied": ["musica lofi"], "not_applied": ["fammi un caff\\u00e8"]}\n\n'
    )
    reader.close()
    assert reader.result.applied == ["musica lofi"]
    assert reader.result.not_applied == ["fammi un caffè"]
    older = TurnReader(clock=FakeClock(), still_working_every=0)  # a server without them
    older.feed(b'data: {"type": "done", "version": 4, "kind": "edit"}\n\n')
    assert older.result.applied == older.result.not_applied == []
