"""The `Storage` interface, as every backend must keep it: the local directory and S3.

The S3 backend runs against moto's real S3 server on loopback (`s3server.py`),
through boto3, as it would against MinIO or AWS.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.service.s3server import S3Server

from diapo.service.settings import load_settings
from diapo.service.storage import LocalStorage, Storage
from diapo.service.storages import open_storage


def _s3_storage(s3_server: S3Server, root: Path, **kw: Any) -> Any:
    from diapo.service.s3storage import S3Storage

    settings = load_settings(data_dir=root, **s3_server.settings(s3_server.new_bucket()))
    store = S3Storage.from_settings(settings)
    for name, value in kw.items():
        setattr(store, name, value)
    return store


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    if request.param == "local":
        yield LocalStorage(tmp_path / "files")
    else:
        yield _s3_storage(request.getfixturevalue("s3_server"), tmp_path)


def test_bytes_put_are_read_back_from_a_local_path(store: Storage) -> None:
    store.put_bytes("media/a/thumb.jpg", b"\xff\xd8 a thumbnail")
    assert store.exists("media/a/thumb.jpg")
    assert store.size("media/a/thumb.jpg") == len(b"\xff\xd8 a thumbnail")
    assert store.local_path("media/a/thumb.jpg").read_bytes() == b"\xff\xd8 a thumbnail"


def test_a_file_put_is_moved_in_whole(store: Storage, tmp_path: Path) -> None:
    source = store.scratch_dir() / "incoming.bin"
    data = os.urandom(9 * 1024 * 1024 + 17)  # over one 8 MiB part: a multipart upload on S3
    source.write_bytes(data)
    store.put_file("media/b/original.jpg", source)
    assert not source.exists()
    assert store.size("media/b/original.jpg") == len(data)
    assert store.local_path("media/b/original.jpg").read_bytes() == data


def test_a_writer_stores_only_what_ends_without_error(store: Storage) -> None:
    with store.writer("renders/r1/output.mp4") as out:
        out.write(b"whole")
    assert store.local_path("renders/r1/output.mp4").read_bytes() == b"whole"

    with pytest.raises(RuntimeError), store.writer("renders/r2/output.mp4") as out:
        out.write(b"half")
        raise RuntimeError("the encoder died")
    assert not store.exists("renders/r2/output.mp4")
    assert list(store.scratch_dir().iterdir()) == []


def test_byte_ranges_are_read_as_asked(store: Storage) -> None:
    data = bytes(range(256)) * 10
    store.put_bytes("renders/r/output.mp4", data)
    assert b"".join(store.iter_bytes("renders/r/output.mp4")) == data
    assert b"".join(store.iter_bytes("renders/r/output.mp4", 10, 20)) == data[10:20]
    assert b"".join(store.iter_bytes("renders/r/output.mp4", 2550)) == data[2550:]
    assert b"".join(store.iter_bytes("renders/r/output.mp4", 5, 5)) == b""


def test_deleted_and_missing_files_are_not_there(store: Storage) -> None:
    store.put_bytes("media/c/original.png", b"png")
    store.local_path("media/c/original.png")  # a cached copy, on S3
    store.delete("media/c/original.png")
    store.delete("media/never/stored.png")  # no error
    for key in ("media/c/original.png", "media/never/stored.png"):
        assert not store.exists(key)
        assert store.size(key) is None
        assert not store.local_path(key).exists()


@pytest.mark.parametrize("key", ["", "/abs", "a/../b", "a//b", "./a"])
def test_bad_keys_are_refused(store: Storage, key: str) -> None:
    with pytest.raises(ValueError, match="bad storage key"):
        store.put_bytes(key, b"x")
    with pytest.raises(ValueError, match="bad storage key"):
        store.local_path(key)


def test_leftovers_of_crashed_processes_are_swept_and_live_ones_kept(store: Storage) -> None:
    old = store.scratch_dir() / "render-dead-1.mp4"
    old.write_bytes(b"partial")
    past = time.time() - 7200
    os.utime(old, (past, past))
    fresh = store.scratch_dir() / "upload-live"
    fresh.write_bytes(b"still being written")
    assert store.sweep_leftovers(older_than=3600) == 1
    assert not old.exists() and fresh.exists()


def test_the_setting_chooses_the_backend(s3_server: S3Server, tmp_path: Path) -> None:
    from diapo.service.s3storage import S3Storage

    assert isinstance(open_storage(load_settings(data_dir=tmp_path)), LocalStorage)
    settings = load_settings(data_dir=tmp_path, **s3_server.settings("bucket", "a/b"))
    s3 = open_storage(settings)
    assert isinstance(s3, S3Storage) and (s3.bucket, s3.prefix) == ("bucket", "a/b/")


@pytest.mark.parametrize("url", ["s3://", "http://bucket/x", "bucket/prefix"])
def test_a_storage_url_that_is_not_s3_is_refused_clearly(tmp_path: Path, url: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"use s3://bucket"):
        load_settings(data_dir=tmp_path, storage_url=url)


# -- S3 only -------------------------------------------------------------------------


def test_objects_land_under_the_prefix(s3_server: S3Server, tmp_path: Path) -> None:
    store = _s3_storage(s3_server, tmp_path)
    store.put_bytes("media/x/original.jpg", b"jpg")
    listed = s3_server.client().list_objects_v2(Bucket=store.bucket)
    assert [o["Key"] for o in listed["Contents"]] == ["files/media/x/original.jpg"]


def test_a_worker_on_another_host_reads_what_the_web_host_wrote(
    s3_server: S3Server, tmp_path: Path
) -> None:
    web = _s3_storage(s3_server, tmp_path / "web")
    worker = _s3_storage(s3_server, tmp_path / "worker")
    worker.bucket = web.bucket
    web.put_bytes("media/m/original.jpg", b"photo bytes")
    path = worker.local_path("media/m/original.jpg")
    assert path.is_relative_to(tmp_path / "worker") and path.read_bytes() == b"photo bytes"
    with worker.writer("renders/r/output.mp4") as out:
        out.write(b"video bytes")
    assert b"".join(web.iter_bytes("renders/r/output.mp4")) == b"video bytes"
    assert not (tmp_path / "web" / "cache" / "renders").exists()  # streamed, not cached


def test_the_read_cache_keeps_under_its_limit_least_recently_used_first(
    s3_server: S3Server, tmp_path: Path
) -> None:
    store = _s3_storage(s3_server, tmp_path, cache_bytes=250_000, in_use_seconds=0)
    for name in "abc":
        store.put_bytes(f"media/{name}/original.jpg", name.encode() * 100_000)
    a = store.local_path("media/a/original.jpg")
    b = store.local_path("media/b/original.jpg")
    past = time.time() - 100
    os.utime(b, (past, past))  # b: read long ago
    os.utime(a, (past + 50, past + 50))  # a: read more recently
    c = store.local_path("media/c/original.jpg")
    assert (a.exists(), b.exists(), c.exists()) == (True, False, True)
    # An evicted file comes back on the next read.
    assert store.local_path("media/b/original.jpg").read_bytes() == b"b" * 100_000
    cached = sum(p.stat().st_size for p in store.cache.rglob("*") if p.is_file())
    assert cached <= 250_000


def test_a_file_read_a_moment_ago_is_not_evicted_under_a_render(
    s3_server: S3Server, tmp_path: Path
) -> None:
    store = _s3_storage(s3_server, tmp_path, cache_bytes=1)
    store.put_bytes("media/a/original.jpg", b"a" * 1000)
    store.put_bytes("media/b/original.jpg", b"b" * 1000)
    a = store.local_path("media/a/original.jpg")
    store.local_path("media/b/original.jpg")
    assert a.read_bytes() == b"a" * 1000  # resolved by the renderer, opened later: still there


def test_abandoned_multipart_uploads_are_aborted(s3_server: S3Server, tmp_path: Path) -> None:
    store = _s3_storage(s3_server, tmp_path)
    client = s3_server.client()
    client.create_multipart_upload(Bucket=store.bucket, Key="files/media/d/original.mp4")
    # The upload's age as the server tells it (moto says every upload began in 2010).
    [upload] = client.list_multipart_uploads(Bucket=store.bucket)["Uploads"]
    age = time.time() - upload["Initiated"].timestamp()
    assert store.sweep_leftovers(older_than=age + 3600) == 0  # younger than the grace: live
    assert store.sweep_leftovers(older_than=max(0.0, age - 3600)) == 1
    assert client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", []) == []


def test_a_presigned_url_serves_the_file_from_the_store(
    s3_server: S3Server, tmp_path: Path
) -> None:
    import httpx

    store = _s3_storage(s3_server, tmp_path)
    store.put_bytes("renders/r/output.mp4", b"the video")
    url = store.download_url("renders/r/output.mp4", filename="diapo-r.mp4", inline=False)
    got = httpx.get(url)
    assert got.status_code == 200 and got.content == b"the video"
    assert "diapo-r.mp4" in got.headers["content-disposition"]


def test_a_200_mb_upload_keeps_memory_flat(s3_server: S3Server, tmp_path: Path) -> None:
    # In a process of its own, so that nothing else this test run did counts.
    bucket = s3_server.new_bucket()
    script = textwrap.dedent(
        """
        import json, os, sys, threading
        from pathlib import Path
        from diapo.service.settings import load_settings
        from diapo.service.storages import open_storage

        PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024

        def rss():  # the resident set now, in KiB (a peak counter would include the imports)
            return int(open("/proc/self/statm").read().split()[1]) * PAGE_KIB

        root = Path(sys.argv[1])
        store = open_storage(load_settings(data_dir=root, **json.loads(sys.argv[2])))
        source = store.scratch_dir() / "big.bin"
        with open(source, "wb") as f:
            block = bytes(range(256)) * 4096  # 1 MiB
            for _ in range(200):
                f.write(block)
        store.put_bytes("warm/up", b"x")  # the client's own first-call setup is not the upload
        before = peak = rss()
        done = threading.Event()

        def sample():
            global peak
            while not done.wait(0.01):
                peak = max(peak, rss())

        sampler = threading.Thread(target=sample)
        sampler.start()
        store.put_file("media/big/original.mp4", source)
        done.set()
        sampler.join()
        size = store.size("media/big/original.mp4")
        store.delete("media/big/original.mp4")  # the session's S3 server need not keep it
        print(json.dumps({"before": before, "peak": peak, "size": size}))
        """
    )
    import json

    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), json.dumps(s3_server.settings(bucket))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["size"] == 200 * 1024 * 1024
    grew_mb = (figures["peak"] - figures["before"]) / 1024
    print(f"RSS grew by {grew_mb:.1f} MB during a 200 MB upload")
    assert grew_mb < 16, figures  # measured: 5.6 MB (parts are read from disk as sent)
