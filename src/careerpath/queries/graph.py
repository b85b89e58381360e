"""The networkx graph of career steps: listed steps, and inferred ones added as a search
reaches each role.

networkx is imported inside the functions: commands that never build a graph (``roles``,
``show``, ``gap``) do not pay for importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import networkx as nx

    from careerpath.data.ladder import Ladder

Neighbours = Callable[[str], Iterable[tuple[str, dict[str, Any]]]]
"""A role's extra neighbours with their edge attributes, computed when first asked for."""


class InferredMoves(Protocol):
    """Moves inferred from shared skills: what :func:`build_graph` adds to the listed steps."""

    def after(self, role_id: str) -> list[tuple[str, float]]: ...

    def before(self, role_id: str) -> list[tuple[str, float]]: ...

    def edge(self, source: str, target: str, similarity: float) -> dict[str, Any]: ...

    def use_levels(self, levels: dict[str, int]) -> None: ...


class LazyNeighbours(MutableMapping[str, dict[str, dict[str, Any]]]):
    """A graph's node → neighbours mapping that adds a node's extra neighbours (inferred
    moves) the first time the node is read; a listed step wins over an inferred one."""

    def __init__(self, extra: Neighbours | None) -> None:
        self._listed: dict[str, dict[str, dict[str, Any]]] = {}
        self._extra = extra
        self._filled: set[str] = set()

    def __getitem__(self, node: str) -> dict[str, dict[str, Any]]:
        neighbours = self._listed[node]
        if self._extra is not None and node not in self._filled:
            self._filled.add(node)
            for other, data in self._extra(node):
                neighbours.setdefault(other, data)
        return neighbours

    def __setitem__(self, node: str, neighbours: dict[str, dict[str, Any]]) -> None:
        self._listed[node] = neighbours

    def __delitem__(self, node: str) -> None:
        del self._listed[node]
        self._filled.discard(node)

    def __contains__(self, node: object) -> bool:
        return node in self._listed

    def __iter__(self) -> Iterator[str]:
        return iter(self._listed)

    def __len__(self) -> int:
        return len(self._listed)


def _step_graph_class() -> type[nx.DiGraph[str]]:
    import networkx as nx

    class StepGraph(nx.DiGraph):  # type: ignore[type-arg]
        """A ``DiGraph`` whose adjacency can grow lazily, through networkx's documented
        ``adjlist_outer_dict_factory`` hook.

        ``DiGraph.__init__`` asks the factory for the successors' mapping first and the
        predecessors' second; each gets its own source of extra neighbours. Graphs networkx
        makes of this class (views, copies) get plain mappings. A test checks both directions.
        """

        def __init__(
            self, out_of: Neighbours | None = None, into: Neighbours | None = None, **attr: Any
        ) -> None:
            self._extra_neighbours = iter((out_of, into))
            super().__init__(**attr)

        def adjlist_outer_dict_factory(self) -> LazyNeighbours:
            return LazyNeighbours(next(self._extra_neighbours, None))

    return StepGraph


_STEP_GRAPH: type[nx.DiGraph[str]] | None = None


def build_graph(ladder: Ladder, inferred: InferredMoves | None = None) -> nx.DiGraph[str]:
    """A directed graph with a node per role and an edge per career step.

    Nodes carry ``title`` (English), ``level`` and ``track``; edges carry ``kind``
    (``promotion``, ``lateral`` or ``related``), ``sources`` and ``note``, and a related step
    ``rises`` (it leads to a higher level, both levels known). With *inferred*, each role also
    gets its inferred moves (``kind`` ``inferred``, with ``similarity`` and ``rises``) when a
    search first reaches it, so a route search computes similarities only for the roles it
    explores.
    """
    import networkx as nx

    graph: nx.DiGraph[str]
    if inferred is None:
        graph = nx.DiGraph(name=ladder.name or "careerpath")
    else:
        global _STEP_GRAPH
        if _STEP_GRAPH is None:
            _STEP_GRAPH = _step_graph_class()
        shared: dict[tuple[str, str], dict[str, Any]] = {}

        def attributes(source: str, target: str, similarity: float) -> dict[str, Any]:
            data = shared.get((source, target))
            if data is None:
                data = shared[source, target] = inferred.edge(source, target, similarity)
            return data

        def out_of(role_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
            for target, score in inferred.after(role_id):
                yield target, attributes(role_id, target, score)

        def into(role_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
            for source, score in inferred.before(role_id):
                yield source, attributes(source, role_id, score)

        graph = _STEP_GRAPH(out_of, into, name=ladder.name or "careerpath")  # type: ignore[call-arg]
    levels: dict[str, int] = {}
    for role_id, title, level, track in ladder.role_nodes():
        graph.add_node(role_id, title=title, level=level, track=track)
        levels[role_id] = level
    if inferred is not None:
        inferred.use_levels(levels)  # every role's, read once for the nodes
    from careerpath.data.records import UNKNOWN_LEVEL, StepKind

    for step in ladder.steps:
        extra: dict[str, Any] = {}
        if step.kind == StepKind.related:
            here, there = levels[step.source_role], levels[step.target_role]
            extra["rises"] = UNKNOWN_LEVEL not in (here, there) and there > here
        graph.add_edge(
            step.source_role,
            step.target_role,
            kind=step.kind,
            sources=list(step.sources),
            note=step.note,
            **extra,
        )
    return graph


def leads_to(ladder: Ladder, source: str, target: str) -> bool:
    """Whether a chain of listed steps leads from *source* to *target*.

    Walks the dataset's steps without building a graph, so ``gap`` never imports networkx.
    """
    seen = {source}
    pending = [source]
    while pending:
        for step in ladder.steps_from(pending.pop()):
            if step.target_role == target:
                return True
            if step.target_role not in seen:
                seen.add(step.target_role)
                pending.append(step.target_role)
    return source == target
