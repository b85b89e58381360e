"""`validate` warns of a name two roles share, and reads a data file from stdin with `-`."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerpath.data.load import load, validate_files
from careerpath.data.starter import starter_ladder
from careerpath.errors import AmbiguousRole
from careerpath.queries.names import role_index
from tests.conftest import Run

SHARED = """\
skill_scale: {min: 1, max: 5}
skills:
  - id: communication
    name: {en: Communication}
roles:
  - id: agent
    title: {en: Support Agent, fi: Tukihenkilö}
    aliases: [Helper]
    level: 1
    skills: [{skill: communication, level: 2}]
  - id: senior-agent
    title: {en: Senior Agent, fi: tukihenkilo}
    aliases: [Support-Agent, helper, Senior Agent]
    level: 2
    skills: [{skill: communication, level: 3}]
  - id: lead
    title: {en: Lead, nb: Lead}
    aliases: [senior agent 2]
    level: 3
    skills: [{skill: communication, level: 4}]
steps:
  - {from: agent, to: senior-agent, kind: promotion}
  - {from: senior-agent, to: lead, kind: promotion}
"""


def line_of(fragment: str, text: str = SHARED) -> int:
    (number,) = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


def test_a_name_two_roles_share_is_a_warning_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text(SHARED, encoding="utf-8")
    report = validate_files([str(path)])
    assert report.valid  # warnings do not fail validate
    shared = [w for w in report.warnings if "both called" in w.message]
    first, second = line_of("id: agent"), line_of("id: senior-agent")
    titles, aliases = line_of("Tukihenkilö"), line_of("Support-Agent")
    assert sorted((w.path, w.line, w.message) for w in shared) == sorted(
        [
            (
                "roles[1].title.fi",
                line_of("tukihenkilo}"),
                f"role 'senior-agent' ({path}:{line_of('tukihenkilo}')}) "
                f"and role 'agent' ({path}:{titles}) "
                "are both called 'tukihenkilo'; looking that name up is ambiguous",
            ),
            (
                "roles[1].aliases[0]",
                aliases,
                f"role 'senior-agent' ({path}:{aliases}) and role 'agent' ({path}:{titles}) "
                "are both called 'Support-Agent'; looking that name up finds 'agent', "
                "whose title it is",
            ),
            (
                "roles[1].aliases[1]",
                aliases,
                f"role 'senior-agent' ({path}:{aliases}) and role 'agent' "
                f"({path}:{line_of('aliases: [Helper]')}) "
                "are both called 'helper'; looking that name up is ambiguous",
            ),
        ]
    )
    assert first < second  # the second role declared is the one warned at
    # each name warned of is one the resolver cannot settle; the others it can
    index = role_index(load([str(path)]))
    for name in ("tukihenkilo", "helper"):
        with pytest.raises(AmbiguousRole):
            index.find(name)
    assert index.find("Support-Agent") == "agent"  # a title outranks another role's alias
    assert index.find("Senior Agent") == "senior-agent"  # a role's own names repeat freely
    assert index.find("Lead") == "lead"


def test_shared_names_with_the_base_are_warned_in_the_checked_file(
    run: Run, tmp_path: Path
) -> None:
    extension = tmp_path / "ours.yaml"
    extension.write_text(
        "roles:\n"
        "  - id: our-lead\n"
        "    title: {en: Our Lead}\n"
        "    aliases: [team lead]\n"
        "    level: 4\n"
        "    skills: [{skill: communication, level: 3}]\n"
        "steps:\n"
        "  - {from: customer-service-coordinator, to: our-lead, kind: promotion}\n",
        encoding="utf-8",
    )
    outcome = run("validate", str(extension), "--json")
    assert outcome.exit_code == 0
    (warning,) = outcome.json()["warnings"]
    assert warning["file"] == str(extension)
    assert warning["line"] == 4
    assert "'our-lead'" in warning["message"]
    assert "'customer-service-team-lead' (builtin:" in warning["message"]


def test_the_builtin_ladder_shares_no_names() -> None:
    assert validate_files(["builtin"]).warnings == []


def test_validate_dash_reads_stdin(run: Run, tmp_path: Path) -> None:
    outcome = run("validate", "-", input=starter_ladder())
    assert outcome.exit_code == 0, outcome.stdout
    assert "valid: <stdin>" in outcome.stdout
    # the same problems, at the same places, as the file itself gives
    path = tmp_path / "shared.yaml"
    path.write_text(SHARED, encoding="utf-8")
    piped = run("validate", "-", "--json", input=SHARED).json()
    from_file = run("validate", str(path), "--json").json()
    assert piped["files"] == ["<stdin>"]
    assert piped["warnings"] and {w["file"] for w in piped["warnings"]} == {"<stdin>"}
    strip = [
        {**w, "file": None, "message": w["message"].replace("<stdin>", "F")}
        for w in piped["warnings"]
    ]
    same = [
        {**w, "file": None, "message": w["message"].replace(str(path), "F")}
        for w in from_file["warnings"]
    ]
    assert strip == same


def test_validate_dash_reports_errors_with_stdin_as_the_file(run: Run) -> None:
    broken = "skill_scale: {min: 1, max: 5}\nroles:\n  - id: x\n    level: 1\n"
    outcome = run("validate", "-", "--json", input=broken)
    assert outcome.exit_code == 1
    (error,) = outcome.json()["errors"]
    assert (error["file"], error["line"], error["path"]) == ("<stdin>", 3, "roles[0].title")
    text = run("validate", "-", input=broken)
    assert "<stdin>:3:5: roles[0].title: required field is missing" in text.stdout


def test_validate_dash_checks_an_extension_on_top_of_the_builtin_ladder(run: Run) -> None:
    extension = "steps:\n  - {from: customer-service-coordinator, to: nowhere, kind: promotion}\n"
    outcome = run("validate", "-", "--json", input=extension)
    assert outcome.exit_code == 1
    assert outcome.json()["base"] == ["builtin"]
    assert "unknown role 'nowhere'" in outcome.json()["errors"][0]["message"]
