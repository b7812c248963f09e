"""Every phrasing of the corpus turns into the operations it means."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from tests.chat.sibling import load_sibling

from diapo.chat import Turn, run_turn
from diapo.draft.ops import AddTitle, MakeSlideshow, SetCaption


def _load(name: str) -> ModuleType:
    return load_sibling(__file__, name, "chat_")


corpus = _load("corpus")
# The session's slideshow, with a title and a caption on the duomo photo to edit.
DRAFT = SetCaption(index=2, text="Firenze").apply(
    AddTitle(text="Vacanze").apply(
        MakeSlideshow(media_ids=corpus.VISUAL_IDS).apply(None, corpus.MEDIA), corpus.MEDIA
    ),
    corpus.MEDIA,
)


def _check(turn: Turn, expected: Any) -> None:
    got = [(op.op, op.args()) for op in turn.ops]
    if isinstance(expected, str):
        assert turn.kind == expected, (turn.kind, got, turn.reply)
        if expected in ("question", "help", "noop"):
            assert turn.draft is None
        return
    assert [name for name, _ in got] == [name for name, _ in expected], (got, turn.reply)
    for (name, args), (_, want) in zip(got, expected, strict=True):
        for key, value in want.items():
            assert key in args or value is None, (name, key, args)
            assert args.get(key) == value, (name, key, args.get(key), value)
    assert all(r.ok for r in turn.results), [r.error for r in turn.results]


def _id(case: tuple[str, str, Any]) -> str:
    return f"{case[0]}:{case[1]}"


@pytest.mark.parametrize("case", corpus.CASES, ids=_id)
def test_corpus_phrasing_maps_to_its_operations(case: tuple[str, str, Any]) -> None:
    lang, message, expected = case
    _check(run_turn(message, draft=DRAFT, media=corpus.MEDIA, lang=lang, seed=1), expected)


def test_unseen_phrasings_mostly_map_to_their_operations() -> None:
    # Kept out of the lexicon work: a measure of how the rules generalise, not a spec.
    misses = []
    for lang, message, expected in corpus.UNSEEN:
        try:
            _check(run_turn(message, draft=DRAFT, media=corpus.MEDIA, lang=lang, seed=1), expected)
        except AssertionError as exc:
            misses.append(f"{message}: {exc}")
    assert len(misses) <= len(corpus.UNSEEN) * 0.3, misses


def test_corpus_is_large_and_covers_three_languages() -> None:
    by_lang = {lang: sum(1 for c in corpus.CASES if c[0] == lang) for lang in ("it", "en", "zh")}
    assert len(corpus.CASES) >= 180
    assert min(by_lang.values()) >= 50


heldout = _load("heldout")
HELDOUT, RESTORE = heldout.cases(corpus)
# The same session with mare, duomo, tramonto and the gondola clip taken out.
THINNED = MakeSlideshow(media_ids=heldout.thinned(corpus.MEDIA)).apply(DRAFT, corpus.MEDIA)


def _misses() -> list[str]:
    misses = []
    runs = [(case, DRAFT) for case in HELDOUT] + [(case, THINNED) for case in RESTORE]
    for (lang, message, expected), draft in runs:
        try:
            _check(run_turn(message, draft=draft, media=corpus.MEDIA, lang=lang, seed=1), expected)
        except AssertionError as exc:
            misses.append(f"{lang}:{message}: {exc}")
    return misses


def test_heldout_phrasings_pass_at_least_nine_in_ten() -> None:
    total = len(HELDOUT) + len(RESTORE)
    misses = _misses()
    assert total >= 120
    assert len(misses) <= total * 0.1, "\n".join(misses)
