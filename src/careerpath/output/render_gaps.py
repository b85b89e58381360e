"""The gap between two roles (``gap``): skills by change, tools, pay, and the route there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerpath.output.i18n import _, integer, ngettext, speak
from careerpath.output.layout import FirstFit, Phrases, fit, heading, plain
from careerpath.output.render_routes import measured_from_text
from careerpath.output.terms import (
    LOW_PRECISION_MARK,
    bullets,
    in_alphabet_order,
    legend_line,
    level_label,
    level_text,
    low_precision_legend,
    marked_tools,
    period,
    readiness_bar,
    relation_label,
    step_kind_text,
    tool_legend,
)
from careerpath.queries.measure import level_change

if TYPE_CHECKING:
    from careerpath.queries.gaps import GapSkill, SkillGap
    from careerpath.queries.salary import SalaryChange


CHANGE_STYLE = {
    "new": "bold red",
    "raise": "yellow",
    "same": "green",
    "kept": "green",
    "dropped": "dim",
    "unknown": "dim",
    "perhaps_held": "yellow",
}


def change_label(change: str, *, levelled: bool = True) -> str:
    """A change of a skill (``new``, ``raise``, ``same``, ``kept``, ``dropped``) in the current
    language; for a skill the data gives no level for (ESCO), held, to learn or not needed."""
    if levelled:
        labels = {
            "new": _("new"),
            "raise": _("raise"),
            "same": _("about the same"),
            "kept": _("kept"),
            "dropped": _("no longer central"),
            "unknown": _("unknown"),
        }
    else:
        learn = _("to learn")
        labels = {
            "new": learn,
            "raise": learn,
            "kept": _("held"),
            "dropped": _("not needed"),
            "unknown": _("unknown"),
            # optional where the person stands: perhaps held, counted as to learn
            "perhaps_held": _("to learn (perhaps held)"),
        }
    return labels.get(change, change)


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
    for line in in_alphabet_order(gap.skills, _tied, lambda line: line.name):
        name = plain(line.name, "dim" if line.change == "dropped" else "")
        if line.levelled:
            now = _gap_level(line.from_level, line.from_low_precision)
            needed = _gap_level(line.to_level, line.to_low_precision)
            change = Text(change_label(line.change), style=CHANGE_STYLE[line.change])
        else:  # no levels (ESCO): held or to learn, essential or optional
            held = _("perhaps") if line.change == "perhaps_held" else "–"
            now = Text(held if line.from_level is None else _("held"))
            relation = relation_label(line.essential) or _("needed")
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


def _tied(line: GapSkill) -> tuple[str, float]:
    """What orders a gap's skills before their names: the change and its size."""
    if line.change == "dropped":
        return line.change, 0.0
    return line.change, (line.to_level or 0) - (line.from_level or 0)


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
        change = level_change(gap.source.level, gap.target.level) if gap.source else None
        title.append(step_kind_text(gap.step_kind, change))
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
    skill_notes: list[RenderableType] = []
    if gap.skills_not_counted and gap.least_importance is not None:
        left_out = ngettext(
            "{count} skill of importance below {line} not counted; --all-skills shows it",
            "{count} skills of importance below {line} not counted; --all-skills shows them",
            gap.skills_not_counted,
        ).format(count=gap.skills_not_counted, line=level_text(gap.least_importance))
        skill_notes.append(Text(left_out, style="dim"))
    if any(line.change == "same" for line in gap.skills):
        skill_notes.append(
            Text(
                _(
                    "About the same: the levels differ by no more than their margin of error "
                    "(95%), so the change is counted as met."
                ),
                style="dim",
            )
        )
    if skill_notes:
        parts += [Text(""), *skill_notes]
    from careerpath.queries.gaps import tools_by_category

    learn = gap.tools_to_learn
    label = _("Tools to learn")
    if gap.tools_are_examples:
        label = _("Tools used there, new to you")
        if gap.notable_only:
            label = _("Tools used there, new to you (hot or in demand)")
    if learn is None and gap.tools_used:
        # Which tools are new is unknown: list what the target uses, and say so.
        learn = gap.tools_used
        if gap.notable_only:
            learn = [tool for tool in learn if tool.hot or tool.in_demand]
        label = _("Tools the role uses (which are new to you is unknown)")
    if learn:
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2))
        table.add_column("Category", style="bold")
        table.add_column("Tools")
        for category, tools in tools_by_category(learn).items():
            table.add_row(plain(category), marked_tools(tools))
        parts += [Text(""), heading(label), fit(table)]
        legend += tool_legend(learn)
    if gap.tools_not_listed:
        others = ngettext(
            "{count} other tool used there is new to you; --all-tools lists it",
            "{count} other tools used there are new to you; --all-tools lists them",
            gap.tools_not_listed,
        ).format(count=integer(gap.tools_not_listed))
        parts += [Text(others, style="dim")]
    if gap.tools_known:
        known = list(dict.fromkeys(tool.name for tool in gap.tools_known))
        if gap.notable_only:  # examples (O*NET): the hot or in-demand ones, and how many more
            shown = list(dict.fromkeys(t.name for t in gap.tools_known if t.hot or t.in_demand))
            more = len(known) - len(shown)
            if more and shown:
                shown.append(
                    ngettext("and {count} other", "and {count} others", more).format(
                        count=integer(more)
                    )
                )
            elif more:
                shown.append(
                    ngettext(
                        "{count} tool, neither hot nor in demand",
                        "{count} tools, none hot or in demand",
                        more,
                    ).format(count=integer(more))
                )
            known = shown
        parts.append(Text(_("Already known: "), style="dim") + plain(", ".join(known), "dim"))
    if legend:
        parts += [Text(""), legend_line(legend)]
    if gap.responsibilities:
        # Texts are written for each role and never match another role's: the list is the
        # target's own (less any FROM states word for word), and says so.
        theirs = _("Responsibilities of {title}").format(title=gap.target.title)
        parts += [Text(""), heading(theirs), bullets(gap.responsibilities)]
    if gap.kpis:
        parts += [Text(""), heading(_("Measured on")), bullets(gap.kpis)]
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
            text.append_text(
                step_kind_text(leg.kind, level_change(leg.source.level, leg.target.level))
            )
            basis = measured_from_text(demand.measured_from, on_route=True)
            if basis:
                text.append("; " + _("measured {basis}").format(basis=basis) + ":")
            text.append(" " + _("ready") + " ")
            text.append_text(readiness_bar(demand.readiness, width=0))
            if demand.climb is None:
                text.append(", " + _("climb unknown") + ")")
            else:
                climbed = _("climb {figure}").format(figure=level_text(demand.climb))
                text.append(", " + climbed + ")")
            needs = [f"{s.name} {level_text(s.need)}" for s in demand.new_skills or ()] + [
                f"{s.name} {level_text(s.have or 0)}→{level_text(s.need)}"
                for s in demand.raised_skills or ()
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
