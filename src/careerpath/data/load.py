"""Locate, read, parse and validate data files, and combine them into a :class:`Ladder`.

Data files are untrusted: every limit below exists so that a hostile or broken file ends in an
:class:`~careerpath.errors.InvalidDataset` naming the problem and where it is, quickly and
without exhausting memory.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.data.ladder import Ladder
from careerpath.errors import InvalidDataset, Problem
from careerpath.messages import _

BUILTIN = "builtin"
"""The name that stands for the embedded customer-support dataset in ``--data``."""
BUILTIN_FILE = "customer-support.yaml"
ENV_VAR = "CAREERPATH_DATA"
STDIN = "-"
"""The name that stands for standard input in ``validate``."""
STDIN_LABEL = "<stdin>"

MAX_FILE_BYTES = 32 * 1024 * 1024
"""Largest data file read: ten times the 3,000-role benchmark dataset."""
MAX_NODES = 2_000_000
"""Most values a file may expand to, counting every alias expansion (stops "billion laughs").
Four times what the 3,000-role benchmark dataset holds."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists; the format itself needs six levels."""
_MAX_FLOW_DEPTH = 100


def builtin_path() -> Path:
    """Where the embedded dataset lives: inside the installed package, or in a checkout."""
    packaged = Path(__file__).with_name(BUILTIN_FILE)
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / BUILTIN_FILE


def data_paths(cli_paths: Sequence[str] | None = None) -> list[str]:
    """The data files to use: ``--data`` values, else ``$CAREERPATH_DATA``, else the builtin.

    A value that is not an existing path but the name of an installed dataset (see
    :mod:`careerpath.data.installed`) stands for that dataset's file.
    """
    if cli_paths:
        return resolve_specs(cli_paths)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return resolve_specs([p for p in env.split(os.pathsep) if p.strip()])
    return [BUILTIN]


