"""Generate a seeded careerpath data file shaped like O*NET's occupations and alternate titles.

O*NET lists 1,016 occupations under plural official titles ("Customer Service
Representatives") with about 57,000 alternate titles between them: most occupations have a few
dozen, one has 2,750, and some titles belong to several occupations ("Office Manager" to two,
"Customer Service Representative" to three). This file has the same shape, so that looking a
role up by name can be timed at that scale before an O*NET import exists: 1,016 roles with
plural titles, 57,000 aliases (singular forms, seniority, specialties, abbreviations such as
"Sr." and "Mgr", inverted forms such as "Manager, Payroll", numbered grades), shared aliases,
35 rated skills and a few tools per role, and related-occupation steps.

Run ``python benchmarks/names_synth.py OUT_DIR`` to write ``names-1016.json`` and
``names-1016.queries.json``, which names the benchmark's look-ups: an alternate title of one
role, the same title misspelled, and a plural official title. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROLES = 1_016
ALIASES = 57_000
LARGEST = 2_750
SKILLS_PER_ROLE = 35

FIELDS = (
    "Accounting", "Advertising", "Agricultural", "Aircraft", "Audit", "Billing", "Biomedical",
    "Budget", "Chemical", "Childcare", "Civil", "Claims", "Clinical", "Compensation",
    "Compliance", "Construction", "Credit", "Customer Service", "Data", "Database", "Dental",
    "Electrical", "Environmental", "Event", "Facilities", "Fashion", "Financial", "Fire",
    "Fitness", "Food Service", "Forest", "Graphic", "Health", "Hotel", "Human Resources",
    "Industrial", "Insurance", "Interior", "Inventory", "Laboratory", "Legal", "Library",
    "Loan", "Logistics", "Marine", "Marketing", "Mechanical", "Medical", "Mining", "Museum",
    "Network", "Nuclear", "Office", "Payroll", "Petroleum", "Pharmacy", "Procurement",
    "Production", "Public Relations", "Purchasing", "Quality Control", "Railroad",
    "Real Estate", "Records", "Retail", "Safety", "Sales", "Security", "Software", "Tax",
    "Telecommunications", "Textile", "Training", "Transit", "Travel", "Veterinary",
    "Warehouse", "Water Treatment", "Web", "Wholesale",
)  # fmt: skip
OCCUPATIONS = (
    ("Manager", "Managers"), ("Analyst", "Analysts"), ("Specialist", "Specialists"),
    ("Technician", "Technicians"), ("Representative", "Representatives"), ("Clerk", "Clerks"),
    ("Engineer", "Engineers"), ("Assistant", "Assistants"), ("Coordinator", "Coordinators"),
    ("Supervisor", "Supervisors"), ("Operator", "Operators"), ("Inspector", "Inspectors"),
    ("Designer", "Designers"), ("Consultant", "Consultants"), ("Officer", "Officers"),
    ("Director", "Directors"), ("Agent", "Agents"), ("Scientist", "Scientists"),
    ("Administrator", "Administrators"), ("Auditor", "Auditors"), ("Planner", "Planners"),
    ("Examiner", "Examiners"), ("Investigator", "Investigators"), ("Installer", "Installers"),
)  # fmt: skip
SENIORITY = (
    "Senior", "Sr.", "Junior", "Jr.", "Lead", "Chief", "Principal", "Associate", "Assistant",
    "Head", "Staff", "Trainee", "Deputy", "Executive",
)  # fmt: skip
SPECIALTIES = (
    "Accounts Payable", "Accounts Receivable", "Automation", "Benefits", "Branch", "Call Center",
    "Campaign", "Capital Projects", "Cloud", "Commercial", "Contract", "Corporate", "Cost",
    "Digital", "District", "Energy", "Enterprise", "Estate", "Export", "Field", "Fleet",
    "Food Safety", "Government", "Hospital", "Import", "Infrastructure", "Integration",
    "Investment", "Maintenance", "Mortgage", "Municipal", "National Accounts", "Operations",
    "Outpatient", "Plant", "Pricing", "Process", "Product", "Project", "Property", "Regional",
    "Research", "Residential", "Risk", "Route", "Shift", "Site", "Store", "Systems",
    "Technical", "Territory", "Vendor", "Warranty", "Wellness",
)  # fmt: skip
ABBREVIATED = {"Manager": "Mgr", "Representative": "Rep", "Director": "Dir", "Assistant": "Asst"}
GRADES = ("I", "II", "III", "IV")
SKILL_NAMES = (
    "Active Listening", "Active Learning", "Complex Problem Solving", "Coordination",
    "Critical Thinking", "Equipment Maintenance", "Instructing", "Judgment and Decision Making",
    "Learning Strategies", "Management of Financial Resources", "Management of Personnel",
    "Mathematics", "Monitoring", "Negotiation", "Operations Analysis", "Persuasion",
    "Programming", "Quality Control Analysis", "Reading Comprehension", "Repairing", "Science",
    "Service Orientation", "Social Perceptiveness", "Speaking", "Systems Analysis",
    "Systems Evaluation", "Technology Design", "Time Management", "Troubleshooting", "Writing",
)  # fmt: skip
TOOL_NAMES = (
    "Microsoft Excel", "SAP", "Salesforce", "Oracle", "Jira", "Tableau", "Python", "SQL",
    "AutoCAD", "Zendesk", "QuickBooks", "Workday", "ServiceNow", "Epic", "MATLAB", "SharePoint",
)  # fmt: skip


def _titles(rng: random.Random) -> list[tuple[str, str, str]]:
    """(plural official title, singular, the field) for every role, unique."""
    combos = [(field, occ) for field in FIELDS for occ in OCCUPATIONS]
    rng.shuffle(combos)
    wanted = ("Customer Service", ("Representative", "Representatives"))
    combos.remove(wanted)
    combos.insert(0, wanted)
    titles: list[tuple[str, str, str]] = []
    for index, (field, (singular, plural)) in enumerate(combos[:ROLES]):
        if index % 29 == 5:  # O*NET's "First-Line Supervisors of ... Workers"
            other = FIELDS[(FIELDS.index(field) + 7) % len(FIELDS)]
            titles.append(
                (
                    f"First-Line Supervisors of {field} and {other} {plural}",
                    f"First-Line Supervisor of {field} and {other} {singular}",
                    field,
                )
            )
        else:
            titles.append((f"{field} {plural}", f"{field} {singular}", field))
    return titles


def _alias_counts(rng: random.Random) -> list[int]:
    """How many aliases each role has: heavy-tailed, one with LARGEST, ALIASES in all."""
    rest = ALIASES - LARGEST
    weights = [rng.lognormvariate(0, 0.9) for _ in range(ROLES - 1)]
    scale = rest / sum(weights)
    counts = [max(3, round(w * scale)) for w in weights]
    counts[0] += rest - sum(counts)  # round off on one role
    counts.insert(ROLES // 2, LARGEST)
    return counts


def _aliases(rng: random.Random, field: str, singular: str, count: int) -> list[str]:
    occupation = singular.split()[-1]
    synonyms = [occupation, *(o for o, _ in rng.sample(OCCUPATIONS, 3) if o != occupation)]
    made: dict[str, None] = {singular: None}
    attempts = 0
    while len(made) < count and attempts < count * 50:
        attempts += 1
        form = rng.randrange(7)
        occ = synonyms[0] if rng.random() < 0.6 else rng.choice(synonyms)
        specialty = rng.choice(SPECIALTIES)
        if form == 0:
            name = f"{rng.choice(SENIORITY)} {field} {occ}"
        elif form == 1:
            name = f"{specialty} {occ}"
        elif form == 2:
            name = f"{rng.choice(SENIORITY)} {specialty} {occ}"
        elif form == 3:
            name = f"{occ}, {specialty}"
        elif form == 4:
            name = f"{specialty} {ABBREVIATED.get(occ, occ)}"
        elif form == 5:
            name = f"{field} {specialty} {occ} {rng.choice(GRADES)}"
        else:
            name = f"{rng.choice(SENIORITY)} {specialty} {field} {ABBREVIATED.get(occ, occ)}"
        made[name] = None
    return list(made)[:count]


def generate(seed: int = 11) -> tuple[dict[str, Any], dict[str, Any]]:
    """A data-file document and the benchmark's look-ups on it, the same for the same seed."""
    rng = random.Random(seed)
    titles = _titles(rng)
    counts = _alias_counts(rng)
    skills = [
        {"id": f"skill-{index:03d}", "name": {"en": f"{name} {index // len(SKILL_NAMES) + 1}"}}
        for index, name in enumerate(SKILL_NAMES * 4)
    ]
    roles: list[dict[str, Any]] = []
    for index, ((plural, singular, field), count) in enumerate(zip(titles, counts, strict=True)):
        aliases = _aliases(rng, field, singular, count)
        role: dict[str, Any] = {
            "id": f"{index // 100 + 11}-{index:04d}.00",
            "title": {"en": plural},
            "aliases": aliases,
            "level": index % 5 + 1,
            "track": field.lower(),
            "skills": [
                {"skill": skill["id"], "level": rng.randint(1, 5)}
                for skill in sorted(rng.sample(skills, SKILLS_PER_ROLE), key=lambda s: s["id"])
            ],
            "tools": [{"name": tool, "category": "Software"} for tool in rng.sample(TOOL_NAMES, 4)],
        }
        roles.append(role)
    # Shared alternate titles, as in O*NET.
    roles[1]["aliases"].append("Customer Service Representative")
    roles[2]["aliases"].append("Customer Service Representative")
    roles[3]["aliases"].append("Office Manager")
    roles[4]["aliases"].append("Office Manager")
    for index in range(0, ROLES, 9):  # a neighbour's singular title, here and there
        neighbour = titles[(index + 1) % ROLES][1]
        if neighbour not in roles[index]["aliases"]:
            roles[index]["aliases"].append(neighbour)
    used = {link["skill"] for role in roles for link in role["skills"]}
    skills = [skill for skill in skills if skill["id"] in used]
    steps: dict[tuple[int, int], str] = {}
    while len(steps) < ROLES * 5:
        source = rng.randrange(ROLES)
        target = rng.randrange(ROLES)
        if source == target:
            continue
        up = roles[target]["level"] > roles[source]["level"]
        steps[(source, target)] = "promotion" if up else "lateral"
    document = {
        "name": "names-1016",
        "description": f"Synthetic O*NET-shaped names benchmark (seed {seed}).",
        "skill_scale": {"min": 1, "max": 5},
        "skills": skills,
        "roles": roles,
        "steps": [
            {"from": roles[a]["id"], "to": roles[b]["id"], "kind": kind}
            for (a, b), kind in sorted(steps.items())
        ],
    }
    return document, _queries(rng, roles)


