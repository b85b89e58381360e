"""Turn results into Rich renderables. Nothing here prints.

Every string that came from a data file is wrapped in :class:`rich.text.Text`, never passed
as a plain ``str``: Rich would read ``[bold]`` or ``[link=...]`` in it as markup.

Layouts fit the width they are drawn at (see "layouts that fit" below): ids and short values
never wrap, longer text wraps at spaces, and a table that cannot keep its words whole gives way
to a narrower layout with the same information.
"""

from __future__ import annotations

import copy
import dataclasses
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from careerpath.output.i18n import _, decimal, integer, ngettext, speak
from careerpath.output.i18n import percent as percent_sign

if TYPE_CHECKING:
    # Only for annotations: a command pays for importing just the results it draws.
    from careerpath.data.installed import InstalledList
    from careerpath.data.load import ValidationReport
    from careerpath.errors import Problem
    from careerpath.queries.catalog import RoleCard, RoleList, RoleRef, StepLine, ToolLine
    from careerpath.queries.demand import StepDemand
    from careerpath.queries.gaps import GapTool, SalaryChange, SkillGap
    from careerpath.queries.routes import RouteSearch
    from careerpath.queries.similarity import SimilarRole, SimilarRoles
    from careerpath.queries.steps import NextSteps, RoleTree, TreeNode


# --------------------------------------------------------------------------- layouts that fit
#
# Rich shrinks a table that is too wide by narrowing its widest columns, folding words (and ids)
# in the middle when a column gets narrower than its longest word. The helpers here decide the
# column widths themselves: every column gets at least its longest word (a ``no_wrap`` column its
# longest line), the room left is shared out, and when even that is too wide a narrower layout is
# drawn instead.

UNBOUNDED = 1_000_000
"""A width no line of ours reaches: what a console not writing to a terminal is given."""


def _natural(options: ConsoleOptions) -> ConsoleOptions:
    return options.update_width(UNBOUNDED)


def _column_ranges(
    console: Console, options: ConsoleOptions, table: Table
) -> tuple[list[int], list[int]]:
    """Each column's narrowest width that keeps its words whole, and its natural width."""
    natural = _natural(options)
    lows: list[int] = []
    highs: list[int] = []
    for column in table.columns:
        # A heading stays on one line: it is as unbreakable as an id.
        headings: list[RenderableType] = []
        if table.show_header:
            headings.append(column.header)
        if table.show_footer:
            headings.append(column.footer)
        low = high = 1  # Rich gives an empty column one cell too
        for cell in column.cells:
            measured = Measurement.get(console, natural, cell)
            high = max(high, measured.maximum)
            low = max(low, measured.maximum if column.no_wrap else measured.minimum)
        for heading in headings:
            width = Measurement.get(console, natural, heading).maximum
            low, high = max(low, width), max(high, width)
        lows.append(low)
        highs.append(high)
    return lows, highs


def _share(room: int, lows: Sequence[int], highs: Sequence[int]) -> list[int]:
    """Widths from *lows* towards *highs*, adding up to at most *room*.

    The room beyond the lows is shared out evenly, except that a column needing less than an
    even share gets just what it needs and leaves the rest to the others.
    """
    widths = list(lows)
    spare = room - sum(widths)
    wanting = [index for index in range(len(widths)) if highs[index] > widths[index]]
    while spare > 0 and wanting:
        share = spare // len(wanting)
        settled = [index for index in wanting if highs[index] - widths[index] <= share]
        if settled:
            for index in settled:
                spare -= highs[index] - widths[index]
                widths[index] = highs[index]
            wanting = [index for index in wanting if index not in settled]
            continue
        for position, index in enumerate(wanting):
            extra = share + (1 if position < spare - share * len(wanting) else 0)
            widths[index] += extra
        spare = 0
    return widths


def _overhead(console: Console, options: ConsoleOptions, table: Table) -> int:
    """The width *table* adds to its columns' content: padding, and borders between columns.

    Measured by Rich itself on an empty copy whose columns are one cell wide, rather than on
    every cell of the table again.
    """
    empty = copy.copy(table)
    empty.columns = [dataclasses.replace(column, width=1, _cells=[]) for column in table.columns]
    empty.rows = []
    return Measurement.get(console, _natural(options), empty).maximum - len(empty.columns)


def fit_table(console: Console, options: ConsoleOptions, table: Table) -> Table | None:
    """*table* with column widths that keep every word whole within the width, else None.

    A table whose natural width fits comes back unchanged.
    """
    lows, highs = _column_ranges(console, options, table)
    room = options.max_width - _overhead(console, options, table)
    if sum(highs) <= room:
        return table
    if sum(lows) > room:
        return None
    fitted = copy.copy(table)
    fitted.columns = [
        dataclasses.replace(column, width=width)
        for column, width in zip(table.columns, _share(room, lows, highs), strict=True)
    ]
    return fitted


def _fitting(
    console: Console, options: ConsoleOptions, layout: RenderableType
) -> RenderableType | None:
    if isinstance(layout, Table):
        return fit_table(console, options, layout)
    if Measurement.get(console, options, layout).minimum <= options.max_width:
        return layout
    return None


