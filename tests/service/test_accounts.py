"""Sessions, media and renders belong to the account: every token of it sees them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from diapo.service.testing import LiveServer


def _login(api_factory: Callable[..., Any], live: LiveServer, email: str, password: str) -> Any:
    other = api_factory(live, token=False)
    r = other.http.post("/api/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    other.token = r.json()["data"]["token"]
    return other


def test_after_register_and_login_a_new_token_sees_the_accounts_work(
    server_factory: Callable[..., LiveServer],
    api_factory: Callable[..., Any],
    sample_media: dict[str, Path],
    make_draft: Callable[..., dict[str, Any]],
) -> None:
    live = server_factory()
    anonymous = api_factory(live)
    session_id = anonymous.session()
    media = anonymous.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    render_id = anonymous.export(session_id, id="keep-me", draft=make_draft(media)).json()["data"][
        "id"
    ]
    assert anonymous.wait_render(render_id)["status"] == "completed"
    r = anonymous.http.post(
        "/api/auth/register",
        json={"bind_id": anonymous.bind_id, "email": "ada@example.org", "password": "s3cret-pass"},
    )
    assert r.status_code == 200, r.text

    logged_in = _login(api_factory, live, "ada@example.org", "s3cret-pass")
    assert logged_in.token != anonymous.token
    state = logged_in.state(session_id)
    assert state.status_code == 200, state.text  # not 1002
    assert [m["media_id"] for m in state.json()["data"]["media"]] == [media[0]["media_id"]]
    item = logged_in.get(f"/api/media/{media[0]['media_id']}")
    assert item.status_code == 200, item.text
    assert logged_in.get(f"/api/media/{media[0]['media_id']}/file").content == (
        sample_media["landscape1"].read_bytes()
    )
    listed = logged_in.get("/api/render/proxy/lambda", params={"session_id": session_id})
    assert [x["id"] for x in listed.json()["data"]] == ["keep-me"]
    download = logged_in.get("/api/render/proxy/lambda/keep-me/download")
    assert download.status_code == 200 and len(download.content) > 1000
    # The account keeps working in it with the new token.
    r = logged_in.post(
        f"/api/upload-video/nemo_agent/me/{session_id}",
        files=[("files", ("two.jpg", sample_media["landscape2"].read_bytes()))],
    )
    assert r.status_code == 200, r.text
    assert len(anonymous.state(session_id).json()["data"]["media"]) == 2
    # The project list is the account's too.
    projects = logged_in.get("/api/tasks/me/sessions").json()["data"]["sessions"]
    assert [p["session_id"] for p in projects] == [session_id]

    stranger = api_factory(live)
    assert stranger.get("/api/tasks/me/sessions").json()["data"]["sessions"] == []
    assert stranger.state(session_id).json()["code"] == 1002
    assert stranger.get(f"/api/media/{media[0]['media_id']}").json()["code"] == 1002
    assert stranger.get("/api/render/proxy/lambda/keep-me").json()["code"] == 1002
    assert stranger.get("/api/render/proxy/lambda/keep-me/download").json()["code"] == 1002


def test_migration_0003_gives_each_session_its_tokens_account(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from diapo.service.db.engine import MIGRATIONS_DIR, Database

    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
        now = "2026-11-01 10:00:00"
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
            # A session recorded under another account than its token's.
            conn.execute(
                text(
                    "INSERT INTO sessions (id, account_id, token_id, task_name, language, "
                    "version, created_at) VALUES ('ses', 'acc-b', 'tok', 'p', 'en', 0, :t)"
                ),
                {"t": now},
            )
        db.migrate()
        with db.engine.connect() as conn:
            owner = conn.execute(text("SELECT account_id FROM sessions")).scalar_one()
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    finally:
        db.dispose()
    assert owner == "acc-a"
    assert "rate_limits" in tables
