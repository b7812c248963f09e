"""`python -m diapo.service serve|worker|credits grant`: the service without the `diapo` CLI.

The web server starts its worker this way, so the service never imports the
CLI (which sits above it); `diapo serve`, `diapo worker` and `diapo credits
grant` call the same functions.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from diapo.service.settings import Settings, load_settings


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run `serve` or `worker`."""
    parser = argparse.ArgumentParser(prog="python -m diapo.service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="the HTTP server and its local render worker")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--data-dir", type=Path)
    serve.add_argument("--workers", type=int, help="render worker threads (0: none)")
    worker = commands.add_parser("worker", help="a render worker")
    worker.add_argument("--data-dir", type=Path)
    worker.add_argument("--workers", type=int, default=1)
    worker.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)
    credits = commands.add_parser("credits", help="credits of accounts")
    credits_commands = credits.add_subparsers(dest="credits_command", required=True)
    grant = credits_commands.add_parser("grant", help="top up an account's credits")
    grant.add_argument("--amount", type=int, required=True)
    owner = grant.add_mutually_exclusive_group(required=True)
    owner.add_argument("--email")
    owner.add_argument("--token-bind-id", dest="bind_id")
    grant.add_argument("--data-dir", type=Path)
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=os.environ.get("DIAPO_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    overrides: dict[str, object] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    if args.command == "credits":
        _grant(parser, load_settings(**overrides), args)
    elif args.command == "serve":
        from diapo.service.server import serve as run_server

        if args.workers is not None:
            overrides["workers"] = args.workers
        run_server(load_settings(**overrides), host=args.host, port=args.port)
    else:
        from diapo.service.worker import run_worker

        run_worker(load_settings(**overrides), workers=args.workers, parent_pid=args.parent_pid)


def _grant(parser: argparse.ArgumentParser, settings: Settings, args: argparse.Namespace) -> None:
    from diapo.service.admin import grant_credits
    from diapo.service.errors import NotFoundError

    if args.amount < 1:
        parser.error("--amount must be 1 or more")
    try:
        balance = grant_credits(
            settings, amount=args.amount, email=args.email, bind_id=args.bind_id
        )
    except NotFoundError as exc:
        sys.exit(exc.message)
    print(
        f"Granted {args.amount} credits: available {balance.available}, "
        f"frozen {balance.frozen}, total {balance.total}."
    )


if __name__ == "__main__":
    main()
