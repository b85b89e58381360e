"""What is said about data files and failures: problems, the ``validate`` report, the
installed datasets, one-line errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from careerpath.output.i18n import _, integer, ngettext, speak
from careerpath.output.layout import plain

if TYPE_CHECKING:
    from careerpath.data.installed import InstalledList
    from careerpath.data.load import ValidationReport
    from careerpath.errors import Problem


def render_error(message: str) -> Text:
    """A one-line error for stderr."""
    return Text(_("error") + ": ", style="bold red") + Text(speak(message))


def render_problems(problems: Sequence[Problem]) -> RenderableType:
    """Data-file problems, one per line, located."""
    lines = []
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        severity = _("error") if problem.severity == "error" else _("warning")
        line = Text(f"{severity}: ", style=f"bold {style}")
        line.append(problem.where(), style="bold")
        line.append(": ")
        line.append(speak(problem.message))
        lines.append(line)
    return Group(*lines)


def render_validation(report: ValidationReport) -> RenderableType:
    """The ``validate`` report: each problem on its own line, then a one-line verdict."""
    names = ", ".join(report.files)
    verdict = Text()
    if report.valid:
        verdict.append(_("valid") + ": ", style="bold green")
    else:
        verdict.append(_("invalid") + ": ", style="bold red")
    verdict.append(names, style="bold")
    if report.base:
        verdict.append(
            " (" + _("on top of {files}").format(files=", ".join(report.base)) + ")", style="dim"
        )
    counts = []
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        counts.append(ngettext("{count} error", "{count} errors", errors).format(count=errors))
    if warnings:
        counts.append(
            ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings)
        )
    if counts:
        verdict.append(" — " + ", ".join(counts))
    parts: list[RenderableType] = [render_problems([*report.errors, *report.warnings]), verdict]
    if report.valid and report.base:
        # A file that only makes sense on top of another loads with that one first, as --data
        # FILE alone says when it refuses the file.
        options = " ".join(f"--data {name}" for name in [*report.base, *report.files])
        parts.append(
            Text(_("use it with: careerpath {options} …").format(options=options), style="dim")
        )
    return Group(*parts)


def render_installed(result: InstalledList) -> RenderableType:
    """The installed datasets: name, roles, file, and the credit each carries."""
    if not result.datasets:
        where = result.directory or _("the data directory")
        return Text(
            _(
                "No datasets installed in {where}. Install one with: careerpath import onet SOURCE"
            ).format(where=where),
            style="yellow",
        )
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column(_("Name"), style="bold", overflow="fold")
    table.add_column(_("Roles"), justify="right")
    table.add_column(_("File"), overflow="fold", ratio=2)
    table.add_column(_("Attribution"), overflow="fold", ratio=3, style="dim")
    for entry in result.datasets:
        roles = _("invalid") if entry.roles is None else integer(entry.roles)
        credit = entry.problem if entry.problem else entry.attribution or ""
        table.add_row(plain(entry.name), plain(roles), plain(entry.path), plain(credit))
    return table
