"""`diapo skill`: print the agent skill (SKILL.md), or install it where an agent loads it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from diapo.agent import DEFAULT_SERVER, SkillExistsError, install_skill, render_skill
from diapo.client import configured_server

__all__ = ["app"]

app = typer.Typer(
    name="skill",
    help="The Diapo agent skill (SKILL.md): print it, or install it for an agent.",
    invoke_without_command=True,
    no_args_is_help=False,
)

ServerOption = Annotated[
    str | None,
    typer.Option(
        "--server",
        help="the Diapo server the skill points at (default: $DIAPO_URL or $DIAPO_SERVER, "
        f"else the server of the client config file, else {DEFAULT_SERVER})",
    ),
]


class Agent(StrEnum):
    claude = "claude"
    cursor = "cursor"
    clawhub = "clawhub"


def _server(server: str | None) -> str:
    # The server the user runs, not a fixed port: the skill must reach it.
    return server or configured_server()


@app.callback()
def skill(ctx: typer.Context, server: ServerOption = None) -> None:
    """Print SKILL.md (front matter and all) for the server."""
    if ctx.invoked_subcommand is None:
        typer.echo(render_skill(_server(server)), nl=False)


@app.command("install")
def install(
    agent: Annotated[Agent, typer.Option("--for", help="the agent that will load the skill")],
    server: ServerOption = None,
    force: Annotated[bool, typer.Option("--force", help="replace an existing SKILL.md")] = False,
    home: Annotated[
        Path | None, typer.Option("--home", help="the home directory to install under")
    ] = None,
) -> None:
    """Write SKILL.md where the agent looks (~/.claude/skills/diapo/, ~/.cursor/skills/diapo/,
    ~/.clawhub/skills/diapo/)."""
    try:
        path = install_skill(agent.value, base_url=_server(server), home=home, force=force)
    except SkillExistsError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Installed the Diapo skill for {agent.value}: {path}")
