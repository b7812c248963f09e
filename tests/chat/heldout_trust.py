"""A held-out set for "the editor never surprises": written before the fixes, kept apart from them.

Same session as `corpus.py` (1 mare_positano, 2 duomo_firenze with the caption
"Firenze", 3 tramonto, 4 gondola (a clip), 5 spiaggia_amalfi, 6 pizza_napoli,
7 colosseo_roma, the title "Vacanze"; every photo lasts 3.5 s, the clip 8 s).

It covers what issue 10 lists: negated commands in three languages (alone and
next to a clause that must still apply), self-corrections, ranges and groups,
per-range and relative edits, clauses the rules cannot apply (they must be
named back in the reply), the seed's own phrases, one meaning per style name,
output formats and resolutions (4k is refused, never promised), mixed
languages, typos and missing accents.

Each case is (lang, message, expected, named). `expected` is the exact list of
(op name, subset of its arguments) — an empty list means nothing is done at
all, in particular no export — or a turn kind. `named`, when set, is a piece
of text the reply must hold: the clause that was not applied, or the limit
that refused it.
"""

from __future__ import annotations

from typing import Any

Case = tuple[str, str, Any, str | None]

PHOTO_S = 3.5  # the session's photos each last 3.5 s


def _durations(indices: list[int], seconds: float) -> list[tuple[str, dict[str, Any]]]:
    return [("set_duration", {"index": i, "seconds": seconds}) for i in indices]


def _removals(indices: list[int]) -> list[tuple[str, dict[str, Any]]]:
    return [("remove_photo", {"index": i}) for i in sorted(indices, reverse=True)]


