"""`path`, `next` and `tree` on the built-in ladder and small fixtures: answers, JSON, exits."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rich.console import Console

import careerpath.queries.routes as routes_module
from careerpath.data.ladder import Ladder
from careerpath.data.models import (
    ListedStepKind,
    Names,
    Role,
    SkillRequirement,
    SkillScale,
    Step,
    StepKind,
    Tool,
)
from careerpath.errors import NoPath, UsageError
from careerpath.output.render import render_next, render_routes, render_tree
from careerpath.queries.graph import build_graph
from careerpath.queries.measure import readiness
from careerpath.queries.routes import find_routes
from careerpath.queries.steps import MAX_TREE_DEPTH, next_steps, role_tree
from tests.conftest import Run, minimal_document

REP = "customer service representative"
VP = "vp of customer experience"
WriteYaml = Callable[..., Path]


def role_ids(route: dict[str, Any]) -> list[str]:
    return [stop["id"] for stop in route["steps"]]


def text_of(renderable: Any) -> str:
    console = Console(width=120, record=True, file=None, force_terminal=False, no_color=True)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def cyclic_document() -> dict[str, Any]:
    """junior → senior → lead → junior: a ladder with a cycle."""
    levels = {"junior": 1, "senior": 2, "lead": 3}
    return {
        "name": "cycle",
        "skill_scale": {"min": 1, "max": 5},
        "skills": [{"id": "communication", "name": {"en": "Communication"}}],
        "roles": [
            {
                "id": role_id,
                "title": {"en": role_id.title()},
                "level": level,
                "skills": [{"skill": "communication", "level": level}],
            }
            for role_id, level in levels.items()
        ],
        "steps": [
            {"from": "junior", "to": "senior", "kind": "promotion"},
            {"from": "senior", "to": "lead", "kind": "promotion"},
            {"from": "lead", "to": "junior", "kind": "lateral"},
        ],
    }


# --------------------------------------------------------------------------- path


def test_representative_to_vp_ranks_routes_through_both_ladders(run: Run, ladder: Ladder) -> None:
    outcome = run("path", REP, VP, "--alternatives", "5", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    document = outcome.json()
    assert document["from"]["id"] == "customer-service-representative"
    assert document["to"]["id"] == "vp-of-customer-experience"
    routes = [role_ids(route) for route in document["routes"]]
    assert len(routes) == 6
    team_lead_ladder = [r for r in routes if "senior-customer-service-representative" in r]
    assert any("customer-service-team-lead" in r for r in team_lead_ladder)
    csam_ladder = [
        r
        for r in routes
        if {"customer-support-specialist", "customer-support-account-manager"} <= set(r)
    ]
    assert csam_ladder, routes
    graph = build_graph(ladder)
    shortest = nx.shortest_path_length(graph, routes[0][0], routes[0][-1])
    assert len(routes[0]) - 1 == shortest
    lengths = [len(r) for r in routes]
    assert lengths == sorted(lengths)


def test_path_json_shape(run: Run, ladder: Ladder) -> None:
    document = run("path", REP, VP, "--json").json()
    assert {"from", "to", "by", "routes"} <= document.keys()
    assert document["by"] == "steps"
    assert set(document["from"]) >= {"id", "title"}
    assert len(document["routes"]) == 3  # the best and two alternatives by default
    kinds = {(s.source_role, s.target_role): s.kind for s in ladder.steps}
    for route in document["routes"]:
        assert all(set(stop) >= {"id", "title", "level"} for stop in route["steps"])
        ids = role_ids(route)
        assert route["kinds"] == [kinds[edge] for edge in pairwise(ids)]
        assert route["total_gap"] == sum(move["climb"] for move in route["moves"])
        for stop in route["steps"]:
            role = ladder.roles[stop["id"]]
            assert (stop["title"], stop["level"]) == (role.title.en, role.level)


def test_path_by_gap_puts_the_easiest_route_first(run: Run) -> None:
    by_gap = run("path", REP, VP, "--by", "gap", "--alternatives", "5", "--json").json()
    by_steps = run("path", REP, VP, "--alternatives", "5", "--json").json()
    gaps = [route["total_gap"] for route in by_gap["routes"]]
    assert by_gap["by"] == "gap"
    assert gaps == sorted(gaps)
    assert gaps[0] <= min(route["total_gap"] for route in by_steps["routes"])


def test_path_step_summary_counts_skills_and_tools(ladder: Ladder) -> None:
    source = ladder.roles["customer-service-representative"]
    target = ladder.roles["customer-service-coordinator"]
    (route,) = find_routes(ladder, source, target, alternatives=0).routes
    (step,) = route.steps
    need, have = target.skill_levels(), source.skill_levels()
    assert {s.id for s in step.demand.new_skills} == set(need) - set(have)
    assert {s.id for s in step.demand.raised_skills} == {
        skill for skill, level in need.items() if 0 < have.get(skill, 0) < level
    }
    # The representative's card lists no tools: which of the coordinator's are new is unknown,
    # not "all of them".
    assert not source.tools and target.tools
    assert step.demand.tools_to_learn is None and route.tools_to_learn is None
    assert any("does not say which tools" in note for note in step.demand.notes)


def test_path_via_avoid_and_promotions_only(run: Run) -> None:
    via = run("path", REP, VP, "--via", "team lead", "--json").json()
    assert via["via"]["id"] == "customer-service-team-lead"
    assert all("customer-service-team-lead" in role_ids(r) for r in via["routes"])
    avoid = run(
        "path", REP, VP, "--avoid", "coordinator", "--avoid", "team lead", "-n", "9", "--json"
    ).json()
    assert avoid["routes"]
    for route in avoid["routes"]:
        assert not {"customer-service-coordinator", "customer-service-team-lead"} & set(
            role_ids(route)
        )
    promoted = run("path", REP, VP, "--promotions-only", "-n", "9", "--json").json()
    assert all(set(route["kinds"]) == {"promotion"} for route in promoted["routes"])


def test_path_table_shows_ranked_routes(run: Run) -> None:
    outcome = run("path", REP, VP, env={"COLUMNS": "120"})
    assert outcome.exit_code == 0, outcome.stderr
    for label in ("Route 1", "Route 2", "Route 3", "Customer Service Coordinator", "climb"):
        assert label in outcome.stdout
    assert "Route 4" not in outcome.stdout
    assert outcome.stderr == ""


def test_route_to_a_role_below_fails_with_the_reason(run: Run, ladder: Ladder) -> None:
    outcome = run("path", "customer service manager", REP)
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert "below" in outcome.stderr
    with pytest.raises(NoPath) as raised:
        find_routes(
            ladder,
            ladder.roles["customer-service-manager"],
            ladder.roles["customer-service-representative"],
        )
    reachable = nx.descendants(build_graph(ladder), "customer-service-manager")
    assert raised.value.nearest
    assert {role_id for role_id, _ in raised.value.nearest} <= reachable
    for _, title in raised.value.nearest:
        assert title in " ".join(outcome.stderr.split())


def test_no_route_names_the_constraint(run: Run) -> None:
    lateral_only = run("path", REP, "product manager", "--promotions-only")
    assert lateral_only.exit_code == 1
    assert "lateral" in lateral_only.stderr
    blocked = run("path", REP, VP, "--avoid", "customer service manager")
    assert blocked.exit_code == 1
    assert "avoided" in blocked.stderr
    sideways = run("path", "it support technician", "sales representative")
    assert sideways.exit_code == 1
    assert "nothing leads" in sideways.stderr


def test_same_start_and_destination_exits_zero(run: Run) -> None:
    outcome = run("path", "csm", "customer service manager")
    assert outcome.exit_code == 0
    assert "both the start and the destination" in outcome.stdout
    document = run("path", "csm", "csm", "--json").json()
    assert document["routes"] == []
    assert document["note"]


def test_path_usage_errors(run: Run) -> None:
    avoid_start = run("path", REP, VP, "--avoid", REP)
    assert avoid_start.exit_code == 2
    assert "cannot avoid" in avoid_start.stderr
    assert run("path", REP, VP, "--alternatives", "-1").exit_code == 2
    assert run("path", REP, VP, "--by", "salary").exit_code == 2
    unknown = run("path", REP, "vp of custmer experience")
    assert unknown.exit_code == 1
    assert "did you mean" in unknown.stderr


def test_path_titles_follow_the_language(run: Run, ladder: Ladder) -> None:
    document = run("--lang", "fi", "path", "asiakaspalvelija", VP, "--json").json()
    assert document["to"]["title"] == ladder.roles["vp-of-customer-experience"].title.fi
    first = document["routes"][0]["steps"][0]
    assert first["title"] == "Asiakaspalvelija"


def test_path_and_tree_write_svg(run: Run, tmp_path: Path) -> None:
    for args in (("path", REP, VP), ("tree", "coordinator")):
        image = tmp_path / f"{args[0]}.svg"
        outcome = run(*args, "--svg", str(image))
        assert outcome.exit_code == 0, outcome.stderr
        assert image.read_text(encoding="utf-8").startswith("<svg")


def test_library_rejects_bad_options(ladder: Ladder) -> None:
    rep, vp = ladder.roles["customer-service-representative"], ladder.roles[VP.replace(" ", "-")]
    with pytest.raises(UsageError):
        find_routes(ladder, rep, vp, alternatives=21)
    with pytest.raises(UsageError):
        find_routes(ladder, rep, vp, avoid=[vp])
    with pytest.raises(UsageError):
        find_routes(ladder, rep, vp, by="salary")  # type: ignore[arg-type]


def layered_ladder(layers: int, width: int) -> Ladder:
    """Every role of one layer steps to every role of the next: width ** (layers - 2) paths."""
    roles = [
        Role(
            id=f"r{layer}-{slot}",
            title=Names(en=f"Role {layer}.{slot}"),
            level=layer + 1,
            skills=[SkillRequirement(skill="craft", level=1 + (layer + slot) % 5)],
        )
        for layer in range(layers)
        for slot in range(width if 0 < layer < layers - 1 else 1)
    ]
    by_layer: dict[int, list[str]] = {}
    for role in roles:
        by_layer.setdefault(role.level - 1, []).append(role.id)
    steps = [
        Step(source_role=a, target_role=b, kind="promotion")
        for layer in range(layers - 1)
        for a in by_layer[layer]
        for b in by_layer[layer + 1]
    ]
    return Ladder(scale=SkillScale(min=1, max=5), roles=roles, steps=steps)


def test_route_search_draws_only_a_few_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten million simple paths: the search takes the first few from a lazy generator."""
    ladder = layered_ladder(layers=12, width=5)
    drawn = 0
    real = nx.shortest_simple_paths

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal drawn
        for path in real(*args, **kwargs):
            drawn += 1
            yield path

    monkeypatch.setattr(nx, "shortest_simple_paths", counting)
    source, target = ladder.roles["r0-0"], ladder.roles["r11-0"]
    for by in ("steps", "gap"):
        result = find_routes(ladder, source, target, by=by, alternatives=2)  # type: ignore[arg-type]
        assert len(result.routes) == 3
    assert 0 < drawn <= 2 * (3 + 5)
    via = find_routes(ladder, source, target, via=ladder.roles["r6-2"], alternatives=2)
    assert all("r6-2" in route.role_ids() for route in via.routes)


