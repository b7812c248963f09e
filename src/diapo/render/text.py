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

from diapo.errors import InvalidDraftError

__all__ = [
    "POSITIONS",
    "ROLES",
    "FontFamily",
    "Position",
    "Role",
    "Sprite",
    "TextStyle",
    "composite",
    "font_path",
    "needs_cjk_font",
    "place_text",
    "render_text_sprite",
    "safe_area",
    "wrap_lines",
]

Role = Literal["title", "subtitle", "caption"]
Position = Literal[
    "top", "center", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"
]
FontFamily = Literal["sans", "serif"]
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
    "title": (0.085, True, "center"),
    "subtitle": (0.055, False, "bottom"),
    "caption": (0.042, False, "bottom"),
}
_MARGIN = 0.05
_TALL_RATIO = 1.5
_TALL_TOP = 0.12
_TALL_BOTTOM = 0.20
_LINE_SPACING = 0.25  # extra space between lines, as a fraction of the font size
_SHADOW_OFFSET = 0.06  # of the font size, down and to the right
_SHADOW_BLUR = 0.08  # Gaussian sigma, of the font size
_SHADOW_OPACITY = 0.6

_FONT_FILES = {
    ("sans", False): "DejaVuSans.ttf",
    ("sans", True): "DejaVuSans-Bold.ttf",
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


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, CJK punctuation, kana, unified ideographs
        or 0xAC00 <= o <= 0xD7AF  # hangul
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= o <= 0xFE4F  # compatibility forms
        or 0xFF00 <= o <= 0xFFEF  # fullwidth forms
        or 0x20000 <= o <= 0x2FA1F
    )


def needs_cjk_font(text: str) -> bool:
    """True when the text has Chinese (CJK) characters, which DejaVu lacks."""
    return any(_is_cjk(ch) for ch in text)


def font_path(family: FontFamily, bold: bool, cjk: bool) -> str:
    """Path of the bundled font file for a family, weight and script."""
    name = _CJK_FONT if cjk else _FONT_FILES[(family, bold)]
    return str(resources.files("diapo.render").joinpath("fonts", name))


@functools.lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


# Chinese punctuation that must not start a line: it sticks to the character before it.
_NO_LINE_START = set("，。、；：？！）》」』】〉”’…·,.;:?!)")


def _tokens(text: str) -> list[str]:
    """Breakable pieces: Latin words with their trailing space, single CJK characters."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if _is_cjk(ch):
            if word:
                tokens.append(word)
                word = ""
            if ch in _NO_LINE_START and tokens:
                tokens[-1] += ch
            else:
                tokens.append(ch)
        elif ch == " ":
            tokens.append(word + " ")
            word = ""
        elif ch in _NO_LINE_START and not word and tokens and _is_cjk(tokens[-1][-1]):
            tokens[-1] += ch
        else:
            word += ch
    if word:
        tokens.append(word)
    return tokens


def wrap_lines(text: str, font: ImageFont.FreeTypeFont, max_px: float) -> list[str]:
    """Greedy wrap on word boundaries (per character for Chinese); explicit newlines kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if line and font.getlength(candidate.rstrip()) > max_px:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
        lines.append(line.rstrip())
    return lines


def _rgb(color: str) -> NDArray[np.float32]:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)


