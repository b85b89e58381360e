"""The ``careerpath`` command line: parse arguments, call the library, print the result.

Library modules are imported inside the commands so that each command pays only for what it
uses (``careerpath roles`` never imports networkx).
"""

from __future__ import annotations

import functools
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from careerpath.ladder import Ladder
    from careerpath.models import Role

P = ParamSpec("P")
R = TypeVar("R")


class Lang(StrEnum):
    en = "en"
    fi = "fi"
    nb = "nb"


app = typer.Typer(
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
    _ladder: Ladder | None = None

    def ladder(self) -> Ladder:
        """The dataset chosen by --data / $CAREERPATH_DATA, loaded once."""
        if self._ladder is None:
            from careerpath.dataset import load

            self._ladder = load(self.data or None)
        return self._ladder

    def role(self, query: str) -> Role:
        """The role a command-line argument names."""
        from careerpath.resolve import find_role

        return find_role(self.ladder(), query, self.lang)


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
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def emit_json(document: Any) -> None:
    """Print one JSON document on stdout."""
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
            console.print(render_problems(exc.problems))
            console.print(render_error(str(exc)))
            raise typer.Exit(1) from None
        except UsageError as exc:
            from careerpath.render import render_error

            _stderr().print(render_error(str(exc)))
            raise typer.Exit(2) from None
        except CareerpathError as exc:
            from careerpath.render import render_error

            _stderr().print(render_error(str(exc)))
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
) -> None:
    """Explore career paths: where you can go from a role, by which route, and what to learn."""
    ctx.obj = State(lang=lang.value, data=list(data or []))


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
    if as_json:
        emit_json(result.to_json())
        return
    from careerpath.render import render_role_list

    emit(render_role_list(result))


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
    if as_json:
        emit_json(card.to_json())
        return
    from careerpath.render import render_role_card

    emit(render_role_card(card), svg)


def main() -> None:
    """Entry point of the ``careerpath`` console script."""
    app()
