"""The server's error messages in Italian, English and Chinese, keyed by error.

Errors are raised with an English message (logs, the CLI and the SDK read
it); `localise` turns it into the person's language when the envelope is
written. Each entry names one error, the English message's shape (a regular
expression whose named groups are the variable parts) and its text in each
language. A message no entry knows gets its code's general line in the
language, with the English detail after it, so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diapo.draft.bidi import without_bidi_controls
from diapo.draft.vocabulary import LANGUAGES

__all__ = ["CATALOGUE", "GENERAL", "choose_language", "localise"]

_DEFAULT = "en"


@dataclass(frozen=True)
class Entry:
    key: str
    pattern: re.Pattern[str]
    texts: dict[str, str]  # language -> template with the pattern's named groups


def _e(key: str, pattern: str, *, it: str, zh: str, en: str | None = None) -> Entry:
    return Entry(key, re.compile(pattern, re.DOTALL), {"it": it, "zh": zh, "en": en or ""})


_NAME = r"(?P<name>.+?)"

#: Every message an error in the README's table (and an upload refusal) is raised with.
CATALOGUE: tuple[Entry, ...] = (
    # 1001: the token
    _e(
        "token.missing",
        r"Missing token: send `Authorization: Bearer <token>`\.",
        it="Manca il token: invia `Authorization: Bearer <token>`.",
        zh="缺少令牌：请发送 `Authorization: Bearer <token>`。",
    ),
    _e(
        "token.malformed",
        r"Malformed token: send `Authorization: Bearer <token>`\.",
        it="Token non valido: invia `Authorization: Bearer <token>`.",
        zh="令牌格式错误：请发送 `Authorization: Bearer <token>`。",
    ),
    _e(
        "token.unknown",
        r"Unknown token; get a new anonymous token\.",
        it="Token sconosciuto; chiedi un nuovo token anonimo.",
        zh="未知的令牌；请获取新的匿名令牌。",
    ),
    _e(
        "token.expired",
        r"This token has expired; get a new anonymous token\.",
        it="Questo token è scaduto; chiedi un nuovo token anonimo.",
        zh="此令牌已过期；请获取新的匿名令牌。",
    ),
    _e(
        "upload_link.invalid",
        r"This upload link is invalid or has expired; ask for a new one\.",
        it="Questo link di caricamento non è valido o è scaduto; chiedine uno nuovo.",
        zh="此上传链接无效或已过期；请重新获取。",
    ),
    _e(
        "login.wrong",
        r"Wrong email or password\.",
        it="Email o password errate.",
        zh="邮箱或密码错误。",
    ),
    # 1002: sessions and what is in them
    _e(
        "session.not_found",
        r"Session not found; create a new session\.",
        it="Progetto non trovato; creane uno nuovo.",
        zh="找不到该项目；请新建一个。",
    ),
    _e(
        "render.not_found",
        r"Render not found in your sessions\.",
        it="Esportazione non trovata nei tuoi progetti.",
        zh="在你的项目中找不到该导出。",
    ),
    _e(
        "media.not_found",
        r"Media not found in your sessions\.",
        it="File non trovato nei tuoi progetti.",
        zh="在你的项目中找不到该文件。",
    ),
    _e(
        "session.not_restorable",
        r"No deleted session to restore here \(unknown, not deleted, or deleted more "
        r"than (?P<days>\d+) days ago\)\.",
        it="Nessun progetto eliminato da ripristinare (sconosciuto, non eliminato o "
        "eliminato più di {days} giorni fa).",
        zh="没有可恢复的已删除项目（未知、未删除或删除已超过 {days} 天）。",
    ),
    # 2001: credits
    _e(
        "credits.short",
        r"This export costs (?P<cost>\d+) credits and (?P<available>-?\d+) are available\."
        r"(?P<register> Register to keep your work and get more credits\.)?"
        r"(?P<topup> Top up your credits to export\.)?",
        it="Questa esportazione costa {cost} crediti e ne hai {available}.{register}{topup}",
        zh="此导出需要 {cost} 个积分，你有 {available} 个。{register}{topup}",
    ),
    # 402: attribution headers
    _e(
        "export.attribution",
        r"Export refused: the attribution headers are missing\. Register or upgrade to "
        r"unlock export, or send (?P<missing>.+)\.",
        it="Esportazione rifiutata: mancano le intestazioni di attribuzione. Registrati o "
        "passa a un piano superiore per esportare, oppure invia {missing}.",
        zh="导出被拒绝：缺少来源标头。请注册或升级以解锁导出，或发送 {missing}。",
    ),
    # 429: too many requests
    _e(
        "rate.requests",
        r"Too many requests; retry in (?P<seconds>\d+) s\.",
        it="Troppe richieste: riprova tra {seconds} s.",
        zh="请求过多：请在 {seconds} 秒后重试。",
    ),
    _e(
        "rate.new_tokens",
        r"Too many new anonymous tokens from this address; retry in (?P<seconds>\d+) s\.",
        it="Troppi nuovi token anonimi da questo indirizzo; riprova tra {seconds} s.",
        zh="此地址申请的匿名令牌过多；请在 {seconds} 秒后重试。",
    ),
    _e(
        "rate.token_reuse",
        r"This client already has an anonymous token; reuse it\.",
        it="Questo client ha già un token anonimo; riusa quello.",
        zh="此客户端已有匿名令牌；请继续使用它。",
    ),
    _e(
        "rate.previews",
        r"(?P<running>\d+) previews of yours are still rendering \(at most (?P<limit>\d+) "
        r"at once\); wait for one to finish\.",
        it="{running} tue anteprime sono ancora in preparazione (al massimo {limit} "
        "insieme); aspetta che una finisca.",
        zh="你有 {running} 个预览仍在生成（最多同时 {limit} 个）；请等待其中一个完成。",
    ),
    _e(
        "rate.imports_server",
        r"The server is importing as many URLs as it can; retry in (?P<seconds>\d+) s\.",
        it="Il server sta già importando tutti i link che può; riprova tra {seconds} s.",
        zh="服务器正在满负荷导入链接；请在 {seconds} 秒后重试。",
    ),
    _e(
        "rate.imports_account",
        r"You already have (?P<running>\d+) URL imports running; wait for one to finish\.",
        it="Hai già {running} importazioni da link in corso; aspetta che una finisca.",
        zh="你已有 {running} 个链接导入正在进行；请等待其中一个完成。",
    ),
    # 400: bad requests
    _e(
        "client_id",
        r"Send an `X-Client-Id` header holding a UUID \(generate one and keep it\)\.",
        it="Invia un'intestazione `X-Client-Id` con un UUID (generane uno e conservalo).",
        zh="请发送包含 UUID 的 `X-Client-Id` 标头（生成一个并保存）。",
    ),
    _e(
        "upload.no_file",
        r"No file in the upload; send one or more files as multipart\.",
        it="Nessun file nel caricamento; invia uno o più file.",
        zh="上传中没有文件；请发送一个或多个文件。",
    ),
    _e(
        "upload.too_many",
        r"At most (?P<n>\d+) files per upload; send the rest in another request\.",
        it="Al massimo {n} file per caricamento; invia gli altri in un secondo momento.",
        zh="每次上传最多 {n} 个文件；其余的请另行上传。",
    ),
    _e(
        "upload.position",
        r"A `position` field is a whole number, 0 or more(?P<got> \(got .*\))?\.",
        it="Un campo `position` è un numero intero, 0 o più{got}.",
        zh="`position` 字段必须是 0 或更大的整数{got}。",
    ),
    _e(
        "upload.position_count",
        r"(?P<positions>\d+) `position` fields for (?P<files>\d+) files: send one per file "
        r"\(the n-th belongs to the n-th file\), or none\.",
        it="{positions} campi `position` per {files} file: mandane uno per file, o nessuno.",
        zh="{files} 个文件对应了 {positions} 个 `position` 字段：请每个文件一个，或都不发送。",
    ),
    _e(
        "upload.multipart",
        r"The multipart body (?P<rest>.+)",
        it="Il caricamento è arrivato rovinato; riprova.",
        zh="上传的数据已损坏；请重试。",
    ),
    # 4001: file types
    _e(
        "media.unsupported",
        rf"{_NAME} looks like (?P<label>.+?), which Diapo cannot use\. "
        r"Supported types: (?P<types>.+)\.",
        it="{name} sembra {label}, che Diapo non sa usare. Tipi supportati: {types}.",
        zh="{name} 看起来是 {label}，Diapo 无法使用。支持的类型：{types}。",
    ),
    _e(
        "media.folder",
        rf"{_NAME} is a folder, not a media file\.",
        it="{name} è una cartella, non un file.",
        zh="{name} 是文件夹，不是媒体文件。",
    ),
    # 4002: sizes
    _e(
        "media.bytes",
        rf"{_NAME} is (?P<size>[\d.]+ MB); the limit is (?P<limit>[\d.]+ MB)\.",
        it="{name} pesa {size}; il limite è {limit}.",
        zh="{name} 大小为 {size}；上限为 {limit}。",
    ),
    _e(
        "media.bytes_limit",
        rf"{_NAME} is larger than (?:the )?(?P<limit>[\d.]+ (?:MB|bytes))(?: limit)?"
        r"(?P<hint>; compress or trim it and try again)?\.",
        it="{name} supera il limite di {limit}; comprimilo o accorcialo e riprova.",
        zh="{name} 超过了 {limit} 的上限；请压缩或剪短后重试。",
    ),
    _e(
        "media.sound_length",
        rf"{_NAME} lasts (?P<length>\d+:\d\d:\d\d); sound may last at most "
        r"(?P<limit>\d+:\d\d:\d\d)\.",
        it="{name} dura {length}; l'audio può durare al massimo {limit}.",
        zh="{name} 时长 {length}；声音最长只能 {limit}。",
    ),
    _e(
        "upload.bytes",
        r"The upload is larger than the limit of (?P<limit>\d+) bytes per file\.",
        it="Il caricamento supera il limite di {limit} byte per file.",
        zh="上传超过了每个文件 {limit} 字节的上限。",
    ),
    _e(
        "media.side",
        rf"{_NAME} is too large \((?P<size>\d+×\d+)\): (?P<what>photos|video frames) may be "
        r"at most (?P<side>\d+) pixels on a side\.",
        it="{name} è troppo grande ({size}): al massimo {side} pixel per lato.",
        zh="{name} 太大（{size}）：每边最多 {side} 像素。",
    ),
    _e(
        "media.pixels",
        rf"{_NAME} is too large(?: \((?P<size>\d+×\d+)\))?: (?P<what>photos|video frames) "
        r"may have at most (?P<mp>[\d.]+) megapixels\.",
        it="{name} è troppo grande: al massimo {mp} megapixel.",
        zh="{name} 太大：最多 {mp} 百万像素。",
    ),
    _e(
        "media.strip",
        rf"{_NAME} is too narrow a strip \((?P<size>\d+×\d+)\): photos may be at most "
        r"(?P<ratio>[\d.]+) times longer than wide\.",
        it="{name} è una striscia troppo stretta ({size}): una foto può essere al massimo "
        "{ratio} volte più lunga che larga.",
        zh="{name} 太窄（{size}）：照片的长边最多是短边的 {ratio} 倍。",
    ),
    # 422: damaged files (upload refusals)
    _e(
        "media.empty",
        rf"{_NAME} is empty \(0 bytes\)\.",
        it="{name} è vuoto (0 byte).",
        zh="{name} 是空文件（0 字节）。",
    ),
    _e(
        "media.unreadable",
        rf"{_NAME} could not be read\.",
        it="Non riesco a leggere {name}.",
        zh="无法读取 {name}。",
    ),
    _e(
        "media.damaged_photo",
        rf"{_NAME} is damaged and cannot be opened as a photo\.",
        it="{name} è danneggiata e non si apre come foto.",
        zh="{name} 已损坏，无法作为照片打开。",
    ),
    _e(
        "media.no_pixels",
        rf"{_NAME} has no pixels\.",
        it="{name} non contiene immagini.",
        zh="{name} 没有像素。",
    ),
    _e(
        "media.no_picture",
        rf"{_NAME} has no (?:picture to show|frames that can be shown)\.",
        it="{name} non ha immagini da mostrare.",
        zh="{name} 没有可显示的画面。",
    ),
    _e(
        "media.no_sound",
        rf"{_NAME} has no sound in it\.",
        it="{name} non contiene suono.",
        zh="{name} 没有声音。",
    ),
    # 422: exports
    _e(
        "draft.nothing",
        r"There is nothing to export yet: upload photos and ask for a slideshow first\.",
        it="Non c'è ancora niente da esportare: carica delle foto e chiedi uno slideshow.",
        zh="还没有可导出的内容：请先上传照片并生成幻灯片。",
    ),
    _e(
        "draft.empty",
        r"The draft is empty: there is nothing to render\.",
        it="Il progetto è vuoto: non c'è niente da esportare.",
        zh="草稿是空的：没有可渲染的内容。",
    ),
    _e(
        "draft.missing_media",
        r"The draft uses media that is not in this session\.",
        it="Il progetto usa file che non sono in questo progetto.",
        zh="草稿使用了不在此项目中的文件。",
    ),
    _e(
        "url.too_slow",
        r"Downloading (?P<url>\S+) took longer than (?P<seconds>[\d.]+) s\.",
        it="Il download di {url} ha richiesto più di {seconds} s.",
        zh="下载 {url} 的时间超过了 {seconds} 秒。",
    ),
    _e(
        "url.silent",
        r"(?P<url>\S+) sent nothing for (?P<seconds>[\d.]+) s; the import was stopped\.",
        it="{url} non ha inviato nulla per {seconds} s: l'importazione è stata interrotta.",
        zh="{url} 在 {seconds} 秒内没有发送任何内容；导入已停止。",
    ),
    _e(
        "idempotency.reused",
        r"This Idempotency-Key was already used with a different request; "
        r"send a new key for a new request\.",
        it="Questa Idempotency-Key è già stata usata per una richiesta diversa; "
        "usa una chiave nuova per una nuova richiesta.",
        zh="此 Idempotency-Key 已用于另一个不同的请求；新的请求请使用新的键。",
    ),
    # A chat turn that failed (its SSE `error` event and the chat history)
    _e(
        "chat.changed",
        r"The session changed during this turn; please say it again\.",
        it="Il progetto è cambiato durante questo messaggio: ripetilo, per favore.",
        zh="处理这条消息时项目发生了变化，请再说一遍。",
    ),
    _e(
        "chat.timeout",
        r"The turn took too long and was stopped; nothing was changed\.",
        it="Il messaggio ha richiesto troppo tempo ed è stato fermato: non è cambiato nulla.",
        zh="这条消息处理时间太长，已被停止；没有做任何修改。",
    ),
    _e(
        "chat.failed",
        r"Something went wrong in this turn; nothing was changed\.",
        it="Qualcosa è andato storto con questo messaggio: non è cambiato nulla.",
        zh="处理这条消息时出错了；没有做任何修改。",
    ),
    # The framework's own
    _e("http.not_found", r"Not found", it="Non trovato.", zh="未找到。"),
    _e("http.method", r"Method not allowed", it="Metodo non consentito.", zh="不允许的请求方法。"),
    _e(
        "http.internal",
        r"Internal error; please retry later\.",
        it="Errore interno; riprova più tardi.",
        zh="内部错误；请稍后重试。",
    ),
    # 422: the summary line of field errors
    _e(
        "request.invalid",
        r"Invalid request: (?P<detail>.*)",
        it="Richiesta non valida: {detail}",
        zh="请求无效：{detail}",
    ),
)

#: Each code's general line, for a message no entry knows.
GENERAL: dict[int, dict[str, str]] = {
    400: {"it": "Richiesta non valida.", "en": "Bad request.", "zh": "请求无效。"},
    401: {"it": "Accesso richiesto.", "en": "Sign-in needed.", "zh": "需要登录。"},
    402: {"it": "Esportazione non consentita.", "en": "Export refused.", "zh": "导出被拒绝。"},
    404: {"it": "Non trovato.", "en": "Not found.", "zh": "未找到。"},
    409: {"it": "Conflitto.", "en": "Conflict.", "zh": "冲突。"},
    422: {"it": "Dati non validi.", "en": "Invalid data.", "zh": "数据无效。"},
    429: {"it": "Troppe richieste.", "en": "Too many requests.", "zh": "请求过多。"},
    500: {"it": "Errore del server.", "en": "Server error.", "zh": "服务器错误。"},
    1001: {"it": "Accesso scaduto.", "en": "Sign-in needed.", "zh": "登录已失效。"},
    1002: {"it": "Progetto non trovato.", "en": "Not found.", "zh": "找不到该项目。"},
    2001: {"it": "Crediti insufficienti.", "en": "Not enough credits.", "zh": "积分不足。"},
    4001: {
        "it": "Tipo di file non supportato.",
        "en": "Unsupported file.",
        "zh": "不支持的文件类型。",
    },
    4002: {"it": "File troppo grande.", "en": "File too large.", "zh": "文件太大。"},
}

#: The optional sentences some messages end with, in each language.
_TAILS = {
    "register": {
        "it": " Registrati per conservare il lavoro e avere altri crediti.",
        "zh": " 注册即可保存你的作品并获得更多积分。",
    },
    "topup": {"it": " Ricarica i crediti per esportare.", "zh": " 请充值积分后再导出。"},
    "got": {"it": " (ricevuto {v})", "zh": "（收到 {v}）"},
}


def localise(message: str, *, code: int, language: str) -> str:
    """`message` (English, as raised) in `language`; English is answered unchanged.

    Either way without bidi controls: messages quote names and text a person sent.
    """
    return without_bidi_controls(_translated(message, code=code, language=language))


def _translated(message: str, *, code: int, language: str) -> str:
    if language not in LANGUAGES or language == _DEFAULT:
        return message
    for entry in CATALOGUE:
        found = entry.pattern.fullmatch(message)
        if found is None:
            continue
        values = {k: v or "" for k, v in found.groupdict().items()}
        for tail, texts in _TAILS.items():
            if values.get(tail):
                raw = values[tail].strip()
                inner = raw[len("(got ") : -1] if raw.startswith("(got ") else raw
                values[tail] = texts[language].format(v=inner)
        return entry.texts[language].format(**values)
    general = GENERAL.get(code) or GENERAL.get(code // 100 * 100) or GENERAL[500]
    return f"{general[language]} ({message})"


def choose_language(accept_language: str | None) -> str:
    """The first of it, en, zh the `Accept-Language` header prefers; English without one."""
    if not accept_language:
        return _DEFAULT
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, i, primary))
    return min(ranked)[2] if ranked else _DEFAULT
