"""Every `careerpath ...` example in the README runs and shows what it claims.

The examples are taken from the README's ```console blocks (in a block with `$ ` prompts, only
the prompted lines; the rest is the output shown). Each runs in one directory where the README's
example files (```yaml blocks that begin with a `# name.yaml` line) have been written, in README
order, so `init` and `schema > FILE` run before what reads their files. A command must exit 0
(or the code a `# exits N` comment gives), print no traceback and print something (or write the
file it is asked to). Lines that are not careerpath commands are skipped by the rules below, each
skip listed in SKIPPED, so an example cannot drop out of the test unnoticed.
"""

from __future__ import annotations

import itertools
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app

README = Path(__file__).resolve().parents[1] / "README.md"

SKIP_RULES: dict[str, str] = {
    r"^pip install\b": "installs careerpath; the tests run the checkout itself",
    r"^pytest\b": "runs this test suite",
    r"^ruff |^mypy |^lint-imports$": "linters, run by CI",
    r"^\.ci/run\b": "CI's own script: a fresh venv",
    r"^export [A-Z_]+=": "sets a shell variable (its effect is tested in test_combine.py)",
    r"^python benchmarks/": "benchmarks take minutes",
    r"^dot\b": "Graphviz, fed by the careerpath command before the pipe (which is run)",
}

SKIPPED = [
    "pip install .",
    'pip install ".[test]"',
    "pytest",
    "export CAREERPATH_DATA=builtin:ours.yaml",
    "dot -Tsvg > lead.svg",
    "python benchmarks/run.py",
    "python benchmarks/run.py --markdown",
    "python benchmarks/run.py --runs 20 --out /tmp/cp-bench",
    "python benchmarks/run.py --extra-data onet.json",
    "python benchmarks/run.py --only-names",
    "python benchmarks/run.py --only-esco",
    "python benchmarks/scale.py --markdown --out /tmp/cp-scale",
    "python benchmarks/scale.py --scales builtin,onet --runs 3",
    "python benchmarks/scale.py --judge cpu",
    'pip install -e ".[test]"',
    "pytest",
    "ruff check .",
    "ruff format --check .",
    "mypy --strict src",
    "lint-imports",
    ".ci/run",
]
"""Every README console line (or part of one, split at `&&` and `|`) the rules skip, in order."""


