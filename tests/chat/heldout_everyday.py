"""The everyday held-out set (issue 19): 204 phrasings written before reading the chat code.

68 per language, each kind the issue names: unquoted titles and captions, edits of a
title that must not become its text, the whole video's length as opposed to a photo's,
places relative to another photo, ranges with corrections, "non voglio X" / "I don't
want X" / "不要X" for every removable thing, only/solo/只 selections, file names as
references, references out of range, refusals, clauses mixed with ones the editor cannot
do, requests that would destroy work unless asked first, and a reply in the language
the person wrote in when the session speaks another.

Each case is (language written in, message, intents) or, with a fourth element, the
session it runs on and the session's language. Sessions (`test_heldout_everyday.py`):
- "trust" (the default): the fresh set's session, 1 mare_positano, 2 duomo_firenze
  (caption "Firenze"), 3 tramonto, 4 gondola (a clip), 5 spiaggia_amalfi,
  6 pizza_napoli, 7 colosseo_roma; title "Vacanze"; beat-synced song; 26 s.
- "files": the same media named like a phone's files: p1.jpg, p2.jpg, IMG_0003.jpg,
  VID_0004.mp4, IMG_0005.JPG, DSC_1234.jpg, p7.jpeg; title "Tanti auguri nonna Maria!",
  the caption "Che bella giornata" on photo 3.
- "three": photos 1-3 only, 9.5 s.
- "one": photo 1 only.

The intents are the fresh set's (`heldout_fresh.py`), plus:
- ("only", id, ...): the video holds exactly these, in this order
- ("range_s", first, last, s): photos first..last last s seconds, the others as they were
- ("tr_longer",): every transition longer than before
- ("unapplied", words): the reply names this clause as not done, and never says done first
- ("ask",): one short question, nothing changed

Every case also checks that the reply is in one language, the one written in, and a
miss is DESTRUCTIVE when it lost or changed a title or caption text not asked about,
deleted more than half of the photos or changed the total length more than 2x.

Score as written, on the code as it was (commit df71c08), before any fix: 102/204
(it 33/68, en 33/68, zh 36/68), one destructive misreading ("metti il titolo in alto
con il carattere serif" replaced "Tanti auguri nonna Maria!" with "in alto"), and a
crash in each language ("make a video with only the second photo" on one photo). Two
fixes to the checker came after that: a question asked in any words counts as asking
(not only one ending in "?"), and a checker error on a photo that is not there is a miss;
with them the code before scores 105/204 (it 34, en 34, zh 37).

After the fixes (clause endings, references past the end, the text rule, text leads,
whole lengths, relative places, corrections of a range's length, "non voglio X",
"only" with other clauses, file names in Chinese, one language per reply): 190/204
(it 63, en 64, zh 63), no destructive misreading, the older sets unchanged (fresh
126/132 and 35/36, trust 142/142, blind 56/59, taste 66/66). The bar was 97%; the 14
left: 13 are read right but the draft's beat sync re-lays what the checker wants left
alone (setting photos 2-3 on a beat-synced song moves photo 1 from 3.5 s to 4.5 s and
trims the clip; a whole length is met in whole bars: 5 s gives 8 s, and the reply now
says so), and "开头写上一路向南" reads its 一 as the number 1.
"""

from __future__ import annotations

Intent = tuple[object, ...]
Case = tuple[object, ...]

NOTHING: list[Intent] = [("nothing",)]
ASK: list[Intent] = [("ask",)]
FILES = {"session": "files"}
THREE = {"session": "three"}
ONE = {"session": "one"}

