"""Career routes: the ways from one role to another, the next steps from a role, and role trees.

Three front doors: :func:`find_routes` (``careerpath path``), :func:`next_steps`
(``careerpath next``) and :func:`role_tree` (``careerpath tree``). Each returns a plain result
with a ``to_json()``; the command line renders the same object as a table or prints its JSON.

Route search is a lazy k-shortest-simple-paths search (Yen's algorithm, as networkx implements
it) from which only the first few routes are taken, so it stays bounded on graphs with
thousands of roles and tens of thousands of steps: simple paths are never enumerated.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any, Literal

from careerpath.catalog import RoleRef
from careerpath.errors import NoPath, UsageError
from careerpath.gaps import (
    climb,
    compare_skills,
    readiness,
    tool_key,
    tool_keys,
    tools_to_learn,
)

if TYPE_CHECKING:
    import networkx as nx

    from careerpath.ladder import Ladder
    from careerpath.models import Role
    from careerpath.similarity import InferredSteps

Ranking = Literal["steps", "gap"]
RANKINGS: tuple[Ranking, ...] = ("steps", "gap")

MAX_ALTERNATIVES = 20
"""Most alternative routes one search returns besides the best one."""
_TIE_SLACK = 5
"""Extra routes drawn past the last one kept when they cost the same, to order ties by id."""
_STEP_RANK = 10**12
"""Weight of one step when routes rank by steps: more than any route's total skill climb."""
MAX_TREE_NODES = 2_000
"""Most roles one tree shows; a dense graph's tree grows exponentially with depth."""
MAX_TREE_DEPTH = 100
"""Most steps from the root a tree shows, whatever --depth asks: deeper is no longer readable."""
SEARCH_BUDGET = 300_000
"""Most roles one route search may look at while looking for routes past the first best one.

Yen's algorithm runs a shortest-path search from every role of the last route found, so each
alternative to a very long route costs a lot; the budget bounds that work on any graph.
"""
MAX_VIA_FIRST_HALVES = 50
"""Most routes to a --via role that a search tries to complete to the destination."""
NEAREST_COUNT = 3
"""How many reachable roles a failed route search names as the nearest."""


# --------------------------------------------------------------------------- shared parts


@dataclass(frozen=True)
class SkillNeed:
    """A skill a step asks to gain or raise: level held (None: not held) and level needed."""

    id: str
    name: str
    have: int | None
    need: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "have": self.have, "need": self.need}


@dataclass(frozen=True)
class StepDemand:
    """What moving into a role asks of someone: skills to gain and raise, tools to learn."""

    new_skills: list[SkillNeed]
    raised_skills: list[SkillNeed]
    tools_to_learn: list[str]
    climb: int

    def to_json(self) -> dict[str, Any]:
        return {
            "skills_to_gain": [gap.to_json() for gap in self.new_skills],
            "skills_to_raise": [gap.to_json() for gap in self.raised_skills],
            "tools_to_learn": list(self.tools_to_learn),
            "climb": self.climb,
        }


def _ref(ladder: Ladder, role_id: str, lang: str) -> RoleRef:
    return RoleRef.of(ladder.roles[role_id], lang)


def step_demand(
    ladder: Ladder,
    have: Mapping[str, int],
    target: Role,
    known_tools: Iterable[str],
    lang: str = "en",
) -> StepDemand:
    """What *target* asks of someone holding the skills *have* and knowing *known_tools*."""
    need = target.skill_levels()
    new_skills: list[SkillNeed] = []
    raised_skills: list[SkillNeed] = []
    for change in compare_skills(have, need):
        if change.to_level is None or change.change not in ("new", "raise"):
            continue
        gap = SkillNeed(
            change.skill, ladder.skill_name(change.skill, lang), change.from_level, change.to_level
        )
        (new_skills if change.change == "new" else raised_skills).append(gap)
    return StepDemand(
        new_skills, raised_skills, tools_to_learn(target, known_tools), climb(have, need)
    )


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
        }
        if self.similarity is not None:
            document["similarity"] = round(self.similarity, 4)
        return {**document, **self.demand.to_json()}


