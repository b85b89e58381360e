"""`careerpath export`: every format reads back as the same graph, names survive quoting, and
files are written whole or not at all."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.data.load import load
from careerpath.output.export import ExportFormat, export, reachable_ladder, to_dot, to_mermaid
from careerpath.queries.graph import build_graph
from tests.conftest import Run, minimal_document

# Titles that break naive quoting: spaces, both quote marks, backslashes, Mermaid's entity and
# HTML characters, and letters outside ASCII.
AWKWARD_TITLES = [
    'Tiimin "vetäjä"',
    "Åsa's Øvre Kundeservice",
    "Back\\slash \\n lead",
    "C# <lead> & #quot; `tick`",
    "Asiakaspalvelupäällikkö",
]

_title_characters = st.characters(
    codec="utf-8",
    categories=("L", "N", "Zs", "P", "S"),
    exclude_characters="\u2028\u2029",
)
titles = st.text(_title_characters, min_size=1, max_size=25).filter(
    lambda t: t.strip() == t and t.isprintable() and t.strip() != ""
)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A small valid data file: 1-6 roles with arbitrary titles, skills and steps."""
    role_count = draw(st.integers(1, 6))
    skill_ids = [f"skill-{i}" for i in range(draw(st.integers(1, 3)))]
    roles = []
    for index in range(role_count):
        required = draw(st.lists(st.sampled_from(skill_ids), unique=True, max_size=3))
        roles.append(
            {
                "id": f"role-{index}",
                "title": {"en": draw(titles), "fi": draw(titles)},
                "level": draw(st.integers(1, 6)),
                "track": draw(st.sampled_from(["support", "operations", "sales"])),
                "skills": [{"skill": s, "level": draw(st.integers(1, 5))} for s in required],
            }
        )
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, role_count - 1), st.integers(0, role_count - 1)).filter(
                lambda p: p[0] != p[1]
            ),
            unique=True,
            max_size=8,
        )
    )
    steps = []
    for source, target in pairs:
        step: dict[str, Any] = {
            "from": f"role-{source}",
            "to": f"role-{target}",
            "kind": draw(st.sampled_from(["promotion", "lateral"])),
        }
        note = draw(st.none() | titles)
        if note is not None:
            step["note"] = note
        steps.append(step)
    return {
        "name": "generated",
        "skill_scale": {"min": 1, "max": 5, "rubric": {1: "Beginner", 5: "Expert"}},
        "skills": [{"id": s, "name": {"en": s.title()}} for s in skill_ids],
        "roles": roles,
        "steps": steps,
    }


def edges_with_kinds(ladder: Ladder) -> set[tuple[str, str, str]]:
    return {(s.source_role, s.target_role, s.kind) for s in ladder.steps}


def write_document(directory: Path, document: dict[str, Any]) -> Path:
    path = directory / "ladder.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@settings(
    max_examples=30,
    deadline=None,
    # `run` only invokes the app; it keeps no state between examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents())
