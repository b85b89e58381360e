"""A dataset is the same dataset however its path is spelled: relative, absolute, through
``./`` or ``..``, or a symbolic link. One cache entry, and no second cold load."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from careerpath.data import checks
from careerpath.data.cache import SUFFIX, LadderCache
from careerpath.data.load import load
from tests.conftest import FIXTURES, Run, minimal_document
from tests.test_cache import entries, write_document

OLD = FIXTURES / "onet-old"


@pytest.fixture
def cache_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(directory))
    return directory


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times data files are checked (a cold load), counted as it happens."""
    loads: list[int] = []
    combine = checks.combine

    def counted(*args: Any, **kwargs: Any) -> Any:
        loads.append(1)
        return combine(*args, **kwargs)

    monkeypatch.setattr(checks, "combine", counted)
    return loads


def _spellings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    (tmp_path / "data").mkdir()
    data = write_document(tmp_path / "data" / "tiny.yaml", minimal_document())
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "link.yaml").symlink_to(data)
    (tmp_path / "linked-folder").symlink_to(tmp_path / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path / "data")
    return data, [
        "tiny.yaml",
        "./tiny.yaml",
        str(data),
        "../data/tiny.yaml",
        f"{tmp_path}/./data/../data/tiny.yaml",
        "../elsewhere/link.yaml",
        str(tmp_path / "linked-folder" / "tiny.yaml"),
    ]


def test_every_spelling_of_a_path_shares_one_entry_and_one_cold_load(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, spellings = _spellings(tmp_path, monkeypatch)
    fresh = {spelling: load([spelling], cache=False) for spelling in spellings}
    loads = _count_loads(monkeypatch)
    keys = set()
    for spelling in spellings:
        ladder = load([spelling])
        entry = LadderCache.open([spelling])
        assert entry is not None
        keys.add(entry.key)
        # Named as that load names it, as a load without the cache would.
        assert ladder.files == fresh[spelling].files == [spelling]
        assert list(ladder.roles) == list(fresh[spelling].roles)
    assert len(loads) == 1
    assert len(keys) == 1 and len(entries(cache_path)) == 1


def test_a_file_named_twice_is_the_file_named_once(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _spellings(tmp_path, monkeypatch)
    twice = ["tiny.yaml", "../elsewhere/link.yaml"]
    fresh = load(twice, cache=False)
    loads = _count_loads(monkeypatch)
    load(["./tiny.yaml"])
    assert load(twice).files == fresh.files == ["tiny.yaml"]
    assert len(loads) == 1 and len(entries(cache_path)) == 1


def test_the_same_name_for_another_file_is_another_entry(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The key is the real file and its content: a link moved to another file is a miss.
    data, _ = _spellings(tmp_path, monkeypatch)
    other = tmp_path / "data" / "other.yaml"
    other.write_bytes(data.read_bytes().replace(b"tiny", b"other"))
    link = tmp_path / "elsewhere" / "link.yaml"
    assert load([str(link)]).name == "tiny"
    link.unlink()
    link.symlink_to(other)
    assert load([str(link)]).name == "other"
    assert len(entries(cache_path)) == 2


def test_an_import_primes_the_entry_every_spelling_finds(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Path(os.environ["CAREERPATH_CACHE_DIR"])
    (tmp_path / "sets").mkdir()
    monkeypatch.chdir(tmp_path)
    assert run("import", "onet", str(OLD), "--output", "sets/onet.json").exit_code == 0
    loads = _count_loads(monkeypatch)
    for spelling in (
        "sets/onet.json",
        str(tmp_path / "sets" / "onet.json"),
        "./sets/../sets/onet.json",
    ):
        outcome = run("--data", spelling, "roles", "--json")
        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.json()["count"] == 6
    assert loads == []
    assert len([p for p in cache.glob(f"*{SUFFIX}") if "." not in p.name[: -len(SUFFIX)]]) == 1


def test_an_import_stores_the_similarity_index_and_no_cache_stores_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Path(os.environ["CAREERPATH_CACHE_DIR"])
    monkeypatch.chdir(tmp_path)
    assert run("--no-cache", "import", "onet", str(OLD), "-o", "a.json").exit_code == 0
    assert not cache.exists() or list(cache.iterdir()) == []
    assert run("import", "onet", str(OLD), "-o", "b.json").exit_code == 0
    assert len(list(cache.glob("*.similarity"))) == 1
    # (each file as written: a file written again is a new inode, through its rename)
    written = {p.name: (p.stat().st_ino, p.stat().st_size) for p in cache.iterdir()}
    # The first command after the import finds everything it needs already there.
    outcome = run(
        "--data",
        "b.json",
        "similar",
        run("--data", "b.json", "roles", "--json").json()["roles"][0]["id"],
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert {
        p.name: (p.stat().st_ino, p.stat().st_size) for p in cache.iterdir() if p.suffix != ".where"
    } == {name: when for name, when in written.items() if not name.endswith(".where")}


def test_an_import_that_ends_after_its_output_settled_leaves_a_pointer_to_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The import writes its output, then the store and the indexes (seconds at full size):
    # by then the output has been still long enough to be known by its status, so the first
    # command after the import finds the store without hashing the file.
    from careerpath.cli import importing
    from tests.test_cache_status import forbid_hashing, later, pointers

    cache = Path(os.environ["CAREERPATH_CACHE_DIR"])
    monkeypatch.chdir(tmp_path)
    prime = importing._prime_indexes

    def slow_priming(*args: Any) -> None:  # seconds pass while the indexes are made
        with monkeypatch.context() as patch:
            later(patch)
            prime(*args)

    monkeypatch.setattr(importing, "_prime_indexes", slow_priming)
    assert run("import", "onet", str(OLD), "-o", "b.json").exit_code == 0
    assert len(pointers(cache)) == 1
    fresh = load(["b.json"], cache=False)
    with monkeypatch.context() as patch:
        forbid_hashing(patch)
        found = load(["b.json"])
    assert found.roles == fresh.roles


def test_an_import_that_ends_moments_after_its_output_leaves_no_pointer(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_cache_status import pointers

    cache = Path(os.environ["CAREERPATH_CACHE_DIR"])
    monkeypatch.chdir(tmp_path)
    assert run("import", "onet", str(OLD), "-o", "b.json").exit_code == 0
    assert pointers(cache) == []
