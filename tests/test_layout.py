"""What the commands print, at 40, 60, 80 and 120 columns and in a pipe.

The words to look for come from each command's own ``--json`` answer and from what it prints
on a terminal too wide to wrap anything (the reference): at every width each of those words
must still be there whole, no fragment of one may appear, every role id stays whole on one
line and no line is wider than the terminal. In a pipe nothing is wrapped at all: no trailing
spaces, and every phrase the reference shows on one line is on one line.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.data.ladder import Ladder
from careerpath.output.layout import Trimmed, _share, fit, fit_table
from tests.conftest import minimal_document

WIDTHS = (40, 60, 80, 120)
REFERENCE = 2000  # columns: nothing we print comes near, so nothing is wrapped
REP = "customer-service-representative"
VP = "vp-of-customer-experience"
LETTERS = re.compile(r"[^\W\d_]+")


def invoke(*args: str, columns: int | None) -> tuple[int, str]:
    """Exit code and stdout of ``careerpath ARGS``: in a terminal of *columns*, or piped."""
    env: dict[str, str | None] = {"COLUMNS": str(columns) if columns else None}
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout


def strings(document: Any) -> Iterator[str]:
    """Every string value in a JSON document."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for value in document.values():
            yield from strings(value)
    elif isinstance(document, list):
        for value in document:
            yield from strings(value)


def words(text: str) -> set[str]:
    """The words of *text*: runs of letters (ids and compounds split at their hyphens)."""
    return set(LETTERS.findall(text))


def whole(role_id: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(role_id)}(?![\w-])", text) is not None


@dataclass
class Answer:
    """One command's JSON answer and its output on a terminal wide enough for anything."""

    args: tuple[str, ...]
    document: Any
    reference: str
    role_ids: set[str]

    @property
    def expected_words(self) -> set[str]:
        """Words of the data that the command prints: each must survive at every width."""
        data = set().union(*(words(s) for s in strings(self.document)))
        return data & words(self.reference)

    @property
    def vocabulary(self) -> set[str]:
        return set().union(*(words(s) for s in strings(self.document))) | words(self.reference)

    @property
    def printed_ids(self) -> set[str]:
        return {i for i in self.role_ids if whole(i, self.reference)}

    def broken_words(self, output: str) -> set[str]:
        """Words of *output* that are only a piece of a word the command prints whole."""
        known = self.vocabulary
        return {
            word
            for word in words(output)
            if len(word) > 1
            and word not in known
            and any(
                longer != word and (longer.startswith(word) or longer.endswith(word))
                for longer in known
            )
        }


def answer(args: tuple[str, ...], role_ids: set[str], exit_code: int = 0) -> Answer:
    code, document = invoke(*args, "--json", columns=REFERENCE)
    assert code == exit_code, document
    code, reference = invoke(*args, columns=REFERENCE)
    assert code == exit_code, reference
    return Answer(args, json.loads(document), reference, role_ids)


