"""The rule interpreter: one message in, the operations, the new draft and a reply out."""

from __future__ import annotations

from collections.abc import Sequence

from diapo.chat.beat_note import beat_note, length_note
from diapo.chat.clauses import Clause, Message, as_typed, prepare
from diapo.chat.context import Context, Outcome
from diapo.chat.findings import findings
from diapo.chat.guards import risky, wanted_gone
from diapo.chat.handlers_preset import limit_note
from diapo.chat.language import reply_language
from diapo.chat.parser import history_ops, merge_clauses, parse_clause, unsupported
from diapo.chat.polarity import negated, resolve_corrections, without_negation
from diapo.chat.references import out_of_range
from diapo.chat.replies import help_text, reply, say_in
from diapo.chat.turn import OpResult, Turn, TurnKind
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft
from diapo.draft.ops import MakeSlideshow, Op, OpError
from diapo.draft.vocabulary import LANGUAGES
from diapo.errors import InvalidDraftError

__all__ = ["apply_ops", "run_turn"]

_IDEMPOTENT = frozenset(
    {"set_fit", "set_aspect", "set_music", "set_transition", "set_ken_burns", "apply_style",
     "set_duration", "sort_photos", "add_title", "export", "set_output", "set_total_length",
     "set_preset", "trim_to_duration", "set_ending"}
)  # fmt: skip


def _error_text(exc: InvalidDraftError, lang: str) -> str:
    return exc.in_lang(lang) if isinstance(exc, OpError) else exc.message


def apply_ops(
    ops: Sequence[Op], *, draft: Draft | None, media: Sequence[MediaRef], lang: str
) -> tuple[list[Op], list[OpResult], Draft | None, bool]:
    """Apply operations in order; a failed one is reported, the rest go on from the last good draft.

    Returns the operations (with an implicit MakeSlideshow first where one was
    needed), their results, the final draft (None when nothing changed it) and
    whether a slideshow was made implicitly.
    """
    done: list[Op] = []
    results: list[OpResult] = []
    current, changed, implicit = draft, False, False
    for op in ops:
        if current is None and not op.makes_video and op.op not in ("undo", "redo"):
            make = MakeSlideshow()
            try:
                current = make.apply(None, media)
            except InvalidDraftError as exc:
                results.append(
                    OpResult(op.op, op.args(), False, op.describe(lang), _error_text(exc, lang))
                )
                done.append(op)
                continue
            done.append(make)
            results.append(OpResult(make.op, make.args(), True, make.describe(lang)))
            changed = implicit = True
        done.append(op)
        try:
            new = op.apply(current, media)
        except InvalidDraftError as exc:
            results.append(
                OpResult(op.op, op.args(), False, op.describe(lang), _error_text(exc, lang))
            )
            continue
        results.append(OpResult(op.op, op.args(), True, op.describe(lang)))
        if op.changes_draft:
            current, changed = new, True
    return done, results, (current if changed else None), implicit


