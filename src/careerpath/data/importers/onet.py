"""Import an O*NET database release (text format) as a careerpath dataset.

O*NET (U.S. Department of Labor, Employment and Training Administration) publishes its
database as tab-separated text files, one header line each, as a zip or unpacked. Release 30.3
renamed some files; both layouts are read, and columns are found by their header names, so a
file with its columns reordered or extra columns added still imports.

How the files map onto careerpath:

- ``Occupation Data.txt``: one role per occupation; the id is the O*NET-SOC code
  (``15-1252.00``), the title, the description as summary (cut, with a note saying so, where
  it is longer than a data file's text may be), the SOC major group as track.
- ``Job Zones.txt``: the role's level (job zone 1-5). An occupation without a job zone gets
  level 0, which here means *unknown*: it is not an entry level. So does one whose job zone
  rows disagree (reported).
- ``Skills.txt`` (before 30.3) or ``Essential Skills.txt`` and ``Transferable Skills.txt``
  (30.3 on): the skill catalogue (the group kept for the newer files) and each role's
  requirements: level from the LV rows (O*NET's 0-7 scale) with its standard error,
  importance from the IM rows (1-5), paired per occupation and element. A pair marked *Not
  Relevant* is left out; one marked *Recommend Suppress* is kept and flagged ``low_precision``.
- ``Technology Skills.txt`` / ``Software Skills.txt``: tools, by category, with the *Hot
  Technology* and *In Demand* flags.
- ``Alternate Titles.txt`` / ``Job Titles.txt``: the names a role answers to (short titles
  first), every one searchable.
- ``Related Occupations.txt``: ``related`` steps (similar work, not promotions), from the
  chosen relatedness tiers (Primary-Short and Primary-Long by default); one to a lower job zone
  is left out unless asked for. Rows naming an occupation the release does not have are
  skipped and counted.
- ``Read Me.txt``: the release number, for the attribution O*NET's licence asks for.

A missing file other than ``Occupation Data.txt`` is not an error: the rest is imported and
the report says what is lost.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.data.importers import (
    ImportResult,
    Progress,
    checked_result,
    cut_text,
    dataset_document,
    fits_name,
    fits_text,
    run_stages,
)
from careerpath.data.importers import to_json_text as to_json_text  # part of this module's API
from careerpath.data.importers.report import ImportReport
from careerpath.data.importers.soc import MAJOR_GROUPS
from careerpath.data.importers.source import TAB_SEPARATED, ReleaseFiles, Table
from careerpath.data.models import MAX_TEXT_LENGTH, UNKNOWN_LEVEL
from careerpath.errors import ImportFailed

TIERS: dict[str, str] = {
    "primaryshort": "Primary-Short",
    "primarylong": "Primary-Long",
    "supplemental": "Supplemental",
}
"""O*NET's relatedness tiers, by their folded names."""
DEFAULT_TIERS = ("Primary-Short", "Primary-Long")

LICENCE = "CC BY 4.0"
ONET_URL = "https://www.onetcenter.org/database.html"

CUT_NOTE = " […] (description cut: the full text is in O*NET's Occupation Data.txt)"
"""Ends a description too long for a data file, cut to fit."""

CODE = "O*NET-SOC Code"
_CODE_PATTERN = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_VERSION_PATTERN = re.compile(r"O\*NET\s+(\d+(?:\.\d+)*)\s+Database", re.IGNORECASE)


def attribution(version: str | None) -> str:
    """The credit O*NET's licence asks for, and the statement that the data was modified."""
    release = f"O*NET {version} Database" if version else "O*NET Database"
    return (
        f"This product includes information from the {release} by the U.S. Department of "
        "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
        "license. O*NET® is a trademark of USDOL/ETA. careerpath modified this information: "
        "it converted the database files into a careerpath dataset of roles, skill "
        "requirements, tools and career steps. USDOL/ETA has not approved, endorsed, or tested "
        "these modifications."
    )


