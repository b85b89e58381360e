"""Skill gaps: the readiness rule, ``skill_gap`` on the seed ladder, and ``careerpath gap``."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.models import Role, Salary, SkillScale, Step, text_in
from careerpath.errors import UsageError
from careerpath.queries.gaps import skill_gap
from careerpath.queries.measure import compare_skills, percent, readiness
from careerpath.queries.names import normalize
from careerpath.queries.salary import salary_changes
from tests.conftest import Run

TEAM_LEAD = "customer-service-team-lead"
MANAGER = "customer-service-manager"
COORDINATOR = "customer-service-coordinator"
CSAM = "customer-support-account-manager"
SENIOR_AM = "senior-account-manager"
REPRESENTATIVE = "customer-service-representative"

skill_maps = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]), st.integers(min_value=-2, max_value=9)
)


# --------------------------------------------------------------------------- readiness


def test_raising_three_to_four_counts_a_quarter() -> None:
    assert readiness({"communication": 3}, {"communication": 4}) == pytest.approx(0.75)
    # Two skills of four levels each: one fully met, one at 3 of 4 -> 7 of 8 levels met.
    have = {"communication": 3, "empathy": 4}
    need = {"communication": 4, "empathy": 4}
    assert readiness(have, need) == pytest.approx(7 / 8)


def test_readiness_counts_levels_not_skills() -> None:
    assert readiness({}, {"leadership": 2}) == 0.0
    assert readiness({"leadership": 1}, {"leadership": 2}) == pytest.approx(0.5)
    assert readiness({"leadership": 5}, {"leadership": 2}) == 1.0
    # A role that lists no skills gives no figure: unknown is not "fully met".
    assert readiness({"leadership": 5}, {}) is None


@settings(max_examples=200, deadline=None)
@given(have=skill_maps, need=skill_maps)
def test_readiness_is_a_share(have: dict[str, int], need: dict[str, int]) -> None:
    share = readiness(have, need)
    if not need:
        assert share is None  # the data does not say what the role needs
        return
    assert share is not None and 0.0 <= share <= 1.0
    assert readiness(need, need) == 1.0
    # Meeting more of the requirement never lowers readiness.
    raised = {skill: max(level, need.get(skill, level)) for skill, level in have.items()}
    raised_share = readiness(raised, need)
    assert raised_share is not None and raised_share >= share


@settings(max_examples=200, deadline=None)
@given(have=skill_maps, need=skill_maps)
def test_compare_skills_classifies_every_skill(have: dict[str, int], need: dict[str, int]) -> None:
    changes = compare_skills(have, need)
    assert {c.skill for c in changes} == set(have) | set(need)
    sizes = [c.size for c in changes]
    assert sizes == sorted(sizes, reverse=True)
    for change in changes:
        if change.change == "dropped":
            assert change.skill not in need
        elif change.change == "kept":
            assert max(0, have.get(change.skill, 0)) >= need[change.skill]
        else:
            assert max(0, have.get(change.skill, 0)) < need[change.skill]
            assert (change.change == "new") == (have.get(change.skill, 0) <= 0)


@settings(max_examples=100, deadline=None)
@given(levels=skill_maps)
def test_gap_to_the_same_skills_is_empty(levels: dict[str, int]) -> None:
    assert {c.change for c in compare_skills(levels, levels)} <= {"kept"}


# --------------------------------------------------------------------------- skill_gap


def test_every_seed_pair_has_readiness_between_zero_and_one(ladder: Ladder) -> None:
    for source, target in itertools.product(ladder.roles.values(), repeat=2):
        gap = skill_gap(ladder, source, target)
        assert 0.0 <= gap.readiness <= 1.0
        assert gap.readiness == readiness(source.skill_levels(), target.skill_levels())


@pytest.mark.parametrize("role_id", [TEAM_LEAD, COORDINATOR, CSAM, REPRESENTATIVE])
def test_gap_from_a_role_to_itself_is_empty(ladder: Ladder, role_id: str) -> None:
    role = ladder.roles[role_id]
    gap = skill_gap(ladder, role, role)
    assert gap.readiness == 1.0
    assert [line.change for line in gap.skills] == ["kept"] * len(role.skills)
    # A role that lists no tools gives no tool comparison: unknown is not "nothing to learn".
    assert gap.tools_to_learn == ([] if role.tools else None)
    assert gap.responsibilities == []
    assert gap.summary.startswith(f"{len(role.skills)} of {len(role.skills)} skills carry over")


def expected_changes(source: Role, target: Role) -> dict[str, tuple[int | None, int | None, str]]:
    """The skill changes the data implies, worked out independently of compare_skills."""
    have, need = source.skill_levels(), target.skill_levels()
    expected: dict[str, tuple[int | None, int | None, str]] = {}
    for skill, level in need.items():
        if skill not in have:
            expected[skill] = (None, level, "new")
        elif have[skill] < level:
            expected[skill] = (have[skill], level, "raise")
        else:
            expected[skill] = (have[skill], level, "kept")
    for skill, level in have.items():
        if skill not in need:
            expected[skill] = (level, None, "dropped")
    return expected


GENERIC_PRODUCT_WORDS = {"crm", "software", "suite", "cloud", "app", "platform", "online"}


def one_tool(name: str) -> str:
    """A tool's name as the README says they compare: case and a generic last word aside."""
    words = name.casefold().split()
    while len(words) > 1 and words[-1] in GENERIC_PRODUCT_WORDS | {"desktop", "web"}:
        words.pop()
    return " ".join(words)


