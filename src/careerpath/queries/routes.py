"""Career routes: the ways from one role to another (``careerpath path``).

The front door is :func:`find_routes`; it returns a plain result with a ``to_json()``, which
the command line renders as a table or prints as JSON. Next steps and trees are in
:mod:`careerpath.queries.steps`.

Route search is a lazy k-shortest-simple-paths search (Yen's algorithm, as networkx implements
it) from which only the first few routes are taken, so it stays bounded on graphs with
thousands of roles and tens of thousands of steps: simple paths are never enumerated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from careerpath.data.models import StepKind, text_in
from careerpath.errors import NoPath, UsageError
from careerpath.messages import Message, Parameter, _, joined
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import StepDemand, walk_route
from careerpath.queries.measure import (
    advance,
    number,
    role_levels,
    role_tools,
    skill_weights,
    tools_to_learn,
)

if TYPE_CHECKING:
    import networkx as nx

    from careerpath.data.ladder import Ladder
    from careerpath.data.models import Role
    from careerpath.queries.inferred import InferredSteps

Ranking = Literal["steps", "gap"]
RANKINGS: tuple[Ranking, ...] = ("steps", "gap")

MAX_ALTERNATIVES = 20
"""Most alternative routes one search returns besides the best one."""
_TIE_SLACK = 5
"""Extra routes drawn past the last one kept when they are as short, to order ties by climb."""
SEARCH_BUDGET = 300_000
"""Most roles one route search may look at while looking for routes past the first best one.

Yen's algorithm runs a shortest-path search from every role of the last route found, so each
alternative to a very long route costs a lot; the budget bounds that work on any graph. The
search by skill climb counts the partial routes it extends against the same budget.
"""
MAX_VIA_FIRST_HALVES = 50
"""Most routes to a --via role that a search tries to complete to the destination."""
NEAREST_COUNT = 3
"""How many reachable roles a failed route search names as the nearest."""


def _ref(ladder: Ladder, role_id: str, lang: str) -> RoleRef:
    return RoleRef.of(ladder.roles[role_id], lang)


# --------------------------------------------------------------------------- path


@dataclass(frozen=True)
class RouteStep:
    """One step of a route: the move from one role to the next, and what it asks."""

    source: RoleRef
    target: RoleRef
    kind: str
    note: str | None
    demand: StepDemand
    similarity: float | None = None
    """How similar the two roles' skills are, for an inferred step (``kind`` "inferred")."""

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "from": self.source.id,
            "to": self.target.id,
            "kind": self.kind,
            "note": self.note,
            "similarity": None if self.similarity is None else round(self.similarity, 4),
        }
        return {**document, **self.demand.to_json()}


@dataclass(frozen=True)
class Route:
    """A chain of career steps from one role to another.

    Each step is measured from what the person holds by then (see
    :func:`careerpath.queries.gaps.walk_route`): the start role's skills, raised by every role
    passed.
    ``total_gap`` is the sum of the steps' climbs, so a skill is counted once however many roles
    on the way ask for it; ``tools_to_learn`` are the tools met along the way that no earlier
    role on the route uses, or None when the data does not say which tools the start role uses.
    """

    roles: list[RoleRef]
    steps: list[RouteStep]
    total_gap: float
    tools_to_learn: list[str] | None

    @property
    def length(self) -> int:
        """Number of steps."""
        return len(self.steps)

    @property
    def kinds(self) -> list[str]:
        return [step.kind for step in self.steps]

    def role_ids(self) -> list[str]:
        return [ref.id for ref in self.roles]

    def to_json(self) -> dict[str, Any]:
        return {
            "steps": [asdict(ref) for ref in self.roles],
            "kinds": self.kinds,
            "total_gap": number(self.total_gap),
            "step_count": self.length,
            "tools_to_learn": None if self.tools_to_learn is None else list(self.tools_to_learn),
            "moves": [step.to_json() for step in self.steps],
        }


