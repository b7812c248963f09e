"""`Settings`: every limit, path, price and switch of the service, read from `DIAPO_*` variables."""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from diapo.chat.llm import LlmSettings
from diapo.draft.vocabulary import Quality

__all__ = ["Settings", "load_settings"]

_DAY = 24 * 3600


class Settings(BaseSettings):
    """The service's configuration; build it with `load_settings()`.

    Every field can be set by an environment variable named after it with the
    `DIAPO_` prefix, e.g. `DIAPO_DATA_DIR`, `DIAPO_MAX_UPLOAD_BYTES`.
    """

    model_config = SettingsConfigDict(env_prefix="DIAPO_", extra="ignore", frozen=True)

    # -- where things live -------------------------------------------------
    data_dir: Path = Field(Path("diapo-data"), description="database, queue and files")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; default: SQLite (WAL) at <data_dir>/diapo.db"
    )
    queue_url: str | None = Field(
        None, description="redis://... for RedisHuey; default: SqliteHuey at <data_dir>/queue.db"
    )
    storage_dir: Path | None = Field(None, description="files; default: <data_dir>/files")
    public_base_url: str | None = Field(
        None, description="base of absolute URLs in answers; default: the request's own"
    )
    secret_key: str | None = Field(
        None, description="signs download URLs; default: generated once in <data_dir>/secret_key"
    )

    # -- tokens and accounts -----------------------------------------------
    token_ttl_seconds: int = Field(7 * _DAY, ge=1, description="lifetime of a token")
    anonymous_token_window_seconds: int = Field(
        7 * _DAY, ge=0, description="one anonymous token per client id in this window"
    )
    free_credits: int = Field(100, ge=0, description="credits of a new anonymous token")
    rate_limit_per_minute: int = Field(
        600, ge=0, description="requests per token per minute (0: no limit)"
    )

    # -- uploads -------------------------------------------------------------
    max_upload_bytes: int = Field(200 * 1024 * 1024, ge=1, description="per file")
    max_sound_seconds: int = Field(
        2 * 3600, ge=1, description="longest song, or clip with sound, an upload may hold"
    )
    max_files_per_upload: int = Field(50, ge=1, description="files in one upload request")
    upload_link_seconds: int = Field(
        3600, ge=60, description="how long a signed upload URL (for agents without the token) works"
    )
    thumbnail_size: int = Field(320, ge=16, le=2048, description="longer side of thumbnails")
    url_import_timeout_seconds: float = Field(60.0, gt=0, description="whole download of one URL")
    url_import_idle_seconds: float = Field(
        30.0, gt=0, description="longest wait for a URL's server to connect, answer or send more"
    )
    url_import_max_redirects: int = Field(5, ge=0, description="redirects followed, each checked")
    url_import_allow_loopback: bool = Field(
        False, description="let URL imports reach 127.0.0.1 / ::1 (tests only)"
    )

    # -- chat ----------------------------------------------------------------
    sse_heartbeat_seconds: float = Field(10.0, gt=0, le=15.0, description="SSE heartbeat period")
    turn_timeout_seconds: float = Field(900.0, gt=0, description="longest chat turn")

    # -- rendering and jobs --------------------------------------------------
    render_quality: Quality = Field("standard", description="encoder quality of exports")
    job_lease_seconds: float = Field(
        60.0, gt=0, description="a rendering job without heartbeat for this long is stale"
    )
    reaper_interval_seconds: float = Field(
        10.0, gt=0, description="how often stale jobs are looked for"
    )
    job_max_attempts: int = Field(
        2, ge=1, description="a stale job is re-queued until this many tries"
    )
    workers: int = Field(1, ge=0, description="local worker threads `diapo serve` starts (0: none)")

    # -- chunked render and its cache (issue 14) --------------------------------
    render_chunks: bool = Field(
        True, description="split mp4/mov/mkv/webm renders into chunk tasks, cached by content"
    )
    chunk_cache_mb: int = Field(
        2048, ge=0, description="size of the chunk cache (least recently used evicted first)"
    )

    # -- hung renders (issue 14) ---------------------------------------------------
    render_stall_seconds: float = Field(
        300.0,
        gt=0,
        allow_inf_nan=False,
        description="a render (or part) whose progress has not moved for this long is hung: "
        "its lease is left to lapse and another worker takes it over",
    )

    # -- webhooks --------------------------------------------------------------
    webhook_retry_seconds: list[float] = Field(
        [30.0, 120.0, 450.0],
        description="waits before each retry of a failed callback (JSON list; 4 tries, ~10 min)",
    )
    webhook_timeout_seconds: float = Field(
        5.0, gt=0, le=60, description="how long one callback POST may take"
    )

    # -- pricing (documented in the OpenAPI description) ---------------------
    price_seconds_per_credit_hd: int = Field(
        10, ge=1, description="above 720p: 1 credit per started block of this many output seconds"
    )
    price_seconds_per_credit_sd: int = Field(
        20, ge=1, description="720p or less, and audio: 1 credit per started block (half price)"
    )
    price_still: int = Field(1, ge=0, description="credits for a still image output")
    price_minimum: int = Field(1, ge=0, description="least an export costs")

    # hostile input: uploads
    ingest_workers: int = Field(
        2, ge=1, description="files checked or analysed at once, per process (a fair share each)"
    )
    ingest_max_concurrent_decodes: int = Field(
        1,
        ge=1,
        description=(
            "heavy decodes at once, per process: photos decoded whole above "
            "`ingest_heavy_pixels`, large video frames, songs"
        ),
    )
    ingest_heavy_pixels: int = Field(
        12_000_000, ge=1, description="a PNG, WEBP, HEIC... photo or a frame above this is heavy"
    )
    ingest_analysis_wait_seconds: float = Field(
        1.0,
        ge=0,
        description=(
            "how long an upload's answer waits for its photos' analysis and songs' tempo "
            "before answering without them (they follow in the state)"
        ),
    )
    chat_analysis_wait_seconds: float = Field(
        5.0, ge=0, description="how long a chat turn waits for its session's analyses"
    )
    url_import_max_per_account: int = Field(
        2, ge=1, description="URL import requests running at once for one account"
    )
    url_import_max_total: int = Field(
        8, ge=1, description="URL import requests running at once in the whole server process"
    )

    # hostile input: service ---------------------------------------------------
    anonymous_tokens_per_address: int = Field(
        20, ge=0, description="anonymous tokens one client address gets per window (0: no limit)"
    )
    anonymous_token_address_window_seconds: int = Field(
        3600, ge=1, description="the window of `anonymous_tokens_per_address`"
    )
    trust_forwarded_for: bool = Field(
        False,
        description=(
            "take the client address from the last X-Forwarded-For entry "
            "(only behind a proxy that sets it)"
        ),
    )
    chat_max_message_chars: int = Field(
        4000, ge=1, description="characters of one chat message, all parts together"
    )
    chat_max_parts: int = Field(
        20, ge=1, le=20, description="parts of one chat message (the protocol allows 20)"
    )
    chat_turn_limit_seconds: float = Field(
        20.0, gt=0, description="hard limit of one turn's interpretation; its process is killed"
    )
    chat_turn_processes: int = Field(
        2, ge=1, description="warm processes that interpret chat turns, one turn each at a time"
    )
    # An OpenAI-compatible model, asked only for the clauses the rules left not applied.
    llm_url: str | None = Field(
        None, description="chat-completions base URL (.../v1); unset: the rules alone"
    )
    llm_model: str = Field("default", min_length=1, description="the model's name")
    llm_api_key: str | None = Field(None, description="sent as a Bearer token to the model")
    llm_timeout_seconds: float = Field(
        10.0, gt=0, description="longest wait for the model; then the rules' answer stands"
    )
    preview_max_seconds: int = Field(180, ge=1, description="longest draft a free preview renders")
    previews_per_account: int = Field(
        2, ge=1, description="free previews of one account queued or rendering at once"
    )
    leftover_grace_seconds: float = Field(
        3600.0, gt=0, description="scratch files of crashed uploads and renders older than this go"
    )
    leftover_sweep_interval_seconds: float = Field(
        600.0, gt=0, description="how often the worker sweeps leftovers (and at every start)"
    )

    # -- object storage (S3-compatible; see deploy/README.md) ----------------
    storage_url: str | None = Field(
        None,
        description=(
            "s3://bucket/prefix: files in an S3-compatible store (AWS S3, MinIO, R2); "
            "default: the local storage_dir"
        ),
    )
    s3_endpoint_url: str | None = Field(
        None, description="the store's endpoint, e.g. http://minio:9000; default: AWS S3"
    )
    s3_region: str | None = Field(
        None, description="the bucket's region ('auto' for Cloudflare R2); default: boto3's"
    )
    s3_access_key_id: str | None = Field(
        None, description="access key; default: boto3's chain (AWS_* variables, instance role)"
    )
    s3_secret_access_key: str | None = Field(None, description="the access key's secret")
    s3_addressing_style: Literal["auto", "path", "virtual"] = Field(
        "auto", description="bucket in the path or in the host name ('path' for MinIO)"
    )
    s3_presigned_downloads: bool = Field(
        False,
        description=(
            "downloads answer 307 to a presigned URL of the store instead of streaming "
            "through (only where clients follow redirects and can reach the store)"
        ),
    )
    storage_cache_dir: Path | None = Field(
        None, description="local copies of stored files a worker reads; default: <data_dir>/cache"
    )
    storage_cache_bytes: int = Field(
        2 * 1024**3, ge=0, description="size the local cache is kept under, least recently used go"
    )

    @field_validator("storage_url")
    @classmethod
    def _s3_url(cls, v: str | None) -> str | None:
        if v is not None and v.strip():
            from urllib.parse import urlsplit

            url = urlsplit(v.strip())
            if url.scheme != "s3" or not url.netloc:
                raise ValueError("use s3://bucket or s3://bucket/prefix (or leave it unset)")
            return v.strip()
        return None

    @field_validator("llm_url")
    @classmethod
    def _http_url(cls, v: str | None) -> str | None:
        if v is not None and v.strip():
            if not v.strip().startswith(("http://", "https://")):
                raise ValueError(f"must be an http(s) URL, not {v!r}")
            return v.strip()
        return None

    @field_validator("data_dir", "storage_dir", "storage_cache_dir")
    @classmethod
    def _absolute(cls, v: Path | None) -> Path | None:
        return v.expanduser().resolve() if v is not None else None

    @field_validator("secret_key")
    @classmethod
    def _real_secret(cls, v: str | None) -> str | None:
        if v is not None and (len(v) < 32 or v.lower() in {"changeme", "secret", "changethis"}):
            raise ValueError("set a random secret of 32 characters or more (or leave it unset)")
        return v

    def llm(self) -> LlmSettings | None:
        """Where the chat's model is, or None for the rules alone."""
        if not self.llm_url:
            return None
        return LlmSettings(
            url=self.llm_url.rstrip("/"),
            model=self.llm_model,
            api_key=self.llm_api_key,
            timeout=self.llm_timeout_seconds,
        )

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'diapo.db'}"

    @property
    def files_dir(self) -> Path:
        return self.storage_dir or self.data_dir / "files"

    @property
    def cache_dir(self) -> Path:
        return self.storage_cache_dir or self.data_dir / "cache"

    @cached_property
    def signing_key(self) -> bytes:
        """The key that signs download URLs, kept in the data directory across restarts."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
            tmp.write_text(secrets.token_hex(32))
            tmp.chmod(0o600)
            try:
                # link() refuses to replace: if another process won the race, its key is kept.
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
        return path.read_text().strip().encode()

    def as_env(self) -> dict[str, str]:
        """These settings as `DIAPO_*` variables, to hand to a worker process."""
        env: dict[str, str] = {}
        for name, value in self.model_dump(exclude_none=True).items():
            env[f"DIAPO_{name.upper()}"] = (
                str(value).lower() if isinstance(value, bool) else str(value)
            )
        return env


def load_settings(**overrides: Any) -> Settings:
    """The settings from the environment, with `overrides` on top."""
    return Settings(**overrides)
