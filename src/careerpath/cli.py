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

from careerpath.export import ExportFormat

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from careerpath.ladder import Ladder
    from careerpath.models import Role
    from careerpath.profile import Profile
    from careerpath.resolve import RoleIndex
    from careerpath.similarity import InferredSteps, SimilarityIndex

P = ParamSpec("P")
R = TypeVar("R")


class Lang(StrEnum):
    en = "en"
    fi = "fi"
    nb = "nb"


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
)


class _CommandsInHelpOrder(TyperGroup):
    """Lists the commands a user reaches for first at the top of --help."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(HELP_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    cls=_CommandsInHelpOrder,
    name="careerpath",
    help="Explore career paths: where you can go from a role, by which route, "
    "and what to learn for the next step.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    """Options given before the command, shared by every command."""

    lang: str = "en"
    data: list[str] = field(default_factory=list)
    cache: bool = True
    _ladder: Ladder | None = None
    _role_index: RoleIndex | None = None
    one_shot: ClassVar[bool] = False
    """True in the console script, which runs one command and exits."""

    def ladder(self) -> Ladder:
        """The dataset chosen by --data / $CAREERPATH_DATA, loaded once."""
        if self._ladder is None:
            from careerpath.cache import paused_gc
            from careerpath.dataset import load

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
            from careerpath.resolve import role_index

            self._role_index = role_index(self.ladder(), self.lang)
        return self.ladder().roles[self._role_index.find(query)]


def _stdout() -> Console:
    from rich.console import Console

    return Console()


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def emit(renderable: RenderableType, svg: Path | None = None) -> None:
    """Print a rendered result on stdout; with *svg*, also save what was printed as an image."""
    console = _stdout()
    if svg is None:
        console.print(renderable)
        return
    from rich.console import Console

    recorder = Console(record=True, width=console.width, force_terminal=True, file=io.StringIO())
    recorder.print(renderable)
    console.print(renderable)
    write_atomically(svg, recorder.export_svg(title="careerpath"), force=True)


def write_atomically(target: Path, content: str, *, force: bool) -> None:
    """Write *content* to *target* through a temporary file and a rename.

    Raises UsageError when *target* exists and *force* is false; the existing file is untouched.
    """
    import os
    import tempfile

    from careerpath.errors import UsageError

    if target.exists() and not force:
        raise UsageError(f"{target} exists; use --force to overwrite it")
    if target.is_dir():
        raise UsageError(f"{target} is a directory")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
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
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
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
        raise UsageError(f"{target} exists; use --force to overwrite it") from None
    except OSError:
        if target.exists():
            raise UsageError(f"{target} exists; use --force to overwrite it") from None
        os.replace(temporary, target)


def answer(result: Any, as_json: bool, renderer: str, svg: Path | None = None) -> None:
    """Print a result object: its ``to_json()`` with --json, else what ``render.<renderer>``
    draws of it (imported only then: --json output never loads Rich)."""
    if as_json:
        emit_json(result.to_json())
        return
    from careerpath import render

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
            from careerpath.render import render_error, render_problems

            console = _stderr()
            console.print(render_problems(exc.problems), soft_wrap=True)
            console.print(render_error(str(exc)), soft_wrap=True)
            raise typer.Exit(1) from None
        except UsageError as exc:
            from careerpath.render import render_error

            _stderr().print(render_error(str(exc)), soft_wrap=True)
            raise typer.Exit(2) from None
        except CareerpathError as exc:
            from careerpath.render import render_error

            _stderr().print(render_error(str(exc)), soft_wrap=True)
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
        Lang, typer.Option("--lang", "-l", help="Language of role and skill names.")
    ] = Lang.en,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="Data file to use instead of the built-in ladder; repeat to combine files "
            "(later ones extend earlier ones). 'builtin' names the built-in ladder. "
            "Default: $CAREERPATH_DATA, else the built-in ladder.",
            metavar="FILE",
        ),
    ] = None,
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
    ctx.obj = State(lang=lang.value, data=list(data or []), cache=not no_cache)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


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
            "--search", "-s", help="Only roles whose titles, skills or tools contain TEXT."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the roles, by level."""
    from careerpath.catalog import list_roles

    st = state(ctx)
    result = list_roles(st.ladder(), st.lang, level, search)
    answer(result, as_json, "render_role_list")


