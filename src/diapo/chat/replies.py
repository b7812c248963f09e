"""What the assistant says back, in Italian, English or Chinese."""

from __future__ import annotations

from diapo.draft.vocabulary import MUSIC_STYLES

__all__ = ["QUESTIONS", "help_text", "reply", "say_in"]

_STYLES = ", ".join(MUSIC_STYLES)

TEXTS: dict[str, dict[str, str]] = {
    "done": {"it": "Fatto: {items}.", "en": "Done: {items}.", "zh": "已完成：{items}。"},
    # Said instead of "done" when a clause of the message was not applied: "Fatto"
    # would read as if everything was.
    "done_partial": {
        "it": "Ho cambiato: {items}.",
        "en": "Changed: {items}.",
        "zh": "已修改：{items}。",
    },
    "not_done": {
        "it": "Non l'ho fatto: «{text}».",
        "en": "Not done: “{text}”.",
        "zh": "没有做：「{text}」。",
    },
    "failed": {
        "it": "Non ho potuto: {items}.",
        "en": "I couldn't: {items}.",
        "zh": "无法完成：{items}。",
    },
    "implicit": {
        "it": "Ho creato prima lo slideshow con le tue {n} foto.",
        "en": "I first made the slideshow from your {n} photos.",
        "zh": "我先用你的{n}个素材创建了幻灯片。",
    },
    "not_understood": {
        "it": "Non ho capito: «{text}».",
        "en": "I didn't understand: “{text}”.",
        "zh": "我没理解：「{text}」。",
    },
    "quote_sep": {"it": "», «", "en": "”, “", "zh": "」、「"},
    "refused": {
        "it": "Va bene, non lo faccio: «{text}».",
        "en": "OK, I won't: “{text}”.",
        "zh": "好的，不做：「{text}」。",
    },
    "taken_back": {
        "it": "Va bene, lascio tutto com'è.",
        "en": "OK, I'll leave it as it is.",
        "zh": "好的，保持不变。",
    },
    "greeting": {
        "it": "Ciao! Dimmi come vuoi il tuo video, per esempio «più lento» o «metti 9:16».",
        "en": "Hi! Tell me how you want your video, for example “slower” or “make it 9:16”.",
        "zh": "你好！告诉我你想怎么改视频，比如「慢一点」或「改成竖屏」。",
    },
    "thanks": {
        "it": "Prego! Altro da cambiare?",
        "en": "You're welcome! Anything else?",
        "zh": "不客气！还要改什么吗？",
    },
    "undo": {
        "it": "Annullo l'ultima modifica.",
        "en": "Undoing the last edit.",
        "zh": "撤销上一步修改。",
    },
    "undo_n": {
        "it": "Annullo le ultime {n} modifiche.",
        "en": "Undoing the last {n} edits.",
        "zh": "撤销最近{n}步修改。",
    },
    "redo": {"it": "Ripristino la modifica.", "en": "Redoing the edit.", "zh": "重做修改。"},
    "export": {
        "it": "Avvio l'esportazione ({what}).",
        "en": "Starting the export ({what}).",
        "zh": "开始导出（{what}）。",
    },
    "output": {
        "it": "Uscita impostata: {what}.",
        "en": "Output set: {what}.",
        "zh": "输出设置：{what}。",
    },
    "need_media": {
        "it": "Carica prima qualche foto o video, poi creo lo slideshow.",
        "en": "Upload some photos or clips first, then I'll make the slideshow.",
        "zh": "请先上传一些照片或视频，然后我来制作幻灯片。",
    },
    "nothing_changed": {
        "it": "Non ho cambiato niente.",
        "en": "Nothing was changed.",
        "zh": "没有做任何修改。",
    },
    "history_alone": {
        "it": "Il resto del messaggio lo faccio dopo: rimandamelo.",
        "en": "Send the rest of the message again after that.",
        "zh": "其余的请稍后再发一次。",
    },
}

