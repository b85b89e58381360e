"""Every role's similar roles at the dataset's default threshold, found at import where
comparing every pair at first use costs too much (:meth:`SimilarityIndex.nearest_above`): the
moves a route search takes from them are those it computes without them, role by role and
route by route, for datasets of every shape."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.queries import similarity as similarity_module
from careerpath.queries.inferred import InferredSteps, default_min_similarity
from careerpath.queries.similarity import (
    SimilarityIndex,
    default_threshold,
    role_vector,
    similarity_figure,
    similarity_index,
)
from tests.conftest import Run
from tests.test_step_graph import both_ways, datasets, every_route

SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


def every_pair(ladder: Ladder, threshold: float) -> dict[str, list[tuple[str, float]]]:
    """Each role's others whose similarity (the whole computation, no floor) shows at least
    *threshold*, the most similar first, then by id: by brute force over every pair."""
    index = SimilarityIndex(ladder)
    found = {}
    for role_id, role in ladder.roles.items():
        scores = index.similarities(role_vector(role))
        found[role_id] = sorted(
            (
                (other, score)
                for other, score in scores.items()
                if other != role_id and similarity_figure(score) >= threshold
            ),
            key=lambda item: (-item[1], item[0]),
        )
    return found


def thresholds_around(ladder: Ladder) -> list[float]:
    """Thresholds at, just around and between the dataset's similarity figures."""
    index = SimilarityIndex(ladder)
    found = {0.01, 0.2, 0.5, 0.9, 1.0}
    for role in ladder.roles.values():
        for score in index.similarities(role_vector(role)).values():
            figure = similarity_figure(score)
            found.update({figure, round(figure + 0.0001, 4), round(figure - 0.0001, 4)})
    return sorted(value for value in found if 0 < value <= 1)


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(document=datasets(), data=st.data())
def test_the_roles_above_a_threshold_are_every_pair_above_it(
    document: dict[str, Any],
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("above")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(folder / "cache"))
    if data.draw(st.booleans()):  # compared through the postings, as with many skills
        monkeypatch.setattr(similarity_module, "DENSE_MAX_SKILLS", 0)
    plain, _ = both_ways(document, folder)
    thresholds = thresholds_around(plain)
    reach = data.draw(st.sampled_from(thresholds))
    index = SimilarityIndex(plain)
    above = SimilarityIndex(plain, index.tables(), index.nearest_above(reach), 0.5, reach)
    for threshold in thresholds:
        expected = every_pair(plain, threshold)
        for role_id in plain.roles:
            found = above.nearest(role_id, threshold)
            # Below the threshold the table was found at, it cannot say: the search computes.
            assert found == (expected[role_id] if threshold >= reach else None)


@settings(max_examples=40, deadline=None, suppress_health_check=SLOW)
@given(document=datasets(), data=st.data(), down=st.booleans())
def test_inferred_moves_from_the_table_are_those_computed_role_by_role(
    document: dict[str, Any],
    data: st.DataObject,
    down: bool,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("moves")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(folder / "cache"))
    if data.draw(st.booleans()):
        monkeypatch.setattr(similarity_module, "DENSE_MAX_SKILLS", 0)
    for ladder in both_ways(document, folder):
        thresholds = thresholds_around(ladder)
        reach = data.draw(st.sampled_from(thresholds))
        index = SimilarityIndex(ladder)
        table = index.nearest_above(reach)
        for threshold in [*thresholds[:: max(1, len(thresholds) // 6)], reach]:
            computed = InferredSteps(ladder, threshold, down=down, index=SimilarityIndex(ladder))
            stored = InferredSteps(
                ladder,
                threshold,
                down=down,
                index=SimilarityIndex(ladder, index.tables(), table, 0.5, reach),
            )
            for role_id in ladder.roles:
                assert stored.after(role_id) == computed.after(role_id)
                assert stored.before(role_id) == computed.before(role_id)


def answers(ladder: Ladder, index: SimilarityIndex) -> list[Any]:
    """Every route search between two roles at the dataset's default threshold, both rankings."""
    return [
        answer
        for by in ("steps", "gap")
        for answer in every_route(ladder, lambda: InferredSteps(ladder, index=index), by)
    ]


def stored_state(ladder: Ladder) -> dict[str, Any]:
    from careerpath.data.neighbours import StoredIndex

    store = StoredIndex.of(ladder, None)
    assert store is not None
    with sqlite3.connect(store.path) as db:
        return dict(db.execute("SELECT field, value FROM about"))


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW)
@given(document=datasets(), rows=st.booleans())
def test_routes_from_the_stored_table_are_the_routes_computed(
    document: dict[str, Any],
    rows: bool,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path_factory.mktemp("routes")
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(folder / "cache"))
    if not rows:
        monkeypatch.setattr(similarity_module, "DENSE_MAX_SKILLS", 0)
    monkeypatch.setattr(similarity_module, "MAX_PAIR_WORK", 0)  # as dense as the full ESCO
    plain, ladder = both_ways(document, folder)
    assume(SimilarityIndex(plain)._pair_work() > 0)  # two roles share a skill
    specs = ladder.files
    # As a command leaves it first (no nearest roles: too dense), then as an import does.
    similarity_index(ladder, specs, nearest=True)
    assert stored_state(ladder)["nearest"] == "dense"
    similarity_index(ladder, specs, nearest=True, every_role=True)
    state = stored_state(ladder)
    index = similarity_index(ladder, specs, nearest=True)  # read back
    typical = index.typical_similarity()
    assert (state["nearest"], state["reach"]) == ("above", default_threshold(typical))
    assert default_min_similarity(index) == state["reach"]
    assert typical == SimilarityIndex(plain).typical_similarity()
    assert answers(ladder, index) == answers(plain, SimilarityIndex(plain))


def test_an_import_stores_every_roles_similar_roles_and_path_answers_the_same(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fixtures.make_esco import write_folder

    monkeypatch.setattr(similarity_module, "MAX_PAIR_WORK", 0)  # as dense as the full ESCO
    target = tmp_path / "esco.json"
    outcome = run("import", "esco", str(write_folder(tmp_path, "en")), "--output", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    ladder = load([str(target)])
    assert stored_state(ladder)["nearest"] == "above"
    roles = list(json.loads(target.read_text(encoding="utf-8"))["roles"])
    ids = [role["id"] for role in roles]
    for source in ids:
        for target_id in ids[:4]:
            primed = run("--data", str(target), "path", source, target_id, "--json")
            fresh = run("--data", str(target), "--no-cache", "path", source, target_id, "--json")
            assert (primed.exit_code, primed.stdout, primed.stderr) == (
                fresh.exit_code,
                fresh.stdout,
                fresh.stderr,
            )