@dataclass
class OnetReport(ImportReport):
    """What an O*NET import read, made and left out, and why."""

    source: str
    layout: str = "old"
    version: str | None = None
    occupations: int = 0
    skills: int = 0
    requirements: int = 0
    low_precision: int = 0
    not_relevant: int = 0
    roles_without_skills: int = 0
    roles_without_zone: int = 0
    tools: int = 0
    hot_tools: int = field(default=0, metadata={"json": False})
    aliases: int = 0
    steps: int = 0
    steps_up: int = 0
    steps_zone_unknown: int = 0
    steps_down: int = 0
    descriptions_cut: int = 0
    zones_disagreeing: int = 0
    steps_down_included: bool = field(default=False, metadata={"json": False})
    tiers: list[str] = field(default_factory=list)
    other_tiers: int = 0
    dangling: int = 0

    def summary(self) -> list[str]:
        """The report as a few lines for people."""
        release = f"O*NET {self.version}" if self.version else "O*NET (release unknown)"
        lines = [
            f"Imported {release} ({self.layout} file layout) from {self.source}:",
            f"  {self.occupations:,} occupations ({self.roles_without_skills:,} without skill "
            f"ratings, {self.roles_without_zone:,} without a job zone)",
            f"  {self.skills:,} skills, {self.requirements:,} skill requirements "
            f"({self.low_precision:,} low precision, kept and flagged)",
            f"  {self.steps:,} related-occupation steps ({self.steps_up:,} to a higher job zone, "
            f"{self.steps_zone_unknown:,} where a job zone is unknown) from "
            f"{', '.join(self.tiers) or 'no tiers'}",
            f"  {self.tools:,} tools ({self.hot_tools:,} hot), {self.aliases:,} other titles",
        ]
        left_out = []
        if self.not_relevant:
            left_out.append(f"{self.not_relevant:,} skill ratings marked not relevant")
        if self.steps_down and not self.steps_down_included:
            left_out.append(f"{_count(self.steps_down, 'step')} down (--include-down keeps them)")
        if self.dangling:
            left_out.append(
                f"{self.dangling:,} related-occupation rows naming occupations not in the release"
            )
        if self.other_tiers:
            left_out.append(f"{self.other_tiers:,} related-occupation rows of other tiers")
        cut = f"longer than {MAX_TEXT_LENGTH:,} characters, cut with a note saying so"
        unsure = "whose job zone rows disagree: job zone left unknown (level 0)"
        for count, noun, what in (
            (self.descriptions_cut, "description", cut),
            (self.zones_disagreeing, "occupation", unsure),
        ):
            lines += [f"  {_count(count, noun)} {what}"] if count else []
        return lines + self.left_out_lines(left_out)


def _holds_release(files: Mapping[str, str]) -> bool:
    return any(name.casefold() == "occupation data.txt" for name in files)


def open_release(source: Path) -> ReleaseFiles:
    """The files of an O*NET text release, in a zip or a folder (else ImportFailed)."""
    release = ReleaseFiles(source, _holds_release, "the O*NET text files")
    if not _holds_release(release.files):
        release.close()
        raise ImportFailed(
            f"{source}: no 'Occupation Data.txt' in it (at its root or in one folder); "
            "is this the O*NET database in text format (db_NN_N_text)?"
        )
    return release


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "skill"


def parse_tiers(values: Sequence[str]) -> list[str]:
    """O*NET tier names from what a user typed (``primary-short``, ``Supplemental``, ...).

    Raises ValueError naming the tiers there are when one is unknown.
    """
    tiers: list[str] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            tier = TIERS.get(re.sub(r"[^a-z]", "", part.casefold()))
            if tier is None:
                known = ", ".join(t.lower() for t in TIERS.values())
                raise ValueError(
                    f"unknown relatedness tier {part.strip()!r}; the tiers are {known}"
                )
            if tier not in tiers:
                tiers.append(tier)
    return tiers


