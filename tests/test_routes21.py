"""Issue 21: `path --by gap` ranks by the hardest step; every figure says what it is measured
from; route tables say a repeated fact once; `path`, `next` and `tree` take your skills."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from careerpath.data.ladder import Ladder
from careerpath.errors import NoPath
from careerpath.output.render import render_next, render_routes
from careerpath.queries.graph import build_graph
from careerpath.queries.routes import find_routes
from careerpath.queries.steps import next_steps
from tests.conftest import Run
from tests.test_routes_properties import (
    PROPERTY_SETTINGS,
    SKILLS,
    Case,
    cases,
    path_unknown,
    step_climbs,
)

REP = "customer-service-representative"
COORDINATOR = "customer-service-coordinator"
MANAGER = "customer-service-manager"
VP = "vp-of-customer-experience"


def text_of(renderable: Any, width: int = 120) -> str:
    console = Console(width=width, record=True, file=None, force_terminal=False, no_color=True)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def every_route(ladder: Ladder, source: str, target: str) -> list[list[str]]:
    return [list(p) for p in nx.all_simple_paths(build_graph(ladder), source, target)]


def by_hand(
    ladder: Ladder, path: list[str], start: dict[str, int] | None = None
) -> tuple[Any, ...]:
    """Where a route ranks by gap, from climbs worked out by hand: whether its climb is unknown
    in part, its hardest step, its total climb, its steps, its role ids."""
    climbs = step_climbs(ladder, path, start)
    return (path_unknown(ladder, path), max(climbs), sum(climbs), len(path) - 1, path)


# --------------------------------------------------------------------------- item 1


@PROPERTY_SETTINGS
@given(
    cases(),
    st.integers(0, 4),
    st.none() | st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=3),
)
def test_by_gap_the_first_route_has_the_smallest_hardest_step(
    case: Case, alternatives: int, have: dict[str, int] | None
) -> None:
    """Brute force over every simple path: the routes are the best by (hardest step, total
    climb, steps), in that order, measured from the start role's skills or from yours."""
    source, target = case.role(case.source), case.role(case.target)
    try:
        result = find_routes(
            case.ladder, source, target, by="gap", alternatives=alternatives, have=have
        )
    except NoPath:
        assert every_route(case.ladder, case.source, case.target) == []
        return
    start = None if have is None else {**source.skill_levels(), **have}
    every = sorted(
        by_hand(case.ladder, path, start)
        for path in every_route(case.ladder, case.source, case.target)
    )
    found = [by_hand(case.ladder, route.role_ids(), start) for route in result.routes]
    assert found == every[: len(found)]
    assert len(found) == min(len(every), alternatives + 1)
    for route, key in zip(result.routes, found, strict=True):
        if not key[0]:
            assert route.hardest_step == key[1]
            assert route.total_gap == key[2]


def test_representative_to_vp_by_gap_puts_the_route_without_a_cliff_first(
    run: Run, ladder: Ladder
) -> None:
    document = run("path", REP, VP, "--by", "gap", "--alternatives", "3", "--json").json()
    first = document["routes"][0]
    ids = [stop["id"] for stop in first["steps"]]
    hardest = {tuple(p): max(step_climbs(ladder, p)) for p in every_route(ladder, REP, VP)}
    assert first["hardest_step"] == max(step_climbs(ladder, ids)) == min(hardest.values())
    # Every route totals the same here: the old ranking by total climb could not choose.
    assert len({sum(step_climbs(ladder, list(p))) for p in hardest}) == 1
    by_steps = run("path", REP, VP, "--json").json()["routes"][0]
    assert by_steps["hardest_step"] > first["hardest_step"]
    climbs = [move["climb"] for move in first["moves"]]
    assert first["hardest_step_number"] == climbs.index(max(climbs)) + 1
    table = run("path", REP, VP, "--by", "gap", env={"COLUMNS": "200"}).stdout
    assert f"hardest step {first['hardest_step']} (step {first['hardest_step_number']})" in table


# --------------------------------------------------------------------------- item 2


def test_next_and_a_route_leg_say_what_their_figures_are_measured_from(run: Run) -> None:
    nexts = run("next", COORDINATOR, "--json").json()
    manager = next(c for c in nexts["candidates"] if c["id"] == MANAGER)
    gap = run("gap", COORDINATOR, MANAGER, "--json").json()
    # One pair, measured from the same skills: one figure.
    assert manager["readiness"] == gap["readiness"]
    assert manager["measured_from"] == nexts["measured_from"] == "role"
    along = run("gap", REP, MANAGER, "--along-route", "--json").json()["along_route"]
    legs = along["legs"]
    assert [leg["measured_from"] for leg in legs] == ["role"] + [
        f"after_step_{n}" for n in range(1, len(legs))
    ]
    second = legs[1]
    assert (second["from"]["id"], second["to"]["id"]) == (COORDINATOR, MANAGER)
    # The leg differs because it is measured from more than the coordinator holds.
    assert second["readiness"] != manager["readiness"]
    assert second["climb"] < manager["climb"]
    table = run("gap", REP, MANAGER, "--along-route", env={"COLUMNS": "200"}).stdout
    assert "measured from what you hold after step 1" in table
    assert "from the role's own skills" in run("next", COORDINATOR).stdout


