"""The figures every answer is built from, each defined once: readiness, climb, the weight of
a skill, which of a role's skills a figure counts, when two levels differ by no more than their
margin, what a person holds after reaching a role, and how tool names compare.

``gap``, ``next``, ``path`` (its ranking and its step figures), ``similar`` and inferred moves
all measure with these functions, so one pair of roles gets one figure wherever it is shown.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from careerpath.data.text import normalize

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role, SkillScale, Tool

Change = Literal["new", "raise", "same", "kept", "dropped", "unknown", "perhaps_held"]
"""How a skill changes: ``same`` is a raise no larger than the two levels' margin (see
:func:`margin`), which counts as met; ``unknown`` a skill needed where what is held is unknown
(the data lists no skills for the role compared from); ``perhaps_held`` a skill to learn that
the role moved from lists as optional (ESCO), so the person may hold it, though nothing says so
(see :func:`held_levels`)."""

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
        """Levels to gain, weighted by the skill's importance (0 for kept, same or dropped)."""
        if self.to_level is None or self.change == "same":
            return 0
        return max(0, self.to_level - max(0, self.from_level or 0)) * self.weight


def _met(held: float, level: float, within: float) -> float:
    """How much of a needed *level* a *held* level meets: all of it when the shortfall is no
    larger than the margin *within* (and the skill is held at all)."""
    if held > 0 and level - held <= within:
        return level
    return min(max(0, held), level)


def compare_skills(
    have: Levels,
    need: Levels,
    weights: Mapping[str, float] | None = None,
    margins: Mapping[str, float] | None = None,
    perhaps: Collection[str] = (),
) -> list[SkillChange]:
    """Every skill in *have* or *need*, classified, the largest (weighted) changes first.

    A raise no larger than the skill's margin (*margins*, see :func:`margin`) is ``same``. A
    needed skill not in *have* but in *perhaps* (:func:`perhaps_held`) is ``perhaps_held``: to
    learn as far as the figures go, yet maybe held already.
    """
    weights = weights or {}
    margins = margins or {}
    changes = []
    for skill, level in need.items():
        held = have.get(skill)
        # As in readiness(), a requirement at or below level 0 asks for nothing.
        if level <= max(0, held or 0):
            kind: Change = "kept"
        elif held is None or held <= 0:
            kind = "perhaps_held" if skill in perhaps else "new"
        elif level - held <= margins.get(skill, 0):
            kind = "same"
        else:
            kind = "raise"
        changes.append(SkillChange(skill, held, level, kind, weights.get(skill, 1.0)))
    changes.extend(
        SkillChange(skill, level, None, "dropped")
        for skill, level in have.items()
        if skill not in need
    )
    order = {"new": 0, "perhaps_held": 0, "raise": 1, "same": 2, "kept": 3, "dropped": 4}
    return sorted(changes, key=lambda c: (-c.size, order[c.change], c.skill))


def readiness(
    have: Levels,
    need: Levels,
    weights: Mapping[str, float] | None = None,
    margins: Mapping[str, float] | None = None,
) -> float | None:
    """Share of *need* already met, 0.0 to 1.0, counting levels, or None when *need* is empty.

    Raising a skill from 3 to a needed 4 leaves three quarters of that skill met. With
    *weights* (a skill's importance in the target role), each skill counts in proportion to its
    weight. A shortfall within the skill's margin (*margins*) counts as met. A role that lists
    no skills gives no figure: the data does not say what it needs.
    """
    if not need:
        return None
    weights = weights or {}
    margins = margins or {}
    required = sum(max(0, level) * weights.get(skill, 1.0) for skill, level in need.items())
    if required == 0:
        return 1.0
    met = sum(
        _met(have.get(skill, 0), level, margins.get(skill, 0)) * weights.get(skill, 1.0)
        for skill, level in need.items()
        if level > 0
    )
    return met / required


def climb(
    have: Levels,
    need: Levels,
    weights: Mapping[str, float] | None = None,
    margins: Mapping[str, float] | None = None,
) -> float:
    """Total skill levels to gain to meet *need* from *have*, each weighted by its importance;
    a shortfall within the skill's margin (*margins*) counts 0."""
    weights = weights or {}
    margins = margins or {}
    return sum(
        max(0, level - _met(have.get(skill, 0), level, margins.get(skill, 0)))
        * weights.get(skill, 1.0)
        for skill, level in need.items()
    )


def level_change(here: int, there: int) -> int | None:
    """How many levels a move from level *here* to level *there* climbs (negative: down), or
    None where either is unknown (level 0, an O*NET occupation without a job zone)."""
    from careerpath.data.records import UNKNOWN_LEVEL

    if UNKNOWN_LEVEL in (here, there):
        return None
    return there - here


# --------------------------------------------------------------------------- what is counted

