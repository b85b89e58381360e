"""Combine validated data files into a dataset and check the rules that span it.

Files are validated item by item (:mod:`careerpath.data.items`); later files extend earlier
ones, and the cross-reference rules then run over everything that was declared: unknown and
duplicate ids, scales, levels, unused skills, names two roles share. The result is every
problem at once, each with its file, path, line and column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from careerpath.data.items import (
    SECTIONS,
    FileReport,
    Item,
    Salvage,
    closest,
    did_you_mean,
    validate_document,
)
from careerpath.data.ladder import Ladder
from careerpath.data.records import Role, SkillRequirement, SkillScale, Step
from careerpath.data.sources import SourceText, format_path
from careerpath.data.text import normalize
from careerpath.errors import Problem
from careerpath.messages import _


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
            if not self._requirements_pass(role.skills, skill_ids):
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
            suggestion = closest(ref, role_ids)
            hint = (
                "; " + _("did you mean {names}?").format(names=repr(suggestion))
                if suggestion
                else ""
            )
            self.error(item, _("unknown role {name}").format(name=repr(ref)) + hint, end)

    def _requirements_pass(
        self, requirements: Sequence[SkillRequirement], skill_ids: set[str]
    ) -> bool:
        """True when :meth:`_check_requirements` would find nothing wrong with *requirements*:
        a quick test (a role's requirements are a large file's most numerous values) that
        leaves every message to that method."""
        skills = [req.skill for req in requirements]
        if len(set(skills)) != len(skills) or not skill_ids.issuperset(skills):
            return False
        scale, importance_scale = self.scale, self.importance_scale
        if scale is not None:  # without a scale, levels are not checked
            levels = {req.level for req in requirements}  # few distinct ones: test each once
            if not all(scale.min <= level <= scale.max for level in levels if level is not None):
                return False
        importances = {req.importance for req in requirements}
        importances.discard(None)
        if not importances:
            return True
        return importance_scale is not None and all(
            importance_scale.min <= importance <= importance_scale.max
            for importance in importances
            if importance is not None
        )

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
                suggestion = closest(req.skill, skill_ids)
                message = _("unknown skill {name}").format(name=repr(req.skill))
                message += did_you_mean(suggestion)
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
    from careerpath.data.records import LANGUAGES

    names: list[tuple[str, tuple[str | int, ...]]] = []
    for lang in LANGUAGES:
        title: str | None = getattr(role.title, lang)
        if title:
            names.append((title, ("title", lang)))
    names += [(title, ("title", lang)) for lang, title in role.title.other.items()]
    names += [(alias, ("aliases", index)) for index, alias in enumerate(role.aliases)]
    names.append((role.id.replace("-", " "), ("id",)))
    return names
