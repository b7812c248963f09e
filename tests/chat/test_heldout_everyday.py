"""The everyday held-out set (issue 19): what each message does to the draft, in which language."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.chat.sibling import load_sibling

from diapo.chat import Turn, run_turn
from diapo.draft import Draft
from diapo.draft.media import MediaRef
from diapo.draft.ops import AddTitle, MakeSlideshow, SetCaption


def _load(name: str) -> ModuleType:
    return load_sibling(__file__, name, "chat_everyday_")


fresh = _load("test_heldout_fresh")  # the fresh set's checker and its session
everyday = _load("heldout_everyday")
CASES = everyday.CASES
MEDIA: tuple[MediaRef, ...] = fresh.MEDIA

_NAMES = {
    "m1": "p1.jpg",
    "m2": "p2.jpg",
    "m3": "IMG_0003.jpg",
    "m4": "VID_0004.mp4",
    "m5": "IMG_0005.JPG",
    "m6": "DSC_1234.jpg",
    "m7": "p7.jpeg",
}
FILES_MEDIA = tuple(dataclasses.replace(m, name=_NAMES.get(m.id, m.name)) for m in MEDIA)


def _files_draft() -> Draft:
    draft = MakeSlideshow().apply(None, FILES_MEDIA)
    draft = AddTitle(text="Tanti auguri nonna Maria!").apply(draft, FILES_MEDIA)
    return SetCaption(index=3, text="Che bella giornata").apply(draft, FILES_MEDIA)


SESSIONS: dict[str, tuple[Draft, tuple[MediaRef, ...]]] = {
    "trust": (fresh.BEFORE, MEDIA),
    "files": (_files_draft(), FILES_MEDIA),
    "three": (MakeSlideshow(media_ids=["m1", "m2", "m3"]).apply(None, MEDIA), MEDIA),
    "one": (MakeSlideshow(media_ids=["m1"]).apply(None, MEDIA), MEDIA),
}

MAY_TOUCH: dict[str, set[str]] = {
    **fresh.MAY_TOUCH,
    "only": {"order"} | fresh._TIMED,
    "range_s": fresh._TIMED,
    "tr_longer": fresh._TIMED,
    "unapplied": set(),
}

# --- the reply's language ---------------------------------------------------------
# Words that only one of the languages would put in a reply; the person's own words
# (anything quoted) are left out before looking.

_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|「[^」]*」|‘[^’]*’|'[^']*'")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MARKERS = {
    "it": {"fatto", "foto", "quale", "niente", "secondi", "titolo", "della", "non", "ho"},
    "en": {"done", "photo", "which", "nothing", "seconds", "title", "the", "couldn't", "yet"},
}


def reply_language_ok(reply: str, lang: str) -> bool:
    """Whether the reply reads as written in `lang` alone."""
    bare = _QUOTED.sub(" ", reply)
    words = set(re.findall(r"[a-zà-ù']+", bare.casefold()))
    if lang == "zh":
        return bool(_CJK.search(bare)) and not words & (_MARKERS["it"] | _MARKERS["en"])
    other = _MARKERS["en" if lang == "it" else "it"]
    return not _CJK.search(bare) and not words & other


# --- the check -----------------------------------------------------------------------

_DONE_FIRST = re.compile(r"^\s*(Fatto|Done|已完成)")


def _srcs(draft: Draft) -> list[str]:
    return [s.m.src for s in fresh._segs(draft)]


def _check_new(turn: Turn, intent: tuple[Any, ...], after: Draft, before: Draft) -> bool:
    """Check one of this set's own intents; False when it is one of the fresh set's."""
    kind, args = intent[0], intent[1:]
    if kind == "only":
        assert _srcs(after) == list(args), _srcs(after)
    elif kind == "range_s":
        first, last, seconds = args
        was = {s.m.src: s.d for s in fresh._segs(before)}
        for pos, seg in enumerate(fresh._segs(after), 1):
            if first <= pos <= last:
                assert abs(seg.d - seconds * 1000) <= 500, (pos, seg.d)
            else:
                assert seg.d == was[seg.m.src], ("also", pos, was[seg.m.src], seg.d)
    elif kind == "tr_longer":
        was_tr = [s.m.tr.d for s in fresh._segs(before)[1:] if s.m.tr]
        now = [s.m.tr.d if s.m.tr else 0 for s in fresh._segs(after)[1:]]
        assert min(now) > max(was_tr), (was_tr, now)
    elif kind == "unapplied":
        assert str(args[0]).casefold() in turn.reply.casefold(), turn.reply
        assert not _DONE_FIRST.match(turn.reply), turn.reply
    else:
        return False
    return True


def check(turn: Turn, intents: list[tuple[Any, ...]], before: Draft, lang: str) -> None:
    """Raise AssertionError when the turn does not do exactly what the intents ask."""
    names = [op.op for op in turn.ops]
    assert reply_language_ok(turn.reply, lang), ("language", turn.reply)
    kinds = {i[0] for i in intents}
    if kinds == {"ask"}:
        assert turn.draft is None and not turn.export_requested, (names, turn.reply)
        assert not turn.history and turn.kind == "question", (turn.kind, turn.reply)
        return
    if kinds <= {"nothing", "undo", "redo"} or "export" in kinds:
        fresh.check(turn, intents, before)
        return
    assert not turn.history and not turn.export_requested, (names, turn.reply)
    assert all(r.ok for r in turn.results), ([r.error for r in turn.results], turn.reply)
    assert turn.draft is not None, (names, turn.reply)
    for intent in intents:
        try:
            if not _check_new(turn, intent, turn.draft, before):
                fresh._check_intent(turn, intent, turn.draft, before)
        except (AssertionError, IndexError) as exc:  # a photo not there is a miss too
            raise AssertionError(f"{intent}: {exc} {names} {turn.reply!r}") from None
    lost = destructive(turn, intents, before)
    assert lost is None, (lost, names, turn.reply)
    allowed = set().union(*(MAY_TOUCH[k] for k in kinds))
    was, now = fresh._parts(before), fresh._parts(turn.draft)
    changed = [k for k in was if k not in allowed and not fresh._same(k, was[k], now[k])]
    assert not changed, (f"also changed {changed}", names, turn.reply)


# --- destructive misreadings -----------------------------------------------------------

_TEXT_KINDS = {"title", "no_title", "caption", "no_caption"}


def _words(draft: Draft, keep: set[str]) -> list[str]:
    """Every title and text, and the captions of the media in `keep` (a removed photo's
    caption goes with it)."""
    caps = [s.m.cap.text for s in fresh._segs(draft) if s.m.cap and s.m.src in keep]
    return sorted([m.text for m in fresh._texts(draft)] + caps)


def destructive(turn: Turn, intents: list[tuple[Any, ...]], before: Draft) -> str | None:
    """What a turn destroyed that the person did not ask to lose, or None."""
    after = turn.draft
    if after is None:
        return None
    kinds = {i[0] for i in intents}
    both = set(_srcs(after)) & set(_srcs(before))
    if not kinds & _TEXT_KINDS and _words(after, both) != _words(before, both):
        return f"text {_words(before, both)} -> {_words(after, both)}"
    if not kinds & {"only", "removed"} and len(_srcs(after)) * 2 < len(_srcs(before)):
        return f"photos {len(_srcs(before))} -> {len(_srcs(after))}"
    ratio = after.duration_ms() / max(1, before.duration_ms())
    if not kinds & {"total_s", "only", "removed"} and not 0.5 <= ratio <= 2:
        return f"length {before.duration_ms()} -> {after.duration_ms()} ms"
    return None


def run(case: tuple[Any, ...]) -> tuple[Turn, list[tuple[Any, ...]], Draft]:
    lang, message, intents = case[0], case[1], case[2]
    opts: dict[str, str] = case[3] if len(case) > 3 else {}
    draft, media = SESSIONS[opts.get("session", "trust")]
    turn = run_turn(message, draft=draft, media=media, lang=opts.get("lang", lang), seed=1)
    return turn, intents, draft


def misses(lang: str | None = None) -> tuple[list[str], list[str]]:
    """The cases missed and, among them, the destructive ones."""
    out: list[str] = []
    ruin: list[str] = []
    for case in CASES:
        if lang is not None and case[0] != lang:
            continue
        try:
            turn, intents, before = run(case)
        except Exception as exc:  # a crash is a miss like any other
            out.append(f"{case[0]}:{case[1]}: CRASH {exc!r}")
            continue
        try:
            check(turn, intents, before, case[0])
        except AssertionError as exc:
            out.append(f"{case[0]}:{case[1]}: {exc}")
            lost = destructive(turn, intents, before)
            if lost:
                ruin.append(f"{case[0]}:{case[1]}: {lost}")
    return out, ruin


def test_everyday_set_is_large_and_even() -> None:
    by_lang = {lang: sum(1 for c in CASES if c[0] == lang) for lang in ("it", "en", "zh")}
    assert len(CASES) >= 200
    assert len(set(by_lang.values())) == 1, by_lang


def test_everyday_set_is_new() -> None:
    """None of its phrasings is in another chat test file, so none was tuned for."""
    here = Path(__file__).parent
    mine = ("heldout_everyday.py", Path(__file__).name, "test_issue19.py")  # issue19: after
    others = "".join(p.read_text(encoding="utf-8") for p in here.glob("*.py") if p.name not in mine)
    reused = [case[1] for case in CASES if case[1] in others]
    assert not reused, reused


def test_reply_language_check_tells_languages_apart() -> None:
    assert reply_language_ok("Fatto: Titolo «Estate» (in alto).", "it")
    assert not reply_language_ok("Annullo l'ultima modifica. Empty: nothing edited yet.", "it")
    assert reply_language_ok("已完成：标题「Summer」。", "zh")
    assert not reply_language_ok("Done: 标题。", "zh")


# Before any fix: 102/204 (it 33, en 33, zh 36) with this checker's first version,
# 105/204 (it 34, en 34, zh 37) with the final one; after the fixes: 190/204 (it 63,
# en 64, zh 63). The floor leaves two cases of slack for changes merged from elsewhere.
FLOOR = 188


def test_everyday_set_scores_at_least_its_floor_with_nothing_destroyed() -> None:
    missed, ruin = misses()
    score = len(CASES) - len(missed)
    assert score >= FLOOR, f"{score}/{len(CASES)}\n" + "\n".join(missed)
    assert not ruin, ruin


if __name__ == "__main__":  # python tests/chat/test_heldout_everyday.py: the score and the misses
    total, ruined = 0, 0
    for code in ("it", "en", "zh"):
        n = sum(1 for c in CASES if c[0] == code)
        missed, ruin = misses(code)
        total += n - len(missed)
        ruined += len(ruin)
        print(f"{code}: {n - len(missed)}/{n}")
        print("\n".join(f"  {m}" for m in missed))
        print("\n".join(f"  DESTRUCTIVE {m}" for m in ruin))
    print(f"everyday held-out set: {total}/{len(CASES)}, destructive misreadings: {ruined}")
