"""The roles most like a role or a profile (``similar``), and the words every answer uses for
similarity: its figure, the skills two roles share, and the threshold of inferred moves."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerpath.output.i18n import _, decimal, ngettext
from careerpath.output.i18n import percent as percent_sign
from careerpath.output.layout import ByWidth, plain
from careerpath.output.terms import (
    counting_notes,
    first_few,
    kind_text,
    level_label,
    level_text,
    role_with_level,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from careerpath.queries.inferred import InferredSteps
    from careerpath.queries.similar import SimilarRole, SimilarRoles
    from careerpath.queries.similarity import SharedSkill


WIDE_SIMILAR = 64
"""Room ``similar``'s table needs besides its role column; narrower, one block per role."""
SHARED_SHOWN = 3
"""How many shared skills a table names (the weightiest; JSON lists them all)."""


def similarity_text(value: float) -> str:
    """A similarity as tables show it: two decimals, never more than the figure compared
    (:func:`~careerpath.queries.similarity.shown_similarity`)."""
    from careerpath.queries.similarity import shown_similarity

    return decimal(shown_similarity(value), 2, trim=False)


def shared_text(shared: Sequence[SharedSkill] | None, limit: int = SHARED_SHOWN) -> Text:
    """ "shares: A, B, C and 4 more": the weightiest skills two roles share, why a move is
    suggested."""
    text = Text(_("shares") + ": ", style="dim")
    text.append(first_few([skill.name for skill in shared or ()], limit))
    return text


def threshold_text(rule: InferredSteps) -> str:
    """Which least similarity inferred moves follow, and why: the dataset's default (what it
    means in this dataset) or the one --min-similarity gave."""
    figure = decimal(rule.min_similarity, 6)
    if rule.threshold_from == "option":
        return _("similarity at least {figure}, as --min-similarity asks").format(figure=figure)
    from careerpath.queries.similarity import TYPICAL_NEIGHBOURS

    return _(
        "similarity at least {figure}, this dataset's default: at least half of its roles "
        "have {count} others this similar"
    ).format(figure=figure, count=TYPICAL_NEIGHBOURS)


def rule_line(rule: InferredSteps) -> Text:
    """The line under a title saying which inferred moves an answer takes, and why."""
    threshold = threshold_text(rule) + (_(", also down") if rule.down else "")
    return Text(_("Inferred moves: {threshold}.").format(threshold=threshold), "dim")


def render_inferred_note(rule: InferredSteps) -> Text:
    """The note (for stderr) that the data lists no steps, so inferred moves are used."""
    note = _(
        "Note: the data lists no career steps; using inferred moves (roles sharing skills, "
        "at most one level up), {threshold}."
    ).format(threshold=threshold_text(rule))
    return Text(note, style="dim")


def _level_change(change: int | None) -> str:
    if change is None:
        return "–"
    return f"+{change}" if change > 0 else "0" if change == 0 else f"−{-change}"


def _ready_text(share: float | None) -> str:
    from careerpath.queries.measure import percent

    return _("unknown") if share is None else percent_sign(percent(share))


def _similar_facts(candidate: SimilarRole) -> Text:
    text = Text(similarity_text(candidate.similarity), style="bold")
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
            title.append_text(role_with_level(result.role, ""))
            title.append(")")
    elif result.role:
        title.append_text(role_with_level(result.role))
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
    # The role column never wraps (an id is never split, nor a title): it is as wide as the
    # longest id or title, and the skills column takes what room is left; where that leaves
    # too little, each role is a block of its own.
    role_width = max(24, *(max(len(c.role.id), len(c.role.title)) for c in result.candidates))

    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column(_("Role"), no_wrap=True)
    table.add_column(_("Similar"), justify="right", no_wrap=True)
    table.add_column(_("Level"), justify="right", no_wrap=True)
    table.add_column(_("Ready"), justify="right", no_wrap=True)
    table.add_column(_("Listed"), no_wrap=True)
    table.add_column(_("Shared / to gain / raise"), overflow="fold")
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
        learn = shared_text(candidate.shared)
        if gain:
            learn.append("\n")
            learn.append(_("gain") + ": ", style="dim")
            learn.append(first_few(gain, 3))
        if raised:
            learn.append("\n")
            learn.append(_("raise") + ": ", style="dim")
            learn.append(first_few(raised, 3))
        level = Text(str(candidate.role.level))
        if candidate.level_change is not None:
            level.append(f" ({_level_change(candidate.level_change)})", style="dim")
        step = candidate.listed_step
        table.add_row(
            plain(number),
            role,
            Text(similarity_text(candidate.similarity)),
            level,
            Text(_ready_text(candidate.readiness)),
            kind_text(step) if step else Text("–", style="dim"),
            learn,
        )
        # Narrow: one block per role, every line from the left edge so an id fits whole.
        heading_line = Text(f"{number}. ", style="bold")
        heading_line.append_text(role_with_level(candidate.role, "bold"))
        block_lines: list[RenderableType] = [
            heading_line,
            plain(candidate.role.id, "dim"),
            _similar_facts(candidate),
            shared_text(candidate.shared),
        ]
        if gain:
            block_lines.append(Text(_("gain") + ": ", style="dim") + plain(first_few(gain)))
        if raised:
            block_lines.append(Text(_("raise") + ": ", style="dim") + plain(first_few(raised)))
        block = Group(*block_lines)
        blocks += [block, Text("")] if number < len(result.candidates) else [block]
    narrow = Group(*blocks)
    demands = [c.demand for c in result.candidates]
    notes = counting_notes(result.least_importance, demands, tools=False)  # no tools listed
    return Group(title, ByWidth(role_width + WIDE_SIMILAR, table, narrow), footer, *notes)
