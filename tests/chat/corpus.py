"""Phrasings people use, with the operations they mean, for a fixed holiday session.

The session (see MEDIA) shows, in order: 1 mare_positano, 2 duomo_firenze,
3 tramonto, 4 gondola (a clip), 5 spiaggia_amalfi, 6 pizza_napoli,
7 colosseo_roma; the song canzone.mp3 is the music.

Each case is (lang, message, expected). `expected` is a list of
(op name, subset of its arguments), or a turn kind ("question", "help",
"noop", "history") when no edit should happen. `Between(lo, hi)` accepts a
range of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from diapo.draft import MediaRef
from diapo.draft.media import Place

# What ingest's analysis found: the sunset is blurred, the colosseum a near copy of the
# pizza shot (4 bits of 256 apart), and the song beats at 120 bpm from its start (so the
# slideshow's 3.5 s photos with 0.5 s crossfades already cut on its beat).
_SHARP = {"sharpness": 2400.0, "exposure": "ok"}
MEDIA: tuple[MediaRef, ...] = (
    MediaRef(
        "m1",
        "photo",
        4000,
        3000,
        name="mare_positano.jpg",
        place=Place("Positano", "Campania", "IT"),
        taken_at=datetime(2024, 7, 3, 10),
        phash="d23f0824128b2f330c5c7fd0a6a3a4506513270e269e0d37f2a74de452e6b438",
        **_SHARP,  # type: ignore[arg-type]
    ),
    MediaRef(
        "m2",
        "photo",
        3000,
        4000,
        name="duomo_firenze.heic",
        place=Place("Florence", "Tuscany", "IT"),
        taken_at=datetime(2024, 7, 1, 9),
        phash="36f675cc81e74ef5e8e25d940ed904759531985d5d9dc9f81818e811892f902b",
        **_SHARP,  # type: ignore[arg-type]
    ),
    MediaRef(
        "m3",
        "photo",
        4000,
        3000,
        name="tramonto.jpg",
        taken_at=datetime(2024, 7, 2, 20),
        phash="8d116ece1738f7d93d9c172411e20b8f6b0d549b6f03675a1600a35a099950d8",
        sharpness=150.0,
        exposure="ok",
    ),
    MediaRef("m4", "clip", 1920, 1080, duration_ms=8000, name="gondola.mp4", has_audio=True),
    MediaRef(
        "m5",
        "photo",
        4000,
        3000,
        name="spiaggia_amalfi.jpg",
        place=Place("Amalfi", "Campania", "IT"),
        taken_at=datetime(2024, 7, 4),
        phash="a170b33839263059f28c105d1fb17c2390c192cfd3ac94af0f21ddb66cad4a26",
        **_SHARP,  # type: ignore[arg-type]
    ),
    MediaRef(
        "m6",
        "photo",
        4000,
        3000,
        name="pizza_napoli.jpg",
        phash="0cb1e29c658cda1495e60af593bd04cf0fd630f1f29d0da9953f48f1a09f76b5",
        **_SHARP,  # type: ignore[arg-type]
    ),
    MediaRef(
        "m7",
        "photo",
        4000,
        3000,
        name="colosseo_roma.jpg",
        phash="0cb1e29c658cda1495e60af593bd04cf0fd630f1f29d0da9953f48f1a09f76ba",
        **_SHARP,  # type: ignore[arg-type]
    ),
    MediaRef("a1", "audio", duration_ms=120_000, name="canzone.mp3", bpm=120.0, beat_at=0),
)


@dataclass(frozen=True)
class Between:
    lo: float
    hi: float

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (int, float)) and self.lo <= other <= self.hi

    def __hash__(self) -> int:
        return hash((self.lo, self.hi))


Expected = list[tuple[str, dict[str, Any]]] | str
Case = tuple[str, str, Expected]

SLOWER = Between(1.1, 1.7)
FASTER = Between(0.55, 0.9)
DOWN = Between(-0.3, -0.05)
UP = Between(0.05, 0.3)

IT: list[Case] = [
    (
        "it",
        "crea uno slideshow con musica italiana e transizioni",
        [("make_slideshow", {}), ("set_music", {"music": "tarantella"}), ("set_transition", {})],
    ),
    ("it", "più lento", [("set_pace", {"factor": SLOWER})]),
    ("it", "molto più lento", [("set_pace", {"factor": Between(1.45, 2)})]),
    ("it", "un po' più veloce", [("set_pace", {"factor": Between(0.8, 0.95)})]),
    ("it", "più veloce", [("set_pace", {"factor": FASTER})]),
    ("it", "rallenta un pochino", [("set_pace", {"factor": Between(1.05, 1.25)})]),
    ("it", "velocizza", [("set_pace", {"factor": FASTER})]),
    ("it", "metti la terza foto all'inizio", [("move_photo", {"index": 3, "to": 1})]),
    ("it", "sposta l'ultima foto all'inizio", [("move_photo", {"index": 7, "to": 1})]),
    ("it", "metti la prima alla fine", [("move_photo", {"index": 1, "to": 7})]),
    ("it", "sposta la foto 2 in posizione 5", [("move_photo", {"index": 2, "to": 5})]),
    ("it", "metti la foto n. 4 in fondo", [("move_photo", {"index": 4, "to": 7})]),
    ("it", "sposta quella del tramonto all'inizio", [("move_photo", {"index": 3, "to": 1})]),
    ("it", "sposta la seconda foto dopo la quinta", [("move_photo", {"index": 2, "to": 5})]),
    ("it", "scambia la prima e l'ultima", [("swap_photos", {"a": 1, "b": 7})]),
    ("it", "scambia la foto 2 con la 3", [("swap_photos", {"a": 2, "b": 3})]),
    ("it", "inverti l'ordine delle foto", [("reverse_order", {})]),
    ("it", "ordina le foto per data", [("sort_photos", {"by": "date"})]),
    ("it", "metti le foto in ordine cronologico", [("sort_photos", {"by": "date"})]),
    ("it", "ordina per nome", [("sort_photos", {"by": "name"})]),
    ("it", "mescola le foto", [("shuffle_photos", {})]),
    ("it", "togli la terza foto", [("remove_photo", {"index": 3})]),
    ("it", "rimuovi l'ultima", [("remove_photo", {"index": 7})]),
    ("it", "elimina quella del mare", [("remove_photo", {"index": 1})]),
    ("it", "cancella la foto del duomo", [("remove_photo", {"index": 2})]),
    ("it", "rimuovi la foto", "question"),
    ("it", "tre secondi per foto", [("set_duration", {"seconds": 3})]),
    ("it", "ogni foto deve durare 2,5 secondi", [("set_duration", {"seconds": 2.5})]),
    ("it", "la terza foto dura cinque secondi", [("set_duration", {"seconds": 5, "index": 3})]),
    ("it", "fai durare il video 30 secondi in totale", [("set_total_length", {"seconds": 30})]),
    ("it", "voglio un video di un minuto", [("set_total_length", {"seconds": 60})]),
    ("it", "fai durare il video trentacinque secondi", [("set_total_length", {"seconds": 35})]),
    ("it", "ventotto secondi in totale", [("set_total_length", {"seconds": 28})]),
    ("it", "la quinta foto dura ventitré secondi", [("set_duration", {"seconds": 23, "index": 5})]),
    ("it", "dieci secondi per ogni foto", [("set_duration", {"seconds": 10})]),
    ("it", "transizioni a dissolvenza incrociata", [("set_transition", {"kind": "crossfade"})]),
    ("it", "metti le transizioni al nero", [("set_transition", {"kind": "fade_black"})]),
    ("it", "transizioni di un secondo", [("set_transition", {"seconds": 1})]),
    ("it", "togli le transizioni", [("set_transition", {"kind": "cut"})]),
    ("it", "transizioni a scorrimento", [("set_transition", {"kind": "slide_left"})]),
    (
        "it",
        "transizione zoom tra la seconda e la terza",
        [("set_transition", {"kind": "zoom", "index": 3})],
    ),
    ("it", "transizioni più lunghe", [("set_transition", {"seconds": Between(0.6, 2)})]),
    ("it", "togli l'effetto zoom", [("set_ken_burns", {"on": False})]),
    ("it", "attiva il ken burns", [("set_ken_burns", {"on": True})]),
    ("it", "movimento più delicato", [("set_ken_burns", {"intensity": Between(0.2, 0.8)})]),
    ("it", "fai le foto ferme", [("set_ken_burns", {"on": False})]),
    ("it", "formato verticale", [("set_aspect", {"aspect": "9:16"})]),
    ("it", "mettilo in 9:16 per i reel", [("set_aspect", {"aspect": "9:16"})]),
    ("it", "fallo quadrato", [("set_aspect", {"aspect": "1:1"})]),
    ("it", "torna orizzontale", [("set_aspect", {"aspect": "16:9"})]),
    ("it", "foto intere con sfondo sfocato", [("set_fit", {"fit": "contain"})]),
    ("it", "non tagliare le foto", [("set_fit", {"fit": "contain"})]),
    (
        "it",
        "aggiungi il titolo 'Estate in Toscana' in alto",
        [("add_title", {"text": "Estate in Toscana", "pos": "top"})],
    ),
    (
        "it",
        "metti il titolo «Vacanze 2024» al centro",
        [("add_title", {"text": "Vacanze 2024", "pos": "center"})],
    ),
    (
        "it",
        'aggiungi il sottotitolo "Agosto con gli amici"',
        [("add_title", {"text": "Agosto con gli amici", "role": "subtitle"})],
    ),
    ("it", "titolo: Costiera Amalfitana", [("add_title", {"text": "Costiera Amalfitana"})]),
    ("it", "aggiungi un titolo", "question"),
    ("it", "togli il titolo", [("remove_text", {"role": "title"})]),
    (
        "it",
        "didascalia 'Positano' sulla prima foto",
        [("set_caption", {"index": 1, "text": "Positano"})],
    ),
    (
        "it",
        "scrivi 'Che tramonto!' sulla foto del tramonto",
        [("set_caption", {"index": 3, "text": "Che tramonto!"})],
    ),
    ("it", "togli le didascalie", [("remove_text", {"role": "caption"})]),
    ("it", "musica romantica", [("set_music", {"music": "serenata"})]),
    ("it", "metti la tarantella", [("set_music", {"music": "tarantella"})]),
    ("it", "togli la musica", [("set_music", {"music": None})]),
    ("it", "senza musica", [("set_music", {"music": None})]),
    ("it", "cambia la musica", "question"),
    ("it", "musica più allegra", [("set_music", {"music": "festa"})]),
    ("it", "usa la mia canzone", [("set_music", {"music": "a1"})]),
    ("it", "abbassa un po' la musica", [("set_music_volume", {"change": DOWN})]),
    ("it", "musica più alta", [("set_music_volume", {"change": UP})]),
    ("it", "volume della musica al 50%", [("set_music_volume", {"volume": 0.5})]),
    ("it", "la musica si sente troppo", [("set_music_volume", {"change": DOWN})]),
    ("it", "sfuma la musica alla fine per 4 secondi", [("set_music_fades", {"fade_out": 4})]),
    ("it", "togli l'audio del video", [("set_clip_volume", {"volume": 0})]),
    ("it", "taglia il video ai primi 5 secondi", [("trim_clip", {"index": 4, "seconds": 5})]),
    ("it", "stile cinematografico", [("apply_style", {"style": "cinematic"})]),
    ("it", "rendilo più romantico", [("apply_style", {"style": "romantic"})]),
    ("it", "voglio uno stile energico", [("apply_style", {"style": "energetic"})]),
    ("it", "annulla", "history"),
    ("it", "annulla le ultime due modifiche", "history"),
    ("it", "ripeti", "history"),
    ("it", "esporta in mp4", [("export", {"format": "mp4"})]),
    ("it", "scarica il video in 720p", [("export", {"resolution": "720p"})]),
    ("it", "risoluzione 4k", "question"),  # 1080p is the highest: refused, never promised
    ("it", "risoluzione 720p", [("set_output", {"resolution": "720p"})]),
    ("it", "ciao", "noop"),
    ("it", "grazie mille", "noop"),
    ("it", "cosa puoi fare?", "help"),
    (
        "it",
        "togli la musica e metti 9:16",
        [("set_music", {"music": None}), ("set_aspect", {"aspect": "9:16"})],
    ),
    ("it", "più lento, 4 secondi per foto", [("set_pace", {}), ("set_duration", {"seconds": 4})]),
    ("it", "rimetti la foto del mare", "question"),
    ("it", "crea uno slideshow", [("make_slideshow", {})]),
    (
        "it",
        "crea uno slideshow verticale con musica romantica, 3 secondi per foto",
        [
            ("make_slideshow", {}),
            ("set_music", {"music": "serenata"}),
            ("set_aspect", {"aspect": "9:16"}),
            ("set_duration", {"seconds": 3}),
        ],
    ),
    (
        "it",
        "aggiungi il titolo Estate in Toscana in alto",
        [("add_title", {"text": "Estate in Toscana", "pos": "top"})],
    ),
    ("it", "metti il titolo in basso", [("edit_text", {"role": "title", "pos": "bottom"})]),
    (
        "it",
        "titolo più grande e rosso",
        [("edit_text", {"size": Between(0.06, 0.1), "color": "#e53935"})],
    ),
    ("it", "sposta il colosseo prima del duomo", [("move_photo", {"index": 7, "to": 2})]),
    ("it", "la gondola senza audio", [("set_clip_volume", {"index": 4, "volume": 0})]),
    ("it", "la musica parte piano per 2 secondi", [("set_music_fades", {"fade_in": 2})]),
    ("it", "metti una musica più tranquilla", [("set_music", {"music": "mandolino"})]),
    ("it", "aggiungi musica", "question"),
    ("it", "senza transizioni", [("set_transition", {"kind": "cut"})]),
    ("it", "metti il duomo per primo", [("move_photo", {"index": 2, "to": 1})]),
    ("it", "in formato gif", [("set_output", {"format": "gif"})]),
    ("it", "grazie, ora esporta in 1080p", [("export", {"resolution": "1080p"})]),
]

EN: list[Case] = [
    (
        "en",
        "make a slideshow with italian music",
        [("make_slideshow", {}), ("set_music", {"music": "tarantella"})],
    ),
    ("en", "make it 9:16 for Reels", [("set_aspect", {"aspect": "9:16"})]),
    ("en", "make it vertical", [("set_aspect", {"aspect": "9:16"})]),
    ("en", "square please", [("set_aspect", {"aspect": "1:1"})]),
    ("en", "landscape for youtube", [("set_aspect", {"aspect": "16:9"})]),
    ("en", "slower", [("set_pace", {"factor": SLOWER})]),
    ("en", "a bit faster", [("set_pace", {"factor": Between(0.8, 0.95)})]),
    ("en", "much faster", [("set_pace", {"factor": Between(0.5, 0.7)})]),
    ("en", "slow it down", [("set_pace", {"factor": SLOWER})]),
    ("en", "speed it up a lot", [("set_pace", {"factor": Between(0.5, 0.7)})]),
    ("en", "move the third photo to the start", [("move_photo", {"index": 3, "to": 1})]),
    ("en", "put the last one first", [("move_photo", {"index": 7, "to": 1})]),
    ("en", "move photo 2 to the end", [("move_photo", {"index": 2, "to": 7})]),
    ("en", "move photo 5 to position 2", [("move_photo", {"index": 5, "to": 2})]),
    ("en", "put the sunset photo at the beginning", [("move_photo", {"index": 3, "to": 1})]),
    ("en", "move the first photo after the third", [("move_photo", {"index": 1, "to": 3})]),
    ("en", "swap the first and the second photo", [("swap_photos", {"a": 1, "b": 2})]),
    ("en", "swap photos 3 and 6", [("swap_photos", {"a": 3, "b": 6})]),
    ("en", "reverse the order", [("reverse_order", {})]),
    ("en", "sort by date", [("sort_photos", {"by": "date"})]),
    ("en", "sort them by name", [("sort_photos", {"by": "name"})]),
    ("en", "shuffle the photos", [("shuffle_photos", {})]),
    ("en", "remove the third photo", [("remove_photo", {"index": 3})]),
    ("en", "delete the last one", [("remove_photo", {"index": 7})]),
    ("en", "get rid of the beach photo", [("remove_photo", {"index": 5})]),
    ("en", "remove the pizza picture", [("remove_photo", {"index": 6})]),
    ("en", "remove a photo", "question"),
    ("en", "two seconds per photo", [("set_duration", {"seconds": 2})]),
    ("en", "each photo 1.5s", [("set_duration", {"seconds": 1.5})]),
    ("en", "make the video 45 seconds long", [("set_total_length", {"seconds": 45})]),
    ("en", "make the video thirty-five seconds long", [("set_total_length", {"seconds": 35})]),
    ("en", "seventy seconds in total", [("set_total_length", {"seconds": 70})]),
    ("en", "total length one minute", [("set_total_length", {"seconds": 60})]),
    (
        "en",
        "the second photo should last 6 seconds",
        [("set_duration", {"seconds": 6, "index": 2})],
    ),
    ("en", "use crossfade transitions", [("set_transition", {"kind": "crossfade"})]),
    ("en", "fade to black between photos", [("set_transition", {"kind": "fade_black"})]),
    ("en", "no transitions", [("set_transition", {"kind": "cut"})]),
    ("en", "transitions of 0.8 seconds", [("set_transition", {"seconds": 0.8})]),
    ("en", "slide transitions", [("set_transition", {"kind": "slide_left"})]),
    ("en", "varied transitions", [("set_transition", {"kind": "varied"})]),
    ("en", "turn off the ken burns effect", [("set_ken_burns", {"on": False})]),
    ("en", "more zoom", [("set_ken_burns", {"intensity": Between(1.2, 3)})]),
    ("en", "gentle motion", [("set_ken_burns", {"intensity": Between(0.2, 0.8)})]),
    ("en", "keep the photos static", [("set_ken_burns", {"on": False})]),
    ("en", "don't crop the photos", [("set_fit", {"fit": "contain"})]),
    ("en", "fill the frame", [("set_fit", {"fit": "cover"})]),
    (
        "en",
        "add the title 'Summer in Tuscany' at the top",
        [("add_title", {"text": "Summer in Tuscany", "pos": "top"})],
    ),
    (
        "en",
        "add a title “Road Trip” in red",
        [("add_title", {"text": "Road Trip", "color": "#e53935"})],
    ),
    (
        "en",
        "subtitle 'August 2024' at the bottom",
        [("add_title", {"text": "August 2024", "role": "subtitle", "pos": "bottom"})],
    ),
    ("en", "remove the title", [("remove_text", {"role": "title"})]),
    (
        "en",
        "caption the first photo 'Positano'",
        [("set_caption", {"index": 1, "text": "Positano"})],
    ),
    ("en", "add a title", "question"),
    ("en", "romantic music", [("set_music", {"music": "serenata"})]),
    ("en", "upbeat music please", [("set_music", {"music": "festa"})]),
    ("en", "calm music", [("set_music", {"music": "mandolino"})]),
    ("en", "no music", [("set_music", {"music": None})]),
    ("en", "change the music", "question"),
    ("en", "use my song", [("set_music", {"music": "a1"})]),
    ("en", "music a bit louder", [("set_music_volume", {"change": UP})]),
    ("en", "turn the music down", [("set_music_volume", {"change": DOWN})]),
    ("en", "music volume 20%", [("set_music_volume", {"volume": 0.2})]),
    ("en", "fade out the music over 3 seconds", [("set_music_fades", {"fade_out": 3})]),
    ("en", "mute the clip", [("set_clip_volume", {"volume": 0})]),
    ("en", "trim the clip to the first 4 seconds", [("trim_clip", {"index": 4, "seconds": 4})]),
    ("en", "cinematic style", [("apply_style", {"style": "cinematic"})]),
    ("en", "make it more energetic", [("apply_style", {"style": "energetic"})]),
    ("en", "undo", "history"),
    ("en", "undo that", "history"),
    ("en", "redo", "history"),
    ("en", "export", [("export", {"format": "mp4"})]),
    ("en", "download it as a gif", [("export", {"format": "gif"})]),
    ("en", "export in 1080p mov", [("export", {"format": "mov", "resolution": "1080p"})]),
    ("en", "hello", "noop"),
    ("en", "thanks!", "noop"),
    ("en", "help", "help"),
    ("en", "what's the weather like", "help"),
    (
        "en",
        "make it 9:16 and add the title 'Summer'",
        [("set_aspect", {"aspect": "9:16"}), ("add_title", {"text": "Summer"})],
    ),
    (
        "en",
        "remove the music and make it square",
        [("set_music", {"music": None}), ("set_aspect", {"aspect": "1:1"})],
    ),
    ("en", "put the duomo photo after the sunset", [("move_photo", {"index": 2, "to": 3})]),
    ("en", "make each photo last 4 seconds", [("set_duration", {"seconds": 4})]),
    ("en", "set the music volume to 40 percent", [("set_music_volume", {"volume": 0.4})]),
    (
        "en",
        "can you make the transitions shorter?",
        [("set_transition", {"seconds": Between(0.1, 0.45)})],
    ),
    (
        "en",
        "add a caption to the sunset photo saying 'Golden hour'",
        [("set_caption", {"index": 3, "text": "Golden hour"})],
    ),
    (
        "en",
        "trim the gondola clip from 2 to 5 seconds",
        [("trim_clip", {"index": 4, "start": 2, "seconds": 3})],
    ),
    ("en", "let the music fade out at the end", [("set_music_fades", {"fade_out": Between(1, 5)})]),
    ("en", "mute the gondola", [("set_clip_volume", {"index": 4, "volume": 0})]),
    ("en", "ken burns stronger", [("set_ken_burns", {"intensity": Between(1.2, 3)})]),
    ("en", "I want it in 4:5", [("set_aspect", {"aspect": "4:5"})]),
    ("en", "hi, can you make it vertical?", [("set_aspect", {"aspect": "9:16"})]),
]

ZH: list[Case] = [
    (
        "zh",
        "用意大利音乐做一个幻灯片",
        [("make_slideshow", {}), ("set_music", {"music": "tarantella"})],
    ),
    ("zh", "把音乐音量调低一点", [("set_music_volume", {"change": DOWN})]),
    ("zh", "音乐大声一点", [("set_music_volume", {"change": UP})]),
    ("zh", "音量调到百分之三十", [("set_music_volume", {"volume": 0.3})]),
    ("zh", "去掉音乐", [("set_music", {"music": None})]),
    ("zh", "换成浪漫的音乐", [("set_music", {"music": "serenata"})]),
    ("zh", "换一首欢快的音乐", [("set_music", {"music": "festa"})]),
    ("zh", "换音乐", "question"),
    ("zh", "慢一点", [("set_pace", {"factor": SLOWER})]),
    ("zh", "快一点", [("set_pace", {"factor": FASTER})]),
    ("zh", "再快一些", [("set_pace", {"factor": FASTER})]),
    ("zh", "放慢很多", [("set_pace", {"factor": Between(1.45, 2)})]),
    ("zh", "把第三张放到最前面", [("move_photo", {"index": 3, "to": 1})]),
    ("zh", "把第二张放到最后", [("move_photo", {"index": 2, "to": 7})]),
    ("zh", "把最后一张移到开头", [("move_photo", {"index": 7, "to": 1})]),
    ("zh", "把第一张移到第4位", [("move_photo", {"index": 1, "to": 4})]),
    ("zh", "交换第一张和第二张", [("swap_photos", {"a": 1, "b": 2})]),
    ("zh", "倒序播放", [("reverse_order", {})]),
    ("zh", "按拍摄时间排序", [("sort_photos", {"by": "date"})]),
    ("zh", "按文件名排序", [("sort_photos", {"by": "name"})]),
    ("zh", "打乱顺序", [("shuffle_photos", {})]),
    ("zh", "删除第二张", [("remove_photo", {"index": 2})]),
    ("zh", "删掉最后一张照片", [("remove_photo", {"index": 7})]),
    ("zh", "去掉海边那张", [("remove_photo", {"index": 1})]),
    ("zh", "删除一张照片", "question"),
    ("zh", "每张三秒", [("set_duration", {"seconds": 3})]),
    ("zh", "每张照片显示2.5秒", [("set_duration", {"seconds": 2.5})]),
    ("zh", "第三张显示五秒", [("set_duration", {"seconds": 5, "index": 3})]),
    ("zh", "视频总长三十秒", [("set_total_length", {"seconds": 30})]),
    ("zh", "做成一分钟的视频", [("set_total_length", {"seconds": 60})]),
    ("zh", "转场用黑场过渡", [("set_transition", {"kind": "fade_black"})]),
    ("zh", "去掉转场", [("set_transition", {"kind": "cut"})]),
    ("zh", "转场一秒", [("set_transition", {"seconds": 1})]),
    ("zh", "用滑动转场", [("set_transition", {"kind": "slide_left"})]),
    ("zh", "关掉缩放效果", [("set_ken_burns", {"on": False})]),
    ("zh", "动态效果轻微一点", [("set_ken_burns", {"intensity": Between(0.2, 0.8)})]),
    ("zh", "改成竖屏", [("set_aspect", {"aspect": "9:16"})]),
    ("zh", "做成抖音的比例", [("set_aspect", {"aspect": "9:16"})]),
    ("zh", "改成1:1", [("set_aspect", {"aspect": "1:1"})]),
    ("zh", "横屏", [("set_aspect", {"aspect": "16:9"})]),
    ("zh", "完整显示照片，不要裁剪", [("set_fit", {"fit": "contain"})]),
    ("zh", "在顶部加标题「托斯卡纳之夏」", [("add_title", {"text": "托斯卡纳之夏", "pos": "top"})]),
    ("zh", "加个标题：意大利之旅", [("add_title", {"text": "意大利之旅"})]),
    ("zh", "标题改成红色", [("edit_text", {"color": "#e53935"})]),
    ("zh", "删除标题", [("remove_text", {"role": "title"})]),
    ("zh", "给第一张加字幕「波西塔诺」", [("set_caption", {"index": 1, "text": "波西塔诺"})]),
    ("zh", "加副标题“八月”", [("add_title", {"text": "八月", "role": "subtitle"})]),
    ("zh", "电影感风格", [("apply_style", {"style": "cinematic"})]),
    ("zh", "浪漫风格", [("apply_style", {"style": "romantic"})]),
    ("zh", "动感一点的风格", [("apply_style", {"style": "energetic"})]),
    ("zh", "视频原声静音", [("set_clip_volume", {"volume": 0})]),
    ("zh", "撤销", "history"),
    ("zh", "撤回两步", "history"),
    ("zh", "重做", "history"),
    ("zh", "导出", [("export", {"format": "mp4"})]),
    ("zh", "导出720p的mp4", [("export", {"format": "mp4", "resolution": "720p"})]),
    ("zh", "你好", "noop"),
    ("zh", "谢谢", "noop"),
    ("zh", "你能做什么", "help"),
    (
        "zh",
        "去掉音乐然后改成竖屏",
        [("set_music", {"music": None}), ("set_aspect", {"aspect": "9:16"})],
    ),
    ("zh", "慢一点，并且加标题「假期」", [("set_pace", {}), ("add_title", {"text": "假期"})]),
    ("zh", "把音乐换成小夜曲", [("set_music", {"music": "serenata"})]),
    (
        "zh",
        "每张照片停留4秒，转场0.5秒",
        [("set_duration", {"seconds": 4}), ("set_transition", {"seconds": 0.5})],
    ),
    ("zh", "音乐声音小一点", [("set_music_volume", {"change": DOWN})]),
    ("zh", "把标题改成「夏天」", [("add_title", {"text": "夏天"})]),
    ("zh", "第二张和第三张交换", [("swap_photos", {"a": 2, "b": 3})]),
    ("zh", "用浪漫的风格", [("apply_style", {"style": "romantic"})]),
    ("zh", "把视频剪短到前3秒", [("trim_clip", {"index": 4, "seconds": 3})]),
    ("zh", "导出成gif", [("export", {"format": "gif"})]),
    ("zh", "加快", [("set_pace", {"factor": FASTER})]),
    ("zh", "标题放在底部", [("edit_text", {"pos": "bottom"})]),
]

MIXED: list[Case] = [
    (
        "it",
        "make it 9:16 e più lento",
        [("set_aspect", {"aspect": "9:16"}), ("set_pace", {"factor": SLOWER})],
    ),
    (
        "en",
        "metti la musica romantica and make it square",
        [("set_music", {"music": "serenata"}), ("set_aspect", {"aspect": "1:1"})],
    ),
    ("zh", "把音乐调低 and slower", [("set_music_volume", {"change": DOWN}), ("set_pace", {})]),
    (
        "it",
        "titolo 'Ciao Roma' 然后 快一点",
        [("add_title", {"text": "Ciao Roma"}), ("set_pace", {})],
    ),
    ("en", "togli la terza foto", [("remove_photo", {"index": 3})]),
    ("it", "remove the last photo", [("remove_photo", {"index": 7})]),
    ("it", "把第二张放到最后", [("move_photo", {"index": 2, "to": 7})]),
    ("zh", "undo", "history"),
    (
        "it",
        "9:16 please, e togli la musica",
        [("set_aspect", {"aspect": "9:16"}), ("set_music", {"music": None})],
    ),
    ("en", "più veloce", [("set_pace", {"factor": FASTER})]),
]

# General capabilities added with the held-out set (tests/chat/heldout.py):
# subsets, ranges, title timing, halves, clitics, phrasal verbs, bare pronouns.
GENERAL: list[Case] = [
    ("it", "solo le prime 3 foto", [("make_slideshow", {"media_ids": ["m1", "m2", "m3"]})]),
    ("en", "only photos 2 to 4", [("make_slideshow", {"media_ids": ["m2", "m3", "m4"]})]),
    ("zh", "只用前三张", [("make_slideshow", {"media_ids": ["m1", "m2", "m3"]})]),
    (
        "en",
        "delete photos 2 to 4",
        [
            ("remove_photo", {"index": 4}),
            ("remove_photo", {"index": 3}),
            ("remove_photo", {"index": 2}),
        ],
    ),
    ("zh", "前两张不要了", [("remove_photo", {"index": 2}), ("remove_photo", {"index": 1})]),
    ("it", "il titolo dal secondo 2 per 3 secondi", [("edit_text", {"start": 2, "seconds": 3})]),
    ("en", "show the title at 5 seconds", [("edit_text", {"start": 5})]),
    ("zh", "标题从第2秒开始显示3秒", [("edit_text", {"start": 2, "seconds": 3})]),
    ("it", "un secondo e mezzo per foto", [("set_duration", {"seconds": 1.5})]),
    ("en", "half a second per photo", [("set_duration", {"seconds": 0.5})]),
    ("zh", "转场时间半秒", [("set_transition", {"seconds": 0.5})]),
    ("it", "la penultima foto mettila all'inizio", [("move_photo", {"index": 6, "to": 1})]),
    ("it", "ordinale per data dalla più recente", [("sort_photos", {"descending": True})]),
    ("en", "tone down the music", [("set_music_volume", {"change": DOWN})]),
    ("en", "crank up the music", [("set_music_volume", {"change": UP})]),
    ("en", "put the beach pic second", [("move_photo", {"index": 5, "to": 2})]),
    ("it", "abbassa l'audio della gondola", [("set_clip_volume", {"index": 4})]),
    ("it", "cancellala", "question"),
    ("en", "delete it", "question"),
    ("zh", "把它删掉", "question"),
    ("en", "write me a poem", "help"),
    ("it", "che tempo fa a Roma?", "help"),
]

# Issue 10, "the editor never surprises": negations, corrections, per-range and
# relative edits, output limits. Phrased apart from tests/chat/heldout_trust.py.
TRUST: list[Case] = [
    ("it", "non esportare", "noop"),
    (
        "it",
        "non cancellare la quarta, sposta la quarta alla fine",
        [("move_photo", {"index": 4, "to": 7})],
    ),
    ("it", "non togliere il titolo e metti la musica festa", [("set_music", {"music": "festa"})]),
    ("en", "don't export it yet", "noop"),
    ("en", "do not delete anything, just go faster", [("set_pace", {"factor": FASTER})]),
    ("en", "don't touch the music, make it square", [("set_aspect", {"aspect": "1:1"})]),
    ("zh", "别导出", "noop"),
    ("zh", "别删照片，快一点", [("set_pace", {"factor": FASTER})]),
    (
        "it",
        "metti la musica serenata, anzi no, tarantella",
        [("set_music", {"music": "tarantella"})],
    ),
    ("it", "togli la terza foto, anzi no, la sesta", [("remove_photo", {"index": 6})]),
    ("en", "make it portrait, actually no, landscape", [("set_aspect", {"aspect": "16:9"})]),
    ("en", "delete the second photo, scratch that", "noop"),
    ("zh", "删掉最后一张，算了", "noop"),
    (
        "it",
        "le prime due foto 6 secondi ciascuna",
        [("set_duration", {"index": i, "seconds": 6}) for i in (1, 2)],
    ),
    (
        "en",
        "the last three photos 2 seconds each",
        [("set_duration", {"index": i, "seconds": 2}) for i in (5, 6, 7)],
    ),
    ("zh", "前两张每张六秒", [("set_duration", {"index": i, "seconds": 6}) for i in (1, 2)]),
    (
        "en",
        "photos 1 and 2 twice as long",
        [("set_duration", {"index": i, "seconds": 7}) for i in (1, 2)],
    ),
    ("it", "la terza foto il doppio", [("set_duration", {"index": 3, "seconds": 7})]),
    ("zh", "第一张时间减半", [("set_duration", {"index": 1, "seconds": 1.75})]),
    ("en", "export in 2k", "question"),
    ("it", "esporta in mov a 720p", [("export", {"format": "mov", "resolution": "720p"})]),
    ("zh", "导出gif 480p", [("export", {"format": "gif", "resolution": "480p"})]),
    ("en", "music: serenade", [("set_music", {"music": "serenata"})]),
    ("it", "musica da festa", [("set_music", {"music": "festa"})]),
    ("en", "add a vintage filter", "help"),
    ("it", "esporta in mp4 ma non ancora", "noop"),
    ("en", "never mind", "noop"),
    ("en", "the music is not loud enough", [("set_music_volume", {"change": UP})]),
    (
        "it",
        "aggiungi il titolo 'Estate' e fallo rosso",
        [("add_title", {"text": "Estate", "color": "#e53935"})],
    ),
    (
        "en",
        "add the title 'Summer' and make it red",
        [("add_title", {"text": "Summer", "color": "#e53935"})],
    ),
    ("en", "make it square and add a countdown", [("set_aspect", {"aspect": "1:1"})]),
]

# What the page's own controls send, and the vocabulary's names said in a sentence.
CONTROLS: list[Case] = [
    ("it", "Transizioni: tendina a destra", [("set_transition", {"kind": "wipe_right"})]),
    (
        "it",
        "metti le transizioni a scorrimento verso l'alto",
        [("set_transition", {"kind": "slide_up"})],
    ),
    ("en", "Transitions: fade_black", [("set_transition", {"kind": "fade_black"})]),
    ("en", "use a push to the right between photos", [("set_transition", {"kind": "push_right"})]),
    ("zh", "转场：向下擦除", [("set_transition", {"kind": "wipe_down"})]),
    ("zh", "转场：circle", [("set_transition", {"kind": "circle"})]),
    (
        "it",
        "Didascalia della foto 2: «Il mare»",
        [("set_caption", {"index": 2, "text": "Il mare"})],
    ),
    ("en", "Caption of photo 3: «Old town»", [("set_caption", {"index": 3, "text": "Old town"})]),
    ("zh", "音乐：festa", [("set_music", {"music": "festa"})]),
    ("it", "Musica: lounge all'italiana", [("set_music", {"music": "lounge"})]),
    ("en", "Music volume 60%", [("set_music_volume", {"volume": 0.6})]),
    ("it", "Togli la didascalia della foto 2", [("remove_caption", {"index": 2})]),
]

# Culling from the photos' analysis, and beat sync (on canzone.mp3's detected tempo).
ON, OFF = [("set_beat_sync", {"on": True})], [("set_beat_sync", {"on": False})]
TASTE: list[Case] = [
    ("it", "tieni solo le migliori 3", [("keep_best", {"count": 3})]),
    ("it", "tieni solo le 4 foto più belle", [("keep_best", {"count": 4})]),
    ("en", "keep only the best 3", [("keep_best", {"count": 3})]),
    ("en", "just the 5 best photos", [("keep_best", {"count": 5})]),
    ("zh", "只保留最好的3张", [("keep_best", {"count": 3})]),
    ("zh", "只留最好的五张照片", [("keep_best", {"count": 5})]),
    ("it", "togli le foto mosse", [("remove_blurred", {})]),
    ("it", "elimina le foto sfocate", [("remove_blurred", {})]),
    ("en", "remove the blurry photos", [("remove_blurred", {})]),
    ("en", "get rid of the out of focus shots", [("remove_blurred", {})]),
    ("zh", "去掉模糊的照片", [("remove_blurred", {})]),
    ("zh", "把糊了的删掉", [("remove_blurred", {})]),
    ("it", "togli i doppioni", [("remove_duplicates", {})]),
    ("it", "elimina le foto simili", [("remove_duplicates", {})]),
    ("en", "remove duplicates", [("remove_duplicates", {})]),
    ("en", "delete the similar photos", [("remove_duplicates", {})]),
    ("zh", "去掉重复的", [("remove_duplicates", {})]),
    ("zh", "删掉相似的照片", [("remove_duplicates", {})]),
    (
        "it",
        "togli le foto mosse e i doppioni",
        [("remove_blurred", {}), ("remove_duplicates", {})],
    ),
    ("it", "taglia a tempo", ON),
    ("it", "cambia le foto a tempo di musica", ON),
    ("it", "sincronizza le foto con il ritmo", ON),
    ("en", "sync to the beat", ON),
    ("en", "cut to the beat", ON),
    ("en", "turn on beat sync", ON),
    ("zh", "卡点", ON),
    ("zh", "踩点", ON),
    ("zh", "跟着音乐的节拍切换", ON),
    ("it", "non a tempo", OFF),
    ("it", "non tagliare più a tempo", OFF),
    ("en", "no beat sync", OFF),
    ("en", "don't cut to the beat", OFF),
    ("zh", "不卡点", OFF),
    ("zh", "取消卡点", OFF),
    ("it", "metti la festa e taglia a tempo", [("set_music", {"music": "festa"}), *ON]),
]

# Typography (issue 11): the titles' font and how they enter.
TASTE += [
    ("it", "titolo che sale", [("edit_text", {"role": "title", "anim": "rise"})]),
    ("it", "fai salire il titolo", [("edit_text", {"role": "title", "anim": "rise"})]),
    ("it", "effetto macchina da scrivere", [("edit_text", {"anim": "typewriter"})]),
    (
        "it",
        "il titolo appare lettera per lettera",
        [("edit_text", {"role": "title", "anim": "typewriter"})],
    ),
    ("it", "titolo in dissolvenza", [("edit_text", {"role": "title", "anim": "fade"})]),
    ("it", "titolo senza animazione", [("edit_text", {"role": "title", "anim": "none"})]),
    ("it", "usa un carattere moderno", [("edit_text", {"role": "all", "font": "sans"})]),
    ("it", "usa un carattere serif", [("edit_text", {"role": "all", "font": "serif"})]),
    ("it", "titolo con carattere classico", [("edit_text", {"font": "serif"})]),
    (
        "it",
        "aggiungi il titolo Estate in Toscana che sale",
        [("add_title", {"text": "Estate in Toscana", "anim": "rise"})],
    ),
    (
        "it",
        "metti la musica romantica e usa un carattere moderno",
        [("set_music", {"music": "serenata"}), ("edit_text", {"font": "sans"})],
    ),
    ("en", "typewriter title", [("edit_text", {"role": "title", "anim": "typewriter"})]),
    ("en", "make the title rise", [("edit_text", {"role": "title", "anim": "rise"})]),
    ("en", "the title fades in", [("edit_text", {"role": "title", "anim": "fade"})]),
    ("en", "use a serif font", [("edit_text", {"role": "all", "font": "serif"})]),
    ("en", "use a modern font", [("edit_text", {"role": "all", "font": "sans"})]),
    (
        "en",
        "add the title 'Road Trip' with a typewriter effect",
        [("add_title", {"text": "Road Trip", "anim": "typewriter"})],
    ),
    ("zh", "标题淡入", [("edit_text", {"role": "title", "anim": "fade"})]),
    ("zh", "标题打字机效果", [("edit_text", {"role": "title", "anim": "typewriter"})]),
    ("zh", "标题从下面升起", [("edit_text", {"role": "title", "anim": "rise"})]),
    ("zh", "标题用衬线字体", [("edit_text", {"role": "title", "font": "serif"})]),
    ("zh", "用现代字体", [("edit_text", {"role": "all", "font": "sans"})]),
    # A look asked for the texts there are, before the text handler reads "niente" as removal.
    ("it", "niente animazioni sul titolo", [("edit_text", {"role": "title", "anim": "none"})]),
    ("it", "le didascalie salgono dal basso", [("edit_text", {"role": "caption", "anim": "rise"})]),
    ("en", "no caption animation", [("edit_text", {"role": "caption", "anim": "none"})]),
    ("en", "the words type themselves out", [("edit_text", {"role": "all", "anim": "typewriter"})]),
    ("zh", "文字不要动画", [("edit_text", {"role": "all", "anim": "none"})]),
]


# Platform presets: a platform named makes the video for it; a shape named outright
# ("9:16 per i reel") stays an aspect change (see IT, EN, ZH).
PRESETS: list[Case] = [
    ("it", "per Instagram", [("set_preset", {"preset": "instagram-reels"})]),
    ("it", "fallo per le storie di Instagram", [("set_preset", {"preset": "instagram-stories"})]),
    ("it", "per il feed di instagram", [("set_preset", {"preset": "instagram-feed"})]),
    ("it", "lo pubblico su tiktok", [("set_preset", {"preset": "tiktok"})]),
    ("it", "preparalo per youtube shorts", [("set_preset", {"preset": "youtube-shorts"})]),
    ("it", "mandalo su whatsapp", [("set_preset", {"preset": "whatsapp"})]),
    (
        "it",
        "esportalo per whatsapp",
        [("set_preset", {"preset": "whatsapp"}), ("export", {"format": "mp4"})],
    ),
    ("en", "for TikTok", [("set_preset", {"preset": "tiktok"})]),
    ("en", "make it for WhatsApp", [("set_preset", {"preset": "whatsapp"})]),
    ("en", "ready for YouTube Shorts", [("set_preset", {"preset": "youtube-shorts"})]),
    ("en", "for youtube", [("set_preset", {"preset": "youtube"})]),
    ("en", "I want to post it on Facebook", [("set_preset", {"preset": "facebook"})]),
    ("en", "make an Instagram post", [("set_preset", {"preset": "instagram-feed"})]),
    ("en", "for TikTok and export it", [("set_preset", {"preset": "tiktok"}), ("export", {})]),
    ("zh", "发到抖音", [("set_preset", {"preset": "tiktok"})]),
    ("zh", "适合微信/WhatsApp", [("set_preset", {"preset": "whatsapp"})]),
    ("zh", "发到油管", [("set_preset", {"preset": "youtube"})]),
    ("zh", "做成Instagram快拍", [("set_preset", {"preset": "instagram-stories"})]),
    ("zh", "发脸书", [("set_preset", {"preset": "facebook"})]),
    ("zh", "导出到抖音", [("set_preset", {"preset": "tiktok"}), ("export", {})]),
]

CASES: list[Case] = IT + EN + ZH + MIXED + GENERAL + TRUST + CONTROLS + TASTE + PRESETS

# The story: Positano, Florence and Amalfi are located (EXIF GPS), four photos dated.
STORY: list[Case] = [
    ("it", "aggiungi luoghi e date", [("set_story", {"places": True, "dates": True})]),
    ("it", "metti i capitoli", [("set_story", {"chapters": "cards", "lang": "it"})]),
    ("it", "togli le date", [("set_story", {"dates": False})]),
    ("it", "togli i capitoli", [("set_story", {"chapters": "off"})]),
    ("it", "mostra i luoghi", [("set_story", {"places": True})]),
    ("it", "aggiungi la data e il luogo", [("set_story", {"places": True, "dates": True})]),
    ("it", "ordina le foto per data", [("sort_photos", {"by": "date"})]),
    ("it", "suggerisci un titolo", "question"),
    ("it", "usa il titolo suggerito", [("add_title", {"text": "Italia, luglio 2024"})]),
    ("en", "add places and dates", [("set_story", {"places": True, "dates": True})]),
    ("en", "remove the dates", [("set_story", {"dates": False})]),
    ("en", "put the chapters as captions", [("set_story", {"chapters": "captions"})]),
    ("en", "show where each photo was taken", [("set_story", {"places": True})]),
    ("en", "suggest a title", "question"),
    ("en", "use the suggested title", [("add_title", {"text": "Italy, July 2024"})]),
    ("zh", "添加地点和日期", [("set_story", {"places": True, "dates": True, "lang": "zh"})]),
    ("zh", "去掉日期", [("set_story", {"dates": False})]),
    ("zh", "加上章节", [("set_story", {"chapters": "cards"})]),
    ("zh", "建议一个标题", "question"),
    ("zh", "用建议的标题", [("add_title", {"text": "意大利，2024年7月"})]),
    # One clause hiding one and showing the other: each takes its own verb.
    (
        "it",
        "nascondi le date ma mostra i luoghi",
        [("set_story", {"dates": False}), ("set_story", {"places": True})],
    ),
    ("it", "metti solo i luoghi", [("set_story", {"places": True, "dates": False})]),
    (
        "en",
        "hide the places, show the dates",
        [("set_story", {"places": False}), ("set_story", {"dates": True})],
    ),
    ("en", "only the dates please", [("set_story", {"places": False, "dates": True})]),
    ("zh", "去掉地点，保留日期", [("set_story", {"places": False, "dates": True})]),
    # Chapters named by what they mark.
    ("it", "dividi il video per giorni", [("set_story", {"chapters": "cards"})]),
    ("en", "split it by city with title cards", [("set_story", {"chapters": "cards"})]),
    ("zh", "按城市分段", [("set_story", {"chapters": "cards"})]),
    # A title asked of the editor is offered first.
    ("it", "inventami un titolo", "question"),
    ("en", "think of a good title", "question"),
]
CASES += STORY

# Phrasings kept out of the lexicon work, to see how the rules generalise.
UNSEEN: list[Case] = [
    ("it", "potresti rallentare un po' tutto?", [("set_pace", {"factor": SLOWER})]),
    ("it", "la foto del colosseo mettila per prima", [("move_photo", {"index": 7, "to": 1})]),
    ("en", "could you drop the pizza shot", [("remove_photo", {"index": 6})]),
    ("en", "I'd like it a lot slower", [("set_pace", {"factor": Between(1.45, 2)})]),
    ("zh", "把音乐关掉", [("set_music", {"music": None})]),
    ("zh", "每张照片四秒钟", [("set_duration", {"seconds": 4})]),
    (
        "it",
        "vorrei il formato per le storie di instagram",
        [("set_preset", {"preset": "instagram-stories"})],
    ),
    (
        "en",
        "put a big yellow title 'Ciao' at the bottom",
        [("add_title", {"text": "Ciao", "pos": "bottom", "color": "#fdd835"})],
    ),
]
UNSEEN += [
    ("it", "puoi togliere la foto della pizza?", [("remove_photo", {"index": 6})]),
    ("it", "vorrei la musica un filo più bassa", [("set_music_volume", {"change": DOWN})]),
    ("it", "fammi un video quadrato", [("make_slideshow", {}), ("set_aspect", {"aspect": "1:1"})]),
    ("it", "la quinta foto mettila in seconda posizione", [("move_photo", {"index": 5, "to": 2})]),
    ("en", "swap the sunset and the pizza", [("swap_photos", {"a": 3, "b": 6})]),
    ("en", "make the music quieter please", [("set_music_volume", {"change": DOWN})]),
    ("en", "give it a cinematic look", [("apply_style", {"style": "cinematic"})]),
    ("en", "i'd prefer no music at all", [("set_music", {"music": None})]),
    ("zh", "把披萨那张删掉", [("remove_photo", {"index": 6})]),
    ("zh", "节奏慢一点", [("set_pace", {"factor": SLOWER})]),
    ("zh", "换成横屏的", [("set_aspect", {"aspect": "16:9"})]),
    ("zh", "每张照片两秒半", [("set_duration", {"seconds": 2.5})]),
]

#: Every photo and clip, named: the corpus's slideshow shows them all, the near-identical
#: pair included (a slideshow of "all" would leave one of them out).
VISUAL_IDS = [m.id for m in MEDIA if m.kind != "audio"]
