"""`DiapoBackend`: what the MCP tools do, on Diapo's SDK, so every protocol rule applies."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Generator, Sequence
from pathlib import Path
from typing import Any

from diapo.client import (
    AsyncDiapoClient,
    ClientConfig,
    MediaItem,
    RenderInfo,
    StateInfo,
    TokenError,
    summarise_change,
)
from diapo.client.core import ClientCore
from diapo.mcp_server.models import (
    CreditsResult,
    EditResult,
    ExportResult,
    MediaSummary,
    ProjectInfo,
    ProjectList,
    StateResult,
    UploadResult,
)

__all__ = ["DiapoBackend", "ProgressReporter", "fixed_token_client"]

# (progress 0..1, message) -> awaited by the tool to send an MCP progress notification.
ProgressReporter = Callable[[float, str], Coroutine[Any, Any, None]]

# Undo and redo are chat messages; the words of the project's language.
_UNDO = {"it": "annulla", "en": "undo", "zh": "撤销"}
_REDO = {"it": "ripeti", "en": "redo", "zh": "重做"}


class _FixedTokenCore(ClientCore):
    """A client core that never swaps the caller's token for an anonymous one.

    Over HTTP the agent's bearer token is its account: a refused token must come
    back as error 1001, not be replaced by a token the server would mint for itself.
    """

    def _reauthenticate(self) -> Generator[Any, Any, None]:
        raise TokenError(
            "The token was refused (unknown or expired); send a valid bearer token.",
            status=401,
        )
        yield  # pragma: no cover - makes this a flow like the method it replaces


def fixed_token_client(config: ClientConfig) -> AsyncDiapoClient:
    """An SDK client bound to `config.token` (used by the HTTP server, one per token)."""
    client = AsyncDiapoClient(config=config)
    client.core = _FixedTokenCore(config)
    return client


def _media(items: Sequence[MediaItem]) -> list[MediaSummary]:
    return [
        MediaSummary(
            media_id=m.media_id,
            kind=m.kind,
            name=m.name,
            width=m.width,
            height=m.height,
            duration_ms=m.duration_ms,
        )
        for m in items
    ]


def _export_result(render: RenderInfo, output_path: Path | None = None) -> ExportResult:
    return ExportResult(
        render_id=render.id,
        status=render.status,
        format=render.format,
        resolution=render.resolution,
        width=render.width,
        height=render.height,
        duration_ms=render.duration_ms,
        size_bytes=render.size_bytes,
        cost=render.cost,
        url=render.url,
        output_path=str(output_path) if output_path else None,
    )


class DiapoBackend:
    """One agent's view of a Diapo server: its client, token and current project.

    `local_files` says whether paths name files on this machine: true for the stdio
    server (the agent's own machine), false over HTTP, where a path would name a
    file on the server and must not be read or written.
    """

    def __init__(
        self,
        client: AsyncDiapoClient,
        *,
        local_files: bool,
        pick_latest: bool = True,
        language: str | None = None,
    ) -> None:
        self.client = client
        self.local_files = local_files
        self.language = language or client.config.language
        # With no session named, act on the newest existing project rather than
        # opening a new one at every start.
        self._pick_latest = pick_latest and client.session_id is None
        self._lock = asyncio.Lock()  # one operation at a time on the current project

    @property
    def session_id(self) -> str | None:
        return self.client.session_id

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _current(self) -> str:
        if self.client.session_id is None and self._pick_latest:
            self._pick_latest = False
            sessions = await self.client.sessions()
            if sessions:
                self.client.core.session_id = sessions[0].session_id
                self.language = sessions[0].language or self.language
        if self.client.session_id is None:
            info = await self.client.new_session(language=self.language)
            self.language = info.language or self.language
        return await self.client.ensure_session()

    def _state_result(self, state: StateInfo) -> StateResult:
        return StateResult(
            session_id=state.session_id,
            version=state.version,
            summary=state.server_summary or state.describe(),
            can_undo=state.can_undo,
            can_redo=state.can_redo,
            media=_media(state.media),
            draft=state.draft_json,
        )

    # -- tools --------------------------------------------------------------------

    async def upload(
        self, paths: Sequence[str] | None = None, urls: Sequence[str] | None = None
    ) -> UploadResult:
        if not paths and not urls:
            raise ValueError("Give at least one local path or URL to upload.")
        async with self._lock:
            session_id = await self._current()
            media: list[MediaItem] = []
            failed: list[dict[str, Any]] = []
            if paths:
                if not self.local_files:
                    raise ValueError(
                        "This MCP server runs on the Diapo server, so it cannot read your "
                        "local files: pass `urls`, or run `diapo mcp` on your machine."
                    )
                files = [Path(p).expanduser() for p in paths]
                missing = [str(p) for p in files if not p.is_file()]
                if missing:
                    raise ValueError("No such file: " + ", ".join(missing))
                result = await self.client.upload(files)
                media += result.media
                failed += result.failed
            if urls:
                result = await self.client.import_urls(list(urls))
                media += result.media
                failed += result.failed
            return UploadResult(session_id=session_id, media=_media(media), failed=failed)

    async def edit(self, message: str) -> EditResult:
        if not message.strip():
            raise ValueError("Say what to change, e.g. 'make it 9:16 with music'.")
        async with self._lock:
            await self._current()
            before = await self.client.state()
            turn = await self.client.chat(message)
            after = await self.client.state()
            changed = after.version != before.version
            return EditResult(
                session_id=after.session_id,
                reply=turn.reply,
                changed=changed,
                change=summarise_change(before, after) if changed else "Nothing changed.",
                summary=after.server_summary or after.describe(),
                version=after.version,
                export_requested=turn.export_requested,
            )

    async def state(self) -> StateResult:
        async with self._lock:
            await self._current()
            return self._state_result(await self.client.state())

    async def export(
        self,
        *,
        format: str,
        resolution: str,
        output_path: str | None = None,
        preview: bool = False,
        report: ProgressReporter | None = None,
    ) -> ExportResult:
        dest: Path | None = None
        if output_path:
            if not self.local_files:
                raise ValueError(
                    "This MCP server runs on the Diapo server, so it cannot write to your "
                    "disk: leave output_path out and download the returned `url`."
                )
            dest = Path(output_path).expanduser().resolve()
            if not dest.parent.is_dir():
                raise ValueError(f"The folder {dest.parent} does not exist.")
        async with self._lock:
            await self._current()
            pending: list[asyncio.Task[None]] = []
            loop = asyncio.get_running_loop()

            def on_progress(render: RenderInfo) -> None:
                # Called from inside the SDK's polling flow, which cannot await.
                if report is not None:
                    message = f"{render.status} {int(render.progress * 100)} %"
                    pending.append(loop.create_task(report(render.progress, message)))

            try:
                render = await self.client.export(
                    format=format, resolution=resolution, progress=on_progress, preview=preview
                )
            finally:
                if pending:
                    await asyncio.gather(*pending, return_exceptions=True)
            if dest is not None:
                await self.client.download(render, dest)
                if report is not None:
                    await report(1.0, f"written to {dest}")
            return _export_result(render, dest)

    async def credits(self) -> CreditsResult:
        balance = await self.client.credits()
        return CreditsResult(
            available=balance.available, frozen=balance.frozen, total=balance.total
        )

    async def undo(self) -> EditResult:
        return await self.edit(_UNDO.get(self.language, "undo"))

    async def redo(self) -> EditResult:
        return await self.edit(_REDO.get(self.language, "redo"))

    async def new_project(self, language: str) -> ProjectInfo:
        async with self._lock:
            info = await self.client.new_session(language=language)
            self._pick_latest = False
            self.language = info.language or language
            return ProjectInfo(session_id=info.session_id, language=self.language, current=True)

    async def open_project(self, session_id: str) -> StateResult:
        async with self._lock:
            previous = self.client.core.session_id
            self.client.core.session_id = session_id
            self._pick_latest = False
            try:
                state = await self.client.state()
            except Exception:
                self.client.core.session_id = previous
                raise
            sessions = await self.client.sessions()
            for s in sessions:
                if s.session_id == session_id and s.language:
                    self.language = s.language
            return self._state_result(state)

    async def projects(self) -> ProjectList:
        async with self._lock:
            sessions = await self.client.sessions()
            if self.client.session_id is None and self._pick_latest and sessions:
                self.client.core.session_id = sessions[0].session_id
                self._pick_latest = False
            current = self.client.session_id
            return ProjectList(
                current=current,
                projects=[
                    ProjectInfo(
                        session_id=s.session_id,
                        language=s.language,
                        task_name=s.task_name,
                        version=s.version,
                        media_count=s.media_count,
                        created_at=s.created_at,
                        current=s.session_id == current,
                    )
                    for s in sessions
                ],
            )
