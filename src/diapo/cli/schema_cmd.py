"""`diapo schema`: print the draft's JSON Schema."""

from __future__ import annotations

import json

import typer

from diapo.draft import draft_json_schema


def schema() -> None:
    """Print the JSON Schema that every draft validates against."""
    typer.echo(json.dumps(draft_json_schema(), indent=2, ensure_ascii=False))