def run_turn(
    message: str,
    *,
    draft: Draft | None,
    media: Sequence[MediaRef],
    lang: str = "en",
    seed: int = 0,
) -> Turn:
    """Understand one chat message and apply it.

    The reply is in the language the message is written in, else in the session's
    `lang`. Each clause ends applied or named back as not applied (`Turn.applied`,
    `Turn.not_applied`); a reference past the end, or a reading that would take away
    more than half of the photos or change the length more than twice, changes nothing
    and is answered.
    """
    session = lang if lang in LANGUAGES else "en"
    parsed = prepare(message)
    lang = reply_language(parsed.text, session)
    history = history_ops(parsed)
    if history:
        op = history[0]
        steps = getattr(op, "steps", 1)
        key = "redo" if op.op == "redo" else ("undo_n" if steps > 1 else "undo")
        text = say_in(lang, key, n=steps)
        rest = [as_typed(c.raw, message) for c in parsed.clauses if history_ops(Message("", [c]))]
        others = [
            as_typed(c.raw, message) for c in parsed.clauses if not history_ops(Message("", [c]))
        ]
        if others:
            text += " " + say_in(lang, "history_alone")
        result = OpResult(op.op, op.args(), True, op.describe(lang))
        return Turn(
            ops=history,
            results=[result],
            draft=None,
            reply=text,
            kind="history",
            applied=rest[:1],
            not_applied=others,
        )

    has_visual = any(m.kind != "audio" for m in media)
    ctx = Context(draft=draft, media=media, seed=seed, lang=session)
    all_ops: list[Op] = []
    all_results: list[OpResult] = []
    questions: list[Outcome] = []
    talk: list[str] = []
    unknown: list[str] = []
    refused: list[str] = []
    applied: list[str] = []
    not_applied: list[str] = []
    implicit = False
    view = ctx.view
    labels = [s.m.name or "" for s in view.main_video.sg] if view and view.main_video else []
    labels += [m.name for m in media if m.name]
    start = ctx

    def understood(clause: Clause) -> bool:
        return not negated(clause.text) and parse_clause(clause, start) is not None

    merged = merge_clauses(parsed.clauses, labels, understood)
    clauses, taken_back = resolve_corrections(merged)
    for clause in clauses:
        shown = as_typed(clause.raw, message)
        clause = wanted_gone(clause)
        # A refused instruction ("don't export yet") does nothing; the others still apply.
        if negated(clause.text):
            # Said back as refused only when it asked for something ("don't export");
            # "non mi piace la musica" asks for nothing and is named back as not understood.
            wanted = parse_clause(without_negation(clause), ctx)
            if wanted is not None and wanted.ops:
                refused.append(shown)
                applied.append(shown)  # understood: doing nothing is what was asked
            else:
                unknown.append(shown)
                not_applied.append(shown)
            continue
        outcome = None if unsupported(clause) else parse_clause(clause, ctx)
        beyond = out_of_range(clause.text, ctx.count)
        if beyond is not None and (
            outcome is None or outcome.question or any(_positional(op) for op in outcome.ops)
        ):
            values = {"text": shown, "n": str(beyond), "count": str(ctx.count)}
            questions.append(Outcome(question="no_such_photo", values=values))
            not_applied.append(shown)
            continue
        if outcome is None:
            unknown.append(shown)
            not_applied.append(shown)
            continue
        if outcome.talk:
            talk.append(outcome.talk)
        if outcome.question:
            questions.append(outcome)
            not_applied.append(shown)
        # Two clauses saying the same thing ("whole photos, don't crop") make one edit.
        outcome.ops = [
            op for op in outcome.ops if not (all_ops and op.op in _IDEMPOTENT and op == all_ops[-1])
        ]
        if not outcome.ops:
            if not outcome.question:
                applied.append(shown)
            continue
        needs_draft = ctx.draft is None and not isinstance(outcome.ops[0], MakeSlideshow)
        if needs_draft and not has_visual:
            return Turn(
                ops=[],
                results=[],
                draft=None,
                reply=say_in(lang, "need_media"),
                kind="help",
                not_applied=[as_typed(c.raw, message) for c in clauses],
            )
        ops, results, new, made = apply_ops(outcome.ops, draft=ctx.draft, media=media, lang=lang)
        ask = risky(clause, ctx.draft, new)
        if ask is not None:
            questions.append(ask)
            not_applied.append(shown)
            continue
        implicit = implicit or made
        all_ops += ops
        all_results += results
        (applied if all(r.ok for r in results) else not_applied).append(shown)
        if new is not None:
            ctx = Context(draft=new, media=media, seed=seed, lang=session)

    final = ctx.draft if ctx.draft is not draft else None
    if final is not None and final.lang is None:
        # The session's language is the one its texts are typed in: it sets their quotes.
        final = final.model_copy(update={"lang": session})
    text = _reply(
        lang,
        all_results,
        questions,
        talk,
        unknown,
        implicit,
        media,
        refused,
        bool(taken_back),
        partial=bool(not_applied),
    )
    # Longer than its platform takes after this turn: said and a trim offered, never cut.
    note = limit_note(lang, final)
    # With beat sync, a length asked for is said as the photos really got it.
    beat = beat_note(lang, all_results, final)
    text = f"{text} {beat}" if beat else text
    length = length_note(lang, all_results, final)
    text = f"{text} {length}" if length else text
    return Turn(
        ops=all_ops,
        results=all_results,
        draft=final,
        reply=f"{text} {note}" if note else text,
        kind=_kind(all_ops, questions, talk, final, bool(refused or taken_back)),
        applied=applied,
        not_applied=not_applied,
    )


