"""The skill list (``skills``): what each level means, then every skill by its names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from careerpath.output.i18n import _, decimal, integer, ngettext, speak
from careerpath.output.layout import ByWidth, FirstFit, heading, plain

if TYPE_CHECKING:
    from careerpath.queries.skills import SkillList, SkillRow


def render_skill_list(result: SkillList) -> RenderableType:
    """The scale in words, its notes, then the skills: a table as wide as the width allows,
    else a block per skill."""
    parts: list[RenderableType] = [_scale(result)]
    for note in result.notes:
        parts.append(plain(_("Note: {note}.").format(note=speak(note)), "dim"))
    parts.append(Text(""))
    if not result.skills:
        parts.append(Text(_("No skills match."), style="yellow"))
        return Group(*parts)
    parts.append(heading(_("Skills")))
    wide = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    wide.add_column(_("Skill"))
    wide.add_column(_("Roles"), justify="right", no_wrap=True)
    wide.add_column(_("Id"), style="dim", no_wrap=True)
    blocks: list[RenderableType] = []
    for row in result.skills:
        wide.add_row(_name_cell(row), integer(row.roles), plain(row.id))
        blocks.append(plain(row.id))
        details = _name_cell(row)
        details.append("\n")
        details.append(_roles_text(row), style="dim")
        blocks.append(Padding(details, (0, 0, 0, 2)))
    parts.append(ByWidth(60, FirstFit(wide, Group(*blocks)), Group(*blocks)))
    if len(result.skills) < result.total:
        parts.append(
            plain(
                _("{shown} of {total} skills; --limit shows more.").format(
                    shown=integer(len(result.skills)), total=integer(result.total)
                ),
                "dim",
            )
        )
    return Group(*parts)


def _scale(result: SkillList) -> RenderableType:
    scale = result.scale
    if not scale.levelled:
        return heading(_("Skill levels"))
    title = heading(
        _("Skill levels: {low} to {high}").format(low=_number(scale.min), high=_number(scale.max))
    )
    if not scale.levelled or not scale.levels:
        return title
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    blocks: list[RenderableType] = []
    for level in scale.levels:
        meaning = plain(level.meaning or "—")
        table.add_row(integer(level.level), meaning)
        blocks.append(Text(integer(level.level), style="bold"))
        blocks.append(Padding(plain(level.meaning or "—"), (0, 0, 0, 2)))
    return Group(title, FirstFit(table, Group(*blocks)))


def _number(value: float) -> str:
    return integer(int(value)) if float(value).is_integer() else decimal(value)


def _name_cell(row: SkillRow) -> Text:
    cell = plain(row.name, "bold")
    others = [name for name in row.aliases if name != row.name]
    if others:
        cell.append("\n")
        cell.append(_("also: {names}").format(names=", ".join(others)), style="dim")
    if row.matched and row.why and row.why != row.name:
        cell.append("\n")
        cell.append(_("matched: {name}").format(name=row.why), style="dim")
    if row.essential_for is not None:
        cell.append("\n")
        cell.append(
            _("essential for {essential}, optional for {optional}").format(
                essential=integer(row.essential_for), optional=integer(row.optional_for or 0)
            ),
            style="dim",
        )
    return cell


def _roles_text(row: SkillRow) -> str:
    return ngettext("needed by {count} role", "needed by {count} roles", row.roles).format(
        count=integer(row.roles)
    )
