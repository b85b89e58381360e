"""`validate FILE` and `--data FILE` agree on a file that only extends the built-in ladder
(issue 21 item 10): both read it on top of the default data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from careerpath.cli.app import app
from tests.conftest import minimal_document

EXTENSION = {
    "roles": [
        {
            "id": "support-analyst",
            "title": {"en": "Support Analyst"},
            "level": 2,
            "skills": [{"skill": "communication", "level": 3}],
        }
    ],
    "steps": [
        {"from": "customer-service-representative", "to": "support-analyst", "kind": "promotion"}
    ],
}


def run(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--lang", "en", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def role_ids(*data: str, env: dict[str, str | None] | None = None) -> list[str]:
    args = [part for spec in data for part in ("--data", spec)]
    code, out, err = run(*args, "roles", "--json", env=env)
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return [row["id"] for row in document["roles"]]


@pytest.fixture()
def extension(tmp_path: Path) -> Path:
    path = tmp_path / "ours.yaml"
    path.write_text(yaml.safe_dump(EXTENSION), encoding="utf-8")
    return path


def test_validate_and_data_agree(extension: Path, tmp_path: Path) -> None:
    env: dict[str, str | None] = {"CAREERPATH_CACHE_DIR": str(tmp_path / "cache")}
    code, out, _ = run("validate", str(extension), env=env)
    assert code == 0 and "on top of builtin" in out
    alone = role_ids(str(extension), env=env)
    explicit = role_ids("builtin", str(extension), env=env)
    assert alone == explicit
    assert "support-analyst" in alone and "customer-service-representative" in alone
    # again, from the cache: the same
    assert role_ids(str(extension), env=env) == explicit


def test_the_cache_follows_the_file(extension: Path, tmp_path: Path) -> None:
    env: dict[str, str | None] = {"CAREERPATH_CACHE_DIR": str(tmp_path / "cache")}
    assert "support-analyst" in role_ids(str(extension), env=env)
    changed = json.loads(json.dumps(EXTENSION))
    changed["roles"][0]["id"] = "support-data-analyst"
    changed["steps"][0]["to"] = "support-data-analyst"
    extension.write_text(yaml.safe_dump(changed), encoding="utf-8")
    ids = role_ids(str(extension), env=env)
    assert "support-data-analyst" in ids and "support-analyst" not in ids


def test_a_file_with_its_own_scale_stands_alone(tmp_path: Path) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(yaml.safe_dump(minimal_document()), encoding="utf-8")
    assert sorted(role_ids(str(path))) == ["junior", "senior"]


def test_an_extension_of_an_extension_still_fails_alike(extension: Path) -> None:
    # With $CAREERPATH_DATA naming the extension itself there is no ladder under it: both
    # commands refuse it.
    env: dict[str, str | None] = {"CAREERPATH_DATA": str(extension)}
    code, _, _ = run("validate", str(extension), env=env)
    assert code == 1
    code, _, err = run("roles", env=env)
    assert code == 1 and "no skill_scale declared" in err
