"""Your own skills: a profile file or a ``--have`` list, checked against the dataset.

A profile is YAML (or JSON for ``.json`` files)::

    role: customer service representative     # optional: your current role
    skills:                                   # skill: level, names in any language or ids
      communication: 4
      empatia: 3
    tools: [Zendesk, Slack]                   # optional: tools you already know

``skills`` may also be a list of ``{skill: NAME, level: N}``. A profile is untrusted input read
with the same limits as a data file, and every problem in it is reported at once, located.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerpath.data.locate import BUILTIN
from careerpath.data.records import MAX_NAME_LENGTH, find_forbidden_character
from careerpath.data.sources import Locator, format_path, parse, read_text
from careerpath.errors import (
    AmbiguousName,
    InvalidDataset,
    InvalidProfile,
    Problem,
    UnknownName,
    UsageError,
)
from careerpath.messages import Number, Parameter, _, joined
from careerpath.queries.names import find_role, find_skill

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

FIELDS = ("role", "skills", "tools")
MAX_HAVE_LENGTH = 10_000
HAVE_EXAMPLE = "communication=4,leadership=2"


@dataclass(frozen=True)
class Profile:
    """What someone brings: skill levels by skill id, tools they know, maybe a current role."""

    skills: dict[str, float] = field(default_factory=dict)
    tools: list[str] = field(default_factory=list)
    role: str | None = None
    file: str | None = None

    def with_levels(self, levels: Mapping[str, float]) -> Profile:
        """This profile with *levels* added, overriding the levels it had for those skills."""
        return Profile({**self.skills, **levels}, list(self.tools), self.role, self.file)

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "skills": dict(self.skills),
            "tools": list(self.tools),
            "file": self.file,
        }


def parse_have(ladder: Ladder, text: str, lang: str = "en") -> dict[str, float]:
    """Skill levels from a ``--have`` value such as ``communication=4, leadership=2``.

    Skills may be named in any language, by id or by alias; spaces around names, levels and
    commas are ignored. On a dataset without skill levels (ESCO: a skill is held or not), a
    name alone means the skill is held (level 1); ``=1`` says the same.

    Raises
    ------
    UsageError
        When the value is malformed, a level is not a number within the dataset's scale (a
        whole number unless the scale is measured, ``editorial: false``),
        or one skill is given twice; the message names the offending part.
    UnknownSkill, AmbiguousSkill
        When a name matches no skill (with "did you mean") or several.
    """
    if len(text) > MAX_HAVE_LENGTH:
        raise UsageError(
            _("{have_option} is longer than {count} characters")
            .format(have_option=Parameter("have"))
            .format(count=Number(MAX_HAVE_LENGTH))
        )
    scale = ladder.scale
    levels: dict[str, float] = {}
    named: dict[str, str] = {}
    levelless: bool | None = None  # found out when a name comes without a level
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        name, sign, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sign and name:
            if levelless is None:
                levelless = without_levels(ladder)
            if levelless:
                sign, value = "=", str(HELD)
        if not sign or not name or not value:
            raise UsageError(
                _("{have_option}: {part} is not SKILL=LEVEL (e.g. {example})")
                .format(have_option=Parameter("have"))
                .format(part=repr(part), example=HAVE_EXAMPLE)
            )
        level = _level_value(value, measured=not scale.editorial)
        if level is None:
            if scale.editorial:
                message = _(
                    "{have_option}: level {value} of {name} is not a whole number ({low} to {high})"
                ).format(have_option=Parameter("have"))
            else:
                message = _(
                    "{have_option}: level {value} of {name} is not a number ({low} to {high})"
                ).format(have_option=Parameter("have"))
            raise UsageError(
                message.format(value=repr(value), name=repr(name), low=scale.min, high=scale.max)
            )
        skill = find_skill(ladder, name, lang)
        if not on_scale(ladder, level):
            raise UsageError(
                _("{have_option}: level {level} of {name} is outside the skill scale {low}..{high}")
                .format(have_option=Parameter("have"))
                .format(level=level, name=repr(name), low=scale.min, high=scale.max)
            )
        if skill.id in levels:
            raise UsageError(
                _("{have_option}: {first} and {second} both name the skill {skill}; give it once")
                .format(have_option=Parameter("have"))
                .format(
                    first=repr(named[skill.id]), second=repr(name), skill=repr(skill.name.get(lang))
                )
            )
        levels[skill.id] = level
        named[skill.id] = name
    if not levels:
        raise UsageError(
            _("{have_option} names no skills; expected SKILL=LEVEL,... (e.g. {example})")
            .format(have_option=Parameter("have"))
            .format(example=HAVE_EXAMPLE)
        )
    return levels


HELD = 1
"""The level of a skill named without one on a dataset without levels: held."""


def without_levels(ladder: Ladder) -> bool:
    """True when no role of *ladder* gives a skill a level (ESCO: needed or not, no more)."""
    return not ladder.any_requirement_level()


def on_scale(ladder: Ladder, level: float) -> bool:
    """Whether *level* may be held: a level of the dataset's scale, or 0 ("not yet"), which
    counts as not holding the skill at all."""
    return level == 0 or ladder.scale.min <= level <= ladder.scale.max


def _level_value(text: str, *, measured: bool) -> float | None:
    """The level *text* gives (a fraction only on a *measured* scale; a whole number may be
    written ``4.0`` on any scale), or None."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if value.is_integer():
        return int(value)
    return value if measured else None


