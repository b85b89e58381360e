"""The gap's responsibilities are the target's, and are called so (issue 21 item 3)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.data.ladder import Ladder
from careerpath.data.models import text_in

PAIRS = [
    ("customer-service-representative", "customer-service-team-lead"),
    ("customer-service-coordinator", "customer-service-manager"),
]


@pytest.mark.parametrize(("source", "target"), PAIRS)
@pytest.mark.parametrize("lang", ["en", "fi", "nb"])
def test_heading_names_the_target(ladder: Ladder, source: str, target: str, lang: str) -> None:
    runner = CliRunner()
    text = runner.invoke(app, ["--lang", lang, "gap", source, target], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    title = ladder.roles[target].title.get(lang)
    heading = {
        "en": f"Responsibilities of {title}",
        "fi": f"Roolin {title} vastuut",
        "nb": f"Ansvarsområder for {title}",
    }[lang]
    assert heading in text.stdout
    assert "New responsibilities" not in text.stdout
    # The list is the target's own, whole: no two roles share a responsibility's text.
    doc = json.loads(runner.invoke(app, ["--lang", lang, "gap", source, target, "--json"]).stdout)
    held = {text_in(r, "en") for r in ladder.roles[source].responsibilities}
    expected = [
        text_in(r, lang)
        for r in ladder.roles[target].responsibilities
        if text_in(r, "en") not in held
    ]
    assert doc["responsibilities"] == expected
    assert len(expected) == len(ladder.roles[target].responsibilities)
