"""The career moves no data file lists that similar skills suggest (``--inferred``).

An inferred move leads to a role at most one level up (and, if asked, down) whose similarity
(:mod:`careerpath.queries.similarity`) reaches a threshold. :class:`InferredSteps` gives a
role's moves out and in as a search first reaches it, so a route search computes similarities
only for the roles it explores. :func:`inferred_rule` decides when inferred moves are taken and
at what threshold: unless ``--min-similarity`` says otherwise, the dataset's own
(:func:`default_min_similarity`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from careerpath.data.records import StepKind
from careerpath.errors import UsageError
from careerpath.messages import Parameter, _
from careerpath.queries.similarity import (
    TYPICAL_NEIGHBOURS,
    SharedSkill,
    SimilarityIndex,
    default_threshold,
    reaches,
    role_vector,
    shared_skills,
    similarity_figure,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

ThresholdFrom = Literal["dataset", "option"]
"""Where an inferred-move threshold came from: derived from the dataset, or given
(``--min-similarity``)."""


def default_min_similarity(index: SimilarityIndex) -> float:
    """The least similarity of an inferred move on the dataset of *index*, unless one is given.

    It is the dataset's typical similarity (:meth:`SimilarityIndex.typical_similarity`: the
    median over its roles of each role's tenth most similar role), rounded down to two
    decimals, so that at least half of the roles have ten others at least that similar, and a
    similarity shown with two decimals is kept or left out as the threshold says. Derived per
    dataset because similarities mean different things in each: on the built-in ladder 0.71,
    where every role is a customer-support role; on O*NET, where every occupation rates every
    skill, 0.95 on the sample (every pair is at least 0.66); on ESCO, whose occupations share
    few skills, much lower. Never below
    :data:`~careerpath.queries.similarity.LEAST_DEFAULT`.
    """
    return default_threshold(index.typical_similarity())


class InferredSteps:
    """The moves no data file lists that similar skills suggest, computed as they are asked for.

    An inferred step leads from a role to one at most one level up, at the same level, or (with
    *down*) below, whose similarity (as JSON gives it, four decimals) is at least
    *min_similarity* (None: the dataset's default, :func:`default_min_similarity`), where no
    listed step already joins the two: a listed step always wins. Similarity is symmetric, so
    the steps into a role come from the same computation as the steps out of it. Each role's
    similar roles are computed once, the first time a search reaches it.
    """

    def __init__(
        self,
        ladder: Ladder,
        min_similarity: float | None = None,
        *,
        down: bool = False,
        index: SimilarityIndex | None = None,
        automatic: bool = False,
    ) -> None:
        if min_similarity is not None and not 0.0 < min_similarity <= 1.0:
            raise UsageError(
                _(
                    "{min_similarity_option} for inferred steps must be above 0 and at most 1"
                ).format(min_similarity_option=Parameter("min_similarity"))
            )
        self.ladder = ladder
        self.down = down
        self._index = index
        self.threshold_from: ThresholdFrom = "option" if min_similarity is not None else "dataset"
        self.min_similarity = (
            min_similarity if min_similarity is not None else default_min_similarity(self.index)
        )
        self.automatic = automatic
        """True when the moves were taken without being asked: the dataset lists no steps."""
        self._close: dict[str, list[tuple[str, float]]] = {}
        self._role_levels: dict[str, int] | None = None
        self._some_levels: dict[str, int] = {}
        self._asked = 0

    @property
    def typical_similarity(self) -> float | None:
        """The dataset's typical similarity the default came from (None: a threshold given)."""
        return self.index.typical_similarity() if self.threshold_from == "dataset" else None

    def to_json(self) -> dict[str, Any]:
        typical = self.typical_similarity
        return {
            "min_similarity": self.min_similarity,
            "down": self.down,
            "threshold_from": self.threshold_from,
            "typical_similarity": None if typical is None else similarity_figure(typical),
            "neighbours": TYPICAL_NEIGHBOURS if typical is not None else None,
            "automatic": self.automatic,
        }

    @property
    def index(self) -> SimilarityIndex:
        if self._index is None:
            self._index = SimilarityIndex(self.ladder)
        return self._index

    def allowed(self, source_level: int, target_level: int) -> bool:
        """Whether a move between these levels may be inferred: at most one up, down if asked."""
        return target_level <= source_level + 1 and (self.down or target_level >= source_level)

    def _similar(self, role_id: str) -> list[tuple[str, float]]:
        found = self._close.get(role_id)
        if found is None:
            threshold = self.min_similarity
            found = self.index.nearest(role_id, threshold)
        if found is None:
            found = sorted(
                (
                    (other, score)
                    for other, score in self.index.close_to(role_id, threshold).items()
                    if reaches(score, threshold) and other != role_id
                ),
                key=lambda item: (-item[1], item[0]),
            )
        self._close[role_id] = found
        return found

    def after(self, role_id: str) -> list[tuple[str, float]]:
        """Inferred steps out of *role_id*: (target id, similarity), the most similar first."""
        similar = self._similar(role_id)
        levels = self._levels([role_id, *(other for other, _ in similar)])
        level = levels[role_id]
        listed = {step.target_role for step in self.ladder.steps_from(role_id)}
        return [
            (other, score)
            for other, score in similar
            if other not in listed and self.allowed(level, levels[other])
        ]

    WHOLE_LEVELS_AFTER = 1_000
    """Roles whose levels are read by id before every role's level is read at once (a route
    search reaches a few hundred; a search over every role, all of them)."""

    def _levels(self, ids: list[str]) -> dict[str, int]:
        """The levels of *ids* at least: read by id for the roles not read yet, while few
        were, then of every role (read once; the roles themselves are not needed)."""
        if self._role_levels is None:
            missing = [role_id for role_id in ids if role_id not in self._some_levels]
            if not missing:
                return self._some_levels
            self._asked += len(missing)
            if self._asked <= self.WHOLE_LEVELS_AFTER:
                self._some_levels.update(self.ladder.role_levels(missing))
                return self._some_levels
            self._role_levels = self.ladder.role_levels()
        return self._role_levels

    def before(self, role_id: str) -> list[tuple[str, float]]:
        """Inferred steps into *role_id*: (source id, similarity), the most similar first."""
        similar = self._similar(role_id)
        levels = self._levels([role_id, *(other for other, _ in similar)])
        level = levels[role_id]
        listed = {step.source_role for step in self.ladder.steps_to(role_id)}
        return [
            (other, score)
            for other, score in similar
            if other not in listed and self.allowed(levels[other], level)
        ]

    def shared(self, source: str, target: str, lang: str = "en") -> list[SharedSkill]:
        """The skills the two roles of a move share, the weightiest first: why it is suggested
        (:func:`~careerpath.queries.similarity.shared_skills`, from the vectors the similarity
        compares)."""
        roles = self.ladder.roles
        return shared_skills(
            self.ladder, role_vector(roles[source]), role_vector(roles[target]), lang
        )

    def edge(self, source: str, target: str, similarity: float) -> dict[str, Any]:
        """The edge attributes of an inferred step, as :func:`careerpath.queries.graph.build_graph`
        gives listed ones, plus ``similarity`` and ``rises`` (the step goes up a level)."""
        levels = self._levels([source, target])
        rises = levels[target] > levels[source]
        return {
            "kind": StepKind.inferred,
            "sources": [],
            "note": None,
            "similarity": similarity,
            "rises": rises,
        }


def inferred_rule(
    ladder: Ladder,
    index: Callable[[], SimilarityIndex],
    *,
    inferred: bool = False,
    min_similarity: float | None = None,
    down: bool = False,
) -> InferredSteps | None:
    """The inferred moves a question takes, or None when it takes none.

    They are taken when asked for (*inferred*, or *min_similarity* or *down* given), and
    without being asked on a dataset that lists no career steps at all (ESCO), where they are
    the only moves there are (the rule's ``automatic`` is then true). The threshold is
    *min_similarity*, else the dataset's default (:func:`default_min_similarity`). *index*
    gives the similarity index, called only when moves are taken.
    """
    automatic = not (inferred or min_similarity is not None or down)
    if automatic and ladder.steps:
        return None
    return InferredSteps(ladder, min_similarity, down=down, index=index(), automatic=automatic)
