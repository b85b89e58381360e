"""Compare careerpath commands between two source trees, as ratios to the bare Typer app (B).

Usage: ``python benchmarks/ab.py --before SRC --after SRC [--runs N] [--data FILE]
[--label NAME] ARGS [:: ARGS ...]``

Each ARGS is one careerpath command line (``show team-lead``). Every command runs once per tree
to warm the cache (each tree has a cache directory of its own), then ``--runs`` times, runs of
B and of both trees interleaved, so a change in the machine's load touches all alike. Prints
the median wall time and CPU time (user + system: what the process spent itself, steadier on a
busy machine) in milliseconds, each with its ratio to B's, and the median peak memory (MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Run *argv* once: wall seconds, CPU seconds (user + system), peak resident bytes, exit
    code. CPU time is what the process itself spent, whatever else the machine runs."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss * 1024, process.returncode


HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", action="append", default=[])
    parser.add_argument("commands", nargs="+")
    options = parser.parse_args()
    commands: list[list[str]] = [[]]
    for word in options.commands:
        if word == "::":
            commands.append([])
        else:
            commands[-1].append(word)
    commands = [command for command in commands if command]
    data = [word for path in options.data for word in ("--data", path)]
    scratch = Path(tempfile.mkdtemp(prefix="careerpath-ab-"))
    base = dict(os.environ, NO_COLOR="1", COLUMNS="120", PYTHONPYCACHEPREFIX=str(scratch / "pyc"))
    trees = {"before": options.before, "after": options.after}
    envs = {
        name: dict(base, PYTHONPATH=src, CAREERPATH_CACHE_DIR=str(scratch / f"cache-{name}"))
        for name, src in trees.items()
    }
    python = sys.executable
    jobs: list[tuple[str, list[str], dict[str, str]]] = [
        ("B", [python, str(HERE / "baseline_app.py"), "hello"], base)
    ]
    for command in commands:
        for name in trees:
            argv = [python, "-m", "careerpath", *data, *command]
            jobs.append((f"{name}: {' '.join(command)}", argv, envs[name]))
    times: dict[str, list[float]] = {label: [] for label, _, _ in jobs}
    cpus: dict[str, list[float]] = {label: [] for label, _, _ in jobs}
    memory: dict[str, list[int]] = {label: [] for label, _, _ in jobs}
    for _, argv, env in jobs:  # warm the caches and the bytecode
        run_process(argv, env)
    for _ in range(options.runs):
        for label, argv, env in jobs:
            seconds, cpu, peak, code = run_process(argv, env)
            if code != 0:
                raise SystemExit(f"{label} exited {code}")
            times[label].append(seconds)
            cpus[label].append(cpu)
            memory[label].append(peak)
    floor = statistics.median(times["B"])
    cpu_floor = statistics.median(cpus["B"])
    print(f"{'median of ' + str(options.runs):50} {'wall':>16} {'CPU':>16} {'peak':>9}")
    for label, _, _ in jobs:
        middle = statistics.median(times[label])
        cpu = statistics.median(cpus[label])
        peak = statistics.median(memory[label]) / 2**20
        print(
            f"{label[:50]:50} {middle * 1000:7.0f} ms {middle / floor:4.2f} B"
            f" {cpu * 1000:7.0f} ms {cpu / cpu_floor:4.2f} B {peak:6.1f} MB"
        )


if __name__ == "__main__":
    main()
