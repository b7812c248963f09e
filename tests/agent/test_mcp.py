"""`diapo mcp` driven by the official MCP client, over stdio and over HTTP at /mcp."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import anyio
import av
import httpx
import pytest
from tests.agent.conftest import http_client, new_token, stdio_client

from diapo.service.testing import LiveServer

TOOLS = {
    "upload_media",
    "edit_video",
    "get_state",
    "preview_video",
    "export_video",
    "get_credits",
    "undo",
    "redo",
    "new_project",
    "list_projects",
}

EDIT = "crea uno slideshow con musica, formato verticale 9:16"


def ok(result: Any) -> dict[str, Any]:
    """The structured result of a successful tool call."""
    text = result.content[0].text if result.content else ""
    assert not result.is_error, text
    assert text.strip(), "a tool answers with a short text too"
    data: dict[str, Any] = result.structured_content
    return data


def failed(result: Any) -> dict[str, Any]:
    """The code, message and action of a tool error."""
    assert result.is_error, result.structured_content
    data: dict[str, Any] = result.structured_content
    assert str(data["code"]) in result.content[0].text
    assert data["action"] in result.content[0].text
    return data


def check_video(path: Path, *, width: int, height: int) -> None:
    """What a user would check: an H.264 MP4 of the right size, with sound, that plays."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        assert video.codec_context.name == "h264"
        assert (video.codec_context.width, video.codec_context.height) == (width, height)
        assert container.streams.audio, "the slideshow has music"
        frames = sum(1 for _ in container.decode(video=0))
    assert frames > 30


async def edit_and_check_state(client: Any) -> dict[str, Any]:
    edit = ok(await client.call_tool("edit_video", {"message": EDIT}))
    assert edit["changed"] is True
    assert edit["reply"]
    state = ok(await client.call_tool("get_state", {}))
    assert state["version"] == edit["version"]
    assert state["draft"]["c"]["ar"] == "9:16"
    assert len(state["media"]) == 5
    assert state["summary"] == edit["summary"]
    return state


def test_stdio_upload_edit_in_italian_and_export_to_a_path(
    server: LiveServer, phone_photos: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "reel.mp4"

    async def scenario() -> None:
        async with stdio_client(server, tmp_path / "store.json") as client:
            names = {t.name for t in (await client.list_tools()).tools}
            assert names >= TOOLS
            project = ok(await client.call_tool("new_project", {"language": "it"}))
            uploaded = ok(
                await client.call_tool("upload_media", {"paths": [str(p) for p in phone_photos]})
            )
            assert uploaded["session_id"] == project["session_id"]
            assert [m["kind"] for m in uploaded["media"]] == ["image"] * 5
            state = await edit_and_check_state(client)

            # The resources show the same draft and summary.
            draft = await client.read_resource("diapo://project/current/draft")
            assert json.loads(draft.contents[0].text) == state["draft"]
            summary = await client.read_resource("diapo://project/current/summary")
            assert summary.contents[0].text == state["summary"]

            before = ok(await client.call_tool("get_credits", {}))
            progress: list[float] = []

            async def on_progress(value: float, total: float | None, message: str | None) -> None:
                progress.append(value)

            export = ok(
                await client.call_tool(
                    "export_video",
                    {"format": "mp4", "resolution": "720p", "output_path": str(out)},
                    progress_callback=on_progress,
                )
            )
            assert export["status"] == "completed"
            assert export["output_path"] == str(out)
            assert (export["width"], export["height"]) == (720, 1280)
            assert progress and progress[-1] == 1.0
            after = ok(await client.call_tool("get_credits", {}))
            assert export["cost"] >= 1
            assert after["available"] == before["available"] - export["cost"]

            undone = ok(await client.call_tool("undo", {}))
            assert undone["changed"] and undone["version"] > state["version"]
            # The one Italian request made the slideshow: undoing it leaves no draft.
            assert ok(await client.call_tool("get_state", {}))["draft"] is None
            redone = ok(await client.call_tool("redo", {}))
            assert redone["changed"]
            assert ok(await client.call_tool("get_state", {}))["draft"]["c"]["ar"] == "9:16"

            projects = ok(await client.call_tool("list_projects", {}))
            assert projects["current"] == project["session_id"]
            assert [p["session_id"] for p in projects["projects"] if p["current"]] == [
                project["session_id"]
            ]

    anyio.run(scenario)
    check_video(out, width=720, height=1280)


def test_http_mcp_uses_the_bearer_token_and_urls(
    server: LiveServer, photos: dict[str, Path], file_server: str, tmp_path: Path
) -> None:
    token = new_token(server)["token"]
    urls = [f"{file_server}/{photos[n].name}" for n in ("landscape1", "landscape2", "portrait1")]
    urls += [f"{file_server}/{photos[n].name}" for n in ("rotated_exif", "heic")]
    out = tmp_path / "reel.mp4"

    async def scenario() -> dict[str, Any]:
        async with http_client(server, token) as client:
            assert {t.name for t in (await client.list_tools()).tools} >= TOOLS
            project = ok(await client.call_tool("new_project", {"language": "it"}))
            ok(await client.call_tool("upload_media", {"urls": urls}))
            # A path would name a file on the server: refused, with the way out.
            refused = failed(
                await client.call_tool("upload_media", {"paths": [str(photos["landscape1"])]})
            )
            assert "urls" in refused["message"]
            await edit_and_check_state(client)
            refused = failed(
                await client.call_tool(
                    "export_video", {"resolution": "720p", "output_path": str(out)}
                )
            )
            assert "url" in refused["message"]
            export = ok(
                await client.call_tool("export_video", {"format": "mp4", "resolution": "720p"})
            )
            preview = ok(await client.call_tool("preview_video", {}))
            assert preview["cost"] == 0 and preview["url"]
            projects = ok(await client.call_tool("list_projects", {}))
            assert projects["current"] == project["session_id"]
            return export

    export = anyio.run(scenario)
    # The project is the token's: the plain API sees it.
    r = httpx.get(
        server.base_url + "/api/tasks/me/sessions", headers={"Authorization": f"Bearer {token}"}
    )
    assert export["render_id"] and r.json()["data"]["sessions"]
    out.write_bytes(httpx.get(export["url"], timeout=60).content)
    check_video(out, width=720, height=1280)


def test_http_mcp_without_a_valid_token_is_refused(server: LiveServer) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        r = httpx.post(
            server.base_url + "/mcp",
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={**headers, "Accept": "application/json, text/event-stream"},
        )
        assert r.status_code == 401
        assert r.json()["code"] == 1001
        # RFC 9728: the challenge names where to read how to get a token.
        metadata_url = server.base_url + "/.well-known/oauth-protected-resource/mcp"
        assert r.headers["www-authenticate"] == f'Bearer resource_metadata="{metadata_url}"'
    metadata = httpx.get(metadata_url).json()
    assert metadata["resource"] == server.base_url + "/mcp"
    assert metadata["bearer_methods_supported"] == ["header"]
    token = httpx.post(
        metadata["diapo_token_endpoint"], headers={"X-Client-Id": str(uuid.uuid4())}
    ).json()["data"]["token"]
    r = httpx.post(
        metadata["resource"],
        json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json, text/event-stream",
        },
    )
    assert r.status_code != 401


