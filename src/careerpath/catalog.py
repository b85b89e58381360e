"""Browse the roles: the list behind ``careerpath roles`` and the card behind ``show``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from careerpath.ladder import Ladder
from careerpath.models import Role
from careerpath.resolve import normalize


@dataclass(frozen=True)
class RoleRef:
    """A role as other results mention it."""

    id: str
    title: str
    level: int

    @classmethod
    def of(cls, role: Role, lang: str) -> RoleRef:
        return cls(role.id, role.title.get(lang), role.level)


@dataclass(frozen=True)
class RoleRow:
    """One line of the role list."""

    id: str
    title: str
    level: int
    track: str
    titles: dict[str, str]


@dataclass(frozen=True)
class RoleList:
    """The roles that match a listing's filters, by level."""

    roles: list[RoleRow]
    level: int | None = None
    search: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "filters": {"level": self.level, "search": self.search},
            "count": len(self.roles),
            "roles": [asdict(row) for row in self.roles],
        }


def _searchable(ladder: Ladder, role: Role) -> list[str]:
    texts = [*role.names(), role.id, role.track]
    for req in role.skills:
        skill = ladder.skills.get(req.skill)
        texts.extend([req.skill, *(skill.name.all() if skill else [])])
    texts.extend(tool.name for tool in role.tools)
    texts.extend(tool.category for tool in role.tools)
    return [normalize(t) for t in texts]


def list_roles(
    ladder: Ladder, lang: str = "en", level: int | None = None, search: str | None = None
) -> RoleList:
    """Roles sorted by level, optionally only one level or those matching *search*.

    *search* matches titles in any language, aliases, skills, tools and tool categories,
    ignoring case and diacritics.
    """
    needle = normalize(search) if search else ""
    rows = []
    for role in ladder.sorted_roles():
        if level is not None and role.level != level:
            continue
        if needle and not any(needle in text for text in _searchable(ladder, role)):
            continue
        titles = {code: value for code in ("en", "fi", "nb") if (value := role.title.get(code))}
        rows.append(RoleRow(role.id, role.title.get(lang), role.level, role.track, titles))
    return RoleList(rows, level, search)


@dataclass(frozen=True)
class SkillLine:
    id: str
    name: str
    level: float
    importance: float | None = None
    low_precision: bool = False


@dataclass(frozen=True)
class ToolLine:
    name: str
    category: str
    sources: list[str]
    hot: bool = False
    in_demand: bool = False


@dataclass(frozen=True)
class SalaryLine:
    city: str
    currency: str
    low: int
    high: int
    period: str
    applies_to: str | None
    source: str | None


@dataclass(frozen=True)
class StepLine:
    """A step to or from the role shown."""

    role: RoleRef
    kind: str
    sources: list[str]
    note: str | None


@dataclass(frozen=True)
class RoleCard:
    """Everything ``show`` tells about one role."""

    id: str
    title: str
    titles: dict[str, str]
    aliases: list[str]
    level: int
    track: str
    summary: str | None
    responsibilities: list[str]
    skills: list[SkillLine]
    tools: list[ToolLine]
    kpis: list[str]
    salaries: list[SalaryLine]
    next_roles: list[StepLine]
    previous_roles: list[StepLine]
    sources: list[str]
    scale_min: float = field(default=1)
    scale_max: float = field(default=5)
    importance_max: float | None = None
    attribution: str | None = None
    licence: str | None = None

    def tools_by_category(self) -> dict[str, list[ToolLine]]:
        grouped: dict[str, list[ToolLine]] = defaultdict(list)
        for tool in self.tools:
            grouped[tool.category].append(tool)
        return dict(grouped)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for drawing_only in ("scale_min", "scale_max", "importance_max"):
            del data[drawing_only]
        data["tools_by_category"] = {
            category: [tool.name for tool in tools]
            for category, tools in self.tools_by_category().items()
        }
        return data


def role_card(ladder: Ladder, role: Role, lang: str = "en") -> RoleCard:
    """The card of *role*: its profile and the steps that lead to and from it."""

    def step_line(role_id: str, kind: str, sources: list[str], note: str | None) -> StepLine:
        return StepLine(RoleRef.of(ladder.roles[role_id], lang), kind, sources, note)

    next_roles = [
        step_line(s.target_role, s.kind, list(s.sources), s.note)
        for s in ladder.steps_from(role.id)
    ]
    previous_roles = [
        step_line(s.source_role, s.kind, list(s.sources), s.note) for s in ladder.steps_to(role.id)
    ]
    by_level = lambda line: (line.role.level, line.role.title.casefold())  # noqa: E731
    return RoleCard(
        id=role.id,
        title=role.title.get(lang),
        titles={code: value for code in ("en", "fi", "nb") if (value := role.title.get(code))},
        aliases=list(role.aliases),
        level=role.level,
        track=role.track,
        summary=role.summary,
        responsibilities=list(role.responsibilities),
        skills=[
            SkillLine(
                req.skill,
                ladder.skill_name(req.skill, lang),
                req.level,
                req.importance,
                req.low_precision,
            )
            for req in sorted(role.skills, key=lambda r: (-r.level, r.skill))
        ],
        tools=[
            ToolLine(t.name, t.category, list(t.sources), t.hot, t.in_demand) for t in role.tools
        ],
        kpis=list(role.kpis),
        salaries=[
            SalaryLine(s.city, s.currency, s.low, s.high, s.period, s.applies_to, s.source)
            for s in role.salaries
        ],
        next_roles=sorted(next_roles, key=by_level),
        previous_roles=sorted(previous_roles, key=by_level),
        sources=list(role.sources),
        scale_min=ladder.scale.min,
        scale_max=ladder.scale.max,
        importance_max=ladder.importance_scale.max if ladder.importance_scale else None,
        attribution=ladder.attribution,
        licence=ladder.licence,
    )
