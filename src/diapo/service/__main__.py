"""`python -m diapo.service serve|worker|credits ...`: the service commands without the main CLI."""

import typer

from diapo.cli.service_commands import register

app = typer.Typer(add_completion=False, no_args_is_help=True)
register(app)

if __name__ == "__main__":
    app()
