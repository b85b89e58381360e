"""Import ESCO CSV packs (the European Commission's occupations and skills) as a dataset.

ESCO publishes its classification as one CSV pack per language (``ESCO dataset - v1.2.1 -
classification - fi - csv.zip``): comma-separated UTF-8 files, fields quoted where needed,
several labels inside one quoted field on lines of their own. Several packs of one release
combine: the structure comes from whichever pack has it, and each pack adds the labels of its
language, matched by ``conceptUri``. The language of a file is the suffix of its name
(``occupations_fi.csv``). Columns are found by their header names, so both layouts read: 1.1.x,
whose relation files have no language suffix, and 1.2.x, whose have ``_en.csv`` and more
columns.

How the files map onto careerpath:

- ``occupations_<lang>.csv``: one role per occupation. The id is ESCO's ``code``
  (``4222.1.1``, a string: codes may begin with 0), the URI kept, the title the
  ``preferredLabel`` of each language, ``altLabels`` the names it answers to (the card shows a
  few), ``hiddenLabels`` and each form of a gendered label (``agent/agente``) searchable but
  never shown, ``description`` the summary (English).
- The level: ESCO has none. It is the ISCO-08 skill level of the occupation's major group
  (see :func:`careerpath.data.importers.isco.isco_level`), and the card says so.
- ``ISCOGroups_<lang>.csv``: the label of the occupation's ISCO-08 unit group, which with its
  code is the role's track (``4222 Contact centre information clerks``), in each language.
- ``skills_<lang>.csv``: the skill catalogue; ``skillType`` (knowledge, skill/competence, or
  empty) is the skill's group; ``altLabels`` and ``hiddenLabels`` of every language are the
  names it is also found by (aliases, never shown).
- ``occupationSkillRelations.csv``: each role's skills, without a level; ``relationType``
  kept as ``essential`` (true for essential, false for optional).
- ``broaderRelationsOccPillar.csv``: only checked: rows naming an occupation the pack lacks
  are counted. ESCO lists no career steps, no tools and no levels.

References that dangle (the full 1.1.1 relation file names 67 occupations its occupations file
lacks) are skipped and counted; a pack without skills or relations imports what it has and the
report says what is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from careerpath.data.importers.esco_release import ReleaseMarks, one_release, read_marked
from careerpath.data.importers.isco import isco_level
from careerpath.data.importers.report import ImportReport
from careerpath.data.importers.source import ReleaseFiles
from careerpath.data.models import LANGUAGE_ALIASES
from careerpath.errors import ImportFailed

ESCO_URL = "https://esco.ec.europa.eu/en/use-esco/download"
LICENCE = "ESCO terms of use (Commission Decision 2011/833/EU)"
STATEMENT = "This service uses the ESCO classification of the European Commission."
"""The sentence ESCO's terms ask every service using it to publish, word for word."""

OCCUPATION_COLUMNS = ("conceptUri", "iscoGroup", "preferredLabel", "code")
OCCUPATION_OPTIONAL = ("altLabels", "hiddenLabels", "description")
SKILL_COLUMNS = ("conceptUri", "preferredLabel")
SKILL_OPTIONAL = ("skillType", "altLabels", "hiddenLabels", "description")
ISCO_COLUMNS = ("conceptUri", "code", "preferredLabel")
RELATION_COLUMNS = ("occupationUri", "relationType", "skillUri")
BROADER_COLUMNS = ("conceptType", "conceptUri", "broaderType", "broaderUri")

_KINDS = {
    "occupations": "occupations",
    "skills": "skills",
    "iscogroups": "isco",
    "occupationskillrelations": "relations",
    "broaderrelationsoccpillar": "broader",
}
_FILE_NAME = re.compile(r"^([a-z]+?)(?:_([a-z]{2,3}))?\.csv$")
_VERSION = re.compile(r"v(\d+\.\d+(?:\.\d+)?)", re.IGNORECASE)
_PACK_LANGUAGE = re.compile(r"classification\s*-\s*([a-z]{2,3})\s*-\s*csv", re.IGNORECASE)
_ID_PATTERN = re.compile(r"^[0-9][0-9.]*$")


def attribution(version: str | None) -> str:
    """ESCO's statement, and the notice that careerpath's dataset is an adapted version."""
    release = f"ESCO v{version}" if version else "ESCO"
    return (
        f"{STATEMENT} This dataset is a modified version of {release}: careerpath adapted it "
        "into roles, skill requirements and levels derived from ISCO-08 skill levels; the "
        "European Commission has not endorsed these changes."
    )


