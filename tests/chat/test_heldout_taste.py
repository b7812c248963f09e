"""The taste held-out set, scored by what each message does to the draft."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from tests.chat.sibling import load_sibling

from diapo.chat import Turn, run_turn
from diapo.draft import Draft
from diapo.draft.model import TextTrack
from diapo.draft.story import suggest_title


def _load(name: str) -> ModuleType:
    return load_sibling(__file__, name, "chat_taste_")


trust = _load("test_heldout_trust")  # the trust set's session: seven media, a title, a caption
taste = _load("heldout_taste")
CASES = taste.CASES


def _texts(draft: Draft) -> list[Any]:
    return [seg.m for t in draft.t if isinstance(t, TextTrack) for seg in t.sg]


def _captions(draft: Draft) -> list[Any]:
    return [s.m.cap for s in draft.main_video.sg if s.m.cap is not None] if draft.main_video else []


def _title(draft: Draft) -> str | None:
    return next((m.text for m in _texts(draft) if m.role == "title"), None)


def _story_flag(draft: Draft, name: str) -> bool:
    story = getattr(draft, "story", None)
    return story is not None and story.chapters != "off" and bool(getattr(story, name))


def _chapters(draft: Draft) -> str:
    story = getattr(draft, "story", None)
    return "off" if story is None else str(story.chapters)


def _check_intent(turn: Turn, intent: tuple[Any, ...], before: Draft, lang: str) -> None:
    kind = intent[0]
    after = turn.draft or before
    names = [op.op for op in turn.ops]
    if kind == "nothing":
        assert turn.draft is None and not turn.export_requested, (names, turn.reply)
        return
    if kind != "keep_best":  # keeping more photos than there are is refused, and rightly
        assert all(r.ok for r in turn.results), [r.error for r in turn.results]
    if kind in ("places", "dates"):
        assert _story_flag(after, kind) is intent[1], (kind, after.story, turn.reply)
    elif kind == "chapters":
        assert _chapters(after) == intent[1], (after.story, turn.reply)
    elif kind == "suggested_title":  # used at once, or offered by name for the user to take
        suggestion = suggest_title(list(trust.corpus.MEDIA), lang)
        changed = _title(after) not in (None, _title(before))
        assert changed or (suggestion and suggestion in turn.reply), (suggestion, turn.reply)
    elif kind == "font":
        fonts = {getattr(m, "font", None) for m in _texts(after) if m.role == "title"}
        assert fonts == {intent[1]}, (fonts, turn.reply)
    elif kind == "animation":  # the texts it names: every text, the title, or the captions
        anims = {getattr(m, "anim", None) for m in _texts(after) + _captions(after)}
        assert intent[1] in anims, (anims, turn.reply)
        assert len(_texts(after)) == len(_texts(before)), ("texts changed", turn.reply)
        assert len(_captions(after)) == len(_captions(before)), ("captions changed", turn.reply)
    elif kind == "preset":
        assert getattr(after.c, "preset", None) == intent[1], (after.c.preset, names, turn.reply)
    elif kind == "cull":
        want = {"blurred": "remove_blurred", "duplicates": "remove_duplicates"}[intent[1]]
        assert want in names, (names, turn.reply)
    elif kind == "keep_best":
        args = [op.args() for op in turn.ops if op.op == "keep_best"]
        assert args and args[0].get("count") == intent[1], (names, args, turn.reply)
    elif kind == "beat":
        args = [op.args() for op in turn.ops if op.op == "set_beat_sync"]
        assert args and args[-1].get("on") is intent[1], (names, args, turn.reply)
    else:  # pragma: no cover - a typo in the set
        raise AssertionError(f"unknown intent {intent}")


def misses() -> list[str]:
    out = []
    for lang, message, intents in CASES:
        try:
            turn = run_turn(message, draft=trust.DRAFT, media=trust.corpus.MEDIA, lang=lang, seed=1)
            for intent in intents:
                _check_intent(turn, intent, trust.DRAFT, lang)
        except Exception as exc:  # a crash is a miss like any other
            out.append(f"{lang}:{message}: {exc}")
    return out


def test_taste_set_covers_three_languages() -> None:
    by_lang = {lang: sum(1 for c in CASES if c[0] == lang) for lang in ("it", "en", "zh")}
    assert len(CASES) >= 60
    assert min(by_lang.values()) >= 18


def test_taste_set_scores_at_least_85_percent() -> None:
    missed = misses()
    score = len(CASES) - len(missed)
    assert score >= 0.85 * len(CASES), f"{score}/{len(CASES)}\n" + "\n".join(missed)


if __name__ == "__main__":  # python tests/chat/test_heldout_taste.py: the score and the misses
    missed = misses()
    print(f"{len(CASES) - len(missed)}/{len(CASES)}")
    print("\n".join(missed))