IT: list[Case] = [
    # unquoted titles and captions
    ("it", "titolo Estate 2024", [("title", "Estate 2024")]),
    ("it", "scrivi Auguri nonna all'inizio", [("title", "Auguri nonna")]),
    ("it", "il titolo deve essere Gita a Positano", [("title", "Gita a Positano")]),
    ("it", "metti come titolo Estate con gli amici", [("title", "Estate con gli amici")]),
    ("it", "sulla terza foto scrivi tramonto sul mare", [("caption", 3, "tramonto sul mare")]),
    (
        "it",
        "didascalia della prima foto: Positano dall'alto",
        [("caption", 1, "Positano dall'alto")],
    ),
    ("it", "chiama il video Ricordi di luglio", [("title", "Ricordi di luglio")]),
    # title edits that are not text
    (
        "it",
        "metti il titolo in alto con il carattere serif",
        [("text_pos", "title", "top"), ("font", "serif")],
        FILES,
    ),
    (
        "it",
        "il titolo più grande e in basso",
        [("text_size", "title", "bigger"), ("text_pos", "title", "bottom")],
        FILES,
    ),
    ("it", "il titolo deve apparire una lettera alla volta", [("animation", "typewriter")], FILES),
    ("it", "il titolo mettilo al centro", [("text_pos", "title", "center")], FILES),
    ("it", "la scritta sulla terza foto in giallo", [("text_color", "caption", "yellow")], FILES),
    # total length
    ("it", "taglia il video a 5 secondi", [("total_s", 5)], THREE),
    ("it", "il video deve durare 30 secondi", [("total_s", 30)]),
    ("it", "fallo durare in tutto venti secondi", [("total_s", 20)]),
    ("it", "vorrei che il video durasse un minuto", [("total_s", 60)]),
    ("it", "accorcialo a 15 secondi totali", [("total_s", 15)]),
    ("it", "5 secondi per ciascuna foto", [("photo_s", 5)]),
    ("it", "allunga il video fino a 40 secondi", [("total_s", 40)]),
    # relative places
    ("it", "sposta l'ultima foto dopo la prima", [("at", 2, "m7")]),
    ("it", "metti il colosseo prima della pizza", [("at", 6, "m7"), ("at", 7, "m6")]),
    ("it", "la prima foto mettila dopo la terza", [("at", 3, "m1")]),
    ("it", "sposta il tramonto prima del duomo", [("at", 2, "m3"), ("at", 3, "m2")]),
    ("it", "metti la spiaggia tra la prima e la seconda", [("at", 2, "m5")]),
    ("it", "porta la penultima foto all'inizio", [("at", 1, "m6")]),
    # ranges and corrections
    ("it", "dalla 2 alla 3 metti 4 secondi, anzi 6", [("range_s", 2, 3, 6)]),
    ("it", "le prime tre foto 2 secondi l'una", [("range_s", 1, 3, 2)]),
    ("it", "dalla quinta alla settima 5 secondi", [("range_s", 5, 7, 5)]),
    ("it", "metti 3 secondi per foto, anzi no, 4", [("photo_s", 4)]),
    ("it", "musica lofi, anzi no, jazz", [("music", "lounge")]),
    ("it", "la seconda foto 2 secondi, cioè 3", [("one_photo_s", 2, 3)]),
    # non voglio X
    ("it", "non voglio la musica", [("music_off",)]),
    ("it", "non voglio il titolo", [("no_title",)]),
    ("it", "non voglio le transizioni", [("no_transitions",)]),
    ("it", "non voglio l'effetto zoom", [("kb", False)]),
    ("it", "non voglio la scritta sulla seconda foto", [("no_caption", 2)]),
    ("it", "non voglio la foto della pizza", [("removed", "m6")]),
    ("it", "non voglio il video della gondola", [("removed", "m4")]),
    ("it", "non voglio che segua il ritmo della musica", [("beat", False)]),
    (
        "it",
        "transizioni con dissolvenza al nero, un po' più lente",
        [("transition", "fade_black"), ("tr_longer",)],
    ),
    # only
    ("it", "tieni solo le prime tre foto", [("only", "m1", "m2", "m3")]),
    ("it", "fai il video solo con la foto del mare e quella della pizza", [("only", "m1", "m6")]),
    (
        "it",
        "tieni solo la seconda foto, musica lofi, titolo 'Firenze'",
        [("only", "m2"), ("music", "lofi"), ("title", "Firenze")],
    ),
    ("it", "usa solo le foto, niente video", [("removed", "m4")]),
    # file names
    ("it", "togli IMG_0003", [("removed", "m3")], FILES),
    ("it", "metti p7.jpeg all'inizio", [("at", 1, "m7")], FILES),
    ("it", "slideshow solo con p1.jpg e p2.jpg", [("only", "m1", "m2")], FILES),
    ("it", "DSC_1234 dura 6 secondi", [("one_photo_s", 6, 6)], FILES),
    # out of range
    ("it", "fai un video con solo la seconda foto", NOTHING, ONE),
    ("it", "sposta la decima foto dopo la prima", NOTHING),
    ("it", "dalla 5 alla 12 metti 2 secondi", NOTHING),
    ("it", "togli la foto 0", NOTHING),
    ("it", "togli IMG_9999", NOTHING, FILES),
    # refusals
    ("it", "no, lascia stare", NOTHING),
    ("it", "non toccare la musica", NOTHING),
    ("it", "per ora basta così, grazie", NOTHING),
    # mixed clauses
    ("it", "più veloce e senza titolo", [("faster",), ("no_title",)]),
    (
        "it",
        "formato quadrato, musica allegra e titolo Estate al mare",
        [("aspect", "1:1"), ("music", "festa"), ("title", "Estate al mare")],
    ),
    (
        "it",
        "togli l'ultima foto e metti il titolo in giallo",
        [("removed", "m7"), ("text_color", "title", "yellow")],
    ),
    ("it", "musica rilassante e fammi un caffè", [("music", "lofi"), ("unapplied", "caffè")]),
    (
        "it",
        "verticale e con i fuochi d'artificio alla fine",
        [("aspect", "9:16"), ("unapplied", "fuochi")],
    ),
    # ask before destroying
    ("it", "cancella le foto", ASK),
    ("it", "cancella quasi tutto", ASK),
    # one language
    ("it", "togli la musica per favore", [("music_off",)], {"lang": "en"}),
    ("it", "un pochino più lento", [("slower",)], {"lang": "zh"}),
    (
        "it",
        "titolo 'Costiera' in alto con font serif",
        [("title", "Costiera"), ("text_pos", "title", "top"), ("font", "serif")],
    ),
    ("it", "scrivi Buon compleanno all'inizio", [("title", "Buon compleanno")]),
    ("it", "durata totale 30 secondi", [("total_s", 30)]),
]

