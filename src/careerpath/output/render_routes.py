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

from careerpath.output.i18n import _, integer, ngettext, speak
from careerpath.output.layout import FirstFit, Phrases, fit, plain
from careerpath.output.render_data import render_error
from careerpath.output.render_similar import rule_line, shared_text, similarity_text
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
    from careerpath.messages import Message
    from careerpath.queries.demand import StepDemand
    from careerpath.queries.routes import RouteSearch
    from careerpath.queries.steps import NextSteps, RoleTree, TreeNode


def _climb(figure: float | None) -> str:
    if figure is None:
        return _("climb unknown")
    return _("climb {figure}").format(figure=level_text(figure))


def measured_from_text(basis: str | None, *, on_route: bool = False) -> str:
    """What a step's figures are measured from, in words ("" when not said); *on_route*: the
    role is the route's start."""
    if basis == "role":
        return _("from the start role's skills") if on_route else _("from the role's own skills")
    if basis == "profile":
        return _("from your skills")
    if basis is not None and basis.startswith("after_step_"):
        return _("from what you hold after step {number}").format(
            number=integer(int(basis.removeprefix("after_step_")))
        )
    return ""


def _demand_summary(demand: StepDemand, notes: bool = True) -> Text:
    """One line: skill climb (and what it is measured from), skills to gain (named), skills to
    raise, tools to learn; counts of 0 are left out. *notes*: add the demand's notes below."""
    text = Text(_climb(demand.climb))
    basis = measured_from_text(demand.measured_from, on_route=True)
    if basis:
        text.append(f" ({basis})", style="dim")
    if demand.new_skills is None or demand.raised_skills is None:
        text.append(" · ", style="dim")
        text.append(_("skills to gain unknown"), style="dim")
    else:
        gain = len(demand.new_skills)
        if gain:
            text.append(" · ", style="dim")
            text.append(
                ngettext("gain {count} skill", "gain {count} skills", gain).format(count=gain),
                style="bold red",
            )
            text.append(" (")
            text.append(", ".join(skill.name for skill in demand.new_skills))
            text.append(")")
        raised = len(demand.raised_skills)
        if raised:
            text.append(" · ", style="dim")
            text.append(_("raise {count}").format(count=raised), style="yellow")
    text.append(" · ", style="dim")
    tools = demand.tools_to_learn
    text.append(
        tools_phrase(demand.tools_count(), demand.tools_are_examples), style="" if tools else "dim"
    )
    for note in demand.notes if notes else ():
        text.append("\n")
        text.append(f"({speak(note)})", style="dim italic")
    return text


def _difference(first: list[str], other: list[str], titles: dict[str, str]) -> tuple[int, int, str]:
    """How a route differs from route 1: the length of the roles they share at the start and
    at the end, and the difference in words ("as route 1, but via …")."""
    shared_start = 0
    while first[shared_start] == other[shared_start]:
        shared_start += 1
    shared_end = 0
    limit = min(len(first), len(other)) - shared_start
    while shared_end < limit and first[-1 - shared_end] == other[-1 - shared_end]:
        shared_end += 1
    ours = [r for r in other[shared_start : len(other) - shared_end] if r not in first]
    theirs = [r for r in first[shared_start : len(first) - shared_end] if r not in other]
    via = ", ".join(titles[role] for role in ours)
    instead = ", ".join(titles[role] for role in theirs)
    if not ours:
        words = _("as route 1, but without {roles}").format(roles=instead)
    elif not theirs:
        words = _("as route 1, but also via {roles}").format(roles=via)
    else:
        words = _("as route 1, but via {roles} instead of {others}").format(
            roles=via, others=instead
        )
    return shared_start, shared_end, words


def render_routes(search: RouteSearch) -> RenderableType:
    """The routes ``path`` prints: each as a chain of roles, a summary per step, a total."""
    if search.by == "steps":
        ranking = _("by fewest steps")
    else:
        ranking = _("by the smallest hardest step, then total skill climb")
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
    parts: list[RenderableType] = [Phrases(title)]
    if search.inferred is not None:
        parts.append(rule_line(search.inferred))
    if search.note:
        parts.append(plain(search.note))
    titles = {ref.id: ref.title for route in search.routes for ref in route.roles}
    first = search.routes[0] if search.routes else None
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
        phrases = [name, Text(total, style="bold")]
        if route.hardest_step is not None and route.hardest_step_number is not None:
            hardest = _("hardest step {figure} (step {number})").format(
                figure=level_text(route.hardest_step), number=integer(route.hardest_step_number)
            )
            phrases.append(Text(hardest, style="bold"))
        header = Phrases([*phrases, Text(tools, style="bold")], separator=" · ", style="bold")
        # Route 1 in full; the others as their difference from it: the steps into and out of
        # the roles they do not share, and any later step whose figures differ.
        shown = range(len(route.steps))
        difference: Text | None = None
        if first is not None and number > 1:
            shared_start, shared_end, words = _difference(
                first.role_ids(), route.role_ids(), titles
            )
            difference = Text(words, style="italic")
            offset = first.length - route.length
            last = route.length - shared_end
            for index in range(last, route.length):
                if _figures(route.steps[index].demand) != _figures(
                    first.steps[index + offset].demand
                ):
                    last = index + 1
            shown = range(shared_start - 1, last)
        # A grid keeps long summaries wrapped under their own column, not under the arrows.
        lines = Table.grid(padding=(0, 1))
        lines.add_column(justify="right", style="dim", no_wrap=True)
        lines.add_column()
        if shown.start > 0:
            lines.add_row(Text("…"), Text(_("as route 1 up to here"), style="dim"))
        lines.add_row(Text(f" {shown.start + 1}"), role_and_level(route.roles[shown.start]))
        route_notes: list[Message] = []
        for position, step in enumerate(route.steps, start=2):
            if position - 2 not in shown:
                continue
            route_notes += [note for note in step.demand.notes if note not in route_notes]
            summary = step_kind_text(step.kind, step.level_change)
            if step.similarity is not None:
                summary.append(f" ({_similarity(step.similarity)}; ")
                summary.append_text(shared_text(step.shared))
                summary.append(")")
            if step.note:
                summary.append(" (")
                summary.append(step.note)
                summary.append(")")
            summary.append(" · ", style="dim")
            summary.append_text(_demand_summary(step.demand, notes=False))
            lines.add_row(Text("↓"), summary)
            lines.add_row(Text(f" {position}"), role_and_level(step.target))
        if shown.stop < route.length:
            lines.add_row(Text("…"), Text(_("then as route 1"), style="dim"))
        parts += [Text(""), header]
        if difference is not None:
            parts.append(difference)
        parts.append(fit(lines))
        parts += [Text(f"({note})", style="dim italic") for note in _once(route_notes)]
    demands = [step.demand for route in search.routes for step in route.steps]
    notes = counting_notes(search.least_importance, demands)
    if notes:
        parts += [Text(""), *notes]
    return Group(*parts)


