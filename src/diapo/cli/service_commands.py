"""`diapo serve`, `diapo worker`, `diapo credits grant`: run and administer the service."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from diapo.service.settings import Settings

__all__ = ["register"]

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="database, queue and files (default: $DIAPO_DATA_DIR or ./diapo-data)"
    ),
]


def _settings(data_dir: Path | None, **overrides: Any) -> Settings:
    # Imported here: `diapo` without the service extras still runs its other commands.
    from diapo.service.settings import load_settings

    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return load_settings(**overrides)


def _logging() -> None:
    logging.basicConfig(
        level=os.environ.get("DIAPO_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    data_dir: DataDir = None,
    workers: Annotated[
        int | None, typer.Option(help="render worker threads to start here (0: none)")
    ] = None,
) -> None:
    """Run the HTTP server and one local render worker process."""
    from diapo.service.server import serve as run_server

    _logging()
    overrides: dict[str, Any] = {}
    if workers is not None:
        overrides["workers"] = workers
    run_server(_settings(data_dir, **overrides), host=host, port=port)


def worker(
    data_dir: DataDir = None,
    workers: Annotated[int, typer.Option(help="render threads in this process")] = 1,
    parent_pid: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Run a render worker (start as many as the machine can take)."""
    from diapo.service.worker import run_worker

    _logging()
    run_worker(_settings(data_dir), workers=workers, parent_pid=parent_pid)


credits_app = typer.Typer(help="Credits of accounts.", no_args_is_help=True)


@credits_app.command("grant")
def grant(
    amount: Annotated[int, typer.Option("--amount", min=1, help="credits to add")],
    email: Annotated[str | None, typer.Option("--email", help="a registered account")] = None,
    bind_id: Annotated[
        str | None, typer.Option("--token-bind-id", help="an anonymous token's bind id")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Top up an account's credits."""
    from diapo.service.admin import grant_credits
    from diapo.service.errors import NotFoundError

    if (email is None) == (bind_id is None):
        raise typer.BadParameter("give exactly one of --email and --token-bind-id")
    try:
        balance = grant_credits(_settings(data_dir), amount=amount, email=email, bind_id=bind_id)
    except NotFoundError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Granted {amount} credits: available {balance.available}, frozen {balance.frozen}, "
        f"total {balance.total}."
    )


def register(app: typer.Typer) -> None:
    """Add `serve`, `worker` and `credits` to the `diapo` command."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.add_typer(credits_app, name="credits")
