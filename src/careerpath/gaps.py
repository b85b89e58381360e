"""Skill gaps: how far a set of skills is from a role's requirement.

One readiness computation serves ``gap``, ``next`` and the ``--by gap`` route ranking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from careerpath.catalog import RoleRef
from careerpath.errors import UsageError
from careerpath.resolve import normalize

if TYPE_CHECKING:
    from careerpath.ladder import Ladder
    from careerpath.models import Role

Change = Literal["new", "raise", "kept", "dropped"]


@dataclass(frozen=True)
class SkillChange:
    """How one skill changes between what someone has and what a role needs.

    ``from_level`` is None for a skill not held; ``to_level`` is None for a skill the target
    does not ask for ("dropped": no longer central).
    """

    skill: str
    from_level: float | None
    to_level: float | None
    change: Change

    @property
    def size(self) -> float:
        """Levels to gain (0 for kept or dropped skills)."""
        if self.to_level is None:
            return 0
        return max(0, self.to_level - (self.from_level or 0))


def compare_skills(have: Mapping[str, float], need: Mapping[str, float]) -> list[SkillChange]:
    """Every skill in *have* or *need*, classified, the largest changes first."""
    changes = []
    for skill, level in need.items():
        held = have.get(skill)
        # As in readiness(), a requirement at or below level 0 asks for nothing.
        if level <= max(0, held or 0):
            kind: Change = "kept"
        elif held is None or held <= 0:
            kind = "new"
        else:
            kind = "raise"
        changes.append(SkillChange(skill, held, level, kind))
    changes.extend(
        SkillChange(skill, level, None, "dropped")
        for skill, level in have.items()
        if skill not in need
    )
    order = {"new": 0, "raise": 1, "kept": 2, "dropped": 3}
    return sorted(changes, key=lambda c: (-c.size, order[c.change], c.skill))


def readiness(have: Mapping[str, float], need: Mapping[str, float]) -> float:
    """Share of *need* already met, 0.0 to 1.0, counting levels.

    Raising a skill from 3 to a needed 4 leaves three quarters of that skill met. A role that
    asks for nothing is fully met.
    """
    required = sum(max(0, level) for level in need.values())
    if required == 0:
        return 1.0
    met = sum(min(max(0, have.get(skill, 0)), level) for skill, level in need.items() if level > 0)
    return met / required


def tool_key(name: str) -> str:
    """How tool names compare: case, diacritics and punctuation ignored."""
    return normalize(name)


def tool_keys(role: Role) -> set[str]:
    """The compared names of the tools *role* uses."""
    return {tool_key(tool.name) for tool in role.tools}


def tools_to_learn(target: Role, known: Iterable[str]) -> list[str]:
    """Tools *target* uses whose names are not in *known* (any spelling), each named once."""
    seen = {tool_key(name) for name in known}
    missing = []
    for tool in target.tools:
        key = tool_key(tool.name)
        if key not in seen:
            seen.add(key)
            missing.append(tool.name)
    return missing


def climb(have: Mapping[str, float], need: Mapping[str, float]) -> float:
    """Total skill levels to gain to meet *need* from *have*."""
    return sum(max(0, level - max(0, have.get(skill, 0))) for skill, level in need.items())


@dataclass(frozen=True)
class GapSkill:
    """One line of a skill gap: a skill, the level held and needed, and the kind of change."""

    id: str
    name: str
    from_level: float | None
    to_level: float | None
    change: Change


@dataclass(frozen=True)
class GapTool:
    """A tool the target role works with, in the category the data lists it under."""

    name: str
    category: str


@dataclass(frozen=True)
class SalaryChange:
    """Pay in one city before and after the move, in the same currency and period."""

    city: str
    currency: str
    period: str
    from_low: int
    from_high: int
    to_low: int
    to_high: int
    from_applies_to: str | None
    to_applies_to: str | None

    @property
    def change_low(self) -> int:
        return self.to_low - self.from_low

    @property
    def change_high(self) -> int:
        return self.to_high - self.from_high

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["change"] = {"low": self.change_low, "high": self.change_high}
        return data


@dataclass(frozen=True)
class RouteLeg:
    """One step of a route, measured from what the steps before it would have taught."""

    source: RoleRef
    target: RoleRef
    kind: str
    readiness: float
    skills: list[GapSkill]
    tools_to_learn: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": asdict(self.source),
            "to": asdict(self.target),
            "kind": self.kind,
            "readiness": round(self.readiness, 4),
            "skills": [asdict(line) for line in self.skills],
            "tools_to_learn": list(self.tools_to_learn),
        }


@dataclass(frozen=True)
class AlongRoute:
    """The gap step by step along the best route; *note* says why there is none."""

    roles: list[RoleRef]
    legs: list[RouteLeg]
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "roles": [asdict(role) for role in self.roles],
            "legs": [leg.to_json() for leg in self.legs],
            "note": self.note,
        }


YOU = "you"
"""The ``from`` id of a gap measured from someone's own skills rather than a role's."""


@dataclass(frozen=True)
class SkillGap:
    """What changes from one role (or from you) to a target role.

    ``source`` is the role compared from: FROM, or the current role a profile names; it gives
    the known tools, the responsibilities already held and the salary. ``from_you`` is true when
    the skill levels are someone's own rather than *source*'s typical profile.
    """

    source: RoleRef | None
    target: RoleRef
    from_you: bool
    readiness: float
    skills: list[GapSkill]
    tools_to_learn: list[GapTool]
    tools_known: list[GapTool]
    responsibilities: list[str]
    kpis: list[str]
    salaries: list[SalaryChange]
    step_kind: str | None
    along_route: AlongRoute | None = None

    def count(self, change: Change) -> int:
        """How many skills change in this way."""
        return sum(1 for line in self.skills if line.change == change)

    def learn_by_category(self) -> dict[str, list[str]]:
        """Names of the tools to learn, by category, in the data's order."""
        grouped: dict[str, list[str]] = {}
        for tool in self.tools_to_learn:
            names = grouped.setdefault(tool.category, [])
            if tool.name not in names:
                names.append(tool.name)
        return grouped

    @property
    def summary(self) -> str:
        """One line: "7 of 10 skills carry over, 2 to raise, 1 new; 9 tools to learn"."""
        needed = sum(1 for line in self.skills if line.change != "dropped")
        tools = len({tool_key(tool.name) for tool in self.tools_to_learn})
        noun = "tool" if tools == 1 else "tools"
        if needed == 0:
            return f"{self.target.title} lists no skills; {tools} {noun} to learn"
        return (
            f"{self.count('kept')} of {needed} skills carry over, {self.count('raise')} to "
            f"raise, {self.count('new')} new; {tools} {noun} to learn"
        )

    def to_json(self) -> dict[str, Any]:
        source = asdict(self.source) if self.source else None
        origin = {"id": YOU, "title": "You", "level": None} if self.from_you else source
        return {
            "from": origin,
            "from_role": source,
            "to": asdict(self.target),
            "readiness": round(self.readiness, 4),
            "skills": [asdict(line) for line in self.skills],
            "tools": {
                "learn": [asdict(tool) for tool in self.tools_to_learn],
                "known": [asdict(tool) for tool in self.tools_known],
                "learn_by_category": self.learn_by_category(),
            },
            "responsibilities": list(self.responsibilities),
            "kpis": list(self.kpis),
            "salary": [change.to_json() for change in self.salaries],
            "step": self.step_kind,
            "along_route": self.along_route.to_json() if self.along_route else None,
            "summary": self.summary,
        }


