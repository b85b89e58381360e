"""Generate a full-size ESCO CSV pack pair (English and one more language), invented content.

Usage: ``python benchmarks/esco_synth.py OUT_DIR [--lang fi] [--seed N] [--occupations N]``

The packs have the size of ESCO 1.2.0: 3,039 occupations, 13,939 skills, 129,004
occupation-skill relations (about 45 % essential), plus about 650 ISCO groups and one broader
row per occupation, with 67 relation rows naming occupations the pack lacks (as the full 1.1.1
has). Files, headers, quoting, CRLF record ends, multi-line ``altLabels``/``inScheme`` fields
and the 1.2.x file names (``occupationSkillRelations_en.csv`` with label columns) follow the
real downloads. Two folders are written, ``ESCO dataset - v1.2.0 - classification - en - csv``
and the same for ``--lang`` (labels only). The same seed gives the same bytes.
``--occupations 10000`` writes the 10,000-occupation pair of issue 22's growth target: the same
skills, and relations in proportion (424,494).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

OCCUPATIONS = 3039
SKILLS = 13_939
RELATIONS = 129_004
DANGLING = 67
BASE = "http://data.europa.eu/esco"
WORDS = [
    "field",
    "systems",
    "service",
    "records",
    "machine",
    "network",
    "quality",
    "safety",
    "energy",
    "water",
    "textile",
    "food",
    "retail",
    "claims",
    "transit",
    "cargo",
    "garden",
    "hotel",
    "museum",
    "dental",
    "marine",
    "forest",
    "mining",
    "press",
    "studio",
    "archive",
    "survey",
    "vehicle",
    "boiler",
    "crane",
    "glass",
    "paper",
    "rubber",
    "steel",
    "timber",
    "wine",
    "tourism",
    "port",
    "customer",
    "contact",
    "call",
    "office",
    "sales",
    "budget",
    "risk",
    "data",
    "cloud",
    "print",
    "audit",
    "legal",
    "medical",
]
ROLES = [
    "agent",
    "clerk",
    "assistant",
    "technician",
    "operator",
    "supervisor",
    "manager",
    "specialist",
    "officer",
]
VERBS = [
    "manage",
    "apply",
    "operate",
    "maintain",
    "assess",
    "monitor",
    "plan",
    "install",
    "repair",
    "teach",
    "analyse",
]
SCHEMES = f"{BASE}/concept-scheme/occupations,\n{BASE}/concept-scheme/member-occupations"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def generate(out: Path, other: str, seed: int, occupations_count: int = OCCUPATIONS) -> list[Path]:
    """Write the pack pair under *out*: *occupations_count* occupations, with as many relations
    per occupation as ESCO 1.2.0 has (the same skills)."""
    rng = random.Random(seed)
    relations_count = RELATIONS * occupations_count // OCCUPATIONS
    folders = []
    for lang in ("en", other):
        folder = out / f"ESCO dataset - v1.2.0 - classification - {lang} - csv"
        folder.mkdir(parents=True, exist_ok=True)
        folders.append(folder)
    # ISCO groups: 10 major, 43 sub-major, 130 minor, 436 unit (about ISCO-08's counts)
    units: list[str] = []
    groups: list[tuple[str, str]] = []
    for major in range(10):
        groups.append((str(major), f"major group {major}"))
        for sub in range(1, 5 if major else 4):
            code = f"{major}{sub}"
            groups.append((code, f"sub-major group {code}"))
            for minor in range(1, 4):
                for unit in range(1, 5):
                    unit_code = f"{code}{minor}{unit}"
                    units.append(unit_code)
                    groups.append((unit_code, f"{rng.choice(WORDS)} {rng.choice(ROLES)}s"))
    occupations = []
    codes: set[str] = set()
    for index in range(occupations_count):
        unit = units[index % len(units)]
        suffix = 1
        while f"{unit}.{suffix}" in codes:
            suffix += 1
        code = f"{unit}.{suffix}"
        codes.add(code)
        title = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(ROLES)} {index}"
        alts = [f"{title} {word}" for word in rng.sample(WORDS, rng.randint(0, 8))]
        hidden = [f"{title} h{n}" for n in range(rng.randint(0, 2))]
        uri = f"{BASE}/occupation/{rng.getrandbits(64):016x}-{index}"
        occupations.append((uri, unit, code, title, alts, hidden))
    skills = []
    for index in range(SKILLS):
        label = f"{rng.choice(VERBS)} {rng.choice(WORDS)} {rng.choice(WORDS)} {index}"
        kind = rng.choice(("skill/competence", "knowledge", "skill/competence", ""))
        skills.append((f"{BASE}/skill/{rng.getrandbits(64):016x}-{index}", kind, label))
    # Occupations of related ISCO groups share a pool of skills (the same sub-major, minor and
    # unit digits across major groups, so similar work exists one level up); the rest from all
    # skills, popular ones (a few shared by a thousand occupations or more) most often.
    weights = [1.0 / (rank + 10) for rank in range(SKILLS)]
    pools = {key: rng.sample(range(SKILLS), 45) for key in sorted({o[1][1:] for o in occupations})}
    relations: list[list[str]] = []
    per = relations_count - DANGLING
    counts = [
        per // occupations_count + (index < per % occupations_count)
        for index in range(occupations_count)
    ]
    for occupation, count in zip(occupations, counts, strict=True):
        pool = pools[occupation[1][1:]]
        chosen: set[int] = set()
        picks = rng.sample(pool, min(len(pool), count * 65 // 100))
        picks += rng.choices(range(SKILLS), weights=weights, k=count)
        for pick in picks:
            if len(chosen) == count:
                break
            chosen.add(pick)
        while len(chosen) < count:
            chosen.add(rng.randrange(SKILLS))
        for pick in sorted(chosen):
            uri, kind, label = skills[pick]
            relation = "essential" if rng.random() < 0.45 else "optional"
            relations.append([occupation[0], occupation[3], relation, kind, uri, label])
    for index in range(DANGLING):
        uri, kind, label = skills[index]
        relations.append([f"{BASE}/occupation/missing-{index}", "", "essential", kind, uri, label])
    relation_header = [
        "occupationUri", "occupationLabel", "relationType", "skillType", "skillUri", "skillLabel",
    ]  # fmt: skip
    write_csv(folders[0] / "occupationSkillRelations_en.csv", relation_header, relations)
    write_csv(
        folders[0] / "broaderRelationsOccPillar_en.csv",
        ["conceptType", "conceptUri", "conceptLabel", "broaderType", "broaderUri", "broaderLabel"],
        [["Occupation", o[0], o[3], "ISCOGroup", f"{BASE}/isco/C{o[1]}", ""] for o in occupations],
    )
    occupation_header = [
        "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
        "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition",
        "inScheme", "description", "code", "naceCode",
    ]  # fmt: skip
    skill_header = [
        "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
        "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme",
        "description",
    ]  # fmt: skip
    isco_header = [
        "conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels", "inScheme",
        "description",
    ]  # fmt: skip
    for lang, folder in zip(("en", other), folders, strict=True):
        mark = "" if lang == "en" else f" ({lang})"
        write_csv(
            folder / f"occupations_{lang}.csv",
            occupation_header,
            [
                [
                    "Occupation", uri, unit, title + mark, "\n".join(a + mark for a in alts),
                    "\n".join(hidden), "released", "2024-01-01T00:00:00Z", "", "", "",
                    SCHEMES,
                    f"{title.capitalize()}s do the work of {title}s.\nThey {rng.choice(VERBS)} "
                    f"{rng.choice(WORDS)} {rng.choice(WORDS)}." if lang == "en" else "",
                    code, "",
                ]
                for uri, unit, code, title, alts, hidden in occupations
            ],
        )  # fmt: skip
        write_csv(
            folder / f"skills_{lang}.csv",
            skill_header,
            [
                [
                    "KnowledgeSkillCompetence", uri, kind, "sector-specific", label + mark,
                    f"{label} alt{mark}", "", "released", "2024-01-01T00:00:00Z", "", "",
                    f"{BASE}/concept-scheme/skills,\n{BASE}/concept-scheme/member-skills",
                    f"The ability to {label}." if lang == "en" else "",
                ]
                for uri, kind, label in skills
            ],
        )  # fmt: skip
        write_csv(
            folder / f"ISCOGroups_{lang}.csv",
            isco_header,
            [
                ["ISCOGroup", f"{BASE}/isco/C{code}", code, label + mark, "released", "",
                 SCHEMES, ""]
                for code, label in groups
            ],
        )  # fmt: skip
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", default="fi", help="the second language (default fi)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--occupations",
        type=int,
        default=OCCUPATIONS,
        help=f"how many occupations (default {OCCUPATIONS}, ESCO's; 10000 for the growth target)",
    )
    args = parser.parse_args(argv)
    for folder in generate(args.out, args.lang, args.seed, args.occupations):
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