@app.command("show")
@handle_errors
def show_command(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(help="A role: id, title in any language, or alias.")],
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """Show a role's card: skills, tools, KPIs, salary, and where it leads."""
    from careerpath.catalog import role_card

    st = state(ctx)
    card = role_card(st.ladder(), st.role(role), st.lang)
    answer(card, as_json, "render_role_card", svg)


@app.command("validate")
@handle_errors
def validate_command(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(help="Data files to check, together; 'builtin' names the built-in ladder."),
    ],
    as_json: JsonOption = False,
) -> None:
    """Check data files and report every problem with its location; exit 1 when invalid.

    Files without a skill_scale extend another ladder: they are checked on top of the
    --data files, else $CAREERPATH_DATA, else the built-in ladder.
    """
    from careerpath.dataset import validate_files

    st = state(ctx)
    report = validate_files(files, st.data or None)
    if as_json:
        emit_json(report.to_json())
    else:
        from careerpath.render import render_validation

        emit(render_validation(report))
    if not report.valid:
        raise typer.Exit(1)


@app.command("schema")
@handle_errors
def schema_command() -> None:
    """Print the JSON Schema of the data format, for editors to complete and check files."""
    from careerpath.models import DataFile

    schema = DataFile.model_json_schema(by_alias=True)
    emit_json(schema)


