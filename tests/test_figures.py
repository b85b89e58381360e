"""The figures answers give, checked against the rules stated in the README (issue 10).

Each test recomputes a figure another way, or compares two commands that must agree.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careerpath.data.ladder import Ladder
from careerpath.data.models import Names, Role, SkillRequirement, SkillScale, Step, Tool
from careerpath.queries.gaps import skill_gap
from careerpath.queries.measure import percent, readiness
from careerpath.queries.routes import find_routes
from careerpath.queries.steps import next_steps
from tests.conftest import Run

REP = "customer-service-representative"
VP = "vp-of-customer-experience"
MANAGER = "customer-service-manager"
TEAM_LEAD = "customer-service-team-lead"
COORDINATOR = "customer-service-coordinator"

Write = Callable[..., Path]


def held_after(ladder: Ladder, ids: list[str]) -> dict[str, float]:
    """Skills someone holds after passing every role in *ids*: the highest level each asks."""
    held: dict[str, float] = {}
    for role_id in ids:
        for skill, level in ladder.roles[role_id].skill_levels().items():
            held[skill] = max(held.get(skill, 0), level)
    return held


# --------------------------------------------------------------------------- 1. route climbs


def test_no_route_gains_a_skill_twice(run: Run) -> None:
    doc = run("path", REP, VP, "--by", "gap", "-n", "5", "--json").json()
    assert len(doc["routes"]) == 6
    for route in doc["routes"]:
        gained = [s["id"] for move in route["moves"] for s in move["skills_to_gain"]]
        assert len(gained) == len(set(gained)), f"a skill is gained twice: {gained}"


def test_route_steps_are_measured_from_what_is_held_by_then(run: Run, ladder: Ladder) -> None:
    doc = run("path", REP, VP, "--by", "gap", "-n", "5", "--json").json()
    for route in doc["routes"]:
        ids = [role["id"] for role in route["steps"]]
        for index, move in enumerate(route["moves"]):
            have = held_after(ladder, ids[: index + 1])
            need = ladder.roles[ids[index + 1]].skill_levels()
            gain = {s["id"] for s in move["skills_to_gain"]}
            raise_ = {s["id"]: (s["have"], s["need"]) for s in move["skills_to_raise"]}
            assert gain == {s for s in need if s not in have}
            assert raise_ == {s: (have[s], n) for s, n in need.items() if 0 < have.get(s, 0) < n}
            assert move["climb"] == sum(max(0, n - have.get(s, 0)) for s, n in need.items())
        total = sum(move["climb"] for move in route["moves"])
        assert route["total_gap"] == total


def test_every_rep_to_vp_route_climbs_the_same(run: Run, ladder: Ladder) -> None:
    # Counted once, a route's climb is what its highest requirements ask beyond the start. On
    # this ladder the VP asks the most of every skill any route meets, so all routes cost the
    # same and --by gap tells them apart by the hardest step, then fewest steps, then ids.
    doc = run("path", REP, VP, "--by", "gap", "-n", "5", "--json").json()
    start = ladder.roles[REP].skill_levels()
    for route in doc["routes"]:
        ids = [role["id"] for role in route["steps"]]
        held = held_after(ladder, ids)
        assert route["total_gap"] == sum(level - start.get(s, 0) for s, level in held.items())
    keys = [
        (r["hardest_step"], r["total_gap"], r["step_count"], [s["id"] for s in r["steps"]])
        for r in doc["routes"]
    ]
    assert keys == sorted(keys)
    assert len({r["total_gap"] for r in doc["routes"]}) == 1


@pytest.mark.parametrize(
    ("source", "target"),
    [(REP, VP), (REP, MANAGER), ("customer-support-specialist", VP), (COORDINATOR, VP)],
)
def test_path_and_gap_along_route_agree(run: Run, source: str, target: str) -> None:
    path = run("path", source, target, "-n", "0", "--json").json()
    gap = run("gap", source, target, "--along-route", "--json").json()
    (route,) = path["routes"]
    along = gap["along_route"]
    assert [r["id"] for r in along["roles"]] == [r["id"] for r in route["steps"]]
    fields = ("climb", "skills_to_gain", "skills_to_raise", "tools_to_learn", "readiness", "kind")
    for move, leg in zip(route["moves"], along["legs"], strict=True):
        assert {k: move[k] for k in fields} == {k: leg[k] for k in fields}


def tie_ladder() -> Ladder:
    """Two equally short, equally easy routes a → b|c → d: only the ids can order them."""
    roles = [
        Role(
            id=role_id,
            title=Names(en=role_id.upper()),
            level=level,
            skills=[SkillRequirement(skill="talk", level=level)],
        )
        for role_id, level in (("a", 1), ("c", 2), ("b", 2), ("d", 3))
    ]
    steps = [
        Step(source_role=s, target_role=t, kind="promotion")
        for s, t in (("a", "c"), ("a", "b"), ("c", "d"), ("b", "d"))
    ]
    return Ladder(scale=SkillScale(min=1, max=5), roles=roles, steps=steps)


def test_path_and_along_route_break_ties_the_same_way() -> None:
    ladder = tie_ladder()
    a, d = ladder.roles["a"], ladder.roles["d"]
    for by in ("steps", "gap"):
        routes = find_routes(ladder, a, d, by=by, alternatives=1).routes  # type: ignore[arg-type]
        assert [r.role_ids() for r in routes] == [["a", "b", "d"], ["a", "c", "d"]]
    along = skill_gap(ladder, a, d, along_route=True).along_route
    assert along is not None and [r.id for r in along.roles] == ["a", "b", "d"]


# --------------------------------------------------------------------------- 2, 3. --have


def test_have_overrides_only_the_skills_it_names(run: Run, ladder: Ladder) -> None:
    plain = run("gap", "team lead", "customer service manager", "--json").json()
    have = run(
        "gap", "team lead", "customer service manager", "--have", "communication=3", "--json"
    ).json()
    levels = {**ladder.roles[TEAM_LEAD].skill_levels(), "communication": 3}
    expected = readiness(levels, ladder.roles[MANAGER].skill_levels())
    assert expected is not None
    assert have["readiness"] == round(expected, 4)
    # Lowering one skill can only lower readiness a little: every other skill still counts.
    assert plain["readiness"] - 0.2 < have["readiness"] <= plain["readiness"]
    by_id = {line["id"]: line for line in have["skills"]}
    assert by_id["communication"]["from_level"] == 3
    assert by_id["leadership"]["from_level"] == ladder.roles[TEAM_LEAD].skill_levels()["leadership"]


def test_profile_role_plus_have_raises_readiness(
    run: Run, ladder: Ladder, write_yaml: Write
) -> None:
    profile = write_yaml({"role": "team lead"}, "me.yaml")
    alone = run("gap", "--profile", str(profile), "customer service manager", "--json").json()
    raised = run(
        "gap",
        "--profile",
        str(profile),
        "--have",
        "leadership=5",
        "customer service manager",
        "--json",
    ).json()
    assert alone["readiness"] == pytest.approx(
        readiness(ladder.roles[TEAM_LEAD].skill_levels(), ladder.roles[MANAGER].skill_levels()),
        abs=1e-4,
    )
    assert raised["readiness"] >= alone["readiness"]


def test_repeated_have_values_are_merged(run: Run, ladder: Ladder) -> None:
    once = run("gap", "--have", "communication=3,empathy=4", "team lead", "--json")
    twice = run("gap", "--have", "communication=3", "--have", "empathy=4", "team lead", "--json")
    assert once.exit_code == twice.exit_code == 0
    assert once.json()["readiness"] == twice.json()["readiness"]
    assert once.json()["skills"] == twice.json()["skills"]


def test_a_skill_in_two_have_values_exits_2_naming_it(run: Run) -> None:
    result = run("gap", "--have", "communication=3", "--have", "viestintä=4", "team lead")
    assert result.exit_code == 2
    assert "Communication" in result.stderr and "give it once" in result.stderr


# --------------------------------------------------------------------------- 4. unknown


def test_steps_from_a_role_without_tools_say_tools_are_unknown(run: Run, ladder: Ladder) -> None:
    assert not ladder.roles[REP].tools
    doc = run("next", REP, "--json").json()
    no_tools = {role.id for role in ladder.roles.values() if not role.tools}
    for candidate in doc["candidates"]:
        assert candidate["tools_to_learn"] is None
        # A note is a code with its arguments: the role whose tools are unknown (the target's
        # when it lists none, else the start's).
        unknown = [note["role"] for note in candidate["notes"] if note["code"] == "tools_unknown"]
        assert unknown == [candidate["id"] if candidate["id"] in no_tools else REP]
        assert any("does not say which tools" in note["text"] for note in candidate["notes"])
    shown = run("next", REP, env={"COLUMNS": "200"})
    assert "20" not in shown.stdout.split("Tools to learn")[-1].split("\n")[1]


def test_a_target_without_tools_is_unknown_not_nothing(ladder: Ladder) -> None:
    source = next(role for role in ladder.roles.values() if role.tools)
    target = next(role for role in ladder.roles.values() if not role.tools)
    gap = skill_gap(ladder, source, target)
    assert gap.tools_to_learn is None and gap.tools_known is None
    assert "tools to learn unknown" in gap.summary
    assert gap.to_json()["tools"]["learn"] is None


def test_a_role_without_skills_has_unknown_readiness() -> None:
    roles = [
        Role(id="a", title=Names(en="A"), level=1, tools=[Tool(name="X", category="c")]),
        Role(
            id="b",
            title=Names(en="B"),
            level=2,
            skills=[SkillRequirement(skill="talk", level=3)],
            tools=[Tool(name="X", category="c")],
        ),
    ]
    steps = [Step(source_role="a", target_role="b", kind="promotion")]
    ladder = Ladder(scale=SkillScale(min=1, max=5), roles=roles, steps=steps)
    gap = skill_gap(ladder, ladder.roles["a"], ladder.roles["b"])
    assert gap.readiness is None and gap.to_json()["readiness"] is None
    assert any("lists no skills for A" in note for note in gap.notes)
    (candidate,) = next_steps(ladder, ladder.roles["a"]).candidates
    assert candidate.readiness is None and candidate.to_json()["readiness_percent"] is None
    back = skill_gap(ladder, ladder.roles["b"], ladder.roles["a"])
    assert back.readiness is None and back.tools_to_learn == []


# --------------------------------------------------------------------------- 5. salary


def test_salary_compares_like_with_like(run: Run, ladder: Ladder) -> None:
    doc = run("gap", "customer service rep", "csm", "--json").json()
    assert doc["salary"], "both roles have figures for the same cities"
    manager = ladder.roles[MANAGER]
    own = {(pay.city, pay.low, pay.high) for pay in manager.salaries if not pay.comparison}
    for pay in doc["salary"]:
        assert (pay["city"], pay["to_low"], pay["to_high"]) in own
        assert pay["change"] != {"low": 0, "high": 0}
    assert len({pay["city"] for pay in doc["salary"]}) == len(doc["salary"])


# --------------------------------------------------------------------------- 6. readiness


def test_next_and_gap_give_the_same_readiness_for_every_step(run: Run, ladder: Ladder) -> None:
    for role_id in ladder.roles:
        doc = run("next", role_id, "--json").json()
        for candidate in doc["candidates"]:
            gap = run("gap", role_id, candidate["id"], "--json").json()
            assert candidate["readiness"] == gap["readiness"]
            assert candidate["readiness_percent"] == gap["readiness_percent"]


@pytest.mark.parametrize(
    ("share", "shown"), [(0.625, 63), (0.615, 62), (0.005, 1), (0.7347, 73), (0.995, 100)]
)
def test_percentages_round_halves_up(share: float, shown: int) -> None:
    assert percent(share) == shown


# --------------------------------------------------------------------------- 7, 18. path


def test_failed_via_never_names_the_destination_as_nearest(run: Run) -> None:
    result = run("path", "team lead", VP, "--via", "customer service rep", "--json")
    assert result.exit_code == 1
    nearest = result.stderr.split("Nearest roles you can reach:")[-1]
    assert VP not in nearest and TEAM_LEAD not in nearest


@pytest.mark.parametrize(
    "args", [(REP, VP), (REP, REP), (REP, VP, "--by", "gap"), (REP, VP, "--via", "team lead")]
)
def test_path_json_keys_are_stable(run: Run, args: tuple[str, ...]) -> None:
    doc: dict[str, Any] = run("path", *args, "--json").json()
    keys = {"from", "to", "by", "via", "avoid", "promotions_only", "routes", "note", "inferred"}
    assert set(doc) == keys | {"least_importance", "measured_from"}


def test_brute_force_agrees_on_the_builtin_ladder(ladder: Ladder) -> None:
    import networkx as nx

    from careerpath.queries.graph import build_graph

    graph = build_graph(ladder)
    start = ladder.roles[REP]
    for target_id in (VP, MANAGER):
        every = [list(p) for p in nx.all_simple_paths(graph, REP, target_id)]

        def climb_of(path: list[str]) -> float:
            held, base = held_after(ladder, path), start.skill_levels()
            return sum(level - base.get(skill, 0) for skill, level in held.items())

        for by in ("steps", "gap"):
            found = find_routes(
                ladder,
                start,
                ladder.roles[target_id],
                by=by,
                alternatives=4,  # type: ignore[arg-type]
            ).routes

            def hardest_of(path: list[str]) -> float:
                # Each step: what the next role asks beyond what is held after the ones before.
                return max(
                    sum(
                        max(0, level - held_after(ladder, path[:index]).get(skill, 0))
                        for skill, level in ladder.roles[path[index]].skill_levels().items()
                    )
                    for index in range(1, len(path))
                )

            def key(path: list[str], by: str = by) -> tuple[Any, ...]:
                steps, gap = float(len(path) - 1), climb_of(path)
                if by == "steps":
                    return (steps, gap, path)
                return (hardest_of(path), gap, steps, path)

            expected = sorted(every, key=key)[: len(found)]
            assert [r.role_ids() for r in found] == expected
            for route in found:
                assert route.total_gap == climb_of(route.role_ids())
    assert list(itertools.islice(every, 1))


# --------------------------------------------------------------------------- the README's rules


def readme_section() -> str:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    return readme.split("## How figures are computed", 1)[1].split("\n## ", 1)[0]


def test_readme_worked_readiness_example_holds() -> None:
    text = readme_section()
    need = {"communication": 4, "leadership": 3, "coaching": 2}
    have = {"communication": 3, "leadership": 3}
    plain = readiness(have, need)
    weighted = readiness(have, need, {"communication": 5, "leadership": 3, "coaching": 1})
    assert plain == pytest.approx(6 / 9) and weighted == pytest.approx(24 / 31)
    assert f"{percent(plain)} %" in text and f"so {percent(weighted)} %" in text


def test_readme_worked_route_example_holds(run: Run) -> None:
    text = " ".join(readme_section().split())
    doc = run("path", "customer service rep", "customer service manager", "-n", "0", "--json")
    (route,) = doc.json()["routes"]
    first, second = route["moves"]
    assert [role["id"] for role in route["steps"]] == [REP, COORDINATOR, MANAGER]
    assert f"climb {first['climb']};" in text and f"climb {second['climb']};" in text
    assert f"total {route['total_gap']}." in text
    raised = {s["id"]: s["have"] for s in second["skills_to_raise"]}
    assert raised["customer-focus"] == 2  # held from the representative, not the coordinator
