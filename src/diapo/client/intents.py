"""Route a person's words without a chat turn where possible (Italian, English, Chinese)."""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Intent", "route_intent"]

Intent = Literal["export", "credits", "state", "upload", "chat"]

# Quoted text is content ("add the title 'Export day'"), never a command.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』")

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
            r"\b(credits?|balance|crediti|credito|saldo)\b|积分|余额|点数|额度",
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
    r"|(不要|别|先不|不用)(导出|下载)",
    re.IGNORECASE,
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
        if intent == "export" and _NEGATED.search(words):
            continue
        if pattern.search(words):
            return intent
    return "chat"
