"""The rule interpreter: one message in, the operations, the new draft and a reply out."""

from __future__ import annotations

from collections.abc import Sequence

from diapo.chat.beat_note import beat_note
from diapo.chat.clauses import as_typed, prepare
from diapo.chat.context import Context, Outcome
from diapo.chat.findings import findings
from diapo.chat.handlers_preset import limit_note
from diapo.chat.parser import history_ops, merge_clauses, parse_clause, unsupported
from diapo.chat.polarity import negated, resolve_corrections, without_negation
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
     "set_preset", "trim_to_duration"}
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
        if current is None and not isinstance(op, MakeSlideshow) and op.op not in ("undo", "redo"):
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
    """Understand one chat message and apply it; the reply is in the session's `lang`."""
    lang = lang if lang in LANGUAGES else "en"
    parsed = prepare(message)
    history = history_ops(parsed)
    if history:
        op = history[0]
        steps = getattr(op, "steps", 1)
        key = "redo" if op.op == "redo" else ("undo_n" if steps > 1 else "undo")
        text = say_in(lang, key, n=steps)
        if len(parsed.clauses) > 1:
            text += " " + say_in(lang, "history_alone")
        result = OpResult(op.op, op.args(), True, op.describe(lang))
        return Turn(ops=history, results=[result], draft=None, reply=text, kind="history")

    has_visual = any(m.kind != "audio" for m in media)
    ctx = Context(draft=draft, media=media, seed=seed, lang=lang)
    all_ops: list[Op] = []
    all_results: list[OpResult] = []
    questions: list[Outcome] = []
    talk: list[str] = []
    unknown: list[str] = []
    refused: list[str] = []
    implicit = False
    clauses, taken_back = resolve_corrections(merge_clauses(parsed.clauses))
    for clause in clauses:
        # A refused instruction ("don't export yet") does nothing; the others still apply.
        if negated(clause.text):
            # Said back as refused only when it asked for something ("don't export");
            # "non mi piace la musica" asks for nothing and is named back as not understood.
            wanted = parse_clause(without_negation(clause), ctx)
            shown = as_typed(clause.raw, message)
            (refused if wanted is not None and wanted.ops else unknown).append(shown)
            continue
        outcome = None if unsupported(clause) else parse_clause(clause, ctx)
        if outcome is None:
            unknown.append(as_typed(clause.raw, message))
            continue
        if outcome.talk:
            talk.append(outcome.talk)
        if outcome.question:
            questions.append(outcome)
        # Two clauses saying the same thing ("whole photos, don't crop") make one edit.
        outcome.ops = [
            op for op in outcome.ops if not (all_ops and op.op in _IDEMPOTENT and op == all_ops[-1])
        ]
        if not outcome.ops:
            continue
        needs_draft = ctx.draft is None and not isinstance(outcome.ops[0], MakeSlideshow)
        if needs_draft and not has_visual:
            return Turn(
                ops=[], results=[], draft=None, reply=say_in(lang, "need_media"), kind="help"
            )
        ops, results, new, made = apply_ops(outcome.ops, draft=ctx.draft, media=media, lang=lang)
        implicit = implicit or made
        all_ops += ops
        all_results += results
        if new is not None:
            ctx = Context(draft=new, media=media, seed=seed, lang=lang)

    final = ctx.draft if ctx.draft is not draft else None
    if final is not None and final.lang is None:
        # The session's language is the one its texts are typed in: it sets their quotes.
        final = final.model_copy(update={"lang": lang})
    text = _reply(
        lang, all_results, questions, talk, unknown, implicit, media, refused, bool(taken_back)
    )
    # Longer than its platform takes after this turn: said and a trim offered, never cut.
    note = limit_note(lang, final)
    # With beat sync, a length asked for is said as the photos really got it.
    beat = beat_note(lang, all_results, final)
    text = f"{text} {beat}" if beat else text
    return Turn(
        ops=all_ops,
        results=all_results,
        draft=final,
        reply=f"{text} {note}" if note else text,
        kind=_kind(all_ops, questions, talk, final, bool(refused or taken_back)),
    )


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
) -> str:
    parts: list[str] = []
    if implicit:
        parts.append(say_in(lang, "implicit", n=sum(1 for m in media if m.kind != "audio")))
    shown = [r for r in results if not (implicit and r.op == "make_slideshow" and r.ok)]
    exports = [r for r in shown if r.ok and r.op == "export"]
    edits = [r for r in shown if r.ok and r.op != "export"]
    failed = [r.error or r.description for r in shown if not r.ok]
    text = reply(lang, [r.description for r in edits], failed)
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
