"""The command that lists the skills and what each level means: skills."""

from __future__ import annotations

from typing import Annotated

import typer

from careerpath.cli.help import CommandsInWords
from careerpath.cli.options import JsonOption
from careerpath.cli.session import answer, handle_errors, state

commands = CommandsInWords()
"""The commands of this module, put on the app (``cli/app.py``) as its own."""


@commands.command("skills")
@handle_errors
def skills_command(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Only skills TEXT finds by name in any language, alias or id, best match first.",
            metavar="TEXT",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most N skills.", metavar="N")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the skills and what each level means: the names --have takes."""
    from careerpath.queries.skills import list_skills

    st = state(ctx)
    result = list_skills(st.ladder(), st.lang, search, limit)
    answer(result, as_json, lambda render: render.render_skill_list)
