"""``careerpath import onet``: each mapping rule and quirk, on invented O*NET-format fixtures."""

from __future__ import annotations

import codecs
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from careerpath.data import checks
from careerpath.data.importers.onet import attribution, import_onet, parse_tiers, to_json_text
from careerpath.data.load import load
from careerpath.errors import ImportFailed, WrongHeader
from tests.conftest import FIXTURES, Run
from tests.fixtures.make_onet import (
    AGENT,
    CLERK,
    DIRECTOR,
    KEEPER,
    PORTER,
    SUPERVISOR,
)

OLD = FIXTURES / "onet-old"
NEW = FIXTURES / "onet-new"
SAMPLE = Path("/work/shared/onet-sample")


def _copy(tmp_path: Path, source: Path = OLD, name: str = "release") -> Path:
    target = tmp_path / name
    shutil.copytree(source, target)
    return target


def _rewrite(folder: Path, change: Callable[[str], str]) -> None:
    """Apply *change* to the text of every data file of *folder*."""
    for path in folder.glob("*.txt"):
        if path.name == "Read Me.txt":
            continue
        path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))


def _document(source: Path, **options: Any) -> dict[str, Any]:
    return import_onet(source, **options).document


def _role(document: dict[str, Any], code: str) -> dict[str, Any]:
    return next(role for role in document["roles"] if role["id"] == code)


def _requirements(document: dict[str, Any], code: str) -> dict[str, dict[str, Any]]:
    names = {skill["id"]: skill["name"]["en"] for skill in document["skills"]}
    return {names[req["skill"]]: req for req in _role(document, code).get("skills", [])}


def _steps(document: dict[str, Any]) -> dict[tuple[str, str], tuple[str, str | None]]:
    return {(s["from"], s["to"]): (s["kind"], s.get("note")) for s in document["steps"]}


# Occupations, job zones and titles


def test_every_occupation_is_a_role_with_its_code_title_summary_and_job_zone() -> None:
    document = _document(OLD)
    roles = {role["id"]: role for role in document["roles"]}
    assert set(roles) == {AGENT, SUPERVISOR, DIRECTOR, CLERK, PORTER, KEEPER}
    agent = roles[AGENT]
    assert agent["title"] == {"en": "Help Desk Agents"}
    assert agent["summary"] == "Answer questions from the public at a help desk."
    assert {code: role["level"] for code, role in roles.items()} == {
        AGENT: 2,
        SUPERVISOR: 3,
        DIRECTOR: 4,
        CLERK: 2,
        PORTER: 0,  # no job zone: level 0, unknown
        KEEPER: 1,
    }
    assert agent["track"] == "office and administrative support"
    assert roles[DIRECTOR]["track"] == "management"


def test_occupations_without_skill_rows_are_still_roles() -> None:
    result = import_onet(OLD)
    assert "skills" not in _role(result.document, CLERK)
    assert CLERK in result.ladder.roles and PORTER in result.ladder.roles
    assert result.report.roles_without_skills == 2
    assert result.report.roles_without_zone == 1


def test_titles_become_aliases_short_titles_first_without_the_title_itself() -> None:
    agent = _role(_document(OLD), AGENT)
    assert agent["aliases"] == ["HDR", "Help Desk Representative", "Call Taker", "Support Agent"]


def test_every_alias_finds_its_role(run: Run, tmp_path: Path) -> None:
    output = tmp_path / "onet.json"
    assert run("import", "onet", str(OLD), "--output", str(output)).exit_code == 0
    for alias in ("HDR", "call taker", "Support Agent", "desk team leader"):
        shown = run("--data", str(output), "show", alias, "--json")
        assert shown.exit_code == 0, shown.stderr
        assert shown.json()["id"] in (AGENT, SUPERVISOR)


# Skills


def test_levels_and_importances_pair_per_occupation_and_element() -> None:
    document = _document(OLD)
    supervisor = _requirements(document, SUPERVISOR)
    assert supervisor["Team Guidance"] == {
        "skill": "team-guidance",
        "level": 3.75,
        "importance": 4.12,
        "level_se": 0.2,  # the LV row's standard error, not the IM row's (0.12)
    }
    assert supervisor["Careful Listening"]["level"] == 4.0
    assert document["skill_scale"] == {"min": 0, "max": 7}
    assert document["importance_scale"] == {"min": 1, "max": 5}


