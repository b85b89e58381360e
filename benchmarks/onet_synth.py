"""Generate a full-size O*NET text release, in the real file format, with invented content.

Usage: ``python benchmarks/onet_synth.py OUT_DIR [--layout old|new] [--seed N]``

The release has the size of a current O*NET database: 1,016 occupations (106 of them without
skill ratings, as the "All Other" occupations are), 35 skill elements rated on the IM and LV
scales (63,700 skill rows), about 32,500 technology (software) rows, 18,460 related-occupation
rows (20 per occupation for 923 of them: 5 Primary-Short, 5 Primary-Long, 10 Supplemental, some
naming occupations not in the release), and about 56,000 alternate (job) titles, 2,750 of them
for one occupation. Files, headers, tab separation, CRLF line endings and Y/N flags follow the
release: ``--layout old`` writes the files of releases before 30.3 (``Skills.txt``,
``Technology Skills.txt``, ``Alternate Titles.txt``), ``--layout new`` those of 30.3 and later
(``Essential Skills.txt`` and ``Transferable Skills.txt``, ``Software Skills.txt``,
``Job Titles.txt``). Names and figures are generated; the same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

OCCUPATIONS = 1016
WITHOUT_SKILLS = 106
WITH_RELATED = 923
TECHNOLOGY_ROWS = 32_500
TITLE_ROWS = 56_000
MOST_TITLES = 2_750
ELEMENTS_ESSENTIAL = 10
ELEMENTS_TRANSFERABLE = 25

GROUPS = ["11", "13", "15", "17", "19", "21", "23", "25", "27", "29", "31", "33", "35", "37",
          "39", "41", "43", "45", "47", "49", "51", "53"]  # fmt: skip
WORDS = [
    "Field",
    "Systems",
    "Service",
    "Records",
    "Machine",
    "Network",
    "Quality",
    "Safety",
    "Energy",
    "Water",
    "Textile",
    "Food",
    "Retail",
    "Claims",
    "Transit",
    "Library",
    "Survey",
    "Dental",
    "Marine",
    "Forest",
    "Laboratory",
    "Print",
    "Audio",
    "Freight",
]
ROLES = [
    "Technicians",
    "Operators",
    "Analysts",
    "Clerks",
    "Inspectors",
    "Specialists",
    "Supervisors",
    "Managers",
    "Assistants",
    "Engineers",
    "Coordinators",
    "Installers",
]
TOOL_WORDS = ["Data", "Cloud", "Sheet", "Route", "Ledger", "Plan", "Scan", "Track", "Mail",
              "Draw", "Code", "Chart", "Desk", "Fleet", "Lab", "Shop"]  # fmt: skip
TOOL_ENDINGS = ["ly", "io", "Pro", "Hub", "Works", "Suite", "Base", "Flow"]
CATEGORIES = [f"{word} management software" for word in TOOL_WORDS] + [
    f"{word} analysis software" for word in TOOL_WORDS
]


def _write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    text = "\r\n".join("\t".join(cells) for cells in [header, *rows]) + "\r\n"
    (folder / name).write_bytes(text.encode("utf-8"))


def generate(out: Path, layout: str = "old", seed: int = 20260829) -> dict[str, int]:
    """Write the release into *out*; returns the number of data rows per file."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    codes: list[str] = []
    taken: set[str] = set()
    while len(codes) < OCCUPATIONS:
        code = f"{rng.choice(GROUPS)}-{rng.randrange(1000, 9999)}.{rng.choice(['00', '00', '01'])}"
        if code not in taken:
            taken.add(code)
            codes.append(code)
    codes.sort()
    titles = {
        code: f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(ROLES)} {index}"
        for index, code in enumerate(codes)
    }
    zones = {code: rng.choice([1, 2, 2, 3, 3, 4, 4, 5]) for code in codes}
    for code in rng.sample(codes, 20):  # some occupations have no job zone
        del zones[code]
    counts: dict[str, int] = {}

    def write(name: str, header: list[str], rows: list[list[str]]) -> None:
        _write(out, name, header, rows)
        counts[name] = len(rows)

    version = "29.9" if layout == "old" else "31.9"
    (out / "Read Me.txt").write_text(
        f"O*NET {version} Database\nA generated release for careerpath's benchmarks.\n",
        encoding="utf-8",
    )
    write(
        "Occupation Data.txt",
        ["O*NET-SOC Code", "Title", "Description"],
        [
            [code, titles[code], f"Perform the work of {titles[code].lower()}. " * 6]
            for code in codes
        ],
    )
    write(
        "Job Zones.txt",
        ["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"],
        [[code, str(zone), "08/2025", "Analyst"] for code, zone in sorted(zones.items())],
    )
    write(
        "Scales Reference.txt",
        ["Scale ID", "Scale Name", "Minimum", "Maximum"],
        [["IM", "Importance", "1", "5"], ["LV", "Level", "0", "7"]],
    )

    elements = [(f"2.A.{i // 4 + 1}.{'abcd'[i % 4]}", f"Basic Skill {i + 1:02d}")
                for i in range(ELEMENTS_ESSENTIAL)]  # fmt: skip
    elements += [(f"2.B.{i // 5 + 1}.{'abcde'[i % 5]}", f"Cross-Functional Skill {i + 1:02d}")
                 for i in range(ELEMENTS_TRANSFERABLE)]  # fmt: skip
    unrated = set(rng.sample(codes, WITHOUT_SKILLS))
    rated = [code for code in codes if code not in unrated]
    essential: list[list[str]] = []
    transferable: list[list[str]] = []
    for code in rated:
        zone = zones.get(code, 3)
        for element, name in elements:
            level = min(7.0, max(0.0, rng.gauss(1.0 + 0.6 * zone, 0.9)))
            importance = min(5.0, max(1.0, 1.0 + level * 0.55 + rng.uniform(-0.4, 0.4)))
            # about one rating in twenty is imprecise enough for "Recommend Suppress"
            error = rng.uniform(0.05, 0.5) if rng.random() > 0.05 else rng.uniform(0.52, 0.9)
            suppress = "Y" if error > 0.51 else "N"
            not_relevant = "Y" if level < 0.6 and rng.random() < 0.6 else "N"
            into = essential if element.startswith("2.A") else transferable
            for scale, value, flag in (("IM", importance, "n/a"), ("LV", level, not_relevant)):
                into.append([
                    code, element, name, scale, f"{value:.2f}", str(rng.randrange(6, 40)),
                    f"{error:.4f}", f"{max(0.0, value - 2 * error):.4f}",
                    f"{value + 2 * error:.4f}", suppress if scale == "LV" else "N", flag,
                    "08/2025", "Analyst",
                ])  # fmt: skip
    rating_header = ["O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value",
                     "N", "Standard Error", "Lower CI Bound", "Upper CI Bound",
                     "Recommend Suppress", "Not Relevant", "Date", "Domain Source"]  # fmt: skip
    if layout == "old":
        write("Skills.txt", rating_header, essential + transferable)
    else:
        write("Essential Skills.txt", rating_header, essential)
        write("Transferable Skills.txt", rating_header, transferable)

    products = sorted({f"{rng.choice(TOOL_WORDS)}{rng.choice(TOOL_ENDINGS)} {n}"
                       for n in range(6000)})  # fmt: skip
    hot_products = set(rng.sample(products, len(products) // 4))
    category_of = {product: rng.choice(CATEGORIES) for product in products}
    technology: list[list[str]] = []
    for index in range(TECHNOLOGY_ROWS):
        code = codes[index % OCCUPATIONS]
        product = rng.choice(products)
        category = category_of[product]
        hot = "Y" if product in hot_products else "N"
        demand = "Y" if hot == "Y" and rng.random() < 0.3 else "N"
        technology.append([code, product, category, hot, demand])
    technology.sort(key=lambda row: row[0])
    if layout == "old":
        write(
            "Technology Skills.txt",
            ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology",
             "In Demand"],
            [[c, p, str(43_230_000 + len(cat)), cat, h, d] for c, p, cat, h, d in technology],
        )  # fmt: skip
    else:
        write(
            "Software Skills.txt",
            ["O*NET-SOC Code", "Workplace Example", "Element ID", "Element Name",
             "Hot Technology", "In Demand"],
            [[c, p, "4.A.3.b.1", cat, h, d] for c, p, cat, h, d in technology],
        )  # fmt: skip

    busiest = codes[len(codes) // 2]
    title_rows: list[list[str]] = []
    for index in range(MOST_TITLES):
        title_rows.append([busiest, f"{rng.choice(WORDS)} {rng.choice(ROLES)} Title {index}",
                           "n/a", "08"])  # fmt: skip
    others = [code for code in codes if code != busiest]
    for index in range(TITLE_ROWS - MOST_TITLES):
        code = others[index % len(others)]
        short = f"{rng.choice(WORDS)[:3].upper()}{index % 97}" if rng.random() < 0.1 else "n/a"
        title_rows.append([code, f"{rng.choice(WORDS)} {rng.choice(ROLES)} {index}", short,
                           rng.choice(["01", "04,06", "08", "10"])])  # fmt: skip
    title_rows.sort(key=lambda row: row[0])
    if layout == "old":
        header = ["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"]
        write("Alternate Titles.txt", header, title_rows)
    else:
        write("Job Titles.txt", ["O*NET-SOC Code", "Job Title", "Short Title", "Source(s)"],
              title_rows)  # fmt: skip

    related: list[list[str]] = []
    outside = [f"99-{n:04d}.00" for n in range(200)]  # codes this release lacks
    for code in codes[:WITH_RELATED]:
        pool = [c for c in rng.sample(codes, 24) if c != code][:19]
        pool.append(rng.choice(outside))
        rng.shuffle(pool)
        for index, other in enumerate(pool, start=1):
            tier = (
                "Primary-Short" if index <= 5 else "Primary-Long" if index <= 10 else "Supplemental"
            )
            related.append([code, other, tier, str(index)])
    write(
        "Related Occupations.txt",
        ["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
        related,
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the release into")
    parser.add_argument("--layout", choices=["old", "new"], default="old")
    parser.add_argument("--seed", type=int, default=20260829)
    args = parser.parse_args(argv)
    counts = generate(args.out, args.layout, args.seed)
    for name, rows in counts.items():
        print(f"{name}: {rows:,} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