class FirstFit:
    """The first of several layouts that fits the width without breaking a word.

    When none does, the last one is drawn (it should be the narrowest), and words longer than
    the line are folded there as a last resort.
    """

    def __init__(self, *layouts: RenderableType) -> None:
        if not layouts:
            raise ValueError("FirstFit needs at least one layout")
        self.layouts = layouts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for layout in self.layouts:
            fitting = _fitting(console, options, layout)
            if fitting is not None:
                yield fitting
                return
        yield self.layouts[-1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measures = [Measurement.get(console, options, layout) for layout in self.layouts]
        return Measurement(min(m.minimum for m in measures), measures[0].maximum)


def stacked(table: Table) -> RenderableType:
    """The rows of *table* as blocks: the first cell, then each other cell under its heading.

    The narrow form of a table that has no narrower layout of its own.
    """
    columns = table.columns
    blocks: list[RenderableType] = []
    rows = zip(*(list(column.cells) for column in columns), strict=True)
    for head, *rest in rows:
        blocks.append(_as_text(head, "bold"))
        for column, cell in zip(columns[1:], rest, strict=True):
            label = Text(f"{column.header}: " if column.header else "", style="dim")
            value = _as_text(cell)
            if isinstance(value, Text):
                block: RenderableType = label + value
            else:
                block = Group(label, value)
            blocks.append(Padding(block, (0, 0, 0, 2)))
    return Group(*blocks)


def _as_text(cell: RenderableType, style: str = "") -> RenderableType:
    if isinstance(cell, str):
        return Text(cell, style=style)
    if isinstance(cell, Text) and style:
        styled = cell.copy()
        styled.stylize(style)
        return styled
    return cell


def fit(table: Table) -> FirstFit:
    """*table* sized to keep words whole, or stacked into blocks where it cannot be."""
    return FirstFit(table, stacked(table))


class Phrases:
    """Phrases joined by separators that break onto a new line only between phrases.

    A header such as ``Rep  →  Lead  ·  by fewest steps`` then never leaves one word of a
    phrase alone on a line; a phrase wider than the whole line still wraps at its spaces.
    A phrase given as ``(separator, phrase)`` is joined by that separator instead of the
    common one; a separator where the line breaks is left out.
    """

    def __init__(
        self,
        phrases: Iterable[Text | tuple[str, Text]],
        separator: str = "  ·  ",
        style: str = "dim",
    ) -> None:
        self.parts: list[tuple[Text, Text]] = []
        for item in phrases:
            joint, phrase = item if isinstance(item, tuple) else (separator, item)
            if phrase.plain:
                self.parts.append((Text(joint, style=style), phrase))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines: list[Text] = []
        line = Text()
        for joint, phrase in self.parts:
            if line.plain and cell_len(line.plain + joint.plain + phrase.plain) > options.max_width:
                lines.append(line)
                line = Text()
            if line.plain:
                line.append_text(joint)
            line.append_text(phrase)
        lines.append(line)
        yield Text("\n").join(lines)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.parts:
            return Measurement(0, 0)
        widest_word = max(Measurement.get(console, options, p).minimum for _, p in self.parts)
        whole = sum(cell_len(joint.plain + phrase.plain) for joint, phrase in self.parts)
        return Measurement(widest_word, whole - cell_len(self.parts[0][0].plain))


class Trimmed:
    """A renderable drawn without the spaces that pad its lines on the right.

    Tables pad every cell to its column's width; in a pipe those spaces only get in the way.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        end = Segment.line()
        for line in console.render_lines(self.renderable, options, pad=False):
            yield from _without_trailing_spaces(line)
            yield end

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def _without_trailing_spaces(line: list[Segment]) -> list[Segment]:
    segments = list(line)
    while segments and not segments[-1].control:
        last = segments[-1]
        text = last.text.rstrip(" ")
        if text:
            segments[-1] = Segment(text, last.style)
            break
        segments.pop()
    return segments


# --------------------------------------------------------------------------- renderers

KIND_STYLE = {"promotion": "green", "lateral": "cyan", "inferred": "magenta"}


def kind_label(kind: str) -> str:
    """A kind of step (``promotion``, ``lateral``, ``inferred``) in the current language."""
    labels = {"promotion": _("promotion"), "lateral": _("lateral"), "inferred": _("inferred")}
    return labels.get(kind, kind)


def level_label(level: object) -> str:
    """``level 3`` in the current language."""
    return _("level {level}").format(level=level)


def kind_text(kind: str) -> Text:
    """A kind of step, styled and in the current language."""
    return Text(kind_label(kind), style=KIND_STYLE.get(kind, ""))


def plain(value: object, style: str = "") -> Text:
    """Data as literal text: markup characters print as themselves; a library message is
    said in the current language."""
    return Text(speak(value) if isinstance(value, str) else str(value), style=style)


def heading(label: str) -> Text:
    return Text(label, style="bold underline")


def render_role_list(result: RoleList) -> RenderableType:
    """The role list: id, title, level, track.

    A table as wide as the width allows: four columns, else title and track in one column,
    else a block per role with its id on a line of its own.
    """
    if not result.roles:
        return Text(_("No roles match."), style="yellow")
    wide = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    wide.add_column(_("Level"), justify="right", style="bold", no_wrap=True)
    wide.add_column(_("Title"))
    wide.add_column(_("Track"), no_wrap=True)
    wide.add_column(_("Id"), style="dim", no_wrap=True)
    medium = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    medium.add_column(_("Level"), justify="right", style="bold", no_wrap=True)
    medium.add_column(_("Title · track"))
    medium.add_column(_("Id"), style="dim", no_wrap=True)
    blocks: list[RenderableType] = []
    for row in result.roles:
        title = plain(row.title)
        why = _matched(row.matched, row.why, row.title) if row.matched else None
        if why is not None:  # with --search: why the role was found, under its title
            title.append("\n")
            title.append(why)
        wide.add_row(plain(row.level), title, plain(row.track), plain(row.id))
        title_track = plain(row.title)
        title_track.append(" · ", style="dim")
        title_track.append(str(row.track), style="dim")
        if why is not None:
            title_track.append("\n")
            title_track.append(why)
        medium.add_row(plain(row.level), title_track, plain(row.id))
        blocks.append(plain(row.id))
        details: list[RenderableType] = [
            Phrases(
                [plain(row.title, "bold"), Text(level_label(row.level)), plain(row.track, "dim")]
            )
        ]
        if why is not None:
            details.append(why)
        blocks.append(Padding(Group(*details), (0, 0, 0, 2)))
    return FirstFit(wide, medium, Group(*blocks))


def _matched(kind: str, why: str | None, title: str) -> Text:
    """Why a role was found: "matched alias: team lead" (no text when it is the title shown)."""
    kinds = {
        "title": _("matched title"),
        "alias": _("matched alias"),
        "skill": _("matched skill"),
        "tool": _("matched tool"),
        "id": _("matched id"),
    }
    text = Text(kinds.get(kind, _("matched {kind}").format(kind=kind)), style="dim")
    if why and why != title:
        text.append(": ")
        text.append(why)
    return text


def _bullets(items: Iterable[str]) -> RenderableType:
    """A bulleted list whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(Text("  •"), plain(item))
    return fit(grid)


def _steps(lines: Sequence[StepLine], arrow: str) -> RenderableType:
    """Steps to or from a role, one per line; a wrapped line stays indented past the arrow."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        about = Text(f"({level_label(line.role.level)}, ")
        about.append(kind_label(line.kind), style=KIND_STYLE.get(line.kind, ""))
        if line.note:
            about.append(", ")
            about.append(line.note)
        about.append(")")
        grid.add_row(Text(f"  {arrow}"), Phrases([plain(line.role.title, "bold"), about], "  "))
    return fit(grid)


def level_text(level: float) -> str:
    """A level as a person reads it: 3, 2.5, 2.12 (at most two decimals, no trailing zeros)."""
    if isinstance(level, int):
        return str(level)
    return decimal(level, 2)


def level_bar(level: float, scale_max: float, scale_min: float = 0) -> Text:
    """A level as filled and empty blocks, e.g. ■■■□□ for 3 of 5.

    One block per level of a whole-number scale of up to ten levels; otherwise ten blocks for
    the whole scale, the level's share of it filled (rounded to the nearest block).
    """
    if isinstance(scale_max, int) and isinstance(scale_min, int) and 0 < scale_max <= 10:
        cells, filled = scale_max, round(level)
    else:
        span = scale_max - scale_min
        cells = 10
        filled = round(cells * (level - scale_min) / span) if span > 0 else 0
    filled = max(0, min(filled, cells))
    return Text("■" * filled, style="green") + Text("□" * (cells - filled), style="dim")


CARD_ALIASES = 6
"""Other names a card shows before "and N more" (``--json`` lists them all)."""
LOW_PRECISION_MARK = "~"
HOT_MARK = "*"
IN_DEMAND_MARK = "+"


def low_precision_legend() -> str:
    """What the low-precision mark means, in the current language."""
    return f"{LOW_PRECISION_MARK} " + _("low precision (the source advises caution)")


def _marked_tools(tools: Sequence[ToolLine | GapTool]) -> Text:
    """Tool names separated by commas, each followed by its marks: * hot, + in demand."""
    listed = Text()
    for index, tool in enumerate(tools):
        if index:
            listed.append(", ")
        listed.append(tool.name)
        marks = (HOT_MARK if tool.hot else "") + (IN_DEMAND_MARK if tool.in_demand else "")
        listed.append(marks, style="bold yellow")
    return listed


def _tool_legend(tools: Sequence[ToolLine | GapTool]) -> list[str]:
    """What the marks on *tools* mean, for the marks that appear."""
    legend = []
    if any(tool.hot for tool in tools):
        legend.append(f"{HOT_MARK} " + _("hot technology"))
    if any(tool.in_demand for tool in tools):
        legend.append(f"{IN_DEMAND_MARK} " + _("in demand"))
    return legend


def _legend(items: Sequence[str]) -> RenderableType:
    """The meaning of the marks shown, on one line where it fits, wrapping between items."""
    return Phrases([Text(item, style="dim") for item in items])


def _relation(essential: bool | None) -> str | None:
    """ESCO's relation as a word: essential, optional, or None where the data does not say."""
    if essential is None:
        return None
    return _("essential") if essential else _("optional")


def render_role_card(card: RoleCard) -> RenderableType:
    """The card ``show`` prints: profile, skills, tools, KPIs, salary and steps."""
    parts: list[RenderableType] = [plain(card.title, "bold")]
    parts.append(
        Phrases(
            [Text(level_label(card.level), "dim"), plain(card.track, "dim"), plain(card.id, "dim")]
        )
    )
    if card.level_rule:
        parts.append(plain(card.level_rule, "dim"))
    english = card.titles.get("en")
    others = [
        f"{code}: {value}"
        for code, value in card.titles.items()
        if value != card.title and (code == "en" or value != english)  # not a fallback
    ]
    if others or card.aliases:
        also = [*others, *card.aliases[:CARD_ALIASES]]
        hidden = len(card.aliases) - CARD_ALIASES
        names = [plain(name, "dim") for name in also]
        if hidden > 0:
            names[-1] = names[-1] + Text(
                " " + _("and {count} more").format(count=hidden), style="dim"
            )
        names[0] = Text(_("Also: "), style="dim") + names[0]
        parts.append(Phrases(names, separator=" · "))
    if card.summary:
        parts.append(Text(""))
        parts.append(plain(card.summary))
    if card.responsibilities:
        parts += [Text(""), heading(_("Responsibilities")), _bullets(card.responsibilities)]
    legend: list[str] = []
    if card.skills:
        rated = any(skill.importance is not None for skill in card.skills)
        table = Table(box=None, show_header=rated, pad_edge=False, padding=(0, 2))
        table.add_column(_("Skill"))
        levelled = any(s.level is not None for s in card.skills)
        table.add_column(_("Level") if levelled else _("Needed"))
        if rated:
            table.add_column(_("Importance"), justify="right")
        for skill in card.skills:
            if skill.level is None:  # ESCO: no level, only whether the skill is essential
                relation = _relation(skill.essential) or "needed"
                shown = Text(relation, style="bold" if skill.essential else "dim")
            else:
                bar = level_bar(skill.level, card.scale_max, card.scale_min)
                shown = bar + Text(f" {level_text(skill.level)}")
            if skill.low_precision:
                shown.append(f" {LOW_PRECISION_MARK}", style="yellow")
            row = [plain(skill.name), shown]
            if rated:
                top = f"/{level_text(card.importance_max)}" if card.importance_max else ""
                importance = skill.importance
                row.append(plain("–" if importance is None else level_text(importance) + top))
            table.add_row(*row)
        parts += [Text(""), heading(_("Skills")), fit(table)]
        if any(skill.low_precision for skill in card.skills):
            legend.append(low_precision_legend())
    if card.tools:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
        table.add_column("Category", style="bold")
        table.add_column("Tools")
        for category, tools in card.tools_by_category().items():
            table.add_row(plain(category), _marked_tools(tools))
        parts += [Text(""), heading(_("Tools")), fit(table)]
        legend += _tool_legend(card.tools)
    if card.kpis:
        parts += [Text(""), heading(_("Measured on")), _bullets(card.kpis)]
    if card.salaries:
        table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
        for column in (_("City"), _("Range"), _("Applies to")):
            table.add_column(column)
        for pay in card.salaries:
            span = f"{integer(pay.low)}–{integer(pay.high)} {pay.currency}/{period(pay.period)}"
            table.add_row(plain(pay.city), plain(span), plain(pay.applies_to or ""))
        parts += [Text(""), heading(_("Salary")), fit(table)]
    parts += [Text(""), heading(_("Leads to"))]
    parts.append(
        _steps(card.next_roles, "→") if card.next_roles else Text("  " + _("(no further steps)"))
    )
    parts += [Text(""), heading(_("Comes from"))]
    parts.append(
        _steps(card.previous_roles, "←")
        if card.previous_roles
        else Text("  " + _("(an entry point)"))
    )
    if legend:
        parts += [Text(""), _legend(legend)]
    if card.attribution:
        parts += [Text(""), plain(card.attribution, "dim")]
    return Group(*parts)


def period(name: str) -> str:
    """A salary period (``year``, ``month``, ``hour``) in the current language."""
    names = {"year": _("year"), "month": _("month"), "hour": _("hour")}
    return names.get(name, name)


def _role_with_level(role: RoleRef, style: str = "bold") -> Text:
    text = plain(role.title, style)
    text.append(f" ({level_label(role.level)})", style="dim")
    return text


def _tools_count(tools: Sequence[str] | None) -> str:
    if tools is None:
        return _("tools to learn unknown")
    return ngettext("{count} tool to learn", "{count} tools to learn", len(tools)).format(
        count=len(tools)
    )


def _role_and_level(role: RoleRef, style: str = "bold", before: str = "") -> Phrases:
    """A role's title and level that wrap only between the two, e.g. in a heading."""
    title = Text(before, style="dim") + plain(role.title, style)
    return Phrases([title, Text(f"({level_label(role.level)})", style="dim")], separator=" ")


def _demand_summary(demand: StepDemand) -> Text:
    """One line: skill climb, skills to gain (named), skills to raise, tools to learn."""
    text = Text(_("climb {figure}").format(figure=level_text(demand.climb)))
    text.append(" · ", style="dim")
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
    text.append(_tools_count(tools), style="" if tools else "dim")
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
        header = Phrases(
            [
                name,
                Text(
                    _("total skill climb {figure}").format(figure=level_text(route.total_gap)),
                    style="bold",
                ),
                Text(_tools_count(route.tools_to_learn), style="bold"),
            ],
            separator=" · ",
            style="bold",
        )
        # A grid keeps long summaries wrapped under their own column, not under the arrows.
        lines = Table.grid(padding=(0, 1))
        lines.add_column(justify="right", style="dim", no_wrap=True)
        lines.add_column()
        lines.add_row(Text(" 1"), _role_and_level(route.roles[0]))
        for position, step in enumerate(route.steps, start=2):
            summary = kind_text(step.kind)
            if step.similarity is not None:
                summary.append(f" ({_similarity(step.similarity)})")
            if step.note:
                summary.append(" (")
                summary.append(step.note)
                summary.append(")")
            summary.append(" · ", style="dim")
            summary.append_text(_demand_summary(step.demand))
            lines.add_row(Text("↓"), summary)
            lines.add_row(Text(f" {position}"), _role_and_level(step.target))
        parts += [Text(""), header, fit(lines)]
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


def _first_few(names: Sequence[str], limit: int = 4) -> str:
    """Up to *limit* names, then how many more (``gap`` and ``--json`` list them all)."""
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    if len(names) <= limit:
        return shown
    return shown + " " + _("and {count} more").format(count=len(names) - limit)


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
    headers = (_("Skills to gain"), _("Skills to raise"), _("Tools to learn"))
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column(_("Role"))
    table.add_column(_("Kind"))
    table.add_column(_("Ready"), no_wrap=True)
    for header in headers:
        table.add_column(header)
    blocks: list[RenderableType] = []
    for number, candidate in enumerate(result.candidates, start=1):
        kind = kind_text(candidate.kind)
        if candidate.similarity is not None:
            figure = decimal(candidate.similarity, 2, trim=False)
            kind.append(" " + _("(sim. {figure})").format(figure=figure), style="dim")
        note = plain(candidate.note or "", "dim")
        demand = candidate.demand
        raised = [
            f"{s.name} {level_text(s.have or 0)}→{level_text(s.need)}" for s in demand.raised_skills
        ]
        tools = demand.tools_to_learn
        asks = [
            plain(_first_few([s.name for s in demand.new_skills])),
            plain(_first_few(raised)),
            plain(_first_few(tools) if tools is not None else _("unknown")),
        ]
        ready = readiness_bar(candidate.readiness, width=10)
        table.add_row(
            plain(number),
            _role_with_level(candidate.role, ""),
            Text("\n").join([kind, note]) if note.plain else kind,
            ready,
            *asks,
        )
        lines: list[RenderableType] = [Phrases([kind, note, ready])]
        for header, ask in zip(headers, asks, strict=True):
            lines.append(Text(f"{header}: ", style="dim") + ask)
        blocks += [
            _role_and_level(candidate.role, before=f"{number}. "),
            Padding(Group(*lines), (0, 0, 0, 3)),
        ]
    return Group(title, FirstFit(table, Group(*blocks)))


def _similarity(value: float) -> str:
    return _("similarity {figure}").format(figure=decimal(value, 2, trim=False))


def _tree_label(node: TreeNode) -> Phrases:
    """Title, level, kind and note, wrapping between them rather than inside them."""
    phrases = [
        plain(node.role.title, "dim" if node.seen_above else "bold"),
        Text(f"({level_label(node.role.level)})", style="dim"),
    ]
    if node.kind:
        phrases.append(Text("· ", style="dim") + kind_text(node.kind))
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


def render_problems(problems: Sequence[Problem]) -> RenderableType:
    """Data-file problems, one per line, located."""
    lines = []
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        severity = _("error") if problem.severity == "error" else _("warning")
        line = Text(f"{severity}: ", style=f"bold {style}")
        line.append(problem.where(), style="bold")
        line.append(": ")
        line.append(speak(problem.message))
        lines.append(line)
    return Group(*lines)


def render_validation(report: ValidationReport) -> RenderableType:
    """The ``validate`` report: each problem on its own line, then a one-line verdict."""
    names = ", ".join(report.files)
    verdict = Text()
    if report.valid:
        verdict.append(_("valid") + ": ", style="bold green")
    else:
        verdict.append(_("invalid") + ": ", style="bold red")
    verdict.append(names, style="bold")
    if report.base:
        verdict.append(
            " (" + _("on top of {files}").format(files=", ".join(report.base)) + ")", style="dim"
        )
    counts = []
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        counts.append(ngettext("{count} error", "{count} errors", errors).format(count=errors))
    if warnings:
        counts.append(
            ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings)
        )
    if counts:
        verdict.append(" — " + ", ".join(counts))
    return Group(render_problems([*report.errors, *report.warnings]), verdict)


