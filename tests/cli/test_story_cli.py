"""`diapo render --places-dates`: chapter cards from EXIF dates and GPS, seen in the frames."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import av
import numpy as np
import pillow_heif
import pytest
from PIL import Image
from typer.testing import CliRunner

from diapo.cli.main import app
from diapo.samples import photo_exif

runner = CliRunner()
FLORENCE = (43.7731, 11.2560)
SIENA = (43.3188, 11.3308)


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two photos in Florence on 12 August, one (an iPhone HEIC) in Siena the next day.

    Dim grey blocks, different in each photo (identical ones would be left out as
    duplicates), so that any bright pixel in a frame is text.
    """
    pillow_heif.register_heif_opener()
    d = tmp_path_factory.mktemp("trip")
    shots = (
        ("IMG_1.jpg", datetime(2025, 8, 12, 10), FLORENCE, "JPEG"),
        ("IMG_2.jpg", datetime(2025, 8, 12, 17), FLORENCE, "JPEG"),
        ("IMG_3.heic", datetime(2025, 8, 13, 9), SIENA, "HEIF"),
    )
    for seed, (name, taken, where, fmt) in enumerate(shots):
        blocks = np.random.default_rng(seed).integers(60, 150, (8, 12), dtype=np.uint8)
        pixels = np.repeat(np.repeat(blocks, 40, axis=0), 40, axis=1)
        photo = Image.fromarray(np.dstack([pixels] * 3))
        photo.save(d / name, format=fmt, exif=photo_exif(taken, gps=where).tobytes())
    return d


def _bright(frame: np.ndarray) -> int:
    return int((frame.min(axis=2) > 215).sum())


def test_chapter_cards_are_rendered_where_the_day_and_town_change(
    trip: Path, tmp_path: Path
) -> None:
    out, draft_out = tmp_path / "trip.mp4", tmp_path / "trip.json"
    result = runner.invoke(
        app,
        [
            "render", str(trip), "-o", str(out), "--resolution", "360p", "--music", "none",
            "--seconds-per-photo", "2", "--places-dates", "--lang", "it",
            "--draft-out", str(draft_out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    draft = json.loads(draft_out.read_text(encoding="utf-8"))
    cards = [s for t in draft["t"] if t["tt"] == 7 for s in t["sg"] if s["m"].get("chapter")]
    assert [c["m"]["text"] for c in cards] == ["Firenze · 12 agosto", "Siena · 13 agosto"]
    assert draft["story"] == {"places": True, "dates": True, "chapters": "cards", "lang": "it"}
    with av.open(str(out)) as container:
        frames = [
            (float(f.time or 0.0), f.to_ndarray(format="rgb24")) for f in container.decode(video=0)
        ]

    def at(seconds: float) -> np.ndarray:
        return min(frames, key=lambda tf: abs(tf[0] - seconds))[1]

    card_frames = [at((c["m"]["at"] + c["d"] / 2) / 1000) for c in cards]
    # Photo 2, after the first card has gone and before the second comes: no text.
    second_photo = draft["t"][0]["sg"]
    quiet = at((second_photo[0]["d"] + second_photo[1]["d"] / 2) / 1000 - 0.1)
    assert all(_bright(f) > 300 for f in card_frames), [_bright(f) for f in card_frames]
    assert _bright(quiet) < 20


def test_auto_title_names_the_region_and_month(trip: Path, tmp_path: Path) -> None:
    draft_out = tmp_path / "titled.json"
    result = runner.invoke(
        app,
        [
            "render", str(trip), "-o", str(tmp_path / "poster.jpg"), "--resolution", "360p",
            "--music", "none", "--auto-title", "--lang", "en", "--chapters", "captions",
            "--draft-out", str(draft_out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    draft = json.loads(draft_out.read_text(encoding="utf-8"))
    titles = [s["m"]["text"] for t in draft["t"] if t["tt"] == 7 for s in t["sg"]]
    assert titles == ["Tuscany, August 2025"]
    captions = [s["m"].get("cap", {}).get("text") for s in draft["t"][0]["sg"]]
    assert captions == ["Florence · 12 August", None, "Siena · 13 August"]


def test_probe_shows_the_place(trip: Path) -> None:
    result = runner.invoke(app, ["probe", "--json", str(trip / "IMG_3.heic")])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert row["gps"] == pytest.approx(list(SIENA), abs=1e-4)
    assert row["place"] == {"name": "Siena", "region": "Tuscany", "country": "IT"}
    table = runner.invoke(app, ["probe", str(trip / "IMG_3.heic")])
    assert "IMG_3.heic: shot at Siena, Tuscany, IT (43.3188, 11.3308)" in table.stdout
