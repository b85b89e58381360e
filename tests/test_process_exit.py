"""The console script ends the process without the interpreter's teardown, losing nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

ROOT = Path(__file__).parents[1]


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CAREERPATH")}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        CAREERPATH_CACHE_DIR=str(tmp_path / "cache"),
        CAREERPATH_DATA_DIR=str(tmp_path / "data"),
        COLUMNS="120",
        NO_COLOR="1",
        LANG="C.UTF-8",
    )
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    return env


def _console(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``careerpath ARGS`` as the console script runs it, with a teardown hook that speaks."""
    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('TEARDOWN\\n'))\n"
        "from careerpath.cli.app import main\n"
        f"sys.argv = ['careerpath', *{list(args)!r}]\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("roles",), 0),
        (("roles", "--json"), 0),
        (("show", "team lead"), 0),
        (("path", "customer-service-representative", "team lead"), 0),
        (("show", "no such role at all"), 1),
        (("path", "team lead", "no such role at all"), 1),
        (("roles", "--no-such-option"), 2),
        (("--version",), 0),
        (("--help",), 0),
    ],
)
def test_the_console_script_says_all_an_in_process_run_says_and_skips_the_teardown(
    args: tuple[str, ...], code: int, tmp_path: Path, run: Run
) -> None:
    done = _console(tmp_path, *args)
    in_process = run(*args)
    assert done.returncode == code == in_process.exit_code, done.stderr
    assert done.stdout == in_process.stdout
    assert "TEARDOWN" not in done.stderr  # atexit handlers run only in a teardown
    assert done.stderr == in_process.stderr


def test_a_large_answer_reaches_a_pipe_whole(tmp_path: Path) -> None:
    data = tmp_path / "wide.yaml"
    roles = "\n".join(
        f"  - {{id: role-{index}, title: {{en: Role number {index}}}, level: {1 + index % 4}}}"
        for index in range(3000)
    )
    data.write_text(
        f"skill_scale: {{min: 1, max: 5}}\nskills: []\nroles:\n{roles}\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "careerpath", "--data", str(data), "roles", "--json"],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["roles"]) == 3000


def test_an_exit_with_a_message_is_status_one_with_the_message(tmp_path: Path) -> None:
    from careerpath.cli.app import exit_code

    assert exit_code(None) == 0
    assert exit_code(2) == 2
    assert exit_code(256 + 3) == 3
    assert exit_code(-1) == 255
    assert exit_code("bye") == 1


def test_the_console_script_runs_its_command_without_the_cyclic_collector(
    tmp_path: Path,
) -> None:
    # A command's objects live until the process ends: the console script does not pay for
    # collecting them in passes. (A process that imports careerpath keeps its collector.)
    program = (
        "import gc, sys\n"
        "import careerpath.cli.app as app\n"
        "assert gc.isenabled()\n"
        "real = app.run_once\n"
        "app.run_once = lambda: (sys.stderr.write(f'COLLECTOR {gc.isenabled()}\\n'), real())[1]\n"
        "sys.argv = ['careerpath', 'show', 'team lead']\n"
        "app.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "COLLECTOR False" in done.stderr
    assert "Team Lead" in done.stdout
