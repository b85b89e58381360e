"""How routes are searched: a lazy k-shortest-simple-paths search (Yen's algorithm, as
networkx implements it) from which only the first few routes are taken, and a best-first search
by skill climb, so both stay bounded on graphs with thousands of roles and tens of thousands of
steps: simple paths are never enumerated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Literal

from careerpath.data.records import StepKind
from careerpath.queries.measure import (
    Need,
    counted_need,
    held_levels,
    importance_line,
    level_errors,
    reach,
)

if TYPE_CHECKING:
    import networkx as nx

    from careerpath.data.ladder import Ladder
    from careerpath.queries.inferred import InferredSteps

Ranking = Literal["steps", "gap"]
RANKINGS: tuple[Ranking, ...] = ("steps", "gap")

_TIE_SLACK = 5
"""Extra routes drawn past the last one kept when they are as short, to order ties by climb."""
MAX_VIA_FIRST_HALVES = 50
"""Most routes to a --via role that a search tries to complete to the destination."""


RolePath = list[str]
"""A route as the ids of its roles, start first."""

RouteKey = tuple[float | tuple[str, ...], ...]
"""How routes rank: (steps, unknown, climb) or (unknown, hardest step, climb, steps), then
their role ids, start first; *unknown* is 1 for a route from or through a role whose skills the
data does not list (its climb is unknown, not 0), else 0."""


class _OutOfBudget(Exception):
    """The search for more routes spent its budget."""


class RouteGraph:
    """The step graph with the constraints of one search, and the rule that ranks routes.

    Routes rank by fewest steps then smallest total climb (``by="steps"``), or by the smallest
    hardest single step, then smallest total climb, then fewest steps (``by="gap"``); routes
    that tie on all rank by their role ids. Each step's climb is measured from what is held by
    then (a skill raised early is not raised again), so it depends on the route before it and is
    computed for routes found, never as a weight per step.

    *start_levels* (and *start_errors*) are what the person holds at the start when not the
    start role's own levels (``--have``/``--profile``).
    """

    def __init__(
        self,
        ladder: Ladder,
        by: Ranking,
        avoid: frozenset[str] = frozenset(),
        promotions_only: bool = False,
        *,
        budget: int,
        inferred: InferredSteps | None = None,
        all_skills: bool = False,
        start_levels: Mapping[str, float] | None = None,
        start_errors: Mapping[str, float] | None = None,
    ) -> None:
        from careerpath.queries.graph import build_graph

        self.ladder = ladder
        self.by = by
        self.avoid = avoid
        self.promotions_only = promotions_only
        self.full: nx.DiGraph[str]
        # Listed steps, and inferred ones added to each role the search reaches.
        self.full = build_graph(ladder, inferred)
        self._levels: dict[str, dict[str, float]] = {}
        self._needs: dict[str, Need] = {}
        self._line = importance_line(ladder.importance_scale, all_skills=all_skills)
        self.budget = budget
        self.spent = 0
        self.exhausted = False
        """True once the budget ran out: fewer routes may have been found than asked for."""
        self._charging = False
        self._start_levels = None if start_levels is None else dict(start_levels)
        self._start_errors = None if start_errors is None else dict(start_errors)

    def _held_at_start(self, role_id: str) -> tuple[dict[str, float], dict[str, float]]:
        """What the person holds starting in *role_id*, and the standard errors of those levels."""
        if self._start_levels is not None:
            return dict(self._start_levels), dict(self._start_errors or {})
        return self._skill_levels(role_id), level_errors(self.ladder.roles[role_id])

    def _skill_levels(self, role_id: str) -> dict[str, float]:
        """What someone starting in *role_id* holds: its levels, not its optional skills
        (ESCO; see :func:`~careerpath.queries.measure.held_levels`)."""
        levels = self._levels.get(role_id)
        if levels is None:
            levels = self._levels[role_id] = held_levels(self.ladder.roles[role_id])
        return levels

    def _need(self, role_id: str) -> Need:
        """What reaching *role_id* counts (:func:`~careerpath.queries.measure.counted_need`)."""
        need = self._needs.get(role_id)
        if need is None:
            need = self._needs[role_id] = counted_need(self.ladder.roles[role_id], self._line)
        return need

    def _raise(
        self, have: dict[str, float], errors: dict[str, float], role_id: str
    ) -> tuple[dict[str, float], dict[str, float], float]:
        """*have* (and its standard errors) after reaching *role_id*, and the climb it took."""
        return reach(have, errors, self._need(role_id))

    def step_climbs(self, path: Sequence[str]) -> list[float]:
        """The climb of each step of a route, measured from what is held by then (as walk_route
        measures it): each skill level is counted once.

        A step to a role whose skills are unknown counts 0 here (``path`` shows the route's
        total as unknown).
        """
        have, errors = self._held_at_start(path[0])
        climbs = []
        for role_id in path[1:]:
            have, errors, gained = self._raise(have, errors, role_id)
            climbs.append(gained)
        return climbs

    def route_climb(self, path: Sequence[str]) -> float:
        """The total climb of a route (the sum of :meth:`step_climbs`)."""
        return sum(self.step_climbs(path))

    def unrated(self, role_id: str) -> bool:
        """Whether the data lists no skills for *role_id* (what reaching it asks is unknown)."""
        return not self._need(role_id).rated

    def key(self, path: Sequence[str]) -> RouteKey:
        """Where a route ranks: the one rule behind ``path`` and ``gap --along-route``.

        A route whose climb is unknown in part (it starts from or passes a role whose skills
        are not listed) ranks after the routes whose climb is known, as short as it (by steps)
        or at all (by gap).
        """
        climbs = self.step_climbs(path)
        steps, gap = float(len(path) - 1), sum(climbs)
        unknown = float(any(self.unrated(role_id) for role_id in path))
        if self.by == "gap":
            return (unknown, max(climbs, default=0.0), gap, steps, tuple(path))
        return (steps, unknown, gap, tuple(path))

    def _charge(self) -> None:
        # Called for every role the search looks at; past the first path it spends the budget.
        if self._charging:
            self.spent += 1
            if self.spent > self.budget:
                raise _OutOfBudget

    def view(
        self, blocked: Iterable[str] = (), *, avoid: bool = True, promotions_only: bool = True
    ) -> nx.DiGraph[str]:
        """The graph without avoided (and *blocked*) roles and, if asked, lateral steps.

        *avoid* and *promotions_only* set to False drop that constraint of the search.
        """
        import networkx as nx

        hidden = set(self.avoid if avoid else ()).union(blocked)
        full = self.full

        def keep_node(node: str) -> bool:
            self._charge()
            return node not in hidden

        def keep_edge(source: str, target: str) -> bool:
            edge = full.edges[source, target]
            # A related or inferred step counts as a promotion when it leads a level up.
            return bool(edge["kind"] == StepKind.promotion or edge.get("rises"))

        view: nx.DiGraph[str]
        if self.promotions_only and promotions_only:
            view = nx.subgraph_view(full, filter_node=keep_node, filter_edge=keep_edge)
        else:
            view = nx.subgraph_view(full, filter_node=keep_node)
        return view

    def paths(self, source: str, target: str, blocked: Iterable[str] = ()) -> Iterator[RolePath]:
        """Simple paths from *source* to *target*, fewest steps first, lazily (Yen's algorithm).

        The shortest path is always found; the search for each further one is charged to the
        budget, and the paths stop when it runs out.
        """
        import networkx as nx

        graph = self.view(blocked)
        if source not in graph or target not in graph:
            return
        generator: Iterator[RolePath] = nx.shortest_simple_paths(graph, source, target)
        try:
            path = next(generator)
        except (StopIteration, nx.NetworkXNoPath):
            return
        yield path
        while True:
            self._charging = True
            try:
                path = next(generator)
            except StopIteration:
                return
            except _OutOfBudget:
                self.exhausted = True
                return
            finally:
                self._charging = False
            yield path

    def shortest_paths(
        self, source: str, target: str, count: int, blocked: Iterable[str] = ()
    ) -> list[RolePath]:
        """Up to *count* routes by fewest steps, then climb, then role ids.

        Takes *count* paths from the lazy search, plus a few more as short as the last one
        kept, so that routes of equal length are ranked by climb rather than by search order.
        """
        if count <= 0:
            return []
        candidates = self.paths(source, target, blocked)
        found = list(islice(candidates, count))
        if len(found) == count:
            last = len(found[-1])
            for path in islice(candidates, _TIE_SLACK):
                if len(path) != last:
                    break
                found.append(path)
        found.sort(key=self.key)
        return found[:count]

    def easiest_paths(
        self, source: str, target: str, count: int, via: str | None = None
    ) -> list[RolePath]:
        """Up to *count* simple routes by the smallest hardest step, then smallest total climb,
        then steps, then role ids (:meth:`key` for ``by="gap"``).

        A best-first search over partial routes. A partial route's rank is whether it passed a
        role whose skills are unknown, then its hardest step so far, then its climb so far plus,
        as a lower bound of what is left, the levels the destination asks beyond those held
        (unweighted data; with importance weights or margins the bound is 0), then its steps
        and role ids. Every part is a lower bound of the same part of any route that completes
        it (a step's climb is never negative, so the hardest step and the total only grow, and
        when the hardest step stays the same the total still grows by at least the bound), so
        routes come out in exactly the order of the ranking. Partial routes
        that cannot reach the destination (or --via) are never extended; the number extended
        is charged to the budget.
        """
        import heapq

        import networkx as nx

        graph = self.view(promotions_only=True)
        if source not in graph or target not in graph:
            return []
        to_target = nx.ancestors(graph, target) | {target}
        to_via: set[str] = set()
        if via is not None:
            if via not in graph or via not in to_target:
                return []
            to_via = nx.ancestors(graph, via) | {via}
        if source not in to_target or (via is not None and source not in to_via):
            return []
        goal = self._need(target).levels
        # With weights or margins a level still missing may cost less than a level: no bound.
        weighted = any(
            self._need(role_id).weights or self._need(role_id).errors for role_id in to_target
        )

        def bound(have: Mapping[str, float]) -> float:
            if weighted:
                return 0.0
            return sum(max(0.0, level - max(0, have.get(s, 0))) for s, level in goal.items())

        start, start_errors = self._held_at_start(source)
        seen_via = via is None or source == via
        Entry = tuple[
            bool,
            float,
            float,
            int,
            tuple[str, ...],
            float,
            dict[str, float],
            dict[str, float],
            bool,
        ]
        heap: list[Entry] = [
            (
                self.unrated(source),
                0.0,
                bound(start),
                0,
                (source,),
                0.0,
                start,
                start_errors,
                seen_via,
            )
        ]
        found: list[RolePath] = []
        while heap and len(found) < count:
            unknown, hardest, _, steps, path, spent, have, errors, passed = heapq.heappop(heap)
            last = path[-1]
            if last == target:
                if passed:
                    found.append(list(path))
                continue
            self.spent += 1
            if found and self.spent > self.budget:
                self.exhausted = True
                break
            for following in graph.successors(last):
                if following in path or following not in to_target:
                    continue
                reached_via = passed or following == via
                if not reached_via and following not in to_via:
                    continue
                raised, raised_errors, gained = self._raise(have, errors, following)
                total = spent + gained
                entry = (
                    unknown or self.unrated(following),
                    max(hardest, gained),
                    total + bound(raised),
                    steps + 1,
                    (*path, following),
                    total,
                    raised,
                    raised_errors,
                    reached_via,
                )
                heapq.heappush(heap, entry)
        return found

    def reachable(self, source: str, blocked: Iterable[str] = ()) -> set[str]:
        import networkx as nx

        graph = self.view(blocked)
        if source not in graph:
            return set()
        return set(nx.descendants(graph, source))


def shortest_routes(
    graph: RouteGraph, source: str, via: str | None, target: str, count: int
) -> list[RolePath]:
    if via is None:
        return graph.shortest_paths(source, target, count)
    return _paths_via(graph, source, via, target, count)


def _paths_via(graph: RouteGraph, source: str, via: str, target: str, count: int) -> list[RolePath]:
    """The shortest simple routes source → via → target, ranked as routes always are.

    First halves come shortest first; each is completed by its best *count* second halves that
    do not revisit its roles, so every combination is a simple route. The search stops when no
    later first half can be as short as the routes found (its length plus the shortest second
    half at all), or after :data:`MAX_VIA_FIRST_HALVES` first halves.
    """
    cheapest_second = next(iter(graph.paths(via, target, blocked={source})), None)
    if cheapest_second is None:
        return []
    combined: set[tuple[str, ...]] = set()
    first_halves = graph.paths(source, via, blocked={target})
    for first in islice(first_halves, MAX_VIA_FIRST_HALVES):
        if len(combined) >= count:
            kth_best = sorted(len(path) for path in combined)[count - 1]
            if len(first) + len(cheapest_second) - 1 > kth_best:
                break
        for second in graph.shortest_paths(via, target, count, blocked=first[:-1]):
            combined.add(tuple(first + second[1:]))
    return sorted((list(path) for path in combined), key=graph.key)[:count]
