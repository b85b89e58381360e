"""The bad-input corpus: every hostile or broken input ends in a clear message, fast.

Each case is one input a user (or a colleague's file) could give. For every one the command
must exit with the documented code, name the problem and where it is on stderr, print no
traceback, and finish in under two seconds.
"""

from __future__ import annotations

import codecs
import os
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from careerpath.data.locate import builtin_path
from tests.conftest import Outcome, Run, minimal_document

LIMIT_SECONDS = 2.0


@dataclass(frozen=True)
class BadFile:
    """A data file and what the error about it must say."""

    make: Callable[[Path], None]
    says: str


def _text(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding="utf-8")


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _document(change: Callable[[dict[str, object]], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        document = minimal_document()
        change(document)
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    return make


def _huge(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: 129 MB on paper, nothing on disk
        handle.truncate(129 * 1024 * 1024)


def _billion_laughs(path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        name, previous = chr(97 + index), chr(96 + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _deep_block(path: Path) -> None:
    path.write_text("".join(" " * i + "- \n" for i in range(2000)), encoding="utf-8")


def _set_title(value: str) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        roles = document["roles"]
        assert isinstance(roles, list)
        roles[0]["title"]["en"] = value

    return change


def _cycle(document: dict[str, object]) -> None:
    steps = document["steps"]
    assert isinstance(steps, list)
    steps.append({"from": "senior", "to": "junior", "kind": "lateral"})


BAD_FILES: dict[str, BadFile] = {
    "empty file": BadFile(_text(""), "file is empty"),
    "only a comment": BadFile(_text("# nothing here\n"), "file is empty"),
    "not YAML": BadFile(_text("roles: [\n  - a\n"), "not valid YAML"),
    "a list at the top": BadFile(_text("- a\n- b\n"), "top level is a list"),
    "a scalar at the top": BadFile(_text("hello\n"), "top level is a single string"),
    "wrong types": BadFile(_text("skill_scale: {min: a, max: 5}\nroles: 3\n"), "must be a list"),
    "missing fields": BadFile(
        _text("skill_scale: {min: 1, max: 5}\nroles: [{id: x}]\n"), "required field is missing"
    ),
    "unknown field": BadFile(
        _text("skill_scale: {min: 1, max: 5}\nroles: []\ncolour: red\n"), "unknown field"
    ),
    "duplicate ids": BadFile(
        _document(lambda d: d["roles"].append(dict(d["roles"][0]))),  # type: ignore[attr-defined, index]
        "duplicate role 'junior'",
    ),
    "dangling reference": BadFile(
        _document(
            lambda d: d["steps"].append({"from": "junior", "to": "ghost", "kind": "promotion"})  # type: ignore[attr-defined]
        ),
        "unknown role 'ghost'",
    ),
    "self-loop": BadFile(
        _document(
            lambda d: d["steps"].append({"from": "junior", "to": "junior", "kind": "lateral"})  # type: ignore[attr-defined]
        ),
        "to itself",
    ),
    "level out of the scale": BadFile(
        _document(lambda d: d["roles"][0]["skills"][0].update(level=6)),  # type: ignore[index]
        "outside the skill scale 1..5",
    ),
    "UTF-16 file": BadFile(_bytes("name: x\n".encode("utf-16")), "UTF-16"),
    "UTF-16 without BOM": BadFile(_bytes("name: x\n".encode("utf-16-le")), "NUL bytes"),
    "Latin-1 file": BadFile(_bytes("name: Päällikkö\n".encode("latin-1")), "not valid UTF-8"),
    "binary garbage": BadFile(_bytes(bytes(range(256)) * 20), "NUL bytes"),
    "129 MB file": BadFile(_huge, "limit is 128 MB"),
    "billion laughs": BadFile(_billion_laughs, "expands to more than"),
    "deep flow nesting": BadFile(_text("[" * 100_000 + "]" * 100_000), "nesting is deeper"),
    "deep block nesting": BadFile(_deep_block, "nesting is deeper"),
    "python object tag": BadFile(
        _text('roles: !!python/object/apply:os.system ["echo pwned"]\n'), "YAML tags"
    ),
    "python name tag": BadFile(_text("roles: !!python/name:os.system\n"), "YAML tags"),
    "ANSI escape in a title": BadFile(_document(_set_title("Lead\x1b[2J")), "U+001B"),
    "OSC hyperlink in a title": BadFile(
        _document(_set_title("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\")), "U+001B"
    ),
    "zero-width space in a title": BadFile(_document(_set_title("Le\u200bad")), "U+200B"),
    "bidi override in a title": BadFile(_document(_set_title("\u202eLead")), "U+202E"),
    "C1 control in a title": BadFile(_document(_set_title("Lead\x9b31m")), "U+009B"),
}


def timed(run: Run, *args: str) -> tuple[Outcome, float]:
    start = time.perf_counter()
    outcome = run(*args)
    return outcome, time.perf_counter() - start


def assert_clean_failure(outcome: Outcome, code: int, *fragments: str) -> None:
    assert outcome.exit_code == code, (outcome.stdout, outcome.stderr)
    assert outcome.exception is None, repr(outcome.exception)
    assert "Traceback" not in outcome.stderr
    for fragment in fragments:
        assert fragment in outcome.stderr, (fragment, outcome.stderr)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_data_file(run: Run, tmp_path: Path, case: str) -> None:
    bad = BAD_FILES[case]
    path = tmp_path / "bad.yaml"
    bad.make(path)
    outcome, seconds = timed(run, "--data", str(path), "roles")
    assert_clean_failure(outcome, 1, bad.says, str(path))
    assert outcome.stdout == ""
    assert seconds < LIMIT_SECONDS


@pytest.mark.parametrize("kind", ["directory", "missing", "unreadable", "fifo"])
def test_path_that_is_not_a_readable_file(run: Run, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "data.yaml"
    says = {"directory": "is a directory", "missing": "no such file"}
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
        says["fifo"] = "is not a regular file"
    elif kind == "unreadable":
        path.write_text("name: x\n", encoding="utf-8")
        path.chmod(0)
        try:
            path.read_bytes()
        except PermissionError:
            says["unreadable"] = "permission denied"
        else:  # running as root: permissions don't bite, so make it unreadable another way
            path.chmod(0o644)
            path.unlink()
            path.symlink_to(path)
            says["unreadable"] = "symbolic link"
    outcome, seconds = timed(run, "--data", str(path), "roles")
    assert_clean_failure(outcome, 1, says[kind], str(path))
    assert seconds < LIMIT_SECONDS


def test_from_equal_to_to_is_an_answer(run: Run) -> None:
    outcome, seconds = timed(run, "path", "csam", "kundestøtteansvarlig")
    assert outcome.exit_code == 0, outcome.stderr
    assert "both the start and the destination" in outcome.stdout
    assert seconds < LIMIT_SECONDS


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "nesting is deeper"),
        ('{"roles": [}', "not valid JSON"),
        ("[1, 2]", "top level is a list"),
    ],
)
def test_bad_json_file(run: Run, tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    outcome, seconds = timed(run, "--data", str(path), "roles")
    assert_clean_failure(outcome, 1, says, str(path))
    assert seconds < LIMIT_SECONDS


def test_utf8_bom_is_accepted(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(codecs.BOM_UTF8 + builtin_path().read_bytes())
    with_bom = run("--data", str(path), "roles", "--json")
    without = run("roles", "--json")
    assert with_bom.exit_code == 0, with_bom.stderr
    assert with_bom.json()["roles"] == without.json()["roles"]


def test_cycles_are_allowed_and_commands_finish(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "cycle.yaml"
    _document(_cycle)(path)
    outcome, seconds = timed(run, "--data", str(path), "show", "junior", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    card = outcome.json()
    assert [s["role"]["id"] for s in card["previous_roles"]] == ["senior"]
    assert seconds < LIMIT_SECONDS


def test_markup_in_every_field_prints_literally(run: Run, tmp_path: Path) -> None:
    document = minimal_document()
    role = document["roles"][0]
    role["title"]["en"] = "[bold red]x[/]"
    role["aliases"] = ["[link=file:///etc/passwd]y[/link]"]
    role["responsibilities"] = ["[reverse]r[/reverse]"]
    role["kpis"] = ["[blink]k[/blink]"]
    role["track"] = "[italic]t[/italic]"
    path = tmp_path / "markup.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    shown = run("--data", str(path), "show", "junior")
    assert shown.exit_code == 0, shown.stderr
    for literal in ("[bold red]x[/]", "[link=file:///etc/passwd]y[/link]", "[reverse]r[/reverse]"):
        assert literal in shown.stdout
    listed = run("--data", str(path), "roles")
    assert "[bold red]x[/]" in listed.stdout and "[italic]t[/italic]" in listed.stdout


def test_nfc_and_nfd_titles_resolve_to_the_same_role(run: Run, tmp_path: Path) -> None:
    title = "Asiakaspalvelupäällikkö"
    document = minimal_document()
    document["roles"][1]["title"]["fi"] = unicodedata.normalize("NFD", title)
    path = tmp_path / "nfd.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    for query in (unicodedata.normalize("NFC", title), unicodedata.normalize("NFD", title)):
        outcome = run("--data", str(path), "show", query, "--json")
        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.json()["id"] == "senior"


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("show", "no such role"), 1, "unknown role"),
        (("show", "manager"), 1, "matches several roles"),
        (("show", ""), 1, "unknown role"),
        (("show", "x" * 10_000), 1, "unknown role"),
        (("--lang", "xx", "roles"), 2, "xx"),
        (("--data", "/nowhere/at/all.yaml", "roles"), 1, "no such file"),
        (("roles", "--level", "high"), 2, "--level"),
        (("no-such-command",), 2, "no-such-command"),
        (("path", "csam", "customer service representative"), 1, "below"),
        (("path", "", "csam"), 1, "unknown role"),
        (("path", "x" * 10_000, "csam"), 1, "unknown role"),
        (("path", "csam", "team lead", "--avoid", "nobody"), 1, "unknown role"),
        (("next", "tiimijohtja"), 1, "did you mean"),
        (("tree", "manager"), 1, "matches several roles"),
        (("gap", "team lead", "csm", "--have", "communication"), 2, "communication"),
        (("gap", "csm", "--have", "communication=lots"), 2, "lots"),
        (("gap", "csm", "--have", "comunication=3"), 1, "did you mean"),
        (("gap", "csm", "--have", "communication=99"), 2, "99"),
        (("gap", "csm", "--profile", "/nowhere/me.yaml"), 1, "no such file"),
        (("export", "--format", "pdf"), 2, "pdf"),
        (("export", "--from", "nobody"), 1, "unknown role"),
    ],
)
def test_bad_command_lines(run: Run, args: tuple[str, ...], code: int, says: str) -> None:
    outcome, seconds = timed(run, *args)
    assert_clean_failure(outcome, code, says)
    assert seconds < LIMIT_SECONDS
    assert len(outcome.stderr) < 2_000  # a 10,000-character argument is not echoed whole


def test_documented_limits_match_the_code() -> None:
    from careerpath.data import models
    from careerpath.data import sources as dataset

    docs = (Path(__file__).parents[1] / "docs" / "data-format.md").read_text(encoding="utf-8")
    limits = docs.split("## Limits", 1)[1]
    assert f"{dataset.MAX_FILE_BYTES // 1_048_576} MB" in limits
    assert f"{dataset.MAX_NODES:,}" in limits
    assert f"{dataset.MAX_DEPTH} levels" in limits
    assert f"{models.MAX_NAME_LENGTH} characters" in limits
    assert f"{models.MAX_TEXT_LENGTH:,} characters" in limits
