"""Roles with similar skills: the measure, the index that finds them, and ``similar``.

The measure is the cosine of two weighted skill vectors. A role's vector has one entry per
skill it asks for: the level required, times the skill's importance to the role where the
dataset gives one (O*NET's importance ratings), else times 1. The cosine is the dot product of
two vectors over the product of their lengths: 1 for the same profile (or one a multiple of the
other), 0 for roles that share no skill. Roles that ask for the same skills at the same levels
are alike whatever their level on the ladder; a role asking for half of another's skills, at
the same levels, and nothing else scores about 0.7.

:func:`similar_roles` (``careerpath similar``) ranks every role by similarity to a role or to
your own skills; :class:`careerpath.queries.inferred.InferredSteps` uses the same index for the
moves ``path``, ``next`` and ``tree`` add with ``--inferred``. Both look roles up through an
inverted index (skill → the roles that need it), so a role is compared only with roles that
share a skill with it, and a route search computes similarities only for the roles it reaches,
never for every pair up front.
:func:`similarity_index` keeps the index beside the dataset cache (through
:mod:`careerpath.data.neighbours`, which does the file work); the first search for inferred
steps on a dataset also stores every role's nearest roles there (comparing every pair once,
where that is affordable), so that later searches rarely compute a similarity at all.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from careerpath.data.models import Role, text_in
from careerpath.data.neighbours import (
    Nearest,
    StoredIndex,
    Tables,
    decoded,
    encoded,
    stored_length,
)
from careerpath.errors import UsageError
from careerpath.messages import Parameter, _
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import SkillNeed, StepDemand, step_demand
from careerpath.queries.measure import (
    ESSENTIAL_WEIGHT,
    OPTIONAL_WEIGHT,
    importance_line,
    number,
    percent,
    share_figure,
    starting_errors,
    starting_levels,
    starting_tools,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.models import SkillRequirement
    from careerpath.queries.profile import Profile

DEFAULT_LIMIT = 10
"""How many similar roles ``similar`` lists unless told otherwise."""
NEAREST_STORED = 25
"""How many most similar roles the stored index keeps for each role."""
DENSE_MAX_SKILLS = 100
"""Up to this many skills in a dataset, similarities are computed over full rows (faster when
every role rates most skills)."""
MAX_PAIR_WORK = 5_000_000
"""Most role-skill pairings the stored index visits to find every role's nearest roles; a
denser dataset (every role rating every skill) finds them as searches reach each role."""


# --------------------------------------------------------------------------- the measure


def requirement_importance(requirement: SkillRequirement) -> float | None:
    """The importance the data gives a requirement, or None."""
    importance = requirement.importance
    return None if importance is None else float(importance)


def requirement_weight(requirement: SkillRequirement) -> float:
    """How much a requirement counts: its importance where the data gives one, else 1."""
    importance = requirement_importance(requirement)
    return 1.0 if importance is None else max(0.0, importance)


def role_vector(role: Role) -> dict[str, float]:
    """A role's weighted skill vector: skill id → level × importance (1 without one).

    A requirement without a level (ESCO) counts 2 when essential and 1 when optional, the
    weights readiness gives them (:data:`~careerpath.queries.measure.ESSENTIAL_WEIGHT`).

    Skills required at level 0 or below (or with importance 0) ask for nothing and are left out.
    """
    vector: dict[str, float] = {}
    for requirement in role.skills:
        level = requirement.level
        if level is None:  # ESCO: no level; an essential skill weighs 2, an optional one 1
            value = ESSENTIAL_WEIGHT if requirement.essential else OPTIONAL_WEIGHT
        else:
            value = max(0, level) * requirement_weight(requirement)
        if value > 0:
            vector[requirement.skill] = value
    return vector


def cosine(first: Mapping[str, float], second: Mapping[str, float]) -> float:
    """The cosine similarity of two sparse non-negative vectors, 0.0 to 1.0.

    0.0 when either vector is empty. Shared entries are summed in skill-id order, so the result
    is the same, bit for bit, whichever vector comes first.
    """
    dot = sum(first[key] * second[key] for key in sorted(first.keys() & second.keys()))
    norms = _norm(first) * _norm(second)
    return 0.0 if norms == 0 else min(1.0, dot / norms)


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(value * value for value in vector.values()))


class SimilarityIndex:
    """Every role's skill vector, indexed by skill, for finding similar roles quickly.

    Building it is one pass over the role-skill links; each query then visits only the roles
    that share a skill with the vector asked about. :func:`similarity_index` keeps the tables
    in the dataset cache, so that a large dataset pays for that pass once.
    """

    def __init__(
        self, ladder: Ladder, tables: Tables | None = None, nearest: Nearest | None = None
    ) -> None:
        self.ladder = ladder
        if tables is None:
            tables = _build_tables(ladder)
        self._role_ids, self._norms, self._postings = tables
        self._nearest = nearest
        self._positions: dict[str, int] | None = None
        self._rows: tuple[list[str], list[list[float]]] | Literal[False] | None = None
        self._mean_weight: dict[str, float] | None = None
        self._cache: dict[str, dict[str, float]] = {}

    def nearest_table(self) -> Nearest | None:
        """Every role's most similar other roles (:data:`NEAREST_STORED`), the most similar
        first, as positions and similarities; None when the dataset is too dense to compare
        every pair quickly (see :data:`MAX_PAIR_WORK`)."""
        if self._pair_work() > MAX_PAIR_WORK:
            return None
        role_ids = self._role_ids
        position_of = {role_id: position for position, role_id in enumerate(role_ids)}
        positions_by_role, values_by_role = [], []
        for role_id, role in self.ladder.roles.items():
            scores = self.similarities(role_vector(role))
            scores.pop(role_id, None)
            best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:NEAREST_STORED]
            positions, values = encoded(
                [position_of[r] for r, _ in best], [score for _, score in best]
            )
            positions_by_role.append(positions)
            values_by_role.append(values)
        return positions_by_role, values_by_role

    def _pair_work(self) -> int:
        """About how many multiply-adds comparing every pair of roles takes, in Python's."""
        if self._dense() is not None:  # a row of products costs about a tenth in C
            return len(self._role_ids) ** 2 * len(self._postings) // 10
        return sum(stored_length(positions) ** 2 for positions, _ in self._postings.values())

    def nearest(self, role_id: str, threshold: float) -> list[tuple[str, float]] | None:
        """The other roles at least *threshold* similar to *role_id*, the most similar first,
        when the stored nearest roles hold them all; None when they may not."""
        if self._nearest is None:
            return None
        if self._positions is None:
            self._positions = {role: position for position, role in enumerate(self._role_ids)}
        position = self._positions[role_id]
        positions, values = decoded(self._nearest[0][position], self._nearest[1][position])
        if len(values) == NEAREST_STORED and values[-1] >= threshold:
            return None  # roles past the stored ones may reach the threshold too
        role_ids = self._role_ids
        return [
            (role_ids[p], value)
            for p, value in zip(positions, values, strict=True)
            if value >= threshold
        ]

    def tables(self) -> Tables:
        """The index as plain tables: role ids, their vectors' lengths, and per skill the
        positions of the roles that need it with their weighted levels."""
        return self._role_ids, self._norms, self._postings

    def mean_weight(self) -> dict[str, float]:
        """Skill id → its mean importance over the roles that give one (computed once)."""
        if self._mean_weight is None:
            weights: dict[str, list[float]] = {}
            for role in self.ladder.roles.values():
                for requirement in role.skills:
                    importance = requirement_importance(requirement)
                    if importance is not None:
                        weights.setdefault(requirement.skill, []).append(importance)
            self._mean_weight = {skill: sum(ws) / len(ws) for skill, ws in weights.items()}
        return self._mean_weight

    def profile_vector(self, levels: Mapping[str, float]) -> dict[str, float]:
        """Your own skill levels as a vector: each level times the skill's mean importance
        over the roles that give one (1 where none does)."""
        vector: dict[str, float] = {}
        mean_weight = self.mean_weight()
        for skill, level in levels.items():
            value = max(0, level) * mean_weight.get(skill, 1.0)
            if value > 0:
                vector[skill] = value
        return vector

    def similarities(self, vector: Mapping[str, float]) -> dict[str, float]:
        """Role id → cosine similarity to *vector*, for every role sharing a skill with it."""
        norm = _norm(vector)
        if norm == 0:
            return {}
        norms, role_ids = self._norms, self._role_ids
        dense = self._dense()
        if dense is not None:
            # Few skills (every role rating every one, as in O*NET): one row per role, and the
            # products summed in C; zeros add nothing, so the result is the sparse one.
            skills, rows = dense
            query = [vector.get(skill, 0.0) for skill in skills]
            found: dict[str, float] = {}
            for position, row in enumerate(rows):
                dot = sum(map(operator.mul, query, row))
                if dot > 0:
                    found[role_ids[position]] = min(1.0, dot / (norm * norms[position]))
            return found
        dots: dict[int, float] = {}
        # Skill-id order: the sum over shared skills is then the same for (a, b) and (b, a).
        for skill in sorted(vector):
            entry = self._posting(skill)
            if entry is None:
                continue
            value = vector[skill]
            for position, other in zip(*entry, strict=True):
                dots[position] = dots.get(position, 0.0) + value * other
        return {
            role_ids[position]: min(1.0, dot / (norm * norms[position]))
            for position, dot in dots.items()
            if dot > 0
        }

    def _posting(self, skill: str) -> tuple[Sequence[int], Sequence[float]] | None:
        entry = self._postings.get(skill)
        if entry is None:
            return None
        positions, values = entry
        if isinstance(positions, bytes) and isinstance(values, bytes):
            # As stored in the cache: made readable when first needed.
            readable = decoded(positions, values)
            self._postings[skill] = readable
            return readable
        return entry

    def _dense(self) -> tuple[list[str], list[list[float]]] | None:
        """Every role's vector as a row over all skills, when there are few skills."""
        if self._rows is None:
            self._rows = False
            skills = sorted(self._postings)
            if len(skills) <= DENSE_MAX_SKILLS:
                rows = [[0.0] * len(skills) for _ in self._role_ids]
                for column, skill in enumerate(skills):
                    entry = self._posting(skill)
                    for position, value in zip(*(entry or ((), ())), strict=True):
                        rows[position][column] = value
                self._rows = (skills, rows)
        return self._rows or None

    def of_role(self, role_id: str) -> dict[str, float]:
        """Similarity of every role sharing a skill with *role_id* (itself included; cached)."""
        found = self._cache.get(role_id)
        if found is None:
            vector = role_vector(self.ladder.roles[role_id])
            found = self._cache[role_id] = self.similarities(vector)
        return found

    @property
    def computed_roles(self) -> int:
        """How many roles have had their similarities computed so far."""
        return len(self._cache)

    def between(self, first: str, second: str) -> float:
        """The similarity of two roles."""
        return self.of_role(first).get(second, 0.0)


