"""Text overlays: readable, in the right place, in Italian, English and Chinese."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PIL import ImageFont

from diapo.errors import InvalidDraftError
from diapo.render.text import (
    TextStyle,
    composite,
    font_path,
    needs_cjk_font,
    render_text_sprite,
    safe_area,
    text_box,
    wrap_lines,
)

W, H = 320, 180


def _ink(style: TextStyle, w: int = W, h: int = H) -> np.ndarray:
    """The frame pixels a sprite changes on a mid-grey canvas."""
    frame = np.full((h, w, 3), 128, dtype=np.uint8)
    composite(frame, render_text_sprite(style, w, h), 1.0)
    return np.asarray((frame != 128).any(axis=2))


def test_title_sprite_has_ink_inside_the_canvas() -> None:
    sprite = render_text_sprite(TextStyle("Estate 2024"), W, H)
    assert sprite.alpha.max() == 255
    assert sprite.x >= 0 and sprite.x + sprite.width <= W
    assert sprite.y >= 0 and sprite.y + sprite.height <= H


def test_italian_accents_render_as_distinct_glyphs() -> None:
    with_accents = render_text_sprite(TextStyle("Perché così è: Città di Napoli"), 640, 360)
    assert with_accents.alpha.max() == 255
    # Each accented letter draws something different from its plain letter and from the
    # missing-glyph box.
    font = ImageFont.truetype(font_path("sans", True, False), 40)
    plain = {ch: np.asarray(font.getmask(ch)) for ch in "eaÈ"}
    for accented, base in (("é", "e"), ("è", "e"), ("à", "a"), ("ò", "o"), ("ù", "u")):
        mask = np.asarray(font.getmask(accented))
        assert mask.size and mask.max() > 0
        assert font.getbbox(accented)[1] < font.getbbox(base)[1]  # the accent sits higher
    assert plain["È"].max() > 0
    tofu = np.asarray(font.getmask("\ue000"))  # private use: not in DejaVu
    assert not np.array_equal(np.asarray(font.getmask("è")), tofu)


def test_chinese_uses_the_cjk_font_and_draws_real_glyphs() -> None:
    assert needs_cjk_font("意大利之夏")
    assert not needs_cjk_font("Perché così è")
    cjk = ImageFont.truetype(font_path("sans", False, True), 40)
    tofu = np.asarray(cjk.getmask("\ue000"))
    glyphs = [np.asarray(cjk.getmask(ch)) for ch in "意大利之夏"]
    for glyph in glyphs:
        assert glyph.max() > 0
        assert not np.array_equal(glyph, tofu)
    assert len({g.tobytes() for g in glyphs}) == 5  # all different
    sprite = render_text_sprite(TextStyle("意大利之夏"), W, H)
    assert (sprite.alpha > 128).sum() > 200


def test_outline_darkens_the_edges_of_light_text() -> None:
    frame = np.full((H, W, 3), 128, dtype=np.uint8)
    style = TextStyle("ciao", color="#FFFFFF", outline=0.08, shadow=False)
    composite(frame, render_text_sprite(style, W, H), 1.0)
    assert (frame.max(axis=2) > 240).any()  # the white letters
    assert (frame.max(axis=2) < 30).any()  # the dark outline around them
    frame2 = np.full((H, W, 3), 128, dtype=np.uint8)
    composite(frame2, render_text_sprite(TextStyle("ciao", shadow=False), W, H), 1.0)
    assert not (frame2.max(axis=2) < 30).any()


@pytest.mark.parametrize(("position", "band"), [("top", (0.0, 0.5)), ("bottom", (0.5, 1.0))])
def test_position_puts_text_in_its_band_inside_the_vertical_safe_area(
    position: str, band: tuple[float, float]
) -> None:
    w, h = 270, 480  # 9:16
    ink = _ink(TextStyle("Ciao a tutti", role="subtitle", position=position), w, h)  # type: ignore[arg-type]
    ys, xs = np.nonzero(ink)
    assert band[0] * h <= ys.min() and ys.max() <= band[1] * h
    left, top, right, bottom = safe_area(w, h)
    assert (left, top, right, bottom) == (
        round(w * 0.05),
        round(h * 0.12),
        round(w * 0.95),
        round(h * 0.8),
    )
    assert ys.min() >= top and ys.max() < bottom
    assert xs.min() >= left and xs.max() < right


def test_safe_area_on_1080x1920_keeps_clear_of_the_app_interface() -> None:
    style = TextStyle("Una giornata al mare", role="caption", position="bottom")
    sprite = render_text_sprite(style, 1080, 1920)
    assert sprite.y >= 0.12 * 1920
    assert sprite.y + sprite.height <= 0.80 * 1920
    assert sprite.x >= 54 and sprite.x + sprite.width <= 1026


def test_opacity_zero_leaves_the_frame_unchanged() -> None:
    frame = np.random.default_rng(0).integers(0, 256, (H, W, 3), dtype=np.uint8)
    before = frame.copy()
    composite(frame, render_text_sprite(TextStyle("Fine", outline=0.05), W, H), 0.0)
    np.testing.assert_array_equal(frame, before)


def test_opacity_one_changes_only_the_text_region() -> None:
    frame = np.full((H, W, 3), 40, dtype=np.uint8)
    sprite = render_text_sprite(TextStyle("Fine"), W, H)
    composite(frame, sprite, 1.0)
    changed = (frame != 40).any(axis=2)
    assert changed.sum() > 100
    ys, xs = np.nonzero(changed)
    assert ys.min() >= sprite.y and ys.max() < sprite.y + sprite.height
    assert xs.min() >= sprite.x and xs.max() < sprite.x + sprite.width


def test_half_opacity_is_between_nothing_and_full() -> None:
    sprite = render_text_sprite(TextStyle("Fine", shadow=False), W, H)
    full = np.full((H, W, 3), 0, dtype=np.uint8)
    half = full.copy()
    composite(full, sprite, 1.0)
    composite(half, sprite, 0.5)
    assert full.max() >= 250
    assert 110 <= half.max() <= 140


def test_white_text_on_white_never_overflows() -> None:
    sprite = render_text_sprite(TextStyle("Bianco", shadow=False), W, H)
    for opacity in (1.0, 0.7, 0.33):
        frame = np.full((H, W, 3), 255, dtype=np.uint8)
        composite(frame, sprite, opacity)
        assert frame.min() >= 252  # within fixed-point rounding, never wrapped to black


def test_long_text_wraps_into_lines_within_the_max_width() -> None:
    text = "Una lunga giornata di sole passata tra le strade di Napoli con gli amici di sempre"
    style = TextStyle(text, role="subtitle", max_width=0.6)
    sprite = render_text_sprite(style, W, H)
    assert sprite.width <= 0.6 * W + 2
    single_line = render_text_sprite(TextStyle("Napoli", role="subtitle"), W, H)
    assert sprite.height > 2.0 * single_line.height  # three lines (two would be ~1.6x)


def test_chinese_wraps_per_character() -> None:
    font = ImageFont.truetype(font_path("sans", False, True), 20)
    lines = wrap_lines("意大利之夏阳光灿烂，我们去海边", font, 100)
    assert len(lines) >= 3
    assert all(font.getlength(line) <= 100 for line in lines)
    assert not any(line.startswith("，") for line in lines)
    assert "".join(lines) == "意大利之夏阳光灿烂，我们去海边"


LONG_ITALIAN_TITLES = [
    "Le nostre vacanze in Sardegna con i nonni, gli zii e tutti i cugini di Milano",
    "Estate 2025: una settimana indimenticabile sulle Dolomiti con la famiglia Rossi",
    "Buon compleanno nonna Giuseppina, ottant'anni di sorrisi",
]


@pytest.mark.parametrize("title", LONG_ITALIAN_TITLES)
@pytest.mark.parametrize(("w", "h"), [(1080, 1920), (1920, 1080), (1080, 1080)])
def test_a_long_title_takes_at_most_three_lines_using_the_width(title: str, w: int, h: int) -> None:
    box = text_box(TextStyle(title), w, h)
    left, _, right, _ = safe_area(w, h)
    assert len(box.lines) <= 3, box.lines
    assert max(box.widths) >= 0.6 * (right - left), box
    assert all(width <= right - left for width in box.widths)
    assert " ".join(box.lines) == title


def test_chinese_never_splits_a_word() -> None:
    font = ImageFont.truetype(font_path("sans", False, True), 20)
    text = "我们一起度过的美好回忆和快乐时光"
    for width in range(40, 200, 7):
        lines = wrap_lines(text, font, width)
        assert "".join(lines) == text
        for a, b in itertools.pairwise(lines):
            # 回忆 (memory), 快乐 (happy), 时光 (time) each stay on one line.
            assert not (a.endswith("回") and b.startswith("忆")), lines
            assert not (a.endswith("快") and b.startswith("乐")), lines
            assert not (a.endswith("时") and b.startswith("光")), lines


def test_invalid_styles_are_rejected() -> None:
    with pytest.raises(InvalidDraftError):
        TextStyle("x", color="red")
    with pytest.raises(InvalidDraftError):
        TextStyle("x", position="middle")  # type: ignore[arg-type]
    with pytest.raises(InvalidDraftError):
        render_text_sprite(TextStyle("   "), W, H)


def test_auto_title_leaves_a_face_in_the_centre() -> None:
    from diapo.render.text import place_text

    face = (0.4 * W, 0.3 * H, 0.6 * W, 0.7 * H)  # a face right where a title would go
    sprite, position = place_text(TextStyle("Estate 2024"), W, H, [face])
    assert position != "center"
    assert sprite.y + sprite.height <= face[1] or sprite.y >= face[3]


def test_auto_text_keeps_its_role_place_when_no_face_is_there() -> None:
    from diapo.render.text import place_text

    top_face = (0.4 * W, 0.05 * H, 0.6 * W, 0.3 * H)
    assert place_text(TextStyle("Estate"), W, H, [top_face])[1] == "center"
    assert place_text(TextStyle("Roma", role="caption"), W, H, [])[1] == "bottom"
    low_face = (0.3 * W, 0.6 * H, 0.7 * W, 0.95 * H)
    assert place_text(TextStyle("Roma", role="caption"), W, H, [low_face])[1] == "top"


def test_every_bundled_font_is_documented_with_its_licence() -> None:
    from importlib import resources

    fonts = resources.files("diapo.render").joinpath("fonts")
    readme = fonts.joinpath("README.md").read_text(encoding="utf-8")
    names = [p.name for p in fonts.iterdir() if p.name.endswith((".ttf", ".otf"))]
    assert "InterDisplay-SemiBold.otf" in names
    for name in names:
        assert f"`{name}`" in readme, name
    assert "SIL OPEN FONT LICENSE" in fonts.joinpath("LICENSE-Inter-OFL-1.1.txt").read_text()
    assert font_path("sans", True, False).endswith("InterDisplay-SemiBold.otf")
    assert font_path("serif", True, False).endswith("DejaVuSerif-Bold.ttf")