IMPORTANT_SHARE = 0.5
"""Where the line for an important skill lies on an importance scale, as a share of the way
from its bottom to its top: O*NET calls a skill of importance 3 or more on its 1-5 scale
important (3 is half-way), so the line is 3 there."""

Z_95 = 1.96
"""How many standard errors either side of a measured figure its 95 % confidence interval
reaches (the normal distribution's two-sided 95 % point, as O*NET's own CI bounds use)."""

Errors = Mapping[str, float]
"""The standard error of each measured level, by skill id (only where the data gives one)."""


def importance_line(scale: SkillScale | None, *, all_skills: bool = False) -> float | None:
    """The least importance a skill needs to be counted: 3 on O*NET's 1-5 scale (half-way up
    any other scale, :data:`IMPORTANT_SHARE`); None (every skill counts) on a dataset without
    an importance scale, or with *all_skills*."""
    if scale is None or all_skills:
        return None
    return scale.min + (scale.max - scale.min) * IMPORTANT_SHARE


def margin(held_error: float | None, needed_error: float | None) -> float:
    """How far apart two measured levels may lie and still be the same level: the 95 % margin
    of their difference, ``1.96 × sqrt(se1² + se2²)``. A level without a standard error (one
    you gave, or from data that measures none) adds nothing; 0 when neither has one."""
    first, second = held_error or 0.0, needed_error or 0.0
    return Z_95 * math.hypot(first, second)


@dataclass(frozen=True)
class Need:
    """What a role asks, as every figure counts it (see :func:`counted_need`).

    ``levels`` are the skills counted; ``weights`` their weights (:func:`skill_weights`);
    ``errors`` the standard errors of their levels where the data gives them; ``left_out`` the
    skills the role rates below the importance line, not counted; ``rated`` whether the role
    lists any skill at all (if not, what it asks is unknown).
    """

    levels: dict[str, float]
    weights: dict[str, float]
    errors: dict[str, float] = field(default_factory=dict)
    left_out: tuple[str, ...] = ()
    rated: bool = True
    line: float | None = None

    def margins(self, held_errors: Errors | None = None) -> dict[str, float]:
        """Each counted skill's margin against the standard errors of the levels held."""
        held_errors = held_errors or {}
        return {
            skill: margin(held_errors.get(skill), self.errors.get(skill))
            for skill in self.levels
            if skill in self.errors or skill in held_errors
        }


def counted_need(role: Role, line: float | None = None) -> Need:
    """The requirement of *role* that every figure counts: all its skills, or with *line*
    (:func:`importance_line`) those of importance at least *line*. A skill whose importance
    the data does not give is always counted."""
    levels: dict[str, float] = {}
    errors: dict[str, float] = {}
    left_out: list[str] = []
    for requirement in role.skills:
        importance = requirement.importance
        if line is not None and importance is not None and importance < line:
            left_out.append(requirement.skill)
            continue
        levels[requirement.skill] = 1 if requirement.level is None else requirement.level
        if requirement.level_se is not None:
            errors[requirement.skill] = requirement.level_se
    weights = skill_weights(role)
    counted = {skill: weight for skill, weight in weights.items() if skill in levels}
    return Need(levels, counted, errors, tuple(left_out), bool(role.skills), line)


def level_errors(role: Role) -> dict[str, float]:
    """The standard errors of *role*'s levels, where the data gives them."""
    return {req.skill: req.level_se for req in role.skills if req.level_se is not None}


def starting_errors(source: Role | None, have: Levels | None) -> dict[str, float]:
    """The standard errors of the levels someone starts from: *source*'s, except for the
    skills *have* names (a level you give is taken as exact)."""
    if source is None:
        return {}
    errors = level_errors(source)
    for skill in have or ():
        errors.pop(skill, None)
    return errors


def reach(
    have: Levels, errors: Errors, need: Need
) -> tuple[dict[str, float], dict[str, float], float]:
    """What someone holds after reaching a role that asks *need*: each skill's level and its
    standard error, and the climb it took (:func:`climb`, margins counted).

    A level once reached is kept: each skill ends at the higher of the level held and the level
    needed, with that level's standard error.
    """
    gained = climb(have, need.levels, need.weights, need.margins(errors))
    levels = dict(have)
    held_errors = dict(errors)
    for skill, level in need.levels.items():
        levels[skill] = max(have.get(skill, 0), level)
        if level > have.get(skill, 0):
            if skill in need.errors:
                held_errors[skill] = need.errors[skill]
            else:
                held_errors.pop(skill, None)
    return levels, held_errors, gained


ESSENTIAL_WEIGHT = 2.0
"""How much a skill essential to a role counts in readiness, where the data gives no levels."""
OPTIONAL_WEIGHT = 1.0
"""How much an optional skill counts (ESCO's other relation), against ESSENTIAL_WEIGHT."""


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


