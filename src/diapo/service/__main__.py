"""`python -m diapo.service serve|worker`: run the service without the `diapo` CLI.

The web server starts its worker this way, so the service never imports the
CLI (which sits above it); `diapo serve` and `diapo worker` call the same
functions.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from diapo.service.settings import load_settings


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
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=os.environ.get("DIAPO_LOG_LEVEL", "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    overrides: dict[str, object] = {}
    if args.data_dir is not None:
        overrides["data_dir"] = args.data_dir
    if args.command == "serve":
        from diapo.service.server import serve as run_server

        if args.workers is not None:
            overrides["workers"] = args.workers
        run_server(load_settings(**overrides), host=args.host, port=args.port)
    else:
        from diapo.service.worker import run_worker

        run_worker(load_settings(**overrides), workers=args.workers, parent_pid=args.parent_pid)


if __name__ == "__main__":
    main()
