"""Ctrl-C at any moment of an import, a killed import, and the temporary files it leaves.

Each interruption is made deterministic by a hook: the import runs in a process of its own
that pauses at one chosen point (reading a file, building the dataset, checking it, writing
it, filling the cache) and says so through a file; only then is it sent SIGINT (or SIGKILL).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import careerpath
from careerpath.data import files
from careerpath.data.load import load
from tests.conftest import FIXTURES, Run
from tests.fixtures import make_esco as esco

fcntl = pytest.importorskip("fcntl")

OLD = FIXTURES / "onet-old"
PACKAGE_ROOT = Path(careerpath.__file__).resolve().parents[1]
"""Where the careerpath under test lives: the processes started here run the same code."""

HOOKED = """
import os, signal, sys, time

# Ctrl-C raises KeyboardInterrupt, whatever the shell that started the tests ignores.
signal.signal(signal.SIGINT, signal.default_int_handler)
point, ready = sys.argv[1], sys.argv[2]


def pause():
    with open(ready, "w"):
        pass
    time.sleep(120)
    sys.exit("the hook waited in vain")


def before(owner, name, when=lambda *args: True):
    original = getattr(owner, name)

    def hooked(*args, **kwargs):
        if when(*args):
            pause()
        return original(*args, **kwargs)

    setattr(owner, name, hooked)


if point == "reading":
    from careerpath.data.importers.source import ReleaseFiles
    before(ReleaseFiles, "text", lambda self, name: name.lower().startswith("skills"))
elif point == "building":
    from careerpath.data.importers import esco, onet
    before(onet, "dataset_document")
    before(esco, "dataset_document")
elif point == "checking":
    import careerpath.data.importers as importers
    before(importers, "check_document")
elif point == "writing":
    before(os, "fsync")
elif point == "caching":
    from careerpath.data.cache import LadderCache
    before(LadderCache, "put")

from careerpath.cli.app import main

sys.argv = ["careerpath", *sys.argv[3:]]
main()
"""


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CAREERPATH_", "LC_", "LANG"))
    }
    env.update(
        CAREERPATH_CACHE_DIR=str(tmp_path / "cache"),
        CAREERPATH_DATA_DIR=str(tmp_path / "data"),
        LANG="C.UTF-8",
        NO_COLOR="1",
        PYTHONPATH=os.pathsep.join([str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]),
    )
    return env


def _paused(tmp_path: Path, point: str, *args: str) -> subprocess.Popen[str]:
    """An import paused at *point*, once it says it got there."""
    script = tmp_path / "hooked.py"
    script.write_text(HOOKED, encoding="utf-8")
    ready = tmp_path / f"ready-{point}"
    ready.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, str(script), point, str(ready), *args],
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not ready.exists():
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the import ended before reaching {point}: {process.returncode}\n{err}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the import never reached {point}")
        time.sleep(0.02)
    return process


def _interrupted(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def _temporary_files(*folders: Path) -> list[Path]:
    return [
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if path.name.startswith(".")
    ]


def _sources(tmp_path: Path, importer: str) -> list[str]:
    if importer == "onet":
        return [str(OLD)]
    return [str(esco.write_folder(tmp_path / "packs", "en"))]


@pytest.mark.parametrize(
    ("importer", "point"),
    [
        ("onet", "reading"),
        ("onet", "building"),
        ("onet", "checking"),
        ("onet", "writing"),
        ("esco", "reading"),
        ("esco", "writing"),
    ],
)
def test_ctrl_c_before_the_file_is_whole_exits_130_and_writes_nothing(
    tmp_path: Path, importer: str, point: str
) -> None:
    output = tmp_path / "out" / "dataset.json"
    output.parent.mkdir()
    sources = _sources(tmp_path, importer)
    process = _paused(tmp_path, point, "import", importer, *sources, "--output", str(output))
    if point == "writing":  # paused inside the writer: its temporary file is there
        assert len(_temporary_files(output.parent)) == 1
    code, out, err = _interrupted(process)
    assert code == 130, err
    assert "Traceback" not in err and "Aborted" not in err
    assert "Interrupted: nothing was written." in err
    assert out == ""
    assert list(output.parent.iterdir()) == []
    assert _temporary_files(tmp_path / "cache") == []


def test_ctrl_c_after_the_file_is_written_says_so_and_leaves_it_whole(tmp_path: Path) -> None:
    output = tmp_path / "out" / "onet.json"
    output.parent.mkdir()
    process = _paused(tmp_path, "caching", "import", "onet", str(OLD), "--output", str(output))
    code, out, err = _interrupted(process)
    assert out == ""
    assert code == 130, err
    assert "Traceback" not in err
    assert f"Interrupted after writing {output} (whole)." in err
    assert [path.name for path in output.parent.iterdir()] == ["onet.json"]
    assert json.loads(output.read_text(encoding="utf-8"))["name"] == "onet"
    assert len(load([str(output)], cache=False).roles) == 6
    assert _temporary_files(tmp_path / "cache") == []


def test_a_killed_import_leaves_a_temporary_file_the_next_import_there_removes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    process = _paused(tmp_path, "writing", "import", "onet", str(OLD), "-o", str(folder / "a.json"))
    process.kill()
    process.communicate(timeout=60)
    left = _temporary_files(folder)
    assert [path.name.startswith(".a.json.") for path in left] == [True]
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    time.sleep(0.05)  # the next run begins strictly after the killed one stopped writing
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "careerpath",
            "import",
            "onet",
            str(OLD),
            "-o",
            str(folder / "b.json"),
        ],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["b.json", "notes.txt"]


def test_only_the_writers_abandoned_temporary_files_are_removed(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    long_ago = time.time() - 86_400

    def made(name: str, old: bool = True) -> Path:
        path = folder / name
        path.write_text("x\n", encoding="utf-8")
        # Long before this process began writing, or (whatever the clock's grain) after it.
        when = long_ago if old else time.time() + 3600
        os.utime(path, (when, when))
        return path

    abandoned = [
        made(".onet.json.ab12cd34.careerpath-tmp"),
        made(".esco.json.zz_99xyz.careerpath-tmp"),  # another target's, in the same folder
    ]
    kept = [
        made(".onet.json.fresh123.careerpath-tmp", old=False),  # a run since this one began
        made(".onet.json.ab12cd34"),  # not the writer's name
        made("onet.json.ab12cd34.careerpath-tmp"),
        made(".onet.json.ab12.careerpath-tmp"),
        made(".onet.json.ab12cd34.careerpath-tmp.bak"),
        made("notes.txt"),
    ]
    locked = made(".onet.json.locked12.careerpath-tmp")  # a live writer holds it
    link = folder / ".onet.json.linked12.careerpath-tmp"
    link.symlink_to(made("target.txt"))
    os.utime(link, (long_ago, long_ago), follow_symlinks=False)
    kept += [locked, link, folder / "target.txt"]
    with locked.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        outcome = run("import", "onet", str(OLD), "--output", str(folder / "onet.json"))
    assert outcome.exit_code == 0, outcome.stderr
    assert not any(path.exists() for path in abandoned)
    assert all(os.path.lexists(path) for path in kept)
    assert sorted(folder.iterdir()) == sorted([*kept, folder / "onet.json"])
    assert files.remove_leftovers(folder) == [locked]  # its writer is gone now
