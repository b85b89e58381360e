"""``roles`` writes its table line by line when that gives exactly what Rich's table draws."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console, RenderableType

from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.output import i18n, render_roles
from careerpath.output.layout import UNBOUNDED, Trimmed
from careerpath.queries.catalog import RoleList, list_roles
from tests.conftest import Run

WIDTHS = [40, 80, 120, UNBOUNDED]


def drawn(renderable: RenderableType, width: int, *, terminal: bool = False) -> str:
    console = Console(
        file=io.StringIO(), width=width, force_terminal=terminal, color_system=None, no_color=True
    )
    console.print(Trimmed(renderable))
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def by_rich(result: RoleList) -> RenderableType:
    return render_roles._role_layouts(result)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Ladder:
    """3,000 roles: titles of many lengths, some in two languages, tracks, wide characters."""
    words = ["field", "systems", "service", "data", "kitchen", "Ärzte", "営業", "über", "lead"]
    roles = []
    for index in range(3000):
        title = " ".join(words[(index * 7 + step) % len(words)] for step in range(index % 9 + 1))
        roles.append(
            {
                "id": f"role-{index}",
                "title": {"en": f"{title} {index}", "fi": f"nimike {index}"},
                "level": 1 + index % 5,
                "track": ["support", "kitchen-and-dining", "it"][index % 3],
                "aliases": [f"alias {words[index % len(words)]} {index}"],
            }
        )
    path = tmp_path_factory.mktemp("generated") / "wide.yaml"
    document: dict[str, Any] = {"skill_scale": {"min": 1, "max": 5}, "skills": [], "roles": roles}
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return load([str(path)], cache=False)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("search", [None, "lead", "customer support"])
def test_the_builtin_list_is_what_rich_draws(
    ladder: Ladder, width: int, search: str | None
) -> None:
    result = list_roles(ladder, "en", search=search)
    assert drawn(render_roles.render_role_list(result), width) == drawn(by_rich(result), width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("search", [None, "field 12"])
def test_a_generated_list_of_3000_is_what_rich_draws(
    generated: Ladder, width: int, lang: str, search: str | None
) -> None:
    i18n.use(lang)
    try:
        result = list_roles(generated, lang, search=search)
        assert drawn(render_roles.render_role_list(result), width) == drawn(by_rich(result), width)
    finally:
        i18n.use(None)


def test_the_plain_writer_is_the_one_that_writes_a_table_that_fits(
    ladder: Ladder, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = list_roles(ladder, "en")
    expected = drawn(by_rich(result), UNBOUNDED)

    def refuse(result: RoleList) -> Any:
        raise AssertionError("Rich's table was built")

    monkeypatch.setattr(render_roles, "_role_layouts", refuse)
    assert drawn(render_roles.render_role_list(result), UNBOUNDED) == expected


def test_markup_wide_and_combining_characters_are_drawn_as_rich_draws_them(tmp_path: Path) -> None:
    document = {
        "skill_scale": {"min": 1, "max": 5},
        "skills": [],
        "roles": [
            {"id": "combining", "title": {"en": "Cafe\u0301 \u55b6\u696d lead"}, "level": 1},
            {"id": "marked", "title": {"en": "[bold]Lead[/]"}, "level": 2},
        ],
    }
    path = tmp_path / "odd.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    result = list_roles(load([str(path)], cache=False), "en")
    for width in WIDTHS:
        assert drawn(render_roles.render_role_list(result), width) == drawn(by_rich(result), width)
    assert "[bold]Lead[/]" in drawn(render_roles.render_role_list(result), 80)


@pytest.mark.parametrize("columns", ["40", "80", "120", None])
def test_the_command_prints_what_rich_draws(
    run: Run, ladder: Ladder, columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS")
    else:
        monkeypatch.setenv("COLUMNS", columns)
    outcome = run("roles")
    assert outcome.exit_code == 0, outcome.stderr
    width = int(columns) if columns else UNBOUNDED
    assert outcome.stdout == drawn(by_rich(list_roles(ladder, "en")), width)
