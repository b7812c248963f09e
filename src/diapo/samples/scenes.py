"""Procedural "Italian holiday" photos: distinct scenes with gradients and texture, made fast."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import cv2
import numpy as np
from PIL import Image

__all__ = ["SCENES", "generate_photo"]

Color = tuple[int, int, int]
Painter = Callable[["_Canvas"], None]

# Scenes are painted at most this many pixels on the longer side, then
# upscaled with film-grain noise: a phone-size photo costs a few tens of ms.
_PAINT_LONG_SIDE = 1024


class _Canvas:
    """An RGB uint8 picture being painted, in coordinates normalised to 0..1."""

    def __init__(self, width: int, height: int, rng: np.random.Generator) -> None:
        self.w, self.h, self.rng = width, height, rng
        self.px = np.zeros((height, width, 3), np.uint8)

    def pt(self, x: float, y: float) -> tuple[int, int]:
        return round(x * self.w), round(y * self.h)

    def vgradient(self, y0: float, y1: float, stops: list[Color]) -> None:
        """Fill the band y0..y1 with a vertical gradient through `stops`."""
        top, bottom = round(y0 * self.h), round(y1 * self.h)
        n = max(1, bottom - top)
        positions = np.linspace(0, 1, len(stops))
        t = np.linspace(0, 1, n)
        column = np.stack(
            [np.interp(t, positions, [c[i] for c in stops]) for i in range(3)], axis=1
        )
        self.px[top:bottom] = column[:, None, :].astype(np.uint8)

    def poly(self, points: list[tuple[float, float]], color: Color) -> None:
        pts = np.array([self.pt(x, y) for x, y in points], np.int32)
        cv2.fillPoly(self.px, [pts], color, lineType=cv2.LINE_AA)

    def rect(self, x0: float, y0: float, x1: float, y1: float, color: Color) -> None:
        cv2.rectangle(self.px, self.pt(x0, y0), self.pt(x1, y1), color, -1, cv2.LINE_AA)

    def ellipse(
        self, x: float, y: float, rx: float, ry: float, color: Color, angle: float = 0
    ) -> None:
        axes = (max(1, round(rx * self.w)), max(1, round(ry * self.h)))
        cv2.ellipse(self.px, self.pt(x, y), axes, angle, 0, 360, color, -1, cv2.LINE_AA)

    def circle(self, x: float, y: float, radius: float, color: Color) -> None:
        """A round disc whose radius is a fraction of the longer side (stays round in portrait)."""
        r = max(1, round(radius * max(self.w, self.h)))
        cv2.circle(self.px, self.pt(x, y), r, color, -1, cv2.LINE_AA)

    def line(self, points: list[tuple[float, float]], color: Color, thickness: float) -> None:
        pts = np.array([self.pt(x, y) for x, y in points], np.int32)
        width = max(1, round(thickness * self.h))
        cv2.polylines(self.px, [pts], False, color, width, cv2.LINE_AA)

    def glow(self, x: float, y: float, radius: float, color: Color, strength: float) -> None:
        """A soft radial light (the sun's halo), added on top."""
        yy, xx = np.ogrid[0 : self.h, 0 : self.w]
        r = radius * max(self.w, self.h)
        d2 = ((xx - x * self.w) ** 2 + (yy - y * self.h) ** 2) / (r * r)
        weight = (strength * np.exp(-d2)).astype(np.float32)[..., None]
        mixed = self.px * (1 - weight) + np.array(color, np.float32) * weight
        self.px = mixed.astype(np.uint8)

    def ridge(
        self, base: float, amplitude: float, color: Color, *, waves: int = 3, jag: float = 0.0
    ) -> None:
        """Fill below a wavy skyline (hills, mountains) down to the bottom."""
        xs = np.linspace(0, 1, 200)
        ys = np.full_like(xs, base)
        for _ in range(waves):
            freq = self.rng.uniform(1, 4)
            ys += amplitude / waves * np.sin(2 * np.pi * (freq * xs + self.rng.uniform()))
        if jag:
            ys += jag * np.abs(np.cumsum(self.rng.normal(0, 1, xs.size))) / np.sqrt(xs.size)
        self.poly([*zip(xs, ys, strict=True), (1, 1), (0, 1)], color)

    def texture(self, y0: float, y1: float, amount: float) -> None:
        """Grain in a band: sand, grass, stone; detail that survives JPEG."""
        top, bottom = round(y0 * self.h), round(y1 * self.h)
        band = self.px[top:bottom].astype(np.int16)
        noise = self.rng.normal(0, amount, band.shape[:2]).astype(np.int16)[..., None]
        self.px[top:bottom] = np.clip(band + noise, 0, 255).astype(np.uint8)

    def clouds(self, count: int, y0: float, y1: float, color: Color = (250, 250, 252)) -> None:
        mask = np.zeros((self.h, self.w), np.uint8)
        for _ in range(count):
            cx, cy = self.rng.uniform(0, 1), self.rng.uniform(y0, y1)
            for _ in range(5):
                ox, oy = self.rng.normal(0, 0.04), self.rng.normal(0, 0.01)
                axes = (round(self.rng.uniform(0.03, 0.08) * self.w), round(0.025 * self.h))
                center = self.pt(cx + ox, cy + oy)
                cv2.ellipse(mask, center, axes, 0, 0, 360, 255, -1)
        blur = max(3, (self.w // 60) | 1)
        alpha = cv2.GaussianBlur(mask, (blur, blur), 0).astype(np.float32)[..., None] / 320
        self.px = (self.px * (1 - alpha) + np.array(color, np.float32) * alpha).astype(np.uint8)


def _seaside(c: _Canvas) -> None:
    c.vgradient(0, 0.46, [(40, 105, 190), (120, 180, 230), (200, 225, 240)])
    c.clouds(4, 0.06, 0.3)
    c.glow(0.78, 0.14, 0.09, (255, 250, 220), 0.9)
    c.circle(0.78, 0.14, 0.025, (255, 252, 235))
    c.vgradient(0.46, 0.76, [(20, 90, 140), (30, 140, 170), (70, 190, 195)])
    for i in range(60):
        y = 0.47 + 0.29 * (i / 60) ** 1.3
        x0 = c.rng.uniform(-0.1, 0.9)
        c.line([(x0, y), (x0 + c.rng.uniform(0.05, 0.25), y)], (170, 225, 230), 0.002 + y * 0.003)
    c.vgradient(0.76, 1.0, [(225, 205, 160), (205, 180, 130)])
    c.texture(0.76, 1.0, 9)
    for x in (0.2, 0.45, 0.7):
        c.line([(x, 0.95), (x + 0.01, 0.8)], (90, 70, 50), 0.006)
        c.poly([(x - 0.07, 0.81), (x + 0.085, 0.79), (x + 0.01, 0.74)], (215, 40, 45))
        c.poly([(x - 0.03, 0.805), (x + 0.03, 0.797), (x + 0.01, 0.74)], (245, 240, 235))


def _tuscan_hills(c: _Canvas) -> None:
    c.vgradient(0, 0.6, [(110, 160, 215), (200, 215, 225), (240, 225, 200)])
    c.clouds(3, 0.05, 0.25)
    c.ridge(0.42, 0.05, (120, 140, 110))
    c.ridge(0.52, 0.06, (150, 165, 80))
    c.ridge(0.62, 0.07, (200, 175, 85))
    c.ridge(0.74, 0.06, (110, 150, 60))
    c.texture(0.45, 1.0, 10)
    c.rect(0.58, 0.47, 0.7, 0.55, (215, 170, 110))
    c.poly([(0.57, 0.47), (0.64, 0.43), (0.71, 0.47)], (170, 80, 50))
    road = [(0.3 + 0.25 * t, 1 - 0.45 * t + 0.05 * np.sin(6 * t)) for t in np.linspace(0, 1, 30)]
    c.line(road, (210, 190, 150), 0.012)
    for i in range(9):
        x, y = road[3 * i + 1]
        size = 0.11 * (1 - 0.08 * i)
        c.ellipse(x + 0.04, y - size / 2, 0.012 * size / 0.11, size / 2, (35, 60, 35))
        c.ellipse(x - 0.045, y - size / 2, 0.012 * size / 0.11, size / 2, (30, 55, 30))


def _cinque_terre(c: _Canvas) -> None:
    c.vgradient(0, 0.3, [(70, 140, 210), (160, 200, 235)])
    c.poly([(0, 0.3), (0.35, 0.12), (1, 0.22), (1, 0.8), (0, 0.8)], (95, 110, 70))
    c.texture(0.1, 0.8, 8)
    palette = [
        (225, 95, 70), (240, 190, 80), (235, 150, 120), (215, 120, 60),
        (245, 215, 160), (200, 70, 80), (235, 170, 60), (190, 140, 170),
    ]  # fmt: skip
    for row in range(5):
        y_base = 0.78 - row * 0.1
        x = -0.02 + (row % 2) * 0.05
        while x < 1.0:
            width = c.rng.uniform(0.08, 0.14)
            height = c.rng.uniform(0.1, 0.16)
            color = palette[int(c.rng.integers(len(palette)))]
            c.rect(x, y_base - height, x + width, y_base, color)
            c.rect(x, y_base - height, x + width, y_base - height + 0.012, (150, 75, 55))
            for wy in np.arange(y_base - height + 0.03, y_base - 0.02, 0.04):
                for wx in np.arange(x + 0.015, x + width - 0.02, 0.035):
                    c.rect(wx, wy, wx + 0.015, wy + 0.022, (40, 95, 60))
            x += width + 0.004
    c.vgradient(0.8, 1.0, [(25, 95, 130), (15, 60, 100)])
    for _ in range(40):
        x, y = c.rng.uniform(0, 1), c.rng.uniform(0.81, 0.99)
        c.line([(x, y), (x + 0.06, y)], (60, 140, 170), 0.003)


def _lemon_grove(c: _Canvas) -> None:
    c.vgradient(0, 1.0, [(40, 70, 30), (60, 100, 40), (90, 110, 50)])
    for _ in range(700):
        x, y = c.rng.uniform(0, 1), c.rng.uniform(0, 0.85)
        g = int(c.rng.integers(70, 170))
        color = (int(g * 0.45), g, int(g * 0.3))
        c.ellipse(x, y, 0.018, 0.009, color, angle=float(c.rng.uniform(0, 180)))
    for _ in range(45):
        x, y = c.rng.uniform(0.03, 0.97), c.rng.uniform(0.05, 0.8)
        c.ellipse(x, y, 0.022, 0.024, (200, 170, 20), angle=float(c.rng.uniform(-30, 30)))
        c.ellipse(x - 0.005, y - 0.006, 0.013, 0.013, (250, 225, 60))
        c.ellipse(x - 0.008, y - 0.01, 0.004, 0.004, (255, 250, 190))
    c.vgradient(0.85, 1.0, [(120, 100, 60), (90, 75, 45)])
    c.texture(0.0, 1.0, 7)
    c.glow(0.2, 0.0, 0.3, (255, 250, 200), 0.35)


def _sunset(c: _Canvas) -> None:
    c.vgradient(0, 0.58, [(60, 40, 110), (190, 70, 90), (245, 140, 60), (255, 200, 90)])
    c.glow(0.5, 0.58, 0.15, (255, 220, 120), 0.8)
    c.circle(0.5, 0.58, 0.07, (255, 225, 130))
    c.vgradient(0.58, 1.0, [(200, 100, 60), (110, 45, 60), (40, 20, 45)])
    for i in range(80):
        y = 0.59 + 0.4 * (i / 80) ** 1.5
        half = 0.08 * (1 - (y - 0.58) * 0.8) * c.rng.uniform(0.3, 1.2)
        c.line([(0.5 - half, y), (0.5 + half, y)], (255, 190, 100), 0.003)
    c.poly([(0, 0.58), (0, 0.48), (0.1, 0.5), (0.22, 0.56), (0.28, 0.58)], (35, 20, 40))
    c.poly([(0.7, 0.66), (0.82, 0.66), (0.8, 0.69), (0.72, 0.69)], (30, 15, 30))
    c.line([(0.76, 0.66), (0.76, 0.58)], (30, 15, 30), 0.004)


def _piazza(c: _Canvas) -> None:
    c.vgradient(0, 0.18, [(80, 150, 220), (150, 195, 235)])
    c.vgradient(0.18, 0.7, [(215, 140, 85), (195, 115, 70)])
    c.texture(0.18, 0.7, 7)
    for x in np.arange(0.06, 1, 0.16):
        c.rect(x, 0.24, x + 0.06, 0.34, (120, 60, 40))
        c.rect(x + 0.005, 0.245, x + 0.055, 0.335, (60, 45, 40))
    c.rect(0.32, 0.36, 0.68, 0.7, (235, 215, 180))
    c.ellipse(0.5, 0.48, 0.13, 0.1, (45, 35, 35))
    c.rect(0.37, 0.48, 0.63, 0.7, (45, 35, 35))
    c.glow(0.5, 0.62, 0.05, (120, 160, 110), 0.5)
    for x in (0.33, 0.64):
        c.rect(x, 0.38, x + 0.03, 0.7, (245, 235, 215))
    c.vgradient(0.7, 1.0, [(190, 175, 150), (150, 135, 115)])
    for i in range(12):
        x = i / 11
        c.line([(0.5 + (x - 0.5) * 0.5, 0.7), (x * 1.6 - 0.3, 1.0)], (120, 105, 90), 0.002)
    for y in (0.74, 0.79, 0.85, 0.92):
        c.line([(0, y), (1, y)], (120, 105, 90), 0.002)
    c.texture(0.7, 1.0, 12)


def _dolomites(c: _Canvas) -> None:
    c.vgradient(0, 0.5, [(30, 90, 180), (140, 190, 235)])
    c.clouds(5, 0.05, 0.3)
    c.ridge(0.24, 0.08, (245, 245, 250), waves=4, jag=0.04)
    c.ridge(0.3, 0.08, (125, 125, 135), waves=5, jag=0.08)
    c.texture(0.15, 0.6, 14)
    c.ridge(0.42, 0.1, (100, 102, 112), waves=6, jag=0.1)
    c.ridge(0.6, 0.04, (70, 130, 60))
    c.ridge(0.75, 0.03, (90, 160, 70))
    c.texture(0.55, 1.0, 12)
    for _ in range(30):
        x, y = c.rng.uniform(0, 1), c.rng.uniform(0.62, 0.72)
        c.poly([(x - 0.012, y), (x + 0.012, y), (x, y - 0.06)], (25, 60, 35))


def _venice_canal(c: _Canvas) -> None:
    c.vgradient(0, 0.6, [(120, 170, 220), (220, 220, 225)])
    c.rect(0.3, 0.45, 0.7, 0.56, (180, 150, 140))
    c.poly([(0, 0), (0.3, 0.2), (0.38, 0.55), (0, 1)], (205, 120, 110))
    c.poly([(1, 0), (0.7, 0.2), (0.62, 0.55), (1, 1)], (230, 180, 140))
    c.texture(0, 1, 6)
    for side, color in ((0, (90, 40, 40)), (1, (110, 70, 50))):
        for y in np.arange(0.18, 0.6, 0.09):
            for k in range(3):
                x = 0.06 + 0.08 * k if side == 0 else 0.86 - 0.08 * k
                c.rect(x, y, x + 0.03, y + 0.05, color)
    c.vgradient(0.55, 1.0, [(60, 120, 110), (30, 90, 90)])
    for _ in range(120):
        x, y = c.rng.uniform(0.2, 0.8), c.rng.uniform(0.56, 1)
        c.line([(x, y), (x + 0.03, y)], (110, 170, 160), 0.002)
    c.poly([(0.36, 0.78), (0.64, 0.74), (0.62, 0.77), (0.4, 0.8)], (15, 15, 20))
    c.line([(0.6, 0.74), (0.62, 0.6)], (60, 40, 30), 0.003)


def _vineyard(c: _Canvas) -> None:
    c.vgradient(0, 0.35, [(150, 190, 230), (235, 225, 200)])
    c.ridge(0.33, 0.03, (140, 150, 120))
    c.vgradient(0.38, 1.0, [(150, 120, 80), (120, 90, 60)])
    c.texture(0.38, 1.0, 12)
    for i in range(14):
        x = (i + 0.5) / 14
        c.line([(0.5 + (x - 0.5) * 0.3, 0.38), (x * 2.4 - 0.7, 1.05)], (60, 110, 40), 0.025)
    for _ in range(160):
        t = c.rng.uniform(0.1, 1)
        i = int(c.rng.integers(14))
        x = (i + 0.5) / 14
        px = 0.5 + (x - 0.5) * 0.3 + ((x * 2.4 - 0.7) - (0.5 + (x - 0.5) * 0.3)) * t
        c.ellipse(px, 0.38 + 0.67 * t, 0.006 * t + 0.002, 0.01 * t + 0.002, (80, 30, 90))


def _harbour_night(c: _Canvas) -> None:
    c.vgradient(0, 0.55, [(5, 10, 35), (20, 35, 80), (50, 60, 110)])
    for _ in range(150):
        c.ellipse(c.rng.uniform(0, 1), c.rng.uniform(0, 0.4), 0.0008, 0.001, (230, 230, 255))
    c.circle(0.2, 0.12, 0.03, (240, 240, 220))
    for i in range(12):
        x, width = i / 12, 1 / 12
        top = 0.35 + c.rng.uniform(-0.08, 0.05)
        c.rect(x, top, x + width, 0.6, (30, 30, 45))
        for wy in np.arange(top + 0.02, 0.58, 0.04):
            if c.rng.uniform() < 0.6:
                c.rect(x + 0.02, wy, x + 0.035, wy + 0.02, (255, 200, 90))
    c.vgradient(0.6, 1.0, [(15, 20, 45), (5, 5, 20)])
    for _ in range(90):
        x, y = c.rng.uniform(0, 1), c.rng.uniform(0.61, 1)
        c.line([(x, y), (x + 0.02, y)], (200, 160, 80), 0.002)
    c.texture(0, 1, 5)


_PAINTERS: dict[str, Painter] = {
    "seaside": _seaside,
    "tuscan_hills": _tuscan_hills,
    "cinque_terre": _cinque_terre,
    "lemon_grove": _lemon_grove,
    "sunset": _sunset,
    "piazza": _piazza,
    "dolomites": _dolomites,
    "venice_canal": _venice_canal,
    "vineyard": _vineyard,
    "harbour_night": _harbour_night,
}

#: Every scene `generate_photo` paints, each with its own colours and layout.
SCENES: tuple[str, ...] = tuple(_PAINTERS)


def generate_photo(scene: str, width: int, height: int, *, seed: int = 0) -> Image.Image:
    """Paint `scene` as an RGB photo of `width`×`height`; the same seed gives the same pixels."""
    if scene not in _PAINTERS:
        raise ValueError(f"unknown scene {scene!r}; choose from {', '.join(SCENES)}")
    if width < 1 or height < 1:
        raise ValueError("width and height must be positive")
    rng = np.random.default_rng([seed, zlib.crc32(scene.encode())])
    scale = min(1.0, _PAINT_LONG_SIDE / max(width, height))
    canvas = _Canvas(max(8, round(width * scale)), max(8, round(height * scale)), rng)
    _PAINTERS[scene](canvas)
    pixels: np.ndarray = canvas.px
    if (canvas.w, canvas.h) != (width, height):
        interpolation = cv2.INTER_CUBIC if scale < 1 else cv2.INTER_AREA
        pixels = cv2.resize(pixels, (width, height), interpolation=interpolation)
    pixels = _add_grain(pixels, rng)
    return Image.fromarray(pixels, "RGB")


def _add_grain(pixels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    # Fine per-pixel grain like a phone sensor's; a tiled noise patch (odd
    # size, so it does not line up with JPEG blocks) keeps this cheap.
    tile = rng.integers(-6, 7, size=(251, 257, 1), dtype=np.int16).astype(np.uint8)
    reps = (-(-pixels.shape[0] // 251), -(-pixels.shape[1] // 257), 3)
    noise = np.tile(tile, reps)[: pixels.shape[0], : pixels.shape[1]]
    # uint8 wrap-around arithmetic plus a saturating cv2.add would be wrong for
    # negative values, so add in int16 on the small-range grain instead.
    out = pixels.astype(np.int16)
    out += noise.view(np.int8)
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8)
