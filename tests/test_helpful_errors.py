"""Errors that help (issue 21 item 10): no route says what to try, the language's variable is
named, a dataset name that is not installed says how to install one, and an image that cannot
be written fails before the answer is printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app

REP = "customer-service-representative"
IT = "it-support-technician"
MANAGER = "customer-service-manager"


def run(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"CAREERPATH_LANG": "en", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_no_route_suggests_inferred_which_finds_one() -> None:
    code, out, err = run("path", IT, REP)
    assert code == 1 and out == ""
    assert "Try --inferred" in err
    assert "(nearest: the roles you can reach on the destination's track first" in err
    # what it suggests works: the inferred moves reach the role
    code, out, _ = run("path", IT, REP, "--inferred")
    assert code == 0 and "Customer Service Representative" in out


def test_no_route_with_inferred_does_not_suggest_it_again() -> None:
    code, _, err = run("path", MANAGER, REP, "--inferred")
    assert code == 1
    assert "Try --inferred" not in err
    assert "--min-similarity" in err


def test_unknown_language_from_the_variable_names_the_variable() -> None:
    code, _, err = run("roles", env={"CAREERPATH_LANG": "xx"})
    assert code != 0
    assert "CAREERPATH_LANG=xx" in err and "--lang" not in err
    code, _, err = run("--lang", "xx", "roles", env={"CAREERPATH_LANG": "xx"})
    assert code != 0 and err.startswith("error: --lang xx")
    code, _, err = run("roles", "--lang", "xx")
    assert code != 0 and err.startswith("error: --lang xx")


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("onet", "careerpath import onet SOURCE"),
        ("esco", "careerpath import esco SOURCE"),
        ("mine", "careerpath import onet SOURCE --name mine"),
    ],
)
def test_data_name_not_installed_says_how_to_install(
    name: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env: dict[str, str | None] = {"CAREERPATH_DATA_DIR": str(tmp_path / "data")}
    for args in (("--data", name, "roles"), ("validate", name)):
        code, _, err = run(*args, env=env)
        assert code == 1
        assert f"no installed dataset '{name}'" in err
        assert command in err
        assert "no such file\n" not in err


def test_missing_file_with_a_suffix_is_still_a_missing_file(tmp_path: Path) -> None:
    code, _, err = run("--data", str(tmp_path / "ladder.yaml"), "roles")
    assert code == 1 and "no such file" in err and "installed" not in err


@pytest.mark.parametrize(
    "args", [("show", MANAGER), ("path", REP, MANAGER), ("gap", REP, MANAGER), ("tree", REP)]
)
def test_unwritable_svg_fails_before_the_answer(args: tuple[str, ...], tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "answer.svg"
    code, out, err = run(*args, "--svg", str(target))
    assert code != 0
    assert out == ""  # nothing printed before the failure
    assert "cannot write" in err and "no such folder" in err
    assert not target.exists()
    # a writable one works and holds what was printed
    good = tmp_path / "answer.svg"
    code, out, _ = run(*args, "--svg", str(good))
    assert code == 0 and out and good.read_text(encoding="utf-8").startswith("<svg")
