"""Text overlays: a sprite rendered once per text segment, composited cheaply every frame.

Safe margins (fractions of the canvas) keep text clear of TV overscan and of the app
interface that covers vertical videos:

- every canvas: 5% left and right, 5% top and bottom;
- tall canvases (height / width >= 1.5, e.g. 9:16 Reels, TikTok, Shorts): 12% at the top
  (account name, search) and 20% at the bottom (caption, music ticker, buttons).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from importlib import resources
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from diapo.draft.vocabulary import TEXT_ROLE_SIZES, FontFamily
from diapo.errors import InvalidDraftError
from diapo.render.linebreak import break_lines, is_cjk

__all__ = [
    "POSITIONS",
    "ROLES",
    "FontFamily",
    "Position",
    "Role",
    "Sprite",
    "TextBox",
    "TextStyle",
    "composite",
    "font_path",
    "glyph_count",
    "needs_cjk_font",
    "place_text",
    "render_text_sprite",
    "safe_area",
    "text_box",
    "wrap_lines",
]

Role = Literal["title", "subtitle", "caption"]
Position = Literal[
    "top", "center", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"
]
ROLES: tuple[Role, ...] = ("title", "subtitle", "caption")
POSITIONS: tuple[Position, ...] = (
    "top",
    "center",
    "bottom",
    "top-left",
    "top-right",
    "bottom-left",
    "bottom-right",
)

Image = NDArray[np.uint8]

# Per role: (size as a fraction of the canvas's shorter side, bold, default position).
_ROLE_DEFAULTS: dict[str, tuple[float, bool, Position]] = {
    "title": (TEXT_ROLE_SIZES["title"], True, "center"),
    "subtitle": (TEXT_ROLE_SIZES["subtitle"], False, "bottom"),
    "caption": (TEXT_ROLE_SIZES["caption"], False, "bottom"),
}
_MARGIN = 0.05
_TALL_RATIO = 1.5
_TALL_TOP = 0.12
_TALL_BOTTOM = 0.20
_MAX_LINES = 3  # a title, card or caption in more lines than this is set smaller
_MIN_SCALE = 0.55  # ...but never below this share of its size: past it, more lines
_LINE_SPACING = 0.2  # extra space between lines, as a fraction of the font size
# The soft shadow, in fractions of the font size: a tight core under the letters and a
# wide, faint spread that darkens a bright background behind them (a scrim of sorts).
_SHADOW_OFFSET = 0.035  # down (and half as much to the right)
_SHADOW_BLUR = 0.04  # the core's Gaussian sigma
_SHADOW_OPACITY = 0.5
_SHADOW_SOFT_BLUR = 0.14
_SHADOW_SOFT_GAIN = 2.6  # thin strokes spread thin: the spread is boosted, then capped
_SHADOW_SOFT_OPACITY = 0.6

# Inter (modern sans, the default) in two weights, DejaVu Serif for the classic look.
_FONT_FILES = {
    ("sans", False): "Inter-Medium.otf",
    ("sans", True): "InterDisplay-SemiBold.otf",
    ("serif", False): "DejaVuSerif-Bold.ttf",
    ("serif", True): "DejaVuSerif-Bold.ttf",
}
_CJK_FONT = "WenQuanYiMicroHei-GB2312L1.ttf"
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How one piece of text looks and where it sits.

    `size` is the font size as a fraction of the canvas's shorter side (None: the role's
    default); `outline` is the outline width as a fraction of the font size (0: none);
    `max_width` is the widest a line may be, as a fraction of the canvas width (the safe
    area narrows it further). `bold` None means the role's default.
    """

    text: str
    role: Role = "title"
    position: Position | None = None
    size: float | None = None
    color: str = "#FFFFFF"
    outline: float = 0.0
    outline_color: str = "#000000"
    shadow: bool = True
    bold: bool | None = None
    family: FontFamily = "sans"
    max_width: float = 0.9

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidDraftError(f"Unknown text role {self.role!r}; choose one of {ROLES}.")
        if self.position is not None and self.position not in POSITIONS:
            raise InvalidDraftError(
                f"Unknown text position {self.position!r}; choose one of {POSITIONS}."
            )
        for name in ("color", "outline_color"):
            if not _HEX_COLOR.match(getattr(self, name)):
                raise InvalidDraftError(
                    f"Colours are written #RRGGBB (got {getattr(self, name)!r})."
                )
        if self.size is not None and not (0.005 <= self.size <= 0.5):
            raise InvalidDraftError(f"Text size must be between 0.005 and 0.5 (got {self.size}).")
        if not (0.0 <= self.outline <= 0.3):
            raise InvalidDraftError(
                f"Outline width must be between 0 and 0.3 (got {self.outline})."
            )
        if not (0.1 <= self.max_width <= 1.0):
            raise InvalidDraftError(f"Max width must be between 0.1 and 1 (got {self.max_width}).")

    @property
    def resolved_position(self) -> Position:
        return self.position or _ROLE_DEFAULTS[self.role][2]

    @property
    def resolved_size(self) -> float:
        return self.size if self.size is not None else _ROLE_DEFAULTS[self.role][0]

    @property
    def resolved_bold(self) -> bool:
        return self.bold if self.bold is not None else _ROLE_DEFAULTS[self.role][1]


