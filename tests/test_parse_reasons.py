"""A data file that is not valid YAML is reported in the chosen language: the common mistakes
with a reason from the catalogue (whichever parser, libyaml or PyYAML's own, read the file) at
the line and column PyYAML points at; any other reason in PyYAML's own words. The same for JSON
files and for a file that is not UTF-8."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Run

LOCALE = Path(__file__).parent.parent / "src" / "careerpath" / "output" / "locale"
FRAME = "not valid YAML: {reason}"

TAB = "a tab character where YAML allows only spaces: indent with spaces"
COLON = (
    "a ': ' where a new key cannot start: a value containing ': ' must be in quotes, and a "
    "key must line up with the keys above it"
)
TAB_HINT = "{reason} (a tab: indent with spaces)"


def at(text: str, index: int) -> tuple[int, int]:
    """The line and column (from 1) of *text*[*index*]."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@dataclass
class Case:
    """A broken file, the message it must get (a catalogue template and its arguments), and
    the text PyYAML points at (the problem's line and column are computed from it)."""

    text: str
    template: str
    where: int
    args: dict[str, Any] = field(default_factory=dict)


def case(text: str, template: str, where: str | None, **opened: str) -> Case:
    """*where* is the text PyYAML points at (None: the end of the file); each of *opened*
    names an argument from the place its text starts (``line``, ``line_column``) or a value."""
    args: dict[str, Any] = {}
    for name, value in opened.items():
        if name == "line":
            args["line"] = at(text, text.index(value))[0]
        elif name == "line_column":
            args["line"], args["column"] = at(text, text.index(value))
        else:
            args[name] = value
    return Case(text, template, len(text) if where is None else text.index(where), args)


