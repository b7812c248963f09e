"""GUI words in assistant text become API actions."""

from __future__ import annotations

import pytest

from diapo.client import translate_gui


@pytest.mark.parametrize(
    "text",
    [
        "Click the Export button to get your video.",
        "Click Export to download your video.",
        "Clicca sul pulsante Esporta.",
        "Premi il tasto Esporta quando sei pronto.",
        "点击导出按钮。",
        "完成后点击导出。",
    ],
)
def test_the_export_button_runs_the_export_flow(text: str) -> None:
    assert [a.kind for a in translate_gui(text)] == ["export"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Open the music panel to see the volume.", ["state"]),
        ("Apri il pannello della musica.", ["state"]),
        ("打开音乐面板。", ["state"]),
        ("Drag the photo to the start of the timeline.", ["chat"]),
        ("Trascina la foto 3 all'inizio.", ["chat"]),
        ("把第三张照片拖动到开头。", ["chat"]),
        ("Check the preview.", ["preview"]),
        ("Guarda l'anteprima.", ["preview"]),
        ("在预览中查看。", ["preview"]),
        (
            "Open the settings panel, drag the photo to the start. Then preview it.",
            ["state", "chat", "preview"],
        ),
        ("Fatto: Formato 9:16.", []),
        ("完成：音乐更安静了。", []),
    ],
)
def test_gestures_become_actions_in_order(text: str, kinds: list[str]) -> None:
    assert [a.kind for a in translate_gui(text)] == kinds


def test_a_click_on_anything_else_is_done_through_the_api() -> None:
    (undo,) = translate_gui("Clicca su Annulla per tornare indietro.")
    assert (undo.kind, undo.target, undo.intent) == ("api", "Annulla", "chat")
    (status,) = translate_gui("Click Status to see the tracks.")
    assert (status.kind, status.intent) == ("api", "state")
    (zh,) = translate_gui("点击撤销")
    assert (zh.kind, zh.target) == ("api", "撤销")


def test_a_drag_keeps_the_sentence_that_describes_the_edit() -> None:
    (drag,) = translate_gui("Great! Now drag the sunset photo to the end.")
    assert drag.sentence == "Now drag the sunset photo to the end."
