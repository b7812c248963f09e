"""`diapo chat` (an interactive session with a Diapo server) and `diapo export` (for scripts)."""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TransferSpeedColumn,
)

from diapo.cli.console import Console
from diapo.client import (
    Action,
    APIError,
    DiapoClient,
    NotEnoughCreditsError,
    RenderInfo,
    TurnUpdate,
    export_options,
    route_intent,
    translate_gui,
)
from diapo.draft.vocabulary import OUTPUT_FORMATS, PresetName

__all__ = ["ChatSession", "chat", "export", "output_format", "register", "run_chat"]


def output_format(out: Path | None, asked: str | None) -> str:
    """The format to render: the one asked for, else the output file's extension, else mp4.

    A file named x.webm gets webm bytes; asking for another format than the file's
    extension is refused rather than writing mp4 bytes into a .webm file.
    """
    suffix = out.suffix.lstrip(".").lower().replace("jpeg", "jpg") if out is not None else ""
    from_name = suffix if suffix in OUTPUT_FORMATS else None
    fmt = (asked or "").lower().replace("jpeg", "jpg") or None
    if fmt is not None and fmt not in OUTPUT_FORMATS:
        raise ValueError(f"Unknown format {asked!r}; choose one of {', '.join(OUTPUT_FORMATS)}.")
    if fmt and from_name and fmt != from_name:
        raise ValueError(
            f"The output file ends in .{suffix} but the format asked is {fmt}: "
            f"name the file .{fmt} or ask for {from_name}."
        )
    return fmt or from_name or "mp4"


_UNDO = {"it": "annulla", "en": "undo", "zh": "撤销"}
_HELP = """[bold]Say what you want[/] (any of Italian, English, Chinese), or:
  [cyan]PATH[/]            a file path on its own line uploads it
  [cyan]/upload PATH…[/]   upload photos, clips or music
  [cyan]/export [OUT][/]   render and download (default: diapo-export.mp4)
  [cyan]/status[/]         what the timeline holds now
  [cyan]/credits[/]        your credit balance
  [cyan]/undo[/]           take back the last change
  [cyan]/help[/], [cyan]/quit[/]"""


class Lang(StrEnum):
    it = "it"
    en = "en"
    zh = "zh"


