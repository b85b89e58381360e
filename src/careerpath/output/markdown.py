"""A plan and a comparison as Markdown (``--format markdown``): a heading per move and a table
per move, to paste into a ticket, a wiki or an e-mail."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from careerpath.output.i18n import _, decimal, ngettext, percent, speak

if TYPE_CHECKING:
    from careerpath.queries.catalog import RoleRef
    from careerpath.queries.compare import Comparison
    from careerpath.queries.plan import Plan

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def md(value: object) -> str:
    """Data as Markdown text: every character Markdown reads as markup is escaped, and a line
    break becomes a space, so a cell stays one cell."""
    text = " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", text)


def _role(role: RoleRef) -> str:
    return f"{md(role.title)} ({_('level {level}').format(level=role.level)})"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _level(value: float | None) -> str:
    if value is None:
        return "–"
    return decimal(value)


def plan_markdown(plan: Plan) -> str:
    """The plan as a Markdown document."""
    from careerpath.output.render_plan import skill_goal
    from careerpath.queries.measure import percent as whole_percent

    lines = [f"# {_('Plan')}: {_role(plan.source)} → {_role(plan.target)}", ""]
    first = plan.first_step
    if first is None:
        lines.append(md(speak(plan.note)) if plan.note else _("Nothing to learn: already there."))
    else:
        move, skill = first
        role = _role(move.target)
        if skill is None:
            step = _("the move to {role} asks for no skill you lack").format(role=role)
        else:
            step = _("{skill} ({goal}) for the move to {role}").format(
                skill=md(skill.name), goal=md(skill_goal(skill)), role=role
            )
        lines.append(f"**{_('Start here')}:** {step}")
    if plan.carries_over:
        lines += ["", f"## {_('What you already bring')}", ""]
        for carried in plan.carries_over:
            state = _("enough") if carried.met else _("to raise")
            level = (
                f" {_level(carried.have)}/{_level(carried.need)}"
                if carried.levelled and carried.need is not None
                else ""
            )
            lines.append(f"- {md(carried.name)}{level}: {state}")
    for move in plan.moves:
        kind = md(move.kind)
        heading = f"## {move.number}. {_role(move.source)} → {_role(move.target)} ({kind})"
        lines += ["", heading, ""]
        if move.demand.readiness is not None:
            share = percent(whole_percent(move.demand.readiness))
            lines += [_("ready {share}").format(share=share), ""]
        if not move.skills_known:
            lines.append(_("what this move asks is unknown"))
        elif not move.skills:
            lines.append(_("nothing new to learn for this move"))
        else:
            header = [_("Skill"), _("Now → goal"), _("Importance"), _("Later moves")]
            header.append(_("What it means"))
            lines += [_row(header), _row(["---"] * len(header))]
            for skill in move.skills:
                importance = "–" if skill.importance is None else decimal(skill.importance)
                again = _("needed again") if skill.needed_again else "–"
                meaning = skill.level_meaning or skill.description or ""
                lines.append(
                    _row([md(skill.name), md(skill_goal(skill)), importance, again, md(meaning)])
                )
        for note in move.demand.notes:
            lines += ["", f"*{md(speak(note))}*"]
    count = len(plan.skills)
    lines += ["", ngettext("{count} skill", "{count} skills", count).format(count=count)]
    if plan.attribution:
        lines += ["", md(plan.attribution)]
    return "\n".join(lines) + "\n"


def comparison_markdown(comparison: Comparison) -> str:
    """The comparison as a Markdown document."""
    from careerpath.output.terms import relation_label
    from careerpath.queries.measure import percent as whole_percent

    roles = comparison.roles
    titles = [f"{index}. {md(c.role.title)}" for index, c in enumerate(roles, 1)]
    lines = [f"# {_('Compared')}", "", _row(["", *titles]), _row(["---"] * (len(roles) + 1))]
    lines.append(
        _row([_("Level"), *(_("level {level}").format(level=c.role.level) for c in roles)])
    )
    lines.append(_row([_("Track"), *(md(c.track or "–") for c in roles)]))
    for row in comparison.skills:
        cells = []
        for level, essential in zip(row.levels, row.essential, strict=True):
            if level is None:
                cells.append("–")
            elif row.levelled:
                cells.append(f"**{_level(level)}**" if row.differs else _level(level))
            else:
                cells.append(relation_label(essential) or _("needed"))
        name = f"**{md(row.name)}**" if row.differs else md(row.name)
        lines.append(_row([name, *cells]))
    lines.append(_row([_("KPIs"), *(md("; ".join(c.kpis)) if c.kpis else "–" for c in roles)]))
    matrices: list[tuple[str, list[list[float | None]], bool]] = [
        (_("Similarity of skills"), [list(row) for row in comparison.similarity], False),
        (_("Readiness"), comparison.readiness, True),
    ]
    for label, values, share in matrices:
        lines += ["", f"## {label}", "", _row([_("From ↓ to →"), *titles])]
        lines.append(_row(["---"] * (len(roles) + 1)))
        for title, row_values in zip(titles, values, strict=True):
            cells = []
            for value in row_values:
                if value is None:
                    cells.append(_("unknown"))
                elif share:
                    cells.append(percent(whole_percent(value)))
                else:
                    cells.append(decimal(value, 2, trim=False))
            lines.append(_row([title, *cells]))
    if comparison.attribution:
        lines += ["", md(comparison.attribution)]
    return "\n".join(lines) + "\n"
