"""The credit ledger under concurrent exports: never overdrawn, every freeze settled once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from diapo.service.testing import InProcessServer


def _ledger_sums(data_dir: Path) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{data_dir / 'diapo.db'}")
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT kind, SUM(amount) FROM ledger GROUP BY kind")).all()
    finally:
        engine.dispose()
    return {kind: int(total) for kind, total in rows}


def test_concurrent_exports_never_overdraw(
    service_factory: Callable[..., InProcessServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    live = service_factory(workers=0)  # jobs stay queued, so the credits stay frozen
    api = api_factory(live)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    draft = make_draft(media * 10, seconds=10)  # ~95 s at 1080p: 10 credits each
    output = {"format": "mp4", "resolution": "1080p"}

    def export(i: int) -> tuple[int, int, str | None]:
        client = api_factory(live, token=False)
        client.token = api.token
        r = client.export(session_id, id=f"race-{i}", draft=draft, output=output)
        body = r.json()
        return r.status_code, body["code"], (body["data"] or {}).get("id")

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(export, range(24)))

    codes = Counter(code for _, code, _ in results)
    assert codes == {0: 10, 2001: 14}, results
    assert api.balance() == {"available": 0, "frozen": 100, "total": 100}

    accepted = [render_id for _, code, render_id in results if code == 0]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda rid: api.delete(f"/api/render/proxy/lambda/{rid}"), accepted * 2))
    assert api.balance() == {"available": 100, "frozen": 0, "total": 100}
    sums = _ledger_sums(live.data_dir)
    assert sums == {"grant": 100, "freeze": 100, "release": 100}


def test_granted_credits_and_registration_keep_the_balance(
    server: InProcessServer, api: Any, tmp_path: Path
) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "diapo.service",
            "credits",
            "grant",
            "--token-bind-id",
            api.bind_id,
            "--amount",
            "50",
            "--data-dir",
            str(server.data_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "available 150" in done.stdout
    assert api.balance() == {"available": 150, "frozen": 0, "total": 150}

    email = f"{api.client_id}@example.com"
    r = api.http.post(
        "/api/auth/register", json={"bind_id": api.bind_id, "email": email, "password": "s3cret-pw"}
    )
    assert r.status_code == 200 and r.json()["data"]["credits"]["available"] == 150
    again = api.http.post(
        "/api/auth/register", json={"bind_id": api.bind_id, "email": email, "password": "s3cret-pw"}
    )
    assert again.status_code == 409
    bad = api.http.post("/api/auth/login", json={"email": email, "password": "wrong-password"})
    assert bad.json()["code"] == 1001
    login = api.http.post("/api/auth/login", json={"email": email, "password": "s3cret-pw"})
    token = login.json()["data"]["token"]
    r = api.http.get("/api/credits/balance/simple", headers={"Authorization": f"Bearer {token}"})
    assert r.json()["data"]["available"] == 150
    form = api.http.get(f"/register?bind={api.bind_id}")
    assert form.status_code == 200 and api.bind_id in form.text
