"""The chunk cache's keys and boundaries (pure) and its LRU directory store."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from diapo.draft import MediaRef, build_slideshow
from diapo.draft.model import Draft
from diapo.draft.ops import AddTitle, SetKenBurns, SetMusic
from diapo.render.chunkcache import (
    DirectoryChunkStore,
    chunk_key,
    soundtrack_key,
    stable_chunks,
)
from diapo.render.plan import make_plan


def _media(n: int) -> list[MediaRef]:
    return [
        MediaRef(id=f"photo{i}", kind="photo", width=640, height=480, name=f"p{i}.jpg")
        for i in range(n)
    ]


def _draft(n: int = 10, **kw: object) -> Draft:
    return build_slideshow(_media(n), long_side=640, music="tarantella", title="Estate", **kw)  # type: ignore[arg-type]


def _keys(draft: Draft) -> tuple[list[tuple[int, int]], list[str], str]:
    plan = make_plan(draft)
    chunks = stable_chunks(plan)
    keys = [
        chunk_key(draft, plan, c, fmt="mp4", quality="standard", media=lambda s: f"k:{s}")
        for c in chunks
    ]
    sound = soundtrack_key(draft, plan, fmt="mp4", media=lambda s: f"k:{s}")
    return [(c.start_frame, c.end_frame) for c in chunks], keys, sound


def test_chunks_cover_every_frame_once_and_never_split_a_transition() -> None:
    draft = _draft()
    plan = make_plan(draft)
    chunks = stable_chunks(plan)
    assert len(chunks) >= 3  # 30.5 s: a chunk every 4 to 8 s
    assert chunks[0].start_frame == 0 and chunks[-1].end_frame == plan.frames
    assert all(a.end_frame == b.start_frame for a, b in itertools.pairwise(chunks))
    for c in chunks[1:]:
        before, first = plan.frame(c.start_frame - 1), plan.frame(c.start_frame)
        mixing = before.b is not None and first.b is not None
        assert not (mixing and before.b.item.index == first.b.item.index), (  # type: ignore[union-attr]
            "a transition's frames are all in one chunk"
        )


def test_a_title_edit_changes_only_the_chunk_under_the_title() -> None:
    before = _draft()
    after = AddTitle(text="Estate in Toscana").apply(before, _media(10))
    bounds, keys, sound = _keys(before)
    bounds2, keys2, sound2 = _keys(after)
    assert bounds == bounds2
    changed = [i for i, (a, b) in enumerate(zip(keys, keys2, strict=True)) if a != b]
    assert changed == [0]  # the title shows over the first 3 seconds
    assert sound == sound2, "no audio input changed: the soundtrack is reused"


def test_a_one_photo_edit_changes_only_the_chunks_showing_it() -> None:
    before = _draft()
    after = SetKenBurns(on=False, index=6).apply(before, _media(10))  # the 6th photo, 1-based
    bounds, keys, sound = _keys(before)
    _b2, keys2, sound2 = _keys(after)
    changed = [i for i, (a, b) in enumerate(zip(keys, keys2, strict=True)) if a != b]
    plan = make_plan(before)
    showing = [
        i
        for i, (start, end) in enumerate(bounds)
        if any(
            layer is not None and layer.item.index == 5
            for n in range(start, end)
            for layer in (plan.frame(n).a, plan.frame(n).b)
        )
    ]
    assert changed == showing and len(showing) < len(keys)
    assert sound == sound2


def test_a_changed_file_or_music_changes_its_keys() -> None:
    draft = _draft()
    plan = make_plan(draft)
    chunk = next(c for c in stable_chunks(plan) if c.start_frame <= 3 * 90 < c.end_frame)

    def key(media: dict[str, str]) -> str:
        return chunk_key(draft, plan, chunk, fmt="mp4", quality="standard", media=media.get)  # type: ignore[arg-type]

    same = {f"photo{i}": f"v1-{i}" for i in range(10)}
    touched = {**same, "photo3": "v2-3"}
    untouched = {**same, "photo8": "v2-8"}
    assert key(same) != key(touched) and key(same) == key(untouched)
    other = chunk_key(draft, plan, chunk, fmt="mp4", quality="high", media=same.__getitem__)
    assert other != key(same), "the encoder quality is part of the key"
    _b, _k, sound = _keys(draft)
    _b2, _k2, sound2 = _keys(SetMusic(music="serenata").apply(draft, _media(10)))
    assert sound2 != sound


def test_keys_are_the_same_in_another_process() -> None:
    draft = _draft()
    _b, keys, sound = _keys(draft)
    code = (
        "import json, sys\n"
        "from diapo.draft.model import Draft\n"
        "from diapo.render.chunkcache import chunk_key, soundtrack_key, stable_chunks\n"
        "from diapo.render.plan import make_plan\n"
        "d = Draft.parse(json.loads(sys.stdin.read()))\n"
        "p = make_plan(d)\n"
        "m = lambda s: 'k:' + s\n"
        "ks = [chunk_key(d, p, c, fmt='mp4', quality='standard', media=m)\n"
        "      for c in stable_chunks(p)]\n"
        "print(json.dumps([ks, soundtrack_key(d, p, fmt='mp4', media=m)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(draft.to_json())
        if not isinstance(draft.to_json(), str)
        else draft.to_json(),
        capture_output=True,
        text=True,
        check=True,
        # The same code in the other process: this tree's, when PYTHONPATH points at one.
        env={"PYTHONHASHSEED": "123", "PATH": "", "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
    )
    assert json.loads(out.stdout) == [keys, sound]


def _entry(tmp: Path, name: str, size: int) -> Path:
    path = tmp / f"{name}.src"
    path.write_bytes(b"x" * size)
    return path


def test_directory_store_evicts_the_least_recently_used(tmp_path: Path) -> None:
    store = DirectoryChunkStore(tmp_path / "cache", limit_bytes=3000)
    for name in ("a", "b", "c"):
        store.store(name, _entry(tmp_path, name, 1000))
    assert store.fetch("a") is not None  # a is used again: b is now the oldest
    store.store("d", _entry(tmp_path, "d", 1000))
    assert store.fetch("b") is None
    assert {k for k, _s, _t in store.entries()} == {"a", "c", "d"}
    assert store.size_bytes() == 3000
    big = store.store("e", _entry(tmp_path, "e", 2500))
    assert big.read_bytes() == b"x" * 2500
    assert {k for k, _s, _t in store.entries()} == {"e"}


def test_directory_store_refuses_keys_that_are_paths(tmp_path: Path) -> None:
    store = DirectoryChunkStore(tmp_path, limit_bytes=10)
    for key in ("../etc/passwd", "..", ".part-x", "a/b"):
        with pytest.raises(ValueError, match="bad chunk key"):
            store.fetch(key)
