"""Write a ladder in formats other tools read: Mermaid, Graphviz DOT, GraphML, JSON and SQLite.

Every exporter returns text (SQLite: the file's bytes); writing it is the caller's business.
Names from the data file are escaped for each format, so a title with quotes, backslashes or
non-ASCII letters comes out as itself and cannot break the syntax around it.

The module imports nothing heavy at the top, so the command line can use :class:`ExportFormat`
for its ``--format`` choices without loading pydantic or networkx.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role, SkillRequirement, Step


class ExportFormat(StrEnum):
    """The formats ``careerpath export`` writes."""

    mermaid = "mermaid"
    dot = "dot"
    graphml = "graphml"
    json = "json"
    sqlite = "sqlite"


def reachable_ladder(ladder: Ladder, start: Role) -> Ladder:
    """The part of *ladder* that *start* leads to: it, every role reachable from it, and the
    steps, skills and sources those roles use.

    The result is a complete dataset in its own right: exported as JSON it loads again.
    """
    from careerpath.data.ladder import Ladder

    kept: dict[str, Role] = {start.id: start}
    queue = deque([start.id])
    while queue:
        for step in ladder.steps_from(queue.popleft()):
            if step.target_role not in kept:
                kept[step.target_role] = ladder.roles[step.target_role]
                queue.append(step.target_role)
    steps = [s for s in ladder.steps if s.source_role in kept and s.target_role in kept]
    skill_ids = {req.skill for role in kept.values() for req in role.skills}
    source_ids: set[str] = set()
    for role in kept.values():
        source_ids.update(role.sources)
        for tool in role.tools:
            source_ids.update(tool.sources)
        source_ids.update(pay.source for pay in role.salaries if pay.source is not None)
    for step in steps:
        source_ids.update(step.sources)
    return Ladder(
        scale=ladder.scale,
        roles=[role for role in ladder.roles.values() if role.id in kept],
        skills=[skill for skill in ladder.skills.values() if skill.id in skill_ids],
        steps=steps,
        sources=[source for source in ladder.sources.values() if source.id in source_ids],
        name=ladder.name,
        description=ladder.description,
        files=ladder.files,
        importance_scale=ladder.importance_scale,
        version=ladder.version,
        attribution=ladder.attribution,
        licence=ladder.licence,
    )


def _ordered_steps(ladder: Ladder) -> list[Step]:
    order = {role.id: index for index, role in enumerate(ladder.sorted_roles())}
    return sorted(ladder.steps, key=lambda s: (order[s.source_role], order[s.target_role], s.kind))


def _edge_label(step: Step) -> str:
    from careerpath.data.records import StepKind, text_in

    if step.kind in (StepKind.lateral, StepKind.related):
        return f"{step.kind}: {text_in(step.note, 'en')}" if step.note else str(step.kind)
    return text_in(step.note, "en")


# Mermaid reads "#name;" and "#123;" inside a label as character entities, and a label that
# starts with a backtick as Markdown; HTML-like text may be rendered as HTML. Writing these
# characters as numeric entities keeps every title literal.
_MERMAID_ESCAPES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
    }
)


def mermaid_text(value: str) -> str:
    """*value* as the inside of a double-quoted Mermaid label."""
    return value.translate(_MERMAID_ESCAPES)


def to_mermaid(ladder: Ladder, lang: str = "en") -> str:
    """A Mermaid flowchart, entry roles at the bottom: solid arrows for promotions, dashed
    arrows labelled "lateral" or "related" for lateral moves and related occupations.

    Node ids are ``n0``, ``n1``, ... in level order, so no role id can clash with Mermaid's
    keywords (``end``, ``graph``) or syntax.
    """
    from careerpath.data.records import StepKind

    roles = ladder.sorted_roles()
    node = {role.id: f"n{index}" for index, role in enumerate(roles)}
    lines = ["flowchart BT"]
    if ladder.name:
        lines.append(f"    %% {ladder.name}")
    lines.extend(f"    %% {line}" for line in _credit_lines(ladder))
    for role in roles:
        lines.append(f'    {node[role.id]}["{mermaid_text(role.title.get(lang))}"]')
    for step in _ordered_steps(ladder):
        arrow = "-.->" if step.kind in (StepKind.lateral, StepKind.related) else "-->"
        label = _edge_label(step)
        if label:
            arrow += f'|"{mermaid_text(label)}"|'
        lines.append(f"    {node[step.source_role]} {arrow} {node[step.target_role]}")
    return "\n".join(lines) + "\n"


def _credit_lines(ladder: Ladder) -> list[str]:
    """The dataset's attribution and licence as comment lines (each a single line)."""
    text = ladder.attribution or ""
    if ladder.licence:
        text += f"\nLicence: {ladder.licence}"
    return [line.strip() for line in text.splitlines() if line.strip()]


