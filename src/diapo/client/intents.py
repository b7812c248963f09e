"""Route a person's words without a chat turn where possible (Italian, English, Chinese)."""

from __future__ import annotations

import re
from typing import Literal

from diapo.chat.clauses import CORRECTION, prepare
from diapo.chat.keywords import phrases
from diapo.chat.polarity import negated
from diapo.draft.vocabulary import OUTPUT_FORMATS, RESOLUTIONS

__all__ = ["Intent", "export_options", "route_intent"]

Intent = Literal["export", "credits", "state", "upload", "chat"]

# Quoted text is content ("add the title 'Export day'"), never a command.
# A quote never holds its own opening mark, so that a message of ten thousand unclosed
# “ is scanned once, not once from every mark (quadratic).
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»«]*»|“[^”“]*”|‘[^’‘]*’|「[^」「]*」|『[^』『]*』")

_WORDS: list[tuple[Intent, re.Pattern[str]]] = [
    (
        "export",
        re.compile(
            r"\b(export\w*|download\w*|render it|esport\w*|scaric\w*|salva il video)\b"
            r"|\b(send|give|email)\s+(me\s+)?(the\s+|my\s+)?(final\s+)?(video|movie|file|mp4)\b"
            r"|\b(mand|invi|spedisc|dammi)\w*\s+(mi\s+|me\s+)?(il\s+)?(video|filmato|file)\b"
            r"|导出|下载|输出视频|(发|给|传)(给)?我(这个|那个)?视频|把视频(发|给|传)",
            re.IGNORECASE,
        ),
    ),
    (
        "credits",
        re.compile(
            # "end credits" close a video (`set_ending`): they are no account's credits.
            r"(?<!end )(?<!closing )(?<!opening )\b(credits?|balance|crediti|credito|saldo)\b"
            r"|积分|余额|点数|额度",
            re.IGNORECASE,
        ),
    ),
    (
        "state",
        re.compile(
            r"\b(status|state of|show\s+(me\s+)?(the\s+)?(tracks?|timeline|draft)|"
            r"what('s| is) (in )?(the )?(timeline|draft)|stato|situazione|"
            r"(mostra|fammi vedere)\s+(le\s+|la\s+)?(tracce|timeline))\b"
            r"|状态|显示轨道|查看轨道|看看轨道|时间线|进度如何",
            re.IGNORECASE,
        ),
    ),
    (
        "upload",
        re.compile(r"\b(upload\w*|carica\w*|caricare)\b|上传", re.IGNORECASE),
    ),
]

# "è stato" is Italian grammar ("it was"), not a request for the state.
_NOT_STATE = re.compile(r"\b(è|e'|sono|sei|siamo|sia|era|ha|hai|abbiamo)\s+stat[oaie]\b", re.I)
# "don't export yet" / "non esportare" / "不要导出": a request to the assistant, not a command.
_NEGATED = re.compile(
    r"\b(don'?t|do not|never|not yet|non|mai)\b\W+(\w+\W+)?(export|download|esport|scaric)"
    r"|(不要|别|先不|不用)(导出|下载)"
    # "esporta, anzi no": a message that takes itself back goes to the chat, which reads it whole.
    r"|\b(anzi|actually|no wait|wait no|scratch that|never ?mind)\b|算了|不对",
    re.IGNORECASE,
)


# Format and resolution names come from the one vocabulary.
_FORMAT = re.compile(
    r"(?<![a-z.])(" + "|".join(sorted(OUTPUT_FORMATS, key=len, reverse=True)) + r"|jpeg)(?![a-z])",
    re.IGNORECASE,
)
_RESOLUTION = re.compile(r"(?<![a-z0-9])(" + "|".join(RESOLUTIONS) + r")(?![a-z0-9])", re.I)
# Above the largest resolution: the chat explains the limit instead of exporting.
_TOO_HIGH = re.compile(
    r"(?<![a-z0-9])(?:[248] ?k|2160p?|1440p?|4320p?|uhd|ultra ?hd)(?![a-z0-9])|超高清", re.I
)


def export_options(text: str) -> dict[str, str]:
    """The format and resolution an export request names: "esporta in webm a 360p"."""
    words = _QUOTED.sub(" ", text)
    out: dict[str, str] = {}
    fmt = _FORMAT.search(words)
    if fmt:
        out["format"] = fmt.group(1).lower().replace("jpeg", "jpg")
    res = _RESOLUTION.search(words)
    if res:
        out["resolution"] = res.group(1).lower()
    return out


def _plain_export(words: str) -> bool:
    """Whether an export request can skip the chat: one clause, not negated, not taken back.

    "make it 9:16 and export", "don't export yet", "esporta, anzi no", "no export for
    now" and "export in 4k" need the interpreter, which reads the whole message
    with the same negation and correction rules as every other turn.
    """
    message = prepare(words)
    if len(message.clauses) != 1:
        return False
    clause = message.clauses[0]
    return not (
        clause.text == CORRECTION or negated(clause.text) or phrases("TOO_HIGH").search(clause.text)
    )


def route_intent(text: str, has_files: bool = False) -> Intent:
    """`export`, `credits`, `state`, `upload` (also whenever files come along) or `chat`."""
    if has_files:
        return "upload"
    words = _QUOTED.sub(" ", text).strip()
    if not words:
        return "chat"
    for intent, pattern in _WORDS:
        if intent == "state":
            words_state = _NOT_STATE.sub(" ", words)
            if pattern.search(words_state):
                return intent
            continue
        if intent == "export" and (
            _NEGATED.search(words) or _TOO_HIGH.search(words) or not _plain_export(words)
        ):
            continue
        if pattern.search(words):
            return intent
    return "chat"
