"""careerpath converts plain command-line values itself (cli/plain_params.py) instead of through
the Pydantic adapter Typer builds per parameter: the same values, the same errors, and no
adapter machinery imported by a command whose values are all plain."""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from typer import _click
from typer._coercion import build_runtime_param

from careerpath.cli.app import app

SAMPLES: dict[str, list[Any]] = {
    "str": ["customer", "", " two words ", "Ääkköset", "-", "12", "x" * 300],
    "int": ["0", "5", "007", "-1", "+3", " 7", "1_000", "x", "12.0", "", "99999999999999999999"],
    "float": ["0", "0.5", "1", "1.", ".5", "-0.3", "1e3", "abc", " 0.25", "0.4000", "nan"],
    "bool": [True, False],
    "path": ["a/b.yaml", "-", "/nonexistent/file.json", ".", "/tmp", "~/x"],
    "list": [("a", "b"), (), ["x"], ("",)],
}


def _kind(annotation: Any) -> str | None:
    if annotation is str:
        return "str"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is bool:
        return "bool"
    if annotation is Path:
        return "path"
    if annotation == list[str]:
        return "list"
    return None


def _parameters() -> list[tuple[str, Any, Any]]:
    """Every parameter of every command: (where, the command, the parameter)."""
    found = []

    def walk(command: Any, path: str) -> None:
        for param in command.params:
            if hasattr(param, "type_descriptor"):
                found.append((f"{path} {param.name}", command, param))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "careerpath")
    return found


def _values(param: Any) -> list[Any]:
    annotation = param.type_descriptor.annotation
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members = list(annotation)
        return [
            *members,
            *(str(member.value) for member in members),
            *(str(member.value).upper() for member in members),
            "no-such-choice",
        ]
    kind = _kind(annotation)
    return [None, *SAMPLES[kind]] if kind else [None]


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except _click.exceptions.ClickException as error:
        return "error", (type(error).__name__, error.format_message())
    return "value", (type(result), result)


PARAMETERS = _parameters()


def test_every_parameter_is_seen() -> None:
    # The walk below must reach the parameters whose conversion it compares.
    names = {where for where, _, _ in PARAMETERS}
    assert "careerpath roles limit" in names
    assert "careerpath similar min_similarity" in names
    assert len(PARAMETERS) > 100


@pytest.mark.parametrize(("where", "command", "param"), PARAMETERS, ids=[p[0] for p in PARAMETERS])
def test_the_same_value_or_error_as_typers_conversion(where: str, command: Any, param: Any) -> None:
    ctx = _click.Context(command)
    ours = param.get_runtime_param()
    typers = build_runtime_param(param.type_descriptor)
    assert type(ours).__name__ == "_PlainConversion"
    for value in _values(param):
        assert _outcome(ours, value, param, ctx) == _outcome(typers, value, param, ctx), (
            where,
            value,
        )


def test_a_plain_command_never_builds_an_adapter(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from careerpath.cli.app import run_once\n"
        "sys.argv = ['careerpath', 'show', 'team lead', '--lang', 'fi', '--data', 'builtin']\n"
        "code = run_once()\n"
        "sys.stdout.flush()\n"
        "print(code, 'typer._adapters' in sys.modules, file=sys.stderr)\n"
    )
    env = {"CAREERPATH_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.stderr.split()[-2:] == ["0", "False"], done.stderr
    assert "Tiimi" in done.stdout or "tiimi" in done.stdout