def _queries(rng: random.Random, roles: list[dict[str, Any]]) -> dict[str, Any]:
    holders: dict[str, int] = {}
    for role in roles:
        for alias in role["aliases"]:
            holders[alias.casefold()] = holders.get(alias.casefold(), 0) + 1
    role = roles[ROLES // 3]
    alias = next(
        a for a in role["aliases"][1:] if holders[a.casefold()] == 1 and len(a.split()) >= 3
    )
    letters = list(alias)
    for _ in range(2):  # two typos: a dropped letter and a swapped pair
        spot = rng.randrange(1, len(letters) - 2)
        if letters[spot].isalpha() and letters[spot + 1].isalpha():
            letters[spot], letters[spot + 1] = letters[spot + 1], letters[spot]
    spot = next(i for i in range(len(letters) // 2, len(letters)) if letters[i].isalpha())
    del letters[spot]
    return {
        "alias": alias,
        "alias_role": role["id"],
        "misspelled": "".join(letters),
        "title": roles[0]["title"]["en"],
        "title_role": roles[0]["id"],
    }


def write(out_dir: Path, seed: int = 11) -> tuple[Path, dict[str, Any]]:
    """Write ``names-1016.json`` and its look-ups into *out_dir*; returns the path and them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    document, queries = generate(seed)
    path = out_dir / "names-1016.json"
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), "utf-8")
    (out_dir / "names-1016.queries.json").write_text(json.dumps(queries, indent=2) + "\n", "utf-8")
    return path, queries


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="directory to write into")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    path, queries = write(args.out_dir, args.seed)
    print(f"wrote {path} ({path.stat().st_size / 1_048_576:.1f} MB); queries: {queries}")


if __name__ == "__main__":
    main()
