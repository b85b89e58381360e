"""The rules in ``queries/measure.py`` behind item 2 and 3 of issue 20, on their own: which of a
role's skills a figure counts, and when two measured levels are the same level."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from careerpath.data.models import Names, Role, SkillRequirement, SkillScale
from careerpath.queries.measure import (
    climb,
    compare_skills,
    counted_need,
    importance_line,
    margin,
    reach,
    readiness,
)

SKILLS = ("listening", "writing", "selling")


def test_the_importance_line_is_3_on_onets_scale_and_half_way_up_any_other() -> None:
    assert importance_line(SkillScale(min=1, max=5)) == 3
    assert importance_line(SkillScale(min=0, max=100)) == 50
    assert importance_line(SkillScale(min=1, max=5), all_skills=True) is None
    assert importance_line(None) is None


def test_counted_need_leaves_out_the_skills_below_the_line_and_keeps_the_unrated() -> None:
    role = Role(
        id="r",
        title=Names(en="R"),
        level=2,
        skills=[
            SkillRequirement(skill="listening", level=4, importance=4.5, level_se=0.1),
            SkillRequirement(skill="writing", level=2.5, importance=2.99),
            SkillRequirement(skill="selling", level=3, importance=3),
            SkillRequirement(skill="typing", level=1),  # no importance given: counted
        ],
    )
    need = counted_need(role, 3)
    assert need.levels == {"listening": 4, "selling": 3, "typing": 1}
    assert need.weights == {"listening": 4.5, "selling": 3.0}
    assert (need.errors, need.left_out, need.rated) == ({"listening": 0.1}, ("writing",), True)
    assert set(counted_need(role).levels) == {"listening", "writing", "selling", "typing"}
    assert counted_need(Role(id="x", title=Names(en="X"), level=1)).rated is False


def test_the_margin_is_the_95_percent_margin_of_a_difference() -> None:
    assert margin(0.3, 0.4) == 1.96 * 0.5
    assert margin(None, 0.25) == 1.96 * 0.25  # a level you give is exact
    assert margin(None, None) == 0


def test_a_shortfall_inside_the_margin_is_met_by_hand() -> None:
    have, need = {"listening": 3.0, "writing": 2.0}, {"listening": 3.4, "writing": 3.0}
    margins = {"listening": 0.5, "writing": 0.5}
    # listening: 0.4 short, inside 0.5: met; writing: 1.0 short: 2 of 3 met.
    assert readiness(have, need, None, margins) == (3.4 + 2.0) / (3.4 + 3.0)
    assert climb(have, need, None, margins) == 1.0
    changes = {c.skill: c.change for c in compare_skills(have, need, None, margins)}
    assert changes == {"listening": "same", "writing": "raise"}


levels = st.dictionaries(
    st.sampled_from(SKILLS), st.floats(0, 7, allow_nan=False).map(lambda x: round(x, 2))
)
errors = st.dictionaries(st.sampled_from(SKILLS), st.floats(0, 1).map(lambda x: round(x, 3)))


@given(levels, levels, errors)
def test_margins_never_lower_readiness_nor_raise_the_climb(
    have: dict[str, float], need: dict[str, float], margins: dict[str, float]
) -> None:
    plain = readiness(have, need)
    within = readiness(have, need, None, margins)
    if plain is None or within is None:
        assert plain is within is None
        return
    assert within >= plain - 1e-12
    assert climb(have, need, None, margins) <= climb(have, need) + 1e-12
    # Without margins, or with margins of 0, the figures are what they always were.
    zero = dict.fromkeys(SKILLS, 0.0)
    assert readiness(have, need, None, zero) == plain
    assert climb(have, need, None, zero) == climb(have, need)
    for change in compare_skills(have, need, None, margins):
        if change.change == "same":
            assert change.from_level is not None and change.to_level is not None
            assert 0 < change.to_level - change.from_level <= margins[change.skill]


@given(levels, errors, levels, errors)
def test_reaching_a_role_keeps_the_higher_level_and_its_standard_error(
    have: dict[str, float],
    held_errors: dict[str, float],
    need_levels: dict[str, float],
    need_errors: dict[str, float],
) -> None:
    from careerpath.queries.measure import Need

    need = Need(need_levels, {}, need_errors)
    reached, reached_errors, gained = reach(have, held_errors, need)
    assert gained == climb(have, need_levels, None, need.margins(held_errors))
    for skill, level in need_levels.items():
        assert reached[skill] == max(have.get(skill, 0), level)
        source = need_errors if level > have.get(skill, 0) else held_errors
        assert reached_errors.get(skill) == source.get(skill)
    assert all(math.isfinite(value) for value in reached.values())
