"""Issue 22's targets at every scale: careerpath's commands as ratios to B and F, one table.

Usage: ``python benchmarks/scale.py [--scales builtin,onet,esco,10k] [--runs N] [--out DIR]
[--markdown | --json] [--judge wall|cpu] [--venv DIR]``

Four scales: the built-in ladder; a full-size O*NET release (``onet_synth.py``, imported with
``careerpath import onet``); full-size ESCO packs in English and Finnish (``esco_synth.py``,
imported with ``careerpath import esco``); and the same at 10,000 occupations
(``esco_synth.py --occupations 10000``). ``--out DIR`` keeps the generated packs and imported
data files for the next run (delete ``DIR/*.json`` to import them afresh); without it they go to
a temporary folder.

Everything is measured through the command line of the careerpath installed beside the Python
that runs this script (or in ``--venv DIR``), so the script works against any version of it.
In one run it times, as whole processes:

- B (``baseline_app.py hello``, a bare Typer app) and F (``baseline_app.py graph``, the same app
  whose command imports networkx), before each scale's commands in every round;
- per scale, with a warm cache (for an imported scale, the cache its import primed, as a
  user's import primes theirs): ``show ID``, ``show "an alternative name"``, ``roles --search
  WORD --limit 10``, ``gap A B``, ``next A``, ``similar A``, ``path A B``. The questions are
  picked from the data through the command line (``pick_questions``): A is the first role in
  ``roles`` order that has aliases, an alias that finds it, and a ``next`` step B; ``path`` goes
  from A to that step, which exists whether the data lists its steps or they are inferred;
- per imported scale, the import (wall time and peak memory), then ``show ID`` on its output with
  the cache folder emptied before the import: the first command after an import;
- on full ESCO, a cold ``show ID`` (the cache folder emptied before every run).

Each round runs every process once, interleaved, so a change in the machine's load touches all
alike; the first ``--warmup`` rounds are not counted, and the figures are medians of ``--runs``
rounds: wall time, CPU time (user + system of the child: what the process spent itself, steadier
on a busy machine) and peak resident memory (``os.wait4``). ``--judge`` says which time the
targets are judged on (wall, the default, as the issue states them).

A command that fails (exit code other than 0, such as a data file over the size limit) is shown
as failed in the table with its message; a missed target is reported, not an error. Exit status:
0 when the table was made, 1 when the harness itself could not run (no careerpath, a generator
failing).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
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

try:
    from benchmarks.run import table
except ImportError:  # run as a script: its folder, benchmarks/, comes first on sys.path
    from run import table  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent

SCALES = {
    "builtin": "built-in",
    "onet": "O*NET 1,016",
    "esco": "ESCO 3,039 (en+fi)",
    "10k": "10,000 occupations",
}
IMPORT_SECONDS = {"onet": 10.0, "esco": 20.0, "10k": 60.0}
IMPORT_MEGABYTES = 500.0
QUERIES = ("show-id", "show-name", "search", "gap", "next", "similar", "path")
RATIO_TARGETS = {
    "show-id": 1.3,
    "show-name": 1.3,
    "search": 1.4,
    "gap": 1.5,
    "next": 1.5,
    "similar": 1.5,
}
PATH_OVER_F = 0.3
GROWTH = ("show-id", "gap", "path")
GROWTH_TARGET = 0.15
WARM_MEGABYTES_10K = 80.0
FIRST_AFTER_IMPORT = 1.25
COLD_SHOW_ESCO = 8.0
LABELS = {
    "show-id": "`show ID`",
    "show-name": '`show "an alternative name"`',
    "search": "`roles --search WORD --limit 10`",
    "gap": "`gap A B`",
    "next": "`next A`",
    "similar": "`similar A`",
    "path": "`path A B`",
    "import": "import (wall time, peak memory)",
    "first-show": "first `show ID` after the import",
    "cold-show": "cold `show ID` (no cache)",
}
TIMEOUT = 120.0
IMPORT_TIMEOUT = 600.0


@dataclass(frozen=True)
class Sample:
    """One run of a process."""

    wall: float
    cpu: float
    peak_bytes: int
    code: int
    message: str


def run_timed(argv: Sequence[str], env: dict[str, str], timeout: float = TIMEOUT) -> Sample:
    """Run *argv* once with its output discarded: wall and CPU seconds, peak memory, exit code,
    and the first line of what it wrote on stderr."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    message = lines[0] if lines else "(no message)"
    if wall >= timeout:
        message = f"stopped after {timeout:g} s"
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak, code, message[:200])


