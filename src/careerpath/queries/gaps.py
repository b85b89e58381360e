"""Skill gaps: how far a set of skills is from a role's requirement.

One readiness computation serves ``gap``, ``next`` and the ``--by gap`` route ranking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from careerpath.data.models import text_in
from careerpath.errors import UsageError
from careerpath.output.i18n import _
from careerpath.queries.catalog import RoleRef
from careerpath.queries.names import normalize

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.models import Role, Tool

Change = Literal["new", "raise", "kept", "dropped"]

Levels = Mapping[str, float]
"""Skill levels by skill id (whole numbers on the built-in scale, fractional in measured data)."""


def number(value: float) -> float:
    """A figure as JSON shows it: a whole number stays an int, others keep four decimals."""
    if float(value).is_integer():
        return int(value)
    return round(value, 4)


def share_figure(share: float) -> float:
    """Readiness as every answer gives it: a share rounded to four decimals."""
    return round(share, 4)


def percent(share: float) -> int:
    """Readiness as a whole percentage, rounding halves up (0.625 → 63) from the shown figure."""
    from decimal import ROUND_HALF_UP, Decimal

    shown = Decimal(repr(share_figure(share))) * 100
    return int(shown.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
    weight: float = 1.0

    @property
    def size(self) -> float:
        """Levels to gain, weighted by the skill's importance (0 for kept or dropped skills)."""
        if self.to_level is None:
            return 0
        return max(0, self.to_level - max(0, self.from_level or 0)) * self.weight


def compare_skills(
    have: Levels, need: Levels, weights: Mapping[str, float] | None = None
) -> list[SkillChange]:
    """Every skill in *have* or *need*, classified, the largest (weighted) changes first."""
    weights = weights or {}
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
        changes.append(SkillChange(skill, held, level, kind, weights.get(skill, 1.0)))
    changes.extend(
        SkillChange(skill, level, None, "dropped")
        for skill, level in have.items()
        if skill not in need
    )
    order = {"new": 0, "raise": 1, "kept": 2, "dropped": 3}
    return sorted(changes, key=lambda c: (-c.size, order[c.change], c.skill))


def readiness(
    have: Levels, need: Levels, weights: Mapping[str, float] | None = None
) -> float | None:
    """Share of *need* already met, 0.0 to 1.0, counting levels, or None when *need* is empty.

    Raising a skill from 3 to a needed 4 leaves three quarters of that skill met. With
    *weights* (a skill's importance in the target role), each skill counts in proportion to its
    weight. A role that lists no skills gives no figure: the data does not say what it needs.
    """
    if not need:
        return None
    weights = weights or {}
    required = sum(max(0, level) * weights.get(skill, 1.0) for skill, level in need.items())
    if required == 0:
        return 1.0
    met = sum(
        min(max(0, have.get(skill, 0)), level) * weights.get(skill, 1.0)
        for skill, level in need.items()
        if level > 0
    )
    return met / required


def climb(have: Levels, need: Levels, weights: Mapping[str, float] | None = None) -> float:
    """Total skill levels to gain to meet *need* from *have*, each weighted by its importance."""
    weights = weights or {}
    return sum(
        max(0, level - max(0, have.get(skill, 0))) * weights.get(skill, 1.0)
        for skill, level in need.items()
    )


ESSENTIAL_WEIGHT = 2.0
"""How much a skill essential to a role counts in readiness, where the data gives no levels."""
OPTIONAL_WEIGHT = 1.0
"""How much an optional skill counts (ESCO's other relation), against ESSENTIAL_WEIGHT."""


def relation_weight(essential: bool | None) -> float:
    """The weight of a requirement without a level: essential 2, optional 1, unsaid 1."""
    return ESSENTIAL_WEIGHT if essential else OPTIONAL_WEIGHT


