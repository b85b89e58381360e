"""``gap`` on measured data: importance per skill, low-precision marks, hot and in-demand tools.

The figures are read back from the fixture file itself, not copied into the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from careerpath.output.render import level_text
from tests.conftest import FIXTURES, Run, minimal_document

MEASURED = FIXTURES / "measured.yaml"
AGENT, SUPERVISOR, MANAGER = "10-0001.00", "10-0002.00", "10-0003.00"
LOW_PRECISION_LEGEND = "~ low precision (the source advises caution)"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MEASURED.read_text(encoding="utf-8"))
    return loaded


def requirements(document: dict[str, Any], role_id: str) -> dict[str, dict[str, Any]]:
    role = next(role for role in document["roles"] if role["id"] == role_id)
    return {req["skill"]: req for req in role["skills"]}


def tools(document: dict[str, Any], role_id: str) -> list[dict[str, Any]]:
    role = next(role for role in document["roles"] if role["id"] == role_id)
    return list(role.get("tools", []))


def skill_rows(output: str) -> dict[str, list[str]]:
    """The gap table's rows (a pipe: nothing wrapped), each split into its cells."""
    table = output.split("━\n", 1)[1].split("\n\n", 1)[0]
    return {
        cells[0]: cells[1:] for cells in (re.split(r" {2,}", row) for row in table.splitlines())
    }


@pytest.mark.parametrize(("source", "target"), [(AGENT, SUPERVISOR), (SUPERVISOR, AGENT)])
def test_json_flags_come_from_each_roles_own_requirements(
    run: Run, document: dict[str, Any], source: str, target: str
) -> None:
    gap = run("--data", str(MEASURED), "gap", source, target, "--json", "--all-skills").json()
    have, need = requirements(document, source), requirements(document, target)
    assert {line["id"] for line in gap["skills"]} == set(need)
    for line in gap["skills"]:
        skill = line["id"]
        assert line["importance"] == need[skill]["importance"]
        assert line["from_low_precision"] is have[skill].get("low_precision", False)
        assert line["to_low_precision"] is need[skill].get("low_precision", False)
    flags = {
        t["name"]: (t.get("hot", False), t.get("in_demand", False)) for t in tools(document, target)
    }
    for tool in [*gap["tools"]["learn"], *gap["tools"]["known"], *gap["tools"]["used"]]:
        assert (tool["hot"], tool["in_demand"]) == flags[tool["name"]]


def test_a_level_of_your_own_is_not_marked_imprecise(run: Run) -> None:
    # The agent's staffing figure is flagged; said with --have, it is the person's own.
    args = ("--data", str(MEASURED), "gap", AGENT, SUPERVISOR, "--json")
    flagged = run(*args).json()["skills"]
    own = run(*args, "--have", "management of personnel resources=2").json()["skills"]
    assert [line["id"] for line in flagged if line["from_low_precision"]] == ["staffing"]
    assert [line["id"] for line in own if line["from_low_precision"]] == []


@pytest.mark.parametrize(("source", "target"), [(AGENT, SUPERVISOR), (SUPERVISOR, AGENT)])
def test_the_table_shows_importance_and_marks_the_imprecise_figure(
    run: Run, document: dict[str, Any], source: str, target: str
) -> None:
    args = ("--data", str(MEASURED), "gap", source, target, "--all-skills")
    output = run(*args, env={"COLUMNS": ""}).stdout
    gap = run(*args, "--json").json()
    rows = skill_rows(output)
    header = next(line for line in output.splitlines() if line.startswith("Skill "))
    assert header.split() == ["Skill", "Now", "Needed", "Change", "Importance"]
    assert len(rows) == len(gap["skills"])
    for line in gap["skills"]:
        now, needed, _change, importance = rows[line["name"]]
        assert importance == f"{level_text(line['importance'])}/5"
        assert now.endswith(" ~") is line["from_low_precision"]
        assert needed.endswith(" ~") is line["to_low_precision"]
    assert (LOW_PRECISION_LEGEND in output) is any(
        line["from_low_precision"] or line["to_low_precision"] for line in gap["skills"]
    )


