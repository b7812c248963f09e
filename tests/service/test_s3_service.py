"""The service with its files in an S3-compatible store: upload, state, export, download.

The store is moto's real S3 server on loopback (`s3server.py`); the service
and its worker run in this process, through the same `Storage` interface as
with a local directory.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import httpx
import pytest
from tests.service.s3server import S3Server

from diapo.service.files import byte_range
from diapo.service.testing import InProcessServer


def _objects(s3_server: S3Server, bucket: str) -> list[str]:
    listed = s3_server.client().list_objects_v2(Bucket=bucket)
    return sorted(o["Key"] for o in listed.get("Contents", []))


def test_the_protocol_flow_keeps_every_file_in_the_bucket(
    s3_server: S3Server,
    service_factory: Callable[..., InProcessServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    bucket = s3_server.new_bucket()
    server = service_factory(**s3_server.settings(bucket, "diapo"))
    api = api_factory(server)
    session_id = api.session()
    names = ("landscape1", "portrait1", "landscape2")
    r = api.upload(session_id, *(sample_media[n] for n in names))
    assert r.status_code == 200, r.text
    media, unused = r.json()["data"]["media"][:2], r.json()["data"]["media"][2]
    state = api.state(session_id).json()["data"]
    assert [m["media_id"] for m in state["media"]] == [m["media_id"] for m in [*media, unused]]

    # The uploads' analyses read the files too; the cache is emptied so that what the
    # render fetches is seen alone (the cache fetches a missing copy again on demand).
    for copy in (server.data_dir / "cache").rglob("original.*"):
        copy.unlink()
    render_id = api.export(session_id, draft=make_draft(media)).json()["data"]["id"]
    info = api.wait_render(render_id, timeout=90)
    assert info["status"] == "completed", (info, server.log()[-3000:])
    # The worker fetched the two photos the draft shows into its cache, not the third.
    cached = {p.parent.name for p in (server.data_dir / "cache").rglob("original.*")}
    assert cached == {m["media_id"] for m in media}

    keys = _objects(s3_server, bucket)
    assert f"diapo/renders/{render_id}/output.mp4" in keys
    for m in media:
        assert any(k.startswith(f"diapo/media/{m['media_id']}/original") for k in keys), keys
        assert f"diapo/media/{m['media_id']}/thumbnail.jpg" in keys
    # Nothing of the session's files is kept in the local files directory.
    local = server.data_dir / "files"
    assert not local.exists() or not [p for p in local.rglob("*") if p.is_file()]

    download = api.get(info["url"])
    assert download.status_code == 200 and len(download.content) == info["size_bytes"]
    disposition = download.headers["content-disposition"]
    assert disposition == f'attachment; filename="diapo-{render_id}.mp4"'
    with av.open(io.BytesIO(download.content), "r") as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert sum(1 for _ in container.decode(video=0)) > 0

    part = api.get(info["url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == download.content[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{info['size_bytes']}"
    tail = api.get(info["url"], headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == download.content[-10:]
    past = api.get(info["url"], headers={"Range": f"bytes={info['size_bytes']}-"})
    assert past.status_code == 416

    thumb = api.get(media[0]["thumbnail_url"])
    assert thumb.status_code == 200 and thumb.content[:2] == b"\xff\xd8"
    original = api.get(f"/api/media/{media[0]['media_id']}/file")
    assert original.content == sample_media["landscape1"].read_bytes()

    # An object lost from the bucket is a 404 in the envelope, not a 500.
    s3_server.client().delete_object(Bucket=bucket, Key=f"diapo/renders/{render_id}/output.mp4")
    gone = api.get(info["url"])
    assert gone.status_code == 404 and "export it again" in gone.json()["message"]


def test_presigned_downloads_redirect_to_the_store(
    s3_server: S3Server,
    service_factory: Callable[..., InProcessServer],
    api_factory: Any,
    sample_media: dict[str, Path],
    make_draft: Any,
) -> None:
    bucket = s3_server.new_bucket()
    server = service_factory(**s3_server.settings(bucket), s3_presigned_downloads=True)
    api = api_factory(server)
    session_id = api.session()
    media = api.upload(session_id, sample_media["landscape1"]).json()["data"]["media"]
    render_id = api.export(session_id, draft=make_draft(media)).json()["data"]["id"]
    info = api.wait_render(render_id, timeout=90)
    assert info["status"] == "completed", info

    answer = api.get(info["url"])
    assert answer.status_code == 307
    location = answer.headers["location"]
    assert location.startswith(s3_server.endpoint) and "Signature" in location
    fetched = httpx.get(location)
    assert fetched.status_code == 200 and len(fetched.content) == info["size_bytes"]
    assert f"diapo-{render_id}.mp4" in fetched.headers["content-disposition"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-9", (0, 10)),
        ("bytes=10-", (10, 100)),
        ("bytes=-5", (95, 100)),
        ("bytes=90-500", (90, 100)),
        ("bytes=-500", (0, 100)),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-1", None),
        ("bytes=-", None),
        ("bytes=5-2", None),  # invalid: ignored
    ],
)
def test_range_headers_are_read_as_rfc_9110_says(
    header: str | None, expected: tuple[int, int] | None
) -> None:
    assert byte_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=-0", "bytes=150-160"])
def test_a_range_past_the_end_is_unsatisfiable(header: str) -> None:
    with pytest.raises(ValueError):
        byte_range(header, 100)
