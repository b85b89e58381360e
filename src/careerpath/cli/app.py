"""The ``careerpath`` command line: parse arguments, call the library, print the result.

Library modules are imported inside the commands so that each command pays only for what it
uses (``careerpath roles`` never imports networkx).
"""

from __future__ import annotations

import functools
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup

from careerpath.cli.help import (
    HelpContext,
    WordsInHelp,
    format_command_list,
    format_group_help,
    language_in_arguments,
    name_values,
)
from careerpath.output.export import ExportFormat
from careerpath.output.i18n import N_, _, speak

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from careerpath.data.ladder import Ladder
    from careerpath.data.models import Role
    from careerpath.errors import AmbiguousName
    from careerpath.queries.names import RoleIndex
    from careerpath.queries.profile import Profile
    from careerpath.queries.similarity import InferredSteps, SimilarityIndex

P = ParamSpec("P")
R = TypeVar("R")
CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])


LANGUAGE_ALIASES = {"no": "nb"}
"""Other codes people type for a supported language: ``no`` (Norwegian) is Bokmål here."""


def parse_language(value: str) -> str:
    """A language code as typed (any case, ``no`` for ``nb``) as the code the data uses.

    Codes beyond en, fi and nb (a dataset such as ESCO may have names in ``fr``) are accepted
    here and checked against the dataset's languages when it is loaded.
    """
    from careerpath.data.models import LANGUAGE_CODE, LANGUAGES

    code = LANGUAGE_ALIASES.get(value.strip().lower(), value.strip().lower())
    if code not in LANGUAGES and not LANGUAGE_CODE.match(code):
        raise typer.BadParameter(
            _("{value} is not one of en, fi, nb (or no, for nb)").format(value=repr(value))
        )
    return code


def complete_language(incomplete: str) -> list[str]:
    """Shell completion of --lang."""
    from careerpath.data.models import LANGUAGES

    return [code for code in LANGUAGES if code.startswith(incomplete.lower())]


