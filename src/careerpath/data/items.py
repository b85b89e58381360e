"""Validate each item of one parsed data file on its own, so one bad value hides no other.

Each role, skill, source and step is validated by itself; what an invalid role or step still
says (the skills it uses, the roles a step joins) is salvaged for the checks that span the
dataset (:mod:`careerpath.data.checks`). Every problem has its file, path, line and column.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from careerpath.data.models import DataFile, Role, Skill, SkillRequirement, Source, Step
from careerpath.data.sources import Locator, SourceText, format_path
from careerpath.errors import Problem
from careerpath.messages import _

SECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "skills": Skill,
    "roles": Role,
    "steps": Step,
}


@dataclass
class Item:
    """A validated item with where it was declared."""

    value: Any
    file: str
    path: tuple[str | int, ...]


@dataclass
class Salvage:
    """What can still be checked in a role or step that failed validation."""

    requirements: list[tuple[int, SkillRequirement]] = field(default_factory=list)
    ends: dict[str, str] = field(default_factory=dict)


@dataclass
class FileReport:
    """What one file declared, valid or not."""

    source: SourceText
    locator: Locator
    header: DataFile | None = None
    items: dict[str, list[Item]] = field(default_factory=dict)
    # ids of items that failed validation, so references to them are not reported twice
    broken_ids: dict[str, set[str]] = field(default_factory=dict)
    # the parts of invalid roles and steps that are valid, still checked and counted
    salvaged: list[Item] = field(default_factory=list)

    def problem(
        self, message: str, path: Sequence[str | int] = (), severity: str = "error"
    ) -> Problem:
        line, column = self.locator.find(path)
        return Problem(
            message, self.source.label, format_path(path), line, column, severity=severity
        )


# Plain words for the patterns in models.py (Id and Salary.currency).
_PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9._-]*$": "an id is lower-case letters, digits, '.', '_' and '-', "
    "starting with a letter or digit (e.g. 'team-lead')",
    r"^[A-Z]{3}$": "a currency is a three-letter code in capitals (e.g. 'EUR')",
}


def did_you_mean(suggestion: str | None) -> str:
    """ "; did you mean 'x'?" in the current language, or "" without a suggestion."""
    if not suggestion:
        return ""
    return "; " + _("did you mean {names}?").format(names=repr(suggestion))


def _describe_error(error: Any) -> str:
    message = str(error["msg"])
    kind = error["type"]
    if kind == "extra_forbidden":
        field_name = error["loc"][-1] if error["loc"] else ""
        suggestion = closest(str(field_name), _field_names())
        return _("unknown field") + did_you_mean(suggestion)
    if kind == "missing":
        return _("required field is missing")
    if kind == "model_type" and error.get("ctx", {}).get("class_name") == "Names":
        message = "must be names by language, e.g. {en: Team Lead, fi: Tiiminvetäjä}"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(error.get("ctx", {}).get("pattern")))
        message += f"; {hint}" if hint else ""
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    value = error.get("input")
    # Show the offending value when it is short enough to read in one line.
    if isinstance(value, str | int | float | bool) and len(repr(value)) <= 60:
        message += f" (got {value!r})"
    return message


def _validation_problems(
    report: FileReport, exc: ValidationError, prefix: tuple[str | int, ...]
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(
            part for part in error["loc"] if not (isinstance(part, str) and "[" in part)
        )  # drop pydantic's union/function tags such as "function-after[...]"
        problems.append(report.problem(_describe_error(error), prefix + loc))
    return problems


_Shared = dict[tuple[Any, ...], SkillRequirement]
"""Requirements already validated, by how a file wrote them: its fields' names, then their
values, then the values' types (one flat tuple: a key is kept for every distinct one)."""


