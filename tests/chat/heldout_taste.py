"""A held-out set for the taste features of issue 11, written before they were built.

The phrasings were written by the lead at the start of the session in which the story
(places, dates, chapters, suggested title), typography (font, text animation) and
platform-preset features were built by others, and before any of their code existed.
Each case names the outcome it wants as an intent, not as an op: the checker in
`test_heldout_taste.py` reads the resulting draft, so the set says nothing about how
the features are spelled inside. Culling and beat-sync cases (built a session earlier)
are here too, as a control. A miss is fixed in the chat, never by editing a case.

Intents:
- ("places", True|False), ("dates", True|False): the story's place / date labels
- ("chapters", "cards"|"captions"|"off")
- ("suggested_title",): the title becomes the suggestion from places and dates
- ("font", "sans"|"serif"), ("animation", "fade"|"rise"|"typewriter"|"none")
- ("preset", id): a platform preset, id as in the vocabulary
- ("cull", "blurred"|"duplicates"), ("keep_best", n), ("beat", True|False)
- ("nothing",): no edit at all
"""

from __future__ import annotations

Intent = tuple[object, ...]
Case = tuple[str, str, list[Intent]]

NOTHING: list[Intent] = [("nothing",)]

CASES: list[Case] = [
    # Italian
    ("it", "metti sotto ogni foto il posto dove è stata scattata", [("places", True)]),
    ("it", "vorrei vedere le date delle foto", [("dates", True)]),
    ("it", "aggiungi dei cartelli tra un giorno e l'altro", [("chapters", "cards")]),
    ("it", "dividi il video per città con dei titoletti", [("chapters", "cards")]),
    ("it", "niente capitoli", [("chapters", "off")]),
    ("it", "togli i luoghi, lascia solo le date", [("places", False), ("dates", True)]),
    ("it", "dammi un titolo tu", [("suggested_title",)]),
    ("it", "scegli tu il titolo in base ai posti", [("suggested_title",)]),
    ("it", "usa un font più moderno per il titolo", [("font", "sans")]),
    ("it", "torna al carattere classico con le grazie", [("font", "serif")]),
    ("it", "fai comparire il titolo lettera per lettera", [("animation", "typewriter")]),
    ("it", "il testo deve salire dal basso", [("animation", "rise")]),
    ("it", "fai apparire le scritte in dissolvenza", [("animation", "fade")]),
    ("it", "niente animazioni sul testo", [("animation", "none")]),
    ("it", "preparalo per un reel", [("preset", "instagram-reels")]),
    ("it", "lo devo mandare su whatsapp", [("preset", "whatsapp")]),
    ("it", "formato per le storie di instagram", [("preset", "instagram-stories")]),
    ("it", "adattalo a YouTube Shorts", [("preset", "youtube-shorts")]),
    ("it", "per tiktok per favore", [("preset", "tiktok")]),
    ("it", "lo pubblico su facebook", [("preset", "facebook")]),
    ("it", "elimina le foto sfocate", [("cull", "blurred")]),
    ("it", "via i doppioni", [("cull", "duplicates")]),
    ("it", "lascia solo le 5 foto più belle", [("keep_best", 5)]),
    ("it", "non tagliare a tempo di musica", [("beat", False)]),
    ("it", "non mettere le date", [("dates", False)]),
    # English
    ("en", "show where each photo was taken", [("places", True)]),
    ("en", "put the dates on", [("dates", True)]),
    ("en", "add a card whenever we move to a new town", [("chapters", "cards")]),
    ("en", "chapter titles as captions please", [("chapters", "captions")]),
    ("en", "no chapter cards", [("chapters", "off")]),
    ("en", "drop the dates but keep the places", [("dates", False), ("places", True)]),
    ("en", "come up with a title for me", [("suggested_title",)]),
    ("en", "use a clean sans-serif font", [("font", "sans")]),
    ("en", "switch the title back to serif", [("font", "serif")]),
    ("en", "make the title type itself out", [("animation", "typewriter")]),
    ("en", "slide the captions up", [("animation", "rise")]),
    ("en", "fade the text in", [("animation", "fade")]),
    ("en", "no text animation", [("animation", "none")]),
    ("en", "optimise it for Instagram Reels", [("preset", "instagram-reels")]),
    ("en", "I'm sending it on WhatsApp", [("preset", "whatsapp")]),
    ("en", "format it for YouTube", [("preset", "youtube")]),
    ("en", "TikTok version please", [("preset", "tiktok")]),
    ("en", "get rid of the blurry shots", [("cull", "blurred")]),
    ("en", "delete near-duplicate photos", [("cull", "duplicates")]),
    ("en", "only keep the best 8", [("keep_best", 8)]),
    ("en", "cut on the beat", [("beat", True)]),
    ("en", "stop syncing cuts to the music", [("beat", False)]),
    ("en", "don't add places", NOTHING),
    # Chinese
    ("zh", "显示拍摄地点", [("places", True)]),
    ("zh", "加上日期", [("dates", True)]),
    ("zh", "每换一个城市加一个章节卡片", [("chapters", "cards")]),
    ("zh", "不要章节", [("chapters", "off")]),
    ("zh", "帮我起个标题", [("suggested_title",)]),
    ("zh", "标题用无衬线字体", [("font", "sans")]),
    ("zh", "字幕用打字机效果", [("animation", "typewriter")]),
    ("zh", "文字从下往上升起", [("animation", "rise")]),
    ("zh", "文字淡入", [("animation", "fade")]),
    ("zh", "做成抖音的格式", [("preset", "tiktok")]),
    ("zh", "适合发Instagram Reels", [("preset", "instagram-reels")]),
    ("zh", "我要发到WhatsApp", [("preset", "whatsapp")]),
    ("zh", "删掉模糊的照片", [("cull", "blurred")]),
    ("zh", "只保留最好的6张", [("keep_best", 6)]),
    ("zh", "不要卡点", [("beat", False)]),
    ("zh", "不要加日期", NOTHING),
    ("zh", "适合YouTube Shorts", [("preset", "youtube-shorts")]),
    ("zh", "做成Facebook的格式", [("preset", "facebook")]),
]
