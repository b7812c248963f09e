"""Incremental re-render benchmark (issue 14): what the chunk cache saves after an edit.

Workload: 10 phone photos 4032x3024, 3.5 s each, 0.5 s crossfades, Ken Burns,
a title and the built-in music, at 720p30 (standard quality).

1. In one process (`render_cached`, a local chunk store): the first export
   with an empty cache, then the same export after a title edit, against a
   whole single-process `render` of the edited draft.
2. In the service (an in-process server, its real SQLite queue and two
   worker threads): the first export, the export after a title edit, and a
   360p preview after a one-photo edit, each timed from the POST to
   `completed` as a client sees it.

    python bench/incremental_bench.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_bench import OUT, _photos, print_rows  # the shared generated photo sets

TITLE, EDITED_TITLE = "Estate in Toscana", "Estate in Toscana 2026"
_ATTRIBUTION = {"X-Skill-Source": "bench", "X-Skill-Version": "1", "X-Skill-Platform": "cli"}


def _draft(media: list[Any], title: str, long_side: int) -> Any:
    from diapo.draft import build_slideshow

    return build_slideshow(
        media, seconds_per_photo=3.5, title=title, long_side=long_side, beat_sync=False
    )


def in_process(repeats: int) -> list[tuple[str, str]]:
    from diapo.cli.inputs import media_ref
    from diapo.render import render
    from diapo.render.chunkcache import DirectoryChunkStore
    from diapo.render.incremental import render_cached

    media = [media_ref(p) for p in _photos(10)]
    first_draft, edited = _draft(media, TITLE, 1280), _draft(media, EDITED_TITLE, 1280)
    firsts, agains, wholes = [], [], []
    use: Any = None
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(dir=OUT) as tmp:
            store = DirectoryChunkStore(Path(tmp) / "cache", limit_bytes=2 << 30)
            t = time.perf_counter()
            render_cached(first_draft, Path(tmp) / "a.mp4", store=store, jobs=2)
            firsts.append(time.perf_counter() - t)
            t = time.perf_counter()
            _r, use = render_cached(edited, Path(tmp) / "b.mp4", store=store, jobs=2)
            agains.append(time.perf_counter() - t)
            t = time.perf_counter()
            render(edited, Path(tmp) / "c.mp4")
            wholes.append(time.perf_counter() - t)
    first, again, whole = (statistics.median(x) for x in (firsts, agains, wholes))
    return [
        ("one process, 10 photos 720p: first export (empty cache)", f"{first:.2f} s"),
        (
            "one process: export after a title edit",
            f"{again:.2f} s = {again / first:.0%} of the first (target <= 30%); "
            f"chunks reused {use.reused}, rendered {use.rendered}",
        ),
        ("one process: whole render of the edited draft, no cache", f"{whole:.2f} s"),
    ]


def _wait(http: Any, render_id: str, started: float) -> tuple[float, dict[str, Any]]:
    while True:
        r = http.get(f"/api/render/proxy/lambda/{render_id}")
        data: dict[str, Any] = r.json()["data"]
        if data["status"] in ("completed", "failed", "cancelled"):
            if data["status"] != "completed":
                raise RuntimeError(f"render {render_id}: {data['status']}: {data['error']}")
            return time.perf_counter() - started, data
        time.sleep(0.02)


def _service_run(data_dir: Path) -> tuple[float, float, float, dict[str, Any]]:
    """One server, one account: the first export, the one after a title edit, a preview."""
    from diapo.draft import Draft, MediaRef
    from diapo.service.testing import InProcessServer

    settings = {"workers": 2, "rate_limit_per_minute": 0, "free_credits": 10_000}
    with InProcessServer(data_dir, settings=settings) as server:
        http = server.http
        token = http.post(
            "/api/auth/anonymous-token",
            headers={"X-Client-Id": "6f1c3a1e-7f7e-4b8a-9a34-2a9c1c1d2b3e"},
        ).json()["data"]["token"]
        http.headers.update({"Authorization": f"Bearer {token}", **_ATTRIBUTION})
        session_id = http.post(
            "/api/tasks/me/with-session/nemo_agent", json={"task_name": "bench"}
        ).json()["data"]["session_id"]
        files = [("files", (p.name, p.read_bytes(), "image/jpeg")) for p in _photos(10)]
        uploaded = http.post(f"/api/upload-video/nemo_agent/me/{session_id}", files=files).json()[
            "data"
        ]
        refs = [
            MediaRef(id=m["media_id"], kind="photo", width=m["width"], height=m["height"])
            for m in uploaded["media"]
        ]

        def export(draft: Any, output: dict[str, str], preview: bool = False) -> Any:
            t = time.perf_counter()
            body = {
                "session_id": session_id,
                "draft": draft.to_dict(),
                "output": output,
                "preview": preview,
            }
            r = http.post("/api/render/proxy/lambda", json=body)
            assert r.status_code == 200, r.text
            return _wait(http, r.json()["data"]["id"], t)

        counts: dict[str, Any] = {}
        hd = {"format": "mp4", "resolution": "720p"}
        first, counts["first"] = export(_draft(refs, TITLE, 1920), hd)
        again, counts["title"] = export(_draft(refs, EDITED_TITLE, 1920), hd)
        low = {"format": "mp4", "resolution": "360p"}
        base = _draft(refs, EDITED_TITLE, 1920)
        export(base, low, preview=True)
        edited = base.to_dict()
        edited["t"][0]["sg"][4]["m"]["kb"] = None  # the fifth photo, without motion
        preview, counts["preview"] = export(Draft.parse(edited), low, preview=True)
    return first, again, preview, counts


def in_service(repeats: int) -> list[tuple[str, str]]:
    firsts, agains, previews = [], [], []
    counts: dict[str, Any] = {}
    for _ in range(repeats):
        data_dir = Path(tempfile.mkdtemp(dir=OUT))
        try:
            first, again, preview, counts = _service_run(data_dir)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        firsts.append(first)
        agains.append(again)
        previews.append(preview)
    first, again, preview = (statistics.median(x) for x in (firsts, agains, previews))
    return [
        ("service (2 worker threads), 720p export, empty cache", f"{first:.2f} s"),
        (
            "service: 720p export after a title edit",
            f"{again:.2f} s = {again / first:.0%} of the first (target <= 30%); "
            f"chunks {counts['title']['chunks']}",
        ),
        (
            "service: 360p preview after a one-photo edit",
            f"{preview:.2f} s (target < 2 s); chunks {counts['preview']['chunks']}",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="medians over this many runs")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    rows = in_process(args.repeats) + in_service(args.repeats)
    print_rows(rows)


if __name__ == "__main__":
    main()
