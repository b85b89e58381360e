"""A learning plan along the best route: what to learn at each move, each skill once.

``careerpath plan FROM TO`` takes the route ``path`` ranks first and measures it as ``path``
and ``gap --along-route`` do (:func:`~careerpath.queries.demand.walk_route`: each move from
what the person holds by then). A skill is named at the first move that asks for it, with the
level to reach by the end of the route, so nothing is learned twice; the plan's skills are
exactly the route's gains and raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from careerpath.data.records import text_in
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import SkillNeed, StepDemand, walk_route
from careerpath.queries.measure import (
    counted_need,
    importance_line,
    number,
    percent,
    share_figure,
    starting_errors,
    starting_levels,
    starting_perhaps,
    starting_tools,
)
from careerpath.queries.route_search import Ranking
from careerpath.queries.routes import find_routes

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role
    from careerpath.messages import Message
    from careerpath.queries.inferred import InferredSteps
    from careerpath.queries.routes import Route


@dataclass(frozen=True)
class PlanSkill:
    """One skill to gain or raise, at the first move that asks for it.

    ``from_level`` is what the person holds when the route starts (None: not held);
    ``to_level`` the highest level any role on the route asks for, to reach by its end (None
    where the data gives no levels). ``needed_again`` says a later role on the route asks for
    the skill too, so learning it now serves every later move.
    """

    id: str
    name: str
    description: str | None
    from_level: float | None
    to_level: float | None
    levelled: bool
    essential: bool | None
    importance: float | None
    needed_again: bool
    level_meaning: str | None
    """What the dataset's scale says the level to reach means (None where it does not say)."""

    @property
    def levels_to_climb(self) -> float:
        """How many levels the skill rises by the end of the route (1 for a skill without
        levels: to learn)."""
        if not self.levelled or self.to_level is None:
            return 1.0
        return self.to_level - max(0.0, self.from_level or 0.0)

    @property
    def new(self) -> bool:
        """Not held at all when the route starts (else: raised)."""
        return self.from_level is None or self.from_level <= 0

    def to_json(self) -> dict[str, Any]:
        shown = self.levelled
        return {
            "id": self.id,
            "name": self.name,
            "change": "new" if self.new else "raise",
            "from": None if self.from_level is None or not shown else number(self.from_level),
            "to": None if self.to_level is None or not shown else number(self.to_level),
            "essential": self.essential,
            "importance": None if self.importance is None else number(self.importance),
            "needed_again": self.needed_again,
            "description": self.description,
            "level_meaning": self.level_meaning,
        }


@dataclass(frozen=True)
class PlanMove:
    """One move of the route, and the skills first asked for there."""

    number: int
    source: RoleRef
    target: RoleRef
    kind: str
    skills: list[PlanSkill]
    demand: StepDemand
    """What the move asks, measured from what the person holds by then (as ``path`` shows)."""

    @property
    def skills_known(self) -> bool:
        """False when the data lists no skills for the role moved to: what the move asks is
        unknown (not nothing)."""
        return self.demand.new_skills is not None

    def to_json(self) -> dict[str, Any]:
        readiness = self.demand.readiness
        climb = self.demand.climb
        return {
            "number": self.number,
            "from": asdict(self.source),
            "to": asdict(self.target),
            "kind": self.kind,
            "skills_known": self.skills_known,
            "climb": None if climb is None else number(climb),
            "readiness": None if readiness is None else share_figure(readiness),
            "readiness_percent": None if readiness is None else percent(readiness),
            "skills": [skill.to_json() for skill in self.skills],
            "tools_to_learn": None
            if self.demand.tools_to_learn is None
            else list(self.demand.tools_to_learn),
            "notes": [note.to_json() for note in self.demand.notes],
        }


@dataclass(frozen=True)
class CarriedSkill:
    """A skill the person already holds that the destination asks for."""

    id: str
    name: str
    have: float
    need: float | None
    levelled: bool

    @property
    def met(self) -> bool:
        """Held at the level the destination asks (a level-less skill: held at all)."""
        return self.need is None or self.have >= self.need

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "have": number(self.have) if self.levelled else None,
            "need": number(self.need) if self.levelled and self.need is not None else None,
            "met": self.met,
        }