def test_no_credits_is_a_tool_error_with_the_registration_url(
    server_factory: Any, phone_photos: list[Path], tmp_path: Path
) -> None:
    poor = server_factory(free_credits=0)

    async def scenario() -> dict[str, Any]:
        async with stdio_client(poor, tmp_path / "store.json") as client:
            ok(await client.call_tool("upload_media", {"paths": [str(phone_photos[0])]}))
            ok(await client.call_tool("edit_video", {"message": "make a slideshow"}))
            return failed(await client.call_tool("export_video", {"resolution": "720p"}))

    error = anyio.run(scenario)
    assert error["code"] == 2001
    assert error["action"].startswith(f"no credits: register at {poor.base_url}/register?bind=")


def test_a_bad_file_is_a_tool_error_naming_the_supported_formats(
    server: LiveServer, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with stdio_client(server, tmp_path / "store.json") as client:
            bad = failed(await client.call_tool("upload_media", {"paths": [str(notes)]}))
            missing = failed(
                await client.call_tool("upload_media", {"paths": [str(tmp_path / "nope.jpg")]})
            )
            return bad, missing

    bad, missing = anyio.run(scenario)
    assert bad["code"] == 4001
    assert "HEIC" in bad["action"] and "MP4" in bad["action"]
    assert missing["code"] == 422 and "nope.jpg" in missing["message"]


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_an_unknown_session_is_a_tool_error_saying_start_a_new_project(
    server: LiveServer, tmp_path: Path, transport: str
) -> None:
    unknown = str(uuid.uuid4())

    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        if transport == "stdio":
            client_cm = stdio_client(server, tmp_path / "store.json", "--session", unknown)
        else:
            client_cm = http_client(server, new_token(server)["token"])
        async with client_cm as client:
            if transport == "stdio":
                error = failed(await client.call_tool("get_state", {}))
            else:
                error = failed(await client.call_tool("open_project", {"session_id": unknown}))
            # The way out works: a new project, and its state.
            ok(await client.call_tool("new_project", {"language": "en"}))
            return error, ok(await client.call_tool("get_state", {}))

    error, state = anyio.run(scenario)
    assert error["code"] == 1002
    assert "new_project" in error["action"]
    assert state["version"] == 0 and state["session_id"] != unknown
