"""A transition is named in the reply's language, whichever kind it is."""

from __future__ import annotations

import pytest

from diapo.draft.ops_look import SetTransition
from diapo.draft.vocabulary import TRANSITION_NAMES, TRANSITION_TITLES


@pytest.mark.parametrize("kind", TRANSITION_NAMES)
def test_every_transition_is_described_with_its_title_in_each_language(kind: str) -> None:
    for lang in ("it", "en", "zh"):
        said = SetTransition(kind=kind, index=3).describe(lang)
        assert said.endswith(TRANSITION_TITLES[kind][lang])
    if "_" in kind:
        # The draft's own spelling ("wipe_left", "wipe left") never reaches an Italian reply.
        assert kind.replace("_", " ") not in SetTransition(kind=kind).describe("it")
