"""Skill gaps: what changes from one role, or from your own skills, to another role.

The figures come from :mod:`careerpath.queries.measure`, each step of a route from
:mod:`careerpath.queries.demand`, the route itself from :mod:`careerpath.queries.routes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from careerpath.data.records import text_in
from careerpath.data.text import normalize
from careerpath.errors import UsageError
from careerpath.messages import Message, Parameter, _, joined, ngettext
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import (
    StepDemand,
    readiness_unknown_note,
    tools_count,
    tools_unknown_note,
    walk_route,
)
from careerpath.queries.graph import leads_to
from careerpath.queries.measure import (
    Change,
    Errors,
    Levels,
    compare_skills,
    counted_need,
    essential_flags,
    importance_line,
    levelless,
    notable,
    number,
    percent,
    readiness,
    share_figure,
    starting_errors,
    starting_levels,
    starting_perhaps,
    starting_tools,
    tool_key,
    tools_are_examples,
)
from careerpath.queries.salary import SalaryChange, salary_changes

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role, Tool


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
    margin: float | None = None
    """How far the two levels may lie apart and still be the same level (``same``), where the
    data gives their standard errors."""

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
            "margin": None if self.margin is None else round(self.margin, 4),
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
    note: Message | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "roles": [asdict(role) for role in self.roles],
            "legs": [leg.to_json() for leg in self.legs],
            "note": self.note.to_json() if self.note is not None else None,
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
    notes: list[Message] = field(default_factory=list)
    route_exists: bool = False
    steps_listed: bool = True
    """False when the dataset lists no career steps at all (ESCO): routes are inferred."""
    tools_used: list[GapTool] = field(default_factory=list)
    """Every tool the target uses (empty when the data lists none)."""
    importance_max: float | None = None
    """The top of the dataset's importance scale, for drawing only (not in the JSON)."""
    least_importance: float | None = None
    """The importance line: the target's skills rated below it are not counted (None: every
    skill is counted)."""
    skills_not_counted: int = 0
    """How many of the target's skills lie below the importance line (left out)."""
    tools_are_examples: bool = False
    """The data's tool lists are examples of what is used (O*NET), not requirements."""
    notable_only: bool = False
    """Only tools flagged hot or in demand are listed; ``tools_not_listed`` counts the rest."""
    tools_not_listed: int = 0
    """How many new tools are not listed (neither hot nor in demand)."""

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
    def summary(self) -> Message:
        """One line: "7 of 10 skills carry over, 2 to raise, 1 new; 9 tools to learn"."""
        needed = sum(1 for line in self.skills if line.change != "dropped")
        if self.tools_to_learn is None:
            tools_part = _("tools to learn unknown")
            if self.tools_are_examples:
                tools_part = _("which tools used there are new to you is unknown")
        else:
            tools = len({tool_key(tool.name) for tool in self.tools_to_learn})
            tools_part = tools_count(
                tools, examples=self.tools_are_examples, notable_only=self.notable_only
            )
        if needed == 0:
            return _("{title} lists no skills; {tools}").format(
                title=self.target.title, tools=tools_part
            )
        if self.count("unknown"):
            return ngettext(
                "{count} skill needed, which of them you hold is unknown; {tools}",
                "{count} skills needed, which of them you hold is unknown; {tools}",
                needed,
            ).format(count=needed, tools=tools_part)
        carried = ngettext(
            "{kept} of {count} skill carries over",
            "{kept} of {count} skills carry over",
            needed,
        ).format(kept=self.count("kept") + self.count("same"), count=needed)
        rest = _("{raise_count} to raise, {new_count} new").format(
            raise_count=self.count("raise"), new_count=self.count("new")
        )
        if not any(line.levelled for line in self.skills):  # no levels (ESCO): held or not
            perhaps = self.count("perhaps_held")
            learn = self.count("new") + perhaps
            if perhaps:
                return _(
                    "{kept} of {count} skills held, {new_count} to learn "
                    "({perhaps_count} perhaps held); {tools}"
                ).format(
                    kept=self.count("kept"),
                    count=needed,
                    new_count=learn,
                    perhaps_count=perhaps,
                    tools=tools_part,
                )
            return _("{kept} of {count} skills held, {new_count} to learn; {tools}").format(
                kept=self.count("kept"), count=needed, new_count=learn, tools=tools_part
            )
        parts: list[str] = [carried]
        if self.count("same"):
            same = _("{count} about the same").format(count=self.count("same"))
            parts += [" (", same, ")"]
        return joined("", [*parts, ", ", rest, "; ", tools_part])

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
            "least_importance": None
            if self.least_importance is None
            else number(self.least_importance),
            "skills_not_counted": self.skills_not_counted,
            "tools_not_listed": self.tools_not_listed,
            "step": self.step_kind,
            "along_route": self.along_route.to_json() if self.along_route else None,
            "summary": self.summary,
            "notes": [note.to_json() for note in self.notes],
        }


