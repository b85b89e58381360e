"""How ``--help`` reads: values named in words, text wrapped at spaces to the terminal's width.

Part of the command line (``cli/app.py``): Typer shows types where a value has no metavar
(``<int>``, ``<list[str]>``, ``{role}``, ``[[ROLE]]``), and Click cuts each command's
description with "..." in the command list, never formats help narrower than 50 columns and
breaks words at hyphens. The classes here are given to Typer in ``cli/app.py`` and
``cli/importing.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from careerpath.output.i18n import N_, _

CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])

HELP_OPTION_HELP = N_("Show this message and exit.")
"""Click's help for -h/--help, in the catalogue so that it is translated like the rest."""

COMPLETION_HELP = (
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
"""Typer's help for --install-completion and --show-completion, translated like the rest."""


def language_in_arguments(args: list[str], aliases: dict[str, str]) -> str | None:
    """The language the last ``--lang``/``-l`` in *args* asks for, or None when none does.

    Read before Click parses anything, so that --help and Click's own messages follow it. Any
    code is returned as typed (lower case, aliases resolved): one without a catalogue speaks
    English, and one the parser refuses is reported by the parser.
    """
    found: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value: str | None = None
        if arg in {"--lang", "-l"} and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-l") and len(arg) > 2 and not arg.startswith("--"):
            value = arg[2:]
        if value is not None and value.strip():
            found = aliases.get(value.strip().lower(), value.strip().lower())
    return found


def _translated(owner: Any, attribute: str) -> None:
    """Set *owner*'s help text (``help`` or ``short_help``) to its translation.

    The English source is kept on the object, so that a later call in another language
    translates from it again.
    """
    import inspect

    kept = f"_careerpath_source_{attribute}"
    source = getattr(owner, kept, None)
    if source is None:
        source = getattr(owner, attribute, None)
        if not source:
            return
        source = inspect.cleandoc(source)
        setattr(owner, kept, source)
    setattr(owner, attribute, _(source))


def localize(command: Any, ctx: Any) -> None:
    """Put *command*'s help, and that of its parameters, in the current language."""
    _translated(command, "help")
    _translated(command, "short_help")
    for param in command.get_params(ctx):
        if param.name == "help" and getattr(param, "help", None):
            param.help = HELP_OPTION_HELP
        _translated(param, "help")


def _click_extras(text: str) -> str:
    """Click's own notes after an option's help ("[default: 5]", "[required]"), translated."""
    return text.replace("[default: ", _("[default: ")).replace("[required]", _("[required]"))


def name_values(params: list[Any]) -> None:
    """Give every value a word for --help instead of a type: ``--level LEVEL``, ``ROLE``.

    Typer shows ``<int>``, ``<list[str]>`` and ``{role}`` where a parameter has no metavar of
    its own. Choices read ``[en|fi|nb]``; an argument is its name in capitals, in brackets when
    optional and with ``...`` when it takes several.
    """
    for param in params:
        if param.metavar is not None:
            continue
        if param.param_type_name == "argument":
            label = (param.name or "value").upper()
            if param.nargs != 1:
                label += "..."
            param.metavar = label if param.required else f"[{label}]"
        elif param.param_type_name == "option" and not (param.is_flag or param.count):
            # Typer keeps a parameter's choices in its type descriptor, Click in its type.
            described = getattr(param, "type_descriptor", None) or getattr(param, "type", None)
            choices = getattr(described, "choices", None)
            if choices:
                names = "|".join(str(getattr(choice, "value", choice)) for choice in choices)
                param.metavar = f"[{names}]"
            else:
                param.metavar = (param.name or "value").upper()


def _wrapped(text: str, width: int, indent: str, hanging: str = "") -> str:
    """*text*'s paragraphs wrapped at spaces only, never inside a word.

    Click's own wrapping also breaks at hyphens (``built-`` / ``in``) and cuts words longer
    than the line.
    """
    import textwrap

    paragraphs = [
        " ".join(line.strip() for line in part.splitlines() if line.strip())
        for part in text.split("\n\n")
        if part.strip()
    ]
    return "\n\n".join(
        textwrap.fill(
            paragraph,
            max(width, 1),
            initial_indent=indent,
            subsequent_indent=indent + hanging,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for paragraph in paragraphs
    )


# Click's formatter class, whichever Click Typer brings (its own copy in recent versions).
class _HelpFormatter(typer.Context.formatter_class):  # type: ignore[misc,valid-type]
    """--help as wide as the terminal (Click never goes below 50 columns), wrapped at spaces;
    on a narrow terminal each option's description goes under it instead of beside it."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, **kw: Any) -> None:
        if width is None:
            import shutil

            widest = kw.get("max_width") or 80
            width = max(min(shutil.get_terminal_size().columns, widest) - 2, 20)
        super().__init__(indent_increment, width, **kw)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def getvalue(self) -> str:
        # Click leaves a space at the end of a usage line it wraps ("Usage: careerpath gap ").
        text: str = super().getvalue()
        return "\n".join(line.rstrip() for line in text.split("\n"))

    def write_text(self, text: str) -> None:
        self.write(_wrapped(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        indent = " " * self.current_indent
        first = min(max(len(term) for term, _ in rows), col_max) + col_spacing
        room = self.width - self.current_indent - first
        for term, text in rows:
            if room < 24:  # too narrow beside the terms: underneath them
                self.write(_wrapped(term, self.width, indent, hanging="  ") + "\n")
                if text:
                    self.write(_wrapped(text, self.width, indent + "    ") + "\n")
                continue
            lines = _wrapped(text, room, "").splitlines() or [""]
            if len(term) <= first - col_spacing:
                self.write(f"{indent}{term:<{first}}{lines.pop(0)}".rstrip() + "\n")
            else:  # a long term has its description start on the next line
                self.write(f"{indent}{term}\n")
            for line in lines:
                self.write(f"{indent}{'':<{first}}{line}".rstrip() + "\n")


class HelpContext(typer.Context):
    formatter_class = _HelpFormatter


class WordsInHelp(TyperCommand):
    """A command whose --help names its arguments in words: ``path [OPTIONS] FROM TO``."""

    context_class = HelpContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_values(self.params)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        localize(self, ctx)
        super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [str(p.metavar) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        format_parameters(self, ctx, formatter)


def format_group_help(group: Any, ctx: Any, formatter: Any) -> None:
    """A group's --help in the current language (its commands listed by ``format_commands``)."""
    localize(group, ctx)
    group.format_usage(ctx, formatter)
    group.format_help_text(ctx, formatter)
    format_parameters(group, ctx, formatter)
    group.format_commands(ctx, formatter)
    group.format_epilog(ctx, formatter)


def format_parameters(command: Any, ctx: Any, formatter: Any) -> None:
    """The "Arguments" and "Options" sections of *command*'s help, in the current language."""
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        if param.param_type_name == "argument":
            arguments.append((str(param.metavar), _click_extras(record[1])))
        else:
            options.append((record[0], _click_extras(record[1])))
    for title, records in ((_("Arguments"), arguments), (_("Options"), options)):
        if records:
            with formatter.section(title):
                formatter.write_dl(records)


def format_command_list(group: Any, ctx: Any, formatter: Any) -> None:
    """The "Commands" section of *group*'s help: each command's whole first sentence.

    The formatter wraps a long one; Click would cut it short with "..." to fit one line.
    """
    rows = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        localize(command, ctx)
        rows.append((name, command.get_short_help_str(limit=sys.maxsize)))
    if rows:
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)


class Subcommands(TyperGroup):
    """A group of subcommands (``import onet``) with the same help layout as the app's."""

    context_class = HelpContext

    def format_help(self, ctx: Any, formatter: Any) -> None:
        format_group_help(self, ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        format_command_list(self, ctx, formatter)


class CommandsInWords(typer.Typer):
    """A Typer app whose commands all name their values in words in --help."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[CommandFunction], CommandFunction]:
        kwargs.setdefault("cls", WordsInHelp)
        return super().command(*args, **kwargs)
