"""Generate a seeded, deterministic careerpath data file at the scale of a national taxonomy.

The default scale matches the largest public occupation taxonomies: 3,000 roles, 14,000 skills,
130,000 role-skill links and 20,000 career steps. The same seed and scale always give the same
file, byte for byte.

Run ``python benchmarks/synth.py OUT_DIR`` to write ``synthetic-3000.json`` (add ``--yaml`` for
a YAML copy) and ``synthetic-3000.queries.json``, which names role pairs for the benchmark:
two neighbours, two roles several steps apart, and a role with many next steps.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOMAINS = (
    "Accounting", "Aerospace", "Agriculture", "Architecture", "Automotive", "Banking",
    "Biotech", "Chemicals", "Construction", "Consulting", "Customer Care", "Cybersecurity",
    "Data", "Defence", "Education", "Energy", "Facilities", "Fashion", "Fintech", "Food",
    "Gaming", "Government", "Healthcare", "Hospitality", "Insurance", "Legal", "Logistics",
    "Manufacturing", "Marine", "Media", "Mining", "Nonprofit", "Payments", "Pharma",
    "Public Health", "Real Estate", "Retail", "Software", "Telecom", "Tourism",
)  # fmt: skip
FUNCTIONS = (
    "Analyst", "Coordinator", "Engineer", "Specialist", "Consultant", "Planner", "Designer",
    "Technician", "Advisor", "Administrator", "Auditor", "Researcher", "Operator", "Officer",
    "Strategist", "Trainer", "Buyer", "Controller",
)  # fmt: skip
SENIORITY = ("Trainee", "Junior", "Associate", "", "Senior", "Lead", "Principal", "Head")
SKILL_NOUNS = (
    "analysis", "budgeting", "compliance", "negotiation", "forecasting", "modelling",
    "reporting", "scheduling", "inspection", "procurement", "writing", "testing", "coaching",
    "auditing", "design", "planning", "research", "support", "operations", "quality",
)  # fmt: skip
SKILL_TOPICS = (
    "risk", "contract", "supplier", "customer", "process", "network", "product", "safety",
    "inventory", "pricing", "incident", "vendor", "release", "portfolio", "capacity", "claims",
    "asset", "content", "campaign", "service", "data", "energy", "fleet", "payroll", "tax",
)  # fmt: skip
TOOLS = ("Excel", "SAP", "Salesforce", "Jira", "Tableau", "Python", "SQL", "AutoCAD", "Zendesk")


@dataclass(frozen=True)
class Scale:
    """How big a synthetic dataset to make."""

    roles: int = 3_000
    skills: int = 14_000
    links: int = 130_000
    steps: int = 20_000


def generate(scale: Scale = Scale(), seed: int = 7) -> tuple[dict[str, Any], dict[str, Any]]:
    """A data-file document and the benchmark's queries on it, the same for the same seed."""
    rng = random.Random(seed)
    levels = len(SENIORITY)
    tracks = [(d, f) for d in DOMAINS for f in FUNCTIONS]
    rng.shuffle(tracks)
    # Enough tracks that each one holds a ladder of about eight roles.
    tracks = tracks[: max(1, scale.roles // levels + (scale.roles % levels > 0))]

    skills = _skills(rng, scale.skills)
    pools = _skill_pools(rng, len(tracks), scale.skills)

    roles: list[dict[str, Any]] = []
    placed: list[tuple[int, int]] = []  # (track index, level) per role
    for index in range(scale.roles):
        track, level = index // levels, index % levels + 1
        placed.append((track, level))
    link_counts = _split(rng, scale.links, scale.roles, low=10, high=80)
    for index, ((track, level), links) in enumerate(zip(placed, link_counts, strict=True)):
        domain, function = tracks[track]
        seniority = SENIORITY[level - 1]
        title = " ".join(part for part in (seniority, domain, function) if part)
        chosen = rng.sample(pools[track], min(links, len(pools[track])))
        while len(chosen) < links:  # a very long list reaches outside the track's own pool
            extra = f"skill-{rng.randrange(scale.skills):05d}"
            if extra not in chosen:
                chosen.append(extra)
        role: dict[str, Any] = {
            "id": f"role-{index:04d}",
            "title": {"en": title},
            "level": level,
            "track": f"{domain} {function}".lower(),
            "summary": f"Works on {domain.lower()} {function.lower()} tasks at level {level}.",
            "skills": [
                {"skill": skill, "level": min(5, max(1, (level + 1) // 2 + rng.randint(-1, 1)))}
                for skill in sorted(chosen)
            ],
        }
        if index % 3 == 0:
            role["aliases"] = [f"{title} ({index})"]
        if index % 4 == 0:
            role["tools"] = [
                {"name": tool, "category": "Software"} for tool in rng.sample(TOOLS, 2)
            ]
        roles.append(role)

    _use_every_skill(rng, roles, scale.skills)
    steps = _steps(rng, placed, scale.steps)
    document = {
        "name": f"synthetic-{scale.roles}",
        "description": f"Synthetic benchmark dataset (seed {seed}): {scale.roles} roles, "
        f"{scale.skills} skills, {scale.links} role-skill links, {scale.steps} steps.",
        "skill_scale": {"min": 1, "max": 5},
        "skills": skills,
        "roles": roles,
        "steps": [{"from": a, "to": b, "kind": kind} for a, b, kind in steps],
    }
    return document, _queries(roles, steps)


def _skills(rng: random.Random, count: int) -> list[dict[str, Any]]:
    skills = []
    for index in range(count):
        topic = SKILL_TOPICS[index % len(SKILL_TOPICS)]
        noun = SKILL_NOUNS[(index // len(SKILL_TOPICS)) % len(SKILL_NOUNS)]
        skill: dict[str, Any] = {
            "id": f"skill-{index:05d}",
            "name": {"en": f"{topic.capitalize()} {noun} {index}"},
        }
        if rng.random() < 0.5:
            skill["description"] = f"Applies {noun} to {topic} work in a specialised setting."
        skills.append(skill)
    return skills


def _skill_pools(rng: random.Random, tracks: int, skills: int) -> list[list[str]]:
    # Each track draws on its own pool; pools overlap so that careers can cross tracks.
    ids = [f"skill-{i:05d}" for i in range(skills)]
    per_track = max(1, skills // tracks)
    pools = []
    for track in range(tracks):
        own = ids[track * per_track : (track + 1) * per_track]
        shared = rng.sample(ids, min(len(ids), 60))
        pools.append(sorted(set(own) | set(shared)))
    # Skills past the last full pool go to random pools so that every skill is used.
    for leftover in ids[tracks * per_track :]:
        pools[rng.randrange(tracks)].append(leftover)
    return pools


def _use_every_skill(rng: random.Random, roles: list[dict[str, Any]], skills: int) -> None:
    # A skill no role uses is a warning, and a clean file is what the benchmark should load:
    # give each unused skill to a role in place of one of its skills that others also use.
    uses: dict[str, int] = {}
    for role in roles:
        for link in role["skills"]:
            uses[link["skill"]] = uses.get(link["skill"], 0) + 1
    for index in range(skills):
        skill = f"skill-{index:05d}"
        if skill in uses:
            continue
        while True:
            role = roles[rng.randrange(len(roles))]
            links = role["skills"]
            spot = rng.randrange(len(links))
            if uses[links[spot]["skill"]] > 1 and all(link["skill"] != skill for link in links):
                break
        uses[links[spot]["skill"]] -= 1
        uses[skill] = 1
        links[spot] = {"skill": skill, "level": links[spot]["level"]}
        links.sort(key=lambda link: link["skill"])


def _split(rng: random.Random, total: int, parts: int, *, low: int, high: int) -> list[int]:
    """*parts* numbers between *low* and *high* that add up to *total*."""
    counts = [rng.randint(low, high) for _ in range(parts)]
    difference = total - sum(counts)
    while difference:
        index = rng.randrange(parts)
        if difference > 0 and counts[index] < high:
            counts[index] += 1
            difference -= 1
        elif difference < 0 and counts[index] > low:
            counts[index] -= 1
            difference += 1
    return counts


def _steps(
    rng: random.Random, placed: Sequence[tuple[int, int]], total: int
) -> list[tuple[str, str, str]]:
    by_track_level = {position: index for index, position in enumerate(placed)}
    by_level: dict[int, list[int]] = {}
    for index, (_, level) in enumerate(placed):
        by_level.setdefault(level, []).append(index)
    edges: dict[tuple[int, int], str] = {}
    # Every role is promoted to the next role of its own track: a ladder per track.
    for index, (track, level) in enumerate(placed):
        above = by_track_level.get((track, level + 1))
        if above is not None:
            edges[(index, above)] = "promotion"
    # The rest: promotions one level up into other tracks, and lateral moves at the same level.
    while len(edges) < total:
        source = rng.randrange(len(placed))
        _, level = placed[source]
        if rng.random() < 0.6 and level + 1 in by_level:
            target, kind = rng.choice(by_level[level + 1]), "promotion"
        else:
            target, kind = rng.choice(by_level[level]), "lateral"
        if target != source and (source, target) not in edges:
            edges[(source, target)] = kind
    return [(f"role-{a:04d}", f"role-{b:04d}", kind) for (a, b), kind in sorted(edges.items())]


def _queries(roles: list[dict[str, Any]], steps: list[tuple[str, str, str]]) -> dict[str, Any]:
    out: dict[str, int] = {}
    for source, _, _ in steps:
        out[source] = out.get(source, 0) + 1
    first_promotion = next(s for s in steps if s[2] == "promotion")
    busiest = max(sorted(out), key=lambda role: out[role])
    entry = next(r for r in roles if r["level"] == 1)
    top = next(r for r in roles if r["level"] == len(SENIORITY) and r["track"] != entry["track"])
    return {
        "neighbours": [first_promotion[0], first_promotion[1]],
        "far": [entry["id"], top["id"]],
        "gap": [first_promotion[0], first_promotion[1]],
        "next": busiest,
    }


def write(
    out_dir: Path, scale: Scale = Scale(), seed: int = 7, *, yaml_copy: bool = False
) -> tuple[Path, dict[str, Any]]:
    """Write the dataset as JSON (and YAML when asked) into *out_dir*; returns its path, queries."""
    out_dir.mkdir(parents=True, exist_ok=True)
    document, queries = generate(scale, seed)
    stem = f"synthetic-{scale.roles}"
    path = out_dir / f"{stem}.json"
    path.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")), "utf-8")
    (out_dir / f"{stem}.queries.json").write_text(json.dumps(queries, indent=2) + "\n", "utf-8")
    if yaml_copy:
        import yaml

        with (out_dir / f"{stem}.yaml").open("w", encoding="utf-8") as handle:
            dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
            yaml.dump(document, handle, Dumper=dumper, allow_unicode=True, sort_keys=False)
    return path, queries


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="directory to write into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--roles", type=int, default=Scale.roles)
    parser.add_argument("--skills", type=int, default=Scale.skills)
    parser.add_argument("--links", type=int, default=Scale.links)
    parser.add_argument("--steps", type=int, default=Scale.steps)
    parser.add_argument("--yaml", action="store_true", help="also write a YAML copy")
    args = parser.parse_args(argv)
    scale = Scale(args.roles, args.skills, args.links, args.steps)
    path, queries = write(args.out_dir, scale, args.seed, yaml_copy=args.yaml)
    print(f"wrote {path} ({path.stat().st_size / 1_048_576:.1f} MB); queries: {queries}")


if __name__ == "__main__":
    main()
