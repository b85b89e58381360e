"""What one step asks of a person: the skills to gain and raise and the tools to learn, from
what they hold by then, with notes for what the data leaves unknown.

``gap``, ``next``, ``path``, ``similar`` and inferred moves all describe a step this way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerpath.messages import Message, _
from careerpath.queries.measure import (
    Levels,
    advance,
    climb,
    compare_skills,
    essential_flags,
    levelless,
    number,
    readiness,
    share_figure,
    skill_weights,
    tool_keys,
    tools_to_learn,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.models import Role


def _about(role: Role, lang: str) -> dict[str, str]:
    return {"role": role.id, "title": role.title.get(lang)}


def tools_unknown_note(role: Role | None, lang: str) -> Message:
    """The note for a comparison of tools where *role* lists none (None: the person's own
    tools, which they have not given)."""
    if role is None:
        return _("you have not said which tools you know (tools: in a profile)").with_code(
            "your_tools_unknown"
        )
    message = _("the data does not say which tools {title} uses")
    return message.format(**_about(role, lang)).with_code("tools_unknown")


def skills_unknown_note(role: Role, lang: str) -> Message:
    """The note for a comparison of skills where *role* lists none."""
    message = _("the data lists no skills for {title}")
    return message.format(**_about(role, lang)).with_code("skills_unknown")


def readiness_unknown_note(role: Role | None, lang: str) -> Message:
    """The note for a comparison whose starting skills are unknown (*role* lists none)."""
    message = _("the data lists no skills for {title}: readiness unknown")
    about = _about(role, lang) if role is not None else {"role": None, "title": "?"}
    return message.format(**about).with_code("readiness_unknown")


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
    perhaps_held: bool = False
    """The role moved from lists the skill as optional (ESCO): perhaps held already, though
    counted as to learn (see :func:`careerpath.queries.measure.held_levels`)."""

    def to_json(self) -> dict[str, Any]:
        have = None if self.have is None or not self.levelled else number(self.have)
        need = number(self.need) if self.levelled else None
        return {
            "id": self.id,
            "name": self.name,
            "have": have,
            "need": need,
            "essential": self.essential,
            "perhaps_held": self.perhaps_held,
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
    notes: tuple[Message, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "skills_to_gain": [gap.to_json() for gap in self.new_skills],
            "skills_to_raise": [gap.to_json() for gap in self.raised_skills],
            "tools_to_learn": None if self.tools_to_learn is None else list(self.tools_to_learn),
            "climb": number(self.climb),
            "readiness": None if self.readiness is None else share_figure(self.readiness),
            "notes": [note.to_json() for note in self.notes],
        }


def step_demand(
    ladder: Ladder,
    have: Levels | None,
    target: Role,
    known_tools: set[str] | None,
    lang: str = "en",
    *,
    unknown_from: Role | None = None,
    perhaps: Collection[str] = (),
) -> StepDemand:
    """What *target* asks of someone holding *have* and knowing the tools *known_tools*.

    *have* None means the data lists no skills for where the person stands; *known_tools*
    None (compared names, see :func:`~careerpath.queries.measure.tool_key`) that it does not
    say which tools they know. *unknown_from* is that place for the notes: a role, or None
    for the person's own skills and tools. *perhaps* are skills the person may hold without
    the figures counting them (:func:`~careerpath.queries.measure.starting_perhaps`).
    """
    need = target.skill_levels()
    weights = skill_weights(target)
    plain = levelless(target)
    flags = essential_flags(target)
    levels: Levels = have if have is not None else {}
    notes: list[Message] = []
    new_skills: list[SkillNeed] = []
    raised_skills: list[SkillNeed] = []
    for change in compare_skills(levels, need, weights, perhaps):
        if change.to_level is None or change.change not in ("new", "raise", "perhaps_held"):
            continue
        gap = SkillNeed(
            change.skill,
            ladder.skill_name(change.skill, lang),
            change.from_level,
            change.to_level,
            change.skill not in plain,
            flags.get(change.skill),
            change.change == "perhaps_held",
        )
        (raised_skills if change.change == "raise" else new_skills).append(gap)
    share = readiness(levels, need, weights)
    if not need:
        notes.append(skills_unknown_note(target, lang))
    elif have is None:
        share = None
        notes.append(readiness_unknown_note(unknown_from, lang))
    learn: list[str] | None
    if not target.tools:
        learn = None
        notes.append(tools_unknown_note(target, lang))
    elif known_tools is None:
        learn = None
        notes.append(tools_unknown_note(unknown_from, lang))
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
    perhaps: Collection[str] = (),
) -> list[StepDemand]:
    """What each step of a route asks, measured from what the person holds by then.

    The person starts with *levels* and *tools* (None: unknown), perhaps holding the skills
    *perhaps* names as well, and, on reaching each role, holds its skills at least at the
    levels it asks (a level once reached is kept: the route's climb counted them) and knows
    its tools. ``path`` and ``gap --along-route`` both measure routes this way.
    """
    have = dict(levels) if levels is not None else None
    known = set(tools) if tools is not None else None
    maybe = set(perhaps)
    last = roles[0] if roles else None
    demands = []
    for target in roles[1:]:
        demands.append(
            step_demand(ladder, have, target, known, lang, unknown_from=last, perhaps=maybe)
        )
        need = target.skill_levels()
        maybe -= need.keys()
        if need:
            have, _climb = advance(have or {}, need)
        if target.tools:
            known = (known or set()) | tool_keys(target)
        last = target
    return demands
