"""`careerpath validate`: every problem at once, located; warnings shown but not failing;
extension files checked on top of the ladder they extend."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careerpath.data.load import validate_files
from tests.conftest import Run, minimal_document

REPORT_KEYS = {"valid", "files", "base", "errors", "warnings"}
PROBLEM_KEYS = {"severity", "file", "line", "column", "path", "message"}

BROKEN = """\
skill_scale: {min: 1, max: 5}
skills:
  - id: communication
    name: {en: Communication}
roles:
  - id: junior
    title: {en: Junior}
    level: 1
    skills:
      - {skill: comunication, level: 2}
  - id: senior
    title: {en: Senior}
    level: two
    skills:
      - {skill: communication, level: 9}
steps:
  - {from: junior, to: senoir, kind: promotion}
"""


def line_of(text: str, fragment: str) -> int:
    """1-based number of the only line of *text* containing *fragment*."""
    (number,) = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


def test_valid_file_exits_0(run: Run, write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(minimal_document())
    outcome = run("validate", str(path))
    assert outcome.exit_code == 0, outcome.stdout
    assert outcome.stdout.startswith("valid: ")
    assert str(path) in outcome.stdout
    assert outcome.stderr == ""


def test_builtin_ladder_is_valid_without_warnings(run: Run) -> None:
    outcome = run("validate", "builtin", "--json")
    assert outcome.exit_code == 0
    assert outcome.json() == {
        "valid": True,
        "files": ["builtin"],
        "base": [],
        "errors": [],
        "warnings": [],
    }


def test_every_problem_is_reported_at_once_with_its_location(
    run: Run, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml(BROKEN, "broken.yaml")
    outcome = run("validate", str(path), "--json")
    assert outcome.exit_code == 1
    report = outcome.json()
    assert set(report) == REPORT_KEYS
    assert report["valid"] is False
    found = {p["path"]: p for p in report["errors"]}
    assert set(found) == {
        "roles[0].skills[0].skill",
        "roles[1].level",
        "roles[1].skills[0].level",
        "steps[0].to",
    }
    for problem in report["errors"]:
        assert set(problem) == PROBLEM_KEYS
        assert problem["file"] == str(path)
        assert problem["severity"] == "error"
        assert isinstance(problem["column"], int) and problem["column"] > 1
    assert found["roles[0].skills[0].skill"]["line"] == line_of(BROKEN, "comunication")
    assert "did you mean 'communication'" in found["roles[0].skills[0].skill"]["message"]
    assert found["roles[1].level"]["line"] == line_of(BROKEN, "level: two")
    assert "'two'" in found["roles[1].level"]["message"]
    assert found["roles[1].skills[0].level"]["line"] == line_of(BROKEN, "level: 9")
    assert found["steps[0].to"]["line"] == line_of(BROKEN, "senoir")
    assert "did you mean 'senior'" in found["steps[0].to"]["message"]


def test_text_report_lists_each_problem_as_file_line_column(
    run: Run, write_yaml: Callable[..., Path]
) -> None:
    path = write_yaml(BROKEN, "broken.yaml")
    outcome = run("validate", str(path), env={"COLUMNS": "300"})
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    line = line_of(BROKEN, "senoir")
    column = BROKEN.splitlines()[line - 1].index("senoir") + 1
    assert f"error: {path}:{line}:{column}: steps[0].to: unknown role 'senoir'" in lines[3]
    assert lines[-1].startswith(f"invalid: {path}")
    assert "4 errors" in lines[-1]


def test_warnings_are_shown_but_do_not_fail(run: Run, write_yaml: Callable[..., Path]) -> None:
    document = minimal_document([("junior", 1), ("senior", 2), ("expert", 3)])
    document["skills"].append({"id": "juggling", "name": {"en": "Juggling"}})
    document["roles"][1]["skills"] = []
    path = write_yaml(document)
    outcome = run("validate", str(path), "--json")
    assert outcome.exit_code == 0
    report = outcome.json()
    assert report["valid"] is True
    assert report["errors"] == []
    messages = {p["path"]: p["message"] for p in report["warnings"]}
    assert messages == {
        "skills[2]": "skill 'juggling' is not used by any role",
        "roles[1]": "role 'senior' lists no skills",
        "roles[2]": "role 'expert' has no steps to or from it",
    }
    assert all(p["severity"] == "warning" and p["line"] for p in report["warnings"])
    text = run("validate", str(path))
    assert text.exit_code == 0
    assert text.stdout.count("warning: ") == 3
    assert "3 warnings" in text.stdout


def test_a_role_nobody_can_reach_is_a_warning(write_yaml: Callable[..., Path]) -> None:
    document = minimal_document([("junior", 1), ("senior", 2), ("boss", 3)], [("boss", "senior")])
    report = validate_files([str(write_yaml(document))])
    assert report.valid
    assert any(p.path == "roles[2]" and "no step leads to it" in p.message for p in report.warnings)


def test_extension_file_is_checked_against_the_builtin_ladder(
    run: Run, write_yaml: Callable[..., Path]
) -> None:
    ours = write_yaml(
        {
            "roles": [
                {
                    "id": "support-operations-analyst",
                    "title": {"en": "Support Operations Analyst"},
                    "level": 4,
                    "skills": [{"skill": "analytical-skills", "level": 4}],
                }
            ],
            "steps": [
                {
                    "from": "customer-service-coordinator",
                    "to": "support-operations-analyst",
                    "kind": "promotion",
                }
            ],
        },
        "ours.yaml",
    )
    outcome = run("validate", str(ours), "--json")
    assert outcome.exit_code == 0, outcome.stdout
    assert outcome.json()["base"] == ["builtin"]
    assert outcome.json()["files"] == [str(ours)]


def test_extension_errors_are_still_found_on_top_of_the_base(
    write_yaml: Callable[..., Path],
) -> None:
    ours = write_yaml(
        {
            "steps": [
                {
                    "from": "customer-service-coordinatr",
                    "to": "sales-representative",
                    "kind": "lateral",
                }
            ]
        },
        "ours.yaml",
    )
    report = validate_files([str(ours)])
    (error,) = report.errors
    assert error.file == str(ours)
    assert "did you mean 'customer-service-coordinator'" in error.message


def test_explicit_data_is_the_base(run: Run, write_yaml: Callable[..., Path]) -> None:
    base = write_yaml(minimal_document(), "base.yaml")
    ours = write_yaml(
        {
            "roles": [
                {
                    "id": "principal",
                    "title": {"en": "Principal"},
                    "level": 3,
                    "skills": [{"skill": "leadership", "level": 4}],
                }
            ],
            "steps": [{"from": "senior", "to": "principal", "kind": "promotion"}],
        },
        "ours.yaml",
    )
    outcome = run("--data", str(base), "validate", str(ours), "--json")
    assert outcome.exit_code == 0, outcome.stdout
    assert outcome.json()["base"] == [str(base)]
    # Without --data the same file is checked against the built-in ladder, where
    # 'senior' is no role.
    alone = run("validate", str(ours), "--json")
    assert alone.exit_code == 1
    assert [e["path"] for e in alone.json()["errors"]] == ["steps[0].from"]


def test_base_warnings_are_not_reported(write_yaml: Callable[..., Path]) -> None:
    document = minimal_document()
    document["skills"].append({"id": "juggling", "name": {"en": "Juggling"}})
    base = write_yaml(document, "base.yaml")
    ours = write_yaml({"steps": [{"from": "senior", "to": "junior", "kind": "lateral"}]}, "o.yaml")
    report = validate_files([str(ours)], [str(base)])
    assert report.valid
    assert report.warnings == []
    assert validate_files([str(base)]).warnings  # the base does have one


def test_a_file_with_a_scale_is_checked_alone(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml(minimal_document())
    report = validate_files([str(path)])
    assert report.base == []
    assert report.valid


def test_several_files_are_checked_together(write_yaml: Callable[..., Path]) -> None:
    first = write_yaml(minimal_document(), "first.yaml")
    changed = minimal_document()
    changed["roles"][0]["title"]["en"] = "Apprentice"
    second = write_yaml(changed, "second.yaml")
    report = validate_files([str(first), str(second)])
    assert not report.valid
    assert report.files == [str(first), str(second)]
    assert any(str(first) in p.message and p.file == str(second) for p in report.errors)


def test_unreadable_and_unparsable_files_are_reported(
    run: Run, write_yaml: Callable[..., Path], tmp_path: Path
) -> None:
    bad_yaml = write_yaml("roles: [\n  {id: a\n", "bad.yaml")
    missing = tmp_path / "missing.yaml"
    outcome = run("validate", str(missing), str(bad_yaml), "--json")
    assert outcome.exit_code == 1
    errors: list[dict[str, Any]] = outcome.json()["errors"]
    by_file = {e["file"]: e for e in errors}
    assert by_file[str(missing)]["message"] == "no such file"
    assert by_file[str(bad_yaml)]["line"] == 3
    assert by_file[str(bad_yaml)]["message"].startswith("not valid YAML")


def test_misspelled_field_gets_a_suggestion(write_yaml: Callable[..., Path]) -> None:
    document = minimal_document()
    document["roles"][0]["tittle"] = document["roles"][0].pop("title")
    report = validate_files([str(write_yaml(document))])
    paths = {p.path: p.message for p in report.errors}
    assert paths["roles[0].tittle"] == "unknown field; did you mean 'title'?"
    assert paths["roles[0].title"] == "required field is missing"


def test_validate_needs_a_file(run: Run) -> None:
    outcome = run("validate")
    assert outcome.exit_code == 2


def test_an_invalid_role_still_has_its_skills_checked_and_counted(
    write_yaml: Callable[..., Path],
) -> None:
    document = minimal_document()
    document["skills"].append({"id": "juggling", "name": {"en": "Juggling"}})
    document["roles"][1]["level"] = "two"
    document["roles"][1]["skills"] = [
        {"skill": "juggling", "level": 3},
        {"skill": "leadrship", "level": 3},
    ]
    report = validate_files([str(write_yaml(document))])
    assert {p.path for p in report.errors} == {"roles[1].level", "roles[1].skills[1].skill"}
    assert not [p for p in report.warnings if "juggling" in p.message]


def test_an_invalid_step_still_has_its_roles_checked(write_yaml: Callable[..., Path]) -> None:
    document = minimal_document()
    document["steps"].append({"from": "senior", "to": "seniour", "kind": "sideways"})
    report = validate_files([str(write_yaml(document))])
    messages = {p.path: p.message for p in report.errors}
    assert set(messages) == {"steps[1].kind", "steps[1].to"}
    assert "did you mean 'senior'" in messages["steps[1].to"]


def test_common_yaml_mistakes_get_a_hint(write_yaml: Callable[..., Path]) -> None:
    colon = write_yaml(
        "skill_scale: {min: 1, max: 5}\nroles:\n  - id: a\n    summary: Note: quoted\n", "c.yaml"
    )
    tab = write_yaml("skill_scale: {min: 1, max: 5}\nroles:\n\t- id: a\n", "t.yaml")
    title = write_yaml(
        "skill_scale: {min: 1, max: 5}\nroles:\n  - {id: a, title: Lead, level: 1}\n", "n.yaml"
    )
    (problem,) = validate_files([str(colon)]).errors
    assert (problem.line, problem.column) == (4, 18)
    assert "must be in quotes" in problem.message
    (problem,) = validate_files([str(tab)]).errors
    assert problem.line == 3
    assert "indent with spaces" in problem.message
    (problem,) = validate_files([str(title)]).errors
    assert problem.path == "roles[0].title"
    assert "{en: " in problem.message


def test_an_extension_loaded_alone_says_how_to_load_its_base(
    run: Run, write_yaml: Callable[..., Path]
) -> None:
    ours = write_yaml({"roles": [{"id": "a", "title": {"en": "A"}, "level": 1}]}, "ours.yaml")
    outcome = run("--data", str(ours), "roles")
    assert outcome.exit_code == 1
    assert "--data builtin --data FILE" in outcome.stderr


def yaml_examples(document: str = "docs/data-format.md") -> list[str]:
    """The YAML code blocks of a document of the project, in order."""
    text = (Path(__file__).parents[1] / document).read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def test_the_documented_examples_validate(write_yaml: Callable[..., Path]) -> None:
    complete, extension = yaml_examples()
    report = validate_files([str(write_yaml(complete, "complete.yaml"))])
    assert report.base == []
    assert (report.errors, report.warnings) == ([], [])
    report = validate_files([str(write_yaml(extension, "ours.yaml"))])
    assert report.base == ["builtin"]
    assert (report.errors, report.warnings) == ([], [])


def test_the_readme_company_file_validates(write_yaml: Callable[..., Path]) -> None:
    (ours,) = [block for block in yaml_examples("README.md") if block.startswith("# ours.yaml")]
    report = validate_files([str(write_yaml(ours, "ours.yaml"))])
    assert report.base == ["builtin"]
    assert (report.errors, report.warnings) == ([], [])


def test_validate_and_data_agree_on_a_file_that_extends_the_builtin_ladder(
    run: Run, tmp_path: Path
) -> None:
    extension = tmp_path / "ext.yaml"
    extension.write_text(
        "roles:\n"
        "  - id: support-ops-analyst\n"
        "    title: {en: Support Operations Analyst}\n"
        "    level: 3\n"
        "    skills:\n"
        "      - {skill: communication, level: 3}\n"
        "steps:\n"
        "  - {from: customer-service-representative, to: support-ops-analyst, kind: promotion}\n",
        encoding="utf-8",
    )
    checked = run("validate", str(extension))
    assert checked.exit_code == 0
    advice = f"--data builtin --data {extension}"
    assert advice in " ".join(checked.stdout.split())
    # Loaded alone it is refused with the same advice; loaded as validate says, it works.
    alone = run("--data", str(extension), "show", "support-ops-analyst")
    assert alone.exit_code == 1 and "--data builtin --data FILE" in alone.stderr
    shown = run("--data", "builtin", "--data", str(extension), "show", "support-ops-analyst")
    assert shown.exit_code == 0 and "Support Operations Analyst" in shown.stdout
