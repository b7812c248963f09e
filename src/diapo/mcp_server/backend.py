"""`DiapoBackend`: what the MCP tools do, on Diapo's SDK, so every protocol rule applies."""

from __future__ import annotations

import asyncio
import base64
import binascii
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
    PriceResult,
    ProjectInfo,
    ProjectList,
    StateResult,
    TemplateList,
    UploadLinkResult,
    UploadResult,
)

__all__ = [
    "MAX_CONTENT_BYTES",
    "DiapoBackend",
    "FileContent",
    "ProgressReporter",
    "fixed_token_client",
]

#: The decoded size of the files one `upload_media` call may carry as base64 content:
#: a tool call is one JSON message, and hosts hold it whole in memory (the issue's 20 MB).
MAX_CONTENT_BYTES = 20 * 1024 * 1024

# (file name, base64 content): a file sent through the tool call itself.
FileContent = tuple[str, str]

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
        progress=render.progress,
        error=render.error,
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
        # A language the server was started with holds until a call names another.
        self.fixed_language = language
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

    async def _existing(self) -> str | None:
        """The current project, picking the newest at first; None when there is none yet."""
        if self.client.session_id is None and self._pick_latest:
            self._pick_latest = False
            sessions = await self.client.sessions()
            if sessions:
                self.client.core.session_id = sessions[0].session_id
                self.language = self.fixed_language or sessions[0].language or self.language
        return self.client.session_id

    async def _current(self) -> str:
        if await self._existing() is None:
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
        self,
        paths: Sequence[str] | None = None,
        urls: Sequence[str] | None = None,
        files: Sequence[FileContent] | None = None,
    ) -> UploadResult:
        if not paths and not urls and not files:
            raise ValueError("Give at least one local path, URL or file content to upload.")
        if paths and not self.local_files:
            raise ValueError(
                "This MCP server runs on the Diapo server, so it cannot read your local "
                "files: send them in `files` as base64 `content` (up to "
                f"{MAX_CONTENT_BYTES // (1024 * 1024)} MB a call), or "
                "call get_upload_url and POST larger files to that URL; `urls` imports "
                "from the web."
            )
        contents = _decode(files or ())
        local = [Path(p).expanduser() for p in paths or ()]
        missing = [str(p) for p in local if not p.is_file()]
        if missing:  # checked before anything is sent
            raise ValueError("No such file: " + ", ".join(missing))
        async with self._lock:
            session_id = await self._current()
            media: list[MediaItem] = []
            failed: list[dict[str, Any]] = []
            if contents:
                result = await self.client.upload_content(contents)
                media += result.media
                failed += result.failed
            if local:
                result = await self.client.upload(local)
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
        idempotency_key: str | None = None,
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
                    format=format,
                    resolution=resolution,
                    progress=on_progress,
                    preview=preview,
                    idempotency_key=idempotency_key,
                )
            finally:
                if pending:
                    await asyncio.gather(*pending, return_exceptions=True)
            if dest is not None:
                await self.client.download(render, dest)
                if report is not None:
                    await report(1.0, f"written to {dest}")
            return _export_result(render, dest)

    async def upload_link(self) -> UploadLinkResult:
        async with self._lock:
            session_id = await self._current()
            link = await self.client.upload_link()
        url = str(link["url"])
        return UploadLinkResult(
            session_id=session_id,
            url=url,
            expires_at=link.get("expires_at"),
            max_bytes=int(link.get("max_bytes") or 0),
            example=f"curl -F 'files=@photo.jpg' '{url}'",
        )

    async def price(self, *, format: str, resolution: str, preview: bool = False) -> PriceResult:
        async with self._lock:
            await self._current()
            quote = await self.client.price_export(
                format=format, resolution=resolution, preview=preview
            )
        return PriceResult.model_validate(quote)

    async def start_export(
        self,
        *,
        format: str,
        resolution: str,
        preview: bool = False,
        idempotency_key: str | None = None,
    ) -> ExportResult:
        async with self._lock:
            await self._current()
            render = await self.client.submit_export(
                format=format,
                resolution=resolution,
                preview=preview,
                idempotency_key=idempotency_key,
            )
        return _export_result(render)

    async def templates(self, language: str) -> TemplateList:
        found = await self.client.templates(language=language)
        return TemplateList.model_validate(
            {
                "templates": [
                    {**t, "template_id": t["id"], "fields": t.get("fields", [])} for t in found
                ]
            }
        )

    async def start_template(
        self,
        template_id: str,
        values: dict[str, Any],
        *,
        format: str,
        resolution: str,
        idempotency_key: str | None = None,
    ) -> ExportResult:
        async with self._lock:
            await self._current()
            render = await self.client.submit_template(
                template_id,
                values,
                format=format,
                resolution=resolution,
                idempotency_key=idempotency_key,
            )
        return _export_result(render)

    async def render(self, render_id: str) -> ExportResult:
        return _export_result(await self.client.render_status(render_id))

    async def cancel(self, render_id: str) -> ExportResult:
        return _export_result(await self.client.cancel_export(render_id))

    async def renders(self) -> list[ExportResult]:
        """The current project's renders; none (and no project made) before there is one."""
        async with self._lock:
            if await self._existing() is None:
                return []
            return [_export_result(r) for r in await self.client.renders()]

    async def media(self) -> list[MediaItem]:
        """The current project's media; none (and no project made) before there is one."""
        async with self._lock:
            if await self._existing() is None:
                return []
            return list((await self.client.state()).media)

    async def credits(self) -> CreditsResult:
        balance = await self.client.credits()
        return CreditsResult(
            available=balance.available, frozen=balance.frozen, total=balance.total
        )

    async def undo(self) -> EditResult:
        return await self.edit(_UNDO.get(self.language, "undo"))

    async def redo(self) -> EditResult:
        return await self.edit(_REDO.get(self.language, "redo"))

    async def new_project(self, language: str | None = None) -> ProjectInfo:
        language = language or self.fixed_language or self.language
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
                if s.session_id == session_id and s.language and not self.fixed_language:
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


def _decode(files: Sequence[FileContent]) -> list[tuple[str, bytes]]:
    """The files' bytes, checked before anything is sent: names, base64, the 20 MB a call."""
    decoded: list[tuple[str, bytes]] = []
    total = 0
    for name, content in files:
        if not name.strip() or "/" in name or "\\" in name:
            raise ValueError(f"Give each file a plain name, like photo.jpg (not {name!r}).")
        # The allowance is checked on the text first: decoding 1 GB to refuse it would
        # already have cost the memory the limit protects.
        total += len(content) * 3 // 4
        if total > MAX_CONTENT_BYTES * 1.01:
            raise ValueError(_too_much())
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"The content of {name} is not valid base64.") from None
        decoded.append((name, data))
    if sum(len(d) for _, d in decoded) > MAX_CONTENT_BYTES:
        raise ValueError(_too_much())
    return decoded


def _too_much() -> str:
    return (
        f"At most {MAX_CONTENT_BYTES // (1024 * 1024)} MB of file content a call: send the "
        "files over several calls, or call get_upload_url and POST larger files there."
    )