def skill_weights(role: Role) -> dict[str, float]:
    """Each required skill's weight in *role*: its importance where the data gives one; for a
    requirement without a level, 2 when essential and 1 when optional (ESCO)."""
    weights: dict[str, float] = {}
    for requirement in role.skills:
        importance = getattr(requirement, "importance", None)
        if importance is not None:
            weights[requirement.skill] = float(importance)
        elif requirement.level is None and requirement.essential:
            weights[requirement.skill] = ESSENTIAL_WEIGHT
    return weights


def levelless(role: Role) -> set[str]:
    """The skills *role* asks for without a level (needed or not, nothing more)."""
    return {req.skill for req in role.skills if req.level is None}


def essential_flags(role: Role) -> dict[str, bool | None]:
    """Whether each skill *role* asks for is essential (None where the data does not say)."""
    return {req.skill: req.essential for req in role.skills}


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


def no_tools_note(title: str) -> str:
    """What a comparison of tools says when a role lists none."""

    return _("the data does not say which tools {title} uses").format(title=title)


def no_skills_note(title: str) -> str:
    """What a comparison of skills says when a role lists none."""

    return _("the data lists no skills for {title}").format(title=title)


def readiness_unknown_note(title: str) -> str:
    """What a comparison says when the skills it starts from are unknown."""

    return _("the data lists no skills for {title}: readiness unknown").format(title=title)


# --------------------------------------------------------------------------- steps and routes


@dataclass(frozen=True)
class SkillNeed:
    """A skill a step asks to gain or raise: level held (None: not held) and level needed."""

    id: str
    name: str
    have: float | None
    need: float
    levelled: bool = True
    """False where the data gives no level: the skill is to learn, with no figure."""
    essential: bool | None = None

    def to_json(self) -> dict[str, Any]:
        have = None if self.have is None or not self.levelled else number(self.have)
        need = number(self.need) if self.levelled else None
        return {
            "id": self.id,
            "name": self.name,
            "have": have,
            "need": need,
            "essential": self.essential,
        }


@dataclass(frozen=True)
class StepDemand:
    """What moving into a role asks of someone: skills to gain and raise, tools to learn.

    ``tools_to_learn`` is None when the data does not say which tools one side uses;
    ``readiness`` is None when the data lists no skills for the target, or none are known for
    the person. ``notes`` say what the data leaves unknown.
    """

    new_skills: list[SkillNeed]
    raised_skills: list[SkillNeed]
    tools_to_learn: list[str] | None
    climb: float
    readiness: float | None
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "skills_to_gain": [gap.to_json() for gap in self.new_skills],
            "skills_to_raise": [gap.to_json() for gap in self.raised_skills],
            "tools_to_learn": None if self.tools_to_learn is None else list(self.tools_to_learn),
            "climb": number(self.climb),
            "readiness": None if self.readiness is None else share_figure(self.readiness),
            "notes": list(self.notes),
        }


def step_demand(
    ladder: Ladder,
    have: Levels | None,
    target: Role,
    known_tools: set[str] | None,
    lang: str = "en",
    *,
    unknown_from: str = "",
) -> StepDemand:
    """What *target* asks of someone holding *have* and knowing the tools *known_tools*.

    *have* None means the data lists no skills for where the person stands; *known_tools*
    None (compared names, see :func:`tool_key`) that it does not say which tools they know.
    *unknown_from* names that place for the notes.
    """
    need = target.skill_levels()
    weights = skill_weights(target)
    plain = levelless(target)
    flags = essential_flags(target)
    levels: Levels = have if have is not None else {}
    notes: list[str] = []
    new_skills: list[SkillNeed] = []
    raised_skills: list[SkillNeed] = []
    for change in compare_skills(levels, need, weights):
        if change.to_level is None or change.change not in ("new", "raise"):
            continue
        gap = SkillNeed(
            change.skill,
            ladder.skill_name(change.skill, lang),
            change.from_level,
            change.to_level,
            change.skill not in plain,
            flags.get(change.skill),
        )
        (new_skills if change.change == "new" else raised_skills).append(gap)
    share = readiness(levels, need, weights)
    title = target.title.get(lang)
    if not need:
        notes.append(no_skills_note(title))
    elif have is None:
        share = None
        notes.append(readiness_unknown_note(unknown_from))
    learn: list[str] | None
    if not target.tools:
        learn = None
        notes.append(no_tools_note(title))
    elif known_tools is None:
        learn = None
        notes.append(no_tools_note(unknown_from))
    else:
        learn = tools_to_learn(target, known_tools)
    return StepDemand(
        new_skills, raised_skills, learn, climb(levels, need, weights), share, tuple(notes)
    )


