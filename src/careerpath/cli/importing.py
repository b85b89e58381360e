"""``careerpath import onet`` and ``import esco``: an external dataset as a careerpath dataset.

Each command imports, writes the dataset (to --output, or installed under NAME), primes the
cache with it and reports on stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from careerpath.cli.help import CommandsInWords, Subcommands
from careerpath.cli.options import ImportForceOption, ImportNameOption, ImportOutputOption
from careerpath.cli.session import handle_errors, stderr_console

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

R = TypeVar("R")

import_app = CommandsInWords(
    cls=Subcommands,
    name="import",
    help="Import an external occupational dataset as a careerpath dataset.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


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
            help="Also keep related occupations in a lower job zone as steps (kind related).",
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
    from careerpath.data.files import write_atomically
    from careerpath.errors import UsageError

    if output is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create {target.parent}: {exc.strerror or exc}") from None
    write_atomically(target, text, force=force)
    _prime_cache(str(target), ladder)


def _report_import(summary: list[str], target: Path, name: str, output: Path | None) -> None:
    console = stderr_console()
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


def _run_import(work: Callable[[Any], R]) -> R:
    """Run an import, with a progress bar on stderr when stderr is a terminal."""
    console = stderr_console()
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
