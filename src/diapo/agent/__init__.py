"""What an agent loads to use Diapo: the SKILL.md skill file and its installer."""

from diapo.agent.skill import (
    DEFAULT_SERVER,
    SKILL_NAME,
    AgentName,
    SkillExistsError,
    install_skill,
    package_version,
    render_skill,
    skill_path,
)

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
