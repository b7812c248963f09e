"""Clauses to operations: join, correct and refuse clauses, then find each one's intent."""

from __future__ import annotations

import re
from collections.abc import Sequence

from diapo.chat.clauses import CORRECTION, UNREAD, Clause, Message
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.handlers_canvas import CANVAS_HANDLERS
from diapo.chat.handlers_cull import CULL_HANDLERS
from diapo.chat.handlers_ending import ENDING_HANDLERS
from diapo.chat.handlers_media import MEDIA_HANDLERS
from diapo.chat.handlers_preset import PRESET_HANDLERS
from diapo.chat.handlers_sound import SOUND_HANDLERS
from diapo.chat.handlers_story import STORY_HANDLERS
from diapo.chat.handlers_type import TYPE_HANDLERS
from diapo.chat.keywords import HEADS, first, first_head, has, phrases
from diapo.chat.numbers import durations, ordinals, ranges
from diapo.chat.polarity import is_head
from diapo.draft.ops import Op, Redo, Undo

__all__ = ["history_ops", "merge_clauses", "parse_clause", "unsupported"]

_HANDLERS: tuple[Handler, ...] = (
    *ENDING_HANDLERS,  # first: "cartello finale" is no chapter card, nor the music's fade
    *PRESET_HANDLERS,
    *STORY_HANDLERS,
    *CULL_HANDLERS,
    *TYPE_HANDLERS,
    *SOUND_HANDLERS,
    *MEDIA_HANDLERS,
    *CANVAS_HANDLERS,  # last: a clause about a background colour and nothing else
)


def merge_clauses(clauses: Sequence[Clause]) -> list[Clause]:
    """Join a clause with no instruction of its own to the one before.

    "scambia la prima e l'ultima" is one instruction, not two. A clause with a
    verb of its own ("and add fireworks") stays apart, so that it is named back
    when nothing understands it rather than vanishing into the clause before;
    nothing joins across a correction ("anzi no").
    """
    out: list[Clause] = []
    for c in clauses:
        joinable = (
            out
            and c.text not in (CORRECTION, UNREAD)
            and out[-1].text not in (CORRECTION, UNREAD)
            and not is_head(c.text)
            and not phrases("VERBS").search(c.text)
        )
        # "dalla seconda alla quarta, 2 secondi l'una": photos named first, then what
        # to do with them, is one instruction too.
        leading_refs = (
            out
            and c.text not in (CORRECTION, UNREAD)
            and out[-1].text not in (CORRECTION, UNREAD)
            and is_head(c.text)
            and not is_head(out[-1].text)
            and not phrases("VERBS").search(out[-1].text)
            and bool(ranges(out[-1].text) or ordinals(out[-1].text))
        )
        # "transizioni più lunghe, di un secondo": a length said on its own belongs to the
        # transition or fade before it, never to the photos.
        bare_length = (
            out
            and c.text not in (CORRECTION, UNREAD)
            and first_head(c.text) is None
            and bool(durations(c.text))
            and has(out[-1].text, "transition", "fade")
            and not durations(out[-1].text)
        )
        # "stop the pan and zoom": a second name for the same thing, with no verb or
        # switch of its own, is part of the instruction before, not one of its own.
        same_thing = (
            out
            and c.text not in (CORRECTION, UNREAD)
            and out[-1].text not in (CORRECTION, UNREAD)
            and not phrases("VERBS").search(c.text)
            and not has(c.text, "on", "off", "add", "remove", "up", "down")
            and bool(_intents(c.text))
            and _intents(c.text) <= _intents(out[-1].text)
        )
        # "togli la musica e il titolo": a second thing with no verb of its own is taken
        # away too (only removals: "metti la musica e il titolo" has nothing to write).
        removal = out and out[-1].text not in (CORRECTION, UNREAD) and first(out[-1].text, "remove")
        if (
            removal
            and not same_thing
            and c.text not in (CORRECTION, UNREAD)
            and not phrases("VERBS").search(c.text)
            and not has(c.text, "on", "off", "add", "remove", "up", "down", "change")
            and _intents(c.text)
            and _NOUN_PHRASE.match(c.text)
        ):
            # The words up to the verb, so a refusal carries over too ("non togliere ...").
            verb = out[-1].text[: removal.end()]
            c = Clause(text=f"{verb} {c.text}", quotes=c.quotes, raw=c.raw, original=c.original)
        if joinable or leading_refs or bare_length or same_thing:
            prev = out[-1]
            out[-1] = Clause(
                text=f"{prev.text} e {c.text}",
                quotes=prev.quotes + c.quotes,
                raw=f"{prev.raw} e {c.raw}",
                original=prev.original,
            )
        else:
            out.append(c)
    return out


# A clause that is only a thing named ("il titolo", "the captions"): an article first.
_NOUN_PHRASE = re.compile(r"(?:il|lo|la|l|i|gli|le|the|all the|all|every|any|each) ")


def _intents(text: str) -> set[str]:
    """The things (HEADS) the text names; "on every photo" qualifies, it names no thing."""
    return {name for name in HEADS if name != "per_photo" and has(text, name)}


def history_ops(message: Message) -> list[Op]:
    """Undo/Redo if the message asks for them (an undo message is handled on its own)."""
    for c in message.clauses:
        if has(c.text, "undo") and not has(c.text, "redo"):
            return [Undo(steps=_steps(c.text))]
        if has(c.text, "redo"):
            return [Redo(steps=_steps(c.text))]
    return []


def _steps(text: str) -> int:
    m = re.search(r"(\d+)", text)
    return max(1, min(100, int(m.group(1)))) if m else 1


def unsupported(clause: Clause) -> bool:
    """Whether the clause asks for something the editor cannot do (filters, fireworks, ...).

    Beat sync is supported: a clause that asks for it ("sync the cuts to the beat")
    is read, although other uses of the same words ("add a beat drop") are not.
    """
    if clause.text == UNREAD:
        return True
    if has(clause.text, "beat_on", "beat_off"):
        return False
    return bool(phrases("UNSUPPORTED").search(clause.text))


def parse_clause(clause: Clause, ctx: Context) -> Outcome | None:
    """The first handler that understands the clause decides; None if none does."""
    for handler in _HANDLERS:
        outcome = handler(clause, ctx)
        if outcome is not None:
            return outcome
    return None
