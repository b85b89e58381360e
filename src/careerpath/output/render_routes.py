"""Where a role leads: routes (``path``), the next steps (``next``) and the tree (``tree``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from careerpath.output.i18n import _, decimal, integer, ngettext, speak
from careerpath.output.layout import FirstFit, Phrases, fit, plain
from careerpath.output.render_data import render_error
from careerpath.output.terms import (
    counting_notes,
    first_few,
    level_label,
    level_text,
    readiness_bar,
    role_and_level,
    step_kind_text,
    tools_phrase,
)

if TYPE_CHECKING:
    from careerpath.queries.demand import StepDemand
    from careerpath.queries.routes import RouteSearch
    from careerpath.queries.steps import NextSteps, RoleTree, TreeNode


def _climb(figure: float | None) -> str:
    if figure is None:
        return _("climb unknown")
    return _("climb {figure}").format(figure=level_text(figure))


def _demand_summary(demand: StepDemand) -> Text:
    """One line: skill climb, skills to gain (named), skills to raise, tools to learn."""
    text = Text(_climb(demand.climb))
    text.append(" · ", style="dim")
    if demand.new_skills is None or demand.raised_skills is None:
        text.append(_("skills to gain unknown"), style="dim")
    else:
        gain = len(demand.new_skills)
        text.append(
            ngettext("gain {count} skill", "gain {count} skills", gain).format(count=gain),
            style="bold red" if gain else "dim",
        )
        if gain:
            text.append(" (")
            text.append(", ".join(skill.name for skill in demand.new_skills))
            text.append(")")
        text.append(" · ", style="dim")
        raised = len(demand.raised_skills)
        text.append(_("raise {count}").format(count=raised), style="yellow" if raised else "dim")
    text.append(" · ", style="dim")
    tools = demand.tools_to_learn
    text.append(
        tools_phrase(demand.tools_count(), demand.tools_are_examples), style="" if tools else "dim"
    )
    for note in demand.notes:
        text.append("\n")
        text.append(f"({speak(note)})", style="dim italic")
    return text


def render_routes(search: RouteSearch) -> RenderableType:
    """The routes ``path`` prints: each as a chain of roles, a summary per step, a total."""
    ranking = _("by fewest steps") if search.by == "steps" else _("by smallest skill climb")
    title: list[Text | tuple[str, Text]] = [
        plain(search.source.title, "bold"),
        ("  ", Text("→  ") + plain(search.target.title, "bold")),
        Text(ranking, style="dim"),
    ]
    if search.via:
        title.append(Text(_("via") + " ", style="dim") + plain(search.via.title, "dim"))
    if search.avoid:
        avoided = ", ".join(ref.title for ref in search.avoid)
        title.append(Text(_("avoiding") + " ", style="dim") + plain(avoided, "dim"))
    if search.promotions_only:
        title.append(Text(_("promotions only"), style="dim"))
    if search.inferred is not None:
        rule = search.inferred
        also = _(", also down") if rule.down else ""
        title.append(
            Text(
                _("with inferred moves (similarity ≥ {figure}{also})").format(
                    figure=decimal(rule.min_similarity, 6), also=also
                ),
                style="dim",
            )
        )
    parts: list[RenderableType] = [Phrases(title)]
    if search.note:
        parts.append(plain(search.note))
    for number, route in enumerate(search.routes, start=1):
        name = Text(_("Route {number}").format(number=number), style="bold underline")
        steps = ngettext("{count} step", "{count} steps", route.length)
        name.append(": " + steps.format(count=route.length), style="bold")
        if route.total_gap is None:
            total = _("total skill climb unknown")
        else:
            total = _("total skill climb {figure}").format(figure=level_text(route.total_gap))
        tools = tools_phrase(route.tools_count(), route.tools_are_examples)
        if route.tools_not_listed:
            others = ngettext(
                "and {count} other", "and {count} others", route.tools_not_listed
            ).format(count=integer(route.tools_not_listed))
            tools += f" ({others})"
        header = Phrases(
            [name, Text(total, style="bold"), Text(tools, style="bold")],
            separator=" · ",
            style="bold",
        )
        # A grid keeps long summaries wrapped under their own column, not under the arrows.
        lines = Table.grid(padding=(0, 1))
        lines.add_column(justify="right", style="dim", no_wrap=True)
        lines.add_column()
        lines.add_row(Text(" 1"), role_and_level(route.roles[0]))
        for position, step in enumerate(route.steps, start=2):
            summary = step_kind_text(step.kind, step.level_change)
            if step.similarity is not None:
                summary.append(f" ({_similarity(step.similarity)})")
            if step.note:
                summary.append(" (")
                summary.append(step.note)
                summary.append(")")
            summary.append(" · ", style="dim")
            summary.append_text(_demand_summary(step.demand))
            lines.add_row(Text("↓"), summary)
            lines.add_row(Text(f" {position}"), role_and_level(step.target))
        parts += [Text(""), header, fit(lines)]
    demands = [step.demand for route in search.routes for step in route.steps]
    notes = counting_notes(search.least_importance, demands)
    if notes:
        parts += [Text(""), *notes]
    return Group(*parts)


def render_no_route(message: str, nearest: Sequence[tuple[str, str]]) -> RenderableType:
    """Why no route was found, and the reachable roles nearest the destination (for stderr)."""
    parts: list[RenderableType] = [render_error(message)]
    if nearest:
        parts.append(Text(_("Nearest roles you can reach:"), style="bold"))
        # Lines of their own, not a bulleted grid: the grid pads every line to its width.
        parts += [Text("  • ") + plain(f"{title} ({role_id})") for role_id, title in nearest]
    else:
        parts.append(Text(_("No other role can be reached from the start."), style="dim"))
    return Group(*parts)


def render_next(result: NextSteps) -> RenderableType:
    """The next steps from a role, the most ready first: a table, or a block per step where
    the table's seven columns cannot keep their words whole."""
    title = Phrases(
        [
            Text(_("Next steps from") + " ") + plain(result.role.title, "bold"),
            Text(f"({level_label(result.role.level)})", style="dim"),
            Text("· " + _("readiness measured from your skills"), style="dim")
            if result.measured_from == "profile"
            else Text(),
        ],
        separator=" ",
    )
    if not result.candidates:
        return Group(title, Text(_("No step leads on from this role."), style="yellow"))
    examples = any(c.demand.tools_are_examples for c in result.candidates)
    tools_header = _("Tools new to you") if examples else _("Tools to learn")
    headers = (_("Skills to gain"), _("Skills to raise"), tools_header)
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column(_("Role"))
    table.add_column(_("Kind"))
    table.add_column(_("Ready"), no_wrap=True)
    for header in headers:
        table.add_column(header)
    blocks: list[RenderableType] = []
    for number, candidate in enumerate(result.candidates, start=1):
        kind = step_kind_text(candidate.kind, candidate.level_change)
        if candidate.similarity is not None:
            figure = decimal(candidate.similarity, 2, trim=False)
            kind.append(" " + _("(sim. {figure})").format(figure=figure), style="dim")
        note = plain(candidate.note or "", "dim")
        demand = candidate.demand
        tools = demand.tools_to_learn
        if demand.new_skills is None or demand.raised_skills is None:
            gained = raised_text = _("unknown")
        else:
            gained = first_few([s.name for s in demand.new_skills])
            raised_text = first_few(
                [
                    f"{s.name} {level_text(s.have or 0)}→{level_text(s.need)}"
                    for s in demand.raised_skills
                ]
            )
        asks = [
            plain(gained),
            plain(raised_text),
            plain(first_few(tools) if tools is not None else _("unknown")),
        ]
        ready = readiness_bar(candidate.readiness, width=10)
        table.add_row(
            plain(number),
            role_and_level(candidate.role, "", whole=True),
            Text("\n").join([kind, note]) if note.plain else kind,
            ready,
            *asks,
        )
        lines: list[RenderableType] = [Phrases([kind, note, ready])]
        for header, ask in zip(headers, asks, strict=True):
            lines.append(Text(f"{header}: ", style="dim") + ask)
        blocks += [
            role_and_level(candidate.role, before=f"{number}. "),
            Padding(Group(*lines), (0, 0, 0, 3)),
        ]
    notes = counting_notes(result.least_importance, [c.demand for c in result.candidates])
    return Group(title, FirstFit(table, Group(*blocks)), *notes)


