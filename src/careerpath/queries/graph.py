"""The networkx graph of career steps: listed steps, and inferred ones added as a search
reaches each role.

networkx is imported inside the functions: commands that never build a graph (``roles``,
``show``, ``gap``) do not pay for importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
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


class LazyNodes(MutableMapping[Any, dict[str, Any]]):
    """A graph's node → attributes mapping whose nodes are a dataset's roles, none of them
    added one by one: whether a role is a node is asked of the dataset (once per role), and a
    role's attributes (``title``, ``level``, ``track``) are read when first asked for (every
    role's at once when many are). Nodes added or removed later behave as in a plain ``dict``.

    A route search reaches a few hundred of 10,000 roles: adding every one as a node cost
    more than the search.
    """

    READ_ALL_AFTER = 64
    """Roles whose attributes are read one by one before every role's are read at once."""

    def __init__(self, ladder: Ladder) -> None:
        self._ladder = ladder
        self._roles: set[str] = set()  # ids found to be roles
        self._attributes: dict[str, dict[str, Any]] = {}  # of roles, read or set
        self._read = 0
        self._added: dict[Any, dict[str, Any]] = {}  # nodes added after a removal, or not roles
        self._removed: set[Any] = set()

    def know(self, ids: Iterable[str]) -> None:
        """Take *ids* as roles without asking the dataset (the ends of its steps)."""
        self._roles.update(ids)

    def _is_role(self, node: Any) -> bool:
        if node in self._roles:
            return True
        if type(node) is str and node in self._ladder.roles:
            self._roles.add(node)
            return True
        return False

    def __contains__(self, node: object) -> bool:
        if node in self._added:
            return True
        return node not in self._removed and self._is_role(node)

    def __getitem__(self, node: Any) -> dict[str, Any]:
        found = self._added.get(node)
        if found is not None:
            return found
        if node in self._removed or not self._is_role(node):
            raise KeyError(node)
        found = self._attributes.get(node)
        if found is None:
            self._read += 1
            whole = self._read > self.READ_ALL_AFTER
            for role_id, title, level, track in self._ladder.role_nodes(None if whole else [node]):
                # A dict handed out before stays the one the graph holds.
                self._attributes.setdefault(
                    role_id, {"title": title, "level": level, "track": track}
                )
            found = self._attributes[node]
        return found

    def __setitem__(self, node: Any, attributes: dict[str, Any]) -> None:
        if node not in self._added and node not in self._removed and self._is_role(node):
            self._attributes[node] = attributes
            return
        self._removed.discard(node)
        self._added[node] = attributes  # after the roles, as a dict puts what is added anew

    def __delitem__(self, node: Any) -> None:
        if node not in self:
            raise KeyError(node)
        self._added.pop(node, None)
        if self._is_role(node):
            self._attributes.pop(node, None)
            self._removed.add(node)

    def __iter__(self) -> Iterator[Any]:
        removed, added = self._removed, self._added
        for role_id in self._ladder.roles:
            if role_id not in removed and role_id not in added:
                yield role_id
        yield from added

    def __len__(self) -> int:
        others = sum(1 for node in self._added if not self._is_role(node))
        return len(self._ladder.roles) - len(self._removed) + others


class LazyNeighbours(MutableMapping[Any, dict[Any, dict[str, Any]]]):
    """A graph's node → neighbours mapping that adds a node's extra neighbours (inferred
    moves) the first time the node is read; a listed step wins over an inferred one.

    With *nodes* (the graph's :class:`LazyNodes`), every node of it has neighbours without
    being given them: an empty mapping, made when first read. Listed steps given at once
    (:meth:`give`) join a node's neighbours when it is first read, after its extra ones:
    where adding the steps one by one put them (the first step to reach a node read it).
    """

    def __init__(self, extra: Neighbours | None, nodes: Mapping[Any, Any] | None = None) -> None:
        self._ready: dict[Any, dict[Any, dict[str, Any]]] = {}
        self._given: dict[Any, dict[Any, dict[str, Any]]] = {}
        self._extra = extra
        self._filled: set[Any] = set()
        self._nodes = nodes

    def give(self, listed: dict[Any, dict[Any, dict[str, Any]]]) -> None:
        """Each node's listed neighbours, before any node is read."""
        self._given = listed

    def __getitem__(self, node: Any) -> dict[Any, dict[str, Any]]:
        neighbours = self._ready.get(node)
        if neighbours is None:
            given = self._given.pop(node, None)
            if given is None and (self._nodes is None or node not in self._nodes):
                raise KeyError(node)
            neighbours = self._ready[node] = {}
            self._fill(node, neighbours)
            if given:
                neighbours.update(given)
        elif node not in self._filled:
            self._fill(node, neighbours)
        return neighbours

    def _fill(self, node: Any, neighbours: dict[Any, dict[str, Any]]) -> None:
        if self._extra is not None:
            for other, data in self._extra(node):
                neighbours.setdefault(other, data)
        self._filled.add(node)

    def __setitem__(self, node: Any, neighbours: dict[Any, dict[str, Any]]) -> None:
        self._given.pop(node, None)
        self._ready[node] = neighbours

    def __delitem__(self, node: Any) -> None:
        if node not in self:
            raise KeyError(node)
        self._ready.pop(node, None)
        self._given.pop(node, None)
        self._filled.discard(node)

    def __contains__(self, node: object) -> bool:
        return (
            node in self._ready
            or node in self._given
            or (self._nodes is not None and node in self._nodes)
        )

    def __iter__(self) -> Iterator[Any]:
        return iter(self._ready if self._nodes is None else self._nodes)

    def __len__(self) -> int:
        return len(self._ready if self._nodes is None else self._nodes)