STRESS = {
    "name": "stress",
    "skill_scale": {"min": 1, "max": 5},
    "skills": [
        {"id": "collaboration", "name": {"en": "Interdisciplinary stakeholder collaboration"}},
        {"id": "localisation", "name": {"en": "Internationalisation and localisation"}},
        {"id": "negotiation", "name": {"en": "Negotiation"}},
    ],
    "roles": [
        {
            "id": "apprentice-communications-coordinator",
            "title": {"en": "Apprentice Communications Coordinator"},
            "level": 1,
            "track": "communications-operations",
            "summary": "Coordinates multilingual communications between departments, "
            "keeping terminology consistent across internationalised documentation.",
            "responsibilities": [
                "Maintain the organisation-wide terminology database and its translations.",
                "Schedule [bold]interdepartmental[/bold] reviews of customer-facing material.",
            ],
            "skills": [
                {"skill": "collaboration", "level": 2},
                {"skill": "localisation", "level": 1},
            ],
            "tools": [
                {"name": "TranslationManagementSystem", "category": "localisation-tooling"},
                {"name": "Confluence", "category": "knowledge-base"},
            ],
            "kpis": ["Terminology consistency across published documentation"],
            "salaries": [
                {
                    "city": "Helsinki",
                    "currency": "EUR",
                    "low": 31000,
                    "high": 38000,
                    "period": "year",
                    "applies_to": "apprentices and junior coordinators",
                }
            ],
        },
        {
            "id": "principal-internationalisation-lead",
            "title": {"en": "Principal Internationalisation Lead"},
            "level": 2,
            "track": "internationalisation",
            "skills": [
                {"skill": "collaboration", "level": 4},
                {"skill": "localisation", "level": 4},
                {"skill": "negotiation", "level": 3},
            ],
            "tools": [
                {"name": "TranslationManagementSystem", "category": "localisation-tooling"},
                {"name": "Smartling", "category": "localisation-tooling"},
            ],
            "salaries": [
                {
                    "city": "Helsinki",
                    "currency": "EUR",
                    "low": 52000,
                    "high": 67000,
                    "period": "year",
                    "applies_to": "apprentices and junior coordinators",
                }
            ],
        },
        {
            "id": "head-of-interdisciplinary-programmes",
            "title": {"en": "Head of Interdisciplinary Programmes"},
            "level": 3,
            "track": "programme-management",
            "skills": [
                {"skill": "collaboration", "level": 5},
                {"skill": "negotiation", "level": 4},
            ],
        },
    ],
    "steps": [
        {
            "from": "apprentice-communications-coordinator",
            "to": "principal-internationalisation-lead",
            "kind": "promotion",
            "note": "internationalisation specialisation",
        },
        {
            "from": "principal-internationalisation-lead",
            "to": "head-of-interdisciplinary-programmes",
            "kind": "promotion",
        },
        {
            "from": "apprentice-communications-coordinator",
            "to": "head-of-interdisciplinary-programmes",
            "kind": "lateral",
        },
    ],
}
STRESS_IDS = {role["id"] for role in STRESS["roles"]}  # type: ignore[index]

BROKEN = minimal_document([("junior", 1), ("senior", 2)])
BROKEN["roles"][0]["skills"][0]["skill"] = "comunication"
BROKEN["roles"][1]["level"] = "two"
BROKEN["steps"].append({"from": "junior", "to": "senoir", "kind": "promotion"})
BROKEN["steps"].append({"from": "juniro", "to": "senior", "kind": "lateral"})

BUILTIN_COMMANDS = [
    ("roles",),
    ("roles", "--level", "3"),
    ("skills",),
    ("skills", "--search", "management"),
    ("show", "customer-service-team-lead"),
    ("show", REP),
    ("path", REP, VP),
    ("path", REP, VP, "--by", "gap", "--via", "customer-service-coordinator"),
    ("next", "customer-service-coordinator"),
    ("next", "customer-service-coordinator", "--have", "communication=4,negotiation=2"),
    ("tree", REP),
    ("tree", VP, "--up"),
    ("gap", REP, "customer-service-team-lead", "--along-route"),
    ("gap", "customer-service-coordinator", "customer-service-manager"),
    ("gap", "--have", "communication=3", "customer-service-manager"),
    ("plan", REP, VP),
    ("plan", REP, "customer-service-team-lead", "--have", "leadership=2"),
    ("compare", REP, "customer-service-team-lead", "customer-service-coordinator"),
    (
        "compare",
        REP,
        "customer-service-team-lead",
        "customer-service-coordinator",
        "customer-service-manager",
        VP,
    ),
]
STRESS_COMMANDS = [
    ("roles",),
    ("show", "apprentice-communications-coordinator"),
    ("show", "principal-internationalisation-lead"),
    ("next", "apprentice-communications-coordinator"),
    ("path", "apprentice-communications-coordinator", "head-of-interdisciplinary-programmes"),
    ("tree", "apprentice-communications-coordinator"),
    ("plan", "apprentice-communications-coordinator", "head-of-interdisciplinary-programmes"),
    ("compare", "apprentice-communications-coordinator", "principal-internationalisation-lead"),
    (
        "gap",
        "apprentice-communications-coordinator",
        "principal-internationalisation-lead",
        "--along-route",
    ),
]

