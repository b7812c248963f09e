"""The fresh held-out set, scored by what each message does to the draft and to nothing else."""

from __future__ import annotations

import statistics
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.chat.sibling import load_sibling

from diapo.chat import Turn, run_turn
from diapo.draft import Draft
from diapo.draft.model import TextMeta, VideoSegment
from diapo.draft.vocabulary import TEXT_ROLE_SIZES


def _load(name: str) -> ModuleType:
    return load_sibling(__file__, name, "chat_fresh_")


trust = _load("test_heldout_trust")  # the trust set's session: seven media, a title, a caption
fresh = _load("heldout_fresh")
CASES = fresh.CASES
LATE = fresh.LATE
BEFORE: Draft = trust.DRAFT
MEDIA = trust.corpus.MEDIA

# The renderer's sizes for a text without its own (fraction of the shorter side).
_DEFAULT_SIZE = TEXT_ROLE_SIZES

# --- reading the draft -------------------------------------------------------


def _segs(draft: Draft) -> list[VideoSegment]:
    return list(draft.main_video.sg) if draft.main_video else []


def _photo_ms(draft: Draft) -> float:
    """The usual photo's length: the median, since the last photo of a beat-synced
    video stretches to the music's last bar."""
    return statistics.median(s.d for s in _segs(draft) if s.m.kind == "photo")


def _texts(draft: Draft) -> list[TextMeta]:
    return [s.m for t in draft.text_tracks for s in t.sg if not s.m.chapter]


def _caption_items(draft: Draft) -> list[Any]:
    """Every caption the person wrote: on a photo, or a caption text on the timeline."""
    caps: list[Any] = [s.m.cap for s in _segs(draft) if s.m.cap and not s.m.cap.chapter]
    return caps + [m for m in _texts(draft) if m.role == "caption"]


def _title(draft: Draft) -> TextMeta | None:
    return next((m for m in _texts(draft) if m.role == "title"), None)


def _family(color: str) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    if min(r, g, b) >= 0xE0:
        return "white"
    if max(r, g, b) <= 0x30:
        return "black"
    if max(r, g, b) - min(r, g, b) <= 0x28:
        return "grey"
    if r >= 0xC0 and g >= 0xA0 and b <= 0x80:
        return "yellow"
    if r >= 0xB0 and g <= 0x60 and b <= 0x60:
        return "red"
    return "other"


def _at(draft: Draft, pos: int) -> VideoSegment:
    segs = _segs(draft)
    return segs[pos - 1] if pos > 0 else segs[pos]


def _kind_is(kind: str, want: str) -> bool:
    return kind.startswith(want[:-1]) if want.endswith("*") else kind == want


# --- what may change ------------------------------------------------------------
# Each part of the draft, read so that moving or removing a photo does not count as
# changing the others: per-photo parts are keyed by media id and compared on the ids
# both drafts hold.


def _parts(draft: Draft) -> dict[str, Any]:
    segs = _segs(draft)
    audio = [s.m.model_dump() for t in draft.audio_tracks for s in t.sg]
    return {
        "canvas": draft.c.model_dump(),
        "fit": {"(draft)": draft.fit, **{s.m.src: s.m.fit for s in segs}},
        "order": [s.m.src for s in segs],
        "timing": {s.m.src: (s.d, s.m.trim) for s in segs},
        "transitions": {s.m.src: s.m.tr for s in segs[1:]},
        "kb": {s.m.src: s.m.kb for s in segs},
        "captions": {s.m.src: s.m.cap for s in segs if not (s.m.cap and s.m.cap.chapter)},
        "texts": [m.model_dump(exclude={"at", "fi", "fo"}) for m in _texts(draft)],
        "music": audio,
        "story": draft.story,
    }


def _same(name: str, a: Any, b: Any) -> bool:
    if isinstance(a, dict) and name not in ("canvas",):
        return all(a[k] == b[k] for k in a.keys() & b.keys())
    if name == "music":  # the music follows the video's length, which it may change
        strip = [{k: v for k, v in m.items() if k != "d"} for m in a]
        return strip == [{k: v for k, v in m.items() if k != "d"} for m in b]
    return bool(a == b)


_TIMED = {"timing", "transitions"}
MAY_TOUCH: dict[str, set[str]] = {
    "aspect": {"canvas", "kb", "fit"},
    "preset": {"canvas", "kb", "fit", "timing", "transitions"},
    "fit": {"fit", "kb"},
    "bg": {"canvas"},
    "photo_s": _TIMED,
    "one_photo_s": _TIMED,
    "total_s": _TIMED,
    "slower": _TIMED,
    "faster": _TIMED,
    "transition": _TIMED,
    "transition_at": _TIMED,
    "transition_ms": _TIMED,
    "no_transitions": _TIMED,
    "music": {"music"} | _TIMED,  # a new song's bars retime a beat-synced video
    "music_off": {"music"},
    "volume": {"music"},
    "fade_out_ms": {"music"},
    "beat": {"music"} | _TIMED,
    "title": {"texts"},
    "no_title": {"texts"},
    "caption": {"captions"},
    "no_caption": {"captions"},
    "text_color": {"texts", "captions"},
    "text_size": {"texts", "captions"},
    "text_pos": {"texts", "captions"},
    "font": {"texts", "captions"},
    "animation": {"texts", "captions"},
    "at": {"order"} | _TIMED,
    "removed": {"order"} | _TIMED,
    "kb": {"kb"},
    "story_lang": {"story"},
    "places": {"story"},
    "dates": {"story"},
}

