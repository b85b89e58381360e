"""Time careerpath's commands as whole processes, as ratios to a minimal Typer app (B).

Usage: ``python benchmarks/run.py [--runs N] [--markdown] [--out DIR] [--extra-data FILE]``

In one run and with the same Python, this measures:

- B, ``benchmarks/baseline_app.py hello``: the floor the framework sets;
- ``careerpath --help``, ``roles``, ``show``, ``path``, ``gap``, ``next``, ``similar`` and
  ``path --inferred`` on the built-in data (commands the installed careerpath lacks are
  skipped), with the dataset cache warm, and ``roles`` and ``path`` with ``--no-cache``;
- ``path``, ``gap``, ``next``, ``similar`` and ``path --inferred`` on a generated 3,000-role
  dataset (``benchmarks/synth.py``) with an empty cache before every run (cold) and with a warm
  one;
- the same on any ``--extra-data`` file;
- a full-size O*NET release generated in the real file format (``benchmarks/onet_synth.py``):
  ``careerpath import onet`` of it (time and peak memory), and ``show``, ``gap``, ``next`` and
  ``path`` on the imported dataset with a cold and a warm cache (``--no-onet`` skips this);
- a full-size ESCO pair of packs (English and Finnish) in the real CSV format
  (``benchmarks/esco_synth.py``: 3,039 occupations, 13,939 skills, 129,004 relations):
  ``careerpath import esco`` of them (time and peak memory), and ``show``, ``gap``, ``next``,
  ``path``, ``similar`` and a look-up by an alternative label with a warm cache
  (``--no-esco`` skips this; ``--only-esco`` runs only B and these);
- look-ups by name on an O*NET-sized names dataset (``benchmarks/names_synth.py``: 1,016
  roles, 57,000 aliases) with a warm cache: an alternate title, the same misspelled (which
  answers "did you mean" and exit code 1), a plural official title, and ``roles --search``;
- how long a query takes once the dataset is loaded, in one process, on both datasets.

Each process runs once to warm up and then ``--runs`` times; runs of the different benchmarks
are interleaved, so that a change in the machine's load touches them all alike. The figures are
medians of the wall time and of the peak memory (maximum resident set) of the process. The
benchmarks get cache directories of their own through ``$CAREERPATH_CACHE_DIR`` (the user's
cache is never touched) and compiled bytecode in a scratch directory; warm caches are refilled
at the start of each round, in case the package's code (part of the cache key) changed.
Exit status: 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

BUILTIN_ROUTE = ("customer service representative", "vp of customer experience")
BUILTIN_GAP = ("customer-service-representative", "customer-service-team-lead")
BUILTIN_ROLE = "customer-service-representative"
BUILTIN_SHOWN = "team lead"


@dataclass
class Target:
    """The most a benchmark may cost, as a ratio to B, and optionally in memory."""

    ratio: float | None = None
    megabytes: float | None = None
    seconds: float | None = None


@dataclass
class Benchmark:
    """One command line, timed as a whole process."""

    name: str
    argv: list[str]
    env: dict[str, str]
    target: Target = field(default_factory=Target)
    before_each: Callable[[], None] | None = None
    expected_exit: int = 0
    """A look-up of a misspelled name answers with exit code 1 by design."""
    prime: list[str] | None = None
    """A command run untimed at the start of each round, so that a warm cache is warm even
    when the package's code changed since the last round (the cache key includes it)."""
    seconds: list[float] = field(default_factory=list)
    peak_bytes: list[int] = field(default_factory=list)
    failed: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_megabytes(self) -> float | None:
        return statistics.median(self.peak_bytes) / 1_048_576 if self.peak_bytes else None


TIMEOUT = 120.0
"""Seconds after which a process is stopped and its benchmark counted as failed."""


