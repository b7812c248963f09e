"""Photos named by their camera file names, which share no meaningful word."""

from __future__ import annotations

import pytest

from diapo.chat import run_turn
from diapo.draft import MediaRef, build_slideshow

NAMES = ["IMG_1234.jpg", "IMG_1235.jpg", "photo.heic", "IMG 3.HEIC", "IMG_1236.jpg"]
MEDIA = [
    MediaRef(id=f"m{i}", kind="photo", width=4032, height=3024, name=n) for i, n in enumerate(NAMES)
]
DRAFT = build_slideshow(MEDIA[:2])


@pytest.mark.parametrize(
    "message,media_id",
    [
        ("Restore IMG_1236.jpg", "m4"),
        ("rimetti photo.heic", "m2"),
        ("put IMG 3.HEIC back", "m3"),
        ("恢复 photo.heic", "m2"),
        ("aggiungi img_1236 alla fine", "m4"),
    ],
)
def test_a_file_left_out_is_put_back_by_its_name(message: str, media_id: str) -> None:
    turn = run_turn(message, draft=DRAFT, media=MEDIA, lang="it")
    assert [r.op for r in turn.results] == ["restore_photo"]
    assert turn.results[0].args["media_id"] == media_id
    assert turn.draft is not None and turn.draft.main_video is not None
    assert media_id in [s.m.src for s in turn.draft.main_video.sg]


def test_a_file_in_the_video_is_moved_by_its_name() -> None:
    turn = run_turn("sposta IMG_1235.jpg all'inizio", draft=DRAFT, media=MEDIA, lang="it")
    assert [(r.op, r.args) for r in turn.results] == [("move_photo", {"index": 2, "to": 1})]