def test_suppressed_ratings_are_kept_and_flagged() -> None:
    result = import_onet(OLD)
    guidance = _requirements(result.document, AGENT)["Team Guidance"]
    assert guidance == {"skill": "team-guidance", "level": 2.12, "importance": 2.88,
                        "low_precision": True, "level_se": 0.2}  # fmt: skip
    assert result.report.low_precision == 1


def test_not_relevant_ratings_are_left_out() -> None:
    result = import_onet(OLD)
    assert set(_requirements(result.document, AGENT)) == {"Careful Listening", "Team Guidance"}
    assert set(_requirements(result.document, KEEPER)) == {"Careful Listening", "Team Guidance"}
    assert "Budget Keeping" in _requirements(result.document, SUPERVISOR)
    assert result.report.not_relevant == 2
    assert result.report.requirements == 12 - 2


def test_the_new_layout_keeps_the_essential_and_transferable_groups() -> None:
    groups = {skill["name"]["en"]: skill.get("group") for skill in _document(NEW)["skills"]}
    assert groups == {
        "Careful Listening": "essential",
        "Team Guidance": "transferable",
        "Budget Keeping": "transferable",
    }
    assert all("group" not in skill for skill in _document(OLD)["skills"])


# Tools


def test_tools_by_category_with_hot_and_in_demand_flags_once_each() -> None:
    document = _document(OLD)
    assert _role(document, AGENT)["tools"] == [
        {"name": "TicketDesk", "category": "Help desk software", "hot": True},
        {"name": "Sheetwise", "category": "Spreadsheet software", "hot": True, "in_demand": True},
    ]
    assert _role(document, SUPERVISOR)["tools"][1] == {
        "name": "Rosterly",
        "category": "Scheduling software",
        "in_demand": True,
    }


# Steps


def test_primary_tiers_by_default_become_related_steps_never_promotions() -> None:
    result = import_onet(OLD)
    assert _steps(result.document) == {
        (AGENT, SUPERVISOR): ("related", None),
        (AGENT, CLERK): ("related", None),
        (SUPERVISOR, DIRECTOR): ("related", None),
        (KEEPER, AGENT): ("related", None),
        (PORTER, AGENT): ("related", None),  # the porter's job zone is unknown
        (CLERK, AGENT): ("related", None),
    }
    # Up a job zone: agent -> supervisor, supervisor -> director, keeper -> agent.
    assert (result.report.steps_up, result.report.steps_zone_unknown) == (3, 1)


def test_tiers_choose_which_related_occupations_become_steps() -> None:
    supplemental = _steps(_document(OLD, tiers=["Supplemental"]))
    assert supplemental == {(AGENT, DIRECTOR): ("related", None)}
    short = _steps(_document(OLD, tiers=parse_tiers(["primary-short"])))
    assert set(short) == {(AGENT, SUPERVISOR), (SUPERVISOR, DIRECTOR), (KEEPER, AGENT),
                          (CLERK, AGENT)}  # fmt: skip


def test_tier_names_are_read_loosely_and_unknown_ones_refused(run: Run, tmp_path: Path) -> None:
    assert parse_tiers(["Primary-Short, SUPPLEMENTAL", "primary_long"]) == [
        "Primary-Short",
        "Supplemental",
        "Primary-Long",
    ]
    outcome = run("import", "onet", str(OLD), "-o", str(tmp_path / "x.json"), "--tiers", "best")
    assert outcome.exit_code == 2
    assert "unknown relatedness tier 'best'" in outcome.stderr
    assert not (tmp_path / "x.json").exists()


def test_steps_down_are_left_out_unless_asked_for() -> None:
    result = import_onet(OLD)
    assert (SUPERVISOR, AGENT) not in _steps(result.document)
    assert result.report.steps_down == 1
    kept = _steps(_document(OLD, include_down=True))
    assert kept[(SUPERVISOR, AGENT)] == ("related", None)


def test_related_codes_not_in_the_release_are_skipped_and_counted() -> None:
    result = import_onet(OLD)
    assert all("43-9999.00" not in pair for pair in _steps(result.document))
    assert result.report.dangling == 1
    assert result.report.other_tiers == 1


# Release metadata


