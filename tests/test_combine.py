"""Several data files combine into one ladder: later files extend earlier ones, and clashes are
reported naming both files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml

from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.errors import InvalidDataset, Problem
from careerpath.queries.graph import build_graph
from tests.conftest import Run, minimal_document

ANALYST = "support-operations-analyst"


def company_file(write_yaml: Callable[..., Path], name: str = "ours.yaml") -> Path:
    """A company file adding a role above the built-in coordinator, using built-in skills."""
    return write_yaml(
        {
            "roles": [
                {
                    "id": ANALYST,
                    "title": {"en": "Support Operations Analyst"},
                    "level": 4,
                    "track": "operations",
                    "skills": [
                        {"skill": "analytical-skills", "level": 4},
                        {"skill": "technical-proficiency", "level": 4},
                    ],
                }
            ],
            "steps": [{"from": "customer-service-coordinator", "to": ANALYST, "kind": "promotion"}],
        },
        name,
    )


def problems_of(specs: list[str]) -> list[Problem]:
    with pytest.raises(InvalidDataset) as caught:
        load(specs)
    return caught.value.problems


def test_company_file_extends_the_builtin_ladder(
    write_yaml: Callable[..., Path], ladder: Ladder
) -> None:
    combined = load(["builtin", str(company_file(write_yaml))])
    assert set(combined.roles) == set(ladder.roles) | {ANALYST}
    assert len(combined.steps) == len(ladder.steps) + 1
    assert combined.skills == ladder.skills
    graph = build_graph(combined)
    assert nx.has_path(graph, "customer-service-representative", ANALYST)
    assert combined.files[-1].endswith("ours.yaml")


def test_combined_role_is_found_by_commands(run: Run, write_yaml: Callable[..., Path]) -> None:
    ours = company_file(write_yaml)
    outcome = run("--data", "builtin", "--data", str(ours), "show", "operations analyst", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    card = outcome.json()
    assert card["id"] == ANALYST
    assert "customer-service-coordinator" in str(card)


def test_the_environment_variable_lists_files(run: Run, write_yaml: Callable[..., Path]) -> None:
    ours = company_file(write_yaml)
    env = {"CAREERPATH_DATA": os.pathsep.join(["builtin", str(ours)])}
    outcome = run("roles", "--json", env=env)
    assert outcome.exit_code == 0, outcome.stderr
    assert ANALYST in str(outcome.json())
    # --data wins over the environment.
    alone = run("--data", "builtin", "roles", "--json", env=env)
    assert ANALYST not in str(alone.json())


def test_extension_alone_reports_what_it_lacks(write_yaml: Callable[..., Path]) -> None:
    ours = company_file(write_yaml)
    messages = [p.message for p in problems_of([str(ours)])]
    assert any("no skill_scale" in m for m in messages)
    assert any("unknown skill 'analytical-skills'" in m for m in messages)
    assert any("unknown role 'customer-service-coordinator'" in m for m in messages)


def test_a_clash_names_both_files(write_yaml: Callable[..., Path]) -> None:
    first = write_yaml(minimal_document(), "first.yaml")
    changed = minimal_document()
    changed["roles"][1]["level"] = 3
    second = write_yaml(changed, "second.yaml")
    problems = problems_of([str(first), str(second)])
    (clash,) = [p for p in problems if "clashes" in p.message]
    assert str(first) in clash.message and str(second) in clash.message
    assert clash.file == str(second)
    assert clash.path == "roles[1]"
    assert clash.line is not None


def test_a_clash_with_the_builtin_ladder(write_yaml: Callable[..., Path]) -> None:
    ours = write_yaml({"skills": [{"id": "communication", "name": {"en": "Talking"}}]}, "ours.yaml")
    problems = problems_of(["builtin", str(ours)])
    (clash,) = problems
    assert "builtin" in clash.message and str(ours) in clash.message
    assert "skill 'communication'" in clash.message


def test_the_same_step_with_another_kind_clashes(write_yaml: Callable[..., Path]) -> None:
    first = write_yaml(minimal_document(), "first.yaml")
    second = write_yaml(
        {"steps": [{"from": "junior", "to": "senior", "kind": "lateral"}]}, "second.yaml"
    )
    (clash,) = problems_of([str(first), str(second)])
    assert "step 'junior -> senior' clashes" in clash.message


def test_identical_definitions_in_two_files_are_not_a_clash(
    write_yaml: Callable[..., Path],
) -> None:
    document = minimal_document()
    first = write_yaml(document, "first.yaml")
    repeat: dict[str, Any] = {"roles": document["roles"][:1], "steps": document["steps"]}
    second = write_yaml(repeat, "second.yaml")
    combined = load([str(first), str(second)])
    assert set(combined.roles) == {"junior", "senior"}
    assert len(combined.steps) == 1


def test_different_skill_scales_cannot_combine(write_yaml: Callable[..., Path]) -> None:
    other = minimal_document([("intern", 1)], [])
    other["skills"] = []
    other["roles"][0]["skills"] = []
    other["skill_scale"] = {"min": 0, "max": 10}
    ours = write_yaml(other, "ours.yaml")
    problems = problems_of(["builtin", str(ours)])
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.path, p.message) for p in errors] == [
        (
            "skill_scale.min",
            f"skill_scale.min is 0 in {ours} but 1 in builtin; "
            "files that combine must share the scale's bounds",
        ),
        (
            "skill_scale.max",
            f"skill_scale.max is 10 in {ours} but 5 in builtin; "
            "files that combine must share the scale's bounds",
        ),
    ]


def _extension_with_scale(write_yaml: Callable[..., Path], scale: dict[str, Any]) -> Path:
    path: Path = company_file(write_yaml)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return write_yaml({"skill_scale": scale, **document}, "ours.yaml")


def test_the_documented_scale_extends_the_builtin_ladder(
    write_yaml: Callable[..., Path], ladder: Ladder, run: Run
) -> None:
    # The built-in scale is 1-5 with a rubric and `editorial: true`; a file that declares the
    # plain 1-5 scale measures levels the same way.
    ours = _extension_with_scale(write_yaml, {"min": 1, "max": 5})
    combined = load(["builtin", str(ours)])
    assert set(combined.roles) == {*ladder.roles, ANALYST}
    assert combined.scale == ladder.scale  # the first file's scale, rubric and all
    outcome = run("--data", "builtin", "--data", str(ours), "show", ANALYST, "--json")
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr
    report = run("--data", "builtin", "validate", str(ours), "--json")
    assert report.json()["valid"] is True, report.stdout


def test_a_different_rubric_does_not_stop_files_combining(
    write_yaml: Callable[..., Path], ladder: Ladder
) -> None:
    ours = _extension_with_scale(
        write_yaml, {"min": 1, "max": 5, "rubric": {1: "Heard of it"}, "editorial": False}
    )
    assert ANALYST in load(["builtin", str(ours)]).roles


def test_a_different_bound_names_the_field(write_yaml: Callable[..., Path]) -> None:
    ours = _extension_with_scale(write_yaml, {"min": 1, "max": 7})
    errors = [p for p in problems_of(["builtin", str(ours)]) if p.severity == "error"]
    assert [(p.file, p.path) for p in errors] == [(str(ours), "skill_scale.max")]
    assert errors[0].message.startswith(f"skill_scale.max is 7 in {ours} but 5 in builtin")
    lines = ours.read_text(encoding="utf-8").splitlines()
    assert errors[0].line == 1 + next(i for i, text in enumerate(lines) if "max: 7" in text)


def test_the_same_file_twice_is_read_once(
    write_yaml: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write_yaml(minimal_document(), "tiny.yaml")
    monkeypatch.chdir(tmp_path)
    combined = load(["tiny.yaml", "./tiny.yaml", str(path)])
    assert set(combined.roles) == {"junior", "senior"}
    assert combined.files == ["tiny.yaml"]


def test_problems_in_several_files_are_all_reported(write_yaml: Callable[..., Path]) -> None:
    broken = minimal_document()
    broken["roles"][0]["level"] = "high"
    first = write_yaml(broken, "first.yaml")
    second = write_yaml(
        {"steps": [{"from": "junior", "to": "boss", "kind": "promotion"}]}, "b.yaml"
    )
    missing = str(Path(first).with_name("missing.yaml"))
    problems = problems_of([str(first), str(second), missing])
    assert {p.file for p in problems} == {str(first), str(second), missing}
