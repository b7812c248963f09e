"""The agent skill: Diapo's SKILL.md, filled in for a server, and where each agent loads it."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from typing import Literal, get_args

__all__ = [
    "DEFAULT_SERVER",
    "SKILL_NAME",
    "AgentName",
    "SkillExistsError",
    "install_skill",
    "package_version",
    "render_skill",
    "skill_path",
]

SKILL_NAME = "diapo"
DEFAULT_SERVER = "http://127.0.0.1:8000"

AgentName = Literal["claude", "cursor", "clawhub"]

# What `X-Skill-Platform` may say: an agent's name, or these.
_PLATFORMS = (*get_args(AgentName), "cli", "unknown")

# Where each agent looks for skills, under the user's home: <dir>/<skill name>/SKILL.md.
_SKILL_DIRS: dict[str, tuple[str, ...]] = {
    "claude": (".claude", "skills"),
    "cursor": (".cursor", "skills"),
    "clawhub": (".clawhub", "skills"),
}


class SkillExistsError(FileExistsError):
    """A SKILL.md is already installed there; pass `force=True` to replace it."""


def package_version() -> str:
    """The installed version of diapo: the skill's `version` and `X-Skill-Version`."""
    try:
        return version("diapo")
    except PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "0.0.0"


def render_skill(base_url: str = DEFAULT_SERVER, *, platform: str = "unknown") -> str:
    """SKILL.md with the server's base URL, the package's version and the agent's platform."""
    text = files("diapo.agent").joinpath("SKILL.md").read_text(encoding="utf-8")
    others = ", ".join(f"`{p}`" for p in _PLATFORMS if p != platform)
    return (
        text.replace("{{base_url}}", base_url.rstrip("/"))
        .replace("{{version}}", package_version())
        .replace("{{other_platforms}}", others)
        .replace("{{platform}}", platform)
    )


def skill_path(agent: AgentName, *, home: Path | None = None) -> Path:
    """Where `agent` loads this skill from, e.g. ~/.claude/skills/diapo/SKILL.md."""
    if agent not in _SKILL_DIRS:
        choices = ", ".join(get_args(AgentName))
        raise ValueError(f"Unknown agent {agent!r}; choose one of {choices}.")
    base = home if home is not None else Path.home()
    return base.joinpath(*_SKILL_DIRS[agent], SKILL_NAME, "SKILL.md")


def install_skill(
    agent: AgentName,
    *,
    base_url: str = DEFAULT_SERVER,
    home: Path | None = None,
    force: bool = False,
) -> Path:
    """Write the skill where `agent` looks for it; refuse to replace a file unless `force`."""
    path = skill_path(agent, home=home)
    text = render_skill(base_url, platform=agent)
    if path.exists() and not force:
        if path.read_text(encoding="utf-8", errors="replace") == text:
            return path  # the same skill is already there: nothing to overwrite
        raise SkillExistsError(f"{path} already exists; use --force to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