def test_json_export_loads_again_as_the_same_ladder(run: Run, document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        source = write_document(Path(directory), document)
        exported = Path(directory) / "exported.json"
        outcome = run("--data", str(source), "export", "--format", "json", "-o", str(exported))
        assert outcome.exit_code == 0, outcome.stderr
        original = load([str(source)])
        again = load([str(exported)])
    assert set(again.roles) == set(original.roles)
    assert again.roles == original.roles
    assert edges_with_kinds(again) == edges_with_kinds(original)
    assert again.steps == original.steps
    assert again.skills == original.skills
    assert again.scale == original.scale
    graph, graph_again = build_graph(original), build_graph(again)
    assert set(graph.nodes) == set(graph_again.nodes)
    assert set(graph.edges) == set(graph_again.edges)


@settings(max_examples=30, deadline=None)
@given(documents())
def test_graphml_reads_back_with_the_same_nodes_and_edges(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        ladder = load([str(write_document(Path(directory), document))])
    graph = nx.read_graphml(_as_file(export(ladder, ExportFormat.graphml)))
    assert set(graph.nodes) == set(ladder.roles)
    assert {(a, b, kind) for a, b, kind in graph.edges(data="kind")} == edges_with_kinds(ladder)
    for role in ladder.roles.values():
        assert graph.nodes[role.id]["title"] == role.title.en
        assert graph.nodes[role.id]["level"] == role.level


def _as_file(text: str) -> Any:
    import io

    return io.BytesIO(text.encode("utf-8"))


def test_builtin_graphml_matches_the_graph(ladder: Ladder) -> None:
    graph = nx.read_graphml(_as_file(export(ladder, ExportFormat.graphml)))
    expected = build_graph(ladder)
    assert set(graph.nodes) == set(expected.nodes)
    assert set(graph.edges) == set(expected.edges)
    # Every attribute GraphML can carry is a scalar: the lists were joined, not dropped.
    sources = {(a, b): s for a, b, s in graph.edges(data="sources")}
    assert sources["customer-service-coordinator", "sales-representative"] == "seed-004"


# --- Mermaid and DOT quoting -------------------------------------------------------------

_MERMAID_NODE = re.compile(r'^\s+(n\d+)\["([^"]*)"\]$')
_MERMAID_EDGE = re.compile(r'^\s+(n\d+) (-->|-\.->)(?:\|"([^"]*)"\|)? (n\d+)$')
_MERMAID_ENTITY = re.compile(r"#(quot|lt|gt|amp|\d+);")
_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def mermaid_unescape(label: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        return _NAMED[code] if code in _NAMED else chr(int(code))

    return _MERMAID_ENTITY.sub(replace, label)


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str, str | None]]]:
    """Node labels by node id, and (source, arrow, target, label) edges; every line must parse."""
    lines = text.splitlines()
    assert lines[0] in ("flowchart BT", "flowchart TD")
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str | None]] = []
    for line in lines[1:]:
        if line.strip().startswith("%%"):
            continue
        node = _MERMAID_NODE.match(line)
        edge = _MERMAID_EDGE.match(line)
        assert node or edge, f"unparsable Mermaid line: {line!r}"
        if node:
            nodes[node.group(1)] = mermaid_unescape(node.group(2))
        elif edge:
            label = mermaid_unescape(edge.group(3)) if edge.group(3) is not None else None
            edges.append((edge.group(1), edge.group(2), edge.group(4), label))
    return nodes, edges


_DOT_STRING = r'"((?:[^"\\]|\\.)*)"'
_DOT_NODE = re.compile(rf"^\s+{_DOT_STRING} \[label={_DOT_STRING}, level=(\d+)\];$")
_DOT_EDGE = re.compile(rf"^\s+{_DOT_STRING} -> {_DOT_STRING} \[(.*)\];$")
_DOT_ATTRIBUTE = re.compile(rf"(\w+)=(?:{_DOT_STRING}|(\w+))")


def dot_unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def parse_dot(text: str) -> tuple[dict[str, str], list[tuple[str, str, dict[str, str]]]]:
    lines = text.splitlines()
    assert re.fullmatch(rf"digraph {_DOT_STRING} \{{", lines[0])
    assert lines[-1] == "}"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []
    for line in lines[1:-1]:
        node, edge = _DOT_NODE.match(line), _DOT_EDGE.match(line)
        if node:
            nodes[dot_unescape(node.group(1))] = dot_unescape(node.group(2))
        elif edge:
            attributes = {
                m.group(1): dot_unescape(m.group(2)) if m.group(2) is not None else m.group(3)
                for m in _DOT_ATTRIBUTE.finditer(edge.group(3))
            }
            edges.append((dot_unescape(edge.group(1)), dot_unescape(edge.group(2)), attributes))
        else:
            assert re.fullmatch(r"\s+\w+ ?(=\S+|\[.*\]);", line), f"unparsable DOT line: {line!r}"
    return nodes, edges


def awkward_ladder(write_yaml: Callable[..., Path]) -> Ladder:
    roles = [(f"r{i}", i + 1) for i in range(len(AWKWARD_TITLES))]
    steps = [(f"r{i}", f"r{i + 1}") for i in range(len(AWKWARD_TITLES) - 1)]
    document = minimal_document(roles, steps)
    for role, title in zip(document["roles"], AWKWARD_TITLES, strict=True):
        role["title"]["en"] = title
    document["steps"][0].update(kind="lateral", note='the "quiet" one')
    return load([str(write_yaml(document))])


