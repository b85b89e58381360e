"""Babel extraction method for careerpath: ``_()``/``N_()``/``ngettext()`` calls, every
``help=`` text given to Typer, and the docstrings of commands (which are their --help).

Used by ``babel.cfg`` (``pybabel extract -F babel.cfg``, run from the repository root with
``PYTHONPATH=.``) and by the catalogue test. Development only: not shipped.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import IO, Any

MARKERS = {"_", "N_"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_command(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _name(call) in {"command", "callback"}


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    """Yield (line, function, message, comments) for every message in a Python file."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = _name(node.func)
            if function in MARKERS and node.args and _text(node.args[0]) is not None:
                yield node.lineno, function, _text(node.args[0]) or "", []
            elif function == "ngettext" and len(node.args) >= 2:
                singular, plural = _text(node.args[0]), _text(node.args[1])
                if singular is not None and plural is not None:
                    yield node.lineno, function, (singular, plural), []
            for keyword in node.keywords:
                if keyword.arg == "help" and _text(keyword.value):
                    yield keyword.value.lineno, None, _text(keyword.value) or "", []
        elif isinstance(node, ast.FunctionDef) and any(
            _is_command(decorator) for decorator in node.decorator_list
        ):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, None, doc, []