@dataclass
class EscoReport(ImportReport):
    """What an ESCO import read, made and left out, and why."""

    sources: list[str]
    version: str | None = None
    layout: str = "1.1"
    languages: list[str] = field(default_factory=list)
    occupations: int = 0
    skills: int = 0
    requirements: int = 0
    essential: int = 0
    optional: int = 0
    roles_without_skills: int = 0
    aliases: int = 0
    hidden_names: int = 0
    skill_aliases: int = 0
    dangling: dict[str, int] = field(default_factory=dict)
    """Rows naming an occupation or skill the packs lack, by file."""

    def dangle(self, file: str) -> None:
        self.dangling[file] = self.dangling.get(file, 0) + 1

    def summary(self) -> list[str]:
        """The report as a few lines for people."""
        release = f"ESCO v{self.version}" if self.version else "ESCO (version unknown)"
        lines = [
            f"Imported {release} ({self.layout}.x file layout; languages "
            f"{', '.join(self.languages)}) from {', '.join(self.sources)}:",
            f"  {self.occupations:,} occupations ({self.roles_without_skills:,} without skills), "
            f"{self.aliases:,} other names, {self.hidden_names:,} hidden search names",
            f"  {self.skills:,} skills ({self.skill_aliases:,} other names), "
            f"{self.requirements:,} skill requirements "
            f"({self.essential:,} essential, {self.optional:,} optional)",
            "  levels from ISCO-08 skill levels; no career steps (next, path and tree infer "
            "moves from shared skills)",
        ]
        left_out = [
            f"{count:,} rows of {file} naming occupations or skills not in the packs"
            for file, count in sorted(self.dangling.items())
        ]
        return lines + self.left_out_lines(left_out)


@dataclass(frozen=True)
class PackFile:
    """One CSV file of a pack: what it holds and in which language."""

    kind: str
    language: str | None
    name: str


def _classify(names: Mapping[str, str]) -> list[PackFile]:
    """The ESCO files among *names* (file names), each with its kind and language."""
    files = []
    for name in names:
        match = _FILE_NAME.match(name.casefold())
        if match is not None and match.group(1) in _KINDS:
            files.append(PackFile(_KINDS[match.group(1)], match.group(2), name))
    return files


class Pack:
    """The CSV files of one ESCO pack, in a zip or a folder (at its root or in one folder)."""

    def __init__(self, source: Path) -> None:
        self.release = ReleaseFiles(source, lambda names: bool(_classify(names)), "ESCO CSV files")
        self.files = _classify(self.release.files)
        if not self.files:
            self.release.close()
            raise ImportFailed(
                f"{source}: no ESCO CSV files in it (occupations_<lang>.csv, skills_<lang>.csv, "
                "occupationSkillRelations.csv, ...), at its root or in one folder"
            )
        match = _VERSION.search(source.name)
        self.version = match.group(1) if match else None
        named = _PACK_LANGUAGE.search(source.name)
        self.language = named.group(1).lower() if named else None
        self.marks = ReleaseMarks(str(source))

    def table(
        self, file: PackFile, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Iterable[list[str]]:
        """The rows of *file*: the values of the *required* then the *optional* columns."""
        return read_marked(self.release, file.name, file.kind, required, optional, self.marks)

    def close(self) -> None:
        self.release.close()


def _labels(value: str) -> list[str]:
    """The labels of a multi-valued field (one a line)."""
    return [label.strip() for label in value.splitlines() if label.strip()]


def gendered_forms(label: str) -> list[str]:
    """The forms of a gendered label (``agent/agente``): each side of a ``/`` between words.

    An empty list for a label without one.
    """
    if "/" not in label:
        return []
    forms = [form.strip() for form in label.split("/")]
    if len(forms) < 2 or any(not form for form in forms):
        return []
    return forms


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:80].strip("-")
    return slug if slug and slug[0].isalnum() else f"skill-{slug}".strip("-")


@dataclass
class _Occupation:
    uri: str
    code: str
    isco: str
    titles: dict[str, str] = field(default_factory=dict)
    alt: dict[str, list[str]] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    description: str | None = None


@dataclass
class _Skill:
    uri: str
    kind: str
    names: dict[str, str] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)  # alternative and hidden, English first
    description: str | None = None


