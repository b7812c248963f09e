"""Every `diapo` command shown in the README and docs/ is checked against the real CLI.

A command line is parsed by the `diapo` application's own parser (Typer's
vendored click): its subcommand, every option and every value must be accepted, so a
renamed option or a dropped choice fails here before a reader meets it. Lines
of a synopsis (`[--aspect 16:9|9:16]`, `INPUT...`) are not runnable; for them
each option named must exist on its command. The cheap commands that need no
media are also run for real, and `make` targets shown must be in the Makefile.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer import TyperException
from typer.testing import CliRunner

from diapo.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_LANGS = {"", "sh", "bash", "shell", "console"}
# A synopsis shows placeholders and alternatives, not a command to type.
SYNOPSIS = re.compile(r" / |\[|\]|\.\.\.|\||<|>|(?<![\w-])[A-Z][A-Z_]{1,}(?![\w-])")
CLI = typer.main.get_command(app)


@dataclass(frozen=True)
class Shown:
    page: str
    line: str

    def __str__(self) -> str:
        return f"{self.page}: {self.line}"


def _shell_lines(text: str) -> list[str]:
    """The lines of shell code blocks, continuations joined and comments dropped."""
    lines: list[str] = []
    lang: str | None = None
    pending = ""
    for raw in text.splitlines():
        fence = re.match(r"^\s*```(\w*)", raw)
        if fence:
            lang = None if lang is not None else fence.group(1)
            continue
        if lang is None or lang not in SHELL_LANGS:
            continue
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        line = re.sub(r"\s+#.*$", "", line).strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def _shown(prefix: str) -> list[Shown]:
    found: list[Shown] = []
    for page in PAGES:
        for line in _shell_lines(page.read_text(encoding="utf-8")):
            bare = line.removeprefix(".venv/bin/")
            if bare.startswith(prefix):
                found.append(Shown(str(page.relative_to(ROOT)), bare))
    return found


DIAPO_LINES = _shown("diapo ")
MAKE_LINES = _shown("make ")


# Typer vendors its own click: its commands are reached by their attributes, not by class.
Command = Any


def _is_group(command: Command) -> bool:
    return hasattr(command, "commands")


def _resolve(words: list[str]) -> tuple[Command, list[str]]:
    """The command that `words` names, and the words left for it."""
    command: Command = CLI
    rest = list(words)
    while _is_group(command) and rest and not rest[0].startswith("-"):
        sub = command.commands.get(rest[0])
        if sub is None:
            break
        command, rest = sub, rest[1:]
    return command, rest


def _parse(words: list[str]) -> None:
    """Parse `words` as the real CLI would, without running the command."""
    ctx = CLI.make_context("diapo", list(words))
    command: Command = CLI
    while _is_group(command):
        args = [*ctx._protected_args, *ctx.args]
        if not args and command.invoke_without_command:
            return
        name, sub, rest = command.resolve_command(ctx, args)
        assert sub is not None and name is not None
        ctx = sub.make_context(name, rest, parent=ctx)
        command = sub


def _option_names(command: Command) -> set[str]:
    names = {"--help"}
    for param in command.params:
        names.update(param.opts)
        names.update(param.secondary_opts)
    return names


def test_the_pages_show_commands_at_all() -> None:
    # Guards the extraction itself: the README shows renders, and the docs show more.
    assert sum(s.page == "README.md" for s in DIAPO_LINES) >= 5
    assert len(DIAPO_LINES) >= 25
    assert MAKE_LINES


@pytest.mark.parametrize("shown", DIAPO_LINES, ids=str)
def test_a_diapo_command_shown_in_the_docs_is_one_the_cli_accepts(shown: Shown) -> None:
    words = shlex.split(shown.line)[1:]
    if SYNOPSIS.search(shown.line):
        # Several commands may share a synopsis line ("serve / worker"): each must exist.
        for part in " ".join(words).split(" / "):
            command, rest = _resolve(part.split())
            assert command is not CLI, f"{shown}: no such command"
            for word in rest:
                option = word.split("=", 1)[0]
                if option.startswith("-") and re.fullmatch(r"--?[a-z][\w-]*", option):
                    assert option in _option_names(command), f"{shown}: no option {option}"
        return
    try:
        _parse(words)
    except TyperException as exc:  # UsageError, BadParameter, NoSuchOption...
        pytest.fail(f"{shown}: {exc}")


@pytest.mark.parametrize("shown", MAKE_LINES, ids=str)
def test_a_make_command_shown_in_the_docs_is_a_target_of_the_makefile(shown: Shown) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.MULTILINE))
    for word in shlex.split(shown.line)[1:]:
        if "=" not in word:
            assert word in targets, f"{shown}: no target {word}"


def test_the_cheap_commands_shown_run(tmp_path: Path) -> None:
    runner = CliRunner()
    schema = runner.invoke(app, ["schema"])
    assert schema.exit_code == 0 and '"properties"' in schema.output
    skill = runner.invoke(app, ["skill", "--server", "http://127.0.0.1:8000"])
    assert skill.exit_code == 0 and skill.output.startswith("---")
    for shown in DIAPO_LINES:
        if shown.line.split()[1] in {"schema", "skill"} and "install" not in shown.line:
            if SYNOPSIS.search(shown.line):
                continue
            result = runner.invoke(app, shlex.split(shown.line)[1:])
            assert result.exit_code == 0, f"{shown}: {result.output}"


def test_a_wrong_option_is_caught_by_the_check() -> None:
    # The check itself must be able to fail.
    with pytest.raises(TyperException):
        _parse(["render", "photos/", "-o", "out.mp4", "--no-such-option"])
    with pytest.raises(TyperException):
        _parse(["render", "photos/", "-o", "out.mp4", "--aspect", "7:3"])
