"""Requirements are validated before their roles, once for every way a file writes one: roles
that write a requirement alike share one instance; anything else (another value, type or
field, an invalid requirement) is validated, and reported, as the role's own validation does.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError

from careerpath.data.items import FileReport, _validation_problems, validate_document
from careerpath.data.load import check_document
from careerpath.data.models import Role, SkillRequirement
from careerpath.data.sources import Locator, SourceText
from careerpath.errors import InvalidDataset
from tests.conftest import minimal_document

WRITTEN = [
    {"skill": "communication", "level": 3},
    {"skill": "communication", "level": 3.0},
    {"skill": "communication", "level": "3"},
    {"skill": "communication", "level": 3, "essential": True},
    {"skill": "communication", "level": 3, "essential": False},
    {"skill": "communication", "level": 3, "importance": 2},
    {"skill": "communication", "level": 3, "level_se": 0.4},
    {"skill": "communication", "level": 3, "low_precision": False},
    {"skill": "communication"},
    {"skill": "leadership", "level": 3},
    {"level": 3, "skill": "communication"},
]


def document_of(requirements: list[Any]) -> dict[str, Any]:
    document = minimal_document(roles=[(f"r{n}", 3) for n in range(len(requirements))], steps=[])
    for role, requirement in zip(document["roles"], requirements, strict=True):
        role["skills"] = [requirement]
    document["importance_scale"] = {"min": 1, "max": 5}
    return document


def test_requirements_written_alike_are_one_instance_and_others_are_their_own() -> None:
    requirements = WRITTEN * 3
    ladder = check_document(document_of(copy.deepcopy(requirements)), "shared.json")
    loaded = [ladder.roles[f"r{n}"].skills[0] for n in range(len(requirements))]
    for requirement, value in zip(requirements, loaded, strict=True):
        plain = SkillRequirement.model_validate(requirement)
        assert value == plain and value.model_fields_set == plain.model_fields_set
        assert [type(getattr(value, f)) for f in SkillRequirement.model_fields] == [
            type(getattr(plain, f)) for f in SkillRequirement.model_fields
        ]
    for i, (one, first) in enumerate(zip(requirements, loaded, strict=True)):
        for other, second in zip(requirements[i + 1 :], loaded[i + 1 :], strict=True):
            alike = [(k, v, type(v)) for k, v in one.items()] == [
                (k, v, type(v)) for k, v in other.items()
            ]
            assert (first is second) == alike, (one, other)


BROKEN: list[Any] = [
    "communication",
    {"skill": "communication", "level": "high"},
    {"skill": "communication", "level": [3]},
    {"skill": "communication", "levle": 3},
    {"skill": "Not An Id", "level": 3},
    {"skill": "communication", "level": 3, "essential": {"yes": 1}},
    None,
]


@pytest.mark.parametrize("broken", BROKEN, ids=repr)
def test_an_invalid_requirement_is_reported_as_the_roles_own_validation_reports_it(
    broken: Any,
) -> None:
    document = minimal_document()
    # A requirement the other role shares comes first: it is validated (and kept) before the
    # broken one is met.
    document["roles"][0]["skills"] = [{"skill": "leadership", "level": 2}, broken]
    document["roles"][1]["skills"] = [{"skill": "leadership", "level": 2}]
    source = SourceText("broken.json", "", is_json=True)
    with pytest.raises(ValidationError) as plain:
        Role.model_validate(copy.deepcopy(document["roles"][0]))
    report = FileReport(source, Locator(source.text))
    expected = _validation_problems(report, plain.value, ("roles", 0))
    found, problems = validate_document(source, copy.deepcopy(document))
    assert problems == expected != []
    assert [item.value.id for item in found.items["roles"]] == ["senior"]
    assert found.broken_ids["roles"] == {"junior"}
    with pytest.raises(InvalidDataset):
        check_document(copy.deepcopy(document), "broken.json")
