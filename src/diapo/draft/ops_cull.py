"""Culling and beat sync as edits: keep the best photos, drop blurred ones or duplicates, cut
on the beat.

The culling operations read the photos' analysis from the `MediaRef`s they are
given (`diapo.media.quality` at ingest); each names what it removed, through its
error when there is nothing to remove, so that nothing goes silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from pydantic import Field

from diapo.draft.culling import find_issues, pick_media, quality_score
from diapo.draft.media import MediaRef
from diapo.draft.model import AudioTrack, Draft
from diapo.draft.ops_base import Op, OpError, main_segments, replace_main, say

__all__ = ["KeepBest", "RemoveBlurred", "RemoveDuplicates", "SetBeatSync"]


def _shown_photos(draft: Draft, media: Sequence[MediaRef]) -> list[MediaRef]:
    """The photos of the slideshow, in its order, as the session's media know them."""
    by_id = {m.id: m for m in media}
    out: list[MediaRef] = []
    for s in main_segments(draft):
        ref = by_id.get(s.m.src)
        if s.m.kind == "photo" and ref is not None and ref not in out:
            out.append(ref)
    return out


def _without(draft: Draft, ids: set[str]) -> Draft:
    segs = main_segments(draft)
    kept = [s for s in segs if s.m.src not in ids]
    if not kept:
        raise OpError(
            en="That would leave no photo; a slideshow needs at least one.",
            it="Non resterebbe nessuna foto: uno slideshow ne ha bisogno di almeno una.",
            zh="这样就没有照片了，幻灯片至少需要一张。",
        )
    return replace_main(draft, kept)


def _require_analysed(photos: Sequence[MediaRef]) -> None:
    """Refuse to judge photos whose quality was never measured (none of them analysed)."""
    if all(m.sharpness is None and m.phash is None for m in photos):
        raise OpError(
            en=(
                "These photos were not analysed, so their quality is unknown; "
                "remove them by number."
            ),
            it="Queste foto non sono state analizzate, la qualità non è nota: toglile per numero.",
            zh="这些照片没有经过分析，无法判断质量；请按编号删除。",
        )


class KeepBest(Op):
    """Keep only the `count` best photos: one per burst first, then sharp, well exposed, faces."""

    op: Literal["keep_best"] = "keep_best"
    on_beat: ClassVar[bool] = True
    count: int = Field(ge=1, le=2000, description="how many photos to keep")

    def describe(self, lang: str = "en") -> str:
        return say(
            lang,
            it=f"Tieni solo le {self.count} foto migliori",
            en=f"Keep only the best {self.count} photos",
            zh=f"只保留最好的{self.count}张照片",
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        photos = _shown_photos(draft, media)
        if len(photos) <= self.count:
            n = len(photos)
            raise OpError(
                en=f"The slideshow has {n} photos: all of them are kept.",
                it=f"Lo slideshow ha {n} foto: restano tutte.",
                zh=f"幻灯片只有{n}张照片，全部保留。",
                loc="count",
            )
        _require_analysed(photos)
        # The builder's own ranking, duplicates kept so that only the choice decides.
        culled = pick_media(photos, keep_duplicates=True, best=self.count)
        return _without(draft, {i for i, _ in culled.left_out})


class RemoveBlurred(Op):
    """Remove the blurred photos (too soft to be sharp at full screen)."""

    op: Literal["remove_blurred"] = "remove_blurred"
    on_beat: ClassVar[bool] = True

    def describe(self, lang: str = "en") -> str:
        return say(
            lang, it="Togli le foto mosse", en="Remove the blurry photos", zh="去掉模糊的照片"
        )

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        photos = _shown_photos(draft, media)
        _require_analysed(photos)
        blurred = set(find_issues(photos).blurred)
        if not blurred:
            raise OpError(
                en="No photo in the slideshow is blurred.",
                it="Nessuna foto dello slideshow è mossa.",
                zh="幻灯片里没有模糊的照片。",
            )
        return _without(draft, blurred)


class RemoveDuplicates(Op):
    """Remove exact duplicates and all but the best of each group of near-identical shots."""

    op: Literal["remove_duplicates"] = "remove_duplicates"
    on_beat: ClassVar[bool] = True

    def describe(self, lang: str = "en") -> str:
        return say(lang, it="Togli i doppioni", en="Remove the duplicates", zh="去掉重复的照片")

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        photos = _shown_photos(draft, media)
        _require_analysed(photos)
        issues = find_issues(photos)
        out = set(issues.duplicates)
        by_id = {m.id: m for m in photos}
        for group in issues.similar:
            # The best of the group stays (the first one when they are equally good).
            best = max(group, key=lambda i: (quality_score(by_id[i]), -group.index(i)))
            out.update(i for i in group if i != best)
        if not out:
            raise OpError(
                en="There are no duplicates or near-identical photos in the slideshow.",
                it="Nello slideshow non ci sono doppioni né foto quasi uguali.",
                zh="幻灯片里没有重复或几乎相同的照片。",
            )
        return _without(draft, out)


class SetBeatSync(Op):
    """Cut on the music's beats (photos in whole bars, ending with the music), or stop."""

    op: Literal["set_beat_sync"] = "set_beat_sync"
    on_beat: ClassVar[bool] = True
    on: bool = Field(description="true: cuts land on the beat; false: each photo keeps its time")

    def describe(self, lang: str = "en") -> str:
        if self.on:
            return say(
                lang, it="Taglia a tempo di musica", en="Cut to the beat", zh="卡点：跟着节拍切换"
            )
        return say(lang, it="Non tagliare più a tempo", en="No beat sync", zh="取消卡点")

    def edit(self, draft: Draft, media: Sequence[MediaRef]) -> Draft:
        tracks = list(draft.t)
        track = next((t for t in tracks if isinstance(t, AudioTrack) and t.sg), None)
        if track is None:
            raise OpError(
                en="There is no music to cut to: choose a music first.",
                it="Non c'è musica su cui tagliare: scegli prima una musica.",
                zh="没有音乐可以卡点，请先选择音乐。",
            )
        first = track.sg[0]
        if self.on and not first.m.src.startswith("music:") and first.m.bpm is None:
            raise OpError(
                en="No clear beat was found in this song, so the cuts keep their own timing.",
                it="In questa canzone non si sente un battito chiaro: i tagli restano come sono.",
                zh="这首歌没有清晰的节拍，切换保持原来的时间。",
            )
        segs = [
            s.model_copy(update={"m": s.m.model_copy(update={"beat_sync": self.on})})
            for s in track.sg
        ]
        new = track.model_copy(update={"sg": segs})
        return draft.model_copy(update={"t": [new if t is track else t for t in tracks]})
