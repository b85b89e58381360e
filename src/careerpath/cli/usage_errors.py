"""Click's own usage errors, in the language the user chose.

The Click that Typer brings writes its messages in English only ("Missing argument 'ROLE'.",
"No such option: --jsn", "Try 'careerpath roles -h' for help."). The app's group catches them
by type (``cli/app.py``) and has them shown by :func:`show`, worded from our catalogues. A
message this module does not know (a value refused by the app itself, already translated) is
shown as it is.
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

from typer._click import exceptions as click_errors

from careerpath.output.i18n import _


def _hint(error: Any) -> str:
    hint = getattr(error, "param_hint", None)
    if hint is None and getattr(error, "param", None) is not None:
        hint = error.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(part) for part in hint)
    return str(hint) if hint else ""


_VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:Value error, )?(?P<value>.+) is not one of (?P<choices>.+?)\.?$"), "choice"),
    (re.compile(r"^Input should be a valid integer"), "integer"),
    (re.compile(r"^Input should be a valid number"), "number"),
    (re.compile(r"^Input should be a valid boolean"), "boolean"),
    (re.compile(r"^Input should be greater than or equal to (?P<limit>\S+)$"), "at least"),
    (re.compile(r"^Input should be less than or equal to (?P<limit>\S+)$"), "at most"),
    (re.compile(r"^\w+ (?P<name>'.*') does not exist\.$"), "missing file"),
    (re.compile(r"^\w+ (?P<name>'.*') is a directory\.$"), "directory"),
    (re.compile(r"^\w+ (?P<name>'.*') is not readable\.$"), "unreadable"),
)


def _value_problem(text: str) -> str:
    """A value's problem as Typer or pydantic words it, in the current language."""
    for pattern, kind in _VALUE_PATTERNS:
        found = pattern.match(text)
        if found is None:
            continue
        words = found.groupdict()
        if kind == "choice":
            return _("{value} is not one of {choices}.").format(**words)
        if kind == "integer":
            return _("not a whole number.")
        if kind == "number":
            return _("not a number.")
        if kind == "boolean":
            return _("neither yes nor no.")
        if kind == "at least":
            return _("the least allowed is {limit}.").format(**words)
        if kind == "at most":
            return _("the most allowed is {limit}.").format(**words)
        if kind == "missing file":
            return _("{name}: no such file.").format(**words)
        if kind == "directory":
            return _("{name} is a directory.").format(**words)
        return _("{name} cannot be read.").format(**words)
    return text


_EXTRA = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$")
_NO_COMMAND = re.compile(r"^No such command (?P<name>'.*')\.(?: Did you mean (?P<like>.*)\?)?$")
_REQUIRES = re.compile(r"^Option (?P<name>'.*') requires (?:an argument|(?P<n>\d+) arguments)\.$")
_NO_VALUE = re.compile(r"^Option (?P<name>'.*') does not take a value\.$")


def _usage_problem(text: str) -> str:
    """A usage error's own message (``ctx.fail``, the parser), in the current language."""
    if text == "Missing command.":
        return _("Missing command.")
    found = _EXTRA.match(text)
    if found:
        return _("Too many arguments: {args}").format(**found.groupdict())
    found = _NO_COMMAND.match(text)
    if found:
        message = _("No such command {name}.").format(name=found["name"])
        if found["like"]:
            message += " " + _("Did you mean {names}?").format(names=found["like"])
        return message
    found = _REQUIRES.match(text)
    if found:
        return _("Option {name} needs a value.").format(name=found["name"])
    found = _NO_VALUE.match(text)
    if found:
        return _("Option {name} does not take a value.").format(name=found["name"])
    return text


def message(error: click_errors.UsageError) -> str:
    """*error*'s message (what follows "Error: ") in the current language."""
    if isinstance(error, click_errors.MissingParameter):
        kind = error.param_type
        if kind is None and error.param is not None:
            kind = error.param.param_type_name
        hint = _hint(error)
        if kind == "argument":
            text = _("Missing argument {name}.").format(name=hint)
        elif kind == "option":
            text = _("Missing option {name}.").format(name=hint)
        else:
            text = _("Missing value {name}.").format(name=hint)
        extra = error.param.get_missing_message(ctx=error.ctx) if error.param else ""
        if extra and extra.startswith("Choose from:"):
            extra = _("Choose from:") + extra[len("Choose from:") :]
        return f"{text} {extra}".rstrip() if extra else text
    if isinstance(error, click_errors.BadParameter):
        hint = _hint(error)
        problem = _value_problem(error.message)
        if not hint:
            return _("Invalid value: {problem}").format(problem=problem)
        return _("Invalid value for {name}: {problem}").format(name=hint, problem=problem)
    if isinstance(error, click_errors.NoSuchOption):
        if error.message.startswith("No such option"):
            text = _("No such option: {name}").format(name=error.option_name)
        else:
            text = error.message
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += " " + _("(Did you mean {options}?)").format(options=options)
        return text
    return _usage_problem(error.message)


def show(error: click_errors.UsageError, file: IO[Any] | None = None) -> None:
    """Print *error* as Click would, in the current language: usage, hint, then the error."""
    out = file if file is not None else sys.stderr
    ctx = error.ctx
    if ctx is not None:
        out.write(ctx.get_usage().rstrip() + "\n")
        if ctx.command.get_help_option(ctx) is not None:
            help_option = ctx.help_option_names[0]
            out.write(
                _("Try '{command}' for help.").format(command=f"{ctx.command_path} {help_option}")
                + "\n"
            )
        out.write("\n")
    out.write(_("Error: {message}").format(message=message(error)) + "\n")


def translated(error: click_errors.UsageError) -> click_errors.UsageError:
    """*error*, shown in the current language when Typer shows it."""
    if not isinstance(error, click_errors.NoArgsIsHelpError):
        error.show = lambda file=None: show(error, file)  # type: ignore[method-assign]
    return error