@dataclass(frozen=True)
class Route:
    """A chain of career steps from one role to another.

    ``total_gap`` is the sum, over the steps, of the skill levels each step asks to gain;
    ``tools_to_learn`` are the tools met along the way that no earlier role on the route uses.
    """

    roles: list[RoleRef]
    steps: list[RouteStep]
    total_gap: int
    tools_to_learn: list[str]

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
            "total_gap": self.total_gap,
            "step_count": self.length,
            "tools_to_learn": list(self.tools_to_learn),
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
    note: str | None = None
    """Set when the start is the destination, or when the search stopped before finding as many
    routes as asked for (see :data:`SEARCH_BUDGET`)."""
    inferred: InferredSteps | None = None
    """The rule inferred steps followed, when the search took them (``--inferred``)."""

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "from": {"id": self.source.id, "title": self.source.title},
            "to": {"id": self.target.id, "title": self.target.title},
            "by": self.by,
            "via": {"id": self.via.id, "title": self.via.title} if self.via else None,
            "avoid": [{"id": ref.id, "title": ref.title} for ref in self.avoid],
            "promotions_only": self.promotions_only,
            "routes": [route.to_json() for route in self.routes],
        }
        if self.note is not None:
            document["note"] = self.note
        if self.inferred is not None:
            document["inferred"] = self.inferred.to_json()
        return document


RolePath = list[str]
"""A route as the ids of its roles, start first."""


class _OutOfBudget(Exception):
    """The search for more routes spent its budget."""