@dataclass
class Job:
    """One command line, run once a round."""

    scale: str
    key: str
    argv: list[str]
    env: dict[str, str]
    before_each: Callable[[], None] | None = None
    timeout: float = TIMEOUT
    samples: list[Sample] = field(default_factory=list)
    failed: str | None = None

    def run(self, counted: bool) -> bool:
        """Run once unless it failed before; keep the sample when *counted*. True if it ran."""
        if self.failed:
            return False
        if self.before_each:
            self.before_each()
        sample = run_timed(self.argv, self.env, self.timeout)
        if sample.code != 0:
            self.failed = f"exit code {sample.code}: {sample.message}"
            return False
        if counted:
            self.samples.append(sample)
        return True

    def figures(self) -> dict[str, float] | None:
        """Median wall and CPU milliseconds and peak megabytes, or None if it never counted."""
        if self.failed or not self.samples:
            return None
        return {
            "wall_ms": statistics.median(s.wall for s in self.samples) * 1000,
            "cpu_ms": statistics.median(s.cpu for s in self.samples) * 1000,
            "peak_mb": statistics.median(s.peak_bytes for s in self.samples) / 1_048_576,
        }


def emptied(folder: Path) -> Callable[[], None]:
    def clear() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    return clear


# --- the data -----------------------------------------------------------------------------


def esco_packs(folder: Path) -> list[Path]:
    return [
        folder / f"ESCO dataset - v1.2.0 - classification - {lang} - csv" for lang in ("en", "fi")
    ]


def import_arguments(scale: str, out: Path) -> list[str]:
    """The ``careerpath import`` arguments of *scale*'s source, before ``-o FILE``."""
    if scale == "onet":
        return ["import", "onet", str(out / "onet-release")]
    folder = out / ("esco" if scale == "esco" else "esco-10k")
    return ["import", "esco", *map(str, esco_packs(folder))]


