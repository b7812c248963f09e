"""Text animations, fonts and quotes, checked on rendered files read back with PyAV."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from diapo.draft.model import Draft
from diapo.render import render
from diapo.render.plan import make_plan
from diapo.render.text import TextStyle, render_text_sprite

from .conftest import decode

W, H = 320, 180


@pytest.fixture(scope="module")
def dark_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A flat dark photo: every bright pixel of a frame is the title's."""
    path = tmp_path_factory.mktemp("card") / "dark.png"
    Image.fromarray(np.full((360, 640, 3), 30, np.uint8)).save(path)
    return path


def _draft(photo: Path, *, lang: str | None = None, ms: int = 2000, **title: Any) -> Draft:
    meta = {"text": "Estate", "at": 0, "fi": 400, "fo": 0, **title}
    data: dict[str, Any] = {
        "c": {"ar": "16:9", "w": W, "h": H, "fps": 30},
        "end": {"k": "cut"},  # the text alone: no final fade over its last frames
        "t": [
            {"tt": 0, "sg": [{"d": ms, "m": {"src": str(photo), "kb": {"on": False}}}]},
            {"tt": 7, "sg": [{"d": ms, "m": meta}]},
        ],
    }
    if lang:
        data["lang"] = lang
    return Draft.parse(data)


def _ink(frame: np.ndarray) -> np.ndarray:
    """The title's bright pixels (the card is a flat 30 grey)."""
    return np.asarray(frame.max(axis=2) > 140)


def _centroid_y(frame: np.ndarray) -> float:
    light = np.clip(frame.max(axis=2).astype(np.float64) - 40, 0, None)
    return float((light.sum(axis=1) * np.arange(frame.shape[0])).sum() / light.sum())


def _frames(draft: Draft, tmp_path: Path, name: str) -> list[np.ndarray]:
    out = tmp_path / f"{name}.mp4"
    render(draft, out, quality="high")
    return decode(out).frames


def test_rise_moves_the_title_up_into_place(dark_card: Path, tmp_path: Path) -> None:
    frames = _frames(_draft(dark_card, anim="rise"), tmp_path, "rise")
    # The centroid of the light the title adds to the card, however faint it still is.
    seen = [_centroid_y(frame) for frame in frames[2:22]]  # the rise takes 700 ms
    assert seen[0] - seen[-1] > 3  # it travelled up by pixels, not by noise
    assert all(b <= a + 0.3 for a, b in itertools.pairwise(seen))
    assert abs(_centroid_y(frames[40]) - seen[-1]) < 0.5  # and then it stays


def test_fade_ramps_the_title_in_where_it_stands(dark_card: Path, tmp_path: Path) -> None:
    frames = _frames(_draft(dark_card, anim="fade"), tmp_path, "fade")
    region = _ink(frames[30])
    assert region.sum() > 100
    levels = [float(f.max(axis=2)[region].mean()) for f in frames[:16]]
    assert levels[0] < 60  # the first frame: nothing yet
    assert all(b >= a - 2 for a, b in itertools.pairwise(levels))
    assert levels[6] < levels[12] - 40 and levels[15] > 200
    ys = [np.nonzero(_ink(f))[0].mean() for f in frames[8:30:4]]
    assert max(ys) - min(ys) < 1.0  # a fade does not move


def test_typewriter_reveals_the_letters_one_after_another(dark_card: Path, tmp_path: Path) -> None:
    draft = _draft(dark_card, anim="typewriter", text="Estate in Toscana")
    frames = _frames(draft, tmp_path, "typewriter")
    counts = [int(_ink(f).sum()) for f in frames[:40]]
    final = int(_ink(frames[50]).sum())
    assert counts[0] < 0.05 * final
    assert 0.2 * final < counts[15] < 0.8 * final
    assert counts[-1] > 0.95 * final
    grew = sum(b > a + 5 for a, b in itertools.pairwise(counts))
    assert grew >= 8  # many steps, not a fade
    assert all(b >= a - 15 for a, b in itertools.pairwise(counts))
    # The letters appear left to right, each in its final place.
    xs_early = np.nonzero(_ink(frames[8]))[1]
    xs_final = np.nonzero(_ink(frames[50]))[1]
    assert xs_early.min() == pytest.approx(xs_final.min(), abs=2)
    assert xs_early.max() < xs_final.max() - 40


