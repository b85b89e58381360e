"""Measured taxonomies: fractional levels, importance, low-precision and tool flags, credits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careerpath.data.load import load, validate_files
from careerpath.output.render import level_bar, level_text
from tests.conftest import FIXTURES, Run, minimal_document

MEASURED = str(FIXTURES / "measured.yaml")


def _messages(path: Path) -> list[str]:
    return [problem.message for problem in validate_files([str(path)]).errors]


def test_integer_levels_stay_integers_and_fractions_stay_as_written(run: Run) -> None:
    card = run("--data", MEASURED, "show", "10-0002.00", "--json").json()
    levels = {skill["id"]: skill["level"] for skill in card["skills"]}
    assert levels == {"listening": 4.0, "coordination": 4.25, "staffing": 3.75, "speaking": 4}
    assert isinstance(levels["speaking"], int) and isinstance(levels["listening"], float)


def test_importance_needs_a_declared_scale(write_yaml: Callable[..., Path]) -> None:
    document = minimal_document()
    document["roles"][0]["skills"][0]["importance"] = 3
    assert any("no importance_scale declared" in m for m in _messages(write_yaml(document)))
    document["importance_scale"] = {"min": 1, "max": 5}
    assert _messages(write_yaml(document)) == []


@pytest.mark.parametrize(
    ("importance", "valid"), [(0.99, False), (1, True), (5, True), (5.01, False)]
)
def test_importance_must_lie_on_its_scale(
    write_yaml: Callable[..., Path], importance: float, valid: bool
) -> None:
    document: dict[str, Any] = minimal_document()
    document["importance_scale"] = {"min": 1, "max": 5}
    document["roles"][0]["skills"][0]["importance"] = importance
    messages = _messages(write_yaml(document))
    assert (messages == []) is valid
    if not valid:
        assert messages == [f"importance {importance} is outside the importance scale 1..5"]


@pytest.mark.parametrize("level", [True, "high", ".nan"])
def test_a_level_must_be_a_finite_number(write_yaml: Callable[..., Path], level: Any) -> None:
    document = minimal_document()
    document["roles"][0]["skills"][1]["level"] = level if level != ".nan" else float("nan")
    messages = _messages(write_yaml(document))
    assert len(messages) == 1 and "must be a" in messages[0]


def test_fractional_scale_ends_and_levels_are_checked(write_yaml: Callable[..., Path]) -> None:
    document = minimal_document()
    document["skill_scale"] = {"min": 0, "max": 7.5}
    document["roles"][0]["skills"][0]["level"] = 7.25
    assert _messages(write_yaml(document)) == []
    document["roles"][0]["skills"][0]["level"] = 7.75
    assert _messages(write_yaml(document)) == ["level 7.75 is outside the skill scale 0..7.5"]


def test_combined_files_keep_every_attribution(write_yaml: Callable[..., Path]) -> None:
    extension = {
        "attribution": "Team roles by the HR department.",
        "licence": "internal",
        "roles": [{"id": "extra", "title": {"en": "Extra"}, "level": 2}],
    }
    ladder = load([MEASURED, str(write_yaml(extension, "extension.yaml"))], cache=False)
    assert ladder.attribution == (
        "This fixture includes invented figures by the careerpath tests.\n"
        "Team roles by the HR department."
    )
    assert ladder.licence == "CC0 1.0; internal"


def test_show_json_has_the_credits_importance_and_flags(run: Run) -> None:
    card = run("--data", MEASURED, "show", "phone agent", "--json").json()
    assert card["attribution"] == "This fixture includes invented figures by the careerpath tests."
    assert card["licence"] == "CC0 1.0"
    staffing = next(skill for skill in card["skills"] if skill["id"] == "staffing")
    assert staffing == {
        "id": "staffing",
        "name": "Management of Personnel Resources",
        "level": 2.12,
        "importance": 2.25,
        "low_precision": True,
        "essential": None,
    }
    sheets = next(tool for tool in card["tools"] if tool["name"] == "Sheets")
    assert (sheets["hot"], sheets["in_demand"]) == (True, True)
    assert len(card["aliases"]) == 8  # --json keeps every alias


def test_show_card_marks_and_shortens(run: Run) -> None:
    text = run("--data", MEASURED, "show", "phone agent").stdout
    assert "Agent · CSR · Call Taker · Phone Rep · Contact Person · Helper and 2 more" in text
    assert "Operator" not in text
    staffing = next(line for line in text.splitlines() if "Management of Personnel" in line)
    assert "2.12 ~" in staffing and "2.25/5" in staffing
    assert "Sheets*+" in text and "Dialler*" in text and "Notes*" not in text
    assert "~ low precision" in text and "* hot technology" in text and "+ in demand" in text
    assert text.rstrip().endswith("This fixture includes invented figures by the careerpath tests.")


def test_builtin_card_has_no_credit_line_nor_importance_column(run: Run) -> None:
    text = run("show", "team lead").stdout
    assert "Importance" not in text and "low precision" not in text


@pytest.mark.parametrize(
    ("level", "shown"), [(3, "3"), (3.0, "3"), (2.5, "2.5"), (2.12, "2.12"), (2.125, "2.12")]
)
def test_levels_read_as_a_person_writes_them(level: float, shown: str) -> None:
    assert level_text(level) == shown


def test_bars_scale_to_the_dataset() -> None:
    assert level_bar(3, 5, 1).plain == "■■■□□"  # one block per level on a small scale
    assert level_bar(2.12, 7, 0).plain == "■■□□□□□"  # O*NET's 0..7: fractions round
    assert level_bar(3.75, 7, 0).plain == "■■■■□□□"
    assert level_bar(3.75, 7.5, 0).plain == "■■■■■□□□□□"  # a fractional scale: ten blocks
    assert level_bar(7.5, 7.5, 0).plain == "■" * 10
    assert level_bar(50, 100, 0).plain == "■■■■■□□□□□"  # a long scale: ten blocks


def test_json_export_round_trips_every_new_field(run: Run, tmp_path: Path) -> None:
    exported = run("--data", MEASURED, "export", "--format", "json").stdout
    again = tmp_path / "again.json"
    again.write_text(exported, encoding="utf-8")
    first, second = load([MEASURED], cache=False), load([str(again)], cache=False)
    assert first.to_document().model_dump_json() == second.to_document().model_dump_json()
    assert json.loads(exported)["roles"][2]["skills"][3]["level"] == 4.0
    assert '"level": 4.0' in exported


@pytest.mark.parametrize(("fmt", "comment"), [("mermaid", "    %% "), ("dot", "// ")])
def test_graph_exports_carry_the_attribution(run: Run, fmt: str, comment: str) -> None:
    text = run("--data", MEASURED, "export", "--format", fmt).stdout
    credit = "This fixture includes invented figures by the careerpath tests."
    assert f"{comment}{credit}\n" in text
    assert f"{comment}Licence: CC0 1.0\n" in text


def test_graphml_export_carries_the_attribution(run: Run) -> None:
    import io

    import networkx as nx

    text = run("--data", MEASURED, "export", "--format", "graphml").stdout
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert graph.graph["attribution"].startswith("This fixture includes invented figures")
    assert graph.graph["licence"] == "CC0 1.0"
