"""The one file writer (``careerpath.data.files``): whole files or none, never over what was not
asked for, never over a directory or a FIFO, and no temporary file left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from careerpath.data.cache import read_checked, write_checked
from careerpath.data.files import write_atomically
from careerpath.errors import CannotWrite, UsageError
from tests.conftest import Run


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("force", [False, True])
def test_a_directory_is_never_replaced(tmp_path: Path, force: bool) -> None:
    target = tmp_path / "out.json"
    target.mkdir()
    (target / "inside.txt").write_text("kept\n", encoding="utf-8")
    # Said as it is, with or without --force.
    with pytest.raises(CannotWrite, match=r"out\.json is a directory$"):
        write_atomically(target, "{}\n", force=force)
    assert target.is_dir()
    assert (target / "inside.txt").read_text(encoding="utf-8") == "kept\n"
    assert _names(tmp_path) == ["out.json"]


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_is_never_replaced(tmp_path: Path, force: bool) -> None:
    target = tmp_path / "pipe"
    os.mkfifo(target)
    with pytest.raises(CannotWrite, match=r"pipe is not a regular file: it is a named pipe"):
        write_atomically(target, "graph\n", force=force)
    assert stat.S_ISFIFO(target.lstat().st_mode)
    assert _names(tmp_path) == ["pipe"]


def test_a_link_to_a_fifo_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    with pytest.raises(CannotWrite, match=f"link is a symbolic link \\(to {fifo}\\)"):
        write_atomically(link, "graph\n", force=True)
    assert link.is_symlink() and stat.S_ISFIFO(fifo.stat().st_mode)
    assert _names(tmp_path) == ["link", "pipe"]


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "ladder.mmd"
    target.write_text("someone else's\n", encoding="utf-8")
    with pytest.raises(UsageError, match="exists; use --force"):  # exit 2 on the command line
        write_atomically(target, "mine\n", force=False)
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert _names(tmp_path) == ["ladder.mmd"]


@pytest.mark.parametrize("force", [False, True])
def test_a_dangling_link_is_neither_followed_nor_replaced(tmp_path: Path, force: bool) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(CannotWrite, match=r"out\.json is a symbolic link"):
        write_atomically(link, "{}\n", force=force)
    assert not (tmp_path / "elsewhere.json").exists()
    assert link.is_symlink() and _names(tmp_path) == ["out.json"]


@pytest.mark.parametrize("force", [False, True])
def test_a_link_is_refused_not_replaced_nor_written_through(tmp_path: Path, force: bool) -> None:
    theirs = tmp_path / "theirs.json"
    theirs.write_text("not yours\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(theirs)
    with pytest.raises(CannotWrite, match=r"give the file itself, or remove the link"):
        write_atomically(link, "{}\n", force=force)
    assert link.is_symlink() and link.resolve() == theirs
    assert theirs.read_text(encoding="utf-8") == "not yours\n"
    assert _names(tmp_path) == ["out.json", "theirs.json"]


def test_a_replace_leaves_the_new_content_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "ladder.json"
    target.write_text("old\n", encoding="utf-8")
    umask = os.umask(0o022)
    try:
        write_atomically(target, "nouveau — uusi\n", force=True)
    finally:
        os.umask(umask)
    assert target.read_bytes() == "nouveau — uusi\n".encode()
    assert target.stat().st_mode & 0o777 == 0o644
    assert _names(tmp_path) == ["ladder.json"]


def test_a_new_file_in_parts_stays_private_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "entry.ladder"
    write_atomically(target, (b"head", b"body"), force=False, private=True)
    assert target.read_bytes() == b"headbody"
    assert target.stat().st_mode & 0o777 == 0o600
    assert _names(tmp_path) == ["entry.ladder"]


@pytest.mark.parametrize("durable", [True, False])
def test_durable_content_reaches_the_disk_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append("fsync")
        real_fsync(descriptor)

    def replace(source: str, target: Path) -> None:
        events.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomically(tmp_path / "out.txt", "x\n", force=True, durable=durable)
    assert events == (["fsync", "replace"] if durable else ["replace"])


def test_a_failed_rename_leaves_no_temporary_file_by_its_given_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "entry.ladder"
    target.write_bytes(b"previous")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(CannotWrite, match=r"cannot write .*No space left on device"):
        write_atomically(target, [b"new"], force=True, prefix=".tmp-", suffix=".ladder")
    assert target.read_bytes() == b"previous"
    assert _names(tmp_path) == ["entry.ladder"]


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "out.txt", "x\n", force=True)
    assert _names(tmp_path) == []


def test_the_cache_writes_through_the_same_writer(tmp_path: Path) -> None:
    key = bytes(32)
    entry = tmp_path / "cache" / "entry.ladder"
    assert write_checked(entry, key, b"body")
    body = read_checked(entry, key)
    assert body is not None and bytes(body) == b"body"
    assert entry.stat().st_mode & 0o777 == 0o600
    assert _names(entry.parent) == ["entry.ladder"]
    fifo = tmp_path / "cache" / "fifo.ladder"
    os.mkfifo(fifo)
    assert not write_checked(fifo, key, b"body")  # refused, not raised
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_export_to_a_fifo_is_refused_with_exit_2(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "pipe"
    os.mkfifo(target)
    outcome = run("export", "--output", str(target), "--force")
    assert outcome.exit_code == 2
    assert outcome.exception is None
    assert outcome.stdout == ""
    assert f"{target} is not a regular file: it is a named pipe (FIFO)" in outcome.stderr
    assert stat.S_ISFIFO(target.lstat().st_mode)
