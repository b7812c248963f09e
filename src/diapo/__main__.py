"""`python -m diapo` runs the command line."""

from diapo.cli.main import app

app()
