"""The skills of a dataset and what each level means: the answer behind ``careerpath skills``.

It is what a person reads before writing ``--have``: every skill by its names (in any
language, by id or alias, as ``--have`` takes them) and the scale its levels are on, with
the words the dataset's rubric gives each level. A dataset whose roles give no levels (ESCO)
only says whether a role needs a skill as essential or optional; the answer says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from careerpath.messages import Message, _

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Skill


@dataclass(frozen=True)
class LevelMeaning:
    """One level of the scale and what the dataset's rubric says of it ("" where it says
    nothing)."""

    level: int
    meaning: str


@dataclass(frozen=True)
class SkillScaleInfo:
    """The scale ``--have`` levels are written on."""

    min: float
    max: float
    editorial: bool
    """True when levels are an editor's judgement (whole numbers only), False when measured."""
    levelled: bool
    """Whether any role gives a skill a level (ESCO's roles give none)."""
    levels: list[LevelMeaning]
    """The rubric, level by level; empty where the dataset gives no words for its levels."""


@dataclass(frozen=True)
class SkillRow:
    """One skill of the catalogue."""

    id: str
    name: str
    names: dict[str, str]
    aliases: list[str]
    description: str | None
    group: str | None
    roles: int
    """How many roles need the skill."""
    essential_for: int | None = None
    """How many roles need it as essential (None where the data has no such relation)."""
    optional_for: int | None = None
    """How many roles need it as optional (None where the data has no such relation)."""
    matched: str | None = None
    """With a search: what matched ("name", "alias" or "id")."""
    why: str | None = None
    """With a search: the name that matched, as the data file spells it."""


@dataclass(frozen=True)
class SkillList:
    """The skills that match a listing's search, with the scale their levels are on."""

    skills: list[SkillRow]
    scale: SkillScaleInfo
    total: int
    """How many skills the search found (or the dataset has) before --limit."""
    search: str | None = None
    limit: int | None = None
    notes: list[Message] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "filters": {"search": self.search, "limit": self.limit},
            "scale": {
                "min": self.scale.min,
                "max": self.scale.max,
                "editorial": self.scale.editorial,
                "levelled": self.scale.levelled,
                "levels": [asdict(level) for level in self.scale.levels],
            },
            "count": len(self.skills),
            "total": self.total,
            "skills": [asdict(row) for row in self.skills],
            "notes": [note.to_json() for note in self.notes],
        }


def _scale(ladder: Ladder, lang: str) -> SkillScaleInfo:
    scale = ladder.scale
    levelled = ladder.any_requirement_level()
    levels = [
        LevelMeaning(level, scale.meaning(level, lang))
        for level in range(int(scale.min), int(scale.max) + 1)
    ]
    if not any(level.meaning for level in levels):
        levels = []
    return SkillScaleInfo(scale.min, scale.max, scale.editorial, levelled, levels)


def _notes(scale: SkillScaleInfo, onet: bool) -> list[Message]:
    low, high = scale.min, scale.max
    if not scale.levelled:
        return [
            _(
                "the data gives no skill levels: a role needs a skill as essential or "
                "optional; in --have, {high} says you have a skill and {low} that you have "
                "not yet"
            )
            .format(low=low, high=high)
            .with_code("no_levels")
        ]
    notes = []
    if not scale.levels and onet:
        notes.append(
            _(
                "the data gives no words for the levels {low} to {high} (O*NET describes "
                "each skill's levels with its own examples, which an import does not hold)"
            )
            .format(low=low, high=high)
            .with_code("levels_unworded")
        )
    elif not scale.levels:
        notes.append(
            _("the data gives no words for the levels {low} to {high}")
            .format(low=low, high=high)
            .with_code("levels_unworded")
        )
    if scale.editorial:
        notes.append(
            _(
                "levels are whole numbers from {low} to {high}; 0 says you have not learnt "
                "a skill yet"
            )
            .format(low=low, high=high)
            .with_code("whole_levels")
        )
    else:
        notes.append(
            _("levels are measured: any number from {low} to {high}, such as 3.5")
            .format(low=low, high=high)
            .with_code("measured_levels")
        )
    return notes


def _row(
    ladder: Ladder,
    skill: Skill,
    lang: str,
    counts: dict[str, list[bool | None]],
    matched: str | None = None,
    why: str | None = None,
) -> SkillRow:
    names = {code: value for code in ("en", "fi", "nb") if (value := getattr(skill.name, code))}
    names.update(skill.name.other)
    relations = counts.get(skill.id, [])
    known = [essential for essential in relations if essential is not None]
    return SkillRow(
        id=skill.id,
        name=skill.name.get(lang),
        names=names,
        aliases=list(skill.aliases),
        description=skill.description,
        group=skill.group,
        roles=len(relations),
        essential_for=sum(1 for essential in known if essential) if known else None,
        optional_for=sum(1 for essential in known if not essential) if known else None,
        matched=matched,
        why=why,
    )


def list_skills(
    ladder: Ladder, lang: str = "en", search: str | None = None, limit: int | None = None
) -> SkillList:
    """Every skill of *ladder* by name in *lang*, or with *search* those it finds (by name in
    any language, alias or id, as ``roles --search`` finds roles), best first; *limit* keeps
    the first rows."""
    from careerpath.queries.names import skill_index

    counts: dict[str, list[bool | None]] = {}
    for skill_id, essential in ladder.requirement_relations():
        counts.setdefault(skill_id, []).append(essential)
    shown = ladder.skill_names_in(lang)  # the skills themselves are read only for rows kept
    if search:
        matches = sorted(
            skill_index(ladder, lang).search(search),
            key=lambda match: (
                tuple(-part for part in match.rank),
                match.size,
                shown[match.id].casefold(),
                match.id,
            ),
        )
        total = len(matches)
        kept = matches if limit is None else matches[: max(limit, 0)]
        rows = [
            _row(
                ladder,
                ladder.skills[match.id],
                lang,
                counts,
                "name" if match.kind == "title" else match.kind,
                match.name,
            )
            for match in kept
        ]
    else:
        ordered = sorted(shown, key=lambda skill_id: (shown[skill_id].casefold(), skill_id))
        total = len(ordered)
        kept_ids = ordered if limit is None else ordered[: max(limit, 0)]
        rows = [_row(ladder, ladder.skills[skill_id], lang, counts) for skill_id in kept_ids]
    scale = _scale(ladder, lang)
    onet = any("O*NET" in source.title for source in ladder.sources.values())
    return SkillList(rows, scale, total, search, limit, _notes(scale, onet))
