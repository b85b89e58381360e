"""Turn results into Rich renderables. Nothing here prints.

Every string that came from a data file is wrapped in :class:`rich.text.Text`, never passed
as a plain ``str``: Rich would read ``[bold]`` or ``[link=...]`` in it as markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

if TYPE_CHECKING:
    # Only for annotations: a command pays for importing just the results it draws.
    from careerpath.catalog import RoleCard, RoleList, RoleRef, StepLine
    from careerpath.dataset import ValidationReport
    from careerpath.errors import Problem
    from careerpath.gaps import SalaryChange, SkillGap
    from careerpath.routes import NextSteps, RoleTree, RouteSearch, StepDemand, TreeNode
    from careerpath.similarity import SimilarRole, SimilarRoles

KIND_STYLE = {"promotion": "green", "lateral": "cyan", "inferred": "magenta"}


def plain(value: object, style: str = "") -> Text:
    """Data as literal text: markup characters print as themselves."""
    return Text(str(value), style=style)


def heading(label: str) -> Text:
    return Text(label, style="bold underline")


def render_role_list(result: RoleList) -> RenderableType:
    """The role list as a table: id, title, level, track."""
    if not result.roles:
        return Text("No roles match.", style="yellow")
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("Level", justify="right", style="bold")
    table.add_column("Title", ratio=3, min_width=16)
    table.add_column("Track", ratio=2, overflow="fold")
    table.add_column("Id", style="dim", ratio=3, overflow="fold")
    for row in result.roles:
        table.add_row(plain(row.level), plain(row.title), plain(row.track), plain(row.id))
    return table


def _bullets(items: Iterable[str]) -> Table:
    """A bulleted list whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(Text("  •"), plain(item))
    return grid


def _steps(lines: Sequence[StepLine], arrow: str) -> Text:
    text = Text()
    for line in lines:
        if text:
            text.append("\n")
        text.append(f"  {arrow} ")
        text.append(line.role.title, style="bold")
        text.append(f"  (level {line.role.level}, ")
        text.append(line.kind, style=KIND_STYLE.get(line.kind, ""))
        if line.note:
            text.append(", ")
            text.append(line.note)
        text.append(")")
    return text


def level_bar(level: int, scale_max: int) -> Text:
    """A level as filled and empty blocks, e.g. ■■■□□ for 3 of 5."""
    filled = max(0, min(level, scale_max))
    if scale_max > 10:
        return Text(str(level))
    return Text("■" * filled, style="green") + Text("□" * (scale_max - filled), style="dim")