def chain_ladder(steps: list[tuple[str, str]]) -> Ladder:
    """Roles named by the steps, all at level 1 with no skills: routes rank by steps alone."""
    ids = sorted({role_id for step in steps for role_id in step})
    return Ladder(
        scale=SkillScale(min=1, max=5),
        roles=[Role(id=i, title=Names(en=i.upper()), level=1) for i in ids],
        steps=[Step(source_role=a, target_role=b, kind="promotion") for a, b in steps],
    )


def test_via_finds_the_best_route_when_the_shortest_first_half_blocks_the_rest() -> None:
    # The shortest way to v (through a) uses the role the short way on to t needs; the longer
    # way to v (through b and c) leaves it free, and wins overall: 5 steps against 6.
    ladder = chain_ladder(
        [
            ("s", "a"), ("a", "v"), ("s", "b"), ("b", "c"), ("c", "v"),
            ("v", "a"), ("a", "t"), ("v", "d"), ("d", "e"), ("e", "f"), ("f", "t"),
        ]
    )  # fmt: skip
    roles = ladder.roles
    best = find_routes(ladder, roles["s"], roles["t"], via=roles["v"], alternatives=0)
    assert [route.role_ids() for route in best.routes] == [["s", "b", "c", "v", "a", "t"]]
    both = find_routes(ladder, roles["s"], roles["t"], via=roles["v"], alternatives=1)
    assert [route.role_ids() for route in both.routes] == [
        ["s", "b", "c", "v", "a", "t"],
        ["s", "a", "v", "d", "e", "f", "t"],
    ]


