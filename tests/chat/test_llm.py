"""The LLM interpreter against a fake chat-completions server on loopback: rules first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.factories.fake_completions import FakeCompletions, fake_completions

from diapo.chat import run_turn
from diapo.chat.llm import LlmInterpreter, LlmSettings, interpreter_from_env
from diapo.draft import Draft, MediaRef, build_slideshow

MEDIA = (
    MediaRef("p1", "photo", 4000, 3000, name="mare.jpg"),
    MediaRef("p2", "photo", 4000, 3000, name="duomo.jpg"),
    MediaRef("p3", "photo", 4000, 3000, name="tramonto.jpg"),
)


@pytest.fixture
def server() -> Iterator[str]:
    with fake_completions() as url:
        yield url


@pytest.fixture
def draft() -> Draft:
    return build_slideshow(MEDIA)


def interpreter(url: str, mode: str, timeout: float = 5.0) -> LlmInterpreter:
    FakeCompletions.mode = mode
    return LlmInterpreter(url, "fake-model", "sk-test", timeout=timeout)


DREAMY = "metti 9:16 e fallo più sognante"  # the rules apply the first clause only


def test_the_model_is_not_asked_when_the_rules_apply_everything(server: str, draft: Draft) -> None:
    llm = interpreter(server, "valid")
    turn = llm.run_turn("verticale e più lento", draft=draft, media=MEDIA, lang="it")
    llm.close()
    assert FakeCompletions.requests == []
    assert turn == run_turn("verticale e più lento", draft=draft, media=MEDIA, lang="it")


def test_the_model_gets_the_clauses_left_and_its_edits_apply(server: str, draft: Draft) -> None:
    llm = interpreter(server, "valid")
    turn = llm.run_turn(DREAMY, draft=draft, media=MEDIA, lang="it")
    llm.close()
    assert [op.op for op in turn.ops] == ["set_aspect", "set_aspect", "set_pace"]
    assert turn.draft is not None and turn.draft.c.ar == "9:16"
    assert turn.draft.video_duration_ms() > draft.video_duration_ms()
    assert turn.not_applied == [] and len(turn.applied) == 2
    assert turn.reply.startswith("Fatto:") and "Più lento" in turn.reply
    sent = FakeCompletions.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == "Bearer sk-test"
    assert sent["model"] == "fake-model"
    assert sent["messages"][1]["content"] == "fa lo piu sognante"  # only the clause left
    assert {t["function"]["name"] for t in sent["tools"]} >= {"set_aspect", "add_title"}
    assert "Canvas: 9:16" in sent["messages"][0]["content"]  # the draft as the rules left it


@pytest.mark.parametrize("mode", ["invalid", "unknown", "error", "garbage", "refused", "undo"])
def test_bad_answers_leave_the_rules_answer(server: str, draft: Draft, mode: str) -> None:
    llm = interpreter(server, mode)
    turn = llm.run_turn(DREAMY, draft=draft, media=MEDIA, lang="it")
    llm.close()
    rules = run_turn(DREAMY, draft=draft, media=MEDIA, lang="it")
    assert turn == rules and turn.not_applied == ["fa lo piu sognante"]
    assert not turn.reply.startswith("Fatto")
    assert len(FakeCompletions.requests) == 1


def test_a_timeout_leaves_the_rules_answer(server: str, draft: Draft) -> None:
    llm = interpreter(server, "slow", timeout=0.2)
    turn = llm.run_turn("make it square and give it a dreamy vibe", draft=draft, media=MEDIA)
    llm.close()
    assert [op.op for op in turn.ops] == ["set_aspect"]
    assert turn.draft is not None and turn.draft.c.ar == "1:1"  # the rules' answer
    assert turn.not_applied == ["give it a dreamy vibe"]


def test_the_model_cannot_export(server: str, draft: Draft) -> None:
    llm = interpreter(server, "export")
    turn = llm.run_turn("give it a dreamy vibe", draft=draft, media=MEDIA)
    llm.close()
    assert [op.op for op in turn.ops] == ["set_aspect"] and not turn.export_requested
    assert "export" not in turn.reply.lower()


def test_settings_come_from_the_environment() -> None:
    assert LlmSettings.from_env({}) is None
    assert interpreter_from_env({}) is run_turn
    s = LlmSettings.from_env(
        {
            "DIAPO_LLM_URL": "http://127.0.0.1:9/v1/",
            "DIAPO_LLM_API_KEY": "k",
            "DIAPO_LLM_TIMEOUT_SECONDS": "3",
        }
    )
    assert s == LlmSettings(url="http://127.0.0.1:9/v1", model="default", api_key="k", timeout=3)
    with pytest.raises(ValueError, match="http"):
        LlmSettings.from_env({"DIAPO_LLM_URL": "ftp://x"})


def test_an_unreachable_model_still_answers(draft: Draft) -> None:
    run = interpreter_from_env({"DIAPO_LLM_URL": "http://127.0.0.1:9/v1"})
    turn = run("più veloce e fallo sognante", draft=draft, media=MEDIA, lang="it")
    assert [op.op for op in turn.ops] == ["set_pace"]
