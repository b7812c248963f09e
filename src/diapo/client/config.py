"""Client configuration from the environment, and the per-user store of client id and tokens."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_SERVER",
    "ClientConfig",
    "ClientStore",
    "StoredToken",
    "client_version",
    "configured_server",
    "default_store_path",
]

DEFAULT_SERVER = "http://127.0.0.1:8000"


def client_version() -> str:
    """The installed version of diapo, sent as `X-Skill-Version`."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("diapo")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


def default_store_path() -> Path:
    """`$DIAPO_CLIENT_STORE`, else `$XDG_CONFIG_HOME/diapo/client.json` (~/.config/...)."""
    explicit = os.environ.get("DIAPO_CLIENT_STORE")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "diapo" / "client.json"


def _env_server() -> str | None:
    return os.environ.get("DIAPO_URL") or os.environ.get("DIAPO_SERVER") or None


def configured_server(store_path: Path | None = None) -> str:
    """The server this user runs: `$DIAPO_URL` (or `$DIAPO_SERVER`), else the one the client
    config file last got a token from, else the local default."""
    found = _env_server()
    if found:
        return found.rstrip("/")
    return ClientStore(store_path or default_store_path()).last_server() or DEFAULT_SERVER


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """How a client talks to a server; `from_env()` reads `DIAPO_URL` (or `DIAPO_SERVER`) and
    `DIAPO_TOKEN`."""

    base_url: str = DEFAULT_SERVER
    token: str | None = None
    store_path: Path | None = None  # None: default_store_path(); the store is only read lazily
    source: str = "diapo-sdk"
    version: str = field(default_factory=client_version)
    platform: str = "cli"
    language: str = "en"
    task_name: str = "project"
    timeout: float = 60.0
    # A chat turn may last 15 minutes; the caller hears "still working" this often.
    still_working_every: float = 120.0
    # Export polling: the first wait, the growth factor and the longest wait between polls.
    poll_initial: float = 0.5
    poll_factor: float = 1.5
    poll_max: float = 5.0
    export_timeout: float = 3600.0
    # 429: one retry after Retry-After, unless the server asks for longer than this.
    max_retry_wait: float = 120.0
    # 1002: create a new session and tell the caller (off for scripts that name a session).
    recover_session: bool = True
    download_retries: int = 3

    @classmethod
    def from_env(cls, **overrides: Any) -> ClientConfig:
        """Defaults, then `DIAPO_URL` (or `DIAPO_SERVER`) / `DIAPO_TOKEN`, then `overrides`
        (None is ignored)."""
        values: dict[str, Any] = {}
        if _env_server():
            values["base_url"] = _env_server()
        if os.environ.get("DIAPO_TOKEN"):
            values["token"] = os.environ["DIAPO_TOKEN"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["base_url"] = str(values.get("base_url", DEFAULT_SERVER)).rstrip("/")
        return cls(**values)

    def with_(self, **changes: Any) -> ClientConfig:
        return replace(self, **changes)

    @property
    def store(self) -> ClientStore:
        return ClientStore(self.store_path or default_store_path())


@dataclass(frozen=True, slots=True)
class StoredToken:
    token: str
    bind_id: str | None = None
    expires_at: str | None = None
    anonymous: bool = True


class ClientStore:
    """A small JSON file: this user's client id, and one token per server.

    Keeping the token matters: a server hands out one anonymous token per client
    id per 7 days, so a client that forgot it would be refused (429).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
        tmp.chmod(0o600)  # it holds bearer tokens
        tmp.replace(self.path)

    def client_id(self) -> str:
        """This user's client id, made and saved the first time."""
        data = self._read()
        try:
            return str(uuid.UUID(str(data.get("client_id"))))
        except ValueError:
            data["client_id"] = str(uuid.uuid4())
            self._write(data)
            return str(data["client_id"])

    def token(self, base_url: str) -> StoredToken | None:
        entry = self._read().get("servers", {}).get(base_url.rstrip("/"))
        if not isinstance(entry, dict) or not entry.get("token"):
            return None
        return StoredToken(
            token=str(entry["token"]),
            bind_id=entry.get("bind_id"),
            expires_at=entry.get("expires_at"),
            anonymous=bool(entry.get("anonymous", True)),
        )

    def last_server(self) -> str | None:
        """The server a token was last saved for: the one this user runs."""
        server = self._read().get("server")
        return server if isinstance(server, str) and server else None

    def save_token(self, base_url: str, token: StoredToken) -> None:
        data = self._read()
        data["server"] = base_url.rstrip("/")
        servers = data.setdefault("servers", {})
        servers[base_url.rstrip("/")] = {
            "token": token.token,
            "bind_id": token.bind_id,
            "expires_at": token.expires_at,
            "anonymous": token.anonymous,
        }
        self._write(data)

    def forget_token(self, base_url: str) -> None:
        data = self._read()
        if data.get("servers", {}).pop(base_url.rstrip("/"), None) is not None:
            self._write(data)