def walk_route(
    ladder: Ladder,
    roles: Sequence[Role],
    levels: Levels | None,
    tools: set[str] | None,
    lang: str = "en",
    *,
    start_label: str | None = None,
) -> list[StepDemand]:
    """What each step of a route asks, measured from what the person holds by then.

    The person starts with *levels* and *tools* (None: unknown) and, on reaching each role,
    holds its skills at least at the levels it asks (a level once reached is kept) and knows
    its tools. ``path`` and ``gap --along-route`` both measure routes this way.
    """
    have = dict(levels) if levels is not None else None
    known = set(tools) if tools is not None else None
    label = start_label or (roles[0].title.get(lang) if roles else "")
    demands = []
    for target in roles[1:]:
        demands.append(step_demand(ladder, have, target, known, lang, unknown_from=label))
        need = target.skill_levels()
        if need:
            have = dict(have) if have is not None else {}
            for skill, level in need.items():
                have[skill] = max(have.get(skill, 0), level)
        if target.tools:
            known = (known or set()) | tool_keys(target)
        label = target.title.get(lang)
    return demands


def role_levels(role: Role) -> dict[str, float] | None:
    """*role*'s skill requirement, or None when it lists no skills (unknown, not none)."""
    levels = role.skill_levels()
    return dict(levels) if levels else None


def role_tools(role: Role) -> set[str] | None:
    """The compared names of *role*'s tools, or None when it lists none (unknown)."""
    return tool_keys(role) if role.tools else None


def reachable(ladder: Ladder, source: str, target: str) -> bool:
    """Whether a chain of steps leads from *source* to *target* (no graph library needed)."""
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


@dataclass(frozen=True)
class GapSkill:
    """One line of a skill gap: a skill, the level held and needed, and the kind of change."""

    id: str
    name: str
    from_level: float | None
    to_level: float | None
    change: Change
    importance: float | None = None
    from_low_precision: bool = False
    """The level held is a role's figure that its source flags as imprecise."""
    to_low_precision: bool = False
    """The level needed is flagged as imprecise by the target's source."""
    essential: bool | None = None
    """ESCO's relation: true essential, false optional, None where the data does not say."""
    levelled: bool = True
    """False where the data gives no levels: the skill is "to learn" or "held", no figure."""

    def to_json(self) -> dict[str, Any]:
        shown = self.levelled
        return {
            "id": self.id,
            "name": self.name,
            "from_level": None if self.from_level is None or not shown else number(self.from_level),
            "to_level": None if self.to_level is None or not shown else number(self.to_level),
            "change": self.change,
            "importance": None if self.importance is None else number(self.importance),
            "from_low_precision": self.from_low_precision,
            "to_low_precision": self.to_low_precision,
            "essential": self.essential,
        }


