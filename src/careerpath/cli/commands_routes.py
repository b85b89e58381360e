"""The commands about moving between roles: gap, path, next, tree and similar."""

from __future__ import annotations

import functools
import sys
from typing import Annotated

import typer

from careerpath.cli.help import CommandsInWords
from careerpath.cli.options import (
    AllSkillsOption,
    AllToolsOption,
    DownOption,
    EveryOption,
    HaveOption,
    InferredOption,
    JsonOption,
    MinSimilarityOption,
    ProfileOption,
    RoleArgument,
    RouteRanking,
    SvgOption,
    complete_role,
)
from careerpath.cli.session import (
    answer,
    gap_ends,
    handle_errors,
    inferred_steps,
    no_route,
    similar_subject,
    similarity,
    state,
    where_you_stand,
    your_skills,
)

commands = CommandsInWords()
"""The commands of this module, put on the app (``cli/app.py``) as its own."""


@commands.command("gap")
@handle_errors
def gap_command(
    ctx: typer.Context,
    roles: Annotated[
        list[str],
        typer.Argument(
            help="FROM and TO roles (id, title in any language, or alias); with --have or "
            "--profile, FROM may be left out.",
            metavar="[FROM] TO",
            autocompletion=complete_role,
        ),
    ],
    have: HaveOption = None,
    profile: ProfileOption = None,
    along_route: Annotated[
        bool,
        typer.Option("--along-route", help="Also show the gap step by step along the best route."),
    ] = False,
    all_skills: AllSkillsOption = False,
    all_tools: AllToolsOption = False,
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """What to learn to go from a role (or your skills) to another.

    Give FROM and TO, or only TO with --have or --profile.
    """
    from careerpath.queries.gaps import skill_gap

    st = state(ctx)
    source, target, me = gap_ends(st, roles, have, profile)
    result = skill_gap(
        st.ladder(),
        source,
        target,
        st.lang,
        have=me.skills if me is not None and me.skills else None,
        known_tools=me.tools if me is not None and me.tools else None,
        along_route=along_route,
        all_skills=all_skills,
        all_tools=all_tools,
    )
    answer(result, as_json, lambda render: render.render_gap, svg)


@commands.command("path")
@handle_errors
def path_command(
    ctx: typer.Context,
    start: Annotated[
        str,
        typer.Argument(
            help="The role to start from.", metavar="FROM", autocompletion=complete_role
        ),
    ],
    goal: Annotated[
        str,
        typer.Argument(help="The role to reach.", metavar="TO", autocompletion=complete_role),
    ],
    by: Annotated[
        RouteRanking,
        typer.Option(
            "--by",
            help="Rank routes by fewest steps, or by the smallest hardest step, then the "
            "smallest total skill climb (gap).",
        ),
    ] = RouteRanking.steps,
    via: Annotated[
        str | None,
        typer.Option(
            "--via",
            help="A role every route must pass through.",
            metavar="ROLE",
            autocompletion=complete_role,
        ),
    ] = None,
    avoid: Annotated[
        list[str] | None,
        typer.Option(
            "--avoid",
            help="A role no route may pass through; repeatable.",
            metavar="ROLE",
            autocompletion=complete_role,
        ),
    ] = None,
    promotions_only: Annotated[
        bool,
        typer.Option(
            "--promotions-only",
            help="Only promotions, no lateral moves; a related or inferred move counts when it "
            "leads to a higher level.",
        ),
    ] = False,
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives",
            "-n",
            min=0,
            max=20,
            help="How many routes besides the best one.",
            metavar="N",
        ),
    ] = 2,
    have: HaveOption = None,
    profile: ProfileOption = None,
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
    all_skills: AllSkillsOption = False,
    all_tools: AllToolsOption = False,
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """The best routes from one role to another, ranked.

    Each step shows what it asks: skills to gain and raise, tools to learn.
    """
    from careerpath.errors import NoPath
    from careerpath.queries.routes import find_routes

    st = state(ctx)
    source, target = st.role(start), st.role(goal)
    me = your_skills(st, have, profile)
    rule = inferred_steps(st, inferred, min_similarity, down)
    try:
        result = find_routes(
            st.ladder(),
            source,
            target,
            by=by.value,
            alternatives=alternatives,
            via=st.role(via) if via is not None else None,
            avoid=[st.role(name) for name in avoid or []],
            promotions_only=promotions_only,
            lang=st.lang,
            inferred=rule,
            all_skills=all_skills,
            all_tools=all_tools,
            have=me.skills if me is not None and me.skills else None,
            known_tools=me.tools if me is not None and me.tools else None,
        )
    except NoPath as exc:
        no_route(exc, rule)
    answer(result, as_json, lambda render: render.render_routes, svg)


