"""The cache of checked datasets: invisible except in speed, rebuilt when stale or damaged."""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerpath.version
from careerpath.data import cache as cache_module
from careerpath.data import checks
from careerpath.data.cache import MAX_ENTRIES, POINTER_SUFFIX, SUFFIX, LadderCache
from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.data.locate import cache_dir, data_dir
from careerpath.errors import InvalidDataset
from tests.conftest import FIXTURES, Run, minimal_document


@pytest.fixture
def cache_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own (not created until something is cached)."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(directory))
    return directory


def entries(directory: Path) -> list[Path]:
    """The cache entries in *directory* (temporary files left out)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob(f"*{SUFFIX}") if not p.name.startswith("."))


def write_document(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def assert_same_ladder(cached: Ladder, fresh: Ladder) -> None:
    assert cached.name == fresh.name
    assert cached.description == fresh.description
    assert cached.version == fresh.version
    assert cached.attribution == fresh.attribution
    assert cached.licence == fresh.licence
    assert cached.importance_scale == fresh.importance_scale
    assert cached.files == fresh.files
    assert cached.scale == fresh.scale
    assert cached.sources == fresh.sources
    assert cached.skills == fresh.skills
    assert list(cached.roles) == list(fresh.roles)
    assert cached.roles == fresh.roles
    assert cached.steps == fresh.steps
    for role_id in fresh.roles:
        assert cached.steps_from(role_id) == fresh.steps_from(role_id)
        assert cached.steps_to(role_id) == fresh.steps_to(role_id)
    # What commands read of a dataset without its roles' contents agrees with the roles.
    picked = list(fresh.roles)[::-2]  # by id (read by id from a store), then all of them
    assert cached.role_heads(picked) == fresh.role_heads(picked)
    assert [head.id for head in cached.role_heads(picked)] == picked
    with pytest.raises(KeyError):
        cached.role_heads([*picked, "no-such-role"])
    assert cached.role_heads() == fresh.role_heads()
    assert cached.role_heads(picked) == fresh.role_heads(picked)
    assert cached.role_levels() == fresh.role_levels()
    some = list(fresh.roles)[::3]
    assert (
        cached.role_levels(some)
        == fresh.role_levels(some)
        == {role_id: fresh.roles[role_id].level for role_id in some}
    )
    with pytest.raises(KeyError):
        cached.role_levels([*some, "no-such-role"])
    assert list(cached.role_nodes()) == list(fresh.role_nodes())
    assert list(cached.role_name_entries()) == list(fresh.role_name_entries())
    assert list(cached.skill_name_entries()) == list(fresh.skill_name_entries())
    assert cached.name_counts() == fresh.name_counts()
    assert cached.tool_entries() == fresh.tool_entries()
    assert cached.any_flagged_tool() == fresh.any_flagged_tool()
    assert cached.any_requirement_level() == fresh.any_requirement_level()
    assert cached.importances() == fresh.importances()
    assert cached.requirement_relations() == fresh.requirement_relations()
    heads = {head.id: head for head in cached.role_heads()}
    for role_id in fresh.roles:
        for lang in ("en", "fi", "nb", "fr"):
            assert cached.role_title(role_id, lang) == fresh.role_title(role_id, lang)
            assert heads[role_id].title(lang) == fresh.role_title(role_id, lang)
    for lang in ("en", "fi", "nb", "fr"):
        assert cached.skill_names_in(lang) == fresh.skill_names_in(lang)
    assert cached.title_languages() == fresh.title_languages()
    every_skill = list(fresh.skills)
    assert cached.roles_needing(every_skill) == fresh.roles_needing(every_skill)
    assert cached.roles_needing(every_skill[::2]) == fresh.roles_needing(every_skill[::2])
    assert len(cached.steps) == len(fresh.steps)
    cached_document, fresh_document = cached.to_document(), fresh.to_document()
    # The dumps careerpath writes: ``export --format json|yaml`` and an import's output. (A
    # store keeps no record of which fields a file gave explicitly: nothing dumps by that.)
    for how in ({"exclude_none": True}, {"exclude_none": True, "exclude_defaults": True}):
        assert cached_document.model_dump(mode="json", by_alias=True, **how) == (
            fresh_document.model_dump(mode="json", by_alias=True, **how)
        )
    # Models compare 3 == 3.0 == True as equal; JSON tells them apart (a file's 3.0 stays 3.0).
    assert cached_document.model_dump_json() == fresh_document.model_dump_json()


def forbid_fresh_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any load that does not come from the cache fail."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the data files were checked again instead of read from the cache")

    monkeypatch.setattr(checks, "combine", refuse)


def test_a_cache_hit_gives_the_same_ladder_as_a_fresh_load(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load(["builtin"], cache=False)
    assert entries(cache_path) == []
    load(["builtin"])  # a miss: loads and writes the entry
    assert len(entries(cache_path)) == 1
    forbid_fresh_loads(monkeypatch)
    cached = load(["builtin"])
    assert_same_ladder(cached, fresh)


def test_a_measured_dataset_comes_back_from_the_cache_field_for_field(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fractional levels, importances, low-precision flags, tool flags, skill groups, the
    # importance scale, version, attribution and licence: every field must survive the cache.
    data = str(FIXTURES / "measured.yaml")
    fresh = load([data], cache=False)
    load([data])
    forbid_fresh_loads(monkeypatch)
    cached = load([data])
    assert_same_ladder(cached, fresh)
    supervisor = cached.roles["10-0002.00"]
    assert [type(req.level) for req in supervisor.skills] == [float, float, float, int]
    assert supervisor.skills[0].level == 4.0
    assert cached.roles["10-0001.00"].skills[2].low_precision is True
    assert [tool.in_demand for tool in supervisor.tools] == [True, True]
    assert cached.skills["listening"].group == "essential"
    assert cached.importance_scale is not None and cached.importance_scale.max == 5
    assert (cached.version, cached.licence) == ("1.5", "CC0 1.0")
    assert cached.sources["survey"].attribution == "Survey figures by nobody in particular."
    document = json.loads(cached.to_document().model_dump_json(exclude_none=True))
    assert document["roles"][1]["skills"][0] == {
        "skill": "listening",
        "level": 4.0,
        "importance": 4.5,
        "low_precision": False,
    }
    assert json.dumps(document["roles"][1]["skills"][0]["level"]) == "4.0"
    assert json.dumps(document["roles"][1]["skills"][3]["level"]) == "4"
    assert json.dumps(document["roles"][2]["skills"][3]["level"]) == "4.0"


def test_combined_files_are_cached_as_combined(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extension = write_document(
        tmp_path / "more.yaml",
        {
            "roles": [
                {
                    "id": "night-agent",
                    "title": {"en": "Night Agent", "nb": "Nattagent"},
                    "level": 1,
                    "skills": [{"skill": "communication", "level": 2}],
                }
            ],
            "steps": [
                {"from": "night-agent", "to": "customer-service-team-lead", "kind": "promotion"}
            ],
        },
    )
    specs = ["builtin", str(extension)]
    fresh = load(specs, cache=False)
    load(specs)
    forbid_fresh_loads(monkeypatch)
    cached = load(specs)
    assert_same_ladder(cached, fresh)
    assert cached.files == ["builtin", str(extension)]


def test_changing_a_data_file_invalidates_its_entry(cache_path: Path, tmp_path: Path) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    assert load([str(data)]).roles["junior"].title.en == "Junior"
    changed = minimal_document()
    changed["roles"][0]["title"] = {"en": "Apprentice"}
    write_document(data, changed)
    assert load([str(data)]).roles["junior"].title.en == "Apprentice"
    assert len(entries(cache_path)) == 2


def test_a_new_careerpath_version_does_not_read_old_entries(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    load([str(data)])
    monkeypatch.setattr(careerpath.version, "__version__", "99.0.0")
    calls: list[int] = []
    real_combine = checks.combine

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real_combine(*args, **kwargs)

    monkeypatch.setattr(checks, "combine", counting)
    load([str(data)])
    assert calls == [1]
    assert len(entries(cache_path)) == 2


def _valid_entry(cache_path: Path, data: Path) -> Path:
    load([str(data)])
    (entry,) = entries(cache_path)
    return entry


def _payload_with_good_checksum(blob: bytes, body: bytes) -> bytes:
    head = len(b"careerpath-cache\n") + 32
    return blob[:head] + hashlib.sha256(body).digest() + body


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "garbage": lambda blob: bytes(range(256)) * 64,
    "truncated": lambda blob: blob[: len(blob) // 2],
    "empty": lambda blob: b"",
    "one byte flipped": lambda blob: blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:],
    "wrong key": lambda blob: blob[:20] + bytes([blob[20] ^ 0xFF]) + blob[21:],
    "nonsense with a good checksum": lambda blob: _payload_with_good_checksum(
        blob, marshal.dumps(("not", "a", "ladder"))
    ),
    "old format with a good checksum": lambda blob: _payload_with_good_checksum(
        blob, marshal.dumps((0, [], ([], [], [], [], []), None, None, []))
    ),
}


@pytest.mark.parametrize("damage", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_damaged_entry_is_rebuilt_silently(
    cache_path: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    entry = _valid_entry(cache_path, data)
    entry.write_bytes(damage(entry.read_bytes()))
    fresh = load([str(data)], cache=False)
    assert_same_ladder(load([str(data)]), fresh)
    # ... and the entry was written again, whole.
    rebuilt = LadderCache.open([str(data)])
    assert rebuilt is not None
    hit = rebuilt.get()
    assert hit is not None
    assert_same_ladder(hit, fresh)


def test_an_entry_that_is_a_directory_is_no_error(cache_path: Path, tmp_path: Path) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    entry = _valid_entry(cache_path, data)
    entry.unlink()
    entry.mkdir()
    assert load([str(data)]).roles["senior"].level == 2
    assert entry.is_dir()


def test_an_unwritable_cache_directory_just_means_no_caching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(blocker / "cache"))
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    assert load([str(data)]).roles["senior"].level == 2
    assert load([str(data)]).roles["senior"].level == 2
    outcome = run("--data", str(data), "roles", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stderr == ""
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_a_failed_write_leaves_no_temporary_file(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", full_disk)
    assert load([str(data)]).roles["junior"].level == 1
    assert list(cache_path.iterdir()) == []


def test_no_cache_neither_reads_nor_writes_the_cache(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    outcome = run("--no-cache", "--data", str(data), "roles", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert not cache_path.exists()

    # Plant an entry for this file that says something else: only a cache read can show it.
    other = minimal_document()
    other["roles"][0]["title"] = {"en": "Planted"}
    planted = load([str(write_document(tmp_path / "other.yaml", other))], cache=False)
    entry = LadderCache.open([str(data)])
    assert entry is not None
    entry.put(planted)

    def titles(*options: str) -> set[str]:
        outcome = run(*options, "--data", str(data), "roles", "--json")
        assert outcome.exit_code == 0, outcome.stderr
        return {row["title"] for row in _rows(outcome.json())}

    assert "Planted" in titles()  # the planted entry is read without --no-cache ...
    before = {path: path.stat().st_mtime_ns for path in cache_path.iterdir()}
    assert "Junior" in titles("--no-cache")  # ... and ignored with it
    assert {path: path.stat().st_mtime_ns for path in cache_path.iterdir()} == before


def _rows(document: Any) -> list[dict[str, Any]]:
    """The role rows of ``roles --json``."""
    return list(document["roles"])


def test_no_cache_never_touches_the_cache_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the cache was consulted")

    monkeypatch.setattr(LadderCache, "open", classmethod(forbidden))
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    outcome = run("--no-cache", "--data", str(data), "show", "junior", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    with pytest.raises(AssertionError, match="consulted"):
        load([str(data)])


def test_the_cache_never_writes_outside_its_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    for name in ("home", "xdg", "work", "data"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path / "work")
    data = write_document(tmp_path / "data" / "tiny.yaml", minimal_document())
    load([str(data)])
    load([str(data)])
    load(["builtin"])
    assert run("--data", str(data), "roles").exit_code == 0
    assert run("show", "team lead").exit_code == 0
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert Path("data/tiny.yaml") in written
    outside = [p for p in written if p.parts[0] != "cache" and p != Path("data/tiny.yaml")]
    assert outside == []
    inside = [
        p for p in written if p.parts[0] == "cache" and p.suffix not in (POINTER_SUFFIX, ".seal")
    ]
    assert len(inside) == 2  # one per list of data files: tiny.yaml, and the built-in data
    seals = {p.name for p in written if p.suffix == ".seal"}
    assert seals == {p.name + ".seal" for p in inside}  # each store with its seal
    assert all(p.name.endswith(SUFFIX) and not p.name.startswith(".") for p in inside)
    # ... and at most one pointer to each from its files' status (tiny.yaml is too new for one)
    pointers = [p for p in written if p.parts[0] == "cache" and p.suffix == POINTER_SUFFIX]
    assert len(pointers) <= 2


def test_invalid_data_is_never_cached(cache_path: Path, tmp_path: Path) -> None:
    broken = minimal_document()
    broken["steps"].append({"from": "senior", "to": "nobody", "kind": "promotion"})
    data = write_document(tmp_path / "tiny.yaml", broken)
    for _ in range(2):
        with pytest.raises(InvalidDataset):
            load([str(data)])
    assert entries(cache_path) == []


def test_old_entries_are_pruned(cache_path: Path, tmp_path: Path) -> None:
    files = []
    for index in range(MAX_ENTRIES + 3):
        document = minimal_document()
        document["name"] = f"tiny-{index}"
        files.append(write_document(tmp_path / f"tiny-{index}.yaml", document))
    for index, data in enumerate(files):
        load([str(data)])
        # Distinct modification times, oldest first, even on coarse file-system clocks.
        for entry in entries(cache_path):
            if entry.stat().st_mtime_ns > 10**9 * index:
                os.utime(entry, ns=(10**9 * (index + 1), 10**9 * (index + 1)))
    assert len(entries(cache_path)) == MAX_ENTRIES
    newest = LadderCache.open([str(files[-1])])
    assert newest is not None and newest.path.exists()
    oldest = LadderCache.open([str(files[0])])
    assert oldest is not None and not oldest.path.exists()


def test_pruning_removes_stale_temporary_files_and_nothing_else(
    cache_path: Path, tmp_path: Path
) -> None:
    cache_path.mkdir()
    stale = cache_path / f".tmp-killed{SUFFIX}"
    fresh = cache_path / f".tmp-writing{SUFFIX}"
    other = cache_path / "notes.txt"
    for path in (stale, fresh, other):
        path.write_bytes(b"x")
    os.utime(stale, (0, 0))
    load([str(write_document(tmp_path / "tiny.yaml", minimal_document()))])
    assert not stale.exists()
    assert fresh.exists()  # another process may be writing it right now
    assert other.read_bytes() == b"x"
    assert len(entries(cache_path)) == 1


def test_a_file_that_changes_while_it_loads_is_not_cached(cache_path: Path, tmp_path: Path) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    entry = LadderCache.open([str(data)])
    assert entry is not None
    ladder = load([str(data)], cache=False)
    changed = minimal_document()
    changed["name"] = "changed meanwhile"
    write_document(data, changed)
    entry.put(ladder)
    assert entries(cache_path) == []
    assert load([str(data)]).name == "changed meanwhile"


def test_a_ladder_with_attributes_the_cache_does_not_know_is_not_cached(
    cache_path: Path, tmp_path: Path
) -> None:
    data = write_document(tmp_path / "tiny.yaml", minimal_document())
    ladder = load([str(data)], cache=False)
    ladder.extra = "something new"  # type: ignore[attr-defined]
    entry = LadderCache.open([str(data)])
    assert entry is not None
    entry.put(ladder)
    assert entries(cache_path) == []


def test_a_missing_data_file_is_reported_by_the_loader(cache_path: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidDataset) as raised:
        load([str(tmp_path / "nowhere.yaml")])
    assert [problem.message for problem in raised.value.problems] == ["no such file"]
    assert entries(cache_path) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders of Linux")
def test_the_cache_directory_follows_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # platformdirs chooses the platform's folders (macOS's and Windows' are its own tests').
    monkeypatch.delenv("CAREERPATH_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "careerpath"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache_dir() == tmp_path / ".cache" / "careerpath"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "careerpath"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "chosen"))
    assert cache_dir() == tmp_path / "chosen"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders of Linux")
def test_the_data_directory_follows_the_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CAREERPATH_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir() == tmp_path / ".local" / "share" / "careerpath"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert data_dir() == tmp_path / ".local" / "share" / "careerpath"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "careerpath"
    monkeypatch.setenv("CAREERPATH_DATA_DIR", str(tmp_path / "chosen"))
    assert data_dir() == tmp_path / "chosen"


# Generated datasets: whatever optional parts a file has or leaves out, the cache gives back
# exactly what a fresh load gives.

_names = st.fixed_dictionaries(
    {"en": st.sampled_from(["Agent", "Lead", "Analyst", "Chief"])},
    optional={"fi": st.sampled_from(["Agentti", "Johtaja"]), "nb": st.just("Leder")},
)


_levels = st.sampled_from([1, 2, 3, 2.0, 2.5, 1.25])
_requirement_extras = st.fixed_dictionaries(
    {},
    optional={
        "importance": st.sampled_from([1, 1.0, 3.5, 5]),
        "low_precision": st.booleans(),
    },
)
_tool_flags = st.fixed_dictionaries({}, optional={"hot": st.booleans(), "in_demand": st.booleans()})


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    skill_count = draw(st.integers(1, 4))
    skills = []
    for index in range(skill_count):
        skill: dict[str, Any] = {"id": f"skill-{index}", "name": draw(_names)}
        if draw(st.booleans()):
            skill["description"] = "Something to learn."
        if draw(st.booleans()):
            skill["aliases"] = [f"alias {index}"]
        if draw(st.booleans()):
            skill["group"] = draw(st.sampled_from(["essential", "transferable"]))
        skills.append(skill)
    roles = []
    for index in range(draw(st.integers(1, 5))):
        role: dict[str, Any] = {
            "id": f"role-{index}",
            "title": draw(_names),
            "level": draw(st.integers(1, 4)),
        }
        chosen = draw(st.sets(st.integers(0, skill_count - 1)))
        if chosen or draw(st.booleans()):
            role["skills"] = [
                # The same (skill, level) in several roles is where values are shared; 2 and
                # 2.0 (and importances 1 and 1.0) are equal but must not be shared.
                {"skill": f"skill-{i}", "level": draw(_levels), **draw(_requirement_extras)}
                for i in sorted(chosen)
            ]
        if draw(st.booleans()):
            role["track"] = draw(st.sampled_from(["general", "support"]))
        if draw(st.booleans()):
            role["tools"] = [{"name": "Zendesk", "category": "Ticketing", **draw(_tool_flags)}]
        if draw(st.booleans()):
            role["salaries"] = [{"city": "Oslo", "currency": "NOK", "low": 1, "high": 2}]
        roles.append(role)
    pairs = [(a, b) for a in range(len(roles)) for b in range(len(roles)) if a != b]
    steps = [
        {
            "from": f"role-{a}",
            "to": f"role-{b}",
            "kind": draw(st.sampled_from(["promotion", "lateral"])),
        }
        for a, b in draw(
            st.lists(st.sampled_from(pairs), unique=True, max_size=6) if pairs else st.just([])
        )
    ]
    scale: dict[str, Any] = {"min": 1, "max": 5}
    if draw(st.booleans()):
        scale["editorial"] = draw(st.booleans())
    if draw(st.booleans()):
        scale["rubric"] = {1: "Aware.", 5: "Expert."}
    document: dict[str, Any] = {"skill_scale": scale, "skills": skills, "roles": roles}
    if steps:
        document["steps"] = steps
    if draw(st.booleans()):
        document["name"] = "generated"
    if any("importance" in req for role in roles for req in role.get("skills", [])):
        document["importance_scale"] = {"min": 1, "max": draw(st.sampled_from([5, 5.0]))}
    for key, value in (("version", "1.2"), ("attribution", "By us."), ("licence", "CC0")):
        if draw(st.booleans()):
            document[key] = value
    return document


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents())
def test_any_dataset_comes_back_from_the_cache_unchanged(
    document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("generated")
    data = write_document(base / "generated.yaml", document)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERPATH_CACHE_DIR", str(base / "cache"))
        fresh = load([str(data)], cache=False)
        load([str(data)])
        entry = LadderCache.open([str(data)])
        assert entry is not None
        cached = entry.get()
    assert cached is not None
    assert_same_ladder(cached, fresh)


def test_commands_run_in_process_leave_the_garbage_collector_as_it_was(run: Run) -> None:
    frozen = gc.get_freeze_count()
    outcome = run("show", "team lead", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_the_console_script_freezes_what_it_loaded(cache_path: Path) -> None:
    program = (
        "import gc, sys\n"
        "from careerpath.cli.app import run_once\n"
        "sys.argv = ['careerpath', 'roles', '--json']\n"
        "run_once()\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write(f'{gc.get_freeze_count()} {gc.isenabled()}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True
    )
    frozen, enabled = done.stderr.split()
    assert int(frozen) > 10_000
    assert enabled == "True"
    assert json.loads(done.stdout)["count"] == len(load(["builtin"], cache=False).roles)
    assert len(entries(cache_path)) == 1


def test_a_sealed_companion_is_read_without_hashing_and_a_touched_one_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "companions"
    directory.mkdir()
    entry = cache_module.LadderCache(directory, b"k" * 32)
    entry.path.write_bytes(b"x")
    value = {"names": ["Asiakaspalvelija", "Tiiminvetäjä"] * 50, "numbers": list(range(100))}
    entry.put_companion("names", value)
    path = entry.companion_path("names")
    with monkeypatch.context() as patch:

        def refuse(*args: object) -> None:
            raise AssertionError("a sealed companion was hashed")

        patch.setattr(cache_module, "read_checked", refuse)
        assert entry.get_companion("names") == value
    # One byte of a name changed in place (same size): the seal no longer matches, the
    # checksum is checked, and the damaged companion is not read.
    body = bytearray(path.read_bytes())
    at = body.rindex("Tiiminvetäjä".encode())
    body[at] ^= 0x20
    path.write_bytes(bytes(body))
    assert entry.get_companion("names") is None
    # Another dataset's companion, sealed as it is: not read either.
    other = cache_module.LadderCache(directory, b"o" * 32)
    other.path.write_bytes(b"x")
    other.put_companion("names", value)
    other.companion_path("names").replace(path)
    from careerpath.data.seal import seal

    seal(path)
    assert entry.get_companion("names") is None
