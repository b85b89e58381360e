"""The options and arguments commands share: their types, help, parsing and shell completion."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from careerpath.cli.session import AFTER_COMMAND, state
from careerpath.output.i18n import ALIASES, N_, _


def parse_language(value: str) -> str:
    """A language code as typed (any case, ``no`` for ``nb``) as the code the data uses.

    Codes beyond en, fi and nb (a dataset such as ESCO may have names in ``fr``) are accepted
    here and checked against the dataset's languages when it is loaded.
    """
    from careerpath.data.records import LANGUAGE_CODE, LANGUAGES

    code = ALIASES.get(value.strip().lower(), value.strip().lower())
    if code not in LANGUAGES and not LANGUAGE_CODE.match(code):
        raise typer.BadParameter(
            _(
                "{value} is not a language code: the interface speaks en, fi, nb (no = nb); "
                "a dataset may have names in more, such as fr"
            ).format(value=repr(value))
        )
    return code


def complete_language(incomplete: str) -> list[str]:
    """Shell completion of --lang."""
    from careerpath.data.records import LANGUAGES

    return [code for code in LANGUAGES if code.startswith(incomplete.lower())]


def complete_role(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a role: ids of the roles whose id or a name begins as typed."""
    try:
        from careerpath.cli.completion import role_completions

        st = state(ctx)
        return role_completions(st.dataset(), incomplete, st.lang)
    except Exception:  # a half-typed command line must never end in a traceback
        return []


def complete_skills(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --have: skill ids for the part after the last comma."""
    try:
        from careerpath.cli.completion import skill_completions

        st = state(ctx)
        return skill_completions(st.dataset(), incomplete, st.lang)
    except Exception:  # a half-typed command line must never end in a traceback
        return []


AFTER_COMMAND_HELP = {
    "lang": N_(
        "Language of the interface and of role and skill names: en, fi or nb (no = nb). "
        "Wins over --lang before the command."
    ),
    "data": N_(
        "Data file to use (repeatable; see 'careerpath --help'). "
        "Replaces any --data given before the command."
    ),
    "no_cache": N_("Load the data files afresh, neither reading nor writing the cache."),
}


def _remember_after_command(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    assert param.name is not None
    source = ctx.get_parameter_source(param.name)
    if source is not None and source.name == "COMMANDLINE":  # not the default
        ctx.meta.setdefault(AFTER_COMMAND, {})[param.name] = value
    return value


def options_after_command(group_options: list[Any]) -> list[Any]:
    """Copies of the group's --lang, --data and --no-cache, for a command to take after it.

    Copied rather than declared again: Typer has already built (and checked) them, and each
    command has them at no cost. Their values go to ``ctx.meta`` (see ``state``), not to the
    command's function.
    """
    import copy

    copies = []
    for option in group_options:
        if option.name in AFTER_COMMAND_HELP:
            after = copy.copy(option)
            after.help = AFTER_COMMAND_HELP[option.name]
            after.show_default = False
            after.expose_value = False
            after.callback = _remember_after_command
            copies.append(after)
    return copies


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of a table.")
]
SvgOption = Annotated[
    Path | None,
    typer.Option("--svg", help="Also save what is printed as an SVG image.", metavar="FILE"),
]
RoleArgument = Annotated[
    str,
    typer.Argument(
        help="A role: id, title in any language, or alias.",
        metavar="ROLE",
        autocompletion=complete_role,
    ),
]
HaveOption = Annotated[
    list[str] | None,
    typer.Option(
        "--have",
        help="Your own skill levels, e.g. 'communication=4,leadership=2' (names in any "
        "language, ids or aliases); repeatable. They override the levels of FROM, of "
        "--profile's role and of --profile's skills for the skills they name.",
        metavar="SKILL=LEVEL,...",
        autocompletion=complete_skills,
    ),
]
ProfileOption = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        help="A YAML file with your skills, the tools you know and optionally your current "
        "role (see README, Skill gaps).",
        metavar="FILE",
    ),
]
InferredOption = Annotated[
    bool,
    typer.Option(
        "--inferred",
        help="Also take moves no data file lists, to roles at most one level up whose skills "
        "are similar enough (see --min-similarity); shown as 'inferred'.",
    ),
]
MinSimilarityOption = Annotated[
    float | None,
    typer.Option(
        "--min-similarity",
        min=0.0,
        max=1.0,
        help="Least skill similarity (0-1) of an inferred move; by default derived from the "
        "dataset (the answer says which). Implies --inferred.",
        metavar="X",
    ),
]
AllSkillsOption = Annotated[
    bool,
    typer.Option(
        "--all-skills",
        help="Count and show every skill a role rates, also those of importance below the "
        "line O*NET draws for an important skill (3 on its 1-5 scale); no effect on data "
        "without importances.",
    ),
]
AllToolsOption = Annotated[
    bool,
    typer.Option(
        "--all-tools",
        help="List every tool new to you, not only those flagged hot or in demand (where the "
        "data's tools are examples, as O*NET's are).",
    ),
]
EveryOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help="List every skill and tool in the table, not the first few (a pipe and --json "
        "always list them all).",
    ),
]
DownOption = Annotated[
    bool,
    typer.Option("--down", help="Let inferred moves lead to lower levels too. Implies --inferred."),
]


class RouteRanking(StrEnum):
    steps = "steps"
    gap = "gap"


ImportOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the dataset to FILE (JSON, for --data FILE) instead of installing it "
        "under the user's data directory.",
        metavar="FILE",
    ),
]
ImportNameOption = Annotated[
    str,
    typer.Option(
        "--name", help="The dataset's name; installed as NAME, selected with --data NAME."
    ),
]
ImportForceOption = Annotated[
    bool, typer.Option("--force", help="Replace the output or installed dataset.")
]
