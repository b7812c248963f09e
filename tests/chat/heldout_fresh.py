"""A fresh held-out set: 132 phrasings written before the chat code was read.

Written for the chat's last pass: 44 phrasings per language covering the whole range a
content creator touches (aspect and platforms, durations per photo and in total, speed
words, transitions by kind, length, cut and none, music by mood, volume, off and fade,
beat sync, titles and captions with the three languages' quotes, their colour, size,
place, font and animation, moving and removing photos by position, Ken Burns, fit,
background colour, the language of dates and places, the story, export and quality,
undo and redo) and the odd cases (nothing to change, impossible positions, mixed
languages, typos, slang, emoji, two edits in one polite sentence, numbers in words).

The session is the trust set's (`test_heldout_trust.DRAFT`): 1 mare_positano,
2 duomo_firenze with the caption "Firenze", 3 tramonto, 4 gondola (a clip),
5 spiaggia_amalfi, 6 pizza_napoli, 7 colosseo_roma; the title "Vacanze"; an uploaded
song cut on its beat; 16:9, Ken Burns on, 0.5 s crossfades, 3.5 s photos.

Each case names the outcome it wants as an intent read on the resulting draft (the
checker is `test_heldout_fresh.py`), never as an op. Besides the intents, the checker
asks that nothing else changed: each intent names the parts of the draft it may touch
and every other part must be as it was ("a request it understands changes exactly what
was asked").

Score as written, on the code as it was (commit 84da5cd), before any fix: 104/132
(it 36/44, en 33/44, zh 35/44). One fix to the checker came before that score: it
compared the per-photo fit of a removed photo (a photo that is gone has no fit to keep).
After general fixes (lexicons, clause joining, handlers; each with a unit test of its
own phrasing in `test_fresh_fixes.py`): 126/132 (it 43/44, en 41/44, zh 42/44). The
items read while fixing are no longer blind; the six misses left are the three
background colours (the renderer shows the canvas colour nowhere, so the chat answers
that and changes nothing: the set's intent is kept as written), two lengths the beat
grid rounds (a last photo asked at 7 s ends with the music at 6 s; 4 s photos on
serenata's 2.1 s bars last 4.3 s; the reply now names the real lengths), and "switch to
something romantic", read as the romantic style (its own music and pace) rather than
romantic music.

Intents (positions are 1-based, -1 is the last):
- ("aspect", ar), ("preset", id), ("fit", "cover"|"contain"), ("bg", colour family)
- ("photo_s", s): photos last s seconds; ("one_photo_s", pos, s); ("total_s", s)
- ("slower",), ("faster",)
- ("transition", kind), ("transition_at", pos, kind): kind may end in "*" (any "wipe_*")
- ("transition_ms", ms), ("no_transitions",)
- ("music", style), ("music_off",), ("volume", "up"|"down"), ("fade_out_ms", ms)
- ("beat", on)
- ("title", text), ("no_title",), ("caption", pos, text), ("no_caption", pos)
- ("text_color", "title"|"caption", family), ("text_size", role, "bigger"|"smaller")
- ("text_pos", role, pos), ("font", "sans"|"serif"), ("animation", kind)
- ("at", pos, media id), ("removed", media id), ("kb", on)
- ("story_lang", lang), ("places", on), ("dates", on)
- ("export",), ("output", "format"|"resolution", value), ("undo", steps), ("redo",)
- ("nothing",): no edit, no export, no history step, and a reply
"""

from __future__ import annotations

Intent = tuple[object, ...]
Case = tuple[str, str, list[Intent]]

NOTHING: list[Intent] = [("nothing",)]