def _once(notes: Sequence[Message]) -> list[str]:
    """The notes of a route in words, a fact that holds for several steps said once: the roles
    whose tools the data does not give are named in one sentence."""
    unknown_tools = [str(note.args["title"]) for note in notes if note.code == "tools_unknown"]
    said: list[str] = []
    for note in notes:
        if note.code != "tools_unknown" or len(unknown_tools) == 1:
            said.append(speak(note))
        elif str(note.args["title"]) == unknown_tools[0]:
            said.append(
                _("the data does not say which tools these roles use: {titles}").format(
                    titles=", ".join(unknown_tools)
                )
            )
    return said


def _figures(demand: StepDemand) -> tuple[object, ...]:
    """What a step's line shows, to tell whether two steps read the same."""
    return (
        demand.climb,
        demand.new_skills,
        demand.raised_skills,
        demand.tools_to_learn,
        demand.notes,
    )


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


def render_next(result: NextSteps, every: bool = False) -> RenderableType:
    """The next steps from a role, the most ready first: a table, or a block per step where
    the table's seven columns cannot keep their words whole. Lists show their first few names
    unless *every*."""
    limit = 10**9 if every else 4
    title = Phrases(
        [
            Text(_("Next steps from") + " ") + plain(result.role.title, "bold"),
            Text(f"({level_label(result.role.level)})", style="dim"),
            Text("· " + _("readiness measured from your skills"), style="dim")
            if result.measured_from == "profile"
            else Text("· " + _("readiness measured from the role's own skills"), style="dim"),
        ],
        separator=" ",
    )
    heading: list[RenderableType] = [title]
    if result.inferred is not None:
        heading.append(rule_line(result.inferred))
    if not result.candidates:
        return Group(*heading, Text(_("No step leads on from this role."), style="yellow"))
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
        note = plain(candidate.note or "", "dim")
        if candidate.similarity is not None:
            figure = similarity_text(candidate.similarity)
            kind.append(" " + _("(sim. {figure})").format(figure=figure), style="dim")
            note = shared_text(candidate.shared)
        demand = candidate.demand
        tools = demand.tools_to_learn
        if demand.new_skills is None or demand.raised_skills is None:
            gained = raised_text = _("unknown")
        else:
            gained = first_few([s.name for s in demand.new_skills], limit)
            raised_text = first_few(
                [
                    f"{s.name} {level_text(s.have or 0)}→{level_text(s.need)}"
                    for s in demand.raised_skills
                ],
                limit,
            )
        asks = [
            plain(gained),
            plain(raised_text),
            plain(first_few(tools, limit) if tools is not None else _("unknown")),
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
    return Group(*heading, FirstFit(table, Group(*blocks)), *notes)


def _similarity(value: float) -> str:
    return _("similarity {figure}").format(figure=similarity_text(value))


def _tree_label(node: TreeNode, readiness: bool = False) -> Phrases:
    """Title, level, kind and note, wrapping between them rather than inside them."""
    phrases = [
        plain(node.role.title, "dim" if node.seen_above else "bold"),
        Text(f"({level_label(node.role.level)})", style="dim"),
    ]
    if node.kind:
        phrases.append(Text("· ", style="dim") + step_kind_text(node.kind, node.level_change))
    if node.similarity is not None:
        about = Text(f"({_similarity(node.similarity)}; ", style="dim")
        phrases.append(about + shared_text(node.shared) + Text(")", style="dim"))
    if node.note:
        phrases.append(Text("· ", style="dim") + plain(node.note, "dim"))
    if readiness:
        phrases.append(
            Text("· " + _("ready") + " ", style="dim") + readiness_bar(node.readiness, 0)
        )
    if node.seen_above:
        phrases.append(Text(_("(seen above)"), style="dim italic"))
    elif node.more:
        phrases.append(Text("…", style="dim"))
    return Phrases(phrases, separator=" ")


def render_tree(result: RoleTree) -> RenderableType:
    """Where a role leads (or comes from) as a Rich tree."""
    ready = result.measured_from == "profile"
    root = Tree(_tree_label(result.root, ready))
    # An explicit stack, not recursion: a deep tree must not exhaust Python's stack.
    pending: list[tuple[Tree, TreeNode]] = [(root, result.root)]
    while pending:
        branch, node = pending.pop()
        for child in node.children:
            pending.append((branch.add(_tree_label(child, ready)), child))
    parts: list[RenderableType] = [root]
    if result.inferred is not None:
        parts.append(rule_line(result.inferred))
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