CASES = {
    "tab": case("name: x\nroles:\n  - id: a\n\ttitle: b\n", TAB, "\t"),
    "tab before a list": case("name: x\nroles:\n\t- id: a\n", TAB, "\t"),
    "colon in a value": case("name: x\nroles:\n  - id: a\n    summary: Note: it\n", COLON, ": it"),
    "key indented too far": case("name: x\n  description: y\n", COLON, ": y"),
    "list item out of line": case(
        "roles:\n  - id: a\n   title: b\n",
        "the indentation does not match the list that starts on line {line}: each item starts "
        "with '- ' at the same column, and the keys of an item line up",
        "title",
        line="- id",
    ),
    "list in a mapping": case(
        "name: x\n- a\n",
        "expected another 'key: value' of the mapping that starts on line {line}: check the "
        "indentation, and that nothing follows a closing quote or bracket",
        "- a",
        line="name",
    ),
    "text after a quote": case(
        'name: "x" y\n',
        "expected another 'key: value' of the mapping that starts on line {line}: check the "
        "indentation, and that nothing follows a closing quote or bracket",
        "y\n",
        line="name",
    ),
    "unclosed double quote": case(
        'name: "x\nroles: []\n',
        "the quoted text that starts on line {line}, column {column} has no closing quote",
        None,
        line_column='"',
    ),
    "unclosed single quote": case(
        "name: x\ndescription: 'Lead\nroles: []\n",
        "the quoted text that starts on line {line}, column {column} has no closing quote",
        None,
        line_column="'",
    ),
    "apostrophe in single quotes": case(
        "name: x\ndescription: 'it's ours'\n",
        "expected another 'key: value' of the mapping that starts on line {line}: check the "
        "indentation, and that nothing follows a closing quote or bracket",
        "s ours",
        line="name",
    ),
    "unclosed bracket": case(
        "name: x\nroles: [a, b\n",
        "the list opened with '[' on line {line}, column {column} is not closed: a ']', or a "
        "',' between items, is missing",
        None,
        line_column="[",
    ),
    "unclosed brace": case(
        "name: x\nsteps:\n  - {from: a, to: b\n",
        "the mapping opened with '{{' on line {line}, column {column} is not closed: a '}}', "
        "or a ',' between entries, is missing",
        None,
        line_column="{",
    ),
    "reserved character": case(
        "name: @acme\n",
        "a value cannot start with '{character}': put the value in quotes",
        "@",
        character="@",
    ),
    "backquote": case(
        "name: `acme`\n",
        "a value cannot start with '{character}': put the value in quotes",
        "`",
        character="`",
    ),
    "duplicate anchor": case(
        "a: &lead 1\nb: &lead 2\n",
        "the anchor &{anchor} is defined a second time (first on line {line})",
        "&lead 2",
        anchor="lead",
        line="&lead 1",
    ),
    "undefined alias": case(
        "name: x\nroles: *lead\n",
        "the alias *{alias} refers to no anchor &{alias} defined before it",
        "*lead",
        alias="lead",
    ),
    "list on the key's line": case(
        "name: x\nroles: - a\n",
        "a list item ('- ') cannot start here: begin the list on the next line, indented under "
        "its key",
        "- a",
    ),
    "backslash in double quotes": case(
        'path: "C:\\Users\\x"\n',
        "a backslash in double quotes starts an escape sequence, and this one is not valid: "
        "write \\\\ for a backslash, or use single quotes",
        "sers",
    ),
    "line without a colon": case(
        "roles:\n- a\nb\n",
        "the text that starts on line {line} is neither 'key: value' nor a list item: is a ':' "
        "missing?",
        None,
        line="b\n",
    ),
    "two documents": case(
        "a: 1\n---\nb: 2\n",
        "a second YAML document starts here; a data file holds one (remove the '---' line)",
        "---",
    ),
    "list as a key": case("? [a]\n: 1\n", "a key cannot be a list or a mapping", "["),
    "value starting with an asterisk": case(
        "summary: *new* role\n",
        "a value that starts with '{character}' must be in quotes ('&' starts an anchor, '*' "
        "an alias)",
        "* role",
        character="*",
    ),
    "value starting with an ampersand": case(
        "summary: & more\n",
        "a value that starts with '{character}' must be in quotes ('&' starts an anchor, '*' "
        "an alias)",
        " more",
        character="&",
    ),
    "doubled comma": case(
        "a: [b, , c]\n",
        "a value is missing before '{character}' (a value that starts with it must be in quotes)",
        ", c",
        character=",",
    ),
    "python tag": case(
        "a: !!python/object:os.system x\n",
        "YAML tags that build objects are not allowed ({tag})",
        "!!",
        tag="'tag:yaml.org,2002:python/object:os.system'",
    ),
    "control character": case(
        "name: x\ndescription: a\x07b\n",
        "a control character ({character}) is not allowed in a data file: delete it",
        "\x07",
        character="U+0007",
    ),
}


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs with libyaml's parser (when installed) and with PyYAML's own: their
    words for the same mistake differ."""
    if request.param == "pyyaml":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is installed without libyaml")
    yield request.param


def say(lang: str, template: str, **args: Any) -> str:
    """*template* in *lang* as the compiled catalogue has it, with *args* put in."""
    if lang == "en":
        return template.format(**args)
    catalogue = gettext.translation("careerpath", LOCALE, languages=[lang])
    translated = catalogue.gettext(template)
    assert translated != template, f"no {lang} translation of {template!r}"
    return translated.format(**args)


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["fi", "nb", "en"])
@pytest.mark.parametrize("name", CASES)
def test_a_common_mistake_is_said_in_the_language(
    run: Run, tmp_path: Path, parser: str, lang: str, name: str
) -> None:
    broken = CASES[name]
    path = tmp_path / "ladder.yaml"
    path.write_bytes(broken.text.encode("utf-8"))
    line, column = at(broken.text, broken.where)
    outcome = run("--lang", lang, "validate", str(path))
    assert outcome.exit_code == 1
    assert outcome.exception is None
    reason = say(lang, broken.template, **broken.args)
    expected = f"{path}:{line}:{column}: {say(lang, FRAME, reason=reason)}"
    assert expected in one_line(printed := outcome.stdout + outcome.stderr), printed
    document = run("validate", str(path), "--json").json()
    (problem,) = document["errors"]
    assert (problem["line"], problem["column"]) == (line, column)
    assert problem["message"] == FRAME.format(reason=broken.template.format(**broken.args))


def test_the_same_words_when_the_file_is_loaded(run: Run, tmp_path: Path, parser: str) -> None:
    broken = CASES["unclosed bracket"]
    path = tmp_path / "ladder.yaml"
    path.write_text(broken.text, encoding="utf-8")
    line, column = at(broken.text, broken.where)
    for lang in ("fi", "nb"):
        outcome = run("--lang", lang, "--data", str(path), "roles")
        assert outcome.exit_code == 1
        reason = say(lang, broken.template, **broken.args)
        expected = f"{path}:{line}:{column}: {say(lang, FRAME, reason=reason)}"
        assert expected in one_line(printed := outcome.stdout + outcome.stderr), printed


def pyyaml_says(text: str) -> yaml.MarkedYAMLError:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(text, Loader=loader)
    return raised.value


@pytest.mark.parametrize("lang", ["fi", "nb"])
def test_a_reason_not_recognised_is_kept_in_pyyaml_words(
    run: Run, tmp_path: Path, parser: str, lang: str
) -> None:
    text = "name: x\ndescription: |0\n  text\n"  # an indentation indicator of 0
    error = pyyaml_says(text)
    path = tmp_path / "ladder.yaml"
    path.write_text(text, encoding="utf-8")
    outcome = run("--lang", lang, "validate", str(path))
    assert outcome.exit_code == 1
    mark = error.problem_mark
    assert mark is not None and error.problem
    expected = f"{path}:{mark.line + 1}:{mark.column + 1}: {say(lang, FRAME, reason=error.problem)}"
    assert expected in one_line(printed := outcome.stdout + outcome.stderr), printed


@pytest.mark.parametrize("lang", ["fi", "nb"])
def test_a_tab_earlier_on_the_line_is_named(
    run: Run, tmp_path: Path, parser: str, lang: str
) -> None:
    # libyaml takes the tab after "a:" as a separator and stops at the second ': ';
    # PyYAML's own parser stops at the tab itself. Either way the tab is named.
    text = "name: x\na:\tb: c\n"
    error = pyyaml_says(text)
    path = tmp_path / "ladder.yaml"
    path.write_text(text, encoding="utf-8")
    outcome = run("--lang", lang, "validate", str(path))
    mark = error.problem_mark
    assert mark is not None
    at_tab = text[mark.index] == "\t"
    assert at_tab == (parser == "pyyaml")
    reason = say(lang, TAB) if at_tab else say(lang, TAB_HINT, reason=say(lang, COLON))
    expected = f"{path}:{mark.line + 1}:{mark.column + 1}: {say(lang, FRAME, reason=reason)}"
    assert expected in one_line(printed := outcome.stdout + outcome.stderr), printed


JSON_FRAME = "not valid JSON: {reason}"

JSON_CASES = {
    "missing value": case(
        '{"name": }',
        "expected a value: a text in double quotes, a number, true, false, null, a list or an "
        "object (or is there a ',' too many?)",
        "}",
    ),
    "key without quotes": case(
        '{"name": "x",\n roles: []}',
        "expected a key in double quotes (JSON puts every key in double quotes and has no ',' "
        "after the last entry)",
        "roles",
    ),
    "missing colon": case('{"name" "x"}', "expected a ':' after the key", '"x"'),
    "missing comma": case(
        '{"name": "x"\n "roles": []}',
        "expected a ',' between two entries, or a closing bracket",
        '"roles"',
    ),
    "unclosed quote": case(
        '{"name": "x}', "the text in double quotes that starts here has no closing quote", '"x'
    ),
    "tab in a text": case(
        '{"name": "a\tb"}',
        "a tab or a line break inside a text in double quotes: write \\t or \\n instead",
        "\t",
    ),
    "backslash": case(
        '{"name": "C:\\Users"}',
        "a backslash starts an escape sequence, and this one is not valid: write \\\\ for a "
        "backslash",
        "\\U",
    ),
    "text after the end": case(
        '{"name": "x"}\nmore\n', "text after the end of the JSON document", "more"
    ),
}


@pytest.mark.parametrize("lang", ["fi", "nb", "en"])
@pytest.mark.parametrize("name", JSON_CASES)
def test_a_json_mistake_is_said_in_the_language(
    run: Run, tmp_path: Path, lang: str, name: str
) -> None:
    import json

    broken = JSON_CASES[name]
    path = tmp_path / "ladder.json"
    path.write_text(broken.text, encoding="utf-8")
    line, column = at(broken.text, broken.where)
    with pytest.raises(json.JSONDecodeError) as raised:  # where Python's json points, too
        json.loads(broken.text)
    assert (raised.value.lineno, raised.value.colno) == (line, column)
    outcome = run("--lang", lang, "validate", str(path))
    assert outcome.exit_code == 1
    reason = say(lang, broken.template, **broken.args)
    expected = f"{path}:{line}:{column}: {say(lang, JSON_FRAME, reason=reason)}"
    assert expected in one_line(printed := outcome.stdout + outcome.stderr), printed


def test_a_json_reason_not_known_keeps_its_words() -> None:
    from careerpath.data.parse_reasons import json_reason

    assert json_reason("Some reason a later Python gives") == "Some reason a later Python gives"


def line_of(raw: bytes, index: int) -> int:
    return raw.count(b"\n", 0, index) + 1


LATIN_1 = "name: x\ndescription: Päällikkö\n".encode("latin-1")
NUL = b"name: x\ndescription: a\x00b\n"

# The bytes, the message, its arguments and the line it names (None: the file as a whole).
ENCODINGS: dict[str, tuple[bytes, str, dict[str, str], int | None]] = {
    "Latin-1": (
        LATIN_1,
        "not valid UTF-8 (byte {byte}); save the file as UTF-8 (it may be Latin-1 or another "
        "legacy encoding)",
        {"byte": f"0x{'ä'.encode('latin-1')[0]:02x}"},
        line_of(LATIN_1, LATIN_1.index("ä".encode("latin-1"))),
    ),
    "UTF-16": ("name: x\n".encode("utf-16"), "file is UTF-16 encoded; save it as UTF-8", {}, None),
    "UTF-32": ("name: x\n".encode("utf-32"), "file is UTF-32 encoded; save it as UTF-8", {}, None),
    "NUL bytes": (
        NUL,
        "file contains NUL bytes: binary data or UTF-16 text, not UTF-8 YAML",
        {},
        line_of(NUL, NUL.index(b"\x00")),
    ),
}


@pytest.mark.parametrize("lang", ["fi", "nb"])
@pytest.mark.parametrize("name", ENCODINGS)
def test_a_file_not_in_utf8_is_said_in_the_language(
    run: Run, tmp_path: Path, lang: str, name: str
) -> None:
    raw, template, args, line = ENCODINGS[name]
    path = tmp_path / "ladder.yaml"
    path.write_bytes(raw)
    outcome = run("--lang", lang, "validate", str(path))
    assert outcome.exit_code == 1
    where = f"{path}" if line is None else f"{path}:{line}"
    expected = f"{where}: {say(lang, template, **args)}"
    assert expected in one_line(printed := outcome.stdout + outcome.stderr), printed