HELP_ORDER = (
    "roles",
    "show",
    "path",
    "next",
    "tree",
    "gap",
    "similar",
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
        after = _options_after_command(self.params)
        for command in self.commands.values():
            taken = {param.name for param in command.params}
            command.params.extend(option for option in after if option.name not in taken)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # The language is chosen before anything is parsed, so that --help, written before
        # --lang or after it, and Click's own errors speak it too.
        from careerpath.output import i18n

        i18n.use(language_in_arguments(args, LANGUAGE_ALIASES))
        result: list[str] = super().parse_args(ctx, args)
        return result

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(HELP_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_group_help(self, ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        format_command_list(self, ctx, formatter)


class _Careerpath(typer.Typer):
    """The app, whose commands all name their values in words in --help."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[CommandFunction], CommandFunction]:
        kwargs.setdefault("cls", WordsInHelp)
        return super().command(*args, **kwargs)


app = _Careerpath(
    cls=_CommandsInHelpOrder,
    name="careerpath",
    help="Explore career paths: where you can go from a role, by which route, "
    "and what to learn for the next step.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


_AFTER_COMMAND = "careerpath.after_command"
"""Where the options written after the command wait (in ``ctx.meta``) until ``state()``."""


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
        ctx.meta.setdefault(_AFTER_COMMAND, {})[param.name] = value
    return value


def _options_after_command(group_options: list[Any]) -> list[Any]:
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


def _current_language() -> str:
    from careerpath.output import i18n

    return i18n.current()


@dataclass
class State:
    """The options every command takes: before the command, or after it (which wins)."""

    lang: str = field(default_factory=lambda: _current_language())
    data: list[str] = field(default_factory=list)
    cache: bool = True
    _ladder: Ladder | None = None
    _lang_checked: bool = False
    _role_index: RoleIndex | None = None
    one_shot: ClassVar[bool] = False
    """True in the console script, which runs one command and exits."""

    def ladder(self) -> Ladder:
        """The dataset chosen by --data / $CAREERPATH_DATA, loaded once; a --lang it has no
        names in is refused."""
        ladder = self.dataset()
        if not self._lang_checked:
            _check_language(ladder, self.lang)
            self._lang_checked = True
        return ladder

    def dataset(self) -> Ladder:
        """The dataset, loaded once, whatever --lang says (shell completion uses English)."""
        if self._ladder is None:
            from careerpath.data.cache import paused_gc
            from careerpath.data.load import load

            # A process that runs one command need never scan what the load built again
            # (freezing in a longer-lived process, such as a test run, would keep its garbage).
            with paused_gc(freeze=self.one_shot):
                self._ladder = load(self.data or None, cache=self.cache)
        return self._ladder

    def role(self, query: str) -> Role:
        """The role a command-line argument names (as ``resolve.find_role`` finds it)."""
        exact = self.ladder().roles.get(query)
        if exact is not None:  # an id needs no index of every name
            return exact
        if self._role_index is None:  # built once: it costs a pass over every role's names
            from careerpath.queries.names import role_index

            self._role_index = role_index(self.ladder(), self.lang)
        from careerpath.errors import AmbiguousRole

        try:
            return self.ladder().roles[self._role_index.find(query)]
        except AmbiguousRole as exc:
            if not interactive():
                raise
            return self.ladder().roles[choose(exc)]


def _check_language(ladder: Ladder, lang: str) -> None:
    """Refuse a --lang beyond en, fi and nb that no role or skill of *ladder* has names in."""
    from careerpath.data.models import LANGUAGES
    from careerpath.errors import UsageError

    if lang in LANGUAGES:
        return
    given: set[str] = set()
    for role in ladder.roles.values():
        given.update(role.title.other)
        if lang in given:
            return
    known = ", ".join(sorted({*LANGUAGES, *given}))
    raise UsageError(f"--lang {lang}: the data has no names in {lang!r}; it has {known}")


def interactive() -> bool:
    """True when a person can answer a question: stdin and stderr are both a terminal."""
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def choose(exc: AmbiguousName) -> str:
    """Ask on stderr which of an ambiguous name's candidates is meant; returns its id."""
    lines = [
        _("{query} matches several {things}:").format(
            query=repr(exc.query), things=speak(exc.things())
        )
    ]
    for number, (ident, title) in enumerate(exc.candidates, 1):
        lines.append(f"  {number}. {title} ({ident})")
    typer.echo("\n".join(lines), err=True)
    count = len(exc.candidates)
    while True:  # ends with an answer, or with Ctrl-C / end of input (typer aborts, exit 1)
        number = typer.prompt(_("Which one? [1-{count}]").format(count=count), type=int, err=True)
        if 1 <= number <= count:
            return str(exc.candidates[number - 1][0])
        typer.echo(_("Answer with a number from 1 to {count}.").format(count=count), err=True)


def _console(stderr: bool = False) -> Console:
    """A console for stdout (or stderr) as wide as the terminal it writes to.

    Output that is not a terminal (a pipe, a file) is not wrapped at all, so ``grep`` and
    editors see whole lines. $COLUMNS, when set, is the width asked for either way. Rich alone
    would wrap a pipe at the width of whichever of stdin/stdout/stderr is a terminal, or at 80.
    """
    import os

    from rich.console import Console

    from careerpath.output.render import UNBOUNDED

    stream = sys.stderr if stderr else sys.stdout
    columns = os.environ.get("COLUMNS", "")
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        terminal = False
    width = None if columns.isdigit() or terminal else UNBOUNDED
    return Console(stderr=stderr, width=width)


def _stdout() -> Console:
    return _console()


def _stderr() -> Console:
    return _console(stderr=True)


def emit(renderable: RenderableType, svg: Path | None = None) -> None:
    """Print a rendered result on stdout; with *svg*, also save what was printed as an image."""
    from careerpath.output.render import UNBOUNDED, Trimmed

    console = _stdout()
    if svg is None:
        console.print(Trimmed(renderable))
        return
    from rich.console import Console
    from rich.measure import Measurement

    width = console.width
    if width >= UNBOUNDED:  # the image of piped output is as wide as its longest line
        width = max(1, Measurement.get(console, console.options, renderable).maximum)
    recorder = Console(record=True, width=width, force_terminal=True, file=io.StringIO())
    recorder.print(Trimmed(renderable))
    console.print(Trimmed(renderable))
    write_atomically(svg, recorder.export_svg(title="careerpath"), force=True)


def write_atomically(target: Path, content: str, *, force: bool) -> None:
    """Write *content* to *target* through a temporary file and a rename.

    Raises UsageError when *target* exists and *force* is false; the existing file is untouched.
    """
    import os
    import tempfile

    from careerpath.errors import UsageError

    if target.exists() and not force:
        raise UsageError(_("{file} exists; use --force to overwrite it").format(file=target))
    if target.is_dir():
        raise UsageError(_("{file} is a directory").format(file=target))
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as exc:
        raise UsageError(
            _("cannot write {file}: {reason}").format(file=target, reason=exc.strerror or exc)
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); give it the mode a new file normally gets.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        if force:
            os.replace(temporary, target)
        else:
            _link_new(Path(temporary), target)
    except OSError as exc:
        raise UsageError(
            _("cannot write {file}: {reason}").format(file=target, reason=exc.strerror or exc)
        ) from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _link_new(temporary: Path, target: Path) -> None:
    # A hard link fails if the target exists, so a file created since the check above is
    # never overwritten either; file systems without hard links fall back to check-and-rename.
    import os

    from careerpath.errors import UsageError

    try:
        os.link(temporary, target)
    except FileExistsError:
        raise UsageError(
            _("{file} exists; use --force to overwrite it").format(file=target)
        ) from None
    except OSError:
        if target.exists():
            raise UsageError(
                _("{file} exists; use --force to overwrite it").format(file=target)
            ) from None
        os.replace(temporary, target)


def answer(result: Any, as_json: bool, renderer: str, svg: Path | None = None) -> None:
    """Print a result object: its ``to_json()`` with --json, else what ``render.<renderer>``
    draws of it (imported only then: --json output never loads Rich)."""
    if as_json:
        emit_json(result.to_json())
        return
    from careerpath.output import render

    emit(getattr(render, renderer)(result), svg)


def emit_json(document: Any) -> None:
    """Print one JSON document on stdout."""
    import json

    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's errors into a message on stderr and exit code 1 (2 for usage)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from careerpath.errors import CareerpathError, InvalidDataset, UsageError

        try:
            return command(*args, **kwargs)
        except InvalidDataset as exc:
            from careerpath.output.render import render_error, render_problems

            console = _stderr()
            console.print(render_problems(exc.problems), soft_wrap=True)
            console.print(render_error(exc.message), soft_wrap=True)
            raise typer.Exit(1) from None
        except UsageError as exc:
            from careerpath.output.render import render_error

            _stderr().print(render_error(exc.message), soft_wrap=True)
            raise typer.Exit(2) from None
        except CareerpathError as exc:
            from careerpath.output.render import render_error

            _stderr().print(render_error(exc.message), soft_wrap=True)
            raise typer.Exit(1) from None

    return wrapper


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


def state(ctx: typer.Context) -> State:
    """The options of this run: those given before the command, overridden by those after it."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        # Shell completion parses the command line without running the group's callback.
        given = root.params
        root.obj = State(
            lang=given.get("lang") or _current_language(),
            data=list(given.get("data") or []),
            cache=not given.get("no_cache"),
        )
    st: State = root.obj
    after = ctx.meta.pop(_AFTER_COMMAND, None)
    if after:
        st.lang = after.get("lang", st.lang)
        st.data = list(after.get("data", st.data))
        st.cache = st.cache and not after.get("no_cache", False)
        st._ladder = st._role_index = None
        st._lang_checked = False
    return st


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


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of a table.")
]
SvgOption = Annotated[
    Path | None,
    typer.Option("--svg", help="Also save what is printed as an SVG image.", metavar="FILE"),
]


@app.command("roles")
@handle_errors
def roles_command(
    ctx: typer.Context,
    level: Annotated[int | None, typer.Option("--level", help="Only roles at this level.")] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Only roles TEXT finds by title, alias, skill or tool, best match first.",
            metavar="TEXT",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most N roles.", metavar="N")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the roles, by level (with --search, best match first)."""
    from careerpath.queries.catalog import list_roles

    st = state(ctx)
    result = list_roles(st.ladder(), st.lang, level, search, limit)
    answer(result, as_json, "render_role_list")


@app.command("show")
@handle_errors
def show_command(
    ctx: typer.Context,
    role: Annotated[
        str,
        typer.Argument(
            help="A role: id, title in any language, or alias.", autocompletion=complete_role
        ),
    ],
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """Show a role: skills, tools, KPIs, salary, and where it leads."""
    from careerpath.queries.catalog import role_card

    st = state(ctx)
    card = role_card(st.ladder(), st.role(role), st.lang)
    answer(card, as_json, "render_role_card", svg)


@app.command("validate")
@handle_errors
def validate_command(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            help="Data files to check, together; 'builtin' names the built-in ladder, "
            "'-' standard input.",
            metavar="FILE...",
        ),
    ],
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also warn about each role that lacks a Finnish or Norwegian translation of "
            "its title, summary, responsibilities, KPIs, track or tool categories.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Check data files; report every problem with its location.

    Exits 1 when the files are invalid. Files without a skill_scale extend another ladder:
    they are checked on top of the --data files, else $CAREERPATH_DATA, else the built-in
    ladder.
    """
    from careerpath.data.load import validate_files

    st = state(ctx)
    report = validate_files(files, st.data or None, strict=strict)
    if as_json:
        emit_json(report.to_json())
    else:
        from careerpath.output.render import render_validation

        emit(render_validation(report))
    if not report.valid:
        raise typer.Exit(1)


@app.command("schema")
@handle_errors
def schema_command() -> None:
    """Print the JSON Schema of the data format.

    Editors use it to complete and check data files.
    """
    from careerpath.data.models import DataFile

    schema = DataFile.model_json_schema(by_alias=True)
    emit_json(schema)


@app.command("init")
@handle_errors
def init_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="Where to write the starter ladder: YAML, or JSON for a .json name; "
            "'-' prints it (YAML) on stdout."
        ),
    ],
) -> None:
    """Write a small commented starter ladder to FILE.

    Never overwrites an existing file.
    """
    from careerpath.data.starter import starter_for, starter_ladder
    from careerpath.errors import UsageError

    if str(file) == "-":
        sys.stdout.write(starter_ladder())
        return
    if file.exists() or file.is_symlink():
        raise UsageError(
            _("{file} exists; init never overwrites a file, choose another name").format(file=file)
        )
    write_atomically(file, starter_for(str(file)), force=False)
    _stderr().print(
        _("Wrote {file}; check it with: careerpath validate {file}").format(file=file),
        markup=False,
        emoji=False,
        highlight=False,
    )


@app.command("export")
@handle_errors
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="The format to write.")
    ] = ExportFormat.mermaid,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Only this role and the roles it leads to.",
            metavar="ROLE",
            autocompletion=complete_role,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of stdout.", metavar="FILE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE when it exists.")] = False,
) -> None:
    """Export the ladder as Mermaid, Graphviz DOT, GraphML or JSON.

    A JSON export loads back with --data.
    """
    from careerpath.output.export import export

    st = state(ctx)
    role = st.role(start) if start is not None else None
    text = export(st.ladder(), fmt, role, st.lang)
    if output is None:
        sys.stdout.write(text)
        return
    write_atomically(output, text, force=force)


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


def your_skills(st: State, have: list[str] | None, profile: Path | None) -> Profile | None:
    """The skills given by --have (all of them) and --profile (--have wins), or None."""
    from careerpath.queries.profile import your_profile

    if not have and profile is None:
        return None
    return your_profile(st.ladder(), profile, have or None, st.lang)


@app.command("gap")
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
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """What to learn to go from a role (or your skills) to another.

    Give FROM and TO, or only TO with --have or --profile.
    """
    from careerpath.errors import UsageError
    from careerpath.queries.gaps import skill_gap

    if len(roles) > 2:
        raise UsageError(
            _("gap takes FROM and TO, not {count} roles; quote multi-word names").format(
                count=len(roles)
            )
        )
    st = state(ctx)
    me = your_skills(st, have, profile)
    target = st.role(roles[-1])
    source = st.role(roles[0]) if len(roles) == 2 else None
    if source is None and me is not None and me.role is not None:
        source = st.ladder().roles[me.role]
    if source is None and (me is None or not me.skills):
        raise UsageError(_("give FROM and TO, or TO with your skills (--have or --profile)"))
    result = skill_gap(
        st.ladder(),
        source,
        target,
        st.lang,
        have=me.skills if me is not None and me.skills else None,
        known_tools=me.tools if me is not None and me.tools else None,
        along_route=along_route,
    )
    answer(result, as_json, "render_gap", svg)


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
        help="Least skill similarity (0-1) of an inferred move; default 0.7. Implies --inferred.",
        metavar="X",
    ),
]
DownOption = Annotated[
    bool,
    typer.Option("--down", help="Let inferred moves lead to lower levels too. Implies --inferred."),
]


def inferred_steps(
    st: State, inferred: bool, min_similarity: float | None, down: bool
) -> InferredSteps | None:
    """The inferred-step rule --inferred, --min-similarity and --down ask for, or None.

    On a dataset that lists no steps at all (ESCO), inferred moves are used without asking,
    and stderr says so once.
    """
    from careerpath.queries.similarity import NO_STEPS_MIN_SIMILARITY

    if not (inferred or min_similarity is not None or down):
        if st.ladder().steps:
            return None
        _stderr().print(
            "Note: the data lists no career steps; using inferred moves (roles sharing "
            f"skills, similarity at least {NO_STEPS_MIN_SIMILARITY:g}, at most one level up).",
            style="dim",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    from careerpath.queries.similarity import DEFAULT_MIN_SIMILARITY, InferredSteps

    default = DEFAULT_MIN_SIMILARITY if st.ladder().steps else NO_STEPS_MIN_SIMILARITY
    threshold = default if min_similarity is None else min_similarity
    index = similarity(st, nearest=True)
    return InferredSteps(st.ladder(), threshold, down=down, index=index)


def similarity(st: State, *, nearest: bool = False) -> SimilarityIndex:
    """The similarity index of the dataset, from the cache when an earlier run stored it."""
    from careerpath.queries.similarity import similarity_index

    return similarity_index(st.ladder(), st.data or None, cache=st.cache, nearest=nearest)


class RouteRanking(StrEnum):
    steps = "steps"
    gap = "gap"


RoleArgument = Annotated[
    str,
    typer.Argument(
        help="A role: id, title in any language, or alias.",
        metavar="ROLE",
        autocompletion=complete_role,
    ),
]


@app.command("path")
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
            "--by", help="Rank routes by fewest steps, or by smallest total skill climb (gap)."
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
        bool, typer.Option("--promotions-only", help="Only promotions, no lateral moves.")
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
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
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
        )
    except NoPath as exc:
        from careerpath.output.render import render_no_route

        message = speak(exc.message)
        if rule is not None:
            from careerpath.output.i18n import decimal

            if rule.down:
                more = _(
                    "inferred moves included: similarity at least {figure}; a lower "
                    "--min-similarity allows more"
                )
            else:
                more = _(
                    "inferred moves included: similarity at least {figure}, none down; a lower "
                    "--min-similarity allows more"
                )
            message += " (" + more.format(figure=decimal(rule.min_similarity, 6)) + ")"
        _stderr().print(render_no_route(message, exc.nearest), soft_wrap=True)
        raise typer.Exit(1) from None
    answer(result, as_json, "render_routes", svg)


@app.command("next")
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
    as_json: JsonOption = False,
) -> None:
    """Every direct next step from a role, the most ready first."""
    from careerpath.errors import UsageError
    from careerpath.queries.steps import next_steps

    st = state(ctx)
    me = your_skills(st, have, profile)
    if role is not None:
        start = st.role(role)
    elif me is not None and me.role is not None:
        start = st.ladder().roles[me.role]
    else:
        raise UsageError(_("name a ROLE, or give a --profile that names your current role"))
    rule = inferred_steps(st, inferred, min_similarity, down)
    if me is None or not me.skills:
        result = next_steps(
            st.ladder(), start, st.lang, known_tools=me.tools if me else None, inferred=rule
        )
    else:
        # Ranked by your readiness: your levels override the role's for the skills you name,
        # and the tools you know add to those of the role you are in.
        result = next_steps(
            st.ladder(),
            start,
            st.lang,
            have=me.skills,
            known_tools=me.tools or None,
            inferred=rule,
        )
    answer(result, as_json, "render_next")


@app.command("tree")
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
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """A tree of where a role leads (--up: where it comes from)."""
    from careerpath.queries.steps import role_tree

    st = state(ctx)
    rule = inferred_steps(st, inferred, min_similarity, down)
    result = role_tree(st.ladder(), st.role(role), up=up, depth=depth, lang=st.lang, inferred=rule)
    answer(result, as_json, "render_tree", svg)


class _Subcommands(TyperGroup):
    """A group of subcommands (``import onet``) with the same help layout as the app's."""

    context_class = HelpContext

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_group_help(self, ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        format_command_list(self, ctx, formatter)


import_app = _Careerpath(
    cls=_Subcommands,
    name="import",
    help="Import an external occupational dataset as a careerpath dataset.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app)


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


@import_app.command("onet")
@handle_errors
def import_onet_command(
    source: Annotated[
        Path,
        typer.Argument(
            help="The O*NET database in text format: the downloaded zip (db_NN_N_text.zip) "
            "or its unpacked folder.",
            metavar="SOURCE",
        ),
    ],
    output: ImportOutputOption = None,
    name: ImportNameOption = "onet",
    tiers: Annotated[
        list[str] | None,
        typer.Option(
            "--tiers",
            help="Relatedness tiers that become career steps, comma-separated or repeated: "
            "primary-short, primary-long, supplemental. Default: primary-short,primary-long.",
            metavar="TIER,...",
        ),
    ] = None,
    include_down: Annotated[
        bool,
        typer.Option(
            "--include-down",
            help="Also keep related occupations in a lower job zone, as lateral steps.",
        ),
    ] = False,
    force: ImportForceOption = False,
) -> None:
    """Import the O*NET database (USDOL/ETA, CC BY 4.0) as a careerpath dataset.

    Without --output the dataset is installed under the user's data directory as NAME
    (default 'onet'), so that '--data onet' selects it. A summary goes to stderr.
    """
    from careerpath.data.importers import to_json_text
    from careerpath.data.importers.onet import DEFAULT_TIERS, import_onet, parse_tiers
    from careerpath.errors import UsageError

    try:
        chosen = parse_tiers(tiers) if tiers else list(DEFAULT_TIERS)
    except ValueError as exc:
        raise UsageError(f"--tiers: {exc}") from None
    target = _import_target(name, output, force)
    result = _run_import(
        lambda progress: import_onet(
            source, name=name, tiers=chosen, include_down=include_down, progress=progress
        )
    )
    _write_import(target, name, output, force, to_json_text(result.document), result.ladder)
    _report_import(result.report.summary(), target, name, output)


def _import_target(name: str, output: Path | None, force: bool) -> Path:
    """Where an import writes: FILE, or the installed dataset NAME (refused if it exists)."""
    from careerpath.data.locate import NAME_PATTERN, installed_path
    from careerpath.errors import UsageError

    if not NAME_PATTERN.match(name):
        raise UsageError(f"--name: {name!r} is not a usable name (letters, digits, '.', '_', '-')")
    target = output if output is not None else installed_path(name)
    if target is None:
        raise UsageError("no data directory (no home directory); give --output FILE")
    if (target.exists() or target.is_symlink()) and not force:
        hint = "" if output is not None else f" (installed as {name!r}; or choose another --name)"
        raise UsageError(f"{target} exists; use --force to replace it{hint}")
    return target


def _write_import(
    target: Path, name: str, output: Path | None, force: bool, text: str, ladder: Ladder
) -> None:
    from careerpath.errors import UsageError

    if output is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create {target.parent}: {exc.strerror or exc}") from None
    write_atomically(target, text, force=force)
    _prime_cache(str(target), ladder)


def _report_import(summary: list[str], target: Path, name: str, output: Path | None) -> None:
    console = _stderr()
    for line in summary:
        console.print(line, markup=False, emoji=False, highlight=False, soft_wrap=True)
    how = f"--data {target}" if output is not None else f"--data {name}"
    console.print(
        f"Wrote {target}; use it with: careerpath {how} roles",
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
    )


@import_app.command("esco")
@handle_errors
def import_esco_command(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="ESCO CSV packs of one release, in any languages: each a downloaded zip "
            "('ESCO dataset - v1.2.1 - classification - fi - csv.zip') or its unpacked folder.",
            metavar="SOURCE...",
        ),
    ],
    output: ImportOutputOption = None,
    name: ImportNameOption = "esco",
    force: ImportForceOption = False,
) -> None:
    """Import ESCO packs (European Commission; occupations and skills in 28 languages).

    Packs of one release combine: each adds its language's names. Without --output the
    dataset is installed as NAME (default 'esco'), so that '--data esco' selects it. A summary
    goes to stderr.
    """
    from careerpath.data.importers import to_json_text
    from careerpath.data.importers.esco import import_esco

    target = _import_target(name, output, force)
    result = _run_import(lambda progress: import_esco(sources, name=name, progress=progress))
    _write_import(target, name, output, force, to_json_text(result.document), result.ladder)
    _report_import(result.report.summary(), target, name, output)


def _run_import(work: Callable[[Any], R]) -> R:
    """Run an import, with a progress bar on stderr when stderr is a terminal."""
    console = _stderr()
    if not console.is_terminal:
        return work(None)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("Importing {task.description:<24}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        return work(progress)


def _prime_cache(spec: str, ladder: Ladder) -> None:
    """Store the imported dataset in the cache, so the first command that uses it is fast."""
    from careerpath.data.cache import LadderCache

    entry = LadderCache.open([spec])
    if entry is not None:
        ladder.files = [spec]  # as a load of that file would name it
        entry.put(ladder)


@app.command("datasets")
@handle_errors
def datasets_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the installed datasets (for --data NAME)."""
    from careerpath.data.installed import list_installed

    answer(list_installed(cache=state(ctx).cache), as_json, "render_installed")


@app.command("similar")
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
    as_json: JsonOption = False,
) -> None:
    """Roles whose skills are most like a role's (or your own), with what each asks more.

    Similarity is the cosine of the two skill profiles (level × importance where the data
    has it): 1 for the same profile, 0 for roles that share no skill.
    """
    from careerpath.errors import UsageError
    from careerpath.queries.similarity import similar_roles

    st = state(ctx)
    me = your_skills(st, have, profile)
    source = st.role(role) if role is not None else None
    subject: Role | Profile
    if me is not None and me.skills:
        from dataclasses import replace

        # Measured from your skills; ROLE, when given, is where you stand instead of the
        # profile's role.
        subject = replace(me, role=source.id) if source is not None else me
    elif source is not None:
        subject = source
    elif me is not None and me.role is not None:
        subject = st.ladder().roles[me.role]
    else:
        raise UsageError(_("name a ROLE, or give your skills with --have or --profile"))
    result = similar_roles(
        st.ladder(),
        subject,
        limit=limit,
        up=up,
        min_similarity=min_similarity,
        lang=st.lang,
        index=similarity(st),
    )
    answer(result, as_json, "render_similar")


def main() -> None:
    """Entry point of the ``careerpath`` console script."""
    State.one_shot = True
    app()
