"""An optional LLM interpreter for OpenAI-compatible chat completions, falling back to the rules.

The rules answer first. Only when they leave a clause not applied (not
understood, asked about, refused) is the model asked, with those clauses, a
one-screen summary of the draft as the rules left it and the media list, and
one tool per edit operation. Its tool calls are validated with `parse_op` and
applied exactly like any other request; on any failure (HTTP error, timeout,
malformed JSON, unknown operation, invalid arguments, an edit the draft
refuses) the rules' answer stands, so a turn never fails because of the model.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from diapo.chat.clauses import prepare
from diapo.chat.interpreter import apply_ops, run_turn
from diapo.chat.language import reply_language
from diapo.chat.replies import reply, say_in
from diapo.chat.turn import OpResult, Turn
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft
from diapo.draft.ops import Op, op_json_schemas, parse_op
from diapo.draft.summary import describe
from diapo.draft.vocabulary import LANGUAGES, MUSIC_STYLES
from diapo.errors import DiapoError

__all__ = ["Interpreter", "LlmError", "LlmInterpreter", "LlmSettings", "interpreter_from_env"]

log = logging.getLogger(__name__)

Interpreter = Callable[..., Turn]

_LANG_NAMES = {"it": "Italian", "en": "English", "zh": "Chinese"}


class LlmError(DiapoError):
    """The model's answer could not be used (the rules answer instead)."""

    code = 502


@dataclass(frozen=True, slots=True)
class LlmSettings:
    """Where the model is: DIAPO_LLM_URL, DIAPO_LLM_MODEL, DIAPO_LLM_API_KEY,
    DIAPO_LLM_TIMEOUT_SECONDS."""

    url: str
    model: str = "default"
    api_key: str | None = None
    timeout: float = 10.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> LlmSettings | None:
        env = dict(os.environ) if env is None else env
        url = env.get("DIAPO_LLM_URL", "").strip()
        if not url:
            return None
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"DIAPO_LLM_URL must be an http(s) URL, not {url!r}")
        return cls(
            url=url.rstrip("/"),
            model=env.get("DIAPO_LLM_MODEL", "").strip() or "default",
            api_key=env.get("DIAPO_LLM_API_KEY") or None,
            timeout=float(env.get("DIAPO_LLM_TIMEOUT_SECONDS") or 10.0),
        )

    def interpreter(self) -> LlmInterpreter:
        return LlmInterpreter(self.url, self.model, self.api_key, timeout=self.timeout)


class LlmInterpreter:
    """`run_turn` through a chat-completions endpoint; the rule interpreter on any failure."""

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str | None,
        *,
        timeout: float = 10.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self._client = client or httpx.Client(timeout=timeout)
        self._tools = [{"type": "function", "function": t} for t in op_json_schemas()]

    def close(self) -> None:
        self._client.close()

    def run_turn(
        self,
        message: str,
        *,
        draft: Draft | None,
        media: Sequence[MediaRef],
        lang: str = "en",
        seed: int = 0,
    ) -> Turn:
        """Like `diapo.chat.run_turn`; the model is asked only for the clauses the rules
        left not applied, and its edits are applied like any other (or not at all)."""
        lang = lang if lang in LANGUAGES else "en"
        rules = run_turn(message, draft=draft, media=media, lang=lang, seed=seed)
        if not rules.not_applied or rules.kind == "history":
            return rules
        lang = reply_language(prepare(message).text, lang)  # the rules' reply's language
        base = rules.draft if rules.draft is not None else draft
        asked = "\n".join(rules.not_applied)
        try:
            _content, ops = self._ask(asked, draft=base, media=media, lang=lang)
        except (httpx.HTTPError, LlmError, ValueError, KeyError, TypeError, IndexError) as exc:
            log.warning("LLM interpreter failed (%s); the rules' answer stands", exc)
            return rules
        # An export spends credits and undo/redo move the history: only the rules, which
        # never act on a refused or taken-back request, may ask for them.
        ops = [op for op in ops if op.op not in ("export", "undo", "redo")]
        if not ops:
            return rules
        done, results, new, _ = apply_ops(ops, draft=base, media=media, lang=lang)
        if not all(r.ok for r in results):
            # A refused edit: the model's reading is not used at all, so nothing half-done.
            log.warning("LLM edit refused (%s); the rules' answer stands", results)
            return rules
        return _merged(rules, done, results, new, lang)

    def _ask(
        self, message: str, *, draft: Draft | None, media: Sequence[MediaRef], lang: str
    ) -> tuple[str, list[Op]]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": _system_prompt(draft, media, lang)},
                {"role": "user", "content": message},
            ],
            "tools": self._tools,
            "tool_choice": "auto",
        }
        response = self._client.post(
            f"{self.url}/chat/completions", json=body, headers=headers, timeout=self.timeout
        )
        response.raise_for_status()
        data = response.json()
        choice = data["choices"][0]["message"]
        content = choice.get("content") or ""
        if not isinstance(content, str):
            raise LlmError("content is not text")
        ops: list[Op] = []
        for call in choice.get("tool_calls") or []:
            fn = call["function"]
            args = fn.get("arguments") or "{}"
            parsed = json.loads(args) if isinstance(args, str) else args
            if not isinstance(parsed, dict):
                raise LlmError("tool arguments are not an object")
            ops.append(parse_op({**parsed, "op": fn["name"]}))
        if not ops and not content.strip():
            raise LlmError("the model answered with nothing")
        return content.strip(), ops


def _system_prompt(draft: Draft | None, media: Sequence[MediaRef], lang: str) -> str:
    items = (
        "\n".join(f"- {m.id}: {m.kind} {m.name}".rstrip() for m in media)
        or "- (nothing uploaded yet)"
    )
    summary = describe(draft) if draft is not None else "No slideshow yet."
    return (
        "You edit a photo slideshow video (Diapo). The user's words below are the part of "
        "their request the editor's rules could not apply. Turn them into tool calls, one "
        "per edit, in order, or make no call when they ask for nothing you can do. Photo "
        "positions are 1-based. Never replace a title or caption text with words that say "
        "where it goes or how it looks. "
        f"Music styles: {', '.join(MUSIC_STYLES)}. "
        f"Always reply in {_LANG_NAMES.get(lang, 'English')}.\n\n"
        f"Current draft:\n{summary}\n\nMedia:\n{items}"
    )


def _merged(
    rules: Turn, ops: list[Op], results: list[OpResult], new: Draft | None, lang: str
) -> Turn:
    """The rules' turn with the model's edits for the clauses it had left: all applied."""
    all_results = [*rules.results, *results]
    texts = [r.description for r in all_results if r.ok and r.op != "export"]
    parts = [reply(lang, texts, [])]
    if rules.export_requested:
        parts.append(say_in(lang, "export", what=" ".join(rules.output.values())))
    return Turn(
        ops=[*rules.ops, *ops],
        results=all_results,
        draft=new if new is not None else rules.draft,
        reply=" ".join(p for p in parts if p),
        kind="edit",
        applied=[*rules.applied, *rules.not_applied],
        not_applied=[],
    )


def interpreter_from_env(env: dict[str, str] | None = None) -> Interpreter:
    """The LLM interpreter when DIAPO_LLM_URL is set, else the rule interpreter."""
    settings = LlmSettings.from_env(env)
    if settings is None:
        return run_turn
    return settings.interpreter().run_turn