def test_search_budget_bounds_the_work_for_alternatives(monkeypatch: pytest.MonkeyPatch) -> None:
    ladder = layered_ladder(layers=12, width=5)
    source, target = ladder.roles["r0-0"], ladder.roles["r11-0"]
    monkeypatch.setattr(routes_module, "SEARCH_BUDGET", 20)
    result = find_routes(ladder, source, target, alternatives=2)
    assert 1 <= len(result.routes) < 3
    assert result.note is not None and "stopped looking" in result.note
    assert result.routes[0].length == 11  # the best route is always found
    monkeypatch.undo()
    assert find_routes(ladder, source, target, alternatives=2).note is None


# --------------------------------------------------------------------------- next


def test_coordinator_next_steps_include_its_lateral_moves(run: Run, ladder: Ladder) -> None:
    outcome = run("next", "coordinator", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    document = outcome.json()
    assert document["role"]["id"] == "customer-service-coordinator"
    candidates = document["candidates"]
    steps = ladder.steps_from("customer-service-coordinator")
    assert {c["id"] for c in candidates} == {s.target_role for s in steps}
    laterals = {s.target_role for s in steps if s.kind == "lateral"}
    assert laterals
    assert {c["id"] for c in candidates if c["kind"] == "lateral"} == laterals
    assert {c["id"] for c in candidates if c["kind"] == "promotion"} == (
        {s.target_role for s in steps} - laterals
    )


def test_next_ranks_by_readiness_with_its_figures(run: Run, ladder: Ladder) -> None:
    document = run("next", "customer service representative", "--json").json()
    have = ladder.roles["customer-service-representative"].skill_levels()
    shares = [c["readiness"] for c in document["candidates"]]
    assert shares == sorted(shares, reverse=True)
    for candidate in document["candidates"]:
        need = ladder.roles[candidate["id"]].skill_levels()
        assert candidate["readiness"] == pytest.approx(readiness(have, need), abs=1e-4)
        assert candidate["readiness_percent"] == round(readiness(have, need) * 100)
        assert {"skills_to_gain", "skills_to_raise", "tools_to_learn", "kind"} <= candidate.keys()
        gained = {s["id"] for s in candidate["skills_to_gain"]}
        assert gained == set(need) - set(have)


def test_next_table_and_top_role(run: Run) -> None:
    table = run("next", "coordinator", env={"COLUMNS": "160"})
    assert table.exit_code == 0
    assert "lateral" in table.stdout and "promotion" in table.stdout
    top = run("next", VP, "--json")
    assert top.exit_code == 0
    assert top.json()["candidates"] == []
    assert "No step leads on" in run("next", VP).stdout


def test_next_steps_measured_from_a_person(ladder: Ladder) -> None:
    coordinator = ladder.roles["customer-service-coordinator"]
    everything = {skill: 5 for skill in ladder.skills}
    result = next_steps(ladder, coordinator, have=everything, known_tools=set())
    assert result.measured_from == "profile"
    assert all(c.readiness == 1.0 and c.demand.climb == 0 for c in result.candidates)
    assert all(not c.demand.new_skills for c in result.candidates)
    from_role = next_steps(ladder, coordinator)
    assert from_role.measured_from == "role"
    assert any(c.readiness < 1.0 for c in from_role.candidates)


def test_tools_to_learn_ignore_case() -> None:
    def role(role_id: str, tools: list[str]) -> Role:
        return Role(
            id=role_id,
            title=Names(en=role_id),
            level=1,
            tools=[Tool(name=name, category="crm") for name in tools],
        )

    ladder = Ladder(
        scale=SkillScale(min=1, max=5),
        roles=[role("agent", ["Zendesk"]), role("lead", ["zendesk", "Slack", "slack", "Jira"])],
        steps=[Step(source_role="agent", target_role="lead", kind="promotion")],
    )
    (candidate,) = next_steps(ladder, ladder.roles["agent"]).candidates
    assert candidate.demand.tools_to_learn == ["Slack", "Jira"]
    (known,) = next_steps(ladder, ladder.roles["agent"], known_tools={"JIRA"}).candidates
    assert known.demand.tools_to_learn == ["Slack"]


# --------------------------------------------------------------------------- tree


def test_tree_of_the_representative_reaches_the_vp(run: Run, ladder: Ladder) -> None:
    document = run("tree", REP, "--json").json()
    assert document["direction"] == "down"
    assert document["truncated"] is False
    root = document["root"]
    assert root["id"] == "customer-service-representative"
    assert {c["id"] for c in root["children"]} == {
        s.target_role for s in ladder.steps_from("customer-service-representative")
    }

    def ids(node: dict[str, Any]) -> set[str]:
        return {node["id"]}.union(*(ids(child) for child in node["children"]))

    assert ids(root) == {"customer-service-representative"} | nx.descendants(
        build_graph(ladder), "customer-service-representative"
    )


def test_tree_depth_and_up(run: Run, ladder: Ladder) -> None:
    shallow = run("tree", REP, "--depth", "1", "--json").json()
    assert all(child["children"] == [] for child in shallow["root"]["children"])
    assert any(child["more"] for child in shallow["root"]["children"])
    up = run("tree", "customer service manager", "--up", "--json").json()
    assert up["direction"] == "up"
    assert {c["id"] for c in up["root"]["children"]} == {
        s.source_role for s in ladder.steps_to("customer-service-manager")
    }
    assert run("tree", REP, "--depth", "0").exit_code == 2


def test_tree_does_not_loop_on_a_cycle(run: Run, write_yaml: WriteYaml) -> None:
    data = write_yaml(cyclic_document())
    outcome = run("--data", str(data), "tree", "junior", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    root = outcome.json()["root"]
    lead = root["children"][0]["children"][0]
    assert lead["id"] == "lead"
    (again,) = lead["children"]
    assert again["id"] == "junior" and again["seen_above"] is True and again["children"] == []
    table = run("--data", str(data), "tree", "junior", "--up")
    assert table.exit_code == 0
    assert "(seen above)" in table.stdout


def test_tree_is_capped_on_dense_graphs() -> None:
    ladder = layered_ladder(layers=12, width=5)
    tree = role_tree(ladder, ladder.roles["r0-0"], max_nodes=500)
    assert tree.truncated
    assert tree.node_count == 500 == sum(1 for _ in tree.root.walk())
    assert "Tree cut short at 500 roles" in text_of(render_tree(tree))
    assert tree.to_json()["truncated"] is True


def test_tree_stops_at_the_depth_limit_on_a_long_chain() -> None:
    length = MAX_TREE_DEPTH + 20
    ladder = chain_ladder([(f"r{i:03}", f"r{i + 1:03}") for i in range(length)])
    tree = role_tree(ladder, ladder.roles["r000"])
    assert tree.truncated
    assert tree.node_count == MAX_TREE_DEPTH + 1
    deepest = list(tree.root.walk())[-1]
    assert deepest.role.id == f"r{MAX_TREE_DEPTH:03}" and deepest.more
    assert json.loads(json.dumps(tree.to_json(), indent=2))["truncated"] is True


# --------------------------------------------------------------------------- rendering


def test_renderers_print_titles_literally(ladder: Ladder) -> None:
    rich_title = "[bold]Lead[/bold]"
    roles = [
        Role(id="agent", title=Names(en="Agent"), level=1),
        Role(id="lead", title=Names(en=rich_title), level=2),
    ]
    tiny = Ladder(
        scale=SkillScale(min=1, max=5),
        roles=roles,
        steps=[Step(source_role="agent", target_role="lead", kind="promotion")],
    )
    agent, lead = tiny.roles["agent"], tiny.roles["lead"]
    assert rich_title in text_of(render_routes(find_routes(tiny, agent, lead)))
    assert rich_title in text_of(render_next(next_steps(tiny, agent)))
    assert rich_title in text_of(render_tree(role_tree(tiny, agent)))


def _unknown_level_ladder(write_yaml: Callable[..., Path]) -> str:
    """Junior → senior → lead, and a role of unknown level (0) that leads to the junior."""
    document = minimal_document(
        [("junior", 1), ("senior", 2), ("lead", 3), ("mystery", 0)],
        [("junior", "senior"), ("senior", "lead"), ("mystery", "junior")],
    )
    document["roles"][3]["skills"][1]["level"] = 1  # a skill level, unlike the role's level
    return str(write_yaml(document))


def test_a_role_of_unknown_level_is_never_said_to_sit_below(
    run: Run, write_yaml: Callable[..., Path]
) -> None:
    data = _unknown_level_ladder(write_yaml)
    outcome = run("--data", data, "path", "lead", "mystery")
    assert outcome.exit_code == 1
    message = " ".join(outcome.stderr.split())
    assert "below" not in message and "level 0" not in message
    assert "nothing leads from Lead to Mystery" in message and "Mystery: level unknown" in message
    # A role with a known level lower down still reads as below.
    assert "sits below" in run("--data", data, "path", "lead", "junior").stderr


def test_nearest_roles_to_a_role_of_unknown_level_ignore_levels(
    write_yaml: Callable[..., Path],
) -> None:
    from careerpath.data.load import load

    ladder = load([_unknown_level_ladder(write_yaml)], cache=False)
    with pytest.raises(NoPath) as raised:
        find_routes(ladder, ladder.roles["junior"], ladder.roles["mystery"])
    # Senior (level 2) and lead (level 3), on the same track, are no nearer in level to a role
    # whose level is unknown: they come by title.
    reachable = [ladder.roles[r] for r in ("senior", "lead")]
    mystery = ladder.roles["mystery"]
    expected = sorted(reachable, key=lambda r: (r.track != mystery.track, r.title.en))
    assert [role_id for role_id, _ in raised.value.nearest] == [r.id for r in expected]
    assert expected[0].id == "lead"  # by level distance to 0 the senior would have come first


# --------------------------------------------------------------------------- step kinds


def test_a_data_file_lists_the_step_kinds_the_enum_calls_listed() -> None:
    listed = {StepKind.promotion, StepKind.lateral, StepKind.related}
    assert set(typing.get_args(ListedStepKind)) == listed
    assert set(StepKind) - set(typing.get_args(ListedStepKind)) == {StepKind.inferred}
    step = Step.model_validate({"from": "a", "to": "b", "kind": "lateral"})
    assert step.kind == StepKind.lateral
    with pytest.raises(ValueError, match="'promotion', 'lateral' or 'related'"):
        Step.model_validate({"from": "a", "to": "b", "kind": StepKind.inferred})
