"""Career routes: the ways from one role to another (``careerpath path``).

The front door is :func:`find_routes`; it returns a plain result with a ``to_json()``, which
the command line renders as a table or prints as JSON. Next steps and trees are in
:mod:`careerpath.queries.steps`.

The search itself is in :mod:`careerpath.queries.route_search`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from careerpath.data.records import text_in
from careerpath.errors import NoPath, UsageError
from careerpath.messages import Message, Parameter, _, joined
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import StepDemand, tools_count, walk_route
from careerpath.queries.measure import (
    importance_line,
    level_change,
    number,
    starting_errors,
    starting_levels,
    starting_perhaps,
    starting_tools,
    tools_are_examples,
)
from careerpath.queries.route_search import (
    RANKINGS,
    Ranking,
    RolePath,
    RouteGraph,
    shortest_routes,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role
    from careerpath.queries.inferred import InferredSteps
    from careerpath.queries.similarity import SharedSkill


MAX_ALTERNATIVES = 20
"""Most alternative routes one search returns besides the best one."""
SEARCH_BUDGET = 300_000
"""Most roles one route search may look at while looking for routes past the first best one.

Yen's algorithm runs a shortest-path search from every role of the last route found, so each
alternative to a very long route costs a lot; the budget bounds that work on any graph. The
search by skill climb counts the partial routes it extends against the same budget.
"""
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
    shared: tuple[SharedSkill, ...] | None = None
    """For an inferred step, the skills the two roles share, the weightiest first."""

    @property
    def level_change(self) -> int | None:
        """Levels up (negative: down) from the source to the target; None where unknown."""
        return level_change(self.source.level, self.target.level)

    def to_json(self) -> dict[str, Any]:
        from careerpath.queries.similarity import similarity_figure

        shared = None if self.shared is None else [skill.to_json() for skill in self.shared]
        document: dict[str, Any] = {
            "from": self.source.id,
            "to": self.target.id,
            "kind": self.kind,
            "level_change": self.level_change,
            "note": self.note,
            "similarity": None if self.similarity is None else similarity_figure(self.similarity),
            "shared_skills": shared,
        }
        return {**document, **self.demand.to_json()}


@dataclass(frozen=True)
class Route:
    """A chain of career steps from one role to another.

    Each step is measured from what the person holds by then (see
    :func:`careerpath.queries.gaps.walk_route`): the start role's skills, raised by every role
    passed.
    ``total_gap`` is the sum of the steps' climbs, so a skill is counted once however many roles
    on the way ask for it; None when a step leads to a role whose skills the data does not list
    (what it asks is unknown). ``tools_to_learn`` are the tools met along the way that no
    earlier role on the route uses (where tool lists are examples, those flagged hot or in
    demand unless every tool was asked for; ``tools_not_listed`` counts the others), or None
    when the data does not say which tools the start role uses, or any role after it.
    ``tools_at_least``: some roles' tools are unknown, so the tools are a lower bound.
    """

    roles: list[RoleRef]
    steps: list[RouteStep]
    total_gap: float | None
    tools_to_learn: list[str] | None
    tools_at_least: bool = False
    tools_not_listed: int = 0
    tools_are_examples: bool = False
    notable_only: bool = False

    @property
    def hardest_step(self) -> float | None:
        """The largest climb of one step (each measured from what is held by then); None when
        a step's climb is unknown."""
        climbs = [step.demand.climb for step in self.steps]
        if not climbs or any(c is None for c in climbs):
            return None
        return max(c or 0.0 for c in climbs)

    @property
    def hardest_step_number(self) -> int | None:
        """Which step (1 first) is the hardest; the first of equals; None when unknown."""
        hardest = self.hardest_step
        if hardest is None:
            return None
        return next(n for n, s in enumerate(self.steps, 1) if s.demand.climb == hardest)

    @property
    def length(self) -> int:
        """Number of steps."""
        return len(self.steps)

    def tools_count(self) -> Message | None:
        """How many tools the route brings that are new, in words (None: unknown)."""
        if self.tools_to_learn is None:
            return None
        return tools_count(
            len(self.tools_to_learn),
            examples=self.tools_are_examples,
            notable_only=self.notable_only,
            at_least=self.tools_at_least,
        )

    @property
    def kinds(self) -> list[str]:
        return [step.kind for step in self.steps]

    def role_ids(self) -> list[str]:
        return [ref.id for ref in self.roles]

    def to_json(self) -> dict[str, Any]:
        return {
            "steps": [asdict(ref) for ref in self.roles],
            "kinds": self.kinds,
            "total_gap": None if self.total_gap is None else number(self.total_gap),
            "hardest_step": None if self.hardest_step is None else number(self.hardest_step),
            "hardest_step_number": self.hardest_step_number,
            "step_count": self.length,
            "tools_to_learn": None if self.tools_to_learn is None else list(self.tools_to_learn),
            "tools_to_learn_at_least": self.tools_at_least,
            "tools_not_listed": self.tools_not_listed,
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
    least_importance: float | None = None
    """The importance line: skills rated below it are not counted (None: every skill is)."""
    measured_from: str = "role"
    """What the first step is measured from: "role" (the start role's own skills) or "profile"
    (your skills, ``--have``/``--profile``); each later step from what is held after the
    steps before it."""

    def to_json(self) -> dict[str, Any]:
        line = self.least_importance
        return {
            "from": {"id": self.source.id, "title": self.source.title},
            "measured_from": self.measured_from,
            "to": {"id": self.target.id, "title": self.target.title},
            "by": self.by,
            "via": {"id": self.via.id, "title": self.via.title} if self.via else None,
            "avoid": [{"id": ref.id, "title": ref.title} for ref in self.avoid],
            "promotions_only": self.promotions_only,
            "routes": [route.to_json() for route in self.routes],
            "note": self.note.to_json() if self.note is not None else None,
            "inferred": None if self.inferred is None else self.inferred.to_json(),
            "least_importance": None if line is None else number(line),
        }


def _build_route(
    ladder: Ladder,
    graph: RouteGraph,
    path: RolePath,
    lang: str,
    all_skills: bool = False,
    all_tools: bool = False,
    have: Mapping[str, float] | None = None,
    known_tools: Iterable[str] | None = None,
    inferred: InferredSteps | None = None,
) -> Route:
    roles = [ladder.roles[role_id] for role_id in path]
    refs = [RoleRef.of(role, lang) for role in roles]
    levels = None if have is None else dict(have)
    start_tools = starting_tools(roles[0], known_tools)
    demands = walk_route(
        ladder,
        roles,
        starting_levels(roles[0], levels),
        start_tools,
        lang,
        errors=starting_errors(roles[0], levels),
        all_skills=all_skills,
        all_tools=all_tools,
        start="role" if have is None else "profile",
        perhaps=starting_perhaps(roles[0], levels),
    )
    steps: list[RouteStep] = []
    for index, demand in enumerate(demands):
        edge = graph.full.edges[path[index], path[index + 1]]
        similarity = edge.get("similarity")
        shared = None
        if inferred is not None and similarity is not None:
            shared = tuple(inferred.shared(path[index], path[index + 1], lang))
        steps.append(
            RouteStep(
                refs[index],
                refs[index + 1],
                edge["kind"],
                text_in(edge["note"], lang) or None,
                demand,
                similarity,
                shared,
            )
        )
    # Each step lists the tools new by then, so together they are the route's new tools. A role
    # whose tools are unknown may bring more: the rest is then a lower bound ("at least").
    route_tools: list[str] | None = None
    not_listed = 0
    unknown = any(step.demand.tools_to_learn is None for step in steps)
    if start_tools is not None and not all(step.demand.tools_to_learn is None for step in steps):
        route_tools = []
        for step in steps:
            route_tools.extend(step.demand.tools_to_learn or ())
            not_listed += step.demand.tools_not_listed
    climbs = [step.demand.climb for step in steps]
    total_gap = None if any(c is None for c in climbs) else sum(c or 0 for c in climbs)
    examples = tools_are_examples(ladder)
    return Route(
        refs,
        steps,
        total_gap,
        route_tools,
        tools_at_least=unknown and route_tools is not None,
        tools_not_listed=not_listed,
        tools_are_examples=examples,
        notable_only=examples and not all_tools,
    )


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
    all_skills: bool = False,
    all_tools: bool = False,
    have: Mapping[str, float] | None = None,
    known_tools: Iterable[str] | None = None,
) -> RouteSearch:
    """The best routes from *source* to *target*, best first.

    Parameters
    ----------
    ladder : Ladder
        The dataset whose steps the routes follow.
    source, target : Role
        Where the routes start and end.
    by : "steps" or "gap"
        Rank by fewest steps (then smallest total skill climb), or by the smallest hardest
        single step (each step measured from what is held by then), then the smallest total
        climb, then fewest steps. Routes that tie on all are ordered by their role ids.
    alternatives : int
        How many routes to return besides the best one (0 to 20).
    via : Role, optional
        A role every route must pass through.
    avoid : sequence of Role
        Roles no route may pass through.
    promotions_only : bool
        Use promotions only, no lateral moves: a related or inferred step counts when it
        leads to a higher level (both levels known).
    lang : str
        Language of the titles and skill names in the result.
    inferred : InferredSteps, optional
        Also take the steps no data file lists that similar skills suggest (``kind``
        "inferred", see :mod:`careerpath.queries.inferred`); a listed step always wins.
    all_skills : bool
        Count every skill a role rates, not only those of importance at least the line
        (:func:`~careerpath.queries.measure.importance_line`), in the ranking and the figures.
    all_tools : bool
        Where tool lists are examples (O*NET), list every new tool, not only the hot or
        in-demand ones.
    have : mapping of skill id to level, optional
        Your own levels; they override the start role's for the skills they name. The route
        figures (and the ranking by gap) are measured from them.
    known_tools : iterable of str, optional
        Names of tools known in addition to those the start role uses.

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
        graph = RouteGraph(
            ladder,
            by,
            frozenset(avoided),
            promotions_only,
            budget=SEARCH_BUDGET,
            inferred=inferred,
            all_skills=all_skills,
            start_levels=None if have is None else starting_levels(source, dict(have)),
            start_errors=None if have is None else starting_errors(source, dict(have)),
        )
        count = alternatives + 1
        via_id = via.id if via is not None else None
        paths: list[RolePath] = []
        if by == "gap":
            paths = graph.easiest_paths(source.id, target.id, count, via_id)
            if graph.exhausted and not paths:
                # Too large to rank exhaustively: rank the shortest routes by climb instead.
                graph.spent, graph.exhausted = 0, False
                paths = shortest_routes(graph, source.id, via_id, target.id, count)
                paths.sort(key=graph.key)
                note = _(
                    "this ladder is too large to rank every route by skill climb: the routes "
                    "shown are the shortest ones, ranked by climb"
                ).with_code("ranked_shortest")
        else:
            paths = shortest_routes(graph, source.id, via_id, target.id, count)
        if not paths:
            raise _no_route(ladder, graph, source, target, via, lang)
        routes = [
            _build_route(
                ladder, graph, path, lang, all_skills, all_tools, have, known_tools, inferred
            )
            for path in paths
        ]
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
        least_importance=importance_line(ladder.importance_scale, all_skills=all_skills),
        measured_from="role" if have is None else "profile",
    )


def _no_route(
    ladder: Ladder,
    graph: RouteGraph,
    source: Role,
    target: Role,
    via: Role | None,
    lang: str,
) -> NoPath:
    """The NoPath error for a failed search: why, in words, and the nearest reachable roles."""
    import networkx as nx

    from careerpath.data.records import UNKNOWN_LEVEL

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
    ladder: Ladder, graph: RouteGraph, source: Role, target: Role, lang: str
) -> list[tuple[str, str]]:
    """The roles reachable from *source* under the search's constraints closest to *target*.

    Closest: on the target's track first, then nearest in level (higher first on a tie). Level
    counts only where both levels are known: a role of unknown level is not near in level.
    """
    from careerpath.data.records import UNKNOWN_LEVEL

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
