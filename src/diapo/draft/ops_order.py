"""Edit operations on the order of photos: move, swap, reverse, sort, shuffle, remove, restore."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, Literal

from pydantic import Field

from diapo.draft.builder import MAX_CLIP_MS, fit_for, ken_burns_for
from diapo.draft.media import MediaRef
from diapo.draft.model import Draft, Transition, VideoMeta, VideoSegment
from diapo.draft.ops_base import (
    Op,
    OpError,
    main_segments,
    position,
    reorder,
    replace_main,
    say,
)

__all__ = [
    "MovePhoto",
    "RemovePhoto",
    "RestorePhoto",
    "ReverseOrder",
    "ShufflePhotos",
    "SortPhotos",
    "SwapPhotos",
]

Index = Field(ge=1, le=2000, description="1-based position in the slideshow")


class MovePhoto(Op):
    """Move the photo or clip at `index` so that it ends up at position `to`."""

    op: Literal["move_photo"] = "move_photo"
    index: int = Index
    to: int = Field(ge=1, le=2000, description="1-based target position (clamped to the end)")

    def describe(self, lang: str = "en") -> str:
        return say(
            lang,
            it=f"Sposta la foto {self.index} in posizione {self.to}",
            en=f"Move photo {self.index} to position {self.to}",
            zh=f"把第{self.index}张移到第{self.to}位",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        i = position(draft, self.index)
        n = len(main_segments(draft))
        order = [k for k in range(n) if k != i]
        order.insert(min(self.to, n) - 1, i)
        return reorder(draft, order)


class SwapPhotos(Op):
    """Swap two photos or clips."""

    op: Literal["swap_photos"] = "swap_photos"
    a: int = Index
    b: int = Index

    def describe(self, lang: str = "en") -> str:
        return say(
            lang,
            it=f"Scambia la foto {self.a} con la {self.b}",
            en=f"Swap photos {self.a} and {self.b}",
            zh=f"交换第{self.a}张和第{self.b}张",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        i, j = position(draft, self.a), position(draft, self.b)
        order = list(range(len(main_segments(draft))))
        order[i], order[j] = order[j], order[i]
        return reorder(draft, order)


class ReverseOrder(Op):
    """Play the photos in reverse order."""

    op: Literal["reverse_order"] = "reverse_order"

    def describe(self, lang: str = "en") -> str:
        return say(
            lang, it="Inverti l'ordine delle foto", en="Reverse the order", zh="倒转照片顺序"
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        n = len(main_segments(draft))
        return reorder(draft, list(range(n - 1, -1, -1)))


class SortPhotos(Op):
    """Sort the photos by the date they were taken or by file name."""

    op: Literal["sort_photos"] = "sort_photos"
    by: Literal["date", "name"] = "date"
    descending: bool = False

    def describe(self, lang: str = "en") -> str:
        if self.by == "date":
            return say(
                lang,
                it="Ordina le foto per data" + (" (dalla più recente)" if self.descending else ""),
                en="Sort photos by date taken" + (" (newest first)" if self.descending else ""),
                zh="按拍摄时间排序" + ("（最新在前）" if self.descending else ""),
            )
        return say(
            lang,
            it="Ordina le foto per nome" + (" (Z-A)" if self.descending else ""),
            en="Sort photos by name" + (" (Z-A)" if self.descending else ""),
            zh="按文件名排序" + ("（倒序）" if self.descending else ""),
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        segs = main_segments(draft)
        by_id = {m.id: m for m in media}
        if self.by == "date":
            # Photos without a date keep their relative order after the dated ones.
            def date_key(i: int) -> tuple[int, datetime]:
                ref = by_id.get(segs[i].m.src)
                taken = ref.taken_at if ref is not None else None
                if taken is None:
                    return (1, datetime.min)
                return (0, taken.replace(tzinfo=None))

            dated = sorted(
                (i for i in range(len(segs)) if date_key(i)[0] == 0),
                key=date_key,
                reverse=self.descending,
            )
            undated = [i for i in range(len(segs)) if date_key(i)[0] == 1]
            return reorder(draft, dated + undated)

        def name_key(i: int) -> str:
            ref = by_id.get(segs[i].m.src)
            return (segs[i].m.name or (ref.name if ref else "") or segs[i].m.src).casefold()

        return reorder(draft, sorted(range(len(segs)), key=name_key, reverse=self.descending))


class ShufflePhotos(Op):
    """Shuffle the photos (the same seed gives the same order)."""

    op: Literal["shuffle_photos"] = "shuffle_photos"
    seed: int = 0

    def describe(self, lang: str = "en") -> str:
        return say(lang, it="Mescola le foto", en="Shuffle the photos", zh="随机打乱照片顺序")

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        order = list(range(len(main_segments(draft))))
        random.Random(self.seed).shuffle(order)
        return reorder(draft, order)


class RemovePhoto(Op):
    """Remove a photo or clip from the slideshow (it stays in the session's media)."""

    op: Literal["remove_photo"] = "remove_photo"
    on_beat: ClassVar[bool] = True
    index: int = Index

    def describe(self, lang: str = "en") -> str:
        return say(
            lang,
            it=f"Togli la foto {self.index}",
            en=f"Remove photo {self.index}",
            zh=f"删除第{self.index}张",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        i = position(draft, self.index)
        segs = main_segments(draft)
        if len(segs) == 1:
            raise OpError(
                en="That is the only photo left; a slideshow needs at least one.",
                it="È l'unica foto rimasta: uno slideshow ne ha bisogno di almeno una.",
                zh="这是仅剩的一张照片，幻灯片至少需要一张。",
                loc="index",
            )
        # Transitions stay with the segments they lead into; `finish` drops
        # the one a new first segment no longer needs.
        del segs[i]
        return replace_main(draft, segs)


class RestorePhoto(Op):
    """Put a photo or clip from the session's media back into the slideshow."""

    op: Literal["restore_photo"] = "restore_photo"
    on_beat: ClassVar[bool] = True
    media_id: str = Field(min_length=1, max_length=4096)
    at: int | None = Field(
        default=None,
        ge=1,
        le=2001,
        description="1-based position; by default where it was uploaded",
    )
    name: str | None = Field(default=None, max_length=300, description="file name, for people")

    def describe(self, lang: str = "en") -> str:
        where = f" ({self.at})" if self.at else ""
        what = self.name or self.media_id
        return say(
            lang,
            it=f"Rimetti {what}{where}",
            en=f"Put {what} back{where}",
            zh=f"恢复 {what}{where}",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        ref = next((m for m in media if m.id == self.media_id), None)
        if ref is None or ref.kind == "audio":
            raise OpError(
                en=f"There is no photo or clip {self.media_id!r} in this session.",
                it=f"In questa sessione non c'è la foto o il video {self.media_id!r}.",
                zh=f"本会话中没有照片或视频 {self.media_id!r}。",
                loc="media_id",
            )
        track = draft.main_video
        segs = list(track.sg) if track is not None else []
        if any(s.m.src == ref.id for s in segs):
            raise OpError(
                en=f"{ref.name or ref.id} is already in the slideshow.",
                it=f"{ref.name or ref.id} è già nello slideshow.",
                zh=f"{ref.name or ref.id} 已经在幻灯片里了。",
                loc="media_id",
            )
        photo_ds = [s.d for s in segs if s.m.kind == "photo"]
        photo_ms = Counter(photo_ds).most_common(1)[0][0] if photo_ds else 3500
        at = self.at - 1 if self.at else _upload_slot(ref, segs, media)
        at = max(0, min(at, len(segs)))
        if ref.kind == "clip":
            d = min(ref.duration_ms or photo_ms, MAX_CLIP_MS)
            clip_fit = fit_for(ref, draft.c.ar, draft.fit)
            meta = VideoMeta.model_validate(
                {
                    "src": ref.id,
                    "kind": "clip",
                    "name": ref.name or None,
                    "fit": clip_fit if clip_fit != draft.fit else None,
                }
            )
        else:
            d = photo_ms
            kb_on = any(s.m.kb is not None and s.m.kb.on for s in segs) or not segs
            own_fit = fit_for(ref, draft.c.ar, draft.fit)
            kb = ken_burns_for(
                at,
                ref,
                draft.c.ar,
                intensity=1.0 if kb_on else 0.0,
                seconds=d / 1000,
                fps=draft.c.fps,
                fit=own_fit,
            )
            meta = VideoMeta.model_validate(
                {
                    "src": ref.id,
                    "kind": "photo",
                    "kb": kb,
                    "name": ref.name or None,
                    "fit": own_fit if own_fit != draft.fit else None,
                    "subj": [s.to_dict() for s in ref.subjects] or None,
                }
            )
        kinds = Counter(
            (s.m.tr.k, s.m.tr.d) for s in segs[1:] if s.m.tr is not None and s.m.tr.d > 0
        ).most_common(1)
        tr = Transition(k=kinds[0][0][0], d=kinds[0][0][1]) if kinds else Transition(k="cut", d=0)
        new = VideoSegment(d=max(100, d), m=meta.model_copy(update={"tr": tr}))
        segs.insert(at, new)
        if at == 0 and len(segs) > 1:
            segs[1] = segs[1].model_copy(update={"m": segs[1].m.model_copy(update={"tr": tr})})
        return replace_main(draft, segs)


def _upload_slot(ref: MediaRef, segs: Sequence[VideoSegment], media: Sequence[MediaRef]) -> int:
    # After the last segment whose media was uploaded before this one.
    upload = {m.id: i for i, m in enumerate(media)}
    mine = upload.get(ref.id, len(media))
    slot = 0
    for k, s in enumerate(segs):
        if upload.get(s.m.src, len(media)) < mine:
            slot = k + 1
    return slot
