"""The words, marks and bars renderers share: kinds of step, levels, readiness, tool marks,
salary periods, role names with their level, short lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from careerpath.data.records import StepKind
from careerpath.output.i18n import _, collation_key, decimal, ngettext
from careerpath.output.i18n import percent as percent_sign
from careerpath.output.layout import Phrases, fit, plain

if TYPE_CHECKING:
    from careerpath.messages import Message
    from careerpath.queries.catalog import RoleRef, ToolLine
    from careerpath.queries.demand import StepDemand
    from careerpath.queries.gaps import GapTool

Item = TypeVar("Item")

KIND_STYLE: dict[str, str] = {
    StepKind.promotion: "green",
    StepKind.lateral: "cyan",
    StepKind.related: "blue",
    StepKind.inferred: "magenta",
}


def kind_label(kind: str) -> str:
    """A kind of step (``promotion``, ``lateral``, ``related``, ``inferred``) in the current
    language."""
    labels: dict[str, str] = {
        StepKind.promotion: _("promotion"),
        StepKind.lateral: _("lateral"),
        StepKind.related: _("related"),
        StepKind.inferred: _("inferred"),
    }
    return labels.get(kind, kind)


def zone_change(change: int | None) -> str:
    """A related step's change of job zone in words: "one job zone up", "same job zone",
    "two job zones down", "job zone unknown"."""
    if change is None:
        return _("job zone unknown")
    words = {
        0: _("same job zone"),
        1: _("one job zone up"),
        2: _("two job zones up"),
        3: _("three job zones up"),
        4: _("four job zones up"),
        -1: _("one job zone down"),
        -2: _("two job zones down"),
        -3: _("three job zones down"),
        -4: _("four job zones down"),
    }
    if change in words:
        return words[change]
    if change > 0:
        return ngettext("{count} job zone up", "{count} job zones up", change).format(count=change)
    return ngettext("{count} job zone down", "{count} job zones down", -change).format(
        count=-change
    )


def step_kind_text(kind: str, change: int | None) -> Text:
    """A kind of step, styled, with a related step's change of job zone:
    ``related (one job zone up)``."""
    text = kind_text(kind)
    if kind == StepKind.related:
        text.append(f" ({zone_change(change)})", style="dim")
    return text


def level_label(level: object) -> str:
    """``level 3`` in the current language."""
    return _("level {level}").format(level=level)


def kind_text(kind: str) -> Text:
    """A kind of step, styled and in the current language."""
    return Text(kind_label(kind), style=KIND_STYLE.get(kind, ""))


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


# Marks after a level or a tool name, explained under the table that shows them.
LOW_PRECISION_MARK = "~"
HOT_MARK = "*"
IN_DEMAND_MARK = "+"


def low_precision_legend() -> str:
    """What the low-precision mark means, in the current language."""
    return f"{LOW_PRECISION_MARK} " + _("low precision (the source advises caution)")


def marked_tools(tools: Sequence[ToolLine | GapTool]) -> Text:
    """Tool names separated by commas, each followed by its marks: * hot, + in demand."""
    listed = Text()
    for index, tool in enumerate(tools):
        if index:
            listed.append(", ")
        listed.append(tool.name)
        marks = (HOT_MARK if tool.hot else "") + (IN_DEMAND_MARK if tool.in_demand else "")
        listed.append(marks, style="bold yellow")
    return listed


def tool_legend(tools: Sequence[ToolLine | GapTool]) -> list[str]:
    """What the marks on *tools* mean, for the marks that appear."""
    legend = []
    if any(tool.hot for tool in tools):
        legend.append(f"{HOT_MARK} " + _("hot technology"))
    if any(tool.in_demand for tool in tools):
        legend.append(f"{IN_DEMAND_MARK} " + _("in demand"))
    return legend


def legend_line(items: Sequence[str]) -> RenderableType:
    """The meaning of the marks shown, on one line where it fits, wrapping between items."""
    return Phrases([Text(item, style="dim") for item in items])


def relation_label(essential: bool | None) -> str | None:
    """ESCO's relation as a word: essential, optional, or None where the data does not say."""
    if essential is None:
        return None
    return _("essential") if essential else _("optional")


def period(name: str) -> str:
    """A salary period (``year``, ``month``, ``hour``) in the current language."""
    names = {"year": _("year"), "month": _("month"), "hour": _("hour")}
    return names.get(name, name)


def role_with_level(role: RoleRef, style: str = "bold") -> Text:
    """A role's title with its level after it, dimmed: ``Team Lead (level 4)``."""
    text = plain(role.title, style)
    text.append(f" ({level_label(role.level)})", style="dim")
    return text


def role_and_level(
    role: RoleRef, style: str = "bold", before: str = "", *, whole: bool = False
) -> Phrases:
    """A role's title and level that wrap only between the two, e.g. in a heading; *whole*:
    the title is never split either (in a table, its column is at least as wide)."""
    title = Text(before, style="dim") + plain(role.title, style)
    level = Text(f"({level_label(role.level)})", style="dim")
    return Phrases([title, level], separator=" ", whole=whole)


def first_few(names: Sequence[str], limit: int = 4) -> str:
    """Up to *limit* names, then how many more (``gap`` and ``--json`` list them all)."""
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    if len(names) <= limit:
        return shown
    return shown + " " + and_more(len(names) - limit)


def in_alphabet_order(
    items: Sequence[Item], tied: Callable[[Item], object], name: Callable[[Item], str]
) -> list[Item]:
    """*items* as given, except that each run of neighbours *tied* alike is put in the
    alphabetical order of their *name* in the current language (the data's own order keeps
    ids in English order, which is not the order of a Finnish or Norwegian list)."""
    result: list[Item] = []
    run: list[Item] = []
    for item in items:
        if run and tied(run[-1]) != tied(item):
            result.extend(sorted(run, key=lambda each: collation_key(name(each))))
            run = []
        run.append(item)
    result.extend(sorted(run, key=lambda each: collation_key(name(each))))
    return result


def and_more(count: int) -> str:
    """ "and 3 more" after a list cut short, with the number's plural (fi "ja 1 muu")."""
    return ngettext("and {count} more", "and {count} more", count).format(count=count)


def bullets(items: Iterable[str]) -> RenderableType:
    """A bulleted list whose wrapped lines stay indented under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row(Text("  •"), plain(item))
    return fit(grid)


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


def tools_phrase(count: Message | None, examples: bool) -> str:
    """How many tools are new, as a result words it (``StepDemand.tools_count``), or that it
    is unknown."""
    from careerpath.output.i18n import speak

    if count is not None:
        return speak(count)
    if examples:
        return _("tools new to you unknown")
    return _("tools to learn unknown")


def counting_notes(
    least_importance: float | None, demands: Sequence[StepDemand], *, tools: bool = True
) -> list[Text]:
    """What the figures of *demands* leave out, said once under a table or routes: the skills
    of importance below the line, and (with *tools*) the tools neither hot nor in demand."""
    notes = []
    if least_importance is not None and any(d.skills_not_counted for d in demands):
        notes.append(
            _(
                "Skills of importance below {line} are not counted; --all-skills counts them."
            ).format(line=level_text(least_importance))
        )
    if tools and any(d.notable_only and d.tools_not_listed for d in demands):
        notes.append(
            _("Only tools flagged hot or in demand are listed; --all-tools lists the others.")
        )
    return [Text(note, style="dim") for note in notes]
