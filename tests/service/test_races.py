"""Concurrent requests against the real server: nothing is charged twice, no 500, no lost state.

Each test runs on SQLite (whose write lock serialises everything) and on a
real PostgreSQL from the Debian packages (row locks at READ COMMITTED, where
the races really happen; skipped where it is not installed). The requests
start together from threads held at a barrier.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text
from tests.service.conftest import TEST_SETTINGS, Api
from tests.service.engines import PostgresServer

from diapo.service.testing import LiveServer

RACE_SETTINGS: dict[str, Any] = {
    **TEST_SETTINGS,
    "render_quality": "preview",
    "workers": 4,
    "job_lease_seconds": 10,  # no reaping while the test holds a job's row lock
}

THREADS = 12


class Backend:
    """A live server on one database engine, and a direct connection to that database."""

    def __init__(self, name: str, live: LiveServer, database_url: str) -> None:
        self.name = name
        self.live = live
        self.engine: Engine = create_engine(database_url)

    @property
    def files_dir(self) -> Path:
        return self.live.data_dir / "files"

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def close(self) -> None:
        self.engine.dispose()
        self.live.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    data_dir = tmp_path_factory.mktemp(f"races-{request.param}")
    settings = dict(RACE_SETTINGS)
    if request.param == "postgresql":
        postgres: PostgresServer = request.getfixturevalue("postgres")
        database_url = postgres.new_database()
        settings["database_url"] = database_url
    else:
        database_url = f"sqlite:///{data_dir / 'diapo.db'}"
    found = Backend(request.param, LiveServer(data_dir, settings=settings).start(), database_url)
    try:
        yield found
    finally:
        found.close()


@pytest.fixture
def client(backend: Backend) -> Iterator[Api]:
    api = Api(backend.live.base_url)
    assert api.new_token().status_code == 200
    try:
        yield api
    finally:
        api.close()


def _at_once(n: int, call: Callable[[int], Any]) -> list[Any]:
    """`call(0..n-1)`, each from its own thread, released together."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def _same_token(api: Api) -> Api:
    other = Api(str(api.http.base_url), client_id=api.client_id)
    other.token = api.token
    return other


def _photo_session(api: Api, sample_media: dict[str, Path]) -> tuple[str, list[dict[str, Any]]]:
    session_id = api.session()
    r = api.upload(session_id, sample_media["landscape1"])
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


def _ledger_agrees(backend: Backend, api: Api, render_ids: list[str]) -> None:
    """Each finished render settled once, its way; the balance adds up."""
    for public_id in render_ids:
        # The ids clients chose name renders within the account; the ledger and the files
        # go by the server's own key.
        [(render_id, status, credit_state)] = backend.rows(
            "SELECT id, status, credit_state FROM renders WHERE public_id = :id", id=public_id
        )
        kinds = Counter(
            kind
            for (kind,) in backend.rows(
                "SELECT kind FROM ledger WHERE render_id = :id", id=render_id
            )
        )
        expected = {"completed": "charged", "cancelled": "released", "failed": "released"}
        assert credit_state == expected[status], (render_id, status, credit_state)
        settled = "charge" if status == "completed" else "release"
        assert kinds == {"freeze": 1, settled: 1}, (render_id, status, kinds)
        output = backend.files_dir / "renders" / render_id
        assert any(output.glob("output.*")) == (status == "completed"), (render_id, status)
    money = api.balance()
    assert money["total"] == money["available"] + money["frozen"]
    [(granted,)] = backend.rows(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger l JOIN tokens t "
        "ON t.account_id = l.account_id WHERE t.client_id = :c AND l.kind = 'grant'",
        c=api.client_id,
    )
    [(charged,)] = backend.rows(
        "SELECT COALESCE(SUM(amount), 0) FROM ledger l JOIN tokens t "
        "ON t.account_id = l.account_id WHERE t.client_id = :c AND l.kind = 'charge'",
        c=api.client_id,
    )
    assert money["total"] == int(granted) - int(charged)


