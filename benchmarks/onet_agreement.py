"""How often ``careerpath similar`` ranks O*NET's own related occupations near the top.

Usage: ``python benchmarks/onet_agreement.py ONET_JSON RELATED_OCCUPATIONS [--verbose]``

ONET_JSON is a careerpath data file made with ``careerpath import onet``; RELATED_OCCUPATIONS is
O*NET's ``Related Occupations.txt`` (tab-separated: code, related code, relatedness tier,
index). For every occupation with skill data, k is the number of its *Primary* related
occupations (tiers ``Primary-Short`` and ``Primary-Long``) that also have skill data; the
agreement counts how many of those k the ``similar`` ranking puts in its own top k. The sum
over all occupations is compared with what a ranking in random order would give on average:
k × k / (number of other occupations with skill data) for each occupation.

The measure is careerpath's, unchanged: nothing here is tuned to O*NET's answers.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

PRIMARY = ("Primary-Short", "Primary-Long")


def primary_related(path: Path) -> dict[str, set[str]]:
    """Occupation code → the codes O*NET lists as its primary related occupations."""
    related: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["Relatedness Tier"].strip() in PRIMARY:
                code = row["O*NET-SOC Code"].strip()
                related.setdefault(code, set()).add(row["Related O*NET-SOC Code"].strip())
    return related


def agreement(
    data_file: Path, related_file: Path, verbose: bool = False
) -> tuple[int, int, float, int]:
    """(occupations in top k, primary related occupations, random expectation, occupations)."""
    from careerpath.data.load import load
    from careerpath.queries.similar import similar_roles
    from careerpath.queries.similarity import SimilarityIndex

    ladder = load([str(data_file)], cache=False)
    related = primary_related(related_file)
    rated = {role_id for role_id, role in ladder.roles.items() if role.skills}
    index = SimilarityIndex(ladder)
    hits = total = occupations = 0
    expected = 0.0
    for code in sorted(rated):
        wanted = (related.get(code, set()) & rated) - {code}
        k = len(wanted)
        if k == 0:
            continue
        ranking = similar_roles(ladder, ladder.roles[code], limit=None, index=index)
        top = {candidate.role.id for candidate in ranking.candidates[:k]}
        found = len(top & wanted)
        hits += found
        total += k
        occupations += 1
        expected += k * k / (len(rated) - 1)
        if verbose:
            title = ladder.roles[code].title.en
            print(f"{code}  {found}/{k}  {title}", file=sys.stderr)
    return hits, total, expected, occupations


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="careerpath JSON made by `careerpath import onet`")
    parser.add_argument("related", type=Path, help="O*NET's Related Occupations.txt")
    parser.add_argument("--verbose", action="store_true", help="one line per occupation (stderr)")
    args = parser.parse_args(argv)
    try:
        import careerpath.queries.similarity  # noqa: F401
    except ImportError:
        print("this careerpath has no `similar` (careerpath.queries.similarity)", file=sys.stderr)
        return 2
    hits, total, expected, occupations = agreement(args.data, args.related, args.verbose)
    if total == 0:
        print("no occupation has primary related occupations with skill data", file=sys.stderr)
        return 1
    print(
        f"{occupations} occupations; {hits} of their {total} primary related occupations are "
        f"in the top k of `similar` ({hits / total:.0%}); a random ranking: "
        f"{expected:.1f} ({expected / total:.0%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
