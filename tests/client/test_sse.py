"""SSE parsing: events, heartbeats and comments, multi-line data, any chunking."""

from __future__ import annotations

import json

from diapo.client import SSEEvent, SSEParser

STREAM = (
    ": heartbeat\n\n"
    'data: {"type": "start", "version": 3}\n\n'
    "event: heartbeat\n\n"
    "data: first line\ndata: second line\n\n"
    'data: {"type": "text", "text": "Fatto: perché 9:16 – 完成"}\n\n'
    "id: 7\nevent: done\ndata: {}\n\n"
)


def _feed_all(chunks: list[bytes]) -> list[SSEEvent]:
    parser = SSEParser()
    events = []
    for chunk in chunks:
        events.extend(parser.feed(chunk))
    return events + parser.close()


def test_a_stream_parses_into_its_events() -> None:
    events = _feed_all([STREAM.encode()])
    assert [e.is_heartbeat for e in events] == [True, False, True, False, False, False]
    assert events[0].comment == "heartbeat"
    assert events[1].json() == {"type": "start", "version": 3}
    assert events[3].data == "first line\nsecond line"
    assert events[3].json() is None
    assert events[4].json()["text"] == "Fatto: perché 9:16 – 完成"
    assert (events[5].event, events[5].id) == ("done", "7")


def test_chunks_split_anywhere_give_the_same_events() -> None:
    raw = STREAM.encode()
    whole = _feed_all([raw])
    for size in (1, 2, 3, 5, 7, 13):
        chunks = [raw[i : i + size] for i in range(0, len(raw), size)]
        assert _feed_all(chunks) == whole, size


def test_crlf_and_cr_line_endings_are_understood_even_when_split() -> None:
    raw = b'data: {"a": 1}\r\n\r\n: ping\r\rdata: x\r\n\r\n'
    expected = _feed_all([raw])
    assert [e.data for e in expected] == ['{"a": 1}', "", "x"]
    assert expected[1].is_heartbeat
    split = [raw[:15], raw[15:16], raw[16:]]  # a \r\n pair cut in two
    assert _feed_all(split) == expected


def test_an_unfinished_event_at_the_end_is_dropped() -> None:
    events = _feed_all([b"data: done\n\ndata: cut off"])
    assert [e.data for e in events] == ["done"]


def test_a_space_after_the_colon_is_optional_and_a_bom_is_ignored() -> None:
    events = _feed_all(['\ufeffdata:{"x":1}\n\n'.encode()])
    assert events[0].json() == {"x": 1}


def test_large_json_events_survive_tiny_chunks() -> None:
    payload = {"type": "text", "text": "汉字" * 500}
    raw = f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()
    events = _feed_all([raw[i : i + 3] for i in range(0, len(raw), 3)])
    assert events[0].json() == payload