@dataclass(frozen=True)
class Plan:
    """The plan from one role (or your skills) to another along the best route.

    ``moves`` is empty when the start is the destination (``note`` says so).
    """

    source: RoleRef
    target: RoleRef
    by: Ranking
    from_you: bool
    route: Route | None
    moves: list[PlanMove]
    carries_over: list[CarriedSkill]
    note: Message | None = None
    attribution: str | None = None
    licence: str | None = None
    alternatives: tuple[Route, ...] = ()
    """The next best routes, when asked for (the report draws them); not part of the plan."""

    @property
    def skills(self) -> list[PlanSkill]:
        """Every skill of the plan, in the order it is learned."""
        return [skill for move in self.moves for skill in move.skills]

    @property
    def first_step(self) -> tuple[PlanMove, PlanSkill | None] | None:
        """Where to begin: the first move and its smallest skill step, the one with the fewest
        levels to climb (the first in learning order among equals; None: the move asks for
        nothing new). None when there is no move at all."""
        if not self.moves:
            return None
        first = self.moves[0]
        if not first.skills:
            return first, None
        return first, min(first.skills, key=lambda skill: skill.levels_to_climb)

    def to_json(self) -> dict[str, Any]:
        start = self.first_step
        return {
            "from": asdict(self.source),
            "to": asdict(self.target),
            "by": self.by,
            "from_you": self.from_you,
            "route": [asdict(ref) for ref in self.route.roles] if self.route else [],
            "first_step": None
            if start is None
            else {
                "move": start[0].number,
                "to": asdict(start[0].target),
                "skill": None if start[1] is None else start[1].id,
            },
            "moves": [move.to_json() for move in self.moves],
            "carries_over": [skill.to_json() for skill in self.carries_over],
            "skill_count": len(self.skills),
            "note": self.note.to_json() if self.note is not None else None,
            "attribution": self.attribution,
            "licence": self.licence,
        }


def learning_order(
    skills: Iterable[PlanSkill],
) -> list[PlanSkill]:
    """Skills of one move in the order to learn them: essential before optional (ESCO), most
    important first (O*NET), a skill later moves need again before one needed only here, then
    the largest climb, then by id."""

    def key(skill: PlanSkill) -> tuple[int, float, int, float, str]:
        essential = {True: 0, None: 1, False: 2}[skill.essential]
        importance = -(skill.importance or 0.0)
        size = -skill.levels_to_climb
        return (essential, importance, 0 if skill.needed_again else 1, size, skill.id)

    return sorted(skills, key=key)


def make_plan(
    ladder: Ladder,
    source: Role,
    target: Role,
    *,
    by: Ranking = "steps",
    via: Role | None = None,
    avoid: Sequence[Role] = (),
    promotions_only: bool = False,
    inferred: InferredSteps | None = None,
    have: Mapping[str, float] | None = None,
    known_tools: Iterable[str] | None = None,
    lang: str = "en",
    alternatives: int = 0,
    all_skills: bool = False,
) -> Plan:
    """The learning plan from *source* (or your skills *have*, with *source* your current
    role) to *target* along the route :func:`~careerpath.queries.routes.find_routes` ranks first.

    *alternatives* asks for that many next best routes too (``Plan.alternatives``). Raises
    NoPath when no route leads there, as ``path`` does.
    """
    search = find_routes(
        ladder,
        source,
        target,
        by=by,
        alternatives=alternatives,
        via=via,
        avoid=avoid,
        promotions_only=promotions_only,
        lang=lang,
        inferred=inferred,
        all_skills=all_skills,
    )
    start_levels = starting_levels(source, have) or {}
    plan = Plan(
        source=RoleRef.of(source, lang),
        target=RoleRef.of(target, lang),
        by=by,
        from_you=have is not None,
        route=None,
        moves=[],
        carries_over=_carried(ladder, start_levels, target, lang),
        note=search.note,
        attribution=ladder.attribution,
        licence=ladder.licence,
    )
    if not search.routes:
        return plan
    route = search.routes[0]
    roles = [ladder.roles[ref.id] for ref in route.roles]
    levels = starting_levels(source, have)
    tools = starting_tools(source, known_tools)
    # Measured exactly as path and gap --along-route measure the route: the same levels, the
    # same standard errors (a level you give is exact), the same skills counted.
    demands = walk_route(
        ladder,
        roles,
        levels,
        tools,
        lang,
        errors=starting_errors(source, have),
        all_skills=all_skills,
        start="role" if have is None else "profile",
        perhaps=starting_perhaps(source, have),
    )
    return replace(
        plan,
        route=route,
        moves=_moves(ladder, roles, route, demands, start_levels, lang, all_skills),
        alternatives=tuple(search.routes[1:]),
    )


