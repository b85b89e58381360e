"""Roles with similar skills: the measure, the skills two roles share, and the index that
finds similar roles.

The measure is the cosine of two weighted skill vectors. A role's vector has one entry per
skill it asks for: the level required, times the skill's importance to the role where the
dataset gives one (O*NET's importance ratings), else times 1. The cosine is the dot product of
two vectors over the product of their lengths: 1 for the same profile (or one a multiple of the
other), 0 for roles that share no skill. Roles that ask for the same skills at the same levels
are alike whatever their level on the ladder; a role asking for half of another's skills, at
the same levels, and nothing else scores about 0.7.

:func:`careerpath.queries.similar.similar_roles` (``careerpath similar``) ranks every role by
similarity to a role or to your own skills; :class:`careerpath.queries.inferred.InferredSteps`
uses the same index for the moves ``path``, ``next`` and ``tree`` add with ``--inferred``. Both
look roles up through an inverted index (skill → the roles that need it), so a role is compared
only with roles that share a skill with it, and a route search computes similarities only for
the roles it reaches, never for every pair up front.
:func:`similarity_index` keeps the index beside the dataset cache (through
:mod:`careerpath.data.neighbours`, which does the file work); the first search for inferred
steps on a dataset also stores every role's nearest roles there (comparing every pair once,
where that is affordable), so that later searches rarely compute a similarity at all.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from careerpath.data.neighbours import (
    Nearest,
    StoredIndex,
    Tables,
    decoded,
    encoded,
    stored_length,
)
from careerpath.queries.measure import ESSENTIAL_WEIGHT, OPTIONAL_WEIGHT, number

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role, SkillRequirement

NEAREST_STORED = 25
"""How many most similar roles the stored index keeps for each role."""
DENSE_MAX_SKILLS = 100
"""Up to this many skills in a dataset, similarities are computed over full rows (faster when
every role rates most skills)."""
MAX_PAIR_WORK = 5_000_000
"""Most role-skill pairings the stored index visits to find every role's nearest roles; a
denser dataset (every role rating every skill) finds them as searches reach each role."""
TYPICAL_NEIGHBOURS = 10
"""Whose similarity :meth:`SimilarityIndex.typical_similarity` takes: each role's 10th most
similar role (O*NET lists ten primary related occupations for each occupation)."""
TYPICAL_FLOOR = 0.15
"""Where :meth:`SimilarityIndex.typical_similarity` looks first for a role's most similar
others (most roles have that many above it; the rest are compared with all)."""
TYPICAL_SAMPLE = 300
"""Roles :meth:`SimilarityIndex.typical_similarity` looks at, evenly spaced, in a dataset too
dense to compare every pair (:data:`MAX_PAIR_WORK`)."""
LEAST_DEFAULT = 0.01
"""The lowest threshold :func:`default_threshold` gives (0 would join roles sharing
nothing)."""


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


def similarity_figure(score: float) -> float:
    """A similarity as answers give it (JSON) and as every threshold is compared with it:
    rounded to four decimals."""
    return round(score, 4)


def reaches(score: float, threshold: float) -> bool:
    """Whether a similarity counts as *threshold* or more, as :func:`similarity_figure` gives
    it. Rounding to four decimals moves a score by at most 0.00005, so a score more than
    0.0001 below the threshold is out without rounding it (most of the roles compared)."""
    return score > threshold - 0.0001 and similarity_figure(score) >= threshold


def default_threshold(typical: float) -> float:
    """The least similarity of an inferred move on a dataset whose typical similarity is
    *typical*, unless one is given: *typical* as tables show it, never below
    :data:`LEAST_DEFAULT` (see :func:`careerpath.queries.inferred.default_min_similarity`)."""
    return max(LEAST_DEFAULT, shown_similarity(typical))


def shown_similarity(score: float) -> float:
    """A similarity as tables show it: two decimals, rounded down from :func:`similarity_figure`,
    so a role shown at 0.95 is always kept by a threshold of 0.95."""
    from decimal import ROUND_DOWN, Decimal

    return float(Decimal(repr(similarity_figure(score))).quantize(Decimal("0.01"), ROUND_DOWN))


@dataclass(frozen=True)
class SharedSkill:
    """A skill two compared skill vectors both have, with its weight (the vector's entry) in
    each: the role or skills compared from, and the role compared with."""

    id: str
    name: str
    from_weight: float
    to_weight: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "from_weight": number(self.from_weight),
            "to_weight": number(self.to_weight),
        }


def shared_skills(
    ladder: Ladder, first: Mapping[str, float], second: Mapping[str, float], lang: str = "en"
) -> list[SharedSkill]:
    """The skills in both vectors (as :func:`role_vector` makes them), the weightiest first:
    by their share of the cosine's dot product (the product of the two weights), then id."""
    both = sorted(first.keys() & second.keys(), key=lambda s: (-first[s] * second[s], s))
    return [SharedSkill(s, ladder.skill_name(s, lang), first[s], second[s]) for s in both]


class SimilarityIndex:
    """Every role's skill vector, indexed by skill, for finding similar roles quickly.

    Building it is one pass over the role-skill links; each query then visits only the roles
    that share a skill with the vector asked about. :func:`similarity_index` keeps the tables
    in the dataset cache, so that a large dataset pays for that pass once.
    """

    def __init__(
        self,
        ladder: Ladder,
        tables: Tables | None = None,
        nearest: Nearest | None = None,
        typical: float | None = None,
        reach: float | None = None,
    ) -> None:
        self.ladder = ladder
        self._typical = typical
        if tables is None:
            tables = _build_tables(ladder)
        self._role_ids, self._norms, self._postings = tables
        self._nearest = nearest
        self._reach = reach
        """None: *nearest* holds each role's most similar others (:meth:`nearest_table`);
        else each role's others at least this similar, and only those (:meth:`nearest_above`)."""
        self._positions: dict[str, int] | None = None
        self._rows: tuple[list[str], list[list[float]]] | Literal[False] | None = None
        self._mean_weight: dict[str, float] | None = None
        self._cache: dict[str, dict[str, float]] = {}
        self._floored: set[str] = set()  # roles whose close similarities were computed

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

    def nearest_above(self, threshold: float) -> Nearest:
        """Every role's other roles at least *threshold* similar (as :func:`reaches` counts
        them), the most similar first, as positions and similarities: the moves inferred at
        that threshold, found for every role at once (an import does it where comparing every
        pair at first use would cost too much, see :func:`similarity_index`)."""
        role_ids = self._role_ids
        found: list[list[tuple[str, float]]] = [[] for _ in role_ids]
        if self._dense() is not None:
            # Compared over full rows, as :meth:`similarities` compares them.
            roles = self.ladder.roles
            for position, role_id in enumerate(role_ids):
                scores = self.similarities(role_vector(roles[role_id]), floor=threshold)
                found[position] = [
                    (other, score)
                    for other, score in scores.items()
                    if reaches(score, threshold) and other != role_id
                ]
        else:
            self._pairs_above(threshold, found)
        position_of = {role_id: position for position, role_id in enumerate(role_ids)}
        positions_by_role, values_by_role = [], []
        for pairs in found:
            pairs.sort(key=lambda item: (-item[1], item[0]))
            positions, values = encoded(
                [position_of[other] for other, _ in pairs], [score for _, score in pairs]
            )
            positions_by_role.append(positions)
            values_by_role.append(values)
        return positions_by_role, values_by_role

    def _pairs_above(self, threshold: float, found: list[list[tuple[str, float]]]) -> None:
        """Add to *found* (by position) each pair of roles at least *threshold* similar, each
        pair compared once: a role with the roles after it in each skill's posting.

        The figure is the one :meth:`similarities` gives from either role: the products of the
        shared skills summed in skill-id order, over the product of the two lengths.
        """
        from bisect import bisect_right

        role_ids, norms, roles = self._role_ids, self._norms, self.ladder.roles
        for position, role_id in enumerate(role_ids):
            vector = role_vector(roles[role_id])
            dots: dict[int, float] = {}
            for skill in sorted(vector):
                entry = self._posting(skill)
                if entry is None:
                    continue
                positions, values = entry
                start = bisect_right(positions, position)  # positions ascend in a posting
                value = vector[skill]
                for other, weight in zip(positions[start:], values[start:], strict=True):
                    dots[other] = dots.get(other, 0.0) + value * weight
            norm = norms[position]
            bound = max(0.0, threshold - 0.0001) * norm  # as in :meth:`similarities`
            for other, dot in dots.items():
                if dot <= 0 or dot <= bound * norms[other]:
                    continue  # cannot reach the threshold
                score = min(1.0, dot / (norm * norms[other]))
                if reaches(score, threshold):
                    found[position].append((role_ids[other], score))
                    found[other].append((role_id, score))

    def typical_similarity(self) -> float:
        """The median, over the roles that list skills, of the similarity of each role's
        :data:`TYPICAL_NEIGHBOURS`-th most similar other role (0 where fewer share a skill with
        it): at least half of the roles have that many others at least this similar.

        Every role counts where comparing every pair is affordable (read from the stored
        nearest roles when there); in a denser dataset, :data:`TYPICAL_SAMPLE` evenly spaced
        roles. Computed once, and stored with the nearest roles (:func:`similarity_index`).
        """
        if self._typical is None:
            import statistics

            rated = [role_id for role_id, role in self.ladder.roles.items() if role.skills]
            step = 1 if self._pair_work() <= MAX_PAIR_WORK else -(-len(rated) // TYPICAL_SAMPLE)
            values = [self._kth_similarity(role_id) for role_id in rated[::step]]
            self._typical = statistics.median(values) if values else 0.0
        return self._typical

    def _kth_similarity(self, role_id: str) -> float:
        k = TYPICAL_NEIGHBOURS
        if self._nearest is not None and self._reach is None:
            position = self._position(role_id)
            values = decoded(self._nearest[0][position], self._nearest[1][position])[1]
        else:
            import heapq

            # The k most similar are looked for above a floor first: when k others are above
            # it, they are the k most similar of all; otherwise among all.
            vector = role_vector(self.ladder.roles[role_id])
            scores = self.similarities(vector, floor=TYPICAL_FLOOR)
            scores.pop(role_id, None)
            if len(scores) < k:
                scores = self.similarities(vector)
                scores.pop(role_id, None)
            values = heapq.nlargest(k, scores.values())
        return values[k - 1] if len(values) >= k else 0.0

    def _position(self, role_id: str) -> int:
        if self._positions is None:
            self._positions = {role: position for position, role in enumerate(self._role_ids)}
        return self._positions[role_id]

    def _pair_work(self) -> int:
        """About how many multiply-adds comparing every pair of roles takes, in Python's."""
        if self._dense() is not None:  # a row of products costs about a tenth in C
            return len(self._role_ids) ** 2 * len(self._postings) // 10
        return sum(stored_length(positions) ** 2 for positions, _ in self._postings.values())

    def nearest(self, role_id: str, threshold: float) -> list[tuple[str, float]] | None:
        """The other roles at least *threshold* similar to *role_id*, the most similar first,
        when the stored nearest roles hold them all; None when they may not."""
        if self._nearest is None or (self._reach is not None and threshold < self._reach):
            return None  # (each role's others above the threshold found: none below it)
        position = self._position(role_id)
        positions, values = decoded(self._nearest[0][position], self._nearest[1][position])
        if (
            self._reach is None
            and len(values) == NEAREST_STORED
            and similarity_figure(values[-1]) >= threshold
        ):
            return None  # roles past the stored ones may reach the threshold too
        role_ids = self._role_ids
        return [
            (role_ids[p], value)
            for p, value in zip(positions, values, strict=True)
            if similarity_figure(value) >= threshold
        ]

    def tables(self) -> Tables:
        """The index as plain tables: role ids, their vectors' lengths, and per skill the
        positions of the roles that need it with their weighted levels."""
        return self._role_ids, self._norms, self._postings

    def mean_weight(self) -> dict[str, float]:
        """Skill id → its mean importance over the roles that give one (computed once)."""
        if self._mean_weight is None:
            weights: dict[str, list[float]] = {}
            for skill, importance in self.ladder.importances():
                weights.setdefault(skill, []).append(float(importance))
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

    def similarities(self, vector: Mapping[str, float], floor: float = 0.0) -> dict[str, float]:
        """Role id → cosine similarity to *vector*, for every role sharing a skill with it;
        with *floor*, only those that may reach it (:func:`reaches`: a score more than 0.0001
        below it cannot)."""
        norm = _norm(vector)
        if norm == 0:
            return {}
        bound = max(0.0, floor - 0.0001) * norm  # dot > bound × the other's length
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
                if dot > 0 and dot > bound * norms[position]:
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
            if dot > 0 and dot > bound * norms[position]
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
            if len(self._postings) <= DENSE_MAX_SKILLS:  # (a stored index counts them unread)
                skills = sorted(self._postings)
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

    def close_to(self, role_id: str, threshold: float) -> dict[str, float]:
        """The similarities of :meth:`of_role` that may reach *threshold* (all of them when
        already computed)."""
        found = self._cache.get(role_id)
        if found is None:
            found = self.similarities(role_vector(self.ladder.roles[role_id]), floor=threshold)
            self._floored.add(role_id)
        return found

    @property
    def computed_roles(self) -> int:
        """How many roles have had their similarities computed so far."""
        return len(self._floored | self._cache.keys())

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
    every_role: bool = False,
) -> SimilarityIndex:
    """The similarity index of *ladder*, kept in the dataset cache between runs.

    *specs* are the data files *ladder* was loaded from, as :func:`careerpath.data.load.load`
    takes them (None: ``$CAREERPATH_DATA`` or the built-in ladder). The index is read from the
    cache directory when an earlier run stored it for exactly those files (and this version of
    careerpath), else built and stored there. With *nearest* (for inferred steps), the stored
    index also holds every role's nearest roles, found once by comparing every pair when that
    is affordable (:data:`MAX_PAIR_WORK`); where it is not, *every_role* (an import, which may
    take the time) finds instead every role's others at least as similar as the dataset's
    default threshold (:meth:`SimilarityIndex.nearest_above`), so that a route search at that
    threshold computes no similarity. With *cache* false, or when nothing can be cached,
    the index is just built. With *nearest*, it also holds the dataset's typical similarity
    (:meth:`SimilarityIndex.typical_similarity`). Never raises for a cache problem.
    """
    if not cache:
        return SimilarityIndex(ladder)
    store = StoredIndex.of(ladder, specs)
    if store is None:
        return SimilarityIndex(ladder)
    stored = store.read()  # the dataset's own, by its key: its roles are the ladder's
    if stored is not None and (not nearest or stored[1] is not None):
        tables, found, typical, reach = stored
        if not (every_role and found is False):
            return SimilarityIndex(ladder, tables, found or None, typical, reach)
    index = SimilarityIndex(ladder, stored[0] if stored else None)
    # False: too dense to compare every pair, so do not try again; None: not computed yet.
    table: Nearest | Literal[False] | None = None
    typical = reach = None
    if nearest:
        if stored is not None and stored[1] is False:  # too dense, found before
            table, typical = False, stored[2]
        else:
            table = index.nearest_table() or False
        if typical is None:
            typical = SimilarityIndex(ladder, index.tables(), table or None).typical_similarity()
        if table is False and every_role:
            reach = default_threshold(typical)
            table = index.nearest_above(reach)
    store.write(index.tables(), table, typical, reach)
    return SimilarityIndex(ladder, index.tables(), table or None, typical, reach)
