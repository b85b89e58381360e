"""The commands that turn answers into something to act on: plan, compare and report."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from careerpath.cli.help import CommandsInWords
from careerpath.cli.options import (
    AllSkillsOption,
    DownOption,
    HaveOption,
    InferredOption,
    JsonOption,
    MinSimilarityOption,
    ProfileOption,
    RouteRanking,
    complete_role,
)
from careerpath.cli.session import (
    State,
    answer,
    deliver,
    handle_errors,
    inferred_steps,
    no_route,
    similarity,
    state,
    stderr_console,
    your_skills,
)

if TYPE_CHECKING:
    from careerpath.queries.plan import Plan

commands = CommandsInWords()
"""The commands of this module, put on the app (``cli/app.py``) as its own."""


class TextFormat(StrEnum):
    table = "table"
    markdown = "markdown"


FormatOption = Annotated[
    TextFormat,
    typer.Option(
        "--format",
        "-f",
        help="'table' for the terminal (the default), or 'markdown' to paste elsewhere.",
        metavar="FORMAT",
    ),
]
FromArgument = Annotated[
    str,
    typer.Argument(help="The role to start from.", metavar="FROM", autocompletion=complete_role),
]
ToArgument = Annotated[
    str,
    typer.Argument(help="The role to reach.", metavar="TO", autocompletion=complete_role),
]
ByOption = Annotated[
    RouteRanking,
    typer.Option(
        "--by", help="Take the route with fewest steps, or the smallest total skill climb (gap)."
    ),
]
ViaOption = Annotated[
    str | None,
    typer.Option(
        "--via",
        help="A role the route must pass through.",
        metavar="ROLE",
        autocompletion=complete_role,
    ),
]
AvoidOption = Annotated[
    list[str] | None,
    typer.Option(
        "--avoid",
        help="A role the route may not pass through; repeatable.",
        metavar="ROLE",
        autocompletion=complete_role,
    ),
]


def _plan(
    st: State,
    start: str,
    goal: str,
    *,
    by: RouteRanking,
    via: str | None,
    avoid: list[str] | None,
    inferred: bool,
    min_similarity: float | None,
    down: bool,
    have: list[str] | None,
    profile: Path | None,
    all_skills: bool = False,
    alternatives: int = 0,
) -> Plan:
    """The plan ``plan`` and ``report`` show (exits 1 with the reasons when no route leads
    there)."""
    from careerpath.errors import NoPath
    from careerpath.queries.plan import make_plan

    source, target = st.role(start), st.role(goal)
    me = your_skills(st, have, profile)
    rule = inferred_steps(st, inferred, min_similarity, down)
    try:
        return make_plan(
            st.ladder(),
            source,
            target,
            by=by.value,
            via=st.role(via) if via is not None else None,
            avoid=[st.role(name) for name in avoid or []],
            inferred=rule,
            have=me.skills if me is not None and me.skills else None,
            known_tools=me.tools if me is not None and me.tools else None,
            lang=st.lang,
            alternatives=alternatives,
            all_skills=all_skills,
        )
    except NoPath as exc:
        no_route(exc, rule)


@commands.command("plan")
@handle_errors
def plan_command(
    ctx: typer.Context,
    start: FromArgument,
    goal: ToArgument,
    by: ByOption = RouteRanking.steps,
    via: ViaOption = None,
    avoid: AvoidOption = None,
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
    have: HaveOption = None,
    profile: ProfileOption = None,
    all_skills: AllSkillsOption = False,
    fmt: FormatOption = TextFormat.table,
    as_json: JsonOption = False,
) -> None:
    """What to learn, in order, along the best route from one role to another.

    Each skill is named once, at the first move that needs it, with the level to reach by the
    end of the route.
    """
    st = state(ctx)
    result = _plan(
        st,
        start,
        goal,
        by=by,
        via=via,
        avoid=avoid,
        inferred=inferred,
        min_similarity=min_similarity,
        down=down,
        have=have,
        profile=profile,
        all_skills=all_skills,
    )
    if fmt is TextFormat.markdown and not as_json:
        from careerpath.output.markdown import plan_markdown

        deliver(plan_markdown(result), None, force=False)
        return
    answer(result, as_json, lambda render: render.render_plan)


@commands.command("compare")
@handle_errors
def compare_command(
    ctx: typer.Context,
    roles: Annotated[
        list[str],
        typer.Argument(
            help="Two to five roles (id, title in any language, or alias).",
            metavar="ROLE ROLE [ROLE...]",
            autocompletion=complete_role,
        ),
    ],
    all_skills: AllSkillsOption = False,
    fmt: FormatOption = TextFormat.table,
    as_json: JsonOption = False,
) -> None:
    """Two to five roles side by side: skills, tools, KPIs, pay, similarity and readiness."""
    from careerpath.queries.compare import compare_roles

    st = state(ctx)
    roles_asked = [st.role(name) for name in roles]
    result = compare_roles(
        st.ladder(), roles_asked, st.lang, all_skills=all_skills, index=similarity(st)
    )
    if fmt is TextFormat.markdown and not as_json:
        from careerpath.output.markdown import comparison_markdown

        deliver(comparison_markdown(result), None, force=False)
        return
    answer(result, as_json, lambda render: render.render_comparison)


@commands.command("report")
@handle_errors
def report_command(
    ctx: typer.Context,
    start: FromArgument,
    goal: ToArgument,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The HTML file to write.", metavar="FILE.html"),
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE when it exists.")] = False,
    by: ByOption = RouteRanking.steps,
    via: ViaOption = None,
    avoid: AvoidOption = None,
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
    have: HaveOption = None,
    profile: ProfileOption = None,
    all_skills: AllSkillsOption = False,
) -> None:
    """A page to print or share: the route drawn, the plan, the start and target compared.

    One self-contained HTML file: no scripts, fonts or images from the network.
    """
    from careerpath.data.files import check_writable
    from careerpath.output.i18n import _
    from careerpath.output.report import report_page
    from careerpath.queries.compare import compare_roles

    check_writable(output, force=force)  # before any work
    st = state(ctx)
    result = _plan(
        st,
        start,
        goal,
        by=by,
        via=via,
        avoid=avoid,
        inferred=inferred,
        min_similarity=min_similarity,
        down=down,
        have=have,
        profile=profile,
        all_skills=all_skills,
        alternatives=2,
    )
    ladder = st.ladder()
    source, target = ladder.roles[result.source.id], ladder.roles[result.target.id]
    comparison = None
    if source.id != target.id:
        comparison = compare_roles(
            ladder, [source, target], st.lang, all_skills=all_skills, index=similarity(st)
        )
    deliver(report_page(result, comparison, ladder, st.lang), output, force=force)
    stderr_console().print(
        _("Wrote {file}; open it in a browser, or print it.").format(file=output),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