# Measured data: importances, low-precision marks, hot and in-demand tools, and their legend.
MEASURED = str(Path(__file__).parent / "fixtures" / "measured.yaml")
MEASURED_IDS = {"10-0001.00", "10-0002.00", "10-0003.00"}
MEASURED_COMMANDS = [
    ("gap", "10-0001.00", "10-0002.00"),
    ("gap", "10-0002.00", "10-0001.00"),
    ("gap", "10-0001.00", "10-0003.00", "--along-route"),
    ("skills",),
]


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The data files, named relative to the current directory (their folder while the tests
    run): a location such as ``/tmp/pytest-of-…/broken.yaml:12:3:`` is one word longer than
    a 40-column line, which can only be folded."""
    folder = tmp_path_factory.mktemp("layout")
    files = {}
    for name, document in (("stress", STRESS), ("broken", BROKEN)):
        files[name] = Path(f"{name}.yaml")
        text = yaml.safe_dump(document, allow_unicode=True)
        (folder / files[name]).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        yield files


CASES = [
    *((args, "builtin") for args in BUILTIN_COMMANDS),
    *((args, "stress") for args in STRESS_COMMANDS),
    *((args, "measured") for args in MEASURED_COMMANDS),
    (("validate", "broken.yaml"), "broken"),
]
CASE_IDS = [" ".join(args) + ("" if data == "builtin" else f" ({data})") for args, data in CASES]


@pytest.fixture(scope="module")
def answers(ladder: Ladder, data_files: dict[str, Path]) -> dict[int, Answer]:
    """Each case's answer, worked out once for the module when first asked for."""
    return {}


def case_answer(answers: dict[int, Answer], ladder: Ladder, index: int) -> Answer:
    if index not in answers:
        args, data = CASES[index]
        if data == "builtin":
            answers[index] = answer(args, set(ladder.roles))
        elif data == "stress":
            answers[index] = answer(("--data", "stress.yaml", *args), STRESS_IDS)
        elif data == "measured":
            answers[index] = answer(("--data", MEASURED, *args), MEASURED_IDS)
        else:
            answers[index] = answer(args, set(), exit_code=1)
    return answers[index]


@pytest.mark.parametrize("index", range(len(CASES)), ids=CASE_IDS)
def test_the_commands_print_what_the_checks_look_for(
    answers: dict[int, Answer], ladder: Ladder, index: int
) -> None:
    # The checks below are only as good as the words and ids they look for.
    one = case_answer(answers, ladder, index)
    assert len(one.expected_words) >= 5, one.args
    if CASES[index][0][0] in ("roles", "show"):
        assert one.printed_ids


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("index", range(len(CASES)), ids=CASE_IDS)
def test_on_a_terminal_ids_and_words_stay_whole_and_lines_fit(
    answers: dict[int, Answer], ladder: Ladder, index: int, width: int
) -> None:
    one = case_answer(answers, ladder, index)
    _, output = invoke(*one.args, columns=width)
    where = f"`careerpath {' '.join(one.args)}` at {width} columns"
    assert {i for i in one.printed_ids if not whole(i, output)} == set(), where
    assert one.expected_words - words(output) == set(), f"{where}: words lost or cut"
    assert one.broken_words(output) == set(), f"{where}: pieces of words"
    wide = [line for line in output.splitlines() if cell_len(line) > width]
    assert wide == [], where


@pytest.mark.parametrize("index", range(len(CASES)), ids=CASE_IDS)
def test_in_a_pipe_lines_are_whole_and_unpadded(
    answers: dict[int, Answer], ladder: Ladder, index: int
) -> None:
    one = case_answer(answers, ladder, index)
    _, output = invoke(*one.args, columns=None)
    where = f"`careerpath {' '.join(one.args)} | cat`"
    lines = output.splitlines()
    assert [line for line in lines if line != line.rstrip()] == [], where
    assert {i for i in one.printed_ids if not whole(i, output)} == set(), where
    assert one.expected_words - words(output) == set(), where
    assert one.broken_words(output) == set(), where
    reference_lines = one.reference.splitlines()
    for phrase in strings(one.document):
        if " " in phrase and any(phrase in line for line in reference_lines):
            assert any(phrase in line for line in lines), f"{where}: {phrase!r} wrapped"


