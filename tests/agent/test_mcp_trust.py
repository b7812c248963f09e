"""What an agent needs to trust `diapo mcp` with credits, over stdio and over HTTP at /mcp.

Strict arguments, tool errors with a code and an action, annotations, prices,
long exports by id, resources, uploads by content, the server's language.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import av
import httpx
import pytest
from tests.agent.conftest import http_client, new_token, stdio_client
from tests.agent.test_mcp import failed, ok

from diapo.service.testing import LiveServer

TRANSPORTS = ["stdio", "http"]
SPENDING = {"export_video", "start_export", "preview_video"}


@asynccontextmanager
async def connect(
    transport: str, server: LiveServer, tmp_path: Path, *args: str
) -> AsyncIterator[Any]:
    if transport == "stdio":
        async with stdio_client(server, tmp_path / f"store-{uuid.uuid4().hex}.json", *args) as c:
            yield c
    else:
        async with http_client(server, new_token(server)["token"]) as c:
            yield c


def as_content(path: Path) -> dict[str, str]:
    return {"name": path.name, "content": base64.b64encode(path.read_bytes()).decode()}


async def project_with_a_slideshow(client: Any, photos: list[Path]) -> dict[str, Any]:
    """A new project with these photos (sent as content) and a slideshow of them."""
    ok(await client.call_tool("new_project", {"language": "en"}))
    ok(await client.call_tool("upload_media", {"files": [as_content(p) for p in photos]}))
    edit = ok(await client.call_tool("edit_video", {"message": "make a slideshow"}))
    assert edit["changed"]
    return edit


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_every_tool_says_what_it_does_to_the_world(
    server: LiveServer, tmp_path: Path, transport: str
) -> None:
    async def scenario() -> tuple[list[Any], list[Any], dict[str, Any]]:
        async with connect(transport, server, tmp_path) as client:
            tools = list((await client.list_tools()).tools)
            # Listing before there is a project shows none, and makes none.
            resources = list((await client.list_resources()).resources)
            return tools, resources, ok(await client.call_tool("list_projects", {}))

    listed, resources, projects = anyio.run(scenario)
    assert resources == [] and projects["projects"] == []
    tools = {t.name: t for t in listed}
    assert {"get_price", "start_export", "get_render", "cancel_render", "get_upload_url"} <= set(
        tools
    )
    for tool in tools.values():
        hints = tool.annotations
        assert hints is not None, tool.name
        for hint in ("read_only_hint", "destructive_hint", "idempotent_hint", "open_world_hint"):
            assert getattr(hints, hint) is not None, f"{tool.name}: {hint}"
        # Strict: the schema says no other argument is taken.
        assert tool.input_schema.get("additionalProperties") is False, tool.name
    read_only = {n for n, t in tools.items() if t.annotations.read_only_hint}
    assert {"get_state", "get_credits", "get_price", "get_render", "list_projects"} <= read_only
    assert not read_only & (SPENDING | {"edit_video", "upload_media", "cancel_render"})
    assert tools["cancel_render"].annotations.destructive_hint is True
    for name in ("export_video", "start_export"):
        description = tools[name].description or ""
        assert "credit" in description and "get_price" in description, name
        assert "idempotency_key" in tools[name].input_schema["properties"], name
    assert "0 credits" in (tools["preview_video"].description or "")


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_wrong_argument_or_tool_is_a_tool_error_and_spends_nothing(
    server: LiveServer, phone_photos: list[Path], tmp_path: Path, transport: str
) -> None:
    out = tmp_path / "never.mp4"

    async def scenario() -> dict[str, Any]:
        async with connect(transport, server, tmp_path) as client:
            await project_with_a_slideshow(client, phone_photos[:1])
            before = ok(await client.call_tool("get_credits", {}))
            errors = {
                "path": failed(
                    await client.call_tool("export_video", {"path": str(out), "resolution": "720p"})
                ),
                "fromat": failed(await client.call_tool("start_export", {"fromat": "mp4"})),
                "preview": failed(await client.call_tool("preview_video", {"quality": "low"})),
                "docx": failed(await client.call_tool("export_video", {"format": "docx"})),
                "key": failed(
                    await client.call_tool("start_export", {"idempotency_key": "k" * 500})
                ),
                "tool": failed(await client.call_tool("export_movie", {})),
                "nested": failed(
                    await client.call_tool(
                        "upload_media", {"files": [{"name": "a.jpg", "data": "AAAA"}]}
                    )
                ),
            }
            after = ok(await client.call_tool("get_credits", {}))
            renders = [
                r
                for r in (await client.list_resources()).resources
                if str(r.uri).startswith("diapo://render/")
            ]
            state = ok(await client.call_tool("get_state", {}))
            return {
                "errors": errors,
                "before": before,
                "after": after,
                "renders": renders,
                "media": state["media"],
            }

    seen = anyio.run(scenario)
    errors = seen["errors"]
    for name, error in errors.items():
        assert set(error) == {"code", "message", "action"}, name
        assert error["action"], name
    assert errors["path"]["code"] == 422
    assert "path" in errors["path"]["message"] and "output_path" in errors["path"]["action"]
    assert errors["fromat"]["code"] == 422 and "format" in errors["fromat"]["action"]
    assert errors["preview"]["code"] == 422
    assert errors["docx"]["code"] == 422 and "format" in errors["docx"]["action"]
    assert "mp4" in errors["docx"]["action"]
    assert errors["key"]["code"] == 422 and "idempotency_key" in errors["key"]["action"]
    assert errors["tool"]["code"] == 404 and "export_video" in errors["tool"]["action"]
    assert errors["nested"]["code"] == 422
    # Nothing spent, nothing queued, nothing uploaded.
    assert seen["after"] == seen["before"]
    assert seen["renders"] == []
    assert len(seen["media"]) == 1
    assert not out.exists()


# Over HTTP this is the "done when" (test_an_http_session_goes_from_content_to_a_video).
@pytest.mark.parametrize("transport", ["stdio"])
def test_start_export_answers_at_once_and_get_render_links_the_file(
    server: LiveServer, phone_photos: list[Path], tmp_path: Path, transport: str
) -> None:
    async def scenario() -> dict[str, Any]:
        async with connect(transport, server, tmp_path) as client:
            await project_with_a_slideshow(client, phone_photos[:2])
            price = ok(await client.call_tool("get_price", {"resolution": "720p"}))
            started = ok(
                await client.call_tool(
                    "start_export", {"resolution": "720p", "idempotency_key": "reel-1"}
                )
            )
            assert started["status"] in ("queued", "rendering")
            # The same key: the same render, charged once.
            again = ok(
                await client.call_tool(
                    "start_export", {"resolution": "720p", "idempotency_key": "reel-1"}
                )
            )
            assert again["render_id"] == started["render_id"]
            with anyio.fail_after(300):
                while True:
                    result = await client.call_tool(
                        "get_render", {"render_id": started["render_id"]}
                    )
                    render = ok(result)
                    if render["status"] not in ("queued", "rendering"):
                        break
                    await anyio.sleep(0.5)
            credits = ok(await client.call_tool("get_credits", {}))
            listed = (await client.list_resources()).resources
            read = await client.read_resource(f"diapo://render/{started['render_id']}")
            return {
                "price": price,
                "render": render,
                "links": [c for c in result.content if c.type == "resource_link"],
                "credits": credits,
                "listed": {str(r.uri) for r in listed},
                "read": read.contents[0].text,
            }

    seen = anyio.run(scenario)
    render, price = seen["render"], seen["price"]
    assert render["status"] == "completed" and render["progress"] == 1.0
    assert render["cost"] == price["cost"] >= 1
    assert seen["credits"]["available"] == price["available"] - price["cost"]
    assert seen["credits"]["frozen"] == 0
    (link,) = seen["links"]
    assert link.uri == render["url"] and link.mime_type == "video/mp4"
    assert f"diapo://render/{render['render_id']}" in seen["listed"]
    assert sum(u.startswith("diapo://media/") for u in seen["listed"]) == 2
    # The same file, signed again when read (a later expiry).
    assert render["url"].split("?")[0] + "?" in seen["read"]
    # The link is signed: no token needed.
    out = tmp_path / "reel.mp4"
    out.write_bytes(httpx.get(link.uri, timeout=60).content)
    with av.open(str(out)) as container:
        video = container.streams.video[0].codec_context
        assert (video.name, max(video.width, video.height)) == ("h264", 1280)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_cancel_render_stops_it_and_gives_the_credits_back(
    server_factory: Any, phone_photos: list[Path], tmp_path: Path, transport: str
) -> None:
    # No worker: the render stays queued until it is cancelled.
    idle = server_factory(workers=0)

    async def scenario() -> tuple[dict[str, Any], ...]:
        async with connect(transport, idle, tmp_path) as client:
            await project_with_a_slideshow(client, phone_photos[:1])
            before = ok(await client.call_tool("get_credits", {}))
            started = ok(await client.call_tool("start_export", {"resolution": "720p"}))
            frozen = ok(await client.call_tool("get_credits", {}))
            cancelled = ok(
                await client.call_tool("cancel_render", {"render_id": started["render_id"]})
            )
            after = ok(await client.call_tool("get_credits", {}))
            unknown = failed(await client.call_tool("get_render", {"render_id": "nope"}))
            return before, started, frozen, cancelled, after, unknown

    before, started, frozen, cancelled, after, unknown = anyio.run(scenario)
    assert started["cost"] >= 1
    assert frozen["frozen"] == started["cost"]
    assert frozen["available"] == before["available"] - started["cost"]
    assert cancelled["status"] == "cancelled"
    assert after == before
    assert unknown["code"] == 1002


def test_export_video_sends_progress_and_takes_an_idempotency_key(
    server: LiveServer, phone_photos: list[Path], tmp_path: Path
) -> None:
    async def scenario() -> tuple[dict[str, Any], ...]:
        progress: list[float] = []

        async def on_progress(value: float, total: float | None, message: str | None) -> None:
            progress.append(value)

        async with connect("http", server, tmp_path) as client:
            await project_with_a_slideshow(client, phone_photos[:1])
            before = ok(await client.call_tool("get_credits", {}))
            args = {"resolution": "360p", "format": "mp4", "idempotency_key": "once"}
            first = ok(await client.call_tool("export_video", args, progress_callback=on_progress))
            second = ok(await client.call_tool("export_video", args))
            after = ok(await client.call_tool("get_credits", {}))
            assert progress and progress[-1] == 1.0
            return before, first, second, after

    before, first, second, after = anyio.run(scenario)
    assert second["render_id"] == first["render_id"]
    assert after["available"] == before["available"] - first["cost"]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_upload_by_content_has_the_checks_of_an_http_upload(
    server: LiveServer, photos: dict[str, Path], tmp_path: Path, transport: str
) -> None:
    # Just over the 20 MB a call (and under the HTTP request limit that makes room for it).
    too_big = {"name": "big.jpg", "content": "A" * (27 * 1024 * 1024 + 512 * 1024)}
    over_file_limit = {  # the server's per-file limit here is 5 MB
        "name": "huge.jpg",
        "content": base64.b64encode(b"\xff\xd8\xff" + bytes(6_000_000)).decode(),
    }

    async def scenario() -> dict[str, Any]:
        async with connect(transport, server, tmp_path) as client:
            ok(await client.call_tool("new_project", {}))
            seen = {
                "heic": ok(
                    await client.call_tool("upload_media", {"files": [as_content(photos["heic"])]})
                ),
                "text": failed(
                    await client.call_tool(
                        "upload_media", {"files": [{"name": "notes.txt", "content": "bm90ZXM="}]}
                    )
                ),
                "base64": failed(
                    await client.call_tool(
                        "upload_media", {"files": [{"name": "a.jpg", "content": "not base64!"}]}
                    )
                ),
                "too_big": failed(await client.call_tool("upload_media", {"files": [too_big]})),
                "file_limit": failed(
                    await client.call_tool("upload_media", {"files": [over_file_limit]})
                ),
            }
            seen["state"] = ok(await client.call_tool("get_state", {}))
            return seen

    seen = anyio.run(scenario)
    assert [m["kind"] for m in seen["heic"]["media"]] == ["image"]
    assert seen["text"]["code"] == 4001 and "HEIC" in seen["text"]["action"]
    assert seen["base64"]["code"] == 422 and "base64" in seen["base64"]["message"]
    assert seen["too_big"]["code"] == 422
    assert "20 MB" in seen["too_big"]["message"]
    assert "get_upload_url" in seen["too_big"]["message"]
    assert seen["file_limit"]["code"] == 4002
    assert len(seen["state"]["media"]) == 1


def test_remote_mcp_names_both_ways_to_send_a_file_and_the_upload_url_takes_it(
    server: LiveServer, photos: dict[str, Path], tmp_path: Path
) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any]]:
        async with connect("http", server, tmp_path) as client:
            ok(await client.call_tool("new_project", {}))
            refused = failed(
                await client.call_tool("upload_media", {"paths": [str(photos["landscape1"])]})
            )
            link = ok(await client.call_tool("get_upload_url", {}))
            return refused, link

    refused, link = anyio.run(scenario)
    assert refused["code"] == 422
    assert "`files`" in refused["message"] and "get_upload_url" in refused["message"]
    assert link["url"].startswith(server.base_url) and link["max_bytes"] == 5_000_000
    # What an agent's shell does with it: a multipart POST, no token.
    photo = photos["portrait1"]
    r = httpx.post(link["url"], files=[("files", (photo.name, photo.read_bytes()))], timeout=60)
    assert r.status_code == 200, r.text
    assert [m["kind"] for m in r.json()["data"]["media"]] == ["image"]
    # Its signature covers this session only, and cannot be forged.
    other = link["url"].replace(link["session_id"], str(uuid.uuid4()))
    forged = link["url"][:-4] + "0000"
    for url in (other, forged):
        r = httpx.post(url, files=[("files", (photo.name, photo.read_bytes()))], timeout=60)
        assert (r.status_code, r.json()["code"]) == (401, 1001), url


def test_a_server_started_with_a_language_keeps_it(server: LiveServer, tmp_path: Path) -> None:
    async def scenario() -> tuple[dict[str, Any], ...]:
        async with connect("stdio", server, tmp_path, "--language", "it") as client:
            default = ok(await client.call_tool("new_project", {}))
            listed = ok(await client.call_tool("list_projects", {}))
            named = ok(await client.call_tool("new_project", {"language": "zh"}))
            return default, listed, named

    default, listed, named = anyio.run(scenario)
    assert default["language"] == "it"
    # The server's record: the project's replies are in Italian.
    (current,) = [p for p in listed["projects"] if p["current"]]
    assert current["language"] == "it"
    assert named["language"] == "zh"


def test_an_http_session_goes_from_content_to_a_video_without_local_files(
    server: LiveServer, phone_photos: list[Path], tmp_path: Path
) -> None:
    """Upload by content -> edit -> get_price -> start_export -> get_render -> download
    through the resource link, over HTTP, with no file path anywhere."""
    files = [as_content(p) for p in phone_photos]

    async def scenario() -> dict[str, Any]:
        async with connect("http", server, tmp_path) as client:
            uploaded = ok(await client.call_tool("upload_media", {"files": files}))
            assert len(uploaded["media"]) == 5
            edit = ok(
                await client.call_tool(
                    "edit_video", {"message": "make a slideshow with music, vertical 9:16"}
                )
            )
            assert edit["changed"]
            price = ok(await client.call_tool("get_price", {"resolution": "720p"}))
            started = ok(
                await client.call_tool(
                    "start_export", {"resolution": "720p", "idempotency_key": str(uuid.uuid4())}
                )
            )
            with anyio.fail_after(300):
                while True:
                    result = await client.call_tool(
                        "get_render", {"render_id": started["render_id"]}
                    )
                    if ok(result)["status"] not in ("queued", "rendering"):
                        break
                    await anyio.sleep(0.5)
            listed = {str(r.uri) for r in (await client.list_resources()).resources}
            return {
                "price": price,
                "render": ok(result),
                "links": [c for c in result.content if c.type == "resource_link"],
                "credits": ok(await client.call_tool("get_credits", {})),
                "listed": listed,
            }

    seen = anyio.run(scenario)
    render = seen["render"]
    assert render["status"] == "completed" and render["cost"] == seen["price"]["cost"]
    assert seen["credits"]["available"] == seen["price"]["available_after"]
    assert f"diapo://render/{render['render_id']}" in seen["listed"]
    assert sum(u.startswith("diapo://media/") for u in seen["listed"]) == 5
    (link,) = seen["links"]
    assert link.mime_type == "video/mp4" and link.size == render["size_bytes"]
    out = tmp_path / "reel.mp4"
    out.write_bytes(httpx.get(link.uri, timeout=60).content)  # signed: no token
    with av.open(str(out)) as container:
        video = container.streams.video[0].codec_context
        assert (video.name, video.width, video.height) == ("h264", 720, 1280)
        assert container.streams.audio, "the music"