PRODUCT_WORDS = frozenset(
    {"app", "cloud", "crm", "platform", "software", "suite", "online", "desktop", "web"}
)
"""Generic words a product's name may end in without naming another product: ``HubSpot CRM``
is the tool ``HubSpot``, ``Zendesk Suite`` is ``Zendesk``."""


def tool_key(name: str) -> str:
    """How tool names compare: case, diacritics and punctuation ignored, and generic product
    words at the end left out (:data:`PRODUCT_WORDS`), so one tool has one name."""
    words = normalize(name).split()
    while len(words) > 1 and words[-1] in PRODUCT_WORDS:
        words.pop()
    return " ".join(words)


def tool_keys(role: Role) -> set[str]:
    """The compared names of the tools *role* uses."""
    return {tool_key(tool.name) for tool in role.tools}


def new_tools(target: Role, known: Iterable[str]) -> list[Tool]:
    """Tools *target* uses whose names are not in *known* (any spelling), each once."""
    seen = {tool_key(name) for name in known}
    missing = []
    for tool in target.tools:
        key = tool_key(tool.name)
        if key not in seen:
            seen.add(key)
            missing.append(tool)
    return missing


def tools_to_learn(target: Role, known: Iterable[str]) -> list[str]:
    """Names of the tools *target* uses that are not in *known* (any spelling), each once."""
    return [tool.name for tool in new_tools(target, known)]


class Flagged(Protocol):
    """A tool with O*NET's flags (a data file's tool, or a gap's)."""

    @property
    def hot(self) -> bool: ...

    @property
    def in_demand(self) -> bool: ...


def notable(tool: Flagged) -> bool:
    """Whether a tool is flagged hot or in demand (O*NET's Hot Technology and In Demand)."""
    return tool.hot or tool.in_demand


_EXAMPLES: weakref.WeakKeyDictionary[Ladder, bool] = weakref.WeakKeyDictionary()


def tools_are_examples(ladder: Ladder) -> bool:
    """Whether *ladder*'s tool lists are examples rather than requirements: true where the data
    flags hot or in-demand technology (O*NET), whose lists are examples of what is used."""
    found = _EXAMPLES.get(ladder)
    if found is None:
        found = _EXAMPLES[ladder] = ladder.any_flagged_tool()
    return found


def held_levels(role: Role) -> dict[str, float]:
    """What someone who holds *role* is taken to hold: each skill it asks for, at its level,
    except the skills it lists as optional without a level (ESCO), which only
    :func:`perhaps_held` names.

    An optional skill is one a holder of the role may or may not have, so it is never counted
    as held: a step that asks for it lists it as to learn (perhaps held), and readiness counts
    it as not met. Essential skills, and every skill of a dataset with levels, are held.
    """
    return {
        req.skill: 1 if req.level is None else req.level
        for req in role.skills
        if req.level is not None or req.essential is not False
    }


def perhaps_held(role: Role) -> set[str]:
    """The skills *role* lists as optional without a level (ESCO): perhaps held by someone who
    holds it, never counted as held (see :func:`held_levels`)."""
    return {req.skill for req in role.skills if req.level is None and req.essential is False}


def role_levels(role: Role) -> dict[str, float] | None:
    """What a holder of *role* is taken to hold (:func:`held_levels`), or None when it lists no
    skills (unknown, not none)."""
    return held_levels(role) if role.skills else None


def role_tools(role: Role) -> set[str] | None:
    """The compared names of *role*'s tools, or None when it lists none (unknown)."""
    return tool_keys(role) if role.tools else None


def starting_levels(source: Role | None, have: Levels | None) -> dict[str, float] | None:
    """The skills someone starts from: *source*'s, with *have* overriding the skills it names.

    *source*'s skills are those its holder is taken to hold (:func:`held_levels`: not the
    skills it lists as optional). None when neither gives any skill: the data does not say what
    the person holds.
    """
    levels: dict[str, float] = held_levels(source) if source is not None else {}
    levels.update(have or {})
    if not levels and have is None and (source is None or not source.skills):
        return None
    return levels


def starting_perhaps(source: Role | None, have: Levels | None) -> frozenset[str]:
    """The skills someone starting in *source* perhaps holds (:func:`perhaps_held`), less those
    their own levels (*have*) name."""
    if source is None:
        return frozenset()
    return frozenset(perhaps_held(source) - set(have or ()))


def starting_tools(source: Role | None, known_tools: Iterable[str] | None) -> set[str] | None:
    """Compared names of the tools someone knows: *source*'s and their own; None if unknown."""
    if (source is None or not source.tools) and known_tools is None:
        return None
    known = {tool_key(name) for name in known_tools or ()}
    if source is not None:
        known |= tool_keys(source)
    return known