class _Importer:
    def __init__(
        self, release: ReleaseFiles, report: OnetReport, tiers: Sequence[str], include_down: bool
    ) -> None:
        self.release = release
        self.report = report
        self.tiers = set(tiers)
        self.include_down = include_down
        self.roles: dict[str, dict[str, Any]] = {}
        self.zones: dict[str, int] = {}
        self.skills: dict[str, dict[str, Any]] = {}
        self.skill_ids: dict[str, str] = {}  # element id -> skill id
        self.steps: list[dict[str, Any]] = []
        self.level_scale: dict[str, Any] = {"min": 0, "max": 7, "editorial": False}
        self.importance_scale: dict[str, Any] = {"min": 1, "max": 5}

    def table(
        self, name: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Table | None:
        return self.release.table(name, TAB_SEPARATED, required, optional)

    def version(self) -> None:
        if not self.release.has("Read Me.txt"):
            return
        match = _VERSION_PATTERN.search(self.release.text("Read Me.txt")[:4000])
        if match:
            self.report.version = match.group(1)

    def scales(self) -> None:
        table = self.table("Scales Reference.txt", ["Scale ID", "Minimum", "Maximum"])
        if table is None:
            return
        for scale_id, minimum, maximum in table:
            low, high = _number(minimum), _number(maximum)
            if low is None or high is None or not 0 <= low < high <= 100:
                continue
            bounds = {"min": _whole(low), "max": _whole(high)}
            if scale_id == "LV":
                self.level_scale.update(bounds)
            elif scale_id == "IM":
                self.importance_scale.update(bounds)

    def occupations(self) -> None:
        table = self.table("Occupation Data.txt", [CODE, "Title", "Description"])
        assert table is not None  # open_release refuses a source without it
        for code, title, description in table:
            if not _CODE_PATTERN.match(code) or not fits_name(title):
                self.report.skip("occupation rows with a malformed code or title")
                continue
            if code in self.roles:
                self.report.skip("repeated occupation rows")
                continue
            role: dict[str, Any] = {
                "id": code,
                "title": {"en": title},
                "aliases": [],
                "level": UNKNOWN_LEVEL,
                "track": MAJOR_GROUPS.get(code[:2], "other"),
                "skills": [],
                "tools": [],
            }
            if fits_text(description):
                role["summary"] = description
            elif description.strip() and fits_text(cut := cut_text(description, CUT_NOTE)):
                role["summary"] = cut
                self.report.descriptions_cut += 1
            self.roles[code] = role
        self.report.occupations = len(self.roles)

    def job_zones(self) -> None:
        table = self.table("Job Zones.txt", [CODE, "Job Zone"])
        if table is None:
            self.report.lack(
                "Job Zones.txt",
                "no job zones: every role is at level 0 (unknown) and every step is lateral",
            )
        else:
            disagreeing: set[str] = set()
            for code, zone_text in table:
                zone = _number(zone_text)
                if code not in self.roles:
                    self.report.skip("job zone rows of occupations not in the release")
                elif zone is None or zone != int(zone) or not 1 <= zone <= 5:
                    self.report.skip("job zone rows with a zone outside 1-5")
                elif self.zones.setdefault(code, int(zone)) != int(zone):
                    disagreeing.add(code)  # the data contradicts itself: the zone is unknown
            for code in disagreeing:
                del self.zones[code]
            for code, zone in self.zones.items():
                self.roles[code]["level"] = zone
            self.report.zones_disagreeing = len(disagreeing)
        self.report.roles_without_zone = sum(1 for code in self.roles if code not in self.zones)

    def skill_files(self) -> list[tuple[str, str | None]]:
        new: list[tuple[str, str | None]] = [
            (name, group)
            for name, group in (
                ("Essential Skills.txt", "essential"),
                ("Transferable Skills.txt", "transferable"),
            )
            if self.release.has(name)
        ]
        if new:
            self.report.layout = "new"
            if len(new) == 1:
                other = "Transferable" if new[0][1] == "essential" else "Essential"
                self.report.lack(f"{other} Skills.txt", "no ratings for the skills that file holds")
            return new
        if self.release.has("Skills.txt"):
            return [("Skills.txt", None)]
        self.report.lack(
            "Skills.txt",
            "no skill levels or importances: gap, next and path --by gap have no skills to compare",
        )
        return []

    def ratings(self, name: str, group: str | None) -> None:
        columns = (CODE, "Element ID", "Element Name", "Scale ID", "Data Value")
        table = self.table(name, columns, ("Recommend Suppress", "Not Relevant", "Standard Error"))
        assert table is not None
        # (code, element) -> [level, importance, low precision, not relevant, level's SE]
        pairs: dict[tuple[str, str], list[Any]] = {}
        order: list[tuple[str, str]] = []
        for code, element, element_name, scale, data, suppress, irrelevant, error in table:
            if scale not in ("LV", "IM"):
                continue
            if code not in self.roles:
                self.report.skip("skill rows of occupations not in the release")
                continue
            value = _number(data)
            if value is None or not element:
                self.report.skip("skill rows without a number")
                continue
            if element not in self.skill_ids:
                self._add_skill(element, element_name, group)
            key = (code, element)
            pair = pairs.get(key)
            if pair is None:
                pair = pairs[key] = [None, None, False, False, None]
                order.append(key)
            pair[0 if scale == "LV" else 1] = round(value, 2)
            if scale == "LV":
                pair[4] = _number(error) if error else None
            if suppress == "Y" or suppress == "y":
                pair[2] = True
            if irrelevant == "Y" or irrelevant == "y":
                pair[3] = True
        low, high = self.level_scale["min"], self.level_scale["max"]
        im_low, im_high = self.importance_scale["min"], self.importance_scale["max"]
        for code, element in order:
            level, importance, low_precision, not_relevant, error = pairs[(code, element)]
            if not_relevant:
                self.report.not_relevant += 1
                continue
            if level is None:
                self.report.skip("skill ratings with an importance but no level")
                continue
            if not low <= level <= high:
                self.report.skip("skill levels outside the level scale")
                continue
            requirement: dict[str, Any] = {"skill": self.skill_ids[element], "level": level}
            if importance is not None and im_low <= importance <= im_high:
                requirement["importance"] = importance
            if low_precision:
                requirement["low_precision"] = True
                self.report.low_precision += 1
            if error is not None and error >= 0:
                requirement["level_se"] = round(error, 4)
            self.roles[code]["skills"].append(requirement)
            self.report.requirements += 1

    def _add_skill(self, element: str, name: str, group: str | None) -> None:
        if not fits_name(name):
            name = element
        skill_id = _slug(name)
        taken = {skill["id"] for skill in self.skills.values()}
        if skill_id in taken:
            skill_id = f"{skill_id}-{_slug(element)}"
        skill: dict[str, Any] = {
            "id": skill_id,
            "name": {"en": name},
            "description": f"O*NET element {element}.",
        }
        if group is not None:
            skill["group"] = group
        self.skills[element] = skill
        self.skill_ids[element] = skill_id

    def tools(self) -> None:
        if self.release.has("Software Skills.txt"):
            name, product, category = "Software Skills.txt", "Workplace Example", "Element Name"
            self.report.layout = "new"
        elif self.release.has("Technology Skills.txt"):
            name, product, category = "Technology Skills.txt", "Example", "Commodity Title"
        else:
            self.report.lack(
                "Technology Skills.txt", "no tools: gap and path list no tools to learn"
            )
            return
        table = self.table(name, [CODE, product, category], ["Hot Technology", "In Demand"])
        assert table is not None
        seen: set[tuple[str, str, str]] = set()
        for code, tool_name, tool_category, hot, demand in table:
            role = self.roles.get(code)
            if role is None:
                self.report.skip("tool rows of occupations not in the release")
                continue
            if not fits_name(tool_name) or not fits_name(tool_category):
                self.report.skip("tool rows without a usable name or category")
                continue
            key = (code, tool_name.casefold(), tool_category.casefold())
            if key in seen:
                continue
            seen.add(key)
            tool: dict[str, Any] = {"name": tool_name, "category": tool_category}
            if hot.upper() == "Y":
                tool["hot"] = True
                self.report.hot_tools += 1
            if demand.upper() == "Y":
                tool["in_demand"] = True
            role["tools"].append(tool)
            self.report.tools += 1

    def titles(self) -> None:
        if self.release.has("Job Titles.txt"):
            name, column = "Job Titles.txt", "Job Title"
            self.report.layout = "new"
        elif self.release.has("Alternate Titles.txt"):
            name, column = "Alternate Titles.txt", "Alternate Title"
        else:
            self.report.lack(
                "Alternate Titles.txt",
                "no other titles: roles are found by their O*NET title and code only",
            )
            return
        table = self.table(name, [CODE, column], ["Short Title"])
        assert table is not None
        short: dict[str, list[str]] = {}
        longer: dict[str, list[str]] = {}
        roles = self.roles
        for code, title, short_title in table:
            if code not in roles:
                self.report.skip("title rows of occupations not in the release")
                continue
            if short_title and short_title != "n/a":
                short.setdefault(code, []).append(short_title)
            if title and title != "n/a":
                longer.setdefault(code, []).append(title)
        for code, role in self.roles.items():
            seen = {role["title"]["en"].casefold()}
            for value in [*short.get(code, []), *longer.get(code, [])]:
                folded = value.casefold()
                if folded in seen:
                    continue
                seen.add(folded)
                if not fits_name(value):
                    self.report.skip("titles too long or with control characters")
                    continue
                role["aliases"].append(value)
                self.report.aliases += 1

    def related(self) -> None:
        columns = (CODE, "Related O*NET-SOC Code", "Relatedness Tier")
        table = self.table("Related Occupations.txt", columns)
        if table is None:
            self.report.lack(
                "Related Occupations.txt", "no career steps: path, next and tree have no routes"
            )
            return
        seen: set[tuple[str, str]] = set()
        tier_names: dict[str, str | None] = {}
        for source, target, tier_text in table:
            tier = tier_names.get(tier_text, "")
            if tier == "":
                tier = tier_names[tier_text] = TIERS.get(
                    re.sub(r"[^a-z]", "", tier_text.casefold())
                )
            if tier not in self.tiers:
                self.report.other_tiers += 1
                continue
            if source not in self.roles or target not in self.roles:
                self.report.dangling += 1
                continue
            if source == target or (source, target) in seen:
                self.report.skip("repeated or self-referring related-occupation rows")
                continue
            seen.add((source, target))
            # Similar work, not a promotion: where it leads is read from the two job zones.
            step: dict[str, Any] = {"from": source, "to": target, "kind": "related"}
            here, there = self.zones.get(source), self.zones.get(target)
            if here is None or there is None:
                self.report.steps_zone_unknown += 1
            elif there > here:
                self.report.steps_up += 1
            elif there < here:
                self.report.steps_down += 1
                if not self.include_down:
                    continue
            self.steps.append(step)
        self.report.steps = len(self.steps)

    def document(self, name: str) -> dict[str, Any]:
        version = self.report.version
        release = f"O*NET {version} Database" if version else "O*NET Database"
        for role in self.roles.values():
            for key in ("aliases", "skills", "tools"):
                if not role[key]:
                    del role[key]
        self.report.roles_without_skills = sum(1 for r in self.roles.values() if "skills" not in r)
        self.report.skills = len(self.skills)
        source = {"id": "onet", "title": release, "url": ONET_URL}
        return dataset_document(
            name,
            f"Occupations from the {release} (USDOL/ETA), imported by careerpath.",
            {**source, "attribution": attribution(version), "licence": LICENCE},
            version,
            skill_scale=self.level_scale,
            importance_scale=self.importance_scale,
            skills=list(self.skills.values()),
            roles=list(self.roles.values()),
            steps=self.steps,
        )


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _whole(value: float) -> int | float:
    return int(value) if value == int(value) else value


def import_onet(
    source: Path | str,
    *,
    name: str = "onet",
    tiers: Sequence[str] = DEFAULT_TIERS,
    include_down: bool = False,
    progress: Progress | None = None,
) -> ImportResult[OnetReport]:
    """Read an O*NET text release (a zip or a folder) as a checked careerpath dataset.

    Parameters
    ----------
    source:
        The release's zip (files at its root or in one folder) or its unpacked folder.
    name:
        The dataset's name.
    tiers:
        Relatedness tiers of ``Related Occupations.txt`` that become steps.
    include_down:
        Keep related occupations in a lower job zone as steps too.
    progress:
        Called as ``progress(what, done, total)`` before each stage, and once at the end.

    Returns
    -------
    ImportResult
        The document (a mapping shaped like a data file, loadable as JSON), the report, and
        the checked dataset.

    Raises
    ------
    ImportFailed
        When the source is not an O*NET text release, a file cannot be read, or (as
        :class:`~careerpath.errors.WrongHeader`) a file lacks a column the import needs.
    """
    from careerpath.data.cache import paused_gc

    source = Path(source)
    report = OnetReport(source=str(source), tiers=list(tiers), steps_down_included=include_down)
    # Hundreds of thousands of objects and no cycles: the collector would only slow it down.
    with paused_gc():
        release = open_release(source)
        try:
            importer = _Importer(release, report, tiers, include_down)
            stages: list[tuple[str, Callable[[], None]]] = [
                ("Read Me.txt", importer.version),
                ("Scales Reference.txt", importer.scales),
                ("Occupation Data.txt", importer.occupations),
                ("Job Zones.txt", importer.job_zones),
            ]
            for file_name, group in importer.skill_files():
                stages.append((file_name, functools.partial(importer.ratings, file_name, group)))
            stages += [
                ("tools", importer.tools),
                ("titles", importer.titles),
                ("Related Occupations.txt", importer.related),
            ]
            total = len(stages) + 1
            run_stages(stages, progress, total)
            document = importer.document(name)
        finally:
            release.close()
        return checked_result(document, report, name, progress, total)
