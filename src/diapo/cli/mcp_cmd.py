"""`diapo mcp`: Diapo as an MCP server on stdio, for Claude Desktop, Claude Code, Cursor..."""

from __future__ import annotations

import importlib.util
from typing import Annotated

import typer

from diapo.draft.vocabulary import LANGUAGES

__all__ = ["INSTALL_HINT", "mcp"]

INSTALL_HINT = "pip install 'diapo[agent]'"


def mcp(
    server: Annotated[
        str | None,
        typer.Option("--server", help="Diapo server URL (default: $DIAPO_SERVER, else local)"),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", help="bearer token (default: $DIAPO_TOKEN, else an anonymous token)"
        ),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", help="the project (session id) to act on; default: newest"),
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="language of new projects: it, en or zh")
    ] = None,
) -> None:
    """Serve Diapo's tools over MCP on stdin/stdout (configure your agent with
    `command: diapo`, `args: ["mcp"]`)."""
    if language is not None and language not in LANGUAGES:
        raise typer.BadParameter(f"choose one of {', '.join(LANGUAGES)}", param_hint="--language")
    if importlib.util.find_spec("mcp") is None:
        typer.echo(f"diapo mcp needs the MCP SDK, which is not installed: {INSTALL_HINT}", err=True)
        raise typer.Exit(1)
    import anyio

    from diapo.client import ClientConfig
    from diapo.mcp_server import serve_stdio

    config = ClientConfig.from_env(
        base_url=server,
        token=token,
        source="diapo-mcp",
        platform="mcp",
        language=language,
        # A lost session is the agent's to handle (error 1002 and its action), not ours.
        recover_session=False,
    )
    anyio.run(lambda: serve_stdio(config, session_id=session, language=language))