# --- the check ------------------------------------------------------------------


def _check_intent(
    turn: Turn, intent: tuple[Any, ...], after: Draft, before: Draft = BEFORE
) -> None:
    kind, args = intent[0], intent[1:]
    segs, before_segs = _segs(after), _segs(before)
    if kind == "aspect":
        assert after.c.ar == args[0], after.c.ar
    elif kind == "preset":
        assert after.c.preset == args[0], after.c.preset
    elif kind == "fit":
        assert after.fit == args[0] and all(s.m.fit in (None, args[0]) for s in segs), after.fit
    elif kind == "bg":
        assert _family(after.c.bg) == args[0], after.c.bg
    elif kind == "photo_s":
        assert abs(_photo_ms(after) - args[0] * 1000) <= 500, _photo_ms(after)
    elif kind == "one_photo_s":
        got = _at(after, args[0]).d
        assert abs(got - args[1] * 1000) <= 500, got
        others = [s.d for s in segs if s.m.kind == "photo"]
        assert len(set(others)) > 1, ("every photo changed", others)
    elif kind == "total_s":
        assert abs(after.duration_ms() - args[0] * 1000) <= args[0] * 150, after.duration_ms()
    elif kind in ("slower", "faster"):
        ratio = _photo_ms(after) / _photo_ms(before)
        assert ratio > 1.05 if kind == "slower" else ratio < 0.95, ratio
    elif kind == "transition":
        kinds = {s.m.tr.k if s.m.tr else None for s in segs[1:]}
        assert len(kinds) == 1 and _kind_is(str(kinds.pop()), args[0]), kinds
    elif kind == "transition_at":
        tr = _at(after, args[0]).m.tr
        assert tr is not None and _kind_is(tr.k, args[1]), tr
        old = [s.m.tr for i, s in enumerate(before_segs[1:], 2) if i != args[0]]
        assert old == [s.m.tr for i, s in enumerate(segs[1:], 2) if i != args[0]], "others"
    elif kind == "transition_ms":
        lengths = {s.m.tr.d if s.m.tr else 0 for s in segs[1:]}
        assert all(abs(d - args[0]) <= 100 for d in lengths), lengths
    elif kind == "no_transitions":
        trs = [s.m.tr for s in segs[1:]]
        assert all(tr is None or tr.d == 0 or tr.k == "cut" for tr in trs), trs
    elif kind == "music":
        srcs = [s.m.src for t in after.audio_tracks for s in t.sg]
        assert srcs == [f"music:{args[0]}"], srcs
    elif kind == "music_off":
        assert not any(t.sg for t in after.audio_tracks), after.audio_tracks
    elif kind == "volume":
        vol = after.audio_tracks[0].sg[0].m.vol
        old_vol = before.audio_tracks[0].sg[0].m.vol
        assert vol > old_vol if args[0] == "up" else vol < old_vol, (old_vol, vol)
    elif kind == "fade_out_ms":
        fo = after.audio_tracks[0].sg[0].m.fo
        assert abs(fo - args[0]) <= 100, fo
    elif kind == "beat":
        assert after.audio_tracks[0].sg[0].m.beat_sync is args[0]
    elif kind == "title":
        title = _title(after)
        assert title is not None and title.text == args[0], title
    elif kind == "no_title":
        assert _title(after) is None, _title(after)
    elif kind == "caption":
        cap = _at(after, args[0]).m.cap
        assert cap is not None and cap.text == args[1], cap
    elif kind == "no_caption":
        assert _at(after, args[0]).m.cap is None, _at(after, args[0]).m.cap
    elif kind in ("text_color", "text_size", "text_pos"):
        role, want = args
        items = [_title(after)] if role == "title" else _caption_items(after)
        olds = [_title(before)] if role == "title" else _caption_items(before)
        assert items and None not in items, items
        for item, old in zip(items, olds, strict=True):
            if kind == "text_color":
                assert _family(item.color) == want, item.color
            elif kind == "text_pos":
                assert item.pos == want, item.pos
            else:
                size = item.size or _DEFAULT_SIZE[role]
                was = old.size or _DEFAULT_SIZE[role]
                assert size > was if want == "bigger" else size < was, (was, size)
    elif kind == "font":
        title = _title(after)
        assert title is not None and title.font == args[0], title
    elif kind == "animation":
        anims = {m.anim for m in _texts(after)} | {c.anim for c in _caption_items(after)}
        assert args[0] in anims, anims
    elif kind == "at":
        assert _at(after, args[0]).m.src == args[1], [s.m.src for s in segs]
    elif kind == "removed":
        srcs = [s.m.src for s in segs]
        assert args[0] not in srcs and len(srcs) == len(before_segs) - 1, srcs
    elif kind == "kb":
        kbs = [s.m.kb for s in segs if s.m.kind == "photo"]
        assert all((kb is not None and kb.on) is args[0] for kb in kbs), kbs
    elif kind == "story_lang":
        assert after.story is not None and after.story.lang == args[0], after.story
    elif kind in ("places", "dates"):
        story = after.story
        assert story is not None and story.chapters != "off", story
        assert getattr(story, kind) is args[0], story
    else:  # pragma: no cover - a typo in the set
        raise AssertionError(f"unknown intent {intent}")


