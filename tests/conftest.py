"""Shared fixtures: the built-in ladder, a CLI runner, and isolation from the user's setup."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.output import i18n

FIXTURES = Path(__file__).parent / "fixtures"

# CI runs property tests derandomized (a fixed seed), so a run is repeatable and fast.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the user's $CAREERPATH_DATA or writes to their cache directory."""
    monkeypatch.delenv("CAREERPATH_DATA", raising=False)
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("CAREERPATH_DATA_DIR", str(tmp_path_factory.mktemp("data-dir")))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    # English unless a test asks for another language: the user's locale must not leak in.
    for variable in ("CAREERPATH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.use(None)


@pytest.fixture(autouse=True, scope="session")
def _isolated_session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session fixtures (``ladder``) run before ``_isolated``: keep them off the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        yield


@pytest.fixture(scope="session")
def ladder() -> Ladder:
    """The built-in customer-support ladder."""
    return load(["builtin"])


@dataclass
class Outcome:
    """What a command did: exit code, stdout and stderr apart."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    def json(self) -> Any:
        return json.loads(self.stdout)


Run = Callable[..., Outcome]


@pytest.fixture
def run() -> Run:
    """Run ``careerpath ARGS...`` in-process; returns an :class:`Outcome`."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Outcome:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=True)
        exception = result.exception if not isinstance(result.exception, SystemExit) else None
        return Outcome(result.exit_code, result.stdout, result.stderr, exception)

    return invoke


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write a mapping (dumped as YAML) or raw text to a file under tmp_path."""

    def write(content: Any, name: str = "data.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        return path

    return write


def minimal_document(
    roles: Sequence[tuple[str, int]] = (("junior", 1), ("senior", 2)),
    steps: Sequence[tuple[str, str]] = (("junior", "senior"),),
) -> dict[str, Any]:
    """A small valid data file as a mapping, for tests to break one piece at a time."""
    return {
        "name": "tiny",
        "skill_scale": {"min": 1, "max": 5},
        "skills": [
            {"id": "communication", "name": {"en": "Communication", "fi": "Viestintä"}},
            {"id": "leadership", "name": {"en": "Leadership"}},
        ],
        "roles": [
            {
                "id": role_id,
                "title": {"en": role_id.title()},
                "level": level,
                "skills": [
                    {"skill": "communication", "level": min(5, level + 1)},
                    {"skill": "leadership", "level": level},
                ],
            }
            for role_id, level in roles
        ],
        "steps": [{"from": a, "to": b, "kind": "promotion"} for a, b in steps],
    }
