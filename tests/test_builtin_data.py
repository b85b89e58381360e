"""The built-in dataset holds what the seed articles describe."""

from __future__ import annotations

from careerpath.data.ladder import Ladder
from careerpath.data.models import text_in
from careerpath.queries.names import find_role

NAMED_ROLES = [
    "customer service representative",
    "IT support technician",
    "senior customer service representative",
    "customer support specialist",
    "customer service coordinator",
    "CSAM",
    "senior account manager",
    "customer service team lead",
    "customer service manager",
    "director of customer support",
    "director of customer experience",
    "vp of customer experience",
    "customer success manager",
    "customer experience manager",
    "product manager",
]


def test_every_named_role_is_present(ladder: Ladder) -> None:
    found = {find_role(ladder, name).id for name in NAMED_ROLES}
    assert len(found) == len(NAMED_ROLES)
    tracks = {text_in(role.track, "en") for role in ladder.roles.values()}
    assert {"operations", "sales", "product"} <= tracks


def test_every_role_has_three_languages_and_a_source(ladder: Ladder) -> None:
    for role in ladder.roles.values():
        assert role.title.fi and role.title.nb, role.id
        assert role.sources, role.id
        assert role.summary, role.id
        assert role.skills, role.id
    for skill in ladder.skills.values():
        assert skill.name.fi and skill.name.nb and skill.description, skill.id


def test_levels_run_from_entry_to_vp(ladder: Ladder) -> None:
    assert min(r.level for r in ladder.roles.values()) == 1
    vp = find_role(ladder, "vp of customer experience")
    assert vp.level == max(r.level for r in ladder.roles.values()) == 7


def test_every_step_names_a_seed_and_promotions_go_up(ladder: Ladder) -> None:
    for step in ladder.steps:
        assert step.sources and all(s in ladder.sources for s in step.sources)
        source, target = ladder.roles[step.source_role], ladder.roles[step.target_role]
        if step.kind == "promotion":
            assert target.level > source.level, (source.id, target.id)
    kinds = {step.kind for step in ladder.steps}
    assert kinds == {"promotion", "lateral"}


def test_finnish_and_norwegian_tool_lists_both_kept(ladder: Ladder) -> None:
    csam = ladder.roles["customer-support-account-manager"]
    by_source = {
        source: {(text_in(t.category, "en"), t.name) for t in csam.tools if source in t.sources}
        for source in ("seed-000", "seed-001")
    }
    assert by_source["seed-000"] and by_source["seed-001"]
    assert by_source["seed-000"] != by_source["seed-001"]


def test_scale_is_declared_and_editorial(ladder: Ladder) -> None:
    assert (ladder.scale.min, ladder.scale.max) == (1, 5)
    assert ladder.scale.editorial
    assert set(ladder.scale.rubric) == set(range(1, 6))