@dataclass(frozen=True)
class GapTool:
    """A tool the target role works with, in the category the data lists it under, with
    O*NET's flags for tools often named in job postings (hot) and in demand."""

    name: str
    category: str
    """The category in the language asked for."""
    hot: bool = False
    in_demand: bool = False
    category_id: str = ""
    """The category in English: the key of ``learn_by_category`` in JSON, in every language."""


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
    demand: StepDemand

    def to_json(self) -> dict[str, Any]:
        return {
            "from": asdict(self.source),
            "to": asdict(self.target),
            "kind": self.kind,
            **self.demand.to_json(),
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


def tools_by_category(
    tools: Iterable[GapTool], *, english: bool = False
) -> dict[str, list[GapTool]]:
    """*tools* grouped by category in the data's order, each name once per category.

    With *english*, the categories are the English ones (JSON keys, the same in every language).
    """
    grouped: dict[str, list[GapTool]] = {}
    for tool in tools:
        category = (tool.category_id or tool.category) if english else tool.category
        listed = grouped.setdefault(category, [])
        if all(other.name != tool.name for other in listed):
            listed.append(tool)
    return grouped


YOU = "you"
"""The ``from`` id of a gap measured from someone's own skills rather than a role's."""


@dataclass(frozen=True)
class SkillGap:
    """What changes from one role (or from you) to a target role.

    ``source`` is the role compared from: FROM, or the current role a profile names; it gives
    the known tools, the responsibilities already held and the salary. ``from_you`` is true when
    some skill levels are someone's own rather than *source*'s typical profile.
    ``readiness`` is None and ``tools_to_learn``/``tools_known`` are None when the data does
    not say (a role that lists no skills or no tools); ``notes`` say so in words.
    """

    source: RoleRef | None
    target: RoleRef
    from_you: bool
    readiness: float | None
    skills: list[GapSkill]
    tools_to_learn: list[GapTool] | None
    tools_known: list[GapTool] | None
    responsibilities: list[str]
    kpis: list[str]
    salaries: list[SalaryChange]
    step_kind: str | None
    along_route: AlongRoute | None = None
    notes: list[str] = field(default_factory=list)
    route_exists: bool = False
    steps_listed: bool = True
    """False when the dataset lists no career steps at all (ESCO): routes are inferred."""
    tools_used: list[GapTool] = field(default_factory=list)
    """Every tool the target uses (empty when the data lists none)."""
    importance_max: float | None = None
    """The top of the dataset's importance scale, for drawing only (not in the JSON)."""

    def count(self, change: Change) -> int:
        """How many skills change in this way."""
        return sum(1 for line in self.skills if line.change == change)

    def learn_by_category(self, *, english: bool = False) -> dict[str, list[str]] | None:
        """Names of the tools to learn, by category (in English with *english*, as JSON keys
        them), in the data's order (None: unknown)."""
        if self.tools_to_learn is None:
            return None
        grouped = tools_by_category(self.tools_to_learn, english=english)
        return {category: [tool.name for tool in tools] for category, tools in grouped.items()}

    @property
    def summary(self) -> str:
        """One line: "7 of 10 skills carry over, 2 to raise, 1 new; 9 tools to learn"."""
        from careerpath.output.i18n import ngettext

        needed = sum(1 for line in self.skills if line.change != "dropped")
        if self.tools_to_learn is None:
            tools_part = _("tools to learn unknown")
        else:
            tools = len({tool_key(tool.name) for tool in self.tools_to_learn})
            tools_part = ngettext("{count} tool to learn", "{count} tools to learn", tools).format(
                count=tools
            )
        if needed == 0:
            return _("{title} lists no skills; {tools}").format(
                title=self.target.title, tools=tools_part
            )
        carried = ngettext(
            "{kept} of {count} skill carries over",
            "{kept} of {count} skills carry over",
            needed,
        ).format(kept=self.count("kept"), count=needed)
        rest = _("{raise_count} to raise, {new_count} new").format(
            raise_count=self.count("raise"), new_count=self.count("new")
        )
        if not any(line.levelled for line in self.skills):  # no levels (ESCO): held or not
            return _("{kept} of {count} skills held, {new_count} to learn; {tools}").format(
                kept=self.count("kept"), count=needed, new_count=self.count("new"), tools=tools_part
            )
        return f"{carried}, {rest}; {tools_part}"

    def to_json(self) -> dict[str, Any]:
        source = asdict(self.source) if self.source else None
        origin = {"id": YOU, "title": "You", "level": None} if self.from_you else source
        known = self.tools_known
        return {
            "from": origin,
            "from_role": source,
            "to": asdict(self.target),
            "readiness": None if self.readiness is None else share_figure(self.readiness),
            "readiness_percent": None if self.readiness is None else percent(self.readiness),
            "skills": [line.to_json() for line in self.skills],
            "tools": {
                "learn": None
                if self.tools_to_learn is None
                else [asdict(tool) for tool in self.tools_to_learn],
                "known": None if known is None else [asdict(tool) for tool in known],
                "learn_by_category": self.learn_by_category(english=True),
                "used": [asdict(tool) for tool in self.tools_used],
            },
            "responsibilities": list(self.responsibilities),
            "kpis": list(self.kpis),
            "salary": [change.to_json() for change in self.salaries],
            "step": self.step_kind,
            "along_route": self.along_route.to_json() if self.along_route else None,
            "summary": self.summary,
            "notes": list(self.notes),
        }


def starting_levels(source: Role | None, have: Levels | None) -> dict[str, float] | None:
    """The skills someone starts from: *source*'s, with *have* overriding the skills it names.

    None when neither gives any skill: the data does not say what the person holds.
    """
    levels: dict[str, float] = dict(source.skill_levels()) if source is not None else {}
    levels.update(have or {})
    if not levels and have is None:
        return None
    return levels


def starting_tools(source: Role | None, known_tools: Iterable[str] | None) -> set[str] | None:
    """Compared names of the tools someone knows: *source*'s and their own; None if unknown."""
    if (source is None or not source.tools) and known_tools is None:
        return None
    known = {tool_key(name) for name in known_tools or ()}
    if source is not None:
        known |= tool_keys(source)
    return known


def skill_gap(
    ladder: Ladder,
    source: Role | None,
    target: Role,
    lang: str = "en",
    have: Levels | None = None,
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
        The role moved from, or None when the gap is measured from *have* alone. It gives the
        skills *have* does not name, the tools already known, the responsibilities already held
        and the salary.
    target:
        The role moved to.
    lang:
        Language of role titles and skill names.
    have:
        Your own skill levels by skill id; they override *source*'s levels for the skills they
        name, and leave its other skills as they are.
    known_tools:
        Names of tools you know, in addition to *source*'s.
    along_route:
        Also measure the gap step by step along the route ``path`` ranks first.

    Returns
    -------
    SkillGap
        Skills (largest change first), tools, new responsibilities, KPIs, salary change,
        readiness (via :func:`readiness`, weighted by importance where the data gives it) and,
        if asked for, the route legs. Unknowns (a role listing no skills or tools) are None,
        with a note.

    Raises
    ------
    UsageError
        When neither *source* nor *have* is given.
    """
    if source is None and have is None:
        raise UsageError(_("give a role to start from, or your own skills (--have or --profile)"))
    levels = starting_levels(source, have)
    need = target.skill_levels()
    weights = skill_weights(target)
    importances = {r.skill: r.importance for r in target.skills if r.importance is not None}
    flags = essential_flags(target)
    plain = levelless(target) | (levelless(source) if source is not None else set())
    known = starting_tools(source, known_tools)
    notes: list[str] = []
    # A level of your own (--have) is not the source's figure, imprecise or not.
    vague_from = _low_precision(source) - set(have or ()) if source else set()
    vague_to = _low_precision(target)
    lines = [
        GapSkill(
            c.skill,
            ladder.skill_name(c.skill, lang),
            c.from_level,
            c.to_level,
            c.change,
            float(importances[c.skill])
            if c.to_level is not None and c.skill in importances
            else None,
            c.from_level is not None and c.skill in vague_from,
            c.to_level is not None and c.skill in vague_to,
            flags.get(c.skill),
            c.skill not in plain,
        )
        for c in compare_skills(levels or {}, need, weights)
    ]
    share = readiness(levels or {}, need, weights)
    if not need:
        notes.append(readiness_unknown_note(target.title.get(lang)))
    elif levels is None and source is not None:
        share = None
        notes.append(readiness_unknown_note(source.title.get(lang)))
    to_learn: list[GapTool] | None
    already: list[GapTool] | None
    if not target.tools:
        to_learn = already = None
        notes.append(no_tools_note(target.title.get(lang)))
    elif known is None:
        to_learn = already = None
        if source is None:
            notes.append(_("you have not said which tools you know (tools: in a profile)"))
        else:
            notes.append(
                _(
                    "the data does not say which tools {title} uses: which tools are new is unknown"
                ).format(title=source.title.get(lang))
            )
    else:
        to_learn = [_gap_tool(t, lang) for t in target.tools if tool_key(t.name) not in known]
        already = [_gap_tool(t, lang) for t in target.tools if tool_key(t.name) in known]
    # Responsibilities are compared in English, the language every role has them in.
    held = {normalize(text_in(text, "en")) for text in source.responsibilities} if source else set()
    steps = ladder.steps_from(source.id) if source else []
    step = next((s for s in steps if s.target_role == target.id), None)
    route = None
    if along_route:
        route = _along_route(ladder, source, target, lang, levels, known)
    return SkillGap(
        source=RoleRef.of(source, lang) if source else None,
        target=RoleRef.of(target, lang),
        from_you=have is not None,
        readiness=share,
        skills=lines,
        tools_to_learn=to_learn,
        tools_known=already,
        responsibilities=[
            text_in(r, lang)
            for r in target.responsibilities
            if normalize(text_in(r, "en")) not in held
        ],
        kpis=[text_in(kpi, lang) for kpi in target.kpis],
        salaries=salary_changes(source, target) if source else [],
        step_kind=step.kind if step else None,
        along_route=route,
        notes=notes,
        route_exists=source is not None and reachable(ladder, source.id, target.id),
        steps_listed=bool(ladder.steps),
        tools_used=[_gap_tool(t, lang) for t in target.tools],
        importance_max=ladder.importance_scale.max if ladder.importance_scale else None,
    )


def _low_precision(role: Role) -> set[str]:
    """The skills whose level in *role* its source flags as imprecise."""
    return {req.skill for req in role.skills if req.low_precision}


def _gap_tool(tool: Tool, lang: str) -> GapTool:
    category = text_in(tool.category, lang)
    return GapTool(tool.name, category, tool.hot, tool.in_demand, text_in(tool.category, "en"))


def salary_changes(source: Role, target: Role) -> list[SalaryChange]:
    """Pay before and after, like for like: the ranges that apply to each role itself.

    A range a card quotes for another group (``comparison: true``, e.g. the individual
    contributors a manager leads) is left out. Figures pair up only in the same city, currency
    and period; a city with no such pair is left out rather than shown as no change.
    """
    own_before = [pay for pay in source.salaries if not pay.comparison]
    own_after = [pay for pay in target.salaries if not pay.comparison]
    pairs = [
        (before, after)
        for after in own_after
        for before in own_before
        if (normalize(before.city), before.currency, before.period)
        == (normalize(after.city), after.currency, after.period)
    ]
    # Where a city has figures for the same group of people in both roles, only those pair up.
    same_group = {
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
        if normalize(before.city) not in same_group or before.applies_to == after.applies_to
    ]


def _along_route(
    ladder: Ladder,
    source: Role | None,
    target: Role,
    lang: str,
    levels: Levels | None,
    known: set[str] | None,
) -> AlongRoute:
    """The gap leg by leg along the route ``path`` ranks first, each leg assuming the ones
    before it done (measured by :func:`walk_route`, as ``path`` measures its steps)."""
    from careerpath.errors import NoPath
    from careerpath.queries.routes import find_routes

    if source is None:
        return AlongRoute(
            [], [], "a route needs a role to start from (FROM, or role: in a profile)"
        )
    if source.id == target.id:
        return AlongRoute([RoleRef.of(source, lang)], [], "already there")
    try:
        search = find_routes(ladder, source, target, alternatives=0, lang=lang)
    except NoPath:
        note = f"no route leads from {source.title.get(lang)} to {target.title.get(lang)}"
        return AlongRoute([], [], note)
    best = search.routes[0]
    roles = [ladder.roles[ref.id] for ref in best.roles]
    demands = walk_route(ladder, roles, levels, known, lang)
    legs = [
        RouteLeg(step.source, step.target, step.kind, demand)
        for step, demand in zip(best.steps, demands, strict=True)
    ]
    return AlongRoute(list(best.roles), legs)
