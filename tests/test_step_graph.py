"""The step graph a route search walks holds every role as a node without adding them one by
one (:class:`careerpath.queries.graph.LazyNodes`): checked against the graph built node by node,
for datasets of every shape, read from a data file and from the store, with and without
inferred moves, and after the graph is changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.data.models import UNKNOWN_LEVEL, StepKind, text_in
from careerpath.data.stored import StoredLadder
from careerpath.errors import NoPath
from careerpath.queries.graph import build_graph
from careerpath.queries.inferred import InferredSteps
from careerpath.queries.routes import find_routes
from tests.test_cold_path import rich_documents


def every_route(ladder: Ladder, rule: Callable[[], InferredSteps], by: str) -> list[Any]:
    """The answer of a route search between every two roles of *ladder* (ranked *by*), each
    with a fresh rule of inferred moves from *rule*: routes, or why there are none."""
    found: list[Any] = []
    for source in ladder.roles:
        for target in ladder.roles:
            try:
                search = find_routes(
                    ladder,
                    ladder.roles[source],
                    ladder.roles[target],
                    by=by,  # type: ignore[arg-type]
                    alternatives=3,
                    inferred=rule(),
                )
            except NoPath as exc:
                found.append(("no path", str(exc), exc.nearest))
                continue
            found.append(search.to_json())
    return found


KINDS = ("promotion", "lateral", "related")


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, Any]:
    """A data file of every shape (:func:`tests.test_cold_path.rich_documents`), its steps of
    every kind."""
    document = draw(rich_documents())
    for step in document["steps"]:
        step["kind"] = draw(st.sampled_from(KINDS))
    return document


def both_ways(document: dict[str, Any], folder: Path) -> tuple[Ladder, StoredLadder]:
    """The dataset of *document* loaded plain, and read back from its store."""
    data = folder / "data.json"
    data.write_text(json.dumps(document), encoding="utf-8")
    plain = load([str(data)], cache=False)
    load([str(data)])
    stored = load([str(data)])
    assert isinstance(stored, StoredLadder)
    return plain, stored


def node_by_node(ladder: Ladder, rule: InferredSteps | None) -> nx.DiGraph[str]:
    """The step graph as it was built before: every role added as a node with its attributes,
    then every listed step; with *rule*, a role's inferred moves out (in) are added to its
    successors (predecessors) when a step first reaches it there, then for every role left,
    a listed step winning."""
    graph: nx.DiGraph[str] = nx.DiGraph(name=ladder.name or "careerpath")
    for role in ladder.roles.values():
        graph.add_node(
            role.id, title=role.title.en, level=role.level, track=text_in(role.track, "en")
        )
    succ: dict[str, dict[str, Any]] = graph._succ  # written directly: each side in its order
    pred: dict[str, dict[str, Any]] = graph._pred
    filled: set[tuple[str, str]] = set()

    def fill(side: str, role_id: str) -> None:
        if rule is None or (side, role_id) in filled:
            return
        filled.add((side, role_id))
        if side == "out":
            for target, score in rule.after(role_id):
                succ[role_id].setdefault(target, rule.edge(role_id, target, score))
        else:
            for source, score in rule.before(role_id):
                pred[role_id].setdefault(source, rule.edge(source, role_id, score))

    for step in ladder.steps:
        source, target = step.source_role, step.target_role
        data: dict[str, Any] = {"kind": step.kind, "sources": list(step.sources), "note": step.note}
        if step.kind == StepKind.related:
            here, there = ladder.roles[source].level, ladder.roles[target].level
            data["rises"] = UNKNOWN_LEVEL not in (here, there) and there > here
        fill("out", source)
        found = succ[source].get(target, {})
        found.update(data)
        succ[source][target] = found
        fill("in", target)
        pred[target][source] = found
    for role_id in ladder.roles:
        fill("out", role_id)
        fill("in", role_id)
    return graph


def assert_same_graph(graph: nx.DiGraph[str], expected: nx.DiGraph[str]) -> None:
    """The same nodes in the same order with the same attributes, and for each node the same
    successors and predecessors, in the same order, with the same edge attributes."""
    assert list(graph.nodes) == list(expected.nodes)
    assert len(graph) == len(expected)
    assert graph.graph == expected.graph
    for node in expected.nodes:
        assert node in graph
        assert graph.nodes[node] == expected.nodes[node]
        assert list(graph.succ[node].items()) == list(expected.succ[node].items())
        assert list(graph.pred[node].items()) == list(expected.pred[node].items())
    assert list(graph.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(graph.edges(data=True)) == list(expected.edges(data=True))
    for absent in ("no-such-role", 7, ("a", "b")):
        assert absent not in graph
    assert [] not in graph  # unhashable: not a node, as networkx answers for any graph


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(document=datasets(), threshold=st.sampled_from([None, 0.05, 0.3, 0.8]), down=st.booleans())
def test_the_step_graph_is_the_graph_built_node_by_node(
    document: dict[str, Any],
    threshold: float | None,
    down: bool,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("graph")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(folder / "cache"))
    for ladder in both_ways(document, folder):
        if threshold is None:
            assert_same_graph(build_graph(ladder), node_by_node(ladder, None))
            continue
        rule = InferredSteps(ladder, threshold, down=down)
        expected = node_by_node(ladder, InferredSteps(ladder, threshold, down=down))
        # Asked in the dataset's order, and in the reverse order (each fills its nodes lazily).
        assert_same_graph(build_graph(ladder, rule), expected)
        reverse = build_graph(ladder, InferredSteps(ladder, threshold, down=down))
        for node in reversed(list(expected.nodes)):
            assert dict(reverse.succ[node]) == dict(expected.succ[node])
            assert dict(reverse.pred[node]) == dict(expected.pred[node])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(document=datasets(), picks=st.lists(st.integers(0, 10), min_size=1, max_size=6))
def test_the_step_graph_changes_as_a_plain_graph_does(
    document: dict[str, Any],
    picks: list[int],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("changes")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(folder / "cache"))
    for ladder in both_ways(document, folder):
        graph, expected = build_graph(ladder), node_by_node(ladder, None)
        roles = list(ladder.roles)
        for turn, pick in enumerate(picks):
            node = roles[pick % len(roles)]
            for changed in (graph, expected):
                if turn % 3 == 0:
                    changed.remove_node(node) if node in changed else changed.add_node(node, x=1)
                elif turn % 3 == 1:
                    changed.add_node(f"new-{pick}", level=pick)
                    changed.add_edge(node, f"new-{pick}", kind="lateral")
                else:
                    if node in changed:
                        changed.nodes[node]["seen"] = turn
                    changed.remove_nodes_from([f"new-{pick - 1}", "never-there"])
            assert_same_graph(graph, expected)
        assert_same_graph(graph.copy(), expected.copy())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(document=datasets(), threshold=st.sampled_from([0.05, 0.3, 0.6]))
def test_routes_on_the_store_are_the_routes_on_the_data_file(
    document: dict[str, Any],
    threshold: float,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every pair of roles, with inferred moves: the store's graph (roles asked of the store,
    # levels read by id) finds what the plain dataset's finds, in the same order.
    folder = tmp_path_factory.mktemp("routes")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(folder / "cache"))
    plain, stored = both_ways(document, folder)

    for by in ("steps", "gap"):
        assert every_route(stored, lambda: InferredSteps(stored, threshold), by) == (
            every_route(plain, lambda: InferredSteps(plain, threshold), by)
        )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(document=datasets(), data=st.data())
def test_the_nodes_of_some_roles_are_those_of_every_role(
    document: dict[str, Any],
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("nodes")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(folder / "cache"))
    plain, stored = both_ways(document, folder)
    every = list(plain.role_nodes())
    assert list(stored.role_nodes()) == every
    ids = data.draw(st.lists(st.sampled_from(list(plain.roles)), unique=True))
    by_id = {row[0]: tuple(row) for row in every}
    for ladder in (plain, stored):
        assert sorted(tuple(row) for row in ladder.role_nodes(ids)) == sorted(
            by_id[role_id] for role_id in ids
        )
        with pytest.raises(KeyError):
            ladder.role_nodes([*ids, "no-such-role"])


def test_attributes_handed_out_stay_the_graphs_when_every_roles_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from careerpath.queries.graph import LazyNodes

    ladder = load(None, cache=False)
    monkeypatch.setattr(LazyNodes, "READ_ALL_AFTER", 2)
    graph, expected = build_graph(ladder), node_by_node(ladder, None)
    first, second, *rest = list(ladder.roles)
    for changed in (graph, expected):
        changed.nodes[first]["seen"] = 1  # read alone, then changed
        changed.nodes[second]["seen"] = 2
        assert changed.nodes[rest[0]]["level"] == ladder.roles[rest[0]].level  # every one read
    assert_same_graph(graph, expected)