class _Importer:
    def __init__(self, packs: list[Pack], report: EscoReport) -> None:
        self.packs = packs
        self.report = report
        self.occupations: dict[str, _Occupation] = {}
        self.by_code: dict[str, str] = {}
        self.skills: dict[str, _Skill] = {}
        self.isco: dict[str, dict[str, str]] = {}  # code -> language -> label
        self.requirements: dict[
            str, dict[str, bool]
        ] = {}  # occupation uri -> skill uri -> essential

    def files(self, kind: str) -> list[tuple[Pack, PackFile]]:
        found = [(pack, f) for pack in self.packs for f in pack.files if f.kind == kind]
        # English first: the structure and the English names come from it where it has them.
        return sorted(found, key=lambda item: item[1].language not in (None, "en"))

    def language(self, pack: Pack, file: PackFile) -> str:
        code = file.language or pack.language or "en"
        return LANGUAGE_ALIASES.get(code, code)

    def read_occupations(self, pack: Pack, file: PackFile) -> None:
        lang = self.language(pack, file)
        rows = pack.table(file, OCCUPATION_COLUMNS, OCCUPATION_OPTIONAL)
        occupations = self.occupations
        for uri, isco, label, code, alt, hidden, description in rows:
            occupation = occupations.get(uri)
            if occupation is None:
                if not _ID_PATTERN.match(code) or not uri:
                    self.report.skip(f"rows of {file.name} without a usable code")
                    continue
                if code in self.by_code:
                    self.report.skip(f"rows of {file.name} repeating another occupation's code")
                    continue
                occupation = occupations[uri] = _Occupation(uri, code, isco)
                self.by_code[code] = uri
            elif lang in occupation.titles:
                self.report.skip(f"repeated rows of {file.name}")
                continue
            if fits_name(label):
                occupation.titles[lang] = label
            occupation.alt[lang] = _labels(alt)
            occupation.hidden += _labels(hidden)
            if lang == "en" and description.strip():
                occupation.description = _kept(description)

    def read_isco(self, pack: Pack, file: PackFile) -> None:
        lang = self.language(pack, file)
        for _uri, code, label in pack.table(file, ISCO_COLUMNS):
            if code and fits_name(label):
                self.isco.setdefault(code, {}).setdefault(lang, label)

    def read_skills(self, pack: Pack, file: PackFile) -> None:
        lang = self.language(pack, file)
        rows = pack.table(file, SKILL_COLUMNS, SKILL_OPTIONAL)
        skills = self.skills
        for uri, label, kind, alt, hidden, description in rows:
            if not uri:
                continue
            skill = skills.get(uri)
            if skill is None:
                skill = skills[uri] = _Skill(uri, kind if fits_name(kind) else "")
            if fits_name(label):
                skill.names.setdefault(lang, label)
            skill.labels += _labels(alt) + _labels(hidden)
            if lang == "en" and skill.description is None and description.strip():
                skill.description = _kept(description)

    def read_relations(self, pack: Pack, file: PackFile) -> None:
        if "_" in file.name:
            self.report.layout = "1.2"
        rows = pack.table(file, RELATION_COLUMNS)
        occupations, skills = self.occupations, self.skills
        requirements = self.requirements
        for occupation, relation, skill in rows:
            if occupation not in occupations or skill not in skills:
                self.report.dangle(file.name)
                continue
            relation = relation.casefold()
            if relation not in ("essential", "optional"):
                self.report.skip(
                    f"rows of {file.name} with a relation other than essential or optional"
                )
                continue
            held = requirements.setdefault(occupation, {})
            is_essential = relation == "essential"
            if skill in held:
                self.report.skip(f"repeated rows of {file.name}")
                held[skill] = held[skill] or is_essential
                continue
            held[skill] = is_essential

    def read_broader(self, pack: Pack, file: PackFile) -> None:
        if "_" in file.name:
            self.report.layout = "1.2"
        for kind, uri, _broader_kind, _broader in pack.table(file, BROADER_COLUMNS):
            if kind.casefold() == "occupation" and uri not in self.occupations:
                self.report.dangle(file.name)

    def track(self, group: str) -> str | dict[str, str]:
        """An occupation's track: its ISCO-08 unit group's code and label, in each language a
        pack gives the label in (``ISCOGroups_<lang>.csv``); the code alone without a label."""
        labels = sorted(self.isco.get(group, {}).items(), key=lambda item: item[0] != "en")
        tracks = {lang: text for lang, label in labels if fits_name(text := f"{group} {label}")}
        if "en" not in tracks:
            return f"ISCO-08 {group}" if group else "other"
        return tracks if len(tracks) > 1 else tracks["en"]

    def document(self, name: str) -> dict[str, Any]:
        report = self.report
        skill_ids: dict[str, str] = {}
        skills: list[dict[str, Any]] = []
        taken: set[str] = set()
        for uri, skill in self.skills.items():
            english = skill.names.get("en") or next(iter(skill.names.values()), "")
            if not english:
                report.skip("skills without a usable name")
                continue
            skill_id = _slug(english)
            if skill_id in taken:
                skill_id = f"{skill_id}-{_slug(uri.rsplit('/', 1)[-1])[:8]}"
            while skill_id in taken:
                skill_id += "-x"
            taken.add(skill_id)
            skill_ids[uri] = skill_id
            entry: dict[str, Any] = {
                "id": skill_id,
                "name": {"en": english, **{k: v for k, v in skill.names.items() if k != "en"}},
                "uri": uri,
            }
            names = {name.casefold() for name in entry["name"].values()}
            labels: dict[str, str] = {}  # found by --have, profiles and search; never shown
            for label in skill.labels:
                if label.casefold() not in names and fits_name(label):
                    labels.setdefault(label.casefold(), label)
            if labels:
                entry["aliases"] = list(labels.values())
                report.skill_aliases += len(labels)
            if skill.kind:
                entry["group"] = skill.kind
            if skill.description:
                entry["description"] = skill.description
            skills.append(entry)
        roles: list[dict[str, Any]] = []
        for uri, occupation in self.occupations.items():
            title = occupation.titles.get("en")
            if title is None:
                report.skip("occupations without an English title")
                continue
            derived = isco_level(occupation.isco or occupation.code)
            level, rule = derived if derived else (0, "Level 0: unknown (no ISCO-08 group).")
            group = occupation.isco
            role: dict[str, Any] = {
                "id": occupation.code,
                "title": {
                    "en": title,
                    **{k: v for k, v in occupation.titles.items() if k != "en"},
                },
                "level": level,
                "level_rule": rule,
                "track": self.track(group),
                "uri": uri,
            }
            seen = {title.casefold() for title in occupation.titles.values()}
            aliases: list[str] = []
            for lang in sorted(occupation.alt, key=lambda code: code != "en"):
                for alias in occupation.alt[lang]:
                    if alias.casefold() in seen:
                        continue
                    seen.add(alias.casefold())
                    if fits_name(alias):
                        aliases.append(alias)
                    else:
                        report.skip("labels too long or with control characters")
            hidden: list[str] = []
            for value in [
                *occupation.hidden,
                *(
                    form
                    for label in [*occupation.titles.values(), *aliases]
                    for form in gendered_forms(label)
                ),
            ]:
                if value.casefold() in seen:
                    continue
                seen.add(value.casefold())
                if fits_name(value):
                    hidden.append(value)
            if aliases:
                role["aliases"] = aliases
                report.aliases += len(aliases)
            if hidden:
                role["hidden_names"] = hidden
                report.hidden_names += len(hidden)
            if occupation.description:
                role["summary"] = occupation.description
            held = self.requirements.get(uri, {})
            requirements = [
                {"skill": skill_ids[skill], "essential": essential}
                for skill, essential in held.items()
                if skill in skill_ids
            ]
            if requirements:
                role["skills"] = requirements
                report.requirements += len(requirements)
            else:
                report.roles_without_skills += 1
            roles.append(role)
        report.occupations = len(roles)
        report.skills = len(skills)
        report.essential = sum(
            1 for role in roles for req in role.get("skills", []) if req["essential"]
        )
        report.optional = report.requirements - report.essential
        version = report.version
        release = f"ESCO v{version}" if version else "ESCO"
        source = {"id": "esco", "title": release, "url": ESCO_URL}
        return dataset_document(
            name,
            f"Occupations and skills of {release} (European Commission), "
            f"languages {', '.join(report.languages)}, adapted by careerpath.",
            {**source, "attribution": attribution(version), "licence": LICENCE},
            version,
            skill_scale={"min": 0, "max": 1, "editorial": False},
            skills=skills,
            roles=roles,
            steps=[],
        )