def resolve_specs(specs: Sequence[str]) -> list[str]:
    """*specs* with installed dataset names replaced by their files (``builtin`` kept)."""
    from careerpath.data.installed import resolve

    return [spec if spec in (BUILTIN, STDIN) else resolve(spec) for spec in specs]


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
                raise fail("is a broken or looping symbolic link")
            raise fail("no such file")
        if path.is_dir():
            raise fail("is a directory, not a data file")
        if not path.is_file():  # a FIFO or device would block or never end
            raise fail("is not a regular file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(
                f"file is {size / 1_048_576:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1_048_576} MB (see docs/data-format.md, Limits)"
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise fail(f"file is larger than the {MAX_FILE_BYTES // 1_048_576} MB limit")
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
                    f"input is larger than the {MAX_FILE_BYTES // 1_048_576} MB limit",
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
        raise fail("file is UTF-32 encoded; save it as UTF-8")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise fail("file is UTF-16 encoded; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise fail("file contains NUL bytes: binary data or UTF-16 text, not UTF-8 YAML", line)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise fail(
            f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8 "
            "(it may be Latin-1 or another legacy encoding)",
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
            raise InvalidDataset(
                [
                    Problem(
                        _("not valid JSON: {reason}").format(reason=exc.msg),
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

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(source.text, Loader=loader)  # a safe loader: no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "cannot be parsed"
        if "could not determine a constructor" in str(exc):
            what = "YAML tags that build objects are not allowed (" + what.split("for the tag")[-1]
            what = what.strip() + ")"
        if "nesting depth" in what:  # PyYAML 6.0.3+ has a depth limit of its own
            what = f"nesting is deeper than the parser's limit ({what})"
        what += _yaml_hint(source.text, what, mark)
        return _raise_yaml(source.label, _("not valid YAML: {reason}").format(reason=what), mark)
    except yaml.YAMLError as exc:
        raise InvalidDataset(
            [Problem(_("not valid YAML: {reason}").format(reason=exc), source.label)]
        ) from None
    except RecursionError:
        raise _too_deep(source.label) from None


def _yaml_hint(text: str, problem: str, mark: Any) -> str:
    """A likely fix for the YAML mistakes people make most, or ''."""
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    if "\t" in line[: mark.column + 1]:
        return " (a tab: indent with spaces)"
    if "mapping values are not allowed" in problem:
        return " (a value containing ': ' must be in quotes)"
    return ""


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
                        f"nesting is deeper than the limit of {_MAX_FLOW_DEPTH} brackets",
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
                            f"file expands to more than {MAX_NODES:,} values (YAML aliases?); "
                            "refused",
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


def load(specs: Sequence[str] | None = None, *, cache: bool = True) -> Ladder:
    """Load and check data files, later ones extending earlier ones.

    Parameters
    ----------
    specs:
        Paths of data files, or ``"builtin"`` for the embedded dataset. ``None`` or empty uses
        ``$CAREERPATH_DATA`` when set, else the embedded dataset.
    cache:
        Use the cache of checked datasets (see :mod:`careerpath.data.cache`): False neither reads
        nor writes it.

    Returns
    -------
    Ladder
        The combined, checked dataset.

    Raises
    ------
    InvalidDataset
        With every problem found in every file, each with its location.
    """
    from careerpath.data.cache import LadderCache, remember

    entry = LadderCache.open(data_paths(specs)) if cache else None
    cached = entry.get() if entry is not None else None
    if entry is not None and cached is not None:
        remember(cached, entry)
        return cached

    from careerpath.data.checks import combine

    documents, problems = read_documents(data_paths(specs))
    ladder, found = combine(documents, warnings=False)  # `validate` reports warnings
    problems.extend(found)
    errors = [p for p in problems if p.severity == "error"]
    if errors or ladder is None:
        raise InvalidDataset(errors or problems)
    if entry is not None:
        del documents  # free the parsed files before the entry is encoded: a lower peak
        entry.put(ladder)
        remember(ladder, entry)
    return ladder


def _identity(spec: str) -> str:
    return spec if spec in (BUILTIN, STDIN) else os.path.realpath(spec)


def read_documents(
    specs: Sequence[str], skip: Sequence[str] = (), *, stdin: bool = False
) -> tuple[list[tuple[SourceText, Any]], list[Problem]]:
    """Read and parse each data file once (``a.yaml`` and ``./a.yaml`` are one file).

    Files named in *skip* are left out; with *stdin*, ``-`` names standard input. Returns the
    parsed documents and the problems of the files that could not be read or parsed.
    """
    documents: list[tuple[SourceText, Any]] = []
    problems: list[Problem] = []
    seen = {_identity(spec) for spec in skip}
    for spec in specs:
        identity = _identity(spec)
        if identity in seen:
            continue
        seen.add(identity)
        try:
            source = read_stdin() if stdin and spec == STDIN else read_text(spec)
            documents.append((source, parse(source)))
        except InvalidDataset as exc:
            problems.extend(exc.problems)
    return documents, problems


@dataclass
class ValidationReport:
    """What ``careerpath validate`` found: every error and warning in the files checked."""

    files: list[str]
    base: list[str]
    errors: list[Problem]
    warnings: list[Problem]

    @property
    def valid(self) -> bool:
        """True when no error was found; warnings do not make a file invalid."""
        return not self.errors

    def to_json(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "files": self.files,
            "base": self.base,
            "errors": [p.to_json() for p in self.errors],
            "warnings": [p.to_json() for p in self.warnings],
        }


def is_extension(document: Any) -> bool:
    """True for a parsed file that extends another: a mapping without a ``skill_scale``."""
    return isinstance(document, dict) and "skill_scale" not in document


def validate_files(
    files: Sequence[str], base: Sequence[str] | None = None, *, strict: bool = False
) -> ValidationReport:
    """Check data files together, later ones extending earlier ones, and report every problem.

    Parameters
    ----------
    files:
        The files to check (``"builtin"`` names the embedded dataset, ``"-"`` standard input,
        labelled ``<stdin>``).
    base:
        Files the checked ones extend: their roles and skills may be referenced, and their
        errors are reported, but not their warnings. ``None`` chooses: when no file declares a
        ``skill_scale`` (they are extensions), the base is ``$CAREERPATH_DATA``, else the
        embedded dataset; otherwise there is no base.
    strict:
        Also warn about each role of the checked files that lacks text in a supported
        language (see ``coverage.missing_translations``).

    Returns
    -------
    ValidationReport
        Errors and warnings, in file order, each located.
    """
    from careerpath.data.checks import combine

    files = resolve_specs(files)
    checked, problems = read_documents(files, stdin=True)
    files = [STDIN_LABEL if spec == STDIN else spec for spec in files]
    if base is None:
        extensions = bool(checked) and all(is_extension(doc) for _, doc in checked)
        base = data_paths(None) if extensions else []
    base_documents, base_problems = read_documents(resolve_specs(base), skip=files)
    untranslated = []
    if strict:  # before combining, which consumes the parsed documents
        from careerpath.data.coverage import missing_translations

        for source, document in checked:
            untranslated += missing_translations(source, document)
    _, found = combine([*base_documents, *checked])
    found += untranslated
    labels = [source.label for source, _ in checked]
    order = {label: index for index, label in enumerate([*base, *files])}
    everything = sorted(
        [*base_problems, *problems, *found],
        key=lambda p: (order.get(p.file or "", -1), p.line or 0, p.column or 0),
    )
    return ValidationReport(
        files=list(dict.fromkeys(files)),
        base=[source.label for source, _ in base_documents],
        errors=[p for p in everything if p.severity == "error"],
        warnings=[p for p in everything if p.severity != "error" and p.file in labels],
    )
