"""Validate parsed data files item by item and check the rules that span a whole dataset.

Each role, skill, source and step is validated on its own, so one bad value does not hide the
problems of its neighbours; the cross-reference rules then run over everything that was
declared. The result is every problem at once, each with its file, path, line and column.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from careerpath.data.ladder import Ladder
from careerpath.data.models import DataFile, Role, Skill, SkillRequirement, SkillScale, Source, Step
from careerpath.data.sources import Locator, SourceText, format_path
from careerpath.data.text import normalize
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


def _did_you_mean(suggestion: str | None) -> str:
    """ "; did you mean 'x'?" in the current language, or "" without a suggestion."""
    if not suggestion:
        return ""
    return "; " + _("did you mean {names}?").format(names=repr(suggestion))


def _describe_error(error: Any) -> str:
    message = str(error["msg"])
    kind = error["type"]
    if kind == "extra_forbidden":
        field_name = error["loc"][-1] if error["loc"] else ""
        suggestion = _closest(str(field_name), _field_names())
        return _("unknown field") + _did_you_mean(suggestion)
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


_Shared = dict[Any, Any]
"""Requirements already seen, by their values and types and which optional fields were given,
and one set of given fields for each such choice (never modified)."""


def _share_requirements(role: Role, shared: _Shared) -> None:
    # Many roles ask for the same skill at the same level; models are frozen, so one instance
    # can stand for all of them (a large dataset's memory is mostly these requirements). The
    # set of fields given is shared too: one set serves every instance that gave the same
    # fields, as the cache does when it rebuilds models (see payload._rebuild). Types are part of
    # the key: 3 and 3.0 are equal, but a file's 3.0 must come back as 3.0. Keys stay short in
    # the common case: they are kept for every distinct requirement.
    skills = role.skills
    for index, requirement in enumerate(skills):
        given = requirement.__pydantic_fields_set__
        # skill is required: which of the optional fields were given is enough
        tag = (
            ("importance" in given)
            + 2 * ("low_precision" in given)
            + 4 * ("level" in given)
            + 8 * ("essential" in given)
        )
        level, importance = requirement.level, requirement.importance
        key: tuple[Any, ...]
        if type(level) is int and importance is None and not requirement.low_precision:
            key = (requirement.skill, level, tag)  # the common case of editorial ladders
        else:
            key = (requirement.skill, level, type(level), importance, type(importance), tag)
            key += (requirement.low_precision, requirement.essential)
        kept = shared.get(key)
        if kept is None:
            kept = shared[key] = requirement
            fields_set = shared.get(tag)
            if fields_set is None:
                fields_set = shared[tag] = set(given)
            object.__setattr__(requirement, "__pydantic_fields_set__", fields_set)
        skills[index] = kept


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
                value = model.model_validate(raw)
            except ValidationError as exc:
                problems.extend(_validation_problems(report, exc, path))
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    report.broken_ids[section].add(raw["id"])
                salvage = _salvage(section, raw)
                if salvage is not None:
                    report.salvaged.append(Item(salvage, source.label, path))
                continue
            if isinstance(value, Role):
                _share_requirements(value, shared)
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


def combine(
    documents: Sequence[tuple[SourceText, Any]], *, warnings: bool = True
) -> tuple[Ladder | None, list[Problem]]:
    """Validate parsed files and combine them, later files extending earlier ones.

    Returns the ladder (None when any error was found) and every problem, warnings included
    unless *warnings* is False (locating a warning can mean parsing a large file once more).
    """
    problems: list[Problem] = []
    reports = []
    for source, document in documents:
        report, found = validate_document(source, document)
        reports.append(report)
        problems.extend(found)
    if not reports:
        return None, problems
    merger = _Merger(reports, warnings=warnings)
    problems.extend(merger.merge())
    if any(p.severity == "error" for p in problems) or merger.scale is None:
        return None, problems
    ladder = Ladder(
        scale=merger.scale,
        importance_scale=merger.importance_scale,
        version=merger.version,
        attribution="\n".join(merger.attributions) or None,
        licence="; ".join(merger.licences) or None,
        sources=merger.values("sources"),
        skills=merger.values("skills"),
        roles=merger.values("roles"),
        steps=merger.values("steps"),
        name=merger.name,
        description=merger.description,
        files=[r.source.label for r in reports],
    )
    return ladder, problems


class _Merger:
    def __init__(self, reports: Sequence[FileReport], *, warnings: bool = True) -> None:
        self.warnings = warnings
        self.reports = list(reports)
        self.by_label = {r.source.label: r for r in reports}
        self.scale: SkillScale | None = None
        self.importance_scale: SkillScale | None = None
        self.version: str | None = None
        # Each file's credit is kept: combining data must not drop an attribution.
        self.attributions: list[str] = []
        self.licences: list[str] = []
        self.name: str | None = None
        self.description: str | None = None
        self.merged: dict[str, dict[Any, Item]] = {section: {} for section in SECTIONS}
        self.problems: list[Problem] = []

    def values(self, section: str) -> list[Any]:
        return [item.value for item in self.merged[section].values()]

    def report(self, item: Item) -> FileReport:
        return self.by_label[item.file]

    def error(self, item: Item, message: str, *sub: str | int) -> None:
        self.problems.append(self.report(item).problem(message, item.path + sub))

    def warn(self, item: Item, message: str) -> None:
        self.problems.append(self.report(item).problem(message, item.path, "warning"))

    def merge(self) -> list[Problem]:
        self._merge_headers()
        for section in SECTIONS:
            for report in self.reports:
                for item in report.items.get(section, []):
                    self._add(section, item)
        self._check_references()
        if self.warnings:
            self._check_usage()
        return self.problems

    def _merge_headers(self) -> None:
        scale_owner: FileReport | None = None
        importance_owner: FileReport | None = None
        for report in self.reports:
            header = report.header
            if header is None:
                continue
            self.name = header.name or self.name
            self.description = header.description or self.description
            self.version = header.version or self.version
            if header.attribution and header.attribution not in self.attributions:
                self.attributions.append(header.attribution)
            if header.licence and header.licence not in self.licences:
                self.licences.append(header.licence)
            if header.importance_scale is not None:
                if self.importance_scale is None:
                    self.importance_scale, importance_owner = header.importance_scale, report
                elif header.importance_scale != self.importance_scale and importance_owner:
                    self.problems.append(
                        report.problem(
                            "importance_scale differs from the one in "
                            f"{importance_owner.source.label}; files that combine must share "
                            "one scale",
                            ("importance_scale",),
                        )
                    )
            if header.skill_scale is None:
                continue
            if self.scale is None:
                self.scale, scale_owner = header.skill_scale, report
            elif scale_owner is not None:
                self._compare_scales(report, header.skill_scale, scale_owner)
        headers_ok = all(r.header is not None for r in self.reports)
        if self.scale is None and headers_ok:
            self.problems.append(
                self.reports[0].problem(
                    "no skill_scale declared; add one (e.g. skill_scale: {min: 1, max: 5}), "
                    "or, if the file extends another ladder, load that one first "
                    "(e.g. --data builtin --data FILE)"
                )
            )

    def _compare_scales(self, report: FileReport, scale: SkillScale, owner: FileReport) -> None:
        # Levels mean the same on two scales with the same bounds: the rubric's wording and the
        # editorial flag describe the levels, they do not move them. The first scale is kept.
        assert self.scale is not None
        for bound in ("min", "max"):
            mine, theirs = getattr(scale, bound), getattr(self.scale, bound)
            if mine != theirs:
                self.problems.append(
                    report.problem(
                        f"skill_scale.{bound} is {mine} in {report.source.label} but {theirs} "
                        f"in {owner.source.label}; files that combine must share the scale's "
                        "bounds",
                        ("skill_scale", bound),
                    )
                )

    def _key(self, section: str, value: Any) -> Any:
        if section == "steps":
            return (value.source_role, value.target_role)
        return value.id

    def _add(self, section: str, item: Item) -> None:
        key = self._key(section, item.value)
        first = self.merged[section].get(key)
        if first is None:
            self.merged[section][key] = item
            return
        labels = {
            "roles": _("role"),
            "skills": _("skill"),
            "steps": _("step"),
            "sources": _("source"),
        }
        label = labels.get(section, section)
        shown = f"{key[0]} -> {key[1]}" if section == "steps" else key
        if first.file == item.file:
            self.error(
                item,
                _("duplicate {label} {name}; first at {path}").format(
                    label=label, name=repr(shown), path=format_path(first.path)
                ),
            )
        elif first.value != item.value:
            self.error(
                item,
                _("{label} {name} clashes: {first} and {second} define it differently").format(
                    label=label, name=repr(shown), first=first.file, second=item.file
                ),
            )

    def _declared(self, section: str) -> set[str]:
        ids = {str(key) for key in self.merged[section]}
        for report in self.reports:
            ids |= report.broken_ids.get(section, set())
        return ids

    def _check_references(self) -> None:
        role_ids = self._declared("roles")
        skill_ids = self._declared("skills")
        source_ids = self._declared("sources")

        def check_sources(item: Item, refs: Sequence[str], *where: str | int) -> None:
            for index, ref in enumerate(refs):
                if ref not in source_ids:
                    self.error(
                        item, _("unknown source {name}").format(name=repr(ref)), *where, index
                    )

        for item in self.merged["roles"].values():
            role: Role = item.value
            self._check_requirements(item, list(enumerate(role.skills)), skill_ids)
            check_sources(item, role.sources, "sources")
            for index, tool in enumerate(role.tools):
                check_sources(item, tool.sources, "tools", index, "sources")
            for index, salary in enumerate(role.salaries):
                if salary.source is not None and salary.source not in source_ids:
                    self.error(
                        item,
                        _("unknown source {name}").format(name=repr(salary.source)),
                        "salaries",
                        index,
                    )
        for item in self._salvaged():
            salvage: Salvage = item.value
            self._check_requirements(item, salvage.requirements, skill_ids)
            for end, ref in salvage.ends.items():
                self._check_role_reference(item, end, ref, role_ids)
        for item in self.merged["steps"].values():
            step: Step = item.value
            for end, ref in (("from", step.source_role), ("to", step.target_role)):
                self._check_role_reference(item, end, ref, role_ids)
            if step.source_role == step.target_role:
                self.error(
                    item, _("step from {role} to itself").format(role=repr(step.source_role))
                )
            check_sources(item, step.sources, "sources")

    def _salvaged(self) -> list[Item]:
        return [item for report in self.reports for item in report.salvaged]

    def _check_role_reference(self, item: Item, end: str, ref: str, role_ids: set[str]) -> None:
        if ref not in role_ids:
            suggestion = _closest(ref, role_ids)
            hint = (
                "; " + _("did you mean {names}?").format(names=repr(suggestion))
                if suggestion
                else ""
            )
            self.error(item, _("unknown role {name}").format(name=repr(ref)) + hint, end)

    def _check_requirements(
        self,
        item: Item,
        requirements: Sequence[tuple[int, SkillRequirement]],
        skill_ids: set[str],
    ) -> None:
        scale = self.scale
        importance_scale = self.importance_scale
        seen: dict[str, int] = {}
        for index, req in requirements:
            if req.skill not in skill_ids:
                suggestion = _closest(req.skill, skill_ids)
                message = _("unknown skill {name}").format(name=repr(req.skill))
                message += _did_you_mean(suggestion)
                self.error(item, message, "skills", index, "skill")
            if req.skill in seen:
                self.error(
                    item,
                    _("skill {name} listed twice (first at skills[{index}])").format(
                        name=repr(req.skill), index=seen[req.skill]
                    ),
                    "skills",
                    index,
                )
            seen.setdefault(req.skill, index)
            if (
                scale is not None
                and req.level is not None
                and not scale.min <= req.level <= scale.max
            ):
                self.error(
                    item,
                    _("level {level} is outside the skill scale {low}..{high}").format(
                        level=req.level, low=scale.min, high=scale.max
                    ),
                    "skills",
                    index,
                    "level",
                )
            importance = req.importance
            if importance is None:
                continue
            if importance_scale is None:
                self.error(
                    item,
                    "importance given but no importance_scale declared; add one "
                    "(e.g. importance_scale: {min: 1, max: 5})",
                    "skills",
                    index,
                    "importance",
                )
            elif not importance_scale.min <= importance <= importance_scale.max:
                self.error(
                    item,
                    f"importance {importance} is outside the importance scale "
                    f"{importance_scale.min}..{importance_scale.max}",
                    "skills",
                    index,
                    "importance",
                )

    def _check_usage(self) -> None:
        roles = self.merged["roles"]
        steps = [item.value for item in self.merged["steps"].values()]
        incoming = {s.target_role for s in steps}
        outgoing = {s.source_role for s in steps}
        used_skills = {req.skill for item in roles.values() for req in item.value.skills}
        for salvage in (item.value for item in self._salvaged()):
            used_skills.update(req.skill for _index, req in salvage.requirements)
            if "to" in salvage.ends:
                incoming.add(salvage.ends["to"])
            if "from" in salvage.ends:
                outgoing.add(salvage.ends["from"])
        lowest = min((item.value.level for item in roles.values()), default=0)
        for item in roles.values():
            role: Role = item.value
            if not role.skills:
                self.warn(item, _("role {role} lists no skills").format(role=repr(role.id)))
            if role.id not in incoming and role.id not in outgoing and len(roles) > 1:
                self.warn(
                    item, _("role {role} has no steps to or from it").format(role=repr(role.id))
                )
            elif role.id not in incoming and role.level > lowest:
                self.warn(
                    item,
                    _("role {role} is above entry level but no step leads to it").format(
                        role=repr(role.id)
                    ),
                )
        for item in self.merged["skills"].values():
            if item.value.id not in used_skills:
                self.warn(
                    item,
                    _("skill {skill} is not used by any role").format(skill=repr(item.value.id)),
                )
        self._check_shared_names()

    def _check_shared_names(self) -> None:
        # The resolver finds a role by any of its names, folded by `normalize`; a name two
        # roles share (once folded) finds neither without asking which was meant.
        first: dict[str, tuple[Item, tuple[str | int, ...]]] = {}
        for item in self.merged["roles"].values():
            role: Role = item.value
            named: dict[str, tuple[str, tuple[str | int, ...]]] = {}
            for name, where in _role_names(role):
                key = normalize(name)
                if key and key not in named:
                    named[key] = (name, where)
            for key, (name, where) in named.items():
                earlier = first.setdefault(key, (item, where))
                if earlier[0] is item:
                    continue
                other, other_where = earlier
                # A role's own title (or id) outranks another role's alias in a look-up, so
                # only names of the same rank are ambiguous; the others find the title's role.
                mine, theirs = _name_rank(where), _name_rank(other_where)
                if mine == theirs:
                    outcome = "looking that name up is ambiguous"
                else:
                    owner = role.id if mine < theirs else other.value.id
                    outcome = f"looking that name up finds {owner!r}, whose title it is"
                self.problems.append(
                    self.report(item).problem(
                        f"role {role.id!r} ({self._place(item, where)}) and role "
                        f"{other.value.id!r} ({self._place(other, other_where)}) are both "
                        f"called {name!r}; {outcome}",
                        item.path + where,
                        "warning",
                    )
                )

    def _place(self, item: Item, where: tuple[str | int, ...]) -> str:
        line, _ = self.report(item).locator.find(item.path + where)
        return f"{item.file}:{line}" if line is not None else item.file


def _name_rank(where: tuple[str | int, ...]) -> int:
    """0 for a role's id or title, 1 for an alias: the order a look-up ranks them in."""
    return 1 if where[:1] == ("aliases",) else 0


def _role_names(role: Role) -> list[tuple[str, tuple[str | int, ...]]]:
    """Every name a role answers to, with the field that declares it: its titles in each
    language, its aliases, and its id read as words (as the resolver reads it)."""
    from careerpath.data.models import LANGUAGES

    names: list[tuple[str, tuple[str | int, ...]]] = []
    for lang in LANGUAGES:
        title: str | None = getattr(role.title, lang)
        if title:
            names.append((title, ("title", lang)))
    names += [(title, ("title", lang)) for lang, title in role.title.other.items()]
    names += [(alias, ("aliases", index)) for index, alias in enumerate(role.aliases)]
    names.append((role.id.replace("-", " "), ("id",)))
    return names


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


def _closest(name: str, options: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, sorted(options), n=1, cutoff=0.75)
    return matches[0] if matches else None
