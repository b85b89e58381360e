"""The report (``careerpath report``): one self-contained HTML page a coach can hand over or
print: the route drawn, the plan, the start and the target compared, the figures explained,
the dataset's credit.

Rendered with Jinja2 (imported only here) with autoescaping on: everything that comes from
the data is escaped. The page loads nothing from the network: no scripts, fonts or images.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerpath.output.i18n import _, decimal, ngettext, percent, speak

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.queries.catalog import RoleRef
    from careerpath.queries.compare import Comparison
    from careerpath.queries.plan import Plan
    from careerpath.queries.routes import Route

BOX_WIDTH = 168
BOX_HEIGHT = 58
ROW_GAP = 46
SIDE = 12
CHARS_PER_LINE = 22
MAX_LINES = 3


@dataclass(frozen=True)
class Box:
    """A role drawn as a box: where, and its title cut into lines."""

    id: str
    x: float
    y: float
    lines: list[str]
    level: str
    chosen: bool


@dataclass(frozen=True)
class Arrow:
    """A move drawn from one box to another."""

    x1: float
    y1: float
    x2: float
    y2: float
    chosen: bool


def title_lines(title: str, width: int = CHARS_PER_LINE, most: int = MAX_LINES) -> list[str]:
    """*title* in lines of at most *width* characters, broken at spaces; a longer title ends
    in an ellipsis on its last line (the full title is in the box's tooltip and in the list)."""
    lines: list[str] = []
    current = ""
    for word in title.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]


def route_drawing(routes: list[Route], lang: str) -> dict[str, Any]:
    """Boxes and arrows for *routes* (the first is the chosen one): a row per level, the
    highest at the top, and a role of unknown level (0) in a row of its own at the bottom.

    The chosen route's roles make the first column, each next route's other roles the next
    one, so an arrow of the chosen route never runs behind a role it does not visit.
    """
    placed: dict[str, tuple[RoleRef, int]] = {}
    taken: set[tuple[int, int]] = set()
    for column, route in enumerate(routes):
        for ref in route.roles:
            if ref.id in placed:
                continue
            spot = column
            while (spot, ref.level) in taken:
                spot += 1
            taken.add((spot, ref.level))
            placed[ref.id] = (ref, spot)
    chosen_ids = {ref.id for ref in routes[0].roles} if routes else set()
    levels = sorted({ref.level for ref, _ in placed.values()}, key=lambda lv: (lv == 0, -lv))
    row_of = {level: number for number, level in enumerate(levels)}
    columns = max((spot for _, spot in placed.values()), default=0) + 1
    width = columns * (BOX_WIDTH + SIDE) + SIDE
    boxes: dict[str, Box] = {}
    for ref, spot in placed.values():
        x = SIDE + spot * (BOX_WIDTH + SIDE)
        y = SIDE + row_of[ref.level] * (BOX_HEIGHT + ROW_GAP)
        label = _("level {level}").format(level=ref.level) if ref.level else _("level unknown")
        boxes[ref.id] = Box(ref.id, x, y, title_lines(ref.title), label, ref.id in chosen_ids)
    arrows: list[Arrow] = []
    drawn: set[tuple[str, str]] = set()
    for index, route in enumerate(routes):
        for step in route.steps:
            pair = (step.source.id, step.target.id)
            if pair in drawn:
                continue
            drawn.add(pair)
            start, end = boxes[pair[0]], boxes[pair[1]]
            x1, x2 = start.x + BOX_WIDTH / 2, end.x + BOX_WIDTH / 2
            if end.y < start.y:  # up a row: from the top edge to the bottom edge
                y1, y2 = start.y, end.y + BOX_HEIGHT
            elif end.y > start.y:
                y1, y2 = start.y + BOX_HEIGHT, end.y
            else:  # the same row: side to side
                y1 = y2 = start.y + BOX_HEIGHT / 2
                x1, x2 = (
                    (start.x + BOX_WIDTH, end.x)
                    if end.x > start.x
                    else (start.x, end.x + BOX_WIDTH)
                )
            arrows.append(Arrow(x1, y1, x2, y2, index == 0))
    height = SIDE * 2 + len(levels) * BOX_HEIGHT + max(0, len(levels) - 1) * ROW_GAP
    # The chosen route's arrows are drawn last, over the others.
    arrows.sort(key=lambda arrow: arrow.chosen)
    return {
        "width": round(width),
        "height": round(height),
        "box_width": BOX_WIDTH,
        "box_height": BOX_HEIGHT,
        "boxes": list(boxes.values()),
        "arrows": arrows,
    }


