"""Steps out of a role: the direct next steps (``careerpath next``) and the tree of where a
role leads or comes from (``careerpath tree``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from careerpath.data.records import StepKind, text_in
from careerpath.errors import UsageError
from careerpath.messages import Parameter, _
from careerpath.queries.catalog import RoleRef
from careerpath.queries.demand import StepDemand, step_demand
from careerpath.queries.measure import (
    importance_line,
    level_change,
    number,
    percent,
    share_figure,
    starting_errors,
    starting_levels,
    starting_perhaps,
    starting_tools,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role
    from careerpath.queries.inferred import InferredSteps
    from careerpath.queries.similarity import SharedSkill

MAX_TREE_NODES = 2_000
"""Most roles one tree shows; a dense graph's tree grows exponentially with depth."""
MAX_TREE_DEPTH = 100
"""Most steps from the root a tree shows, whatever --depth asks: deeper is no longer readable."""


# --------------------------------------------------------------------------- next


@dataclass(frozen=True)
class NextStep:
    """A direct next step from a role, with how ready someone is for it."""

    role: RoleRef
    track: str
    kind: str
    note: str | None
    demand: StepDemand
    similarity: float | None = None
    """How similar the two roles' skills are, for an inferred step (``kind`` "inferred")."""
    level_change: int | None = None
    """Levels up (negative: down) from the role the step leaves; None where either is unknown."""
    shared: tuple[SharedSkill, ...] | None = None
    """For an inferred step, the skills the two roles share, the weightiest first."""

    @property
    def readiness(self) -> float | None:
        """The same figure ``gap`` gives for this pair (None when the data cannot say)."""
        return self.demand.readiness

    @property
    def readiness_percent(self) -> int | None:
        return None if self.readiness is None else percent(self.readiness)

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self.role),
            "track": self.track,
            "kind": self.kind,
            "level_change": self.level_change,
            "note": self.note,
            "similarity": _figure(self.similarity),
            "shared_skills": _shared_json(self.shared),
            **self.demand.to_json(),
            "readiness": None if self.readiness is None else share_figure(self.readiness),
            "readiness_percent": self.readiness_percent,
        }


@dataclass(frozen=True)
class NextSteps:
    """Every direct next step from a role, the most ready first."""

    role: RoleRef
    measured_from: Literal["role", "profile"]
    candidates: list[NextStep]
    least_importance: float | None = None
    """The importance line: skills rated below it are not counted (None: every skill is)."""
    inferred: InferredSteps | None = None
    """The rule inferred steps followed, when they were taken."""

    def to_json(self) -> dict[str, Any]:
        line = self.least_importance
        return {
            "role": asdict(self.role),
            "measured_from": self.measured_from,
            "least_importance": None if line is None else number(line),
            "candidates": [candidate.to_json() for candidate in self.candidates],
            "inferred": None if self.inferred is None else self.inferred.to_json(),
        }


def _figure(similarity: float | None) -> float | None:
    from careerpath.queries.similarity import similarity_figure

    return None if similarity is None else similarity_figure(similarity)


def _shared_json(shared: tuple[SharedSkill, ...] | None) -> list[dict[str, Any]] | None:
    return None if shared is None else [skill.to_json() for skill in shared]