def expected_tools(source: Role, target: Role) -> tuple[list[tuple[str, str]], list[str]]:
    known = {one_tool(tool.name) for tool in source.tools}
    learn = [
        (t.name, text_in(t.category, "en")) for t in target.tools if one_tool(t.name) not in known
    ]
    return learn, [t.name for t in target.tools if one_tool(t.name) in known]


@pytest.mark.parametrize(
    ("source_id", "target_id"),
    [(TEAM_LEAD, MANAGER), (COORDINATOR, TEAM_LEAD), (CSAM, SENIOR_AM)],
)
def test_seed_gaps_follow_the_data(ladder: Ladder, source_id: str, target_id: str) -> None:
    source, target = ladder.roles[source_id], ladder.roles[target_id]
    gap = skill_gap(ladder, source, target)

    got = {line.id: (line.from_level, line.to_level, line.change) for line in gap.skills}
    assert got == expected_changes(source, target)
    assert all(line.name == ladder.skill_name(line.id) for line in gap.skills)
    sizes = [(line.to_level or 0) - (line.from_level or 0) for line in gap.skills]
    assert [max(0, s) for s in sizes] == sorted((max(0, s) for s in sizes), reverse=True)

    learn, known = expected_tools(source, target)
    if source.tools and target.tools:
        assert gap.tools_to_learn is not None and gap.tools_known is not None
        assert [(t.name, t.category) for t in gap.tools_to_learn] == learn
        assert [t.name for t in gap.tools_known] == known
    else:
        assert gap.tools_to_learn is None and gap.tools_known is None
        assert any("does not say which tools" in note for note in gap.notes)
    english = [text_in(r, "en") for r in target.responsibilities]
    held = {normalize(text_in(r, "en")) for r in source.responsibilities}
    assert gap.responsibilities == [r for r in english if normalize(r) not in held]
    assert gap.kpis == [text_in(kpi, "en") for kpi in target.kpis]
    step = [s for s in ladder.steps if (s.source_role, s.target_role) == (source_id, target_id)]
    assert gap.step_kind == (step[0].kind if step else None)

    changes = [c for _, _, c in expected_changes(source, target).values()]
    names = {n for n, _ in learn}
    needed = len(target.skills)
    tools_part = (
        f"{len(names)} {'tool' if len(names) == 1 else 'tools'} to learn"
        if source.tools and target.tools
        else "tools to learn unknown"
    )
    assert gap.summary == (
        f"{changes.count('kept')} of {needed} skills carry over, {changes.count('raise')} to "
        f"raise, {changes.count('new')} new; {tools_part}"
    )


def test_team_lead_to_manager_is_a_promotion_with_new_skills(ladder: Ladder) -> None:
    gap = skill_gap(ladder, ladder.roles[TEAM_LEAD], ladder.roles[MANAGER])
    assert gap.step_kind == "promotion"
    assert gap.count("new") > 0 and gap.count("raise") > 0
    assert gap.readiness is not None and gap.readiness < 1.0