def generate_source(scale: str, out: Path, python: str) -> None:
    """Write *scale*'s O*NET release or ESCO packs under *out*, unless they are there."""
    if scale == "onet":
        release = out / "onet-release"
        if not (release / "Occupation Data.txt").is_file():
            print(f"generating a full-size O*NET release in {release} ...", file=sys.stderr)
            command = [python, str(HERE / "onet_synth.py"), str(release), "--layout", "new"]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return
    folder = out / ("esco" if scale == "esco" else "esco-10k")
    if all((pack / f"occupations_{pack.name.split(' - ')[3]}.csv").is_file()
           for pack in esco_packs(folder)):  # fmt: skip
        return
    print(f"generating ESCO packs ({SCALES[scale]}) in {folder} ...", file=sys.stderr)
    command = [python, str(HERE / "esco_synth.py"), str(folder), "--lang", "fi"]
    if scale == "10k":
        command += ["--occupations", "10000"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def prepare_data(
    scale: str, out: Path, careerpath: list[str], env: dict[str, str], warm_cache: Path
) -> tuple[Path | None, str | None]:
    """The data file the warm commands of *scale* read, imported into *out*, or None and why
    not. The import writes the warm cache too, as a user's import primes theirs: the warm
    commands read what the import stored beside the dataset (its indexes, and the similar roles
    of every role it finds where finding them at first use would cost too much), as every
    command after an import does. (Imported again when the warm cache is new: its folder is
    per run.)"""
    data_file = out / f"{scale}.json"
    if data_file.is_file() and warm_cache.is_dir():
        return data_file, None
    print(f"importing {SCALES[scale]} into {data_file} ...", file=sys.stderr)
    argv = [*careerpath, *import_arguments(scale, out), "-o", str(data_file), "--force"]
    sample = run_timed(argv, {**env, "CAREERPATH_CACHE_DIR": str(warm_cache)}, IMPORT_TIMEOUT)
    if sample.code != 0 or not data_file.is_file():
        return None, f"import failed, exit code {sample.code}: {sample.message}"
    return data_file, None


# --- the questions ------------------------------------------------------------------------


class NoAnswer(Exception):
    """A command used to pick the questions failed."""


def ask_json(argv: list[str], env: dict[str, str]) -> Any:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        shown = " ".join(argv[argv.index("--json") :]) if "--json" in argv else argv[-1]
        raise NoAnswer(
            f"`{shown}`: exit code {result.returncode}: {lines[0] if lines else '(no message)'}"
        )
    return json.loads(result.stdout)


def finds(careerpath: list[str], name: str, role_id: str, env: dict[str, str]) -> bool:
    """Whether ``show NAME`` answers with the role *role_id* (a name several roles share
    answers with exit code 1)."""
    try:
        return bool(ask_json([*careerpath, "--json", "show", name], env)["id"] == role_id)
    except NoAnswer:
        return False


def pick_questions(careerpath: list[str], env: dict[str, str], tries: int = 20) -> dict[str, Any]:
    """What to ask a dataset: a role A, a next step B of it, an alias that finds A, a word of
    its title that ``roles --search`` finds, and the number of roles.

    A is the first role in ``roles`` order with all of these, so the same data and the same
    careerpath give the same questions. Raises NoAnswer when a command fails or none fits.
    """
    roles = ask_json([*careerpath, "--json", "roles"], env)["roles"]
    for role in roles[:tries]:
        role_id = role["id"]
        card = ask_json([*careerpath, "--json", "show", role_id], env)
        # Names of several words first: O*NET's short titles ("FOR19") are rarely typed.
        aliases = sorted(
            (alias for alias in card.get("aliases") or [] if alias.strip()),
            key=lambda alias: " " not in alias.strip(),
        )
        if not aliases:
            continue
        steps = ask_json([*careerpath, "--json", "next", role_id], env)["candidates"]
        targets = [step["id"] for step in steps if step["id"] != role_id]
        if not targets:
            continue
        alias = next((name for name in aliases[:8] if finds(careerpath, name, role_id, env)), None)
        if alias is None:
            continue
        words = [w for w in re.split(r"[^\w]+", role["title"].lower()) if len(w) >= 4]
        word = next(
            (
                w
                for w in words
                if ask_json([*careerpath, "--json", "roles", "--search", w, "--limit", "10"], env)[
                    "roles"
                ]
            ),
            None,
        )
        if word is None:
            continue
        return {
            "roles": len(roles),
            "role": role_id,
            "target": targets[0],
            "alias": alias,
            "word": word,
        }
    raise NoAnswer(f"none of the first {tries} roles has an alias, a next step and a title word")


# --- the plan -----------------------------------------------------------------------------


def base_environment(work: Path) -> dict[str, str]:
    """The environment of every timed process: no CAREERPATH_ settings of the caller's, English,
    no colour, a fixed width, compiled bytecode in a scratch folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CAREERPATH_")
        and key not in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
    }
    env.update(
        NO_COLOR="1",
        COLUMNS="100",
        CAREERPATH_LANG="en",
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
    )
    return env


@dataclass
class ScalePlan:
    """Everything timed at one scale."""

    scale: str
    jobs: dict[str, Job] = field(default_factory=dict)
    questions: dict[str, Any] | None = None
    error: str | None = None
    """Why the questions could not be asked (every query job then fails with it)."""


def query_arguments(questions: dict[str, Any]) -> dict[str, list[str]]:
    role, target = questions["role"], questions["target"]
    return {
        "show-id": ["show", role],
        "show-name": ["show", questions["alias"]],
        "search": ["roles", "--search", questions["word"], "--limit", "10"],
        "gap": ["gap", role, target],
        "next": ["next", role],
        "similar": ["similar", role],
        "path": ["path", role, target],
    }


def plan_scale(
    scale: str,
    out: Path,
    work: Path,
    careerpath: list[str],
    env: dict[str, str],
    python: str,
    import_runs: int,
) -> ScalePlan:
    """Generate and import *scale*'s data if needed, pick its questions, and list its jobs."""
    plan = ScalePlan(scale)
    data: list[str] = []
    warm_cache = work / f"cache-warm-{scale}"
    if scale != "builtin":
        generate_source(scale, out, python)
        data_file, plan.error = prepare_data(scale, out, careerpath, env, warm_cache)
        if data_file is not None:
            data = ["--data", str(data_file)]
    warm_env = {**env, "CAREERPATH_CACHE_DIR": str(warm_cache)}
    if plan.error is None:
        print(f"picking the questions for {SCALES[scale]} ...", file=sys.stderr)
        try:
            plan.questions = pick_questions([*careerpath, *data], warm_env)
        except (NoAnswer, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as error:
            plan.error = str(error)
    arguments = query_arguments(plan.questions) if plan.questions else {}
    for key in QUERIES:
        job = Job(scale, key, [*careerpath, *data, *arguments.get(key, [])], warm_env)
        job.failed = plan.error
        plan.jobs[key] = job
    if scale == "esco":
        cold = work / "cache-cold-esco"
        job = Job(scale, "cold-show", plan.jobs["show-id"].argv, {**env, "CAREERPATH_CACHE_DIR":
                  str(cold)}, before_each=emptied(cold))  # fmt: skip
        job.failed = plan.error
        plan.jobs["cold-show"] = job
    if scale != "builtin" and import_runs > 0:
        first = work / f"first-{scale}"
        first_env = {**env, "CAREERPATH_CACHE_DIR": str(first / "cache")}
        imported = first / f"{scale}.json"
        plan.jobs["import"] = Job(
            scale,
            "import",
            [*careerpath, *import_arguments(scale, out), "-o", str(imported), "--force"],
            first_env,
            before_each=emptied(first / "cache"),
            timeout=IMPORT_TIMEOUT,
        )
        role = [*arguments["show-id"]] if arguments else []
        job = Job(scale, "first-show", [*careerpath, "--data", str(imported), *role], first_env)
        job.failed = plan.error
        plan.jobs["first-show"] = job
    return plan


def measure(
    plans: list[ScalePlan],
    floor: Job,
    graph_floor: Job,
    runs: int,
    warmup: int,
    import_runs: int,
) -> None:
    """Run every job warmup + runs times, interleaved: per scale, B, F, the warm commands, the
    cold one, then the import and the first command after it (in the first import_runs counted
    rounds only)."""
    for round_number in range(warmup + runs):
        counted = round_number >= warmup
        for plan in plans:
            floor.run(counted)
            graph_floor.run(counted)
            for key, job in plan.jobs.items():
                if key in ("import", "first-show"):
                    continue
                job.run(counted)
            if "import" in plan.jobs and round_number < warmup + import_runs:
                imported = plan.jobs["import"].run(counted)
                first = plan.jobs["first-show"]
                if imported:
                    first.run(counted)
                elif not first.failed:
                    first.failed = "the import failed"
        print(f"  round {round_number + 1}/{warmup + runs} done", file=sys.stderr)


# --- the verdicts -------------------------------------------------------------------------


def at_most(value: float, limit: float, places: int = 2) -> bool:
    """Whether *value*, rounded as the table shows it, is within *limit* (so that a shown
    "1.30" against "≤ 1.3" is met, whatever the digits after)."""
    return round(value, places) <= limit


def cell(value: float | None, text: str, met: bool | None) -> dict[str, Any]:
    return {"value": value, "text": text, "met": met, "failed": None}


def failed_cell(reason: str) -> dict[str, Any]:
    return {"value": None, "text": "failed", "met": False, "failed": reason}


@dataclass
class Verdicts:
    """The targets of issue 22, judged on the figures of one run."""

    plans: dict[str, ScalePlan]
    b: dict[str, float] | None
    f: dict[str, float] | None
    time_key: str

    def ratio(self, job: Job, key: str | None = None) -> float | None:
        figures, key = job.figures(), key or self.time_key
        return figures[key] / self.b[key] if figures and self.b else None

    def failure(self, scale: str, *keys: str) -> str | None:
        """Why a figure of *scale* needing the jobs *keys* (and B) is missing, if it is."""
        for key in keys:
            job = self.plans[scale].jobs[key]
            if job.failed or not job.samples:
                return job.failed or "not run"
        return None if self.b else "B failed"

    def row(self, key: str, label: str, target: str, cells: dict[str, Any]) -> dict[str, Any]:
        return {"row": key, "label": label, "target": target, "cells": cells}

    def query(self, key: str) -> dict[str, Any]:
        """``path`` as F + x B; the others as ratios to B."""
        cells = {}
        for scale, plan in self.plans.items():
            failed = self.failure(scale, key) or (None if self.f or key != "path" else "F failed")
            if failed:
                cells[scale] = failed_cell(failed)
            elif key == "path":
                assert self.b and self.f
                figures = plan.jobs[key].figures() or {}
                over = (figures[self.time_key] - self.f[self.time_key]) / self.b[self.time_key]
                cells[scale] = cell(over, f"F {over:+.2f} B", at_most(over, PATH_OVER_F))
            else:
                value = self.ratio(plan.jobs[key]) or 0.0
                cells[scale] = cell(value, f"{value:.2f}", at_most(value, RATIO_TARGETS[key]))
        limit = f"F + {PATH_OVER_F:g} B" if key == "path" else f"{RATIO_TARGETS[key]:g} B"
        return self.row(key, LABELS[key], f"≤ {limit}", cells)

    def growth(self, key: str) -> dict[str, Any]:
        """How much more *key* costs at 10,000 than on the built-in ladder, in B."""
        failed = self.failure("builtin", key) or self.failure("10k", key)
        if failed:
            growth = failed_cell(failed)
        else:
            low = self.ratio(self.plans["builtin"].jobs[key]) or 0.0
            grown = (self.ratio(self.plans["10k"].jobs[key]) or 0.0) - low
            growth = cell(grown, f"{grown:+.2f} B", at_most(grown, GROWTH_TARGET))
        label = f"growth of {LABELS[key]}, built-in → 10,000"
        return self.row(f"growth-{key}", label, f"≤ +{GROWTH_TARGET:g} B", {"10k": growth})

    def warm_memory(self) -> dict[str, Any]:
        """The most memory any warm command took, per scale (a target at 10,000 only)."""
        cells = {}
        for scale, plan in self.plans.items():
            known = [job.figures() for key, job in plan.jobs.items() if key in QUERIES]
            peaks = [figures["peak_mb"] for figures in known if figures]
            if not peaks:
                cells[scale] = failed_cell(plan.error or "every command failed")
                continue
            met = at_most(max(peaks), WARM_MEGABYTES_10K, 0) if scale == "10k" else None
            cells[scale] = cell(max(peaks), f"{max(peaks):.0f} MB", met)
        label = "peak memory, warm (the most of the commands above)"
        return self.row("warm-memory", label, f"≤ {WARM_MEGABYTES_10K:g} MB at 10,000", cells)

    def first_after_import(self) -> dict[str, Any] | None:
        cells = {}
        for scale, plan in self.plans.items():
            if "first-show" not in plan.jobs:
                continue
            failed = self.failure(scale, "first-show", "show-id")
            if failed:
                cells[scale] = failed_cell(failed)
                continue
            first, warm = plan.jobs["first-show"].figures(), plan.jobs["show-id"].figures()
            assert first and warm
            value = first[self.time_key] / warm[self.time_key]
            cells[scale] = cell(value, f"{value:.2f} × warm", at_most(value, FIRST_AFTER_IMPORT))
        target = f"≤ {FIRST_AFTER_IMPORT:g} × warm `show ID`"
        return self.row("first-show", LABELS["first-show"], target, cells) if cells else None

    def imports(self) -> dict[str, Any] | None:
        """Wall seconds and peak memory, whichever time the rest is judged on."""
        cells = {}
        for scale, plan in self.plans.items():
            if "import" not in plan.jobs:
                continue
            job = plan.jobs["import"]
            figures = job.figures()
            if figures is None:
                cells[scale] = failed_cell(job.failed or "not run")
                continue
            seconds, megabytes = figures["wall_ms"] / 1000, figures["peak_mb"]
            met = round(seconds, 1) < IMPORT_SECONDS[scale] and round(megabytes) < IMPORT_MEGABYTES
            cells[scale] = cell(seconds, f"{seconds:.1f} s, {megabytes:.0f} MB", met)
        limits = " / ".join(f"{IMPORT_SECONDS[scale]:g} s" for scale in IMPORT_SECONDS)
        target = f"< {limits}; < {IMPORT_MEGABYTES:g} MB"
        return self.row("import", LABELS["import"], target, cells) if cells else None

    def cold_show(self) -> dict[str, Any] | None:
        if "esco" not in self.plans or "cold-show" not in self.plans["esco"].jobs:
            return None
        failed = self.failure("esco", "cold-show")
        if failed:
            cold = failed_cell(failed)
        else:
            value = self.ratio(self.plans["esco"].jobs["cold-show"]) or 0.0
            cold = cell(value, f"{value:.2f}", at_most(value, COLD_SHOW_ESCO))
        target = f"≤ {COLD_SHOW_ESCO:g} B (full ESCO)"
        return self.row("cold-show", LABELS["cold-show"], target, {"esco": cold})


def judge(plans: list[ScalePlan], floor: Job, graph_floor: Job, metric: str) -> dict[str, Any]:
    """Every figure and every target's verdict, as one JSON-ready document.

    *metric* is ``wall`` or ``cpu``: the time the ratios to B and the verdicts use (the figures
    give both; imports are judged on wall time).
    """
    b, f = floor.figures(), graph_floor.figures()
    verdicts = Verdicts({plan.scale: plan for plan in plans}, b, f, f"{metric}_ms")
    scales = {}
    for plan in plans:
        commands = {
            key: {
                "argv": job.argv[1:],
                "failed": job.failed,
                **(job.figures() or {}),
                "ratio_wall": verdicts.ratio(job, "wall_ms"),
                "ratio_cpu": verdicts.ratio(job, "cpu_ms"),
            }
            for key, job in plan.jobs.items()
        }
        scales[plan.scale] = {
            "label": SCALES[plan.scale],
            "questions": plan.questions,
            "error": plan.error,
            "commands": commands,
        }
    rows = [verdicts.query(key) for key in QUERIES]
    if "builtin" in verdicts.plans and "10k" in verdicts.plans:
        rows += [verdicts.growth(key) for key in GROWTH]
    rows.append(verdicts.warm_memory())
    rows += [
        row
        for row in (verdicts.first_after_import(), verdicts.imports(), verdicts.cold_show())
        if row is not None
    ]
    return {
        "judged_on": metric,
        "B": b,
        "F": f,
        "B_failed": floor.failed,
        "F_failed": graph_floor.failed,
        "scales": scales,
        "targets": rows,
    }


# --- the report ---------------------------------------------------------------------------


def render(document: dict[str, Any], markdown: bool) -> str:
    """The targets table, B and F, the figures of every command, the questions asked and the
    failures, as Markdown or plain text."""
    scales = list(document["scales"])
    failures: dict[str, list[str]] = {}  # why, in order of appearance: the scales it failed at

    def shown(data: dict[str, Any], scale: str) -> str:
        if data["failed"]:
            where = failures.setdefault(data["failed"], [])
            if document["scales"][scale]["label"] not in where:
                where.append(document["scales"][scale]["label"])
            mark = f"[{list(failures).index(data['failed']) + 1}]"
            return f"**failed** {mark}" if markdown else f"failed {mark}"
        if data["met"] is None:
            return data["text"]
        if data["met"]:
            return f"{data['text']} met"
        return f"{data['text']} **missed**" if markdown else f"{data['text']} MISSED"

    code = (lambda text: text) if markdown else (lambda text: text.replace("`", ""))
    header = ["", "target", *(document["scales"][s]["label"] for s in scales)]
    rows = [
        [code(row["label"]), code(row["target"]),
         *(shown(row["cells"][s], s) if s in row["cells"] else "–" for s in scales)]
        for row in document["targets"]
    ]  # fmt: skip
    parts = []
    judged = "wall time" if document["judged_on"] == "wall" else "CPU time (user + system)"
    parts.append(
        f"{document['careerpath']} at every scale of issue 22, {document['date']}: ratios of "
        f"the {judged} to B's (medians of {plural(document['runs'], 'run')} after "
        f"{plural(document['warmup'], 'warm-up round')}; imports "
        f"{plural(document['import_runs'], 'run')})."
    )
    parts.append(table(header, rows, markdown, "ll" + "r" * len(scales)))
    b, f = document["B"], document["F"]
    if b and f:
        parts.append(
            f"B = {b['wall_ms']:.0f} ms wall, {b['cpu_ms']:.0f} ms CPU, {b['peak_mb']:.0f} MB; "
            f"F = {f['wall_ms']:.0f} ms wall ({f['wall_ms'] / b['wall_ms']:.2f} B), "
            f"{f['cpu_ms']:.0f} ms CPU ({f['cpu_ms'] / b['cpu_ms']:.2f} B), {f['peak_mb']:.0f} MB."
        )
    else:
        parts.append(f"B failed: {document['B_failed']}; F failed: {document['F_failed']}")
    machine = document["machine"]
    parts.append(
        f"Python {machine['python']} on {machine['system']}, {machine['cores']} cores; "
        f"1-minute load average {machine['load_before']:.2f} before and "
        f"{machine['load_after']:.2f} after"
        + (
            " (a busy machine: the CPU times, `--judge cpu`, are steadier than the wall times)."
            if max(machine["load_before"], machine["load_after"]) > 0.5 * (machine["cores"] or 1)
            else "."
        )
    )
    detail_rows = []
    for scale in scales:
        for key, data in document["scales"][scale]["commands"].items():
            if data.get("wall_ms") is None:
                detail_rows.append([document["scales"][scale]["label"], code(LABELS[key]),
                                    "failed", "", "", "", ""])  # fmt: skip
                continue
            ratios = key != "import"  # an import is judged in seconds
            detail_rows.append(
                [
                    document["scales"][scale]["label"],
                    code(LABELS[key]),
                    f"{data['wall_ms']:.0f}",
                    f"{data['ratio_wall']:.2f}" if ratios else "–",
                    f"{data['cpu_ms']:.0f}",
                    f"{data['ratio_cpu']:.2f}" if ratios else "–",
                    f"{data['peak_mb']:.0f}",
                ]
            )
    detail_header = ["scale", "command", "wall ms", "× B", "CPU ms", "× B CPU", "peak MB"]
    parts.append(table(detail_header, detail_rows, markdown, "llrrrrr"))
    asked = []
    for scale in scales:
        questions = document["scales"][scale]["questions"]
        if questions:
            asked.append(
                f"{document['scales'][scale]['label']} ({questions['roles']:,} roles): "
                f"A = {questions['role']}, and B its `next` step {questions['target']}; "
                f'alternative name "{questions["alias"]}", search word "{questions["word"]}"'
            )
    if asked:
        parts.append("\n".join(("- " if markdown else "") + code(line) for line in asked))
    if failures:
        notes = [
            f"[{number}] {', '.join(where)}: {why}"
            for number, (why, where) in enumerate(failures.items(), 1)
        ]
        parts.append("\n".join(notes))
    return "\n\n".join(parts)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def careerpath_version(careerpath: list[str], env: dict[str, str]) -> str:
    result = subprocess.run([*careerpath, "--version"], env=env, capture_output=True, text=True)
    return result.stdout.strip() or "(version unknown)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales",
        default=",".join(SCALES),
        help=f"comma-separated, of {', '.join(SCALES)} (default: all)",
    )
    parser.add_argument("--runs", type=int, default=7, help="counted runs of each (7)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted rounds first (1)")
    parser.add_argument(
        "--import-runs",
        type=int,
        help="counted imports per scale, each followed by the first `show` (default: --runs)",
    )
    parser.add_argument(
        "--out", type=Path, help="keep the generated and imported data here for the next run"
    )
    parser.add_argument(
        "--venv",
        type=Path,
        help="the virtual environment whose careerpath and Python to time "
        "(default: this script's Python's)",
    )
    parser.add_argument("--judge", choices=["wall", "cpu"], default="wall",
                        help="the time the targets are judged on (wall)")  # fmt: skip
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--markdown", action="store_true", help="print Markdown")
    output.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    scales = [name.strip() for name in args.scales.split(",") if name.strip()]
    unknown = [name for name in scales if name not in SCALES]
    if unknown or not scales:
        parser.error(f"--scales takes {', '.join(SCALES)}; not {', '.join(unknown) or 'nothing'}")
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    import_runs = args.runs if args.import_runs is None else args.import_runs
    bin_dir = args.venv / "bin" if args.venv else Path(sys.executable).parent
    python = str(bin_dir / "python")
    careerpath = [str(bin_dir / "careerpath")]
    if not Path(careerpath[0]).is_file():
        print(f"error: no careerpath in {bin_dir}", file=sys.stderr)
        return 1

    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.UTC)
    with tempfile.TemporaryDirectory(prefix="careerpath-scale-") as scratch:
        work = Path(scratch)
        out = args.out.resolve() if args.out else work / "data"
        out.mkdir(parents=True, exist_ok=True)
        env = base_environment(work)
        try:
            plans = [
                plan_scale(scale, out, work, careerpath, env, python, import_runs)
                for scale in scales
            ]
        except subprocess.CalledProcessError as error:
            print(f"error: a generator failed: {error}", file=sys.stderr)
            return 1
        baseline = str(HERE / "baseline_app.py")
        floor = Job("", "B", [python, baseline, "hello"], env)
        graph_floor = Job("", "F", [python, baseline, "graph"], env)
        measure(plans, floor, graph_floor, args.runs, args.warmup, import_runs)
        document = judge(plans, floor, graph_floor, args.judge)
        document.update(
            date=started.strftime("%Y-%m-%d %H:%M UTC"),
            careerpath=careerpath_version(careerpath, env),
            executable=careerpath[0],
            runs=args.runs,
            warmup=args.warmup,
            import_runs=import_runs,
            machine={
                "python": platform.python_version(),
                "system": f"{platform.system()} {platform.machine()}",
                "cores": os.cpu_count(),
                "load_before": load_before[0],
                "load_after": os.getloadavg()[0],
            },
        )
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(render(document, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