class _RouteGraph:
    """The step graph with the constraints of one search, and the weights that rank routes.

    Edge weights are integers chosen so that adding them up ranks routes lexicographically:
    by steps then total gap (``by="steps"``), or by total gap then steps (``by="gap"``).
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
        from careerpath.graph import build_graph

        self.ladder = ladder
        self.by = by
        self.avoid = avoid
        self.promotions_only = promotions_only
        self.full: nx.DiGraph[str]
        if inferred is None:
            self.full = build_graph(ladder)
        else:  # listed steps, and inferred ones added to each role the search reaches
            from careerpath.similarity import step_graph

            self.full = step_graph(ladder, inferred)
        self._climbs: dict[tuple[str, str], int] = {}
        self._levels: dict[str, dict[str, int]] = {}
        self.budget = SEARCH_BUDGET if budget is None else budget
        self.spent = 0
        self.exhausted = False
        """True once the budget ran out: fewer routes may have been found than asked for."""
        self._charging = False
        if by == "gap":
            # total = gap * size + steps, and a simple route has fewer than `size` steps.
            self._gap_factor, self._step_weight = max(1, self.full.number_of_nodes()), 1
        else:
            # total = steps * bound + gap; no route's gap reaches the bound (levels are at most
            # 100 and a file holds at most a few million values), so steps rank first.
            self._gap_factor, self._step_weight = 1, _STEP_RANK

    def climb(self, source: str, target: str) -> int:
        """Skill levels to gain on the step from *source* to *target* (cached)."""
        key = (source, target)
        value = self._climbs.get(key)
        if value is None:
            value = climb(self._skill_levels(source), self._skill_levels(target))
            self._climbs[key] = value
        return value

    def _skill_levels(self, role_id: str) -> dict[str, int]:
        levels = self._levels.get(role_id)
        if levels is None:
            levels = self._levels[role_id] = self.ladder.roles[role_id].skill_levels()
        return levels

    def edge_weight(self, source: str, target: str) -> int:
        return self._step_weight + self._gap_factor * self.climb(source, target)

    def weight(self, source: str, target: str, _attributes: Any) -> int:
        """The weight networkx searches by, when routes are ranked by gap."""
        return self.edge_weight(source, target)

    def _charge(self) -> None:
        # Called for every role the search looks at; past the first path it spends the budget.
        if self._charging:
            self.spent += 1
            if self.spent > self.budget:
                raise _OutOfBudget

    def cost(self, path: Sequence[str]) -> int:
        return sum(self.edge_weight(a, b) for a, b in pairwise(path))

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
            return bool(edge["kind"] == "promotion" or edge.get("rises"))

        view: nx.DiGraph[str]
        if self.promotions_only and promotions_only:
            view = nx.subgraph_view(full, filter_node=keep_node, filter_edge=keep_edge)
        else:
            view = nx.subgraph_view(full, filter_node=keep_node)
        return view

    def paths(
        self, source: str, target: str, blocked: Iterable[str] = ()
    ) -> Iterator[tuple[int, RolePath]]:
        """Simple paths from *source* to *target* with their costs, cheapest first, lazily.

        The cheapest path is always found; the search for each further one is charged to the
        budget, and the paths stop when it runs out.
        """
        import networkx as nx

        graph = self.view(blocked)
        if source not in graph or target not in graph:
            return
        # Ranked by steps, the search needs no weights: routes come shortest first, and the
        # skill climb that orders routes of equal length is computed only for routes found.
        # Computing it for every edge the search looks at cost most of a query's time.
        weight = self.weight if self.by == "gap" else None
        generator: Iterator[RolePath] = nx.shortest_simple_paths(
            graph, source, target, weight=weight
        )
        try:
            path = next(generator)
        except (StopIteration, nx.NetworkXNoPath):
            return
        yield self.cost(path), path
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
            yield self.cost(path), path

    def best_paths(
        self, source: str, target: str, count: int, blocked: Iterable[str] = ()
    ) -> list[tuple[int, RolePath]]:
        """Up to *count* cheapest simple paths, cheapest first; equal costs ordered by role ids.

        Takes at most *count* paths from the lazy search, plus a few more that tie with the
        last one kept.
        """
        if count <= 0:
            return []
        candidates = self.paths(source, target, blocked)
        found = list(islice(candidates, count))
        if len(found) == count:
            # The search orders by cost (by gap) or by length only (by steps): take a few more
            # routes that tie with the last one kept on that, so the sort below can rank them.
            def tie(item: tuple[int, RolePath]) -> int:
                return item[0] if self.by == "gap" else len(item[1])

            last = tie(found[-1])
            for item in islice(candidates, _TIE_SLACK):
                if tie(item) != last:
                    break
                found.append(item)
        found.sort(key=lambda item: (item[0], item[1]))
        return found[:count]

    def reachable(self, source: str, blocked: Iterable[str] = ()) -> set[str]:
        import networkx as nx

        graph = self.view(blocked)
        if source not in graph:
            return set()
        return set(nx.descendants(graph, source))


def _build_route(ladder: Ladder, graph: _RouteGraph, path: RolePath, lang: str) -> Route:
    roles = [_ref(ladder, role_id, lang) for role_id in path]
    steps: list[RouteStep] = []
    known = tool_keys(ladder.roles[path[0]])
    route_tools: list[str] = []
    for index in range(len(path) - 1):
        source, target = ladder.roles[path[index]], ladder.roles[path[index + 1]]
        edge = graph.full.edges[source.id, target.id]
        demand = step_demand(ladder, source.skill_levels(), target, tool_keys(source), lang)
        steps.append(
            RouteStep(
                roles[index],
                roles[index + 1],
                edge["kind"],
                edge["note"],
                demand,
                edge.get("similarity"),
            )
        )
        route_tools.extend(tools_to_learn(target, known))
        known |= tool_keys(target)
    total_gap = sum(step.demand.climb for step in steps)
    return Route(roles, steps, total_gap, route_tools)


def _route_key(by: Ranking, route: Route) -> tuple[int, int, list[str]]:
    if by == "gap":
        return (route.total_gap, route.length, route.role_ids())
    return (route.length, route.total_gap, route.role_ids())


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
        "inferred", see :mod:`careerpath.similarity`); a listed step always wins.

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
        raise UsageError(f"unknown ranking {by!r}; use one of: {', '.join(RANKINGS)}")
    if not 0 <= alternatives <= MAX_ALTERNATIVES:
        raise UsageError(f"--alternatives must be between 0 and {MAX_ALTERNATIVES}")
    avoided = {role.id: role for role in avoid}
    for label, role in (("start", source), ("destination", target), ("via role", via)):
        if role is not None and role.id in avoided:
            raise UsageError(f"cannot avoid the {label}, {role.title.get(lang)}")
    if via is not None and via.id in (source.id, target.id):
        via = None  # every route passes through its own ends
    routes: list[Route] = []
    note = None
    if source.id == target.id:
        note = f"{source.title.get(lang)} is both the start and the destination"
    else:
        graph = _RouteGraph(ladder, by, frozenset(avoided), promotions_only, inferred=inferred)
        count = alternatives + 1
        if via is None:
            paths = graph.best_paths(source.id, target.id, count)
        else:
            paths = _paths_via(graph, source.id, via.id, target.id, count)
        if not paths:
            raise _no_route(ladder, graph, source, target, via, lang)
        routes = [_build_route(ladder, graph, path, lang) for _, path in paths]
        routes.sort(key=lambda route: _route_key(by, route))
        if graph.exhausted and len(routes) < count:
            note = (
                f"stopped looking after {len(routes)} of {count} routes: this ladder is too "
                "large to search for more quickly"
            )
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


def _paths_via(
    graph: _RouteGraph, source: str, via: str, target: str, count: int
) -> list[tuple[int, RolePath]]:
    """The cheapest simple routes source → via → target.

    First halves come cheapest first; each is completed by its best *count* second halves that
    do not revisit its roles, so every combination is a simple route. The search stops when no
    later first half can beat the routes found (its cost plus the cheapest second half at all),
    or after :data:`MAX_VIA_FIRST_HALVES` first halves.
    """
    cheapest_second = next(iter(graph.paths(via, target, blocked={source})), None)
    if cheapest_second is None:
        return []
    combined: dict[tuple[str, ...], int] = {}
    first_halves = graph.paths(source, via, blocked={target})
    for first_cost, first in islice(first_halves, MAX_VIA_FIRST_HALVES):
        if len(combined) >= count:
            kth_best = sorted(combined.values())[count - 1]
            if first_cost + cheapest_second[0] > kth_best:
                break
        for second_cost, second in graph.best_paths(via, target, count, blocked=first[:-1]):
            combined[tuple(first + second[1:])] = first_cost + second_cost
    ranked = sorted(combined.items(), key=lambda item: (item[1], list(item[0])))
    return [(cost, list(path)) for path, cost in ranked[:count]]


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

    start, goal = source.title.get(lang), target.title.get(lang)
    full = graph.full
    if not nx.has_path(full, source.id, target.id):
        if target.level < source.level:
            reason = (
                f"{goal} (level {target.level}) sits below {start} (level {source.level}), "
                "and no step leads back down to it from here"
            )
        else:
            reason = f"nothing leads from {start} to {goal}: no chain of steps connects them"
        return NoPath(reason, _nearest(ladder, graph, source, target, lang))
    # A route exists without the constraints: name the ones that remove it on their own.
    reasons = []
    if graph.avoid:
        without_avoided = graph.view(promotions_only=False)
        if not nx.has_path(without_avoided, source.id, target.id):
            names = ", ".join(ladder.roles[r].title.get(lang) for r in sorted(graph.avoid))
            reasons.append(f"every route passes through an avoided role ({names})")
    if graph.promotions_only:
        promotions = graph.view(avoid=False)
        if not nx.has_path(promotions, source.id, target.id):
            reasons.append("every route needs a lateral move (--promotions-only)")
    if via is not None:
        middle = via.title.get(lang)
        if not nx.has_path(full, source.id, via.id):
            reasons.append(f"{middle} (--via) cannot be reached from {start}")
        elif not nx.has_path(full, via.id, target.id):
            reasons.append(f"nothing leads from {middle} (--via) to {goal}")
        elif not reasons:
            reasons.append(
                f"no route through {middle} (--via) reaches {goal} without visiting a role "
                "twice, within the other constraints"
            )
    if not reasons:
        reasons.append("together the constraints remove every route")
    reason = f"no route from {start} to {goal}: " + "; ".join(reasons)
    return NoPath(reason, _nearest(ladder, graph, source, target, lang))


def _nearest(
    ladder: Ladder, graph: _RouteGraph, source: Role, target: Role, lang: str
) -> list[tuple[str, str]]:
    """The roles reachable from *source* under the search's constraints closest to *target*.

    Closest: on the target's track first, then nearest in level (higher first on a tie).
    """
    reachable = graph.reachable(source.id)
    nearest = sorted(
        (ladder.roles[role_id] for role_id in reachable),
        key=lambda role: (
            role.track != target.track,
            abs(role.level - target.level),
            -role.level,
            role.title.get(lang).casefold(),
            role.id,
        ),
    )[:NEAREST_COUNT]
    return [(role.id, role.title.get(lang)) for role in nearest]


# --------------------------------------------------------------------------- next


@dataclass(frozen=True)
class NextStep:
    """A direct next step from a role, with how ready someone is for it."""

    role: RoleRef
    track: str
    kind: str
    note: str | None
    readiness: float
    demand: StepDemand
    similarity: float | None = None
    """How similar the two roles' skills are, for an inferred step (``kind`` "inferred")."""

    @property
    def readiness_percent(self) -> int:
        return round(self.readiness * 100)

    def to_json(self) -> dict[str, Any]:
        similarity = {} if self.similarity is None else {"similarity": round(self.similarity, 4)}
        return {
            **asdict(self.role),
            "track": self.track,
            "kind": self.kind,
            "note": self.note,
            **similarity,
            "readiness": round(self.readiness, 4),
            "readiness_percent": self.readiness_percent,
            **self.demand.to_json(),
        }