def render_error(message: str) -> Text:
    """A one-line error for stderr."""
    return Text(_("error") + ": ", style="bold red") + Text(speak(message))


CHANGE_STYLE = {"new": "bold red", "raise": "yellow", "kept": "green", "dropped": "dim"}


def change_label(change: str, *, levelled: bool = True) -> str:
    """A change of a skill (``new``, ``raise``, ``kept``, ``dropped``) in the current language;
    for a skill the data gives no level for (ESCO), held, to learn or not needed."""
    if levelled:
        labels = {
            "new": _("new"),
            "raise": _("raise"),
            "kept": _("kept"),
            "dropped": _("no longer central"),
        }
    else:
        learn = _("to learn")
        labels = {"new": learn, "raise": learn, "kept": _("held"), "dropped": _("not needed")}
    return labels.get(change, change)


def readiness_bar(share: float | None, width: int = 20) -> Text:
    """Readiness as a bar and a percentage, e.g. ██████░░░░ 60 % (or "unknown")."""
    from careerpath.queries.measure import percent

    if share is None:
        return Text(_("unknown"), style="dim")
    share = max(0.0, min(share, 1.0))
    filled = round(share * width)
    style = "green" if share >= 0.8 else "yellow" if share >= 0.5 else "red"
    bar = Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")
    gap = " " if width else ""
    return bar + Text(f"{gap}{percent_sign(percent(share))}", style=f"bold {style}")


