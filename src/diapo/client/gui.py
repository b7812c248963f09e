"""Assistant text that speaks of a GUI ("click Export", "drag the photo") as API actions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from diapo.client.intents import route_intent

__all__ = ["Action", "ActionKind", "translate_gui"]

ActionKind = Literal["export", "api", "state", "chat", "preview"]


@dataclass(frozen=True, slots=True)
class Action:
    """What a client does instead of a GUI gesture.

    - `export`: run the export flow (an Export button, or a click on export/download);
    - `api`: a click on something else: do it through the API (`intent` says which call,
      `chat` when the target is an edit to send as a message);
    - `state`: "open a panel": read the state;
    - `chat`: drag and drop: the edit is sent as a chat message (`sentence` holds it);
    - `preview`: show a summary of the tracks.
    """

    kind: ActionKind
    phrase: str
    sentence: str
    target: str = ""
    intent: str = ""


_EXPORT_BUTTON = re.compile(
    r"\b(export|download)\s+button\b|\bbutton\s+['\"«“]?(export|download)"
    r"|\b(pulsante|bottone|tasto)\s+['\"«“]?(esporta|scarica)\w*"
    r"|(导出|下载)(按钮|键)|(按钮|按键)[「“\"']?(导出|下载)",
    re.IGNORECASE,
)
_CLICK = re.compile(
    r"\b(click|tap|press|hit|clicca|clicchi|cliccare|premi|prema|tocca|seleziona)\b"
    r"(\s+(on|su|sul|sulla|sullo|il|la|lo|the))*\s*['\"«“]?(?P<target>[^.,;:!?\n'\"»”]{0,40})"
    r"|(点击|单击|点按|按下)\s*[「“\"']?(?P<zh_target>[^。，；！？\n」”\"']{0,12})",
    re.IGNORECASE,
)
_PANEL = re.compile(
    r"\bopen\s+(the\s+)?(\w+\s+){0,2}(panel|sidebar|tab|inspector|settings)\b"
    r"|\bapri\w*\s+(il\s+|la\s+)?(pannello|scheda|barra|impostazioni)\b"
    r"|打开.{0,8}(面板|设置|侧边栏|标签)",
    re.IGNORECASE,
)
_DRAG = re.compile(
    r"\b(drag|drop|dragging)\b|\b(trascin\w*|rilasci\w*)\b|拖动|拖拽|拖到|拖放",
    re.IGNORECASE,
)
_PREVIEW = re.compile(
    r"\b(preview|timeline view|anteprima)\b|预览",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"\s+(to|and|then|for|in order|per|e|poi|quindi|a|in)\b.*$|[和并然]\S*$", re.IGNORECASE
)


def _short_target(raw: str) -> str:
    # "Export to download your video" -> "Export": a button's name is a word or three.
    words = _STOP.sub("", raw.strip()).split()
    return " ".join(words[:3])


_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]?")


def translate_gui(text: str) -> list[Action]:
    """The API actions behind the GUI gestures mentioned in `text`, in order, one per kind."""
    actions: list[Action] = []
    seen: set[str] = set()

    def add(action: Action) -> None:
        key = f"{action.kind}:{action.intent}"
        if key not in seen:
            seen.add(key)
            actions.append(action)

    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        if not sentence:
            continue
        found: list[tuple[int, Action]] = []
        if m := _EXPORT_BUTTON.search(sentence):
            found.append((m.start(), Action("export", m.group(0), sentence, "export", "export")))
        for m in _CLICK.finditer(sentence):
            if _EXPORT_BUTTON.search(sentence):
                break  # the click is on the Export button, already counted
            target = _short_target(m.group("target") or m.group("zh_target") or "")
            intent = route_intent(target) if target else "chat"
            if intent == "export":
                found.append((m.start(), Action("export", m.group(0), sentence, target, "export")))
            else:
                found.append((m.start(), Action("api", m.group(0), sentence, target, intent)))
        if m := _PANEL.search(sentence):
            found.append((m.start(), Action("state", m.group(0), sentence, "", "state")))
        if m := _DRAG.search(sentence):
            found.append((m.start(), Action("chat", m.group(0), sentence, "", "chat")))
        if m := _PREVIEW.search(sentence):
            found.append((m.start(), Action("preview", m.group(0), sentence, "", "state")))
        for _, action in sorted(found, key=lambda item: item[0]):
            add(action)
    return actions