_POSITIONS = ("index", "to", "a", "b", "media_ids", "at")


def _positional(op: Op) -> bool:
    """Whether the operation acts on photos by position, or chooses which (a slideshow
    "with only the second photo" of one is not a slideshow of all of them)."""
    return op.op == "make_slideshow" or any(key in op.args() for key in _POSITIONS)


def _kind(
    ops: list[Op], questions: list[Outcome], talk: list[str], final: Draft | None, held: bool
) -> TurnKind:
    if final is not None:
        return "edit"
    if any(op.op == "export" for op in ops):
        return "export"
    if ops:
        return "edit"
    if questions:
        return "question"
    if held or (talk and all(t != "help" for t in talk)):
        return "noop"
    return "help"


def _reply(
    lang: str,
    results: list[OpResult],
    questions: list[Outcome],
    talk: list[str],
    unknown: list[str],
    implicit: bool,
    media: Sequence[MediaRef],
    refused: list[str],
    taken_back: bool,
    *,
    partial: bool = False,
) -> str:
    parts: list[str] = []
    if implicit:
        parts.append(say_in(lang, "implicit", n=sum(1 for m in media if m.kind != "audio")))
    shown = [r for r in results if not (implicit and r.op == "make_slideshow" and r.ok)]
    exports = [r for r in shown if r.ok and r.op == "export"]
    edits = [r for r in shown if r.ok and r.op != "export"]
    failed = [r.error or r.description for r in shown if not r.ok]
    text = reply(lang, [r.description for r in edits], failed, partial=partial)
    if text:
        parts.append(text)
    made = next((r for r in results if r.op == "make_slideshow" and r.ok), None)
    if made is not None:
        # What the analysis found and what the builder left out, said, never silent.
        ids = made.args.get("media_ids")
        chosen = [m for m in media if ids is None or m.id in ids]
        found = findings(lang, chosen)
        if found:
            parts.append(found)
    if failed and not edits and not exports and not implicit:
        # Every edit failed: say so plainly, so the reply never reads as success.
        parts.append(say_in(lang, "nothing_changed"))
    for r in exports:
        what = " ".join(str(v) for v in r.args.values())
        parts.append(say_in(lang, "export", what=what))
    for q in questions:
        parts.append(say_in(lang, q.question or "which_photo", **q.values))
    beyond = any(q.question == "no_such_photo" for q in questions)
    if beyond and not failed and not edits and not exports and not implicit:
        parts.append(say_in(lang, "nothing_changed"))
    if refused:
        parts.append(say_in(lang, "refused", text=_listed(lang, refused)))
    if not results and not questions and not refused:
        if talk and all(t != "help" for t in talk):
            parts.append(say_in(lang, talk[-1]))
        elif taken_back and not unknown:
            parts.append(say_in(lang, "taken_back"))
        else:
            if unknown:
                parts.append(say_in(lang, "not_understood", text=_listed(lang, unknown)))
            parts.append(help_text(lang))
    elif unknown:
        # Every clause that was not applied is named back, never silently dropped.
        parts.append(say_in(lang, "not_understood", text=_listed(lang, unknown)))
    return " ".join(parts)


def _listed(lang: str, texts: list[str]) -> str:
    """Clauses quoted one by one, each cut to a readable length."""
    cut = [t if len(t) <= 80 else t[:79] + "…" for t in texts[:5]]
    return say_in(lang, "quote_sep").join(cut)
