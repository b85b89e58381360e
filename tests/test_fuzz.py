"""Fuzzing: generated and mutated datasets fed to the loader and to every query.

The only acceptable outcomes are an answer or one of careerpath's own errors; any other
exception is a bug. CI runs these derandomized (see conftest.py), so runs are repeatable.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.errors import CareerpathError, InvalidDataset
from careerpath.queries.catalog import list_roles, role_card
from careerpath.queries.names import find_role
from tests.conftest import minimal_document

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.extend(_paths(child, (*prefix, index)))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """The minimal valid document with a few of its values replaced, removed or duplicated."""
    document: Any = copy.deepcopy(minimal_document())
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(document)
        path = draw(st.sampled_from(paths))
        if not path:
            document = draw(values) if draw(st.booleans()) else document
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    return document


def _query_everything(ladder: Ladder, names: list[str]) -> None:
    list_roles(ladder, search=names[0] if names else None)
    for name in names:
        try:
            role = find_role(ladder, name)
        except CareerpathError:
            continue
        role_card(ladder, role)
    for role in ladder.roles.values():
        role_card(ladder, role, "fi")


def _write(tmp_path: Path, document: Any, as_json: bool) -> Path:
    path = tmp_path / ("fuzz.json" if as_json else "fuzz.yaml")
    if as_json:
        path.write_text(json.dumps(document), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@given(document=mutated_documents(), as_json=st.booleans(), names=st.lists(st.text(max_size=12)))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_datasets_load_or_fail_cleanly(
    tmp_path: Path, document: Any, as_json: bool, names: list[str]
) -> None:
    path = _write(tmp_path, document, as_json)
    try:
        ladder = load([str(path)])
    except InvalidDataset as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message and problem.file == str(path)
        return
    _query_everything(ladder, [*names, *ladder.roles])


@given(raw=st.binary(max_size=300))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_load_or_fail_cleanly(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bytes.yaml"
    path.write_bytes(raw)
    try:
        load([str(path)])
    except InvalidDataset as exc:
        assert exc.problems


@given(text=st.text(alphabet="[]{}:-,&*!|>'\"#%@` \n\tabc0123", max_size=200))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_yaml_punctuation_soup_loads_or_fails_cleanly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "soup.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load([str(path)])
    except InvalidDataset as exc:
        assert exc.problems
