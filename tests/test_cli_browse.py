"""`roles` and `show`: JSON shapes, filters, languages and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer

from careerpath.cli.app import app
from careerpath.data.ladder import Ladder
from tests.conftest import Run, minimal_document


def test_roles_lists_every_role_by_level(run: Run, ladder: Ladder) -> None:
    outcome = run("roles", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    rows = outcome.json()["roles"]
    assert {row["id"] for row in rows} == set(ladder.roles)
    levels = [row["level"] for row in rows]
    assert levels == sorted(levels)
    assert all({"id", "title", "level"} <= row.keys() for row in rows)


def test_roles_table_shows_titles(run: Run, ladder: Ladder) -> None:
    outcome = run("roles")
    assert outcome.exit_code == 0
    for role in ladder.roles.values():
        assert role.id in outcome.stdout


def test_roles_in_finnish(run: Run, ladder: Ladder) -> None:
    rows = run("--lang", "fi", "roles", "--json").json()["roles"]
    for row in rows:
        assert row["title"] == ladder.roles[row["id"]].title.fi


def test_roles_level_filter(run: Run, ladder: Ladder) -> None:
    rows = run("roles", "--level", "4", "--json").json()["roles"]
    assert rows and all(row["level"] == 4 for row in rows)
    assert len(rows) == sum(1 for r in ladder.roles.values() if r.level == 4)


@pytest.mark.parametrize("text", ["talkdesk", "TIIMIJOHTAJA", "conflict resolution"])
def test_roles_search_matches_tools_titles_and_skills(run: Run, ladder: Ladder, text: str) -> None:
    rows = run("roles", "--search", text, "--json").json()["roles"]
    ids = {row["id"] for row in rows}
    assert "customer-service-team-lead" in ids
    assert len(ids) < len(ladder.roles)


def test_show_team_lead_in_finnish_has_telephony_and_lms(run: Run) -> None:
    outcome = run("show", "asiakaspalvelun tiimijohtaja", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    card = outcome.json()
    assert card["id"] == "customer-service-team-lead"
    categories = card["tools_by_category"]
    assert {"Five9", "Talkdesk"} <= set(categories["telephony"])
    assert {"Moodle", "TalentLMS"} <= set(categories["learning-lms"])
    for key in ("id", "title", "level", "skills", "tools", "kpis", "next_roles", "previous_roles"):
        assert key in card
    assert all({"id", "name", "level"} <= s.keys() for s in card["skills"])
    assert all({"id", "title"} <= step["role"].keys() for step in card["next_roles"])


def test_show_lists_steps_both_ways(run: Run, ladder: Ladder) -> None:
    card = run("show", "csam", "--json").json()
    expected_next = {s.target_role for s in ladder.steps_from(card["id"])}
    expected_prev = {s.source_role for s in ladder.steps_to(card["id"])}
    assert {s["role"]["id"] for s in card["next_roles"]} == expected_next
    assert {s["role"]["id"] for s in card["previous_roles"]} == expected_prev


def test_show_norwegian_title(run: Run) -> None:
    outcome = run("show", "kundeserviceansvarlig")
    assert outcome.exit_code == 0
    assert "Customer Support Account Manager" in outcome.stdout


def test_unknown_role_exits_1_with_suggestion(run: Run) -> None:
    outcome = run("show", "tiimijohtja")
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert "unknown role" in outcome.stderr and "did you mean" in outcome.stderr


def test_ambiguous_role_exits_1_with_candidates(run: Run) -> None:
    outcome = run("show", "manager")
    assert outcome.exit_code == 1
    assert "customer-service-manager" in outcome.stderr


def test_bad_language_is_a_usage_error(run: Run) -> None:
    outcome = run("--lang", "sv", "roles")
    assert outcome.exit_code == 2


def test_version(run: Run) -> None:
    outcome = run("--version")
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith("careerpath ")


def test_markup_in_data_prints_literally(run: Run, write_yaml: Callable[..., Path]) -> None:
    document = minimal_document()
    document["roles"][0]["title"]["en"] = "[bold red]Lead[/] [link=file:///etc/passwd]y[/link]"
    document["roles"][0]["summary"] = "[blink]boo[/blink]"
    path = write_yaml(document)
    outcome = run("--data", str(path), "show", "junior")
    assert outcome.exit_code == 0, outcome.stderr
    assert "[bold red]Lead[/]" in outcome.stdout
    assert "[link=file:///etc/passwd]y[/link]" in outcome.stdout
    assert "[blink]boo[/blink]" in outcome.stdout


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    # Typer bundles its own Click; walk its command objects by their attributes.
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if hasattr(command, "commands"):
            found.extend(_commands(command, prefix + name + " "))
    return found


def test_every_command_has_help() -> None:
    group = typer.main.get_command(app)
    commands = _commands(group)
    assert {"roles", "show"} <= {name for name, _ in commands}
    for name, command in commands:
        assert command.help and command.help.strip(), name
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"{name} {param.name}"


def test_help_runs_for_every_command(run: Run) -> None:
    group = typer.main.get_command(app)
    for name, _ in _commands(group):
        outcome = run(*name.split(), "--help")
        assert outcome.exit_code == 0, name
        assert "Usage" in outcome.stdout


def test_help_lists_the_everyday_commands_first(run: Run) -> None:
    from careerpath.cli.app import HELP_ORDER

    outcome = run("--help")
    assert outcome.exit_code == 0
    listed = [
        line.split()[0]
        for line in outcome.stdout.split("Commands:", 1)[1].splitlines()
        if line.startswith("  ") and not line.startswith("   ") and line.split()
    ]
    assert listed == list(HELP_ORDER)