def run_process(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int | None, int, str]:
    """Run *argv* once: wall seconds, peak resident bytes (when known), exit code, stderr."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        watchdog = threading.Timer(TIMEOUT, process.kill)
        watchdog.start()
        peak: int | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            process.returncode = code = os.waitstatus_to_exitcode(status)
            # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
            peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        else:
            code = process.wait()
            elapsed = time.perf_counter() - start
        watchdog.cancel()
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace")
        if elapsed >= TIMEOUT:
            message += f"\nstopped after {TIMEOUT:g} s"
    return elapsed, peak, code, message


def measure(benchmarks: list[Benchmark], runs: int, warmup: int) -> None:
    """Run every benchmark *warmup* + *runs* times, interleaved; drop the failing ones."""
    for round_number in range(warmup + runs):
        primes = {(tuple(b.prime), tuple(sorted(b.env.items()))) for b in benchmarks if b.prime}
        for argv, env in sorted(primes):
            run_process(argv, dict(env))
        for benchmark in benchmarks:
            if benchmark.failed:
                continue
            if benchmark.before_each:
                benchmark.before_each()
            elapsed, peak, code, message = run_process(benchmark.argv, benchmark.env)
            if code != benchmark.expected_exit:
                last = message.strip().splitlines()[-1:] or ["(no message)"]
                benchmark.failed = f"exit code {code}: {last[0]}"
                continue
            if round_number >= warmup:
                benchmark.seconds.append(elapsed)
                if peak is not None:
                    benchmark.peak_bytes.append(peak)
        print(f"  round {round_number + 1}/{warmup + runs} done", file=sys.stderr)


def careerpath_command() -> list[str]:
    """How to start careerpath with this Python: its console script, else ``-m careerpath``."""
    script = Path(sys.executable).with_name("careerpath")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "careerpath"]


def available_commands(env: dict[str, str]) -> set[str]:
    """The subcommands ``careerpath --help`` lists."""
    result = subprocess.run(
        [*careerpath_command(), "--help"], env=env, capture_output=True, text=True, check=True
    )
    names: set[str] = set()
    listing = False
    for line in result.stdout.splitlines():
        if line.strip().startswith("Commands"):
            listing = True
            continue
        match = re.match(r"^[\s│|]+([a-z][a-z0-9-]*)\s", line)
        if listing and match:
            names.add(match.group(1))
    return names


def empty(directory: Path) -> Callable[[], None]:
    def clear() -> None:
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)

    return clear


def dataset_queries(data_file: Path) -> dict[str, Any]:
    """Two neighbouring roles and the role with the most next steps, found in *data_file*."""
    from careerpath.data.load import load

    ladder = load([str(data_file)], cache=False)
    step = next(iter(ladder.steps))
    busiest = max(sorted(ladder.roles), key=lambda role_id: len(ladder.steps_from(role_id)))
    pair = [step.source_role, step.target_role]
    return {"neighbours": pair, "far": pair, "gap": pair, "next": busiest}


def plan(
    commands: set[str],
    work: Path,
    synthetic: tuple[Path, dict[str, Any]] | None,
    extra: list[tuple[str, Path, dict[str, Any]]],
    names: tuple[Path, dict[str, Any]] | None = None,
) -> tuple[list[Benchmark], list[str]]:
    """The benchmarks to run, with their targets, and notes on those skipped."""
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CAREERPATH_") and key != "PYTHONPROFILEIMPORTTIME"
    }
    base_env.update({"NO_COLOR": "1", "COLUMNS": "100"})
    # Compiled bytecode, as an installed package has, even where the environment turns writing
    # it off: the warm-up run writes it into the scratch directory.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    base_env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    warm_env = {**base_env, "CAREERPATH_CACHE_DIR": str(work / "cache-warm")}
    careerpath = careerpath_command()
    baseline = [sys.executable, str(HERE / "baseline_app.py"), "hello"]
    benchmarks = [Benchmark("B: minimal Typer app", baseline, base_env)]

    def add(name: str, args: list[str], target: Target, *, needs: str | None = None) -> None:
        if needs is None or needs in commands:
            prime = None if "--no-cache" in args else [*careerpath, "roles", "--json"]
            benchmarks.append(Benchmark(name, [*careerpath, *args], warm_env, target, prime=prime))
        else:
            skipped.append(f"{name}: no `{needs}` command")

    skipped: list[str] = []
    add("--help", ["--help"], Target(1.3))
    add("roles", ["roles"], Target(1.25), needs="roles")
    add("roles --no-cache", ["--no-cache", "roles"], Target(), needs="roles")
    add(f"show {BUILTIN_SHOWN!r}", ["show", BUILTIN_SHOWN], Target(1.25), needs="show")
    add("path (built-in)", ["path", *BUILTIN_ROUTE], Target(1.6), needs="path")
    add(
        "path --no-cache (built-in)", ["--no-cache", "path", *BUILTIN_ROUTE], Target(), needs="path"
    )
    add("gap (built-in)", ["gap", *BUILTIN_GAP], Target(1.6), needs="gap")
    add("next (built-in)", ["next", BUILTIN_ROLE], Target(1.6), needs="next")
    add("similar (built-in)", ["similar", BUILTIN_SHOWN], Target(1.6), needs="similar")
    if "similar" in commands:  # the same release added --inferred
        add("path --inferred (built-in)", ["path", *BUILTIN_ROUTE, "--inferred"], Target(1.6))

    scaled = [("3,000 roles", *synthetic)] if synthetic else []
    for label, data_file, queries in [*scaled, *extra]:
        tag = re.sub(r"[^a-z0-9]+", "-", label.lower())
        cold_dir = work / f"cache-cold-{tag}"
        cold_env = {**base_env, "CAREERPATH_CACHE_DIR": str(cold_dir)}
        data = ["--data", str(data_file)]
        queries_by_command = {
            "path": ["path", *queries["neighbours"]],
            "gap": ["gap", *queries["gap"]],
            "next": ["next", queries["next"]],
            "similar": ["similar", queries["next"]],
            "path --inferred": ["path", *queries["neighbours"], "--inferred"],
        }
        for command, args in queries_by_command.items():
            needs = "similar" if "inferred" in command else args[0]
            if needs not in commands:
                skipped.append(f"{command} ({label}): no `{needs}` command")
                continue
            # Warm for `similar` and --inferred also means the similarity index is stored.
            warm_query = "similar" if needs == "similar" else "show"
            prime = [*careerpath, *data, warm_query, queries["next"], "--json"]
            benchmarks.append(
                Benchmark(
                    f"{command} ({label}, cold cache)",
                    [*careerpath, *data, *args],
                    cold_env,
                    Target(8.0, 150.0),
                    before_each=empty(cold_dir),
                )
            )
            benchmarks.append(
                Benchmark(
                    f"{command} ({label}, warm cache)",
                    [*careerpath, *data, *args],
                    {**base_env, "CAREERPATH_CACHE_DIR": str(work / f"cache-warm-{tag}")},
                    Target(2.5, 150.0),
                    prime=prime,
                )
            )
    if names is not None and "show" in commands:
        names_file, lookups = names
        names_env = {**base_env, "CAREERPATH_CACHE_DIR": str(work / "cache-warm-names")}
        data = ["--data", str(names_file)]
        prime = [*careerpath, *data, "show", lookups["alias"], "--json"]
        for name, args, target, code in [
            ("show ALIAS (O*NET-sized names, warm)", ["show", lookups["alias"]], 2.0, 0),
            ("show MISSPELLED (O*NET-sized names, warm)", ["show", lookups["misspelled"]], 2.5, 1),
            ("show TITLE (O*NET-sized names, warm)", ["show", lookups["title"]], None, 0),
            ("roles --search --limit 10 (O*NET-sized)", ["roles", "-s", "sr rep", "--limit", "10"],
             None, 0),
        ]:  # fmt: skip
            benchmarks.append(
                Benchmark(
                    name,
                    [*careerpath, *data, *args],
                    names_env,
                    Target(target),
                    expected_exit=code,
                    prime=prime,
                )
            )
    return benchmarks, skipped


def onet_dataset(out: Path, layout: str) -> tuple[Path, Path, dict[str, Any]]:
    """A full-size O*NET release in *out* (generated once), its import, and what to ask it."""
    release = out / f"onet-release-{layout}"
    data_file = out / f"onet-{layout}.json"
    queries_file = out / f"onet-{layout}.queries.json"
    if not (release / "Occupation Data.txt").is_file():
        print(f"generating a full-size O*NET release in {release} ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(HERE / "onet_synth.py"), str(release), "--layout", layout],
            check=True,
        )
    if not data_file.is_file() or not queries_file.is_file():
        env = {**os.environ, "CAREERPATH_CACHE_DIR": str(out / "onet-cache")}
        subprocess.run(
            [
                *careerpath_command(),
                "import",
                "onet",
                str(release),
                "-o",
                str(data_file),
                "--force",
            ],
            check=True,
            env=env,
        )
        # In a child process, as for the synthetic data: this process must stay small.
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--onet-queries", str(data_file)],
            check=True,
            env=env,
        )
    return release, data_file, json.loads(queries_file.read_text("utf-8"))


def write_onet_queries(data_file: Path) -> None:
    """Pick the questions to time on an imported O*NET dataset; save them beside it."""
    from careerpath.data.load import load

    ladder = load([str(data_file)], cache=False)
    promotion = next(step for step in ladder.steps if step.kind == "promotion")
    pair = [promotion.source_role, promotion.target_role]
    busiest = max(sorted(ladder.roles), key=lambda role_id: len(ladder.steps_from(role_id)))
    most_names = max(sorted(ladder.roles), key=lambda role_id: len(ladder.roles[role_id].aliases))
    queries = {"neighbours": pair, "gap": pair, "next": busiest, "show": most_names}
    target = data_file.with_name(data_file.stem + ".queries.json")
    target.write_text(json.dumps(queries), encoding="utf-8")


def onet_benchmarks(
    work: Path, release: Path, data_file: Path, queries: dict[str, Any], commands: set[str]
) -> list[Benchmark]:
    """The import of the full-size release, and four commands on its result, cold and warm."""
    if "import" not in commands:
        return []
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CAREERPATH_") and key != "PYTHONPROFILEIMPORTTIME"
    }
    base_env.update(
        {"NO_COLOR": "1", "COLUMNS": "100", "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    )
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    careerpath = careerpath_command()
    imported = work / "onet-imported.json"
    benchmarks = [
        Benchmark(
            "import onet (full size)",
            [*careerpath, "import", "onet", str(release), "-o", str(imported), "--force"],
            {**base_env, "CAREERPATH_CACHE_DIR": str(work / "cache-onet-import")},
            Target(seconds=10.0, megabytes=300.0),
        )
    ]
    cold_dir = work / "cache-cold-onet"
    data = ["--data", str(data_file)]
    for command, args, warm_target in (
        ("show", ["show", queries["show"]], 2.0),
        ("gap", ["gap", *queries["gap"]], 2.0),
        ("next", ["next", queries["next"]], 2.0),
        ("path", ["path", *queries["neighbours"]], 2.5),
    ):
        benchmarks.append(
            Benchmark(
                f"{command} (O*NET, cold cache)",
                [*careerpath, *data, *args],
                {**base_env, "CAREERPATH_CACHE_DIR": str(cold_dir)},
                Target(8.0),
                before_each=empty(cold_dir),
            )
        )
        benchmarks.append(
            Benchmark(
                f"{command} (O*NET, warm cache)",
                [*careerpath, *data, *args],
                {**base_env, "CAREERPATH_CACHE_DIR": str(work / "cache-warm-onet")},
                Target(warm_target),
                prime=[*careerpath, *data, "show", queries["next"], "--json"],
            )
        )
    return benchmarks


def loaded_query_times(datasets: list[tuple[str, list[str], list[str]]]) -> list[list[str]]:
    """Milliseconds a ``path`` between two neighbours takes once the dataset is in memory."""
    try:
        from careerpath.data.load import load
        from careerpath.queries.names import find_role
        from careerpath.queries.routes import find_routes
    except ImportError:
        return []
    rows = []
    for label, specs, pair in datasets:
        ladder = load(specs, cache=False)
        # As the command line does after loading: the collector no longer walks the loaded
        # models, so a collection that happens to fall inside a timed query does not cost
        # a walk over 100,000 objects.
        gc.freeze()

        def resolve_and_route(
            ladder: Any = ladder, pair: list[str] = pair
        ) -> None:  # defaults bind this loop's values
            source, target = (find_role(ladder, name) for name in pair)
            find_routes(ladder, source, target)

        source, target = (find_role(ladder, name) for name in pair)

        def route_only(ladder: Any = ladder, source: Any = source, target: Any = target) -> None:
            find_routes(ladder, source, target)

        row = [
            label,
            f"{len(ladder.roles):,}",
            f"{_best_of(route_only) * 1000:.2f}",
            f"{_best_of(resolve_and_route) * 1000:.2f}",
        ]
        try:
            from careerpath.queries.inferred import InferredSteps
            from careerpath.queries.similarity import SimilarityIndex
        except ImportError:
            rows.append([*row, "–", "–"])
            continue

        def build_index(ladder: Any = ladder) -> None:
            SimilarityIndex(ladder)

        tables = SimilarityIndex(ladder).tables()

        def inferred_route(
            ladder: Any = ladder, source: Any = source, target: Any = target, tables: Any = tables
        ) -> None:
            # A fresh index each time: the similarities of the roles reached are computed anew
            # (as a command does when the dataset's nearest roles are not stored).
            index = SimilarityIndex(ladder, tables)
            find_routes(ladder, source, target, inferred=InferredSteps(ladder, index=index))

        build_ms, inferred_ms = _best_of(build_index, 3), _best_of(inferred_route)
        rows.append([*row, f"{build_ms * 1000:.2f}", f"{inferred_ms * 1000:.2f}"])
    return rows


def _best_of(function: Callable[[], None], repeat: int = 7) -> float:
    """The median of *repeat* timings of *function*, after one untimed call."""
    function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(
    header: list[str], rows: list[list[str]], markdown: bool, align: str | None = None
) -> str:
    if markdown:
        align = align or "l" + "r" * (len(header) - 1)
        rules = ["---:" if a == "r" else "---" for a in align]
        lines = [header, rules, *rows]
        return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
    widths = [max(len(cells[i]) for cells in [header, *rows]) for i in range(len(header))]
    align = align or "l" + "r" * (len(header) - 1)

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) if a == "l" else cell.rjust(width)
            for cell, width, a in zip(cells, widths, align, strict=True)
        )

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def report(benchmarks: list[Benchmark], markdown: bool) -> tuple[str, bool]:
    """The results table, and whether every target was met."""
    floor = benchmarks[0].median
    rows = []
    all_met = True
    for benchmark in benchmarks:
        if benchmark.failed:
            rows.append([benchmark.name, "failed", "", "", "", benchmark.failed])
            all_met = False
            continue
        ratio = benchmark.median / floor
        peak = benchmark.peak_megabytes
        target = benchmark.target
        wanted, missed = [], []
        if target.ratio is not None:
            wanted.append(f"≤ {target.ratio:g} B")
            if ratio > target.ratio:
                missed.append("time")
        if target.seconds is not None:
            wanted.append(f"≤ {target.seconds:g} s")
            if benchmark.median > target.seconds:
                missed.append("time")
        if target.megabytes is not None:
            wanted.append(f"≤ {target.megabytes:g} MB")
            if peak is not None and peak > target.megabytes:
                missed.append("memory")
        all_met = all_met and not missed
        verdict = ""
        if wanted:
            verdict = " and ".join(missed) + " missed" if missed else "met"
            if missed and markdown:
                verdict = f"**{verdict}**"
        rows.append(
            [
                benchmark.name,
                f"{benchmark.median * 1000:.0f}",
                f"{ratio:.2f}",
                f"{peak:.0f}" if peak is not None else "?",
                ", ".join(wanted) or "–",
                verdict,
            ]
        )
    header = ["Benchmark", "Median ms", "× B", "Peak MB", "Target", ""]
    return table(header, rows, markdown, "lrrrll"), all_met


def machine_note(runs: int, load_before: tuple[float, ...], load_after: tuple[float, ...]) -> str:
    import platform

    cores = os.cpu_count() or 0
    busy = max(load_before[0], load_after[0]) > 0.5 * cores if cores else False
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{cores} cores; {runs} run{'s' if runs != 1 else ''} each after a warm-up, medians; "
        f"1-minute load average "
        f"{load_before[0]:.2f} before and {load_after[0]:.2f} after"
        + (
            " (measured under load from other work: trust the ratios more than the ms)"
            if busy
            else ""
        )
        + "."
    )


def esco_dataset(out: Path) -> tuple[list[Path], Path, dict[str, Any]]:
    """Full-size ESCO packs in *out* (generated once), their import, and what to ask it."""
    packs = [
        out / f"ESCO dataset - v1.2.0 - classification - {lang} - csv" for lang in ("en", "fi")
    ]
    data_file = out / "esco.json"
    queries_file = out / "esco.queries.json"
    if not (packs[0] / "occupations_en.csv").is_file():
        print(f"generating full-size ESCO packs in {out} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "esco_synth.py"), str(out)], check=True)
    if not data_file.is_file() or not queries_file.is_file():
        env = {**os.environ, "CAREERPATH_CACHE_DIR": str(out / "esco-cache")}
        subprocess.run(
            [
                *careerpath_command(),
                "import",
                "esco",
                *map(str, packs),
                "-o",
                str(data_file),
                "--force",
            ],
            check=True,
            env=env,
        )
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--esco-queries", str(data_file)],
            check=True,
            env=env,
        )
    return packs, data_file, json.loads(queries_file.read_text("utf-8"))


def write_esco_queries(data_file: Path) -> None:
    """Pick the questions to time on an imported ESCO dataset; save them beside it.

    A role at level 2 and the most similar role one level up (the move ``path`` infers), and
    an alternative label of the role with the most names.
    """
    from careerpath.data.load import load
    from careerpath.queries.similar import similar_roles

    ladder = load([str(data_file)], cache=False)
    pair = None
    for source in ladder.sorted_roles():
        if source.level != 2 or not source.skills:
            continue
        found = similar_roles(ladder, source, limit=50, up=True, min_similarity=0.3)
        up = [line.role.id for line in found.candidates if line.role.level == source.level + 1]
        if up:
            pair = source, up[0]
            break
    assert pair is not None, "no level-2 role has a similar role one level up"
    source, target = pair
    most_names = max(sorted(ladder.roles), key=lambda role_id: len(ladder.roles[role_id].aliases))
    queries = {
        "pair": [source.id, target],
        "role": source.id,
        "alias": ladder.roles[most_names].aliases[-1],
    }
    target_file = data_file.with_name(data_file.stem + ".queries.json")
    target_file.write_text(json.dumps(queries), encoding="utf-8")


def esco_benchmarks(
    work: Path, packs: list[Path], data_file: Path, queries: dict[str, Any], commands: set[str]
) -> list[Benchmark]:
    """The import of the full-size packs, and six commands on its result with a warm cache."""
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CAREERPATH_") and key != "PYTHONPROFILEIMPORTTIME"
    }
    base_env.update(
        {"NO_COLOR": "1", "COLUMNS": "100", "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    )
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    careerpath = careerpath_command()
    imported = work / "esco-imported.json"
    benchmarks = [
        Benchmark(
            "import esco (full size, en + fi)",
            [*careerpath, "import", "esco", *map(str, packs), "-o", str(imported), "--force"],
            {**base_env, "CAREERPATH_CACHE_DIR": str(work / "cache-esco-import")},
            Target(seconds=20.0, megabytes=500.0),
        )
    ]
    data = ["--data", str(data_file)]
    warm_env = {**base_env, "CAREERPATH_CACHE_DIR": str(work / "cache-warm-esco")}
    # Warm also means the similarity index is stored (next and path infer their moves).
    prime = [*careerpath, *data, "similar", queries["role"], "--json"]
    for command, args, target in (
        ("show", ["show", queries["role"]], 2.0),
        ("gap", ["gap", *queries["pair"]], 2.0),
        ("next", ["next", queries["role"]], 2.5),
        ("path", ["path", *queries["pair"]], 2.5),
        ("similar", ["similar", queries["role"]], 2.5),
        ("show ALIAS", ["show", queries["alias"]], 2.0),
    ):
        if command.split()[0] not in commands:
            continue
        benchmarks.append(
            Benchmark(
                f"{command} (ESCO, warm cache)",
                [*careerpath, *data, *args],
                warm_env,
                Target(target),
                prime=prime,
            )
        )
    return benchmarks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per benchmark (10)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (1)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument(
        "--out", type=Path, help="where the synthetic dataset goes (default: a temporary directory)"
    )
    parser.add_argument("--no-synthetic", action="store_true", help="skip the 3,000-role dataset")
    parser.add_argument(
        "--no-names",
        action="store_true",
        help="skip the look-ups by name on the O*NET-sized names dataset (names_synth.py)",
    )
    parser.add_argument(
        "--only-names",
        action="store_true",
        help="only B and the look-ups by name (implies --no-synthetic)",
    )
    parser.add_argument(
        "--extra-data",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="another data file to time cold and warm, such as a full O*NET import",
    )
    parser.add_argument("--no-onet", action="store_true", help="skip the O*NET benchmarks")
    parser.add_argument(
        "--onet-layout",
        choices=["old", "new"],
        default="new",
        help="file layout of the generated O*NET release (new: 30.3 and later)",
    )
    parser.add_argument("--onet-queries", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-esco", action="store_true", help="skip the ESCO benchmarks")
    parser.add_argument("--only-esco", action="store_true", help="only B and the ESCO benchmarks")
    parser.add_argument("--esco-queries", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.onet_queries is not None:  # the child process of onet_dataset()
        write_onet_queries(args.onet_queries)
        return 0
    if args.esco_queries is not None:  # the child process of esco_dataset()
        write_esco_queries(args.esco_queries)
        return 0
    if args.only_names:
        args.no_synthetic = args.no_onet = args.no_esco = True
    if args.only_esco:
        args.no_synthetic = args.no_onet = args.no_names = True

    load_before = os.getloadavg() if hasattr(os, "getloadavg") else (0.0,)
    with tempfile.TemporaryDirectory(prefix="careerpath-bench-") as scratch:
        work = Path(scratch)
        os.environ["CAREERPATH_CACHE_DIR"] = str(work / "cache-this-process")
        synthetic = None
        if not args.no_synthetic:
            out = args.out or work / "data"
            queries_file = out / "synthetic-3000.queries.json"
            data_file = out / "synthetic-3000.json"
            if data_file.is_file() and queries_file.is_file():
                synthetic = data_file, json.loads(queries_file.read_text("utf-8"))
            else:
                print(f"generating the 3,000-role dataset in {out} ...", file=sys.stderr)
                # In a child process: Linux carries a parent's peak memory over fork and exec
                # into every child's ru_maxrss, so this process must stay small.
                subprocess.run([sys.executable, str(HERE / "synth.py"), str(out)], check=True)
                synthetic = data_file, json.loads(queries_file.read_text("utf-8"))
        names = None
        if not args.no_names:
            out = args.out or work / "data"
            names_file = out / "names-1016.json"
            lookups_file = out / "names-1016.queries.json"
            if not (names_file.is_file() and lookups_file.is_file()):
                print(f"generating the O*NET-sized names dataset in {out} ...", file=sys.stderr)
                subprocess.run([sys.executable, str(HERE / "names_synth.py"), str(out)], check=True)
            names = names_file, json.loads(lookups_file.read_text("utf-8"))
        extra = [
            (path.stem, path, dataset_queries(path)) for path in args.extra_data if path.is_file()
        ]
        commands = available_commands({**os.environ, "NO_COLOR": "1"})
        benchmarks, notes = plan(commands, work, synthetic, extra, names)
        if args.only_names:
            benchmarks = [
                b for b in benchmarks if b.name.startswith("B:") or "O*NET-sized" in b.name
            ]
        if args.only_esco:
            benchmarks = [b for b in benchmarks if b.name.startswith("B:")]
        if not args.no_esco and "import" in commands:
            esco = esco_dataset(args.out or work / "data")
            benchmarks += esco_benchmarks(work, *esco, commands)
        if not args.no_onet and "import" in commands:
            onet = onet_dataset(args.out or work / "data", args.onet_layout)
            benchmarks += onet_benchmarks(work, *onet, commands)
        elif not args.no_onet:
            notes.append("O*NET: no `import` command")
        measure(benchmarks, args.runs, args.warmup)
        load_after = os.getloadavg() if hasattr(os, "getloadavg") else (0.0,)
        text, all_met = report(benchmarks, args.markdown)
        loaded = []
        if synthetic is not None and "path" in commands:
            loaded = loaded_query_times(
                [
                    ("built-in", ["builtin"], list(BUILTIN_GAP)),
                    ("synthetic", [str(synthetic[0])], list(synthetic[1]["neighbours"])),
                ]
            )

    print(text)
    print()
    print(machine_note(args.runs, load_before, load_after))
    if loaded:
        print()
        print("A `path` between two neighbours once the dataset is loaded (in one process):")
        print()
        header = [
            "Dataset",
            "Roles",
            "Route ms",
            "Resolve names + route ms",
            "Similarity index build ms",
            "Route --inferred ms (index built, nearest roles not stored)",
        ]
        print(table(header, loaded, args.markdown))
    if notes:
        print()
        for note in notes:
            print(f"- skipped: {note}" if args.markdown else f"skipped: {note}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