EN: list[Case] = [
    ("en", "title Summer 2024", [("title", "Summer 2024")]),
    ("en", "put 'Happy birthday Mum' at the start", [("title", "Happy birthday Mum")]),
    ("en", "call it Our Trip to Italy", [("title", "Our Trip to Italy")]),
    ("en", "the title should read Family Holiday", [("title", "Family Holiday")]),
    (
        "en",
        "write Sunset over Positano on the third photo",
        [("caption", 3, "Sunset over Positano")],
    ),
    ("en", "caption the first photo Morning swim", [("caption", 1, "Morning swim")]),
    ("en", "set the title to Grandma's 90th", [("title", "Grandma's 90th")]),
    (
        "en",
        "move the title to the top and use a serif font",
        [("text_pos", "title", "top"), ("font", "serif")],
        FILES,
    ),
    (
        "en",
        "make the title bigger and put it at the bottom",
        [("text_size", "title", "bigger"), ("text_pos", "title", "bottom")],
        FILES,
    ),
    (
        "en",
        "title in yellow at the top",
        [("text_color", "title", "yellow"), ("text_pos", "title", "top")],
        FILES,
    ),
    ("en", "animate the title letter by letter", [("animation", "typewriter")], FILES),
    ("en", "the caption on IMG_0003 in red", [("text_color", "caption", "red")], FILES),
    ("en", "cut the video to 5 seconds", [("total_s", 5)], THREE),
    ("en", "make it a minute long", [("total_s", 60)]),
    ("en", "the whole thing should be 30 seconds", [("total_s", 30)]),
    ("en", "trim it down to 20 seconds overall", [("total_s", 20)]),
    ("en", "I need it to be 45 seconds long", [("total_s", 45)]),
    ("en", "2 seconds on every photo", [("photo_s", 2)]),
    ("en", "stretch the video to 40 seconds", [("total_s", 40)]),
    ("en", "move the last photo after the first one", [("at", 2, "m7")]),
    ("en", "put the first photo before the last one", [("at", 6, "m1")]),
    ("en", "move the sunset before the Duomo", [("at", 2, "m3"), ("at", 3, "m2")]),
    ("en", "put the Colosseum right after the beach one", [("at", 6, "m7")]),
    ("en", "move the second photo to just before the last", [("at", 6, "m2")]),
    ("en", "swap the last two", [("at", 6, "m7"), ("at", 7, "m6")]),
    ("en", "photos 2 to 3 at 4 seconds, no wait, 6", [("range_s", 2, 3, 6)]),
    ("en", "give the first three photos 2 seconds each", [("range_s", 1, 3, 2)]),
    ("en", "from the 5th to the 7th, 5 seconds", [("range_s", 5, 7, 5)]),
    ("en", "4 seconds per photo, actually make it 3", [("photo_s", 3)]),
    ("en", "lofi music, actually no, something jazzy", [("music", "lounge")]),
    ("en", "the sixth photo 3 seconds, sorry I meant 4", [("one_photo_s", 6, 4)]),
    ("en", "I don't want any music", [("music_off",)]),
    ("en", "I don't want a title", [("no_title",)]),
    ("en", "I don't want transitions", [("no_transitions",)]),
    ("en", "I don't want the zoom effect", [("kb", False)]),
    ("en", "I don't want the caption on the second photo", [("no_caption", 2)]),
    ("en", "I don't want the pizza photo", [("removed", "m6")]),
    ("en", "I don't want the gondola clip", [("removed", "m4")]),
    ("en", "I don't want it synced to the beat", [("beat", False)]),
    ("en", "wipe transitions, a bit slower", [("transition", "wipe_*"), ("tr_longer",)]),
    ("en", "just the first three photos", [("only", "m1", "m2", "m3")]),
    (
        "en",
        "make the video with only the beach and the pizza photos",
        [("only", "m5", "m6")],
    ),
    (
        "en",
        "keep only the second photo, lofi music, title 'Firenze'",
        [("only", "m2"), ("music", "lofi"), ("title", "Firenze")],
    ),
    ("en", "photos only, no video clips", [("removed", "m4")]),
    ("en", "slideshow with p1.jpg only", [("only", "m1")], FILES),
    ("en", "delete IMG_0005", [("removed", "m5")], FILES),
    ("en", "put p7.jpeg first", [("at", 1, "m7")], FILES),
    ("en", "DSC_1234 for 6 seconds", [("one_photo_s", 6, 6)], FILES),
    ("en", "make a video with only the second photo", NOTHING, ONE),
    ("en", "move photo 15 after the first", NOTHING),
    ("en", "photos 5 to 12 at 2 seconds", NOTHING),
    ("en", "remove photo 0", NOTHING),
    ("en", "delete IMG_9999", NOTHING, FILES),
    ("en", "nah, leave it", NOTHING),
    ("en", "leave the music alone", NOTHING),
    ("en", "that's all for now, thanks", NOTHING),
    ("en", "faster and no title", [("faster",), ("no_title",)]),
    (
        "en",
        "square, upbeat music and the title Beach Days",
        [("aspect", "1:1"), ("music", "festa"), ("title", "Beach Days")],
    ),
    (
        "en",
        "remove the last photo and make the title yellow",
        [("removed", "m7"), ("text_color", "title", "yellow")],
    ),
    ("en", "chill music and book me a flight", [("music", "lofi"), ("unapplied", "flight")]),
    ("en", "vertical, with fireworks at the end", [("aspect", "9:16"), ("unapplied", "fireworks")]),
    ("en", "remove the photos", ASK),
    ("en", "delete almost everything", ASK),
    ("en", "get rid of the music please", [("music_off",)], {"lang": "it"}),
    ("en", "a little slower please", [("slower",)], {"lang": "zh"}),
    (
        "en",
        "put the title 'Amalfi Coast' at the top in serif",
        [("title", "Amalfi Coast"), ("text_pos", "title", "top"), ("font", "serif")],
    ),
    ("en", "write Happy Birthday at the beginning", [("title", "Happy Birthday")]),
    ("en", "total length 30 seconds", [("total_s", 30)]),
]