@dataclass(frozen=True)
class RouteSearch:
    """The routes ``path`` found, best first, with the question that was asked."""

    source: RoleRef
    target: RoleRef
    by: Ranking
    routes: list[Route]
    via: RoleRef | None = None
    avoid: list[RoleRef] = field(default_factory=list)
    promotions_only: bool = False
    note: Message | None = None
    """Set when the start is the destination, or when the search stopped before finding as many
    routes as asked for (see :data:`SEARCH_BUDGET`); None otherwise."""
    inferred: InferredSteps | None = None
    """The rule inferred steps followed, when the search took them (``--inferred``)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "from": {"id": self.source.id, "title": self.source.title},
            "to": {"id": self.target.id, "title": self.target.title},
            "by": self.by,
            "via": {"id": self.via.id, "title": self.via.title} if self.via else None,
            "avoid": [{"id": ref.id, "title": ref.title} for ref in self.avoid],
            "promotions_only": self.promotions_only,
            "routes": [route.to_json() for route in self.routes],
            "note": self.note.to_json() if self.note is not None else None,
            "inferred": None if self.inferred is None else self.inferred.to_json(),
        }


RolePath = list[str]
"""A route as the ids of its roles, start first."""

RouteKey = tuple[float, float, tuple[str, ...]]
"""How routes rank: (steps, climb) or (climb, steps), then their role ids, start first."""


class _OutOfBudget(Exception):
    """The search for more routes spent its budget."""


class _RouteGraph:
    """The step graph with the constraints of one search, and the rule that ranks routes.

    Routes rank by fewest steps then smallest total climb (``by="steps"``), or by smallest total
    climb then fewest steps (``by="gap"``); routes that tie on both rank by their role ids. The
    climb of a route depends on the whole route (a skill raised early is not raised again), so
    it is computed for routes found, never as a weight per step.
    """

    def __init__(
        self,
        ladder: Ladder,
        by: Ranking,
        avoid: frozenset[str] = frozenset(),
        promotions_only: bool = False,
        budget: int | None = None,
        inferred: InferredSteps | None = None,
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
        self._weights: dict[str, dict[str, float]] = {}
        self.budget = SEARCH_BUDGET if budget is None else budget
        self.spent = 0
        self.exhausted = False
        """True once the budget ran out: fewer routes may have been found than asked for."""
        self._charging = False

    def _skill_levels(self, role_id: str) -> dict[str, float]:
        levels = self._levels.get(role_id)
        if levels is None:
            levels = self._levels[role_id] = dict(self.ladder.roles[role_id].skill_levels())
        return levels

    def _skill_weights(self, role_id: str) -> dict[str, float]:
        weights = self._weights.get(role_id)
        if weights is None:
            weights = self._weights[role_id] = skill_weights(self.ladder.roles[role_id])
        return weights

    def _raise(self, have: dict[str, float], role_id: str) -> tuple[dict[str, float], float]:
        """*have* after reaching *role_id*, and the (importance-weighted) climb it took."""
        return advance(have, self._skill_levels(role_id), self._skill_weights(role_id))

    def route_climb(self, path: Sequence[str]) -> float:
        """The total climb of a route, each skill level counted once (as walk_route counts)."""
        have = self._skill_levels(path[0])
        total = 0.0
        for role_id in path[1:]:
            have, gained = self._raise(have, role_id)
            total += gained
        return total

    def key(self, path: Sequence[str]) -> RouteKey:
        """Where a route ranks: the one rule behind ``path`` and ``gap --along-route``."""
        steps, gap = float(len(path) - 1), self.route_climb(path)
        first, second = (gap, steps) if self.by == "gap" else (steps, gap)
        return (first, second, tuple(path))

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
            # An inferred step counts as a promotion when it leads a level up.
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
        """Up to *count* simple routes by smallest total climb, then steps, then role ids.

        A best-first search over partial routes. A partial route's rank is its climb so far
        plus, as a lower bound of what is left, the levels the destination asks beyond those
        held (unweighted data; with importance weights the bound is 0). Neither part falls as a
        route grows, so routes come out in exactly the order of the ranking. Partial routes
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
        goal = self._skill_levels(target)
        weighted = any(self._skill_weights(role_id) for role_id in to_target)

        def bound(have: Mapping[str, float]) -> float:
            if weighted:
                return 0.0
            return sum(max(0.0, level - max(0, have.get(s, 0))) for s, level in goal.items())

        start = self._skill_levels(source)
        seen_via = via is None or source == via
        Entry = tuple[float, int, tuple[str, ...], float, dict[str, float], bool]
        heap: list[Entry] = [(bound(start), 0, (source,), 0.0, start, seen_via)]
        found: list[RolePath] = []
        while heap and len(found) < count:
            _, steps, path, spent, have, passed = heapq.heappop(heap)
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
                raised, gained = self._raise(have, following)
                total = spent + gained
                entry = (
                    total + bound(raised),
                    steps + 1,
                    (*path, following),
                    total,
                    raised,
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


def _build_route(ladder: Ladder, graph: _RouteGraph, path: RolePath, lang: str) -> Route:
    roles = [ladder.roles[role_id] for role_id in path]
    refs = [RoleRef.of(role, lang) for role in roles]
    start_tools = role_tools(roles[0])
    demands = walk_route(ladder, roles, role_levels(roles[0]), start_tools, lang)
    steps: list[RouteStep] = []
    for index, demand in enumerate(demands):
        edge = graph.full.edges[path[index], path[index + 1]]
        steps.append(
            RouteStep(
                refs[index],
                refs[index + 1],
                edge["kind"],
                edge["note"],
                demand,
                edge.get("similarity"),
            )
        )
    route_tools: list[str] | None = None
    if start_tools is not None:
        known = set(start_tools)
        route_tools = []
        for role in roles[1:]:
            route_tools.extend(tools_to_learn(role, known))
            known |= role_tools(role) or set()
    total_gap = sum(step.demand.climb for step in steps)
    return Route(refs, steps, total_gap, route_tools)


def find_routes(
    ladder: Ladder,
    source: Role,
    target: Role,
    *,
    by: Ranking = "steps",
    alternatives: int = 2,
    via: Role | None = None,
    avoid: Sequence[Role] = (),
    promotions_only: bool = False,
    lang: str = "en",
    inferred: InferredSteps | None = None,
) -> RouteSearch:
    """The best routes from *source* to *target*, best first.

    Parameters
    ----------
    ladder : Ladder
        The dataset whose steps the routes follow.
    source, target : Role
        Where the routes start and end.
    by : "steps" or "gap"
        Rank by fewest steps (then smallest total skill climb), or by smallest total skill climb
        (then fewest steps). Routes that tie on both are ordered by their role ids.
    alternatives : int
        How many routes to return besides the best one (0 to 20).
    via : Role, optional
        A role every route must pass through.
    avoid : sequence of Role
        Roles no route may pass through.
    promotions_only : bool
        Use promotions only, no lateral moves.
    lang : str
        Language of the titles and skill names in the result.
    inferred : InferredSteps, optional
        Also take the steps no data file lists that similar skills suggest (``kind``
        "inferred", see :mod:`careerpath.queries.inferred`); a listed step always wins.

    Returns
    -------
    RouteSearch
        Up to ``alternatives + 1`` distinct simple routes. When *source* is *target* there is
        nothing to search: no routes, and a ``note`` saying so.

    Raises
    ------
    NoPath
        When no route satisfies the constraints; the message says why and ``nearest`` names the
        reachable roles closest to *target*.
    UsageError
        When *alternatives* is out of range, or the start, destination or via role is avoided.
    """
    if by not in RANKINGS:
        raise UsageError(
            _("unknown ranking {ranking}; use one of: {choices}").format(
                ranking=repr(by), choices=", ".join(RANKINGS)
            )
        )
    if not 0 <= alternatives <= MAX_ALTERNATIVES:
        raise UsageError(
            _("{alternatives_option} must be between 0 and {most}")
            .format(alternatives_option=Parameter("alternatives"))
            .format(most=MAX_ALTERNATIVES)
        )
    avoided = {role.id: role for role in avoid}
    cannot = (
        (_("cannot avoid the start, {title}"), source),
        (_("cannot avoid the destination, {title}"), target),
        (_("cannot avoid the via role, {title}"), via),
    )
    for message, role in cannot:
        if role is not None and role.id in avoided:
            raise UsageError(message.format(title=role.title.get(lang)))
    if via is not None and via.id in (source.id, target.id):
        via = None  # every route passes through its own ends
    routes: list[Route] = []
    note = None
    if source.id == target.id:
        note = _("{title} is both the start and the destination").format(
            role=source.id, title=source.title.get(lang)
        )
        note = note.with_code("same_role")
    else:
        graph = _RouteGraph(ladder, by, frozenset(avoided), promotions_only, inferred=inferred)
        count = alternatives + 1
        via_id = via.id if via is not None else None
        paths: list[RolePath] = []
        if by == "gap":
            paths = graph.easiest_paths(source.id, target.id, count, via_id)
            if graph.exhausted and not paths:
                # Too large to rank exhaustively: rank the shortest routes by climb instead.
                graph.spent, graph.exhausted = 0, False
                paths = _shortest(graph, source.id, via_id, target.id, count)
                paths.sort(key=graph.key)
                note = _(
                    "this ladder is too large to rank every route by skill climb: the routes "
                    "shown are the shortest ones, ranked by climb"
                ).with_code("ranked_shortest")
        else:
            paths = _shortest(graph, source.id, via_id, target.id, count)
        if not paths:
            raise _no_route(ladder, graph, source, target, via, lang)
        routes = [_build_route(ladder, graph, path, lang) for path in paths]
        if graph.exhausted and len(routes) < count and note is None:
            note = _(
                "stopped looking after {found} of {wanted} routes: this ladder is too "
                "large to search for more quickly"
            ).format(found=len(routes), wanted=count)
            note = note.with_code("search_stopped")
    return RouteSearch(
        source=RoleRef.of(source, lang),
        target=RoleRef.of(target, lang),
        by=by,
        routes=routes,
        via=RoleRef.of(via, lang) if via else None,
        avoid=[RoleRef.of(role, lang) for role in avoided.values()],
        promotions_only=promotions_only,
        note=note,
        inferred=inferred,
    )


def _shortest(
    graph: _RouteGraph, source: str, via: str | None, target: str, count: int
) -> list[RolePath]:
    if via is None:
        return graph.shortest_paths(source, target, count)
    return _paths_via(graph, source, via, target, count)


def _paths_via(
    graph: _RouteGraph, source: str, via: str, target: str, count: int
) -> list[RolePath]:
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


def _no_route(
    ladder: Ladder,
    graph: _RouteGraph,
    source: Role,
    target: Role,
    via: Role | None,
    lang: str,
) -> NoPath:
    """The NoPath error for a failed search: why, in words, and the nearest reachable roles."""
    import networkx as nx

    from careerpath.data.models import UNKNOWN_LEVEL

    start, goal = source.title.get(lang), target.title.get(lang)
    full = graph.full
    if not nx.has_path(full, source.id, target.id):
        # Level 0 is a level the data does not know (an O*NET occupation without a job zone):
        # such a role is neither below nor above another.
        if UNKNOWN_LEVEL < target.level < source.level:
            reason = _(
                "{goal} (level {goal_level}) sits below {start} (level {start_level}), "
                "and no step leads back down to it from here"
            ).format(goal=goal, goal_level=target.level, start=start, start_level=source.level)
        else:
            reason = _(
                "nothing leads from {start} to {goal}: no chain of steps connects them"
            ).format(start=start, goal=goal)
            unknown = [
                title
                for role, title in ((source, start), (target, goal))
                if role.level == UNKNOWN_LEVEL
            ]
            if unknown:
                reason += " (" + _("{roles}: level unknown").format(roles=", ".join(unknown)) + ")"
        return NoPath(reason, _nearest(ladder, graph, source, target, lang))
    # A route exists without the constraints: name the ones that remove it on their own.
    reasons = []
    if graph.avoid:
        without_avoided = graph.view(promotions_only=False)
        if not nx.has_path(without_avoided, source.id, target.id):
            names = ", ".join(ladder.roles[r].title.get(lang) for r in sorted(graph.avoid))
            reasons.append(
                _("every route passes through an avoided role ({names})").format(names=names)
            )
    if graph.promotions_only:
        promotions = graph.view(avoid=False)
        if not nx.has_path(promotions, source.id, target.id):
            reasons.append(
                _("every route needs a lateral move ({promotions_only_option})").format(
                    promotions_only_option=Parameter("promotions_only")
                )
            )
    if via is not None:
        middle = via.title.get(lang)
        if not nx.has_path(full, source.id, via.id):
            reasons.append(
                _("{via} ({via_option}) cannot be reached from {start}")
                .format(via_option=Parameter("via"))
                .format(via=middle, start=start)
            )
        elif not nx.has_path(full, via.id, target.id):
            reasons.append(
                _("nothing leads from {via} ({via_option}) to {goal}")
                .format(via_option=Parameter("via"))
                .format(via=middle, goal=goal)
            )
        elif not reasons:
            reasons.append(
                _(
                    "no route through {via} ({via_option}) reaches {goal} without visiting a role "
                    "twice, within the other constraints"
                )
                .format(via_option=Parameter("via"))
                .format(via=middle, goal=goal)
            )
    if not reasons:
        reasons.append(_("together the constraints remove every route"))
    reason = _("no route from {start} to {goal}").format(start=start, goal=goal)
    reason += ": " + joined("; ", reasons)
    return NoPath(reason, _nearest(ladder, graph, source, target, lang))


def _nearest(
    ladder: Ladder, graph: _RouteGraph, source: Role, target: Role, lang: str
) -> list[tuple[str, str]]:
    """The roles reachable from *source* under the search's constraints closest to *target*.

    Closest: on the target's track first, then nearest in level (higher first on a tie). Level
    counts only where both levels are known: a role of unknown level is not near in level.
    """
    from careerpath.data.models import UNKNOWN_LEVEL

    def level_distance(role: Role) -> float:
        if target.level == UNKNOWN_LEVEL:
            return 0
        return abs(role.level - target.level) if role.level != UNKNOWN_LEVEL else math.inf

    # The destination is never "near": when it is reachable at all, the constraints are why
    # no route was found, and naming it as a role one can reach would read as a contradiction.
    reachable = graph.reachable(source.id) - {source.id, target.id}
    nearest = sorted(
        (ladder.roles[role_id] for role_id in reachable),
        key=lambda role: (
            text_in(role.track, "en") != text_in(target.track, "en"),
            level_distance(role),
            -role.level if target.level != UNKNOWN_LEVEL else 0,
            role.title.get(lang).casefold(),
            role.id,
        ),
    )[:NEAREST_COUNT]
    return [(role.id, role.title.get(lang)) for role in nearest]