def test_path_steps_are_measured_from_what_you_hold_by_then(run: Run, ladder: Ladder) -> None:
    document = run("path", REP, MANAGER, "--json").json()
    for route in document["routes"]:
        ids = [stop["id"] for stop in route["steps"]]
        moves = route["moves"]
        assert [m["climb"] for m in moves] == step_climbs(ladder, ids)
        assert [m["measured_from"] for m in moves][1:] == [
            f"after_step_{n}" for n in range(1, len(moves))
        ]
    text = run("path", REP, MANAGER, env={"COLUMNS": "200"}).stdout
    assert "from the start role's skills" in text
    assert "from what you hold after step 1" in text


# --------------------------------------------------------------------------- item 5


def test_later_routes_show_only_their_difference_from_route_one(ladder: Ladder) -> None:
    result = find_routes(ladder, ladder.roles[REP], ladder.roles[VP], by="gap", alternatives=3)
    first, second = result.routes[0].role_ids(), result.routes[1].role_ids()
    only_second = [ladder.roles[r].title.get("en") for r in second if r not in first]
    only_first = [ladder.roles[r].title.get("en") for r in first if r not in second]
    text = text_of(render_routes(result), width=200)
    blocks = re.split(r"\n(?=Route \d)", text)
    assert (
        f"as route 1, but via {', '.join(only_second)} instead of {', '.join(only_first)}"
        in (blocks[2])
    )
    # Route 2 does not print again the roles it shares with route 1 before where it differs.
    shared_start = next(i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b)
    for role_id in first[: shared_start - 1]:
        assert ladder.roles[role_id].title.get("en") + " (level" not in blocks[2]
    assert "gain 0 skills" not in text
    for block in blocks[1:]:
        assert block.count("the data does not say which tools") <= 1


def test_next_table_lists_every_name_with_all(ladder: Ladder) -> None:
    result = next_steps(ladder, ladder.roles[COORDINATOR])
    manager = next(c for c in result.candidates if c.role.id == MANAGER)
    names = [skill.name for skill in manager.demand.new_skills or ()]
    assert len(names) > 4
    short = text_of(render_next(result), width=400)
    whole = text_of(render_next(result, every=True), width=400)
    assert ", ".join(names[:4]) + f" and {len(names) - 4} more" in short
    assert ", ".join(names) not in short
    assert ", ".join(names) in whole


def test_next_in_a_pipe_lists_every_name(run: Run, ladder: Ladder) -> None:
    result = next_steps(ladder, ladder.roles[COORDINATOR])
    manager = next(c for c in result.candidates if c.role.id == MANAGER)
    names = [skill.name for skill in manager.demand.new_skills or ()]
    piped = run("next", COORDINATOR, env={"COLUMNS": "400"}).stdout
    assert ", ".join(names) in piped


# --------------------------------------------------------------------------- item 7


def test_path_with_your_skills_measures_and_ranks_from_them(run: Run, ladder: Ladder) -> None:
    have = {"communication": 5, "leadership": 4, "strategic-planning": 4}
    options = [arg for skill, level in have.items() for arg in ("--have", f"{skill}={level}")]
    document = run("path", REP, VP, "--by", "gap", "-n", "20", *options, "--json").json()
    assert document["measured_from"] == "profile"
    start = {**ladder.roles[REP].skill_levels(), **have}
    for route in document["routes"]:
        ids = [stop["id"] for stop in route["steps"]]
        assert [m["climb"] for m in route["moves"]] == step_climbs(ladder, ids, start)
        assert route["moves"][0]["measured_from"] == "profile"
    every = sorted(by_hand(ladder, p, start) for p in every_route(ladder, REP, VP))
    found = [by_hand(ladder, [s["id"] for s in r["steps"]], start) for r in document["routes"]]
    assert found == every[: len(found)]
    # The first step agrees with gap from the same skills.
    first = document["routes"][0]["moves"][0]
    gap = run("gap", REP, first["to"], *options, "--json").json()
    assert first["readiness"] == gap["readiness"]


def test_tree_with_your_skills_shows_readiness_as_gap_measures_it(run: Run) -> None:
    options = ["--have", "communication=5", "--have", "leadership=4"]
    tree = run("tree", "customer-service-team-lead", *options, "--json").json()
    assert tree["measured_from"] == "profile"
    nodes, pending = [], [tree["root"]]
    while pending:
        node = pending.pop()
        nodes.append(node)
        pending += node["children"]
    for node in {n["id"]: n for n in nodes}.values():
        gap = run("gap", "customer-service-team-lead", node["id"], *options, "--json").json()
        assert node["readiness"] == gap["readiness"], node["id"]
    plain_tree = run("tree", "customer-service-team-lead", "--json").json()
    assert plain_tree["root"]["readiness"] is None
    assert "ready" in run("tree", "customer-service-team-lead", *options).stdout