def test_mermaid_quotes_awkward_names(write_yaml: Callable[..., Path]) -> None:
    ladder = awkward_ladder(write_yaml)
    nodes, edges = parse_mermaid(to_mermaid(ladder))
    assert sorted(nodes.values()) == sorted(AWKWARD_TITLES)
    by_title = {title: node for node, title in nodes.items()}
    lateral = [e for e in edges if e[1] == "-.->"]
    assert lateral == [(by_title[AWKWARD_TITLES[0]], "-.->", by_title[AWKWARD_TITLES[1]],
                        'lateral: the "quiet" one')]  # fmt: skip
    assert len([e for e in edges if e[1] == "-->"]) == len(ladder.steps) - 1


def test_mermaid_keeps_non_ascii_letters_as_they_are(write_yaml: Callable[..., Path]) -> None:
    text = to_mermaid(awkward_ladder(write_yaml))
    assert "Asiakaspalvelupäällikkö" in text
    assert "Åsa's Øvre Kundeservice" in text


def test_dot_quotes_awkward_names(write_yaml: Callable[..., Path]) -> None:
    ladder = awkward_ladder(write_yaml)
    nodes, edges = parse_dot(to_dot(ladder))
    assert nodes == {role.id: role.title.en for role in ladder.roles.values()}
    assert {(a, b, attrs["kind"]) for a, b, attrs in edges} == edges_with_kinds(ladder)
    (lateral,) = [attrs for _, _, attrs in edges if attrs["kind"] == "lateral"]
    assert lateral["style"] == "dashed"
    assert lateral["label"] == 'lateral: the "quiet" one'


