"""Property tests: no message raises on any draft, and a reference past the end changes nothing."""

from __future__ import annotations

import re
from datetime import datetime
from types import ModuleType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.chat.sibling import load_sibling

from diapo.chat import run_turn
from diapo.draft import Draft, MediaRef
from diapo.draft.media import Place
from diapo.draft.ops import AddTitle, MakeSlideshow, SetMusic, SetStory


def _load(name: str) -> ModuleType:
    return load_sibling(__file__, name, "chat_props_")


# Every phrasing of the held-out sets: the lexicons' words as people put them together.
_PHRASES = sorted(
    {
        str(case[1])
        for name in ("heldout_everyday", "heldout_fresh", "heldout_taste")
        for case in getattr(_load(name), "CASES", [])
    }
)
_ODD = ["0", "-1", "1e9", "999999", "2.5", "0.01", "1/2", "十万", "第0张", "photo -3", "foto 16"]
_SEPARATORS = [" ", ", ", " e ", " and ", "，", "; ", " anzi ", " actually no, ", " 然后 "]

_VISUAL = tuple(
    MediaRef(
        f"m{i}",
        "clip" if i % 5 == 4 else "photo",
        4000 if i % 3 else 3000,
        3000 if i % 3 else 4000,
        duration_ms=6000 if i % 5 == 4 else None,
        name=f"IMG_{i:04d}.jpg" if i % 5 != 4 else f"clip_{i}.mp4",
        taken_at=datetime(2024, 7, 1 + i // 4, 9 + i % 4),
        place=Place(name=("Roma", "Napoli")[i % 2], region="", country="IT"),
    )
    for i in range(1, 16)
)
_SONG = MediaRef("a1", "audio", 0, 0, duration_ms=90000, name="song.mp3", bpm=100.0, beat_at=0)


@st.composite
def drafts(draw: st.DrawFn) -> tuple[Draft | None, tuple[MediaRef, ...]]:
    """0-15 photos and clips, with or without music, a title and chapters."""
    n = draw(st.integers(0, 15))
    media = (*_VISUAL[:n], _SONG)
    if n == 0 or (draw(st.booleans()) and n < 3):
        return None, media
    draft = MakeSlideshow(media_ids=[m.id for m in media[:n]]).apply(None, media)
    if draw(st.booleans()):
        draft = SetMusic(music=draw(st.sampled_from(["a1", "lofi"]))).apply(draft, media)
    if draw(st.booleans()):
        draft = AddTitle(text=draw(st.sampled_from(["Estate", "Trip 2024", "旅行"]))).apply(
            draft, media
        )
    if draw(st.booleans()):
        draft = SetStory(places=True, dates=True, chapters="cards").apply(draft, media)
    return draft, media


@st.composite
def messages(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_PHRASES + _ODD), min_size=1, max_size=4))
    out = parts[0]
    for part in parts[1:]:
        out += draw(st.sampled_from(_SEPARATORS)) + part
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session=drafts(), message=messages(), lang=st.sampled_from(["it", "en", "zh"]))
def test_no_message_raises_on_any_draft(
    session: tuple[Draft | None, tuple[MediaRef, ...]], message: str, lang: str
) -> None:
    draft, media = session
    turn = run_turn(message, draft=draft, media=media, lang=lang, seed=3)
    assert turn.reply.strip()
    if turn.draft is not None:
        Draft.parse(turn.draft.to_json())  # what it made is a valid draft
    if turn.not_applied:
        assert not re.match(r"\s*(?:Fatto|Done|已完成)", turn.reply), turn.reply


# A reference to a photo past the end, in each language: (template, the reply's mark).
_BEYOND = {
    "it": ["togli la foto {n}", "sposta la foto {n} all'inizio", "la foto {n} dura 3 secondi",
           "fai un video solo con la foto {n}", "metti una dissolvenza sulla foto {n}",
           "scrivi 'ciao' sulla foto {n}", "dalla 1 alla {n} metti 2 secondi"],
    "en": ["remove photo {n}", "move photo {n} to the start", "photo {n} lasts 3 seconds",
           "make a video with only photo {n}", "put a crossfade on photo {n}",
           "caption photo {n} 'hello'", "photos 1 to {n} at 2 seconds"],
    "zh": ["删掉第{n}张", "把第{n}张放到最前面", "第{n}张停留3秒", "只用第{n}张做视频",
           "第{n}张用溶解转场", "给第{n}张加字幕「你好」", "第1到第{n}张每张2秒"],
}  # fmt: skip
_MARK = {"it": re.compile(r"\bfoto\b"), "en": re.compile(r"\bphoto\b"), "zh": re.compile("第")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    session=drafts(),
    lang=st.sampled_from(["it", "en", "zh"]),
    which=st.integers(0, 6),
    past=st.integers(1, 30),
    zero=st.booleans(),
)
def test_a_reference_past_the_end_is_answered_and_changes_nothing(
    session: tuple[Draft | None, tuple[MediaRef, ...]],
    lang: str,
    which: int,
    past: int,
    zero: bool,
) -> None:
    draft, media = session
    count = len(draft.main_video.sg) if draft is not None and draft.main_video else 0
    if draft is None:
        count = sum(1 for m in media if m.kind != "audio")  # the slideshow it would make
    n = 0 if zero and which == 0 else count + past
    message = _BEYOND[lang][which].format(n=n)
    turn = run_turn(message, draft=draft, media=media, lang=lang, seed=3)
    assert turn.draft is None and not turn.export_requested, (message, turn.reply)
    assert turn.not_applied and not turn.applied, (message, turn.reply)
    if count == 0:  # nothing uploaded: asked to upload first, or told there is no photo
        return
    assert str(n) in turn.reply and _MARK[lang].search(turn.reply), (message, turn.reply)