def _blocks(text: str, kind: str) -> list[tuple[int, list[str]]]:
    """(line number of the first line, lines) of each fenced block of *kind*."""
    found: list[tuple[int, list[str]]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() == f"```{kind}":
            start = index + 1
            end = start
            while lines[end].strip() != "```":
                end += 1
            found.append((start + 1, lines[start:end]))
            index = end
        index += 1
    return found


def example_files(text: str) -> dict[str, str]:
    """The README's example data files, by the name their first comment line gives them."""
    files: dict[str, str] = {}
    for _, lines in _blocks(text, "yaml"):
        match = re.fullmatch(r"# ([\w.-]+\.(?:ya?ml|json))", lines[0].strip()) if lines else None
        if match:
            assert match.group(1) not in files, f"two README examples are called {match.group(1)}"
            files[match.group(1)] = "\n".join(lines) + "\n"
    return files


@dataclass
class Example:
    """One command line of the README."""

    line: int
    text: str
    shown: list[str]
    """The output the README shows for it, if any."""


def examples(text: str) -> list[Example]:
    """Every command line of the README's console blocks, in order."""
    found = []
    for first, lines in _blocks(text, "console"):
        prompted = any(line.startswith("$ ") for line in lines)
        for offset, line in enumerate(lines):
            if prompted and not line.startswith("$ "):
                continue
            command = line[2:] if prompted else line
            if not command.strip():
                continue
            shown: list[str] = []
            if prompted:
                for rest in lines[offset + 1 :]:
                    if rest.startswith("$ "):
                        break
                    shown.append(rest)
            found.append(Example(first + offset, command, shown))
    return found


def _parts(command: str) -> list[list[str]]:
    """A shell line as its commands (split at `&&` and `|`), each as words, comments dropped."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars="&|<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    parts: list[list[str]] = [[]]
    for word in lexer:
        if word in ("&&", "|"):
            parts.append([])
        else:
            parts[-1].append(word)
    return [part for part in parts if part]


def _skip_reason(words: list[str]) -> str | None:
    line = shlex.join(words)
    for pattern, reason in SKIP_RULES.items():
        if re.search(pattern, line):
            return reason
    return None


def _expected_exit(command: str) -> int:
    match = re.search(r"#.*\bexits (\d)\b", command)
    return int(match.group(1)) if match else 0


TEXT = README.read_text(encoding="utf-8")
EXAMPLES = examples(TEXT)
COMMANDS = [
    (example, words)
    for example in EXAMPLES
    for words in _parts(example.text)
    if _skip_reason(words) is None
]


def test_every_console_line_is_run_or_skipped_by_a_listed_rule() -> None:
    skipped = [
        shlex.join(words)
        for example in EXAMPLES
        for words in _parts(example.text)
        if _skip_reason(words) is not None
    ]
    assert skipped == [shlex.join(shlex.split(line)) for line in SKIPPED]
    for _, words in COMMANDS:
        assert words[0] == "careerpath", f"neither run nor skipped: {shlex.join(words)}"
    assert len(COMMANDS) >= 30  # the README's examples, not a parse that found none


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for all the examples, with the README's example files in it."""
    import zipfile

    from tests.fixtures.make_onet import write_readme_release

    directory = tmp_path_factory.mktemp("readme")
    for name, content in example_files(TEXT).items():
        (directory / name).write_text(content, encoding="utf-8")
    # The O*NET examples read the download's zip: an invented release with the real titles.
    release = directory / "release" / "db_31_0_text"
    write_readme_release(release)
    with zipfile.ZipFile(directory / "db_31_0_text.zip", "w") as archive:
        for file in sorted(release.iterdir()):
            archive.write(file, f"db_31_0_text/{file.name}")
    # The ESCO examples read two language packs: invented packs with ESCO's codes and names.
    from tests.fixtures.make_esco import write_zip

    write_zip(directory, "en", "1.2")
    write_zip(directory, "fi", "1.2")
    return directory


def test_the_readme_example_files_are_there() -> None:
    assert {"me.yaml", "ours.yaml"} <= set(example_files(TEXT))


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None
    written: str | None
    """The text of the file the command was asked to write, if any."""


def run_example(words: list[str], directory: Path) -> Ran:
    """Run one careerpath command line in *directory*, with `< FILE` and `> FILE` done here."""
    args = words[1:]
    stdin = stdout_file = None
    if ">" in args:
        at = args.index(">")
        stdout_file, args = directory / args[at + 1], args[:at] + args[at + 2 :]
    if "<" in args:
        at = args.index("<")
        stdin, args = (directory / args[at + 1]).read_text("utf-8"), args[:at] + args[at + 2 :]
    result = CliRunner().invoke(app, args, input=stdin, catch_exceptions=True)
    written = None
    if stdout_file is not None:
        stdout_file.write_text(result.stdout, encoding="utf-8")
        written = result.stdout
    target = _written_file(args)
    if target is not None and (directory / target).exists():
        written = (directory / target).read_text(encoding="utf-8")
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return Ran(result.exit_code, result.stdout, result.stderr, exception, written)


def _written_file(args: list[str]) -> str | None:
    for flag in ("--output", "-o"):
        if flag in args:
            return args[args.index(flag) + 1]
    if args[:1] == ["init"] and args[1] != "-":
        return args[1]
    return None


@pytest.mark.parametrize(
    ("example", "words"),
    COMMANDS,
    ids=[f"README:{example.line}:{shlex.join(words)[:60]}" for example, words in COMMANDS],
)
def test_readme_example_runs(
    example: Example, words: list[str], workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    # `import onet` installs into the data directory that `--data onet` reads, for every example.
    monkeypatch.setenv("CAREERPATH_DATA_DIR", str(workdir / "data"))
    if "# at a terminal" in example.text:
        # The example shows the numbered choice a terminal gets; here nobody can answer, so the
        # command must exit 1 listing the same candidates the README shows.
        ran = run_example(words, workdir)
        assert ran.exit_code == 1 and ran.stdout == ""
        for shown in example.shown[1:-1]:
            name, role_id = shown.split(". ", 1)[1].rsplit(" (", 1)
            assert f"{name} ({role_id}" in ran.stderr
        import careerpath.cli.session

        monkeypatch.setattr(careerpath.cli.session, "interactive", lambda: True)
        answer = example.shown[-1].rsplit(" ", 1)[1]
        result = CliRunner().invoke(app, words[1:], input=answer + "\n")
        assert result.exit_code == 0, result.output
        chosen = example.shown[int(answer)].rsplit(" (", 1)[1].rstrip(")")
        assert chosen in result.stdout
        return
    ran = run_example(words, workdir)
    assert ran.exception is None, repr(ran.exception)
    assert "Traceback" not in ran.stdout + ran.stderr
    assert ran.exit_code == _expected_exit(example.text), ran.stdout + ran.stderr
    # `import` reports on stderr (its dataset is the file it installs or writes).
    reported = words[1] == "import" and "Imported" in ran.stderr
    assert ran.stdout.strip() or (ran.written or "").strip() or reported, "printed nothing"
    if example.shown:
        assert _words(ran.stdout) == _words("\n".join(example.shown))


def _words(text: str) -> list[str]:
    # What the output says, not how it is laid out: wrapping, padding and rules may change
    # with the terminal, the words and their order may not.
    return [word for word in text.split() if not set(word) <= set("━─█░•|")]


# --- what the examples claim, checked through --json ------------------------------------------


def claim(workdir: Path, monkeypatch: pytest.MonkeyPatch, line: str) -> Any:
    """The --json answer of the README example that is exactly *line*."""
    (words,) = [w for _, w in COMMANDS if shlex.join(w) == shlex.join(shlex.split(line))]
    monkeypatch.chdir(workdir)
    ran = run_example([*words, "--json"], workdir)
    assert ran.exit_code == 0, ran.stderr
    import json

    return json.loads(ran.stdout)


def test_along_route_example_walks_a_route(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = claim(
        workdir,
        monkeypatch,
        'careerpath gap "customer service rep" "customer service manager" --along-route',
    )
    route = answer["along_route"]
    assert route["note"] is None
    ids = [role["id"] for role in route["roles"]]
    # "from representative to manager, through the coordinator", as the README says
    assert ids == [
        "customer-service-representative",
        "customer-service-coordinator",
        "customer-service-manager",
    ]
    legs = [(leg["from"]["id"], leg["to"]["id"]) for leg in route["legs"]]
    assert legs == list(itertools.pairwise(ids))
    assert answer["step"] is None  # not a direct step: that is why the legs are shown


def test_along_route_without_a_route_says_so(run: Any) -> None:
    # The README's example of a pair with no route: coordinator to team lead.
    outcome = run("gap", "coordinator", "team lead", "--along-route", "--json")
    assert outcome.exit_code == 0
    route = outcome.json()["along_route"]
    assert route["legs"] == [] and route["note"]


def test_level_and_language_examples(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    level = claim(workdir, monkeypatch, "careerpath roles --level 4")
    assert level["count"] > 0 and {role["level"] for role in level["roles"]} == {4}
    finnish = claim(workdir, monkeypatch, "careerpath --lang fi roles")
    assert all(role["title"] == role["titles"]["fi"] for role in finnish["roles"])
    assert any(role["title"] != role["titles"]["en"] for role in finnish["roles"])


def test_path_constraints_example(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = claim(
        workdir,
        monkeypatch,
        'careerpath path "customer service rep" "vp cx" --via "team lead" --avoid coordinator '
        "--promotions-only",
    )
    assert answer["routes"]
    for route in answer["routes"]:
        ids = [step["id"] for step in route["steps"]]
        assert "customer-service-team-lead" in ids
        assert "customer-service-coordinator" not in ids
        assert set(route["kinds"]) == {"promotion"}


def test_company_file_example_reaches_its_role(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = claim(
        workdir,
        monkeypatch,
        "careerpath --data builtin --data ours.yaml path "
        '"customer service representative" "support operations analyst"',
    )
    assert answer["routes"][0]["steps"][-1]["id"] == "support-operations-analyst"