IT: list[Case] = [
    ("it", "mettilo in verticale, è per le storie", [("aspect", "9:16")]),
    ("it", "fammelo quadrato", [("aspect", "1:1")]),
    ("it", "stasera lo carico su TikTok", [("preset", "tiktok")]),
    ("it", "ogni foto deve durare tre secondi", [("photo_s", 3)]),
    ("it", "tieni la seconda foto per 6 secondi", [("one_photo_s", 2, 6)]),
    ("it", "il video deve durare mezzo minuto", [("total_s", 30)]),
    ("it", "un filo più lento, grazie", [("slower",)]),
    ("it", "velocizza un po' il ritmo", [("faster",)]),
    ("it", "tra una foto e l'altra usa la dissolvenza al nero", [("transition", "fade_black")]),
    ("it", "transizioni più lunghe, di un secondo", [("transition_ms", 1000)]),
    ("it", "basta transizioni, voglio stacchi secchi", [("no_transitions",)]),
    ("it", "tra la terza e la quarta metti una tendina", [("transition_at", 4, "wipe_*")]),
    ("it", "vorrei un sottofondo romantico", [("music", "serenata")]),
    ("it", "musica da sagra, allegra!", [("music", "festa")]),
    ("it", "abbassa un pochino la musica", [("volume", "down")]),
    ("it", "lo voglio muto, senza musica", [("music_off",)]),
    ("it", "la musica deve sfumare negli ultimi 4 secondi", [("fade_out_ms", 4000)]),
    ("it", "smetti di seguire il ritmo della canzone", [("beat", False)]),
    ("it", "come titolo scrivi «Estate in Costiera»", [("title", "Estate in Costiera")]),
    ("it", 'cambia il titolo in "Ricordi d\'Italia"', [("title", "Ricordi d'Italia")]),
    ("it", "via il titolo", [("no_title",)]),
    ("it", "sotto la foto del tramonto scrivi 'Che luce!'", [("caption", 3, "Che luce!")]),
    ("it", "togli la scritta dalla seconda foto", [("no_caption", 2)]),
    ("it", "titolo in giallo", [("text_color", "title", "yellow")]),
    ("it", "ingrandisci il titolo", [("text_size", "title", "bigger")]),
    ("it", "sposta il titolo in alto", [("text_pos", "title", "top")]),
    ("it", "per il titolo usa un font serif", [("font", "serif")]),
    ("it", "fai scorrere il titolo dal basso verso l'alto", [("animation", "rise")]),
    ("it", "metti il colosseo all'inizio", [("at", 1, "m7")]),
    ("it", "la terza spostala in fondo", [("at", -1, "m3")]),
    ("it", "elimina l'ultima foto", [("removed", "m7")]),
    ("it", "metti la foto 40 all'inizio", NOTHING),
    ("it", "basta con lo zoom sulle foto", [("kb", False)]),
    ("it", "voglio vedere le foto intere, senza tagliarle", [("fit", "contain")]),
    ("it", "sfondo bianco", [("bg", "white")]),
    ("it", "fammi vedere dove ho scattato e in che giorno", [("places", True), ("dates", True)]),
    ("it", "esportalo in 720p", [("export",), ("output", "resolution", "720p")]),
    ("it", "torna indietro di due passi", [("undo", 2)]),
    ("it", "va benissimo così, non cambiare niente", NOTHING),
    (
        "it",
        "per favore metti tre secondi a foto e una musica più allegra",
        [("photo_s", 3), ("music", "festa")],
    ),
    ("it", "fallo più slow pls 🙏", [("slower",)]),
    ("it", "tolgi la musica", [("music_off",)]),
    ("it", "esporta in alta qualità", [("export",), ("output", "resolution", "1080p")]),
    ("it", "ripristina la modifica che ho annullato", [("redo",)]),
]

