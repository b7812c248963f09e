"""Text layout: title, subtitle, chapter cards and captions never cover each other or a face."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.factories.faces import photo_with_face
from tests.render.conftest import Decoded

from diapo.draft import Story, build_slideshow
from diapo.draft.media import MediaRef, Place, Subject
from diapo.draft.model import Draft, TextTrack
from diapo.render import render
from diapo.render.compose import Compositor
from diapo.render.layout import Placement, Rect, TextBlock, lay_out, overlap_area
from diapo.render.pipeline import path_resolver
from diapo.render.plan import make_plan
from diapo.render.text import POSITIONS, Role, TextStyle, render_text_sprite

FLORENCE = Place("Firenze", "Toscana", "IT")


def _together(a: tuple[TextBlock, Placement], b: tuple[TextBlock, Placement]) -> bool:
    """Whether two placed texts are on screen at the same moment."""
    return a[1].start_ms < b[0].end_ms and b[1].start_ms < a[0].end_ms


_WORDS = ["Firenze", "12 agosto", "Buon compleanno", "nonna", "al mare", "Estate", "con gli amici"]
_CANVASES = [(640, 360), (360, 640), (480, 480)]


@st.composite
def _blocks(draw: st.DrawFn) -> tuple[list[TextBlock], int, int]:
    w, h = draw(st.sampled_from(_CANVASES))
    count = draw(st.integers(1, 4))
    blocks = []
    for k in range(count):
        role: Role = draw(st.sampled_from(["title", "subtitle", "caption"]))
        text = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4)))
        auto = draw(st.booleans())
        position = None if auto else draw(st.sampled_from(POSITIONS))
        start = draw(st.integers(0, 4000))
        faces: list[Rect] = []
        for _ in range(draw(st.integers(0, 2))):
            fw, fh = draw(st.floats(0.05, 0.2)), draw(st.floats(0.05, 0.25))
            fx, fy = draw(st.floats(0, 1 - fw)), draw(st.floats(0, 1 - fh))
            faces.append((fx * w, fy * h, (fx + fw) * w, (fy + fh) * h))
        blocks.append(
            TextBlock(
                key=("track", 0, k),
                style=TextStyle(text, role=role, position=position),
                start_ms=start,
                end_ms=start + draw(st.integers(1500, 5000)),
                rank=draw(st.integers(0, 3)),
                avoid=tuple(faces),
                avoids_faces=auto,
                rise=draw(st.sampled_from([0.0, 0.04 * min(w, h)])),
            )
        )
    return blocks, w, h


def _summary(blocks: list[TextBlock], placed: dict[object, Placement]) -> str:
    return "\n".join(
        f"{b.style.text!r} {b.style.role} {b.style.position} {b.start_ms}-{b.end_ms} rank {b.rank}"
        f" faces {b.avoid} rise {b.rise} -> {p.style.position} {p.rect} from {p.start_ms}"
        for b in blocks
        if (p := placed[b.key])
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_blocks())
def test_texts_on_screen_together_never_overlap(case: tuple[list[TextBlock], int, int]) -> None:
    blocks, w, h = case
    placed = lay_out(blocks, w, h)
    pairs = [(b, placed[b.key]) for b in blocks]
    for a, b in itertools.combinations(pairs, 2):
        if _together(a, b):
            assert overlap_area(a[1].rect, b[1].rect) == 0, _summary(blocks, placed)
    for block, place in pairs:
        x0, y0, x1, y1 = place.rect
        assert x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h
        assert block.start_ms <= place.start_ms < block.end_ms


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_blocks())
def test_auto_texts_keep_clear_of_one_face_with_a_margin(
    case: tuple[list[TextBlock], int, int],
) -> None:
    # One face (the most a photo shows in most slideshows) and up to three texts that
    # choose their place (a title, a chapter card, a caption).
    blocks, w, h = case
    face = blocks[0].avoid[:1]
    blocks = [
        TextBlock(b.key, b.style, b.start_ms, b.end_ms, b.rank, face, True, b.rise)
        for b in blocks[:3]
    ]
    placed = lay_out(blocks, w, h)
    margin = 0.03 * min(w, h)
    for b in blocks:
        for fx0, fy0, fx1, fy1 in face:
            grown = (fx0 - margin, fy0 - margin, fx1 + margin, fy1 + margin)
            assert overlap_area(placed[b.key].rect, grown) == 0, (b, placed[b.key])


def test_the_layout_box_is_the_drawn_sprite() -> None:
    block = TextBlock(("track", 0, 0), TextStyle("Buon compleanno nonna"), 0, 3000, rise=10.0)
    place = lay_out([block], 640, 360)[block.key]
    sprite = render_text_sprite(place.style, 640, 360)
    assert (place.x, sprite.width) == (place.rect[0], place.rect[2] - place.rect[0])
    assert sprite.height + 10 == place.rect[3] - place.rect[1]


def _birthday(tmp_path: Path, aspect: str) -> tuple[Draft, Draft]:
    """A titled Italian story whose first photo has a face: with and without its texts."""
    photo = photo_with_face(1600, 1200, (0.5, 0.42), 0.16)
    path = photo.save(tmp_path / "nonna.jpg")
    refs = [
        MediaRef(
            str(path), "photo", 1600, 1200, name="nonna.jpg",
            taken_at=datetime(2025, 8, 12, 10 + k), place=FLORENCE,
            subjects=(Subject(*photo.face),),
        )
        for k in range(2)
    ]  # fmt: skip
    story = Story(chapters="cards", lang="it")
    texts = build_slideshow(
        refs, aspect=aspect, music=None, ken_burns=0, long_side=640, story=story,
        title="Buon compleanno nonna", lang="it", seconds_per_photo=3,
    )  # fmt: skip
    plain = texts.model_copy(
        update={"t": [t for t in texts.t if not isinstance(t, TextTrack)], "story": None}
    )
    return texts, plain


def _layout(draft: Draft) -> tuple[dict[tuple[str, int, int], Placement], list[Rect]]:
    """The texts' places, and the faces on screen under the first text (canvas boxes)."""
    plan = make_plan(draft)
    comp = Compositor(draft, plan, path_resolver())
    try:
        return comp.text_layout(), comp.subjects_during(plan.texts[0])
    finally:
        comp.close()


