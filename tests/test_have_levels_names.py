"""--have: 0 is "not yet", 4.0 is 4, and a generic word is not a skill (issue 21 items 6, 8)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.data.ladder import Ladder
from careerpath.errors import AmbiguousSkill
from careerpath.queries.names import find_skill
from careerpath.queries.profile import parse_have

MANAGER = "customer-service-manager"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--lang", "en", *args])
    return result.exit_code, result.output


def test_zero_is_not_yet_and_counts_as_not_held(ladder: Ladder) -> None:
    assert parse_have(ladder, "communication=0") == {"communication": 0}
    # Holding a skill at 0 is the same as not naming it: the same readiness and climb.
    import json

    code, zero = run("gap", "--have", "communication=0,leadership=2", MANAGER, "--json")
    assert code == 0, zero
    code, without = run("gap", "--have", "leadership=2", MANAGER, "--json")
    assert code == 0, without
    first, second = json.loads(zero), json.loads(without)
    assert first["readiness"] == second["readiness"]
    assert first["readiness_percent"] == second["readiness_percent"]
    changes = {line["id"]: line["change"] for line in first["skills"]}
    assert changes == {line["id"]: line["change"] for line in second["skills"]}
    assert changes["communication"] == "new"


def test_whole_number_written_with_a_point(ladder: Ladder) -> None:
    levels = parse_have(ladder, "communication=4.0")
    assert levels == {"communication": 4}
    assert isinstance(levels["communication"], int)


def test_fraction_refused_on_editorial_scale(ladder: Ladder) -> None:
    from careerpath.errors import UsageError

    with pytest.raises(UsageError, match="not a whole number"):
        parse_have(ladder, "communication=3.5")


def test_profile_file_level_zero_and_four_point_oh(ladder: Ladder, tmp_path: object) -> None:
    from pathlib import Path

    from careerpath.queries.profile import load_profile

    path = Path(str(tmp_path)) / "me.yaml"
    path.write_text("skills:\n  communication: 0\n  empathy: 4.0\n", encoding="utf-8")
    profile = load_profile(ladder, path)
    assert profile.skills == {"communication": 0, "empathy": 4}


@pytest.mark.parametrize(
    ("query", "lang", "word"),
    [
        ("skills", "en", "skills"),
        ("management", "en", "management"),
        ("evner", "nb", "evner"),
        ("tech", "en", "tech"),
    ],
)
def test_generic_word_asks(ladder: Ladder, query: str, lang: str, word: str) -> None:
    with pytest.raises(AmbiguousSkill) as caught:
        find_skill(ladder, query, lang)
    # Every candidate has a name in which the word appears (whole or inside a compound).
    for ident, _ in caught.value.candidates:
        skill = ladder.skills[ident]
        names = [*skill.name.all(), *skill.aliases]
        assert any(word in name.casefold() for name in names), (ident, names)


def test_generic_word_exits_1_listing_candidates() -> None:
    code, output = run("gap", "--have", "management=3", MANAGER)
    assert code == 1
    assert "Time management and organisation" in output


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("communication", "communication"),
        ("Leadership", "leadership"),
        ("time management", "time-management"),
        ("management time", "time-management"),
        ("viestintä", "communication"),
        ("problem solving", "problem-solving"),
        ("time-management", "time-management"),
        ("analytical", "analytical-skills"),  # a whole, specific word of one skill's name
        ("problem", "problem-solving"),
    ],
)
def test_real_names_still_work(ladder: Ladder, query: str, expected: str) -> None:
    assert find_skill(ladder, query).id == expected


def test_readme_have_example(ladder: Ladder) -> None:
    assert parse_have(ladder, "communication=4,leadership=2") == {
        "communication": 4,
        "leadership": 2,
    }
