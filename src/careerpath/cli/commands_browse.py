"""The commands that browse and check the dataset: roles, show, validate, schema, init, export
and datasets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from careerpath.cli.help import CommandsInWords
from careerpath.cli.options import JsonOption, SvgOption, complete_role
from careerpath.cli.session import (
    answer,
    deliver,
    emit_json,
    handle_errors,
    inferred_steps,
    state,
    stderr_console,
)
from careerpath.output.export import ExportFormat
from careerpath.output.i18n import _

commands = CommandsInWords()
"""The commands of this module, put on the app (``cli/app.py``) as its own."""


@commands.command("roles")
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
    answer(result, as_json, lambda render: render.render_role_list)


@commands.command("show")
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
    shown = st.role(role)
    # Where the data lists no steps (ESCO), the card lists the moves next and path infer.
    rule = inferred_steps(st, False, None, False, note=False)
    card = role_card(st.ladder(), shown, st.lang, inferred=rule)
    answer(card, as_json, lambda render: render.render_role_card, svg)


@commands.command("validate")
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
    answer(report, as_json, lambda render: render.render_validation)
    if not report.valid:
        raise typer.Exit(1)


@commands.command("schema")
@handle_errors
def schema_command() -> None:
    """Print the JSON Schema of the data format.

    Editors use it to complete and check data files.
    """
    from careerpath.data.models import DataFile

    schema = DataFile.model_json_schema(by_alias=True)
    emit_json(schema)


@commands.command("init")
@handle_errors
def init_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Where to write the starter ladder: YAML, or JSON for a .json name; "
            "'-' prints it (YAML) on stdout."
        ),
    ],
) -> None:
    """Write a small commented starter ladder to FILE.

    Its comments and example texts are in the chosen language. Never overwrites an existing file.
    """
    from careerpath.data.files import write_atomically
    from careerpath.data.starter import starter_for, starter_ladder
    from careerpath.errors import UsageError

    lang = state(ctx).lang
    if str(file) == "-":
        sys.stdout.write(starter_ladder(lang=lang))
        return
    if file.exists() or file.is_symlink():
        raise UsageError(
            _("{file} exists; init never overwrites a file, choose another name").format(file=file)
        )
    write_atomically(file, starter_for(str(file), lang), force=False)
    stderr_console().print(
        _("Wrote {file}; check it with: careerpath validate {file}").format(file=file),
        markup=False,
        emoji=False,
        highlight=False,
    )


@commands.command("export")
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
    """Export the ladder as Mermaid, Graphviz DOT, GraphML, JSON or SQLite.

    A JSON export loads back with --data. An SQLite export (--format sqlite --output FILE)
    holds the dataset in tables for SQL tools such as sqlite-utils or Datasette.
    """
    from careerpath.output.export import export

    st = state(ctx)
    if fmt == ExportFormat.sqlite:
        if output is None or str(output) == "-":
            from careerpath.errors import UsageError

            raise UsageError(_("--format sqlite writes a file: name it with --output FILE"))
        from careerpath.data.files import check_writable, write_atomically
        from careerpath.output.export import to_sqlite

        check_writable(output, force=force)  # before any work
        role = st.role(start) if start is not None else None
        write_atomically(output, (to_sqlite(st.ladder(), role),), force=force)
        return
    role = st.role(start) if start is not None else None
    deliver(export(st.ladder(), fmt, role, st.lang), output, force=force)


@commands.command("datasets")
@handle_errors
def datasets_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the installed datasets (for --data NAME)."""
    from careerpath.data.installed import list_installed

    installed = list_installed(cache=state(ctx).cache)
    answer(installed, as_json, lambda render: render.render_installed)
