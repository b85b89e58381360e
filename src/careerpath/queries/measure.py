"""The figures every answer is built from, each defined once: readiness, climb, the weight of
a skill, what a person holds after reaching a role, and how tool names compare.

``gap``, ``next``, ``path`` (its ranking and its step figures), ``similar`` and inferred moves
all measure with these functions, so one pair of roles gets one figure wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from careerpath.data.text import normalize

if TYPE_CHECKING:
    from careerpath.data.models import Role

Change = Literal["new", "raise", "kept", "dropped", "perhaps_held"]
"""How a skill changes; ``perhaps_held``: a skill to learn that the role moved from lists as
optional (ESCO), so the person may hold it, though nothing says so (see :func:`held_levels`)."""

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
    have: Levels,
    need: Levels,
    weights: Mapping[str, float] | None = None,
    perhaps: Collection[str] = (),
) -> list[SkillChange]:
    """Every skill in *have* or *need*, classified, the largest (weighted) changes first.

    A needed skill not in *have* but in *perhaps* (:func:`perhaps_held`) is ``perhaps_held``:
    to learn as far as the figures go, yet maybe held already.
    """
    weights = weights or {}
    changes = []
    for skill, level in need.items():
        held = have.get(skill)
        # As in readiness(), a requirement at or below level 0 asks for nothing.
        if level <= max(0, held or 0):
            kind: Change = "kept"
        elif held is None or held <= 0:
            kind = "perhaps_held" if skill in perhaps else "new"
        else:
            kind = "raise"
        changes.append(SkillChange(skill, held, level, kind, weights.get(skill, 1.0)))
    changes.extend(
        SkillChange(skill, level, None, "dropped")
        for skill, level in have.items()
        if skill not in need
    )
    order = {"new": 0, "perhaps_held": 0, "raise": 1, "kept": 2, "dropped": 3}
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


def advance(
    have: Levels, need: Levels, weights: Mapping[str, float] | None = None
) -> tuple[dict[str, float], float]:
    """What someone holds after reaching a role that asks for *need*, and the climb it took.

    A level once reached is kept: each skill ends at the higher of the level held and the level
    needed. The climb is :func:`climb` of the same pair (weighted by *weights*).
    """
    raised = dict(have)
    for skill, level in need.items():
        raised[skill] = max(have.get(skill, 0), level)
    return raised, climb(have, need, weights)


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
