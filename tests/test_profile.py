"""Your own skills: ``--have`` parsing, profile files, and gaps measured from them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.errors import AmbiguousSkill, InvalidProfile, UnknownSkill, UsageError
from careerpath.queries.gaps import skill_gap
from careerpath.queries.profile import Profile, load_profile, parse_have, your_profile
from tests.conftest import Run

TEAM_LEAD = "customer-service-team-lead"
MANAGER = "customer-service-manager"
REPRESENTATIVE = "customer-service-representative"

Write = Callable[..., Path]


# --------------------------------------------------------------------------- --have


def test_have_accepts_names_in_any_language_ids_and_aliases(ladder: Ladder) -> None:
    levels = parse_have(
        ladder, " Viestintätaidot = 4 ,leadership=2,  problem solving=3, kärsivällisyys=1 ,"
    )
    assert levels == {"communication": 4, "leadership": 2, "problem-solving": 3, "patience": 1}


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_have_reads_back_what_was_written(ladder: Ladder, data: st.DataObject) -> None:
    scale = ladder.scale
    skills = data.draw(
        st.dictionaries(
            st.sampled_from(sorted(ladder.skills)),
            st.integers(min_value=scale.min, max_value=scale.max),
            min_size=1,
        )
    )
    space = st.sampled_from(["", " ", "  ", "\t"])
    parts = []
    for skill_id, level in skills.items():
        names = [*ladder.skills[skill_id].name.all(), skill_id]
        name = data.draw(st.sampled_from(names))
        parts.append(f"{data.draw(space)}{name}{data.draw(space)}={data.draw(space)}{level}")
    assert parse_have(ladder, ",".join(parts)) == skills


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("communication", "'communication'"),
        ("communication=4,leadership", "'leadership'"),
        ("=4", "'=4'"),
        ("communication=", "'communication='"),
        ("communication=four", "'four'"),
        ("communication=3.5", "'3.5'"),
        (" , ", "names no skills"),
    ],
)
def test_malformed_have_names_the_bad_part(ladder: Ladder, text: str, named: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_have(ladder, text)
    assert named in str(caught.value)


def test_have_level_outside_the_scale(ladder: Ladder) -> None:
    with pytest.raises(UsageError, match=r"outside the skill scale 1\.\.5"):
        parse_have(ladder, "communication=7")
    with pytest.raises(UsageError, match="outside"):
        parse_have(ladder, "empathy=-1")


def test_have_one_skill_twice(ladder: Ladder) -> None:
    with pytest.raises(UsageError, match="both name the skill 'Communication'"):
        parse_have(ladder, "communication=3, viestintä=4")


def test_have_unknown_skill_suggests(ladder: Ladder) -> None:
    with pytest.raises(UnknownSkill) as caught:
        parse_have(ladder, "comunication=3")
    assert caught.value.suggestions[0] == "Communication"
    assert "did you mean" in str(caught.value)


def test_have_generic_word_is_not_a_skill(ladder: Ladder) -> None:
    # "skills" is a word of one skill's name (Analytical skills) and of several aliases
    # ("communication skills", "technical skills"): it names none of them; the question
    # lists them all (issue 21 item 8).
    with pytest.raises(AmbiguousSkill) as caught:
        parse_have(ladder, "skills=3")
    holders = {
        skill.id
        for skill in ladder.skills.values()
        if any("skills" in name.casefold().split() for name in [*skill.name.all(), *skill.aliases])
    }
    assert {ident for ident, _ in caught.value.candidates} == holders


def test_have_ambiguous_skill(write_yaml: Write) -> None:
    from careerpath.data.load import load
    from tests.conftest import minimal_document

    document = minimal_document()
    for skill in document["skills"]:
        skill["aliases"] = ["soft skills"]
    shared = load([str(write_yaml(document))])
    with pytest.raises(AmbiguousSkill) as caught:
        parse_have(shared, "soft skills=3")
    assert {ident for ident, _ in caught.value.candidates} == {"communication", "leadership"}


# --------------------------------------------------------------------------- profile files


def test_profile_mapping_and_list_forms_agree(ladder: Ladder, write_yaml: Write) -> None:
    mapping = write_yaml(
        {
            "role": "customer service agent",
            "skills": {"communication": 4, "Empatia": 3},
            "tools": ["Zendesk", "Slack"],
        },
        "map.yaml",
    )
    listing = write_yaml(
        {
            "role": REPRESENTATIVE,
            "skills": [{"skill": "communication", "level": 4}, {"skill": "empathy", "level": 3}],
            "tools": ["Zendesk", "Slack"],
        },
        "list.yaml",
    )
    first, second = load_profile(ladder, mapping), load_profile(ladder, listing)
    assert first.skills == second.skills == {"communication": 4, "empathy": 3}
    assert first.role == second.role == REPRESENTATIVE
    assert first.tools == ["Zendesk", "Slack"]
    assert first.file == str(mapping)


def test_profile_json(ladder: Ladder, write_yaml: Write) -> None:
    path = write_yaml('{"skills": {"leadership": 2}}', "me.json")
    assert load_profile(ladder, path).skills == {"leadership": 2}


def test_profile_reports_every_problem_located(ladder: Ladder, write_yaml: Write) -> None:
    path = write_yaml(
        "role: team leed\n"
        "skills:\n"
        "  comunication: 4\n"
        "  empathy: 9\n"
        "  leadership: high\n"
        "  viestintä: 2\n"
        "  communication: 3\n"
        "tools: [Zendesk, 5]\n"
        "hobbies: chess\n",
        "me.yaml",
    )
    with pytest.raises(InvalidProfile) as caught:
        load_profile(ladder, path)
    problems = {(p.path, p.line): p.message for p in caught.value.problems}
    assert str(caught.value) == f"invalid profile: {len(problems)} problems"
    assert "unknown role" in problems[("role", 1)]
    assert "did you mean 'Communication'" in problems[("skills.comunication", 3)]
    assert "outside the skill scale" in problems[("skills.empathy", 4)]
    assert "whole number" in problems[("skills.leadership", 5)]
    assert "given twice" in problems[("skills.communication", 7)]
    assert "non-empty name" in problems[("tools[1]", 8)]
    assert "unknown field" in problems[("hobbies", 9)]
    assert len(problems) == 7
    assert all(p.file == str(path) for p in caught.value.problems)


def test_profile_list_entries_are_checked(ladder: Ladder, write_yaml: Write) -> None:
    path = write_yaml(
        {
            "skills": [
                {"skill": "communication"},
                "empathy",
                {"skill": "empathy", "level": 3, "note": "x"},
                {"skill": 5, "level": True},
            ]
        }
    )
    with pytest.raises(InvalidProfile) as caught:
        load_profile(ladder, path)
    by_path = {p.path: p.message for p in caught.value.problems}
    assert "missing level" in by_path["skills[0]"]
    assert "expected {skill" in by_path["skills[1]"]
    assert "unknown field" in by_path["skills[2].note"]
    assert "must be text" in by_path["skills[3].skill"]
    assert "whole number" in by_path["skills[3].level"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "profile is empty"),
        ("- communication\n", "top level is a list"),
        ("skills: [communication: 3\n", "not valid YAML"),
        ("skills: communication\n", "skills must be a mapping"),
        ("tools: Zendesk\n", "tools must be a list"),
        ("role: 3\n", "role must be"),
        ("tools: [Zendesk]\n", "neither skills nor a role"),
        ("skills: !!python/object:os.system {}\n", "tags that build objects"),
    ],
)
def test_bad_profiles(ladder: Ladder, write_yaml: Write, content: str, message: str) -> None:
    path = write_yaml(content, "me.yaml")
    with pytest.raises(InvalidProfile) as caught:
        load_profile(ladder, path)
    assert any(message in p.message for p in caught.value.problems), caught.value.problems


def test_unreadable_profiles(ladder: Ladder, tmp_path: Path) -> None:
    with pytest.raises(InvalidProfile, match="invalid profile"):
        load_profile(ladder, tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("skills: {empatia: 3}\n# k\xe4si\n".encode("latin-1"))
    with pytest.raises(InvalidProfile) as caught:
        load_profile(ladder, latin)
    assert "UTF-8" in caught.value.problems[0].message
    with pytest.raises(InvalidProfile):
        load_profile(ladder, tmp_path)


def test_a_profile_called_builtin_is_a_file(
    ladder: Ladder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "builtin").write_text("skills: {empathy: 2}\n", encoding="utf-8")
    assert load_profile(ladder, "builtin").skills == {"empathy": 2}


def test_have_overrides_profile_levels(ladder: Ladder, write_yaml: Write) -> None:
    path = write_yaml({"skills": {"communication": 2, "empathy": 3}, "tools": ["Slack"]})
    profile = your_profile(ladder, path, "communication=4, leadership=1")
    assert profile is not None
    assert profile.skills == {"communication": 4, "empathy": 3, "leadership": 1}
    assert profile.tools == ["Slack"]
    assert your_profile(ladder) is None
    assert your_profile(ladder, have="empathy=2") == Profile({"empathy": 2})


# --------------------------------------------------------------------------- gaps from you


def role_profile(role_id: str, ladder: Ladder) -> dict[str, Any]:
    role = ladder.roles[role_id]
    return {
        "role": role_id,
        "skills": {ladder.skill_name(skill): level for skill, level in role.skill_levels().items()},
        "tools": [tool.name for tool in role.tools],
    }


def test_profile_equal_to_a_role_gives_that_roles_gap(
    run: Run, ladder: Ladder, write_yaml: Write
) -> None:
    for source_id, target_id in [
        (TEAM_LEAD, MANAGER),
        ("customer-support-account-manager", TEAM_LEAD),
    ]:
        path = write_yaml(role_profile(source_id, ladder), "me.yaml")
        mine = run("gap", "--profile", str(path), target_id, "--json")
        theirs = run("gap", source_id, target_id, "--json")
        assert mine.exit_code == theirs.exit_code == 0, mine.stderr
        you, role = mine.json(), theirs.json()
        assert you["from"]["id"] == "you" and you["from_role"]["id"] == source_id
        for key in ("to", "readiness", "skills", "tools", "responsibilities", "kpis", "salary"):
            assert you[key] == role[key], key


def test_profile_role_without_skills_starts_from_that_role(
    run: Run, ladder: Ladder, write_yaml: Write
) -> None:
    path = write_yaml({"role": "team lead", "tools": ["Moodle"]}, "me.yaml")
    result = run("gap", "--profile", str(path), "customer service manager", "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    expected = skill_gap(ladder, ladder.roles[TEAM_LEAD], ladder.roles[MANAGER]).to_json()
    assert doc["from"]["id"] == TEAM_LEAD
    assert doc["skills"] == expected["skills"]


def test_from_with_have_measures_you_but_keeps_the_roles_tools(run: Run, ladder: Ladder) -> None:
    result = run("gap", "coordinator", "team lead", "--have", "leadership=3", "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["from"]["id"] == "you"
    assert doc["from_role"]["id"] == "customer-service-coordinator"
    # --have overrides only the skill it names: the coordinator's other skills still count.
    have = dict(ladder.roles["customer-service-coordinator"].skill_levels())
    have["leadership"] = 3
    need = ladder.roles[TEAM_LEAD].skill_levels()
    met = sum(min(have.get(skill, 0), level) for skill, level in need.items())
    assert doc["readiness"] == pytest.approx(met / sum(need.values()), abs=1e-4)
    plain = run("gap", "coordinator", "team lead", "--json").json()
    assert doc["readiness"] >= plain["readiness"]  # coordinators hold leadership at 2
    from careerpath.queries.measure import tool_key  # HubSpot CRM is the tool HubSpot

    coordinator_tools = {
        tool_key(t.name) for t in ladder.roles["customer-service-coordinator"].tools
    }
    assert {tool_key(tool["name"]) for tool in doc["tools"]["known"]} <= coordinator_tools
    assert doc["tools"]["known"]


def test_malformed_have_exits_2(run: Run) -> None:
    result = run("gap", "--have", "communication:4", "team lead")
    assert result.exit_code == 2
    assert "'communication:4' is not SKILL=LEVEL" in result.stderr
    assert result.stdout == ""


def test_have_level_off_scale_exits_2(run: Run) -> None:
    result = run("gap", "--have", "communication=6", "team lead")
    assert result.exit_code == 2 and "outside the skill scale" in result.stderr


def test_unknown_have_skill_exits_1(run: Run) -> None:
    result = run("gap", "--have", "empaty=3", "team lead")
    assert result.exit_code == 1
    assert "unknown skill" in result.stderr and "did you mean 'Empathy'" in result.stderr
    assert result.stdout == ""


def test_bad_profile_exits_1_with_located_problems(run: Run, write_yaml: Write) -> None:
    path = write_yaml("skills:\n  communication: 4\n  leadrship: 2\n", "me.yaml")
    result = run("gap", "--profile", str(path), "team lead", env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert f"{path}:3:" in result.stderr
    assert "skills.leadrship" in result.stderr and "did you mean 'Leadership'" in result.stderr
    assert "invalid profile: 1 problem" in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- next, from you


def test_next_ranks_by_your_readiness(run: Run, ladder: Ladder) -> None:
    from careerpath.queries.measure import readiness

    have = {"leadership": 4, "customer-focus": 4, "empathy": 4}
    text = ",".join(f"{skill}={level}" for skill, level in have.items())
    result = run("next", "coordinator", "--have", text, "--json")
    assert result.exit_code == 0, result.stderr
    doc = result.json()
    assert doc["measured_from"] == "profile"
    shares = {c["id"]: c["readiness"] for c in doc["candidates"]}
    # Your levels override the coordinator's for the skills you name, and only those.
    levels = {**ladder.roles["customer-service-coordinator"].skill_levels(), **have}
    for target_id, share in shares.items():
        expected = readiness(levels, ladder.roles[target_id].skill_levels())
        assert share == pytest.approx(expected, abs=1e-4)
    assert list(shares.values()) == sorted(shares.values(), reverse=True)
    # Measured from the role itself the ranking differs.
    from_role = run("next", "coordinator", "--json").json()
    assert from_role["measured_from"] == "role"
    assert [c["readiness"] for c in from_role["candidates"]] != list(shares.values())


def test_next_with_a_profile_counts_its_tools(run: Run, ladder: Ladder, write_yaml: Write) -> None:
    path = write_yaml({"skills": {"communication": 4}, "tools": ["Moodle", "Five9"]}, "me.yaml")
    result = run("next", "csam", "--profile", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    lead = next(c for c in result.json()["candidates"] if c["id"] == TEAM_LEAD)
    lead_tools = [t.name for t in ladder.roles[TEAM_LEAD].tools]
    assert {"Moodle", "Five9"} <= set(lead_tools)
    known = {t.name for t in ladder.roles["customer-support-account-manager"].tools}
    known |= {"Moodle", "Five9"}
    expected = [name for name in dict.fromkeys(lead_tools) if name not in known]
    assert expected and lead["tools_to_learn"] == expected


def test_next_rejects_bad_skills_like_gap(run: Run, write_yaml: Write) -> None:
    assert run("next", "coordinator", "--have", "leadership").exit_code == 2
    assert run("next", "coordinator", "--have", "leadershp=2").exit_code == 1
    path = write_yaml("skills: {leadership: 7}\n", "me.yaml")
    result = run("next", "coordinator", "--profile", str(path))
    assert result.exit_code == 1 and f"{path}:1:" in result.stderr


def test_next_starts_from_the_profiles_role(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text("role: tiimijohtaja\nskills: {communication: 4}\n", encoding="utf-8")
    outcome = run("next", "--profile", str(profile), "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.json()["role"]["id"] == "customer-service-team-lead"
    bare = run("next")
    assert bare.exit_code == 2
    assert "--profile" in bare.stderr