def test_one_render_id_sent_at_once_is_one_render_charged_once(
    backend: Backend, client: Api, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _photo_session(client, sample_media)
    draft = make_draft(media, seconds=0.5)
    clients = [_same_token(client) for _ in range(THREADS)]
    render_ids = []
    try:
        for round_ in range(3):
            # The client's own render id...
            wanted = f"same-{round_}-{uuid.uuid4().hex[:6]}"

            def export_with_id(i: int, wanted: str = wanted) -> httpx.Response:
                return clients[i].export(session_id, id=wanted, draft=draft)

            answers = _at_once(THREADS, export_with_id)
            assert [a.status_code for a in answers] == [200] * THREADS, [a.text for a in answers]
            assert {a.json()["data"]["id"] for a in answers} == {wanted}
            render_ids.append(wanted)
            # ... and an Idempotency-Key without an id.
            key = f"key-{round_}-{uuid.uuid4().hex[:6]}"

            def export_with_key(i: int, key: str = key) -> httpx.Response:
                return clients[i].export(session_id, draft=draft, headers={"Idempotency-Key": key})

            answers = _at_once(THREADS, export_with_key)
            assert [a.status_code for a in answers] == [200] * THREADS, [a.text for a in answers]
            ids = {a.json()["data"]["id"] for a in answers}
            assert len(ids) == 1, ids
            render_ids.extend(ids)
    finally:
        for other in clients:
            other.close()

    [(count,)] = backend.rows("SELECT COUNT(*) FROM renders WHERE session_id = :s", s=session_id)
    assert count == len(render_ids) == 6
    for render_id in render_ids:
        assert client.wait_render(render_id, timeout=60)["status"] == "completed"
    assert client.balance() == {"available": 94, "frozen": 0, "total": 94}
    _ledger_agrees(backend, client, render_ids)


def test_one_idempotent_session_request_sent_at_once_is_one_session(
    backend: Backend, client: Api
) -> None:
    key = f"session-{uuid.uuid4().hex[:6]}"
    clients = [_same_token(client) for _ in range(THREADS)]
    try:
        answers = _at_once(
            THREADS,
            lambda i: clients[i].post(
                "/api/tasks/me/with-session/nemo_agent",
                json={"task_name": "project", "language": "en"},
                headers={"Idempotency-Key": key},
            ),
        )
    finally:
        for other in clients:
            other.close()
    assert [a.status_code for a in answers] == [200] * THREADS, [a.text for a in answers]
    assert len({a.json()["data"]["session_id"] for a in answers}) == 1


def test_cancels_racing_completions_always_agree_with_the_ledger(
    backend: Backend, client: Api, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _photo_session(client, sample_media)
    draft = make_draft(media, seconds=0.5)
    rng = random.Random(7)
    first = client.export(session_id, draft=draft).json()["data"]["id"]
    started = time.monotonic()
    client.wait_render(first, timeout=60)
    took = time.monotonic() - started  # how long one render takes here, queue included

    def submit_then_cancel(i: int) -> tuple[str, dict[str, Any]]:
        api = _same_token(client)
        try:
            render_id = api.export(session_id, draft=draft).json()["data"]["id"]
            # Spread the cancels over the whole life of the render, ending included.
            time.sleep(rng.uniform(0.3, 1.3) * took)
            r = api.delete(f"/api/render/proxy/lambda/{render_id}")
            assert r.status_code == 200, r.text
            return render_id, r.json()["data"]
        finally:
            api.close()

    results = []
    for _ in range(2):
        results += _at_once(8, submit_then_cancel)
    finals = {rid: client.wait_render(rid, timeout=60) for rid, _ in results}
    for render_id, answered in results:
        # What the cancel answered is what stayed: a cancel never undoes a completion.
        assert answered["status"] in ("completed", "cancelled"), answered
        assert finals[render_id]["status"] == answered["status"], (answered, finals[render_id])
    _ledger_agrees(backend, client, [first, *finals])


def test_a_cancel_waiting_on_a_finishing_render_leaves_it_completed_and_charged(
    backend: Backend, client: Api, sample_media: dict[str, Path], make_draft: Any
) -> None:
    """The worker and the cancel both wait on the job's row, then run one after the other."""
    if backend.name != "postgresql":
        pytest.skip("SQLite serialises every transaction: there is no row lock to wait on")
    session_id, media = _photo_session(client, sample_media)
    draft = make_draft(media, seconds=0.5)
    # AVI is rendered whole by one worker, whose own finish is what must queue behind the
    # lock. An mp4 is split into parts, and a part still rendering when the lock is taken
    # needs the render's row before any output exists (the test then waited in vain).
    whole = {"format": "avi", "resolution": "360p"}
    render_ids = []
    for _ in range(3):
        render_id = client.export(session_id, draft=draft, output=whole).json()["data"]["id"]
        render_ids.append(render_id)
        output = backend.files_dir / "renders" / render_id
        deadline = time.monotonic() + 30
        while client.render(render_id)["status"] != "rendering":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        with backend.engine.connect() as conn:
            # Hold the job's row: the worker's finish queues behind this lock...
            conn.execute(
                text("SELECT id FROM renders WHERE id = :id FOR UPDATE"), {"id": render_id}
            )
            while not any(output.glob("output.*")):  # stored, about to be recorded
                assert time.monotonic() < deadline
                time.sleep(0.01)
            time.sleep(0.3)
            # ... and so does the cancel.
            with ThreadPoolExecutor(max_workers=1) as pool:
                cancel = pool.submit(client.delete, f"/api/render/proxy/lambda/{render_id}")
                time.sleep(0.5)
                assert not cancel.done()
                conn.rollback()
                answer = cancel.result(timeout=30)
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["status"] == "completed", answer.json()
        info = client.wait_render(render_id)
        assert info["status"] == "completed" and client.get(info["url"]).status_code == 200
    _ledger_agrees(backend, client, render_ids)
    assert client.balance() == {"available": 97, "frozen": 0, "total": 97}


def test_simultaneous_anonymous_token_requests_get_one_token(backend: Backend) -> None:
    for _ in range(3):
        client_id = str(uuid.uuid4())
        with httpx.Client(base_url=backend.live.base_url, timeout=60) as http:

            def ask(i: int, cid: str = client_id) -> httpx.Response:
                return http.post("/api/auth/anonymous-token", headers={"X-Client-Id": cid})

            answers = _at_once(THREADS, ask)
        codes = Counter(a.status_code for a in answers)
        assert codes == {200: 1, 429: THREADS - 1}, [a.text for a in answers]
        for refused in (a for a in answers if a.status_code == 429):
            assert refused.json()["code"] == 429
            assert int(refused.headers["Retry-After"]) > 0
        [(tokens,)] = backend.rows("SELECT COUNT(*) FROM tokens WHERE client_id = :c", c=client_id)
        assert tokens == 1


def test_a_render_or_media_whose_file_is_gone_is_a_404_not_a_500(
    backend: Backend, client: Api, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id, media = _photo_session(client, sample_media)
    info = client.wait_render(
        client.export(session_id, draft=make_draft(media, seconds=0.5)).json()["data"]["id"]
    )
    assert info["status"] == "completed"
    assert client.get(info["url"]).status_code == 200
    for path in (backend.files_dir / "renders" / info["id"]).glob("output.*"):
        path.unlink()
    [(storage_key, thumb_key)] = backend.rows(
        "SELECT storage_key, thumb_key FROM media WHERE id = :id", id=media[0]["media_id"]
    )
    (backend.files_dir / storage_key).unlink()
    (backend.files_dir / thumb_key).unlink()

    media_id = media[0]["media_id"]
    for url, words in (
        (info["url"], "render"),
        (f"/api/media/{media_id}/file", "media"),
        (f"/api/media/{media_id}/thumbnail", "thumbnail"),
    ):
        r = client.get(url)
        assert r.status_code == 404, (url, r.text)
        body = r.json()
        assert body["code"] == 404 and body["data"] is None
        assert "no longer available" in body["message"] and words in body["message"], body
    # The render itself is still there, completed; only its file is gone.
    assert client.render(info["id"])["status"] == "completed"
