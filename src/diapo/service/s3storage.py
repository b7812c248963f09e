"""`S3Storage`: files in an S3-compatible object store, with a bounded local cache for readers.

Written for AWS S3, MinIO and Cloudflare R2 (their quirks are in the README:
path-style addressing for MinIO, region `auto` and no default checksums for
R2). Writes go through a local scratch file and are uploaded whole when it is
complete, in multipart parts read from disk, so memory stays flat whatever the
file's size and a reader never sees half an object. Workers read through
`local_path`: an object is fetched once into the cache directory and kept
there until the cache grows past its limit, least recently used first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from diapo.service.storage import check_key, sweep_dir, sweep_parts

if TYPE_CHECKING:
    from diapo.service.settings import Settings

__all__ = ["S3Storage", "parse_storage_url"]

log = logging.getLogger("diapo.storage")

# 8 MiB parts, two in flight: a 200 MB upload is 25 parts and its memory a
# few MiB (parts are read from the file as they are sent, not held whole).
_PART_BYTES = 8 * 1024 * 1024
_CONCURRENCY = 2
# A cached copy read this recently may be about to be opened by a render
# (the renderer resolves a path, then opens it later): it is not evicted.
_IN_USE_SECONDS = 60.0
# How long a presigned download URL works.
_PRESIGN_SECONDS = 3600


def parse_storage_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix` -> ("bucket", "some/prefix/"); the prefix may be empty."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"not an s3://bucket/prefix URL: {url!r}")
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


class S3Storage:
    """Files under `prefix` in `bucket`; scratch files and the read cache on the local disk."""

    def __init__(
        self,
        *,
        client: Any,
        bucket: str,
        prefix: str = "",
        scratch: Path,
        cache: Path,
        cache_bytes: int = 2 * 1024**3,
        in_use_seconds: float = _IN_USE_SECONDS,
    ) -> None:
        from boto3.s3.transfer import TransferConfig

        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.scratch = Path(scratch)
        self.cache = Path(cache)
        self.cache_bytes = cache_bytes
        self.in_use_seconds = in_use_seconds
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.cache.mkdir(parents=True, exist_ok=True)
        self._transfer = TransferConfig(
            multipart_threshold=_PART_BYTES,
            multipart_chunksize=_PART_BYTES,
            max_concurrency=_CONCURRENCY,
            max_io_queue=_CONCURRENCY * 2,
        )
        self._evicting = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Storage:
        """The store `settings.storage_url` names, reached with the `s3_*` settings."""
        try:
            import boto3
            from botocore.config import Config
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(
                "DIAPO_STORAGE_URL is s3://... but boto3 is not installed: "
                "pip install 'diapo[scale]'"
            ) from exc
        assert settings.storage_url is not None
        bucket, prefix = parse_storage_url(settings.storage_url)
        config = Config(
            s3={"addressing_style": settings.s3_addressing_style},
            retries={"max_attempts": 5, "mode": "standard"},
            # botocore adds CRC checksums to every upload by default since 1.36;
            # R2 and older MinIO refuse some of them. Only where S3 requires one.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            max_pool_connections=20,
        )
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=settings.s3_endpoint_url or None,
            region_name=settings.s3_region or None,
            aws_access_key_id=settings.s3_access_key_id or None,
            aws_secret_access_key=settings.s3_secret_access_key or None,
            config=config,
        )
        return cls(
            client=client,
            bucket=bucket,
            prefix=prefix,
            scratch=settings.data_dir / "tmp",
            cache=settings.cache_dir,
            cache_bytes=settings.storage_cache_bytes,
        )

    # -- keys ------------------------------------------------------------------

    def _key(self, key: str) -> str:
        check_key(key)
        return self.prefix + key

    def _cached(self, key: str) -> Path:
        return self.cache.joinpath(*check_key(key))

    # -- writing -----------------------------------------------------------------

    def put_bytes(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def put_file(self, key: str, source: Path) -> None:
        # upload_file reads the parts from the file as it sends them.
        self.client.upload_file(str(source), self.bucket, self._key(key), Config=self._transfer)
        Path(source).unlink(missing_ok=True)

    @contextmanager
    def writer(self, key: str) -> Iterator[IO[bytes]]:
        self._key(key)  # a bad key fails before anything is written
        fd, tmp = tempfile.mkstemp(dir=self.scratch, prefix="upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                yield out
            self.put_file(key, Path(tmp))
        finally:
            Path(tmp).unlink(missing_ok=True)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        self._cached(key).unlink(missing_ok=True)

    # -- reading -------------------------------------------------------------------

    def _head(self, key: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            head: dict[str, Any] = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return head

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int | None:
        head = self._head(key)
        return None if head is None else int(head["ContentLength"])

    def iter_bytes(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        if stop is not None and stop <= start:
            return
        wanted = f"bytes={start}-{'' if stop is None else stop - 1}"
        answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key), Range=wanted)
        body = answer["Body"]
        try:
            yield from body.iter_chunks(1024 * 1024)
        finally:
            body.close()

    def download_url(self, key: str, *, filename: str | None, inline: bool) -> str | None:
        params: dict[str, str] = {"Bucket": self.bucket, "Key": self._key(key)}
        if filename:
            kind = "inline" if inline else "attachment"
            params["ResponseContentDisposition"] = f"{kind}; filename*=utf-8''{quote(filename)}"
        url: str = self.client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=_PRESIGN_SECONDS
        )
        return url

    def local_path(self, key: str) -> Path:
        """The cached copy, fetched first if needed; a path that does not exist if `key` doesn't."""
        from botocore.exceptions import ClientError

        path = self._cached(key)
        try:
            os.utime(path)  # a hit: now the most recently used
            return path
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        os.close(fd)
        try:
            self.client.download_file(self.bucket, self._key(key), tmp, Config=self._transfer)
            os.replace(tmp, path)  # two fetching at once: both copies are whole
        except ClientError as exc:
            Path(tmp).unlink(missing_ok=True)
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return path  # as with a local file: the reader finds nothing there
            raise
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.evict(keep=path)
        return path

    def evict(self, *, keep: Path | None = None) -> int:
        """Bring the cache under its limit, least recently used first; bytes removed."""
        with self._evicting:
            entries = []
            total = 0
            for path in self.cache.rglob("*"):
                with contextlib.suppress(FileNotFoundError):
                    if path.is_file() and not path.name.startswith(".part-"):
                        st = path.stat()
                        entries.append((st.st_mtime, st.st_size, path))
                        total += st.st_size
            removed = 0
            recent = time.time() - self.in_use_seconds
            for mtime, size, path in sorted(entries):
                if total <= self.cache_bytes:
                    break
                if path == keep or mtime > recent:
                    continue
                path.unlink(missing_ok=True)
                total -= size
                removed += size
        return removed

    # -- housekeeping --------------------------------------------------------------

    def scratch_dir(self) -> Path:
        return self.scratch

    def sweep_leftovers(self, *, older_than: float) -> int:
        """Scratch files, cache downloads and multipart uploads abandoned by killed processes."""
        cutoff = time.time() - older_than
        removed = sweep_dir(self.scratch, cutoff) + sweep_parts(self.cache, cutoff)
        started_before = datetime.fromtimestamp(cutoff, UTC)
        paginator = self.client.get_paginator("list_multipart_uploads")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for upload in page.get("Uploads", []):
                if upload["Initiated"] < started_before:
                    self.client.abort_multipart_upload(
                        Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    removed += 1
        return removed
