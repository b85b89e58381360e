"""The role list (``roles``) and a role's card (``show``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from careerpath.output.i18n import _, integer
from careerpath.output.layout import FirstFit, Phrases, fit, heading, plain
from careerpath.output.render_similar import rule_line, shared_text, similarity_text
from careerpath.output.terms import (
    KIND_STYLE,
    LOW_PRECISION_MARK,
    and_more,
    bullets,
    in_alphabet_order,
    kind_label,
    legend_line,
    level_bar,
    level_label,
    level_text,
    low_precision_legend,
    marked_tools,
    period,
    relation_label,
    tool_legend,
)

if TYPE_CHECKING:
    from careerpath.queries.catalog import RoleCard, RoleList, StepLine


def render_role_list(result: RoleList) -> RenderableType:
    """The role list: id, title, level, track.

    A table as wide as the width allows: four columns, else title and track in one column,
    else a block per role with its id on a line of its own.
    """
    if not result.roles:
        return Text(_("No roles match."), style="yellow")
    return RoleTable(result)


class RoleTable:
    """The role list as :func:`_role_layouts` draws it, written line by line without Rich's
    table machinery when that gives the same characters: no colours or styles to draw (a pipe,
    a file, ``TERM=dumb``), every cell plain printable text, and the four-column table fitting
    the width as it is. Otherwise (a colour terminal, a table that must wrap) Rich draws it.

    Rich's table measures and lays out every cell several times: about a second for ESCO's
    3,000 occupations, where these lines take milliseconds.
    """

    GAP = 3
    """Between two columns: a cell's right padding, the box's blank divider, the next's left."""

    def __init__(self, result: RoleList) -> None:
        self.result = result

    def plain_lines(self, width: int) -> list[str] | None:
        """The lines of the four-column table at *width*, or None when Rich must draw it."""
        from rich.cells import cell_len

        heads = [_("Level"), _("Title"), _("Track"), _("Id")]
        rows: list[list[list[str]]] = []
        for row in ordered_rows(self.result):
            title = plain(row.title).plain
            if row.matched:
                title += "\n" + _matched(row.matched, row.why, row.title).plain
            texts = [plain(row.level).plain, title, plain(row.track).plain, plain(row.id).plain]
            rows.append([text.split("\n") for text in texts])
        widths = [max(1, cell_len(head)) for head in heads]
        for head in heads:
            if not _simple(head):
                return None
        for row_cells in rows:
            for index, parts in enumerate(row_cells):
                for line in parts:
                    if not _simple(line):
                        return None
                    size = cell_len(line)
                    if size > widths[index]:
                        widths[index] = size
        if sum(widths) + self.GAP * (len(widths) - 1) > width:
            return None
        gap = " " * self.GAP

        def line_of(cells: list[str]) -> str:
            padded = [" " * (widths[0] - cell_len(cells[0])) + cells[0]]
            for cell, size in zip(cells[1:], widths[1:], strict=True):
                padded.append(cell + " " * (size - cell_len(cell)))
            return gap.join(padded).rstrip(" ")

        written = [line_of(heads), "━" * (sum(widths) + self.GAP * (len(widths) - 1))]
        for row_cells in rows:
            for depth in range(max(len(parts) for parts in row_cells)):
                written.append(line_of([c[depth] if depth < len(c) else "" for c in row_cells]))
        return written

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.plain_lines(options.max_width) if console.color_system is None else None
        if lines is None:
            yield _role_layouts(self.result)
            return
        end = Segment.line()
        for line in lines:
            yield Segment(line)
            yield end

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, _role_layouts(self.result))


def _simple(text: str) -> bool:
    """True for text Rich prints as it is: printable, no tabs, no trailing spaces to trim."""
    return text.isprintable() and not text.endswith(" ")


def ordered_rows(result: RoleList) -> list[Any]:
    """The roles in the order both layouts print them: by level, each level in the language's
    alphabetical order; with --search, best match first as the query gave them."""
    if result.search is not None:
        return list(result.roles)
    return in_alphabet_order(result.roles, lambda row: row.level, lambda row: row.title)


def _role_layouts(result: RoleList) -> FirstFit:
    """The role list as Rich tables: the widest that fits (see :func:`render_role_list`)."""
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
    for row in ordered_rows(result):
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


def _steps(lines: Sequence[StepLine], arrow: str) -> RenderableType:
    """Steps to or from a role, one per line; a wrapped line stays indented past the arrow."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        about = Text(f"({level_label(line.role.level)}, ")
        about.append(kind_label(line.kind), style=KIND_STYLE.get(line.kind, ""))
        if line.similarity is not None:
            figure = similarity_text(line.similarity)
            about.append(", " + _("similarity {figure}").format(figure=figure) + "; ")
            about.append_text(shared_text(line.shared))
        if line.note:
            about.append(", ")
            about.append(line.note)
        about.append(")")
        grid.add_row(Text(f"  {arrow}"), Phrases([plain(line.role.title, "bold"), about], "  "))
    return fit(grid)


CARD_ALIASES = 6
"""Other names a card shows before "and N more" (``--json`` lists them all)."""


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
            names[-1] = names[-1] + Text(" " + and_more(hidden), style="dim")
        names[0] = Text(_("Also: "), style="dim") + names[0]
        parts.append(Phrases(names, separator=" · "))
    if card.summary:
        parts.append(Text(""))
        parts.append(plain(card.summary))
    if card.responsibilities:
        parts += [Text(""), heading(_("Responsibilities")), bullets(card.responsibilities)]
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
                relation = relation_label(skill.essential) or "needed"
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
            table.add_row(plain(category), marked_tools(tools))
        parts += [Text(""), heading(_("Tools")), fit(table)]
        legend += tool_legend(card.tools)
    if card.kpis:
        parts += [Text(""), heading(_("Measured on")), bullets(card.kpis)]
    if card.salaries:
        table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
        for column in (_("City"), _("Range"), _("Applies to")):
            table.add_column(column)
        for pay in card.salaries:
            span = f"{integer(pay.low)}–{integer(pay.high)} {pay.currency}/{period(pay.period)}"
            table.add_row(plain(pay.city), plain(span), plain(pay.applies_to or ""))
        parts += [Text(""), heading(_("Salary")), fit(table)]
    parts += [Text(""), heading(_("Leads to"))]
    if card.inferred is not None:
        parts.append(Padding(rule_line(card.inferred), (0, 0, 0, 2)))
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
        parts += [Text(""), legend_line(legend)]
    if card.attribution:
        parts += [Text(""), plain(card.attribution, "dim")]
    return Group(*parts)
