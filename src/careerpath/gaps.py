"""Skill gaps: how far a set of skills is from a role's requirement.

One readiness computation serves ``gap``, ``next`` and the ``--by gap`` route ranking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Change = Literal["new", "raise", "kept", "dropped"]


@dataclass(frozen=True)
class SkillChange:
    """How one skill changes between what someone has and what a role needs.

    ``from_level`` is None for a skill not held; ``to_level`` is None for a skill the target
    does not ask for ("dropped": no longer central).
    """

    skill: str
    from_level: int | None
    to_level: int | None
    change: Change

    @property
    def size(self) -> int:
        """Levels to gain (0 for kept or dropped skills)."""
        if self.to_level is None:
            return 0
        return max(0, self.to_level - (self.from_level or 0))


def compare_skills(have: Mapping[str, int], need: Mapping[str, int]) -> list[SkillChange]:
    """Every skill in *have* or *need*, classified, the largest changes first."""
    changes = []
    for skill, level in need.items():
        held = have.get(skill)
        if held is None or held <= 0:
            kind: Change = "new"
        elif held < level:
            kind = "raise"
        else:
            kind = "kept"
        changes.append(SkillChange(skill, held, level, kind))
    changes.extend(
        SkillChange(skill, level, None, "dropped")
        for skill, level in have.items()
        if skill not in need
    )
    order = {"new": 0, "raise": 1, "kept": 2, "dropped": 3}
    return sorted(changes, key=lambda c: (-c.size, order[c.change], c.skill))


def readiness(have: Mapping[str, int], need: Mapping[str, int]) -> float:
    """Share of *need* already met, 0.0 to 1.0, counting levels.

    Raising a skill from 3 to a needed 4 leaves three quarters of that skill met. A role that
    asks for nothing is fully met.
    """
    required = sum(max(0, level) for level in need.values())
    if required == 0:
        return 1.0
    met = sum(min(max(0, have.get(skill, 0)), level) for skill, level in need.items() if level > 0)
    return met / required


def climb(have: Mapping[str, int], need: Mapping[str, int]) -> int:
    """Total skill levels to gain to meet *need* from *have*."""
    return sum(max(0, level - max(0, have.get(skill, 0))) for skill, level in need.items())
