"""Clauses to operations: join, correct and refuse clauses, then find each one's intent."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from diapo.chat import lexicon_en, lexicon_it, lexicon_zh
from diapo.chat.clauses import CORRECTION, UNREAD, Clause, Message
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.handlers_canvas import CANVAS_HANDLERS
from diapo.chat.handlers_cull import CULL_HANDLERS
from diapo.chat.handlers_ending import ENDING_HANDLERS
from diapo.chat.handlers_media import MEDIA_HANDLERS
from diapo.chat.handlers_preset import PRESET_HANDLERS
from diapo.chat.handlers_sound import SOUND_HANDLERS
from diapo.chat.handlers_story import STORY_HANDLERS
from diapo.chat.handlers_template import TEMPLATE_HANDLERS
from diapo.chat.handlers_type import TYPE_HANDLERS
from diapo.chat.keywords import HEADS, color, first, first_head, has, lookup, phrases
from diapo.chat.numbers import aspect_ratio, durations, ordinals, ranges
from diapo.chat.polarity import is_head
from diapo.chat.references import by_name
from diapo.draft.ops import Op, Redo, Undo

__all__ = ["history_ops", "known", "merge_clauses", "parse_clause", "unsupported"]

_HANDLERS: tuple[Handler, ...] = (
    *ENDING_HANDLERS,  # first: "cartello finale" is no chapter card, nor the music's fade
    *PRESET_HANDLERS,
    *TEMPLATE_HANDLERS,  # before the media's: "fai un video di matrimonio" is no plain make
    *STORY_HANDLERS,
    *CULL_HANDLERS,
    *TYPE_HANDLERS,
    *SOUND_HANDLERS,
    *MEDIA_HANDLERS,
    *CANVAS_HANDLERS,  # last: a clause about a background colour and nothing else
)


def merge_clauses(
    clauses: Sequence[Clause],
    labels: Sequence[str] = (),
    understood: Callable[[Clause], bool] | None = None,
) -> list[Clause]:
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
            # "and book me a flight" names nothing the editor knows: after a clause that is
            # whole on its own it stays a clause of its own, to be named back as not done,
            # rather than vanish into the one before.
            and (known(c.text, labels) or understood is None or not understood(out[-1]))
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
            and not has(out[-1].text, "only")  # "keep only the second photo" is one already
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
        # "transizioni con dissolvenza al nero, un po' più lente": slower said of nothing
        # else is the transitions' pace, not every photo's.
        transition_pace = (
            out
            and c.text not in (CORRECTION, UNREAD)
            and out[-1].text not in (CORRECTION, UNREAD)
            and has(out[-1].text, "transition")
            and has(c.text, "slower", "faster")
            and not has(c.text, "photo", "per_photo", "transition")
            and not phrases("VERBS").search(c.text)
            and not durations(c.text)
        )
        # "make the title bigger and put it at the bottom": a place said of "it" after a
        # title or caption is that text's place.
        text_place = (
            out
            and c.text not in (CORRECTION, UNREAD)
            and out[-1].text not in (CORRECTION, UNREAD)
            and has(out[-1].text, "title", "subtitle", "caption")
            and lookup(c.text, "POSITIONS") is not None
            and not _intents(c.text) - {"move", "add"}
            and not (ranges(c.text) or ordinals(c.text))
        )
        if joinable or leading_refs or bare_length or same_thing or transition_pace or text_place:
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


_INTENT_NAMES: tuple[str, ...] = tuple(
    sorted({name for lex in (lexicon_it, lexicon_en, lexicon_zh) for name in lex.INTENTS})
)
_TABLES = (
    "POSITIONS", "DIRECTIONS", "TRANSITIONS", "ASPECTS", "SIZES", "TARGETS", "FONTS",
    "TEXT_ANIMATIONS", "TEXT_LANGUAGES", "MULTIPLES", "ORDINALS",
)  # fmt: skip


def known(text: str, labels: Sequence[str] = ()) -> bool:
    """Whether the text holds anything the editor knows: a keyword, a number, a colour,
    a quoted text, or a photo named by its file name or caption (`labels`)."""
    return bool(
        "qqq" in text
        or any(has(text, name) for name in _INTENT_NAMES)
        or ordinals(text)
        or ranges(text)
        or durations(text)
        or aspect_ratio(text)
        or color(text)
        or any(lookup(text, table) for table in _TABLES)
        or (labels and by_name(text, labels))
    )


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