def test_roles_piped_to_grep_find_each_id_with_its_title(ladder: Ladder) -> None:
    _, output = invoke("roles", columns=None)
    for role in ladder.roles.values():
        found = [line for line in output.splitlines() if whole(role.id, line)]
        assert len(found) == 1, role.id
        assert role.title.en in found[0], role.id


def test_validate_piped_prints_each_problem_on_one_line(data_files: dict[str, Path]) -> None:
    broken = str(data_files["broken"])
    code, document = invoke("validate", broken, "--json", columns=None)
    report = json.loads(document)
    problems = [*report["errors"], *report["warnings"]]
    assert code == 1 and len(problems) >= 4
    _, output = invoke("validate", broken, columns=None)
    lines = output.splitlines()
    reported = [line for line in lines if line.startswith(("error: ", "warning: "))]
    assert len(reported) == len(problems)
    assert len(lines) == len(problems) + 1  # and the verdict
    for problem in problems:
        location = f"{problem['file']}:{problem['line']}:{problem['column']}: "
        assert any(location in line and problem["message"] in line for line in reported)


def test_narrow_terminals_get_narrow_layouts(ladder: Ladder) -> None:
    # Below the width a table needs, each role (or step) gets a block of its own instead.
    _, roles = invoke("roles", columns=40)
    starts = [line for line in roles.splitlines() if line.strip() in ladder.roles]
    assert len(starts) == len(ladder.roles)
    _, steps = invoke("next", "customer-service-coordinator", columns=60)
    listed = [line for line in steps.splitlines() if re.match(r"\d+\. ", line)]
    _, document = invoke("next", "customer-service-coordinator", "--json", columns=60)
    assert len(listed) == len(json.loads(document)["candidates"])


# --- --help ---------------------------------------------------------------------------------


def commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def first_sentence(help_text: str) -> str:
    paragraph = " ".join(help_text.split("\n\n", 1)[0].split())
    return paragraph.split(". ", 1)[0].rstrip(".") + "."


@pytest.mark.parametrize("width", [80, 120])
def test_help_lists_each_command_with_its_whole_first_sentence(width: int) -> None:
    _, output = invoke("--help", columns=width)
    listing = output.split("Commands:", 1)[1]
    assert "..." not in listing
    shown: dict[str, str] = {}
    name = ""
    for line in listing.splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            name, _, text = line.strip().partition(" ")
            shown[name] = text.strip()
        elif line.strip() and name:
            shown[name] += " " + line.strip()
    listed = commands()
    assert set(shown) == set(listed)
    for name, command in listed.items():
        assert shown[name] == first_sentence(command.help), name


TYPE_LABELS = re.compile(r"<[^>]*>|\{|\}|\[\[|\]\]")
USAGE = {
    "roles": "roles [OPTIONS]",
    "show": "show [OPTIONS] ROLE",
    "path": "path [OPTIONS] FROM TO",
    "next": "next [OPTIONS] [ROLE]",
    "tree": "tree [OPTIONS] ROLE",
    "gap": "gap [OPTIONS] [FROM] TO",
    "validate": "validate [OPTIONS] FILE...",
    "schema": "schema [OPTIONS]",
    "init": "init [OPTIONS] FILE",
    "export": "export [OPTIONS]",
    "import": "import [OPTIONS] COMMAND [ARGS]...",
    "similar": "similar [OPTIONS] [ROLE]",
    "plan": "plan [OPTIONS] FROM TO",
    "compare": "compare [OPTIONS] ROLE ROLE [ROLE...]",
    "report": "report [OPTIONS] FROM TO",
}


