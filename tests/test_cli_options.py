"""Options every command takes, before or after it; --lang spellings; shell completion."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.cli.completion import role_completions, skill_completions
from careerpath.data.ladder import Ladder
from tests.conftest import Run, minimal_document


@pytest.fixture
def tiny(write_yaml: Any) -> Path:
    path: Path = write_yaml(minimal_document(), "tiny.yaml")
    return path


@pytest.fixture
def extension(write_yaml: Any) -> Path:
    """Two roles that extend the built-in ladder with its own skills."""
    document = minimal_document()
    del document["skill_scale"], document["skills"]
    path: Path = write_yaml(document, "extension.yaml")
    return path


def role_ids(outcome: Any) -> list[str]:
    assert outcome.exit_code == 0, outcome.stderr
    return [role["id"] for role in outcome.json()["roles"]]


def titles(outcome: Any) -> dict[str, str]:
    assert outcome.exit_code == 0, outcome.stderr
    return {role["id"]: role["title"] for role in outcome.json()["roles"]}


# --- the same options before and after the command -------------------------------------------


def test_lang_after_the_command_is_lang_before_it(run: Run, ladder: Ladder) -> None:
    after = titles(run("roles", "--json", "--lang", "fi"))
    before = titles(run("--lang", "fi", "roles", "--json"))
    assert after == before
    assert after == {role.id: role.title.get("fi") for role in ladder.roles.values()}
    assert after != titles(run("roles", "--json"))


def test_data_after_the_command_is_data_before_it(run: Run, tiny: Path) -> None:
    assert role_ids(run("roles", "--json", "--data", str(tiny))) == ["junior", "senior"]
    assert role_ids(run("--data", str(tiny), "roles", "--json")) == ["junior", "senior"]


def test_no_cache_after_the_command_neither_reads_nor_writes_the_cache(
    run: Run, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(cache))
    assert role_ids(run("roles", "--json", "--data", str(tiny), "--no-cache")) == [
        "junior",
        "senior",
    ]
    assert not cache.exists() or not any(cache.iterdir())
    run("roles", "--json", "--data", str(tiny))
    assert any(cache.iterdir())  # the same command without --no-cache writes it


def test_written_after_the_command_wins(
    run: Run, tiny: Path, extension: Path, ladder: Ladder
) -> None:
    nb = titles(run("--lang", "fi", "roles", "--json", "--lang", "nb"))
    assert nb == {role.id: role.title.get("nb") for role in ladder.roles.values()}
    replaced = role_ids(run("--data", "builtin", "roles", "--json", "--data", str(tiny)))
    assert replaced == ["junior", "senior"]
    both = role_ids(run("roles", "--json", "--data", "builtin", "--data", str(extension)))
    assert set(both) == {*ladder.roles, "junior", "senior"}


def test_json_before_the_command(run: Run) -> None:
    before = run("--json", "show", "team lead")
    after = run("show", "team lead", "--json")
    assert before.exit_code == after.exit_code == 0
    assert before.json() == after.json()
    assert before.json()["id"] == "customer-service-team-lead"


def test_json_before_a_command_without_it_is_refused(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    outcome = run("--json", "init", str(target))
    assert outcome.exit_code == 2
    assert "'init' does not take --json" in outcome.stderr
    assert not target.exists()


def _every_command(tmp_path: Path) -> dict[str, list[str]]:
    return {
        "roles": ["roles"],
        "skills": ["skills"],
        "show": ["show", "junior"],
        "path": ["path", "junior", "senior"],
        "next": ["next", "junior"],
        "tree": ["tree", "junior"],
        "gap": ["gap", "junior", "senior"],
        "validate": ["validate", "builtin"],
        "schema": ["schema"],
        "init": ["init", str(tmp_path / "started.yaml")],
        "export": ["export"],
        "datasets": ["datasets"],
        "similar": ["similar", "junior"],
        "plan": ["plan", "junior", "senior"],
        "compare": ["compare", "junior", "senior"],
        "report": ["report", "junior", "senior", "--output", str(tmp_path / "report.html")],
    }


def test_every_command_takes_the_options_after_it(run: Run, tiny: Path, tmp_path: Path) -> None:
    commands = _every_command(tmp_path)
    # `import` reads an external release, not a dataset: --data and --lang mean nothing there.
    assert set(commands) == _command_names() - {"import"}
    for name, args in commands.items():
        data = "builtin" if name == "validate" else str(tiny)  # validate's --data is its base
        outcome = run(*args, "--lang", "FI", "--data", data, "--no-cache")
        assert outcome.exit_code == 0, (name, outcome.stderr)
        assert "Traceback" not in outcome.stderr
    # the --data written after `export` was the one used
    exported = run("export", "--format", "json", "--data", str(tiny))
    assert '"junior"' in exported.stdout and "customer-service" not in exported.stdout


def _command_names() -> set[str]:
    import typer.main

    group: Any = typer.main.get_command(app)
    return set(group.commands)


def _option_lines(text: str, option: str) -> int:
    # an option's own line starts at two spaces; its wrapped description further in
    return len(re.findall(rf"^  (?:-\w, )?{re.escape(option)}(?=[ ,]|$)", text, re.MULTILINE))


@pytest.mark.parametrize("command", [None, *sorted(_command_names())])
def test_help_lists_each_option_once(run: Run, command: str | None) -> None:
    outcome = run(*([command] if command else []), "--help")
    assert outcome.exit_code == 0
    for option in ("--lang", "--data", "--no-cache"):
        assert _option_lines(outcome.stdout, option) == 1, (command, option)
    if command is None:
        assert "written after it, they win" in re.sub(r"\s+", " ", outcome.stdout)


# --- --lang spellings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"), [("FI", "fi"), ("Fi", "fi"), ("NB", "nb"), ("no", "nb"), ("NO", "nb")]
)
def test_lang_in_any_case_and_no_for_norwegian(
    run: Run, ladder: Ladder, typed: str, code: str
) -> None:
    expected = ladder.roles["customer-service-manager"].title.get(code)
    for args in (
        ["--lang", typed, "show", "csm", "--json"],
        ["show", "csm", "--json", "-l", typed],
    ):
        outcome = run(*args)
        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.json()["title"] == expected


@pytest.mark.parametrize("typed", ["nn", "sv", "", "english"])
def test_other_languages_are_refused(run: Run, typed: str) -> None:
    for args in (["--lang", typed, "roles"], ["roles", "--lang", typed]):
        outcome = run(*args)
        assert outcome.exit_code == 2
        assert "en, fi, nb" in outcome.stderr


# --- shell completion -------------------------------------------------------------------------


def test_role_completions_are_the_ids_and_one_word_names_that_begin_so(ladder: Ladder) -> None:
    typed = "cus"
    expected = {role.id for role in ladder.roles.values() if role.id.startswith(typed)}
    assert expected  # the built-in ladder has customer-... roles
    assert {value for value, _ in role_completions(ladder, typed)} == expected
    # a one-word Finnish title, offered with the typed part as typed
    found = dict(role_completions(ladder, "asiakaspalvelup"))
    assert found == {"asiakaspalvelupäällikkö": "Customer Service Manager"}
    assert dict(role_completions(ladder, "cs")) == {
        "csam": "Customer Support Account Manager",
        "csm": "Customer Service Manager",
    }
    assert role_completions(ladder, "zzz") == []
    every = [value for value, _ in role_completions(ladder, "")]
    assert every == sorted(ladder.roles)


def test_role_completion_titles_follow_lang(ladder: Ladder) -> None:
    found = dict(role_completions(ladder, "customer-service-m", "fi"))
    assert found == {"customer-service-manager": "Asiakaspalvelupäällikkö"}


def test_skill_completion_completes_after_the_last_comma(ladder: Ladder) -> None:
    assert [v for v, _ in skill_completions(ladder, "communication=3,lea")] == [
        "communication=3,leadership"
    ]
    spaced = [v for v, _ in skill_completions(ladder, "communication=3, emp")]
    assert "communication=3, empathy" in spaced
    assert all(v.startswith("communication=3, emp") for v in spaced)
    assert skill_completions(ladder, "communication=") == []
    assert {v for v, _ in skill_completions(ladder, "")} == set(ladder.skills)


def complete(
    words: str, env: dict[str, str] | None = None, cword: int | None = None
) -> tuple[int, list[str], str]:
    """What bash would be offered for the last word of *words* (through Click's machinery)."""
    parts = words.split(" ")
    runner = CliRunner()
    result = runner.invoke(
        app,
        [],
        env={
            "_CAREERPATH_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1 if cword is None else cword),
            **(env or {}),
        },
    )
    values = [line for line in result.stdout.splitlines() if line]
    return result.exit_code, values, result.stderr


def test_completion_through_the_shell_machinery(ladder: Ladder) -> None:
    expected = sorted(i for i in ladder.roles if i.startswith("customer-s"))
    for words in (
        "careerpath show customer-s",
        "careerpath path customer-s",
        "careerpath path csm customer-s",
        "careerpath path csm csr --via customer-s",
        "careerpath path csm csr --avoid customer-s",
        "careerpath next customer-s",
        "careerpath tree customer-s",
        "careerpath gap customer-s",
        "careerpath gap csm customer-s",
        "careerpath export --from customer-s",
    ):
        code, values, _ = complete(words)
        assert code == 0
        assert values == expected, words
    code, values, _ = complete("careerpath gap --have communication=3,lea")
    assert values == ["communication=3,leadership"]
    code, values, _ = complete("careerpath --lang n")
    assert values == ["nb"]


def test_completion_uses_the_chosen_dataset(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "completion-cache"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(cache))
    assert complete(f"careerpath --data {tiny} show j")[1] == ["junior"]
    assert any(cache.iterdir())  # loaded through the cache
    # --data after the command, before the word being completed
    assert complete(f"careerpath show --data {tiny} s")[1] == ["senior"]
    assert complete("careerpath show j", env={"CAREERPATH_DATA": str(tiny)})[1] == ["junior"]
    assert complete("careerpath show j")[1] == []  # the built-in ladder has no such role


@pytest.mark.parametrize(
    "setup",
    ["missing", "broken", "bad-lang"],
)
def test_completion_never_prints_a_traceback(setup: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("roles: [\n", encoding="utf-8")
    words = {
        "missing": f"careerpath --data {tmp_path / 'none.yaml'} show cus",
        "broken": f"careerpath --data {broken} show cus",
        "bad-lang": "careerpath --lang xx show cus",
    }[setup]
    code, values, stderr = complete(words)
    assert code == 0
    assert "Traceback" not in stderr
    if setup == "bad-lang":
        assert values  # a bad --lang only changes the titles shown: English is used
    else:
        assert values == []


def test_show_completion_prints_the_script(run: Run) -> None:
    outcome = run("--show-completion", "bash")
    assert outcome.exit_code == 0
    assert "_CAREERPATH_COMPLETE=complete_bash" in outcome.stdout
