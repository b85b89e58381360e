"""A title is never split over lines: not in a pipe (``similar``), and not squeezed into a
narrow table column at 120 columns (``next``), in English and Finnish alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, minimal_document

LONG = {
    "lead": ("Team Lead", "Tiimijohtaja"),
    "account": ("Customer Support Account Manager", "Asiakastuen tilinhallintapäällikkö"),
    "ops": ("Customer Operations Specialist", "Asiakaspalvelutoimintojen erityisasiantuntija"),
    "a": ("Rep", "Edustaja"),
}


def dataset(write_yaml: Callable[..., Path]) -> Path:
    """Roles whose titles are longer than their ids (ids are never split, titles must not be)."""
    document: dict[str, Any] = minimal_document(
        roles=[("a", 1), ("lead", 2), ("account", 2), ("ops", 2)],
        steps=[("a", "lead"), ("a", "account"), ("a", "ops")],
    )
    for role in document["roles"]:
        english, finnish = LONG[role["id"]]
        role["title"] = {"en": english, "fi": finnish}
    return write_yaml(document)


@pytest.mark.parametrize("language", ["en", "fi"])
def test_a_pipe_never_splits_a_title(
    run: Run, write_yaml: Callable[..., Path], language: str
) -> None:
    path = dataset(write_yaml)
    result = run("--lang", language, "--data", str(path), "similar", "lead", "--limit", "4")
    assert result.exit_code == 0, result.stderr
    titles = [LONG[key][language == "fi"] for key in ("account", "ops")]
    lines = result.stdout.splitlines()
    for title in titles:
        assert any(title in line for line in lines), (title, result.stdout)


@pytest.mark.parametrize("language", ["en", "fi"])
@pytest.mark.parametrize("columns", ["80", "120"])
def test_next_keeps_titles_whole(
    run: Run, write_yaml: Callable[..., Path], language: str, columns: str
) -> None:
    path = dataset(write_yaml)
    result = run("--lang", language, "--data", str(path), "next", "a", env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    for key in ("account", "ops"):
        title = LONG[key][language == "fi"]
        assert any(title in line for line in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize("language", ["en", "fi"])
def test_next_on_the_builtin_ladder_keeps_titles_whole_at_120(run: Run, language: str) -> None:
    shown = run("--lang", language, "next", "customer-service-coordinator", "--json").json()
    result = run("--lang", language, "next", "customer-service-coordinator", env={"COLUMNS": "120"})
    lines = result.stdout.splitlines()
    titles = [step["title"] for step in shown["candidates"]]
    assert titles
    for title in titles:
        assert any(title in line for line in lines), (title, result.stdout)
