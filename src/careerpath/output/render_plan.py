"""A learning plan (``plan``) and roles side by side (``compare``), as Rich renderables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerpath.output.i18n import _, decimal, integer, ngettext, percent, speak
from careerpath.output.layout import Phrases, fit, heading, plain
from careerpath.output.terms import (
    kind_text,
    level_label,
    level_text,
    period,
    relation_label,
    role_with_level,
)

if TYPE_CHECKING:
    from careerpath.queries.compare import Comparison
    from careerpath.queries.plan import Plan, PlanMove, PlanSkill


def skill_goal(skill: PlanSkill) -> str:
    """``2 → 4``, ``– → 3``, or for a skill without levels (ESCO) whether it is essential."""
    if not skill.levelled:
        return relation_label(skill.essential) or _("needed")
    held = "–" if skill.new or skill.from_level is None else level_text(skill.from_level)
    goal = "–" if skill.to_level is None else level_text(skill.to_level)
    return f"{held} → {goal}"


def start_here(plan: Plan) -> Text:
    """The first, smallest step, in one line."""
    first = plan.first_step
    if first is None:
        return Text(speak(plan.note) if plan.note else _("Nothing to learn: already there."))
    move, skill = first
    role = f"{move.target.title} ({level_label(move.target.level)})"
    line = Text(_("Start here") + ": ", style="bold")
    if skill is None:
        line.append(_("the move to {role} asks for no skill you lack").format(role=role))
    else:
        goal = skill_goal(skill)
        line.append(
            _("{skill} ({goal}) for the move to {role}").format(
                skill=skill.name, goal=goal, role=role
            )
        )
    return line


def _move_heading(move: PlanMove) -> Phrases:
    title = Text(f"{move.number}. ", style="bold")
    title.append_text(role_with_level(move.source, ""))
    title.append(" → ")
    title.append_text(role_with_level(move.target))
    parts = [title, kind_text(move.kind)]
    if move.demand.readiness is not None:
        parts.append(Text(_("ready {share}").format(share=percent(_share(move)))))
    return Phrases(parts)


def _share(move: PlanMove) -> int:
    from careerpath.queries.measure import percent as whole_percent

    return whole_percent(move.demand.readiness or 0.0)


def _skill_table(move: PlanMove) -> RenderableType:
    rated = any(skill.importance is not None for skill in move.skills)
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column(_("Skill"))
    table.add_column(_("Now → goal"), no_wrap=True)
    if rated:
        table.add_column(_("Importance"), justify="right", no_wrap=True)
    table.add_column(_("Later moves"))
    table.add_column(_("What it means"))
    for skill in move.skills:
        name = plain(skill.name, "bold" if skill.new else "")
        row: list[RenderableType] = [name, Text(skill_goal(skill))]
        if rated:
            row.append(Text("–" if skill.importance is None else level_text(skill.importance)))
        row.append(Text(_("needed again") if skill.needed_again else "–", style="dim"))
        meaning = skill.level_meaning or skill.description or ""
        row.append(plain(meaning, "dim"))
        table.add_row(*row)
    return fit(table)


def render_plan(plan: Plan) -> RenderableType:
    """The plan: where to start, what carries over, then each move with the skills it adds."""
    title = Text(_("Plan"), style="bold")
    title.append(": ")
    title.append_text(role_with_level(plan.source, ""))
    title.append(" → ")
    title.append_text(role_with_level(plan.target))
    count = len(plan.skills)
    facts = [
        title,
        Text(
            ngettext("{count} move", "{count} moves", len(plan.moves)).format(count=len(plan.moves))
        ),
        Text(ngettext("{count} skill", "{count} skills", count).format(count=count)),
    ]
    parts: list[RenderableType] = [Phrases(facts), start_here(plan)]
    if plan.carries_over:
        parts.append(Text(""))
        parts.append(heading(_("What you already bring")))
        for carried in plan.carries_over:
            line = Text("  • ")
            line.append(carried.name)
            if carried.levelled and carried.need is not None:
                held = level_text(carried.have)
                line.append(f" {held}/{level_text(carried.need)}", style="dim")
            line.append(" ")
            line.append(
                _("enough") if carried.met else _("to raise"),
                style="green" if carried.met else "yellow",
            )
            parts.append(line)
    for move in plan.moves:
        parts.append(Text(""))
        parts.append(_move_heading(move))
        if not move.skills_known:
            parts.append(Text("  " + _("what this move asks is unknown"), style="dim"))
        elif move.skills:
            parts.append(_skill_table(move))
        else:
            parts.append(Text("  " + _("nothing new to learn for this move"), style="dim"))
        for note in move.demand.notes:
            parts.append(Text(f"  ({speak(note)})", style="dim italic"))
    if plan.attribution:
        parts.append(Text(""))
        parts.append(plain(plan.attribution, "dim"))
    return Group(*parts)


def _matrix(comparison: Comparison, values: list[list[float | None]], as_share: bool) -> Table:
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column(_("From ↓ to →"))
    for index, _role in enumerate(comparison.roles, 1):
        table.add_column(str(index), justify="right", no_wrap=True)
    for index, (compared, row) in enumerate(zip(comparison.roles, values, strict=True), 1):
        cells: list[RenderableType] = [plain(f"{index}. {compared.role.title}")]
        for value in row:
            if value is None:
                cells.append(Text(_("unknown"), style="dim"))
            elif as_share:
                from careerpath.queries.measure import percent as whole_percent

                cells.append(Text(percent(whole_percent(value))))
            else:
                cells.append(Text(decimal(value, 2, trim=False)))
        table.add_row(*cells)
    return table


def render_comparison(comparison: Comparison) -> RenderableType:
    """Roles side by side: facts, skills (differences first), tools, KPIs, pay, figures."""
    roles = comparison.roles
    facts = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    facts.add_column("")
    legend: list[RenderableType] = []
    for index, compared in enumerate(roles, 1):
        facts.add_column(Text(str(index)))
        entry = Text(f"{index}. ", style="bold")
        entry.append_text(role_with_level(compared.role, "bold"))
        entry.append(f"  {compared.role.id}", style="dim")
        legend.append(entry)
    facts.add_row(Text(_("Level"), style="dim"), *(Text(level_label(c.role.level)) for c in roles))
    facts.add_row(Text(_("Track"), style="dim"), *(plain(c.track or "–") for c in roles))
    for row in comparison.skills:
        cells: list[RenderableType] = [plain(row.name, "bold" if row.differs else "")]
        for level, essential in zip(row.levels, row.essential, strict=True):
            if level is None:
                cells.append(Text("–", style="dim"))
            elif row.levelled:
                cells.append(Text(level_text(level), style="bold" if row.differs else ""))
            else:
                cells.append(Text(relation_label(essential) or _("needed")))
        facts.add_row(*cells)
    tools = [sum(1 for tool in comparison.tools if tool.used[i]) for i in range(len(roles))]
    facts.add_row(
        Text(_("Tools"), style="dim"),
        *(
            Text(integer(count) if compared.tools_listed else _("unknown"))
            for count, compared in zip(tools, roles, strict=True)
        ),
    )
    facts.add_row(
        Text(_("KPIs"), style="dim"),
        *(plain("; ".join(c.kpis) if c.kpis else "–") for c in roles),
    )
    facts.add_row(
        Text(_("Salary"), style="dim"),
        *(plain(_salaries(c.salaries)) for c in roles),
    )
    parts: list[RenderableType] = [
        *legend,
        Text(_("Compared: differing skills in bold, shared ones last."), style="dim"),
        fit(facts),
        Text(""),
        heading(_("Similarity of skills")),
        fit(_matrix(comparison, [list(row) for row in comparison.similarity], False)),
        Text(""),
        heading(_("Readiness: how much of the column's role the row's role already meets")),
        fit(_matrix(comparison, comparison.readiness, True)),
    ]
    if comparison.attribution:
        parts.append(plain(comparison.attribution, "dim"))
    return Group(*parts)


def _salaries(salaries: list[dict[str, object]]) -> str:
    own = [pay for pay in salaries if not pay.get("comparison")]
    if not own:
        return "–"
    return "; ".join(
        f"{pay['city']} {integer(int(str(pay['low'])))}–{integer(int(str(pay['high'])))} "
        f"{pay['currency']}/{period(str(pay['period']))}"
        for pay in own
    )