EN: list[Case] = [
    ("en", "vertical please, it's going on Stories", [("aspect", "9:16")]),
    ("en", "make it nine by sixteen", [("aspect", "9:16")]),
    ("en", "I'll post it as a YouTube Short", [("preset", "youtube-shorts")]),
    ("en", "three seconds per picture", [("photo_s", 3)]),
    ("en", "let the last photo linger for 7 seconds", [("one_photo_s", -1, 7)]),
    ("en", "cap it at forty seconds total", [("total_s", 40)]),
    ("en", "slow it down a touch", [("slower",)]),
    ("en", "pick up the pace a bit", [("faster",)]),
    ("en", "fade to white between shots", [("transition", "fade_white")]),
    ("en", "shorter transitions, a quarter of a second", [("transition_ms", 250)]),
    ("en", "no transitions at all, hard cuts", [("no_transitions",)]),
    ("en", "use a circle reveal going into the fifth photo", [("transition_at", 5, "circle")]),
    ("en", "something chill for the music", [("music", "lofi")]),
    ("en", "jazzy background music", [("music", "lounge")]),
    ("en", "crank the soundtrack up a little", [("volume", "up")]),
    ("en", "lose the soundtrack", [("music_off",)]),
    ("en", "fade the music out over the last 5 seconds", [("fade_out_ms", 5000)]),
    ("en", "don't sync the cuts to the beat anymore", [("beat", False)]),
    ("en", "title: “Summer in Amalfi”", [("title", "Summer in Amalfi")]),
    ("en", "rename the title to 'Road Trip 2024'", [("title", "Road Trip 2024")]),
    ("en", "remove the title card", [("no_title",)]),
    ("en", 'caption the pizza photo "Best pizza ever"', [("caption", 6, "Best pizza ever")]),
    ("en", "clear the caption on photo 2", [("no_caption", 2)]),
    ("en", "make the title red", [("text_color", "title", "red")]),
    ("en", "smaller captions", [("text_size", "caption", "smaller")]),
    ("en", "move the captions to the top", [("text_pos", "caption", "top")]),
    ("en", "typewriter effect on the title", [("animation", "typewriter")]),
    ("en", "put the Colosseum shot first", [("at", 1, "m7")]),
    ("en", "swap the first and second photos", [("at", 1, "m2"), ("at", 2, "m1")]),
    ("en", "delete the 3rd picture", [("removed", "m3")]),
    ("en", "remove photo 12", NOTHING),
    ("en", "stop the slow zoom on the photos", [("kb", False)]),
    ("en", "fit the whole photo in the frame, no cropping", [("fit", "contain")]),
    ("en", "grey background behind the photos", [("bg", "grey")]),
    ("en", "write the dates in Italian", [("story_lang", "it")]),
    ("en", "show the dates but not the places", [("dates", True), ("places", False)]),
    ("en", "export it as a GIF", [("export",), ("output", "format", "gif")]),
    ("en", "undo that last change", [("undo", 1)]),
    ("en", "looks great, leave it as it is", NOTHING),
    (
        "en",
        "could you please make each photo last 4 seconds and switch to something romantic? thx",
        [("photo_s", 4), ("music", "serenata")],
    ),
    ("en", "remvoe the titel", [("no_title",)]),
    ("en", "pls mettilo in 1:1", [("aspect", "1:1")]),
    ("en", "actually bring that back, redo it", [("redo",)]),
    ("en", "a 480p export is fine", [("export",), ("output", "resolution", "480p")]),
]

ZH: list[Case] = [
    ("zh", "画面改成竖的", [("aspect", "9:16")]),
    ("zh", "帮我把视频弄成1:1的吧谢谢😊", [("aspect", "1:1")]),
    ("zh", "发到YouTube上", [("preset", "youtube")]),
    ("zh", "每张照片三秒", [("photo_s", 3)]),
    ("zh", "第二张停留五秒", [("one_photo_s", 2, 5)]),
    ("zh", "整个视频一分钟", [("total_s", 60)]),
    ("zh", "节奏放慢些", [("slower",)]),
    ("zh", "加快一点速度", [("faster",)]),
    ("zh", "照片之间用黑场过渡", [("transition", "fade_black")]),
    ("zh", "转场时间改成1秒", [("transition_ms", 1000)]),
    ("zh", "去掉所有转场效果", [("no_transitions",)]),
    ("zh", "第三张用缩放转场", [("transition_at", 3, "zoom")]),
    ("zh", "换成欢快的音乐", [("music", "festa")]),
    ("zh", "来点爵士乐", [("music", "lounge")]),
    ("zh", "音乐小声一点", [("volume", "down")]),
    ("zh", "关掉背景音乐", [("music_off",)]),
    ("zh", "音乐最后三秒淡出", [("fade_out_ms", 3000)]),
    ("zh", "切换不要跟着节拍走", [("beat", False)]),
    ("zh", "标题改成「夏日意大利」", [("title", "夏日意大利")]),
    ("zh", "把标题换成“我们的旅行”", [("title", "我们的旅行")]),
    ("zh", "删掉标题", [("no_title",)]),
    ("zh", "给第五张加字幕「阿马尔菲」", [("caption", 5, "阿马尔菲")]),
    ("zh", "去掉第二张的字幕", [("no_caption", 2)]),
    ("zh", "字幕改成黄色", [("text_color", "caption", "yellow")]),
    ("zh", "标题大一点", [("text_size", "title", "bigger")]),
    ("zh", "标题放到底部", [("text_pos", "title", "bottom")]),
    ("zh", "标题换成衬线体", [("font", "serif")]),
    ("zh", "把最后一张放到第一张", [("at", 1, "m7")]),
    ("zh", "第一张和第三张换一下", [("at", 1, "m3"), ("at", 3, "m1")]),
    ("zh", "把第二张删了", [("removed", "m2")]),
    ("zh", "删掉第二十张", NOTHING),
    ("zh", "照片不要动来动去", [("kb", False)]),
    ("zh", "照片不要裁切，全部显示出来", [("fit", "contain")]),
    ("zh", "背景换成白色", [("bg", "white")]),
    ("zh", "日期用中文显示", [("story_lang", "zh")]),
    ("zh", "显示日期和地点", [("dates", True), ("places", True)]),
    ("zh", "导出成mp4，1080p", [("export",), ("output", "resolution", "1080p")]),
    ("zh", "撤回刚才的修改", [("undo", 1)]),
    ("zh", "不用改了，挺好的", NOTHING),
    ("zh", "每张四秒，再把音乐换成浪漫的", [("photo_s", 4), ("music", "serenata")]),
    ("zh", "字幕改成红色 please", [("text_color", "caption", "red")]),
    ("zh", "恢复刚才撤销的操作", [("redo",)]),
    ("zh", "高清导出", [("export",), ("output", "resolution", "1080p")]),
    ("zh", "节奏快一点lol", [("faster",)]),
]

