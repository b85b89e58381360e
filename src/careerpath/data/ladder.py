"""The loaded, checked dataset with the lookups every query needs."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerpath.data.records import Role, Skill, SkillScale, Source, Step, text_in

if TYPE_CHECKING:
    from careerpath.data.models import DataFile


@dataclass(frozen=True, slots=True)
class RoleHead:
    """What a list of roles shows of a role: its id, level, titles and track."""

    id: str
    level: int
    titles: dict[str, str]
    """The role's title in each language given, English first."""
    track: str | dict[str, str]
    """The track: one string, or by language (English first)."""

    def title(self, lang: str) -> str:
        """The title in *lang*, else the English one."""
        return self.titles.get(lang) or self.titles["en"]

    def track_in(self, lang: str) -> str:
        """The track in *lang*, else the English one."""
        if isinstance(self.track, str):
            return self.track
        return self.track.get(lang) or self.track["en"]

    @classmethod
    def of(cls, role: Role) -> RoleHead:
        return cls(role.id, role.level, languages_of(role.title), languages_of(role.track))


def languages_of(value: Any) -> Any:
    """Text in several languages as a plain mapping by code (English first); a string as it is."""
    if isinstance(value, str):
        return value
    found = {code: text for code in ("en", "fi", "nb") if (text := getattr(value, code))}
    found.update((code, text) for code, text in value.other.items() if text)
    return found


