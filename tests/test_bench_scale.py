"""benchmarks/scale.py: its verdicts against figures recomputed by hand, its questions against
careerpath's own answers, and a failing careerpath reported rather than crashing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from benchmarks import scale

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "scale.py"


def job(scale_name: str, key: str, *walls: float, cpu: float | None = None, peak_mb: float = 40):
    """A job that ran with these wall times (CPU time the same unless given)."""
    timed = scale.Job(scale_name, key, ["careerpath", key], {})
    for wall in walls:
        sample = scale.Sample(wall, wall if cpu is None else cpu, int(peak_mb * 1_048_576), 0, "")
        timed.samples.append(sample)
    return timed


def plan(scale_name: str, walls: dict[str, float], **extra: scale.Job) -> scale.ScalePlan:
    jobs = {key: job(scale_name, key, walls.get(key, 0.25)) for key in scale.QUERIES}
    return scale.ScalePlan(scale_name, {**jobs, **extra})


def cells(document: dict[str, Any], row: str) -> dict[str, Any]:
    return next(r["cells"] for r in document["targets"] if r["row"] == row)


def test_ratios_and_verdicts_recomputed_by_hand() -> None:
    floor, graph_floor = job("", "B", 0.19, 0.20, 0.30), job("", "F", 0.30)
    builtin = plan("builtin", {"show-id": 0.26, "show-name": 0.264, "path": 0.36})
    failed_similar = scale.Job("10k", "similar", ["careerpath"], {})
    failed_similar.failed = "exit code 1: error: too big"
    tenk = plan(
        "10k",
        {"show-id": 0.29, "gap": 0.28, "path": 0.41},
        similar=failed_similar,
        **{
            "import": job("10k", "import", 59.96, peak_mb=499.4),
            "first-show": job("10k", "first-show", 0.3625),
        },
    )
    tenk.jobs["next"] = job("10k", "next", 0.25, peak_mb=80.4)
    document = scale.judge([builtin, tenk], floor, graph_floor, "wall")
    b = 0.20  # the median of B's runs
    assert document["B"]["wall_ms"] == pytest.approx(b * 1000)
    show = cells(document, "show-id")
    assert show["builtin"]["value"] == pytest.approx(0.26 / b)  # 1.30: met, at the limit
    assert show["builtin"]["met"] is True
    assert show["10k"]["value"] == pytest.approx(0.29 / b)
    assert show["10k"]["met"] is False
    assert cells(document, "show-name")["builtin"]["met"] is False  # 1.32
    assert cells(document, "show-name")["builtin"]["text"] == "1.32"
    path = cells(document, "path")
    assert path["builtin"]["value"] == pytest.approx((0.36 - 0.30) / b)  # F + 0.30 B: met
    assert path["builtin"]["met"] is True
    assert path["10k"]["value"] == pytest.approx((0.41 - 0.30) / b)
    assert not path["10k"]["met"]
    similar = cells(document, "similar")
    assert similar["10k"]["failed"] == "exit code 1: error: too big"
    assert similar["builtin"]["met"] is True
    growth_show = cells(document, "growth-show-id")["10k"]
    assert growth_show["value"] == pytest.approx((0.29 - 0.26) / b)  # +0.15 B: met
    assert growth_show["met"] is True
    growth_path = cells(document, "growth-path")["10k"]
    assert growth_path["value"] == pytest.approx((0.41 - 0.36) / b)
    assert not growth_path["met"]
    memory = cells(document, "warm-memory")
    assert memory["10k"]["value"] == pytest.approx(80.4)
    assert memory["10k"]["met"] is True  # shown as 80 MB
    assert memory["builtin"]["met"] is None  # no target below 10,000
    first = cells(document, "first-show")["10k"]
    assert first["value"] == pytest.approx(0.3625 / 0.29)
    assert first["met"] is True  # 1.25
    imported = cells(document, "import")["10k"]
    assert imported["value"] == pytest.approx(59.96)
    assert imported["met"] is False  # 60.0 s
    # The same figures judged on CPU time, which here says B took 0.1 s: every ratio doubles.
    floor_cpu = job("", "B", 0.2, cpu=0.1)
    on_cpu = scale.judge([builtin, tenk], floor_cpu, graph_floor, "cpu")
    assert cells(on_cpu, "show-id")["builtin"]["value"] == pytest.approx(2.6)
    assert cells(on_cpu, "show-id")["builtin"]["met"] is False


def test_a_failure_is_a_cell_and_a_note_in_the_table() -> None:
    floor, graph_floor = job("", "B", 0.2), job("", "F", 0.3)
    broken = scale.ScalePlan("onet", error="`--json roles`: exit code 1: error: file is 34.9 MB")
    for key in scale.QUERIES:
        failing = scale.Job("onet", key, ["careerpath"], {})
        failing.failed = broken.error
        broken.jobs[key] = failing
    document = scale.judge([plan("builtin", {}), broken], floor, graph_floor, "wall")
    text = scale.render({**document, **about()}, markdown=True)
    header, _rule, *rows = text.split("\n\n")[1].splitlines()
    assert "| O*NET 1,016 |" in header
    for row in rows:
        assert row.rstrip(" |").endswith("**failed** [1]"), row
    assert "[1] O*NET 1,016: `--json roles`: exit code 1: error: file is 34.9 MB" in text


def about() -> dict[str, Any]:
    machine = {"python": "3", "system": "Linux", "cores": 2, "load_before": 0, "load_after": 0}
    return {"date": "today", "careerpath": "careerpath 0", "runs": 1, "warmup": 0,
            "import_runs": 1, "machine": machine}  # fmt: skip


def run_script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_built_in_scale_end_to_end_asks_what_careerpath_answers(tmp_path: Path) -> None:
    result = run_script("--scales", "builtin", "--runs", "1", "--warmup", "0", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    b = document["B"]["wall_ms"]
    built_in = document["scales"]["builtin"]
    questions = built_in["questions"]
    for key, figures in built_in["commands"].items():
        assert figures["failed"] is None, key
        assert figures["ratio_wall"] == pytest.approx(figures["wall_ms"] / b)
        assert figures["ratio_cpu"] == pytest.approx(figures["cpu_ms"] / document["B"]["cpu_ms"])
    # The questions are true of the data: ask careerpath itself.
    careerpath = [str(Path(sys.executable).with_name("careerpath"))]
    env = {**os.environ, "CAREERPATH_CACHE_DIR": str(tmp_path), "NO_COLOR": "1"}
    env.pop("CAREERPATH_DATA", None)

    def answer(*args: str) -> Any:
        done = subprocess.run([*careerpath, "--json", *args], capture_output=True, env=env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert answer("show", questions["alias"])["id"] == questions["role"]
    steps = answer("next", questions["role"])["candidates"]
    assert questions["target"] in [step["id"] for step in steps]
    assert answer("roles", "--search", questions["word"])["roles"]
    assert questions["roles"] == answer("roles")["count"]
    # and the timed command lines are those questions
    commands = built_in["commands"]
    assert commands["path"]["argv"] == ["path", questions["role"], questions["target"]]
    assert commands["show-name"]["argv"] == ["show", questions["alias"]]


def test_a_careerpath_that_fails_is_reported_and_exits_0(tmp_path: Path) -> None:
    """A stand-in venv whose careerpath fails every command as an oversized file does."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    careerpath = bin_dir / "careerpath"
    careerpath.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = --version ]; then echo "careerpath 0.0"; exit 0; fi\n'
        'echo "error: data.json: file is 34.9 MB; the limit is 32 MB" >&2\n'
        'echo "error: invalid data: 1 problem" >&2\n'
        "exit 1\n"
    )
    for script in (python, careerpath):
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    result = run_script(
        "--scales", "builtin", "--runs", "1", "--warmup", "0", "--venv", str(tmp_path / "venv")
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "careerpath 0.0 at every scale" in result.stdout
    note = (
        "[1] built-in: `--json roles`: exit code 1: "
        "error: data.json: file is 34.9 MB; the limit is 32 MB"
    )
    assert note in result.stdout
    table = result.stdout.split("\n\n")[1].splitlines()[2:]
    assert table and all(line.endswith("failed [1]") for line in table)
    # B and F still ran, with the stand-in's Python
    assert "B = " in result.stdout and "F = " in result.stdout


def test_unknown_scale_is_a_usage_error() -> None:
    result = run_script("--scales", "builtin,esco-20k")
    assert result.returncode == 2
    assert "esco-20k" in result.stderr