def render_role_card(card: RoleCard) -> RenderableType:
    """The card ``show`` prints: profile, skills, tools, KPIs, salary and steps."""
    parts: list[RenderableType] = []
    title = Text()
    title.append(card.title, style="bold")
    title.append(f"  ·  level {card.level}  ·  {card.track}  ·  ", style="dim")
    title.append(card.id, style="dim")
    parts.append(title)
    others = [f"{code}: {value}" for code, value in card.titles.items() if value != card.title]
    if others or card.aliases:
        names = Text("Also: ", style="dim")
        names.append(" · ".join([*others, *card.aliases]), style="dim")
        parts.append(names)
    if card.summary:
        parts.append(Text(""))
        parts.append(plain(card.summary))
    if card.responsibilities:
        parts += [Text(""), heading("Responsibilities"), _bullets(card.responsibilities)]
    if card.skills:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
        table.add_column("Skill")
        table.add_column("Level")
        for skill in card.skills:
            bar = level_bar(skill.level, card.scale_max)
            table.add_row(plain(skill.name), bar + Text(f" {skill.level}"))
        parts += [Text(""), heading("Skills"), table]
    if card.tools:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
        table.add_column("Category", style="bold")
        table.add_column("Tools")
        for category, tools in card.tools_by_category().items():
            table.add_row(plain(category), plain(", ".join(tool.name for tool in tools)))
        parts += [Text(""), heading("Tools"), table]
    if card.kpis:
        parts += [Text(""), heading("Measured on"), _bullets(card.kpis)]
    if card.salaries:
        table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
        for column in ("City", "Range", "Applies to"):
            table.add_column(column)
        for pay in card.salaries:
            span = f"{pay.low:,}–{pay.high:,} {pay.currency}/{pay.period}"
            table.add_row(plain(pay.city), plain(span), plain(pay.applies_to or ""))
        parts += [Text(""), heading("Salary"), table]
    parts += [Text(""), heading("Leads to")]
    parts.append(_steps(card.next_roles, "→") if card.next_roles else Text("  (no further steps)"))
    parts += [Text(""), heading("Comes from")]
    parts.append(
        _steps(card.previous_roles, "←") if card.previous_roles else Text("  (an entry point)")
    )
    return Group(*parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _role_with_level(role: RoleRef, style: str = "bold") -> Text:
    text = plain(role.title, style)
    text.append(f" (level {role.level})", style="dim")
    return text


def _demand_summary(demand: StepDemand) -> Text:
    """One line: skill climb, skills to gain (named), skills to raise, tools to learn."""
    text = Text(f"climb {demand.climb}")
    text.append(" · ", style="dim")
    gain = len(demand.new_skills)
    text.append(f"gain {_count(gain, 'skill')}", style="bold red" if gain else "dim")
    if gain:
        text.append(" (")
        text.append(", ".join(skill.name for skill in demand.new_skills))
        text.append(")")
    text.append(" · ", style="dim")
    raised = len(demand.raised_skills)
    text.append(f"raise {raised}", style="yellow" if raised else "dim")
    text.append(" · ", style="dim")
    tools = len(demand.tools_to_learn)
    text.append(f"{_count(tools, 'tool')} to learn", style="" if tools else "dim")
    return text


def render_routes(search: RouteSearch) -> RenderableType:
    """The routes ``path`` prints: each as a chain of roles, a summary per step, a total."""
    title = Text()
    title.append(search.source.title, style="bold")
    title.append("  →  ")
    title.append(search.target.title, style="bold")
    ranking = "fewest steps" if search.by == "steps" else "smallest skill climb"
    title.append(f"  ·  by {ranking}", style="dim")
    if search.via:
        title.append("  ·  via ", style="dim")
        title.append(search.via.title, style="dim")
    if search.avoid:
        title.append("  ·  avoiding ", style="dim")
        title.append(", ".join(ref.title for ref in search.avoid), style="dim")
    if search.promotions_only:
        title.append("  ·  promotions only", style="dim")
    if search.inferred is not None:
        rule = search.inferred
        title.append(f"  ·  with inferred moves (similarity ≥ {rule.min_similarity:g}", style="dim")
        title.append(", also down)" if rule.down else ")", style="dim")
    parts: list[RenderableType] = [title]
    if search.note:
        parts.append(plain(search.note))
    for number, route in enumerate(search.routes, start=1):
        header = Text(f"Route {number}", style="bold underline")
        header.append(
            f": {_count(route.length, 'step')} · total skill climb {route.total_gap} · "
            f"{_count(len(route.tools_to_learn), 'tool')} to learn",
            style="bold",
        )
        # A grid keeps long summaries wrapped under their own column, not under the arrows.
        lines = Table.grid(padding=(0, 1))
        lines.add_column(justify="right", style="dim")
        lines.add_column(overflow="fold")
        lines.add_row(Text(" 1"), _role_with_level(route.roles[0]))
        for position, step in enumerate(route.steps, start=2):
            summary = Text(step.kind, style=KIND_STYLE.get(step.kind, ""))
            if step.similarity is not None:
                summary.append(f" ({_similarity(step.similarity)})")
            if step.note:
                summary.append(" (")
                summary.append(step.note)
                summary.append(")")
            summary.append(" · ", style="dim")
            summary.append_text(_demand_summary(step.demand))
            lines.add_row(Text("↓"), summary)
            lines.add_row(Text(f" {position}"), _role_with_level(step.target))
        parts += [Text(""), header, lines]
    return Group(*parts)


def render_no_route(message: str, nearest: Sequence[tuple[str, str]]) -> RenderableType:
    """Why no route was found, and the reachable roles nearest the destination (for stderr)."""
    parts: list[RenderableType] = [render_error(message)]
    if nearest:
        parts.append(Text("Nearest roles you can reach:", style="bold"))
        parts.append(_bullets(f"{title} ({role_id})" for role_id, title in nearest))
    else:
        parts.append(Text("No other role can be reached from the start.", style="dim"))
    return Group(*parts)


def _first_few(names: Sequence[str], limit: int = 4) -> str:
    """Up to *limit* names, then how many more (``gap`` and ``--json`` list them all)."""
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def render_next(result: NextSteps) -> RenderableType:
    """The next steps from a role as a table, the most ready first."""
    title = Text("Next steps from ")
    title.append_text(_role_with_level(result.role))
    if result.measured_from == "profile":
        title.append("  ·  readiness measured from your skills", style="dim")
    if not result.candidates:
        return Group(title, Text("No step leads on from this role.", style="yellow"))
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Role", overflow="fold")
    table.add_column("Kind")
    table.add_column("Ready", no_wrap=True)
    table.add_column("Skills to gain", overflow="fold")
    table.add_column("Skills to raise", overflow="fold")
    table.add_column("Tools to learn", overflow="fold")
    for number, candidate in enumerate(result.candidates, start=1):
        kind = Text(candidate.kind, style=KIND_STYLE.get(candidate.kind, ""))
        if candidate.similarity is not None:
            kind.append(f"\nsim. {candidate.similarity:.2f}", style="dim")
        if candidate.note:
            kind.append("\n")
            kind.append(candidate.note, style="dim")
        demand = candidate.demand
        raised = [f"{s.name} {s.have or 0}→{s.need}" for s in demand.raised_skills]
        table.add_row(
            plain(number),
            _role_with_level(candidate.role, ""),
            kind,
            readiness_bar(candidate.readiness, width=10),
            plain(_first_few([s.name for s in demand.new_skills])),
            plain(_first_few(raised)),
            plain(_first_few(demand.tools_to_learn)),
        )
    return Group(title, table)


def _similarity(value: float) -> str:
    return f"similarity {value:.2f}"


def _tree_label(node: TreeNode) -> Text:
    label = _role_with_level(node.role, "dim" if node.seen_above else "bold")
    if node.kind:
        label.append(" · ", style="dim")
        label.append(node.kind, style=KIND_STYLE.get(node.kind, ""))
    if node.similarity is not None:
        label.append(f" ({_similarity(node.similarity)})", style="dim")
    if node.note:
        label.append(" · ", style="dim")
        label.append(node.note, style="dim")
    if node.seen_above:
        label.append(" (seen above)", style="dim italic")
    elif node.more:
        label.append(" …", style="dim")
    return label


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
        ending = "comes from no other role" if result.direction == "up" else "leads nowhere further"
        parts.append(Text(f"{result.root.role.title} {ending}.", style="dim"))
    if result.truncated:
        parts.append(
            Text(
                f"Tree cut short at {result.node_count:,} roles; those ending in … lead further. "
                "Use --depth for a smaller tree.",
                style="yellow",
            )
        )
    return Group(*parts)


def render_problems(problems: Sequence[Problem]) -> RenderableType:
    """Data-file problems, one per line, located."""
    lines = []
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        line = Text(f"{problem.severity}: ", style=f"bold {style}")
        line.append(problem.where(), style="bold")
        line.append(": ")
        line.append(problem.message)
        lines.append(line)
    return Group(*lines)


def render_validation(report: ValidationReport) -> RenderableType:
    """The ``validate`` report: each problem on its own line, then a one-line verdict."""
    names = ", ".join(report.files)
    verdict = Text()
    if report.valid:
        verdict.append("valid: ", style="bold green")
    else:
        verdict.append("invalid: ", style="bold red")
    verdict.append(names, style="bold")
    if report.base:
        verdict.append(" (on top of " + ", ".join(report.base) + ")", style="dim")
    counts = []
    for count, noun in ((len(report.errors), "error"), (len(report.warnings), "warning")):
        if count:
            counts.append(f"{count} {noun}" + ("" if count == 1 else "s"))
    if counts:
        verdict.append(" — " + ", ".join(counts))
    return Group(render_problems([*report.errors, *report.warnings]), verdict)


def render_error(message: str) -> Text:
    """A one-line error for stderr."""
    return Text("error: ", style="bold red") + Text(message)


CHANGE_STYLE = {"new": "bold red", "raise": "yellow", "kept": "green", "dropped": "dim"}
CHANGE_LABEL = {"new": "new", "raise": "raise", "kept": "kept", "dropped": "no longer central"}


def readiness_bar(share: float, width: int = 20) -> Text:
    """Readiness as a bar and a percentage, e.g. ██████░░░░ 60 %."""
    share = max(0.0, min(share, 1.0))
    filled = round(share * width)
    style = "green" if share >= 0.8 else "yellow" if share >= 0.5 else "red"
    bar = Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")
    return bar + Text(f" {share:.0%}", style=f"bold {style}")


def _salary_span(low: int, high: int) -> str:
    return f"{low:,}–{high:,}"


def _salary_row(pay: SalaryChange) -> list[Text]:
    def signed(value: int) -> str:
        return f"{value:+,}"

    change = f"{signed(pay.change_low)} … {signed(pay.change_high)}"
    grown = pay.change_low + pay.change_high
    style = "green" if grown > 0 else "red" if grown < 0 else ""
    now = plain(_salary_span(pay.from_low, pay.from_high))
    if pay.from_applies_to:
        now.append(f"\n{pay.from_applies_to}", style="dim")
    then = plain(_salary_span(pay.to_low, pay.to_high))
    if pay.to_applies_to:
        then.append(f"\n{pay.to_applies_to}", style="dim")
    return [plain(pay.city), plain(f"{pay.currency}/{pay.period}"), now, then, plain(change, style)]


def render_gap(gap: SkillGap) -> RenderableType:
    """The gap ``gap`` prints: readiness, skills by change, tools, responsibilities, KPIs, pay."""
    parts: list[RenderableType] = []
    title = Text()
    if gap.from_you:
        title.append("You", style="bold")
        if gap.source:
            title.append(" (")
            title.append(gap.source.title)
            title.append(")")
    elif gap.source:
        title.append(gap.source.title, style="bold")
    title.append("  →  ")
    title.append(gap.target.title, style="bold")
    title.append(f"  ·  level {gap.target.level}", style="dim")
    if gap.step_kind:
        title.append("  ·  ", style="dim")
        title.append(gap.step_kind, style=KIND_STYLE.get(gap.step_kind, ""))
    parts.append(title)
    parts.append(Text("Readiness ") + readiness_bar(gap.readiness))
    parts.append(plain(gap.summary, "bold"))
    if gap.source and not gap.step_kind and gap.source.id != gap.target.id:
        note = "Not a direct step: the roles are compared as they are."
        if gap.along_route is None:
            note += " Add --along-route for the gap step by step."
        parts.append(Text(note, style="dim"))
    if gap.skills:
        table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
        table.add_column("Skill", overflow="fold")
        table.add_column("Now", justify="right")
        table.add_column("Needed", justify="right")
        table.add_column("Change")
        for line in gap.skills:
            style = CHANGE_STYLE[line.change]
            table.add_row(
                plain(line.name, "dim" if line.change == "dropped" else ""),
                plain("–" if line.from_level is None else line.from_level),
                plain("–" if line.to_level is None else line.to_level),
                Text(CHANGE_LABEL[line.change], style=style),
            )
        parts += [Text(""), table]
    learn = gap.learn_by_category()
    if learn:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
        table.add_column("Category", style="bold")
        table.add_column("Tools")
        for category, names in learn.items():
            table.add_row(plain(category), plain(", ".join(names)))
        parts += [Text(""), heading("Tools to learn"), table]
    if gap.tools_known:
        known: list[str] = []
        for tool in gap.tools_known:
            if tool.name not in known:
                known.append(tool.name)
        parts.append(Text("Already known: ", style="dim") + plain(", ".join(known), "dim"))
    if gap.responsibilities:
        parts += [Text(""), heading("New responsibilities"), _bullets(gap.responsibilities)]
    if gap.kpis:
        parts += [Text(""), heading("Measured on"), _bullets(gap.kpis)]
    if gap.salaries:
        table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
        for column in ("City", "Per", "Now", "Then", "Change"):
            table.add_column(column)
        for pay in gap.salaries:
            table.add_row(*_salary_row(pay))
        parts += [Text(""), heading("Salary"), table]
    if gap.along_route is not None:
        parts += [Text(""), heading("Along the route")]
        route = gap.along_route
        if route.note:
            parts.append(plain(f"  {route.note}", "yellow"))
        legs = Table.grid(padding=(0, 1))
        legs.add_column(justify="right")
        legs.add_column()
        for number, leg in enumerate(route.legs, 1):
            text = Text()
            text.append(leg.source.title)
            text.append(" → ")
            text.append(leg.target.title, style="bold")
            text.append("  (")
            text.append(leg.kind, style=KIND_STYLE.get(leg.kind, ""))
            text.append(f", ready {leg.readiness:.0%})")
            needs = [
                f"{s.name} {s.to_level}"
                if s.from_level is None
                else f"{s.name} {s.from_level}→{s.to_level}"
                for s in leg.skills
            ]
            if needs:
                text.append("\nskills: ", style="dim")
                text.append(", ".join(needs))
            if leg.tools_to_learn:
                text.append("\ntools: ", style="dim")
                text.append(", ".join(leg.tools_to_learn))
            legs.add_row(Text(f"  {number}."), text)
        if route.legs:
            parts.append(legs)
    return Group(*parts)


WIDE_SIMILAR = 64
"""Room ``similar``'s table needs besides its role column; narrower, one block per role."""


class _ByWidth:
    """Draws *wide* where the output is at least *min_width* columns wide, else *narrow*."""

    def __init__(self, min_width: int, wide: RenderableType, narrow: RenderableType) -> None:
        self.min_width = min_width
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else self.narrow


def _level_change(change: int | None) -> str:
    if change is None:
        return "–"
    return f"+{change}" if change > 0 else "0" if change == 0 else f"−{-change}"


def _similar_facts(candidate: SimilarRole) -> Text:
    text = Text(f"{candidate.similarity:.2f}", style="bold")
    text.append(" similar · level ", style="dim")
    text.append(_level_change(candidate.level_change))
    text.append(" · ", style="dim")
    text.append(f"{candidate.readiness:.0%} ready")
    if candidate.listed_step:
        text.append(" · listed: ", style="dim")
        text.append(candidate.listed_step, style=KIND_STYLE.get(candidate.listed_step, ""))
    return text


def render_similar(result: SimilarRoles) -> RenderableType:
    """The roles ``similar`` ranks: a table on wide terminals, one block per role on narrow."""
    title = Text("Roles similar to ")
    if result.measured_from == "profile":
        title.append("your skills", style="bold")
        if result.role:
            title.append(" (")
            title.append_text(_role_with_level(result.role, ""))
            title.append(")")
    elif result.role:
        title.append_text(_role_with_level(result.role))
    filters = []
    if result.up:
        filters.append("same level or higher")
    if result.min_similarity > 0:
        filters.append(f"similarity ≥ {result.min_similarity:g}")
    if filters:
        title.append("  ·  " + ", ".join(filters), style="dim")
    if not result.candidates:
        return Group(title, Text("No role shares enough skills with it.", style="yellow"))
    shown = len(result.candidates)
    footer = Text(
        f"{shown} of {result.considered} roles that share a skill"
        + ("; --limit shows more" if shown < result.considered else ""),
        style="dim",
    )
    # The role column never wraps (an id is never split): titles are wrapped here, to the
    # width of the longest id (at least 24), and the skills column takes what room is left.
    role_width = max(24, *(len(c.role.id) for c in result.candidates))

    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Role", no_wrap=True)
    table.add_column("Similar", justify="right", no_wrap=True)
    table.add_column("Level", justify="right", no_wrap=True)
    table.add_column("Ready", justify="right", no_wrap=True)
    table.add_column("Listed", no_wrap=True)
    table.add_column("To gain / raise", overflow="fold")
    blocks: list[RenderableType] = []
    for number, candidate in enumerate(result.candidates, start=1):
        role = plain("\n".join(textwrap.wrap(candidate.role.title, role_width)), "bold")
        role.append("\n")
        role.append(candidate.role.id, style="dim")
        gain = [skill.name for skill in candidate.skills_to_gain]
        raised = [f"{s.name} {s.have or 0}→{s.need}" for s in candidate.skills_to_raise]
        learn = Text()
        if gain:
            learn.append("gain: ", style="dim")
            learn.append(_first_few(gain, 3))
        if raised:
            learn.append("\n" if gain else "")
            learn.append("raise: ", style="dim")
            learn.append(_first_few(raised, 3))
        level = Text(str(candidate.role.level))
        if candidate.level_change is not None:
            level.append(f" ({_level_change(candidate.level_change)})", style="dim")
        step = candidate.listed_step
        table.add_row(
            plain(number),
            role,
            Text(f"{candidate.similarity:.2f}"),
            level,
            Text(f"{candidate.readiness:.0%}"),
            Text(step, style=KIND_STYLE.get(step, "")) if step else Text("–", style="dim"),
            learn if learn else Text("–", style="dim"),
        )
        # Narrow: one block per role, every line from the left edge so an id fits whole.
        heading_line = Text(f"{number}. ", style="bold")
        heading_line.append_text(_role_with_level(candidate.role, "bold"))
        block_lines: list[RenderableType] = [
            heading_line,
            plain(candidate.role.id, "dim"),
            _similar_facts(candidate),
        ]
        if gain:
            block_lines.append(Text("gain: ", style="dim") + plain(_first_few(gain)))
        if raised:
            block_lines.append(Text("raise: ", style="dim") + plain(_first_few(raised)))
        block = Group(*block_lines)
        blocks += [block, Text("")] if number < len(result.candidates) else [block]
    narrow = Group(*blocks)
    return Group(title, _ByWidth(role_width + WIDE_SIMILAR, table, narrow), footer)
