"""Projects: the list's summary, rename, duplicate, delete and restore, the chat history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
from tests.service.conftest import Api


def _patch(api: Api, session_id: str, body: dict[str, Any]) -> httpx.Response:
    return api.http.patch(f"/api/tasks/me/sessions/{session_id}", json=body, headers=api.headers)


def _projects(api: Any) -> dict[str, dict[str, Any]]:
    r = api.get("/api/tasks/me/sessions")
    assert r.status_code == 200, r.text
    return {p["session_id"]: p for p in r.json()["data"]["sessions"]}


def _chat(api: Any, session_id: str, message: str) -> list[dict[str, Any]]:
    body = {"session_id": session_id, "new_message": {"role": "user", "parts": [{"text": message}]}}
    with api.http.stream("POST", "/run_sse", json=body, headers=api.headers) as r:
        assert r.status_code == 200, r.read()
        return [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: ")]


def test_a_new_project_is_listed_with_its_task_name_and_no_thumbnail_or_render(api: Any) -> None:
    session_id = api.session("it")
    project = _projects(api)[session_id]
    assert project["name"] == "project"
    assert project["thumbnail_url"] is None and project["last_render"] is None
    assert project["media_count"] == 0 and project["version"] == 0
    assert project["updated_at"] is not None


def test_the_list_shows_the_title_the_first_photo_and_the_last_render(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session("en")
    r = api.upload(session_id, sample_media["landscape2"], sample_media["landscape1"])
    assert r.status_code == 200, r.text
    _chat(api, session_id, "make a slideshow")
    _chat(api, session_id, 'add the title "Summer in Liguria"')
    project = _projects(api)[session_id]
    assert project["name"] == "Summer in Liguria"
    assert project["version"] >= 1 and project["media_count"] == 2
    # The draft's first photo is landscape1 (taken first): its thumbnail, signed.
    first = api.state(session_id).json()["data"]["draft"]["t"][0]["sg"][0]["m"]["src"]
    assert f"/api/media/{first}/thumbnail" in project["thumbnail_url"]
    thumb = api.http.get(project["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    job = api.export(session_id).json()["data"]
    listed = _projects(api)[session_id]["last_render"]
    assert listed["id"] == job["id"] and listed["format"] == "mp4"
    assert listed["resolution"] == "360p" and listed["status"] in (
        "queued",
        "rendering",
        "completed",
    )
    done = api.wait_render(job["id"])
    assert done["status"] == "completed"
    # A free preview made afterwards (the page makes one after each edit) is no export.
    preview = api.export(session_id, preview=True).json()["data"]
    assert preview["preview"] is True
    assert _projects(api)[session_id]["last_render"]["id"] == job["id"]
    url = _projects(api)[session_id]["last_render"]["url"]
    assert url.split("?")[0] == done["url"].split("?")[0]
    assert api.http.get(url).content == api.http.get(done["url"]).content


def test_a_project_is_renamed_and_keeps_its_language(api: Any) -> None:
    session_id = api.session("zh")
    r = _patch(api, session_id, {"name": "  Vacanze 2026 "})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["name"] == "Vacanze 2026"
    assert r.json()["data"]["language"] == "zh"
    assert _projects(api)[session_id]["name"] == "Vacanze 2026"
    both = _patch(api, session_id, {"name": "Trip", "language": "it"}).json()["data"]
    assert (both["name"], both["language"]) == ("Trip", "it")


def test_a_bad_name_is_a_422_naming_the_field(api: Any) -> None:
    session_id = api.session()
    for bad in ("", "   ", "x" * 121):
        r = _patch(api, session_id, {"name": bad})
        assert r.status_code == 422, r.text
        assert r.json()["data"]["errors"][0]["loc"] == "body.name"


def test_a_duplicate_has_the_draft_and_the_files_under_new_ids(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session("it")
    assert api.upload(session_id, sample_media["landscape1"]).status_code == 200
    _chat(api, session_id, "crea uno slideshow")
    assert _patch(api, session_id, {"name": "Mare"}).status_code == 200
    r = api.post(f"/api/tasks/me/sessions/{session_id}/duplicate")
    assert r.status_code == 200, r.text
    copy = r.json()["data"]
    assert copy["session_id"] != session_id
    assert (copy["name"], copy["language"], copy["version"]) == ("Mare (copia)", "it", 1)
    source_state = api.state(session_id).json()["data"]
    copy_state = api.state(copy["session_id"]).json()["data"]
    [old] = source_state["media"]
    [new] = copy_state["media"]
    assert new["media_id"] != old["media_id"] and new["name"] == old["name"]
    assert api.http.get(new["url"]).content == api.http.get(old["url"]).content
    # The copy's draft is the source's with its own media ids.
    assert copy_state["draft"]["t"][0]["sg"][0]["m"]["src"] == new["media_id"]
    assert json.dumps(copy_state["draft"]).replace(new["media_id"], old["media_id"]) == json.dumps(
        source_state["draft"]
    )
    # It exports on its own, and editing it leaves the source alone.
    _chat(api, copy["session_id"], "aggiungi il titolo 'Copia'")
    assert api.state(copy["session_id"]).json()["data"]["version"] == 2
    assert api.state(session_id).json()["data"]["version"] == source_state["version"]
    done = api.wait_render(api.export(copy["session_id"]).json()["data"]["id"])
    assert done["status"] == "completed", done


def test_copy_names_follow_the_language(api: Any) -> None:
    for language, suffix in (("en", "(copy)"), ("zh", "(副本)")):
        session_id = api.session(language)
        copy = api.post(f"/api/tasks/me/sessions/{session_id}/duplicate").json()["data"]
        assert copy["name"] == f"project {suffix}"


def test_a_deleted_project_is_hidden_everywhere_until_restored(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session()
    r = api.delete(f"/api/tasks/me/sessions/{session_id}")
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["session_id"] == session_id and data["deleted"] is True
    assert data["restore_until"].endswith("Z")
    assert session_id not in _projects(api)
    assert api.state(session_id).json()["code"] == 1002
    assert api.upload(session_id, sample_media["landscape1"]).json()["code"] == 1002
    assert api.export(session_id).json()["code"] == 1002
    assert api.delete(f"/api/tasks/me/sessions/{session_id}").json()["code"] == 1002
    restored = api.post(f"/api/tasks/me/sessions/{session_id}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["data"]["session_id"] == session_id
    assert session_id in _projects(api)
    assert api.state(session_id).status_code == 200
    # Restoring what is not deleted is a 1002.
    again = api.post(f"/api/tasks/me/sessions/{session_id}/restore")
    assert again.status_code == 404 and again.json()["code"] == 1002


def test_another_account_cannot_touch_a_project(api: Any, api_factory: Any, server: Any) -> None:
    session_id = api.session()
    other = api_factory(server)
    assert _patch(other, session_id, {"name": "mine"}).json()["code"] == 1002
    assert other.post(f"/api/tasks/me/sessions/{session_id}/duplicate").json()["code"] == 1002
    assert other.delete(f"/api/tasks/me/sessions/{session_id}").json()["code"] == 1002
    assert other.get(f"/api/tasks/me/sessions/{session_id}/messages").json()["code"] == 1002
    assert session_id in _projects(api)


def test_the_chat_history_keeps_messages_replies_and_errors_oldest_first(
    api: Any, sample_media: dict[str, Path]
) -> None:
    session_id = api.session("en")
    assert api.upload(session_id, sample_media["landscape1"]).status_code == 200
    events = _chat(api, session_id, "make a slideshow")
    reply = next(e["text"] for e in events if e["type"] == "text")
    _chat(api, session_id, "undo")
    _chat(api, session_id, "undo")
    r = api.get(f"/api/tasks/me/sessions/{session_id}/messages")
    assert r.status_code == 200, r.text
    messages = r.json()["data"]["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3
    assert messages[0]["text"] == "make a slideshow" and messages[1]["text"] == reply
    assert "nothing to undo" in messages[5]["text"]
    assert [m["at"] for m in messages] == sorted(m["at"] for m in messages)
    last = api.get(f"/api/tasks/me/sessions/{session_id}/messages", params={"limit": 2})
    assert last.json()["data"]["messages"] == messages[-2:]
    assert (
        api.get(f"/api/tasks/me/sessions/{session_id}/messages", params={"limit": 0}).status_code
        == 422
    )


def test_a_failed_turn_is_kept_as_an_error(server_factory: Any, api_factory: Any) -> None:
    live = server_factory(turn_timeout_seconds=0.001)
    api = api_factory(live)
    session_id = api.session("en")
    events = _chat(api, session_id, "make a slideshow")
    error = next(e for e in events if e["type"] == "error")
    messages = api.get(f"/api/tasks/me/sessions/{session_id}/messages").json()["data"]["messages"]
    assert [(m["role"], m["text"]) for m in messages] == [
        ("user", "make a slideshow"),
        ("error", error["message"]),
    ]


def test_the_price_matches_what_the_export_freezes(
    api: Any, sample_media: dict[str, Path], make_draft: Any
) -> None:
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    draft = make_draft(media, seconds=40.0)
    body = {
        "session_id": session_id,
        "draft": draft,
        "output": {"format": "mp4", "resolution": "1080p"},
    }
    before = api.balance()
    # Only the token: no attribution headers.
    r = api.http.post(
        "/api/render/price",
        json=body,
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert r.status_code == 200, r.text
    price = r.json()["data"]
    assert set(price) == {
        "cost",
        "available",
        "available_after",
        "duration_ms",
        "format",
        "resolution",
        "preview",
        "preset",
        "warnings",
    }
    assert price["available"] == before["available"]
    assert price["available_after"] == before["available"] - price["cost"]
    assert (price["format"], price["resolution"], price["preview"]) == ("mp4", "1080p", False)
    assert price["duration_ms"] > 0 and price["cost"] >= 1
    assert api.balance() == before  # nothing frozen
    assert (
        api.get("/api/render/proxy/lambda", params={"session_id": session_id}).json()["data"] == []
    )
    job = api.export(session_id, draft=draft, output={"format": "mp4", "resolution": "1080p"})
    assert job.json()["data"]["cost"] == price["cost"]
    preview = api.post(
        "/api/render/price",
        json={**body, "output": {"format": "mp4", "resolution": "360p"}, "preview": True},
    ).json()["data"]
    assert preview["cost"] == 0 and preview["preview"] is True


def test_the_price_refuses_what_the_export_refuses(api: Any) -> None:
    session_id = api.session()
    empty = api.post("/api/render/price", json={"session_id": session_id})
    assert empty.status_code == 422 and empty.json()["data"]["errors"][0]["loc"] == "draft"
    bad = api.post(
        "/api/render/price",
        json={
            "session_id": session_id,
            "output": {"format": "mp4", "resolution": "1080p"},
            "preview": True,
        },
    )
    assert bad.status_code == 422
    other = api.post("/api/render/price", json={"session_id": "nope"})
    assert other.status_code == 404 and other.json()["code"] == 1002
    anonymous = api.http.post("/api/render/price", json={"session_id": session_id})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == 1001


def test_the_new_endpoints_are_documented_with_their_answers(api: Any) -> None:
    paths = api.http.get("/openapi.json").json()["paths"]
    expected = {
        ("/api/tasks/me/sessions", "get"): {"200", "401"},
        ("/api/tasks/me/sessions/{session_id}", "patch"): {"200", "401", "404", "422"},
        ("/api/tasks/me/sessions/{session_id}", "delete"): {"200", "401", "404"},
        ("/api/tasks/me/sessions/{session_id}/duplicate", "post"): {"200", "401", "404"},
        ("/api/tasks/me/sessions/{session_id}/restore", "post"): {"200", "401", "404"},
        ("/api/tasks/me/sessions/{session_id}/messages", "get"): {"200", "401", "404", "422"},
        ("/api/render/price", "post"): {"200", "401", "404", "422"},
    }
    for (path, method), codes in expected.items():
        operation = paths[path][method]
        assert codes <= set(operation["responses"]), (path, method)
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in schema, (path, method)


def test_a_project_deleted_over_seven_days_ago_cannot_be_restored(api: Any, server: Any) -> None:
    session_id = api.session()
    assert api.delete(f"/api/tasks/me/sessions/{session_id}").status_code == 200
    # Eight days ago, as the server's own database would say after a week.
    with sqlite3.connect(server.data_dir / "diapo.db") as db:
        db.execute(
            "UPDATE projects SET deleted_at = datetime(deleted_at, '-8 days') WHERE session_id = ?",
            (session_id,),
        )
    r = api.post(f"/api/tasks/me/sessions/{session_id}/restore")
    assert r.status_code == 404 and r.json()["code"] == 1002
    assert "7 days" in r.json()["message"]
    assert session_id not in _projects(api)
