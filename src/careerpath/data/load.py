"""Load data files into a checked :class:`Ladder` (through the cache), and validate them."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from careerpath.data.ladder import Ladder
from careerpath.data.locate import BUILTIN, STDIN, data_paths, resolve_specs
from careerpath.data.sources import STDIN_LABEL, SourceText, parse, read_stdin, read_text
from careerpath.errors import InvalidDataset, Problem


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


def check_document(document: Any, label: str) -> Ladder:
    """One parsed document (such as an import's result) checked as a dataset on its own.

    Raises InvalidDataset with its first twenty errors when it fails the checks.
    """
    from careerpath.data.checks import combine

    ladder, problems = combine([(SourceText(label, "", is_json=True), document)], warnings=False)
    errors = [p for p in problems if p.severity == "error"]
    if errors or ladder is None:
        raise InvalidDataset(errors[:20] or problems[:20])
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
