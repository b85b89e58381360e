"""ISCO-08, the ILO's classification of occupations, as far as the ESCO import needs it: the
skill level of each major group, which gives an ESCO occupation its level (ESCO has none)."""

from __future__ import annotations

# ILO, ISCO-08 (vol. 1, table 1): the skill level of each major group; managers span 3-4.
MAJOR_GROUP_LEVELS = {"1": 4, "2": 4, "3": 3, "4": 2, "5": 2, "6": 2, "7": 2, "8": 2, "9": 1}
# Armed forces (major group 0) by sub-major group: commissioned officers, non-commissioned
# officers, other ranks.
ARMED_FORCES_LEVELS = {"01": 4, "02": 2, "03": 1}
MAJOR_GROUP_NAMES = {
    "0": "armed forces occupations",
    "1": "managers",
    "2": "professionals",
    "3": "technicians and associate professionals",
    "4": "clerical support workers",
    "5": "service and sales workers",
    "6": "skilled agricultural, forestry and fishery workers",
    "7": "craft and related trades workers",
    "8": "plant and machine operators and assemblers",
    "9": "elementary occupations",
}


def isco_level(isco_group: str) -> tuple[int, str] | None:
    """The level of an occupation in ISCO-08 group *isco_group* and the rule that gives it.

    The ILO assigns each ISCO-08 major group a skill level: 1 managers 3-4 (4 taken),
    2 professionals 4, 3 technicians and associate professionals 3, 4-8 2, 9 elementary 1; the
    armed forces (0) by sub-major group: 01 officers 4, 02 non-commissioned officers 2,
    03 other ranks 1. None for a code that is not an ISCO-08 group.
    """
    if not isco_group or not isco_group.isdigit():
        return None
    major = isco_group[0]
    if major == "0":
        level = ARMED_FORCES_LEVELS.get(isco_group[:2])
        group = f"sub-major group {isco_group[:2]} ({MAJOR_GROUP_NAMES['0']})"
    else:
        level = MAJOR_GROUP_LEVELS.get(major)
        group = f"major group {major} ({MAJOR_GROUP_NAMES[major]})"
    if level is None:
        return None
    return level, f"Level {level}: the ISCO-08 skill level of {group}; ESCO gives no levels."