def test_coordinator_to_team_lead_is_not_a_step_and_has_no_route(ladder: Ladder) -> None:
    source, target = ladder.roles[COORDINATOR], ladder.roles[TEAM_LEAD]
    gap = skill_gap(ladder, source, target, along_route=True)
    assert gap.step_kind is None
    assert gap.along_route is not None
    assert gap.along_route.legs == []
    assert gap.along_route.note is not None and "no route" in gap.along_route.note
    # The comparison itself is still made.
    assert {line.id for line in gap.skills} == set(source.skill_levels()) | set(
        target.skill_levels()
    )
    learn, _ = expected_tools(source, target)
    assert gap.tools_to_learn is not None and len(gap.tools_to_learn) == len(learn) > 0


def test_along_route_follows_steps_and_carries_skills_forward(ladder: Ladder) -> None:
    source, target = ladder.roles[REPRESENTATIVE], ladder.roles[MANAGER]
    assert not any(s.target_role == MANAGER for s in ladder.steps_from(REPRESENTATIVE))
    gap = skill_gap(ladder, source, target, along_route=True)
    route = gap.along_route
    assert route is not None and route.note is None
    ids = [role.id for role in route.roles]
    assert ids[0] == REPRESENTATIVE and ids[-1] == MANAGER
    steps = {(s.source_role, s.target_role): s.kind for s in ladder.steps}
    assert [(leg.source.id, leg.target.id) for leg in route.legs] == list(itertools.pairwise(ids))
    have = source.skill_levels()
    for leg in route.legs:
        assert leg.kind == steps[(leg.source.id, leg.target.id)]
        need = ladder.roles[leg.target.id].skill_levels()
        assert leg.demand.readiness == readiness(have, need)
        for skill, level in need.items():
            have[skill] = max(have.get(skill, 0), level)
    # The first leg is measured from the source itself.
    first = route.legs[0]
    assert first.demand.readiness == readiness(
        source.skill_levels(), ladder.roles[first.target.id].skill_levels()
    )


def test_profile_equal_to_a_role_gives_the_same_gap(ladder: Ladder) -> None:
    for source_id, target_id in [(TEAM_LEAD, MANAGER), (COORDINATOR, TEAM_LEAD), (CSAM, SENIOR_AM)]:
        source, target = ladder.roles[source_id], ladder.roles[target_id]
        by_role = skill_gap(ladder, source, target)
        by_you = skill_gap(ladder, None, target, have=source.skill_levels())
        assert by_you.from_you and by_you.source is None
        assert by_you.skills == by_role.skills
        assert by_you.readiness == by_role.readiness
        # Naming the role as well (a profile's "role:") gives everything else too.
        as_role = skill_gap(ladder, source, target, have=source.skill_levels())
        role_doc, you_doc = by_role.to_json(), as_role.to_json()
        assert you_doc["from"]["id"] == "you" and you_doc["from_role"] == role_doc["from"]
        for key in ("to", "readiness", "skills", "tools", "responsibilities", "kpis", "salary"):
            assert you_doc[key] == role_doc[key]


def test_known_tools_are_not_to_learn(ladder: Ladder) -> None:
    target = ladder.roles[TEAM_LEAD]
    gap = skill_gap(ladder, None, target, have={}, known_tools=["zendesk", " SLACK "])
    assert gap.tools_to_learn is not None and gap.tools_known is not None
    learned = {tool.name for tool in gap.tools_to_learn}
    assert "Zendesk" not in learned and "Slack" not in learned
    assert {"Zendesk", "Slack"} <= {tool.name for tool in gap.tools_known}
    assert gap.readiness == 0.0
    assert {line.change for line in gap.skills} == {"new"}


def test_along_route_needs_a_starting_role(ladder: Ladder) -> None:
    gap = skill_gap(ladder, None, ladder.roles[MANAGER], have={"empathy": 3}, along_route=True)
    assert gap.along_route is not None and gap.along_route.legs == []
    assert gap.along_route.note is not None and "role to start from" in gap.along_route.note
    assert gap.step_kind is None and gap.salaries == []


