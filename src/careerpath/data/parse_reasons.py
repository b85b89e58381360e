"""Why a data file is not valid YAML or JSON, in words a person editing a ladder understands.

PyYAML says what went wrong in its own English ("mapping values are not allowed here"), and
libyaml, which it uses when it is installed, in other words for the same mistakes ("... in this
context"). The mistakes people make most are recognised here by those words (their ``problem``
and ``context``, as ``yaml/scanner.py``, ``yaml/parser.py`` and libyaml's scanner and parser
write them) and said as a :class:`~careerpath.messages.Message`, which the output layer says
in the user's language. A reason not recognised is kept in PyYAML's own words. Python's
``json`` module has a short fixed list of reasons; each is said the same way.
"""

from __future__ import annotations

import re
from typing import Any

from careerpath.messages import _

_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")
_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")


def yaml_reason(error: Any, text: str) -> str:
    """What *error* (a ``yaml.MarkedYAMLError`` raised reading *text*) means: a Message for the
    common mistakes, PyYAML's own words for the rest; with a hint when a tab on the line may
    be the cause."""
    reason = _recognised(error, text)
    if reason is None:
        reason = error.problem or error.context or _("cannot be parsed")
    mark = error.problem_mark or error.context_mark
    if reason != _TAB and "\t" in _line_before(text, mark):
        return _("{reason} (a tab: indent with spaces)").format(reason=reason)
    return reason


_TAB = _("a tab character where YAML allows only spaces: indent with spaces")


def _recognised(error: Any, text: str) -> str | None:
    problem: str = error.problem or ""
    context: str = error.context or ""
    mark, start = error.problem_mark, error.context_mark
    here = _character(text, mark)
    opened = (start.line + 1, start.column + 1) if start is not None else None
    if "tab character" in problem or ("cannot start any token" in problem and here == "\t"):
        return _TAB
    if problem.startswith("mapping values are not allowed"):
        return _(
            "a ': ' where a new key cannot start: a value containing ': ' must be in quotes, "
            "and a key must line up with the keys above it"
        )
    if "cannot start any token" in problem and here:
        return _("a value cannot start with '{character}': put the value in quotes").format(
            character=here
        )
    if "sequence entries are not allowed" in problem:
        return _(
            "a list item ('- ') cannot start here: begin the list on the next line, indented "
            "under its key"
        )
    if "found unhashable key" in problem:
        return _("a key cannot be a list or a mapping")
    if problem == "but found another document":
        return _(
            "a second YAML document starts here; a data file holds one (remove the '---' line)"
        )
    if "could not determine a constructor" in problem:
        tag = problem.split("for the tag")[-1].strip()
        return _("YAML tags that build objects are not allowed ({tag})").format(tag=tag)
    if "nesting depth" in problem:  # PyYAML 6.0.3+ has a depth limit of its own
        return _("nesting is deeper than the parser's limit ({reason})").format(reason=problem)
    if "undefined alias" in problem:
        found = _ALIAS.match(text, mark.index) if mark is not None else None
        if found:
            return _("the alias *{alias} refers to no anchor &{alias} defined before it").format(
                alias=found.group(1)
            )
    if "duplicate anchor" in context and start is not None and mark is not None:
        found = _ANCHOR.match(text, mark.index)
        if found:
            return _("the anchor &{anchor} is defined a second time (first on line {line})").format(
                anchor=found.group(1), line=start.line + 1
            )
    if opened is None:
        return None
    line, column = opened
    if "quoted scalar" in context:
        if (
            "end of stream" in problem
            or "document indicator" in problem
            or ("document separator" in problem)
        ):
            return _(
                "the quoted text that starts on line {line}, column {column} has no closing quote"
            ).format(line=line, column=column)
        if "escape" in problem or "hexdecimal" in problem or "hexadecimal" in problem:
            return _(
                "a backslash in double quotes starts an escape sequence, and this one is not "
                "valid: write \\\\ for a backslash, or use single quotes"
            )
    if context == "while parsing a flow sequence":
        return _(
            "the list opened with '[' on line {line}, column {column} is not closed: a ']', "
            "or a ',' between items, is missing"
        ).format(line=line, column=column)
    if context == "while parsing a flow mapping":
        return _(
            "the mapping opened with '{{' on line {line}, column {column} is not closed: a '}}', "
            "or a ',' between entries, is missing"
        ).format(line=line, column=column)
    if context == "while parsing a block collection":
        return _(
            "the indentation does not match the list that starts on line {line}: each item "
            "starts with '- ' at the same column, and the keys of an item line up"
        ).format(line=line)
    if context == "while parsing a block mapping":
        return _(
            "expected another 'key: value' of the mapping that starts on line {line}: check the "
            "indentation, and that nothing follows a closing quote or bracket"
        ).format(line=line)
    if context == "while scanning a simple key":
        return _(
            "the text that starts on line {line} is neither 'key: value' nor a list item: "
            "is a ':' missing?"
        ).format(line=line)
    if context in ("while scanning an anchor", "while scanning an alias"):
        return _(
            "a value that starts with '{character}' must be in quotes ('&' starts an anchor, "
            "'*' an alias)"
        ).format(character=_character(text, start))
    if "node content" in problem and here:
        return _(
            "a value is missing before '{character}' (a value that starts with it must be in "
            "quotes)"
        ).format(character=here)
    return None