def _step_graph_class() -> type[nx.DiGraph[str]]:
    import networkx as nx

    class StepGraph(nx.DiGraph):  # type: ignore[type-arg]
        """A ``DiGraph`` whose nodes are a dataset's roles and whose adjacency grows lazily,
        through networkx's documented ``node_dict_factory`` and
        ``adjlist_outer_dict_factory`` hooks.

        ``DiGraph.__init__`` asks for the nodes' mapping first, then for the successors' and
        the predecessors'; each of those gets its own source of extra neighbours. Graphs
        networkx makes of this class (views, copies) get plain mappings. Tests check both
        directions, and the graph against one built node by node.
        """

        def __init__(
            self,
            out_of: Neighbours | None = None,
            into: Neighbours | None = None,
            ladder: Ladder | None = None,
            **attr: Any,
        ) -> None:
            self._extra_neighbours = iter((out_of, into))
            self._roles_of = ladder
            self._adjacency: list[LazyNeighbours] = []
            super().__init__(**attr)

        def node_dict_factory(self) -> MutableMapping[Any, dict[str, Any]]:
            ladder = getattr(self, "_roles_of", None)
            self._lazy_nodes = None if ladder is None else LazyNodes(ladder)
            return {} if self._lazy_nodes is None else self._lazy_nodes

        def adjlist_outer_dict_factory(self) -> LazyNeighbours:
            neighbours = LazyNeighbours(next(self._extra_neighbours, None), self._lazy_nodes)
            self._adjacency.append(neighbours)  # the successors', then the predecessors'
            return neighbours

        def give_steps(
            self,
            successors: dict[str, dict[str, dict[str, Any]]],
            predecessors: dict[str, dict[str, dict[str, Any]]],
        ) -> None:
            """The listed steps, each node's out and in, before the graph is read; their
            ends are roles (a dataset's steps join its roles)."""
            if self._lazy_nodes is not None:
                self._lazy_nodes.know([*successors, *predecessors])
            self._adjacency[0].give(successors)
            self._adjacency[1].give(predecessors)

        def remove_node(self, n: Any) -> None:
            # networkx reads a removed node's predecessors after deleting its attributes:
            # they are made first, while it is still a node.
            if n in self:
                self.pred[n]
            super().remove_node(n)

        def remove_nodes_from(self, nodes: Iterable[Any]) -> None:
            for n in list(nodes):
                if n in self:
                    self.remove_node(n)

    return StepGraph


_STEP_GRAPH: type[nx.DiGraph[str]] | None = None


def build_graph(ladder: Ladder, inferred: InferredMoves | None = None) -> nx.DiGraph[str]:
    """A directed graph with a node per role and an edge per career step.

    Nodes carry ``title`` (English), ``level`` and ``track``; edges carry ``kind``
    (``promotion``, ``lateral`` or ``related``), ``sources`` and ``note``, and a related step
    ``rises`` (it leads to a higher level, both levels known). With *inferred*, each role also
    gets its inferred moves (``kind`` ``inferred``, with ``similarity`` and ``rises``) when a
    search first reaches it, so a route search computes similarities only for the roles it
    explores. The roles are nodes without being read (:class:`LazyNodes`): a search reads only
    the ones it reaches.
    """
    global _STEP_GRAPH
    if _STEP_GRAPH is None:
        _STEP_GRAPH = _step_graph_class()
    out_of: Neighbours | None = None
    into: Neighbours | None = None
    if inferred is not None:
        moves = inferred
        shared: dict[tuple[str, str], dict[str, Any]] = {}

        def attributes(source: str, target: str, similarity: float) -> dict[str, Any]:
            data = shared.get((source, target))
            if data is None:
                data = shared[source, target] = moves.edge(source, target, similarity)
            return data

        def out_of(role_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
            for target, score in moves.after(role_id):
                yield target, attributes(role_id, target, score)

        def into(role_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
            for source, score in moves.before(role_id):
                yield source, attributes(source, role_id, score)

    graph: nx.DiGraph[str] = _STEP_GRAPH(  # type: ignore[call-arg]
        out_of, into, ladder, name=ladder.name or "careerpath"
    )
    from careerpath.data.records import UNKNOWN_LEVEL, StepKind

    steps = list(ladder.steps)
    related = [step for step in steps if step.kind == StepKind.related]
    ends = {role_id for step in related for role_id in (step.source_role, step.target_role)}
    levels = ladder.role_levels(ends) if ends else {}
    # Each node's steps out and in, as adding them one by one gives them: a step given twice
    # is one edge, its attributes updated.
    successors: dict[str, dict[str, dict[str, Any]]] = {}
    predecessors: dict[str, dict[str, dict[str, Any]]] = {}
    for step in steps:
        source, target = step.source_role, step.target_role
        data: dict[str, Any] = {"kind": step.kind, "sources": list(step.sources), "note": step.note}
        if step.kind == StepKind.related:
            here, there = levels[source], levels[target]
            data["rises"] = UNKNOWN_LEVEL not in (here, there) and there > here
        out = successors.setdefault(source, {})
        found = out.get(target)
        if found is None:
            found = out[target] = {}
        found.update(data)
        predecessors.setdefault(target, {})[source] = found
    graph.give_steps(successors, predecessors)  # type: ignore[attr-defined]
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
