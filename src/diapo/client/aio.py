"""`AsyncDiapoClient`: the same SDK over `httpx.AsyncClient`, running the same flows."""

from __future__ import annotations

import asyncio
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

__all__ = ["AsyncDiapoClient"]

T = TypeVar("T")


class AsyncDiapoClient:
    """The asynchronous twin of `DiapoClient`: the same methods, awaited.

    async with AsyncDiapoClient(language="zh") as client:
        await client.upload(paths)
        turn = await client.chat("做一个幻灯片")
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        session_id: str | None = None,
        config: ClientConfig | None = None,
        on_notice: Callable[[str], None] | None = None,
        http: httpx.AsyncClient | None = None,
        **options: Any,
    ) -> None:
        config = config or ClientConfig.from_env(base_url=base_url, token=token, **options)
        self.core = ClientCore(config, session_id=session_id)
        self.on_notice = on_notice
        self.notices: list[str] = []
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(config.timeout, connect=10.0))

    @property
    def config(self) -> ClientConfig:
        return self.core.config

    @property
    def session_id(self) -> str | None:
        return self.core.session_id

    @property
    def token(self) -> str | None:
        return self.core.token

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncDiapoClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _step(self, step: Send | Sleep | Notice) -> Any:
        if isinstance(step, Sleep):
            await asyncio.sleep(step.seconds)
            return None
        if isinstance(step, Notice):
            self.notices.append(step.message)
            if self.on_notice is not None:
                self.on_notice(step.message)
            return None
        response = await self._http.send(step.request, stream=step.stream)
        if step.stream and response.status_code >= 400:
            try:
                await response.aread()
            finally:
                await response.aclose()
        return response

    async def _run(self, flow: Flow[T]) -> T:
        value: Any = None
        try:
            while True:
                value = await self._step(flow.send(value))
        except StopIteration as stop:
            result: T = stop.value
            return result
        finally:
            flow.close()

    async def authenticate(self) -> str:
        return await self._run(self.core.ensure_token())

    async def new_session(
        self, *, language: str | None = None, task_name: str | None = None
    ) -> SessionInfo:
        return await self._run(self.core.new_session(language=language, task_name=task_name))

    async def ensure_session(self) -> str:
        return await self._run(self.core.ensure_session())

    async def sessions(self) -> list[SessionSummary]:
        """This account's sessions, newest first."""
        return await self._run(self.core.sessions())

    async def credits(self) -> Balance:
        return await self._run(self.core.credits())

    async def state(self) -> StateInfo:
        return await self._run(self.core.state())

    async def upload(
        self, paths: Sequence[str | Path], *, progress: ProgressCallback | None = None
    ) -> UploadResult:
        return await self._run(self.core.upload(paths, progress=progress))

    async def import_urls(self, urls: Sequence[str]) -> UploadResult:
        return await self._run(self.core.import_urls(urls))

    async def chat(
        self, text: str, *, on_update: Callable[[TurnUpdate], None] | None = None
    ) -> TurnResult:
        response: httpx.Response = await self._run(self.core.open_turn(text))
        reader = TurnReader(
            clock=time.monotonic, still_working_every=self.config.still_working_every
        )
        try:
            async for chunk in response.aiter_bytes():
                for update in reader.feed(chunk):
                    if on_update is not None:
                        on_update(update)
        finally:
            await response.aclose()
        for update in reader.close():
            if on_update is not None:
                on_update(update)
        return await self._run(self.core.finish_turn(reader.result))

    async def submit_export(self, *, format: str = "mp4", resolution: str = "1080p") -> RenderInfo:
        return await self._run(self.core.submit_export(format=format, resolution=resolution))

    async def render_status(self, render_id: str) -> RenderInfo:
        return await self._run(self.core.render_status(render_id))

    async def export(
        self,
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        draft: dict[str, Any] | None = None,
        progress: RenderCallback | None = None,
        preview: bool = False,
        preset: str | None = None,
    ) -> RenderInfo:
        return await self._run(
            self.core.export(
                format=format,
                resolution=resolution,
                draft=draft,
                progress=progress,
                preview=preview,
                preset=preset,
            )
        )

    async def templates(self, *, language: str = "it") -> list[dict[str, Any]]:
        """The built-in templates and this account's own, with their fields."""
        return await self._run(self.core.templates(language=language))

    async def render_template(
        self,
        template_id: str,
        merge: dict[str, Any],
        *,
        format: str = "mp4",
        resolution: str = "1080p",
        progress: RenderCallback | None = None,
    ) -> RenderInfo:
        """Fill a template with `merge` (the session's uploads fill its photos) and export it."""
        return await self._run(
            self.core.render_template(
                template_id, merge, format=format, resolution=resolution, progress=progress
            )
        )

    async def download(
        self,
        target: RenderInfo | str,
        dest: str | Path,
        *,
        progress: ProgressCallback | None = None,
    ) -> Path:
        url = self.core.download_url(target)
        dest = Path(dest)
        part = dest.with_name(dest.name + ".part")
        failures = 0
        while True:
            offset = part.stat().st_size if part.exists() else 0
            try:
                done, total = await self._download_once(url, part, offset, progress)
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

    async def _download_once(
        self, url: str, part: Path, offset: int, progress: ProgressCallback | None
    ) -> tuple[int, int | None]:
        response = await self._http.send(self.core.download_request(url, offset), stream=True)
        try:
            if response.status_code >= 400 and response.status_code != 416:
                await response.aread()
            start, total = self.core.download_start(response, offset)
            done = start
            if start == total:
                return done, total
            # Small synchronous writes: a thread per chunk would cost more than it saves.
            with open(part, "r+b" if part.exists() else "wb") as f:
                f.seek(start)
                f.truncate()
                async for chunk in response.aiter_bytes():
                    f.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            return done, total
        finally:
            await response.aclose()