@dataclass(frozen=True)
class NextSteps:
    """Every direct next step from a role, the most ready first."""

    role: RoleRef
    measured_from: Literal["role", "profile"]
    candidates: list[NextStep]

    def to_json(self) -> dict[str, Any]:
        return {
            "role": asdict(self.role),
            "measured_from": self.measured_from,
            "candidates": [candidate.to_json() for candidate in self.candidates],
        }


def next_steps(
    ladder: Ladder,
    role: Role,
    lang: str = "en",
    have: Mapping[str, int] | None = None,
    known_tools: set[str] | None = None,
    inferred: InferredSteps | None = None,
) -> NextSteps:
    """Every step out of *role*, ranked by readiness.

    Parameters
    ----------
    ladder : Ladder
        The dataset.
    role : Role
        The role the steps leave from.
    lang : str
        Language of titles and skill names.
    have : mapping of skill id to level, optional
        The skills to measure readiness from; by default the role's own requirement (someone
        who fully meets the role).
    known_tools : set of str, optional
        Names of tools known (any case) in addition to those *role* uses.
    inferred : InferredSteps, optional
        Also list the steps no data file lists that similar skills suggest (``kind``
        "inferred"); a role a listed step leads to is listed once, with its listed step.

    Returns
    -------
    NextSteps
        The candidates by readiness (highest first), then smaller skill climb, promotions
        before lateral moves, level and title. Empty when nothing leads on from *role*.
    """
    skills = dict(have) if have is not None else role.skill_levels()
    tools = tool_keys(role).union(tool_key(name) for name in known_tools or ())
    moves: list[tuple[str, str, str | None, float | None]] = [
        (step.target_role, step.kind, step.note, None) for step in ladder.steps_from(role.id)
    ]
    if inferred is not None:
        moves += [(target, "inferred", None, score) for target, score in inferred.after(role.id)]
    candidates = []
    for target_id, kind, note, similarity in moves:
        target = ladder.roles[target_id]
        demand = step_demand(ladder, skills, target, tools, lang)
        candidates.append(
            NextStep(
                RoleRef.of(target, lang),
                target.track,
                kind,
                note,
                readiness(skills, target.skill_levels()),
                demand,
                similarity,
            )
        )
    candidates.sort(
        key=lambda c: (
            -c.readiness,
            c.demand.climb,
            c.kind != "promotion",
            c.role.level,
            c.role.title.casefold(),
            c.role.id,
        )
    )
    measured_from: Literal["role", "profile"] = "role" if have is None else "profile"
    return NextSteps(RoleRef.of(role, lang), measured_from, candidates)