class _ProfileReader:
    """Validates one parsed profile, collecting every problem with its location."""

    def __init__(self, ladder: Ladder, label: str, text: str, lang: str) -> None:
        self.ladder = ladder
        self.label = label
        self.locator = Locator(text)
        self.lang = lang
        self.problems: list[Problem] = []

    def problem(self, message: str, path: Sequence[str | int] = ()) -> None:
        line, column = self.locator.find(path)
        self.problems.append(Problem(message, self.label, format_path(path), line, column))

    def read(self, document: Any) -> Profile:
        expected = _("expected a mapping with 'skills' (and optionally 'role' and 'tools')")
        if document is None:
            self.problem(_("profile is empty; {expected}").format(expected=expected))
            return Profile(file=self.label)
        if not isinstance(document, dict):
            kind = {"list": _("a list"), "str": _("a single string")}.get(
                type(document).__name__, type(document).__name__
            )
            self.problem(_("top level is {kind}; {expected}").format(kind=kind, expected=expected))
            return Profile(file=self.label)
        for key in document:
            if key not in FIELDS:
                self.problem(_("unknown field; a profile has role, skills and tools"), (str(key),))
        role = self.read_role(document.get("role"))
        skills = self.read_skills(document.get("skills"))
        tools = self.read_tools(document.get("tools"))
        if "skills" not in document and "role" not in document:
            self.problem(
                _("profile gives neither skills nor a role; {expected}").format(expected=expected)
            )
        return Profile(skills, tools, role, self.label)

    def read_role(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(_("role must be a role's name or id"), ("role",))
            return None
        try:
            return find_role(self.ladder, value, self.lang).id
        except (UnknownName, AmbiguousName) as exc:
            self.problem(str(exc), ("role",))
            return None

    def read_skills(self, value: Any) -> dict[str, float]:
        entries: list[tuple[Any, Any, tuple[str | int, ...], tuple[str | int, ...]]] = []
        if value is None:
            return {}
        if isinstance(value, dict):
            for name, level in value.items():
                entries.append((name, level, ("skills", str(name)), ("skills", str(name))))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                where: tuple[str | int, ...] = ("skills", index)
                if not isinstance(item, dict):
                    self.problem(
                        _("expected {example}").format(example="{skill: NAME, level: N}"),
                        where,
                    )
                    continue
                for key in item:
                    if key not in ("skill", "level"):
                        self.problem(
                            _("unknown field; an entry has skill and level"), (*where, key)
                        )
                missing = [key for key in ("skill", "level") if key not in item]
                if missing:
                    self.problem(
                        _("missing {fields}").format(fields=joined(_(" and "), missing)), where
                    )
                    continue
                entries.append((item["skill"], item["level"], (*where, "skill"), (*where, "level")))
        else:
            self.problem(
                _("skills must be a mapping of skill: level, or a list of {example}").format(
                    example="{skill, level}"
                ),
                ("skills",),
            )
            return {}
        levels: dict[str, float] = {}
        named: dict[str, str] = {}
        for name, level, name_path, level_path in entries:
            skill_id = self.read_skill_name(name, name_path)
            checked = self.read_level(level, level_path)
            if skill_id is None or checked is None:
                continue
            if skill_id in levels:
                title = self.ladder.skill_name(skill_id, self.lang)
                self.problem(
                    _("skill {skill} given twice (also as {other})").format(
                        skill=repr(title), other=repr(named[skill_id])
                    ),
                    name_path,
                )
                continue
            levels[skill_id] = checked
            named[skill_id] = str(name)
        return levels

    def read_skill_name(self, name: Any, path: tuple[str | int, ...]) -> str | None:
        if not isinstance(name, str):
            self.problem(_("skill name must be text, not {value}").format(value=repr(name)), path)
            return None
        try:
            return find_skill(self.ladder, name, self.lang).id
        except (UnknownName, AmbiguousName) as exc:
            self.problem(str(exc), path)
            return None

    def read_level(self, level: Any, path: tuple[str | int, ...]) -> float | None:
        scale = self.ladder.scale
        measured = not scale.editorial  # a measured scale takes fractions (O*NET's 2.12)
        kinds = (int, float) if measured else (int,)
        if isinstance(level, float) and level.is_integer():
            level = int(level)  # 4.0 is the whole number 4
        if (
            isinstance(level, bool)
            or not isinstance(level, kinds)
            or (isinstance(level, float) and not math.isfinite(level))
        ):
            if measured:
                message = _("level must be a number from {low} to {high}, not {value}")
            else:
                message = _("level must be a whole number from {low} to {high}, not {value}")
            self.problem(message.format(low=scale.min, high=scale.max, value=repr(level)), path)
            return None
        if not on_scale(self.ladder, level):
            self.problem(
                _("level {level} is outside the skill scale {low}..{high}").format(
                    level=level, low=scale.min, high=scale.max
                ),
                path,
            )
            return None
        return level

    def read_tools(self, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(_("tools must be a list of tool names"), ("tools",))
            return []
        tools: list[str] = []
        for index, name in enumerate(value):
            where = ("tools", index)
            if not isinstance(name, str) or not name.strip():
                self.problem(
                    _("a tool must be a non-empty name, not {value}").format(value=repr(name)),
                    where,
                )
                continue
            hidden = find_forbidden_character(name)
            if hidden is not None:
                self.problem(
                    _("contains a control or invisible character: {what}").format(what=hidden),
                    where,
                )
            elif len(name) > MAX_NAME_LENGTH:
                self.problem(
                    _("longer than {count} characters").format(count=MAX_NAME_LENGTH), where
                )
            elif name.strip() not in tools:
                tools.append(name.strip())
        return tools


def load_profile(ladder: Ladder, path: str | Path, lang: str = "en") -> Profile:
    """Read and check a profile file against *ladder*.

    Parameters
    ----------
    ladder:
        The dataset whose skills, roles and skill scale the profile must use.
    path:
        A YAML profile, or JSON when it ends in ``.json``.
    lang:
        Language of suggested names in "did you mean".

    Returns
    -------
    Profile
        Skill levels by skill id, known tools, and the current role's id if given.

    Raises
    ------
    InvalidProfile
        With every problem found (unreadable file, bad YAML, unknown fields, unknown skills
        with suggestions, levels off the scale), each with file, path and line.
    """
    spec = str(path)
    if spec == BUILTIN:  # a file called "builtin", not the embedded dataset
        spec = "./" + spec
    try:
        source = read_text(spec)
        document = parse(source)
    except InvalidDataset as exc:
        raise InvalidProfile(exc.problems) from None
    reader = _ProfileReader(ladder, source.label, source.text, lang)
    profile = reader.read(document)
    if reader.problems:
        raise InvalidProfile(reader.problems)
    return profile


def your_profile(
    ladder: Ladder,
    profile_path: str | Path | None = None,
    have: str | Sequence[str] | None = None,
    lang: str = "en",
) -> Profile | None:
    """Your skills from ``--profile`` and ``--have`` (which overrides), or None if neither.

    *have* may be several ``--have`` values: they are read as one list, so a skill named in
    two of them is an error like a skill named twice in one.

    Raises InvalidProfile for a bad profile file; UsageError, UnknownSkill or AmbiguousSkill
    for a bad ``--have``.
    """
    if profile_path is None and not have:
        return None
    profile = load_profile(ladder, profile_path, lang) if profile_path is not None else Profile()
    if have:
        text = have if isinstance(have, str) else ",".join(have)
        profile = profile.with_levels(parse_have(ladder, text, lang))
    return profile