@dataclass(frozen=True, slots=True, eq=False)
class Sprite:
    """Rendered text: premultiplied RGB and alpha, placed at (x, y) on the canvas.

    `rgb` is (h, w, 3) uint16 premultiplied colour, `inv_alpha` is (h, w, 3) uint16
    holding 256 - alpha (alpha in 0..256), both pre-expanded so compositing is a few
    straight passes. `alpha` is the plain uint8 alpha, for tests and previews.
    """

    x: int
    y: int
    rgb: NDArray[np.uint16]
    inv_alpha: NDArray[np.uint16]
    alpha: Image

    @property
    def width(self) -> int:
        return int(self.alpha.shape[1])

    @property
    def height(self) -> int:
        return int(self.alpha.shape[0])


def safe_area(canvas_w: int, canvas_h: int) -> tuple[int, int, int, int]:
    """The title-safe rectangle (left, top, right, bottom) of a canvas, in pixels."""
    top, bottom = _MARGIN, _MARGIN
    if canvas_h / canvas_w >= _TALL_RATIO:
        top, bottom = _TALL_TOP, _TALL_BOTTOM
    return (
        round(canvas_w * _MARGIN),
        round(canvas_h * top),
        round(canvas_w * (1 - _MARGIN)),
        round(canvas_h * (1 - bottom)),
    )


def needs_cjk_font(text: str) -> bool:
    """True when the text has Chinese (CJK) characters, which Inter and DejaVu lack."""
    return any(is_cjk(ch) for ch in text)


def font_path(family: FontFamily, bold: bool, cjk: bool) -> str:
    """Path of the bundled font file for a family, weight and script."""
    name = _CJK_FONT if cjk else _FONT_FILES[(family, bold)]
    return str(resources.files("diapo.render").joinpath("fonts", name))


@functools.lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def wrap_lines(text: str, font: ImageFont.FreeTypeFont, max_px: float) -> list[str]:
    """Balanced lines no wider than `max_px` (see `diapo.render.linebreak`); newlines kept."""
    return break_lines(text, font.getlength, max_px)


def _rgb(color: str) -> NDArray[np.float32]:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)


def _shadow_extent(style: TextStyle) -> float:
    """How far the shadow reaches beyond the letters, as a fraction of the font size."""
    return _SHADOW_OFFSET + 3 * _SHADOW_SOFT_BLUR if style.shadow else 0.0


