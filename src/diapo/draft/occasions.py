"""The built-in templates: Italian occasions, each with its own music, pace, type and ending.

Each occasion is written as a few choices (`Occasion`) and made into a
`Template` by `occasion_template`: a draft whose photos are the `{{foto}}`
slot (drawn as four segments, to show the pace and the transitions), whose
music is `{{musica}}` (the occasion's style by default), with a title in the
three languages that names the other fields ("Buon compleanno, {{nome}}!"),
an optional subtitle and a closing card that ends with the music's own
final chord (beat sync on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from diapo.draft.model import Draft, canvas_for
from diapo.draft.templates import Template, TemplateField, Words
from diapo.draft.vocabulary import FontFamily, TextAnimation, TransitionKind

__all__ = ["BUILTIN_TEMPLATES", "OCCASIONS", "Occasion", "builtin_template", "occasion_template"]

_SLOT_SEGMENTS = 4  # how many photos the template's own draft shows
_TITLE_MS = 3500
_CLOSING_MS = 3000


@dataclass(frozen=True, slots=True)
class Occasion:
    """What makes one occasion's video its own."""

    id: str
    name: Words
    description: Words
    music: str  # a built-in style: its tempo and character come with it
    seconds: float  # the pace: seconds a photo (beat sync rounds it to whole bars)
    transition: TransitionKind
    transition_ms: int
    motion: float  # Ken Burns strength (1 is the default builder's)
    font: FontFamily
    anim: TextAnimation
    color: str
    title: Words  # may name {{nome}}, {{luogo}}...
    closing: Words
    subject: str = "nome"  # the field the title is about
    subject_label: Words | None = None  # None: "Nome", "Name", "名字"


def _words(it: str, en: str, zh: str) -> Words:
    return Words(it=it, en=en, zh=zh)


OCCASIONS: tuple[Occasion, ...] = (
    Occasion(
        id="compleanno",
        name=_words("Compleanno", "Birthday", "生日"),
        description=_words(
            "Festa, colori e la banda del paese.",
            "A party: bright colours and the village band.",
            "热闹的派对，明亮的色彩和乐队。",
        ),
        music="festa",
        seconds=2.5,
        transition="zoom",
        transition_ms=400,
        motion=1.2,
        font="sans",
        anim="rise",
        color="#ffffff",
        title=_words(
            "Buon compleanno, {{nome}}!", "Happy birthday, {{nome}}!", "{{nome}}，生日快乐！"
        ),
        closing=_words("Cento di questi giorni!", "Many happy returns!", "岁岁平安！"),
    ),
    Occasion(
        id="matrimonio",
        name=_words("Matrimonio", "Wedding", "婚礼"),
        description=_words(
            "Lento e romantico, con una serenata.",
            "Slow and romantic, with a serenade.",
            "缓慢而浪漫，伴着小夜曲。",
        ),
        music="serenata",
        seconds=4.5,
        transition="crossfade",
        transition_ms=1200,
        motion=0.6,
        font="serif",
        anim="fade",
        color="#f6e7c8",
        title=_words("{{nome}}, sposi", "{{nome}}, just married", "{{nome}}，新婚快乐"),
        closing=_words("Per sempre insieme", "Together forever", "永结同心"),
        subject_label=_words("Gli sposi", "The couple", "新人"),
    ),
    Occasion(
        id="laurea",
        name=_words("Laurea", "Graduation", "毕业"),
        description=_words(
            "Solenne, come una colonna sonora.",
            "Grand, like a film score.",
            "隆重，如同电影配乐。",
        ),
        music="cinema",
        seconds=3.5,
        transition="wipe_right",
        transition_ms=700,
        motion=1.0,
        font="sans",
        anim="rise",
        color="#ffffff",
        title=_words(
            "Congratulazioni, {{nome}}!", "Congratulations, {{nome}}!", "恭喜{{nome}}毕业！"
        ),
        closing=_words("Ad maiora!", "Onwards and upwards!", "前程似锦！"),
    ),
    Occasion(
        id="battesimo",
        name=_words("Battesimo", "Christening", "洗礼"),
        description=_words(
            "Dolce e leggero, un valzer di mandolino.",
            "Gentle and light, a mandolin waltz.",
            "温柔轻快的曼陀林华尔兹。",
        ),
        music="mandolino",
        seconds=4.0,
        transition="fade_white",
        transition_ms=900,
        motion=0.7,
        font="serif",
        anim="fade",
        color="#ffffff",
        title=_words("Il battesimo di {{nome}}", "{{nome}}'s christening", "{{nome}}的洗礼"),
        closing=_words("Che la gioia ti accompagni", "May joy go with you", "愿喜乐常伴"),
    ),
    Occasion(
        id="viaggio",
        name=_words("Viaggio", "Trip", "旅行"),
        description=_words(
            "Un diario di viaggio a ritmo di tarantella.",
            "A travel diary to a tarantella.",
            "伴着塔兰泰拉的旅行日记。",
        ),
        music="tarantella",
        seconds=3.0,
        transition="slide_left",
        transition_ms=500,
        motion=1.2,
        font="sans",
        anim="typewriter",
        color="#ffffff",
        title=_words(
            "Diario di viaggio: {{luogo}}", "Travel diary: {{luogo}}", "{{luogo}}旅行日记"
        ),
        closing=_words("Alla prossima avventura", "Until the next adventure", "下一站见"),
        subject="luogo",
        subject_label=_words("Luogo", "Place", "地点"),
    ),
    Occasion(
        id="natale",
        name=_words("Natale", "Christmas", "圣诞"),
        description=_words(
            "Caldo e raccolto, come una sera d'inverno.",
            "Warm and cosy, like a winter evening.",
            "温暖惬意，如同冬夜。",
        ),
        music="lofi",
        seconds=3.5,
        transition="fade_black",
        transition_ms=800,
        motion=0.8,
        font="serif",
        anim="rise",
        color="#fff4e0",
        title=_words(
            "Buon Natale da {{nome}}", "Merry Christmas from {{nome}}", "{{nome}}祝您圣诞快乐"
        ),
        closing=_words("Buone feste!", "Happy holidays!", "节日快乐！"),
        subject_label=_words("Da parte di", "From", "来自"),
    ),
    Occasion(
        id="mare",
        name=_words("Estate al mare", "Summer by the sea", "海边的夏天"),
        description=_words(
            "Sole e bossa nova, ritmo veloce.",
            "Sun and bossa nova, a quick pace.",
            "阳光与波萨诺瓦，节奏轻快。",
        ),
        music="lounge",
        seconds=2.5,
        transition="push_left",
        transition_ms=400,
        motion=1.3,
        font="sans",
        anim="rise",
        color="#ffffff",
        title=_words(
            "Estate al mare: {{luogo}}", "Summer by the sea: {{luogo}}", "{{luogo}}的海边夏天"
        ),
        closing=_words("Alla prossima estate", "Until next summer", "明年夏天见"),
        subject="luogo",
        subject_label=_words("Luogo", "Place", "地点"),
    ),
    Occasion(
        id="anniversario",
        name=_words("Anniversario", "Anniversary", "周年纪念"),
        description=_words(
            "Una canzone napoletana per chi si ama.",
            "A Neapolitan song for two in love.",
            "一首献给爱人的那不勒斯情歌。",
        ),
        music="canzone",
        seconds=4.0,
        transition="crossfade",
        transition_ms=1000,
        motion=0.8,
        font="serif",
        anim="fade",
        color="#ffe9e0",
        title=_words(
            "Buon anniversario, {{nome}}!", "Happy anniversary, {{nome}}!", "{{nome}}，周年快乐！"
        ),
        closing=_words("Ancora tanti anni insieme", "Many more years together", "白头偕老"),
        subject_label=_words("Per chi", "For", "献给"),
    ),
)