def dot_string(value: str) -> str:
    """*value* as a double-quoted DOT string: backslashes and quotes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(ladder: Ladder, lang: str = "en") -> str:
    """A Graphviz digraph, entry roles at the bottom; lateral moves and related occupations
    are dashed."""
    from careerpath.data.records import StepKind

    lines = [f"// {line}" for line in _credit_lines(ladder)]
    lines += [
        f"digraph {dot_string(ladder.name or 'careerpath')} {{",
        "    rankdir=BT;",
        '    charset="UTF-8";',
        "    node [shape=box, style=rounded];",
    ]
    for role in ladder.sorted_roles():
        label = dot_string(role.title.get(lang))
        lines.append(f"    {dot_string(role.id)} [label={label}, level={role.level}];")
    for step in _ordered_steps(ladder):
        attributes = [f"kind={dot_string(step.kind)}"]
        if step.kind in (StepKind.lateral, StepKind.related):
            attributes.append("style=dashed")
        label = _edge_label(step)
        if label:
            attributes.append(f"label={dot_string(label)}")
        edge = f"{dot_string(step.source_role)} -> {dot_string(step.target_role)}"
        lines.append(f"    {edge} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def graphml_graph(ladder: Ladder, lang: str = "en") -> nx.DiGraph[str]:
    """The ladder as a graph whose attributes are all GraphML scalars (lists joined)."""
    import networkx as nx

    from careerpath.data.records import text_in

    graph: nx.DiGraph[str] = nx.DiGraph(name=ladder.name or "careerpath")
    if ladder.attribution:
        graph.graph["attribution"] = ladder.attribution
    if ladder.licence:
        graph.graph["licence"] = ladder.licence
    for role in ladder.sorted_roles():
        graph.add_node(
            role.id,
            title=role.title.get(lang),
            level=role.level,
            track=text_in(role.track, lang),
            skills="; ".join(_requirement_text(req) for req in role.skills),
        )
    for step in _ordered_steps(ladder):
        graph.add_edge(
            step.source_role,
            step.target_role,
            kind=step.kind,
            note=text_in(step.note, lang),
            sources=", ".join(step.sources),
        )
    return graph


def to_graphml(ladder: Ladder, lang: str = "en") -> str:
    """GraphML (Gephi, yEd, networkx), one node per role and one edge per step."""
    import io

    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(graphml_graph(ladder, lang), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"


def to_json(ladder: Ladder, lang: str = "en") -> str:
    """The dataset itself as a JSON data file, loadable again with ``--data``.

    *lang* is accepted for a uniform signature; the file keeps every language.
    """
    document = ladder.to_document().model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


EXPORTERS: dict[ExportFormat, Callable[[Ladder, str], str]] = {
    ExportFormat.mermaid: to_mermaid,
    ExportFormat.dot: to_dot,
    ExportFormat.graphml: to_graphml,
    ExportFormat.json: to_json,
}


def to_sqlite(ladder: Ladder, start: Role | None = None) -> bytes:
    """The ladder (or the part *start* leads to) as an SQLite file of tables named for the
    domain (described in ``docs/store.md``), for sqlite-utils, Datasette or any SQL tool."""
    from careerpath.data.store import build

    if start is not None:
        ladder = reachable_ladder(ladder, start)
    return build(ladder, b"", records=False)


def export(ladder: Ladder, fmt: ExportFormat, start: Role | None = None, lang: str = "en") -> str:
    """The ladder, or the part of it *start* leads to, as text in format *fmt*.

    Parameters
    ----------
    ladder:
        The loaded dataset.
    fmt:
        One of :class:`ExportFormat`.
    start:
        When given, only this role and the roles it leads to (see :func:`reachable_ladder`).
    lang:
        Language of the titles in Mermaid, DOT and GraphML labels.

    Returns
    -------
    str
        The whole document, ending with a newline.
    """
    if start is not None:
        ladder = reachable_ladder(ladder, start)
    return EXPORTERS[ExportFormat(fmt)](ladder, lang)


def _requirement_text(req: SkillRequirement) -> str:
    """``skill=level``; a requirement without a level is ``skill=essential`` or ``=optional``."""
    if req.level is not None:
        return f"{req.skill}={req.level}"
    if req.essential is None:
        return req.skill
    return f"{req.skill}={'essential' if req.essential else 'optional'}"
