"""The indexed store: a command reads what its question touches, and a bad store is never
trusted (rebuilt or bypassed, with the answer of a fresh load)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from careerpath.data.cache import SUFFIX, LadderCache
from careerpath.data.load import load
from careerpath.data.seal import seal
from careerpath.data.store import APPLICATION_ID, STORE_FORMAT, open_store
from careerpath.data.stored import REQUIREMENT_FIELDS, StoredLadder
from careerpath.errors import StoreDamaged
from careerpath.queries.catalog import role_card
from careerpath.queries.gaps import skill_gap
from tests.conftest import FIXTURES, Run, minimal_document
from tests.test_cache import assert_same_ladder, write_document


@pytest.fixture
def cache_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(directory))
    return directory


def ladder_of(count: int) -> dict[str, Any]:
    """A ladder of *count* roles in a chain, each with skills, tools and names."""
    roles = [(f"role-{index}", 1 + index % 5) for index in range(count)]
    chain = [(f"role-{index}", f"role-{index + 1}") for index in range(count - 1)]
    document = minimal_document(roles, chain)
    for index, role in enumerate(document["roles"]):
        role["aliases"] = [f"alias {index}"]
        role["title"]["fi"] = f"Rooli {index}"
        role["tools"] = [{"name": f"Tool {index % 3}", "category": "Ticketing"}]
    return document


def stored(data: Path) -> StoredLadder:
    """The dataset of *data* read back from its store (written by a first load)."""
    load([str(data)])
    ladder = load([str(data)])
    assert isinstance(ladder, StoredLadder)
    return ladder


def read_roles(ladder: StoredLadder) -> set[str]:
    """The roles whose contents have been read from the store so far."""
    return set(ladder.roles._read)


def test_show_reads_one_role_and_its_neighbours_and_gap_two(
    cache_path: Path, tmp_path: Path
) -> None:
    data = write_document(tmp_path / "chain.yaml", ladder_of(40))
    ladder = stored(data)
    card = role_card(ladder, ladder.roles["role-7"], "en")
    assert card.id == "role-7"
    # the role, and the two its steps lead from and to (their titles are on the card)
    assert read_roles(ladder) == {"role-6", "role-7", "role-8"}
    fresh = load([str(data)], cache=False)
    assert card == role_card(fresh, fresh.roles["role-7"], "en")

    ladder = stored(data)
    gap = skill_gap(ladder, ladder.roles["role-3"], ladder.roles["role-4"])
    assert read_roles(ladder) == {"role-3", "role-4"}
    assert gap == skill_gap(fresh, fresh.roles["role-3"], fresh.roles["role-4"])


def test_the_role_list_reads_no_role(cache_path: Path, tmp_path: Path, run: Run) -> None:
    from careerpath.queries.catalog import list_roles

    data = write_document(tmp_path / "chain.yaml", ladder_of(30))
    ladder = stored(data)
    listed = list_roles(ladder, "fi")
    searched = list_roles(ladder, "fi", search="tool 2")
    assert read_roles(ladder) == set()
    fresh = load([str(data)], cache=False)
    assert listed == list_roles(fresh, "fi")
    assert searched == list_roles(fresh, "fi", search="tool 2")
    assert len(searched.roles) == 10  # every third role uses Tool 2


def entry_path(cache_path: Path) -> Path:
    (entry,) = [p for p in cache_path.glob(f"*{SUFFIX}") if "." not in p.name[: -len(SUFFIX)]]
    return entry


def answers(run: Run, data: Path) -> list[str]:
    """What show, gap, path and roles answer in JSON on *data*."""
    found = []
    for args in (
        ("show", "role-5"),
        ("gap", "role-2", "role-6"),
        ("path", "role-1", "role-4"),
        ("roles", "--search", "alias 1"),
    ):
        outcome = run("--data", str(data), *args, "--json")
        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.exception is None
        found.append(outcome.stdout)
    return found


def foreign(path: Path) -> None:
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE roles (id TEXT)")
    db.execute("INSERT INTO roles VALUES ('role-5')")
    db.commit()
    db.close()


def other_format(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {STORE_FORMAT + 1}")
    db.commit()
    db.close()


def other_dataset(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE dataset SET value = ? WHERE field = 'key'", ("00" * 32,))
    db.commit()
    db.close()


def truncated(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size - 4096)


def edited_in_place(path: Path) -> None:
    """Bytes changed where they lie, the size kept and the modification time set back."""
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek(before.st_size - 4096)
        handle.write(b"garbage")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


FAULTS = {
    "edited in place, size and mtime kept": edited_in_place,
    "random bytes": lambda path: path.write_bytes(os.urandom(path.stat().st_size)),
    "emptied": lambda path: path.write_bytes(b""),
    "truncated": truncated,
    "a foreign SQLite file": foreign,
    "another store format": other_format,
    "the store of another dataset": other_dataset,
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_bad_store_is_never_trusted(
    cache_path: Path, tmp_path: Path, run: Run, fault: Any
) -> None:
    data = write_document(tmp_path / "chain.yaml", ladder_of(12))
    expected = answers(run, data)
    key = bytes.fromhex(dict_of(entry_path(cache_path))["key"])
    assert open_store(entry_path(cache_path), key) is not None
    fault(entry_path(cache_path))
    assert open_store(entry_path(cache_path), key) is None
    assert answers(run, data) == expected
    # ... and the store was written again, whole.
    entry = LadderCache.open([str(data)])
    assert entry is not None
    hit = entry.get()
    assert isinstance(hit, StoredLadder)
    assert_same_ladder(hit, load([str(data)], cache=False))


def test_a_store_damaged_after_it_was_opened_is_removed_and_the_answer_read_afresh(
    cache_path: Path, tmp_path: Path, run: Run
) -> None:
    data = write_document(tmp_path / "chain.yaml", ladder_of(40))
    expected = answers(run, data)
    entry = entry_path(cache_path)
    # Garbage over every role's record, the file's size and header kept: opening it succeeds,
    # reading a role does not.
    db = sqlite3.connect(entry)
    db.execute("UPDATE roles SET record = zeroblob(length(record))")
    db.commit()
    db.close()
    seal(entry)  # as if the damage were the disk's, which no status shows
    assert open_store(entry, bytes.fromhex(dict_of(entry)["key"])) is not None
    outcome = run("--data", str(data), "show", "role-5", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == expected[0]
    assert answers(run, data) == expected


def dict_of(path: Path) -> dict[str, str]:
    db = sqlite3.connect(path)
    try:
        return dict(db.execute("SELECT field, value FROM dataset").fetchall())
    finally:
        db.close()


def test_a_store_that_cannot_be_read_twice_is_a_clear_error(
    cache_path: Path, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_document(tmp_path / "chain.yaml", ladder_of(12))
    answers(run, data)

    calls = []

    def broken(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise StoreDamaged(str(entry_path(cache_path)), "disk I/O error")

    import careerpath.queries.catalog

    monkeypatch.setattr(careerpath.queries.catalog, "role_card", broken)
    outcome = run("--data", str(data), "show", "role-5")
    assert outcome.exit_code == 1
    assert outcome.exception is None
    assert "damaged (disk I/O error)" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert len(calls) == 2  # tried once more, from the data files


def test_a_read_only_cache_folder_gives_the_same_answers(
    cache_path: Path, tmp_path: Path, run: Run
) -> None:
    if os.geteuid() == 0:
        # root writes anyway: make the folder a file instead, which nobody can write into
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache_path.write_text("not a folder")
    else:
        cache_path.mkdir(parents=True)
        cache_path.chmod(0o500)
    data = write_document(tmp_path / "chain.yaml", ladder_of(12))
    try:
        first = answers(run, data)
    finally:
        if cache_path.is_dir():
            cache_path.chmod(0o700)
    fresh_cache = tmp_path / "fresh"
    os.environ["CAREERPATH_CACHE_DIR"] = str(fresh_cache)
    assert answers(run, data) == first


def careerpath(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "careerpath", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def big_document(count: int) -> dict[str, Any]:
    document = ladder_of(count)
    document["skills"].extend(
        {"id": f"s{index}", "name": {"en": f"Skill {index}"}} for index in range(300)
    )
    for index, role in enumerate(document["roles"]):
        role["skills"].extend(
            {"skill": f"s{(index * 7 + k) % 300}", "level": 1 + k % 5} for k in range(25)
        )
    return document


def test_two_commands_building_one_store_at_once_agree(cache_path: Path, tmp_path: Path) -> None:
    data = tmp_path / "big.json"
    data.write_text(json.dumps(big_document(400)), encoding="utf-8")
    env = {**os.environ, "CAREERPATH_CACHE_DIR": str(cache_path)}
    runs = [careerpath("--data", str(data), "show", "role-5", "--json", env=env) for _ in "ab"]
    outputs = [process.communicate(timeout=120) for process in runs]
    assert [process.returncode for process in runs] == [0, 0]
    assert outputs[0][0] == outputs[1][0]
    entry = LadderCache.open([str(data)])
    assert entry is not None
    hit = entry.get()
    assert isinstance(hit, StoredLadder)
    assert_same_ladder(hit, load([str(data)], cache=False))
    assert not [p for p in cache_path.iterdir() if p.name.startswith(".")]


def test_a_command_killed_while_it_writes_the_store_leaves_nothing_trusted(
    cache_path: Path, tmp_path: Path
) -> None:
    data = tmp_path / "big.json"
    data.write_text(json.dumps(big_document(600)), encoding="utf-8")
    env = {**os.environ, "CAREERPATH_CACHE_DIR": str(cache_path)}
    expected, _ = careerpath(
        "--data", str(data), "--no-cache", "show", "role-5", env=env
    ).communicate(timeout=120)
    for delay in (0.3, 0.6, 0.9, 1.2):
        process = careerpath("--data", str(data), "show", "role-5", env=env)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        again, _ = careerpath("--data", str(data), "show", "role-5", env=env).communicate(
            timeout=120
        )
        assert again == expected
        for entry in cache_path.glob(f"*{SUFFIX}"):
            if not entry.name.startswith("."):
                key = bytes.fromhex(dict_of(entry)["key"])
                assert open_store(entry, key) is not None
        for leftover in list(cache_path.glob(".tmp-*")):
            leftover.unlink()  # what the killed process left is removed by a later write
        for entry in list(cache_path.iterdir()):
            entry.unlink()


def test_a_store_is_marked_as_careerpath_s(cache_path: Path, tmp_path: Path) -> None:
    data = write_document(tmp_path / "chain.yaml", ladder_of(5))
    load([str(data)])
    db = sqlite3.connect(entry_path(cache_path))
    try:
        assert db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert db.execute("PRAGMA user_version").fetchone() == (STORE_FORMAT,)
        counts = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("roles", "requirements", "tools", "steps", "role_names")
        }
    finally:
        db.close()
    # 5 roles of 2 skills and 1 tool each, 4 steps; names: title en + fi and one alias each
    assert counts == {"roles": 5, "requirements": 10, "tools": 5, "steps": 4, "role_names": 15}


def test_the_built_in_ladder_reads_the_same_from_its_store(cache_path: Path) -> None:
    load(None)
    stored_ladder = load(None)
    assert isinstance(stored_ladder, StoredLadder)
    assert_same_ladder(stored_ladder, load(None, cache=False))
    assert FIXTURES.exists()


def rows(path: Path, sql: str) -> list[Any]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.mark.parametrize("start", [None, "customer-service-team-lead"])
def test_an_sqlite_export_holds_what_the_json_export_holds(
    cache_path: Path, tmp_path: Path, run: Run, start: str | None
) -> None:
    where = ["--from", start] if start else []
    target = tmp_path / "ladder.sqlite"
    outcome = run("export", "--format", "sqlite", "--output", str(target), *where)
    assert outcome.exit_code == 0, outcome.stderr
    document = json.loads(run("export", "--format", "json", *where).stdout)
    assert [r[0] for r in rows(target, "SELECT id FROM roles ORDER BY position")] == [
        role["id"] for role in document["roles"]
    ]
    requirements = rows(
        target,
        "SELECT role_id, skill_id, level, importance, essential FROM requirements ORDER BY rowid",
    )
    assert requirements == [
        (role["id"], req["skill"], req.get("level"), req.get("importance"), req.get("essential"))
        for role in document["roles"]
        for req in role.get("skills", [])
    ]
    assert rows(target, "SELECT from_role, to_role, kind FROM steps ORDER BY position") == [
        (step["from"], step["to"], step["kind"]) for step in document["steps"]
    ]
    titles = rows(target, "SELECT role_id, language, name FROM role_names WHERE kind = 'title'")
    assert sorted(titles) == sorted(
        (role["id"], code, name)
        for role in document["roles"]
        for code, name in role["title"].items()
    )
    tools = rows(target, "SELECT role_id, name FROM tools ORDER BY rowid")
    assert tools == [
        (role["id"], tool["name"]) for role in document["roles"] for tool in role.get("tools", [])
    ]
    assert tools  # the built-in ladder names tools
    columns = {
        column[1]
        for table in ("roles", "skills", "steps", "sources", "scales")
        for column in rows(target, f"PRAGMA table_info({table})")
    }
    assert "record" not in columns and "head" not in columns
    assert dict(rows(target, "SELECT field, value FROM dataset"))["name"] == document["name"]
    meanings = rows(
        target, "SELECT language, level, meaning FROM scale_levels WHERE scale = 'skill'"
    )
    scale = document["skill_scale"]
    assert sorted(meanings, key=lambda row: (row[0] or "", row[1])) == sorted(
        [(None, int(level), text) for level, text in scale["rubric"].items()]
        + [
            (code, int(level), text)
            for code, rubric in scale.get("rubric_translations", {}).items()
            for level, text in rubric.items()
        ],
        key=lambda row: (row[0] or "", row[1]),
    )
    assert {row[0] for row in meanings} == {None, "fi", "nb"}


def test_an_sqlite_export_needs_a_file_and_keeps_an_existing_one(
    cache_path: Path, tmp_path: Path, run: Run
) -> None:
    for where in ([], ["--output", "-"]):
        outcome = run("export", "--format", "sqlite", *where)
        assert outcome.exit_code == 2
        assert "--output FILE" in outcome.stderr
        assert outcome.stdout == ""
    target = tmp_path / "kept.sqlite"
    target.write_text("mine")
    outcome = run("export", "--format", "sqlite", "--output", str(target))
    assert outcome.exit_code == 2
    assert target.read_text() == "mine"
    assert run("export", "-f", "sqlite", "-o", str(target), "--force").exit_code == 0
    assert rows(target, "SELECT count(*) FROM roles")[0][0] == 17


def test_the_requirements_table_holds_every_field_of_a_requirement() -> None:
    from careerpath.data.models import SkillRequirement

    # A field added to the model must be added to the table (and to how rows are read back),
    # or no store is written at all.
    assert tuple(SkillRequirement.model_fields) == REQUIREMENT_FIELDS


def test_a_search_ranks_alike_whether_titles_are_read_one_by_one_or_all_at_once(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careerpath.queries import names
    from careerpath.queries.catalog import list_roles

    data = write_document(tmp_path / "chain.yaml", ladder_of(60))
    found = {}
    for one_by_one in (0, 10**9):
        monkeypatch.setattr(names._TitleLookup, "ONE_BY_ONE", one_by_one)
        found[one_by_one] = list_roles(stored(data), "fi", search="rooli")
    assert found[0] == found[10**9]
    assert len(found[0].roles) == 60


@pytest.mark.parametrize(
    "fault",
    [foreign, other_format, other_dataset, truncated],
    ids=["foreign", "another format", "another dataset", "truncated"],
)
def test_a_bad_store_is_refused_even_with_a_seal_that_matches(
    cache_path: Path, tmp_path: Path, fault: Any
) -> None:
    # The seal is the first check; the store's own marks are the second, tested here alone.
    data = write_document(tmp_path / "chain.yaml", ladder_of(12))
    load([str(data)])
    entry = entry_path(cache_path)
    key = bytes.fromhex(dict_of(entry)["key"])
    fault(entry)
    seal(entry)
    assert open_store(entry, key) is None
    assert_same_ladder(load([str(data)]), load([str(data)], cache=False))
