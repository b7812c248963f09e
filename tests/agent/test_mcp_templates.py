"""Templates over MCP: list_templates, then render_template followed by get_render."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import av
import httpx
import pytest
from tests.agent.test_mcp import failed, ok
from tests.agent.test_mcp_trust import as_content, connect

from diapo.service.testing import LiveServer


@pytest.mark.parametrize("transport", ["http"])
def test_an_agent_lists_templates_and_renders_one_by_id(
    server: LiveServer, phone_photos: list[Path], tmp_path: Path, transport: str
) -> None:
    async def scenario() -> dict[str, Any]:
        async with connect(transport, server, tmp_path) as client:
            tools = {t.name: t for t in (await client.list_tools()).tools}
            listed = ok(await client.call_tool("list_templates", {"language": "en"}))
            ok(await client.call_tool("new_project", {"language": "it"}))
            files = [as_content(p) for p in phone_photos[:3]]
            ok(await client.call_tool("upload_media", {"files": files}))
            credits = ok(await client.call_tool("get_credits", {}))
            wrong = await client.call_tool(
                "render_template", {"template": "compleanno", "value": {"nome": "Maria"}}
            )
            missing = await client.call_tool(
                "render_template", {"template": "compleanno", "values": {}}
            )
            after_wrong = ok(await client.call_tool("get_credits", {}))
            started = ok(
                await client.call_tool(
                    "render_template",
                    {"template": "compleanno", "values": {"nome": "Maria"}, "resolution": "360p"},
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
            return {
                "tools": tools,
                "listed": listed,
                "credits": credits,
                "wrong": wrong,
                "missing": missing,
                "after_wrong": after_wrong,
                "render": ok(result),
                "links": [c for c in result.content if c.type == "resource_link"],
            }

    seen = anyio.run(scenario)
    tools = seen["tools"]
    assert tools["list_templates"].annotations.read_only_hint is True
    assert tools["render_template"].annotations.read_only_hint is False
    assert "credit" in (tools["render_template"].description or "")
    names = {t["template_id"]: t["name"] for t in seen["listed"]["templates"]}
    assert names["compleanno"] == "Birthday" and names["matrimonio"] == "Wedding"
    # A misspelt argument and a missing field are tool errors, and spend nothing.
    assert failed(seen["wrong"])["code"] == 422
    assert "nome" in failed(seen["missing"])["message"]
    assert seen["after_wrong"]["available"] == seen["credits"]["available"]
    render = seen["render"]
    assert render["status"] == "completed", render
    (link,) = seen["links"]
    out = tmp_path / "auguri.mp4"
    out.write_bytes(httpx.get(link.uri, timeout=60).content)
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.height == 360
        assert container.streams.audio
