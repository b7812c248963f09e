"""Chat: turn a message in Italian, English or Chinese into edit operations on a draft.

    run_turn(message, draft=..., media=..., lang="it") -> Turn

The rule interpreter works offline; `diapo.chat.llm` adds an optional
OpenAI-compatible model that falls back to the rules on any error.
"""

from diapo.chat.interpreter import run_turn
from diapo.chat.llm import LlmInterpreter, interpreter_from_env
from diapo.chat.turn import OpResult, Turn, TurnKind

__all__ = ["LlmInterpreter", "OpResult", "Turn", "TurnKind", "interpreter_from_env", "run_turn"]