def _build_tables(ladder: Ladder) -> Tables:
    role_ids = list(ladder.roles)
    norms: list[float] = []
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for position, role in enumerate(ladder.roles.values()):
        vector = role_vector(role)
        norms.append(math.sqrt(sum(value * value for value in vector.values())))
        for skill, value in vector.items():
            entry = postings.get(skill)
            if entry is None:
                entry = postings[skill] = ([], [])
            entry[0].append(position)
            entry[1].append(value)
    return role_ids, norms, dict(postings)


def similarity_index(
    ladder: Ladder,
    specs: Sequence[str] | None = None,
    *,
    cache: bool = True,
    nearest: bool = False,
) -> SimilarityIndex:
    """The similarity index of *ladder*, kept in the dataset cache between runs.

    *specs* are the data files *ladder* was loaded from, as :func:`careerpath.data.load.load`
    takes them (None: ``$CAREERPATH_DATA`` or the built-in ladder). The index is read from the
    cache directory when an earlier run stored it for exactly those files (and this version of
    careerpath), else built and stored there. With *nearest* (for inferred steps), the stored
    index also holds every role's nearest roles, found once by comparing every pair when that
    is affordable (:data:`MAX_PAIR_WORK`). With *cache* false, or when nothing can be cached,
    the index is just built. Never raises for a cache problem.
    """
    if not cache:
        return SimilarityIndex(ladder)
    store = StoredIndex.of(ladder, specs)
    if store is None:
        return SimilarityIndex(ladder)
    stored = store.read(list(ladder.roles))
    if stored is not None and (not nearest or stored[1] is not None):
        tables, found = stored
        return SimilarityIndex(ladder, tables, found or None)
    index = SimilarityIndex(ladder, stored[0] if stored else None)
    # False: too dense to compare every pair, so do not try again; None: not computed yet.
    table: Nearest | Literal[False] | None = None
    if nearest:
        table = index.nearest_table() or False
    store.write(index.tables(), table)
    return SimilarityIndex(ladder, index.tables(), table or None)