ZH: list[Case] = [
    ("zh", "标题 夏日回忆", [("title", "夏日回忆")]),
    ("zh", "标题写上生日快乐", [("title", "生日快乐")]),
    ("zh", "开头写上奶奶生日快乐", [("title", "奶奶生日快乐")]),
    ("zh", "视频名字叫意大利之旅", [("title", "意大利之旅")]),
    ("zh", "第三张配字 海边日落", [("caption", 3, "海边日落")]),
    ("zh", "第一张的字幕写波西塔诺", [("caption", 1, "波西塔诺")]),
    ("zh", "把标题改为我们的夏天", [("title", "我们的夏天")]),
    (
        "zh",
        "标题放到上面，用衬线字体",
        [("text_pos", "title", "top"), ("font", "serif")],
        FILES,
    ),
    (
        "zh",
        "标题再大一点，放在下面",
        [("text_size", "title", "bigger"), ("text_pos", "title", "bottom")],
        FILES,
    ),
    ("zh", "标题用打字机效果", [("animation", "typewriter")], FILES),
    (
        "zh",
        "标题改成黄色，放在顶部",
        [("text_color", "title", "yellow"), ("text_pos", "title", "top")],
        FILES,
    ),
    ("zh", "第三张的字幕改成红色", [("text_color", "caption", "red")], FILES),
    ("zh", "把视频剪到5秒", [("total_s", 5)], THREE),
    ("zh", "视频总长30秒", [("total_s", 30)]),
    ("zh", "整个视频做成一分钟", [("total_s", 60)]),
    ("zh", "视频缩短到20秒", [("total_s", 20)]),
    ("zh", "总时长改成四十五秒", [("total_s", 45)]),
    ("zh", "视频加长到40秒", [("total_s", 40)]),
    ("zh", "每张照片放两秒", [("photo_s", 2)]),
    ("zh", "把最后一张放到第一张后面", [("at", 2, "m7")]),
    ("zh", "把第五张放到第二张后面", [("at", 3, "m5")]),
    ("zh", "把日落那张放到大教堂前面", [("at", 2, "m3"), ("at", 3, "m2")]),
    ("zh", "第一张移到最后一张前面", [("at", 6, "m1")]),
    ("zh", "最后两张换一下", [("at", 6, "m7"), ("at", 7, "m6")]),
    ("zh", "把第三张放到第一张前面", [("at", 1, "m3")]),
    ("zh", "第二到第三张四秒，不对，六秒", [("range_s", 2, 3, 6)]),
    ("zh", "前三张每张两秒", [("range_s", 1, 3, 2)]),
    ("zh", "第五到第七张五秒", [("range_s", 5, 7, 5)]),
    ("zh", "每张三秒，不，四秒", [("photo_s", 4)]),
    ("zh", "换成lofi音乐，算了，还是爵士吧", [("music", "lounge")]),
    ("zh", "第六张三秒，哦不，四秒", [("one_photo_s", 6, 4)]),
    ("zh", "我不要音乐", [("music_off",)]),
    ("zh", "我不要标题", [("no_title",)]),
    ("zh", "我不要转场效果", [("no_transitions",)]),
    ("zh", "我不想要缩放效果", [("kb", False)]),
    ("zh", "第二张不要字幕", [("no_caption", 2)]),
    ("zh", "不要披萨那张", [("removed", "m6")]),
    ("zh", "我不要贡多拉的视频", [("removed", "m4")]),
    ("zh", "我不要卡点了", [("beat", False)]),
    ("zh", "转场用黑场，稍微慢一点", [("transition", "fade_black"), ("tr_longer",)]),
    ("zh", "只要前三张", [("only", "m1", "m2", "m3")]),
    ("zh", "只用日落和披萨那两张", [("only", "m3", "m6")]),
    (
        "zh",
        "只保留第二张，配lofi音乐，标题「佛罗伦萨」",
        [("only", "m2"), ("music", "lofi"), ("title", "佛罗伦萨")],
    ),
    ("zh", "只要照片，不要视频", [("removed", "m4")]),
    ("zh", "只用p1.jpg做视频", [("only", "m1")], FILES),
    ("zh", "删掉IMG_0005", [("removed", "m5")], FILES),
    ("zh", "把p7.jpeg放到最前面", [("at", 1, "m7")], FILES),
    ("zh", "DSC_1234停留六秒", [("one_photo_s", 6, 6)], FILES),
    ("zh", "只用第二张照片做视频", NOTHING, ONE),
    ("zh", "把第十五张放到第一张后面", NOTHING),
    ("zh", "第五到第十二张两秒", NOTHING),
    ("zh", "删掉第零张", NOTHING),
    ("zh", "删掉IMG_9999", NOTHING, FILES),
    ("zh", "算了，不用了", NOTHING),
    ("zh", "音乐别动", NOTHING),
    ("zh", "先这样吧，谢谢", NOTHING),
    ("zh", "快一点，不要标题", [("faster",), ("no_title",)]),
    (
        "zh",
        "改成方形，配欢快的音乐，标题海边假期",
        [("aspect", "1:1"), ("music", "festa"), ("title", "海边假期")],
    ),
    (
        "zh",
        "删掉最后一张，标题改成黄色",
        [("removed", "m7"), ("text_color", "title", "yellow")],
    ),
    ("zh", "放轻松的音乐，再帮我订机票", [("music", "lofi"), ("unapplied", "机票")]),
    ("zh", "竖屏，结尾加烟花", [("aspect", "9:16"), ("unapplied", "烟花")]),
    ("zh", "删一下照片", ASK),
    ("zh", "删掉大部分", ASK),
    ("zh", "去掉音乐吧", [("music_off",)], {"lang": "en"}),
    ("zh", "慢一点点", [("slower",)], {"lang": "it"}),
    (
        "zh",
        "标题「阿马尔菲海岸」放在顶部，用衬线体",
        [("title", "阿马尔菲海岸"), ("text_pos", "title", "top"), ("font", "serif")],
    ),
    ("zh", "开头写上一路向南", [("title", "一路向南")]),
    ("zh", "总共三十秒", [("total_s", 30)]),
]

CASES: list[Case] = IT + EN + ZH