def _with_shared_requirements(raw: Any, shared: _Shared) -> Any:
    """A role as parsed, its requirements validated beforehand: one instance for all the roles
    that write a requirement alike (a large dataset's memory is mostly these, and ESCO's 129,000
    are 15,000 distinct ones, each validated once). Types are part of the key: 3 and 3.0 are
    equal, but a file's 3.0 must come back as 3.0. *raw* itself where a requirement is not a
    plain, valid mapping: the role's own validation then reports it where it is."""
    if type(raw) is not dict:
        return raw
    requirements = raw.get("skills")
    if type(requirements) is not list:
        return raw
    made: list[SkillRequirement] = []
    for requirement in requirements:
        if type(requirement) is not dict:
            return raw
        try:
            values = tuple(requirement.values())
            key = (*requirement, *values, *map(type, values))
            kept = shared.get(key)
        except TypeError:  # a value that is not hashable: not a valid requirement anyway
            return raw
        if kept is None:
            try:
                kept = shared[key] = SkillRequirement.model_validate(requirement)
            except ValidationError:
                return raw
        made.append(kept)
    return {**raw, "skills": made}


def validate_document(source: SourceText, document: Any) -> tuple[FileReport, list[Problem]]:
    """Validate one parsed file's header and each item of each section.

    The section lists are consumed: each item is dropped from its list once validated.
    """
    report = FileReport(source, Locator(source.text))
    problems: list[Problem] = []
    if document is None:
        return report, [report.problem(_("file is empty; expected a mapping with 'roles'"))]
    if not isinstance(document, dict):
        kind = type(document).__name__
        kind = {"list": _("a list"), "str": _("a single string"), "int": _("a number")}.get(
            kind, kind
        )
        return report, [
            report.problem(
                _("top level is {kind}; expected a mapping with 'roles', 'steps', ...").format(
                    kind=kind
                )
            )
        ]
    header = {key: value for key, value in document.items() if key not in SECTIONS}
    try:
        report.header = DataFile.model_validate(header)
    except ValidationError as exc:
        problems.extend(_validation_problems(report, exc, ()))
    shared: _Shared = {}
    for section, model in SECTIONS.items():
        values = document.get(section)
        report.items[section] = []
        report.broken_ids[section] = set()
        if values is None:
            continue
        if not isinstance(values, list):
            problems.append(
                report.problem(_("must be a list of {section}").format(section=section), (section,))
            )
            continue
        for index, raw in enumerate(values):
            path: tuple[str | int, ...] = (section, index)
            # The parsed item is not needed once validated: letting it go as the models are
            # built keeps a large file's peak memory near one copy of it instead of two.
            values[index] = None
            try:
                value = model.model_validate(
                    _with_shared_requirements(raw, shared) if model is Role else raw
                )
            except ValidationError as exc:
                problems.extend(_validation_problems(report, exc, path))
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    report.broken_ids[section].add(raw["id"])
                salvage = _salvage(section, raw)
                if salvage is not None:
                    report.salvaged.append(Item(salvage, source.label, path))
                continue
            report.items[section].append(Item(value, source.label, path))
    return report, problems


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _salvage(section: str, raw: Any) -> Salvage | None:
    # One bad field should not hide the problems of the good ones, nor make the skills an
    # invalid role uses look unused.
    if not isinstance(raw, dict):
        return None
    salvage = Salvage()
    if section == "roles" and isinstance(raw.get("skills"), list):
        for index, requirement in enumerate(raw["skills"]):
            with contextlib.suppress(ValidationError):  # already reported with its role
                salvage.requirements.append((index, SkillRequirement.model_validate(requirement)))
    elif section == "steps":
        for end in ("from", "to"):
            value = raw.get(end)
            if isinstance(value, str) and _ID.match(value):
                salvage.ends[end] = value
    return salvage


def _field_names() -> set[str]:
    """Every field name the data format knows, as written in a file."""
    from careerpath.data import models

    names: set[str] = set()
    for model in (
        models.DataFile,
        models.SkillScale,
        models.Source,
        models.Skill,
        models.Names,
        models.Role,
        models.SkillRequirement,
        models.Tool,
        models.Salary,
        models.Step,
    ):
        names.update(info.alias or name for name, info in model.model_fields.items())
    return names


def closest(name: str, options: set[str]) -> str | None:
    """The option spelled most like *name*, if one is close enough to be a likely typo."""
    import difflib

    matches = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.75)
    return matches[0] if matches else None