QUESTIONS: dict[str, dict[str, str]] = {
    "no_such_photo": {
        "it": "«{text}»: non c'è la foto {n}, lo slideshow ne ha {count}.",
        "en": "“{text}”: there is no photo {n}, the slideshow has {count}.",
        "zh": "「{text}」：没有第{n}张，幻灯片共有{count}张。",
    },
    "confirm_remove": {
        "it": "Vuoi davvero togliere {n} foto su {count}? Dimmi quali, per esempio "
        "«togli la terza e la quarta».",
        "en": "Remove {n} of the {count} photos? Tell me which, for example "
        "“remove the third and the fourth”.",
        "zh": "要删掉{count}张中的{n}张吗？请说是哪几张，比如「删掉第三张和第四张」。",
    },
    "confirm_length": {
        "it": "Il video passerebbe da {was} a {now} secondi: è questo che vuoi? Per la durata "
        "di tutto il video scrivi per esempio «il video deve durare {now} secondi».",
        "en": "The video would go from {was} to {now} seconds: is that what you want? For the "
        "whole video's length say for example “the video should last {now} seconds”.",
        "zh": "视频会从{was}秒变成{now}秒，确定吗？要设置整个视频的时长，请说「视频总长{now}秒」。",
    },
    "too_high": {
        "it": "La risoluzione più alta è {max}: più di così non posso esportare. "
        "Vuoi che esporti in {max}? Scrivi «esporta in {max}».",
        "en": "The highest resolution is {max}; I can't export above it. "
        "Shall I export in {max}? Say “export in {max}”.",
        "zh": "最高分辨率是{max}，无法导出更高的分辨率。要导出{max}吗？请说「导出{max}」。",
    },
    "which_photo": {
        "it": "Quale foto? Per esempio «la terza», «l'ultima» o «quella del mare».",
        "en": "Which photo? For example “the third”, “the last one” or “the one with the sea”.",
        "zh": "哪一张？比如「第三张」、「最后一张」或「海边那张」。",
    },
    "which_music": {
        "it": f"Che musica vuoi? Posso usare: {_STYLES}, oppure una canzone che carichi tu.",
        "en": f"Which music would you like? I have: {_STYLES}, or a song you upload.",
        "zh": f"想要什么音乐？可选：{_STYLES}，或者你上传的歌曲。",
    },
    "which_aspect": {
        "it": "Che formato? 16:9 (orizzontale), 9:16 (Reels/TikTok), 1:1 (quadrato) o 4:5.",
        "en": "Which format? 16:9 (landscape), 9:16 (Reels/TikTok), 1:1 (square) or 4:5.",
        "zh": "哪种比例？16:9（横屏）、9:16（竖屏/抖音）、1:1（方形）或4:5。",
    },
    "which_style": {
        "it": "Che stile? Cinematografico, romantico o energico.",
        "en": "Which style? Cinematic, romantic or energetic.",
        "zh": "哪种风格？电影感、浪漫或动感。",
    },
    "title_text": {
        "it": "Cosa deve dire il titolo? Scrivilo tra virgolette, per esempio: "
        "titolo 'Estate in Toscana'.",
        "en": "What should the title say? Put it in quotes, e.g. title 'Summer in Tuscany'.",
        "zh": "标题写什么？请用引号，比如：标题「托斯卡纳之夏」。",
    },
    "caption_text": {
        "it": "Cosa deve dire la didascalia? Scrivila tra virgolette.",
        "en": "What should the caption say? Put it in quotes.",
        "zh": "字幕写什么？请用引号括起来。",
    },
    "where_move": {
        "it": "Dove la sposto? Per esempio «all'inizio», «alla fine» o «in posizione 2».",
        "en": "Where should it go? For example “to the start”, “to the end” or “to position 2”.",
        "zh": "移到哪里？比如「最前面」、「最后」或「第2位」。",
    },
    "which_clip": {
        "it": "Quale video? Nello slideshow non ne trovo uno solo.",
        "en": "Which clip? I can't tell which video you mean.",
        "zh": "哪个视频？我不确定你指的是哪一个。",
    },
    "trim_how": {
        "it": "Come lo taglio? Per esempio «tieni i primi 5 secondi» o «da 2 a 6 secondi».",
        "en": "How should I trim it? For example “keep the first 5 seconds” "
        "or “from 2 to 6 seconds”.",
        "zh": "怎么剪？比如「只要前5秒」或「从2秒到6秒」。",
    },
    "which_restore": {
        "it": "Quale rimetto? Ho tolto: {names}.",
        "en": "Which one should I put back? Removed: {names}.",
        "zh": "恢复哪一个？已删除的有：{names}。",
    },
    "nothing_removed": {
        "it": "Tutte le foto sono già nello slideshow.",
        "en": "All your photos are already in the slideshow.",
        "zh": "所有照片都已经在幻灯片里了。",
    },
    "no_audio": {
        "it": f"Non hai ancora caricato musica: carica un file audio o scegli tra {_STYLES}.",
        "en": f"You haven't uploaded any music yet: upload an audio file or pick {_STYLES}.",
        "zh": f"你还没有上传音乐：请上传音频文件，或选择 {_STYLES}。",
    },
    # Platform presets: a video longer than its platform takes is said, and a trim offered.
    "preset_too_long": {
        "it": "Attenzione: il video dura {seconds} s, ma per {title} il massimo è {limit} s. "
        "Vuoi che lo accorci? Rispondi «sì, accorcia» (ogni foto un po' più corta) oppure "
        "«accorcia togliendo la fine». Senza che tu lo chieda non taglio niente.",
        "en": "Careful: the video lasts {seconds} s, but the most {title} takes is {limit} s. "
        "Shall I shorten it? Reply “yes, trim it” (every photo a little shorter) or “trim it, "
        "dropping the end”. I won't cut anything unless you ask.",
        "zh": "注意：视频长{seconds}秒，但{title}最多{limit}秒。要我缩短吗？回复「好的，剪短」"
        "（每张照片短一点）或「剪掉结尾」。你不说，我不会剪。",
    },
    "preset_fits": {
        "it": "Il video dura {seconds} s: per {title_it} il massimo è {limit} s, "
        "quindi non serve accorciarlo.",
        "en": "The video lasts {seconds} s, within the {limit} s {title_en} takes: "
        "no need to shorten it.",
        "zh": "视频长{seconds}秒，没有超过{title_zh}的{limit}秒上限，不需要缩短。",
    },
}

