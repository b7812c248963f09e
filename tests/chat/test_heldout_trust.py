"""The trust set: negations, corrections, ranges and unapplied clauses do what a person expects."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from tests.chat.sibling import load_sibling

from diapo.chat import Turn, run_turn
from diapo.draft.ops import AddTitle, MakeSlideshow, SetCaption


def _load(name: str) -> ModuleType:
    return load_sibling(__file__, name, "chat_")


corpus = _load("corpus")
trust = _load("heldout_trust")
CASES = trust.cases(corpus)
DRAFT = SetCaption(index=2, text="Firenze").apply(
    AddTitle(text="Vacanze").apply(
        MakeSlideshow(media_ids=corpus.VISUAL_IDS).apply(None, corpus.MEDIA), corpus.MEDIA
    ),
    corpus.MEDIA,
)


def check(turn: Turn, expected: Any, named: str | None) -> None:
    """Raise AssertionError when the turn is not what the case expects."""
    got = [(op.op, op.args()) for op in turn.ops]
    if isinstance(expected, str):
        assert turn.kind == expected, (turn.kind, got, turn.reply)
    else:
        assert [n for n, _ in got] == [n for n, _ in expected], (got, turn.reply)
        for (name, args), (_, want) in zip(got, expected, strict=True):
            for key, value in want.items():
                assert args.get(key) == value, (name, key, args.get(key), value, turn.reply)
        assert all(r.ok for r in turn.results), [r.error for r in turn.results]
        if not expected:
            assert turn.draft is None and not turn.export_requested, (got, turn.reply)
    if named is not None:
        assert named.casefold() in turn.reply.casefold(), (named, turn.reply)


def misses() -> list[str]:
    out = []
    for lang, message, expected, named in CASES:
        try:
            turn = run_turn(message, draft=DRAFT, media=corpus.MEDIA, lang=lang, seed=1)
            check(turn, expected, named)
        except Exception as exc:  # a crash is a miss like any other
            out.append(f"{lang}:{message}: {exc}")
    return out


def test_trust_set_is_large_and_covers_three_languages() -> None:
    by_lang = {lang: sum(1 for c in CASES if c[0] == lang) for lang in ("it", "en", "zh")}
    assert len(CASES) >= 110
    assert min(by_lang.values()) >= 25


def test_trust_set_scores_at_least_95_percent() -> None:
    missed = misses()
    score = len(CASES) - len(missed)
    assert score >= 0.95 * len(CASES), f"{score}/{len(CASES)}\n" + "\n".join(missed)


if __name__ == "__main__":  # python tests/chat/test_heldout_trust.py: the score and the misses
    missed = misses()
    print("\n".join(missed))
    print(f"held-out trust set: {len(CASES) - len(missed)}/{len(CASES)}")
