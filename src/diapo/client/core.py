"""The protocol's client rules, written once as flows of steps (see `transport`)."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from diapo.client.config import ClientConfig, StoredToken
from diapo.client.errors import (
    APIError,
    ExportFailedError,
    ExportNotAllowedError,
    ProtocolError,
    RateLimitedError,
    SessionNotFoundError,
    TokenError,
    TurnFailedError,
    error_for,
)
from diapo.client.models import (
    Balance,
    RenderInfo,
    SessionInfo,
    SessionSummary,
    StateInfo,
    TokenInfo,
    UploadResult,
    summarise_change,
)
from diapo.client.transport import (
    Flow,
    Notice,
    ProgressCallback,
    ProgressStream,
    Send,
    Sleep,
    envelope_of,
    retry_after_seconds,
)
from diapo.client.turns import TurnResult

__all__ = ["ClientCore", "RenderCallback"]

RenderCallback = Callable[[RenderInfo], None]

_TOKEN_PATH = "/api/auth/anonymous-token"
_UNLOCK = "Register or upgrade to unlock export."
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)")


class ClientCore:
    """Request building, envelope checking, the error table and every operation as a flow.

    Holds the client's state: the token, whether it is anonymous, the bind id, the
    current session and the last state read (to summarise what a silent turn did).
    """

    def __init__(self, config: ClientConfig, *, session_id: str | None = None) -> None:
        self.config = config
        self.base_url = config.base_url.rstrip("/")
        self.token: str | None = config.token
        self.anonymous: bool | None = None if config.token else True
        self.bind_id: str | None = None
        self.session_id = session_id
        self.last_state: StateInfo | None = None
        self._token_from_store = False

    # -- requests and answers -------------------------------------------------

    def headers(self, *, auth: bool = True) -> dict[str, str]:
        headers = {
            "X-Skill-Source": self.config.source,
            "X-Skill-Version": self.config.version,
            "X-Skill-Platform": self.config.platform,
            "Accept": "application/json",
        }
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        files: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> httpx.Request:
        all_headers = self.headers(auth=auth)
        all_headers.update(headers or {})
        return httpx.Request(
            method, self.url(path), json=json_body, files=files, params=params, headers=all_headers
        )

    def error(self, response: httpx.Response) -> APIError | None:
        """The typed error of a read answer, or None when it is a success."""
        if response.status_code < 400:
            if "json" not in response.headers.get("content-type", ""):
                return None  # an event stream or a file: no envelope to check
            body = envelope_of(response)
            if body.get("code", 0) == 0:
                return None
        else:
            try:
                body = envelope_of(response)
            except ProtocolError:
                body = {"code": response.status_code, "message": response.reason_phrase}
        code = int(body.get("code") or response.status_code)
        message = str(body.get("message") or response.reason_phrase)
        data = body.get("data")
        if code == 402 or (response.status_code == 402 and code != 2001):
            if "unlock export" not in message.lower():
                message = f"{message} {_UNLOCK}"
            return ExportNotAllowedError(message, code=402, status=response.status_code, data=data)
        register_url = None
        if code == 2001:
            bind_id = (data or {}).get("bind_id") if isinstance(data, dict) else None
            bind_id = bind_id or self.bind_id
            if bind_id and self.anonymous is not False:
                register_url = f"{self.base_url}/register?bind={bind_id}"
        return error_for(
            code,
            message,
            status=response.status_code,
            data=data,
            retry_after=retry_after_seconds(response) if response.status_code == 429 else None,
            register_url=register_url,
        )

    def data(self, response: httpx.Response) -> Any:
        err = self.error(response)
        if err is not None:
            raise err
        return envelope_of(response).get("data")

    # -- the retry rules ------------------------------------------------------

    def call(
        self,
        make: Callable[[], httpx.Request],
        *,
        session_scoped: bool = False,
        stream: bool = False,
    ) -> Flow[httpx.Response]:
        """Send `make()` under the error table: 1001 re-auth once, 1002 new session once
        (when allowed), 429 retry once after Retry-After. `make` is called again for each
        try so that a new token or session is used."""
        if self.token is None:
            yield from self.ensure_token()
        reauthed = resessioned = waited = False
        while True:
            response: httpx.Response = yield Send(make(), stream=stream)
            err = self.error(response)
            if err is None:
                return response
            if isinstance(err, TokenError) and not reauthed:
                reauthed = True
                yield from self._reauthenticate()
                continue
            if (
                isinstance(err, SessionNotFoundError)
                and session_scoped
                and self.config.recover_session
                and not resessioned
            ):
                resessioned = True
                old = self.session_id
                info = yield from self.new_session()
                yield Notice(
                    f"Session {old} was not found; started a new session {info.session_id}."
                )
                continue
            if isinstance(err, RateLimitedError) and not waited:
                if err.retry_after > self.config.max_retry_wait:
                    raise err
                waited = True
                yield Sleep(err.retry_after)
                continue
            raise err

    def _reauthenticate(self) -> Flow[None]:
        stale = self.token
        self.token = None
        store = self.config.store
        stored = store.token(self.base_url)
        if stored is not None and stored.token == stale:
            store.forget_token(self.base_url)
        elif stored is not None and not self._token_from_store:
            # The store holds another, possibly valid, token for this client: try it first.
            self._use_stored(stored)
            yield Notice("The token was refused; using the saved token for this server.")
            return
        yield from self.new_token()
        yield Notice("The token was refused; got a new anonymous token.")

    # -- token and session -------------------------------------------------

    def _use_stored(self, stored: StoredToken) -> None:
        self.token = stored.token
        self.bind_id = stored.bind_id or self.bind_id
        self.anonymous = stored.anonymous
        self._token_from_store = True

    def ensure_token(self) -> Flow[str]:
        """The token to use: the configured one, the saved one, or a new anonymous one."""
        if self.token:
            return self.token
        stored = self.config.store.token(self.base_url)
        if stored is not None:
            self._use_stored(stored)
            return stored.token
        info = yield from self.new_token()
        return info.token

    def new_token(self) -> Flow[TokenInfo]:
        """`POST /api/auth/anonymous-token` with this user's client id (429: wait once)."""
        store = self.config.store
        client_id = store.client_id()
        waited = False
        while True:
            response: httpx.Response = yield Send(
                self.request("POST", _TOKEN_PATH, headers={"X-Client-Id": client_id}, auth=False)
            )
            err = self.error(response)
            if isinstance(err, RateLimitedError) and not waited:
                if err.retry_after > self.config.max_retry_wait:
                    raise err
                waited = True
                yield Sleep(err.retry_after)
                continue
            if err is not None:
                raise err
            info = TokenInfo.from_data(envelope_of(response)["data"])
            self.token, self.anonymous, self.bind_id = info.token, True, info.bind_id
            self._token_from_store = False
            store.save_token(
                self.base_url,
                StoredToken(info.token, bind_id=info.bind_id, expires_at=info.expires_at),
            )
            return info

    def new_session(
        self, *, language: str | None = None, task_name: str | None = None
    ) -> Flow[SessionInfo]:
        """`POST /api/tasks/me/with-session/nemo_agent`; it becomes the current session."""
        key = str(uuid.uuid4())
        body = {
            "task_name": task_name or self.config.task_name,
            "language": language or self.config.language,
        }
        response = yield from self.call(
            lambda: self.request(
                "POST",
                "/api/tasks/me/with-session/nemo_agent",
                json_body=body,
                headers={"Idempotency-Key": key},
            )
        )
        info = SessionInfo.from_data(self.data(response))
        self.session_id = info.session_id
        self.bind_id = info.bind_id or self.bind_id
        self.last_state = None
        return info

    def ensure_session(self) -> Flow[str]:
        if self.session_id is None:
            yield from self.new_session()
        assert self.session_id is not None
        return self.session_id

    # -- reading ----------------------------------------------------------------

    def credits(self) -> Flow[Balance]:
        response = yield from self.call(lambda: self.request("GET", "/api/credits/balance/simple"))
        return Balance.from_data(self.data(response))

    def state(self) -> Flow[StateInfo]:
        yield from self.ensure_session()
        response = yield from self.call(
            lambda: self.request("GET", f"/api/state/nemo_agent/me/{self.session_id}/latest"),
            session_scoped=True,
        )
        state = StateInfo.from_data(self.data(response))
        self.last_state = state
        return state

    def sessions(self) -> Flow[list[SessionSummary]]:
        """`GET /api/tasks/me/sessions`: this account's sessions, newest first."""
        response = yield from self.call(lambda: self.request("GET", "/api/tasks/me/sessions"))
        data = self.data(response) or {}
        return [SessionSummary.from_data(s) for s in data.get("sessions", [])]

    # -- uploads ----------------------------------------------------------------

    def upload(
        self, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None
    ) -> Flow[UploadResult]:
        """Multipart upload of one or more files into the current session."""
        yield from self.ensure_session()
        files = [Path(p) for p in paths]
        if not files:
            raise ValueError("upload() needs at least one file")
        key = str(uuid.uuid4())
        with ExitStack() as stack:
            handles = [stack.enter_context(open(p, "rb")) for p in files]

            def make() -> httpx.Request:
                fields = [
                    (
                        "files",
                        (p.name, h, mimetypes.guess_type(p.name)[0] or "application/octet-stream"),
                    )
                    for p, h in zip(files, handles, strict=True)
                ]
                for h in handles:
                    h.seek(0)
                req = self.request(
                    "POST",
                    f"/api/upload-video/nemo_agent/me/{self.session_id}",
                    files=fields,
                    headers={"Idempotency-Key": key},
                )
                length = req.headers.get("Content-Length")
                total = int(length) if length else None
                req.stream = ProgressStream(req.stream, total, progress)
                return req

            response = yield from self.call(make, session_scoped=True)
        return UploadResult.from_data(self.data(response))

    def upload_content(self, items: Sequence[tuple[str, bytes]]) -> Flow[UploadResult]:
        """Multipart upload of files given as (name, bytes), e.g. sent by a remote agent."""
        yield from self.ensure_session()
        if not items:
            raise ValueError("upload_content() needs at least one file")
        key = str(uuid.uuid4())
        fields = [
            ("files", (name, data, mimetypes.guess_type(name)[0] or "application/octet-stream"))
            for name, data in items
        ]
        response = yield from self.call(
            lambda: self.request(
                "POST",
                f"/api/upload-video/nemo_agent/me/{self.session_id}",
                files=fields,
                headers={"Idempotency-Key": key},
            ),
            session_scoped=True,
        )
        return UploadResult.from_data(self.data(response))

    def upload_link(self) -> Flow[dict[str, Any]]:
        """A signed upload URL for the current session (`url`, `expires_at`, `max_bytes`)."""
        yield from self.ensure_session()
        response = yield from self.call(
            lambda: self.request("POST", f"/api/upload-video/nemo_agent/me/{self.session_id}/link"),
            session_scoped=True,
        )
        data: dict[str, Any] = self.data(response)
        return data

    def import_urls(self, urls: Sequence[str]) -> Flow[UploadResult]:
        """Import media from the web: JSON `{"urls": [...]}`."""
        yield from self.ensure_session()
        key = str(uuid.uuid4())
        response = yield from self.call(
            lambda: self.request(
                "POST",
                f"/api/upload-video/nemo_agent/me/{self.session_id}",
                json_body={"urls": list(urls)},
                headers={"Idempotency-Key": key},
            ),
            session_scoped=True,
        )
        return UploadResult.from_data(self.data(response))

    # -- chat ---------------------------------------------------------------------

    def open_turn(self, text: str) -> Flow[httpx.Response]:
        """Start a chat turn; the answer comes back open, to be read as a stream."""
        yield from self.ensure_session()
        if self.last_state is None or self.last_state.session_id != self.session_id:
            # Kept to summarise the change should the turn end without a word.
            yield from self.state()
        return (
            yield from self.call(
                lambda: self.request(
                    "POST",
                    "/run_sse",
                    json_body={
                        "session_id": self.session_id,
                        "new_message": {"role": "user", "parts": [{"text": text}]},
                    },
                    headers={"Accept": "text/event-stream"},
                ),
                session_scoped=True,
                stream=True,
            )
        )

    def finish_turn(self, result: TurnResult) -> Flow[TurnResult]:
        """After the stream: raise on an error event; summarise a turn that said nothing."""
        if result.error is not None:
            code = int(result.error.get("code") or 500)
            raise TurnFailedError(str(result.error.get("message", "The turn failed.")), code=code)
        before = self.last_state
        if not result.text or result.changed:
            after = yield from self.state()
            if not result.text:
                result.summary = summarise_change(before, after)
        return result

    # -- export and download ------------------------------------------------------

    def submit_export(
        self,
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        draft: dict[str, Any] | None = None,
        render_id: str | None = None,
        preview: bool = False,
        preset: str | None = None,
        idempotency_key: str | None = None,
    ) -> Flow[RenderInfo]:
        output: dict[str, Any] = {"format": format, "resolution": resolution}
        if preset is not None:
            output["preset"] = preset  # a platform: its frame, bitrate, size cap
        fields: dict[str, Any] = {"output": output}
        if draft is not None:
            fields["draft"] = draft
        if preview:
            fields["preview"] = True  # free, mp4 at 360p or 480p only
        return (
            yield from self._submit(
                "/api/render/proxy/lambda",
                fields,
                render_id=render_id,
                idempotency_key=idempotency_key,
            )
        )

    def _submit(
        self,
        path: str,
        fields: dict[str, Any],
        *,
        render_id: str | None,
        idempotency_key: str | None,
    ) -> Flow[RenderInfo]:
        """POST a render request: its id, the session's, and `fields`; the render it made."""
        yield from self.ensure_session()
        rid = render_id or _render_id(idempotency_key)  # a retried submit never charges twice
        # The caller's key makes its own retries (a new call, a new render id) safe too.
        extra = {"Idempotency-Key": idempotency_key} if idempotency_key else None

        def make() -> httpx.Request:
            # The session is read here: a call retried in a new session sends the new one.
            body = {"id": rid, "session_id": self.session_id, **fields}
            return self.request("POST", path, json_body=body, headers=extra)

        response = yield from self.call(make, session_scoped=True)
        return RenderInfo.from_data(self.data(response))

    def price_export(
        self, *, format: str = "mp4", resolution: str = "1080p", preview: bool = False
    ) -> Flow[dict[str, Any]]:
        """`POST /api/render/price`: what this export of the current draft would cost."""
        yield from self.ensure_session()
        body: dict[str, Any] = {
            "session_id": self.session_id,
            "output": {"format": format, "resolution": resolution},
        }
        if preview:
            body["preview"] = True
        response = yield from self.call(
            lambda: self.request("POST", "/api/render/price", json_body=body),
            session_scoped=True,
        )
        data: dict[str, Any] = self.data(response)
        return data

    def cancel_export(self, render_id: str) -> Flow[RenderInfo]:
        """`DELETE /api/render/proxy/lambda/<id>`: stop it; its frozen credits are released."""
        response = yield from self.call(
            lambda: self.request("DELETE", f"/api/render/proxy/lambda/{render_id}")
        )
        return RenderInfo.from_data(self.data(response))

    def renders(self) -> Flow[list[RenderInfo]]:
        """The current session's renders, newest first."""
        yield from self.ensure_session()
        response = yield from self.call(
            lambda: self.request(
                "GET",
                "/api/render/proxy/lambda",
                params={"session_id": self.session_id or ""},
            ),
            session_scoped=True,
        )
        return [RenderInfo.from_data(r) for r in self.data(response) or []]

    def render_status(self, render_id: str) -> Flow[RenderInfo]:
        response = yield from self.call(
            lambda: self.request("GET", f"/api/render/proxy/lambda/{render_id}")
        )
        return RenderInfo.from_data(self.data(response))

    def wait_export(
        self, render: RenderInfo, *, progress: RenderCallback | None = None
    ) -> Flow[RenderInfo]:
        """Poll with growing waits until completed; failed or cancelled raise."""
        delay, waited = self.config.poll_initial, 0.0
        while True:
            if progress is not None:
                progress(render)
            if render.status == "completed":
                return render
            if render.status in ("failed", "cancelled"):
                reason = f": {render.error}" if render.error else ""
                raise ExportFailedError(f"The export {render.status}{reason}", render=render)
            if waited > self.config.export_timeout:
                raise ExportFailedError("The export did not finish in time.", render=render)
            yield Sleep(delay)
            waited += delay
            delay = min(delay * self.config.poll_factor, self.config.poll_max)
            render = yield from self.render_status(render.id)

    def export(
        self,
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        draft: dict[str, Any] | None = None,
        progress: RenderCallback | None = None,
        preview: bool = False,
        preset: str | None = None,
        idempotency_key: str | None = None,
    ) -> Flow[RenderInfo]:
        render = yield from self.submit_export(
            format=format,
            resolution=resolution,
            draft=draft,
            preview=preview,
            preset=preset,
            idempotency_key=idempotency_key,
        )
        return (yield from self.wait_export(render, progress=progress))

    # -- templates --------------------------------------------------------------

    def templates(self, *, language: str = "it") -> Flow[list[dict[str, Any]]]:
        """`GET /api/templates`: the built-in occasions and this account's own, with fields."""
        response = yield from self.call(
            lambda: self.request("GET", "/api/templates", params={"language": language})
        )
        found: list[dict[str, Any]] = self.data(response) or []
        return found

    def submit_template(
        self,
        template_id: str,
        merge: dict[str, Any],
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        render_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Flow[RenderInfo]:
        """`POST /api/templates/{id}/render`: the template filled with `merge`, as an export."""
        fields = {"merge": merge, "output": {"format": format, "resolution": resolution}}
        return (
            yield from self._submit(
                f"/api/templates/{template_id}/render",
                fields,
                render_id=render_id,
                idempotency_key=idempotency_key,
            )
        )

    def render_template(
        self,
        template_id: str,
        merge: dict[str, Any],
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        progress: RenderCallback | None = None,
    ) -> Flow[RenderInfo]:
        render = yield from self.submit_template(
            template_id, merge, format=format, resolution=resolution
        )
        return (yield from self.wait_export(render, progress=progress))

    def download_request(self, url: str, offset: int) -> httpx.Request:
        full = self.url(url)
        same_server = full.startswith(self.base_url + "/")
        headers = {"Accept": "*/*"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        # The token only goes to our own server; a signed URL elsewhere needs none.
        return self.request("GET", full, headers=headers, auth=same_server)

    def download_start(self, response: httpx.Response, offset: int) -> tuple[int, int | None]:
        """Where the body starts in the file and the file's full size (None when unknown)."""
        if response.status_code == 206:
            m = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
            if m is None:
                raise ProtocolError("A partial answer without a usable Content-Range.")
            total = None if m.group(3) == "*" else int(m.group(3))
            return int(m.group(1)), total
        if response.status_code == 416 and offset:
            return offset, offset  # the partial file is already whole
        if response.status_code == 200:
            length = response.headers.get("content-length")
            return 0, int(length) if length and length.isdigit() else None
        err = self.error(response) or ProtocolError(
            f"Unexpected HTTP {response.status_code} on download.", status=response.status_code
        )
        raise err

    def download_url(self, target: RenderInfo | str) -> str:
        if isinstance(target, str):
            return target
        if not target.url:
            raise ExportFailedError(f"Render {target.id} has no download URL yet.", render=target)
        return target.url


def _render_id(idempotency_key: str | None) -> str:
    """A new render id, or the one a caller's key always gives.

    The server answers a key reused with another body with 422: a call retried with
    the same key must send the same body, render id included.
    """
    if idempotency_key is None:
        return uuid.uuid4().hex
    return hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]