def test_title_and_chapter_card_in_16_9_land_apart_and_off_the_face(
    tmp_path: Path, read_media: Callable[[Path], Decoded]
) -> None:
    texts, plain = _birthday(tmp_path, "16:9")
    layout, faces = _layout(texts)
    assert faces
    assert len(layout) == 2  # the title and the card "Firenze · 12 agosto", both at 0 s
    (_, title), (card_key, card) = sorted(layout.items())[:2]
    chapter = texts.text_tracks[0].sg[card_key[2]].m
    assert chapter.chapter and "Firenze" in chapter.text
    assert overlap_area(title.rect, card.rect) == 0
    for place, face_box in itertools.product((title, card), faces):
        assert overlap_area(place.rect, face_box) == 0, (place.rect, face_box)
    # The real frames: the text's pixels land inside the boxes the layout gave, each has ink.
    a = read_media(render(texts, tmp_path / "t.mp4").path).frames[45].astype(np.int16)
    b = read_media(render(plain, tmp_path / "p.mp4").path).frames[45].astype(np.int16)
    ink = np.abs(a - b).sum(axis=2) > 60
    inside = np.zeros_like(ink)
    for place in (title, card):
        x0, y0, x1, y1 = (round(v) for v in place.rect)
        inside[y0:y1, x0:x1] = True
        assert ink[y0:y1, x0:x1].sum() > 200
    assert ink[~inside].sum() <= 0.01 * ink.sum()
    # Seen from the side, the ink is two bands with clear rows between: nothing overprinted.
    rows = ink.sum(axis=1) > 3
    bands = [k for k, run in itertools.groupby(rows) if k]
    assert len(bands) == 2
