"""Browse the roles: the list behind ``careerpath roles`` and the card behind ``show``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from careerpath.data.ladder import Ladder, RoleHead
from careerpath.data.records import Role, text_in

if TYPE_CHECKING:
    from careerpath.queries.inferred import InferredSteps
    from careerpath.queries.name_index import IndexData
    from careerpath.queries.similarity import SharedSkill


@dataclass(frozen=True)
class RoleRef:
    """A role as other results mention it."""

    id: str
    title: str
    level: int

    @classmethod
    def of(cls, role: Role, lang: str) -> RoleRef:
        return cls(role.id, role.title.get(lang), role.level)


@dataclass(frozen=True)
class RoleRow:
    """One line of the role list."""

    id: str
    title: str
    level: int
    track: str
    titles: dict[str, str]
    matched: str | None = None
    """With a search: what matched ("title", "alias", "id", "skill" or "tool")."""
    why: str | None = None
    """With a search: the name, skill or tool that matched, as the data file spells it."""


@dataclass(frozen=True)
class RoleList:
    """The roles that match a listing's filters: by level, or best first with a search."""

    roles: list[RoleRow]
    level: int | None = None
    search: str | None = None
    limit: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "filters": {"level": self.level, "search": self.search, "limit": self.limit},
            "count": len(self.roles),
            "roles": [asdict(row) for row in self.roles],
        }


def _row(head: RoleHead, lang: str, matched: str | None = None, why: str | None = None) -> RoleRow:
    titles = {code: head.title(code) for code in ("en", "fi", "nb")}
    titles.update((code, text) for code, text in head.titles.items() if code not in titles)
    return RoleRow(head.id, head.title(lang), head.level, head.track_in(lang), titles, matched, why)


_GROUP = {"title": 0, "id": 0, "alias": 0, "skill": 1, "tool": 2}
"""Role names before skills before tools; among names, the better match first."""


def search_roles(
    ladder: Ladder,
    query: str,
    *,
    heads: dict[str, RoleHead] | None = None,
    wanted: Callable[[RoleHead], bool] | None = None,
    enough: int | None = None,
) -> list[tuple[str, str, str]]:
    """The ids of the roles *query* finds, best first, each with what matched and the text
    that did.

    A role is found by its own names (as ``resolve`` finds roles), by a skill it needs or by
    a tool it uses (its name or category). Ranked by how well the words match (see
    :mod:`careerpath.queries.names`), then title before alias before skill before tool.

    Only roles *wanted* are kept. With *enough*, the list may stop short once it holds the
    first *enough* roles: when the roles found by their names number that many, no role found
    by a skill or tool could rank among them, and those are not looked for.
    """
    from careerpath.queries.names import NameIndex, role_index, skill_index

    # The heads of the roles found, read as they are found (*heads* keeps them for the caller).
    known: dict[str, RoleHead] = {} if heads is None else heads

    def read_heads(role_ids: Iterable[str]) -> None:
        missing = list(dict.fromkeys(i for i in role_ids if i not in known))
        if missing:
            known.update((head.id, head) for head in ladder.role_heads(missing))

    found: dict[str, tuple[tuple[Any, ...], str, str]] = {}

    def offer(role_id: str, rank: tuple[int, ...], kind: str, why: str, size: int) -> None:
        head = known[role_id]
        if wanted is not None and not wanted(head):
            return
        better = tuple(-part for part in rank)
        key = (_GROUP[kind], *better, size, head.level, head.titles["en"].casefold())
        held = found.get(role_id)
        if held is None or key < held[0]:
            found[role_id] = (key, kind, why)

    by_name = role_index(ladder).search(query)
    read_heads(match.id for match in by_name)
    for match in by_name:
        # hidden names (ESCO's hiddenLabels) find a role, unshown
        why = "a search name" if match.hidden else match.name
        offer(match.id, match.rank, match.kind, why, match.size)
    if enough is None or len(found) < enough:
        skills = {match.id: match for match in skill_index(ladder).search(query)}
        if skills:
            needing = ladder.roles_needing(skills)
            read_heads(role_id for role_id, _ in needing)
            for role_id, skill_id in needing:
                hit = skills[skill_id]
                offer(role_id, hit.rank, "skill", hit.name, hit.size)
        # Each role's tools as its "names": tool names as titles, their categories as aliases.
        tools = tool_index_data(ladder)
        by_tool = NameIndex(tools).search(query)
        read_heads(match.id for match in by_tool)
        for match in by_tool:
            offer(match.id, match.rank, "tool", match.name, match.size)
    ordered = sorted(found.items(), key=lambda item: (item[1][0], item[0]))
    return [(role_id, kind, why) for role_id, (_, kind, why) in ordered]


