"""`careerpath init` writes a starter ladder that validates; `careerpath schema` describes the
format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from careerpath.data.load import load, validate_files
from careerpath.data.starter import starter_ladder
from tests.conftest import Run


def test_init_writes_a_ladder_that_validates_cleanly(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    outcome = run("init", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == ""
    assert str(target) in outcome.stderr
    report = validate_files([str(target)])
    assert report.valid, report.errors
    assert report.warnings == []
    checked = run("validate", str(target))
    assert checked.exit_code == 0


def test_starter_ladder_has_what_the_issue_asks_for(tmp_path: Path) -> None:
    target = tmp_path / "starter.yaml"
    target.write_text(starter_ladder(), encoding="utf-8")
    ladder = load([str(target)])
    assert 3 <= len(ladder.roles) <= 4
    kinds = {step.kind for step in ladder.steps}
    assert kinds == {"promotion", "lateral"}
    assert len(ladder.skills) >= 3
    assert all(role.skills for role in ladder.roles.values())
    comments = [line for line in starter_ladder().splitlines() if line.startswith("#")]
    assert len(comments) >= 10


def test_starter_schema_line_is_off_until_the_schema_exists() -> None:
    # yaml-language-server reads a comment matching "# yaml-language-server:" as a modeline;
    # pointing it at a file that does not exist yet would show an error in the editor.
    lines = starter_ladder().splitlines()
    assert "## yaml-language-server: $schema=careerpath.schema.json" in lines
    assert not [line for line in lines if line.startswith("# yaml-language-server:")]


def test_file_name_cannot_inject_yaml() -> None:
    text = starter_ladder("x\nroles: oops")
    document = yaml.safe_load(text)
    assert isinstance(document["roles"], list)
    assert "careerpath validate 'my ladder.yaml'" in starter_ladder("my ladder.yaml")


def test_init_never_overwrites(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    target.write_text("roles: []  # mine\n", encoding="utf-8")
    outcome = run("init", str(target))
    assert outcome.exit_code != 0
    assert outcome.exception is None
    assert "exists" in outcome.stderr
    assert "--force" not in outcome.stderr  # init has no --force to suggest
    assert target.read_text(encoding="utf-8") == "roles: []  # mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ours.yaml"]


def test_init_has_no_force_option(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    target.write_text("mine\n", encoding="utf-8")
    outcome = run("init", str(target), "--force")
    assert outcome.exit_code == 2
    assert target.read_text(encoding="utf-8") == "mine\n"


def schema(run: Run) -> dict[str, Any]:
    outcome = run("schema")
    assert outcome.exit_code == 0, outcome.stderr
    document: dict[str, Any] = outcome.json()
    return document


def test_schema_is_json_with_the_data_file_properties(run: Run) -> None:
    document = schema(run)
    assert document["type"] == "object"
    assert set(document["properties"]) == {
        "$schema",
        "name",
        "description",
        "version",
        "attribution",
        "licence",
        "skill_scale",
        "importance_scale",
        "sources",
        "skills",
        "roles",
        "steps",
    }
    assert document["additionalProperties"] is False


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (possibly inside ``anyOf`` with null) to its definition."""
    for option in node.get("anyOf", [node]):
        if "$ref" in option:
            name = option["$ref"].removeprefix("#/$defs/")
            found: dict[str, Any] = document["$defs"][name]
            return found
    return node


def test_schema_uses_the_names_written_in_files(run: Run) -> None:
    document = schema(run)
    step = resolve(document, document["properties"]["steps"]["items"])
    assert {"from", "to", "kind"} <= set(step["properties"])
    assert set(step["required"]) == {"from", "to", "kind"}
    assert step["properties"]["kind"]["enum"] == ["promotion", "lateral", "related"]
    role = resolve(document, document["properties"]["roles"]["items"])
    assert {"id", "title", "level"} <= set(role["required"])
    assert role["additionalProperties"] is False


def test_starter_ladder_fits_the_schema(run: Run) -> None:
    # A small structural check (no JSON Schema library is a dependency): every key the
    # starter uses is a property the schema declares, at every level.
    document = schema(run)
    starter = yaml.safe_load(starter_ladder())

    def check(value: Any, node: dict[str, Any], where: str) -> None:
        node = resolve(document, node)
        if isinstance(value, dict) and "properties" in node:
            for key, item in value.items():
                assert key in node["properties"], f"{where}.{key} is not in the schema"
                check(item, node["properties"][key], f"{where}.{key}")
        elif isinstance(value, list) and "items" in node:
            for index, item in enumerate(value):
                check(item, node["items"], f"{where}[{index}]")

    check(starter, document, "")


def test_init_writes_json_for_a_json_name(run: Run, tmp_path: Path) -> None:
    yaml_file, json_file = tmp_path / "ours.yaml", tmp_path / "ours.JSON"
    assert run("init", str(yaml_file)).exit_code == 0
    outcome = run("init", str(json_file))
    assert outcome.exit_code == 0, outcome.stderr
    assert f"careerpath validate {json_file}" in " ".join(outcome.stderr.split())
    document = json.loads(json_file.read_text(encoding="utf-8"))  # JSON, not YAML
    assert document["name"] == "my-ladder"
    checked = run("validate", str(json_file), "--json")
    assert checked.exit_code == 0, checked.stdout
    assert checked.json()["errors"] == checked.json()["warnings"] == []
    # the same ladder as the commented YAML one
    from_json, from_yaml = load([str(json_file)]), load([str(yaml_file)])
    assert from_json.roles == from_yaml.roles
    assert from_json.steps == from_yaml.steps
    assert from_json.skills == from_yaml.skills
    assert from_json.scale == from_yaml.scale


def test_init_dash_prints_the_starter(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("init", "-")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == starter_ladder()
    assert list(tmp_path.iterdir()) == []
    started = tmp_path / "piped.yaml"
    started.write_text(outcome.stdout, encoding="utf-8")
    assert validate_files([str(started)]).valid
