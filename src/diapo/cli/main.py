"""The `diapo` Typer application: one module per command, wired together here."""

from __future__ import annotations

import typer

from diapo.cli import (
    demo_cmd,
    mcp_cmd,
    probe_cmd,
    render_cmd,
    schema_cmd,
    skill_cmd,
    template_cmd,
)

app = typer.Typer(
    name="diapo",
    help="Diapo turns photos and clips into a shareable video, on an ordinary CPU.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("render")(render_cmd.render)
app.command("probe")(probe_cmd.probe)
app.command("schema")(schema_cmd.schema)
app.command("templates")(template_cmd.templates)
app.command("demo")(demo_cmd.demo)
app.add_typer(skill_cmd.app)
app.command("mcp")(mcp_cmd.mcp)


def _register_optional() -> None:
    # Commands of layers that may be absent from a slim install register themselves.
    import importlib

    for name in ("diapo.cli.service_commands", "diapo.cli.client_commands"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


_register_optional()

if __name__ == "__main__":  # pragma: no cover
    app()
