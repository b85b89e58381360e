"""The cache finds a data file's entry by the file's status, without reading it, and never
answers from a stale entry: an edit that keeps the size and the times still misses."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from careerpath.data import cache as cache_module
from careerpath.data.cache import POINTER_SUFFIX, SUFFIX
from careerpath.data.load import load
from tests.conftest import minimal_document


@pytest.fixture
def cache_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(directory))
    return directory


def later(monkeypatch: pytest.MonkeyPatch, seconds: float = 10) -> None:
    """Let the cache believe *seconds* have passed since the data files last changed."""
    real = time.time_ns
    monkeypatch.setattr(cache_module.time, "time_ns", lambda: real() + int(seconds * 1e9))


def pointers(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{POINTER_SUFFIX}"))


def entries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob(f"*{SUFFIX}") if not p.name.startswith("."))


def write(path: Path, title: str) -> Path:
    document: dict[str, Any] = minimal_document()
    document["roles"][0]["title"] = {"en": title}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def forbid_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the data file was hashed to find its entry")

    monkeypatch.setattr(cache_module, "_key", refuse)


def test_a_still_file_is_found_by_its_status_without_being_read(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write(tmp_path / "tiny.yaml", "Junior")
    later(monkeypatch)
    fresh = load([str(data)], cache=False)
    load([str(data)])
    assert len(pointers(cache_path)) == 1
    with monkeypatch.context() as patch:
        forbid_hashing(patch)
        cached = load([str(data)])
    assert cached.roles == fresh.roles
    assert cached.files == fresh.files


def test_every_spelling_of_a_path_shares_one_entry_and_one_pointer(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write(tmp_path / "tiny.yaml", "Junior")
    link = tmp_path / "link.yaml"
    link.symlink_to(data)
    monkeypatch.chdir(tmp_path)
    later(monkeypatch)
    load(["tiny.yaml"])
    forbid_hashing(monkeypatch)
    for spelling in ("./tiny.yaml", str(data), "link.yaml", f"{tmp_path}/./tiny.yaml"):
        assert load([spelling]).roles["junior"].title.en == "Junior"
    assert len(entries(cache_path)) == 1
    assert len(pointers(cache_path)) == 1


def test_an_edit_in_place_that_keeps_size_and_mtime_is_a_miss(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write(tmp_path / "tiny.yaml", "Junior")
    before = data.stat()
    with monkeypatch.context() as patch:
        later(patch)
        assert load([str(data)]).roles["junior"].title.en == "Junior"
    assert len(pointers(cache_path)) == 1
    time.sleep(0.05)  # longer than the coarsest tick of a local file system's clock
    with data.open("r+b") as handle:  # same inode, same size
        content = handle.read()
        handle.seek(0)
        handle.write(content.replace(b"Junior", b"Junoir"))
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = data.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    later(monkeypatch)
    assert load([str(data)]).roles["junior"].title.en == "Junoir"


def test_a_file_replaced_by_one_of_the_same_size_and_mtime_is_a_miss(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write(tmp_path / "tiny.yaml", "Junior")
    before = data.stat()
    later(monkeypatch)
    assert load([str(data)]).roles["junior"].title.en == "Junior"
    other = write(tmp_path / "other.yaml", "Junoir")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    other.replace(data)  # an editor's save: a new inode under the old name
    assert load([str(data)]).roles["junior"].title.en == "Junoir"


def test_a_file_changed_moments_ago_is_hashed_every_time(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its times could be those of an edit still to come in the same tick of the clock: no
    # pointer is written until it has been still for a while.
    data = write(tmp_path / "tiny.yaml", "Junior")
    load([str(data)])
    load([str(data)])
    assert pointers(cache_path) == []
    assert len(entries(cache_path)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: os.urandom(len(blob)),
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],
        lambda blob: blob[:-1] + bytes([blob[-1] ^ 0xFF]),  # points at an entry that is not
    ],
    ids=["random bytes", "emptied", "truncated", "points elsewhere"],
)
def test_a_damaged_pointer_gives_the_answer_of_a_fresh_load(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    data = write(tmp_path / "tiny.yaml", "Junior")
    later(monkeypatch)
    load([str(data)])
    (pointer,) = pointers(cache_path)
    pointer.write_bytes(damage(pointer.read_bytes()))
    assert load([str(data)]).roles == load([str(data)], cache=False).roles


def test_a_pointer_that_is_a_folder_is_no_error(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write(tmp_path / "tiny.yaml", "Junior")
    later(monkeypatch)
    load([str(data)])
    (pointer,) = pointers(cache_path)
    pointer.unlink()
    pointer.mkdir()
    assert load([str(data)]).roles["junior"].title.en == "Junior"


def test_old_pointers_are_pruned(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later(monkeypatch)
    for index in range(cache_module.MAX_POINTERS + 3):
        load([str(write(tmp_path / f"tiny-{index}.yaml", f"Junior {index}"))])
    assert len(pointers(cache_path)) <= cache_module.MAX_POINTERS


def test_a_file_touched_again_and_again_leaves_a_bounded_number_of_pointers(
    cache_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write(tmp_path / "tiny.yaml", "Junior")
    later(monkeypatch)
    for index in range(cache_module.MAX_POINTERS + 3):
        os.utime(data, ns=(10**9 * index, 10**9 * index))  # the same content, a new status
        assert load([str(data)]).roles["junior"].title.en == "Junior"
    assert len(entries(cache_path)) == 1
    assert len(pointers(cache_path)) <= cache_module.MAX_POINTERS
