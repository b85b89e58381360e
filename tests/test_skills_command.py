"""`careerpath skills`: every skill with what each level means (issue 21 item 9).

Figures are recomputed from the dataset itself: the skill count, how many roles need each
skill (and as essential or optional), the rubric in the language asked for.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.queries.profile import parse_have

FIXTURES = Path(__file__).parent / "fixtures"
BUILTIN_YAML = Path(__file__).parents[1] / "data" / "customer-support.yaml"


def run_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["--lang", "en", *args, "--json"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def run_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_skill_with_the_roles_that_need_it(ladder: Ladder) -> None:
    document = run_json("skills")
    assert document["count"] == document["total"] == len(ladder.skills)
    assert {row["id"] for row in document["skills"]} == set(ladder.skills)
    for row in document["skills"]:
        needing = [r for r in ladder.roles.values() if any(q.skill == row["id"] for q in r.skills)]
        assert row["roles"] == len(needing), row["id"]
        assert row["name"] == ladder.skills[row["id"]].name.en
        assert row["essential_for"] is None  # the built-in ladder has no essential/optional


def test_rows_sorted_by_name_in_the_language(ladder: Ladder) -> None:
    for lang in ("en", "fi"):
        document = run_json("--lang", lang, "skills")
        names = [row["name"] for row in document["skills"]]
        assert names == sorted(names, key=str.casefold)
        assert names[0] == min((s.name.get(lang) for s in ladder.skills.values()), key=str.casefold)


@pytest.mark.parametrize("lang", ["en", "fi", "nb"])
def test_scale_in_words_in_the_language(lang: str) -> None:
    scale_doc = yaml.safe_load(BUILTIN_YAML.read_text(encoding="utf-8"))["skill_scale"]
    rubric = scale_doc["rubric"] if lang == "en" else scale_doc["rubric_translations"][lang]
    result = CliRunner().invoke(app, ["--lang", lang, "skills", "--json"])
    document = json.loads(result.stdout)
    scale = document["scale"]
    assert (scale["min"], scale["max"], scale["levelled"]) == (1, 5, True)
    assert [level["level"] for level in scale["levels"]] == [1, 2, 3, 4, 5]
    for level in scale["levels"]:
        assert level["meaning"] == rubric[level["level"]]
    text = run_text("--lang", lang, "skills")
    assert rubric[1].split(".")[0] in text  # "Awareness" / "Tietoisuus" / "Bevissthet"


def test_every_name_shown_is_taken_by_have(ladder: Ladder) -> None:
    # The point of the command: each name it prints for a skill, --have reads as that skill.
    document = run_json("skills")
    for row in document["skills"]:
        for name in {row["id"], *row["names"].values(), *row["aliases"]}:
            assert parse_have(ladder, f"{name}=3") == {row["id"]: 3}, name


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("time-management", "time-management"),  # an id
        ("viestintä", "communication"),  # a Finnish alias
        ("Problemløsning", "problem-solving"),  # a Norwegian name
        ("customer orientation", "customer-focus"),  # an alias
        ("comm", "communication"),  # the start of a word
    ],
)
def test_search_finds_by_name_alias_and_id(query: str, expected: str) -> None:
    document = run_json("skills", "--search", query)
    assert document["skills"][0]["id"] == expected
    assert document["filters"]["search"] == query


def test_search_lists_every_skill_the_word_is_in(ladder: Ladder) -> None:
    document = run_json("skills", "--search", "skills")
    found = {row["id"] for row in document["skills"]}
    holders = {
        skill.id
        for skill in ladder.skills.values()
        if any("skills" in n.casefold().split() for n in [*skill.name.all(), *skill.aliases])
    }
    assert holders <= found


def test_limit_keeps_the_first_rows() -> None:
    whole = run_json("skills")
    limited = run_json("skills", "--limit", "4")
    assert limited["count"] == 4
    assert limited["total"] == whole["total"]
    assert limited["skills"] == whole["skills"][:4]
    assert "4 of 15 skills" in run_text("--lang", "en", "skills", "--limit", "4").replace(
        str(whole["total"]), "15"
    )


def test_no_match() -> None:
    document = run_json("skills", "--search", "zzzzqqq")
    assert document["count"] == 0
    assert "No skills match." in run_text("--lang", "en", "skills", "--search", "zzzzqqq")


def test_esco_has_no_levels_but_essential_and_optional() -> None:
    data = str(FIXTURES / "names_esco.yaml")
    ladder = load([data], cache=False)
    document = run_json("--data", data, "skills")
    assert document["scale"]["levelled"] is False
    assert document["scale"]["levels"] == []
    assert [note["code"] for note in document["notes"]] == ["no_levels"]
    for row in document["skills"]:
        relations = [
            q.essential
            for role in ladder.roles.values()
            for q in role.skills
            if q.skill == row["id"]
        ]
        assert row["essential_for"] == sum(1 for e in relations if e is True)
        assert row["optional_for"] == sum(1 for e in relations if e is False)


def test_measured_data_without_a_rubric_says_so() -> None:
    data = str(FIXTURES / "measured.yaml")
    ladder = load([data], cache=False)
    document = run_json("--data", data, "skills")
    scale = document["scale"]
    assert (scale["min"], scale["max"]) == (ladder.scale.min, ladder.scale.max)
    assert scale["editorial"] is False and scale["levels"] == []
    codes = [note["code"] for note in document["notes"]]
    assert codes == ["levels_unworded", "measured_levels"]


def test_listed_first_in_help_after_show() -> None:
    from careerpath.cli.app import HELP_ORDER

    assert HELP_ORDER.index("skills") == HELP_ORDER.index("show") + 1
    assert "skills" in run_text("--lang", "en", "--help")


def test_esco_note_says_what_have_does() -> None:
    # The note says 1 means "you have it" and 0 "not yet": a gap measured so agrees.
    data = str(FIXTURES / "names_esco.yaml")
    ladder = load([data], cache=False)
    role = next(
        r for r in ladder.roles.values() if [q.skill for q in r.skills] == ["communication"]
    )
    held = run_json("--data", data, "gap", "--have", "communication=1", role.id)
    not_yet = run_json("--data", data, "gap", "--have", "communication=0", role.id)
    assert (held["readiness"], not_yet["readiness"]) == (1, 0)