def _salary_span(low: int, high: int) -> str:
    return f"{integer(low)}–{integer(high)}"


def _salary_row(pay: SalaryChange) -> list[Text]:
    def signed(value: int) -> str:
        return integer(value, signed=True)

    change = f"{signed(pay.change_low)} … {signed(pay.change_high)}"
    grown = pay.change_low + pay.change_high
    style = "green" if grown > 0 else "red" if grown < 0 else ""
    now = plain(_salary_span(pay.from_low, pay.from_high))
    if pay.from_applies_to:
        now.append(f"\n{pay.from_applies_to}", style="dim")
    then = plain(_salary_span(pay.to_low, pay.to_high))
    if pay.to_applies_to:
        then.append(f"\n{pay.to_applies_to}", style="dim")
    return [
        plain(pay.city),
        plain(f"{pay.currency}/{period(pay.period)}"),
        now,
        then,
        plain(change, style),
    ]


def _gap_skills(gap: SkillGap) -> RenderableType:
    """The skills of a gap: a table (with each skill's importance where the data gives it),
    or one line per skill where the table cannot keep its words whole."""
    rated = any(line.importance is not None for line in gap.skills)
    top = f"/{level_text(gap.importance_max)}" if gap.importance_max else ""
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column(_("Skill"))
    table.add_column(_("Now"), justify="right", no_wrap=True)
    table.add_column(_("Needed"), justify="right", no_wrap=True)
    table.add_column(_("Change"))
    heading_line = "{}  {} → {}  {}".format(_("Skill"), _("Now"), _("Needed"), _("Change"))
    if rated:
        table.add_column(_("Importance"), justify="right", no_wrap=True)
        heading_line += "  " + _("Importance")
    # Narrower: one line per skill, "Skill  now → needed  change  importance".
    lines: list[RenderableType] = [Text(heading_line, style="dim")]
    for line in gap.skills:
        name = plain(line.name, "dim" if line.change == "dropped" else "")
        if line.levelled:
            now = _gap_level(line.from_level, line.from_low_precision)
            needed = _gap_level(line.to_level, line.to_low_precision)
            change = Text(change_label(line.change), style=CHANGE_STYLE[line.change])
        else:  # no levels (ESCO): held or to learn, essential or optional
            now = Text("–" if line.from_level is None else _("held"))
            relation = _relation(line.essential) or _("needed")
            needed = Text("–" if line.to_level is None else relation)
            change = Text(
                change_label(line.change, levelled=False), style=CHANGE_STYLE[line.change]
            )
        row = [name, now, needed, change]
        phrases = [name, now + Text(" → ") + needed, change]
        if rated:
            importance = "–" if line.importance is None else level_text(line.importance) + top
            row.append(Text(importance))
            phrases.append(Text(importance, style="dim"))
        table.add_row(*row)
        lines.append(Phrases(phrases, separator="  "))
    return FirstFit(table, Group(*lines))


