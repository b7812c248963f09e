"""Intent routing: a person's words reach the right call without a chat turn."""

from __future__ import annotations

import pytest

from diapo.client import export_options, route_intent

CASES = [
    # export
    ("export the video", "export"),
    ("Export it in 720p please", "export"),
    ("download", "export"),
    ("can I download it?", "export"),
    ("send me the video", "export"),
    ("just send me the final video", "export"),
    ("esporta", "export"),
    ("esporta il video in 1080p", "export"),
    ("scarica il video", "export"),
    ("scaricalo adesso", "export"),
    ("mandami il video", "export"),
    ("导出", "export"),
    ("导出视频", "export"),
    ("下载视频", "export"),
    ("把视频发给我", "export"),
    # credits
    ("how many credits do I have?", "credits"),
    ("what's my balance", "credits"),
    ("quanti crediti mi restano?", "credits"),
    ("saldo", "credits"),
    ("mostrami il credito", "credits"),
    ("我还有多少积分", "credits"),
    ("余额", "credits"),
    # state
    ("status", "state"),
    ("show tracks", "state"),
    ("show me the timeline", "state"),
    ("what is in the timeline?", "state"),
    ("stato", "state"),
    ("qual è lo stato del progetto?", "state"),
    ("mostra le tracce", "state"),
    ("状态", "state"),
    ("显示轨道", "state"),
    # upload
    ("upload", "upload"),
    ("I want to upload more photos", "upload"),
    ("carica", "upload"),
    ("carica altre foto", "upload"),
    ("上传照片", "upload"),
    # chat: everything else
    ("crea uno slideshow con musica italiana e transizioni", "chat"),
    ("metti il formato 9:16", "chat"),
    ("aggiungi il titolo 'Estate in Toscana'", "chat"),
    ("把音乐音量调低一点", "chat"),
    ("make it shorter", "chat"),
    ("add end credits", "chat"),  # the video's ending, not the account's credits
    ("add a title", "chat"),
    ("usa transizioni lente", "chat"),
    ("把照片顺序反过来", "chat"),
    ("annulla", "chat"),
    # words inside quotes are content, not commands
    ("add the title 'Export day'", "chat"),
    ("aggiungi il titolo «Stato di grazia»", "chat"),
    ('在开头加标题"导出"', "chat"),
    # grammar and negation are not commands
    ("il viaggio è stato bellissimo, metti musica allegra", "chat"),
    ("don't export yet, first add music", "chat"),
    ("non esportare ancora", "chat"),
    ("先不要导出", "chat"),
    ("", "chat"),
]


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_words_are_routed_to_the_call_they_ask_for(text: str, intent: str) -> None:
    assert route_intent(text) == intent


def test_there_are_many_phrasings_in_each_language() -> None:
    assert len(CASES) >= 40


def test_attached_files_are_always_an_upload() -> None:
    assert route_intent("here are my photos", has_files=True) == "upload"
    assert route_intent("esporta", has_files=True) == "upload"


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("esporta in webm a 360p", {"format": "webm", "resolution": "360p"}),
        ("export 1080p MP4", {"format": "mp4", "resolution": "1080p"}),
        ("导出720p的webm", {"format": "webm", "resolution": "720p"}),
        ("export as a JPEG", {"format": "jpg"}),
        ("export the 'mp4 720p' draft", {}),  # quoted text is content
        ("export", {}),
    ],
)
def test_export_options_come_from_the_words(text: str, options: dict[str, str]) -> None:
    assert export_options(text) == options


@pytest.mark.parametrize(
    "text",
    [
        "export in 4k",
        "esporta in 4K",
        "导出4K视频",
        "esporta, anzi no",
        "export at 2160p",
        "no export for now, make it square",
        "aspetta a esportare",
        "please hold off on exporting",
        "senza esportare, metti la musica festa",
        "make it 9:16 and export",
        "等一下再导出",
    ],
)
def test_exports_the_chat_must_explain_are_not_routed_to_an_export(text: str) -> None:
    assert route_intent(text) == "chat"


@pytest.mark.timeout(20)
def test_routing_ten_thousand_unclosed_quotes_is_quick() -> None:
    assert route_intent("export " + "“" * 10_000) == "export"
