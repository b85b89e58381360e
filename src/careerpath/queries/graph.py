"""Build the networkx graph of career steps.

networkx is imported inside the functions: commands that never build a graph (``roles``,
``show``) do not pay for importing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from careerpath.data.ladder import Ladder


def build_graph(ladder: Ladder) -> nx.DiGraph[str]:
    """A directed graph with a node per role and an edge per career step.

    Nodes carry ``title`` (English), ``level`` and ``track``; edges carry ``kind``
    (``promotion`` or ``lateral``), ``sources`` and ``note``.
    """
    import networkx as nx

    from careerpath.data.models import text_in

    graph: nx.DiGraph[str] = nx.DiGraph(name=ladder.name or "careerpath")
    for role in ladder.roles.values():
        graph.add_node(
            role.id, title=role.title.en, level=role.level, track=text_in(role.track, "en")
        )
    for step in ladder.steps:
        graph.add_edge(
            step.source_role,
            step.target_role,
            kind=step.kind,
            sources=list(step.sources),
            note=step.note,
        )
    return graph