def tool_index_data(ladder: Ladder) -> IndexData:
    """The index of every role's tools (names as titles, categories as aliases), kept beside
    the dataset's store when it is large (as the index of role names is)."""
    from careerpath.queries.names import CACHED_INDEX_NAMES, build_index

    entries = ladder.tool_entries()
    if sum(len(names) for _, names, _ in entries) < CACHED_INDEX_NAMES:
        return build_index(entries, ids=False)
    from careerpath.data.cache import companion

    return companion(ladder, "tool-names", lambda: build_index(entries, ids=False))


def list_roles(
    ladder: Ladder,
    lang: str = "en",
    level: int | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> RoleList:
    """Roles sorted by level, or with *search* those it finds, best first.

    *search* matches titles in any language, ids, aliases, skills and tools (names and
    categories) by the rules of :mod:`careerpath.queries.names`: words in any order, by their
    start, abbreviated, plural or inside compounds; case and diacritics ignored. *limit*
    keeps the first rows.
    """
    keep = None if limit is None else max(limit, 0)
    if search:
        by_id: dict[str, RoleHead] = {}
        found = search_roles(
            ladder,
            search,
            heads=by_id,
            wanted=None if level is None else (lambda head: head.level == level),
            enough=keep,
        )
        rows = [_row(by_id[role_id], lang, kind, why) for role_id, kind, why in found[:keep]]
    else:
        heads = ladder.role_heads()
        heads.sort(key=lambda h: (h.level, h.titles["en"].casefold(), h.id))
        chosen = [head for head in heads if level is None or head.level == level]
        rows = [_row(head, lang) for head in chosen[:keep]]
    return RoleList(rows, level, search, limit)


@dataclass(frozen=True)
class SkillLine:
    id: str
    name: str
    level: float | None
    importance: float | None = None
    low_precision: bool = False
    essential: bool | None = None
    """ESCO's relation (true essential, false optional); None where the data does not say."""


@dataclass(frozen=True)
class ToolLine:
    name: str
    category: str
    """The category in the language asked for."""
    sources: list[str]
    hot: bool = False
    in_demand: bool = False
    category_id: str = ""
    """The category in English: the key of ``tools_by_category`` in JSON, in every language."""


@dataclass(frozen=True)
class SalaryLine:
    city: str
    currency: str
    low: int
    high: int
    period: str
    applies_to: str | None
    source: str | None


@dataclass(frozen=True)
class StepLine:
    """A step to or from the role shown; an inferred one with its similarity and the skills
    the two roles share (the weightiest first)."""

    role: RoleRef
    kind: str
    sources: list[str]
    note: str | None
    similarity: float | None = None
    shared: tuple[SharedSkill, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        from careerpath.queries.similarity import similarity_figure

        shared = None if self.shared is None else [skill.to_json() for skill in self.shared]
        return {
            "role": asdict(self.role),
            "kind": self.kind,
            "sources": list(self.sources),
            "note": self.note,
            "similarity": None if self.similarity is None else similarity_figure(self.similarity),
            "shared_skills": shared,
        }


@dataclass(frozen=True)
class RoleCard:
    """Everything ``show`` tells about one role."""

    id: str
    title: str
    titles: dict[str, str]
    aliases: list[str]
    level: int
    level_rule: str | None
    uri: str | None
    track: str
    summary: str | None
    responsibilities: list[str]
    skills: list[SkillLine]
    tools: list[ToolLine]
    kpis: list[str]
    salaries: list[SalaryLine]
    next_roles: list[StepLine]
    previous_roles: list[StepLine]
    sources: list[str]
    scale_min: float = field(default=1)
    scale_max: float = field(default=5)
    importance_max: float | None = None
    attribution: str | None = None
    licence: str | None = None
    inferred: InferredSteps | None = None
    """The rule of the inferred moves listed, where the data lists no steps (ESCO)."""

    def tools_by_category(self) -> dict[str, list[ToolLine]]:
        grouped: dict[str, list[ToolLine]] = defaultdict(list)
        for tool in self.tools:
            grouped[tool.category].append(tool)
        return dict(grouped)

    def tools_by_category_id(self) -> dict[str, list[str]]:
        """Tool names by the English category (the JSON keys, the same in every language)."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for tool in self.tools:
            grouped[tool.category_id or tool.category].append(tool.name)
        return dict(grouped)

    def to_json(self) -> dict[str, Any]:
        data = asdict(replace(self, inferred=None))
        for drawing_only in ("scale_min", "scale_max", "importance_max"):
            del data[drawing_only]
        data["tools_by_category"] = self.tools_by_category_id()
        data["next_roles"] = [line.to_json() for line in self.next_roles]
        data["previous_roles"] = [line.to_json() for line in self.previous_roles]
        data["inferred"] = None if self.inferred is None else self.inferred.to_json()
        return data


def role_card(
    ladder: Ladder, role: Role, lang: str = "en", inferred: InferredSteps | None = None
) -> RoleCard:
    """The card of *role*: its profile and the steps that lead to and from it.

    With *inferred*, the card also lists the inferred moves out of and into the role, as
    ``next`` and ``tree --up`` take them (the most similar first, after the listed steps):
    where the data lists no steps, they are the only moves there are.
    """

    def step_line(role_id: str, kind: str, sources: list[str], note: Any) -> StepLine:
        # A step's note is data text: in the language asked for (a plain string in every one).
        ref = RoleRef.of(ladder.roles[role_id], lang)
        return StepLine(ref, kind, sources, text_in(note, lang) or None)

    next_roles = [
        step_line(s.target_role, s.kind, list(s.sources), s.note)
        for s in ladder.steps_from(role.id)
    ]
    previous_roles = [
        step_line(s.source_role, s.kind, list(s.sources), s.note) for s in ladder.steps_to(role.id)
    ]
    # By level, then id: never by a title, which changes with the language.
    by_level = lambda line: (line.role.level, line.role.id)  # noqa: E731
    next_roles.sort(key=by_level)
    previous_roles.sort(key=by_level)
    if inferred is not None:
        from careerpath.data.records import StepKind

        for lines, moves, out in (
            (next_roles, inferred.after(role.id), True),
            (previous_roles, inferred.before(role.id), False),
        ):
            for other, score in moves:
                ends = (role.id, other) if out else (other, role.id)
                shared = tuple(inferred.shared(*ends, lang))
                ref = RoleRef.of(ladder.roles[other], lang)
                lines.append(StepLine(ref, StepKind.inferred, [], None, score, shared))
    return RoleCard(
        id=role.id,
        title=role.title.get(lang),
        titles={
            **{code: value for code in ("en", "fi", "nb") if (value := role.title.get(code))},
            **role.title.other,
        },
        aliases=list(role.aliases),
        level=role.level,
        level_rule=role.level_rule,
        uri=role.uri,
        track=text_in(role.track, lang),
        summary=text_in(role.summary, lang) or None,
        responsibilities=[text_in(text, lang) for text in role.responsibilities],
        skills=[
            SkillLine(
                req.skill,
                ladder.skill_name(req.skill, lang),
                req.level,
                req.importance,
                req.low_precision,
                req.essential,
            )
            for req in sorted(
                role.skills,
                key=lambda r: (-(2 if r.essential else 1 if r.level is None else r.level), r.skill),
            )
        ],
        tools=[
            ToolLine(
                t.name,
                text_in(t.category, lang),
                list(t.sources),
                t.hot,
                t.in_demand,
                text_in(t.category, "en"),
            )
            for t in role.tools
        ],
        kpis=[text_in(kpi, lang) for kpi in role.kpis],
        salaries=[
            SalaryLine(
                s.city,
                s.currency,
                s.low,
                s.high,
                s.period,
                text_in(s.applies_to, lang) or None,
                s.source,
            )
            for s in role.salaries
        ],
        next_roles=next_roles,
        previous_roles=previous_roles,
        sources=list(role.sources),
        scale_min=ladder.scale.min,
        scale_max=ladder.scale.max,
        importance_max=ladder.importance_scale.max if ladder.importance_scale else None,
        attribution=ladder.attribution,
        licence=ladder.licence,
        inferred=inferred,
    )
