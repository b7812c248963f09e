"""SKILL.md: its front matter, `diapo skill`, `GET /skill.md`, its endpoint table row by row."""

from __future__ import annotations

import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from typer.testing import CliRunner

from diapo.agent import package_version, render_skill
from diapo.cli.main import app
from diapo.service.testing import LiveServer

runner = CliRunner()


def front_matter(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    data: dict[str, Any] = yaml.safe_load(head)
    return data


def table(text: str, heading: str) -> list[dict[str, str]]:
    """The first Markdown table under `heading`, as dicts keyed by its header cells."""
    section = text.split(f"\n{heading}\n", 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    rows: list[dict[str, str]] = []
    header: list[str] = []
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = cells
        elif set(line) <= set("|-: "):
            continue
        elif len(cells) == len(header):
            rows.append(dict(zip(header, cells, strict=True)))
        else:
            break
    return rows


def test_diapo_skill_prints_the_skill_with_valid_front_matter() -> None:
    result = runner.invoke(app, ["skill", "--server", "https://diapo.example.com/"])
    assert result.exit_code == 0, result.output
    meta = front_matter(result.output)
    assert meta["name"] == "diapo"
    assert "video" in meta["description"] and "photos" in meta["description"]
    assert meta["version"] == package_version()
    assert "{{" not in result.output
    assert "Base URL: `https://diapo.example.com`" in result.output


def test_skill_install_writes_where_the_agent_looks_and_refuses_to_overwrite(
    tmp_path: Path,
) -> None:
    expected = {
        "claude": tmp_path / ".claude/skills/diapo/SKILL.md",
        "cursor": tmp_path / ".cursor/skills/diapo/SKILL.md",
        "clawhub": tmp_path / ".clawhub/skills/diapo/SKILL.md",
    }
    for agent, path in expected.items():
        result = runner.invoke(app, ["skill", "install", "--for", agent, "--home", str(tmp_path)])
        assert result.exit_code == 0, result.output
        assert front_matter(path.read_text())["name"] == "diapo"
        # The attribution the agent sends names its platform.
        assert f"`X-Skill-Platform` | `{agent}`" in path.read_text()

    path = expected["claude"]
    path.write_text("my own edits")
    args = ["skill", "install", "--for", "claude", "--home", str(tmp_path)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "--force" in refused.output
    assert path.read_text() == "my own edits"
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0
    assert path.read_text() == render_skill(platform="claude")


def test_skill_install_names_the_agents_it_knows(tmp_path: Path) -> None:
    result = runner.invoke(app, ["skill", "install", "--for", "vim", "--home", str(tmp_path)])
    assert result.exit_code != 0
    assert not (tmp_path / ".vim").exists()


def test_served_skill_names_this_server(server: LiveServer) -> None:
    r = httpx.get(server.base_url + "/skill.md")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/markdown")
    assert front_matter(r.text)["version"] == package_version()
    assert f"Base URL: `{server.base_url}`" in r.text
    assert r.text == render_skill(server.base_url)


def test_skill_error_table_matches_the_sdk_error_codes() -> None:
    from diapo.client.errors import error_for

    rows = table(render_skill(), "## Errors")
    codes = [int(row["code"]) for row in rows]
    assert {1001, 1002, 2001, 4001, 4002, 400, 402, 422, 429} <= set(codes)
    for row in rows:
        code = int(row["code"])
        if code:
            assert error_for(code, "x", status=int(row["HTTP"])).code == code


_PLACEHOLDER = re.compile(r"\{(session_id|render_id)\}")


def _fill(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def _code_spans(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_every_row_of_the_endpoint_table_works_as_written(
    server: LiveServer, photos: dict[str, Path]
) -> None:
    """Follow SKILL.md literally, as an agent would: its base URL, headers and rows, in order."""
    skill = httpx.get(server.base_url + "/skill.md").text
    base = re.search(r"Base URL: `([^`]+)`", skill)
    assert base is not None
    attribution = {
        row["header"].strip("`"): _code_spans(row["value"])[0]
        for row in table(skill, "### Attribution headers")
    }
    assert set(attribution) == {"X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"}
    rows = table(skill, "## Endpoints")
    assert [int(r["#"]) for r in rows] == list(range(1, len(rows) + 1))

    values: dict[str, str] = {}
    http = httpx.Client(base_url=base.group(1), timeout=120)
    headers = dict(attribution)
    for row in rows:
        method, path = row["method"], _fill(row["path"].strip("`"), values)
        body, answer = row["body"], row["answer"]
        kwargs: dict[str, Any] = {"headers": dict(headers)}
        if body.startswith("header `X-Client-Id"):
            kwargs["headers"]["X-Client-Id"] = str(uuid.uuid4())
        elif body.startswith("multipart `files`"):
            kwargs["files"] = [
                ("files", (photos[n].name, photos[n].read_bytes()))
                for n in ("landscape1", "portrait1", "rotated_exif")
            ]
        elif body:
            kwargs["json"] = json.loads(_fill(_code_spans(body)[0], values))
        expected = [s.removeprefix("data.") for s in _code_spans(answer) if s.startswith("data")]

        r = http.request(method, path, **kwargs)
        if "data.status" in answer and "render_id" in values:
            deadline = time.monotonic() + 120
            while r.json()["data"]["status"] not in ("completed", "failed", "cancelled"):
                assert time.monotonic() < deadline, f"row {row['#']}: render did not finish"
                time.sleep(0.3)
                r = http.request(method, path, **kwargs)
        assert r.status_code == 200, f"row {row['#']} {method} {path}: {r.text[:300]}"

        if "text/event-stream" in answer:
            assert r.headers["content-type"].startswith("text/event-stream")
            events = [
                json.loads(line[5:]) for line in r.text.splitlines() if line.startswith("data:")
            ]
            assert events[-1]["type"] == "done" and events[-1]["kind"] == "edit", events[-1]
        elif answer == "the file":
            assert len(r.content) > 1000
        elif answer == "this file":
            assert r.text == skill
        else:
            envelope = r.json()
            assert envelope["code"] == 0, envelope
            data = envelope["data"]
            for name in expected:
                if name == "data":  # the whole of `data` is the answer: a list here
                    assert isinstance(data, list) and data, f"row {row['#']}: {data}"
                else:
                    assert name in data, f"row {row['#']}: no data.{name} in {data}"
        data = r.json()["data"] if "json" in r.headers.get("content-type", "") else None
        if isinstance(data, dict):
            if "token" in data:
                headers["Authorization"] = f"Bearer {data['token']}"
            if "session_id" in data and "session_id" not in values:
                values["session_id"] = data["session_id"]
            if "id" in data and "status" in data:
                values["render_id"] = data["id"]
    http.close()
    assert values.keys() == {"session_id", "render_id"}


@pytest.mark.parametrize("intent_row", ["export", "credits", "state", "upload", "chat"])
def test_skill_intent_table_agrees_with_the_sdk_router(intent_row: str) -> None:
    from diapo.client import route_intent

    rows = {row["intent"]: row for row in table(render_skill(), "## Route the user's words")}
    row = rows[intent_row]
    for column in ("English", "Italiano", "中文"):
        for phrase in row[column].split(", "):
            phrase = phrase.strip().strip('"')
            if phrase.startswith(("everything", "tutto", "其他", "(")) or "(" in phrase:
                continue
            assert route_intent(phrase) == intent_row, (column, phrase)


def test_readme_mcp_snippet_runs_the_real_command() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    section = (root / "docs" / "agents.md").read_text().split("\n## ", 1)[0]
    block = section.split("```json\n", 1)[1].split("```", 1)[0]
    assert block in readme  # the README's first steps show the same entry
    entry = json.loads(block)["mcpServers"]["diapo"]
    assert entry["command"] == "diapo" and entry["args"] == ["mcp"]
    assert "diapo skill install --for claude" in section
    result = runner.invoke(app, [*entry["args"], "--help"])
    assert result.exit_code == 0 and "stdin" in result.output


def test_diapo_mcp_says_how_to_install_the_sdk_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "mcp", None)  # as if the package were not installed
    result = runner.invoke(app, ["mcp"])
    assert result.exit_code == 1
    assert "pip install 'diapo[agent]'" in result.output