def test_tools_to_learn_are_marked_and_the_legend_names_only_the_marks_shown(
    run: Run, document: dict[str, Any]
) -> None:
    args = ("--data", str(MEASURED), "gap", SUPERVISOR, AGENT, "--all-tools", "--all-skills")
    output = run(*args, env={"COLUMNS": ""}).stdout
    # The data flags hot technology: its tool lists are examples of what is used there.
    learn = output.split("Tools used there, new to you\n", 1)[1].split("\n\n", 1)[0]
    known = {t["name"] for t in tools(document, SUPERVISOR)}
    expected = []
    for tool in tools(document, AGENT):
        if tool["name"] not in known:
            marks = ("*" if tool.get("hot") else "") + ("+" if tool.get("in_demand") else "")
            expected.append(tool["name"] + marks)
    shown = [name for line in learn.splitlines() for name in re.split(r" {2,}|, ", line)[1:]]
    assert shown == expected == ["Dialler*", "Notes"]
    # Sheets (hot and in demand) is already known and shown unmarked: no "+" to explain.
    assert "Already known: Sheets\n" in output
    legend = output.rstrip("\n").splitlines()[-1]
    assert legend == f"{LOW_PRECISION_LEGEND}  ·  * hot technology"


def test_without_importance_or_marks_the_table_and_foot_stay_as_they_were(run: Run) -> None:
    output = run("gap", "customer-service-coordinator", "customer-service-manager").stdout
    assert "Importance" not in output
    assert "low precision" not in output and "hot technology" not in output
    header = next(line for line in output.splitlines() if line.startswith("Skill "))
    assert header.split() == ["Skill", "Now", "Needed", "Change"]


def test_narrow_lines_keep_importance_and_marks(run: Run) -> None:
    args = ("--data", str(MEASURED), "gap", AGENT, SUPERVISOR)
    wide = run(*args, env={"COLUMNS": ""}).stdout
    narrow = run(*args, env={"COLUMNS": "40"}).stdout
    assert "━" not in narrow  # the table does not fit: one line per skill instead
    assert "Skill  Now → Needed  Change  Importance" in narrow
    for name, (now, needed, change, importance) in skill_rows(wide).items():
        assert name in narrow.replace("\n", " ")
        assert f"{now} → {needed}  {change}  {importance}" in narrow
    assert narrow.count(" ~") == wide.count(" ~") == 1


LONG_CATEGORY = "Materials requirements planning logistics and supply chain software"


@pytest.mark.parametrize("command", ["show", "gap"])
def test_a_long_tool_category_wraps_rather_than_squeezing_the_tools(
    run: Run, write_yaml: Callable[..., Path], command: str
) -> None:
    # O*NET's longest categories are 60-odd characters: a column that never wraps would leave
    # the tools a strip at the right edge of a 100-column terminal.
    document = minimal_document()
    names = [f"Product{letter} Suite" for letter in "ABCDEFGHIJKL"]
    document["roles"][0]["tools"] = [{"name": "Pen", "category": "Office"}]
    document["roles"][1]["tools"] = [{"name": name, "category": LONG_CATEGORY} for name in names]
    args = ["--data", str(write_yaml(document)), command]
    args += ["senior"] if command == "show" else ["junior", "senior"]
    output = run(*args, env={"COLUMNS": "100"}).stdout
    heading = "\nTools\n" if command == "show" else "\nTools to learn\n"
    lines = output.split(heading, 1)[1].split("\n\n", 1)[0].splitlines()
    assert all(len(line) <= 100 for line in lines)
    start = lines[0].index(names[0])
    assert start <= 55, lines  # the tools get at least about half of the line
    assert " ".join(" ".join(lines).split()).count("Suite") == len(names)
    assert " ".join(line[:start].strip() for line in lines).strip() == LONG_CATEGORY