def skill_gap(
    ladder: Ladder,
    source: Role | None,
    target: Role,
    lang: str = "en",
    have: Mapping[str, float] | None = None,
    known_tools: Iterable[str] | None = None,
    *,
    along_route: bool = False,
) -> SkillGap:
    """What must change to move from *source* (or from your own skills) to *target*.

    Parameters
    ----------
    ladder:
        The dataset the roles belong to.
    source:
        The role moved from, or None when the gap is measured from *have* alone. With *have*
        it still counts for tools already known, responsibilities already held and salary.
    target:
        The role moved to.
    lang:
        Language of role titles and skill names.
    have:
        Your own skill levels by skill id; when given they replace *source*'s typical levels.
    known_tools:
        Names of tools you know, in addition to *source*'s.
    along_route:
        Also measure the gap step by step along the best route from *source* to *target*.

    Returns
    -------
    SkillGap
        Skills (largest change first), tools, new responsibilities, KPIs, salary change,
        readiness (via :func:`readiness`) and, if asked for, the route legs.

    Raises
    ------
    UsageError
        When neither *source* nor *have* is given.
    """
    if source is None and have is None:
        raise UsageError("give a role to start from, or your own skills (--have or --profile)")
    levels = dict(have) if have is not None else source.skill_levels() if source else {}
    need = target.skill_levels()
    known = {tool_key(name) for name in known_tools or ()}
    if source is not None:
        known |= tool_keys(source)
    lines = [
        GapSkill(c.skill, ladder.skill_name(c.skill, lang), c.from_level, c.to_level, c.change)
        for c in compare_skills(levels, need)
    ]
    to_learn = [GapTool(t.name, t.category) for t in target.tools if tool_key(t.name) not in known]
    already = [GapTool(t.name, t.category) for t in target.tools if tool_key(t.name) in known]
    held = {normalize(text) for text in source.responsibilities} if source else set()
    steps = ladder.steps_from(source.id) if source else []
    step = next((s for s in steps if s.target_role == target.id), None)
    route = None
    if along_route:
        route = _along_route(ladder, source, target, lang, levels, known)
    return SkillGap(
        source=RoleRef.of(source, lang) if source else None,
        target=RoleRef.of(target, lang),
        from_you=have is not None,
        readiness=readiness(levels, need),
        skills=lines,
        tools_to_learn=to_learn,
        tools_known=already,
        responsibilities=[r for r in target.responsibilities if normalize(r) not in held],
        kpis=list(target.kpis),
        salaries=salary_changes(source, target) if source else [],
        step_kind=step.kind if step else None,
        along_route=route,
    )


