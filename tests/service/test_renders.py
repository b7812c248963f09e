"""Exports: queue, progress, completion, download with ranges, idempotency, cancel, ownership."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av

from diapo.service.testing import InProcessServer


def _session_with_photos(
    api: Any, sample_media: dict[str, Path], n: int = 2
) -> tuple[str, list[Any]]:
    session_id = api.session()
    names = ["landscape1", "portrait1", "landscape2", "landscape3"][:n]
    r = api.upload(session_id, *(sample_media[k] for k in names))
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


def test_export_renders_charges_and_downloads_with_ranges(
    api: Any,
    api_factory: Any,
    server: InProcessServer,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    session_id, media = _session_with_photos(api, sample_media)
    r = api.export(session_id, id="my-render-1", draft=make_draft(media, music="tarantella"))
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["id"] == "my-render-1" and data["status"] in ("queued", "rendering")
    assert data["cost"] == 1
    assert api.balance() == {"available": 99, "frozen": 1, "total": 100}

    seen = set()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        info = api.render("my-render-1")
        seen.add(info["status"])
        assert 0.0 <= info["progress"] <= 1.0
        if info["status"] == "completed":
            break
        time.sleep(0.05)
    assert info["status"] == "completed" and info["progress"] == 1.0, info
    assert "rendering" in seen or "queued" in seen
    assert (info["width"], info["height"]) == (640, 360)
    assert api.balance() == {"available": 99, "frozen": 0, "total": 99}

    whole = api.get(info["url"])
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    assert len(whole.content) == info["size_bytes"]
    part = api.get(info["url"], headers={"Range": "bytes=100-1099"})
    assert part.status_code == 206 and part.content == whole.content[100:1100]
    assert part.headers["content-range"] == f"bytes 100-1099/{info['size_bytes']}"

    with av.open(io.BytesIO(whole.content)) as container:
        video = container.streams.video[0]
        assert video.codec_context.name == "h264"
        assert (video.codec_context.width, video.codec_context.height) == (640, 360)
        assert container.streams.audio, "the music is in the file"

    # The signed URL works without a token; a changed signature or another token does not.
    anonymous = server.http  # no token
    assert anonymous.get(info["url"]).status_code == 200
    assert anonymous.get(info["url"].replace("sig=", "sig=0")).status_code == 404
    plain = info["url"].split("?")[0]
    other = api_factory(server)
    assert other.get(plain).json()["code"] == 1002
    assert other.get("/api/render/proxy/lambda/my-render-1").json()["code"] == 1002
    assert api.get(plain).status_code == 200

    listed = api.get(f"/api/render/proxy/lambda?session_id={session_id}").json()["data"]
    assert [x["id"] for x in listed] == ["my-render-1"]


def test_same_idempotency_key_or_render_id_charges_once(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _session_with_photos(api, sample_media, 1)
    draft = make_draft(media)
    key = {"Idempotency-Key": "export-once"}
    first = api.export(session_id, draft=draft, headers=key).json()["data"]
    again = api.export(session_id, draft=draft, headers=key).json()["data"]
    assert again["id"] == first["id"]
    by_id = [api.export(session_id, id="fixed-id", draft=draft).json()["data"] for _ in range(2)]
    assert by_id[0]["id"] == by_id[1]["id"] == "fixed-id"
    for render_id in (first["id"], "fixed-id"):
        assert api.wait_render(render_id)["status"] == "completed"
    assert api.balance() == {"available": 98, "frozen": 0, "total": 98}
    listed = api.get(f"/api/render/proxy/lambda?session_id={session_id}").json()["data"]
    assert len(listed) == 2


def test_an_idempotency_key_sent_again_with_another_body_is_refused(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _session_with_photos(api, sample_media, 2)
    key = {"Idempotency-Key": "export-key"}
    first = api.export(session_id, draft=make_draft(media[:1]), headers=key)
    other = api.export(session_id, draft=make_draft(media), headers=key)
    assert first.status_code == 200 and other.status_code == 422, other.text
    assert "already used with a different request" in other.json()["message"]
    # Only the first was queued and charged; the same body again still gets its answer.
    again = api.export(session_id, draft=make_draft(media[:1]), headers=key)
    assert again.json() == first.json()
    listed = api.get(f"/api/render/proxy/lambda?session_id={session_id}").json()["data"]
    assert [r["id"] for r in listed] == [first.json()["data"]["id"]]
    # A session made with a key is not made again with other fields under it.
    made = api.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "a"}, headers=key)
    clash = api.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "b"}, headers=key)
    assert made.status_code == 200 and clash.status_code == 422, clash.text


def test_cancel_releases_the_frozen_credits(
    service_factory: Callable[..., InProcessServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    live = service_factory(workers=0)  # nothing picks the job up: it stays queued
    api = api_factory(live)
    session_id, media = _session_with_photos(api, sample_media, 1)
    data = api.export(session_id, draft=make_draft(media, seconds=25)).json()["data"]
    assert data["cost"] == 2 and api.balance() == {"available": 98, "frozen": 2, "total": 100}
    r = api.delete(f"/api/render/proxy/lambda/{data['id']}")
    assert r.status_code == 200 and r.json()["data"]["status"] == "cancelled"
    assert r.json()["data"]["credit_state"] == "released"
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}
    # Cancelling twice changes nothing.
    assert (
        api.delete(f"/api/render/proxy/lambda/{data['id']}").json()["data"]["status"] == "cancelled"
    )
    assert api.balance()["available"] == 100


def test_cancel_stops_a_running_render(
    api: Any, server: InProcessServer, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _session_with_photos(api, sample_media, 4)
    data = api.export(session_id, draft=make_draft(media * 5, seconds=3)).json()["data"]
    deadline = time.monotonic() + 60
    while api.render(data["id"])["status"] == "queued" and time.monotonic() < deadline:
        time.sleep(0.05)
    api.delete(f"/api/render/proxy/lambda/{data['id']}")
    assert api.render(data["id"])["status"] == "cancelled"
    assert server.worker is not None
    server.worker.wait_done(data["id"])  # it noticed at a heartbeat and stopped
    info = api.render(data["id"])
    assert info["status"] == "cancelled" and info["url"] is None
    assert api.balance()["frozen"] == 0 and api.balance()["available"] == 100


def test_export_of_the_latest_draft_needs_one(api: Any) -> None:
    r = api.export(api.session())
    assert r.status_code == 422 and r.json()["data"]["errors"][0]["loc"] == "draft"


def test_still_and_audio_outputs(api: Any, sample_media: dict[str, Path], make_draft: Any) -> None:
    session_id, media = _session_with_photos(api, sample_media, 1)
    draft = make_draft(media, music="tarantella")
    jpg = api.export(session_id, draft=draft, output={"format": "jpg", "resolution": "360p"})
    mp3 = api.export(session_id, draft=draft, output={"format": "mp3", "resolution": "360p"})
    for r, mime in ((jpg, "image/jpeg"), (mp3, "audio/mpeg")):
        info = api.wait_render(r.json()["data"]["id"])
        assert info["status"] == "completed", info
        got = api.get(info["url"])
        assert got.status_code == 200 and got.headers["content-type"] == mime


def test_two_accounts_choosing_the_same_render_id_get_two_renders(
    server: InProcessServer,
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    alice, bob = api_factory(server), api_factory(server)
    a_session, a_media = _session_with_photos(alice, sample_media, 1)
    b_session, b_media = _session_with_photos(bob, sample_media, 2)
    first = alice.export(a_session, id="same-id-x", draft=make_draft(a_media))
    second = bob.export(b_session, id="same-id-x", draft=make_draft(b_media))
    # Bob learns nothing of Alice's render: his own is made, under the id he chose.
    assert first.status_code == second.status_code == 200, second.text
    assert second.json()["data"]["id"] == "same-id-x"
    assert second.json()["data"]["session_id"] == b_session
    a_done, b_done = alice.wait_render("same-id-x"), bob.wait_render("same-id-x")
    assert a_done["status"] == b_done["status"] == "completed"
    assert (a_done["session_id"], b_done["session_id"]) == (a_session, b_session)
    assert alice.balance()["total"] == bob.balance()["total"] == 99
    # Each token's download is its own file: Bob's video shows two photos, Alice's one.
    a_file = alice.get("/api/render/proxy/lambda/same-id-x/download")
    b_file = bob.get("/api/render/proxy/lambda/same-id-x/download")
    assert a_file.status_code == b_file.status_code == 200
    assert (
        len(a_file.content) == a_done["size_bytes"] and len(b_file.content) == b_done["size_bytes"]
    )
    assert a_file.content != b_file.content
    # Signed URLs keep working without a token, and each names its own render.
    assert server.http.get(a_done["url"]).content == a_file.content
    assert server.http.get(b_done["url"]).content == b_file.content
    # Bob's cancel and list touch only his; the same id again is his first render back.
    assert bob.delete("/api/render/proxy/lambda/same-id-x").json()["data"]["status"] == "completed"
    again = bob.export(b_session, id="same-id-x", draft=make_draft(b_media)).json()["data"]
    assert again["session_id"] == b_session and bob.balance()["total"] == 99
    listed = bob.get(f"/api/render/proxy/lambda?session_id={b_session}").json()["data"]
    assert [r["id"] for r in listed] == ["same-id-x"]
    # Another session of the same account still may not reuse its own id.
    other = bob.session()
    other_media = bob.upload(other, sample_media["landscape1"]).json()["data"]["media"]
    taken = bob.export(other, id="same-id-x", draft=make_draft(other_media))
    assert taken.status_code == 409, taken.text


def test_migration_0009_keeps_the_ids_clients_know_their_renders_by(tmp_path: Path) -> None:
    import pytest
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from diapo.service.db.engine import MIGRATIONS_DIR, Database

    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    now = "2026-11-01 10:00:00"
    insert_render = text(
        "INSERT INTO renders (id, public_id, account_id, session_id, status, progress, format, "
        "resolution, draft, cost, credit_state, attempts, attribution, created_at) VALUES "
        "(:id, :public, :acc, 'ses', 'completed', 1, 'mp4', '360p', '{}', 1, 'charged', 1, "
        "'{}', :t)"
    )
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0008")
        with db.engine.begin() as conn:
            for account in ("acc-a", "acc-b"):
                conn.execute(
                    text("INSERT INTO accounts (id, bind_id, created_at) VALUES (:a, :a, :t)"),
                    {"a": account, "t": now},
                )
            conn.execute(
                text(
                    "INSERT INTO tokens (id, account_id, token_hash, anonymous, attribution, "
                    "created_at, expires_at) VALUES ('tok', 'acc-a', 'h', 1, '{}', :t, :t)"
                ),
                {"t": now},
            )
            conn.execute(
                text(
                    "INSERT INTO sessions (id, account_id, token_id, task_name, language, "
                    "version, created_at) VALUES ('ses', 'acc-a', 'tok', 'p', 'en', 0, :t)"
                ),
                {"t": now},
            )
            conn.execute(
                text(
                    "INSERT INTO renders (id, account_id, session_id, status, progress, format, "
                    "resolution, draft, cost, credit_state, attempts, attribution, created_at) "
                    "VALUES ('my-old-id', 'acc-a', 'ses', 'completed', 1, 'mp4', '360p', '{}', "
                    "1, 'charged', 1, '{}', :t)"
                ),
                {"t": now},
            )
        db.migrate()
        with db.engine.begin() as conn:
            public = conn.execute(text("SELECT public_id FROM renders")).scalar_one()
            # Another account may take the same id; the same account may not.
            conn.execute(
                insert_render, {"id": "k2", "public": "my-old-id", "acc": "acc-b", "t": now}
            )
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(
                insert_render, {"id": "k3", "public": "my-old-id", "acc": "acc-a", "t": now}
            )
    finally:
        db.dispose()
    assert public == "my-old-id"
