"""Turn results into Rich renderables: the front door to the renderers. Nothing here prints.

Each command's renderer lives in the module of its concern (``render_roles``, ``render_routes``,
``render_gaps``, ``render_similar``, ``render_data``), built from the layouts in ``layout``
and the shared words and marks in ``terms``; the command line finds them all here.
"""

from __future__ import annotations

from careerpath.output.layout import UNBOUNDED, Trimmed, fit, fit_table
from careerpath.output.render_data import (
    render_error,
    render_installed,
    render_problems,
    render_validation,
)
from careerpath.output.render_gaps import render_gap
from careerpath.output.render_plan import render_comparison, render_plan
from careerpath.output.render_roles import render_role_card, render_role_list
from careerpath.output.render_routes import render_next, render_no_route, render_routes, render_tree
from careerpath.output.render_similar import render_inferred_note, render_similar
from careerpath.output.render_skills import render_skill_list
from careerpath.output.terms import level_bar, level_text

__all__ = [
    "UNBOUNDED",
    "Trimmed",
    "fit",
    "fit_table",
    "level_bar",
    "level_text",
    "render_comparison",
    "render_error",
    "render_gap",
    "render_inferred_note",
    "render_installed",
    "render_next",
    "render_no_route",
    "render_plan",
    "render_problems",
    "render_role_card",
    "render_role_list",
    "render_routes",
    "render_similar",
    "render_skill_list",
    "render_tree",
    "render_validation",
]
