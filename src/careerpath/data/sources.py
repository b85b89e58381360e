"""Read and parse one data file: its text, decoded within limits, and where its fields are.

Data files are untrusted: every limit below exists so that a hostile or broken file ends in an
:class:`~careerpath.errors.InvalidDataset` naming the problem and where it is, quickly and
without exhausting memory.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.data.locate import BUILTIN, builtin_path
from careerpath.errors import InvalidDataset, Problem
from careerpath.messages import Number, _

STDIN_LABEL = "<stdin>"
"""The label of a data file read from standard input."""

MAX_FILE_BYTES = 128 * 1024 * 1024
"""Largest data file read: room for an imported taxonomy of 10,000 occupations in several
languages (37 MB) three times over, and for ESCO in every language it has."""
MAX_NODES = 2_000_000
"""Most values a file may expand to, counting every alias expansion (stops "billion laughs").
Four times what the 3,000-role benchmark dataset holds."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists; the format itself needs six levels."""
_MAX_FLOW_DEPTH = 100
_LIMIT_MB = MAX_FILE_BYTES // 1_048_576


@dataclass
class SourceText:
    """A data file's decoded text with the label problems use for it."""

    label: str
    text: str
    is_json: bool = False


def read_text(spec: str) -> SourceText:
    """Read one data file as UTF-8 text; ``builtin`` names the embedded dataset.

    Raises InvalidDataset when the path is not a readable UTF-8 file within the size limit.
    """
    if spec == BUILTIN:
        path = builtin_path()
        return SourceText(BUILTIN, path.read_text(encoding="utf-8"))
    path = Path(spec)

    def fail(message: str, line: int | None = None) -> InvalidDataset:
        return InvalidDataset([Problem(message, file=spec, line=line)])

    try:
        if not path.exists():
            if path.is_symlink():
                raise fail(_("is a broken or looping symbolic link"))
            raise fail(_("no such file"))
        if path.is_dir():
            raise fail(_("is a directory, not a data file"))
        if not path.is_file():  # a FIFO or device would block or never end
            raise fail(_("is not a regular file"))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(
                _(
                    "file is {size} MB; the limit is {limit} MB (see docs/data-format.md, Limits)"
                ).format(size=Number(-(-size // 1_048_576)), limit=Number(_LIMIT_MB))
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise fail(_("permission denied")) from None
    except OSError as exc:
        raise fail(_("cannot be read: {reason}").format(reason=exc.strerror or str(exc))) from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(_("file is larger than the {limit} MB limit").format(limit=Number(_LIMIT_MB)))
    return SourceText(spec, decode(raw, spec), is_json=spec.lower().endswith(".json"))


def read_stdin() -> SourceText:
    """Read a data file from standard input, within the size limit (labelled ``<stdin>``).

    It is read as YAML, which JSON is too.
    """
    import sys

    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidDataset(
            [
                Problem(
                    _("input is larger than the {limit} MB limit").format(limit=Number(_LIMIT_MB)),
                    file=STDIN_LABEL,
                )
            ]
        )
    return SourceText(STDIN_LABEL, decode(raw, STDIN_LABEL))


def decode(raw: bytes, label: str) -> str:
    """Decode a data file's bytes as UTF-8, accepting a UTF-8 byte-order mark."""

    def fail(message: str, line: int | None = None) -> InvalidDataset:
        return InvalidDataset([Problem(message, file=label, line=line)])

    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise fail(_("file is UTF-32 encoded; save it as UTF-8"))
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise fail(_("file is UTF-16 encoded; save it as UTF-8"))
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise fail(_("file contains NUL bytes: binary data or UTF-16 text, not UTF-8 YAML"), line)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise fail(
            _(
                "not valid UTF-8 (byte {byte}); save the file as UTF-8 "
                "(it may be Latin-1 or another legacy encoding)"
            ).format(byte=f"0x{byte:02x}"),
            line,
        ) from None


def parse(source: SourceText) -> Any:
    """Parse a data file's text (YAML, or JSON for ``.json`` files) into plain values.

    Only plain YAML is read: tags that would build Python objects are refused, as are alias
    expansions and nesting beyond the limits.
    """
    if source.is_json:
        # JSON has no aliases, and nesting deeper than Python's recursion limit ends in
        # RecursionError: neither scan is needed (they cost a quarter of a large file's load).
        try:
            return json.loads(source.text)
        except json.JSONDecodeError as exc:
            from careerpath.data.parse_reasons import json_reason

            raise InvalidDataset(
                [
                    Problem(
                        _("not valid JSON: {reason}").format(reason=json_reason(exc.msg)),
                        source.label,
                        "",
                        exc.lineno,
                        exc.colno,
                    )
                ]
            ) from None
        except RecursionError:
            raise _too_deep(source.label) from None
    _check_flow_depth(source)
    document = _parse_yaml(source)
    _check_size(document, source.label)
    return document


def _parse_yaml(source: SourceText) -> Any:
    import yaml

    from careerpath.data.parse_reasons import control_character_reason, yaml_reason

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(source.text, Loader=loader)  # a safe loader: no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = yaml_reason(exc, source.text)
        return _raise_yaml(source.label, _("not valid YAML: {reason}").format(reason=what), mark)
    except yaml.reader.ReaderError as exc:
        what, line, column = control_character_reason(exc, source.text)
        message = _("not valid YAML: {reason}").format(reason=what)
        raise InvalidDataset([Problem(message, source.label, "", line, column)]) from None
    except yaml.YAMLError as exc:
        raise InvalidDataset(
            [Problem(_("not valid YAML: {reason}").format(reason=exc), source.label)]
        ) from None
    except RecursionError:
        raise _too_deep(source.label) from None


def _raise_yaml(label: str, message: str, mark: Any) -> Any:
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    raise InvalidDataset([Problem(message, label, "", line, column)])


def _too_deep(label: str) -> InvalidDataset:
    return InvalidDataset(
        [
            Problem(
                _("nesting is deeper than the limit of {count} levels").format(count=MAX_DEPTH),
                label,
            )
        ]
    )


_FLOW_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(source: SourceText) -> None:
    # Deep "[[[[..." nesting can exhaust the parser's stack before any limit of ours runs, so
    # it is refused by a scan of the raw text. Brackets inside strings count too; a real file
    # would need a hundred unbalanced ones to be refused by mistake.
    depth = 0
    for match in _FLOW_BRACKETS.finditer(source.text):
        depth += 1 if match.group() in "[{" else -1
        if depth > _MAX_FLOW_DEPTH:
            line = source.text.count("\n", 0, match.start()) + 1
            raise InvalidDataset(
                [
                    Problem(
                        _("nesting is deeper than the limit of {count} brackets").format(
                            count=_MAX_FLOW_DEPTH
                        ),
                        source.label,
                        line=line,
                    )
                ]
            )


def _check_size(document: Any, label: str) -> None:
    # Aliases make shared references, so a tiny file can stand for billions of values; count
    # what the document expands to (each shared container once per reference) and its depth.
    expanded: dict[int, int] = {}

    def count(value: Any, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _too_deep(label)
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            return 1
        known = expanded.get(id(value))
        if known is not None:
            return known
        total = 1
        for child in children:
            total += count(child, depth + 1)
            if total > MAX_NODES:
                raise InvalidDataset(
                    [
                        Problem(
                            _(
                                "file expands to more than {count} values (YAML aliases?); refused"
                            ).format(count=Number(MAX_NODES)),
                            label,
                        )
                    ]
                )
        expanded[id(value)] = total
        return total

    count(document, 0)


@dataclass
class Locator:
    """Finds the line and column of a field path in a YAML or JSON text, lazily."""

    text: str
    _root: Any = field(default=None, init=False)
    _parsed: bool = field(default=False, init=False)

    def find(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        """1-based line and column of the deepest node on *path* that exists."""
        if not self._parsed:
            self._parsed = True
            try:
                import yaml

                loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                self._root = yaml.compose(self.text, Loader=loader)
            except Exception:  # a text that parsed once but not here has no locations
                self._root = None
        node = self._root
        if node is None:
            return None, None
        mark = node.start_mark
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            node = child
            mark = node.start_mark
        return mark.line + 1, mark.column + 1


def _child(node: Any, part: str | int) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]
    return None


def format_path(path: Sequence[str | int]) -> str:
    """``('roles', 3, 'skills', 1, 'level')`` as ``roles[3].skills[1].level``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
