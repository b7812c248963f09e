"""Clause handlers for the look, the order and the timing of the photos, and small talk."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from diapo.chat.clauses import Clause
from diapo.chat.context import Context, Handler, Outcome
from diapo.chat.keywords import finditer, has, lookup, phrases
from diapo.chat.numbers import aspect_ratio, durations, ordinals, without_durations
from diapo.chat.references import by_name, clip_positions, photo_refs, removed_media
from diapo.draft.ops import (
    ApplyStyle,
    MakeSlideshow,
    MovePhoto,
    RemovePhoto,
    RestorePhoto,
    ReverseOrder,
    SetAspect,
    SetDuration,
    SetFit,
    SetKenBurns,
    SetPace,
    SetTotalLength,
    SetTransition,
    ShufflePhotos,
    SortPhotos,
    SwapPhotos,
    TrimClip,
)
from diapo.draft.vocabulary import (
    DEFAULT_TRANSITION,
    TRANSITION_TITLES,
    normalise_name,
    spaced_words,
)

__all__ = ["MEDIA_HANDLERS", "aspect", "chosen_media", "duration", "style", "transition"]


def _current_transition_s(ctx: Context) -> float:
    view = ctx.view
    if view is None or view.main_video is None:
        return 0.5
    ds = Counter(s.m.tr.d for s in view.main_video.sg[1:] if s.m.tr is not None and s.m.tr.d > 0)
    return ds.most_common(1)[0][0] / 1000 if ds else 0.5


def _named_transition(text: str) -> tuple[str, str] | None:
    """A transition named as the vocabulary names it, in any language or by its id.

    "tendina a destra", "wipe right", "向右擦除", "wipe_right": the kind and the name
    found; the longest name wins, so "fade through black" is not a plain fade.
    """
    folded = spaced_words(normalise_name(text))
    found = [
        (len(name), kind, name)
        for kind, names in _TRANSITION_NAMES.items()
        for name in names
        if (f" {name} " in folded if name.isascii() else name in folded)
    ]
    if not found:
        return None
    _, kind, name = max(found)
    return kind, name


_TRANSITION_NAMES: dict[str, set[str]] = {
    kind: {normalise_name(kind), *(normalise_name(t) for t in titles.values())}
    for kind, titles in TRANSITION_TITLES.items()
}


def _directed(kind: str, text: str) -> str:
    """A slide, push or wipe turned the way the words say ("slide from the right")."""
    base, _, _ = kind.partition("_")
    if base not in ("slide", "push", "wipe"):
        return kind
    way = lookup(text, "DIRECTIONS")
    return f"{base}_{way[0]}" if way else kind


def transition(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    trims = [m.span() for m in finditer(t, "trim")]
    words = [m.span() for m in finditer(t, "transition")]
    if durations(t) and trims and all(any(a < e and s < b for s, e in trims) for a, b in words):
        return None  # "cut the video to 5 seconds": its length, not a cut between photos
    said_name = _named_transition(t)
    kind: tuple[object, object] | None = (said_name[0], None) if said_name else None
    if kind is None:
        found = lookup(t, "TRANSITIONS")
        if found is not None:
            kind = (_directed(str(found[0]), t), found[1])
    # A name of several words ("wipe right", "dissolvenza al nero") or in Chinese is a
    # transition wherever it is said; "zoom" or "cut" alone only where transitions are.
    distinctive = said_name is not None and (" " in said_name[1] or not said_name[1].isascii())
    named = distinctive or (
        kind is not None
        and re.search(
            r"fade (?:to|through)|dissolvenza|cross-?fade|黑场|白场"
            r"|\bbetween (?:the |each |all )?(?:photos?|pictures?|pics|images?|slides?|shots?)\b"
            r"|\btra (?:le |una |ogni )?(?:foto|immagini|slide)\b|之间"
            # "tra la terza e la quarta": one cut, named by the photos either side of it.
            r"|\b(?:tra|fra) (?:la |il |l )?\w+ e (?:la |il |l )?\w+\b",
            t,
        )
    )
    if (
        not has(t, "transition")
        and not named
        and not (
            kind
            and kind[0] in ("crossfade", "cut")
            and re.search("dissolvenza incrociata|cross-?fade|hard cut|just cuts|直接切", t)
        )
    ):
        return None
    k = str(kind[0]) if kind else None
    if k is None and has(t, "off") and not has(t, "add"):
        k = "cut"
    secs = durations(t)
    seconds = secs[0] if secs else None
    if seconds is None and k != "cut":
        if has(t, "slower", "up") or re.search(r"\bpiu lung|\blonger\b|长一点|更长", t):
            seconds = round(_current_transition_s(ctx) * 1.6, 2)
        elif has(t, "faster", "down") or re.search(
            r"\bpiu brev|\bpiu cort|\bshorter\b|短一点|更短", t
        ):
            seconds = round(_current_transition_s(ctx) * 0.6, 2)
    if k is None and seconds is None:
        k = "varied"
    if seconds is not None:
        # The op takes at most 10 s and then clamps to half the shorter photo; the reply
        # names the length it got, so "transizioni di 16 secondi" is not a crash.
        seconds = min(seconds, 10.0)
    refs = [r for r in photo_refs(t, ctx.view, ctx.media) if r >= 2]
    index = max(refs) if refs else None
    kind_name = k if k is not None else _keep_kind(ctx)
    return Outcome([SetTransition(kind=kind_name, seconds=seconds, index=index)])


def _keep_kind(ctx: Context) -> str:
    view = ctx.view
    if view is None or view.main_video is None:
        return DEFAULT_TRANSITION
    kinds = Counter(s.m.tr.k for s in view.main_video.sg[1:] if s.m.tr is not None and s.m.tr.d > 0)
    return kinds.most_common(1)[0][0] if kinds else DEFAULT_TRANSITION


def style(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if has(t, "music"):
        return None
    if re.search(r"cinemat|cinema|da film|\bfilm|movie|电影", t):
        return Outcome([ApplyStyle(style="cinematic")])
    if re.search(r"romantic|浪漫", t):
        return Outcome([ApplyStyle(style="romantic")])
    if re.search(r"energic|energetic|dinamic|dynamic|动感|活力|ritmat", t):
        return Outcome([ApplyStyle(style="energetic")])
    if re.search(r"\bstile\b|\bstyle\b|风格", t):
        return Outcome(question="which_style")
    return None


def kenburns(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if not has(t, "kenburns"):
        return None
    refs = photo_refs(t, ctx.view, ctx.media)
    index = refs[0] if len(refs) == 1 else None
    if (has(t, "off") and not has(t, "on")) or re.search(
        r"ferme|statiche|\bstatic\b|\bstill\b|(?:不要|别|不)(?:再)?(?:动|晃)(?!画)|静止", t
    ):
        return Outcome([SetKenBurns(on=False, index=index)])
    if (has(t, "down", "less") and not has(t, "up")) or re.search(
        r"delicat|gentle|leggero|轻微|轻一点", t
    ):
        return Outcome([SetKenBurns(on=True, intensity=0.5, index=index)])
    if has(t, "up", "more"):
        return Outcome([SetKenBurns(on=True, intensity=1.6, index=index)])
    return Outcome([SetKenBurns(on=True, intensity=1.0, index=index)])


def aspect(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    ratio = aspect_ratio(t)
    if ratio is not None:
        return Outcome([SetAspect(aspect=ratio)])
    found = lookup(t, "ASPECTS")
    if found is not None:
        return Outcome([SetAspect(aspect=str(found[0]))])
    if re.search(r"\binstagram\b", t):
        return Outcome([SetAspect(aspect="4:5")])
    if has(t, "aspect") and not has(t, "output", "export"):
        return Outcome(question="which_aspect")
    return None


def fit(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if not has(t, "fit"):
        return None
    refs = photo_refs(t, ctx.view, ctx.media)
    index = refs[0] if len(refs) == 1 else None
    contain = re.search(
        r"intere|intera|sfocat|non (?:tagliare|ritagliare)|whole|entire|blur|don t crop|no crop|"
        r"contain|"
        r"letterbox|bande|bordi|完整|模糊|黑边|全部显示|"
        r"(?:不要|不|别|不用|无需)(?:裁剪|裁切|剪裁|剪切)", t)  # fmt: skip
    return Outcome([SetFit(fit="contain" if contain else "cover", index=index)])


def _target(
    t: str, n: int, refs: Callable[[str], list[int]] | None = None
) -> tuple[int | None, str]:
    """Where a moved photo goes (1-based, -1 last) and the text with that phrase taken out.

    `refs` reads the photo references of a text, for a target named last.
    """
    found = lookup(t, "TARGETS")
    if found is not None:
        value, m = found
        pos = int(str(value))
        return (n if pos == -1 else pos), t[: m.start()] + " " + t[m.end() :]
    nth = re.search(
        r"\b(?:in|al|alla) (\w+) (?:posizione|posto)\b|\bto (\w+) (?:place|position)\b", t
    )
    if nth:
        place = ordinals(nth.group(1) or nth.group(2) or "")
        if place and place[0][1] > 0:
            return place[0][1], t[: nth.start()] + " " + t[nth.end() :]
    # A trailing ordinal is where the photo goes ("put the beach pic second",
    # "metti il duomo per secondo") when something else names the photo.
    tail = re.search(r"(?:\b(?:per|come|as(?: the)?) )?\b([a-z]+)$", t)
    if tail and refs is not None and tail.start() > 0:
        places = [p for _, p in ordinals(tail.group(1)) if p > 0]
        rest = t[: tail.start()]
        if places and refs(rest):
            return places[0], rest
    at = re.search(
        r"(?:in posizione|al posto|to position|into position|at position|position|posizione)"
        r"\s*(\d+)"
        r"|第\s*(\d+)\s*(?:位|个位置)"
        # "把最后一张放到第一张": the place a photo is put at, named as a photo.
        r"|(?:放到|移到|挪到|放在|调到|排到|换到)\s*第\s*(\d+)\s*(?:张|个)",
        t,
    )
    if at:
        return int(at[1] or at[2] or at[3]), t[: at.start()] + " " + t[at.end() :]
    return None, t


def order(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if has(t, "reverse"):
        return Outcome([ReverseOrder()])
    if has(t, "shuffle"):
        return Outcome([ShufflePhotos(seed=ctx.seed)])
    if has(t, "sort"):
        by = (
            "name"
            if re.search(r"\bnome\b|\bname\b|alfabet|alphabet|名字|文件名|名称", t)
            else "date"
        )
        desc = bool(
            re.search(r"recent|newest|latest|decrescent|descending|最新|倒序|从新到旧|z-a", t)
        )
        return Outcome([SortPhotos(by=by, descending=desc)])
    n = ctx.count
    if has(t, "swap"):
        refs = photo_refs(t, ctx.view, ctx.media)
        if len(refs) < 2:  # "scambia la 2 con la 3", "swap 3 and 6"
            bare = [int(x) for x in re.findall(r"(?<![\d:.])(\d+)(?![\d:.%])", t)]
            refs = [r for r in bare if 1 <= r <= n] if len(bare) >= 2 else refs
        if len(refs) >= 2:
            return Outcome([SwapPhotos(a=refs[0], b=refs[1])])
        return Outcome(question="which_photo")
    if not has(t, "move") or has(t, "remove"):
        return None
    # "dopo la prima", "before the last one", "放到第二张后面": a place next to another
    # photo, read before any plain place ("la prima" alone would be the first position).
    near = lookup(t, "RELATIVE_PLACES")
    refs = photo_refs(t, ctx.view, ctx.media)
    if near is not None and len(refs) >= 2:
        i, anchor = refs[0], refs[1]
        if near[0] == "after":
            place = anchor if i < anchor else anchor + 1
        else:
            place = anchor - 1 if i < anchor else anchor
        return Outcome([MovePhoto(index=i, to=max(1, place))])
    to, rest = _target(t, n, lambda x: photo_refs(x, ctx.view, ctx.media))
    relative = re.search(
        r"\b(dopo|after|prima (?:della|del|di)|before)\b|之后|后面|之前|前面", rest
    )
    refs = photo_refs(rest, ctx.view, ctx.media)
    if to is None and relative and len(refs) >= 2:
        i, anchor = refs[0], refs[1]
        if re.search(r"dopo|after|之后|后面", relative.group(0)):
            to = anchor if i < anchor else anchor + 1
        else:
            to = anchor - 1 if i < anchor else anchor
    if to is None:
        if refs and re.search(r"\bsposta|\bmove\b|移到|移动|挪", t):
            return Outcome(question="where_move")
        return None
    if not refs:
        return Outcome(question="which_photo")
    return Outcome([MovePhoto(index=refs[0], to=max(1, to))])


def restore(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    gone = removed_media(ctx.view, ctx.media)
    # "aggiungi tramonto.jpg", "add gondola.mp4 at the end", "把 duomo.heic 加进去":
    # adding a file of the session that is not in the slideshow puts it back.
    hits = by_name(t, [m.name for m in gone]) if gone else []
    if not has(t, "restore") and not (hits and has(t, "add", "move")):
        return None
    if not gone:
        return Outcome(question="nothing_removed")
    if hits:
        at, _ = _target(t, ctx.count + 1)
        return Outcome(
            [RestorePhoto(media_id=gone[i].id, name=gone[i].name or None, at=at) for i in hits]
        )
    if len(gone) == 1 or re.search(r"\btutt|\ball\b|全部", t):
        return Outcome([RestorePhoto(media_id=m.id, name=m.name or None) for m in gone])
    return Outcome(
        question="which_restore", values={"names": ", ".join(m.name or m.id for m in gone)}
    )


def remove(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if not has(t, "remove"):
        return None
    if has(t, "most"):
        return Outcome(question="which_photo")  # "cancella quasi tutto": which, asked
    refs = photo_refs(t, ctx.view, ctx.media)
    if refs:
        # From the end, so that earlier positions stay where they are.
        return Outcome([RemovePhoto(index=r) for r in sorted(set(refs), reverse=True)])
    if has(t, "photo", "pronoun"):
        if ctx.count == 1:
            return Outcome([RemovePhoto(index=1)])
        return Outcome(question="which_photo")
    return None


# "just remove the last one", "only the first photo with a caption": other edits, not a subset.
_NOT_SUBSET = (
    "remove", "restore", "music", "volume", "swap", "sort", "reverse", "shuffle",
    "title", "subtitle", "caption", "transition", "kenburns", "fit", "slower", "faster",
)  # fmt: skip


def chosen_media(c: Clause, ctx: Context) -> list[str] | None:
    """Media ids for "solo le prime 3 foto" / "only photos 2 to 4" / "只用前三张", else None."""
    t = c.text
    if (
        not has(t, "only")
        or durations(t)
        or lookup(t, "TARGETS") is not None
        or re.search(r"\b(?:move|sposta\w*|porta)\b|移到|放到|挪到", t)
        or has(t, *_NOT_SUBSET)
    ):
        return None
    view = ctx.view
    refs = photo_refs(t, view, ctx.media, clip_word=False)
    if not refs or view is None or view.main_video is None:
        return None
    segs = view.main_video.sg
    if any(not 1 <= r <= len(segs) for r in refs):
        return None  # "only the second photo" of one: answered as out of range, never kept
    return [segs[r - 1].m.src for r in sorted(set(refs))]


def subset(c: Clause, ctx: Context) -> Outcome | None:
    ids = chosen_media(c, ctx)
    if ids is None:
        return None
    return Outcome([MakeSlideshow(media_ids=ids)])


def trim(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if not has(t, "trim") or has(t, "total"):
        return None  # "accorcialo a 15 secondi totali": the whole video's length
    view = ctx.view
    clips = clip_positions(view) if view is not None else []
    named = [r for r in photo_refs(t, view, ctx.media, clip_word=False) if r in clips]
    # "accorcia il video a 20 secondi": "the video" with no clip named and no "first
    # seconds" is the whole slideshow's length, not its one clip.
    whole = re.search(r"\bvideo\b|视频", t) and not re.search(r"\bclip\b|filmato|片段", t)
    if whole and not named and not re.search(r"primi|first|前|\bda\b|\bdal\b|from|从", t):
        return None
    refs = [r for r in photo_refs(t, view, ctx.media) if r in clips] or (
        clips if len(clips) == 1 else []
    )
    if not refs:
        return Outcome(question="which_clip")
    secs = durations(t)
    span = re.search(
        r"(?:da|dal|from|从)\s*(\d+(?:\.\d+)?)\s*(?:s|sec\w*|秒)?\s*(?:a|al|to|到|-)\s*(\d+(?:\.\d+)?)",
        t,
    )
    if span:
        start, end = float(span[1]), float(span[2])
        return Outcome([TrimClip(index=refs[0], start=start, seconds=max(0.1, end - start))])
    m = re.search(r"(?:da|dal|from|从第?)\s*(\d+(?:\.\d+)?)", t)
    if m and secs and len(secs) == 1 and not re.search(r"primi|first|前", t):
        return Outcome([TrimClip(index=refs[0], start=float(m[1]))])
    if secs:
        begin = 0.0 if re.search(r"primi|first|前", t) else None
        return Outcome([TrimClip(index=refs[0], start=begin, seconds=secs[-1])])
    return Outcome(question="trim_how")


def _multiple(t: str) -> float | None:
    """How many times as long: "twice as long" -> 2, "la meta" -> 0.5, "3倍" -> 3."""
    found = lookup(t, "MULTIPLES")
    if found is None:
        return None
    value, m = found
    factor = float(str(value)) or float(m.group(1))
    return factor if 0 < factor <= 10 else None


def duration(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    secs = durations(t)
    # Photos named by position or range keep their own durations even with "each"
    # ("前三张每张五秒" sets only those three).
    # The number of a length is no photo: "a minute" is "1 minute", not photo 1.
    unlengthed = without_durations(phrases("LAST_VERB").sub("", t))
    refs = photo_refs(unlengthed, ctx.view, ctx.media, clip_word=False)
    view = ctx.view
    factor = _multiple(t) if not secs else None
    if factor is not None:
        if not refs:
            return Outcome([SetPace(factor=factor)])
        assert view is not None and view.main_video is not None
        segs = view.main_video.sg
        return Outcome(
            [SetDuration(seconds=max(0.1, segs[r - 1].d * factor / 1000), index=r) for r in refs]
        )
    if not secs:
        if refs and has(t, "slower", "faster"):
            assert view is not None and view.main_video is not None
            factor = 1.5 if has(t, "slower") else 0.66
            return Outcome(
                [
                    SetDuration(
                        seconds=max(0.1, view.main_video.sg[r - 1].d * factor / 1000), index=r
                    )
                    for r in refs
                ]
            )
        return None
    s = secs[0]
    if refs:
        return Outcome([SetDuration(seconds=s, index=r) for r in refs])
    if has(t, "per_photo"):
        return Outcome([SetDuration(seconds=s)])
    if has(t, "total", "trim") or s > 15:  # "taglia il video a 5 secondi": its whole length
        return Outcome([SetTotalLength(seconds=s)])
    return Outcome([SetDuration(seconds=s)])


def pace(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    slower, faster = has(t, "slower"), has(t, "faster")
    if not (slower or faster):
        return None
    more, less = has(t, "more"), has(t, "less")
    if slower and not faster:
        return Outcome([SetPace(factor=1.6 if more else 1.15 if less else 1.3)])
    return Outcome([SetPace(factor=0.6 if more else 0.87 if less else 0.75)])


def talk(c: Clause, ctx: Context) -> Outcome | None:
    t = c.text
    if has(t, "help"):
        return Outcome(talk="help")
    if has(t, "thanks"):
        return Outcome(talk="thanks")
    if has(t, "greeting"):
        return Outcome(talk="greeting")
    return None


MEDIA_HANDLERS: list[Handler] = [
    subset, transition, style, kenburns, aspect, fit, restore, order, remove, trim, duration, pace,
    talk,
]  # fmt: skip