CASES: list[Case] = IT + EN + ZH

# A second batch, written after the fixes above and scored as it came, to see whether
# they generalise (the first batch is no longer blind): 32/36 as written (it 10/12,
# en 10/12, zh 12/12). Its misses were then fixed in general too ("make the whole video
# a minute long" set photo 1 to 60 s, "accorcia il video a venti secondi" trimmed the
# clip, "romantic tunes" applied the style): 35/36. The one left, "rendilo orizzontale
# per YouTube", is the project's rule that a shape named with a platform changes the
# aspect only ("fallo verticale per tiktok" in heldout.py).
LATE: list[Case] = [
    ("it", "rendilo orizzontale per YouTube", [("preset", "youtube")]),
    ("it", "ogni scatto cinque secondi", [("photo_s", 5)]),
    ("it", "accorcia il video a venti secondi", [("total_s", 20)]),
    ("it", "metti una dissolvenza al bianco tra tutte le foto", [("transition", "fade_white")]),
    ("it", "musica rilassante", [("music", "lofi")]),
    ("it", "alza il volume della musica", [("volume", "up")]),
    ("it", "scrivi «Napoli 2024» come titolo", [("title", "Napoli 2024")]),
    ("it", "la didascalia in rosso", [("text_color", "caption", "red")]),
    ("it", "porta la seconda dopo la quinta foto", [("at", 5, "m2")]),
    ("it", "togli la foto della pizza", [("removed", "m6")]),
    ("it", "niente effetto zoom", [("kb", False)]),
    ("it", "mettimi tutto in 4:5", [("aspect", "4:5")]),
    ("en", "square format please", [("aspect", "1:1")]),
    ("en", "each slide should be 2.5 seconds", [("photo_s", 2.5)]),
    ("en", "make the whole video a minute long", [("total_s", 60)]),
    ("en", "slide transitions from the left", [("transition", "slide_*")]),
    ("en", "some romantic tunes", [("music", "serenata")]),
    ("en", "turn the music down a notch", [("volume", "down")]),
    ("en", "add the title “Naples by Night”", [("title", "Naples by Night")]),
    ("en", "make the title font serif", [("font", "serif")]),
    ("en", "move the beach photo to the end", [("at", -1, "m5")]),
    ("en", "get rid of the sunset shot", [("removed", "m3")]),
    ("en", "don't change anything", NOTHING),
    ("en", "export as mov", [("export",), ("output", "format", "mov")]),
    ("zh", "改成4比5", [("aspect", "4:5")]),
    ("zh", "每张图两秒半", [("photo_s", 2.5)]),
    ("zh", "整个片子三十秒", [("total_s", 30)]),
    ("zh", "换成白场过渡", [("transition", "fade_white")]),
    ("zh", "音乐换成电影配乐", [("music", "cinema")]),
    ("zh", "音乐的音量再调高些", [("volume", "up")]),
    ("zh", "加标题「那不勒斯之夜」", [("title", "那不勒斯之夜")]),
    ("zh", "标题放到顶部", [("text_pos", "title", "top")]),
    ("zh", "把海边那张移到最后", [("at", -1, "m1")]),
    ("zh", "删掉披萨那张", [("removed", "m6")]),
    ("zh", "别动了，就这样", NOTHING),
    ("zh", "导出GIF", [("export",), ("output", "format", "gif")]),
]