def check(turn: Turn, intents: list[tuple[Any, ...]], before: Draft = BEFORE) -> None:
    """Raise AssertionError when the turn does not do exactly what the intents ask."""
    names = [op.op for op in turn.ops]
    kinds = {i[0] for i in intents}
    if kinds == {"nothing"}:
        assert turn.draft is None and not turn.export_requested, (names, turn.reply)
        assert not turn.history and turn.reply.strip(), (names, turn.reply)
        return
    history = [op for op in turn.history]
    if kinds & {"undo", "redo"}:
        want = next(i for i in intents if i[0] in ("undo", "redo"))
        assert [op.op for op in history] == [want[0]], (names, turn.reply)
        steps = want[1] if want[0] == "undo" else 1
        assert getattr(history[0], "steps", 1) == steps, (history, turn.reply)
        assert turn.draft is None, (names, turn.reply)
        return
    assert not history, (names, turn.reply)
    assert all(r.ok for r in turn.results), ([r.error for r in turn.results], turn.reply)
    if "export" in kinds:
        assert turn.export_requested, (names, turn.reply)
        for intent in intents:
            if intent[0] == "output":
                assert turn.output.get(str(intent[1])) == intent[2], (turn.output, turn.reply)
        assert turn.draft is None, (names, turn.reply)  # exporting edits nothing
        return
    assert not turn.export_requested, (names, turn.reply)
    assert turn.draft is not None, (names, turn.reply)
    for intent in intents:
        try:
            _check_intent(turn, intent, turn.draft, before)
        except AssertionError as exc:
            raise AssertionError(f"{intent}: {exc} {names} {turn.reply!r}") from None
    allowed = set().union(*(MAY_TOUCH[k] for k in kinds))
    was, now = _parts(before), _parts(turn.draft)
    changed = [k for k in was if k not in allowed and not _same(k, was[k], now[k])]
    assert not changed, (f"also changed {changed}", names, turn.reply)


def misses(lang: str | None = None, cases: list[Any] | None = None) -> list[str]:
    out = []
    for case_lang, message, intents in CASES if cases is None else cases:
        if lang is not None and case_lang != lang:
            continue
        try:
            turn = run_turn(message, draft=BEFORE, media=MEDIA, lang=case_lang, seed=1)
            check(turn, intents)
        except Exception as exc:  # a crash is a miss like any other
            out.append(f"{case_lang}:{message}: {exc}")
    return out


def test_fresh_set_covers_three_languages() -> None:
    by_lang = {lang: sum(1 for c in CASES if c[0] == lang) for lang in ("it", "en", "zh")}
    assert len(CASES) >= 120
    assert min(by_lang.values()) >= 40


def test_fresh_set_is_new() -> None:
    """None of its phrasings is in another chat test file, so none was tuned for.

    Sets written after it (the everyday set) may hold its phrasings inside longer ones.
    """
    here = Path(__file__).parent
    later = ("heldout_everyday.py", "test_heldout_everyday.py")
    others = "".join(
        p.read_text(encoding="utf-8")
        for p in here.glob("*.py")
        if p.name not in ("heldout_fresh.py", Path(__file__).name, *later)
    )
    reused = [message for _, message, _ in CASES + LATE if message in others]
    assert not reused, reused


def test_fresh_set_scores_at_least_its_floor() -> None:
    missed = misses()
    score = len(CASES) - len(missed)
    assert score >= 0.93 * len(CASES), f"{score}/{len(CASES)}\n" + "\n".join(missed)


def test_second_batch_scores_at_least_its_floor() -> None:
    missed = misses(cases=LATE)
    score = len(LATE) - len(missed)
    assert score >= 0.9 * len(LATE), f"{score}/{len(LATE)}\n" + "\n".join(missed)


if __name__ == "__main__":  # python tests/chat/test_heldout_fresh.py: the score and the misses
    total = 0
    for code in ("it", "en", "zh"):
        n = sum(1 for c in CASES if c[0] == code)
        missed = misses(code)
        total += n - len(missed)
        print(f"{code}: {n - len(missed)}/{n}")
        print("\n".join(f"  {m}" for m in missed))
    print(f"fresh held-out set: {total}/{len(CASES)}")
    late = misses(cases=LATE)
    print("\n".join(f"  {m}" for m in late))
    print(f"second batch: {len(LATE) - len(late)}/{len(LATE)}")
