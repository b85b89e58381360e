"""Click's own messages (missing argument, unknown option, bad value, extra argument, the usage
line and the hint) speak the chosen language; help and usage lines end without spaces."""

from __future__ import annotations

import gettext

import pytest

from careerpath.output import i18n
from tests.conftest import Run

CLICK_ENGLISH = (
    "Usage:",
    "Try '",
    "Error:",
    "Missing argument",
    "No such option",
    "No such command",
    "Invalid value",
    "Got unexpected",
    "is not one of",
    "Possible options",
)

MISTAKES = (
    ("gap",),
    ("show",),
    ("--bogus", "roles"),
    ("roles", "--jsn"),
    ("roles", "extra"),
    ("path", "a", "b", "--by", "foo"),
    ("nosuch",),
)


def catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        i18n.DOMAIN, localedir=str(i18n.LOCALE_DIR), languages=[language], fallback=False
    )


@pytest.mark.parametrize("language", ["fi", "nb"])
@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_click_errors_speak_the_language(run: Run, language: str, args: tuple[str, ...]) -> None:
    result = run("--lang", language, *args)
    assert result.exit_code == 2
    for english in CLICK_ENGLISH:
        assert english not in result.stderr, (english, result.stderr)
    words = catalogue(language)
    usage = words.gettext("Usage: ").strip()
    error = words.gettext("Error: {message}").split("{")[0]
    assert result.stderr.startswith(usage), result.stderr
    assert error in result.stderr


def test_the_wording_follows_the_catalogue(run: Run) -> None:
    words = catalogue("fi")
    result = run("--lang", "fi", "show")
    missing = words.gettext("Missing argument {name}.").format(name="'ROLE'")
    hint = words.gettext("Try '{command}' for help.").format(command="careerpath show -h")
    assert missing in result.stderr
    assert hint in result.stderr
    result = run("--lang", "nb", "path", "a", "b", "--by", "foo")
    problem = catalogue("nb").gettext("{value} is not one of {choices}.")
    assert problem.format(value="'foo'", choices="'steps', 'gap'") in result.stderr


def test_english_stays_english(run: Run) -> None:
    result = run("--lang", "en", "show")
    assert "Missing argument 'ROLE'." in result.stderr
    assert "Try 'careerpath show -h' for help." in result.stderr
    result = run("--lang", "en", "roles", "--jsn")
    assert "No such option: --jsn" in result.stderr
    assert "--json" in result.stderr


def test_nynorsk_locale_reads_bokmal() -> None:
    assert i18n.language_from_environment({"LANG": "nn_NO.UTF-8"}) == "nb"
    assert i18n.language_of_locale("nn_NO") == "nb"


@pytest.mark.parametrize("args", [("gap", "-h"), ("-h",), ("gap",), ("path", "-h")])
def test_no_line_ends_in_a_space_at_40_columns(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, env={"COLUMNS": "40"})
    text = result.stdout + result.stderr
    assert text.strip()
    assert [line for line in text.splitlines() if line != line.rstrip()] == []


@pytest.mark.parametrize("language", ["fi", "nb"])
def test_a_missing_data_file_is_said_in_the_language(
    run: Run, tmp_path: object, language: str
) -> None:
    missing = f"{tmp_path}/nowhere.yaml"
    result = run("--lang", language, "validate", missing)
    assert result.exit_code == 1
    said = catalogue(language).gettext("no such file")
    assert said != "no such file"
    assert f"{missing}: {said}" in result.stdout + result.stderr
    assert "no such file" not in result.stdout + result.stderr
