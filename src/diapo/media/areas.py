"""Areas a nearest-town look-up gets wrong: the micro-states and Italy's largest comuni.

The gazetteer knows towns as points. The nearest point is the right answer for
most of Italy, but not in two cases:

- a micro-state's point lies a kilometre or two from the big city around it, so
  central Rome (41.8986, 12.4769) was nearer to Vatican City's point than to
  Rome's. A micro-state is named only when a position lies inside its outline;
- the largest comuni hold districts the gazetteer lists as places of their own
  ("Vitinia", "Selcetta" are in the comune of Rome): near the city's centre the
  comune is named, not the district.

The outlines are coarse polygons drawn by hand from well-known landmarks at
each border; they were checked only against the points of the table test
(tests/media/test_places.py), not against an official boundary file, so a
position within a few hundred metres of a border may be named either way.
The comuni's areas are approximate figures of their territory in km² (the
order of ISTAT's "superficie territoriale", typed from memory, not from the
published list); a comune is named within a radius derived from its area,
so they only need to be right to a few per cent. Their centres are the
gazetteer's own points.
"""

from __future__ import annotations

import math

__all__ = ["BIG_COMUNI", "MICRO_STATES", "MICRO_STATE_NAMES", "big_comune_at", "micro_state_at"]

#: The gazetteer's names of the micro-states, for a position inside one with no town row.
MICRO_STATE_NAMES = {"VA": "Vatican City", "SM": "San Marino", "MC": "Monaco"}

# (latitude, longitude) corners, in order around the border.
MICRO_STATES: dict[str, tuple[tuple[float, float], ...]] = {
    # The Leonine walls and St Peter's Square, to the square's outer edge.
    "VA": (
        (41.9074, 12.4536),
        (41.9067, 12.4553),
        (41.9045, 12.4570),
        (41.9022, 12.4583),
        (41.9014, 12.4580),
        (41.9004, 12.4556),
        (41.9002, 12.4502),
        (41.9011, 12.4462),
        (41.9045, 12.4459),
        (41.9066, 12.4490),
    ),
    # Mount Titano and its nine castelli, from Dogana in the north to Faetano in the south.
    "SM": (
        (43.9920, 12.4780),
        (43.9850, 12.5170),
        (43.9550, 12.5150),
        (43.9200, 12.5030),
        (43.8930, 12.4830),
        (43.8970, 12.4270),
        (43.9280, 12.4030),
        (43.9670, 12.4180),
        (43.9850, 12.4470),
    ),
    # The strip between the sea and the Moyenne Corniche, Fontvieille to Larvotto.
    "MC": (
        (43.7519, 7.4393),
        (43.7478, 7.4420),
        (43.7325, 7.4300),
        (43.7230, 7.4190),
        (43.7270, 7.4090),
        (43.7330, 7.4140),
        (43.7400, 7.4225),
        (43.7470, 7.4310),
    ),
}

# The gazetteer's name and region, its point (latitude, longitude), the comune's area in km².
BIG_COMUNI: tuple[tuple[str, str, float, float, float], ...] = (
    ("Rome", "Latium", 41.89193, 12.51133, 1287.4),
    ("Milano", "Lombardy", 45.46427, 9.18951, 181.7),
    ("Napoli", "Campania", 40.85631, 14.24641, 119.0),
    ("Turin", "Piedmont", 45.07049, 7.68682, 130.0),
    ("Palermo", "Sicily", 38.13205, 13.33561, 160.6),
    ("Genoa", "Liguria", 44.4264, 8.91519, 240.3),
    ("Bologna", "Emilia-Romagna", 44.49381, 11.33875, 140.9),
    ("Florence", "Tuscany", 43.77925, 11.24626, 102.3),
    ("Bari", "Apulia", 41.11148, 16.8554, 117.4),
    ("Catania", "Sicily", 37.49223, 15.07041, 182.9),
    ("Venice", "Veneto", 45.43713, 12.33265, 415.9),
    ("Verona", "Veneto", 45.4299, 10.98444, 198.9),
    ("Messina", "Sicily", 38.19394, 15.55256, 213.8),
    ("Padova", "Veneto", 45.40797, 11.88586, 93.0),
    ("Trieste", "Friuli Venezia Giulia", 45.64325, 13.7903, 85.1),
    ("Cagliari", "Sardinia", 39.23054, 9.11917, 85.0),
)
# Within this share of its equivalent radius (a disc of the comune's area) a point is
# taken to be in the comune: comuni are not discs, and a neighbour can start closer.
_CORE = 0.6
_EARTH_KM = 6371.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _inside(lat: float, lon: float, outline: tuple[tuple[float, float], ...]) -> bool:
    """Even-odd ray casting: fine at this scale, where the map is flat to a metre."""
    inside = False
    for (y1, x1), (y2, x2) in zip(outline, (*outline[1:], outline[0]), strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def micro_state_at(lat: float, lon: float) -> str | None:
    """The ISO code of the micro-state whose outline holds the position, if any."""
    for code, outline in MICRO_STATES.items():
        if _inside(lat, lon, outline):
            return code
    return None


def big_comune_at(lat: float, lon: float) -> tuple[str, str] | None:
    """The gazetteer's name and region of the large comune whose core holds the position."""
    for name, region, clat, clon, area in BIG_COMUNI:
        if _km(lat, lon, clat, clon) <= _CORE * math.sqrt(area / math.pi):
            return name, region
    return None