@app.command("init")
@handle_errors
def init_command(
    file: Annotated[Path, typer.Argument(help="Where to write the starter ladder.")],
) -> None:
    """Write a small commented starter ladder to FILE; never overwrites an existing file."""
    from careerpath.errors import UsageError
    from careerpath.starter import starter_ladder

    if file.exists() or file.is_symlink():
        raise UsageError(f"{file} exists; init never overwrites a file, choose another name")
    write_atomically(file, starter_ladder(str(file)), force=False)
    _stderr().print(
        f"Wrote {file}; check it with: careerpath validate {file}",
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
        typer.Option("--from", help="Only this role and the roles it leads to.", metavar="ROLE"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to FILE instead of stdout.", metavar="FILE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE when it exists.")] = False,
) -> None:
    """Export the ladder as Mermaid, Graphviz DOT, GraphML or JSON (loadable with --data)."""
    from careerpath.export import export

    st = state(ctx)
    role = st.role(start) if start is not None else None
    text = export(st.ladder(), fmt, role, st.lang)
    if output is None:
        sys.stdout.write(text)
        return
    write_atomically(output, text, force=force)


HaveOption = Annotated[
    str | None,
    typer.Option(
        "--have",
        help="Your own skill levels, e.g. 'communication=4,leadership=2' (names in any "
        "language, ids or aliases); overrides levels from --profile.",
        metavar="SKILL=LEVEL,...",
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


def your_skills(st: State, have: str | None, profile: Path | None) -> Profile | None:
    """The skills given by --have and --profile (--have wins), or None when neither is."""
    from careerpath.profile import your_profile

    if have is None and profile is None:
        return None
    return your_profile(st.ladder(), profile, have, st.lang)


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
    """What to learn to move from one role (or from your own skills) to another.

    Give FROM and TO, or only TO with --have or --profile.
    """
    from careerpath.errors import UsageError
    from careerpath.gaps import skill_gap

    if len(roles) > 2:
        raise UsageError(f"gap takes FROM and TO, not {len(roles)} roles; quote multi-word names")
    st = state(ctx)
    me = your_skills(st, have, profile)
    target = st.role(roles[-1])
    source = st.role(roles[0]) if len(roles) == 2 else None
    if source is None and me is not None and me.role is not None:
        source = st.ladder().roles[me.role]
    if source is None and (me is None or not me.skills):
        raise UsageError("give FROM and TO, or TO with your skills (--have or --profile)")
    result = skill_gap(
        st.ladder(),
        source,
        target,
        st.lang,
        have=me.skills if me is not None and me.skills else None,
        known_tools=me.tools if me is not None else None,
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
    """The inferred-step rule --inferred, --min-similarity and --down ask for, or None."""
    if not (inferred or min_similarity is not None or down):
        return None
    from careerpath.similarity import DEFAULT_MIN_SIMILARITY, InferredSteps

    threshold = DEFAULT_MIN_SIMILARITY if min_similarity is None else min_similarity
    index = similarity(st, nearest=True)
    return InferredSteps(st.ladder(), threshold, down=down, index=index)


def similarity(st: State, *, nearest: bool = False) -> SimilarityIndex:
    """The similarity index of the dataset, from the cache when an earlier run stored it."""
    from careerpath.similarity import similarity_index

    return similarity_index(st.ladder(), st.data or None, cache=st.cache, nearest=nearest)


class RouteRanking(StrEnum):
    steps = "steps"
    gap = "gap"


RoleArgument = Annotated[
    str, typer.Argument(help="A role: id, title in any language, or alias.", metavar="ROLE")
]


@app.command("path")
@handle_errors
def path_command(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="The role to start from.", metavar="FROM")],
    goal: Annotated[str, typer.Argument(help="The role to reach.", metavar="TO")],
    by: Annotated[
        RouteRanking,
        typer.Option(
            "--by", help="Rank routes by fewest steps, or by smallest total skill climb (gap)."
        ),
    ] = RouteRanking.steps,
    via: Annotated[
        str | None,
        typer.Option("--via", help="A role every route must pass through.", metavar="ROLE"),
    ] = None,
    avoid: Annotated[
        list[str] | None,
        typer.Option(
            "--avoid", help="A role no route may pass through; repeatable.", metavar="ROLE"
        ),
    ] = None,
    promotions_only: Annotated[
        bool, typer.Option("--promotions-only", help="Only promotions, no lateral moves.")
    ] = False,
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives", "-n", min=0, max=20, help="How many routes besides the best one."
        ),
    ] = 2,
    inferred: InferredOption = False,
    min_similarity: MinSimilarityOption = None,
    down: DownOption = False,
    as_json: JsonOption = False,
    svg: SvgOption = None,
) -> None:
    """The best routes from one role to another, ranked, with what each step asks."""
    from careerpath.errors import NoPath
    from careerpath.routes import find_routes

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
        from careerpath.render import render_no_route

        message = str(exc)
        if rule is not None:
            message += (
                f" (inferred moves included: similarity at least {rule.min_similarity:g}"
                + ("" if rule.down else ", none down")
                + "; a lower --min-similarity allows more)"
            )
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
    from careerpath.routes import next_steps

    st = state(ctx)
    me = your_skills(st, have, profile)
    if role is not None:
        start = st.role(role)
    elif me is not None and me.role is not None:
        start = st.ladder().roles[me.role]
    else:
        raise UsageError("name a ROLE, or give a --profile that names your current role")
    rule = inferred_steps(st, inferred, min_similarity, down)
    if me is None or not me.skills:
        result = next_steps(st.ladder(), start, st.lang, inferred=rule)
    else:
        # Ranked by your readiness; the tools you know add to those of the role you are in.
        known = {tool.name for tool in start.tools} | set(me.tools)
        result = next_steps(
            st.ladder(), start, st.lang, have=me.skills, known_tools=known, inferred=rule
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
    """A tree of where a role leads (or, with --up, where it comes from)."""
    from careerpath.routes import role_tree

    st = state(ctx)
    rule = inferred_steps(st, inferred, min_similarity, down)
    result = role_tree(st.ladder(), st.role(role), up=up, depth=depth, lang=st.lang, inferred=rule)
    answer(result, as_json, "render_tree", svg)


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
    from careerpath.similarity import similar_roles

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
        raise UsageError("name a ROLE, or give your skills with --have or --profile")
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