# --------------------------------------------------------------------------- tree

Direction = Literal["down", "up"]


@dataclass
class TreeNode:
    """A role in a tree, reached from its parent by a step of ``kind`` (None at the root).

    ``seen_above`` marks a role already on the branch above (a cycle): it is not expanded again.
    ``more`` marks a role whose onward steps were left out (depth limit or size cap).
    """

    role: RoleRef
    kind: str | None = None
    note: str | None = None
    seen_above: bool = False
    more: bool = False
    children: list[TreeNode] = field(default_factory=list)
    similarity: float | None = None
    """How similar the role's skills are to its parent's, when reached by an inferred step."""

    def to_json(self) -> dict[str, Any]:
        similarity = {} if self.similarity is None else {"similarity": round(self.similarity, 4)}
        return {
            **asdict(self.role),
            "kind": self.kind,
            "note": self.note,
            **similarity,
            "seen_above": self.seen_above,
            "more": self.more,
            "children": [child.to_json() for child in self.children],
        }

    def walk(self) -> Iterator[TreeNode]:
        """This node and every node below it, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass(frozen=True)
class RoleTree:
    """Where a role leads (``down``) or where it comes from (``up``)."""

    root: TreeNode
    direction: Direction
    depth: int | None
    truncated: bool
    node_count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "depth": self.depth,
            "truncated": self.truncated,
            "node_count": self.node_count,
            "root": self.root.to_json(),
        }


def role_tree(
    ladder: Ladder,
    role: Role,
    *,
    up: bool = False,
    depth: int | None = None,
    lang: str = "en",
    max_nodes: int = MAX_TREE_NODES,
    inferred: InferredSteps | None = None,
) -> RoleTree:
    """The tree of roles *role* leads to (or, with *up*, comes from).

    Parameters
    ----------
    ladder : Ladder
        The dataset.
    role : Role
        The root.
    up : bool
        Follow steps backwards: where the role comes from.
    depth : int, optional
        Most steps from the root; all by default.
    lang : str
        Language of titles.
    max_nodes : int
        Most roles in the tree. A role reached by several branches appears once per branch,
        which grows exponentially on dense graphs; past this cap the tree stops growing and is
        marked ``truncated``. So it is past :data:`MAX_TREE_DEPTH` steps from the root.
    inferred : InferredSteps, optional
        Also follow the steps no data file lists that similar skills suggest (``kind``
        "inferred", with their ``similarity``).

    Returns
    -------
    RoleTree
        Built breadth first, so a capped tree shows its nearest levels whole. A role already on
        its own branch above is shown once more, marked ``seen_above``, and not expanded.

    Raises
    ------
    UsageError
        When *depth* or *max_nodes* is below 1.
    """
    if depth is not None and depth < 1:
        raise UsageError("--depth must be at least 1")
    if max_nodes < 1:
        raise UsageError("the tree needs room for at least one role")

    def onward(role_id: str) -> list[tuple[str, str, str | None, float | None]]:
        steps = ladder.steps_to(role_id) if up else ladder.steps_from(role_id)
        found: list[tuple[str, str, str | None, float | None]] = [
            (s.source_role if up else s.target_role, s.kind, s.note, None) for s in steps
        ]
        if inferred is not None:
            extra = inferred.before(role_id) if up else inferred.after(role_id)
            found += [(other, "inferred", None, score) for other, score in extra]
        return sorted(found, key=lambda item: _role_order(ladder, item[0], lang))

    root = TreeNode(RoleRef.of(role, lang))
    count = 1
    truncated = False
    queue: deque[tuple[TreeNode, frozenset[str], int]] = deque([(root, frozenset({role.id}), 0)])
    while queue:
        node, branch, level = queue.popleft()
        following = onward(node.role.id)
        if not following:
            continue
        if (depth is not None and level >= depth) or truncated:
            node.more = True
            continue
        if level >= MAX_TREE_DEPTH:
            node.more = truncated = True
            continue
        for role_id, kind, note, similarity in following:
            if count >= max_nodes:
                truncated = True
                node.more = True
                break
            child = TreeNode(
                _ref(ladder, role_id, lang),
                kind,
                note,
                seen_above=role_id in branch,
                similarity=similarity,
            )
            node.children.append(child)
            count += 1
            if not child.seen_above:
                queue.append((child, branch | {role_id}, level + 1))
    return RoleTree(root, "up" if up else "down", depth, truncated, count)


def _role_order(ladder: Ladder, role_id: str, lang: str) -> tuple[int, str, str]:
    role = ladder.roles[role_id]
    return (role.level, role.title.get(lang).casefold(), role.id)