def _gap_level(level: float | None, low_precision: bool) -> Text:
    """A level in a gap's table: "–" when none, marked ~ when its source advises caution."""
    text = Text("–" if level is None else level_text(level))
    if low_precision:
        text.append(f" {LOW_PRECISION_MARK}", style="yellow")
    return text


def render_gap(gap: SkillGap) -> RenderableType:
    """The gap ``gap`` prints: readiness, skills by change, tools, responsibilities, KPIs, pay."""
    parts: list[RenderableType] = []
    source = Text()
    if gap.from_you:
        source.append(_("You"), style="bold")
        if gap.source:
            source.append(" (")
            source.append(gap.source.title)
            source.append(")")
    elif gap.source:
        source.append(gap.source.title, style="bold")
    title: list[Text | tuple[str, Text]] = [
        source,
        # The arrow opens the target's phrase: where the line breaks it starts the next one.
        ("  ", Text("→  ") + plain(gap.target.title, "bold")),
        Text(level_label(gap.target.level), style="dim"),
    ]
    if gap.step_kind:
        title.append(kind_text(gap.step_kind))
    parts.append(Phrases(title))
    parts.append(Text(_("Readiness") + " ") + readiness_bar(gap.readiness))
    parts.append(plain(gap.summary, "bold"))
    for gap_note in gap.notes:
        parts.append(plain(_("Note: {note}.").format(note=speak(gap_note)), "dim"))
    if gap.source and not gap.steps_listed and gap.source.id != gap.target.id:
        note = _(
            "The data lists no career steps: the roles are compared as they are; 'path' "
            "finds routes of moves inferred from shared skills."
        )
        parts.append(Text(note, style="dim"))
    elif gap.source and not gap.step_kind and gap.source.id != gap.target.id:
        note = _("Not a direct step: the roles are compared as they are.")
        if gap.along_route is None and gap.route_exists:
            note += " " + _("Add --along-route for the gap step by step.")
        elif not gap.route_exists:
            note += " " + _("No chain of steps leads there.")
        parts.append(Text(note, style="dim"))
    legend: list[str] = []
    if gap.skills:
        parts += [Text(""), _gap_skills(gap)]
        if any(line.from_low_precision or line.to_low_precision for line in gap.skills):
            legend.append(low_precision_legend())
    from careerpath.queries.gaps import tools_by_category

    learn = gap.tools_to_learn
    label = _("Tools to learn")
    if learn is None and gap.tools_used:
        # Which tools are new is unknown: list what the target uses, and say so.
        learn = gap.tools_used
        label = _("Tools the role uses (which are new to you is unknown)")
    if learn:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
        table.add_column("Category", style="bold")
        table.add_column("Tools")
        for category, tools in tools_by_category(learn).items():
            table.add_row(plain(category), _marked_tools(tools))
        parts += [Text(""), heading(label), fit(table)]
        legend += _tool_legend(learn)
    if gap.tools_known:
        known = list(dict.fromkeys(tool.name for tool in gap.tools_known))
        parts.append(Text(_("Already known: "), style="dim") + plain(", ".join(known), "dim"))
    if legend:
        parts += [Text(""), _legend(legend)]
    if gap.responsibilities:
        parts += [Text(""), heading(_("New responsibilities")), _bullets(gap.responsibilities)]
    if gap.kpis:
        parts += [Text(""), heading(_("Measured on")), _bullets(gap.kpis)]
    if gap.salaries:
        table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
        for column in (_("City"), _("Per"), _("Now"), _("Then"), _("Change")):
            table.add_column(column)
        for pay in gap.salaries:
            table.add_row(*_salary_row(pay))
        parts += [Text(""), heading(_("Salary")), fit(table)]
    if gap.along_route is not None:
        parts += [Text(""), heading(_("Along the route"))]
        route = gap.along_route
        if route.note:
            parts.append(plain(f"  {speak(route.note)}", "yellow"))
        legs = Table.grid(padding=(0, 1))
        legs.add_column(justify="right", no_wrap=True)
        legs.add_column()
        for number, leg in enumerate(route.legs, 1):
            demand = leg.demand
            text = Text()
            text.append(leg.source.title)
            text.append(" → ")
            text.append(leg.target.title, style="bold")
            text.append("  (")
            text.append(kind_label(leg.kind), style=KIND_STYLE.get(leg.kind, ""))
            text.append(", " + _("ready") + " ")
            text.append_text(readiness_bar(demand.readiness, width=0))
            text.append(", " + _("climb {figure}").format(figure=level_text(demand.climb)) + ")")
            needs = [f"{s.name} {level_text(s.need)}" for s in demand.new_skills] + [
                f"{s.name} {level_text(s.have or 0)}→{level_text(s.need)}"
                for s in demand.raised_skills
            ]
            if needs:
                text.append("\n" + _("skills") + ": ", style="dim")
                text.append(", ".join(needs))
            if demand.tools_to_learn:
                text.append("\n" + _("tools") + ": ", style="dim")
                text.append(", ".join(demand.tools_to_learn))
            for note in demand.notes:
                text.append(f"\n({speak(note)})", style="dim italic")
            legs.add_row(Text(f"  {number}."), text)
        if route.legs:
            parts.append(fit(legs))
    return Group(*parts)