def next_steps(
    ladder: Ladder,
    role: Role,
    lang: str = "en",
    have: Mapping[str, float] | None = None,
    known_tools: Iterable[str] | None = None,
    inferred: InferredSteps | None = None,
    *,
    all_skills: bool = False,
    all_tools: bool = False,
) -> NextSteps:
    """Every step out of *role*, ranked by readiness.

    Parameters
    ----------
    ladder : Ladder
        The dataset.
    role : Role
        The role the steps leave from.
    lang : str
        Language of titles and skill names.
    have : mapping of skill id to level, optional
        Your own levels; they override the role's levels for the skills they name (by default
        the role's own requirement: someone who fully meets the role).
    known_tools : iterable of str, optional
        Names of tools known (any case) in addition to those *role* uses.
    inferred : InferredSteps, optional
        Also list the steps no data file lists that similar skills suggest (``kind``
        "inferred"); a role a listed step leads to is listed once, with its listed step.
    all_skills : bool
        Count every skill a target rates, not only those of importance at least the line.
    all_tools : bool
        Where tool lists are examples (O*NET), list every new tool, not only the hot or
        in-demand ones.

    Returns
    -------
    NextSteps
        The candidates by readiness (highest first; unknown last), then smaller skill climb
        (unknown last), promotions before other moves, level and id. Empty when nothing leads
        on from *role*. Readiness and what each step asks are measured exactly as ``gap``
        measures them.
    """
    skills = starting_levels(role, have)
    errors = starting_errors(role, have)
    perhaps = starting_perhaps(role, have)
    tools = starting_tools(role, known_tools)
    origin = None if have is not None else role
    moves: list[tuple[str, str, str | None, float | None]] = [
        (step.target_role, step.kind, text_in(step.note, lang) or None, None)
        for step in ladder.steps_from(role.id)
    ]
    if inferred is not None:
        moves += [
            (target, StepKind.inferred, None, score) for target, score in inferred.after(role.id)
        ]
    candidates = []
    for target_id, kind, note, similarity in moves:
        target = ladder.roles[target_id]
        demand = step_demand(
            ladder,
            skills,
            target,
            tools,
            lang,
            unknown_from=origin,
            have_errors=errors,
            all_skills=all_skills,
            all_tools=all_tools,
            perhaps=perhaps,
        )
        demand = replace(demand, measured_from="role" if have is None else "profile")
        shared = None
        if inferred is not None and similarity is not None:
            shared = tuple(inferred.shared(role.id, target_id, lang))
        candidates.append(
            NextStep(
                RoleRef.of(target, lang),
                text_in(target.track, lang),
                kind,
                note,
                demand,
                similarity,
                level_change(role.level, target.level),
                shared,
            )
        )
    candidates.sort(
        key=lambda c: (
            -(c.readiness if c.readiness is not None else -1.0),
            c.demand.climb if c.demand.climb is not None else float("inf"),
            c.kind != StepKind.promotion,
            c.role.level,
            c.role.id,
        )
    )
    measured_from: Literal["role", "profile"] = "role" if have is None else "profile"
    line = importance_line(ladder.importance_scale, all_skills=all_skills)
    return NextSteps(
        RoleRef.of(role, lang),
        measured_from,
        candidates,
        least_importance=line,
        inferred=inferred,
    )


# --------------------------------------------------------------------------- tree

Direction = Literal["down", "up"]


@dataclass
class TreeNode:
    """A role in a tree, reached from its parent by a step of ``kind`` (None at the root).

    ``seen_above`` marks a role already on the branch above (a cycle): it is not expanded again.
    ``more`` marks a role whose onward steps were left out (depth limit or size cap).
    """

    role: RoleRef
    kind: str | None = None
    note: str | None = None
    seen_above: bool = False
    more: bool = False
    children: list[TreeNode] = field(default_factory=list)
    similarity: float | None = None
    """How similar the role's skills are to its parent's, when reached by an inferred step."""
    level_change: int | None = None
    """Levels from the parent to this role, following the tree (None at the root or where
    either level is unknown)."""
    readiness: float | None = None
    """How ready you are for the role, measured from your skills (``--have``/``--profile``);
    None when not asked or unknown."""
    shared: tuple[SharedSkill, ...] | None = None
    """The skills the role shares with its parent, when reached by an inferred step."""

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self.role),
            "readiness": None if self.readiness is None else share_figure(self.readiness),
            "kind": self.kind,
            "level_change": self.level_change,
            "note": self.note,
            "similarity": _figure(self.similarity),
            "shared_skills": _shared_json(self.shared),
            "seen_above": self.seen_above,
            "more": self.more,
            "children": [child.to_json() for child in self.children],
        }

    def walk(self) -> Iterator[TreeNode]:
        """This node and every node below it, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass(frozen=True)
class RoleTree:
    """Where a role leads (``down``) or where it comes from (``up``)."""

    root: TreeNode
    direction: Direction
    depth: int | None
    truncated: bool
    node_count: int
    measured_from: Literal["profile"] | None = None
    """"profile" when each node's readiness is measured from your skills; None: not shown."""
    inferred: InferredSteps | None = None
    """The rule inferred steps followed, when they were taken."""

    def to_json(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "measured_from": self.measured_from,
            "depth": self.depth,
            "truncated": self.truncated,
            "node_count": self.node_count,
            "root": self.root.to_json(),
            "inferred": None if self.inferred is None else self.inferred.to_json(),
        }


