"""Where photos were shot, through the service: upload, media items, the chat's story."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.service.test_chat import chat, reply

from diapo.draft import Draft
from diapo.samples import generate_photo, photo_exif


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The Duomo of Florence on 12 August, Siena on the 13th, and a photo with no EXIF."""
    d = tmp_path_factory.mktemp("trip")
    shots = (
        ("duomo.jpg", "tuscan_hills", datetime(2025, 8, 12, 10), (43.7731, 11.2560)),
        ("campo.jpg", "piazza", datetime(2025, 8, 13, 18), (43.3188, 11.3308)),
    )
    paths = []
    for name, scene, taken, where in shots:
        path = d / name
        generate_photo(scene, 320, 240).save(path, exif=photo_exif(taken, gps=where).tobytes())
        paths.append(path)
    generate_photo("vineyard", 320, 240).save(d / "nowhere.jpg")
    return [*paths, d / "nowhere.jpg"]


def test_uploaded_photos_show_their_place_in_the_session_language(
    api: Any, trip: list[Path]
) -> None:
    session_id = api.session("it")
    r = api.upload(session_id, *trip)
    assert r.status_code == 200, r.text
    uploaded = {m["name"]: m for m in r.json()["data"]["media"]}
    assert uploaded["duomo.jpg"]["place"] == {
        "name": "Firenze",
        "region": "Toscana",
        "country": "IT",
    }
    items = {m["name"]: m for m in api.state(session_id).json()["data"]["media"]}
    assert items["campo.jpg"]["place"]["name"] == "Siena"
    assert items["campo.jpg"]["gps"] == pytest.approx([43.3188, 11.3308], abs=1e-4)
    assert items["campo.jpg"]["taken_at"].startswith("2025-08-13T18:00:00")
    assert items["nowhere.jpg"]["place"] is None and items["nowhere.jpg"]["gps"] is None
    assert items["duomo.jpg"]["analysed"] is True
    one = api.get(f"/api/media/{items['duomo.jpg']['media_id']}").json()["data"]
    assert one["place"]["name"] == "Firenze"


def test_an_english_session_keeps_the_gazetteer_names(api: Any, trip: list[Path]) -> None:
    session_id = api.session("en")
    assert api.upload(session_id, trip[0]).status_code == 200
    item = api.state(session_id).json()["data"]["media"][0]
    assert item["place"] == {"name": "Florence", "region": "Tuscany", "country": "IT"}


def test_the_chat_adds_places_and_dates_and_suggests_a_title(api: Any, trip: list[Path]) -> None:
    session_id = api.session("it")
    assert api.upload(session_id, *trip).status_code == 200
    assert "«Toscana, agosto 2025»" in reply(chat(api, session_id, "suggerisci un titolo"))
    chat(api, session_id, "aggiungi luoghi e date")
    draft = Draft.parse(api.state(session_id).json()["data"]["draft"])
    cards = [s.m.text for t in draft.text_tracks for s in t.sg if s.m.chapter]
    assert cards == ["Firenze · 12 agosto", "Siena · 13 agosto"]
