"""Roles side by side: ``careerpath compare ROLE ROLE [ROLE...]``.

Each skill any of the roles asks for is one row, with its level (or essential/optional) in each
role and whether they differ; then tools, KPIs and salaries; then how similar each pair of roles
is and how ready the holder of one role is for each other (the figure ``gap`` gives).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from careerpath.data.records import text_in
from careerpath.errors import UsageError
from careerpath.messages import _
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import step_demand
from careerpath.queries.measure import (
    number,
    percent,
    share_figure,
    starting_errors,
    starting_levels,
    starting_perhaps,
    tool_key,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role
    from careerpath.queries.similarity import SimilarityIndex

MIN_ROLES = 2
MAX_ROLES = 5


@dataclass(frozen=True)
class SkillRow:
    """One skill across the compared roles: its level in each (None: not asked for there)."""

    id: str
    name: str
    levels: list[float | None]
    essential: list[bool | None]
    """ESCO's relation in each role (None where the role does not ask, or the data does not say)."""
    levelled: bool

    @property
    def differs(self) -> bool:
        """Whether the roles do not all ask for the skill alike."""
        asked = [(level, flag) for level, flag in zip(self.levels, self.essential, strict=True)]
        return len(set(asked)) > 1

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "levels": [
                None if level is None or not self.levelled else number(level)
                for level in self.levels
            ],
            "asked": [level is not None for level in self.levels],
            "essential": list(self.essential),
            "differs": self.differs,
        }


@dataclass(frozen=True)
class ToolRow:
    """One tool (compared by name, any spelling) and which roles use it."""

    name: str
    used: list[bool]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "used": list(self.used)}


@dataclass(frozen=True)
class ComparedRole:
    """A compared role's own facts."""

    role: RoleRef
    track: str
    kpis: list[str]
    salaries: list[dict[str, Any]]
    tools_listed: bool
    """False when the data does not say which tools the role uses (unknown, not none)."""

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self.role),
            "track": self.track,
            "kpis": list(self.kpis),
            "salaries": list(self.salaries),
            "tools_listed": self.tools_listed,
        }


@dataclass(frozen=True)
class Comparison:
    """Two to five roles side by side.

    ``similarity[i][j]`` is the similarity of role *i*'s skills to role *j*'s (1 on the
    diagonal); ``readiness[i][j]`` how much of role *j*'s requirement the holder of role *i*
    already meets (the figure ``gap I J`` gives; None where the data cannot say).
    """

    roles: list[ComparedRole]
    skills: list[SkillRow]
    tools: list[ToolRow]
    similarity: list[list[float]]
    readiness: list[list[float | None]]
    attribution: str | None = None
    licence: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "roles": [role.to_json() for role in self.roles],
            "skills": [row.to_json() for row in self.skills],
            "tools": [row.to_json() for row in self.tools],
            "similarity": [[round(value, 4) for value in row] for row in self.similarity],
            "readiness": [
                [None if value is None else share_figure(value) for value in row]
                for row in self.readiness
            ],
            "readiness_percent": [
                [None if value is None else percent(value) for value in row]
                for row in self.readiness
            ],
            "attribution": self.attribution,
            "licence": self.licence,
        }


def compare_roles(
    ladder: Ladder,
    roles: Sequence[Role],
    lang: str = "en",
    *,
    index: SimilarityIndex | None = None,
    all_skills: bool = False,
) -> Comparison:
    """*roles* side by side: skills, tools, KPIs, salaries, similarity and readiness (measured
    as ``gap`` measures it: the skills that count, levels within their margin met; with
    *all_skills* every skill counts).

    Raises UsageError for fewer than two or more than five roles, or a role named twice.
    """
    from careerpath.queries.similarity import SimilarityIndex

    if not MIN_ROLES <= len(roles) <= MAX_ROLES:
        raise UsageError(
            _("give {low} to {high} roles to compare, not {count}").format(
                low=MIN_ROLES, high=MAX_ROLES, count=len(roles)
            )
        )
    ids = [role.id for role in roles]
    if len(set(ids)) < len(ids):
        twice = next(role for role in roles if ids.count(role.id) > 1)
        raise UsageError(
            _("{title} is named twice; compare different roles").format(
                title=twice.title.get(lang), role=twice.id
            )
        )
    index = index or SimilarityIndex(ladder)
    return Comparison(
        roles=[_compared(role, lang) for role in roles],
        skills=_skill_rows(ladder, roles, lang),
        tools=_tool_rows(roles),
        similarity=[
            [1.0 if a.id == b.id else index.between(a.id, b.id) for b in roles] for a in roles
        ],
        readiness=[
            [
                1.0
                if a.id == b.id
                else step_demand(
                    ladder,
                    starting_levels(a, None),
                    b,
                    None,
                    lang,
                    have_errors=starting_errors(a, None),
                    all_skills=all_skills,
                    perhaps=starting_perhaps(a, None),
                ).readiness
                for b in roles
            ]
            for a in roles
        ],
        attribution=ladder.attribution,
        licence=ladder.licence,
    )


def _compared(role: Role, lang: str) -> ComparedRole:
    salaries = [
        {
            "city": pay.city,
            "currency": pay.currency,
            "low": pay.low,
            "high": pay.high,
            "period": pay.period,
            "applies_to": text_in(pay.applies_to, lang) or None,
            "comparison": pay.comparison,
        }
        for pay in role.salaries
    ]
    return ComparedRole(
        RoleRef.of(role, lang),
        text_in(role.track, lang),
        [text_in(kpi, lang) for kpi in role.kpis],
        salaries,
        bool(role.tools),
    )


def _skill_rows(ladder: Ladder, roles: Sequence[Role], lang: str) -> list[SkillRow]:
    order: list[str] = []
    for role in roles:
        order += [req.skill for req in role.skills if req.skill not in order]
    by_role = [{req.skill: req for req in role.skills} for role in roles]
    rows = []
    for skill_id in order:
        asked = [requirements.get(skill_id) for requirements in by_role]
        rows.append(
            SkillRow(
                skill_id,
                ladder.skill_name(skill_id, lang),
                [
                    None if req is None else (1.0 if req.level is None else float(req.level))
                    for req in asked
                ],
                [None if req is None else req.essential for req in asked],
                any(req is not None and req.level is not None for req in asked),
            )
        )
    # Skills every role asks for alike come last: the differences are what a reader looks for.
    return sorted(rows, key=lambda row: not row.differs)


def _tool_rows(roles: Sequence[Role]) -> list[ToolRow]:
    names: dict[str, str] = {}
    used: dict[str, list[bool]] = {}
    for position, role in enumerate(roles):
        for tool in role.tools:
            key = tool_key(tool.name)
            names.setdefault(key, tool.name)
            used.setdefault(key, [False] * len(roles))[position] = True
    return [ToolRow(names[key], used[key]) for key in names]
