"""The chat names formats, resolutions, aspects, transitions and styles as the vocabulary does."""

from __future__ import annotations

import inspect

import pytest

from diapo.chat import handlers_media, handlers_sound, lexicon_en, lexicon_it, lexicon_zh, run_turn
from diapo.chat.numbers import aspect_ratio
from diapo.draft import MediaRef
from diapo.draft.ops import MakeSlideshow
from diapo.draft.vocabulary import ASPECTS, STYLE_ALIASES, TRANSITION_NAMES, find_style

LEXICONS = (lexicon_it, lexicon_en, lexicon_zh)
MEDIA = [MediaRef(f"m{i}", "photo", 4000, 3000, name=f"p{i}.jpg") for i in range(1, 4)]
DRAFT = MakeSlideshow().apply(None, MEDIA)


def test_lexicon_aspects_and_transitions_are_vocabulary_names() -> None:
    for lex in LEXICONS:
        assert set(lex.ASPECTS.values()) <= set(ASPECTS), lex.__name__
        assert set(lex.TRANSITIONS.values()) <= {*TRANSITION_NAMES, "varied"}, lex.__name__


def test_no_lexicon_keeps_its_own_music_style_table() -> None:
    assert not any(hasattr(lex, "MUSIC") for lex in LEXICONS)


def test_handlers_type_no_list_of_formats_or_resolutions() -> None:
    source = inspect.getsource(handlers_sound) + inspect.getsource(handlers_media)
    assert "mp4|mov" not in source and '"2160p"' not in source and "16|9|1|4" not in source


@pytest.mark.parametrize("ratio", ASPECTS)
def test_every_vocabulary_aspect_is_read(ratio: str) -> None:
    assert aspect_ratio(f"metti {ratio}") == ratio
    assert aspect_ratio(f"make it {ratio.replace(':', 'x')}") == ratio


@pytest.mark.parametrize(
    ("alias", "lang"),
    [(a, "it") for a in ("romantica", "valzer", "allegra", "italiana")]
    + [(a, "en") for a in ("romantic", "calm", "party", "mandolin")]
    + [(a, "zh") for a in ("浪漫", "圆舞曲", "欢快")],
)
def test_a_style_word_means_in_the_chat_what_it_means_everywhere(alias: str, lang: str) -> None:
    word = {"it": "musica", "en": "music", "zh": "音乐"}[lang]
    turn = run_turn(f"{word} {alias}", draft=DRAFT, media=MEDIA, lang=lang)
    assert [(op.op, op.args()) for op in turn.ops] == [
        ("set_music", {"music": STYLE_ALIASES.get(alias) or find_style(alias)})
    ]


# What the page sends from a photo's own transition menu (js/i18n.js, cutTransition).
_CUT_PHRASES = {
    "it": "Transizione {name} prima della foto {n}",
    "en": "{name} transition into photo {n}",
    "zh": "第{n}张之前用{name}转场",
}


@pytest.mark.parametrize("lang", ["it", "en", "zh"])
@pytest.mark.parametrize("kind", TRANSITION_NAMES)
def test_the_page_s_per_cut_transition_edit_reaches_that_cut(lang: str, kind: str) -> None:
    from diapo.draft.vocabulary import TRANSITION_TITLES

    message = _CUT_PHRASES[lang].format(name=TRANSITION_TITLES[kind][lang], n=3)
    turn = run_turn(message, draft=DRAFT, media=MEDIA, lang=lang)
    assert [(op.op, op.args().get("kind"), op.args().get("index")) for op in turn.ops] == [
        ("set_transition", kind, 3)
    ], turn.reply