@settings(max_examples=30, deadline=None)
@given(documents())
def test_mermaid_and_dot_round_trip_every_title(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        ladder = load([str(write_document(Path(directory), document))])
    nodes, edges = parse_mermaid(to_mermaid(ladder, "fi"))
    assert sorted(nodes.values()) == sorted(role.title.get("fi") for role in ladder.roles.values())
    assert len(edges) == len(ladder.steps)
    dot_nodes, dot_edges = parse_dot(to_dot(ladder))
    assert dot_nodes == {role.id: role.title.en for role in ladder.roles.values()}
    assert {(a, b, attrs["kind"]) for a, b, attrs in dot_edges} == edges_with_kinds(ladder)


def test_mermaid_node_ids_are_safe_whatever_the_role_ids(ladder: Ladder) -> None:
    nodes, edges = parse_mermaid(to_mermaid(ladder))
    assert all(re.fullmatch(r"n\d+", node) for node in nodes)
    assert len(nodes) == len(ladder.roles)
    assert len(edges) == len(ladder.steps)


# --- --from ----------------------------------------------------------------------------


def test_from_limits_to_what_the_role_leads_to(ladder: Ladder) -> None:
    start = ladder.roles["customer-service-coordinator"]
    part = reachable_ladder(ladder, start)
    expected = {start.id} | nx.descendants(build_graph(ladder), start.id)
    assert set(part.roles) == expected
    assert all(s.source_role in expected and s.target_role in expected for s in part.steps)
    assert len(part.steps) == build_graph(ladder).subgraph(expected).number_of_edges()
    used = {req.skill for role in part.roles.values() for req in role.skills}
    assert set(part.skills) == used


def test_export_from_role_through_the_cli(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "lead.json"
    outcome = run("export", "--format", "json", "--from", "team lead", "--output", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == ""
    part = load([str(target)])
    assert "customer-service-team-lead" in part.roles
    assert "customer-service-representative" not in part.roles
    assert "vp-of-customer-experience" in part.roles


def test_json_export_is_loadable_with_data_option(run: Run, tmp_path: Path) -> None:
    exported = run("export", "--format", "json")
    assert exported.exit_code == 0
    target = tmp_path / "all.json"
    target.write_text(exported.stdout, encoding="utf-8")
    original = run("roles", "--json")
    again = run("--data", str(target), "roles", "--json")
    assert again.exit_code == 0, again.stderr
    assert again.json() == original.json()


def test_unknown_role_in_from_exits_1(run: Run) -> None:
    outcome = run("export", "--from", "astronaut")
    assert outcome.exit_code == 1
    assert "unknown role" in outcome.stderr
    assert outcome.stdout == ""


def test_unknown_format_is_a_usage_error(run: Run) -> None:
    outcome = run("export", "--format", "pdf")
    assert outcome.exit_code == 2
    assert outcome.stdout == ""


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat if f != ExportFormat.sqlite])
def test_each_format_goes_to_stdout_without_output(run: Run, fmt: str, ladder: Ladder) -> None:
    outcome = run("export", "--format", fmt)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == export(ladder, ExportFormat(fmt))
    if fmt == "json":
        assert json.loads(outcome.stdout)["roles"]


# --- writing files ---------------------------------------------------------------------


def test_output_refuses_to_overwrite_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ladder.mmd"
    target.write_text("keep me\n", encoding="utf-8")
    outcome = run("export", "--output", str(target))
    assert outcome.exit_code == 2
    assert "--force" in outcome.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ladder.mmd"]


def test_force_overwrites(run: Run, tmp_path: Path, ladder: Ladder) -> None:
    target = tmp_path / "ladder.mmd"
    target.write_text("old\n", encoding="utf-8")
    outcome = run("export", "--output", str(target), "--force")
    assert outcome.exit_code == 0, outcome.stderr
    assert target.read_text(encoding="utf-8") == to_mermaid(ladder)


def test_written_file_has_ordinary_permissions(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ladder.dot"
    umask = os.umask(0o022)
    try:
        assert run("export", "-f", "dot", "-o", str(target)).exit_code == 0
    finally:
        os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o644


def test_failed_rename_leaves_the_old_file_and_no_temporary(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ladder.json"
    target.write_text("previous export\n", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    outcome = run("export", "-f", "json", "-o", str(target), "--force")
    assert outcome.exit_code != 0
    assert outcome.exception is None  # a message, not a traceback
    assert "No space left on device" in outcome.stderr
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ladder.json"]


def test_failure_mid_write_leaves_no_partial_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.graphml"

    def fail(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)
    outcome = run("export", "-f", "graphml", "-o", str(target))
    assert outcome.exit_code != 0
    assert outcome.exception is None
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_output_into_missing_directory_is_an_error_not_a_traceback(
    run: Run, tmp_path: Path
) -> None:
    outcome = run("export", "-o", str(tmp_path / "no" / "such" / "dir.mmd"))
    assert outcome.exit_code != 0
    assert outcome.exception is None
    assert "cannot write" in outcome.stderr


def test_a_file_created_after_the_check_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careerpath.data.files import write_atomically
    from careerpath.errors import UsageError

    target = tmp_path / "out.mmd"
    target.write_text("someone else's\n", encoding="utf-8")
    # The existence check passes, as if the file appeared just after it.
    monkeypatch.setattr(Path, "exists", lambda self: False)
    with pytest.raises(UsageError, match="exists"):
        write_atomically(target, "mine\n", force=False)
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.mmd"]


def test_file_systems_without_hard_links_still_get_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from careerpath.data.files import write_atomically

    def no_links(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "out.mmd"
    write_atomically(target, "graph\n", force=False)
    assert target.read_text(encoding="utf-8") == "graph\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.mmd"]


@pytest.mark.parametrize(
    "command",
    [
        ["show", "coordinator"],
        ["path", "customer service representative", "coordinator"],
        ["gap", "customer service representative", "coordinator"],
        ["tree", "coordinator"],
    ],
)
def test_svg_saves_what_the_command_printed(run: Run, tmp_path: Path, command: list[str]) -> None:
    import xml.etree.ElementTree as ElementTree

    picture = tmp_path / "picture.svg"
    outcome = run(*command, "--svg", str(picture))
    assert outcome.exit_code == 0, outcome.stderr
    assert "Coordinator" in outcome.stdout
    root = ElementTree.parse(picture).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    shown = "".join(root.itertext()).replace("\xa0", " ")
    first_line = outcome.stdout.splitlines()[0].strip()
    assert first_line.split()[0] in shown
    assert "Coordinator" in shown


def test_export_output_dash_is_standard_output(run: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    dashed = run("export", "--format", "json", "--output", "-")
    plain = run("export", "--format", "json")
    assert dashed.exit_code == 0 and dashed.stdout == plain.stdout
    assert not (tmp_path / "-").exists()
