"""`DiapoClient`: the SDK over `httpx.Client`, running the flows of `core` step by step."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import httpx

from diapo.client.config import ClientConfig
from diapo.client.core import ClientCore, RenderCallback
from diapo.client.errors import ProtocolError
from diapo.client.models import (
    Balance,
    RenderInfo,
    SessionInfo,
    SessionSummary,
    StateInfo,
    UploadResult,
)
from diapo.client.transport import Flow, Notice, ProgressCallback, Send, Sleep
from diapo.client.turns import TurnReader, TurnResult, TurnUpdate

__all__ = ["DiapoClient"]

T = TypeVar("T")


class DiapoClient:
    """A Diapo server, the protocol's way: token, session, chat, upload, export, download.

        with DiapoClient(language="it") as client:
            client.upload(["a.jpg", "b.jpg"])
            print(client.chat("crea uno slideshow").reply)
            render = client.export(resolution="720p")
            client.download(render, "out.mp4")

    `on_notice` hears what the caller should be told (a new session, a new token).
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        session_id: str | None = None,
        config: ClientConfig | None = None,
        on_notice: Callable[[str], None] | None = None,
        http: httpx.Client | None = None,
        **options: Any,
    ) -> None:
        config = config or ClientConfig.from_env(base_url=base_url, token=token, **options)
        self.core = ClientCore(config, session_id=session_id)
        self.on_notice = on_notice
        self.notices: list[str] = []
        self._owns_http = http is None
        self._http = http or httpx.Client(timeout=httpx.Timeout(config.timeout, connect=10.0))

    # -- plumbing -----------------------------------------------------------

    @property
    def config(self) -> ClientConfig:
        return self.core.config

    @property
    def session_id(self) -> str | None:
        return self.core.session_id

    @property
    def token(self) -> str | None:
        return self.core.token

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> DiapoClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _step(self, step: Send | Sleep | Notice) -> Any:
        if isinstance(step, Sleep):
            time.sleep(step.seconds)
            return None
        if isinstance(step, Notice):
            self.notices.append(step.message)
            if self.on_notice is not None:
                self.on_notice(step.message)
            return None
        response = self._http.send(step.request, stream=step.stream)
        if step.stream and response.status_code >= 400:
            try:
                response.read()
            finally:
                response.close()
        return response

    def _run(self, flow: Flow[T]) -> T:
        value: Any = None
        try:
            while True:
                value = self._step(flow.send(value))
        except StopIteration as stop:
            result: T = stop.value
            return result
        finally:
            flow.close()

    # -- the protocol ---------------------------------------------------------

    def authenticate(self) -> str:
        """Make sure there is a token (the configured, saved or a new anonymous one)."""
        return self._run(self.core.ensure_token())

    def new_session(
        self, *, language: str | None = None, task_name: str | None = None
    ) -> SessionInfo:
        return self._run(self.core.new_session(language=language, task_name=task_name))

    def ensure_session(self) -> str:
        return self._run(self.core.ensure_session())

    def sessions(self) -> list[SessionSummary]:
        """This account's sessions, newest first."""
        return self._run(self.core.sessions())

    def credits(self) -> Balance:
        return self._run(self.core.credits())

    def state(self) -> StateInfo:
        return self._run(self.core.state())

    def upload(
        self, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None
    ) -> UploadResult:
        return self._run(self.core.upload(paths, progress=progress))

    def import_urls(self, urls: Sequence[str]) -> UploadResult:
        return self._run(self.core.import_urls(urls))

    def chat(
        self, text: str, *, on_update: Callable[[TurnUpdate], None] | None = None
    ) -> TurnResult:
        """One chat turn. `on_update` hears text, tool calls, heartbeats and "still working"."""
        response: httpx.Response = self._run(self.core.open_turn(text))
        reader = TurnReader(
            clock=time.monotonic, still_working_every=self.config.still_working_every
        )
        try:
            for chunk in response.iter_bytes():
                for update in reader.feed(chunk):
                    if on_update is not None:
                        on_update(update)
        finally:
            response.close()
        for update in reader.close():
            if on_update is not None:
                on_update(update)
        return self._run(self.core.finish_turn(reader.result))

    def submit_export(self, *, format: str = "mp4", resolution: str = "1080p") -> RenderInfo:
        return self._run(self.core.submit_export(format=format, resolution=resolution))

    def render_status(self, render_id: str) -> RenderInfo:
        return self._run(self.core.render_status(render_id))

    def export(
        self,
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        draft: dict[str, Any] | None = None,
        progress: RenderCallback | None = None,
        preview: bool = False,
        preset: str | None = None,
    ) -> RenderInfo:
        """Submit an export and poll (with growing waits) until it completes."""
        return self._run(
            self.core.export(
                format=format,
                resolution=resolution,
                draft=draft,
                progress=progress,
                preview=preview,
                preset=preset,
            )
        )

    def templates(self, *, language: str = "it") -> list[dict[str, Any]]:
        """The built-in templates and this account's own, with their fields."""
        return self._run(self.core.templates(language=language))

    def render_template(
        self,
        template_id: str,
        merge: dict[str, Any],
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        progress: RenderCallback | None = None,
    ) -> RenderInfo:
        """Fill a template with `merge` (the session's uploads fill its photos) and export it."""
        return self._run(
            self.core.render_template(
                template_id, merge, format=format, resolution=resolution, progress=progress
            )
        )

    def download(
        self,
        target: RenderInfo | str,
        dest: str | Path,
        *,
        progress: ProgressCallback | None = None,
    ) -> Path:
        """Stream the result to `dest`; an interrupted download resumes with a Range request."""
        url = self.core.download_url(target)
        dest = Path(dest)
        part = dest.with_name(dest.name + ".part")
        failures = 0
        while True:
            offset = part.stat().st_size if part.exists() else 0
            try:
                done, total = self._download_once(url, part, offset, progress)
            except httpx.TransportError:
                done, total = -1, None
                if failures >= self.config.download_retries:
                    raise
            if done >= 0 and (total is None or done >= total):
                break
            failures += 1
            if failures > self.config.download_retries:
                raise ProtocolError(f"The download stopped at {done} of {total} bytes.")
        part.replace(dest)
        return dest

    def _download_once(
        self, url: str, part: Path, offset: int, progress: ProgressCallback | None
    ) -> tuple[int, int | None]:
        response = self._http.send(self.core.download_request(url, offset), stream=True)
        try:
            if response.status_code >= 400 and response.status_code != 416:
                response.read()
            start, total = self.core.download_start(response, offset)
            done = start
            if start == total:
                return done, total
            with open(part, "r+b" if part.exists() else "wb") as f:
                f.seek(start)
                f.truncate()
                for chunk in response.iter_bytes():
                    f.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            return done, total
        finally:
            response.close()
