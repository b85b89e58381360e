"""Fuzzing the queries: generated ladders, role names, profiles and --have strings.

Every query on every generated input must end in an answer or one of careerpath's own errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.models import Role, Skill, SkillRequirement, SkillScale, Step
from careerpath.errors import CareerpathError
from careerpath.queries.catalog import role_card
from careerpath.queries.gaps import skill_gap
from careerpath.queries.profile import parse_have, your_profile
from careerpath.queries.routes import find_routes
from careerpath.queries.steps import next_steps, role_tree

SKILLS = [f"s{i}" for i in range(6)]


@st.composite
def ladders(draw: st.DrawFn) -> Ladder:
    """A random ladder: up to 9 roles, any steps (cycles included), random skill needs."""
    count = draw(st.integers(min_value=1, max_value=9))
    scale = SkillScale(min=0, max=draw(st.integers(min_value=1, max_value=7)))
    roles = []
    for index in range(count):
        needs = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(0, scale.max)))
        roles.append(
            Role.model_validate(
                {
                    "id": f"r{index}",
                    "title": {
                        "en": draw(st.sampled_from(["Lead", "Agent", "Ägent", f"R {index}"]))
                    },
                    "level": draw(st.integers(min_value=0, max_value=8)),
                    "skills": [SkillRequirement(skill=s, level=v) for s, v in needs.items()],
                    "tools": [
                        {"name": name, "category": "crm"}
                        for name in draw(st.lists(st.sampled_from(["A", "b", "B"]), unique=True))
                    ],
                }
            )
        )
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(
                lambda p: p[0] != p[1]
            ),
            unique=True,
            max_size=count * 3,
        )
    )
    steps = [
        Step.model_validate(
            {
                "from": f"r{a}",
                "to": f"r{b}",
                "kind": draw(st.sampled_from(["promotion", "lateral"])),
            }
        )
        for a, b in pairs
    ]
    skills = [Skill.model_validate({"id": s, "name": {"en": s.upper()}}) for s in SKILLS]
    return Ladder(scale=scale, roles=roles, skills=skills, steps=steps)


def _ask_everything(ladder: Ladder, data: st.DataObject) -> None:
    roles = list(ladder.roles.values())
    source = data.draw(st.sampled_from(roles))
    target = data.draw(st.sampled_from(roles))
    avoid = data.draw(st.lists(st.sampled_from(roles), max_size=2))
    calls: list[Any] = [
        lambda: find_routes(
            ladder,
            source,
            target,
            by=data.draw(st.sampled_from(["steps", "gap"])),
            alternatives=data.draw(st.integers(0, 4)),
            via=data.draw(st.none() | st.sampled_from(roles)),
            avoid=avoid,
            promotions_only=data.draw(st.booleans()),
        ),
        lambda: next_steps(ladder, source, "fi"),
        lambda: role_tree(ladder, source, up=data.draw(st.booleans())),
        lambda: skill_gap(ladder, source, target, along_route=True),
        lambda: skill_gap(ladder, None, target, have={"s0": 1}, known_tools={"a"}),
        lambda: role_card(ladder, source, "nb"),
    ]
    for call in calls:
        try:
            result = call()
        except CareerpathError:
            continue
        assert isinstance(result.to_json(), dict)


@given(ladder=ladders(), data=st.data())
@settings(max_examples=250)
def test_every_query_on_generated_ladders(ladder: Ladder, data: st.DataObject) -> None:
    _ask_everything(ladder, data)


@given(text=st.text(alphabet="=,: s0123456789-\tviestintä", max_size=40))
@settings(max_examples=300)
def test_have_strings_parse_or_fail_cleanly(ladder: Ladder, text: str) -> None:
    try:
        levels = parse_have(ladder, text)
    except CareerpathError:
        return
    assert all(skill in ladder.skills for skill in levels)
    assert all(ladder.scale.min <= level <= ladder.scale.max for level in levels.values())


profile_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 9) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    document=st.fixed_dictionaries(
        {},
        optional={
            "role": st.sampled_from(["team lead", "csam", "nobody", 3]) | profile_values,
            "skills": st.dictionaries(
                st.sampled_from(["communication", "empatia", "leadershp", "x"]),
                st.integers(-1, 7) | profile_values,
            )
            | profile_values,
            "tools": st.lists(st.sampled_from(["Zendesk", "Five9"]) | profile_values)
            | profile_values,
            "extra": profile_values,
        },
    )
)
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_profiles_load_or_fail_cleanly(ladder: Ladder, tmp_path: Path, document: Any) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        profile = your_profile(ladder, path)
    except CareerpathError:
        return
    assert profile is not None
    assert all(skill in ladder.skills for skill in profile.skills)