def import_esco(
    sources: Sequence[Path | str],
    *,
    name: str = "esco",
    progress: Progress | None = None,
) -> ImportResult[EscoReport]:
    """Read one or more ESCO CSV packs of one release (zips or folders) as a checked dataset.

    Parameters
    ----------
    sources:
        The packs: each a zip as downloaded (files at its root or in one folder) or its
        unpacked folder. The structure comes from whichever pack has it; each adds the labels
        of its language.
    name:
        The dataset's name.
    progress:
        Called as ``progress(what, done, total)`` before each file, and once at the end.

    Returns
    -------
    ImportResult
        The document (shaped like a data file, loadable as JSON), the report, and the checked
        dataset.

    Raises
    ------
    ImportFailed
        When a source is not an ESCO pack, the packs are of different releases, none has
        occupations with English labels, a file cannot be read, or (as
        :class:`~careerpath.errors.WrongHeader`) a file lacks a column the import needs.
    """
    from careerpath.data.cache import paused_gc

    with paused_gc():
        return _import([Path(source) for source in sources], name, progress)


def _import(sources: list[Path], name: str, progress: Progress | None) -> ImportResult[EscoReport]:
    unique: dict[Path, Path] = {}
    for source in sources:  # the same pack named twice is read once
        unique.setdefault(source.resolve(), source)
    sources = list(unique.values())
    report = EscoReport(sources=[str(source) for source in sources])
    packs: list[Pack] = []
    try:
        for source in sources:
            packs.append(Pack(source))
        versions = sorted({pack.version for pack in packs if pack.version})
        if len(versions) > 1:
            raise ImportFailed(
                f"the packs are of different ESCO releases ({', '.join(versions)}); "
                "combine packs of one release"
            )
        report.version = versions[0] if versions else None
        importer = _Importer(packs, report)
        languages = {
            importer.language(pack, file)
            for pack in packs
            for file in pack.files
            if file.kind in ("occupations", "skills", "isco")
        }
        report.languages = sorted(languages, key=lambda code: (code != "en", code))
        if not importer.files("occupations"):
            raise ImportFailed(
                f"{', '.join(report.sources)}: no occupations_<lang>.csv in the packs"
            )
        stages: list[tuple[str, Callable[[], None]]] = []
        for kind, read in (
            ("isco", importer.read_isco),
            ("occupations", importer.read_occupations),
            ("skills", importer.read_skills),
            ("relations", importer.read_relations),
            ("broader", importer.read_broader),
        ):
            if kind == "relations" and not importer.files("skills"):
                continue  # the relations would name skills nothing describes
            for pack, file in importer.files(kind):
                stages.append((file.name, _bind(read, pack, file)))
        total = len(stages) + 2
        run_stages(stages, progress, total)
        one_release([pack.marks for pack in packs])  # told apart by content, not by name
        if not any(o.titles.get("en") for o in importer.occupations.values()):
            raise ImportFailed(
                "no English occupation labels: names fall back to English, so add the "
                "English pack (… - classification - en - csv.zip) to the sources"
            )
        _note_missing(importer)
        if progress is not None:
            progress("building the dataset", len(stages), total)
        document = importer.document(name)
    finally:
        for pack in packs:
            pack.close()
    return checked_result(document, report, name, progress, total)


def _bind(read: Callable[[Pack, PackFile], None], pack: Pack, file: PackFile) -> Callable[[], None]:
    return lambda: read(pack, file)


def _note_missing(importer: _Importer) -> None:
    report = importer.report
    if not importer.files("skills"):
        lost = "no skill catalogue: roles list no skills"
        if importer.requirements or importer.files("relations"):
            lost += " (the relations name skills the packs do not describe)"
        report.lack("skills_<lang>.csv", lost)
    if not importer.files("relations"):
        report.lack(
            "occupationSkillRelations.csv",
            "no skill requirements: gap, similar and inferred moves have no skills to compare",
        )
    if not importer.files("isco"):
        report.lack("ISCOGroups_<lang>.csv", "no ISCO group names: tracks show the group code only")


CUT_NOTE = " […] (description cut: the full text is in ESCO's CSV files)"
"""Ends a description too long for a data file, cut to fit."""


def _kept(description: str) -> str | None:
    """A description as a data file can hold it: whole, or cut at a word with a note saying
    so; None only where even the cut text cannot be one (a character no text may hold)."""
    if fits_text(description):
        return description
    cut = cut_text(description, CUT_NOTE)
    return cut if fits_text(cut) else None