def test_no_animation_shows_the_whole_title_from_the_first_frame(
    dark_card: Path, tmp_path: Path
) -> None:
    frames = _frames(_draft(dark_card, anim="none"), tmp_path, "none")
    first, later = _ink(frames[0]).sum(), _ink(frames[30]).sum()
    assert first > 100 and abs(int(first) - int(later)) < 0.05 * later


def test_the_poster_still_waits_for_the_typewriter_to_finish(dark_card: Path) -> None:
    plan = make_plan(_draft(dark_card, anim="typewriter", text="Estate in Toscana"))
    (item,) = plan.texts
    assert item.revealed(item.shown_ms) == 1.0
    assert item.revealed(item.start_ms + 100) < 0.3
    from diapo.render.stills import poster_frame_index

    assert poster_frame_index(plan) * 1000 / plan.fps >= item.shown_ms


def _still(draft: Draft, tmp_path: Path, name: str) -> np.ndarray:
    out = tmp_path / f"{name}.png"
    render(draft, out)
    return np.asarray(Image.open(out).convert("RGB"))


def test_the_font_choice_changes_the_letters(dark_card: Path, tmp_path: Path) -> None:
    sans = _still(_draft(dark_card, font="sans", anim="none"), tmp_path, "sans")
    serif = _still(_draft(dark_card, font="serif", anim="none"), tmp_path, "serif")
    a, b = _ink(sans), _ink(serif)
    assert a.sum() > 100 and b.sum() > 100
    assert (a ^ b).sum() > 0.3 * max(a.sum(), b.sum())
    sprite_sans = render_text_sprite(TextStyle("Estate", family="sans"), W, H)
    sprite_serif = render_text_sprite(TextStyle("Estate", family="serif"), W, H)
    assert sprite_sans.alpha.shape != sprite_serif.alpha.shape or not np.array_equal(
        sprite_sans.alpha, sprite_serif.alpha
    )


def test_italian_titles_get_typographic_quotes_but_the_draft_keeps_the_typed_text(
    dark_card: Path, tmp_path: Path
) -> None:
    typed = _draft(dark_card, lang="it", anim="none", text='"Ciao" l\'estate')
    printed = _draft(dark_card, anim="none", text="«Ciao» l’estate")
    straight = _draft(dark_card, lang="en", anim="none", text='"Ciao" l\'estate')
    a = _still(typed, tmp_path, "typed")
    b = _still(printed, tmp_path, "printed")
    c = _still(straight, tmp_path, "english")
    np.testing.assert_array_equal(a, b)
    assert (_ink(a) ^ _ink(c)).sum() > 20  # English quotes are other glyphs
    assert typed.text_tracks[0].sg[0].m.text == '"Ciao" l\'estate'


def _captioned(photo: Path, **cap: Any) -> Draft:
    data: dict[str, Any] = {
        "c": {"ar": "16:9", "w": W, "h": H, "fps": 30},
        "end": {"k": "cut"},  # the text alone: no final fade over its last frames
        "t": [
            {
                "tt": 0,
                "sg": [
                    {
                        "d": 2000,
                        "m": {
                            "src": str(photo),
                            "kb": {"on": False},
                            "cap": {"text": "Firenze", "pos": "bottom", **cap},
                        },
                    }
                ],
            }
        ],
    }
    return Draft.parse(data)


def test_a_photo_caption_takes_its_own_animation_and_font(dark_card: Path, tmp_path: Path) -> None:
    # "slide the captions up", "字幕用打字机效果": a photo's caption animates like a title.
    rising = _frames(_captioned(dark_card, anim="rise"), tmp_path, "cap-rise")
    seen = [_centroid_y(frame) for frame in rising[2:22]]
    assert seen[0] - seen[-1] > 2
    still = _frames(_captioned(dark_card, anim="none"), tmp_path, "cap-none")
    assert _ink(still[1]).sum() == _ink(still[30]).sum() > 20  # there at once, whole
    serif = _frames(_captioned(dark_card, font="serif", anim="none"), tmp_path, "cap-serif")
    assert not np.array_equal(_ink(serif[30]), _ink(still[30]))
