"""An import through the console script (the cyclic collector off, the process ended with
os._exit) primes the cache as an import in process does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Run


def kinds(cache: Path) -> list[str]:
    """The files of a cache folder, each entry's key left out."""
    return sorted(re.sub(r"^[0-9a-f]{40}", "KEY", path.name) for path in cache.iterdir())


def test_an_import_through_the_console_script_primes_what_an_import_in_process_does(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = FIXTURES / "onet-old"
    env = {**os.environ, "CAREERPATH_CACHE_DIR": str(tmp_path / "console")}
    done = subprocess.run(
        [sys.executable, "-m", "careerpath", "import", "onet", str(release), "-o",
         str(tmp_path / "console.json")],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "inprocess"))
    outcome = run("import", "onet", str(release), "-o", str(tmp_path / "inprocess.json"))
    assert outcome.exit_code == 0
    assert kinds(tmp_path / "console") == kinds(tmp_path / "inprocess")
    assert any(name.endswith(".similarity") for name in kinds(tmp_path / "console"))
    assert any(name.endswith(".names.ladder") or name.endswith(".ladder") for name in
               kinds(tmp_path / "console"))  # fmt: skip