@commands.command("next")
@handle_errors
def next_command(
    ctx: typer.Context,
    role: Annotated[
        str | None,
        typer.Argument(
            help="A role: id, title in any language, or alias. May be left out when "
            "--profile names your current role.",
            metavar="[ROLE]",
            autocompletion=complete_role,
        ),
    ] = None,
    have: HaveOption = None,
    profile: ProfileOption = None,
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
    all_skills: AllSkillsOption = False,
    all_tools: AllToolsOption = False,
    every: EveryOption = False,
    as_json: JsonOption = False,
) -> None:
    """Every direct next step from a role, the most ready first."""
    from careerpath.queries.steps import next_steps

    st = state(ctx)
    start, me = where_you_stand(st, role, have, profile)
    rule = inferred_steps(st, inferred, min_similarity, down)
    # With your skills, steps are ranked by your readiness: your levels override the role's
    # for the skills you name, and the tools you know add to those of the role you are in.
    levels = me.skills if me is not None and me.skills else None
    known_tools = me.tools if me is not None else None
    if levels is not None and not known_tools:
        known_tools = None  # with your levels, an empty tool list counts as not given
    result = next_steps(
        st.ladder(),
        start,
        st.lang,
        have=levels,
        known_tools=known_tools,
        inferred=rule,
        all_skills=all_skills,
        all_tools=all_tools,
    )
    whole = every or not sys.stdout.isatty()
    answer(result, as_json, lambda render: functools.partial(render.render_next, every=whole))


@commands.command("tree")
@handle_errors
def tree_command(
    ctx: typer.Context,
    role: RoleArgument,
    depth: Annotated[
        int | None,
        typer.Option("--depth", min=1, help="Most steps from the role (default: all)."),
    ] = None,
    up: Annotated[
        bool, typer.Option("--up", help="Where the role comes from, instead of where it leads.")
    ] = False,
    have: HaveOption = None,
    profile: ProfileOption = None,
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """A tree of where a role leads (--up: where it comes from)."""
    from careerpath.queries.steps import role_tree

    st = state(ctx)
    me = your_skills(st, have, profile)
    rule = inferred_steps(st, inferred, min_similarity, down)
    result = role_tree(
        st.ladder(),
        st.role(role),
        up=up,
        depth=depth,
        lang=st.lang,
        inferred=rule,
        have=me.skills if me is not None and me.skills else None,
    )
    answer(result, as_json, lambda render: render.render_tree, svg)


@commands.command("similar")
@handle_errors
def similar_command(
    ctx: typer.Context,
    role: Annotated[
        str | None,
        typer.Argument(
            help="A role: id, title in any language, or alias. May be left out with --have "
            "or --profile.",
            metavar="[ROLE]",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="How many roles to list.")
    ] = 10,
    up: Annotated[
        bool, typer.Option("--up", help="Only roles at the same level or higher.")
    ] = False,
    min_similarity: Annotated[
        float,
        typer.Option(
            "--min-similarity",
            min=0.0,
            max=1.0,
            help="Leave out roles less similar (0-1).",
            metavar="X",
        ),
    ] = 0.0,
    have: HaveOption = None,
    profile: ProfileOption = None,
    all_skills: AllSkillsOption = False,
    as_json: JsonOption = False,
) -> None:
    """Roles whose skills are most like a role's (or your own), with what each asks more.

    Similarity is the cosine of the two skill profiles (level × importance where the data
    has it): 1 for the same profile, 0 for roles that share no skill.
    """
    from careerpath.queries.similar import similar_roles

    st = state(ctx)
    subject = similar_subject(st, role, have, profile)
    result = similar_roles(
        st.ladder(),
        subject,
        limit=limit,
        up=up,
        min_similarity=min_similarity,
        lang=st.lang,
        index=similarity(st),
        all_skills=all_skills,
    )
    answer(result, as_json, lambda render: render.render_similar)