def render_installed(result: InstalledList) -> RenderableType:
    """The installed datasets: name, roles, file, and the credit each carries."""
    if not result.datasets:
        where = result.directory or _("the data directory")
        return Text(
            _(
                "No datasets installed in {where}. Install one with: careerpath import onet SOURCE"
            ).format(where=where),
            style="yellow",
        )
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column(_("Name"), style="bold", overflow="fold")
    table.add_column(_("Roles"), justify="right")
    table.add_column(_("File"), overflow="fold", ratio=2)
    table.add_column(_("Attribution"), overflow="fold", ratio=3, style="dim")
    for entry in result.datasets:
        roles = _("invalid") if entry.roles is None else integer(entry.roles)
        credit = entry.problem if entry.problem else entry.attribution or ""
        table.add_row(plain(entry.name), plain(roles), plain(entry.path), plain(credit))
    return table


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


def _ready_text(share: float | None) -> str:
    from careerpath.queries.measure import percent

    return _("unknown") if share is None else percent_sign(percent(share))


def _similar_facts(candidate: SimilarRole) -> Text:
    text = Text(decimal(candidate.similarity, 2, trim=False), style="bold")
    text.append(" " + _("similar") + " · ", style="dim")
    text.append(level_label(_level_change(candidate.level_change)))
    text.append(" · ", style="dim")
    text.append(_("{figure} ready").format(figure=_ready_text(candidate.readiness)))
    if candidate.listed_step:
        text.append(" · " + _("listed") + ": ", style="dim")
        text.append_text(kind_text(candidate.listed_step))
    return text