def test_the_attribution_names_the_release_and_states_the_modification() -> None:
    document = _document(OLD)
    assert document["version"] == "29.9"
    assert document["licence"] == "CC BY 4.0"
    assert document["attribution"].startswith(
        "This product includes information from the O*NET 29.9 Database by the U.S. Department "
        "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 "
        "license. O*NET® is a trademark of USDOL/ETA. "
    )
    assert (
        "USDOL/ETA has not approved, endorsed, or tested these modifications."
        in (document["attribution"])
    )
    assert document["sources"][0]["attribution"] == document["attribution"]
    assert attribution(None).startswith("This product includes information from the O*NET Database")


# Quirks of real files


def _same_dataset(tmp_path: Path, change: Callable[[str], str]) -> None:
    folder = _copy(tmp_path)
    _rewrite(folder, change)
    assert _document(folder) == _document(OLD)


def test_a_byte_order_mark_changes_nothing(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    for path in folder.glob("*.txt"):
        path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert _document(folder) == _document(OLD)


def test_lf_line_endings_change_nothing(tmp_path: Path) -> None:
    _same_dataset(tmp_path, lambda text: text.replace("\r\n", "\n"))


def test_a_missing_last_line_ending_changes_nothing(tmp_path: Path) -> None:
    _same_dataset(tmp_path, lambda text: text.rstrip("\r\n"))


def test_fields_padded_with_spaces_change_nothing(tmp_path: Path) -> None:
    def pad(text: str) -> str:
        lines = text.split("\r\n")
        return "\r\n".join("\t".join(f"  {f}   " for f in line.split("\t")) for line in lines)

    _same_dataset(tmp_path, pad)


def test_reordered_and_extra_columns_change_nothing(tmp_path: Path) -> None:
    def shuffle(text: str) -> str:
        lines = [line.split("\t") for line in text.split("\r\n") if line]
        extra = [["Comment"], *[["ignored"] for _ in lines[1:]]]
        return (
            "\r\n".join(
                "\t".join([*e, *reversed(line)]) for e, line in zip(extra, lines, strict=True)
            )
            + "\r\n"
        )

    _same_dataset(tmp_path, shuffle)


def test_a_wrong_header_names_the_file_and_both_column_lists(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    skills = folder / "Skills.txt"
    skills.write_bytes(skills.read_bytes().replace(b"Data Value", b"Value", 1))
    with pytest.raises(WrongHeader) as caught:
        import_onet(folder)
    assert caught.value.file == "Skills.txt"
    assert "Data Value" in caught.value.expected and "Value" in caught.value.found
    output = tmp_path / "out.json"
    outcome = run("import", "onet", str(folder), "--output", str(output))
    assert outcome.exit_code == 1 and outcome.exception is None
    assert "Skills.txt" in outcome.stderr
    assert "'Data Value'" in outcome.stderr and "found 'O*NET-SOC Code'" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not output.exists() and list(tmp_path.glob(".out.json*")) == []


def test_a_missing_file_imports_the_rest_and_says_what_is_lost(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "Skills.txt").unlink()
    (folder / "Technology Skills.txt").unlink()
    result = import_onet(folder)
    assert len(result.document["roles"]) == 6 and "skills" not in result.document
    assert [name for name, _ in result.report.missing] == ["Skills.txt", "Technology Skills.txt"]
    outcome = run("import", "onet", str(folder), "--output", str(tmp_path / "out.json"))
    assert outcome.exit_code == 0
    assert "missing Skills.txt: no skill levels" in outcome.stderr
    assert "missing Technology Skills.txt: no tools" in outcome.stderr


def test_without_occupation_data_there_is_nothing_to_import(run: Run, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "Occupation Data.txt").unlink()
    with pytest.raises(ImportFailed, match=r"no 'Occupation Data\.txt'"):
        import_onet(folder)
    outcome = run("import", "onet", str(folder), "--output", str(tmp_path / "out.json"))
    assert outcome.exit_code == 1 and "Occupation Data.txt" in outcome.stderr


def test_a_source_that_is_not_a_release_is_an_error_not_a_traceback(
    run: Run, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    for source in (junk, tmp_path / "nowhere"):
        outcome = run("import", "onet", str(source), "--output", str(tmp_path / "out.json"))
        assert outcome.exit_code == 1 and outcome.exception is None
        assert str(source) in outcome.stderr


# Layouts and containers


def _without_release_details(document: dict[str, Any]) -> dict[str, Any]:
    document = json.loads(json.dumps(document))
    for key in ("version", "attribution", "description", "sources"):
        document.pop(key, None)
    for skill in document["skills"]:
        skill.pop("group", None)
    return document


def test_old_and_new_layouts_give_the_same_dataset() -> None:
    old, new = import_onet(OLD), import_onet(NEW)
    assert (old.report.layout, new.report.layout) == ("old", "new")
    assert _without_release_details(old.document) == _without_release_details(new.document)


@pytest.mark.parametrize("inside", ["db_29_9_text/", ""])
def test_a_zip_gives_the_same_dataset_as_the_folder(tmp_path: Path, inside: str) -> None:
    archive = tmp_path / "db_29_9_text.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        if inside:
            packed.writestr(inside, "")
        for path in sorted(OLD.iterdir()):
            packed.write(path, inside + path.name)
    assert _document(archive) == _document(OLD)


def test_a_folder_holding_the_unpacked_folder_works_too(tmp_path: Path) -> None:
    outer = tmp_path / "download"
    _copy(outer, name="db_29_9_text")
    assert _document(outer) == _document(OLD)


# Output


def test_output_is_a_data_file_that_loads_as_the_imported_dataset(run: Run, tmp_path: Path) -> None:
    output = tmp_path / "onet.json"
    outcome = run("import", "onet", str(OLD), "--output", str(output))
    assert outcome.exit_code == 0, outcome.stderr
    assert "6 occupations" in outcome.stderr and "1 step down" in outcome.stderr
    loaded = load([str(output)], cache=False)
    assert json.loads(output.read_text(encoding="utf-8")) == _document(OLD)
    assert loaded.attribution == _document(OLD)["attribution"]


def test_output_refuses_to_overwrite_without_force(run: Run, tmp_path: Path) -> None:
    output = tmp_path / "onet.json"
    output.write_text("mine", encoding="utf-8")
    outcome = run("import", "onet", str(OLD), "--output", str(output))
    assert outcome.exit_code == 2 and "--force" in outcome.stderr
    assert output.read_text(encoding="utf-8") == "mine"
    assert run("import", "onet", str(OLD), "-o", str(output), "--force").exit_code == 0
    assert json.loads(output.read_text(encoding="utf-8"))["name"] == "onet"


def test_the_import_primes_the_cache(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "onet.json"
    assert run("import", "onet", str(OLD), "--output", str(output)).exit_code == 0

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("checked again instead of read from the cache")

    monkeypatch.setattr(checks, "combine", refuse)
    assert run("--data", str(output), "show", AGENT, "--json").json()["level"] == 2


def test_installed_by_name_and_selected_with_data_name(run: Run, tmp_path: Path) -> None:
    outcome = run("import", "onet", str(OLD), "--name", "fixture")
    assert outcome.exit_code == 0, outcome.stderr
    assert "--data fixture" in outcome.stderr
    roles = run("--data", "fixture", "roles", "--json").json()
    assert roles["count"] == 6
    listed = run("datasets", "--json").json()["datasets"]
    assert [(d["name"], d["roles"], d["version"]) for d in listed] == [("fixture", 6, "29.9")]
    assert listed[0]["attribution"].startswith("This product includes information from the O*NET")
    again = run("import", "onet", str(NEW), "--name", "fixture")
    assert again.exit_code == 2 and "exists" in again.stderr
    assert run("import", "onet", str(NEW), "--name", "fixture", "--force").exit_code == 0
    assert run("datasets", "--json").json()["datasets"][0]["version"] == "31.9"


def test_a_path_that_exists_wins_over_an_installed_name(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("import", "onet", str(OLD), "--name", "ladder").exit_code == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ladder").write_text(
        (FIXTURES / "measured.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert run("--data", "ladder", "roles", "--json").json()["count"] == 3
    (tmp_path / "ladder").unlink()
    assert run("--data", "ladder", "roles", "--json").json()["count"] == 6


def test_datasets_says_when_none_is_installed(run: Run) -> None:
    outcome = run("datasets")
    assert outcome.exit_code == 0 and "No datasets installed" in outcome.stdout


def test_to_json_text_round_trips() -> None:
    document = _document(OLD)
    assert json.loads(to_json_text(document)) == document


# Every command on imported data


def test_every_command_answers_from_an_imported_dataset(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "onet.json"
    assert run("import", "onet", str(OLD), "--output", str(data)).exit_code == 0
    d = ("--data", str(data))
    assert run(*d, "roles", "--level", "2", "--json").json()["count"] == 2
    card = run(*d, "show", "help desk agents")
    assert card.exit_code == 0 and "2.12 ~" in card.stdout and "O*NET 29.9" in card.stdout
    route = run(*d, "path", "records keepers", "service directors", "--json").json()
    assert [s["id"] for s in route["routes"][0]["steps"]] == [KEEPER, AGENT, SUPERVISOR, DIRECTOR]
    ahead = run(*d, "next", "help desk agents", "--json").json()
    assert {c["id"] for c in ahead["candidates"]} == {SUPERVISOR, CLERK}
    tree = run(*d, "tree", "records keepers", "--depth", "2", "--json").json()
    assert tree["root"]["children"][0]["id"] == AGENT
    gap = run(*d, "gap", "help desk agents", "help desk supervisors", "--json").json()
    guidance = next(s for s in gap["skills"] if s["name"] == "Team Guidance")
    assert (guidance["from_level"], guidance["to_level"], guidance["change"]) == (
        2.12,
        3.75,
        "raise",
    )
    have = run(*d, "gap", "--have", "team guidance=3.75", "help desk supervisors", "--json")
    assert have.exit_code == 0, have.stderr  # a measured scale takes fractional levels
    mine = next(s for s in have.json()["skills"] if s["name"] == "Team Guidance")
    assert (mine["from_level"], mine["change"]) == (3.75, "kept")
    profile = tmp_path / "me.yaml"
    profile.write_text(f"role: {AGENT}\nskills:\n  team guidance: 4.5\n", encoding="utf-8")
    mine_next = run(*d, "next", "--profile", str(profile), "--json")
    assert mine_next.exit_code == 0, mine_next.stderr
    assert mine_next.json()["measured_from"] == "profile"
    exported = run(*d, "export", "--format", "json").stdout
    assert json.loads(exported)["attribution"] == _document(OLD)["attribution"]
    assert run(*d, "validate", str(data)).exit_code == 0


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the O*NET sample is not on this machine")
def test_the_real_sample_answers_the_support_to_supervisor_gap(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "onet.json"
    outcome = run("import", "onet", str(SAMPLE), "--output", str(data))
    assert outcome.exit_code == 0, outcome.stderr
    assert "45 occupations" in outcome.stderr
    source = "customer service representatives"
    target = "first-line supervisors of office and administrative support workers"
    gap = run("--data", str(data), "gap", source, target, "--json").json()
    staffing = next(s for s in gap["skills"] if s["name"] == "Management of Personnel Resources")
    assert (staffing["from_level"], staffing["to_level"]) == (2.12, 3.75)
    card = run("--data", str(data), "show", target, "--json").json()
    needed = next(s for s in card["skills"] if s["name"] == "Management of Personnel Resources")
    assert (needed["level"], needed["importance"]) == (3.75, 3.75)
    csr = run("--data", str(data), "show", source, "--json").json()
    had = next(s for s in csr["skills"] if s["name"] == "Management of Personnel Resources")
    assert (had["level"], had["importance"]) == (2.12, 2.38)
    route = run("--data", str(data), "path", source, "general and operations managers")
    assert route.exit_code == 0 and "General and Operations Managers" in route.stdout
    developers = run("--data", str(data), "show", "software developers", "--json").json()
    programming = next(s for s in developers["skills"] if s["name"] == "Programming")
    assert (programming["level"], programming["low_precision"]) == (4.12, True)  # kept, flagged


def test_progress_is_reported_stage_by_stage_to_the_end() -> None:
    calls: list[tuple[str, int, int]] = []
    import_onet(OLD, progress=lambda what, done, total: calls.append((what, done, total)))
    done = [step for _, step, _ in calls]
    assert done == sorted(done) and done[0] == 0
    assert calls[-1] == ("done", calls[-1][2], calls[-1][2])
    assert "Skills.txt" in [what for what, _, _ in calls]


@pytest.mark.parametrize("name", ["../elsewhere", "a/b", "", "-x"])
def test_an_unusable_name_is_a_usage_error(run: Run, name: str) -> None:
    outcome = run("import", "onet", str(OLD), "--name", name)
    assert outcome.exit_code == 2 and "--name" in outcome.stderr
