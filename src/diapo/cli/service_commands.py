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
    from diapo.service.db.accounts import find_account_by_bind_id, find_account_by_email
    from diapo.service.db.engine import Database
    from diapo.service.ledger import grant as grant_credits

    if (email is None) == (bind_id is None):
        raise typer.BadParameter("give exactly one of --email and --token-bind-id")
    settings = _settings(data_dir)
    db = Database(settings.sqlalchemy_url)
    try:
        db.migrate()
        with db.transaction() as s:
            if email is not None:
                account = find_account_by_email(db=s, email=email)
            else:
                assert bind_id is not None
                account = find_account_by_bind_id(db=s, bind_id=bind_id)
            if account is None:
                typer.echo("No such account.", err=True)
                raise typer.Exit(1)
            balance = grant_credits(db=s, account_id=account.id, amount=amount, note="admin grant")
    finally:
        db.dispose()
    typer.echo(
        f"Granted {amount} credits: available {balance.available}, frozen {balance.frozen}, "
        f"total {balance.total}."
    )


def register(app: typer.Typer) -> None:
    """Add `serve`, `worker` and `credits` to the `diapo` command."""
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.add_typer(credits_app, name="credits")