def render_similar(result: SimilarRoles) -> RenderableType:
    """The roles ``similar`` ranks: a table on wide terminals, one block per role on narrow."""
    title = Text(_("Roles similar to") + " ")
    if result.measured_from == "profile":
        title.append(_("your skills"), style="bold")
        if result.role:
            title.append(" (")
            title.append_text(_role_with_level(result.role, ""))
            title.append(")")
    elif result.role:
        title.append_text(_role_with_level(result.role))
    filters = []
    if result.up:
        filters.append(_("same level or higher"))
    if result.min_similarity > 0:
        filters.append(_("similarity ≥ {figure}").format(figure=decimal(result.min_similarity, 6)))
    if filters:
        title.append("  ·  " + ", ".join(filters), style="dim")
    if not result.candidates:
        return Group(title, Text(_("No role shares enough skills with it."), style="yellow"))
    shown = len(result.candidates)
    footer = Text(
        ngettext(
            "{shown} of {count} role that share a skill",
            "{shown} of {count} roles that share a skill",
            result.considered,
        ).format(shown=shown, count=result.considered)
        + ("; " + _("--limit shows more") if shown < result.considered else ""),
        style="dim",
    )
    # The role column never wraps (an id is never split): titles are wrapped here, to the
    # width of the longest id (at least 24), and the skills column takes what room is left.
    role_width = max(24, *(len(c.role.id) for c in result.candidates))

    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column(_("Role"), no_wrap=True)
    table.add_column(_("Similar"), justify="right", no_wrap=True)
    table.add_column(_("Level"), justify="right", no_wrap=True)
    table.add_column(_("Ready"), justify="right", no_wrap=True)
    table.add_column(_("Listed"), no_wrap=True)
    table.add_column(_("To gain / raise"), overflow="fold")
    blocks: list[RenderableType] = []
    for number, candidate in enumerate(result.candidates, start=1):
        role = plain("\n".join(textwrap.wrap(candidate.role.title, role_width)), "bold")
        role.append("\n")
        role.append(candidate.role.id, style="dim")
        gain = [skill.name for skill in candidate.skills_to_gain]
        raised = [
            f"{s.name} {level_text(s.have or 0)}→{level_text(s.need)}"
            for s in candidate.skills_to_raise
        ]
        learn = Text()
        if gain:
            learn.append(_("gain") + ": ", style="dim")
            learn.append(_first_few(gain, 3))
        if raised:
            learn.append("\n" if gain else "")
            learn.append(_("raise") + ": ", style="dim")
            learn.append(_first_few(raised, 3))
        level = Text(str(candidate.role.level))
        if candidate.level_change is not None:
            level.append(f" ({_level_change(candidate.level_change)})", style="dim")
        step = candidate.listed_step
        table.add_row(
            plain(number),
            role,
            Text(decimal(candidate.similarity, 2, trim=False)),
            level,
            Text(_ready_text(candidate.readiness)),
            kind_text(step) if step else Text("–", style="dim"),
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
            block_lines.append(Text(_("gain") + ": ", style="dim") + plain(_first_few(gain)))
        if raised:
            block_lines.append(Text(_("raise") + ": ", style="dim") + plain(_first_few(raised)))
        block = Group(*block_lines)
        blocks += [block, Text("")] if number < len(result.candidates) else [block]
    narrow = Group(*blocks)
    return Group(title, _ByWidth(role_width + WIDE_SIMILAR, table, narrow), footer)