def _similarity(value: float) -> str:
    return _("similarity {figure}").format(figure=decimal(value, 2, trim=False))


def _tree_label(node: TreeNode) -> Phrases:
    """Title, level, kind and note, wrapping between them rather than inside them."""
    phrases = [
        plain(node.role.title, "dim" if node.seen_above else "bold"),
        Text(f"({level_label(node.role.level)})", style="dim"),
    ]
    if node.kind:
        phrases.append(Text("· ", style="dim") + step_kind_text(node.kind, node.level_change))
    if node.similarity is not None:
        phrases.append(Text(f"({_similarity(node.similarity)})", style="dim"))
    if node.note:
        phrases.append(Text("· ", style="dim") + plain(node.note, "dim"))
    if node.seen_above:
        phrases.append(Text(_("(seen above)"), style="dim italic"))
    elif node.more:
        phrases.append(Text("…", style="dim"))
    return Phrases(phrases, separator=" ")


def render_tree(result: RoleTree) -> RenderableType:
    """Where a role leads (or comes from) as a Rich tree."""
    root = Tree(_tree_label(result.root))
    # An explicit stack, not recursion: a deep tree must not exhaust Python's stack.
    pending: list[tuple[Tree, TreeNode]] = [(root, result.root)]
    while pending:
        branch, node = pending.pop()
        for child in node.children:
            pending.append((branch.add(_tree_label(child)), child))
    parts: list[RenderableType] = [root]
    if not result.root.children:
        if result.direction == "up":
            ending = _("{title} comes from no other role.")
        else:
            ending = _("{title} leads nowhere further.")
        parts.append(Text(ending.format(title=result.root.role.title), style="dim"))
    if result.truncated:
        parts.append(
            Text(
                _(
                    "Tree cut short at {count} roles; those ending in … lead further. "
                    "Use --depth for a smaller tree."
                ).format(count=integer(result.node_count)),
                style="yellow",
            )
        )
    return Group(*parts)
