"""plan and compare: figures checked against path, gap and a recomputation, on the built-in
ladder and on generated ladders with every shape real data has (importance weights,
essential/optional, level-less requirements, roles without skills or tools)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.models import Names, Role, SkillRequirement, SkillScale, Step, Tool
from careerpath.errors import NoPath, UsageError
from careerpath.queries.compare import compare_roles
from careerpath.queries.plan import PlanSkill, learning_order, make_plan
from careerpath.queries.routes import find_routes
from tests.conftest import Run

REP = "customer-service-representative"
VP = "vp-of-customer-experience"
LEAD = "customer-service-team-lead"
COORDINATOR = "customer-service-coordinator"
MANAGER = "customer-service-manager"

PAIRS = [
    (REP, VP),
    (REP, LEAD),
    (COORDINATOR, MANAGER),
    ("senior-customer-service-representative", VP),
]


def route_needs(path_json: dict[str, Any]) -> list[set[str]]:
    """The skills each move of ``path``'s first route asks to gain or raise."""
    moves = path_json["routes"][0]["moves"]
    return [
        {
            skill["id"]
            for skill in (*(move["skills_to_gain"] or []), *(move["skills_to_raise"] or []))
        }
        for move in moves
    ]


@pytest.mark.parametrize(("start", "goal"), PAIRS)
def test_plan_skills_are_the_routes_gains_and_raises_each_once(
    run: Run, start: str, goal: str
) -> None:
    plan = run("plan", start, goal, "--json").json()
    path = run("path", start, goal, "--json").json()
    along = run("gap", start, goal, "--along-route", "--json").json()["along_route"]
    needs = route_needs(path)
    legs = [
        {skill["id"] for skill in (*leg["skills_to_gain"], *leg["skills_to_raise"])}
        for leg in along["legs"]
    ]
    assert [role["id"] for role in plan["route"]] == [s["id"] for s in path["routes"][0]["steps"]]
    planned = [[skill["id"] for skill in move["skills"]] for move in plan["moves"]]
    flat = [skill for move in planned for skill in move]
    assert len(flat) == len(set(flat)), "a skill is named twice"
    assert set(flat) == set().union(*needs) == set().union(*legs)
    # Each skill sits at the first move that asks for it.
    for index, move in enumerate(planned):
        for skill in move:
            assert skill in needs[index]
            assert all(skill not in earlier for earlier in needs[:index])


def test_plan_goal_is_the_highest_level_the_route_asks(ladder: Ladder, run: Run) -> None:
    plan = run("plan", REP, VP, "--json").json()
    roles = [ladder.roles[ref["id"]] for ref in plan["route"]]
    start = roles[0].skill_levels()
    for move in plan["moves"]:
        for skill in move["skills"]:
            highest = max(role.skill_levels().get(skill["id"], 0) for role in roles[1:])
            assert skill["to"] == highest
            assert skill["from"] == start.get(skill["id"])
            later = [
                role for role in roles[move["number"] + 1 :] if skill["id"] in role.skill_levels()
            ]
            assert skill["needed_again"] == bool(later)


def test_plan_carries_over_what_the_start_holds_for_the_target(ladder: Ladder, run: Run) -> None:
    plan = run("plan", REP, LEAD, "--json").json()
    start, target = ladder.roles[REP].skill_levels(), ladder.roles[LEAD].skill_levels()
    expected = {skill for skill, level in start.items() if level > 0 and skill in target}
    carried = {skill["id"]: skill for skill in plan["carries_over"]}
    assert set(carried) == expected
    for skill_id, skill in carried.items():
        assert skill["met"] == (start[skill_id] >= target[skill_id])


def test_first_step_is_the_first_moves_smallest_climb(run: Run) -> None:
    plan = run("plan", REP, VP, "--json").json()
    first = plan["moves"][0]
    climbs = {s["id"]: s["to"] - (s["from"] or 0) for s in first["skills"]}
    assert plan["first_step"]["move"] == 1
    assert climbs[plan["first_step"]["skill"]] == min(climbs.values())
    shown = run("plan", REP, VP, env={"COLUMNS": "200"}).stdout
    name = next(s["name"] for s in first["skills"] if s["id"] == plan["first_step"]["skill"])
    assert f"Start here: {name}" in shown.splitlines()[1]


def test_have_changes_where_the_plan_starts(run: Run) -> None:
    plain = run("plan", REP, LEAD, "--json").json()
    mine = run("plan", REP, LEAD, "--have", "leadership=3,analytical=3", "--json").json()
    assert mine["from_you"] is True
    planned = {s["id"] for m in mine["moves"] for s in m["skills"]}
    before = {s["id"] for m in plain["moves"] for s in m["skills"]}
    assert "leadership" in before and "leadership" not in planned


