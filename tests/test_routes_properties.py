"""Rules of route search that hold for every graph, checked on generated ladders.

Small graphs let each answer be checked against brute force: every simple path, enumerated.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.models import Names, Role, SkillRequirement, SkillScale, Step, Tool
from careerpath.errors import NoPath
from careerpath.queries.graph import build_graph
from careerpath.queries.routes import Route, find_routes
from careerpath.queries.steps import role_tree

SKILLS = ("listening", "planning", "selling", "coding")
TOOLS = ("Zendesk", "zendesk", "Slack", "Jira", "Excel")

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@dataclass(frozen=True)
class Case:
    """A generated ladder and a question about it."""

    ladder: Ladder
    source: str
    target: str

    def role(self, role_id: str) -> Role:
        return self.ladder.roles[role_id]


@st.composite
def ladders(draw: st.DrawFn, min_roles: int = 2, max_roles: int = 7) -> Ladder:
    count = draw(st.integers(min_roles, max_roles))
    roles = []
    for index in range(count):
        skills = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), max_size=4))
        tools = draw(st.lists(st.sampled_from(TOOLS), max_size=3))
        roles.append(
            Role(
                id=f"role-{index}",
                title=Names(en=f"Role {index}"),
                level=draw(st.integers(1, 5)),
                skills=[SkillRequirement(skill=s, level=lvl) for s, lvl in skills.items()],
                tools=[Tool(name=name, category="general") for name in tools],
            )
        )
    # Each ordered pair of roles is a step or not, about half of them: dense enough that most
    # questions have several routes to rank.
    pairs = [(a, b) for a in range(count) for b in range(count) if a != b]
    present = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    kinds = draw(
        st.lists(
            st.sampled_from(["promotion", "lateral", "related"]),
            min_size=len(pairs),
            max_size=len(pairs),
        )
    )
    steps = [
        Step(source_role=f"role-{a}", target_role=f"role-{b}", kind=kind)
        for (a, b), keep, kind in zip(pairs, present, kinds, strict=True)
        if keep
    ]
    return Ladder(scale=SkillScale(min=1, max=5), roles=roles, steps=steps)


@st.composite
def cases(draw: st.DrawFn, max_roles: int = 7) -> Case:
    ladder = draw(ladders(max_roles=max_roles))
    ids = sorted(ladder.roles)
    source = draw(st.sampled_from(ids))
    target = draw(st.sampled_from([i for i in ids if i != source]))
    return Case(ladder, source, target)


def edge_kinds(ladder: Ladder) -> dict[tuple[str, str], str]:
    return {(s.source_role, s.target_role): s.kind for s in ladder.steps}


def path_gap(ladder: Ladder, path: list[str]) -> int:
    """A route's climb worked out another way than the search's step-by-step walk.

    A level once reached is kept, so each skill's climb over the whole route is the highest
    level any role on it asks, less what the start already holds.
    """
    roles = [ladder.roles[role_id] for role_id in path]
    start = roles[0].skill_levels()
    skills = {skill for role in roles for skill in role.skill_levels()}
    return sum(
        max(0, max(role.skill_levels().get(skill, 0) for role in roles) - start.get(skill, 0))
        for skill in skills
    )


def step_climbs(ladder: Ladder, path: list[str], start: dict[str, int] | None = None) -> list[int]:
    """Each step's climb, by hand: the levels the role reached asks beyond the highest level
    held by then (the start's levels, or *start*, and every role passed). A role that lists no
    skills asks nothing known (0 here)."""
    held = dict(ladder.roles[path[0]].skill_levels() if start is None else start)
    climbs = []
    for role_id in path[1:]:
        asks = ladder.roles[role_id].skill_levels()
        climbs.append(sum(max(0, level - held.get(s, 0)) for s, level in asks.items()))
        for skill, level in asks.items():
            held[skill] = max(held.get(skill, 0), level)
    return climbs


def path_unknown(ladder: Ladder, path: list[str]) -> bool:
    """Whether a route starts from or reaches a role that lists no skills: what that step
    asks, or what the person holds, is unknown."""
    return any(not ladder.roles[role_id].skills for role_id in path)


def rank(ladder: Ladder, path: list[str], by: str) -> tuple[Any, ...]:
    """Where a route ranks, worked out from the brute-force figures. One rule for every tie:
    routes equal on every figure rank by their role ids; a route whose climb is unknown in part
    ranks after the known ones as short (by steps) or at all (by gap). By gap: the hardest
    single step first, then the total climb, then steps."""
    steps, gap, unknown = len(path) - 1, path_gap(ladder, path), path_unknown(ladder, path)
    if by == "steps":
        return (steps, unknown, gap, path)
    return (unknown, max(step_climbs(ladder, path), default=0), gap, steps, path)


def all_paths(ladder: Ladder, source: str, target: str) -> list[list[str]]:
    return [list(p) for p in nx.all_simple_paths(build_graph(ladder), source, target)]


def search(case: Case, **options: Any) -> list[Route] | None:
    """The routes found, or None when the search raised NoPath."""
    try:
        result = find_routes(case.ladder, case.role(case.source), case.role(case.target), **options)
    except NoPath:
        return None
    return result.routes


def assert_valid(case: Case, routes: list[Route]) -> None:
    kinds = edge_kinds(case.ladder)
    seen = set()
    for route in routes:
        ids = route.role_ids()
        assert ids[0] == case.source and ids[-1] == case.target
        assert len(set(ids)) == len(ids), f"not simple: {ids}"
        assert route.kinds == [kinds[(a, b)] for a, b in pairwise(ids)]
        assert route.length == len(ids) - 1
        unknown = path_unknown(case.ladder, ids)
        assert route.total_gap == (None if unknown else path_gap(case.ladder, ids))
        seen.add(tuple(ids))
    assert len(seen) == len(routes), "a route was returned twice"


@PROPERTY_SETTINGS
@given(cases(), st.sampled_from(["steps", "gap"]), st.integers(0, 4))
def test_routes_follow_edges_are_simple_and_ranked(case: Case, by: str, alternatives: int) -> None:
    routes = search(case, by=by, alternatives=alternatives)
    every = all_paths(case.ladder, case.source, case.target)
    if routes is None:
        assert every == []
        return
    assert_valid(case, routes)
    assert 1 <= len(routes) <= alternatives + 1
    assert len(routes) == min(len(every), alternatives + 1)

    def key(path: list[str]) -> tuple[Any, ...]:
        return rank(case.ladder, path, by)

    keys = [key(route.role_ids()) for route in routes]
    assert keys == sorted(keys), "routes out of rank order"
    # The routes are the best ones there are, not just some valid ones.
    assert keys == sorted(key(path) for path in every)[: len(routes)]


@PROPERTY_SETTINGS
@given(cases(), st.integers(0, 3))
def test_gap_ranking_never_puts_a_harder_step_first(case: Case, alternatives: int) -> None:
    by_gap = search(case, by="gap", alternatives=alternatives)
    by_steps = search(case, by="steps", alternatives=alternatives)
    assert (by_gap is None) == (by_steps is None)
    if by_gap is None or by_steps is None:
        return

    def figure(route: Route) -> tuple[bool, int]:
        # Known climbs first, then the smallest hardest step (a route whose climb is unknown in
        # part ranks by the part that is known, after every known one).
        ids = route.role_ids()
        return (route.total_gap is None, max(step_climbs(case.ladder, ids)))

    gaps = [figure(route) for route in by_gap]
    assert gaps == sorted(gaps)
    # The k routes ranked by gap have the k smallest hardest steps: position by position they
    # never exceed those of the routes ranked by steps.
    for easiest, shortest in zip(gaps, sorted(figure(r) for r in by_steps), strict=True):
        assert easiest <= shortest
    assert gaps[0] <= min(figure(route) for route in by_steps)


@PROPERTY_SETTINGS
@given(cases(), st.data())
def test_avoided_roles_never_appear(case: Case, data: st.DataObject) -> None:
    others = sorted(set(case.ladder.roles) - {case.source, case.target})
    avoided = data.draw(st.lists(st.sampled_from(others), unique=True) if others else st.just([]))
    routes = search(case, avoid=[case.role(r) for r in avoided], alternatives=3)
    allowed = [
        path
        for path in all_paths(case.ladder, case.source, case.target)
        if not set(path) & set(avoided)
    ]
    if routes is None:
        assert allowed == []
        return
    assert_valid(case, routes)
    for route in routes:
        assert not set(route.role_ids()) & set(avoided)


@PROPERTY_SETTINGS
@given(cases())
def test_promotions_only_uses_only_promotions(case: Case) -> None:
    routes = search(case, promotions_only=True, alternatives=3)
    kinds = edge_kinds(case.ladder)

    def up(edge: tuple[str, str]) -> bool:
        # A related step counts as a promotion when it leads a level up.
        here, there = (case.ladder.roles[role_id].level for role_id in edge)
        return kinds[edge] == "promotion" or (kinds[edge] == "related" and there > here)

    promoted = [
        path
        for path in all_paths(case.ladder, case.source, case.target)
        if all(up(edge) for edge in pairwise(path))
    ]
    if routes is None:
        assert promoted == []
        return
    assert_valid(case, routes)
    for route in routes:
        assert all(up(edge) for edge in pairwise(route.role_ids()))
        assert set(route.kinds) <= {"promotion", "related"}


@settings(PROPERTY_SETTINGS, max_examples=200)
@given(cases(max_roles=6), st.data(), st.integers(0, 3))
def test_via_routes_pass_through_via(case: Case, data: st.DataObject, alternatives: int) -> None:
    others = sorted(set(case.ladder.roles) - {case.source, case.target})
    if not others:
        return
    via = data.draw(st.sampled_from(others))
    routes = search(case, via=case.role(via), alternatives=alternatives)
    through = [path for path in all_paths(case.ladder, case.source, case.target) if via in path]
    if routes is None:
        assert through == []
        return
    assert_valid(case, routes)
    assert all(via in route.role_ids() for route in routes)
    keys = [rank(case.ladder, route.role_ids(), "steps")[:3] for route in routes]
    assert keys == sorted(keys)
    # With six roles at most, the search tries every first half: it finds the best routes.
    best = sorted(rank(case.ladder, p, "steps")[:3] for p in through)
    assert keys == best[: len(routes)]


@PROPERTY_SETTINGS
@given(cases())
def test_no_route_names_only_reachable_roles(case: Case) -> None:
    graph = build_graph(case.ladder)
    if nx.has_path(graph, case.source, case.target):
        return
    with pytest.raises(NoPath) as raised:
        find_routes(case.ladder, case.role(case.source), case.role(case.target))
    reachable = nx.descendants(graph, case.source)
    assert {role_id for role_id, _ in raised.value.nearest} <= reachable
    assert str(raised.value)


@PROPERTY_SETTINGS
@given(ladders(min_roles=1), st.booleans(), st.integers(1, 50))
def test_tree_branches_never_repeat_a_role(ladder: Ladder, up: bool, cap: int) -> None:
    root_id = sorted(ladder.roles)[0]
    tree = role_tree(ladder, ladder.roles[root_id], up=up, max_nodes=cap)
    assert tree.node_count == sum(1 for _ in tree.root.walk()) <= cap
    kinds = edge_kinds(ladder)

    def check(node: object, branch: tuple[str, ...]) -> None:
        from careerpath.queries.steps import TreeNode

        assert isinstance(node, TreeNode)
        if node.seen_above:
            assert node.role.id in branch and not node.children
            return
        assert node.role.id not in branch
        for child in node.children:
            edge = (child.role.id, node.role.id) if up else (node.role.id, child.role.id)
            assert kinds[edge] == child.kind
            check(child, (*branch, node.role.id))

    check(tree.root, ())
    if not tree.truncated:
        # Uncapped: every onward step of every expanded role is shown.
        for node in tree.root.walk():
            if not node.seen_above:
                onward = ladder.steps_to if up else ladder.steps_from
                assert len(node.children) == len(onward(node.role.id))