@pytest.mark.parametrize("width", [80, 120])
def test_help_names_values_in_words(width: int) -> None:
    _, root = invoke("--help", columns=width)
    assert TYPE_LABELS.findall(root) == []
    assert "--lang LANG" in root  # a word, not a Python type
    for name, command in commands().items():
        _, output = invoke(name, "--help", columns=width)
        usage = output.splitlines()[0]
        assert usage.endswith(USAGE.get(name, f"{name} [OPTIONS]")), usage
        # Type labels such as <int> or <list[str]>, and {braces} around required values.
        assert TYPE_LABELS.findall(output) == [], name
        for param in command.params:
            if param.param_type_name == "argument":
                assert re.search(rf"^  {re.escape(param.metavar)}  ", output, re.M), name


# --- the layout helpers themselves ---------------------------------------------------------


@given(
    st.lists(st.tuples(st.integers(1, 30), st.integers(0, 30)), min_size=1, max_size=8),
    st.integers(0, 400),
)
def test_shared_widths_stay_between_the_least_and_the_natural(
    columns: list[tuple[int, int]], room: int
) -> None:
    lows = [low for low, _ in columns]
    highs = [low + more for low, more in columns]
    assume(sum(lows) <= room)
    widths = _share(room, lows, highs)
    assert all(low <= width <= high for low, width, high in zip(lows, widths, highs, strict=True))
    assert sum(widths) == min(room, sum(highs))


WORD = st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=12)


@given(
    st.integers(1, 5).flatmap(
        lambda count: st.lists(
            st.lists(st.lists(WORD, min_size=1, max_size=6), min_size=count, max_size=count),
            min_size=1,
            max_size=4,
        )
    ),
    st.integers(20, 120),
)
def test_a_fitted_table_keeps_every_word_whole(rows: list[list[list[str]]], width: int) -> None:
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for index in range(len(rows[0])):
        table.add_column(f"c{index}", no_wrap=index == 0)
    for row in rows:
        table.add_row(*(Text(" ".join(cell)) for cell in row))
    console = Console(width=width, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(Trimmed(fit(table)))
    output = captured.get()
    cells = {word for row in rows for cell in row for word in cell}
    headers = {f"c{index}" for index in range(len(rows[0]))}
    printed = set(re.findall(r"\w+", output))
    assert cells <= printed
    assert printed <= cells | headers
    assert all(cell_len(line) <= width for line in output.splitlines())
    assert all(line == line.rstrip() for line in output.splitlines())
    fitted = fit_table(console, console.options, table)
    natural = Measurement.get(console, console.options.update_width(10_000), table).maximum
    if natural <= width:  # a table that fits is drawn as it is, one line per row
        assert fitted is table
        assert len(output.splitlines()) == len(rows) + 2


def test_no_route_note_piped_has_one_unpadded_line_per_role() -> None:
    env: dict[str, str | None] = {"COLUMNS": None}
    args = ["path", "customer-service-manager", REP]
    result = CliRunner().invoke(app, args, env=env, catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ") and lines[1] == "Nearest roles you can reach:"
    assert len(lines) > 2
    roles = [line for line in lines[2:] if line.startswith("  • ")]
    assert roles == lines[2 : 2 + len(roles)]
    for line in roles:
        assert re.fullmatch(r"  • [^()]+ \([a-z-]+\)", line), line
    # then what "nearest" means and what to try, a line each
    assert lines[2 + len(roles)].startswith("(nearest: ")
    assert lines[-1].startswith("Try --inferred") and len(lines) == 4 + len(roles)


@pytest.mark.parametrize("width", WIDTHS)
def test_help_fits_the_terminal_and_keeps_words_whole(width: int) -> None:
    group = typer.main.get_command(app)
    for name, command in [("", group), *commands().items()]:
        _, output = invoke(*([name] if name else []), "--help", columns=width)
        where = f"`careerpath {name} --help` at {width} columns"
        assert [line for line in output.splitlines() if cell_len(line) > width] == [], where
        texts = [command.help or "", *(param.help or "" for param in command.params)]
        # Whole runs of non-blanks: Click would break 'built-in' after its hyphen.
        expected = {chunk for text in texts for chunk in text.split()}
        assert expected - set(output.split()) == set(), where
