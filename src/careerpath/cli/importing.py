"""``careerpath import onet`` and ``import esco``: an external dataset as a careerpath dataset.

Each command imports, writes the dataset (to --output, standard output for ``-``, or installed
under NAME), primes the cache with it and reports on stderr. Where it would write is checked
before the import starts; Ctrl-C at any moment exits 130 and says what was written.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from careerpath.cli.help import CommandsInWords, Subcommands
from careerpath.cli.options import ImportForceOption, ImportNameOption, ImportOutputOption
from careerpath.cli.session import handle_errors, stderr_console
from careerpath.output.i18n import _

if TYPE_CHECKING:
    from careerpath.data.cache import LadderCache
    from careerpath.data.importers import ImportResult
    from careerpath.data.ladder import Ladder

P = ParamSpec("P")
R = TypeVar("R")
_DATA_FILE_SUFFIXES = (".json", ".yaml", ".yml")

import_app = CommandsInWords(
    cls=Subcommands,
    name="import",
    help="Import an external occupational dataset as a careerpath dataset.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class _Interrupted(KeyboardInterrupt):
    """Ctrl-C, with what to say about what was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def interruptible(command: Callable[P, R]) -> Callable[P, R]:
    """Ctrl-C at any moment of *command*: a line on stderr saying what was written, exit 130
    (128 + SIGINT, as a shell reports it), no traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt as exc:
            said = exc.message if isinstance(exc, _Interrupted) else None
            _say_interrupted(said or _("Interrupted: nothing was written."))
            raise typer.Exit(130) from None

    return wrapper


def _say_interrupted(message: str) -> None:
    import signal

    try:  # a second Ctrl-C does not cut the message short
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals go elsewhere anyway
        previous = None
    try:
        stderr_console().print(message, markup=False, emoji=False, highlight=False)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


@import_app.command("onet")
@interruptible
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
    from careerpath.data.importers.onet import DEFAULT_TIERS, import_onet, parse_tiers
    from careerpath.errors import UsageError

    try:
        chosen = parse_tiers(tiers) if tiers else list(DEFAULT_TIERS)
    except ValueError as exc:
        raise UsageError(f"--tiers: {exc}") from None
    _import_dataset(
        lambda progress: import_onet(
            source, name=name, tiers=chosen, include_down=include_down, progress=progress
        ),
        name,
        output,
        force,
    )


@import_app.command("esco")
@interruptible
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
    from careerpath.data.importers.esco import import_esco

    _import_dataset(
        lambda progress: import_esco(sources, name=name, progress=progress), name, output, force
    )


def _import_dataset(
    work: Callable[[Any], ImportResult[Any]],
    name: str,
    output: Path | None,
    force: bool,
) -> None:
    """Check where the dataset goes, import it with *work*, write it, prime the cache, report.

    Nothing is written until the import has succeeded; what it writes is whole or absent.
    """
    from careerpath.data.importers import to_json_text

    target = _import_target(name, output, force)
    result = _run_import(work)
    text = to_json_text(result.document)
    if target is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except KeyboardInterrupt:
            raise _Interrupted(
                _("Interrupted: the dataset on standard output is incomplete.")
            ) from None
    else:
        _write_import(target, output, force, text)
    # Only the checked dataset is needed from here: the document and its text (hundreds of
    # MB at 10,000 occupations) go before the store is written.
    ladder, summary = result.ladder, result.report.summary()
    del result, text
    try:
        if target is not None and _cache_wanted():
            entry = _store(str(target), ladder)
            del ladder  # the indexes are made from the store: a lower peak
            if entry is not None:
                _prime_indexes(str(target), entry)
        _report_import(summary, target, name, output)
    except KeyboardInterrupt:
        where = str(target) if target is not None else _("standard output")
        raise _Interrupted(
            _("Interrupted after writing {file} (whole).").format(file=where)
        ) from None


def _check_name(name: str) -> None:
    """Refuse a --name that cannot be installed and selected with --data NAME, saying why."""
    from careerpath.data.locate import BUILTIN, STDIN, is_name
    from careerpath.errors import UsageError

    problem = None
    if name.casefold() == BUILTIN:
        problem = _(
            "--name: {name} is reserved: --data {name} means the built-in dataset; choose "
            "another name"
        )
    elif name == STDIN:
        problem = _("--name: {name} is reserved: it means standard input; choose another name")
    elif (
        any(separator in name for separator in ("/", "\\", os.sep, os.altsep or "/"))
        or name.startswith((".", "~"))
        or ".." in name
        or name.casefold().endswith(_DATA_FILE_SUFFIXES)
    ):
        problem = _(
            "--name: {name} looks like a path; a name is a plain word, such as onet (to "
            "write a file, use --output FILE)"
        )
    elif not is_name(name):
        problem = _(
            "--name: {name} is not a usable name: letters, digits, '.', '_' and '-', "
            "beginning with a letter or digit, at most 64 characters"
        )
    if problem is not None:
        raise UsageError(problem.format(name=repr(name)))


def _import_target(name: str, output: Path | None, force: bool) -> Path | None:
    """Where an import writes: FILE, None for standard output (``-``), or the installed dataset
    NAME. Refused before the import starts: a reserved or path-like NAME, a FILE in no folder,
    and whatever the writer would refuse (see :func:`careerpath.data.files.check_target`)."""
    from careerpath.data.files import check_target
    from careerpath.data.locate import STDIN, installed_path
    from careerpath.errors import CannotWrite, UsageError

    _check_name(name)
    if output is not None and str(output) == STDIN:
        return None
    target = output if output is not None else installed_path(name)
    if target is None:
        raise UsageError(_("no data directory (no home directory); give --output FILE"))
    try:
        check_target(target, force=force)
    except CannotWrite:
        if output is None and target.is_file() and not target.is_symlink():
            raise CannotWrite(
                str(target),
                _(
                    "{file} exists; use --force to replace it (installed as {name}; or choose "
                    "another --name)"
                ).format(file=target, name=repr(name)),
            ) from None
        raise
    if output is not None and not output.parent.is_dir():
        raise CannotWrite(
            str(output),
            _("cannot write {file}: there is no folder {folder}").format(
                file=output, folder=output.parent
            ),
        )
    return target


def _write_import(target: Path, output: Path | None, force: bool, text: str) -> None:
    from careerpath.data.files import write_atomically
    from careerpath.errors import UsageError

    if output is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                _("cannot create {folder}: {reason}").format(
                    folder=target.parent, reason=exc.strerror or exc
                )
            ) from None
    write_atomically(target, text, force=force)


def _report_import(summary: list[str], target: Path | None, name: str, output: Path | None) -> None:
    console = stderr_console()
    for line in summary:
        console.print(line, markup=False, emoji=False, highlight=False, soft_wrap=True)
    if target is None:
        done = _("Wrote the dataset to standard output.")
    else:
        how = f"--data {target}" if output is not None else f"--data {name}"
        done = _("Wrote {file}; use it with: careerpath {how} roles").format(file=target, how=how)
    console.print(done, markup=False, emoji=False, highlight=False, soft_wrap=True)


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


def _cache_wanted() -> bool:
    """False when --no-cache was given, before or after the command."""
    from typer._click.globals import get_current_context

    from careerpath.cli.session import state

    context = get_current_context(silent=True)
    return context is None or state(context).cache  # type: ignore[arg-type]


def _store(spec: str, ladder: Ladder) -> LadderCache | None:
    """Write the imported dataset's store, so the first command that uses it is fast."""
    from careerpath.data.cache import LadderCache

    entry = LadderCache.open([spec])
    if entry is not None:
        ladder.files = [spec]  # as a load of that file would name it
        entry.put(ladder)
    return entry


def _prime_indexes(spec: str, entry: LadderCache) -> None:
    """Keep beside the store the indexes of names, skills, tools and similarity that commands
    would otherwise make on first use."""
    from careerpath.data.cache import remember

    stored = entry.get()
    if stored is None:  # the cache folder cannot be written
        return
    remember(stored, entry)
    from careerpath.queries.catalog import tool_index_data
    from careerpath.queries.names import role_index_data, skill_index
    from careerpath.queries.similarity import similarity_index

    role_index_data(stored)
    skill_index(stored)
    tool_index_data(stored)
    similarity_index(stored, [spec], nearest=True, every_role=True)
    entry.point_when_settled()