class ChatSession:
    """The `diapo chat` loop, drivable from any iterator of lines and any Rich console."""

    def __init__(
        self,
        client: DiapoClient,
        console: Console,
        *,
        language: str = "en",
        resolution: str = "1080p",
        export_dir: Path | None = None,
    ) -> None:
        self.client = client
        self.console = console
        self.language = language
        self.resolution = resolution
        self.export_dir = export_dir or Path.cwd()
        client.on_notice = lambda message: console.print(f"[yellow]{escape(message)}[/]")

    # -- the loop -------------------------------------------------------------

    def run(self, lines: Iterable[str], files: Iterable[Path] = ()) -> int:
        """Upload `files`, then handle each line until `/quit` or the end of input."""
        self.client.ensure_session()
        self.console.print(
            f"[bold]Diapo[/] session {self.client.session_id} on {self.client.config.base_url}. "
            "Type /help for commands."
        )
        paths = list(files)
        if paths:
            self.guard(lambda: self.upload(paths))
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            if line in ("/quit", "/exit", "/q"):
                break
            self.guard(functools.partial(self.handle, line))
        self.console.print("Bye.")
        return 0

    def guard(self, action: Callable[[], None]) -> None:
        """Run one command; an error is shown and the session goes on."""
        try:
            action()
        except NotEnoughCreditsError as exc:
            self.console.print(f"[red]{escape(exc.message)}[/]")
        except APIError as exc:
            self.console.print(f"[red]Error {exc.code}: {escape(exc.message)}[/]")
        except httpx.TransportError as exc:
            self.console.print(f"[red]Cannot reach {self.client.config.base_url}: {exc}[/]")
        except (OSError, ValueError) as exc:
            self.console.print(f"[red]{escape(str(exc))}[/]")

    def handle(self, line: str) -> None:
        if line.startswith("/"):
            self.command(line)
            return
        as_path = Path(line.strip("'\"")).expanduser()
        if _is_file(as_path):
            self.upload([as_path])
            return
        intent = route_intent(line)
        if intent == "export":
            # "esporta in webm a 360p": the words say the format and the resolution.
            options = export_options(line)
            self.export(format=options.get("format"), resolution=options.get("resolution"))
        elif intent == "credits":
            self.credits()
        elif intent == "state":
            self.status()
        elif intent == "upload":
            found = [p for p in _paths_in(line) if _is_file(p)]
            if found:
                self.upload(found)
            else:
                self.console.print("Type the file's path, or /upload PATH.")
        else:
            self.say(line)

    def command(self, line: str) -> None:
        name, _, rest = line.partition(" ")
        args = shlex.split(rest) if rest.strip() else []
        if name == "/upload":
            if not args:
                self.console.print("Usage: /upload PATH [PATH…]")
                return
            self.upload([Path(a).expanduser() for a in args])
        elif name == "/export":
            self.export(Path(args[0]) if args else None)
        elif name in ("/status", "/state"):
            self.status()
        elif name == "/credits":
            self.credits()
        elif name == "/undo":
            self.say(_UNDO.get(self.language, "undo"))
        elif name == "/help":
            self.console.print(_HELP)
        else:
            self.console.print(f"Unknown command {escape(name)}; /help lists them.")

    # -- what each thing does ---------------------------------------------------

    def upload(self, paths: list[Path]) -> None:
        missing = [p for p in paths if not _is_file(p)]
        if missing:
            raise ValueError(f"No such file: {', '.join(str(p) for p in missing)}")
        with self._bar("Uploading") as update:
            result = self.client.upload(
                paths,
                progress=update,
            )
        names = ", ".join(m.name for m in result.media)
        self.console.print(f"Uploaded {len(result.media)} file(s): {escape(names)}")

    def say(self, text: str, *, follow_gui: bool = True) -> None:
        turn = self.client.chat(text, on_update=self._on_update)
        reply = turn.text or turn.summary or "(no answer)"
        self.console.print(f"[green]Diapo:[/] {escape(reply)}")
        if turn.export_requested is not None:
            asked = turn.export_requested
            self.export(
                format=str(asked["format"]) if asked.get("format") else None,
                resolution=str(asked.get("resolution") or self.resolution),
            )
            return
        if follow_gui and turn.text:
            for action in translate_gui(turn.text):
                self.apply(action)

    def apply(self, action: Action) -> None:
        """Do through the API what the assistant asked to do in a GUI."""
        if action.kind == "export":
            self.export()
        elif action.kind in ("state", "preview"):
            self.status()
        elif action.kind == "chat":
            self.console.print(
                "[dim]Nothing to drag here: type the change as a message "
                '(e.g. "move photo 3 to the start").[/]'
            )
        elif action.kind == "api":
            if action.intent == "credits":
                self.credits()
            elif action.intent == "state":
                self.status()
            elif action.target:
                self.console.print(f"[dim]No button here; doing “{escape(action.target)}”.[/]")
                self.say(action.target, follow_gui=False)

    def status(self) -> None:
        state = self.client.state()
        self.console.print(f"[bold]Version {state.version}[/], {len(state.media)} media item(s)")
        self.console.print(escape(state.describe(self.language)))

    def credits(self) -> None:
        b = self.client.credits()
        self.console.print(f"Credits: {b.available} available, {b.frozen} frozen, {b.total} total")

    def export(
        self, out: Path | None = None, *, format: str | None = None, resolution: str | None = None
    ) -> None:
        res = resolution or self.resolution
        try:
            fmt = output_format(out, format)
        except ValueError as exc:
            self.console.print(f"[red]{escape(str(exc))}[/]")
            return
        with self._bar(f"Rendering {res}") as update:
            render = self.client.export(
                format=fmt,
                resolution=res,
                progress=lambda r: update(r.progress, 1.0),
            )
        dest = out or self.export_dir / f"diapo-{render.id[:8]}.{render.format or fmt}"
        with self._bar("Downloading", bytes_=True) as update:
            self.client.download(
                render,
                dest,
                progress=update,
            )
        self.console.print(f"Saved {escape(str(dest))} ({_describe_render(render)})")

    # -- display ----------------------------------------------------------------

    def _on_update(self, update: TurnUpdate) -> None:
        if update.kind == "still_working":
            self.console.print(f"[dim]{escape(update.text)}[/]")
        elif update.kind == "tool_result" and update.text:
            self.console.print(f"[dim]  · {escape(update.text)}[/]")

    def _bar(self, label: str, *, bytes_: bool = False) -> _Bar:
        return _Bar(self.console, label, bytes_=bytes_)


