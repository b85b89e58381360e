"""The loaded, checked dataset with the lookups every query needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from careerpath.data.models import DataFile, Role, Skill, SkillScale, Source, Step


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
        self.roles: dict[str, Role] = {role.id: role for role in roles}
        self.skills: dict[str, Skill] = {skill.id: skill for skill in skills}
        self.sources: dict[str, Source] = {source.id: source for source in sources}
        self.steps: list[Step] = list(steps)
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

    def sorted_roles(self) -> list[Role]:
        """Every role, by level, then by English title."""
        return sorted(self.roles.values(), key=lambda r: (r.level, r.title.en.casefold(), r.id))

    def skill_name(self, skill_id: str, lang: str = "en") -> str:
        """The display name of a skill, or its id when the catalogue lacks it."""
        skill = self.skills.get(skill_id)
        return skill.name.get(lang) if skill else skill_id

    def to_document(self) -> DataFile:
        """The whole dataset as one data file, loadable again."""
        return DataFile(
            name=self.name,
            description=self.description,
            version=self.version,
            attribution=self.attribution,
            licence=self.licence,
            skill_scale=self.scale,
            importance_scale=self.importance_scale,
            sources=list(self.sources.values()),
            skills=list(self.skills.values()),
            roles=list(self.roles.values()),
            steps=self.steps,
        )
