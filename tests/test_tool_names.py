"""One tool, one name: `HubSpot` and `HubSpot CRM` are one tool (issue 21 item 4)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.data.ladder import Ladder
from careerpath.queries.measure import tool_key, tools_to_learn
from tests.conftest import minimal_document


def gap_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["--lang", "en", "gap", *args, "--json"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("HubSpot", "HubSpot CRM"),
        ("Zendesk", "zendesk suite"),
        ("Acme", "ACME Cloud Platform"),
        ("Freshdesk", "Freshdesk App"),
    ],
)
def test_generic_product_word_is_the_same_tool(name: str, other: str) -> None:
    assert tool_key(name) == tool_key(other)


@pytest.mark.parametrize(
    ("name", "other"),
    [("Salesforce", "Salesforce Service Cloud"), ("Microsoft Teams", "Microsoft"), ("CRM", "")],
)
def test_other_products_stay_apart(name: str, other: str) -> None:
    assert tool_key(name) != tool_key(other)


def test_coordinator_knows_hubspot_on_the_way_to_team_lead(ladder: Ladder) -> None:
    # The coordinator's data lists "HubSpot CRM", the team lead's "HubSpot": one tool.
    coordinator = ladder.roles["customer-service-coordinator"]
    lead = ladder.roles["customer-service-team-lead"]
    assert "HubSpot CRM" in {tool.name for tool in coordinator.tools}
    assert "HubSpot" in {tool.name for tool in lead.tools}
    gap = gap_json("customer-service-coordinator", "customer-service-team-lead")
    learn = {tool["name"] for tool in gap["tools"]["learn"]}
    assert "HubSpot" not in learn
    assert "HubSpot" in {tool["name"] for tool in gap["tools"]["known"]}
    # The count is what the lists hold: the target's tools the coordinator does not use.
    used = {tool_key(tool.name) for tool in lead.tools}
    held = {tool_key(tool.name) for tool in coordinator.tools}
    assert len({tool_key(name) for name in learn}) == len(used - held)


def test_tools_to_learn_counts_a_tool_once(tmp_path: Any) -> None:
    document = minimal_document()
    document["roles"][0]["tools"] = [{"name": "Email", "category": "chat"}]
    document["roles"][1]["tools"] = [
        {"name": "HubSpot", "category": "crm"},
        {"name": "HubSpot CRM", "category": "crm"},
        {"name": "Slack", "category": "chat"},
    ]
    path = tmp_path / "tools.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    gap = gap_json("--data", str(path), "junior", "senior")
    summary = gap["summary"]
    # two tools to learn (HubSpot under either name, and Slack), not three
    assert "2 tools to learn" in summary, summary
    from careerpath.data.load import load

    senior = load([str(path)], cache=False).roles["senior"]
    assert tools_to_learn(senior, []) == ["HubSpot", "Slack"]
    assert tools_to_learn(senior, ["hubspot crm"]) == ["Slack"]