# The story's answers: a suggested title, or why there is none.
QUESTIONS |= {
    "title_idea": {
        "it": "Ti suggerisco «{title}». Scrivi «usa il titolo suggerito» per metterlo.",
        "en": "How about “{title}”? Say “use the suggested title” to put it on.",
        "zh": "建议标题：「{title}」。说「用建议的标题」即可使用。",
    },
    "no_story": {
        "it": "Le foto non dicono dove o quando sono state scattate: non so suggerire un titolo.",
        "en": "The photos don't say where or when they were taken, so I can't suggest a title.",
        "zh": "照片没有拍摄地点或日期，无法建议标题。",
    },
}

# A length the beat changed (beat_note.py): "photo 7 lasts 6 s", and how to have it exact.
TEXTS |= {
    "beat_length": {
        "it": "la foto {n} dura {s} s",
        "en": "photo {n} lasts {s}s",
        "zh": "第{n}张{s}秒",
    },
    "length_note": {
        "it": "Il video dura {s} s: più corto di così non può essere.",
        "en": "The video lasts {s}s: it cannot be made that short.",
        "zh": "视频时长为{s}秒：无法再短了。",
    },
    "length_note_beat": {
        "it": "A tempo di musica il video dura {s} s. Per la durata esatta scrivi «non a tempo».",
        "en": "On the beat, the video lasts {s}s. For the exact length say “not on the beat”.",
        "zh": "卡点后视频时长为{s}秒。要精确时长请说「不卡点」。",
    },
    "beat_note": {
        "it": "A tempo di musica {photos}. Per tempi esatti scrivi «non a tempo».",
        "en": "On the beat, {photos}. For exact lengths say “not on the beat”.",
        "zh": "卡点后{photos}。要精确时长请说「不卡点」。",
    },
}

# A background colour: nothing would show it (see handlers_canvas), so it is said, not set.
QUESTIONS |= {
    "no_background_color": {
        "it": "Il colore dello sfondo non si vede: le foto riempiono lo schermo, oppure, "
        "intere, stanno su una loro copia sfocata. Posso fare «foto intere» o «riempi lo "
        "schermo»; non ho cambiato niente.",
        "en": "A background colour would not show: photos fill the frame or, whole, sit on a "
        "blurred copy of themselves. I can do “whole photos” or “fill the frame”; "
        "nothing was changed.",
        "zh": "背景颜色看不到：照片铺满画面，或完整显示在自身的模糊背景上。"
        "可以说「完整显示」或「铺满」；没有做任何修改。",
    },
}

_HELP = {
    "it": (
        "Posso modificare il tuo video. Prova per esempio:\n"
        "• «crea uno slideshow con musica italiana»\n"
        "• «metti la terza foto all'inizio»\n"
        "• «più lento» oppure «4 secondi per foto»\n"
        "• «aggiungi il titolo 'Estate in Toscana' in alto»"
    ),
    "en": (
        "I can edit your video. Try for example:\n"
        "• “make a slideshow with Italian music”\n"
        "• “move the third photo to the start”\n"
        "• “slower” or “4 seconds per photo”\n"
        "• “add the title 'Summer in Tuscany' at the top”"
    ),
    "zh": (
        "我可以帮你编辑视频。试试这样说：\n"
        "• 「用意大利音乐做一个幻灯片」\n"
        "• 「把第三张放到最前面」\n"
        "• 「慢一点」或「每张4秒」\n"
        "• 「在顶部加标题「托斯卡纳之夏」」"
    ),
}


def say_in(lang: str, key: str, **values: object) -> str:
    """A reply sentence by key, in `lang` (English when unknown)."""
    table = TEXTS.get(key) or QUESTIONS[key]
    return table.get(lang, table["en"]).format(**values)


def help_text(lang: str) -> str:
    return _HELP.get(lang, _HELP["en"])


def reply(lang: str, done: list[str], failed: list[str], *, partial: bool = False) -> str:
    """'Done: a; b.' plus what failed; 'Changed: a; b.' when part of the message was not done."""
    sep = "；" if lang == "zh" else "; "
    done = [d.rstrip(".。") for d in done]
    failed = [f.rstrip(".。") for f in failed]
    parts = []
    if done:
        key = "done_partial" if partial or failed else "done"
        parts.append(say_in(lang, key, items=sep.join(done)))
    if failed:
        parts.append(say_in(lang, "failed", items=sep.join(failed)))
    return " ".join(parts)