def test_gap_needs_a_source_or_skills(ladder: Ladder) -> None:
    with pytest.raises(UsageError):
        skill_gap(ladder, None, ladder.roles[TEAM_LEAD])


def _role(role_id: str, salaries: list[Salary]) -> Role:
    return Role.model_validate(
        {"id": role_id, "title": {"en": role_id}, "level": 1, "salaries": salaries}
    )


def test_salary_pairs_the_same_city_currency_and_group() -> None:
    def pay(city: str, low: int, high: int, who: str | None, currency: str = "EUR") -> Salary:
        return Salary(city=city, currency=currency, low=low, high=high, applies_to=who)

    source = _role(
        "agent",
        [pay("Oslo", 40, 50, "agents"), pay("Turku", 30, 40, None), pay("Rome", 1, 2, None)],
    )
    target = _role(
        "lead",
        [
            pay("Oslo", 60, 80, "agents"),
            pay("Oslo", 90, 99, "managers"),
            pay("Turku", 35, 50, "leads"),
            pay("Rome", 5, 6, None, currency="USD"),
            pay("Paris", 70, 90, None),
        ],
    )
    changes = salary_changes(source, target)
    got = {(c.city, c.to_applies_to, c.change_low, c.change_high) for c in changes}
    # Oslo has figures for the same group, so the managers' figure is not compared; Rome's
    # currencies differ and Paris has no "before".
    assert got == {("Oslo", "agents", 20, 30), ("Turku", "leads", 5, 10)}


def test_seed_salary_change_is_in_the_same_cities(ladder: Ladder) -> None:
    source, target = ladder.roles[REPRESENTATIVE], ladder.roles[MANAGER]
    gap = skill_gap(ladder, source, target)
    cities = {s.city for s in source.salaries} & {s.city for s in target.salaries}
    assert cities and {change.city for change in gap.salaries} == cities
    for change in gap.salaries:
        before = [s for s in source.salaries if s.city == change.city]
        after = [s for s in target.salaries if s.city == change.city]
        assert (change.from_low, change.from_high) in {(s.low, s.high) for s in before}
        assert (change.to_low, change.to_high) in {(s.low, s.high) for s in after}


def test_gap_on_a_tiny_ladder_with_a_route() -> None:
    scale = SkillScale(min=1, max=5)
    roles = [
        Role.model_validate(
            {
                "id": ident,
                "title": {"en": ident.title()},
                "level": level,
                "skills": [{"skill": "talk", "level": level}],
            }
        )
        for ident, level in (("a", 1), ("b", 2), ("c", 3))
    ]
    steps = [
        Step.model_validate({"from": "a", "to": "b", "kind": "promotion"}),
        Step.model_validate({"from": "b", "to": "c", "kind": "lateral"}),
    ]
    tiny = Ladder(scale=scale, roles=roles, steps=steps)
    gap = skill_gap(tiny, tiny.roles["a"], tiny.roles["c"], along_route=True)
    assert gap.readiness == pytest.approx(1 / 3)
    assert gap.along_route is not None
    assert [leg.kind for leg in gap.along_route.legs] == ["promotion", "lateral"]
    readiness_by_leg = [leg.demand.readiness for leg in gap.along_route.legs]
    assert readiness_by_leg == [pytest.approx(0.5), pytest.approx(2 / 3)]
    back = skill_gap(tiny, tiny.roles["c"], tiny.roles["a"], along_route=True)
    assert back.along_route is not None and back.along_route.note
    assert back.skills[0].change == "kept"


# --------------------------------------------------------------------------- command line


