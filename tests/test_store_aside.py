"""The console script writes a new store in a child process while it answers, and waits for
it before it ends: when the command returns, the store is whole, and the next command reads
it. Where no child can be started, the store is written in the process itself."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from careerpath.data.cache import SUFFIX
from careerpath.data.load import load
from careerpath.data.stored import StoredLadder
from tests.conftest import FIXTURES, Run
from tests.test_cache import assert_same_ladder
from tests.test_store import big_document

DATA = FIXTURES / "names_esco.yaml"

# The console script's entry point, with os.fork wrapped: each fork's outcome is written to a
# log (the parent's view: the child's pid, or the error when forking is refused).
PROBE = """
import os, sys
log, refuse = sys.argv[1], sys.argv[2] == "refuse"
real = os.fork
def fork():
    if refuse:
        with open(log, "a") as out:
            out.write("refused\\n")
        raise OSError("no more processes")
    pid = real()
    if pid:
        with open(log, "a") as out:
            out.write(f"child {pid}\\n")
    return pid
os.fork = fork
sys.argv = ["careerpath", *sys.argv[3:]]
from careerpath.cli.app import main
main()
"""


def console(log: Path, how: str, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CAREERPATH_CACHE_DIR": str(cache), "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-c", PROBE, str(log), how, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stores(cache: Path) -> list[Path]:
    return [
        path
        for path in cache.glob(f"*{SUFFIX}")
        if not path.name.startswith(".") and "." not in path.name[: -len(SUFFIX)]
    ]


@pytest.mark.parametrize("how", ["fork", "refuse"])
def test_a_new_store_is_whole_when_the_command_returns(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, log = tmp_path / "cache", tmp_path / "forks.log"
    question = ("--data", str(DATA), "show", "3341.6")
    done = console(log, how, cache, *question)
    # At once, before anything else runs: the writer has ended, leaving its store whole.
    forks = log.read_text().splitlines()
    if how == "fork":
        assert len(forks) == 1 and forks[0].startswith("child ")
        with pytest.raises(ProcessLookupError):  # ended, and waited for by its parent
            os.kill(int(forks[0].split()[1]), 0)
    else:
        assert forks == ["refused"]
    assert sorted(path.name for path in cache.iterdir() if path.name.startswith(".")) == []
    (store,) = stores(cache)
    assert store.with_name(store.name + ".seal").is_file()
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    fresh = console(tmp_path / "unused.log", "fork", tmp_path / "other", "--no-cache", *question)
    assert done.stdout == fresh.stdout != ""
    # The store holds the dataset.
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(cache))
    read = load([str(DATA)])
    assert isinstance(read, StoredLadder)
    assert_same_ladder(read, load([str(DATA)], cache=False))
    # The similarity index the command built beside it was kept too (written while the child
    # was writing the store).
    assert any(path.name.endswith(".similarity") for path in cache.iterdir())


def test_an_index_made_while_the_store_is_written_is_kept_beside_it(tmp_path: Path) -> None:
    """A large dataset's index of names is kept beside its store: one made by the command
    whose child is still writing the store is kept too (the next command reads it)."""
    data = tmp_path / "big.json"
    data.write_text(json.dumps(big_document(1100)), encoding="utf-8")
    cache, log = tmp_path / "cache", tmp_path / "forks.log"
    question = ("--data", str(data), "roles", "--search", "alias 7", "--limit", "5")
    done = console(log, "fork", cache, *question)
    assert done.returncode == 0 and "role-7" in done.stdout, done.stderr
    assert log.read_text().startswith("child ")
    (store,) = stores(cache)
    kept = store.with_name(store.name[: -len(SUFFIX)] + ".names" + SUFFIX)
    assert kept.is_file() and kept.with_name(kept.name + ".seal").is_file()
    log.unlink()
    again = console(log, "fork", cache, *question)
    assert again.stdout == done.stdout and not log.exists()


def test_a_command_answered_from_the_store_starts_no_writer(tmp_path: Path) -> None:
    cache, log = tmp_path / "cache", tmp_path / "forks.log"
    question = ("--data", str(DATA), "show", "3341.6")
    console(log, "fork", cache, *question)
    log.unlink()
    again = console(log, "fork", cache, *question)
    assert again.returncode == 0 and again.stdout
    assert not log.exists()


def test_a_writer_that_cannot_write_leaves_the_answer_alone(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    log = tmp_path / "forks.log"
    question = ("--data", str(DATA), "show", "3341.6")
    done = console(log, "fork", blocked, *question)
    fresh = console(tmp_path / "unused.log", "fork", tmp_path / "other", "--no-cache", *question)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", fresh.stdout)
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def kinds(cache: Path) -> list[str]:
    """The files of a cache folder, each entry's key left out."""
    return sorted(re.sub(r"^[0-9a-f]{40}", "KEY", path.name) for path in cache.iterdir())


def test_an_import_through_the_console_script_primes_what_an_import_in_process_does(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import reads its own store right after writing it (to make the indexes kept beside
    it): the console script's import writes it in the process, and leaves the same files."""
    release = FIXTURES / "onet-old"
    log = tmp_path / "forks.log"
    done = console(
        log, "fork", tmp_path / "console", "import", "onet", str(release), "-o",
        str(tmp_path / "console.json"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not log.exists()  # no writer process: the import waits for nothing
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "inprocess"))
    outcome = run("import", "onet", str(release), "-o", str(tmp_path / "inprocess.json"))
    assert outcome.exit_code == 0
    assert kinds(tmp_path / "console") == kinds(tmp_path / "inprocess")
    assert any(name.endswith(".similarity") for name in kinds(tmp_path / "console"))