def _layout(
    style: TextStyle, canvas_w: int, canvas_h: int, cjk: bool
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The font and balanced lines that fit: at most three lines, shrunk if need be.

    A long text is set smaller rather than in a tall column of short ragged
    lines: the font shrinks until the text takes at most `_MAX_LINES` lines
    (lines the person typed count as they are), down to `_MIN_SCALE` of its size.
    """
    left, _, right, _ = safe_area(canvas_w, canvas_h)
    max_px = min(style.max_width * canvas_w, right - left)
    size = max(6, round(style.resolved_size * min(canvas_w, canvas_h)))
    least = max(6, round(size * _MIN_SCALE))
    typed_lines = style.text.count("\n") + 1
    path = font_path(style.family, style.resolved_bold, cjk)
    for _ in range(12):
        font = _font(path, size)
        lines = wrap_lines(style.text, font, max_px * 0.96)
        widest = max(font.getlength(line) for line in lines)
        # Room for the outline and shadow on both sides, then check the longest line fits.
        pad = size * (style.outline + _shadow_extent(style))
        if widest + 2 * pad > max_px and size > 6:
            size = max(6, int(size * max_px / (widest + 2 * pad) * 0.98))
        elif len(lines) > max(_MAX_LINES, typed_lines) and size > least:
            # Shrink by the share of width the extra lines need, a little at a time.
            size = max(least, min(size - 1, int(size * math.sqrt(_MAX_LINES / len(lines)))))
        else:
            return font, lines, size
    return font, lines, size


@dataclass(frozen=True, slots=True)
class _Geometry:
    """Where every line of a text goes, computed once; any prefix of it is drawn the same."""

    font: ImageFont.FreeTypeFont
    lines: tuple[str, ...]
    origins: tuple[tuple[float, float], ...]  # each line's left baseline in the raster
    raster: tuple[int, int]  # width, height of the drawing surface
    crop: tuple[int, int, int, int]  # x0, y0, x1, y1 of the sprite within the raster
    place: tuple[int, int]  # where the sprite's top-left corner goes on the canvas
    size: int
    stroke: int
    faux_bold: int


@functools.lru_cache(maxsize=64)
def _geometry(style: TextStyle, canvas_w: int, canvas_h: int) -> _Geometry:
    text = style.text
    cjk = needs_cjk_font(text)
    font, lines, size = _layout(style, canvas_w, canvas_h, cjk)
    # Chinese has no bold face in the bundled font: embolden by a thin stroke of itself.
    faux_bold = max(1, round(size * 0.03)) if cjk and style.resolved_bold else 0
    stroke = round(size * style.outline)
    reach = stroke + faux_bold
    shadow = math.ceil(size * _shadow_extent(style))
    pad = reach + shadow + 2
    ascent, descent = font.getmetrics()
    step = round(size * (1 + _LINE_SPACING))
    position = style.resolved_position
    widths = [font.getlength(line) for line in lines]
    block = max(widths)
    origins: list[tuple[float, float]] = []
    for k, width in enumerate(widths):
        if position.endswith("left"):
            x = 0.0
        elif position.endswith("right"):
            x = block - width
        else:
            x = (block - width) / 2
        origins.append((pad + x, pad + ascent + k * step))
    raster = (math.ceil(block) + 2 * pad, ascent + descent + (len(lines) - 1) * step + 2 * pad)
    # The ink's box: each line's glyphs with their outline, then the shadow around it.
    probe = ImageDraw.Draw(PILImage.new("L", (1, 1)))
    boxes = [
        probe.textbbox(o, line, font=font, anchor="ls", stroke_width=reach)
        for o, line in zip(origins, lines, strict=True)
        if line.strip()
    ]
    if not boxes:
        raise InvalidDraftError("The text has no visible characters.")
    ix0, iy0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    ix1, iy1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    rw, rh = raster
    x0, y0 = max(0, math.floor(ix0) - shadow), max(0, math.floor(iy0) - shadow)
    x1, y1 = min(rw, math.ceil(ix1) + shadow + 1), min(rh, math.ceil(iy1) + shadow + 1)
    sw, sh = x1 - x0, y1 - y0

    left, top, right, bottom = safe_area(canvas_w, canvas_h)
    if position.endswith("left"):
        px = left
    elif position.endswith("right"):
        px = right - sw
    else:
        px = (canvas_w - sw) // 2
    if position.startswith("top"):
        py = top
    elif position.startswith("bottom"):
        py = bottom - sh
    else:
        py = (canvas_h - sh) // 2
    # Never outside the canvas, even for text too big for the safe area.
    px = min(max(0, px), max(0, canvas_w - sw))
    py = min(max(0, py), max(0, canvas_h - sh))
    x1, y1 = min(x1, x0 + canvas_w - px), min(y1, y0 + canvas_h - py)
    return _Geometry(
        font, tuple(lines), tuple(origins), raster, (x0, y0, x1, y1), (px, py),
        size, stroke, faux_bold,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class TextBox:
    """A text as laid out: its lines, their widths, the font size, the sprite's canvas box."""

    lines: tuple[str, ...]
    widths: tuple[float, ...]  # each line's advance width, in pixels
    size: int  # the font size in pixels, after any shrinking
    rect: tuple[int, int, int, int]  # x0, y0, x1, y1 of the sprite on the canvas


def text_box(style: TextStyle, canvas_w: int, canvas_h: int) -> TextBox:
    """Where and how `style` is drawn, without drawing it (cheap: the layout is cached)."""
    text = unicodedata.normalize("NFC", style.text)
    g = _geometry(replace(style, text=text), canvas_w, canvas_h)
    x0, y0, x1, y1 = g.crop
    px, py = g.place
    widths = tuple(g.font.getlength(line) for line in g.lines)
    return TextBox(g.lines, widths, g.size, (px, py, px + x1 - x0, py + y1 - y0))


def glyph_count(style: TextStyle, canvas_w: int, canvas_h: int) -> int:
    """How many characters the laid-out text shows (what a typewriter reveals one by one)."""
    text = unicodedata.normalize("NFC", style.text)
    return sum(len(line) for line in _geometry(replace(style, text=text), canvas_w, canvas_h).lines)


def render_text_sprite(
    style: TextStyle, canvas_w: int, canvas_h: int, *, visible: int | None = None
) -> Sprite:
    """Render `style` into a sprite placed inside the canvas's safe area.

    With `visible`, only the first that many characters are drawn, each exactly where
    it is in the whole text (a typewriter's frames); the sprite keeps its place and size.
    """
    text = unicodedata.normalize("NFC", style.text)
    if not text.strip():
        raise InvalidDraftError("Text overlays need some text.")
    g = _geometry(replace(style, text=text), canvas_w, canvas_h)
    shown = list(g.lines)
    if visible is not None:
        left = max(0, visible)
        for k, line in enumerate(g.lines):
            shown[k] = line[:left]
            left = max(0, left - len(line))
    w, h = g.raster

    def mask(stroke_width: int) -> NDArray[np.float32]:
        img = PILImage.new("L", (w, h), 0)
        draw = ImageDraw.Draw(img)
        for origin, line in zip(g.origins, shown, strict=True):
            if line:
                draw.text(
                    origin, line, font=g.font, fill=255, anchor="ls",
                    stroke_width=stroke_width, stroke_fill=255,
                )  # fmt: skip
        return np.asarray(img, dtype=np.float32) / 255.0

    fill = mask(g.faux_bold)
    outer = mask(g.stroke + g.faux_bold) if g.stroke else fill
    fill_rgb, stroke_rgb = _rgb(style.color), _rgb(style.outline_color)
    # Premultiplied: the fill colour where the glyph is, the outline colour in the ring.
    premul = fill[..., None] * fill_rgb
    if g.stroke:
        premul += np.clip(outer - fill, 0, 1)[..., None] * stroke_rgb
    alpha = outer
    if style.shadow:
        alpha = alpha + _soft_shadow(alpha, g.size) * (1 - alpha)
    x0, y0, x1, y1 = g.crop
    alpha, premul = alpha[y0:y1, x0:x1], premul[y0:y1, x0:x1]

    # Alpha rounded up and colour rounded down keep premul + frame*(1 - alpha) <= 255.
    a256 = np.minimum(np.ceil(alpha * 256 - 1e-3), 256).astype(np.uint16)
    rgb = np.floor(premul).astype(np.uint16)
    inv = np.repeat((256 - a256)[..., None], 3, axis=2)
    a8 = np.round(alpha * 255).astype(np.uint8)
    return Sprite(g.place[0], g.place[1], rgb, inv, a8)


def _soft_shadow(alpha: NDArray[np.float32], size: int) -> NDArray[np.float32]:
    """A soft shadow a little below the letters: a tight core and a wide, faint spread.

    It replaces the heavy outline as the default: white text stays readable over a
    bright sky without a drawn ring around each letter.
    """
    dy = max(1, round(size * _SHADOW_OFFSET))
    h, w = alpha.shape
    moved = np.zeros_like(alpha)
    moved[dy:, dy // 2 :] = alpha[: h - dy, : w - dy // 2]
    core = cv2.GaussianBlur(moved, (0, 0), max(0.5, size * _SHADOW_BLUR)) * _SHADOW_OPACITY
    sigma = size * _SHADOW_SOFT_BLUR
    if sigma >= 4 and min(h, w) >= 8:
        # A wide blur loses nothing at half size, and costs a quarter (typewriters redraw).
        half = cv2.resize(moved, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        soft = cv2.resize(cv2.GaussianBlur(half, (0, 0), sigma / 2), (w, h))
    else:
        soft = cv2.GaussianBlur(moved, (0, 0), max(0.8, sigma))
    soft = np.minimum(soft * _SHADOW_SOFT_GAIN, 1.0) * _SHADOW_SOFT_OPACITY
    return np.asarray(1 - (1 - core) * (1 - soft), dtype=np.float32)


def composite(frame: Image, sprite: Sprite, opacity: float = 1.0) -> None:
    """Draw `sprite` onto `frame` (RGB or RGBX, uint8) in place at `opacity` in [0, 1].

    Only the sprite's rectangle is touched; the maths is uint16 fixed point (x/256).
    """
    k = round(min(1.0, max(0.0, opacity)) * 256)
    if k == 0:
        return
    h, w = sprite.alpha.shape
    roi = frame[sprite.y : sprite.y + h, sprite.x : sprite.x + w, :3]
    if roi.shape[:2] != (h, w):
        h, w = roi.shape[:2]
        if h == 0 or w == 0:
            return
    rgb, inv = sprite.rgb[:h, :w], sprite.inv_alpha[:h, :w]
    if k == 256:
        # out = premul + frame * (1 - alpha)
        acc = roi * inv
        acc += 128  # round to nearest; the sprite's rounding keeps the sum <= 255
        acc >>= 8
        acc += rgb
    else:
        # out = k*premul + frame * (1 - k*alpha), with 1 - k*alpha = 256 - (k*(256-inv) >> 8)
        inv_k = 256 - (((256 - inv) * k + 255) >> 8)
        acc = roi * inv_k
        acc += 128
        acc >>= 8
        acc += rgb * k >> 8
    roi[...] = acc


Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in canvas pixels

# "auto" tries the role's own place first, then the others.
_AUTO_ORDER: dict[str, tuple[Position, ...]] = {
    "title": ("center", "bottom", "top"),
    "subtitle": ("bottom", "top", "center"),
    "caption": ("bottom", "top", "center"),
}


def _covered(sprite: Sprite, subjects: list[Rect]) -> float:
    x0, y0 = sprite.x, sprite.y
    x1, y1 = x0 + sprite.width, y0 + sprite.height
    area = 0.0
    for sx0, sy0, sx1, sy1 in subjects:
        area += max(0.0, min(x1, sx1) - max(x0, sx0)) * max(0.0, min(y1, sy1) - max(y0, sy0))
    return area


def place_text(
    style: TextStyle, canvas_w: int, canvas_h: int, subjects: list[Rect]
) -> tuple[Sprite, Position]:
    """The text's sprite at the safe position covering the least subject area.

    `subjects` are the faces (or salient regions) on screen while the text shows, as
    canvas rectangles, one per sampled frame, so a face that stays under a place for
    longer weighs more. The role's own place wins ties; with no subjects it is the one.
    """
    order = _AUTO_ORDER[style.role]
    best: tuple[Sprite, Position] | None = None
    best_area = math.inf
    for position in order:
        sprite = render_text_sprite(replace(style, position=position), canvas_w, canvas_h)
        area = _covered(sprite, subjects) if subjects else 0.0
        if area < best_area - 1.0:  # a pixel less is no reason to move
            best, best_area = (sprite, position), area
        if best_area == 0.0:
            break
    assert best is not None
    return best
