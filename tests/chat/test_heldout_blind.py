"""The blind set: phrasings written after the trust fixes, scored as they came."""

from __future__ import annotations

from types import ModuleType

from tests.chat.sibling import load_sibling

from diapo.chat import run_turn


def _load(name: str) -> ModuleType:
    return load_sibling(__file__, name, "chat_blind_")


trust = _load("test_heldout_trust")  # the same session, draft and checks as the trust set
blind = _load("heldout_blind")
CASES = blind.cases(trust.corpus)


def misses() -> list[str]:
    out = []
    for lang, message, expected, named in CASES:
        try:
            turn = run_turn(message, draft=trust.DRAFT, media=trust.corpus.MEDIA, lang=lang, seed=1)
            trust.check(turn, expected, named)
        except Exception as exc:  # a crash is a miss like any other
            out.append(f"{lang}:{message}: {exc}")
    return out


def test_blind_set_covers_three_languages() -> None:
    by_lang = {lang: sum(1 for c in CASES if c[0] == lang) for lang in ("it", "en", "zh")}
    assert len(CASES) >= 55
    assert min(by_lang.values()) >= 12


def test_blind_set_scores_at_least_90_percent() -> None:
    missed = misses()
    score = len(CASES) - len(missed)
    assert score >= 0.9 * len(CASES), f"{score}/{len(CASES)}\n" + "\n".join(missed)


if __name__ == "__main__":  # python tests/chat/test_heldout_blind.py: the score and the misses
    missed = misses()
    print(f"{len(CASES) - len(missed)}/{len(CASES)}")
    print("\n".join(missed))
