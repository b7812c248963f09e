"""The application's surface: health, OpenAPI docs, the CLI commands, the web hook."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from diapo.cli.service_commands import register
from diapo.service.testing import InProcessServer

PROTOCOL_PATHS = {
    "/api/auth/anonymous-token": {"post"},
    "/api/tasks/me/with-session/nemo_agent": {"post"},
    "/run_sse": {"post"},
    "/api/upload-video/nemo_agent/me/{session_id}": {"post"},
    "/api/credits/balance/simple": {"get"},
    "/api/state/nemo_agent/me/{session_id}/latest": {"get"},
    "/api/render/proxy/lambda": {"get", "post"},
    "/api/render/proxy/lambda/{render_id}": {"get", "delete"},
}


def test_health_docs_and_openapi(server: InProcessServer) -> None:
    http = server.http
    assert http.get("/healthz").json() == {"code": 0, "message": "ok", "data": {"status": "ok"}}
    assert http.get("/docs").status_code == 200
    schema = http.get("/openapi.json").json()
    for path, methods in PROTOCOL_PATHS.items():
        assert methods <= set(schema["paths"][path]), path
    assert "tool_call" in schema["info"]["description"]
    assert "credit" in schema["info"]["description"]


def test_cli_registers_serve_worker_and_credits() -> None:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("serve", "worker", "credits"):
        assert name in result.output
    grant = CliRunner().invoke(app, ["credits", "grant", "--help"])
    assert "--token-bind-id" in grant.output and "--email" in grant.output