class Ladder:
    """A validated set of roles, skills and steps, indexed for lookups.

    Build one with :func:`careerpath.data.load.load`; the constructor trusts its input.
    """

    def __init__(
        self,
        *,
        scale: SkillScale,
        roles: Iterable[Role],
        skills: Iterable[Skill] = (),
        steps: Iterable[Step] = (),
        sources: Iterable[Source] = (),
        name: str | None = None,
        description: str | None = None,
        files: Sequence[str] = (),
        importance_scale: SkillScale | None = None,
        version: str | None = None,
        attribution: str | None = None,
        licence: str | None = None,
    ) -> None:
        self.scale = scale
        self.importance_scale = importance_scale
        self.name = name
        self.description = description
        self.version = version
        self.attribution = attribution
        self.licence = licence
        self.files = list(files)
        self.roles: Mapping[str, Role] = {role.id: role for role in roles}
        self.skills: Mapping[str, Skill] = {skill.id: skill for skill in skills}
        self.sources: dict[str, Source] = {source.id: source for source in sources}
        self.steps: Sequence[Step] = list(steps)
        self._out: dict[str, list[Step]] = {role_id: [] for role_id in self.roles}
        self._in: dict[str, list[Step]] = {role_id: [] for role_id in self.roles}
        for step in self.steps:
            self._out[step.source_role].append(step)
            self._in[step.target_role].append(step)

    def steps_from(self, role_id: str) -> list[Step]:
        """The steps that leave *role_id*."""
        return self._out.get(role_id, [])

    def steps_to(self, role_id: str) -> list[Step]:
        """The steps that arrive at *role_id*."""
        return self._in.get(role_id, [])

    def role_name_entries(self) -> Iterable[tuple[str, list[str], list[str], list[str]]]:
        """Every role's id, titles (every language), aliases and hidden names."""
        return [
            (r.id, r.title.all(), list(r.aliases), list(r.hidden_names))
            for r in self.roles.values()
        ]

    def skill_name_entries(self) -> Iterable[tuple[str, list[str], list[str]]]:
        """Every skill's id, names (every language) and aliases."""
        return [(s.id, s.name.all(), list(s.aliases)) for s in self.skills.values()]

    def skill_names_in(self, lang: str) -> dict[str, str]:
        """Every skill's name in *lang* (English where it has none), by id."""
        return {skill.id: skill.name.get(lang) for skill in self.skills.values()}

    def name_counts(self) -> tuple[int, int]:
        """How many names roles and skills have, not counting translations of a title."""
        roles = sum(len(r.aliases) + len(r.hidden_names) + 1 for r in self.roles.values())
        skills = sum(len(s.aliases) + 1 for s in self.skills.values())
        return roles, skills

    def role_title(self, role_id: str, lang: str) -> str:
        """A role's title in *lang* (English where it has none)."""
        return self.roles[role_id].title.get(lang)

    def role_heads(self, ids: Collection[str] | None = None) -> list[RoleHead]:
        """Every role's id, level, titles and track, in the dataset's order; or those of
        *ids*, in their order (KeyError for an unknown id)."""
        if ids is not None:
            return [RoleHead.of(self.roles[role_id]) for role_id in ids]
        return [RoleHead.of(role) for role in self.roles.values()]

    def roles_needing(self, skill_ids: Collection[str]) -> list[tuple[str, str]]:
        """(role id, skill id) for every role that asks for one of *skill_ids*."""
        return [
            (role.id, req.skill)
            for role in self.roles.values()
            for req in role.skills
            if req.skill in skill_ids
        ]

    def tool_entries(self) -> list[tuple[str, list[str], list[str]]]:
        """Every role with tools: its id, its tools' names and their English categories."""
        return [
            (r.id, [t.name for t in r.tools], [text_in(t.category, "en") for t in r.tools])
            for r in self.roles.values()
            if r.tools
        ]

    def role_levels(self, ids: Collection[str] | None = None) -> dict[str, int]:
        """Every role's level by id, or those of *ids* (without reading the roles from a
        store)."""
        if ids is not None:
            return {role_id: self.roles[role_id].level for role_id in ids}
        return {role.id: role.level for role in self.roles.values()}

    def role_nodes(self, ids: Collection[str] | None = None) -> Iterable[tuple[str, str, int, str]]:
        """Every role's id, English title, level and English track, in the dataset's order; or
        those of *ids* (KeyError for an unknown id)."""
        roles = self.roles.values() if ids is None else [self.roles[i] for i in ids]
        return [(r.id, r.title.en, r.level, text_in(r.track, "en")) for r in roles]

    def requirement_relations(self) -> list[tuple[str, bool | None]]:
        """(skill id, essential) of every requirement, in the dataset's order."""
        return [(req.skill, req.essential) for role in self.roles.values() for req in role.skills]

    def importances(self) -> list[tuple[str, float]]:
        """(skill id, importance) of every requirement that gives one, in the dataset's order."""
        return [
            (req.skill, req.importance)
            for role in self.roles.values()
            for req in role.skills
            if req.importance is not None
        ]

    def any_requirement_level(self) -> bool:
        """Whether any role gives any skill a level (ESCO's do not)."""
        return any(req.level is not None for role in self.roles.values() for req in role.skills)

    def any_flagged_tool(self) -> bool:
        """Whether any role's tool is flagged hot or in demand (O*NET's technology flags)."""
        return any(t.hot or t.in_demand for role in self.roles.values() for t in role.tools)

    def title_languages(self) -> set[str]:
        """The codes of the languages any role's title is given in."""
        return {code for role in self.roles.values() for code in role.title.languages()}

    def sorted_roles(self) -> list[Role]:
        """Every role, by level, then by English title."""
        return sorted(self.roles.values(), key=lambda r: (r.level, r.title.en.casefold(), r.id))

    def skill_name(self, skill_id: str, lang: str = "en") -> str:
        """The display name of a skill, or its id when the catalogue lacks it."""
        skill = self.skills.get(skill_id)
        return skill.name.get(lang) if skill else skill_id

    def to_document(self) -> DataFile:
        """The whole dataset as one data file, loadable again."""
        from careerpath.data.models import DataFile, as_model

        return DataFile(
            name=self.name,
            description=self.description,
            version=self.version,
            attribution=self.attribution,
            licence=self.licence,
            skill_scale=as_model(self.scale),
            importance_scale=as_model(self.importance_scale),
            sources=[as_model(source) for source in self.sources.values()],
            skills=[as_model(skill) for skill in self.skills.values()],
            roles=[as_model(role) for role in self.roles.values()],
            steps=[as_model(step) for step in self.steps],
        )