def salary_changes(source: Role, target: Role) -> list[SalaryChange]:
    """Pay before and after in every city both roles have figures for.

    Figures pair up only in the same currency and period. Where a city has figures for the
    same group of people (``applies_to``) in both roles, only those pairs are kept.
    """
    pairs = [
        (before, after)
        for after in target.salaries
        for before in source.salaries
        if (before.city, before.currency, before.period)
        == (after.city, after.currency, after.period)
    ]
    matched_cities = {
        normalize(before.city)
        for before, after in pairs
        if before.applies_to and before.applies_to == after.applies_to
    }
    return [
        SalaryChange(
            after.city,
            after.currency,
            after.period,
            before.low,
            before.high,
            after.low,
            after.high,
            before.applies_to,
            after.applies_to,
        )
        for before, after in pairs
        if normalize(before.city) not in matched_cities or before.applies_to == after.applies_to
    ]


def _along_route(
    ladder: Ladder,
    source: Role | None,
    target: Role,
    lang: str,
    levels: Mapping[str, float],
    known: set[str],
) -> AlongRoute:
    """The gap leg by leg along the shortest route, each leg assuming the ones before it done."""
    import networkx as nx

    from careerpath.graph import build_graph

    if source is None:
        return AlongRoute(
            [], [], "a route needs a role to start from (FROM, or role: in a profile)"
        )
    if source.id == target.id:
        return AlongRoute([RoleRef.of(source, lang)], [], "already there")
    graph = build_graph(ladder)
    try:
        path: list[str] = nx.shortest_path(graph, source.id, target.id)
    except nx.NetworkXNoPath:
        note = f"no route leads from {source.title.get(lang)} to {target.title.get(lang)}"
        return AlongRoute([], [], note)
    have = dict(levels)
    tools = set(known)
    legs = []
    for before_id, after_id in pairwise(path):
        before, after = ladder.roles[before_id], ladder.roles[after_id]
        need = after.skill_levels()
        gains = [
            GapSkill(c.skill, ladder.skill_name(c.skill, lang), c.from_level, c.to_level, c.change)
            for c in compare_skills(have, need)
            if c.change in ("new", "raise")
        ]
        learn = tools_to_learn(after, tools)
        kind = graph.edges[before_id, after_id]["kind"]
        legs.append(
            RouteLeg(
                RoleRef.of(before, lang),
                RoleRef.of(after, lang),
                str(kind),
                readiness(have, need),
                gains,
                learn,
            )
        )
        # Reaching a role means meeting its requirement and knowing its tools.
        for skill, level in need.items():
            have[skill] = max(have.get(skill, 0), level)
        tools |= tool_keys(after)
    return AlongRoute([RoleRef.of(ladder.roles[i], lang) for i in path], legs)
