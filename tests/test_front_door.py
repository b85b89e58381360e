"""The library's front door: ``import careerpath`` gives the six functions scripts use, loaded
only when first used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import careerpath

SRC = Path(__file__).resolve().parents[1] / "src"


def test_front_door_answers_as_the_modules_do() -> None:
    ladder = careerpath.load()
    rep = careerpath.find_role(ladder, "customer service rep")
    lead = careerpath.find_role(ladder, "tiimijohtaja")
    assert (rep.id, lead.id) == ("customer-service-representative", "customer-service-team-lead")
    search = careerpath.find_routes(ladder, rep, lead)
    assert search.routes[0].role_ids()[0] == rep.id and search.routes[0].role_ids()[-1] == lead.id
    gap = careerpath.skill_gap(ladder, rep, lead)
    steps = careerpath.next_steps(ladder, rep)
    # The readiness of a direct step is one figure, whichever function gives it.
    direct = {c.role.id: c.readiness for c in steps.candidates}
    for target_id, share in direct.items():
        assert careerpath.skill_gap(ladder, rep, ladder.roles[target_id]).readiness == share
    assert gap.target.id == lead.id
    similar = careerpath.similar_roles(ladder, rep)
    assert all(row.role.id != rep.id for row in similar.candidates)


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        careerpath.no_such_function  # noqa: B018
    except AttributeError as exc:
        assert "no_such_function" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_import_careerpath_loads_nothing_heavy() -> None:
    script = (
        "import sys, careerpath\n"
        "names = ('pydantic', 'networkx', 'yaml', 'rich', 'typer')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""
