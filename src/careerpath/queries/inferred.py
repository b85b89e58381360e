"""The career moves no data file lists that similar skills suggest (``--inferred``).

An inferred move leads to a role at most one level up (and, if asked, down) whose similarity
(:mod:`careerpath.queries.similarity`) reaches a threshold. :class:`InferredSteps` gives a
role's moves out and in as a search first reaches it, so a route search computes similarities
only for the roles it explores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from careerpath.data.models import StepKind
from careerpath.errors import UsageError
from careerpath.messages import Parameter, _
from careerpath.queries.similarity import SimilarityIndex

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

DEFAULT_MIN_SIMILARITY = 0.7
"""Least similarity an inferred step needs (``--min-similarity`` changes it).

0.7 is about what two roles score when one asks for half of the other's skills, at the same
levels, and nothing more; on the built-in ladder it links each role with two or three others.
"""
NO_STEPS_MIN_SIMILARITY = 0.3
"""The default least similarity of an inferred move on a dataset that lists no steps at all
(ESCO): its occupations share fewer skills (a call centre agent and supervisor: 0.36), and
inferred moves are its only routes."""


class InferredSteps:
    """The moves no data file lists that similar skills suggest, computed as they are asked for.

    An inferred step leads from a role to one at most one level up, at the same level, or (with
    *down*) below, whose similarity is at least *min_similarity*, where no listed step already
    joins the two: a listed step always wins. Similarity is symmetric, so the steps into a role
    come from the same computation as the steps out of it. Each role's similar roles are
    computed once, the first time a search reaches it.
    """

    def __init__(
        self,
        ladder: Ladder,
        min_similarity: float = DEFAULT_MIN_SIMILARITY,
        *,
        down: bool = False,
        index: SimilarityIndex | None = None,
    ) -> None:
        if not 0.0 < min_similarity <= 1.0:
            raise UsageError(
                _(
                    "{min_similarity_option} for inferred steps must be above 0 and at most 1"
                ).format(min_similarity_option=Parameter("min_similarity"))
            )
        self.ladder = ladder
        self.min_similarity = min_similarity
        self.down = down
        self._index = index
        self._close: dict[str, list[tuple[str, float]]] = {}

    def to_json(self) -> dict[str, Any]:
        return {"min_similarity": self.min_similarity, "down": self.down}

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
                    for other, score in self.index.of_role(role_id).items()
                    if score >= threshold and other != role_id
                ),
                key=lambda item: (-item[1], item[0]),
            )
        self._close[role_id] = found
        return found

    def after(self, role_id: str) -> list[tuple[str, float]]:
        """Inferred steps out of *role_id*: (target id, similarity), the most similar first."""
        roles = self.ladder.roles
        level = roles[role_id].level
        listed = {step.target_role for step in self.ladder.steps_from(role_id)}
        return [
            (other, score)
            for other, score in self._similar(role_id)
            if other not in listed and self.allowed(level, roles[other].level)
        ]

    def before(self, role_id: str) -> list[tuple[str, float]]:
        """Inferred steps into *role_id*: (source id, similarity), the most similar first."""
        roles = self.ladder.roles
        level = roles[role_id].level
        listed = {step.source_role for step in self.ladder.steps_to(role_id)}
        return [
            (other, score)
            for other, score in self._similar(role_id)
            if other not in listed and self.allowed(roles[other].level, level)
        ]

    def edge(self, source: str, target: str, similarity: float) -> dict[str, Any]:
        """The edge attributes of an inferred step, as :func:`careerpath.queries.graph.build_graph`
        gives listed ones, plus ``similarity`` and ``rises`` (the step goes up a level)."""
        rises = self.ladder.roles[target].level > self.ladder.roles[source].level
        return {
            "kind": StepKind.inferred,
            "sources": [],
            "note": None,
            "similarity": similarity,
            "rises": rises,
        }