def _layout(
    style: TextStyle, canvas_w: int, canvas_h: int, cjk: bool
) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The font (shrunk if a single word is too wide) and wrapped lines that fit."""
    left, _, right, _ = safe_area(canvas_w, canvas_h)
    max_px = min(style.max_width * canvas_w, right - left)
    size = max(6, round(style.resolved_size * min(canvas_w, canvas_h)))
    path = font_path(style.family, style.resolved_bold, cjk)
    for _ in range(8):
        font = _font(path, size)
        lines = wrap_lines(style.text, font, max_px * 0.96)
        widest = max(font.getlength(line) for line in lines)
        # Room for the outline and shadow on both sides, then check the longest line fits.
        pad = size * (style.outline + (_SHADOW_OFFSET + 3 * _SHADOW_BLUR if style.shadow else 0))
        if widest + 2 * pad <= max_px or size <= 6:
            return font, lines, size
        size = max(6, int(size * max_px / (widest + 2 * pad) * 0.98))
    return font, lines, size


def render_text_sprite(style: TextStyle, canvas_w: int, canvas_h: int) -> Sprite:
    """Render `style` once into a sprite placed inside the canvas's safe area."""
    text = unicodedata.normalize("NFC", style.text)
    if not text.strip():
        raise InvalidDraftError("Text overlays need some text.")
    cjk = needs_cjk_font(text)
    font, lines, size = _layout(style, canvas_w, canvas_h, cjk)
    # Chinese has no bold face in the bundled font: embolden by a thin stroke of itself.
    faux_bold = max(1, round(size * 0.03)) if cjk and style.resolved_bold else 0
    stroke = round(size * style.outline)
    shadow_dx = round(size * _SHADOW_OFFSET) if style.shadow else 0
    shadow_sigma = size * _SHADOW_BLUR if style.shadow else 0.0
    pad = stroke + faux_bold + shadow_dx + int(3 * shadow_sigma) + 2
    spacing = round(size * _LINE_SPACING)
    position = style.resolved_position
    align = (
        "left" if position.endswith("left") else "right" if position.endswith("right") else "center"
    )
    joined = "\n".join(lines)

    probe = ImageDraw.Draw(PILImage.new("L", (1, 1)))
    bbox = probe.multiline_textbbox(
        (0, 0), joined, font=font, spacing=spacing, align=align, stroke_width=stroke + faux_bold
    )
    bx0, by0 = math.floor(bbox[0]), math.floor(bbox[1])
    w = math.ceil(bbox[2]) - bx0 + 2 * pad
    h = math.ceil(bbox[3]) - by0 + 2 * pad
    origin = (pad - bx0, pad - by0)

    def mask(stroke_width: int) -> NDArray[np.float32]:
        img = PILImage.new("L", (w, h), 0)
        ImageDraw.Draw(img).multiline_text(
            origin,
            joined,
            font=font,
            fill=255,
            spacing=spacing,
            align=align,
            stroke_width=stroke_width,
            stroke_fill=255,
        )
        return np.asarray(img, dtype=np.float32) / 255.0

    fill = mask(faux_bold)
    outer = mask(stroke + faux_bold) if stroke else fill
    fill_rgb, stroke_rgb = _rgb(style.color), _rgb(style.outline_color)
    # Premultiplied: the fill colour where the glyph is, the outline colour in the ring.
    premul = fill[..., None] * fill_rgb + np.clip(outer - fill, 0, 1)[..., None] * stroke_rgb
    alpha = outer
    if style.shadow:
        shadow = np.zeros_like(alpha)
        shadow[shadow_dx:, shadow_dx:] = alpha[: h - shadow_dx, : w - shadow_dx]
        shadow = cv2.GaussianBlur(shadow, (0, 0), max(0.5, shadow_sigma)) * _SHADOW_OPACITY
        # Text over a black shadow: colour unchanged, alpha accumulates.
        alpha = alpha + shadow * (1 - alpha)

    ys, xs = np.nonzero(alpha > 1.0 / 512)
    if len(ys) == 0:
        raise InvalidDraftError("The text has no visible characters.")
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    alpha, premul = alpha[y0:y1, x0:x1], premul[y0:y1, x0:x1]
    sw, sh = x1 - x0, y1 - y0

    left, top, right, bottom = safe_area(canvas_w, canvas_h)
    if align == "left":
        x = left
    elif align == "right":
        x = right - sw
    else:
        x = (canvas_w - sw) // 2
    if position.startswith("top"):
        y = top
    elif position.startswith("bottom"):
        y = bottom - sh
    else:
        y = (canvas_h - sh) // 2
    # Never outside the canvas, even for text too big for the safe area.
    x = min(max(0, x), max(0, canvas_w - sw))
    y = min(max(0, y), max(0, canvas_h - sh))
    alpha, premul = alpha[: canvas_h - y, : canvas_w - x], premul[: canvas_h - y, : canvas_w - x]

    # Alpha rounded up and colour rounded down keep premul + frame*(1 - alpha) <= 255.
    a256 = np.minimum(np.ceil(alpha * 256 - 1e-3), 256).astype(np.uint16)
    rgb = np.floor(premul).astype(np.uint16)
    inv = np.repeat((256 - a256)[..., None], 3, axis=2)
    a8 = np.round(alpha * 255).astype(np.uint8)
    return Sprite(int(x), int(y), rgb, inv, a8)


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
