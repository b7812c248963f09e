"""Error messages in the session's language, else Accept-Language's; code and data unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from diapo.errors import DiapoError
from diapo.media.filecheck import check_dimensions, check_file
from diapo.service.messages import CATALOGUE, GENERAL, choose_language, localise

#: One real English message per catalogue entry (as the service raises it).
SAMPLES: dict[str, str] = {
    "chat.changed": "The session changed during this turn; please say it again.",
    "chat.timeout": "The turn took too long and was stopped; nothing was changed.",
    "chat.failed": "Something went wrong in this turn; nothing was changed.",
    "url.too_slow": "Downloading https://example.com/a.jpg took longer than 60 s.",
    "url.silent": "https://example.com/a.jpg sent nothing for 30 s; the import was stopped.",
    "idempotency.reused": (
        "This Idempotency-Key was already used with a different request; "
        "send a new key for a new request."
    ),
    "token.missing": "Missing token: send `Authorization: Bearer <token>`.",
    "token.malformed": "Malformed token: send `Authorization: Bearer <token>`.",
    "token.unknown": "Unknown token; get a new anonymous token.",
    "token.expired": "This token has expired; get a new anonymous token.",
    "upload_link.invalid": "This upload link is invalid or has expired; ask for a new one.",
    "login.wrong": "Wrong email or password.",
    "session.not_found": "Session not found; create a new session.",
    "render.not_found": "Render not found in your sessions.",
    "media.not_found": "Media not found in your sessions.",
    "session.not_restorable": "No deleted session to restore here (unknown, not deleted, or "
    "deleted more than 7 days ago).",
    "credits.short": "This export costs 12 credits and 3 are available. Register to keep "
    "your work and get more credits.",
    "export.attribution": "Export refused: the attribution headers are missing. Register or "
    "upgrade to unlock export, or send X-Skill-Source, X-Skill-Platform.",
    "rate.requests": "Too many requests; retry in 35 s.",
    "rate.token_reuse": "This client already has an anonymous token; reuse it.",
    "rate.previews": "2 previews of yours are still rendering (at most 2 at once); wait for "
    "one to finish.",
    "rate.imports_server": "The server is importing as many URLs as it can; retry in 5 s.",
    "rate.imports_account": "You already have 2 URL imports running; wait for one to finish.",
    "rate.new_tokens": "Too many new anonymous tokens from this address; retry in 60 s.",
    "client_id": "Send an `X-Client-Id` header holding a UUID (generate one and keep it).",
    "upload.no_file": "No file in the upload; send one or more files as multipart.",
    "upload.too_many": "At most 50 files per upload; send the rest in another request.",
    "upload.position": "A `position` field is a whole number, 0 or more (got 'first').",
    "upload.position_count": "1 `position` fields for 2 files: send one per file (the n-th "
    "belongs to the n-th file), or none.",
    "upload.multipart": "The multipart body is malformed: bad boundary.",
    "media.unsupported": "notes.txt looks like plain text, which Diapo cannot use. "
    "Supported types: JPEG, PNG.",
    "media.folder": "holiday is a folder, not a media file.",
    "media.bytes": "big.jpg is 12.0 MB; the limit is 10.0 MB.",
    "media.bytes_limit": "big.jpg is larger than 1 MB; compress or trim it and try again.",
    "media.sound_length": "song.mp3 lasts 20:00:13; sound may last at most 2:00:00.",
    "upload.bytes": "The upload is larger than the limit of 1000000 bytes per file.",
    "media.side": "strip.png is too large (30000×20): photos may be at most 20000 pixels on "
    "a side.",
    "media.pixels": "big.png is too large (12000×10000): photos may have at most 100 megapixels.",
    "media.strip": "strip.png is too narrow a strip (4000×100): photos may be at most 20 "
    "times longer than wide.",
    "media.empty": "empty.jpg is empty (0 bytes).",
    "media.unreadable": "x.jpg could not be read.",
    "media.damaged_photo": "x.jpg is damaged and cannot be opened as a photo.",
    "media.no_pixels": "x.jpg has no pixels.",
    "media.no_picture": "x.mp4 has no picture to show.",
    "media.no_sound": "x.mp3 has no sound in it.",
    "draft.nothing": "There is nothing to export yet: upload photos and ask for a slideshow first.",
    "draft.empty": "The draft is empty: there is nothing to render.",
    "draft.missing_media": "The draft uses media that is not in this session.",
    "http.not_found": "Not found",
    "http.method": "Method not allowed",
    "http.internal": "Internal error; please retry later.",
    "request.invalid": "Invalid request: body.name: String should have at least 1 character",
}


def test_every_entry_has_a_sample_and_reads_it_in_italian_and_chinese() -> None:
    assert {e.key for e in CATALOGUE} == set(SAMPLES)
    for entry in CATALOGUE:
        sample = SAMPLES[entry.key]
        assert entry.pattern.fullmatch(sample), entry.key
        assert localise(sample, code=400, language="en") == sample
        for language in ("it", "zh"):
            text = localise(sample, code=400, language=language)
            # Matched by its own entry: no general line, no English left in braces.
            assert text != sample and "{" not in text, (entry.key, text)
            assert not text.startswith(GENERAL[400][language]), (entry.key, text)


def test_variable_parts_are_kept() -> None:
    text = localise(SAMPLES["credits.short"], code=2001, language="it")
    assert text == (
        "Questa esportazione costa 12 crediti e ne hai 3. Registrati per conservare il "
        "lavoro e avere altri crediti."
    )
    assert "30000×20" in localise(SAMPLES["media.side"], code=4002, language="zh")
    assert localise(SAMPLES["request.invalid"], code=422, language="zh").startswith("请求无效：")


def test_real_file_refusals_are_known(tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo at all, only words")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    big = tmp_path / "big.jpg"
    big.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 3_000_000)
    raised: list[DiapoError] = []
    for path, limit in ((text, None), (empty, None), (big, 1_000_000)):
        with pytest.raises(DiapoError) as info:
            check_file(path, max_bytes=limit)
        raised.append(info.value)
    for size in ((30000, 20), (12000, 10000), (4000, 100)):
        with pytest.raises(DiapoError) as info:
            check_dimensions(tmp_path / "strip.png", *size)
        raised.append(info.value)
    for exc in raised:
        text_it = localise(exc.message, code=exc.code, language="it")
        assert not text_it.startswith(GENERAL[exc.code]["it"]), exc.message


def test_an_unknown_message_keeps_its_english_after_the_general_line() -> None:
    assert localise("Something new.", code=2001, language="it") == (
        "Crediti insufficienti. (Something new.)"
    )


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("it-IT,it;q=0.9,en;q=0.8", "it"),
        ("zh-CN", "zh"),
        ("fr-FR,fr;q=0.9", "en"),
        ("de;q=1, zh;q=0.5, it;q=0.7", "it"),
        ("it;q=0, en", "en"),
        ("it;q=abc", "en"),
    ],
)
def test_accept_language_picks_a_known_language(header: str | None, language: str) -> None:
    assert choose_language(header) == language


# -- over HTTP -------------------------------------------------------------------------------


def test_the_session_language_wins_over_accept_language(api: Any) -> None:
    session_id = api.session("it")
    api.delete(f"/api/tasks/me/sessions/{session_id}")
    r = api.get(f"/api/state/nemo_agent/me/{session_id}/latest", headers={"Accept-Language": "zh"})
    assert r.status_code == 404
    assert r.json() == {
        "code": 1002,
        "message": "Progetto non trovato; creane uno nuovo.",
        "data": None,
    }


def test_without_a_session_accept_language_decides(api: Any) -> None:
    r = api.get("/api/state/nemo_agent/me/unknown/latest", headers={"Accept-Language": "zh-CN"})
    assert r.json()["code"] == 1002 and r.json()["message"] == "找不到该项目；请新建一个。"
    r = api.http.get("/api/credits/balance/simple", headers={"Accept-Language": "it"})
    assert r.status_code == 401 and r.json()["code"] == 1001
    assert r.json()["message"] == "Manca il token: invia `Authorization: Bearer <token>`."
    plain = api.http.get("/api/credits/balance/simple")
    assert plain.json()["message"] == "Missing token: send `Authorization: Bearer <token>`."


def test_export_errors_speak_the_session_language(
    server_factory: Any, api_factory: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    api = api_factory(server_factory(price_minimum=500))
    session_id = api.session("zh")
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    draft = make_draft(media)
    poor = api.export(session_id, draft=draft)
    assert poor.status_code == 402 and poor.json()["code"] == 2001
    assert poor.json()["message"].startswith("此导出需要 500 个积分，你有 100 个。")
    assert poor.json()["data"]["required"] == 500  # data unchanged
    unattributed = api.http.post(
        "/api/render/proxy/lambda",
        json={"session_id": session_id, "draft": draft},
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert unattributed.json()["code"] == 402
    assert unattributed.json()["message"].startswith("导出被拒绝：缺少来源标头。")
    invalid = api.export(session_id, output={"format": "mp4", "resolution": "9999p"})
    assert invalid.status_code == 422
    assert invalid.json()["message"].startswith("请求无效：body.output.resolution")
    assert invalid.json()["data"]["errors"][0]["loc"] == "body.output.resolution"


def test_upload_refusals_are_in_the_session_language(
    api: Any, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    session_id = api.session("it")
    big = tmp_path / "grande.jpg"
    big.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 1_100_000)
    r = api.upload(session_id, sample_media["text_as_jpg"], big, sample_media["landscape1"])
    assert r.json()["code"] == 4001
    failed = r.json()["data"]["failed"]
    assert [f["code"] for f in failed] == [4001, 4002]
    assert "che Diapo non sa usare" in failed[0]["message"]
    assert failed[1]["message"].startswith("grande.jpg supera il limite di")
    assert r.json()["message"].startswith("2 file rifiutati: ")
    assert len(r.json()["data"]["media"]) == 1


def test_the_rate_limit_and_bad_requests_are_translated(
    server_factory: Any, api_factory: Any, sample_media: dict[str, Path]
) -> None:
    api = api_factory(server_factory(rate_limit_per_minute=4))
    session_id = api.session("zh")
    bad = api.post(
        f"/api/upload-video/nemo_agent/me/{session_id}",
        files=[("files", ("a.jpg", sample_media["landscape1"].read_bytes()))],
        data={"position": "first"},
    )
    assert bad.status_code == 400 and bad.json()["message"].startswith("`position` 字段")
    answers = [api.state(session_id) for _ in range(4)]
    limited = next(r for r in answers if r.status_code == 429)
    assert limited.json()["code"] == 429
    seconds = limited.headers["retry-after"]
    assert limited.json()["message"] == f"请求过多：请在 {seconds} 秒后重试。"


def test_a_failed_chat_turn_is_said_and_kept_in_the_session_language(
    service_factory: Any, api_factory: Any
) -> None:
    api = api_factory(service_factory(turn_timeout_seconds=0.001))
    session_id = api.session("it")
    body = {"session_id": session_id, "new_message": {"role": "user", "parts": [{"text": "ciao"}]}}
    with api.http.stream("POST", "/run_sse", json=body, headers=api.headers) as r:
        assert r.status_code == 200, r.read()
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]
    error = next(e for e in events if e["type"] == "error")
    assert error["code"] == 504
    assert error["message"] == (
        "Il messaggio ha richiesto troppo tempo ed è stato fermato: non è cambiato nulla."
    )
    messages = api.get(f"/api/tasks/me/sessions/{session_id}/messages").json()["data"]["messages"]
    assert messages[-1] == {**messages[-1], "role": "error", "text": error["message"]}
