"""careerpath in Finnish and Norwegian: catalogues, the choice of language, translated output,
localized data text, numbers, and JSON that stays the same under every language."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from careerpath.cli.app import HELP_ORDER
from careerpath.data.ladder import Ladder
from careerpath.data.load import load, validate_files
from careerpath.data.records import LocalText, Record, text_in
from careerpath.output import i18n
from tests.conftest import Run, minimal_document

ROOT = Path(__file__).parent.parent
SOURCE = ROOT / "src" / "careerpath"
LOCALE = SOURCE / "output" / "locale"
LANGUAGES = ("fi", "nb")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%[sd]|%\([a-z_]+\)[sd]")


def source_messages() -> dict[str | tuple[str, str], None]:
    """Every message the code marks for translation, as Babel extracts them (babel.cfg)."""
    found: dict[str | tuple[str, str], None] = {}
    method_map = [("**.py", "tools.babel_help:extract")]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(SOURCE), method_map, options_map={"**.py": {}}
    ):
        found[message] = None
    return found


def catalogue(lang: str) -> Catalog:
    path = LOCALE / lang / "LC_MESSAGES" / "careerpath.po"
    with path.open("rb") as stream:
        return read_po(stream, locale=lang)


@pytest.fixture(scope="module")
def messages() -> dict[str | tuple[str, str], None]:
    found = source_messages()
    assert len(found) > 200  # the extraction itself works
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_translates_every_message_with_the_same_placeholders(
    lang: str, messages: dict[str | tuple[str, str], None]
) -> None:
    translated = catalogue(lang)
    problems = []
    for message in messages:
        key = message[0] if isinstance(message, tuple) else message
        entry = translated.get(key)
        if entry is None:
            problems.append(f"missing: {key!r}")
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        sources = list(message) if isinstance(message, tuple) else [message]
        targets = list(entry.string) if isinstance(entry.string, tuple) else [entry.string]
        if isinstance(message, tuple) != isinstance(entry.id, tuple):
            problems.append(f"plural forms differ: {key!r}")
        if not all(targets):
            problems.append(f"empty translation: {key!r}")
        wanted = sorted(set(PLACEHOLDER.findall(" ".join(sources))))
        for target in targets:
            if sorted(set(PLACEHOLDER.findall(target))) != wanted:
                problems.append(f"placeholders differ: {key!r} -> {target!r}")
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_holds_no_stale_messages(
    lang: str, messages: dict[str | tuple[str, str], None]
) -> None:
    keys = {message[0] if isinstance(message, tuple) else message for message in messages}
    stale = [
        entry.id
        for entry in catalogue(lang)
        if entry.id and (entry.id if isinstance(entry.id, str) else entry.id[0]) not in keys
    ]
    assert stale == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_is_up_to_date_with_its_po_file(lang: str) -> None:
    po = catalogue(lang)
    with (LOCALE / lang / "LC_MESSAGES" / "careerpath.mo").open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    for entry in po:
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):
            for count, form in ((1, 0), (2, 1)):
                assert compiled.ngettext(*entry.id, count) == entry.string[form], entry.id
        else:
            assert compiled.gettext(entry.id) == entry.string, entry.id
    # and nothing more: the .mo holds exactly the .po's messages (and the header)
    held = compiled._catalog  # type: ignore[attr-defined]
    plural = sum(isinstance(entry.id, tuple) for entry in po if entry.id)
    single = sum(isinstance(entry.id, str) for entry in po if entry.id)
    assert len(held) == 1 + single + 2 * plural


# --------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fi_FI.UTF-8"}, "fi"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "nb_NO.UTF-8", "LANG": "fi_FI.UTF-8"}, "nb"),
        ({"LC_MESSAGES": "fi_FI", "LANG": "nb_NO"}, "fi"),
        ({"LANGUAGE": "sv:fi:en", "LANG": "nb_NO"}, "fi"),
        ({"CAREERPATH_LANG": "nb", "LANGUAGE": "fi", "LC_ALL": "fi_FI"}, "nb"),
        ({"CAREERPATH_LANG": "NO"}, "nb"),
    ],
)
def test_language_from_environment_follows_gettexts_order(
    environment: dict[str, str], expected: str
) -> None:
    assert i18n.language_from_environment(environment) == expected


def test_lang_option_wins_over_the_environment(run: Run) -> None:
    env = {"CAREERPATH_LANG": "nb", "LANG": "nb_NO.UTF-8"}
    finnish = run("--lang", "fi", "show", "team-lead", env=env)
    assert finnish.stdout.startswith("Asiakaspalvelun tiimijohtaja\ntaso 4")
    norwegian = run("show", "team-lead", env=env)
    assert norwegian.stdout.startswith("Teamleder for kundeservice\nnivå 4")
    # after the command wins over before it
    assert run("--lang", "nb", "show", "team-lead", "--lang", "fi").stdout.startswith(
        "Asiakaspalvelun tiimijohtaja\ntaso 4"
    )


def test_locale_alone_gives_finnish_in_a_fresh_process(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CAREERPATH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    }
    env.update(
        LANG="fi_FI.UTF-8",
        PYTHONPATH=str(ROOT / "src"),
        CAREERPATH_CACHE_DIR=str(tmp_path),
        COLUMNS="120",
        NO_COLOR="1",
    )
    done = subprocess.run(
        [sys.executable, "-m", "careerpath", "roles"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    header = done.stdout.splitlines()[0].split()
    assert header == ["Taso", "Nimike", "Ura-alue", "Tunniste"]
    assert "Asiakaspalvelun tiimijohtaja" in done.stdout
    assert "johtaminen" in done.stdout  # the track, from the data, in Finnish too


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "error: unknown role: 'tiimijohtajaa'; did you mean"),
        ("fi", "virhe: tuntematon rooli: 'tiimijohtajaa'; tarkoititko"),
        ("nb", "feil: ukjent rolle: 'tiimijohtajaa'; mente du"),
    ],
)
def test_unknown_role_is_reported_in_the_chosen_language(
    run: Run, lang: str, expected: str
) -> None:
    outcome = run("--lang", lang, "show", "tiimijohtajaa")
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith(expected)


# --------------------------------------------------------------------------- no English left


def _words(text: str) -> set[str]:
    """Words of three letters or more, lower case; placeholders, options, environment variables,
    metavariables (FROM, SKILL=LEVEL), data-file keys ("(tools: ...") and README section names
    left out: those are the same in every language."""
    # choices ("[steps|gap]") and defaults ("[oletus: steps]") are values typed as they are
    # and data paths ("skills[{index}]") and quoted keys ('skills') are the file's own words
    text = re.sub(r"(?<![A-Za-z])'[^']*'(?![A-Za-z])", " ", text)
    text = re.sub(r"\(\w+:|README, [A-Z][a-z ]+|\[[a-z|-]+\]|: [a-z]+\]|\w+\[[^\]]*\]", " ", text)
    text = re.sub(r"\{[a-z_]+\}|--?[a-z][a-z-]*|\$[A-Z_]+|\b[A-Z][A-Z_=.]+\b", " ", text)
    return {word.lower() for word in re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)}


def _data_words(ladder: Ladder) -> set[str]:
    """Every word of the data's names (titles and aliases in any language, ids, tools, tracks,
    categories, cities, notes): a Finnish card lists a role's English title among its names.
    Summaries, responsibilities and KPIs are not names: they must print translated."""
    words: set[str] = set()
    for skill in ladder.skills.values():
        # skills print in the language asked for (English ones only where it has none)
        # and their aliases in whatever language the data gives them ('skills' lists them)
        names = [skill.name.get("fi"), skill.name.get("nb"), skill.id, *skill.aliases]
        words |= _words(" ".join(names))
    for role in ladder.roles.values():
        texts = [*role.names(), role.id]
        texts += [text_in(role.track, code) for code in ("en", "fi", "nb")]
        for tool in role.tools:
            texts += [tool.name, *(text_in(tool.category, code) for code in ("en", "fi", "nb"))]
        for salary in role.salaries:
            groups = (text_in(salary.applies_to, code) for code in ("en", "fi", "nb"))
            texts += [salary.city, *groups, salary.currency]
        words |= _words(" ".join(texts))
    for step in ladder.steps:
        words |= _words(" ".join(text_in(step.note, code) for code in ("en", "fi", "nb")))
    return words


@pytest.fixture(scope="module")
def english_words(messages: dict[str | tuple[str, str], None]) -> Iterator[dict[str, set[str]]]:
    """For each language, the English words of the interface a reader of it must not see:
    words of the source messages that its translations do not use as well."""
    ladder = load(["builtin"], cache=False)
    source: set[str] = set()
    for message in messages:
        source |= _words(" ".join(message) if isinstance(message, tuple) else message)
    shared = _data_words(ladder) | set(HELP_ORDER) | {"careerpath", "onet", "builtin"}
    found = {}
    for lang in LANGUAGES:
        same = set()
        for entry in catalogue(lang):
            if entry.id:
                strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
                same |= _words(" ".join(strings))
        found[lang] = source - same - shared
    assert {"readiness", "promotion", "tools", "level"} <= found["fi"]
    yield found


COMMANDS = [
    ["roles"],
    ["skills"],
    ["roles", "--search", "tiimi"],
    ["show", "customer-service-manager"],
    ["show", "it-support-technician"],
    ["path", "customer-service-representative", "customer-service-manager"],
    ["path", "customer-service-representative", "product-manager", "--by", "gap"],
    ["next", "customer-service-coordinator"],
    ["tree", "customer-service-coordinator"],
    ["tree", "customer-service-manager", "--up"],
    ["gap", "customer-service-coordinator", "customer-service-team-lead"],
    ["gap", "customer-service-coordinator", "customer-service-manager", "--along-route"],
    ["gap", "customer-service-team-lead", "--have", "communication=3,leadership=2"],
    ["similar", "customer-service-coordinator"],
    ["similar", "--have", "communication=4,empathy=3", "--limit", "3"],
    ["validate", "builtin"],
    ["--help"],
    ["roles", "--help"],
    ["show", "--help"],
    ["path", "--help"],
    ["next", "--help"],
    ["tree", "--help"],
    ["gap", "--help"],
    ["similar", "--help"],
    ["validate", "--help"],
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_english_interface_words_in_finnish_or_norwegian(
    run: Run, english_words: dict[str, set[str]], lang: str, command: list[str]
) -> None:
    outcome = run("--lang", lang, *command, env={"COLUMNS": "100"})
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.strip()
    left = _words(outcome.stdout + outcome.stderr) & english_words[lang]
    assert left == set()


def test_the_english_output_does_use_those_words(
    run: Run, english_words: dict[str, set[str]]
) -> None:
    # the check above can fail: the same commands in English print the words it looks for
    seen: set[str] = set()
    for command in COMMANDS:
        seen |= _words(run(*command, env={"COLUMNS": "100"}).stdout)
    assert len(seen & english_words["fi"]) > 100


def test_invalid_data_is_reported_in_finnish(run: Run, write_yaml: Any) -> None:
    document = minimal_document()
    document["steps"].append({"from": "junior", "to": "nobody", "kind": "promotion"})
    outcome = run("--lang", "fi", "--data", str(write_yaml(document)), "roles")
    assert outcome.exit_code == 1
    assert "virhe: aineisto ei kelpaa: 1 ongelma" in outcome.stderr


# --------------------------------------------------------------------------- numbers


def test_numbers_follow_the_language() -> None:
    i18n.use("en")
    assert (i18n.integer(45000), i18n.percent(62), i18n.decimal(2.125)) == ("45,000", "62%", "2.12")
    assert i18n.integer(-1200, signed=True) == "-1,200"
    for lang in LANGUAGES:
        i18n.use(lang)
        assert i18n.integer(45000) == "45\u00a0000"
        assert i18n.integer(1234567) == "1\u00a0234\u00a0567"
        assert i18n.percent(62) == "62\u00a0%"
        assert i18n.decimal(2.12) == "2,12"
        assert i18n.decimal(0.5, 2, trim=False) == "0,50"
        assert i18n.integer(-1200, signed=True) == "\u22121\u00a0200"
        assert i18n.integer(999) == "999"


def test_salary_and_readiness_print_with_nordic_separators(run: Run) -> None:
    card = run("--lang", "fi", "show", "customer-service-representative").stdout
    assert "30\u00a0000–70\u00a0000 USD/vuosi" in card
    gap = run("--lang", "nb", "gap", "customer-service-coordinator", "customer-service-team-lead")
    percent = run("gap", "customer-service-coordinator", "customer-service-team-lead", "--json")
    figure = percent.json()["readiness_percent"]
    assert "Klarhet " in gap.stdout and f"{figure}\u00a0%" in gap.stdout
    similar = run("--lang", "nb", "similar", "customer-service-coordinator", "--limit", "1")
    score = run("similar", "customer-service-coordinator", "--limit", "1", "--json").json()
    shown = f"{score['candidates'][0]['similarity']:.2f}".replace(".", ",")
    assert shown in similar.stdout


def test_numbers_in_another_language_are_written_as_babel_writes_them() -> None:
    i18n.use("fr")
    # French groups thousands with a narrow no-break space (CLDR), unlike fi/nb's no-break space
    assert i18n.integer(45000) == "45\u202f000"
    assert i18n.integer(1234567) == "1\u202f234\u202f567"
    assert i18n.integer(-1200, signed=True) == "-1\u202f200"
    assert i18n.integer(1200, signed=True) == "+1\u202f200"
    assert i18n.decimal(2.5) == "2,5"
    assert i18n.decimal(2.125) == "2,12"  # rounded as in every language, then written
    assert i18n.decimal(0.5, 2, trim=False) == "0,50"
    assert i18n.percent(62) == "62\u00a0%"
    i18n.use("de")
    assert (i18n.integer(45000), i18n.decimal(2.5), i18n.percent(62)) == (
        "45.000",
        "2,5",
        "62\u00a0%",
    )
    i18n.use("sv")
    assert i18n.integer(-1200) == "\u22121\u00a0200"  # Swedish writes the minus sign
    i18n.use("xx")  # a code Babel does not know: written as English
    assert (i18n.integer(45000), i18n.decimal(2.5), i18n.percent(62)) == ("45,000", "2.5", "62%")


def test_lang_fr_prints_french_numbers(run: Run, write_yaml: Any) -> None:
    document = minimal_document()
    for role in document["roles"]:
        role["title"]["fr"] = f"{role['id']} (fr)"
    document["roles"][0]["salaries"] = [
        {"city": "Paris", "currency": "EUR", "low": 45000, "high": 52500, "period": "year"}
    ]
    data = str(write_yaml(document))
    card = run("--lang", "fr", "--data", data, "show", "junior")
    assert card.exit_code == 0, card.stderr
    assert "45\u202f000–52\u202f500 EUR/year" in card.stdout
    gap = run("--lang", "fr", "--data", data, "gap", "junior", "senior")
    figure = run("--data", data, "gap", "junior", "senior", "--json").json()["readiness_percent"]
    assert f" {figure}\u00a0%" in gap.stdout
    english = run("--data", data, "gap", "junior", "senior").stdout
    assert f" {figure}%" in english and f"{figure}\u00a0%" not in english


def test_babel_is_imported_only_for_a_language_we_do_not_write_numbers_for(
    tmp_path: Path, write_yaml: Any
) -> None:
    document = minimal_document()
    document["roles"][0]["title"]["fr"] = "junior (fr)"
    document["roles"][0]["salaries"] = [
        {"city": "Paris", "currency": "EUR", "low": 45000, "high": 52500, "period": "year"}
    ]
    data = str(write_yaml(document))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), CAREERPATH_CACHE_DIR=str(tmp_path))
    report = "import sys\nfrom careerpath.cli.app import run_once\ntry:\n    run_once()\nfinally:\n"
    report += "    print('babel' in sys.modules, file=sys.stderr)"
    imported = {}
    for lang in ("en", "fi", "fr"):
        done = subprocess.run(
            [sys.executable, "-c", report, "--lang", lang, "--data", data, "show", "junior"],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert "52" in done.stdout  # a number was written
        imported[lang] = done.stderr.strip()
    assert imported == {"en": "False", "fi": "False", "fr": "True"}


# --------------------------------------------------------------------------- JSON stays put

TEXT_KEYS = {
    "title",
    "name",
    "summary",
    "track",
    "category",
    "note",
    "responsibilities",
    "kpis",
    "message",
    "text",  # a note's English sentence, which quotes a title in the chosen language
    "applies_to",  # a salary's group of people, data text in three languages
}


def _compare(english: Any, other: Any, where: str = "") -> Iterator[str]:
    """Differences between two JSON answers other than translated text values."""
    key = where.rsplit(".", 1)[-1].split("[")[0]
    if type(english) is not type(other):
        yield f"{where}: {english!r} vs {other!r}"
    elif isinstance(english, dict):
        if list(english) != list(other):
            yield f"{where}: keys {list(english)} vs {list(other)}"
        else:
            for name in english:
                yield from _compare(english[name], other[name], f"{where}.{name}")
    elif isinstance(english, list):
        # Lists keep their order in every language (a tree's children by level and id).
        if len(english) != len(other):
            yield f"{where}: {len(english)} vs {len(other)} items"
        else:
            for index, (a, b) in enumerate(zip(english, other, strict=True)):
                yield from _compare(a, b, f"{where}[{index}]")
    elif english != other and not (isinstance(english, str) and key in TEXT_KEYS):
        yield f"{where}: {english!r} vs {other!r}"


JSON_COMMANDS = [
    ["roles"],
    ["show", "customer-service-team-lead"],
    ["path", "customer-service-representative", "customer-service-manager"],
    ["path", "customer-service-representative", "product-manager", "--inferred"],
    ["next", "customer-service-coordinator", "--inferred"],
    ["tree", "customer-service-coordinator"],
    ["gap", "customer-service-coordinator", "customer-service-manager", "--along-route"],
    ["gap", "customer-service-team-lead", "--have", "communication=3,leadership=2"],
    ["similar", "customer-service-coordinator"],
    ["validate", "builtin"],
]


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_is_the_same_in_every_language_but_for_text(run: Run, command: list[str]) -> None:
    english = run("--lang", "en", *command, "--json")
    assert english.exit_code == 0, english.stderr
    for lang in LANGUAGES:
        other = run("--lang", lang, *command, "--json")
        assert list(_compare(english.json(), other.json())) == []
    # and the text values do change: the comparison is not comparing English with English
    if command[0] in {"show", "gap"}:
        assert english.stdout != run("--lang", "fi", *command, "--json").stdout


def test_enumerated_values_stay_english_under_finnish(run: Run) -> None:
    route = run("--lang", "fi", "path", "customer-service-coordinator", "product-manager", "--json")
    kinds = {move["kind"] for r in route.json()["routes"] for move in r["moves"]}
    assert kinds == {"lateral"}
    gap = run("--lang", "nb", "gap", "customer-service-coordinator", "customer-service-team-lead")
    doc = run(
        "--lang",
        "nb",
        "gap",
        "customer-service-coordinator",
        "customer-service-team-lead",
        "--json",
    ).json()
    assert {line["change"] for line in doc["skills"]} == {"new", "raise", "kept"}
    assert "heve" in gap.stdout and "raise" not in gap.stdout


# --------------------------------------------------------------------------- data text


def localized_document() -> dict[str, Any]:
    document = minimal_document()
    junior, senior = document["roles"]
    junior.update(
        track={"en": "support", "fi": "tuki", "nb": "støtte"},
        summary={"en": "Answers questions.", "fi": "Vastaa kysymyksiin."},
        responsibilities=["Plain English only.", {"en": "Logs calls.", "nb": "Logger samtaler."}],
        kpis=[{"en": "Resolution rate", "fi": "Ratkaisuaste", "nb": "Løsningsgrad"}],
        tools=[
            {"name": "Zendesk", "category": {"en": "help desk", "fi": "tukipalvelu"}},
            {"name": "Slack", "category": "chat"},
        ],
    )
    senior.update(summary="Leads.", track="support", tools=[{"name": "Jira", "category": "chat"}])
    return document


def test_localized_text_falls_back_to_english(run: Run, write_yaml: Any) -> None:
    path = str(write_yaml(localized_document()))
    finnish = run("--lang", "fi", "--data", path, "show", "junior", "--json").json()
    assert (finnish["track"], finnish["summary"]) == ("tuki", "Vastaa kysymyksiin.")
    assert finnish["responsibilities"] == ["Plain English only.", "Logs calls."]
    assert finnish["kpis"] == ["Ratkaisuaste"]
    assert [tool["category"] for tool in finnish["tools"]] == ["tukipalvelu", "chat"]
    norwegian = run("--lang", "nb", "--data", path, "show", "junior", "--json").json()
    assert (norwegian["track"], norwegian["summary"]) == ("støtte", "Answers questions.")
    assert norwegian["responsibilities"] == ["Plain English only.", "Logger samtaler."]
    assert [tool["category"] for tool in norwegian["tools"]] == ["help desk", "chat"]


def _shape(value: Any) -> Any:
    """Values with their types, recursively (what a cache must give back): a model checked
    from a file and the record read back from the store are of the same record class."""
    if isinstance(value, LocalText):
        return ("LocalText", value.en, value.fi, value.nb, value.other)
    if isinstance(value, Record):
        return (
            value._record.__name__,
            {name: _shape(getattr(value, name)) for name in value._fields},
        )
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return (type(value).__name__, value)


def test_cache_gives_back_plain_and_localized_text_alike(
    write_yaml: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(cache))
    path = str(write_yaml(localized_document()))
    fresh = load([path], cache=False)
    load([path])  # stores the entry
    assert list(cache.glob("*"))
    cached = load([path])  # reads it
    for role_id in fresh.roles:
        assert _shape(cached.roles[role_id]) == _shape(fresh.roles[role_id])
    junior = cached.roles["junior"]
    assert isinstance(junior.responsibilities[0], str)
    assert isinstance(junior.responsibilities[1], LocalText)
    assert isinstance(junior.tools[1].category, str)
    # the two tools with the plain category "chat" are still one shared value
    assert cached.roles["senior"].tools[0].category == "chat"


def test_builtin_ladder_survives_the_cache_in_every_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPATH_CACHE_DIR", str(tmp_path / "cache"))
    fresh = load(["builtin"], cache=False)
    load(["builtin"])
    cached = load(["builtin"])
    for role_id, role in fresh.roles.items():
        assert _shape(cached.roles[role_id]) == _shape(role)


def test_builtin_roles_have_every_text_in_finnish_and_norwegian(ladder: Ladder) -> None:
    for role in ladder.roles.values():
        texts = [role.track, role.summary, *role.responsibilities, *role.kpis]
        texts += [tool.category for tool in role.tools]
        for text in texts:
            assert isinstance(text, LocalText), (role.id, text)
            assert text.fi and text.nb and len({text.en, text.fi, text.nb}) >= 2, (role.id, text)
    assert validate_files(["builtin"], strict=True).warnings == []


def test_validate_strict_names_what_lacks_a_translation(run: Run, write_yaml: Any) -> None:
    path = str(write_yaml(localized_document()))
    plain = run("validate", path, "--json").json()
    assert plain["warnings"] == []
    strict = run("validate", path, "--strict", "--json").json()
    assert strict["valid"] is True
    by_path = {w["path"]: w["message"] for w in strict["warnings"]}
    assert set(by_path) == {"roles[0]", "roles[1]"}
    junior = by_path["roles[0]"]
    assert "fi: title, responsibilities[0], responsibilities[1], tools[1].category" in junior
    assert "nb: title, summary, responsibilities[0], tools[0].category, tools[1].category" in junior
    finnish = run("--lang", "fi", "validate", path, "--strict")
    assert "roolilta 'junior' puuttuu käännöksiä" in " ".join(finnish.stdout.split())
