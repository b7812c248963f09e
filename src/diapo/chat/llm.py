"""An optional LLM interpreter for OpenAI-compatible chat completions, falling back to the rules.

The model sees the message, a one-screen summary of the draft and the media
list, with one tool per edit operation. Its tool calls are validated with
`parse_op` exactly like any other request; on any failure (HTTP error,
timeout, malformed JSON, unknown operation, invalid arguments) the rule
interpreter answers instead, so a turn never fails because of the model.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from diapo.chat.interpreter import apply_ops, run_turn
from diapo.chat.replies import reply
from diapo.chat.turn import OpResult, Turn, TurnKind
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft
from diapo.draft.ops import Op, op_json_schemas, parse_op
from diapo.draft.summary import describe
from diapo.draft.vocabulary import LANGUAGES
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
    """Where the model is: DIAPO_LLM_URL, DIAPO_LLM_MODEL, DIAPO_LLM_API_KEY."""

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
        )


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
        """Like `diapo.chat.run_turn`, asking the model first."""
        lang = lang if lang in LANGUAGES else "en"
        try:
            content, ops = self._ask(message, draft=draft, media=media, lang=lang)
        except (httpx.HTTPError, LlmError, ValueError, KeyError, TypeError, IndexError) as exc:
            log.warning("LLM interpreter failed (%s); using the rules", exc)
            return run_turn(message, draft=draft, media=media, lang=lang, seed=seed)
        if any(op.op == "export" for op in ops):
            # An export spends credits: it happens only when the rules, which never act
            # on a negated or taken-back request ("don't export yet"), also read one.
            rules = run_turn(message, draft=draft, media=media, lang=lang, seed=seed)
            if not rules.export_requested:
                ops = [op for op in ops if op.op != "export"]
                if not ops:
                    return rules
                content = ""  # the model's words may speak of the export: say what was done
        return _turn(content, ops, draft=draft, media=media, lang=lang)

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
        "You edit a photo slideshow video (Diapo). Turn the user's request into tool calls, "
        "one per edit, in order. Photo positions are 1-based. Ask a short question instead "
        "of guessing when the request is ambiguous. Music styles: tarantella, mandolino, "
        "serenata, festa. "
        f"Always reply in {_LANG_NAMES.get(lang, 'English')}.\n\n"
        f"Current draft:\n{summary}\n\nMedia:\n{items}"
    )


def _turn(
    content: str, ops: list[Op], *, draft: Draft | None, media: Sequence[MediaRef], lang: str
) -> Turn:
    history = [op for op in ops if op.op in ("undo", "redo")]
    if history:
        results = [OpResult(op.op, op.args(), True, op.describe(lang)) for op in history]
        text = content or " ".join(r.description for r in results)
        return Turn(ops=history, results=results, draft=None, reply=text, kind="history")
    if not ops:
        kind: TurnKind = "question" if content.rstrip().endswith(("?", "？")) else "noop"
        return Turn(ops=[], results=[], draft=None, reply=content, kind=kind)
    done, results, new, _ = apply_ops(ops, draft=draft, media=media, lang=lang)
    summary = reply(
        lang,
        [r.description for r in results if r.ok],
        [r.error or r.description for r in results if not r.ok],
    )
    failed = any(not r.ok for r in results)
    text = summary if failed or not content else content
    kind = (
        "edit" if new is not None else "export" if any(o.op == "export" for o in done) else "edit"
    )
    return Turn(ops=done, results=results, draft=new, reply=text, kind=kind)


def interpreter_from_env(env: dict[str, str] | None = None) -> Interpreter:
    """The LLM interpreter when DIAPO_LLM_URL is set, else the rule interpreter."""
    settings = LlmSettings.from_env(env)
    if settings is None:
        return run_turn
    llm = LlmInterpreter(settings.url, settings.model, settings.api_key, timeout=settings.timeout)
    return llm.run_turn