def _words() -> dict[str, str]:
    """Every fixed word of the page, in the current language."""
    return {
        "report": _("Career plan"),
        "made": _("Made with careerpath on {date}"),
        "start_here": _("Start here"),
        "start_skill": _("{skill} ({goal}) for the move to {role}"),
        "start_nothing": _("the move to {role} asks for no skill you lack"),
        "route": _("The route"),
        "route_note": _(
            "The chosen route is drawn solid, the next best ones dashed; levels are rows, the "
            "highest at the top."
        ),
        "others": _("Other routes"),
        "plan": _("Plan"),
        "brings": _("What you already bring"),
        "skill": _("Skill"),
        "now_goal": _("Now → goal"),
        "importance": _("Importance"),
        "later": _("Later moves"),
        "needed_again": _("needed again"),
        "meaning": _("What it means"),
        "nothing": _("nothing new to learn for this move"),
        "unknown_move": _("what this move asks is unknown"),
        "enough": _("enough"),
        "to_raise": _("to raise"),
        "compared": _("Where you start and where you go"),
        "level": _("Level"),
        "track": _("Track"),
        "similarity": _("Similarity of skills"),
        "readiness": _("Readiness"),
        "figures": _("How the figures are computed"),
        "readiness_text": _(
            "Readiness is the share of a role's skill requirement already met, counting "
            "levels: raising a skill from 3 to a needed 4 leaves three quarters of it met."
        ),
        "climb_text": _(
            "Each move is measured from what you hold by then: the skills you start with, "
            "raised by every role passed on the way. A skill is listed once, at the first "
            "move that asks for it, with the level to reach by the end of the route."
        ),
        "again_text": _(
            "'Needed again' marks a skill a later role on the route asks for too: learning it "
            "first serves every later move."
        ),
        "data": _("The data"),
        "licence": _("Licence"),
        "unknown": _("unknown"),
    }


def report_page(plan: Plan, comparison: Comparison | None, ladder: Ladder, lang: str) -> str:
    """The whole HTML page of *plan* (with its alternatives) and *comparison*."""
    from importlib.resources import files

    import jinja2

    from careerpath.output.render_plan import skill_goal
    from careerpath.output.terms import kind_label
    from careerpath.queries.measure import percent as whole_percent

    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: files("careerpath.output").joinpath("templates", name).read_text("utf-8")
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["goal"] = skill_goal
    environment.filters["kind"] = kind_label
    environment.filters["level"] = lambda value: "–" if value is None else decimal(value)
    environment.filters["share"] = lambda value: (
        _("unknown") if value is None else percent(whole_percent(value))
    )
    environment.filters["figure"] = lambda value: decimal(value, 2, trim=False)
    environment.filters["speak"] = speak
    routes = [route for route in (plan.route, *plan.alternatives) if route is not None]
    first = plan.first_step
    count = len(plan.skills)
    template = environment.get_template("report.html.j2")
    return template.render(
        lang=lang,
        words=_words(),
        date=datetime.date.today().isoformat(),
        plan=plan,
        first=first,
        skill_count=ngettext("{count} skill", "{count} skills", count).format(count=count),
        move_count=ngettext("{count} move", "{count} moves", len(plan.moves)).format(
            count=len(plan.moves)
        ),
        drawing=route_drawing(routes, lang) if routes else None,
        alternatives=plan.alternatives,
        comparison=comparison,
        dataset=ladder.name or "careerpath",
        attribution=ladder.attribution,
        licence=ladder.licence,
    )