def test_learning_order_puts_essential_important_and_reused_skills_first() -> None:
    def skill(ident: str, **facts: Any) -> PlanSkill:
        base: dict[str, Any] = {
            "id": ident,
            "name": ident,
            "description": None,
            "from_level": None,
            "to_level": 3.0,
            "levelled": True,
            "essential": None,
            "importance": None,
            "needed_again": False,
            "level_meaning": None,
        }
        return PlanSkill(**{**base, **facts})

    skills = [
        skill("optional", essential=False),
        skill("plain"),
        skill("reused", needed_again=True),
        skill("important", importance=4.5),
        skill("essential", essential=True),
        skill("bigger", to_level=5.0),
    ]
    order = [s.id for s in learning_order(skills)]
    assert order == ["essential", "important", "reused", "bigger", "plain", "optional"]


# --------------------------------------------------------------------------- generated ladders

SKILLS = ["a", "b", "c", "d", "e"]


@st.composite
def rich_ladders(draw: st.DrawFn) -> Ladder:
    """Ladders with importance weights, essential/optional and level-less requirements, and
    roles without skills or tools."""
    count = draw(st.integers(2, 6))
    roles = []
    for index in range(count):
        chosen = draw(st.lists(st.sampled_from(SKILLS), unique=True, max_size=4))
        requirements = [
            SkillRequirement(
                skill=skill,
                level=draw(st.one_of(st.none(), st.integers(1, 5))),
                importance=draw(st.one_of(st.none(), st.integers(1, 5))),
                essential=draw(st.one_of(st.none(), st.booleans())),
            )
            for skill in chosen
        ]
        tools = draw(st.lists(st.sampled_from(["Zendesk", "Jira"]), unique=True, max_size=2))
        roles.append(
            Role(
                id=f"role-{index}",
                title=Names(en=f"Role {index}"),
                level=draw(st.integers(1, 5)),
                skills=requirements,
                tools=[Tool(name=name, category="general") for name in tools],
            )
        )
    pairs = [(a, b) for a in range(count) for b in range(count) if a != b]
    present = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    steps = [
        Step(source_role=f"role-{a}", target_role=f"role-{b}", kind="promotion")
        for (a, b), keep in zip(pairs, present, strict=True)
        if keep
    ]
    importance = SkillScale(min=1, max=5)
    return Ladder(
        scale=SkillScale(min=1, max=5), roles=roles, steps=steps, importance_scale=importance
    )


@settings(max_examples=60, deadline=None)
@given(rich_ladders(), st.data())
def test_plan_agrees_with_the_route_on_generated_ladders(
    ladder: Ladder, data: st.DataObject
) -> None:
    ids = sorted(ladder.roles)
    source = ladder.roles[data.draw(st.sampled_from(ids))]
    target = ladder.roles[data.draw(st.sampled_from([i for i in ids if i != source.id]))]
    try:
        plan = make_plan(ladder, source, target)
    except NoPath:
        with pytest.raises(NoPath):
            find_routes(ladder, source, target, alternatives=0)
        return
    route = find_routes(ladder, source, target, alternatives=0).routes[0]
    assert plan.route is not None and plan.route.role_ids() == route.role_ids()
    # A move into a role without skills asks for what the data does not say: nothing to plan.
    needs = [
        {need.id for need in (*(step.demand.new_skills or ()), *(step.demand.raised_skills or ()))}
        for step in route.steps
    ]
    for move, step in zip(plan.moves, route.steps, strict=True):
        assert move.skills_known == (step.demand.new_skills is not None)
    planned = [[skill.id for skill in move.skills] for move in plan.moves]
    flat = [skill for move in planned for skill in move]
    assert len(flat) == len(set(flat))
    assert set(flat) == set().union(set(), *needs)
    for index, move in enumerate(planned):
        for skill_id in move:
            assert skill_id in needs[index] and all(skill_id not in n for n in needs[:index])
    # Within a move, the documented order holds pairwise.
    for move in plan.moves:
        assert move.skills == learning_order(move.skills)


# --------------------------------------------------------------------------- compare


def test_compare_readiness_is_gaps_figure_and_similarity_is_symmetric(
    ladder: Ladder, run: Run
) -> None:
    names = [REP, LEAD, COORDINATOR, MANAGER]
    document = run("compare", *names, "--json").json()
    for i, first in enumerate(names):
        for j, second in enumerate(names):
            if i == j:
                assert document["readiness"][i][j] == 1.0
                continue
            gap = run("gap", first, second, "--json").json()
            assert document["readiness"][i][j] == gap["readiness"]
            assert document["readiness_percent"][i][j] == gap["readiness_percent"]
            assert document["similarity"][i][j] == document["similarity"][j][i]


