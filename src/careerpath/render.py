"""Turn results into Rich renderables. Nothing here prints.

Every string that came from a data file is wrapped in :class:`rich.text.Text`, never passed
as a plain ``str``: Rich would read ``[bold]`` or ``[link=...]`` in it as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerpath.catalog import RoleCard, RoleList, StepLine
from careerpath.errors import Problem

KIND_STYLE = {"promotion": "green", "lateral": "cyan"}


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


def render_error(message: str) -> Text:
    """A one-line error for stderr."""
    return Text("error: ", style="bold red") + Text(message)
