"""Command-line values converted without a Pydantic TypeAdapter where that changes nothing.

Typer 0.29 converts every parameter's value through a Pydantic ``TypeAdapter`` it builds on
first use. The first one imports Pydantic's adapter machinery and plugin loader (with
``importlib.metadata``), about 45 ms of a command that otherwise takes 250 ms. careerpath's
parameters are plain: text, whole numbers and fractions with a bound, flags, paths without
checks, lists of text, and a few choices. This module converts those values itself, to exactly
what Typer's adapter would give, and hands everything else to Typer: an annotation it does not
know, a value it cannot convert, a number out of its bounds (so that every error message is
Typer's own, in the same words, which ``usage_errors`` then translates).

:func:`install` does nothing on a Typer without this machinery (older versions convert values
with Click's types, which cost nothing).
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

_WHOLE = re.compile(r"[0-9]+")
_FRACTION = re.compile(r"[0-9]+(?:\.[0-9]+)?")

_MISSING = object()


def _number(annotation: Any, info: Any, value: Any) -> Any:
    pattern = _WHOLE if annotation is int else _FRACTION
    if not isinstance(value, str) or not pattern.fullmatch(value):
        return value if type(value) is annotation else _MISSING
    number = annotation(value)
    if getattr(info, "clamp", False):
        return _MISSING
    low = getattr(info, "min", None)
    high = getattr(info, "max", None)
    if (low is not None and number < low) or (high is not None and number > high):
        return _MISSING
    return number


def _path(info: Any, value: Any, param: Any, ctx: Any) -> Any:
    from typer._param_types import coerce_cli_path

    if isinstance(value, str) and value:
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    return _MISSING


def _choice(annotation: type[Enum], info: Any, value: Any, ctx: Any) -> Any:
    if isinstance(value, annotation):
        return value
    from typer._param_types import coerce_cli_choice

    try:
        return coerce_cli_choice(
            value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
        )
    except ValueError:
        return _MISSING


def _plain(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """The value Typer's adapter would give, or ``_MISSING`` where this does not know it."""
    if getattr(info, "parser", None) is not None:
        if annotation is not str:
            return _MISSING
        try:
            return info.parser(value)
        except Exception:  # Typer's conversion runs the parser again and words the error
            return _MISSING
    if annotation is str:
        return value if isinstance(value, str) else _MISSING
    if annotation is bool:
        return value if isinstance(value, bool) else _MISSING
    if annotation is int or annotation is float:
        return _number(annotation, info, value)
    if annotation is Path:
        return _path(info, value, param, ctx)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, info, value, ctx)
    plain_list = get_origin(annotation) is list and get_args(annotation) == (str,)
    if plain_list and isinstance(value, (list, tuple)):
        return list(value) if all(isinstance(item, str) for item in value) else _MISSING
    return _MISSING


class _PlainConversion:
    """Stands in for Typer's runtime parameter: converts plain values, and builds Typer's own
    conversion the first time a value is not plain."""

    def __init__(self, build: Any, descriptor: Any) -> None:
        self._build = build
        self._descriptor = descriptor
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        descriptor = self._descriptor
        multiple = param.multiple or param.nargs == -1
        if value is None:  # as Typer's conversion answers a missing value
            return () if multiple else None
        if not (multiple and isinstance(value, str)):
            result = _plain(descriptor.annotation, descriptor.parameter_info, value, param, ctx)
            if result is not _MISSING:
                return result
        if self._typer is None:
            self._typer = self._build(descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)


def install() -> None:
    """Give Typer's parameters the plain conversion (on Typer versions that have the hook)."""
    try:
        from typer import _coercion, core
    except ImportError:  # pragma: no cover (an older Typer: nothing to do)
        return
    parameter = getattr(core, "_TyperParameter", None)
    build = getattr(_coercion, "build_runtime_param", None)
    if parameter is None or build is None or not hasattr(parameter, "get_runtime_param"):
        return  # pragma: no cover (another Typer: leave it be)
    if getattr(parameter.get_runtime_param, "_careerpath", False):
        return

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            self._runtime_param = _PlainConversion(build, self.type_descriptor)
        return self._runtime_param

    get_runtime_param._careerpath = True  # type: ignore[attr-defined]
    parameter.get_runtime_param = get_runtime_param