def test_gap_json_shape(run: Run, ladder: Ladder) -> None:
    result = run("gap", "team lead", "customer service manager", "--json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = result.json()
    assert {"from", "to", "readiness", "skills", "tools", "responsibilities", "kpis"} <= set(doc)
    assert doc["from"]["id"] == TEAM_LEAD and doc["to"]["id"] == MANAGER
    assert set(doc["from"]) >= {"id", "title"} and set(doc["to"]) >= {"id", "title"}
    assert 0.0 <= doc["readiness"] <= 1.0
    assert doc["readiness"] == pytest.approx(
        readiness(ladder.roles[TEAM_LEAD].skill_levels(), ladder.roles[MANAGER].skill_levels()),
        abs=1e-4,
    )
    for line in doc["skills"]:
        assert set(line) == {
            "id",
            "name",
            "from_level",
            "to_level",
            "change",
            "importance",
            "from_low_precision",
            "to_low_precision",
            "essential",
            "margin",
        }
        assert line["essential"] is None  # the built-in ladder has no such relation
        assert line["change"] in {"new", "raise", "kept", "dropped"}
    assert set(doc["tools"]) >= {"learn", "known"}
    assert doc["kpis"] == [text_in(kpi, "en") for kpi in ladder.roles[MANAGER].kpis]
    assert isinstance(doc["summary"], str)


def test_gap_table_shows_readiness_and_summary(run: Run, ladder: Ladder) -> None:
    result = run("gap", "coordinator", "team lead", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    gap = skill_gap(ladder, ladder.roles[COORDINATOR], ladder.roles[TEAM_LEAD])
    assert gap.readiness is not None and f"{percent(gap.readiness)}%" in result.stdout
    assert gap.summary in result.stdout
    assert "Tools to learn" in result.stdout
    # Not a direct step, and no chain of steps leads there: --along-route is not suggested.
    assert not gap.route_exists
    assert "--along-route" not in result.stdout and "No chain of steps" in result.stdout
    reachable = run("gap", "customer service rep", "customer service manager")
    assert reachable.exit_code == 0 and "Add --along-route" in reachable.stdout


def test_gap_along_route_says_when_there_is_none(run: Run) -> None:
    result = run("gap", "coordinator", "team lead", "--along-route", "--json")
    assert result.exit_code == 0, result.stderr
    route = result.json()["along_route"]
    assert route["legs"] == [] and route["note"]["code"] == "no_route"
    assert "no route" in route["note"]["text"]
    shown = run("gap", "coordinator", "team lead", "--along-route", env={"COLUMNS": "120"})
    assert shown.exit_code == 0 and "no route leads from" in shown.stdout


def test_gap_with_have_needs_no_from(run: Run) -> None:
    result = run(
        "gap", "--have", "communication=3,empathy=4,problem solving=3", "team lead", "--json"
    )
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["from"]["id"] == "you" and doc["from_role"] is None
    by_id = {line["id"]: line for line in doc["skills"]}
    assert by_id["empathy"]["from_level"] == 4 and by_id["empathy"]["change"] == "kept"
    assert by_id["communication"]["change"] == "raise"
    assert by_id["leadership"]["change"] == "new"


def test_gap_without_from_or_skills_is_a_usage_error(run: Run) -> None:
    result = run("gap", "team lead")
    assert result.exit_code == 2
    assert "--have" in result.stderr and result.stdout == ""


def test_gap_with_three_roles_is_a_usage_error(run: Run) -> None:
    result = run("gap", "team", "lead", "manager")
    assert result.exit_code == 2 and "FROM and TO" in result.stderr


def test_gap_unknown_role_exits_1(run: Run) -> None:
    result = run("gap", "team leed", "customer service manager")
    assert result.exit_code == 1
    assert "unknown role" in result.stderr and result.stdout == ""


def test_gap_svg(run: Run, tmp_path: Path) -> None:
    image = tmp_path / "gap.svg"
    result = run("gap", "csam", "senior account manager", "--svg", str(image))
    assert result.exit_code == 0, result.stderr
    assert image.read_text(encoding="utf-8").startswith("<svg")
    assert "Senior Account Manager" in result.stdout


def test_gap_names_follow_lang(run: Run, ladder: Ladder) -> None:
    result = run("--lang", "fi", "gap", "team lead", "customer service manager", "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["to"]["title"] == ladder.roles[MANAGER].title.get("fi")
    assert {line["name"] for line in doc["skills"]} == {
        ladder.skill_name(line["id"], "fi") for line in doc["skills"]
    }


def test_readme_gap_example_is_the_real_output(run: Run) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    command = '$ careerpath gap --have "communication=3,empathy=4,problem solving=3" "team lead"\n'
    assert command in readme
    shown = readme.split(command, 1)[1].split("\n```", 1)[0]
    result = run(
        "gap",
        "--have",
        "communication=3,empathy=4,problem solving=3",
        "team lead",
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 0, result.stderr
    printed = "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").splitlines())
    assert printed == shown