def skill_gap(
    ladder: Ladder,
    source: Role | None,
    target: Role,
    lang: str = "en",
    have: Levels | None = None,
    known_tools: Iterable[str] | None = None,
    *,
    along_route: bool = False,
    all_skills: bool = False,
    all_tools: bool = False,
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
    all_skills:
        Count and show every skill the target rates, not only those of importance at least
        the line (:func:`~careerpath.queries.measure.importance_line`; 3 on O*NET).
    all_tools:
        Where the data's tool lists are examples (O*NET), list every new tool, not only those
        flagged hot or in demand.

    Returns
    -------
    SkillGap
        Skills (largest change first; a raise within the two levels' margin is ``same``),
        tools, new responsibilities, KPIs, salary change, readiness (via :func:`readiness`,
        weighted by importance where the data gives it) and, if asked for, the route legs.
        Unknowns (a role listing no skills or tools) are None, with a note.

    Raises
    ------
    UsageError
        When neither *source* nor *have* is given.
    """
    if source is None and have is None:
        raise UsageError(
            _(
                "give a role to start from, or your own skills ({have_option} or {profile_option})"
            ).format(have_option=Parameter("have"), profile_option=Parameter("profile"))
        )
    levels = starting_levels(source, have)
    perhaps = starting_perhaps(source, have)
    need = counted_need(target, importance_line(ladder.importance_scale, all_skills=all_skills))
    errors = starting_errors(source, have)
    margins = need.margins(errors)
    importances = {r.skill: r.importance for r in target.skills if r.importance is not None}
    flags = essential_flags(target)
    plain = levelless(target) | (levelless(source) if source is not None else set())
    if need.levels and not need.levels.keys() - plain:  # no levels where you go (ESCO): none count
        plain |= set(have or ())
    known = starting_tools(source, known_tools)
    notes: list[Message] = []
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
            margins.get(c.skill) if c.change in ("raise", "same") else None,
        )
        for c in compare_skills(levels or {}, need.levels, need.weights, margins, perhaps)
        # A skill the target rates below the importance line is not "no longer central"; and
        # where the target lists no skills, what is no longer central there is unknown.
        if c.change != "dropped" or (need.rated and c.skill not in need.left_out)
    ]
    if levels is None and source is not None:
        # The data lists no skills for FROM: what carries over is unknown, not nothing.
        lines = [replace(line, change="unknown") for line in lines]
    share = readiness(levels or {}, need.levels, need.weights, margins)
    if not need.rated:
        notes.append(readiness_unknown_note(target, lang))
    elif levels is None and source is not None:
        share = None
        notes.append(readiness_unknown_note(source, lang))
    elif not need.levels:
        share = 1.0  # every skill it rates lies below the importance line
    to_learn: list[GapTool] | None
    already: list[GapTool] | None
    if not target.tools:
        to_learn = already = None
        notes.append(tools_unknown_note(target, lang))
    elif known is None:
        to_learn = already = None
        if source is None:
            notes.append(tools_unknown_note(None, lang))
        else:
            message = _(
                "the data does not say which tools {title} uses: which tools are new is unknown"
            )
            notes.append(
                message.format(role=source.id, title=source.title.get(lang)).with_code(
                    "source_tools_unknown"
                )
            )
    else:
        to_learn = [_gap_tool(t, lang) for t in target.tools if tool_key(t.name) not in known]
        already = [_gap_tool(t, lang) for t in target.tools if tool_key(t.name) in known]
    examples = tools_are_examples(ladder)
    notable_only = examples and not all_tools
    not_listed = 0
    if to_learn is not None and notable_only:
        new_count = len({tool_key(tool.name) for tool in to_learn})
        to_learn = [tool for tool in to_learn if notable(tool)]
        not_listed = new_count - len({tool_key(tool.name) for tool in to_learn})
    # Responsibilities are compared in English, the language every role has them in.
    held = {normalize(text_in(text, "en")) for text in source.responsibilities} if source else set()
    steps = ladder.steps_from(source.id) if source else []
    step = next((s for s in steps if s.target_role == target.id), None)
    route = None
    if along_route:
        route = _along_route(
            ladder,
            source,
            target,
            lang,
            levels,
            known,
            errors,
            all_skills,
            all_tools,
            "role" if have is None else "profile",
            perhaps,
        )
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
        salaries=salary_changes(source, target, lang) if source else [],
        step_kind=step.kind if step else None,
        along_route=route,
        notes=notes,
        route_exists=source is not None and leads_to(ladder, source.id, target.id),
        steps_listed=bool(ladder.steps),
        tools_used=[_gap_tool(t, lang) for t in target.tools],
        importance_max=ladder.importance_scale.max if ladder.importance_scale else None,
        least_importance=need.line,
        skills_not_counted=len(need.left_out),
        tools_are_examples=examples,
        notable_only=notable_only,
        tools_not_listed=not_listed,
    )


def _low_precision(role: Role) -> set[str]:
    """The skills whose level in *role* its source flags as imprecise."""
    return {req.skill for req in role.skills if req.low_precision}


def _gap_tool(tool: Tool, lang: str) -> GapTool:
    category = text_in(tool.category, lang)
    return GapTool(tool.name, category, tool.hot, tool.in_demand, text_in(tool.category, "en"))


def _along_route(
    ladder: Ladder,
    source: Role | None,
    target: Role,
    lang: str,
    levels: Levels | None,
    known: set[str] | None,
    errors: Errors,
    all_skills: bool,
    all_tools: bool,
    start: str = "role",
    perhaps: frozenset[str] = frozenset(),
) -> AlongRoute:
    """The gap leg by leg along the route ``path`` ranks first, each leg assuming the ones
    before it done (measured by :func:`walk_route`, as ``path`` measures its steps)."""
    from careerpath.errors import NoPath
    from careerpath.queries.routes import find_routes

    if source is None:
        note = _("a route needs a role to start from (FROM, or role: in a profile)")
        return AlongRoute([], [], note.with_code("route_needs_start"))
    if source.id == target.id:
        return AlongRoute([RoleRef.of(source, lang)], [], _("already there").with_code("same_role"))
    try:
        search = find_routes(
            ladder, source, target, alternatives=0, lang=lang, all_skills=all_skills
        )
    except NoPath:
        note = _("no route leads from {start} to {goal}").format(
            start=source.title.get(lang), goal=target.title.get(lang), role=source.id, to=target.id
        )
        return AlongRoute([], [], note.with_code("no_route"))
    best = search.routes[0]
    roles = [ladder.roles[ref.id] for ref in best.roles]
    demands = walk_route(
        ladder,
        roles,
        levels,
        known,
        lang,
        errors=errors,
        all_skills=all_skills,
        all_tools=all_tools,
        start=start,
        perhaps=perhaps,
    )
    legs = [
        RouteLeg(step.source, step.target, step.kind, demand)
        for step, demand in zip(best.steps, demands, strict=True)
    ]
    return AlongRoute(list(best.roles), legs)