def test_compare_skill_rows_hold_each_roles_own_levels(ladder: Ladder) -> None:
    roles = [ladder.roles[REP], ladder.roles[LEAD]]
    comparison = compare_roles(ladder, roles)
    asked = set().union(*(role.skill_levels() for role in roles))
    assert {row.id for row in comparison.skills} == asked
    for row in comparison.skills:
        levels = [role.skill_levels().get(row.id) for role in roles]
        assert row.levels == levels
        assert row.differs == (len(set(levels)) > 1)
    # Differences come first.
    flags = [row.differs for row in comparison.skills]
    assert flags == sorted(flags, reverse=True)


def test_compare_similarity_is_similars_figure(run: Run) -> None:
    document = run("compare", REP, COORDINATOR, "--json").json()
    similar = run("similar", REP, "--limit", "50", "--json").json()
    figure = next(c["similarity"] for c in similar["candidates"] if c["id"] == COORDINATOR)
    assert document["similarity"][0][1] == pytest.approx(figure, abs=1e-4)


@pytest.mark.parametrize("names", [[REP], [REP, LEAD, COORDINATOR, MANAGER, VP, "product-manager"]])
def test_compare_takes_two_to_five_roles(run: Run, names: list[str]) -> None:
    result = run("compare", *names)
    assert result.exit_code == 2 and "2 to 5 roles" in result.stderr


def test_compare_refuses_a_role_named_twice(ladder: Ladder) -> None:
    with pytest.raises(UsageError, match="named twice"):
        compare_roles(ladder, [ladder.roles[REP], ladder.roles[REP]])


def test_unknown_or_ambiguous_roles_exit_1_with_candidates(run: Run) -> None:
    unknown = run("plan", "nosuchrole", VP)
    assert unknown.exit_code == 1 and "unknown role" in unknown.stderr
    ambiguous = run("compare", "manager", REP)
    assert ambiguous.exit_code == 1 and "matches several roles" in ambiguous.stderr


# --------------------------------------------------------------------------- markdown


def test_plan_markdown_has_a_heading_and_a_table_per_move(run: Run) -> None:
    document = run("plan", REP, VP, "--json").json()
    text = run("plan", REP, VP, "--format", "markdown").stdout
    headings = [line for line in text.splitlines() if line.startswith("## ") and "→" in line]
    assert len(headings) == len(document["moves"])
    with_skills = [move for move in document["moves"] if move["skills"]]
    separators = [line for line in text.splitlines() if line.startswith("| --- |")]
    assert len(separators) == len(with_skills)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(with_skills) + sum(len(m["skills"]) for m in with_skills)


def test_markdown_escapes_data_so_a_cell_stays_a_cell(run: Run, write_yaml: Any) -> None:
    from tests.conftest import minimal_document

    document = minimal_document()
    document["roles"][0]["title"] = {"en": "Lead | *Boss* <b>"}
    data = write_yaml(document)
    text = run(
        "--data",
        str(data),
        "compare",
        document["roles"][0]["id"],
        document["roles"][1]["id"],
        "--format",
        "markdown",
    ).stdout
    assert "Lead \\| \\*Boss\\* \\<b\\>" in text
    assert "<b>" not in text


def test_plan_json_is_one_document_and_the_same_in_every_language(run: Run) -> None:
    english = run("--lang", "en", "plan", REP, LEAD, "--json").json()
    finnish = run("--lang", "fi", "plan", REP, LEAD, "--json").json()

    def figures(document: Any) -> Any:
        return [
            [(s["id"], s["from"], s["to"], s["needed_again"]) for s in move["skills"]]
            for move in document["moves"]
        ]

    assert figures(english) == figures(finnish)
    assert json.dumps(english["first_step"]) == json.dumps(finnish["first_step"]) or (
        english["first_step"]["skill"] == finnish["first_step"]["skill"]
    )


def test_plan_and_compare_leave_jinja2_to_report(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src"
    script = (
        "import sys\n"
        "from careerpath.cli.app import app\n"
        "for args in (['plan', sys.argv[1], sys.argv[2]], ['compare', sys.argv[1], sys.argv[2]]):\n"
        "    try:\n"
        "        app(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('jinja2' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src), "CAREERPATH_CACHE_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script, REP, LEAD], env=env, capture_output=True, text=True
    )
    assert result.stderr.strip().splitlines()[-1] == "False", result.stderr