def _moves(
    ladder: Ladder,
    roles: Sequence[Role],
    route: Route,
    demands: Sequence[StepDemand],
    start: Mapping[str, float],
    lang: str,
    all_skills: bool,
) -> list[PlanMove]:
    # The level to reach by the end: the highest any move asks for (a level once reached is
    # kept, so the last raise is the highest).
    reach: dict[str, float] = {}
    first_move: dict[str, int] = {}
    for index, demand in enumerate(demands):
        for need in _needs(demand):
            reach[need.id] = max(reach.get(need.id, need.need), need.need)
            first_move.setdefault(need.id, index)
    # A later role asks for a skill again if it counts it (importance at the line or above).
    line = importance_line(ladder.importance_scale, all_skills=all_skills)
    asked_at = [set(counted_need(role, line).levels) for role in roles[1:]]
    scale = ladder.scale
    moves = []
    for index, (step, demand) in enumerate(zip(route.steps, demands, strict=True)):
        target = roles[index + 1]
        requirements = {req.skill: req for req in target.skills}
        skills = []
        for need in _needs(demand):
            if first_move[need.id] != index:
                continue
            requirement = requirements.get(need.id)
            skill = ladder.skills.get(need.id)
            to_level = reach[need.id] if need.levelled else None
            skills.append(
                PlanSkill(
                    id=need.id,
                    name=need.name,
                    description=(text_in(skill.description, lang) or None) if skill else None,
                    from_level=start.get(need.id),
                    to_level=to_level,
                    levelled=need.levelled,
                    essential=need.essential,
                    importance=None
                    if requirement is None or requirement.importance is None
                    else float(requirement.importance),
                    needed_again=any(need.id in later for later in asked_at[index + 1 :]),
                    level_meaning=_level_meaning(scale.rubric, to_level, lang),
                )
            )
        moves.append(
            PlanMove(
                number=index + 1,
                source=step.source,
                target=step.target,
                kind=step.kind,
                skills=learning_order(skills),
                demand=demand,
            )
        )
    return moves


def _needs(demand: StepDemand) -> list[SkillNeed]:
    """The skills a move asks to gain or raise (none where the data does not say)."""
    return [*(demand.new_skills or ()), *(demand.raised_skills or ())]


def _level_meaning(rubric: Mapping[int, Any], level: float | None, lang: str) -> str | None:
    """What the scale's rubric says of *level* (whole levels only), or None."""
    if level is None or not float(level).is_integer():
        return None
    return text_in(rubric.get(int(level)), lang) or None


def _carried(
    ladder: Ladder, start: Mapping[str, float], target: Role, lang: str
) -> list[CarriedSkill]:
    """The skills held at the start that *target* asks for, the best held first."""
    carried = []
    for requirement in target.skills:
        held = start.get(requirement.skill)
        if held is None or held <= 0:
            continue
        carried.append(
            CarriedSkill(
                requirement.skill,
                ladder.skill_name(requirement.skill, lang),
                held,
                None if requirement.level is None else float(requirement.level),
                requirement.level is not None,
            )
        )
    return sorted(carried, key=lambda skill: (not skill.met, -skill.have, skill.id))
