"""What one step asks of a person: the skills to gain and raise and the tools to learn, from
what they hold by then, with notes for what the data leaves unknown.

``gap``, ``next``, ``path``, ``similar`` and inferred moves all describe a step this way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from careerpath.messages import Message, _, ngettext
from careerpath.queries.measure import (
    Errors,
    Levels,
    climb,
    compare_skills,
    counted_need,
    essential_flags,
    importance_line,
    levelless,
    new_tools,
    notable,
    number,
    reach,
    readiness,
    share_figure,
    tool_keys,
    tools_are_examples,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role


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


def tools_count(
    count: int, *, examples: bool, notable_only: bool, at_least: bool = False
) -> Message:
    """How many tools a move brings that are new: "9 tools to learn" where the data's tool
    lists are requirements; where they are examples (O*NET), "3 hot or in-demand tools used
    there, new to you" (or, with every tool listed, "12 tools used there, new to you").
    *at_least*: the count is a lower bound (some roles' tools are unknown)."""
    if not examples:
        message = ngettext("{count} tool to learn", "{count} tools to learn", count)
    elif notable_only:
        message = ngettext(
            "{count} hot or in-demand tool used there, new to you",
            "{count} hot or in-demand tools used there, new to you",
            count,
        )
    else:
        message = ngettext(
            "{count} tool used there, new to you", "{count} tools used there, new to you", count
        )
    figure: object = count
    if at_least:
        figure = _("at least {count}").format(count=count)
    return message.format(count=figure)


@dataclass(frozen=True)
class StepDemand:
    """What moving into a role asks of someone: skills to gain and raise, tools to learn.

    ``tools_to_learn`` is None when the data does not say which tools one side uses; where the
    data's tool lists are examples (``tools_are_examples``, O*NET), it holds the new tools
    flagged hot or in demand unless every tool was asked for, and ``tools_not_listed`` counts
    the other new ones. ``readiness`` is None when the data lists no skills for the target, or
    none are known for the person; ``climb`` and the skills to gain and raise are None when the
    data lists no skills for the target. ``skills_not_counted`` counts the target's skills of
    importance below the line (see :func:`~careerpath.queries.measure.counted_need`); the
    skills within their margin (``skills_within_margin``) count as met. ``notes`` say what the
    data leaves unknown.
    """

    new_skills: list[SkillNeed] | None
    raised_skills: list[SkillNeed] | None
    tools_to_learn: list[str] | None
    climb: float | None
    readiness: float | None
    notes: tuple[Message, ...] = ()
    skills_within_margin: list[SkillNeed] = field(default_factory=list)
    skills_not_counted: int = 0
    tools_not_listed: int = 0
    tools_are_examples: bool = False
    notable_only: bool = False
    """Only the new tools flagged hot or in demand are listed (the rest are counted)."""
    measured_from: str | None = None
    """What the figures are measured from: "role" (the start role's own skills), "profile"
    (your skills), or "after_step_N" on a route (what is held once steps 1..N are done)."""

    def to_json(self) -> dict[str, Any]:
        def needs(skills: list[SkillNeed] | None) -> list[dict[str, Any]] | None:
            return None if skills is None else [gap.to_json() for gap in skills]

        return {
            "skills_to_gain": needs(self.new_skills),
            "skills_to_raise": needs(self.raised_skills),
            "skills_within_margin": needs(self.skills_within_margin),
            "skills_not_counted": self.skills_not_counted,
            "tools_to_learn": None if self.tools_to_learn is None else list(self.tools_to_learn),
            "tools_not_listed": self.tools_not_listed,
            "climb": None if self.climb is None else number(self.climb),
            "readiness": None if self.readiness is None else share_figure(self.readiness),
            "notes": [note.to_json() for note in self.notes],
            "measured_from": self.measured_from,
        }

    def tools_count(self) -> Message | None:
        """How many tools the step brings that are new, in words (None: unknown)."""
        if self.tools_to_learn is None:
            return None
        return tools_count(
            len(self.tools_to_learn),
            examples=self.tools_are_examples,
            notable_only=self.notable_only,
        )


def step_demand(
    ladder: Ladder,
    have: Levels | None,
    target: Role,
    known_tools: set[str] | None,
    lang: str = "en",
    *,
    unknown_from: Role | None = None,
    have_errors: Errors | None = None,
    all_skills: bool = False,
    all_tools: bool = False,
    perhaps: Collection[str] = (),
) -> StepDemand:
    """What *target* asks of someone holding *have* and knowing the tools *known_tools*.

    *have* None means the data lists no skills for where the person stands; *known_tools*
    None (compared names, see :func:`~careerpath.queries.measure.tool_key`) that it does not
    say which tools they know. *unknown_from* is that place for the notes: a role, or None
    for the person's own skills and tools. *have_errors* are the standard errors of the levels
    held (a raise within the margin is no raise). The target's skills of importance below the
    line are not counted unless *all_skills*; where tool lists are examples, only the new tools
    flagged hot or in demand are listed unless *all_tools*. *perhaps* are skills the person may
    hold without the figures counting them (:func:`~careerpath.queries.measure.starting_perhaps`).
    """
    need = counted_need(target, importance_line(ladder.importance_scale, all_skills=all_skills))
    plain = levelless(target)
    flags = essential_flags(target)
    levels: Levels = have if have is not None else {}
    notes: list[Message] = []
    new_skills: list[SkillNeed] | None = []
    raised_skills: list[SkillNeed] | None = []
    within: list[SkillNeed] = []
    margins = need.margins(have_errors)
    for change in compare_skills(levels, need.levels, need.weights, margins, perhaps):
        if change.to_level is None or change.change not in ("new", "raise", "same", "perhaps_held"):
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
        lists = {
            "new": new_skills,
            "perhaps_held": new_skills,
            "raise": raised_skills,
            "same": within,
        }
        chosen = lists[change.change]
        assert chosen is not None
        chosen.append(gap)
    share = readiness(levels, need.levels, need.weights, margins)
    gained: float | None = climb(levels, need.levels, need.weights, margins)
    if not need.rated:
        # What the target asks is unknown: no readiness, no climb, nothing to gain or raise.
        new_skills = raised_skills = gained = None
        notes.append(skills_unknown_note(target, lang))
    elif not need.levels:
        share = 1.0  # every skill it rates lies below the importance line
    if need.rated and have is None:
        # What the person holds is unknown: so are readiness, climb and what is to gain.
        share = gained = None
        new_skills = raised_skills = None
        within = []
        notes.append(readiness_unknown_note(unknown_from, lang))
    examples = tools_are_examples(ladder)
    notable_only = examples and not all_tools
    learn: list[str] | None
    not_listed = 0
    if not target.tools:
        learn = None
        notes.append(tools_unknown_note(target, lang))
    elif known_tools is None:
        learn = None
        notes.append(tools_unknown_note(unknown_from, lang))
    else:
        new = new_tools(target, known_tools)
        listed = [tool for tool in new if notable(tool)] if notable_only else new
        learn = [tool.name for tool in listed]
        not_listed = len(new) - len(listed)
    return StepDemand(
        new_skills,
        raised_skills,
        learn,
        gained,
        share,
        tuple(notes),
        within,
        len(need.left_out),
        not_listed,
        examples,
        notable_only,
    )


def walk_route(
    ladder: Ladder,
    roles: Sequence[Role],
    levels: Levels | None,
    tools: set[str] | None,
    lang: str = "en",
    *,
    errors: Errors | None = None,
    all_skills: bool = False,
    all_tools: bool = False,
    start: str = "role",
    perhaps: Collection[str] = (),
) -> list[StepDemand]:
    """What each step of a route asks, measured from what the person holds by then.

    *start* says what *levels* are ("role": the start role's own, "profile": the person's);
    each demand's ``measured_from`` is *start* for the first step, "after_step_N" after it.

    The person starts with *levels* (their standard errors *errors*) and *tools* (None:
    unknown), perhaps holding the skills *perhaps* names as well, and, on reaching each role,
    holds the skills it counts at least at the levels it asks (a level once reached is kept:
    the route's climb counted them) and knows its tools. ``path`` and ``gap --along-route``
    both measure routes this way, as the route search ranks them
    (:func:`~careerpath.queries.measure.reach`).
    """
    have = dict(levels) if levels is not None else None
    held_errors: dict[str, float] = dict(errors or {})
    known = set(tools) if tools is not None else None
    maybe = set(perhaps)
    last = roles[0] if roles else None
    line = importance_line(ladder.importance_scale, all_skills=all_skills)
    demands = []
    for index, target in enumerate(roles[1:]):
        demand = step_demand(
            ladder,
            have,
            target,
            known,
            lang,
            unknown_from=last,
            have_errors=held_errors,
            all_skills=all_skills,
            all_tools=all_tools,
            perhaps=maybe,
        )
        basis = start if index == 0 else f"after_step_{index}"
        demands.append(replace(demand, measured_from=basis))
        need = counted_need(target, line)
        maybe -= need.levels.keys()
        if need.levels:
            have, held_errors, _climb = reach(have or {}, held_errors, need)
        if target.tools:
            known = (known or set()) | tool_keys(target)
        last = target
    return demands
