"""``careerpath similar``: every role ranked by how alike its skills are to a role's or to
your own, with what moving there asks.

The measure, the index that finds similar roles and the skills two roles share are in
:mod:`careerpath.queries.similarity`; what a move asks is measured as ``gap`` and ``next``
measure it (:mod:`careerpath.queries.demand`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from careerpath.data.records import Role, text_in
from careerpath.errors import UsageError
from careerpath.messages import Parameter, _
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import SkillNeed, StepDemand, step_demand
from careerpath.queries.measure import (
    importance_line,
    number,
    percent,
    share_figure,
    starting_errors,
    starting_levels,
    starting_perhaps,
    starting_tools,
)
from careerpath.queries.similarity import (
    SharedSkill,
    SimilarityIndex,
    reaches,
    role_vector,
    shared_skills,
    similarity_figure,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.queries.profile import Profile

DEFAULT_LIMIT = 10
"""How many similar roles ``similar`` lists unless told otherwise."""


@dataclass(frozen=True)
class SimilarRole:
    """One role ranked by ``similar``: how alike, how far up or down, how ready, what to learn.

    What the move asks (``demand``) is measured exactly as ``gap`` and ``next`` measure it.
    """

    role: RoleRef
    track: str
    similarity: float
    level_change: int | None
    listed_step: str | None
    """The kind of the listed step to this role (``promotion``, ``lateral``, ``related``), or
    None."""
    demand: StepDemand
    shared: tuple[SharedSkill, ...] = ()
    """The skills both sides have, the weightiest first (:func:`shared_skills`)."""

    @property
    def readiness(self) -> float | None:
        return self.demand.readiness

    @property
    def skills_to_gain(self) -> list[SkillNeed]:
        return self.demand.new_skills or []

    @property
    def skills_to_raise(self) -> list[SkillNeed]:
        return self.demand.raised_skills or []

    def to_json(self) -> dict[str, Any]:
        readiness = self.demand.readiness
        return {
            **asdict(self.role),
            "track": self.track,
            "similarity": similarity_figure(self.similarity),
            "shared_skills": [skill.to_json() for skill in self.shared],
            "level_change": self.level_change,
            "listed_step": self.listed_step,
            **self.demand.to_json(),
            "readiness": None if readiness is None else share_figure(readiness),
            "readiness_percent": None if readiness is None else percent(readiness),
        }


@dataclass(frozen=True)
class SimilarRoles:
    """The roles most similar to a role or to your own skills, the most similar first."""

    role: RoleRef | None
    """The role compared from; None when measured from your skills alone."""
    measured_from: Literal["role", "profile"]
    candidates: list[SimilarRole]
    limit: int | None
    up: bool
    min_similarity: float
    considered: int
    """How many roles share at least one skill and pass the filters, before the limit."""
    least_importance: float | None = None
    """The importance line: skills rated below it are not counted in what a move asks (None:
    every skill is); the similarity itself weighs every skill by its importance."""

    def to_json(self) -> dict[str, Any]:
        line = self.least_importance
        return {
            "role": asdict(self.role) if self.role else None,
            "measured_from": self.measured_from,
            "least_importance": None if line is None else number(line),
            "filters": {"limit": self.limit, "up": self.up, "min_similarity": self.min_similarity},
            "considered": self.considered,
            "candidates": [candidate.to_json() for candidate in self.candidates],
        }


def similar_roles(
    ladder: Ladder,
    role_or_profile: Role | Profile,
    *,
    limit: int | None = DEFAULT_LIMIT,
    up: bool = False,
    min_similarity: float = 0.0,
    lang: str = "en",
    index: SimilarityIndex | None = None,
    all_skills: bool = False,
) -> SimilarRoles:
    """Other roles ranked by how similar their skill profile is, the most similar first.

    Parameters
    ----------
    ladder : Ladder
        The dataset.
    role_or_profile : Role or Profile
        A role, or your own skills (a :class:`~careerpath.queries.profile.Profile`; its current
        role, if it names one, is left out of the ranking and is what level changes, listed steps
        and known tools are measured from).
    limit : int, optional
        Most roles returned; None for all.
    up : bool
        Only roles at the same level or higher (needs a role to compare levels with).
    min_similarity : float
        Leave out roles less similar than this (0 to 1).
    lang : str
        Language of titles and skill names.
    index : SimilarityIndex, optional
        An index built before, to reuse.

    Returns
    -------
    SimilarRoles
        Candidates by similarity (highest first), then level and id, each with the
        skills both sides share (the weightiest first). Roles that share no skill (similarity
        0) are never listed. *min_similarity* is compared with the similarity as JSON gives it
        (four decimals).

    Raises
    ------
    UsageError
        When *limit* is below 1, *min_similarity* is outside 0..1, or *up* is asked for without
        a role to compare levels with.
    """
    if limit is not None and limit < 1:
        raise UsageError(
            _("{limit_option} must be at least 1").format(limit_option=Parameter("limit"))
        )
    if not 0.0 <= min_similarity <= 1.0:
        raise UsageError(
            _("{min_similarity_option} must be between 0 and 1").format(
                min_similarity_option=Parameter("min_similarity")
            )
        )
    index = index or SimilarityIndex(ladder)
    origin: Role | None
    known: set[str] | None
    have: dict[str, float] | None
    if isinstance(role_or_profile, Role):
        origin = role_or_profile
        overrides: Mapping[str, float] | None = None
        have = starting_levels(origin, None)
        perhaps = starting_perhaps(origin, None)
        scores = index.of_role(origin.id)
        vector = role_vector(origin)
        known = starting_tools(origin, None)
        measured_from: Literal["role", "profile"] = "role"
    else:
        profile = role_or_profile
        origin = ladder.roles[profile.role] if profile.role else None
        # Your levels override the role's for the skills you name, as in gap and next.
        overrides = profile.skills or None
        have = starting_levels(origin, overrides)
        perhaps = starting_perhaps(origin, overrides)
        if profile.skills:
            vector = index.profile_vector(profile.skills)
            scores = index.similarities(vector)
            measured_from = "profile"
        else:
            vector = role_vector(origin) if origin else {}
            scores = index.of_role(origin.id) if origin else {}
            measured_from = "role"
        known = starting_tools(origin, profile.tools or None)
    if up and origin is None:
        raise UsageError(
            _(
                "{up_option} compares levels with a role: name one, or a role in your profile"
            ).format(up_option=Parameter("up"))
        )
    steps = ladder.steps_from(origin.id) if origin else []
    listed = {step.target_role: step.kind for step in steps}
    close = [
        (role_id, score)
        for role_id, score in sorted(scores.items())  # by id: what equal keys keep below
        if (origin is None or role_id != origin.id) and reaches(score, min_similarity)
    ]
    # the levels of those close enough (the roles themselves are read only for those shown)
    levels = ladder.role_levels([role_id for role_id, _ in close])
    ranked = [
        (role_id, score)
        for role_id, score in close
        if not (up and origin is not None and levels[role_id] < origin.level)
    ]
    # Ties by level, then id: never by a title, which changes with the language.
    ranked.sort(key=lambda item: (-item[1], levels[item[0]], item[0]))
    chosen = [
        (ladder.roles[role_id], score)
        for role_id, score in (ranked if limit is None else ranked[:limit])
    ]
    errors = starting_errors(origin, overrides)
    candidates = [
        replace(
            _candidate(
                ladder, role, score, origin, have, known, listed, lang, perhaps, errors, all_skills
            ),
            shared=tuple(shared_skills(ladder, vector, role_vector(role), lang)),
        )
        for role, score in chosen
    ]
    return SimilarRoles(
        role=RoleRef.of(origin, lang) if origin else None,
        measured_from=measured_from,
        candidates=candidates,
        limit=limit,
        up=up,
        min_similarity=min_similarity,
        considered=len(ranked),
        least_importance=importance_line(ladder.importance_scale, all_skills=all_skills),
    )


def _candidate(
    ladder: Ladder,
    role: Role,
    score: float,
    origin: Role | None,
    have: Mapping[str, float] | None,
    known: set[str] | None,
    listed: Mapping[str, str],
    lang: str,
    perhaps: frozenset[str],
    errors: Mapping[str, float] | None = None,
    all_skills: bool = False,
) -> SimilarRole:
    from careerpath.data.records import UNKNOWN_LEVEL

    # A level of 0 is unknown (O*NET: no job zone): no change can be measured from or to it.
    known_levels = origin is not None and UNKNOWN_LEVEL not in (origin.level, role.level)
    return SimilarRole(
        role=RoleRef.of(role, lang),
        track=text_in(role.track, lang),
        similarity=score,
        level_change=role.level - origin.level if origin and known_levels else None,
        listed_step=listed.get(role.id),
        demand=step_demand(
            ladder,
            have,
            role,
            known,
            lang,
            unknown_from=origin,
            have_errors=errors,
            all_skills=all_skills,
            perhaps=perhaps,
        ),
    )
