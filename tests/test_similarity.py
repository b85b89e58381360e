"""`similar` and inferred steps: the measure recomputed by hand, its properties, the filters,
and routes through moves no data file lists."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.data.models import Names, Role, SkillRequirement, SkillScale, Step
from careerpath.output.render import render_similar
from careerpath.queries.graph import build_graph
from careerpath.queries.inferred import InferredSteps
from careerpath.queries.measure import readiness
from careerpath.queries.profile import Profile
from careerpath.queries.routes import find_routes
from careerpath.queries.similar import similar_roles
from careerpath.queries.similarity import (
    SimilarityIndex,
    cosine,
    reaches,
    role_vector,
    similarity_index,
)
from tests.conftest import Run, minimal_document

WriteYaml = Callable[..., Path]

# Four roles over three skills; the similarities below are worked out by hand.
#   analyst   level 1: data 2, writing 3
#   engineer  level 2: data 4, tools 1
#   writer    level 2: writing 3
#   builder   level 3: tools 5
SMALL = {
    "analyst": (1, {"data": 2, "writing": 3}),
    "engineer": (2, {"data": 4, "tools": 1}),
    "writer": (2, {"writing": 3}),
    "builder": (3, {"tools": 5}),
}


def small_document(steps: list[tuple[str, str, str]] | None = None) -> dict[str, Any]:
    return {
        "name": "small",
        "skill_scale": {"min": 1, "max": 5},
        "skills": [{"id": s, "name": {"en": s.title()}} for s in ("data", "writing", "tools")],
        "roles": [
            {
                "id": role_id,
                "title": {"en": role_id.title()},
                "level": level,
                "skills": [{"skill": s, "level": v} for s, v in skills.items()],
            }
            for role_id, (level, skills) in SMALL.items()
        ],
        "steps": [{"from": a, "to": b, "kind": kind} for a, b, kind in steps or []],
    }


def small_ladder(steps: list[tuple[str, str, str]] | None = None) -> Ladder:
    document = small_document(steps)
    return Ladder(
        scale=SkillScale(min=1, max=5),
        roles=[Role.model_validate(role) for role in document["roles"]],
        steps=[Step.model_validate(step) for step in document["steps"]],
    )


def by_hand(first: dict[str, int], second: dict[str, int]) -> float:
    """The cosine written out: dot product over the product of the lengths."""
    dot = 0
    for skill in first:
        if skill in second:
            dot += first[skill] * second[skill]
    length_first = math.sqrt(sum(v * v for v in first.values()))
    length_second = math.sqrt(sum(v * v for v in second.values()))
    return dot / (length_first * length_second)


def text_of(renderable: Any, width: int) -> str:
    console = Console(width=width, record=True, force_terminal=False, no_color=True)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


# --------------------------------------------------------------------------- the measure


def test_similarity_recomputed_by_hand() -> None:
    ladder = small_ladder()
    result = similar_roles(ladder, ladder.roles["analyst"], limit=None)
    got = {c.role.id: c.similarity for c in result.candidates}
    # analyst·engineer = 2·4 = 8; |analyst| = √13, |engineer| = √17.
    assert got["engineer"] == pytest.approx(8 / math.sqrt(13 * 17))
    # analyst·writer = 3·3 = 9; |writer| = 3.
    assert got["writer"] == pytest.approx(9 / (math.sqrt(13) * 3))
    # The builder shares no skill with the analyst: not listed at all.
    assert "builder" not in got
    assert [c.role.id for c in result.candidates] == ["writer", "engineer"]  # 0.83 > 0.54
    assert result.considered == 2


def test_similarity_to_every_role_matches_a_brute_force_cosine(ladder: Ladder) -> None:
    index = SimilarityIndex(ladder)
    for first in ladder.roles.values():
        levels = first.skill_levels()
        for second in ladder.roles.values():
            expected = by_hand(levels, second.skill_levels())
            assert index.between(first.id, second.id) == pytest.approx(expected, abs=1e-12)


def role_needing(*requirements: SkillRequirement) -> Role:
    return Role(id="r", title=Names(en="R"), level=1, skills=list(requirements))


def test_importance_weights_each_requirement() -> None:
    # A requirement carrying importance (as O*NET data does): the vector is level × importance.
    weighted = role_needing(
        SkillRequirement(skill="data", level=4, importance=2.5),
        SkillRequirement(skill="writing", level=2, importance=None),
        SkillRequirement(skill="tools", level=3, importance=0.0),
    )
    vector = role_vector(weighted)
    assert vector == {"data": 10.0, "writing": 2.0}  # importance 0: asks for nothing
    plain = role_needing(SkillRequirement(skill="data", level=4))
    assert role_vector(plain) == {"data": 4.0}
    # cos((10, 2), (4, 0)) = 40 / (√104 · 4)
    assert cosine(vector, role_vector(plain)) == pytest.approx(40 / (math.sqrt(104) * 4))


def test_roles_without_importance_weigh_levels_alone(ladder: Ladder) -> None:
    role = ladder.roles["customer-service-team-lead"]
    assert role_vector(role) == {req.skill: float(req.level) for req in role.skills}


vectors = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]),
    st.floats(min_value=0.01, max_value=100, allow_nan=False),
    max_size=6,
)


@given(vectors, vectors)
def test_cosine_is_symmetric_and_between_0_and_1(
    first: dict[str, float], second: dict[str, float]
) -> None:
    forward, backward = cosine(first, second), cosine(second, first)
    assert forward == backward  # exactly: shared entries are summed in the same order
    assert 0.0 <= forward <= 1.0
    if first:
        assert cosine(first, first) == pytest.approx(1.0)
    if not first.keys() & second.keys():
        assert forward == 0.0


levels = st.dictionaries(
    st.sampled_from(["data", "writing", "tools"]), st.integers(1, 5), min_size=1
)


@given(st.lists(levels, min_size=2, max_size=6))
def test_index_is_symmetric_and_agrees_with_cosine(profiles: list[dict[str, int]]) -> None:
    roles = [
        Role(
            id=f"r{n}",
            title=Names(en=f"R{n}"),
            level=1,
            skills=[SkillRequirement(skill=s, level=v) for s, v in profile.items()],
        )
        for n, profile in enumerate(profiles)
    ]
    ladder = Ladder(scale=SkillScale(min=1, max=5), roles=roles)
    index = SimilarityIndex(ladder)
    for first in roles:
        for second in roles:
            value = index.between(first.id, second.id)
            assert value == index.between(second.id, first.id)
            assert 0.0 <= value <= 1.0
            assert value == pytest.approx(by_hand(first.skill_levels(), second.skill_levels()))


# --------------------------------------------------------------------------- similar


def test_similar_on_the_builtin_ladder_ranks_the_closest_role_first(run: Run) -> None:
    outcome = run("similar", "customer service team lead", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    document = outcome.json()
    assert document["role"]["id"] == "customer-service-team-lead"
    assert document["measured_from"] == "role"
    candidates = document["candidates"]
    assert len(candidates) == 10  # --limit default
    assert candidates[0]["id"] == "customer-service-coordinator"  # same skills, a level down
    values = [c["similarity"] for c in candidates]
    assert values == sorted(values, reverse=True)
    assert "customer-service-team-lead" not in {c["id"] for c in candidates}


def test_similar_figures_agree_with_the_data(run: Run, ladder: Ladder) -> None:
    source = ladder.roles["customer-service-coordinator"]
    document = run("similar", source.id, "--limit", "20", "--json").json()
    listed = {step.target_role: step.kind for step in ladder.steps_from(source.id)}
    for candidate in document["candidates"]:
        target = ladder.roles[candidate["id"]]
        have, need = source.skill_levels(), target.skill_levels()
        assert candidate["similarity"] == pytest.approx(by_hand(have, need), abs=1e-4)
        assert candidate["readiness"] == pytest.approx(readiness(have, need), abs=1e-4)
        assert candidate["level_change"] == target.level - source.level
        assert candidate["listed_step"] == listed.get(target.id)
        gained = {s["id"] for s in candidate["skills_to_gain"]}
        assert gained == set(need) - set(have)
        for raised in candidate["skills_to_raise"]:
            assert have[raised["id"]] == raised["have"] < raised["need"] == need[raised["id"]]


def test_up_keeps_exactly_the_roles_at_the_same_level_or_higher(run: Run, ladder: Ladder) -> None:
    role = ladder.roles["customer-service-coordinator"]
    everything = run("similar", role.id, "--limit", "50", "--json").json()["candidates"]
    upward = run("similar", role.id, "--limit", "50", "--up", "--json").json()["candidates"]
    assert upward == [c for c in everything if c["level"] >= role.level]
    assert any(c["level"] < role.level for c in everything)  # the filter had work to do


def test_min_similarity_and_limit(run: Run) -> None:
    everything = run("similar", "team lead", "--limit", "50", "--json").json()["candidates"]
    strict = run("similar", "team lead", "--min-similarity", "0.8", "--json").json()
    assert strict["candidates"] == [c for c in everything if c["similarity"] >= 0.8][:10]
    assert len(run("similar", "team lead", "-n", "3", "--json").json()["candidates"]) == 3


def test_similar_from_your_own_skills(run: Run, ladder: Ladder) -> None:
    lead = ladder.roles["customer-service-team-lead"]
    have = ",".join(f"{skill}={level}" for skill, level in lead.skill_levels().items())
    document = run("similar", "--have", have, "--json").json()
    assert document["measured_from"] == "profile"
    assert document["role"] is None
    first = document["candidates"][0]
    # Your skills are exactly the team lead's: the team lead is a perfect match, fully ready.
    assert first["id"] == lead.id
    assert first["similarity"] == pytest.approx(1.0)
    assert first["readiness"] == 1.0
    assert first["level_change"] is None


def test_similar_from_your_skills_and_a_role_leaves_the_role_out(ladder: Ladder) -> None:
    profile = Profile(skills={"communication": 4, "empathy": 4}, role="customer-service-team-lead")
    result = similar_roles(ladder, profile, limit=None, up=True)
    assert result.measured_from == "profile"
    assert all(c.role.id != profile.role for c in result.candidates)
    assert all(c.role.level >= 4 for c in result.candidates)


def test_similar_needs_a_role_or_skills(run: Run) -> None:
    outcome = run("similar")
    assert outcome.exit_code == 2
    assert "--have" in outcome.stderr
    assert run("similar", "--have", "communication=3", "--up").exit_code == 2


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_similar_layout_keeps_ids_whole(width: int, ladder: Ladder) -> None:
    result = similar_roles(ladder, ladder.roles["customer-service-representative"], limit=None)
    text = text_of(render_similar(result), width)
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines)
    for candidate in result.candidates:
        assert any(candidate.role.id in line for line in lines), (candidate.role.id, width)


def test_similar_table_shows_data_literally() -> None:
    ladder = small_ladder()
    roles = dict(ladder.roles)
    roles["writer"] = roles["writer"].model_copy(update={"title": Names(en="[bold]Writer[/]")})
    result = similar_roles(Ladder(scale=ladder.scale, roles=roles.values()), roles["analyst"])
    for width in (40, 120):
        assert "[bold]Writer[/]" in text_of(render_similar(result), width)


# --------------------------------------------------------------------------- inferred steps


def test_inferred_steps_follow_the_level_rule(ladder: Ladder) -> None:
    upward = InferredSteps(ladder)
    both = InferredSteps(ladder, down=True)
    went_down = False
    for role in ladder.roles.values():
        for target, score in upward.after(role.id):
            assert role.level <= ladder.roles[target].level <= role.level + 1
            assert round(score, 4) >= upward.min_similarity
        for target, _ in both.after(role.id):
            assert ladder.roles[target].level <= role.level + 1
            went_down |= ladder.roles[target].level < role.level
        listed = {step.target_role for step in ladder.steps_from(role.id)}
        assert not listed & {target for target, _ in both.after(role.id)}
    assert went_down


def test_steps_into_a_role_mirror_the_steps_out(ladder: Ladder) -> None:
    inferred = InferredSteps(ladder, 0.6, down=True)
    out = {(a, b, s) for a in ladder.roles for b, s in inferred.after(a)}
    into = {(a, b, s) for b in ladder.roles for a, s in inferred.before(b)}
    assert out == into
    assert out


def test_a_ladder_without_steps_finds_a_route_with_inferred(
    run: Run, write_yaml: WriteYaml
) -> None:
    path = write_yaml(small_document())
    # A ladder that lists no steps uses inferred moves without being asked (issue 16), at the
    # dataset's default: with four roles, none has ten others, so the typical similarity is 0
    # and the default its floor, 0.01; the message says which threshold was used and why.
    plain = run("--data", str(path), "path", "analyst", "builder")
    assert plain.exit_code == 0, plain.stderr
    assert plain.stderr.count("lists no career steps") == 1
    assert "similarity at least 0.01, this dataset's default" in plain.stderr
    # The builder is less alike than 0.3 to the engineer (0.24): no route.
    strict = run(
        "--data", str(path), "path", "analyst", "builder", "--min-similarity", "0.3"
    )  # fmt: skip
    assert strict.exit_code == 1
    assert "similarity at least 0.3" in strict.stderr
    outcome = run(
        "--data", str(path), "path", "analyst", "builder", "--inferred",
        "--min-similarity", "0.2", "--json",
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    routes = outcome.json()["routes"]
    assert [[s["id"] for s in route["steps"]] for route in routes] == [
        ["analyst", "engineer", "builder"]
    ]
    levels = {role: level for role, (level, _) in SMALL.items()}
    for move in routes[0]["moves"]:
        assert move["kind"] == "inferred"
        first, second = SMALL[move["from"]][1], SMALL[move["to"]][1]
        assert move["similarity"] == pytest.approx(by_hand(first, second), abs=1e-4)
        assert move["similarity"] >= 0.2
        assert levels[move["from"]] <= levels[move["to"]] <= levels[move["from"]] + 1
    assert outcome.json()["inferred"] == {
        "min_similarity": 0.2,
        "down": False,
        "threshold_from": "option",
        "typical_similarity": None,
        "neighbours": None,
        "automatic": False,
    }


def test_the_threshold_decides_which_moves_exist(write_yaml: WriteYaml) -> None:
    ladder = small_ladder()
    # engineer → builder: 1·5 / (√17 · 5) = 1/√17 ≈ 0.2425: no route at 0.25 ...
    assert by_hand(SMALL["engineer"][1], SMALL["builder"][1]) == pytest.approx(1 / math.sqrt(17))
    from careerpath.errors import NoPath

    with pytest.raises(NoPath):
        find_routes(
            ladder,
            ladder.roles["engineer"],
            ladder.roles["builder"],
            inferred=InferredSteps(ladder, 0.25),
        )
    # ... and one at 0.24.
    rule = InferredSteps(ladder, 0.24)
    found = find_routes(ladder, ladder.roles["engineer"], ladder.roles["builder"], inferred=rule)
    assert [ref.id for ref in found.routes[0].roles] == ["engineer", "builder"]


def test_a_listed_step_beats_an_inferred_one(run: Run, write_yaml: WriteYaml) -> None:
    # analyst → writer is both listed (lateral) and similar enough (0.83) to be inferred.
    path = write_yaml(small_document([("analyst", "writer", "lateral")]))
    data = ["--data", str(path)]
    moves = run(*data, "path", "analyst", "writer", "--inferred", "--json").json()["routes"][0]
    assert moves["kinds"] == ["lateral"]
    assert moves["moves"][0]["similarity"] is None
    candidates = run(*data, "next", "analyst", "--inferred", "--min-similarity", "0.5", "--json")
    found = [(c["id"], c["kind"]) for c in candidates.json()["candidates"]]
    assert found.count(("writer", "lateral")) == 1
    assert ("writer", "inferred") not in found
    assert ("engineer", "inferred") in found  # 0.54: inferred, as nothing lists it


def test_without_inferred_answers_are_unchanged(run: Run) -> None:
    # The lazily extended graph with no move similar enough (nothing reaches 1.0 between two
    # different built-in roles) must answer exactly as the plain graph does.
    for args in (
        ["path", "customer service representative", "vp of customer experience", "-n", "4"],
        ["path", "team lead", "director of customer support", "--by", "gap"],
        ["next", "coordinator"],
        ["tree", "customer service representative", "--depth", "3"],
        ["tree", "vp of customer experience", "--up"],
    ):
        plain = run(*args, "--json")
        assert plain.exit_code == 0
        # Keys are stable: similarity is null on every listed step, and nothing is inferred.
        assert re.findall(r'"similarity": (?!null)', plain.stdout) == []
        assert '"kind": "inferred"' not in plain.stdout
        extended = run(*args, "--min-similarity", "1.0", "--json").json()
        listed = plain.json()
        assert listed.pop("inferred", None) is None
        extended.pop("inferred", None)
        assert extended == listed, args
        if args[0] != "path":  # path's title names the rule; next and tree draw the same
            rule = "Inferred moves: similarity at least 1, as --min-similarity asks.\n"
            extended_text = run(*args, "--min-similarity", "1.0").stdout
            assert extended_text.count(rule) == 1
            assert extended_text.replace(rule, "") == run(*args).stdout


def test_next_and_tree_mark_inferred_moves(run: Run, ladder: Ladder) -> None:
    candidates = run("next", "team lead", "--inferred", "--json").json()["candidates"]
    inferred = [c for c in candidates if c["kind"] == "inferred"]
    assert inferred
    rule = run("next", "team lead", "--inferred", "--json").json()["inferred"]
    assert rule["threshold_from"] == "dataset"
    for candidate in inferred:
        assert candidate["similarity"] >= rule["min_similarity"]
        assert candidate["similarity"] == pytest.approx(
            by_hand(
                ladder.roles["customer-service-team-lead"].skill_levels(),
                ladder.roles[candidate["id"]].skill_levels(),
            ),
            abs=1e-4,
        )
    assert all(c["similarity"] is None for c in candidates if c["kind"] != "inferred")
    table = run("next", "team lead", "--inferred").stdout
    assert "inferred" in table

    tree = run("tree", "customer service manager", "--inferred", "--json").json()
    stack, kinds = [tree["root"]], []
    while stack:
        node = stack.pop()
        kinds.append(node["kind"])
        assert (node["similarity"] is not None) == (node["kind"] == "inferred")
        stack.extend(node["children"])
    assert "inferred" in kinds
    assert "inferred" in run("tree", "customer service manager", "--inferred").stdout


def test_path_table_marks_inferred_steps(run: Run, write_yaml: WriteYaml) -> None:
    path = write_yaml(small_document())
    args = ["--data", str(path), "path", "analyst", "builder", "--min-similarity", "0.2"]
    outcome = run(*args)
    assert outcome.exit_code == 0, outcome.stderr
    # 0.5381 (analyst to engineer), shown rounded down, with the skills the two share.
    assert "inferred (similarity 0.53; shares: Data)" in outcome.stdout


def test_promotions_only_keeps_inferred_moves_that_go_up(write_yaml: WriteYaml) -> None:
    ladder = small_ladder()
    rule = InferredSteps(ladder, 0.2)
    found = find_routes(
        ladder, ladder.roles["analyst"], ladder.roles["builder"], inferred=rule,
        promotions_only=True,
    )  # fmt: skip
    for route in found.routes:
        for step in route.steps:
            assert step.target.level > step.source.level


def chain_ladder(count: int) -> Ladder:
    """Roles on one level, each sharing one skill with the next: a long chain of likenesses."""
    roles = [
        Role(
            id=f"r{n:03d}",
            title=Names(en=f"Role {n}"),
            level=1,
            skills=[
                SkillRequirement(skill=f"s{n}", level=3),
                SkillRequirement(skill=f"s{n + 1}", level=3),
            ],
        )
        for n in range(count)
    ]
    steps = [Step(source_role="r000", target_role="r001", kind="lateral")]
    return Ladder(scale=SkillScale(min=1, max=5), roles=roles, steps=steps)


def test_route_search_computes_similarity_only_for_roles_it_reaches() -> None:
    ladder = chain_ladder(400)
    index = SimilarityIndex(ladder)
    rule = InferredSteps(ladder, 0.5, index=index)
    found = find_routes(ladder, ladder.roles["r010"], ladder.roles["r014"], inferred=rule)
    assert [ref.id for ref in found.routes[0].roles] == ["r010", "r011", "r012", "r013", "r014"]
    assert all(step.similarity == pytest.approx(0.5) for step in found.routes[0].steps)
    assert 0 < index.computed_roles < 40  # not the 400 roles of the ladder


def test_inferred_steps_on_a_loaded_data_file(write_yaml: WriteYaml) -> None:
    path = write_yaml(small_document())
    ladder = load([str(path)])
    rule = InferredSteps(ladder, 0.5)
    assert [target for target, _ in rule.after("analyst")] == ["writer", "engineer"]
    scores = dict(rule.after("analyst"))
    assert scores["writer"] > scores["engineer"]


def test_bad_thresholds_are_usage_errors(run: Run) -> None:
    route = ["path", "team lead", "customer service manager"]
    assert run(*route, "--min-similarity", "2").exit_code == 2
    assert run("similar", "team lead", "--min-similarity", "-1").exit_code == 2
    assert run("similar", "team lead", "--limit", "0").exit_code == 2
    outcome = run("path", "team lead", "customer service manager", "--min-similarity", "0")
    assert outcome.exit_code == 2
    assert "above 0" in outcome.stderr


def test_json_is_one_document(run: Run) -> None:
    outcome = run("similar", "team lead", "--json")
    assert json.loads(outcome.stdout)["candidates"]
    assert outcome.stderr == ""


# --------------------------------------------------------------------------- the stored index


def test_the_index_is_stored_once_and_read_back_the_same(
    write_yaml: WriteYaml, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    specs = [str(write_yaml(small_document()))]
    ladder = load(specs)
    built = similarity_index(ladder, specs)
    stored = list((tmp_path / "cache").glob("*.similarity"))
    assert len(stored) == 1
    read = similarity_index(ladder, specs)
    assert read.tables()[0] == built.tables()[0]
    assert isinstance(read.tables()[1], memoryview)  # came from the file, not rebuilt
    for role in ladder.roles:
        assert read.of_role(role) == built.of_role(role)
    # A damaged file is rebuilt, never an error.
    stored[0].write_bytes(stored[0].read_bytes()[:-7] + b"garbage")
    again = similarity_index(ladder, specs)
    assert not isinstance(again.tables()[1], memoryview)
    assert again.of_role("analyst") == built.of_role("analyst")


def test_no_cache_stores_no_index(
    run: Run, write_yaml: WriteYaml, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    path = str(write_yaml(small_document()))
    outcome = run("--no-cache", "--data", path, "similar", "analyst", "--json")
    assert outcome.exit_code == 0
    assert not list((tmp_path / "cache").glob("*.similarity"))
    cached = run("--data", path, "similar", "analyst", "--json")
    assert cached.json() == outcome.json()
    assert list((tmp_path / "cache").glob("*.similarity"))


def test_stored_nearest_roles_give_the_same_inferred_steps(
    ladder: Ladder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    first = similarity_index(ladder, ["builtin"])  # stores the index, no nearest roles yet
    assert first.nearest("customer-service-team-lead", 0.7) is None
    similarity_index(ladder, ["builtin"], nearest=True)  # adds every role's nearest roles
    stored = similarity_index(ladder, ["builtin"], nearest=True)
    for threshold in (0.3, 0.7, 0.9):
        for down in (False, True):
            computed = InferredSteps(ladder, threshold, down=down, index=SimilarityIndex(ladder))
            from_store = InferredSteps(ladder, threshold, down=down, index=stored)
            for role in ladder.roles:
                assert from_store.after(role) == computed.after(role)
                assert from_store.before(role) == computed.before(role)
    # The stored lists answered (nothing computed) wherever they hold every role above 0.7.
    assert stored.nearest("customer-service-team-lead", 0.7) is not None
    assert stored.computed_roles < len(ladder.roles)


def test_onet_agreement_counts_primary_related_roles_in_the_top_k(
    write_yaml: WriteYaml, tmp_path: Path
) -> None:
    from benchmarks.onet_agreement import agreement

    data = write_yaml(small_document())
    related = tmp_path / "related.txt"
    rows = [
        ("analyst", "writer", "Primary-Short"),  # ranked 1st for the analyst: found
        ("analyst", "builder", "Primary-Long"),  # shares no skill: not in the top 2
        ("analyst", "engineer", "Supplemental"),  # not primary: not counted
        ("writer", "ghost", "Primary-Short"),  # not in the dataset: not counted
        ("builder", "engineer", "Primary-Long"),  # the builder's only similar role: found
    ]
    header = "O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\r\n"
    lines = [f"{a}\t{b}\t{tier}\t{n}\r\n" for n, (a, b, tier) in enumerate(rows, 1)]
    related.write_text(header + "".join(lines), encoding="utf-8")
    hits, total, expected, occupations = agreement(data, related)
    assert (hits, total, occupations) == (2, 3, 2)
    # A random order of the 3 other roles puts k·k/3 of the k related ones in the top k.
    assert expected == pytest.approx(2 * 2 / 3 + 1 * 1 / 3)


@st.composite
def random_ladders(draw: st.DrawFn) -> Ladder:
    count = draw(st.integers(2, 7))
    skills = ["data", "writing", "tools", "people"]
    roles = [
        Role(
            id=f"r{n}",
            title=Names(en=f"R{n}"),
            level=draw(st.integers(1, 4)),
            skills=[
                SkillRequirement(skill=skill, level=level)
                for skill, level in draw(
                    st.dictionaries(st.sampled_from(skills), st.integers(1, 5), min_size=1)
                ).items()
            ],
        )
        for n in range(count)
    ]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)).filter(
                lambda pair: pair[0] != pair[1]
            ),
            unique=True,
            max_size=5,
        )
    )
    steps = [
        Step(source_role=f"r{a}", target_role=f"r{b}", kind=draw(st.sampled_from(KINDS)))
        for a, b in pairs
    ]
    return Ladder(scale=SkillScale(min=1, max=5), roles=roles, steps=steps)


KINDS = ("promotion", "lateral")


@given(random_ladders(), st.floats(0.05, 1.0), st.booleans())
def test_every_route_step_is_listed_or_an_allowed_inferred_move(
    ladder: Ladder, threshold: float, down: bool
) -> None:
    from careerpath.errors import NoPath

    listed = {(s.source_role, s.target_role): s.kind for s in ladder.steps}
    rule = InferredSteps(ladder, threshold, down=down)
    for source in ladder.roles.values():
        for target in ladder.roles.values():
            if source.id == target.id:
                continue
            try:
                found = find_routes(ladder, source, target, alternatives=3, inferred=rule)
            except NoPath:
                continue
            for route in found.routes:
                for step in route.steps:
                    pair = (step.source.id, step.target.id)
                    if pair in listed:  # a listed step always wins
                        assert (step.kind, step.similarity) == (listed[pair], None)
                        continue
                    assert step.kind == "inferred"
                    assert step.similarity is not None and round(step.similarity, 4) >= threshold
                    before, after = ladder.roles[pair[0]], ladder.roles[pair[1]]
                    assert step.similarity == pytest.approx(
                        by_hand(before.skill_levels(), after.skill_levels())
                    )
                    assert after.level <= before.level + 1
                    assert down or after.level >= before.level


def test_nearest_roles_added_to_a_stored_index_are_the_computed_ones(
    ladder: Ladder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    # Just enough room to compare every pair: the stored tables must be counted as rows.
    work = sum(len(role_ids) ** 2 for role_ids, _ in SimilarityIndex(ladder).tables()[2].values())
    monkeypatch.setattr("careerpath.queries.similarity.MAX_PAIR_WORK", work)
    similarity_index(ladder, ["builtin"])  # the index alone, as `similar` stores it
    from_stored = similarity_index(ladder, ["builtin"], nearest=True)  # read back, then added
    assert from_stored.nearest_table() == SimilarityIndex(ladder).nearest_table()
    assert from_stored.nearest("customer-service-team-lead", 0.7) is not None


def test_full_rows_and_the_inverted_index_agree(
    ladder: Ladder, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = SimilarityIndex(ladder)  # 15 skills: compared over full rows
    assert rows._dense() is not None
    monkeypatch.setattr("careerpath.queries.similarity.DENSE_MAX_SKILLS", 0)
    postings = SimilarityIndex(ladder)
    assert postings._dense() is None
    for role in ladder.roles:
        by_rows, by_postings = rows.of_role(role), postings.of_role(role)
        assert by_rows.keys() == by_postings.keys()
        for other, value in by_rows.items():
            assert value == pytest.approx(by_postings[other], abs=1e-12)
            assert value == rows.between(other, role)  # symmetric, exactly


def test_no_level_change_to_or_from_a_role_of_unknown_level(
    run: Run, write_yaml: Callable[..., Path]
) -> None:
    # Level 0 is unknown (O*NET: no job zone): neither a step down from level 1 nor up to it.
    document = minimal_document([("junior", 1), ("senior", 2), ("mystery", 0)], [])
    document["roles"][2]["skills"][1]["level"] = 1
    data = str(write_yaml(document))
    changes = {
        origin: {
            c["id"]: c["level_change"]
            for c in run("--data", data, "similar", origin, "--json").json()["candidates"]
        }
        for origin in ("junior", "mystery")
    }
    assert changes == {
        "junior": {"senior": 1, "mystery": None},
        "mystery": {"junior": None, "senior": None},
    }


# ------------------------------------------------------------------- the inferred step graph


def onward(ladder: Ladder, rule: InferredSteps, role_id: str) -> set[str]:
    """Where one step leads from *role_id*: the listed steps out, and the inferred ones."""
    listed = {step.target_role for step in ladder.steps_from(role_id)}
    return listed | {target for target, _ in rule.after(role_id)}


def backward(ladder: Ladder, rule: InferredSteps, role_id: str) -> set[str]:
    """Where one step into *role_id* comes from: the listed steps in, and the inferred ones."""
    listed = {step.source_role for step in ladder.steps_to(role_id)}
    return listed | {source for source, _ in rule.before(role_id)}


def walked(start: str, neighbours: Callable[[str], set[str]]) -> set[str]:
    """Every role a walk over *neighbours* reaches from *start*, *start* left out."""
    seen, pending = {start}, [start]
    while pending:
        for other in neighbours(pending.pop()):
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return seen - {start}


def test_the_inferred_step_graph_points_each_move_the_right_way() -> None:
    # Listed: analyst → writer (also 0.83 alike), writer → builder, builder → engineer (down).
    # Inferred at 0.2, never down: analyst → engineer (0.54), engineer → builder (0.24).
    steps = [
        ("analyst", "writer", "lateral"),
        ("writer", "builder", "promotion"),
        ("builder", "engineer", "lateral"),
    ]
    ladder = small_ladder(steps)
    rule = InferredSteps(ladder, 0.2)
    graph = build_graph(ladder, rule)
    successors = {role: set(graph.successors(role)) for role in ladder.roles}
    predecessors = {role: set(graph.predecessors(role)) for role in ladder.roles}
    assert successors == {
        "analyst": {"writer", "engineer"},
        "engineer": {"builder"},
        "writer": {"builder"},
        "builder": {"engineer"},
    }
    assert predecessors == {
        "analyst": set(),
        "engineer": {"analyst", "builder"},
        "writer": {"analyst"},
        "builder": {"writer", "engineer"},
    }
    for role in ladder.roles:
        assert successors[role] == onward(ladder, rule, role)
        assert predecessors[role] == backward(ladder, rule, role)
    assert graph.edges["analyst", "writer"]["kind"] == "lateral"  # a listed step wins
    inferred = graph.edges["analyst", "engineer"]
    assert (inferred["kind"], inferred["rises"]) == ("inferred", True)
    assert inferred["similarity"] == pytest.approx(
        by_hand(SMALL["analyst"][1], SMALL["engineer"][1])
    )
    # A fresh graph per question: each search fills the lazy neighbours in its own order.
    for role in ladder.roles:
        reached = walked(role, lambda r: onward(ladder, rule, r))
        assert nx.descendants(build_graph(ladder, rule), role) == reached
        assert nx.ancestors(build_graph(ladder, rule), role) == walked(
            role, lambda r: backward(ladder, rule, r)
        )
        for other in ladder.roles:
            found = nx.has_path(build_graph(ladder, rule), role, other)
            assert found == (other == role or other in reached)
    assert nx.has_path(graph, "analyst", "builder")
    assert not nx.has_path(build_graph(ladder, rule), "engineer", "analyst")


@given(random_ladders(), st.floats(0.05, 1.0), st.booleans())
def test_the_inferred_step_graph_agrees_with_a_walk_over_the_moves(
    ladder: Ladder, threshold: float, down: bool
) -> None:
    rule = InferredSteps(ladder, threshold, down=down)
    for role in ladder.roles:
        graph = build_graph(ladder, rule)
        assert set(graph.successors(role)) == onward(ladder, rule, role)
        assert set(graph.predecessors(role)) == backward(ladder, rule, role)
        reached = walked(role, lambda r: onward(ladder, rule, r))
        assert nx.descendants(build_graph(ladder, rule), role) == reached
        assert nx.ancestors(build_graph(ladder, rule), role) == walked(
            role, lambda r: backward(ladder, rule, r)
        )


@given(
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(min_value=0, max_value=10_000).map(lambda n: n / 10_000),
)
def test_a_threshold_is_reached_exactly_as_the_rounded_figure_reaches_it(
    score: float, threshold: float
) -> None:
    from careerpath.queries.similarity import reaches, similarity_figure

    assert reaches(score, threshold) == (similarity_figure(score) >= threshold)
    # and at the edges, where rounding decides
    for edge in (threshold - 0.00005, threshold - 0.0000500001, threshold + 1e-12):
        assert reaches(edge, threshold) == (similarity_figure(edge) >= threshold)


def test_a_floor_keeps_every_similarity_that_reaches_it(ladder: Ladder) -> None:
    # Inferred moves compute only the similarities that may reach their threshold: the ones
    # that do are those of the whole computation, at every threshold, at and around each score.
    index = SimilarityIndex(ladder)
    for role in ladder.roles.values():
        vector = role_vector(role)
        whole = index.similarities(vector)
        thresholds = {0.05, 0.3, 0.5, 0.9, 1.0}
        for score in whole.values():
            thresholds.update({score, score + 0.00004, score - 0.00004, score + 0.0002})
        for threshold in thresholds:
            floored = index.similarities(vector, floor=threshold)
            assert floored.items() <= whole.items()
            assert {k for k, v in floored.items() if reaches(v, threshold)} == {
                k for k, v in whole.items() if reaches(v, threshold)
            }


def test_the_index_tables_hold_each_roles_vector(ladder: Ladder) -> None:
    # Built once per dataset (shared requirements weighed once): the same vectors as
    # role_vector gives role by role, positions in the dataset's order.
    role_ids, norms, postings = SimilarityIndex(ladder).tables()
    assert role_ids == list(ladder.roles)
    rebuilt: dict[str, dict[int, float]] = {}
    for position, role_id in enumerate(role_ids):
        vector = role_vector(ladder.roles[role_id])
        assert norms[position] == math.sqrt(sum(value * value for value in vector.values()))
        for skill, value in vector.items():
            rebuilt.setdefault(skill, {})[position] = value
    assert {
        skill: dict(zip(positions, values, strict=True))
        for skill, (positions, values) in postings.items()
    } == rebuilt
    assert len(rebuilt) > 10


def test_a_route_search_reads_each_level_once_and_only_of_the_roles_it_reaches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ladder = chain_ladder(400)
    rule = InferredSteps(ladder, 0.5, index=SimilarityIndex(ladder))
    expected = find_routes(ladder, ladder.roles["r010"], ladder.roles["r030"], inferred=rule)
    asked: list[str | None] = []
    read_levels = Ladder.role_levels

    def counted(self: Ladder, ids: Collection[str] | None = None) -> dict[str, int]:
        asked.extend([None] if ids is None else ids)
        return read_levels(self, ids)

    fresh = InferredSteps(ladder, 0.5, index=SimilarityIndex(ladder))
    monkeypatch.setattr(Ladder, "role_levels", counted)
    found = find_routes(ladder, ladder.roles["r010"], ladder.roles["r030"], inferred=fresh)
    assert found.routes == expected.routes
    assert [ref.id for ref in found.routes[0].roles] == [f"r{n:03d}" for n in range(10, 31)]
    assert None not in asked  # not every role's: the search reaches few of the 400
    assert len(asked) == len(set(asked))  # none read twice
    assert {f"r{n:03d}" for n in range(10, 31)} <= set(asked) and len(asked) < 100


def _typical_by_hand(ladder: Ladder, index: SimilarityIndex) -> float:
    import statistics

    kth = []
    for role_id, role in ladder.roles.items():
        if not role.skills:
            continue
        scores = index.similarities(role_vector(role))
        scores.pop(role_id, None)
        values = sorted(scores.values(), reverse=True)
        kth.append(values[9] if len(values) >= 10 else 0.0)
    return statistics.median(kth) if kth else 0.0


def test_the_typical_similarity_is_the_median_of_every_roles_tenth_most_similar(
    ladder: Ladder,
) -> None:
    # Found above a floor first where ten others are above it; among all where not (the
    # chain ladder: each role has two neighbours).
    faint = Ladder(  # twelve roles alike only in one faint skill: similarity 1/26
        scale=SkillScale(min=1, max=5),
        roles=[
            Role(
                id=f"f{n:02d}",
                title=Names(en=f"Faint {n}"),
                level=1,
                skills=[
                    SkillRequirement(skill="common", level=1),
                    SkillRequirement(skill=f"own{n}", level=5),
                ],
            )
            for n in range(12)
        ],
    )
    for data in (ladder, chain_ladder(60), faint):
        index = SimilarityIndex(data)
        assert index.typical_similarity() == _typical_by_hand(data, SimilarityIndex(data))
    assert SimilarityIndex(ladder).typical_similarity() > 0.15
    assert SimilarityIndex(faint).typical_similarity() == pytest.approx(1 / 26)