def role_tree(
    ladder: Ladder,
    role: Role,
    *,
    up: bool = False,
    depth: int | None = None,
    lang: str = "en",
    max_nodes: int = MAX_TREE_NODES,
    inferred: InferredSteps | None = None,
    have: Mapping[str, float] | None = None,
) -> RoleTree:
    """The tree of roles *role* leads to (or, with *up*, comes from).

    Parameters
    ----------
    ladder : Ladder
        The dataset.
    role : Role
        The root.
    up : bool
        Follow steps backwards: where the role comes from.
    depth : int, optional
        Most steps from the root; all by default.
    lang : str
        Language of titles.
    max_nodes : int
        Most roles in the tree. A role reached by several branches appears once per branch,
        which grows exponentially on dense graphs; past this cap the tree stops growing and is
        marked ``truncated``. So it is past :data:`MAX_TREE_DEPTH` steps from the root.
    inferred : InferredSteps, optional
        Also follow the steps no data file lists that similar skills suggest (``kind``
        "inferred", with their ``similarity``).
    have : mapping of skill id to level, optional
        Your own levels (overriding the root role's for the skills they name): each node then
        carries your readiness for its role, measured as ``gap`` measures it.

    Returns
    -------
    RoleTree
        Built breadth first, so a capped tree shows its nearest levels whole. A role already on
        its own branch above is shown once more, marked ``seen_above``, and not expanded.

    Raises
    ------
    UsageError
        When *depth* or *max_nodes* is below 1.
    """
    if depth is not None and depth < 1:
        raise UsageError(
            _("{depth_option} must be at least 1").format(depth_option=Parameter("depth"))
        )
    if max_nodes < 1:
        raise UsageError(_("the tree needs room for at least one role"))

    def onward(role_id: str) -> list[tuple[str, str, str | None, float | None]]:
        steps = ladder.steps_to(role_id) if up else ladder.steps_from(role_id)
        found: list[tuple[str, str, str | None, float | None]] = [
            (s.source_role if up else s.target_role, s.kind, text_in(s.note, lang) or None, None)
            for s in steps
        ]
        if inferred is not None:
            extra = inferred.before(role_id) if up else inferred.after(role_id)
            found += [(other, StepKind.inferred, None, score) for other, score in extra]
        return sorted(found, key=lambda item: _role_order(ladder, item[0]))

    root = TreeNode(RoleRef.of(role, lang))
    count = 1
    truncated = False
    queue: deque[tuple[TreeNode, frozenset[str], int]] = deque([(root, frozenset({role.id}), 0)])
    while queue:
        node, branch, level = queue.popleft()
        following = onward(node.role.id)
        if not following:
            continue
        if (depth is not None and level >= depth) or truncated:
            node.more = True
            continue
        if level >= MAX_TREE_DEPTH:
            node.more = truncated = True
            continue
        for role_id, kind, note, similarity in following:
            if count >= max_nodes:
                truncated = True
                node.more = True
                break
            other = ladder.roles[role_id]
            here = ladder.roles[node.role.id]
            shared = None
            if inferred is not None and similarity is not None:
                # The skills the move shares, from the role moved from to the role moved to.
                ends = (role_id, node.role.id) if up else (node.role.id, role_id)
                shared = tuple(inferred.shared(*ends, lang))
            child = TreeNode(
                RoleRef.of(other, lang),
                kind,
                note,
                seen_above=role_id in branch,
                similarity=similarity,
                level_change=level_change(other.level, here.level)
                if up
                else level_change(here.level, other.level),
                shared=shared,
            )
            node.children.append(child)
            count += 1
            if not child.seen_above:
                queue.append((child, branch | {role_id}, level + 1))
    if have is not None:
        skills = starting_levels(role, have)
        errors = starting_errors(role, have)
        perhaps = starting_perhaps(role, have)
        for node in root.walk():
            target = ladder.roles[node.role.id]
            demand = step_demand(
                ladder, skills, target, None, lang, have_errors=errors, perhaps=perhaps
            )
            node.readiness = demand.readiness
    return RoleTree(
        root,
        "up" if up else "down",
        depth,
        truncated,
        count,
        measured_from=None if have is None else "profile",
        inferred=inferred,
    )


def _role_order(ladder: Ladder, role_id: str) -> tuple[int, str]:
    """Children in a tree: by level, then by id (never by a title, which changes with the
    language)."""
    return (ladder.roles[role_id].level, role_id)
