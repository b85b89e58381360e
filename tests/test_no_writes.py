"""Nothing is written anywhere except where a user asked (export --output, init, --svg) and
the cache directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import Run

READ_ONLY_COMMANDS = [
    ("roles",),
    ("show", "csam"),
    ("path", "customer service representative", "vp of customer experience"),
    ("next", "coordinator"),
    ("tree", "csam", "--up"),
    ("gap", "coordinator", "team lead", "--along-route"),
    ("schema",),
    ("export", "--format", "graphml"),
    ("validate", "builtin"),
]


def _files(root: Path) -> set[Path]:
    return {Path(dirpath) / name for dirpath, _, names in os.walk(root) for name in names}


def test_queries_write_nothing_outside_the_cache(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work, cache = tmp_path / "home", tmp_path / "work", tmp_path / "cache"
    for folder in (home, work, cache):
        folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(cache))
    monkeypatch.chdir(work)
    for args in READ_ONLY_COMMANDS:
        outcome = run(*args)
        assert outcome.exit_code == 0, (args, outcome.stderr)
    assert _files(home) == set()
    assert _files(work) == set()
    assert all(path.is_relative_to(cache) for path in _files(tmp_path))


def test_no_cache_writes_nothing_at_all(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    for args in READ_ONLY_COMMANDS:
        outcome = run("--no-cache", *args)
        assert outcome.exit_code == 0, (args, outcome.stderr)
    assert _files(tmp_path) == set()


def test_svg_writes_only_the_file_asked_for(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("--no-cache", "show", "csam", "--svg", "card.svg")
    assert outcome.exit_code == 0, outcome.stderr
    assert _files(tmp_path) == {tmp_path / "card.svg"}
    assert (tmp_path / "card.svg").read_text(encoding="utf-8").startswith("<svg")