def cases(corpus: Any) -> list[Case]:
    """Every case of the trust set."""
    up, down = corpus.UP, corpus.DOWN
    slower = corpus.SLOWER
    nothing: list[tuple[str, dict[str, Any]]] = []

    negations: list[Case] = [
        # export, alone and beside a clause that must still apply
        ("en", "don't export yet, just make it 9:16", [("set_aspect", {"aspect": "9:16"})], None),
        ("en", "don't export", nothing, None),
        ("en", "do not export the video yet", nothing, None),
        ("en", "dont export yet", nothing, None),
        ("en", "don’t export, I'm still editing", nothing, None),
        ("en", "I don't want to export yet", nothing, None),
        ("en", "no export for now, make it square", [("set_aspect", {"aspect": "1:1"})], None),
        ("it", "non esportare ancora, fallo solo 9:16", [("set_aspect", {"aspect": "9:16"})], None),
        ("it", "non esportare", nothing, None),
        ("it", "non voglio esportare adesso", nothing, None),
        ("it", "per ora non scaricare il video", nothing, None),
        ("it", "senza esportare, metti la musica festa", [("set_music", {"music": "festa"})], None),
        ("zh", "先别导出", nothing, None),
        ("zh", "先别导出，改成竖屏", [("set_aspect", {"aspect": "9:16"})], None),
        ("zh", "不要导出，只改成方形", [("set_aspect", {"aspect": "1:1"})], None),
        ("zh", "先不要下载", nothing, None),
        ("zh", "暂时不用导出视频", nothing, None),
        # removing photos
        ("en", "don't remove the third photo", nothing, None),
        (
            "en",
            "don't delete the beach photo, just make it slower",
            [("set_pace", {"factor": slower})],
            None,
        ),
        ("it", "non togliere la terza foto", nothing, None),
        ("it", "non eliminare niente, rallenta un po'", [("set_pace", {"factor": slower})], None),
        ("zh", "不要删除第三张", nothing, None),
        ("zh", "别删第二张，把第二张放到最后", [("move_photo", {"index": 2, "to": 7})], None),
        ("en", "don't remove photos 2 to 4", nothing, None),
        # music off, volume
        ("it", "non togliere la musica", nothing, None),
        (
            "en",
            "don't turn the music off, make it louder",
            [("set_music_volume", {"change": up})],
            None,
        ),
        ("zh", "别关音乐，声音大一点", [("set_music_volume", {"change": up})], None),
        ("en", "do not change the music", nothing, None),
        ("it", "non cambiare la musica, metti il 9:16", [("set_aspect", {"aspect": "9:16"})], None),
        ("zh", "不要换音乐", nothing, None),
        # aspect, title, order, transitions, motion
        ("en", "don't make it vertical", nothing, None),
        (
            "it",
            "non metterlo in verticale, fallo più veloce",
            [("set_pace", {"factor": corpus.FASTER})],
            None,
        ),
        ("zh", "不要改成竖屏", nothing, None),
        ("it", "non aggiungere il titolo", nothing, None),
        ("en", "don't add a title, use festa music", [("set_music", {"music": "festa"})], None),
        ("zh", "不要加标题", nothing, None),
        ("en", "don't shuffle, sort by date", [("sort_photos", {"by": "date"})], None),
        ("it", "non mescolare, ordina per data", [("sort_photos", {"by": "date"})], None),
        ("zh", "别打乱，按日期排序", [("sort_photos", {"by": "date"})], None),
        ("en", "never shuffle the photos", nothing, None),
        ("it", "non cambiare le transizioni", nothing, None),
        ("en", "don't mute the clip", nothing, None),
        ("en", "don't make it slower", nothing, None),
        (
            "it",
            "non spegnere il ken burns, e metti il titolo 'Estate'",
            [("add_title", {"text": "Estate"})],
            None,
        ),
    ]

    corrections: list[Case] = [
        ("it", "togli la musica, anzi no, lasciala", nothing, None),
        ("it", "togli la musica anzi no lasciala", nothing, None),
        ("en", "remove the music, actually no, keep it", nothing, None),
        ("en", "remove the music... actually no, leave it", nothing, None),
        ("it", "metti 9:16, anzi no, 1:1", [("set_aspect", {"aspect": "1:1"})], None),
        ("en", "make it vertical, actually no, square", [("set_aspect", {"aspect": "1:1"})], None),
        ("zh", "改成竖屏，不对，改成横屏", [("set_aspect", {"aspect": "16:9"})], None),
        ("zh", "删掉第三张，算了", nothing, None),
        ("zh", "把音乐关掉，算了，不关了", nothing, None),
        ("en", "shuffle the photos, no wait, reverse them", [("reverse_order", {})], None),
        (
            "it",
            "metti la musica festa, anzi no, serenata",
            [("set_music", {"music": "serenata"})],
            None,
        ),
        ("en", "3 seconds per photo, sorry I meant 4", [("set_duration", {"seconds": 4})], None),
        (
            "en",
            "remove the third photo, actually no, the fourth",
            [("remove_photo", {"index": 4})],
            None,
        ),
        ("it", "togli la seconda, anzi no, la quinta", [("remove_photo", {"index": 5})], None),
        ("it", "esporta in mp4, anzi no, non esportare", nothing, None),
        ("en", "export it, actually no, not yet", nothing, None),
    ]

    ranges: list[Case] = [
        ("it", "le prime tre foto durano 5 secondi", _durations([1, 2, 3], 5), None),
        ("zh", "前三张每张五秒", _durations([1, 2, 3], 5), None),
        ("en", "the first three photos 2 seconds each", _durations([1, 2, 3], 2), None),
        ("en", "photos 5 to 7 should last 3 seconds", _durations([5, 6, 7], 3), None),
        ("it", "dalla quinta alla settima 4 secondi ciascuna", _durations([5, 6, 7], 4), None),
        ("zh", "第二到第三张每张3秒", _durations([2, 3], 3), None),
        ("en", "the last two photos 5 seconds each", _durations([6, 7], 5), None),
        ("it", "le ultime due foto 6 secondi l'una", _durations([6, 7], 6), None),
        ("zh", "后两张每张4秒", _durations([6, 7], 4), None),
        ("it", "rimuovi dalla terza alla quinta", _removals([3, 4, 5]), None),
        ("en", "remove the last two", _removals([6, 7]), None),
        ("it", "elimina le ultime due", _removals([6, 7]), None),
        ("zh", "删掉后两张", _removals([6, 7]), None),
        ("zh", "删除第二到第四张", _removals([2, 3, 4]), None),
        ("en", "delete photos 2 to 4", _removals([2, 3, 4]), None),
        ("it", "togli le prime tre", _removals([1, 2, 3]), None),
        ("zh", "删掉前两张", _removals([1, 2]), None),
        ("it", "rimuovi la seconda e la terza", _removals([2, 3]), None),
        ("en", "make photos 2 and 3 last twice as long", _durations([2, 3], 2 * PHOTO_S), None),
        ("it", "le foto 5 e 6 devono durare il doppio", _durations([5, 6], 2 * PHOTO_S), None),
        ("zh", "第五张和第六张的时间加倍", _durations([5, 6], 2 * PHOTO_S), None),
        ("zh", "第二张显示两倍长", _durations([2], 2 * PHOTO_S), None),
        ("en", "make the last two half as long", _durations([6, 7], PHOTO_S / 2), None),
        ("it", "la prima foto deve durare la metà", _durations([1], PHOTO_S / 2), None),
        ("en", "the first photo three times as long", _durations([1], 3 * PHOTO_S), None),
        (
            "it",
            "solo le prime tre foto",
            [("make_slideshow", {"media_ids": ["m1", "m2", "m3"]})],
            None,
        ),
        ("en", "only photos 2 to 4", [("make_slideshow", {"media_ids": ["m2", "m3", "m4"]})], None),
        ("zh", "只用前三张", [("make_slideshow", {"media_ids": ["m1", "m2", "m3"]})], None),
    ]

    unknown: list[Case] = [
        # Beat sync is supported now: asked for, it is done, not named back.
        ("en", "sync the cuts to the beat", [("set_beat_sync", {"on": True})], None),
        (
            "en",
            "make it 9:16 and sync the cuts to the beat",
            [("set_aspect", {"aspect": "9:16"}), ("set_beat_sync", {"on": True})],
            None,
        ),
        (
            "en",
            "make it 9:16 and add a beat drop",
            [("set_aspect", {"aspect": "9:16"})],
            "beat drop",
        ),
        ("en", "make it 9:16 and add fireworks", [("set_aspect", {"aspect": "9:16"})], "fireworks"),
        (
            "it",
            "metti la musica festa e fai ballare le foto",
            [("set_music", {"music": "festa"})],
            "ballare",
        ),
        ("zh", "改成竖屏，再加点烟花特效", [("set_aspect", {"aspect": "9:16"})], "烟花"),
        ("en", "add a sepia filter", nothing, "sepia"),
        ("it", "metti un filtro seppia", nothing, "seppia"),
        (
            "it",
            "sincronizza i cambi foto con il ritmo, e rallenta",
            [("set_beat_sync", {"on": True}), ("set_pace", {"factor": slower})],
            None,
        ),
        ("zh", "让照片跟着节拍切换", [("set_beat_sync", {"on": True})], None),
        (
            "en",
            "slower, and add stickers to every photo",
            [("set_pace", {"factor": slower})],
            "stickers",
        ),
        ("it", "aggiungi una voce fuori campo", nothing, "voce fuori campo"),
    ]

    seed: list[Case] = [
        ("en", "create my photos and images", [("make_slideshow", {})], None),
        (
            "en",
            "create a slideshow video with Italian",
            [("make_slideshow", {}), ("set_music", {"music": "tarantella"})],
            None,
        ),
        ("en", "export 1080p MP4", [("export", {"format": "mp4", "resolution": "1080p"})], None),
        ("en", "with the mandolin waltz", [("set_music", {"music": "mandolino"})], None),
        ("it", "crea un video con le mie foto", [("make_slideshow", {})], None),
        ("zh", "用我的照片做一个视频", [("make_slideshow", {})], None),
    ]

    styles: list[Case] = [
        ("it", "musica romantica", [("set_music", {"music": "serenata"})], None),
        ("en", "romantic music please", [("set_music", {"music": "serenata"})], None),
        ("zh", "换成浪漫的音乐", [("set_music", {"music": "serenata"})], None),
        ("en", "put on some calm music", [("set_music", {"music": "mandolino"})], None),
        ("it", "metti il valzer del mandolino", [("set_music", {"music": "mandolino"})], None),
        ("it", "musica lenta", [("set_music", {"music": "serenata"})], None),
        ("en", "party music", [("set_music", {"music": "festa"})], None),
        ("zh", "配乐换成圆舞曲", [("set_music", {"music": "mandolino"})], None),
        ("it", "una musica allegra", [("set_music", {"music": "festa"})], None),
    ]

    output: list[Case] = [
        ("en", "export in 4k", nothing, "1080p"),
        ("it", "esporta in 4k", nothing, "1080p"),
        ("zh", "导出4K视频", nothing, "1080p"),
        ("en", "export at 2160p", nothing, "1080p"),
        (
            "it",
            "esporta in webm a 360p",
            [("export", {"format": "webm", "resolution": "360p"})],
            None,
        ),
        ("en", "export as gif 480p", [("export", {"format": "gif", "resolution": "480p"})], None),
        (
            "it",
            "salva in mov full hd",
            [("export", {"format": "mov", "resolution": "1080p"})],
            None,
        ),
        ("zh", "导出720p的webm", [("export", {"format": "webm", "resolution": "720p"})], None),
        ("en", "set the output to 720p", [("set_output", {"resolution": "720p"})], None),
        ("en", "make it 4k", nothing, "1080p"),
    ]

    mixed: list[Case] = [
        (
            "it",
            "metti la musica festa and make it 9:16",
            [("set_music", {"music": "festa"}), ("set_aspect", {"aspect": "9:16"})],
            None,
        ),
        ("en", "export in mp4 per favore", [("export", {"format": "mp4"})], None),
        ("en", "make it 竖屏", [("set_aspect", {"aspect": "9:16"})], None),
        ("it", "rimuovi the last two", _removals([6, 7]), None),
        ("en", "please 导出 720p", [("export", {"resolution": "720p"})], None),
        ("zh", "删掉 the third photo", [("remove_photo", {"index": 3})], None),
    ]

    typos: list[Case] = [
        ("it", "piu veloce per favore", [("set_pace", {"factor": corpus.FASTER})], None),
        ("it", "rimuovi la terza fotto", [("remove_photo", {"index": 3})], None),
        ("en", "remvoe the third photo", [("remove_photo", {"index": 3})], None),
        ("en", "exprot in mp4", [("export", {"format": "mp4"})], None),
        ("it", "esprota il video", [("export", {})], None),
        ("it", "metti la muscia festa", [("set_music", {"music": "festa"})], None),
        ("en", "make it slowr", [("set_pace", {"factor": slower})], None),
        ("it", "togli la musica, anzi no lasciala", nothing, None),
        ("it", "non esportare ancora!!", nothing, None),
        ("en", "DON'T EXPORT YET", nothing, None),
        ("en", "music volume down a bit", [("set_music_volume", {"change": down})], None),
    ]

    return negations + corrections + ranges + unknown + seed + styles + output + mixed + typos
