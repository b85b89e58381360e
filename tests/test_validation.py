"""Each validation rule, shown failing on a file broken in exactly that way."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careerpath.data.load import load
from careerpath.errors import InvalidDataset, Problem
from tests.conftest import Run, minimal_document


def problems_of(write_yaml: Callable[..., Path], document: Any) -> list[Problem]:
    path = write_yaml(document)
    with pytest.raises(InvalidDataset) as caught:
        load([str(path)])
    return caught.value.problems


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(minimal_document())
    change(document)
    return document


def test_minimal_document_is_valid(write_yaml: Callable[..., Path]) -> None:
    ladder = load([str(write_yaml(minimal_document()))])
    assert set(ladder.roles) == {"junior", "senior"}
    assert [(s.source_role, s.target_role) for s in ladder.steps] == [("junior", "senior")]


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "duplicate role id": (
        lambda d: d["roles"].append(copy.deepcopy(d["roles"][0])),
        "roles[2]",
        "duplicate role 'junior'",
    ),
    "duplicate skill id": (
        lambda d: d["skills"].append({"id": "leadership", "name": {"en": "Lead"}}),
        "skills[2]",
        "duplicate skill 'leadership'",
    ),
    "step to unknown role": (
        lambda d: d["steps"].append({"from": "senior", "to": "seniorr", "kind": "promotion"}),
        "steps[1].to",
        "unknown role 'seniorr'; did you mean 'senior'?",
    ),
    "unknown skill reference": (
        lambda d: d["roles"][0]["skills"].append({"skill": "comunication", "level": 2}),
        "roles[0].skills[2].skill",
        "unknown skill 'comunication'; did you mean 'communication'?",
    ),
    "level above the scale": (
        lambda d: d["roles"][1]["skills"][0].update(level=9),
        "roles[1].skills[0].level",
        "outside the skill scale 1..5",
    ),
    "level below the scale": (
        lambda d: d["roles"][1]["skills"][0].update(level=0),
        "roles[1].skills[0].level",
        "outside the skill scale 1..5",
    ),
    "self-loop": (
        lambda d: d["steps"].append({"from": "senior", "to": "senior", "kind": "lateral"}),
        "steps[1]",
        "step from 'senior' to itself",
    ),
    "empty title": (
        lambda d: d["roles"][0]["title"].update(en="   "),
        "roles[0].title.en",
        "must not be empty",
    ),
    "escape sequence in a title": (
        lambda d: d["roles"][0]["title"].update(en="Lead\x1b[31m"),
        "roles[0].title.en",
        "U+001B",
    ),
    "bidirectional override in a summary": (
        lambda d: d["roles"][0].update(summary="abc\u202edef"),
        "roles[0].summary",
        "U+202E",
    ),
    "unknown field": (
        lambda d: d["roles"][0].update(salary=5),
        "roles[0].salary",
        "unknown field",
    ),
    "missing required field": (
        lambda d: d["roles"][0].pop("level"),
        "roles[0].level",
        "required field is missing",
    ),
    "wrong type": (
        lambda d: d["roles"][0].update(level="high"),
        "roles[0].level",
        "integer",
    ),
    "unknown step kind": (
        lambda d: d["steps"][0].update(kind="sideways"),
        "steps[0].kind",
        "'promotion', 'lateral' or 'related'",
    ),
    "bad id": (
        lambda d: d["skills"][0].update(id="Has Spaces"),
        "skills[0].id",
        "should match pattern",
    ),
    "no scale": (lambda d: d.pop("skill_scale"), "", "no skill_scale declared"),
    "scale upside down": (
        lambda d: d.update(skill_scale={"min": 5, "max": 1}),
        "skill_scale",
        "min (5) must be below max (1)",
    ),
    "duplicate step": (
        lambda d: d["steps"].append({"from": "junior", "to": "senior", "kind": "lateral"}),
        "steps[1]",
        "duplicate step 'junior -> senior'",
    ),
    "skill listed twice in a role": (
        lambda d: d["roles"][0]["skills"].append({"skill": "leadership", "level": 1}),
        "roles[0].skills[2]",
        "listed twice",
    ),
    "salary range reversed": (
        lambda d: d["roles"][0].update(
            salaries=[{"city": "Oslo", "currency": "NOK", "low": 9, "high": 1}]
        ),
        "roles[0].salaries[0]",
        "low (9) is above high (1)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_reports_its_location(write_yaml: Callable[..., Path], case: str) -> None:
    change, path, message = CASES[case]
    problems = problems_of(write_yaml, broken(change))
    matching = [p for p in problems if p.path == path and message in p.message]
    assert matching, f"expected {path}: {message}; got {[str(p) for p in problems]}"
    assert all(p.file and p.file.endswith("data.yaml") for p in problems)


def test_line_and_column_point_at_the_value(write_yaml: Callable[..., Path]) -> None:
    text = (
        "skill_scale: {min: 1, max: 5}\n"
        "skills: [{id: a, name: {en: A}}]\n"
        "roles:\n"
        "  - id: r\n"
        "    title: {en: R}\n"
        "    level: 1\n"
        "    skills:\n"
        "      - skill: a\n"
        "        level: 7\n"
    )
    (problem,) = problems_of(write_yaml, text)
    assert (problem.line, problem.column) == (9, 16)
    assert problem.path == "roles[0].skills[0].level"


def test_five_mistakes_give_five_located_problems(
    write_yaml: Callable[..., Path], run: Run
) -> None:
    def five(d: dict[str, Any]) -> None:
        d["roles"][0]["skills"][0]["level"] = 12
        d["roles"][1]["title"]["en"] = ""
        d["roles"].append(copy.deepcopy(d["roles"][0]))
        d["steps"].append({"from": "junior", "to": "ghost", "kind": "promotion"})
        d["steps"].append({"from": "senior", "to": "senior", "kind": "lateral"})

    path = write_yaml(broken(five))
    outcome = run("--data", str(path), "roles")
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    located = [line for line in outcome.stderr.splitlines() if line.startswith("error: ")]
    problems = [line for line in located if "data.yaml:" in line]
    assert len(problems) >= 5, outcome.stderr
    for fragment in (
        "roles[0].skills[0].level",
        "roles[1].title.en",
        "roles[2]",
        "steps[1].to",
        "steps[2]",
    ):
        assert any(fragment in line for line in problems), fragment
    assert "Traceback" not in outcome.stderr


def test_a_broken_item_does_not_hide_other_problems(write_yaml: Callable[..., Path]) -> None:
    def two(d: dict[str, Any]) -> None:
        d["roles"][0]["level"] = "x"  # this role fails validation...
        d["steps"].append({"from": "junior", "to": "nowhere", "kind": "promotion"})

    problems = problems_of(write_yaml, broken(two))
    paths = {p.path for p in problems}
    assert "roles[0].level" in paths
    assert "steps[1].to" in paths
    # ...but its id still counts as declared, so the first step is not reported as dangling
    assert "steps[0].from" not in paths


def test_top_level_must_be_a_mapping(write_yaml: Callable[..., Path]) -> None:
    (problem,) = problems_of(write_yaml, "- a\n- b\n")
    assert "top level is a list" in problem.message


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(InvalidDataset) as caught:
        load([str(tmp_path / "nope.yaml")])
    assert caught.value.problems[0].message == "no such file"


def test_equal_skill_requirements_are_shared(write_yaml: Callable[..., Path]) -> None:
    document = minimal_document(roles=(("a", 2), ("b", 2), ("c", 3)), steps=())
    ladder = load([str(write_yaml(document))], cache=False)
    a, b, c = (ladder.roles[i].skills for i in "abc")
    assert a[0] is b[0] and a[1] is b[1]  # same skill at the same level: one object
    assert a[1] is not c[1] and c[1].level == 3
    assert a[0].model_dump(exclude_unset=True) == {"skill": "communication", "level": 3}
