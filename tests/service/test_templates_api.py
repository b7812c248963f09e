"""Templates through the API: list, get, save, delete, render with merge values, start a project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
from tests.service.conftest import Api


def _project(
    api: Api, sample_media: dict[str, Path], language: str = "it"
) -> tuple[str, list[Any]]:
    session_id = api.session(language)
    r = api.upload(session_id, sample_media["landscape1"], sample_media["portrait1"])
    assert r.status_code == 200, r.text
    return session_id, r.json()["data"]["media"]


def test_the_list_holds_the_occasions_with_their_fields_and_samples(api: Api) -> None:
    r = api.get("/api/templates", params={"language": "en"})
    assert r.status_code == 200, r.text
    found = {t["id"]: t for t in r.json()["data"]}
    assert {"compleanno", "matrimonio", "laurea", "natale"} <= found.keys()
    birthday = found["compleanno"]
    assert birthday["name"] == "Birthday" and birthday["builtin"] is True
    fields = {f["name"]: f for f in birthday["fields"]}
    assert fields["nome"]["required"] and fields["titolo"]["default"] == "Happy birthday, {{nome}}!"
    path = "/" + birthday["thumbnail_url"].split("://", 1)[1].split("/", 1)[1]
    thumb = api.http.get(path)
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"


def test_render_a_template_with_merge_values_and_poll_it(
    api: Api, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    session_id, _media = _project(api, sample_media)
    body = {
        "session_id": session_id,
        "merge": {"nome": "Maria", "data": "12 agosto"},
        "output": {"format": "mp4", "resolution": "360p"},
    }
    before = api.balance()["available"]
    version = api.state(session_id).json()["data"]["version"]
    r = api.post("/api/templates/compleanno/render", json=body)
    assert r.status_code == 200, r.text
    job = api.wait_render(r.json()["data"]["id"])
    assert job["status"] == "completed", job
    assert api.balance()["available"] == before - job["cost"]
    out = tmp_path / "maria.mp4"
    out.write_bytes(api.get(f"/api/render/proxy/lambda/{job['id']}/download").content)
    with av.open(str(out)) as c:
        assert (c.streams.video[0].width, c.streams.video[0].height) == (640, 360)
        assert c.streams.audio, "the occasion's music plays"
    # The project's own draft is untouched: a template render is an export of its own draft.
    assert api.state(session_id).json()["data"]["version"] == version


def test_bad_merge_values_are_named_and_nothing_is_charged(
    api: Api, sample_media: dict[str, Path]
) -> None:
    session_id, _media = _project(api, sample_media)
    before = api.balance()["available"]
    r = api.post(
        "/api/templates/compleanno/render",
        json={"session_id": session_id, "merge": {"colore": "rosso", "foto": ["nope"]}},
    )
    assert r.status_code == 422, r.text
    assert "foto" in r.text
    r = api.post(
        "/api/templates/compleanno/render",
        json={"session_id": session_id, "merge": {"colore": "rosso"}},
    )
    assert r.status_code == 422 and "colore" in r.text and "nome" in r.text
    assert api.balance()["available"] == before
    assert (
        api.post("/api/templates/funerale/render", json={"session_id": session_id}).status_code
        == 404
    )


def test_start_a_project_from_a_template_then_save_it_as_ones_own(
    api: Api, sample_media: dict[str, Path]
) -> None:
    session_id, _media = _project(api, sample_media)
    r = api.post(
        "/api/templates/matrimonio/session",
        json={"session_id": session_id, "merge": {"nome": "Anna e Paolo"}, "aspect": "9:16"},
    )
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert data["draft"]["c"]["ar"] == "9:16" and "Anna e Paolo, sposi" in data["summary"]
    state = api.state(session_id).json()["data"]
    assert state["version"] == data["version"]

    saved = api.post(
        "/api/templates",
        json={
            "session_id": session_id,
            "name": "Nozze",
            "texts": {"Anna e Paolo, sposi": "titolo"},
        },
    )
    assert saved.status_code == 200, saved.text
    mine = saved.json()["data"]
    assert mine["builtin"] is False and {f["name"] for f in mine["fields"]} >= {"titolo", "foto"}
    listed = [t["id"] for t in api.get("/api/templates").json()["data"]]
    assert mine["id"] in listed
    again = api.post(
        f"/api/templates/{mine['id']}/session",
        json={"session_id": session_id, "merge": {"titolo": "Le nostre nozze"}},
    )
    assert again.status_code == 200 and "Le nostre nozze" in again.json()["data"]["summary"]

    # Another account sees none of it.
    other = Api(http=api.http)
    assert other.new_token().status_code == 200
    assert mine["id"] not in [t["id"] for t in other.get("/api/templates").json()["data"]]
    assert other.get(f"/api/templates/{mine['id']}").status_code == 404
    assert other.delete(f"/api/templates/{mine['id']}").status_code == 404

    assert api.delete(f"/api/templates/{mine['id']}").status_code == 200
    assert api.get(f"/api/templates/{mine['id']}").status_code == 404
    assert api.delete("/api/templates/compleanno").status_code == 409


def test_a_template_saved_whole_is_validated_field_by_field(api: Api) -> None:
    builtin = api.get("/api/templates/natale").json()["data"]["template"]
    builtin["fields"] = [f for f in builtin["fields"] if f["name"] != "dedica"]
    r = api.post("/api/templates", json={"template": builtin})
    assert r.status_code == 422 and "dedica" in r.text


def test_a_batch_of_three_value_sets_gives_three_videos(
    api: Api, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    session_id, _media = _project(api, sample_media)
    sets = [{"nome": "Maria"}, {"nome": "Luca", "musica": "lofi"}, {"nome": "Giò"}]
    body = {
        "session_id": session_id,
        "sets": sets,
        "id": "auguri",
        "output": {"format": "mp4", "resolution": "360p"},
    }
    r = api.post("/api/templates/compleanno/batch", json=body, headers={"Idempotency-Key": "b1"})
    assert r.status_code == 200, r.text
    renders = r.json()["data"]
    assert [j["id"] for j in renders] == ["auguri-1", "auguri-2", "auguri-3"]
    durations = []
    for job in renders:
        done = api.wait_render(job["id"])
        assert done["status"] == "completed", done
        out = tmp_path / f"{job['id']}.mp4"
        out.write_bytes(api.get(f"/api/render/proxy/lambda/{job['id']}/download").content)
        with av.open(str(out)) as c:
            assert c.streams.video[0].height == 360 and c.streams.audio
            durations.append(float(c.duration or 0))
    assert all(d > 0 for d in durations)
    # The same batch again, with the same key, charges nothing more.
    balance = api.balance()["available"]
    again = api.post(
        "/api/templates/compleanno/batch", json=body, headers={"Idempotency-Key": "b1"}
    )
    assert again.status_code == 200 and api.balance()["available"] == balance


def test_a_batch_with_one_bad_set_renders_nothing(api: Api, sample_media: dict[str, Path]) -> None:
    session_id, _media = _project(api, sample_media)
    before = api.balance()["available"]
    r = api.post(
        "/api/templates/compleanno/batch",
        json={"session_id": session_id, "sets": [{"nome": "Maria"}, {"titolo": "x" * 90}]},
    )
    assert r.status_code == 422 and "Value set 2" in r.text and "nome" in r.text
    assert api.balance()["available"] == before
    listed = api.get("/api/render/proxy/lambda", params={"session_id": session_id}).json()["data"]
    assert listed == []
