"""The ``careerpath`` command line: the Typer app, its options and its commands.

The commands live by concern in ``commands_browse.py``, ``commands_routes.py`` and
``importing.py``; this module puts them on the one app. Library modules are imported inside the
commands so that each command pays only for what it uses (``careerpath roles`` never imports
networkx).
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import suppress
from typing import Annotated, Any, NoReturn

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

from careerpath.cli import (
    commands_browse,
    commands_plan,
    commands_routes,
    commands_skills,
    usage_errors,
)
from careerpath.cli.help import (
    CommandsInWords,
    HelpContext,
    format_command_list,
    format_group_help,
    language_in_arguments,
    name_values,
)
from careerpath.cli.importing import import_app
from careerpath.cli.options import complete_language, options_after_command, parse_language
from careerpath.cli.plain_params import install as install_plain_params
from careerpath.cli.session import State
from careerpath.output.i18n import ALIASES, _

HELP_ORDER = (
    "roles",
    "show",
    "skills",
    "path",
    "next",
    "tree",
    "gap",
    "similar",
    "plan",
    "compare",
    "report",
    "validate",
    "schema",
    "init",
    "export",
    "import",
    "datasets",
)


class _CommandsInHelpOrder(TyperGroup):
    """Lists the commands a user reaches for first at the top of --help, and gives every
    command the options that may also be written after it (--lang, --data, --no-cache)."""

    context_class = HelpContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_values(self.params)
        after = options_after_command(self.params)
        for command in self.commands.values():
            taken = {param.name for param in command.params}
            command.params.extend(option for option in after if option.name not in taken)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # The language is chosen before anything is parsed, so that --help, written before
        # --lang or after it, and Click's own errors speak it too.
        from careerpath.output import i18n

        i18n.use(language_in_arguments(args, ALIASES))
        try:
            result: list[str] = super().parse_args(ctx, args)
        except UsageError as error:
            raise usage_errors.translated(error) from None
        return result

    def invoke(self, ctx: Any) -> Any:
        # Click's usage errors (a missing argument, an unknown option, a bad value) are shown
        # in the chosen language: Typer's Click has no catalogue of its own.
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise usage_errors.translated(error) from None

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(HELP_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_group_help(self, ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        format_command_list(self, ctx, formatter)


install_plain_params()

app = CommandsInWords(
    cls=_CommandsInHelpOrder,
    name="careerpath",
    help="Explore career paths: where you can go from a role, by which route, "
    "and what to learn for the next step.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("careerpath")
        except PackageNotFoundError:
            number = "unknown"
        sys.stdout.write(f"careerpath {number}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            parser=parse_language,
            autocompletion=complete_language,
            metavar="LANG",
            help="Language of the interface and of role and skill names: en, fi or nb "
            "(no = nb), or another the data has names in (ESCO: fr, sv, ...), in any case. "
            "Default: $CAREERPATH_LANG, else the locale ($LANGUAGE, $LC_ALL, $LC_MESSAGES, "
            "$LANG), else en. May also follow the command, as may --data and --no-cache; "
            "written after it, they win.",
        ),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="Data file to use instead of the built-in ladder; repeat to combine files "
            "(later ones extend earlier ones). 'builtin' names the built-in ladder, and the "
            "name of an installed dataset (see 'careerpath datasets') selects it. "
            "Default: $CAREERPATH_DATA, else the built-in ladder.",
            metavar="FILE",
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="The same as --json after a command that takes it."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Load the data files afresh, neither reading nor writing the cache of checked "
            "datasets ($CAREERPATH_CACHE_DIR, else the user's cache directory).",
        ),
    ] = False,
) -> None:
    """Explore career paths: where you can go from a role, by which route, and what to learn."""
    from careerpath.output import i18n

    ctx.obj = State(lang=lang or i18n.current(), data=list(data or []), cache=not no_cache)
    if as_json:
        _json_before_command(ctx)


def _json_before_command(ctx: typer.Context) -> None:
    # `careerpath --json roles` is `careerpath roles --json`: the group sets the command's
    # default, which only a command that takes --json has.
    name = ctx.invoked_subcommand
    group = ctx.command
    if name is None or not isinstance(group, TyperGroup):
        return
    command = group.get_command(ctx, name)
    if command is None:
        return
    if not any(param.name == "as_json" for param in command.params):
        raise typer.BadParameter(
            _("'{command}' does not take --json").format(command=name), param_hint="'--json'"
        )
    defaults = dict(ctx.default_map or {})
    defaults[name] = {**defaults.get(name, {}), "as_json": True}
    ctx.default_map = defaults


# Each module's commands become the app's own (Typer's add_typer without a name).
app.add_typer(commands_browse.commands)
app.add_typer(commands_routes.commands)
app.add_typer(commands_plan.commands)
app.add_typer(commands_skills.commands)
app.add_typer(import_app)


def main() -> None:
    """Entry point of the ``careerpath`` console script: run one command, then end the process.

    The process ends with :func:`os._exit` once stdout and stderr are flushed: the interpreter's
    teardown (freeing every object of a loaded dataset one by one) would add tens of
    milliseconds to every command and change nothing it printed or wrote (files are written
    through a rename before a command returns).
    """
    # The cyclic garbage collector is off for the one command: what a command makes lives
    # until it ends anyway, and finding that out in passes over every object cost 12 ms of a
    # `show` and 50 ms of a `path` at 10,000 occupations. (Measured: a 10,000-occupation
    # import peaks at the same memory without it, and ends 4 s sooner.)
    gc.disable()
    code = run_once()
    finish(code)


def run_once() -> int:
    """Run the command line's command as the console script does, and return its exit code."""
    State.one_shot = True
    try:
        app()
    except SystemExit as exc:
        return exit_code(exc.code)
    return 0


def exit_code(code: object) -> int:
    """The status ``sys.exit(code)`` ends with: None is 0, a message is written and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF if code >= 0 else code % 256
    with suppress(Exception):
        sys.stderr.write(f"{code}\n")
    return 1


def finish(code: int) -> NoReturn:
    """Flush stdout and stderr, then end the process with *code*, skipping the teardown."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left (`| head`): what is left unsaid is lost
            code = code or 1
        except (OSError, ValueError):
            pass
    os._exit(code)