def occasion_template(o: Occasion) -> Template:
    """The template of one occasion."""
    canvas = canvas_for("16:9")
    photo_ms = round(o.seconds * 1000)
    kb = {"on": o.motion > 0, "z0": 1.0, "z1": round(1.0 + 0.12 * o.motion, 3)}
    slot: list[dict[str, Any]] = [
        {
            "d": photo_ms,
            "m": {
                "src": "{{foto}}",
                "kb": kb,
                "tr": None if i == 0 else {"k": o.transition, "d": o.transition_ms},
            },
        }
        for i in range(_SLOT_SEGMENTS)
    ]
    total = _SLOT_SEGMENTS * photo_ms - (_SLOT_SEGMENTS - 1) * o.transition_ms
    look = {"font": o.font, "anim": o.anim, "color": o.color}
    texts: list[dict[str, Any]] = [
        {"d": _TITLE_MS, "m": {"text": "{{titolo}}", "role": "title", "pos": "auto", **look}},
        {
            "d": _TITLE_MS,
            "m": {"text": "{{data}}", "role": "subtitle", "pos": "bottom", **look},
        },
        {
            "d": _CLOSING_MS,
            "m": {
                "text": "{{dedica}}",
                "role": "title",
                "pos": "center",
                "at": total - _CLOSING_MS,
                **look,
            },
        },
    ]
    music = {
        "d": total,
        "m": {"src": "{{musica}}", "vol": 0.35, "fi": 300, "fo": 2500, "beat_sync": True},
    }
    draft = Draft.parse(
        {
            "c": canvas.model_dump(),
            "t": [{"tt": 0, "sg": slot}, {"tt": 1, "sg": [music]}, {"tt": 7, "sg": texts}],
        }
    )
    fields = [
        TemplateField(
            name=o.subject,
            label=o.subject_label or _words("Nome", "Name", "名字"),
            max_chars=40,
        ),
        TemplateField(
            name="titolo",
            label=_words("Titolo", "Title", "标题"),
            default=o.title,
            required=False,
            max_chars=60,
        ),
        TemplateField(
            name="data",
            label=_words("Data o sottotitolo", "Date or subtitle", "日期或副标题"),
            required=False,
            max_chars=40,
        ),
        TemplateField(
            name="dedica",
            label=_words("Frase finale", "Closing words", "结尾的话"),
            default=o.closing,
            required=False,
            max_chars=60,
        ),
        TemplateField(
            name="foto",
            kind="photos",
            label=_words("Foto e video", "Photos and clips", "照片和视频"),
            min_count=1,
            max_count=200,
        ),
        TemplateField(
            name="musica",
            kind="music",
            label=_words("Musica", "Music", "音乐"),
            default=o.music,
            required=False,
        ),
    ]
    return Template(id=o.id, name=o.name, description=o.description, fields=fields, draft=draft)


BUILTIN_TEMPLATES: dict[str, Template] = {o.id: occasion_template(o) for o in OCCASIONS}


def builtin_template(name: str) -> Template | None:
    """A built-in template by its id or its name in any language ("wedding", "婚礼")."""
    key = name.strip().lower()
    if key in BUILTIN_TEMPLATES:
        return BUILTIN_TEMPLATES[key]
    for o in OCCASIONS:
        if key in {o.name.it.lower(), o.name.en.lower(), o.name.zh}:
            return BUILTIN_TEMPLATES[o.id]
    return None
