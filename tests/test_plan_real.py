"""plan, compare and report on the real O*NET and ESCO samples (../shared), imported the way
a user imports them: the plan agrees with path, compare with gap, and the report is written."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from careerpath.data.load import load
from careerpath.queries.graph import build_graph
from tests.conftest import Run

SHARED = Path(__file__).resolve().parents[2] / "shared"
ONET = SHARED / "onet-sample"
ESCO = SHARED / "esco-sample" / "v1.1.1"


def imported(run: Run, tmp_path: Path, kind: str, source: Path) -> Path:
    target = tmp_path / f"{kind}.json"
    result = run("import", kind, str(source), "--output", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def a_pair_with_a_route(data: Path, inferred: bool) -> tuple[str, str]:
    """A start and a destination two or more moves apart (listed steps, or inferred)."""
    import networkx as nx

    ladder = load([str(data)])
    if inferred:
        from careerpath.queries.inferred import inferred_rule
        from careerpath.queries.similarity import SimilarityIndex

        rule = inferred_rule(ladder, lambda: SimilarityIndex(ladder), inferred=True)
        graph = build_graph(ladder, rule)
    else:
        graph = build_graph(ladder)
    for source in sorted(ladder.roles):
        lengths = nx.single_source_shortest_path_length(graph, source, cutoff=3)
        far = sorted(role for role, length in lengths.items() if length >= 2)
        if far:
            return source, far[0]
    raise AssertionError("no role two moves from another")


@pytest.mark.skipif(not ONET.is_dir(), reason="needs ../shared/onet-sample")
@pytest.mark.parametrize(("kind", "source"), [("onet", ONET), ("esco", ESCO)])
def test_plan_compare_and_report_on_real_data(
    run: Run, tmp_path: Path, kind: str, source: Path
) -> None:
    if not source.is_dir():
        pytest.fail(f"{source} is missing beside {ONET}")
    data = imported(run, tmp_path, kind, source)
    start, goal = a_pair_with_a_route(data, inferred=kind == "esco")
    extra = ["--inferred"] if kind == "esco" else []
    plan = run("--data", str(data), "plan", start, goal, *extra, "--json")
    assert plan.exit_code == 0, plan.stderr
    path = run("--data", str(data), "path", start, goal, *extra, "--json").json()
    moves = path["routes"][0]["moves"]
    needs = set().union(
        *(
            {s["id"] for s in (*(m["skills_to_gain"] or []), *(m["skills_to_raise"] or []))}
            for m in moves
        )
    )
    planned = [s["id"] for m in plan.json()["moves"] for s in m["skills"]]
    assert sorted(planned) == sorted(needs)
    assert plan.json()["attribution"] and plan.json()["licence"]
    compared = run("--data", str(data), "compare", start, goal, "--json").json()
    gap = run("--data", str(data), "gap", start, goal, "--json").json()
    assert compared["readiness"][0][1] == gap["readiness"]
    for lang in ("en", "fi", "nb"):
        page = tmp_path / f"{kind}-{lang}.html"
        result = run(
            "--data", str(data), "--lang", lang, "report", start, goal, *extra, "-o", str(page)
        )
        assert result.exit_code == 0, result.stderr
        text = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in text
        # The dataset's credit, as its licence asks (escaped like all data).
        assert html.escape(plan.json()["attribution"]) in text