class _Bar:
    """A Rich progress bar with one task; entering it gives `update(done, total)`."""

    def __init__(self, console: Console, label: str, *, bytes_: bool) -> None:
        columns = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn()]
        if bytes_:
            columns += [DownloadColumn(), TransferSpeedColumn()]
        self.progress = Progress(*columns, console=console, transient=True)
        self.label = label

    def __enter__(self) -> Callable[[float, float | None], None]:
        self.progress.start()
        task = self.progress.add_task(self.label, total=None)

        def update(done: float, total: float | None) -> None:
            self.progress.update(task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a long sentence is not a path
        return False


def _paths_in(line: str) -> list[Path]:
    try:
        words = shlex.split(line)
    except ValueError:
        words = line.split()
    return [Path(w).expanduser() for w in words]


def _describe_render(render: RenderInfo) -> str:
    parts = [render.format or "", render.resolution or ""]
    if render.width and render.height:
        parts.append(f"{render.width}x{render.height}")
    if render.duration_ms:
        parts.append(f"{render.duration_ms / 1000:.1f}s")
    return ", ".join(p for p in parts if p)


def _console_lines(console: Console) -> Iterator[str]:
    while True:
        try:
            yield console.input("[bold blue]> [/]")
        except (EOFError, KeyboardInterrupt):
            return


def run_chat(
    lines: Iterable[str] | None = None,
    *,
    console: Console | None = None,
    files: Iterable[Path] = (),
    server: str | None = None,
    language: str = "en",
    resolution: str = "1080p",
    export_dir: Path | None = None,
    client: DiapoClient | None = None,
) -> int:
    """Run a chat session over `lines` (default: the terminal) printing to `console`."""
    console = console or Console()
    own = client is None
    client = client or DiapoClient(server, language=language, source="diapo-cli")
    try:
        session = ChatSession(
            client, console, language=language, resolution=resolution, export_dir=export_dir
        )
        return session.run(lines if lines is not None else _console_lines(console), files)
    finally:
        if own:
            client.close()


ServerOpt = Annotated[
    str | None,
    typer.Option("--server", help="Diapo server URL (default: $DIAPO_SERVER or 127.0.0.1:8000)"),
]


def chat(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Photos, clips or music to upload first.")
    ] = None,
    server: ServerOpt = None,
    lang: Annotated[Lang, typer.Option("--lang", help="language of the replies")] = Lang.en,
    resolution: Annotated[str, typer.Option(help="export resolution")] = "1080p",
) -> None:
    """Talk to a Diapo server: upload, edit by chat, export and download."""
    console = Console()
    try:
        code = run_chat(
            console=console,
            files=files or [],
            server=server,
            language=lang.value,
            resolution=resolution,
        )
    except APIError as exc:  # before the session started: no token, no session...
        console.print(f"[red]Error {exc.code}: {escape(exc.message)}[/]")
        raise typer.Exit(1) from None
    except httpx.TransportError as exc:
        console.print(f"[red]Cannot reach the Diapo server: {escape(str(exc))}[/]")
        raise typer.Exit(1) from None
    raise typer.Exit(code)


def export(
    session: Annotated[str, typer.Option("--session", help="the session to export")],
    output: Annotated[Path, typer.Option("-o", "--output", help="where to save the result")],
    server: ServerOpt = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format", help="mp4, mov, webm, gif, jpg, mp3… (default: from -o's extension)"
        ),
    ] = None,
    resolution: Annotated[str, typer.Option("--resolution", help="1080p, 720p…")] = "1080p",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars")] = False,
    platform: Annotated[
        PresetName | None,
        typer.Option("--for", help="a platform preset: instagram-reels, tiktok, whatsapp…"),
    ] = None,
) -> None:
    """Export a session's latest draft and download it (for scripts; non-zero exit on failure)."""
    err = Console(stderr=True, quiet=quiet)
    try:
        fmt = output_format(output, format)
    except ValueError as exc:
        Console(stderr=True).print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from None
    with DiapoClient(
        server, session_id=session, source="diapo-cli", recover_session=False
    ) as client:
        try:
            with _Bar(err, "Rendering", bytes_=False) as update:
                render = client.export(
                    format=fmt,
                    resolution=resolution,
                    progress=lambda r: update(r.progress, 1.0),
                    preset=platform,
                )
            with _Bar(err, "Downloading", bytes_=True) as update:
                client.download(
                    render,
                    output,
                    progress=update,
                )
        except APIError as exc:
            Console(stderr=True).print(f"[red]Export failed ({exc.code}): {escape(exc.message)}[/]")
            raise typer.Exit(2 if exc.code in (402, 2001) else 1) from None
        except httpx.TransportError as exc:
            Console(stderr=True).print(f"[red]Cannot reach {client.config.base_url}: {exc}[/]")
            raise typer.Exit(1) from None
    Console(stderr=True, quiet=quiet).print(f"Saved {output} ({_describe_render(render)})")


def register(app: typer.Typer) -> None:
    """Add `chat` and `export` to the `diapo` command."""
    app.command("chat")(chat)
    app.command("export")(export)