def control_character_reason(error: Any, text: str) -> tuple[str, int | None, int | None]:
    """What a ``yaml.reader.ReaderError`` (a character YAML does not allow) means, with the
    line and column of the character when its position is known."""
    position = getattr(error, "position", None)
    if not isinstance(position, int) or not 0 <= position < len(text):
        return str(error), None, None
    line, column = _line_and_column(text, position)
    character = f"U+{ord(text[position]):04X}"
    reason = _("a control character ({character}) is not allowed in a data file: delete it")
    return reason.format(character=character), line, column


_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""The line breaks YAML counts lines by (PyYAML's reader and libyaml alike)."""


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    line, begins = 1, 0
    for found in _BREAKS.finditer(text, 0, index):
        line, begins = line + 1, found.end()
    return line, index - begins + 1


def _character(text: str, mark: Any) -> str:
    """The character at *mark* ('' past the end of the text)."""
    index = getattr(mark, "index", None)
    if isinstance(index, int) and 0 <= index < len(text):
        return text[index]
    return ""


def _line_before(text: str, mark: Any) -> str:
    """The text of *mark*'s line up to and including the mark's character."""
    index = getattr(mark, "index", None)
    if not isinstance(index, int):
        return ""
    begins = max(text.rfind(sep, 0, index) for sep in ("\n", "\r", "\x85", "\u2028", "\u2029"))
    return text[begins + 1 : index + 1]


def json_reason(reason: str) -> str:
    """What a ``json.JSONDecodeError``'s *reason* (its ``msg``) means: a Message for each
    reason Python's ``json`` module gives, its own words for one it may add later."""
    if reason == "Expecting value":
        return _(
            "expected a value: a text in double quotes, a number, true, false, null, a list or "
            "an object (or is there a ',' too many?)"
        )
    if reason == "Expecting property name enclosed in double quotes":
        return _(
            "expected a key in double quotes (JSON puts every key in double quotes and has no "
            "',' after the last entry)"
        )
    if reason == "Expecting ':' delimiter":
        return _("expected a ':' after the key")
    if reason == "Expecting ',' delimiter":
        return _("expected a ',' between two entries, or a closing bracket")
    if reason == "Unterminated string starting at":
        return _("the text in double quotes that starts here has no closing quote")
    if reason == "Invalid control character at":
        return _("a tab or a line break inside a text in double quotes: write \\t or \\n instead")
    if reason.startswith(("Invalid \\escape", "Invalid \\uXXXX")):
        return _(
            "a backslash starts an escape sequence, and this one is not valid: write \\\\ for "
            "a backslash"
        )
    if reason == "Extra data":
        return _("text after the end of the JSON document")
    if reason.startswith("Illegal trailing comma"):  # Python 3.13 and later
        return _("a ',' after the last entry, which JSON does not allow")
    return reason
