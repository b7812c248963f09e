"""The client rules as pure flows: answers in, steps out (no network needed)."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest

from diapo.client import (
    ClientConfig,
    ExportFailedError,
    ExportNotAllowedError,
    FileTooLargeError,
    InvalidRequestError,
    NotEnoughCreditsError,
    RateLimitedError,
    SessionNotFoundError,
    TokenError,
    UnsupportedFileError,
)
from diapo.client.core import ClientCore
from diapo.client.transport import Flow, Notice, Send, Sleep
from diapo.errors import DiapoError, MediaTooLargeError, UnsupportedMediaError

BASE = "http://diapo.test"


def _answer(status: int, code: int = 0, data: Any = None, message: str = "ok", **kw: Any) -> Any:
    return lambda request: httpx.Response(
        status, json={"code": code, "message": message, "data": data}, request=request, **kw
    )


def _drive(flow: Flow[Any], answers: list[Any]) -> tuple[Any, list[Any]]:
    """Run a flow, answering each Send with the next answer; returns (result, steps)."""
    steps: list[Any] = []
    value: Any = None
    try:
        while True:
            step = flow.send(value)
            steps.append(step)
            value = answers.pop(0)(step.request) if isinstance(step, Send) else None
    except StopIteration as stop:
        return stop.value, steps


def _core(tmp_path: Path, **options: Any) -> ClientCore:
    options.setdefault("token", "tok")
    return ClientCore(
        ClientConfig(base_url=BASE, store_path=tmp_path / "client.json", **options),
        session_id="s1",
    )


@pytest.mark.parametrize(
    ("status", "code", "cls", "builtin"),
    [
        (401, 1001, TokenError, DiapoError),
        (404, 1002, SessionNotFoundError, LookupError),
        (402, 2001, NotEnoughCreditsError, DiapoError),
        (402, 402, ExportNotAllowedError, DiapoError),
        (429, 429, RateLimitedError, DiapoError),
        (415, 4001, UnsupportedFileError, UnsupportedMediaError),
        (413, 4002, FileTooLargeError, MediaTooLargeError),
        (422, 422, InvalidRequestError, ValueError),
    ],
)
def test_each_error_code_has_its_typed_error(
    tmp_path: Path, status: int, code: int, cls: type, builtin: type
) -> None:
    core = _core(tmp_path)
    err = core.error(_answer(status, code, message="server says")(httpx.Request("GET", BASE)))
    assert isinstance(err, cls) and isinstance(err, builtin)
    assert err is not None
    assert err.code == code and "server says" in err.message


def test_credits_and_plan_refusals_are_never_confused(tmp_path: Path) -> None:
    core = _core(tmp_path)
    core.anonymous = True
    req = httpx.Request("POST", BASE)
    credits = core.error(_answer(402, 2001, {"bind_id": "B1"}, "Costs 2.")(req))
    plan = core.error(_answer(402, 402, None, "Attribution missing.")(req))
    assert isinstance(credits, NotEnoughCreditsError)
    assert not isinstance(credits, ExportNotAllowedError)
    assert credits.register_url == f"{BASE}/register?bind=B1"
    assert isinstance(plan, ExportNotAllowedError)
    assert not isinstance(plan, NotEnoughCreditsError)
    assert "register or upgrade to unlock export" in plan.message.lower()


def test_registered_users_are_told_to_top_up(tmp_path: Path) -> None:
    core = _core(tmp_path)
    core.anonymous = False
    err = core.error(_answer(402, 2001, {"bind_id": "B1"}, "Costs 2.")(httpx.Request("GET", BASE)))
    assert isinstance(err, NotEnoughCreditsError)
    assert err.register_url is None and "top up" in err.message.lower()


def test_a_422_carries_the_field_errors(tmp_path: Path) -> None:
    data = {"errors": [{"loc": "body.output.format", "msg": "bad", "type": "literal"}]}
    err = _core(tmp_path).error(_answer(422, 422, data, "Invalid")(httpx.Request("GET", BASE)))
    assert isinstance(err, InvalidRequestError)
    assert err.errors[0]["loc"] == "body.output.format"


def test_every_call_carries_attribution_and_the_bearer_token(tmp_path: Path) -> None:
    core = _core(tmp_path, source="diapo-cli", version="9.9")
    _, steps = _drive(core.credits(), [_answer(200, 0, {"available": 5, "frozen": 1})])
    headers = steps[0].request.headers
    assert headers["Authorization"] == "Bearer tok"
    assert headers["X-Skill-Source"] == "diapo-cli"
    assert headers["X-Skill-Version"] == "9.9"
    assert headers["X-Skill-Platform"] == "cli"


def test_1001_takes_a_new_anonymous_token_once_then_gives_up(tmp_path: Path) -> None:
    core = _core(tmp_path)
    token = {"token": "new", "bind_id": "B", "credits": 100, "expires_at": "x"}
    balance, steps = _drive(
        core.credits(),
        [_answer(401, 1001), _answer(200, 0, token), _answer(200, 0, {"available": 100})],
    )
    sends = [s for s in steps if isinstance(s, Send)]
    assert sends[1].request.url.path == "/api/auth/anonymous-token"
    assert "X-Client-Id" in sends[1].request.headers
    assert sends[2].request.headers["Authorization"] == "Bearer new"
    assert balance.available == 100
    assert any(isinstance(s, Notice) for s in steps)
    saved = json.loads((tmp_path / "client.json").read_text())
    assert saved["servers"][BASE]["token"] == "new"

    with pytest.raises(TokenError):
        _drive(
            _core(tmp_path / "2").credits(),
            [_answer(401, 1001), _answer(200, 0, token), _answer(401, 1001)],
        )


def test_1002_makes_a_new_session_and_says_so(tmp_path: Path) -> None:
    core = _core(tmp_path)
    state = {"session_id": "s2", "version": 0, "draft": None, "media": []}
    result, steps = _drive(
        core.state(),
        [
            _answer(404, 1002),
            _answer(200, 0, {"session_id": "s2", "bind_id": "B"}),
            _answer(200, 0, state),
        ],
    )
    assert core.session_id == "s2" and result.session_id == "s2"
    assert steps[-1].request.url.path == "/api/state/nemo_agent/me/s2/latest"
    notices = [s.message for s in steps if isinstance(s, Notice)]
    assert notices and "s1" in notices[0] and "s2" in notices[0]


def test_1002_is_raised_when_the_caller_named_the_session(tmp_path: Path) -> None:
    core = _core(tmp_path, recover_session=False)
    with pytest.raises(SessionNotFoundError):
        _drive(core.state(), [_answer(404, 1002)])


def test_429_waits_retry_after_once(tmp_path: Path) -> None:
    core = _core(tmp_path)
    limited = _answer(429, 429, None, "slow down", headers={"Retry-After": "3"})
    _, steps = _drive(core.credits(), [limited, _answer(200, 0, {"available": 1})])
    assert [type(s).__name__ for s in steps] == ["Send", "Sleep", "Send"]
    assert steps[1] == Sleep(3.0)
    with pytest.raises(RateLimitedError) as caught:
        _drive(core.credits(), [limited, limited])
    assert caught.value.retry_after == 3.0


def test_export_polls_with_growing_waits_until_completed(tmp_path: Path) -> None:
    core = _core(tmp_path, poll_initial=1.0, poll_factor=2.0, poll_max=3.0)

    def render(status: str, progress: float) -> Any:
        return _answer(200, 0, {"id": "r1", "status": status, "progress": progress, "url": "/dl"})

    seen: list[float] = []
    result, steps = _drive(
        core.export(resolution="360p", progress=lambda r: seen.append(r.progress)),
        [
            render("queued", 0),
            render("rendering", 0.3),
            render("rendering", 0.6),
            render("rendering", 0.9),
            render("completed", 1.0),
        ],
    )
    assert result.status == "completed" and result.url == "/dl"
    assert [s.seconds for s in steps if isinstance(s, Sleep)] == [1.0, 2.0, 3.0, 3.0]
    assert seen == [0, 0.3, 0.6, 0.9, 1.0]
    submit = json.loads(steps[0].request.content)
    assert submit["output"] == {"format": "mp4", "resolution": "360p"} and submit["id"]


def test_a_failed_export_raises_with_the_reason(tmp_path: Path) -> None:
    core = _core(tmp_path)
    failed = _answer(200, 0, {"id": "r1", "status": "failed", "progress": 0.5, "error": "boom"})
    with pytest.raises(ExportFailedError, match="boom"):
        _drive(core.export(), [failed])


def test_the_client_id_and_tokens_are_kept_per_user(tmp_path: Path) -> None:
    store = ClientConfig(store_path=tmp_path / "cfg" / "client.json").store
    first = store.client_id()
    assert store.client_id() == first
    assert stat.S_IMODE((tmp_path / "cfg" / "client.json").stat().st_mode) == 0o600


def test_the_environment_gives_server_and_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIAPO_SERVER", "http://example.test:9000/")
    monkeypatch.setenv("DIAPO_TOKEN", "env-token")
    config = ClientConfig.from_env()
    assert (config.base_url, config.token) == ("http://example.test:9000", "env-token")
    assert ClientConfig.from_env(base_url="http://other.test").base_url == "http://other.test"


def _draft(aspect: str, volume: float) -> dict[str, Any]:
    from diapo.draft import MediaRef, build_slideshow

    photos = [MediaRef(id=f"m{i}", kind="photo", width=640, height=480) for i in range(3)]
    draft = build_slideshow(photos, aspect=aspect, music="tarantella", music_volume=volume)
    parsed: dict[str, Any] = json.loads(draft.to_json())
    return parsed


def test_a_silent_turn_is_summarised_from_the_state(tmp_path: Path) -> None:
    from diapo.client.models import StateInfo
    from diapo.client.turns import TurnResult

    core = _core(tmp_path)
    core.last_state = StateInfo("s1", 1, _draft("16:9", 0.35), [])
    after: dict[str, Any] = {
        "session_id": "s1",
        "version": 2,
        "draft": _draft("9:16", 0.35),
        "media": [],
    }
    silent = TurnResult(version_before=1, version_after=2)
    result, _ = _drive(core.finish_turn(silent), [_answer(200, 0, after)])
    assert result.text == ""
    assert result.reply.startswith("Updated (version 2)")
    assert "9:16" in result.reply and "Music" not in result.reply  # only what changed

    core.last_state = StateInfo("s1", 2, after["draft"], [])
    same = {**after}
    result, _ = _drive(core.finish_turn(TurnResult(version_before=2)), [_answer(200, 0, same)])
    assert result.reply == "Nothing changed."