# --------------------------------------------------------------------------- similar


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
            "similarity": round(self.similarity, 4),
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
    all_skills : bool
        Count every skill a candidate rates in what the move asks, not only those of
        importance at least the line (the ranking is the same either way).

    Returns
    -------
    SimilarRoles
        Candidates by similarity (highest first), then level, title and id. Roles that share
        no skill (similarity 0) are never listed.

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
        have = starting_levels(origin, None)
        scores = index.of_role(origin.id)
        known = starting_tools(origin, None)
        overrides: Mapping[str, float] | None = None
        measured_from: Literal["role", "profile"] = "role"
    else:
        profile = role_or_profile
        origin = ladder.roles[profile.role] if profile.role else None
        # Your levels override the role's for the skills you name, as in gap and next.
        overrides = profile.skills or None
        have = starting_levels(origin, overrides)
        if profile.skills:
            scores = index.similarities(index.profile_vector(profile.skills))
            measured_from = "profile"
        else:
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
    ranked: list[tuple[Role, float]] = []
    for role_id, score in sorted(scores.items()):  # by id: what equal keys keep below
        role = ladder.roles[role_id]
        if origin is not None and role_id == origin.id:
            continue
        if score < min_similarity or (up and origin is not None and role.level < origin.level):
            continue
        ranked.append((role, score))
    ranked.sort(key=lambda item: (-item[1], item[0].level, item[0].title.get(lang).casefold()))
    chosen = ranked if limit is None else ranked[:limit]
    errors = starting_errors(origin, overrides)
    candidates = [
        _candidate(ladder, role, score, origin, have, known, listed, lang, errors, all_skills)
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
    errors: Mapping[str, float] | None = None,
    all_skills: bool = False,
) -> SimilarRole:
    from careerpath.data.models import UNKNOWN_LEVEL

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
        ),
    )
